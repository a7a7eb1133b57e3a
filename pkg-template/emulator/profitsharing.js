// The 8 platform profit-sharing operations (/v3/ecommerce/profitsharing/…), with per-order
// state kept through the package's split ledger (split.simulate).
import { apiError, decryptSensitive, rfc3339 } from './protocol.js';
import { validated, rejectFields, requireObject, queryObject, canonical, notFound } from './common.js';

const BASE = '/v3/ecommerce/profitsharing';

/**
 * WeChat's answer to each finding code of the package (the same code whether the builder or the
 * split ledger found the mistake). WeChat documents the messages; the `code` strings paired with
 * them are UNCONFIRMED (spec B.3, F) and were chosen from the legacy docs.
 */
export const SPLIT_ERRORS = Object.freeze({
  duplicate_receiver: { status: 400, code: 'PARAM_ERROR', message: '分账接收方重复' },
  too_many_receivers: { status: 400, code: 'PARAM_ERROR', message: '分账接收方数量超过上限' },
  not_positive: { status: 400, code: 'PARAM_ERROR', message: '分账金额必须大于0' },
  order_finished: { status: 400, code: 'INVALID_REQUEST', message: '订单已完结分账，不支持分账' },
  too_many_splits: { status: 403, code: 'RULE_LIMIT', message: '订单分账次数超过上限' },
  exceeds_remaining: { status: 403, code: 'NOT_ENOUGH', message: '分账金额不足' },
  ratio_cap_exceeded: { status: 403, code: 'RULE_LIMIT', message: '分账金额超出最大分账比例' },
  receiver_not_in_split: { status: 400, code: 'INVALID_REQUEST', message: '回退方不是原分账接收方' },
  personal_receiver_return: { status: 400, code: 'INVALID_REQUEST', message: '个人分账接收方不支持回退' },
  return_exceeds_received: { status: 403, code: 'NOT_ENOUGH', message: '回退金额超出原分账金额' },
});
const PRIORITY = Object.keys(SPLIT_ERRORS);

/** The first violation of step `step` (by priority) as a WeChat error. */
function ledgerError(violations, step) {
  const mine = violations.filter((v) => v.step === step || v.step === undefined);
  if (!mine.length) return null;
  mine.sort((a, b) => rank(a.code) - rank(b.code));
  const v = mine[0];
  const m = SPLIT_ERRORS[v.code] ?? { status: 400, code: 'INVALID_REQUEST', message: v.message };
  return apiError(m.status, m.code, m.message, { location: 'body', field: v.path.replace(/^operations\[\d+\]\.?/, '') || 'receivers', issue: v.message, violation: v.code });
}
const rank = (code) => {
  const i = PRIORITY.indexOf(code);
  return i < 0 ? PRIORITY.length : i;
};

/** The ledger's name for the automatic unfreeze after the freeze period. */
const AUTO_UNFREEZE = 'AUTO_UNFREEZE_180D';

export function createProfitSharing(ctx) {
  const { wx, store } = ctx;

  // ---- ledger ---------------------------------------------------------------

  const orderOf = (t) => ({ amount: t.amount, ...(t.fee ? { fee: t.fee } : {}) });
  const simulate = (t, extra = []) => wx.split.simulate(orderOf(t), [...t.ops, ...extra], ctx.policy);

  function ledger(t) {
    const sim = simulate(t);
    return sim.finalState ?? sim.initial;
  }

  /** Checks `op` against the order's applied operations; throws the WeChat error, else returns the step. */
  function apply(t, op) {
    const sim = simulate(t, [op]);
    const step = t.ops.length;
    const err = ledgerError(sim.violations, step);
    if (err) throw err;
    t.ops.push(op);
    return sim.steps[step];
  }

  function txnFor(sub_mchid, transaction_id) {
    const t = store.get('txn', transaction_id);
    if (!t || t.sub_mchid !== sub_mchid) throw notFound('ORDER_NOT_EXIST', '订单不存在');
    return unfreezeIfExpired(t);
  }

  /**
   * Seed 002: an order not split (or finished) within 180 days of payment has its remaining
   * frozen funds unfrozen to the sub-merchant automatically; later splits are refused as on a
   * finished order. Applied lazily, the first time the order is looked at after the deadline
   * (scaled by --time-scale), as a finish step of the ledger.
   */
  function unfreezeIfExpired(t) {
    const paidAt = Date.parse(t.created_at);
    if (t.auto_unfrozen_at || !t.profit_sharing || !(Date.now() - paidAt >= ctx.freezeMs)) return t;
    if (ledger(t).finished) return t;
    store.batch(() => {
      const step = apply(t, { op: 'finish', outOrderNo: AUTO_UNFREEZE });
      t.auto_unfrozen_at = new Date().toISOString();
      t.auto_unfrozen_amount = step.unfrozenNow;
      store.put('txn', t.transaction_id, t);
    });
    return t;
  }

  // ---- emulator hooks -------------------------------------------------------

  function seedTransaction(input) {
    const b = requireObject(input);
    const problems = [];
    if (typeof b.sub_mchid !== 'string' || !/^\d{1,32}$/.test(b.sub_mchid)) problems.push('sub_mchid must be digits');
    if (!Number.isSafeInteger(b.amount) || b.amount <= 0) problems.push('amount must be a whole number of fen > 0');
    if (b.fee !== undefined && (!Number.isSafeInteger(b.fee) || b.fee < 0)) problems.push('fee must be whole fen ≥ 0');
    if (b.feeRatePpm !== undefined && (!Number.isSafeInteger(b.feeRatePpm) || b.feeRatePpm < 0)) problems.push('feeRatePpm must be an integer ≥ 0');
    if (b.fee !== undefined && b.feeRatePpm !== undefined) problems.push('give fee or feeRatePpm, not both');
    if (b.transaction_id !== undefined && (typeof b.transaction_id !== 'string' || !/^\d{1,32}$/.test(b.transaction_id))) problems.push('transaction_id must be up to 32 digits');
    if (b.profit_sharing !== undefined && typeof b.profit_sharing !== 'boolean') problems.push('profit_sharing must be a boolean');
    if (b.paid_at !== undefined && (typeof b.paid_at !== 'string' || Number.isNaN(Date.parse(b.paid_at)))) problems.push('paid_at must be an ISO 8601 time');
    if (problems.length) throw apiError(400, 'PARAM_ERROR', problems.join('; '));
    const transaction_id = b.transaction_id ?? ctx.ids.transaction();
    if (store.get('txn', transaction_id)) throw apiError(409, 'ALREADY_EXISTS', `transaction ${transaction_id} already exists`);
    const fee = b.fee !== undefined ? { amount: b.fee } : b.feeRatePpm !== undefined ? { ratePpm: b.feeRatePpm } : undefined;
    const t = { transaction_id, sub_mchid: b.sub_mchid, amount: b.amount, fee, profit_sharing: b.profit_sharing ?? true, created_at: b.paid_at ?? new Date().toISOString(), ops: [] };
    const sim = simulate(t);
    if (!sim.initial) throw apiError(400, 'PARAM_ERROR', sim.violations.map((v) => v.message).join('; '));
    store.put('txn', transaction_id, t);
    return transactionView(t);
  }

  function transactionView(t) {
    const s = ledger(t);
    return {
      transaction_id: t.transaction_id,
      sub_mchid: t.sub_mchid,
      amount: t.amount,
      fee: simulate(t).fee,
      profit_sharing: t.profit_sharing,
      splittable: s.splittable,
      cap: simulate(t).cap,
      unsplit_amount: s.remaining,
      split_total: s.splitTotal,
      returned_total: s.returnedTotal,
      unfrozen: s.unfrozen,
      finished: s.finished,
      split_count: s.splitCount,
      receivers: s.receivers,
      created_at: t.created_at,
      ...(t.auto_unfrozen_at ? { auto_unfrozen_at: t.auto_unfrozen_at, auto_unfrozen_amount: t.auto_unfrozen_amount } : {}),
    };
  }

  function getTransaction(id) {
    const t = store.get('txn', id);
    if (!t) throw apiError(404, 'ORDER_NOT_EXIST', `no transaction ${id}`);
    return transactionView(unfreezeIfExpired(t));
  }

  function setNotifyUrl(mchid, input) {
    const b = requireObject(input);
    if (!/^\d{1,32}$/.test(mchid)) throw apiError(400, 'PARAM_ERROR', 'the receiver mchid must be digits');
    if (typeof b.url !== 'string') throw apiError(400, 'PARAM_ERROR', 'url is required');
    try {
      const u = new URL(b.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw apiError(400, 'PARAM_ERROR', 'url must be an http(s) URL');
    }
    if (b.apiV3Key !== undefined && (typeof b.apiV3Key !== 'string' || Buffer.byteLength(b.apiV3Key) !== 32)) {
      throw apiError(400, 'PARAM_ERROR', 'apiV3Key must be 32 bytes');
    }
    const cfg = { mchid, url: b.url, ...(b.apiV3Key ? { apiV3Key: b.apiV3Key } : {}) };
    store.put('receiverNotify', mchid, cfg);
    return { mchid, url: b.url, apiV3Key: b.apiV3Key ? 'set' : 'default' };
  }

  // ---- views ----------------------------------------------------------------

  const done = (o) => Date.now() >= o.ready_at;

  function orderView(o) {
    const finished = done(o);
    const v = { sub_mchid: o.sub_mchid, transaction_id: o.transaction_id, out_order_no: o.out_order_no, order_id: o.order_id, status: finished ? 'FINISHED' : 'PROCESSING' };
    if (o.kind === 'finish') {
      v.finish_amount = o.finish_amount;
      v.finish_description = o.description;
      return v;
    }
    v.receivers = o.receivers.map((r) => ({
      amount: r.amount,
      description: r.description,
      result: finished ? 'SUCCESS' : 'PENDING',
      ...(finished ? { finish_time: rfc3339(o.ready_at) } : {}),
      type: r.type,
      receiver_account: r.receiver_account,
      detail_id: r.detail_id,
    }));
    return v;
  }

  function returnView(r) {
    const finished = done(r);
    return {
      sub_mchid: r.sub_mchid,
      order_id: r.order_id,
      out_order_no: r.out_order_no,
      out_return_no: r.out_return_no,
      return_mchid: r.return_mchid,
      amount: r.amount,
      return_no: r.return_no,
      result: finished ? 'SUCCESS' : 'PROCESSING',
      ...(finished ? { finish_time: rfc3339(r.ready_at) } : {}),
    };
  }

  // ---- notifications ----------------------------------------------------------

  function notifyReceiver(mchid, { eventType, summary, payload, at }) {
    const cfg = store.get('receiverNotify', mchid);
    ctx.notifier.enqueue({
      receiverMchid: mchid,
      eventType,
      summary,
      originalType: 'profitsharing',
      associatedData: 'profitsharing',
      payload,
      apiV3Key: (cfg && cfg.apiV3Key) || ctx.keys.apiV3Key,
      at,
      fault: ctx.takeNotificationFault(),
    });
  }

  // ---- operations -------------------------------------------------------------

  function addReceiver({ body, headers }) {
    const b = requireObject(body);
    rejectFields(b, ['wechatpay_serial']);
    const serial = headers['wechatpay-serial'];
    const personal = b.type === 'PERSONAL_OPENID';
    // The current page (doc/v3/partner/4012477758, 2025.09.29) sends a personal name plain in
    // `name`; the 2020 page sent `encrypted_name` with Wechatpay-Serial. Both shapes come out of
    // the builder (the second behind legacyEncryptedName), so both are accepted here.
    const legacy = personal && b.encrypted_name !== undefined;
    const input = legacy ? { ...b, wechatpay_serial: serial } : b;
    validated((i) => wx.profitSharing.addReceiver(i, { legacyEncryptedName: legacy }), input);
    let personalName = personal ? b.name : undefined;
    if (legacy) {
      const r = decryptSensitive(ctx.keys, serial, b.encrypted_name);
      if (!r.ok) throw apiError(400, 'PARAM_ERROR', '参数错误：encrypted_name 解密失败', { location: 'body', field: 'encrypted_name', issue: r.reason });
      personalName = r.text;
    }
    const key = `${b.type}|${b.account}`;
    store.put('receiver', key, {
      type: b.type,
      account: b.account,
      appid: b.appid,
      relation_type: b.relation_type,
      ...(b.type === 'MERCHANT_ID' ? { name: b.name } : {}),
      ...(personalName !== undefined ? { personal_name: personalName } : {}),
      added_at: new Date().toISOString(),
    });
    return { status: 200, body: { type: b.type, account: b.account } };
  }

  function deleteReceiver({ body }) {
    const b = requireObject(body);
    validated((i) => wx.profitSharing.deleteReceiver(i), b);
    store.delete('receiver', `${b.type}|${b.account}`);
    return { status: 200, body: { type: b.type, account: b.account } };
  }

  const receiverKey = (list) => canonical(list.map((r) => [r.type, r.receiver_account ?? r.receiver_mchid, r.amount, r.description]));

  function createOrder({ body, headers, caller }) {
    const b = requireObject(body);
    rejectFields(b, ['wechatpay_serial']);
    const serial = headers['wechatpay-serial'];
    const wire = Array.isArray(b.receivers) ? b.receivers : [];
    wire.forEach((r, i) => rejectFields(r, ['receiver_name_encrypted'], `receivers[${i}].`));
    const input = {
      ...b,
      wechatpay_serial: serial,
      receivers: Array.isArray(b.receivers)
        ? b.receivers.map((r) => {
            if (!r || typeof r !== 'object' || r.receiver_name === undefined) return r;
            const { receiver_name, ...rest } = r;
            return { ...rest, receiver_name_encrypted: receiver_name };
          })
        : b.receivers,
    };
    // The builder checks receivers with the split ledger's own rules and codes, under the
    // emulator's policy; SPLIT_ERRORS turns a code into WeChat's answer.
    validated((i) => wx.profitSharing.createOrder(i, { policy: ctx.policy }), input, SPLIT_ERRORS);
    if (!ctx.signerFor(serial)) {
      throw apiError(400, 'PARAM_ERROR', '参数错误：Wechatpay-Serial 无效', { location: 'header', field: 'Wechatpay-Serial', issue: `${serial} names no key of this emulator` });
    }

    const key = `${b.sub_mchid}|${b.out_order_no}`;
    const existing = store.get('psOrder', key);
    const receivers = wire.map((r) => ({ ...r, receiver_account: r.receiver_account ?? r.receiver_mchid }));
    if (existing) {
      if (existing.kind !== 'split' || existing.transaction_id !== b.transaction_id) {
        throw apiError(400, 'INVALID_REQUEST', '商户分账单号已被使用', { location: 'body', field: 'out_order_no', issue: `out_order_no ${b.out_order_no} already names a ${existing.kind === 'split' ? 'split of another transaction' : 'finish-order'}` });
      }
      if (existing.receivers_key !== receiverKey(receivers) || existing.finish !== b.finish) {
        throw apiError(400, 'INVALID_REQUEST', '分账接收方与原请求不一致', { location: 'body', field: 'receivers', issue: 'same out_order_no with different receivers, amounts or finish' });
      }
      return { status: 200, body: orderView(existing) };
    }

    const t = txnFor(b.sub_mchid, b.transaction_id);
    if (!t.profit_sharing) throw apiError(400, 'INVALID_REQUEST', '非分账订单不支持分账');

    receivers.forEach((r, i) => {
      const own = r.type === 'MERCHANT_ID' && (r.receiver_account === caller.mchid || r.receiver_account === b.sub_mchid);
      const rec = store.get('receiver', `${r.type}|${r.receiver_account}`);
      if (!rec && !own) {
        throw apiError(400, 'INVALID_REQUEST', '分账接收方关系不存在', { location: 'body', field: `receivers[${i}].receiver_account`, issue: `${r.type} ${r.receiver_account} was not added (receivers/add)` });
      }
      if (r.type === 'PERSONAL_OPENID' && rec && rec.appid && rec.appid !== b.appid) {
        throw apiError(400, 'INVALID_REQUEST', 'appid与openid不匹配', { location: 'body', field: 'appid', issue: `${r.receiver_account} was added under appid ${rec.appid}` });
      }
      if (r.receiver_name !== undefined) {
        const d = decryptSensitive(ctx.keys, serial, r.receiver_name);
        if (!d.ok) throw apiError(400, 'PARAM_ERROR', '参数错误：receiver_name 解密失败', { location: 'body', field: `receivers[${i}].receiver_name`, issue: d.reason });
        if (rec && rec.personal_name !== undefined && rec.personal_name !== d.text) {
          throw apiError(400, 'INVALID_REQUEST', '分账接收方姓名与实名不一致', { location: 'body', field: `receivers[${i}].receiver_name`, issue: 'does not match the name given when the receiver was added' });
        }
      }
    });

    const op = {
      op: 'split',
      outOrderNo: b.out_order_no,
      receivers: receivers.map((r) => ({ type: r.type, account: r.receiver_account, amount: r.amount })),
      finish: b.finish,
    };
    const now = Date.now();
    const o = {
      kind: 'split',
      sub_mchid: b.sub_mchid,
      transaction_id: b.transaction_id,
      out_order_no: b.out_order_no,
      order_id: ctx.ids.order(),
      finish: b.finish,
      receivers_key: receiverKey(receivers),
      receivers: receivers.map((r) => ({ type: r.type, receiver_account: r.receiver_account, amount: r.amount, description: r.description, detail_id: ctx.ids.detail() })),
      created_at: now,
      ready_at: now + ctx.delayMs,
    };
    store.batch(() => {
      const step = apply(t, op);
      o.unfrozen = step.unfrozenNow;
      store.put('txn', t.transaction_id, t);
      store.put('psOrder', key, o);
      for (const r of o.receivers) {
        if (r.type !== 'MERCHANT_ID') continue;
        notifyReceiver(r.receiver_account, {
          eventType: 'PROFITSHARING.SUCCESS',
          summary: '分账',
          at: o.ready_at,
          payload: {
            sp_mchid: caller.mchid,
            sub_mchid: o.sub_mchid,
            transaction_id: o.transaction_id,
            order_id: o.order_id,
            out_order_no: o.out_order_no,
            receiver: { type: r.type, account: r.receiver_account, amount: r.amount, description: r.description },
            success_time: rfc3339(o.ready_at),
          },
        });
      }
    });
    return { status: 200, body: orderView(o) };
  }

  function queryOrder({ query }) {
    const q = queryObject(query, ['sub_mchid', 'transaction_id', 'out_order_no']);
    validated((i) => wx.profitSharing.queryOrder(i), q);
    const o = store.get('psOrder', `${q.sub_mchid}|${q.out_order_no}`);
    if (!o || o.transaction_id !== q.transaction_id) throw notFound('RESOURCE_NOT_EXISTS', '记录不存在');
    return { status: 200, body: orderView(o) };
  }

  function findSplit(sub_mchid, { order_id, out_order_no }) {
    if (out_order_no !== undefined) {
      const o = store.get('psOrder', `${sub_mchid}|${out_order_no}`);
      return o && o.kind === 'split' && (order_id === undefined || o.order_id === order_id) ? o : null;
    }
    return store.all('psOrder').find((o) => o.kind === 'split' && o.sub_mchid === sub_mchid && o.order_id === order_id) ?? null;
  }

  function createReturnOrder({ body, caller }) {
    const b = requireObject(body);
    validated((i) => wx.profitSharing.createReturnOrder(i), b);
    const key = `${b.sub_mchid}|${b.out_return_no}`;
    const split = findSplit(b.sub_mchid, b);
    const requestKey = canonical({ order: split ? split.order_id : b.order_id ?? b.out_order_no, m: b.return_mchid, a: b.amount });
    const existing = store.get('psReturn', key);
    if (existing) {
      if (existing.request_key !== requestKey) {
        throw apiError(400, 'INVALID_REQUEST', '商户回退单号已被使用，且请求参数与原请求不一致', { location: 'body', field: 'out_return_no', issue: 'same out_return_no with a different split, return_mchid or amount' });
      }
      return { status: 200, body: returnView(existing) };
    }
    if (!split) throw notFound('RESOURCE_NOT_EXISTS', '分账单不存在');
    if (!done(split)) throw apiError(400, 'INVALID_REQUEST', '原分账单处理中，请稍后重试');
    const t = txnFor(split.sub_mchid, split.transaction_id);
    const now = Date.now();
    const r = {
      sub_mchid: b.sub_mchid,
      order_id: split.order_id,
      out_order_no: split.out_order_no,
      out_return_no: b.out_return_no,
      return_mchid: b.return_mchid,
      amount: b.amount,
      description: b.description,
      return_no: ctx.ids.returnNo(),
      request_key: requestKey,
      transaction_id: split.transaction_id,
      created_at: now,
      ready_at: now + ctx.delayMs,
    };
    store.batch(() => {
      apply(t, { op: 'return', outReturnNo: b.out_return_no, outOrderNo: split.out_order_no, account: b.return_mchid, amount: b.amount });
      store.put('txn', t.transaction_id, t);
      store.put('psReturn', key, r);
      // Spec C.3: for a return, `receiver` describes where the money goes back to (the payer).
      notifyReceiver(b.return_mchid, {
        eventType: 'PROFITSHARING.RETURN',
        summary: '分账回退',
        at: r.ready_at,
        payload: {
          sp_mchid: caller.mchid,
          sub_mchid: r.sub_mchid,
          transaction_id: r.transaction_id,
          order_id: r.return_no,
          out_order_no: r.out_return_no,
          receiver: { type: 'MERCHANT_ID', account: r.sub_mchid, amount: r.amount, description: r.description },
          success_time: rfc3339(r.ready_at),
        },
      });
    });
    return { status: 200, body: returnView(r) };
  }

  function queryReturnOrder({ query }) {
    const q = queryObject(query, ['sub_mchid', 'out_return_no', 'order_id', 'out_order_no']);
    validated((i) => wx.profitSharing.queryReturnOrder(i), q);
    const r = store.get('psReturn', `${q.sub_mchid}|${q.out_return_no}`);
    if (!r || (q.order_id !== undefined && r.order_id !== q.order_id) || (q.out_order_no !== undefined && r.out_order_no !== q.out_order_no)) {
      throw notFound('RESOURCE_NOT_EXISTS', '记录不存在');
    }
    return { status: 200, body: returnView(r) };
  }

  function finishOrder({ body }) {
    const b = requireObject(body);
    validated((i) => wx.profitSharing.finishOrder(i), b);
    const key = `${b.sub_mchid}|${b.out_order_no}`;
    const existing = store.get('psOrder', key);
    if (existing) {
      if (existing.kind !== 'finish' || existing.transaction_id !== b.transaction_id) {
        throw apiError(400, 'INVALID_REQUEST', '商户分账单号已被使用', { location: 'body', field: 'out_order_no', issue: 'out_order_no already names a split; a finish-order needs a new number' });
      }
      return { status: 200, body: finishView(existing) };
    }
    const t = txnFor(b.sub_mchid, b.transaction_id);
    if (!t.profit_sharing) throw apiError(400, 'INVALID_REQUEST', '非分账订单不支持分账');
    const now = Date.now();
    const o = {
      kind: 'finish',
      sub_mchid: b.sub_mchid,
      transaction_id: b.transaction_id,
      out_order_no: b.out_order_no,
      order_id: ctx.ids.order(),
      description: b.description,
      created_at: now,
      ready_at: now + ctx.delayMs,
    };
    store.batch(() => {
      const step = apply(t, { op: 'finish', outOrderNo: b.out_order_no });
      o.finish_amount = step.unfrozenNow;
      store.put('txn', t.transaction_id, t);
      store.put('psOrder', key, o);
    });
    return { status: 200, body: finishView(o) };
  }

  const finishView = (o) => ({ sub_mchid: o.sub_mchid, transaction_id: o.transaction_id, out_order_no: o.out_order_no, order_id: o.order_id });

  function queryAmounts({ params }) {
    const transaction_id = decodeURIComponent(params.transaction_id);
    validated((i) => wx.profitSharing.queryAmounts(i), { transaction_id });
    const t = store.get('txn', transaction_id);
    if (!t) throw notFound('ORDER_NOT_EXIST', '订单不存在');
    return { status: 200, body: { transaction_id, unsplit_amount: ledger(unfreezeIfExpired(t)).remaining } };
  }

  return {
    routes: [
      ['POST', `${BASE}/receivers/add`, addReceiver],
      ['POST', `${BASE}/receivers/delete`, deleteReceiver],
      ['POST', `${BASE}/orders`, createOrder],
      ['GET', `${BASE}/orders`, queryOrder],
      ['POST', `${BASE}/returnorders`, createReturnOrder],
      ['GET', `${BASE}/returnorders`, queryReturnOrder],
      ['POST', `${BASE}/finish-order`, finishOrder],
      ['GET', `${BASE}/orders/:transaction_id/amounts`, queryAmounts],
    ],
    seedTransaction,
    getTransaction,
    setNotifyUrl,
    transactions: () => store.all('txn').map(transactionView),
  };
}
