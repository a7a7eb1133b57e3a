// After-sales service-fee split (售后服务分账, /v3/ecommerce/profitsharing/after-sales-orders):
// the platform takes its service fee on a refunded or changed ticket or returned goods. Every
// request rule comes from the package's builder; the emulator checks what only the server knows:
// the order exists for that sub-merchant, the fee does not exceed the order's payment
// ("不能超过原订单支付金额", wechatpay-java CreateAfterSalesOrderRequest), and a refund_id is
// used once. Results are final at once (SUCCESS, finish_time now). The fee is not booked into the
// split ledger: the pages do not say which balance it is taken from.
import { apiError, rfc3339 } from './protocol.js';
import { validated, requireObject, queryObject, canonical, notFound } from './common.js';

const PATH = '/v3/ecommerce/profitsharing/after-sales-orders';

export function createAfterSales(ctx) {
  const { wx, store } = ctx;
  const view = (r, withResult) => ({
    sub_mchid: r.sub_mchid,
    transaction_id: r.transaction_id,
    amount: r.amount,
    ...(withResult ? { result: r.result, finish_time: r.finish_time } : {}),
  });
  const ofTransaction = (sub_mchid, transaction_id) =>
    store.all('afterSales').filter((r) => r.sub_mchid === sub_mchid && r.transaction_id === transaction_id).sort((a, b) => a.seq - b.seq);

  function create({ body }) {
    const b = requireObject(body);
    validated((i) => wx.profitSharing.createAfterSalesOrder(i), b);
    const key = `${b.transaction_id}|${b.refund_id}`;
    const existing = store.get('afterSales', key);
    if (existing) {
      if (existing.request_key !== canonical(b)) throw apiError(400, 'INVALID_REQUEST', '请求参数符合参数格式，但不符合业务规则', { location: 'body', field: 'refund_id', issue: 'this refund_id already has an after-sales split with other parameters' });
      return { status: 200, body: view(existing, false) };
    }
    const t = store.get('txn', b.transaction_id);
    if (!t || t.sub_mchid !== b.sub_mchid) throw notFound('ORDER_NOT_EXIST', '订单不存在');
    const taken = ofTransaction(b.sub_mchid, b.transaction_id).reduce((sum, r) => sum + r.amount, 0);
    if (taken + b.amount > t.amount) {
      throw apiError(403, 'NOT_ENOUGH', '分账金额超过原订单支付金额', { location: 'body', field: 'amount', issue: `${taken} + ${b.amount} > ${t.amount} fen paid` });
    }
    const r = {
      ...b,
      seq: ofTransaction(b.sub_mchid, b.transaction_id).length + 1,
      result: 'SUCCESS',
      finish_time: rfc3339(Date.now()),
      request_key: canonical(b),
    };
    store.put('afterSales', key, r);
    return { status: 200, body: view(r, false) };
  }

  function query({ query: q }) {
    const input = queryObject(q, ['sub_mchid', 'transaction_id']);
    validated((i) => wx.profitSharing.queryAfterSalesOrder(i), input);
    // The query names the order only: the latest after-sales split of it answers.
    const all = ofTransaction(input.sub_mchid, input.transaction_id);
    if (!all.length) throw notFound('RESOURCE_NOT_EXISTS', '记录不存在');
    return { status: 200, body: view(all[all.length - 1], true) };
  }

  return {
    routes: [
      ['POST', PATH, create],
      ['GET', PATH, query],
    ],
  };
}
