// Every limit and rule of the emulated profit sharing and Payscore answers WeChat's error
// body with the documented message (codes: see SPLIT_ERRORS; UNCONFIRMED in the spec).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  wx, testKeys, startEmulator, send, raw, verified, admin, seeded, splitSpec, sleep,
  SUB, RECEIVER, RECEIVER2, OPENID, APPID, PAYSCORE, APPID_INST, createServiceOrderSpec, beijing, keys, cert,
} from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator({ timeScale: 0.01, policy: { maxReceiversPerRequest: 3, maxSplitsPerOrder: 3 } });
});
after(() => emu.close());

/** The response must verify, then surface as ERR_WXPAY_API with this status / code / message. */
function assertApiError(r, status, code, message) {
  assert.equal(r.status, status, r.body);
  assert.equal(r.json.code, code, r.body);
  if (message) assert.equal(r.json.message, message);
  const v = verified(r);
  assert.equal(v.ok, false);
  assert.equal(v.err.code, 'ERR_WXPAY_API', v.err.message);
  assert.equal(v.err.apiCode, code);
}

const orderBody = (transaction_id, out_order_no, receivers, finish = false) => ({
  sub_mchid: SUB,
  transaction_id,
  out_order_no,
  receivers: receivers.map(([account, amount, type = 'MERCHANT_ID']) => ({ type, receiver_account: account, amount, description: '分账' })),
  finish,
});
const createRaw = (body) => raw('POST', '/v3/ecommerce/profitsharing/orders', body, [['Wechatpay-Serial', testKeys.platformSerial]]);
const unsplit = async (id) => (await send(emu, wx.profitSharing.queryAmounts({ transaction_id: id }))).json.unsplit_amount;

test('ratio cap (30 % of the splittable amount, cumulative) → 403 RULE_LIMIT 分账金额超出最大分账比例', async () => {
  const t = await seeded(emu); // ¥100, fee ¥0.60 → splittable 9940, cap 2982
  assert.equal((await send(emu, splitSpec(t.transaction_id, 'C1', [[RECEIVER, 2900]]))).status, 200);
  const r = await send(emu, splitSpec(t.transaction_id, 'C2', [[RECEIVER, 83]]));
  assertApiError(r, 403, 'RULE_LIMIT', '分账金额超出最大分账比例');
  assert.equal(r.json.detail.violation, 'ratio_cap_exceeded');
  assert.equal((await send(emu, splitSpec(t.transaction_id, 'C3', [[RECEIVER, 82]]))).status, 200, 'exactly the cap is allowed');
  assert.equal(await unsplit(t.transaction_id), 9940 - 2982);
});

test('more than what remains → 403 NOT_ENOUGH 分账金额不足', async () => {
  const e = await startEmulator({ timeScale: 0.01, policy: { maxRatioBp: 10000 } });
  try {
    const t = await seeded(e, { amount: 1000, feeRatePpm: 0 });
    assert.equal((await send(e, splitSpec(t.transaction_id, 'N1', [[RECEIVER, 600]]))).status, 200);
    const r = await send(e, splitSpec(t.transaction_id, 'N2', [[RECEIVER, 401]]));
    assertApiError(r, 403, 'NOT_ENOUGH', '分账金额不足');
    assert.equal(r.json.detail.violation, 'exceeds_remaining');
  } finally {
    await e.close();
  }
});

test('receivers per request over the limit → 400 PARAM_ERROR 分账接收方数量超过上限', async () => {
  const accounts = ['1900000121', '1900000122', '1900000123', '1900000124'];
  const t = await seeded(emu, { receivers: accounts });
  const r = await send(emu, createRaw(orderBody(t.transaction_id, 'M1', accounts.map((a) => [a, 10]))));
  assertApiError(r, 400, 'PARAM_ERROR', '分账接收方数量超过上限');
  assert.equal(r.json.detail.field, 'receivers');
  assert.equal((await send(emu, createRaw(orderBody(t.transaction_id, 'M2', accounts.slice(0, 3).map((a) => [a, 10]))))).status, 200);
  // The same receiver twice: the package's duplicate_receiver, answered as WeChat does.
  const dup = await send(emu, createRaw(orderBody(t.transaction_id, 'M3', [[accounts[0], 10], [accounts[0], 5]])));
  assertApiError(dup, 400, 'PARAM_ERROR', '分账接收方重复');
  assert.equal(dup.json.detail.field, 'receivers[1]');
});

test('split requests per order over the limit → 403 RULE_LIMIT 订单分账次数超过上限', async () => {
  const t = await seeded(emu);
  for (const no of ['S1', 'S2', 'S3']) assert.equal((await send(emu, splitSpec(t.transaction_id, no, [[RECEIVER, 10]]))).status, 200);
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'S4', [[RECEIVER, 10]])), 403, 'RULE_LIMIT', '订单分账次数超过上限');
});

test('after finish (finish-order or finish: true) → 400 INVALID_REQUEST 订单已完结分账，不支持分账', async () => {
  const t = await seeded(emu);
  const r = await send(emu, splitSpec(t.transaction_id, 'FT1', [[RECEIVER, 100]], true));
  assert.equal(r.status, 200);
  assert.equal(await unsplit(t.transaction_id), 0, 'finish: true unfreezes the rest');
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'FT2', [[RECEIVER, 1]])), 400, 'INVALID_REQUEST', '订单已完结分账，不支持分账');

  const t2 = await seeded(emu);
  const fin = await send(emu, wx.profitSharing.finishOrder({ sub_mchid: SUB, transaction_id: t2.transaction_id, out_order_no: 'FO1', description: '完结' }));
  assert.equal(fin.status, 200);
  assertApiError(await send(emu, splitSpec(t2.transaction_id, 'FO2', [[RECEIVER, 1]])), 400, 'INVALID_REQUEST', '订单已完结分账，不支持分账');
  assertApiError(
    await send(emu, wx.profitSharing.finishOrder({ sub_mchid: SUB, transaction_id: t2.transaction_id, out_order_no: 'FO3', description: '再次完结' })),
    400,
    'INVALID_REQUEST',
    '订单已完结分账，不支持分账',
  );
});

test('idempotent out_order_no: the same request → the same split; other receivers → 分账接收方与原请求不一致', async () => {
  const t = await seeded(emu, { receivers: [RECEIVER, RECEIVER2] });
  const a = await send(emu, splitSpec(t.transaction_id, 'I1', [[RECEIVER, 100]]));
  const b = await send(emu, splitSpec(t.transaction_id, 'I1', [[RECEIVER, 100]]));
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(b.json.order_id, a.json.order_id);
  assert.equal(await unsplit(t.transaction_id), 9940 - 100, 'applied once');
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'I1', [[RECEIVER2, 100]])), 400, 'INVALID_REQUEST', '分账接收方与原请求不一致');
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'I1', [[RECEIVER, 101]])), 400, 'INVALID_REQUEST', '分账接收方与原请求不一致');
});

test('receiver not added → 400 INVALID_REQUEST 分账接收方关系不存在; the platform and the payer need no add', async () => {
  const t = await seeded(emu, { receivers: [] });
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'R1', [['1900000199', 10]])), 400, 'INVALID_REQUEST', '分账接收方关系不存在');
  assert.equal((await send(emu, splitSpec(t.transaction_id, 'R2', [[testKeys.mchid, 10]]))).status, 200);
  assert.equal((await send(emu, splitSpec(t.transaction_id, 'R3', [[SUB, 10]]))).status, 200);
  const del = await send(emu, wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: '1900000198', name: '甲', relation_type: 'OTHERS' }));
  assert.equal(del.status, 200);
  assert.equal((await send(emu, wx.profitSharing.deleteReceiver({ appid: APPID, type: 'MERCHANT_ID', account: '1900000198' }))).status, 200);
  assertApiError(await send(emu, splitSpec(t.transaction_id, 'R4', [['1900000198', 10]])), 400, 'INVALID_REQUEST', '分账接收方关系不存在');
});

test('orders: unknown → 404 ORDER_NOT_EXIST; without the profit-sharing flag → 非分账订单不支持分账', async () => {
  assertApiError(await send(emu, splitSpec('4200000000000000000000009999', 'U1', [[RECEIVER, 10]])), 404, 'ORDER_NOT_EXIST');
  const plain = emu.seedTransaction({ sub_mchid: SUB, amount: 1000, profit_sharing: false });
  assertApiError(await send(emu, splitSpec(plain.transaction_id, 'U2', [[RECEIVER, 10]])), 400, 'INVALID_REQUEST', '非分账订单不支持分账');
  const other = emu.seedTransaction({ sub_mchid: '1900000108', amount: 1000 });
  assertApiError(await send(emu, splitSpec(other.transaction_id, 'U3', [[RECEIVER, 10]])), 404, 'ORDER_NOT_EXIST', undefined);
  assertApiError(await send(emu, wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: other.transaction_id, out_order_no: 'nope' })), 404, 'RESOURCE_NOT_EXISTS');
});

test('malformed requests → 400 PARAM_ERROR (the builders’ own validation, server side)', async () => {
  const t = await seeded(emu);
  let r = await send(emu, createRaw(orderBody(t.transaction_id, 'V1', [[RECEIVER, 0]])));
  assertApiError(r, 400, 'PARAM_ERROR', '分账金额必须大于0');
  assert.equal(r.json.detail.field, 'receivers[0].amount');
  r = await send(emu, raw('POST', '/v3/ecommerce/profitsharing/orders', orderBody(t.transaction_id, 'V2', [[RECEIVER, 10]])));
  assertApiError(r, 400, 'PARAM_ERROR');
  assert.equal(r.json.detail.field, 'Wechatpay-Serial', 'the header is required on a split');
  assert.equal(r.json.detail.location, 'header');
  r = await send(emu, { method: 'POST', pathAndQuery: '/v3/ecommerce/profitsharing/finish-order', body: '{"sub_mchid":' });
  assertApiError(r, 400, 'PARAM_ERROR', '参数错误：请求体不是合法的JSON');
  r = await send(emu, createRaw({ ...orderBody(t.transaction_id, 'V3', [[RECEIVER, 10]]), wechatpay_serial: 'x' }));
  assertApiError(r, 400, 'PARAM_ERROR');
});

test('personal receivers: the encrypted name must decrypt with the key named by Wechatpay-Serial and match', async () => {
  const t = await seeded(emu);
  const add = await send(emu, wx.profitSharing.addReceiver({ appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, name: '张三', relation_type: 'DISTRIBUTOR' }, { keys }));
  assert.equal(add.status, 200);
  const spec = (no, name) =>
    wx.profitSharing.createOrder(
      { appid: APPID, sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: no, receivers: [{ type: 'PERSONAL_OPENID', receiver_account: OPENID, receiver_name: name, amount: 100, description: '佣金' }], finish: false },
      { keys },
    );
  assert.equal((await send(emu, spec('PN1', '张三'))).status, 200);
  assertApiError(await send(emu, spec('PN2', '李四')), 400, 'INVALID_REQUEST', '分账接收方姓名与实名不一致');
  const body = JSON.parse(spec('PN3', '张三').body);
  body.receivers[0].receiver_name = randomBytes(256).toString('base64');
  assertApiError(await send(emu, raw('POST', '/v3/ecommerce/profitsharing/orders', body, [['Wechatpay-Serial', testKeys.publicKeyId]])), 400, 'PARAM_ERROR', '参数错误：receiver_name 解密失败');
  body.receivers[0].receiver_name = Buffer.from('张三').toString('base64');
  const plain = await send(emu, raw('POST', '/v3/ecommerce/profitsharing/orders', body, [['Wechatpay-Serial', testKeys.publicKeyId]]));
  assertApiError(plain, 400, 'PARAM_ERROR');
  assert.equal(plain.json.detail.field, 'receivers[0].receiver_name', 'issues name the wire field, not the builder option');
  // Encrypted with the certificate but announced as the PUB_KEY_ID key: cannot decrypt.
  const withCert = wx.profitSharing.createOrder(
    { appid: APPID, sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'PN5', receivers: [{ type: 'PERSONAL_OPENID', receiver_account: OPENID, receiver_name: '张三', amount: 100, description: '佣金' }], finish: false },
    { platformKey: cert },
  );
  assertApiError(await send(emu, { ...withCert, headers: [['Wechatpay-Serial', testKeys.publicKeyId]] }), 400, 'PARAM_ERROR', '参数错误：receiver_name 解密失败');
  assert.equal((await send(emu, withCert)).status, 200, 'and with the right serial it does');
  const wrongAppid = JSON.parse(spec('PN4', '张三').body);
  wrongAppid.appid = 'wx0000000000000000';
  assertApiError(await send(emu, raw('POST', '/v3/ecommerce/profitsharing/orders', wrongAppid, [['Wechatpay-Serial', testKeys.publicKeyId]])), 400, 'INVALID_REQUEST', 'appid与openid不匹配');
});

test('queries report PROCESSING, then FINISHED after the (scaled) processing delay', async () => {
  const e = await startEmulator({ timeScale: 0.1, processingDelaySec: 2 }); // 200 ms
  try {
    const t = await seeded(e);
    const r = await send(e, splitSpec(t.transaction_id, 'Q1', [[RECEIVER, 100]]));
    assert.equal(r.json.status, 'PROCESSING');
    assert.equal(r.json.receivers[0].result, 'PENDING');
    const q = () => send(e, wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'Q1' }));
    assert.equal((await q()).json.status, 'PROCESSING');
    await sleep(250);
    const done = await q();
    assert.equal(done.json.status, 'FINISHED');
    assert.equal(done.json.receivers[0].result, 'SUCCESS');
    assert.match(done.json.receivers[0].finish_time, /\+08:00$/);
    const typed = wx.profitSharing.parseResponse('queryOrder', done.body);
    assert.equal(typed.receivers[0].receiver_account, RECEIVER);
    // A return before its split finished is refused.
    const t2 = await seeded(e);
    await send(e, splitSpec(t2.transaction_id, 'Q2', [[RECEIVER, 100]]));
    assertApiError(
      await send(e, wx.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: 'Q2', out_return_no: 'QR2', return_mchid: RECEIVER, amount: 1, description: '回退' })),
      400,
      'INVALID_REQUEST',
      '原分账单处理中，请稍后重试',
    );
  } finally {
    await e.close();
  }
});

test('returns are limited to what the receiver got; personal receivers and strangers cannot be returned', async () => {
  const t = await seeded(emu, { receivers: [RECEIVER, RECEIVER2] });
  await send(emu, wx.profitSharing.addReceiver({ appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, relation_type: 'DISTRIBUTOR' }));
  const split = await send(emu, createRaw({ appid: APPID, ...orderBody(t.transaction_id, 'RT1', [[RECEIVER, 1000], [OPENID, 200, 'PERSONAL_OPENID']]) }));
  assert.equal(split.status, 200, split.body);
  await sleep(50);
  const ret = (no, account, amount, by = { out_order_no: 'RT1' }) =>
    send(emu, wx.profitSharing.createReturnOrder({ sub_mchid: SUB, ...by, out_return_no: no, return_mchid: account, amount, description: '回退' }));
  assert.equal((await ret('RR1', RECEIVER, 600)).status, 200);
  const byId = await ret('RR2', RECEIVER, 400, { order_id: split.json.order_id });
  assert.equal(byId.status, 200);
  assert.equal(byId.json.out_order_no, 'RT1');
  assertApiError(await ret('RR3', RECEIVER, 1), 403, 'NOT_ENOUGH', '回退金额超出原分账金额');
  assertApiError(await ret('RR4', RECEIVER2, 1), 400, 'INVALID_REQUEST', '回退方不是原分账接收方');
  assertApiError(await ret('RR5', '1900000100', 1, { out_order_no: 'nope' }), 404, 'RESOURCE_NOT_EXISTS', '分账单不存在');
  // Same out_return_no: same result; different amount: refused.
  const again = await ret('RR1', RECEIVER, 600);
  assert.equal(again.status, 200);
  assert.equal(again.json.return_no, (await ret('RR1', RECEIVER, 600)).json.return_no);
  assertApiError(await ret('RR1', RECEIVER, 601), 400, 'INVALID_REQUEST');
  await sleep(50);
  const q = await send(emu, wx.profitSharing.queryReturnOrder({ sub_mchid: SUB, out_order_no: 'RT1', out_return_no: 'RR1' }));
  assert.equal(q.json.result, 'SUCCESS');
  assert.equal(wx.profitSharing.parseResponse('queryReturnOrder', q.body).amount, 600);
  // Returns do not restore the splittable amount (spec B.0).
  assert.equal(await unsplit(t.transaction_id), 9940 - 1200);
  const view = (await admin(emu, `/transactions/${t.transaction_id}`)).json;
  assert.deepEqual(view.receivers.find((r) => r.account === RECEIVER), { type: 'MERCHANT_ID', account: RECEIVER, received: 1000, returned: 1000, net: 0 });
});

// ---- Payscore -------------------------------------------------------------------------------

const ORDER_PATH = (no, action) => `/v3/payscore/acquiringbank/serviceorder/${no}/${action}`;

test('Payscore: the state table gates every operation, with WeChat’s messages and Request-ID codes', async () => {
  const no = 'PSL1';
  const created = await send(emu, createServiceOrderSpec(no, 'https://127.0.0.1:9/notify'));
  assert.equal(created.status, 200, created.body);
  assert.equal(created.json.state, 'CREATED');
  assert.ok(created.json.package && created.json.order_id);
  // Same out_order_no, same parameters → the same order; other parameters → 271316598.
  assert.equal((await send(emu, createServiceOrderSpec(no, 'https://127.0.0.1:9/notify'))).json.order_id, created.json.order_id);
  const re = await send(emu, createServiceOrderSpec(no, 'https://127.0.0.1:9/notify', { service_introduction: '别的服务' }));
  assertApiError(re, 400, 'INVALID_REQUEST', '订单重入参数校验失败');
  assert.match(re.headers.get('request-id'), /-271316598$/);

  const complete = (total, extra = {}) =>
    send(emu, raw('POST', ORDER_PATH(no, 'complete'), { ...PAYSCORE, post_payments: [{ name: '租借费用', amount: 600 }], total_amount: total, time_range: { end_time: beijing() }, ...extra }));
  const r = await complete(600);
  assertApiError(r, 400, 'INVALID_REQUEST', '当前订单状态不合法');
  assert.match(r.headers.get('request-id'), /-271302262$/);

  emu.payscore.confirm(no);
  assertApiError(await complete(500), 400, 'PARAM_ERROR', '最终总金额计算非法');
  assertApiError(await complete(600, { time_range: { end_time: '20000101' } }), 400, 'PARAM_ERROR', '真实结束时间小于预计开始时间');
  assertApiError(await complete(600, { time_range: { end_time: beijing(3600_000) } }), 400, 'PARAM_ERROR', '实际结束时间不能晚于使用完结接口的时间');
  assertApiError(
    await complete(10000, { post_payments: [{ name: '租借费用', amount: 10000 }] }),
    400,
    'PARAM_ERROR',
    '订单总金额超过订单风险金额',
  );
  assert.equal((await complete(600)).status, 204);

  const q = await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: no }));
  assert.equal(q.json.state, 'DOING');
  assert.equal(q.json.state_description, 'MCH_COMPLETE');
  assert.deepEqual(q.json.collection, { state: 'USER_PAYING', total_amount: 600, paying_amount: 600, paid_amount: 0 });

  // Modify may not exceed the total at completion (acquiring-bank modify page, 2025.03.14).
  const modify = (total) => send(emu, raw('POST', ORDER_PATH(no, 'modify'), { ...PAYSCORE, post_payments: [{ name: '租借费用', amount: total }], total_amount: total, reason: '优惠' }));
  assertApiError(await modify(700), 400, 'PARAM_ERROR', '修改后的总金额不能超过完结订单时的总金额');
  assert.equal((await modify(500)).status, 204);

  const sync = await send(emu, wx.payScore.syncServiceOrder({ ...PAYSCORE, out_order_no: no, detail: { paid_time: beijing() } }));
  assert.equal(sync.status, 204);
  const done = await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: no }));
  assert.equal(done.json.state, 'DONE');
  assert.equal(done.json.collection.state, 'USER_PAID');
  assert.equal(done.json.collection.details[0].paid_type, 'MCH');
  assertApiError(await modify(400), 400, 'INVALID_REQUEST', '仅服务订单支付状态为待支付时，才可使用此能力');
  // A finished order cannot be cancelled (cancel while USER_PAYING: payscore-rules.test.mjs).
  const cancel = await send(emu, wx.payScore.cancelServiceOrder({ ...PAYSCORE, out_order_no: no, reason: '取消' }));
  assertApiError(cancel, 400, 'INVALID_REQUEST', '当前订单状态不满足撤销条件');
  assert.match(cancel.headers.get('request-id'), /-271316592$/);

  const missing = await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: 'NOPE' }));
  assertApiError(missing, 404, 'ORDER_NOT_EXIST', '查询单据不存在');
  assert.match(missing.headers.get('request-id'), /-271317510$/);
});

test('Payscore: cancel from CREATED or USER_CONFIRM; deduction info after complete; risk limit at create', async () => {
  assert.equal((await send(emu, createServiceOrderSpec('PSC1', 'https://127.0.0.1:9/n'))).status, 200);
  assert.equal((await send(emu, wx.payScore.cancelServiceOrder({ ...PAYSCORE, out_order_no: 'PSC1', reason: '不用了' }))).status, 204);
  assert.equal((await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: 'PSC1' }))).json.state, 'REVOKED');

  assert.equal((await send(emu, createServiceOrderSpec('PSC2', 'https://127.0.0.1:9/n', { need_user_confirm: false, openid: 'oX' }))).json.state, 'DOING');
  const reg = () => send(emu, wx.payScore.registerDeductInfo({ ...PAYSCORE, appid: APPID_INST, out_order_no: 'PSC2', out_trade_no: 'DT1' }));
  assertApiError(await reg(), 400, 'INVALID_REQUEST', '当前订单状态不合法');
  await send(emu, wx.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: 'PSC2', post_payments: [{ name: '租借费用', amount: 100 }], total_amount: 100, time_range: { end_time: beijing() } }));
  const ded = () => send(emu, wx.payScore.queryDeduction({ ...PAYSCORE, appid: APPID_INST, out_order_no: 'PSC2' }));
  assertApiError(await ded(), 404, 'RESOURCE_NOT_EXISTS');
  assert.equal((await reg()).json.description, '充电宝租借');
  assert.deepEqual((await ded()).json, { description: '充电宝租借', out_trade_no: 'DT1' });

  const big = await send(emu, createServiceOrderSpec('PSC3', 'https://127.0.0.1:9/n', { risk_fund: { name: 'DEPOSIT', amount: 3_000_000 } }));
  assertApiError(big, 400, 'PARAM_ERROR', '创建订单的订单风险金额超过此服务的服务风险金额');
});
