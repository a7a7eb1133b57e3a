// Payscore for acquiring institutions (/v3/payscore/acquiringbank/serviceorder…): orders follow
// the state table (CREATED → DOING/USER_CONFIRM → DOING/MCH_COMPLETE → DONE), gated by the
// package's payScore.allowedOperations (including its blocked_by_live_deduction list); every
// request rule comes from the package's builders. Only server-side state is checked here (risk
// limit of the service ID, end time vs. now, a live registered deduction).
// /_emulator hooks play the user (confirm, pay).
import { apiError, payscoreTime } from './protocol.js';
import { validated, rejectFields, requireObject, queryObject, canonical, notFound } from './common.js';

const BASE = '/v3/payscore/acquiringbank/serviceorder';
// 先用后付 (doc/v3/partner/4012783674): created like any order, plus its shopping_info.
const PAY_ON_DELIVERY = '/v3/payscore/acquiringbank/servicepayondeliveryorder';

/** Issue codes of the package's Payscore builders → WeChat's answers (spec D.5, D.11). */
const RULES = Object.freeze({
  total_mismatch: { status: 400, code: 'PARAM_ERROR', message: '最终总金额计算非法' },
  end_before_start: { status: 400, code: 'PARAM_ERROR', message: '真实结束时间小于预计开始时间', numeric: 271316637 },
  over_risk_fund: { status: 400, code: 'PARAM_ERROR', message: '订单总金额超过订单风险金额' },
  // Modify: "不能超过完结订单时候的总金额" (acquiring-bank modify, 2025.03.14); equal is accepted.
  above_completed_total: { status: 400, code: 'PARAM_ERROR', message: '修改后的总金额不能超过完结订单时的总金额' },
});

/** A registered deduction is valid for 24 h and charges once (register-deduct-info page, 2024.12.09). */
const DEDUCTION_TTL_MS = 24 * 3600_000;

const NOT_FOUND = () => notFound('ORDER_NOT_EXIST', '查询单据不存在', 271317510);
const BAD_STATE = () => apiError(400, 'INVALID_REQUEST', '当前订单状态不合法', undefined, 271302262);
// "存在登记生效的扣款单时，无法取消支付分订单/修改订单金额/同步订单状态" (register-deduct-info page, 2024.12.09).
const DEDUCTION_LIVE = () => apiError(400, 'INVALID_REQUEST', '存在登记生效的扣款单，请等待扣款单失效（24小时）或调用清算机构关单接口关闭扣款单后重试');

/** `yyyyMMddHHmmss` / `yyyyMMdd` (Beijing time) → ms; null for anything else. */
function parseTime(s) {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(String(s ?? ''));
  if (!m) return null;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) - 8 * 3600_000;
}

const WIRE_FIELDS = [
  'out_order_no', 'service_id', 'appid', 'mchid', 'sub_appid', 'sub_mchid', 'channel_id', 'service_introduction',
  'state', 'state_description', 'post_payments', 'post_discounts', 'risk_fund', 'total_amount', 'need_collection',
  'collection', 'time_range', 'location', 'attach', 'notify_url', 'openid', 'sub_openid', 'order_id',
];

export function createPayscore(ctx) {
  const { wx, store } = ctx;

  const pick = (o, names) => Object.fromEntries(names.filter((n) => o[n] !== undefined).map((n) => [n, o[n]]));
  const createView = (o) => ({
    ...pick(o, WIRE_FIELDS.filter((n) => !['total_amount', 'need_collection', 'collection', 'openid', 'sub_openid'].includes(n))),
    ...(o.shopping_info ? { shopping_info: o.shopping_info } : {}),
    package: o.package,
  });
  const queryView = (o) => pick(o, WIRE_FIELDS);
  const notifyView = (o) => pick(o, [...WIRE_FIELDS.filter((n) => n !== 'notify_url'), 'out_trade_no']);

  function load(out_order_no, { service_id, sub_mchid, channel_id } = {}) {
    const o = store.get('payscore', out_order_no);
    if (!o) throw NOT_FOUND();
    if ((service_id !== undefined && o.service_id !== service_id) || (sub_mchid !== undefined && o.sub_mchid !== sub_mchid) || (channel_id !== undefined && o.channel_id !== channel_id)) {
      throw NOT_FOUND();
    }
    return o;
  }

  const allowedOps = (o) => wx.payScore.allowedOperations(o.state, o.state_description ?? null, o.collection ? o.collection.state : null);
  const allowed = (o, op) => allowedOps(o).operations.includes(op);
  /** The package says which operations wait for a live deduction; the emulator only knows whether one is live. */
  const deductionLive = (o) => Boolean(o.deduction_registered_at) && !o.deduction_used && Date.now() - o.deduction_registered_at < DEDUCTION_TTL_MS;
  const blockedByDeduction = (o, op) => deductionLive(o) && (allowedOps(o).blocked_by_live_deduction ?? []).includes(op);

  function startService(o) {
    o.state = 'DOING';
    o.state_description = 'USER_CONFIRM';
    if (o.time_range && o.time_range.start_time === 'OnAccept') o.time_range = { ...o.time_range, start_time: payscoreTime(Date.now()) };
  }

  function notify(o, eventType, summary) {
    ctx.notifier.enqueue({
      url: o.notify_url,
      eventType,
      summary,
      originalType: 'payscore',
      associatedData: 'transaction',
      payload: notifyView(o),
      apiV3Key: ctx.keys.apiV3Key,
      fault: ctx.takeNotificationFault(),
    });
  }

  const save = (o) => store.put('payscore', o.out_order_no, o);

  // ---- API ------------------------------------------------------------------

  function create({ body, caller }, build = (i) => wx.payScore.createServiceOrder(i)) {
    const b = requireObject(body);
    rejectFields(b, ['context', 'mchid']);
    validated(build, b, RULES);
    const key = canonical(b);
    const existing = store.get('payscore', b.out_order_no);
    if (existing) {
      if (existing.request_key !== key) throw apiError(400, 'INVALID_REQUEST', '订单重入参数校验失败', { location: 'body', field: 'out_order_no', issue: 'same out_order_no with different parameters' }, 271316598);
      return { status: 200, body: createView(existing) };
    }
    if (b.risk_fund.amount > ctx.payscoreRiskLimit) {
      throw apiError(400, 'PARAM_ERROR', '创建订单的订单风险金额超过此服务的服务风险金额', { location: 'body', field: 'risk_fund.amount', issue: `${b.risk_fund.amount} > service risk limit ${ctx.payscoreRiskLimit}` });
    }
    const o = {
      ...b,
      mchid: caller.mchid,
      state: 'CREATED',
      order_id: ctx.ids.serviceOrder(),
      package: `DEMO_PACKAGE_${Buffer.from(b.out_order_no).toString('base64url')}`,
      request_key: key,
      created_at: new Date().toISOString(),
    };
    delete o.need_user_confirm;
    if (b.need_user_confirm === false) startService(o);
    save(o);
    return { status: 200, body: createView(o) };
  }

  function query({ query: q }) {
    const input = queryObject(q, ['service_id', 'sub_mchid', 'channel_id', 'out_order_no', 'query_id']);
    validated((i) => wx.payScore.queryServiceOrder(i), input);
    let o;
    if (input.out_order_no !== undefined) o = load(input.out_order_no, input);
    else {
      o = store.all('payscore').find((x) => x.query_id === input.query_id);
      if (!o) throw NOT_FOUND();
      load(o.out_order_no, input);
    }
    return { status: 200, body: queryView(o) };
  }

  function action(build, op, deny, run) {
    return ({ body, params }) => {
      const b = requireObject(body);
      rejectFields(b, ['out_order_no', 'context']);
      const out_order_no = decodeURIComponent(params.out_order_no);
      validated(build, { ...b, out_order_no }, RULES);
      const o = load(out_order_no, b);
      if (run.context) validated(build, { ...b, out_order_no, context: run.context(o) }, RULES);
      if (!allowed(o, op)) throw deny();
      if (blockedByDeduction(o, op)) throw DEDUCTION_LIVE();
      const result = run(o, b);
      save(o);
      return result ?? { status: 204 };
    };
  }

  const cancel = action(
    (i) => wx.payScore.cancelServiceOrder(i),
    'cancel',
    () => apiError(400, 'INVALID_REQUEST', '当前订单状态不满足撤销条件', undefined, 271316592),
    (o, b) => {
      o.state = 'REVOKED';
      delete o.state_description;
      o.cancel_reason = b.reason;
    },
  );

  const completeRun = (o, b) => {
    const end = b.time_range && b.time_range.end_time;
    if (end && parseTime(end) !== null && parseTime(end) > Date.now()) {
      throw apiError(400, 'PARAM_ERROR', '实际结束时间不能晚于使用完结接口的时间', { location: 'body', field: 'time_range.end_time', issue: `${end} is in the future` });
    }
    if (o.risk_fund.name === 'ESTIMATE_ORDER_COST' && b.total_amount > ctx.payscoreRiskLimit) {
      throw apiError(400, 'PARAM_ERROR', '总金额超过此服务的服务风险金额', undefined, 271316656);
    }
    o.post_payments = b.post_payments;
    if (b.post_discounts !== undefined) o.post_discounts = b.post_discounts;
    else delete o.post_discounts;
    o.total_amount = b.total_amount;
    // Modify is bounded by the total at completion, not by the last modified total.
    o.completed_total_amount = b.total_amount;
    if (b.time_range) o.time_range = { ...o.time_range, ...b.time_range };
    if (b.location) o.location = { ...(o.location ?? {}), ...b.location };
    if (b.profit_sharing !== undefined) o.profit_sharing = b.profit_sharing;
    o.state_description = 'MCH_COMPLETE';
    o.need_collection = true;
    o.collection = { state: 'USER_PAYING', total_amount: b.total_amount, paying_amount: b.total_amount, paid_amount: 0 };
  };
  completeRun.context = (o) => ({ risk_fund: o.risk_fund, ...(o.time_range ? { time_range: o.time_range } : {}) });
  const complete = action((i) => wx.payScore.completeServiceOrder(i), 'complete', BAD_STATE, completeRun);

  const modifyRun = (o, b) => {
    o.post_payments = b.post_payments;
    if (b.post_discounts !== undefined) o.post_discounts = b.post_discounts;
    else delete o.post_discounts;
    o.total_amount = b.total_amount;
    o.collection = { ...o.collection, total_amount: b.total_amount, paying_amount: b.total_amount - (o.collection.paid_amount ?? 0) };
    o.modify_reason = b.reason;
  };
  modifyRun.context = (o) => {
    const completed = o.completed_total_amount ?? o.total_amount;
    return { risk_fund: o.risk_fund, ...(completed !== undefined ? { total_amount: completed } : {}) };
  };
  const modify = action(
    (i) => wx.payScore.modifyServiceOrder(i),
    'modify',
    () => apiError(400, 'INVALID_REQUEST', '仅服务订单支付状态为待支付时，才可使用此能力', undefined, 271316657),
    modifyRun,
  );

  const sync = action((i) => wx.payScore.syncServiceOrder(i), 'sync', BAD_STATE, (o, b) => {
    const c = o.collection;
    const details = c.details ?? [];
    if (c.paying_amount > 0) details.push({ seq: details.length + 1, amount: c.paying_amount, paid_type: 'MCH', paid_time: b.detail.paid_time });
    o.collection = { ...c, state: 'USER_PAID', paid_amount: c.total_amount, paying_amount: 0, details };
    o.state = 'DONE';
    delete o.state_description;
  });

  const registerDeductInfo = action((i) => wx.payScore.registerDeductInfo(i), 'register_deduct_info', BAD_STATE, (o, b) => {
    o.out_trade_no = b.out_trade_no;
    o.deduction_registered_at = Date.now();
    o.deduction_used = false;
    return { status: 200, body: { description: o.service_introduction } };
  });

  function queryDeduction({ query: q }) {
    const input = queryObject(q, ['service_id', 'appid', 'sub_mchid', 'channel_id', 'sub_appid', 'out_order_no']);
    validated((i) => wx.payScore.queryDeduction(i), input);
    const o = load(input.out_order_no, input);
    if (!allowed(o, 'query_deduction') || !o.out_trade_no) throw notFound('RESOURCE_NOT_EXISTS', '扣款信息不存在');
    return { status: 200, body: { description: o.service_introduction, out_trade_no: o.out_trade_no } };
  }

  // ---- hooks: the user's side -------------------------------------------------

  function hookConfirm(out_order_no, input) {
    const b = input && typeof input === 'object' ? input : {};
    const o = load(out_order_no);
    if (o.state !== 'CREATED') throw apiError(409, 'INVALID_STATE', `the order is ${o.state}${o.state_description ? `/${o.state_description}` : ''}; only CREATED can be confirmed`);
    store.batch(() => {
      startService(o);
      o.openid = b.openid ?? o.openid ?? `oEmu${Buffer.from(out_order_no).toString('hex').slice(0, 24)}`;
      o.query_id = `QID${ctx.ids.serviceOrder()}`;
      save(o);
      notify(o, 'PAYSCORE.USER_CONFIRM', '支付分订单用户已确认');
    });
    return { query_id: o.query_id, order: queryView(o) };
  }

  function hookPay(out_order_no, input) {
    const b = input && typeof input === 'object' ? input : {};
    const o = load(out_order_no);
    if (!(o.state === 'DOING' && o.state_description === 'MCH_COMPLETE')) {
      throw apiError(409, 'INVALID_STATE', `the order is ${o.state}${o.state_description ? `/${o.state_description}` : ''}; only DOING/MCH_COMPLETE can be paid (complete it first)`);
    }
    const c = o.collection;
    const amount = b.amount ?? c.paying_amount;
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > c.paying_amount || (amount === 0 && c.paying_amount > 0)) {
      throw apiError(400, 'PARAM_ERROR', `amount must be 1..${c.paying_amount} fen`);
    }
    let transaction_id;
    store.batch(() => {
      const details = c.details ?? [];
      if (amount > 0) {
        transaction_id = b.transaction_id ?? ctx.ids.transaction();
        details.push({ seq: details.length + 1, amount, paid_type: 'NEWTON', paid_time: payscoreTime(Date.now()), transaction_id });
        // A registered deduction charges once; afterwards it no longer blocks cancel/modify/sync.
        if (o.deduction_registered_at) o.deduction_used = true;
        if (o.profit_sharing) ctx.seedTransaction({ transaction_id, sub_mchid: o.sub_mchid, amount, profit_sharing: true });
      }
      const paying = c.paying_amount - amount;
      o.collection = { ...c, paid_amount: (c.paid_amount ?? 0) + amount, paying_amount: paying, details };
      if (paying === 0) {
        o.collection.state = 'USER_PAID';
        o.state = 'DONE';
        delete o.state_description;
      }
      save(o);
      notify(o, 'PAYSCORE.USER_PAID', '用户支付成功');
    });
    return { transaction_id, order: queryView(o) };
  }

  function hookExpire(out_order_no) {
    const o = load(out_order_no);
    if (o.state !== 'CREATED') throw apiError(409, 'INVALID_STATE', `the order is ${o.state}; only CREATED orders expire`);
    o.state = 'EXPIRED';
    save(o);
    return { order: queryView(o) };
  }

  return {
    routes: [
      ['POST', BASE, create],
      ['POST', PAY_ON_DELIVERY, (req) => create(req, (i) => wx.payScore.createPayOnDeliveryOrder(i))],
      ['GET', BASE, query],
      ['GET', `${BASE}/deduction`, queryDeduction],
      ['POST', `${BASE}/:out_order_no/cancel`, cancel],
      ['POST', `${BASE}/:out_order_no/complete`, complete],
      ['POST', `${BASE}/:out_order_no/modify`, modify],
      ['POST', `${BASE}/:out_order_no/sync`, sync],
      ['POST', `${BASE}/:out_order_no/registerdeductinfo`, registerDeductInfo],
    ],
    hooks: { confirm: hookConfirm, pay: hookPay, expire: hookExpire },
    orders: () => store.all('payscore').map((o) => ({ ...queryView(o), query_id: o.query_id, out_trade_no: o.out_trade_no, created_at: o.created_at })),
  };
}
