// Issue 19 operations over real HTTP on 127.0.0.1, through the package's builders and typed
// parsers: the after-sales service-fee split (wechatpay-java ecommerceprofitsharing
// CreateAfterSalesOrderRequest / QueryAfterSalesOrderResponse), the acquiring-bank authorization
// with its notifications (doc/v3/partner/4012691489, 4012461004, 4012461012, auth-order-callback
// page, 2025.04.22) and the pay-on-delivery order (doc/v3/partner/4012783674, 2024.11.01).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, testKeys, keys, startEmulator, send, raw, verified, admin, webhook, SUB, PAYSCORE, APPID_INST } from './helpers.mjs';

const cleanup = [];
after(async () => {
  for (const c of cleanup) await c();
});

async function setup() {
  const emu = await startEmulator({ timeScale: 0.01 });
  const hook = await webhook();
  cleanup.push(() => emu.close(), () => hook.close());
  return { emu, hook };
}

const parse = (entry) => wx.parseNotification({ headers: entry.headers, body: entry.body, keys, apiV3Key: testKeys.apiV3Key });
/** A verified, typed 2xx answer. */
function ok(r, parser) {
  const v = verified(r);
  assert.ok(v.ok, r.body);
  return parser(r.body);
}

test('after-sales split: created against a paid order, queried as SUCCESS; over-amount, unknown order and a reused refund_id answer like WeChat', async () => {
  const { emu } = await setup();
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 10000 });
  const base = { sub_mchid: SUB, transaction_id: t.transaction_id, type: 'SERVICE_FEE_INCOME', scene: 'REFUND_TICKET' };
  const c = await send(emu, wx.profitSharing.createAfterSalesOrder({ ...base, amount: 300, refund_id: '50000000382019052709732678859' }));
  assert.equal(c.status, 200, c.body);
  assert.deepEqual(ok(c, (b) => wx.profitSharing.parseResponse('createAfterSalesOrder', b)), { sub_mchid: SUB, transaction_id: t.transaction_id, amount: 300 });
  // The same request again is the same answer; another amount for that refund is refused.
  assert.equal((await send(emu, wx.profitSharing.createAfterSalesOrder({ ...base, amount: 300, refund_id: '50000000382019052709732678859' }))).status, 200);
  const reused = await send(emu, wx.profitSharing.createAfterSalesOrder({ ...base, amount: 301, refund_id: '50000000382019052709732678859' }));
  assert.deepEqual([reused.status, reused.json.code], [400, 'INVALID_REQUEST']);
  const q = await send(emu, wx.profitSharing.queryAfterSalesOrder({ sub_mchid: SUB, transaction_id: t.transaction_id }));
  const result = ok(q, (b) => wx.profitSharing.parseResponse('queryAfterSalesOrder', b));
  assert.equal(result.result, 'SUCCESS');
  assert.equal(result.amount, 300);
  assert.match(result.finish_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  // More than was paid in total, across after-sales splits.
  const over = await send(emu, wx.profitSharing.createAfterSalesOrder({ ...base, scene: 'RETURN_GOODS', amount: 9701, refund_id: '50000000382019052709732678860' }));
  assert.deepEqual([over.status, over.json.code], [403, 'NOT_ENOUGH']);
  const unknown = await send(emu, wx.profitSharing.createAfterSalesOrder({ ...base, transaction_id: '4200000000000000000000000001', amount: 1, refund_id: '5000' }));
  assert.deepEqual([unknown.status, unknown.json.code], [404, 'ORDER_NOT_EXIST']);
  // The builder's rules are the server's: a raw request with a wrong scene is PARAM_ERROR on scene.
  const bad = await send(emu, raw('POST', '/v3/ecommerce/profitsharing/after-sales-orders', { ...base, scene: 'REFUND', amount: 1, refund_id: '5001' }));
  assert.deepEqual([bad.status, bad.json.code, bad.json.detail.field], [400, 'PARAM_ERROR', 'scene']);
  const none = await send(emu, wx.profitSharing.queryAfterSalesOrder({ sub_mchid: SUB, transaction_id: '4200000000000000000000000002' }));
  assert.equal(none.status, 404);
});

test('authorization: pre-authorize → token, the user authorizes (USER_OPEN_SERVICE), query AVAILABLE, terminate (USER_CLOSE_SERVICE), query UNAVAILABLE', async () => {
  const { emu, hook } = await setup();
  const port = new URL(hook.base).port;
  const code = 'AUTH|19-1';
  const apply = wx.payScore.applyPermissions({ ...PAYSCORE, appid: APPID_INST, authorization_code: code, notify_url: `https://127.0.0.1:${port}/auth` });
  const a = await send(emu, apply);
  const token = ok(a, () => wx.payScore.parseResponse('applyPermissions', a.status, a.body)).apply_permissions_token;
  assert.ok(token.length > 0 && token.length <= 300);
  // Same request, same token; the code with other parameters is refused.
  assert.equal((await send(emu, apply)).json.apply_permissions_token, token);
  const clash = await send(emu, wx.payScore.applyPermissions({ ...PAYSCORE, appid: 'wx0000000000000001', authorization_code: code }));
  assert.deepEqual([clash.status, clash.json.code], [400, 'INVALID_REQUEST']);

  const query = async () => {
    const r = await send(emu, wx.payScore.queryPermissions({ ...PAYSCORE, authorization_code: code }));
    return ok(r, () => wx.payScore.parseResponse('queryPermissions', r.status, r.body));
  };
  assert.equal((await query()).authorization_state, 'UNBINDUSER');
  // Terminate before the user authorized: the record's state does not allow it.
  const early = await send(emu, wx.payScore.terminatePermissions({ ...PAYSCORE, authorization_code: code, reason: '用户要求' }));
  assert.deepEqual([early.status, early.json.code], [400, 'INVALID_ORDER_STATE']);

  const auth = await admin(emu, `/payscore-permissions/${encodeURIComponent(code)}/authorize`, { openid: 'oUser19' });
  assert.equal(auth.status, 200);
  const rec = await query();
  assert.deepEqual([rec.authorization_state, rec.openid, rec.authorization_code, rec.channel_id], ['AVAILABLE', 'oUser19', code, PAYSCORE.channel_id]);
  assert.ok(rec.authorization_success_time);

  const term = await send(emu, wx.payScore.terminatePermissions({ ...PAYSCORE, authorization_code: code, reason: '用户要求' }));
  assert.equal(term.status, 204, term.body);
  assert.deepEqual(wx.payScore.parseResponse('terminatePermissions', term.status, term.body), { status: 204 });
  const closed = await query();
  assert.equal(closed.authorization_state, 'UNAVAILABLE');
  assert.ok(closed.cancel_authorization_time);

  await emu.settle(3000);
  const got = hook.received.map(parse);
  assert.deepEqual(got.map((n) => n.kind), ['payscoreUserOpenService', 'payscoreUserCloseService']);
  assert.deepEqual(got.map((n) => n.data.payload.user_service_status), ['USER_OPEN_SERVICE', 'USER_CLOSE_SERVICE']);
  assert.equal(got[0].data.payload.openid, 'oUser19');
  for (const n of got) assert.ok(n.idempotencyKey.startsWith(`${SUB}|AUTH%7C19-1|${n.eventType}|`), n.idempotencyKey);

  // Unknown code, and other ids for a known one: not found.
  const missing = await send(emu, wx.payScore.queryPermissions({ ...PAYSCORE, authorization_code: 'NOPE' }));
  assert.deepEqual([missing.status, missing.json.code], [404, 'ORDER_NOT_EXIST']);
  const other = await send(emu, wx.payScore.queryPermissions({ ...PAYSCORE, sub_mchid: '1900000199', authorization_code: code }));
  assert.equal(other.status, 404);
});

test('authorization: the user revokes in WeChat; without notify_url nothing is sent', async () => {
  const { emu, hook } = await setup();
  assert.equal((await send(emu, wx.payScore.applyPermissions({ ...PAYSCORE, appid: APPID_INST, authorization_code: 'AUTH2' }))).status, 200);
  emu.payscore.authorize('AUTH2');
  assert.equal(emu.payscore.revoke('AUTH2').permission.authorization_state, 'UNAVAILABLE');
  assert.throws(() => emu.payscore.authorize('AUTH2'), /ended/);
  await emu.settle(3000);
  assert.equal(hook.received.length, 0);
});

test('pay-on-delivery order: created like a service order with its shopping_info, then queried and confirmed like one', async () => {
  const { emu } = await setup();
  const input = {
    ...PAYSCORE,
    appid: APPID_INST,
    out_order_no: 'POD19',
    service_introduction: '先用后付',
    post_payments: [{ name: '耳机', amount: 39900, count: 1 }],
    risk_fund: { name: 'ESTIMATE_ORDER_COST', amount: 39900 },
    time_range: { start_time: 'OnAccept' },
    notify_url: 'https://127.0.0.1:9/pod',
    shopping_info: { jump_link: { jump_link_type: 'JUMP_LINK_MINI_PROGRAM', appid: APPID_INST, path: '/order?id=POD19' }, goods: [{ name: '耳机', picture: 'https://img.example.com/p.png', amount: 39900, count: 1, category_id: ['6032'] }] },
  };
  const c = await send(emu, wx.payScore.createPayOnDeliveryOrder(input));
  assert.equal(c.status, 200, c.body);
  const created = ok(c, () => wx.payScore.parseResponse('createPayOnDeliveryOrder', c.status, c.body));
  assert.deepEqual([created.state, created.out_order_no], ['CREATED', 'POD19']);
  assert.ok(created.package);
  assert.deepEqual(created.shopping_info, input.shopping_info);
  emu.payscore.confirm('POD19');
  const q = await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: 'POD19' }));
  assert.deepEqual([q.json.state, q.json.state_description], ['DOING', 'USER_CONFIRM']);
  // Create's money rule holds here too, from the same builder code.
  const bad = await send(emu, raw('POST', '/v3/payscore/acquiringbank/servicepayondeliveryorder', { ...input, out_order_no: 'POD19B', post_discounts: [{ name: '券', description: 'd', amount: 40000 }] }));
  assert.deepEqual([bad.status, bad.json.code, bad.json.detail.field], [400, 'PARAM_ERROR', 'post_discounts']);
  const noGoods = await send(emu, raw('POST', '/v3/payscore/acquiringbank/servicepayondeliveryorder', { ...input, out_order_no: 'POD19C', shopping_info: undefined }));
  assert.deepEqual([noGoods.status, noGoods.json.detail.field], [400, 'shopping_info']);
});
