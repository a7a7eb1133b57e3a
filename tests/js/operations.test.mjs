// Issue 19 operations through the packed package, on the node and the wasm-only paths:
// after-sales service-fee split (wechatpay-java ecommerceprofitsharing AfterSalesOrder models,
// wechatpay-im openapi/v3/ecommerce/profitsharing/after-sales-orders.md), acquiring-bank
// authorization (doc/v3/partner/4012691489, 4012461004, 4012461012 and the auth-order-callback
// page, 2025.04.22) and the pay-on-delivery order (doc/v3/partner/4012783674, 2024.11.01).
// Exact specs are written out by hand from those pages.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadEntries } from './helpers/entries.mjs';
import { fx } from './helpers/fixtures.mjs';
import { issuesOf } from './helpers/issues.mjs';

const T = 1700000000;
const SUB = '1900000109';
const TX = '4208450740201411110007820472';
const REFUND = '50000000382019052709732678859';
const IDS = { service_id: '2002000000000558128851361561536', channel_id: '1230000109', sub_mchid: SUB };

let E;
const paths = [];

before(async () => {
  E = await loadEntries();
  for (const api of [E.node, E.browser]) {
    const cert = api.importPlatformCertificate(fx.platformCert);
    paths.push({ api, keys: api.createPlatformKeySet([cert]) });
  }
});


test('profitSharing.createAfterSalesOrder / queryAfterSalesOrder: exact specs, every rule, typed answers', () => {
  for (const { api } of paths) {
    const ps = api.profitSharing;
    assert.deepEqual(ps.createAfterSalesOrder({ refund_id: REFUND, scene: 'CHANGE_TICKET', type: 'SERVICE_FEE_INCOME', amount: 10, transaction_id: TX, sub_mchid: SUB }), {
      method: 'POST',
      pathAndQuery: '/v3/ecommerce/profitsharing/after-sales-orders',
      headers: [],
      body: `{"sub_mchid":"${SUB}","transaction_id":"${TX}","amount":10,"type":"SERVICE_FEE_INCOME","scene":"CHANGE_TICKET","refund_id":"${REFUND}"}`,
    });
    assert.deepEqual(ps.queryAfterSalesOrder({ transaction_id: TX, sub_mchid: SUB }), {
      method: 'GET',
      pathAndQuery: `/v3/ecommerce/profitsharing/after-sales-orders?sub_mchid=${SUB}&transaction_id=${TX}`,
      headers: [],
      body: null,
    });
    assert.deepEqual(issuesOf(() => ps.createAfterSalesOrder({ sub_mchid: SUB, transaction_id: TX, amount: 1.5, type: 'FEE', scene: 'REFUND', refund_id: REFUND })), [
      'amount:not_integer',
      'type:invalid_enum',
      'scene:invalid_enum',
    ]);
    assert.deepEqual(issuesOf(() => ps.createAfterSalesOrder({ sub_mchid: SUB, transaction_id: TX, amount: 0, type: 'SERVICE_FEE_INCOME', scene: 'RETURN_GOODS' })), [
      'amount:not_positive',
      'refund_id:required',
    ]);
    assert.deepEqual(issuesOf(() => ps.queryAfterSalesOrder({ sub_mchid: SUB })), ['transaction_id:required']);
    const r = ps.parseResponse('queryAfterSalesOrder', `{"sub_mchid":"${SUB}","transaction_id":"${TX}","amount":10,"result":"SUCCESS","finish_time":"2025-01-01T10:00:00+08:00","later":1}`);
    assert.deepEqual(r, { sub_mchid: SUB, transaction_id: TX, amount: 10, result: 'SUCCESS', finish_time: '2025-01-01T10:00:00+08:00', later: 1 });
    assert.equal(ps.parseResponse('createAfterSalesOrder', `{"sub_mchid":"${SUB}","transaction_id":"${TX}","amount":10}`).amount, 10);
    assert.equal(ps.parseResponse('queryAfterSalesOrder', `{"sub_mchid":"1","transaction_id":"2","amount":1,"result":"HELD"}`).result, 'HELD');
  }
});

test('payScore.applyPermissions / queryPermissions / terminatePermissions: exact specs and answers', () => {
  for (const { api } of paths) {
    const pay = api.payScore;
    assert.deepEqual(pay.applyPermissions({ ...IDS, appid: 'wxd678efh567hg6787', authorization_code: 'AUTH|1', notify_url: 'https://bank.example.com/auth' }), {
      method: 'POST',
      pathAndQuery: '/v3/payscore/acquiringbank/permissions',
      headers: [],
      body: `{"service_id":"${IDS.service_id}","channel_id":"1230000109","appid":"wxd678efh567hg6787","sub_mchid":"${SUB}","authorization_code":"AUTH|1","notify_url":"https://bank.example.com/auth"}`,
    });
    assert.deepEqual(pay.queryPermissions({ ...IDS, authorization_code: 'AUTH|1' }), {
      method: 'GET',
      pathAndQuery: `/v3/payscore/acquiringbank/permissions/authorization-code/AUTH%7C1?service_id=${IDS.service_id}&channel_id=1230000109&sub_mchid=${SUB}`,
      headers: [],
      body: null,
    });
    assert.deepEqual(pay.terminatePermissions({ ...IDS, authorization_code: 'AUTH1', reason: '用户要求' }), {
      method: 'POST',
      pathAndQuery: '/v3/payscore/acquiringbank/permissions/authorization-code/AUTH1/terminate',
      headers: [],
      body: `{"service_id":"${IDS.service_id}","channel_id":"1230000109","sub_mchid":"${SUB}","reason":"用户要求"}`,
    });
    assert.deepEqual(issuesOf(() => pay.applyPermissions({ ...IDS, appid: 'wx1', authorization_code: 'a b', notify_url: 'http://x.example/n' })), ['authorization_code:charset', 'notify_url:not_https']);
    assert.deepEqual(issuesOf(() => pay.terminatePermissions({ ...IDS, authorization_code: 'A1' })), ['reason:required']);
    assert.deepEqual(pay.parseResponse('applyPermissions', 200, '{"apply_permissions_token":"TOKEN"}'), { apply_permissions_token: 'TOKEN' });
    assert.equal(pay.parseResponse('queryPermissions', 200, '{"authorization_code":"A1","authorization_state":"AVAILABLE"}').authorization_state, 'AVAILABLE');
    assert.deepEqual(pay.parseResponse('terminatePermissions', 204, ''), { status: 204 });
    assert.throws(() => pay.parseResponse('terminatePermissions', 404, '{"code":"ORDER_NOT_EXIST","message":"x"}'), (e) => e.code === 'ERR_WXPAY_API');
  }
});

test('payScore.createPayOnDeliveryOrder: create\'s money rules plus shopping_info', () => {
  const order = {
    ...IDS,
    appid: 'wxd678efh567hg6787',
    out_order_no: 'POD-1',
    service_introduction: '先用后付',
    post_payments: [{ name: '耳机', amount: 39900, count: 1 }],
    risk_fund: { name: 'ESTIMATE_ORDER_COST', amount: 39900 },
    time_range: { start_time: 'OnAccept' },
    notify_url: 'https://bank.example.com/payscore',
    shopping_info: { jump_link: { jump_link_type: 'JUMP_LINK_MINI_PROGRAM', appid: 'wxd678efh567hg6787', path: '/o?id=1' }, goods: [{ name: '耳机', picture: 'https://img.example.com/p.png', amount: 39900, count: 1 }] },
  };
  for (const { api } of paths) {
    const pay = api.payScore;
    const spec = pay.createPayOnDeliveryOrder(order);
    assert.equal(spec.pathAndQuery, '/v3/payscore/acquiringbank/servicepayondeliveryorder');
    const body = JSON.parse(spec.body);
    assert.deepEqual(Object.keys(body), ['service_id', 'appid', 'sub_mchid', 'channel_id', 'out_order_no', 'service_introduction', 'post_payments', 'risk_fund', 'time_range', 'notify_url', 'shopping_info']);
    assert.deepEqual(body.shopping_info, order.shopping_info);
    // The same rule, from the same code, as createServiceOrder.
    const bad = { ...order, post_discounts: [{ name: '券', description: 'd', amount: 40000 }], shopping_info: { jump_link: { jump_link_type: 'H5' }, goods: [{ name: 'x', picture: 'p', amount: '1', count: 0 }] } };
    assert.deepEqual(issuesOf(() => pay.createPayOnDeliveryOrder(bad)), [
      'post_discounts:discounts_exceed_payments',
      'shopping_info.jump_link.jump_link_type:unknown_value',
      'shopping_info.goods[0].picture:format',
      'shopping_info.goods[0].amount:type',
      'shopping_info.goods[0].count:out_of_range',
    ]);
    const same = { ...order, post_discounts: [{ name: '券', description: 'd', amount: 40000 }] };
    delete same.shopping_info;
    assert.deepEqual(issuesOf(() => pay.createServiceOrder(same)), ['post_discounts:discounts_exceed_payments']);
    const created = pay.parseResponse('createPayOnDeliveryOrder', 200, JSON.stringify({ out_order_no: 'POD-1', state: 'CREATED', package: 'PKG', shopping_info: { goods: [{ name: '耳机', amount: 550, count: 1, sku: 'S' }] } }));
    assert.deepEqual([created.state, created.package, created.shopping_info.goods[0].sku], ['CREATED', 'PKG', 'S']);
  }
});

function signed(payload, eventType, summary) {
  return E.nodeTesting.signNotification({ payload, eventType, summary, apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, id: 'EV-AUTH1', originalType: 'payscore', timestamp: T, nonce: 'fdasfjihihihlkja484w' });
}

test('parseNotification types PAYSCORE.USER_OPEN_SERVICE / USER_CLOSE_SERVICE; other spellings stay other', () => {
  const payload = { appid: 'wx1', mchid: '1230000109', sub_mchid: SUB, channel_id: '1230000109', service_id: '500001', openid: 'oUp', user_service_status: 'USER_OPEN_SERVICE', openorclose_time: '20250422101010', authorization_code: 'A|1' };
  for (const { api, keys } of paths) {
    const open = signed(payload, 'PAYSCORE.USER_OPEN_SERVICE', '授权成功');
    const n = api.parseNotification({ headers: open.headers, body: open.body, keys, apiV3Key: fx.apiV3Key, now: T });
    assert.deepEqual([n.kind, n.idempotencyKey, n.data.event_type], ['payscoreUserOpenService', `${SUB}|A%7C1|PAYSCORE.USER_OPEN_SERVICE|20250422101010`, 'PAYSCORE.USER_OPEN_SERVICE']);
    assert.deepEqual(n.data.payload, payload);
    const close = signed({ ...payload, user_service_status: 'USER_CLOSE_SERVICE', openorclose_time: '20250501101010' }, 'PAYSCORE.USER_CLOSE_SERVICE', '解除授权成功');
    const c = api.parseNotification({ headers: close.headers, body: close.body, keys, apiV3Key: fx.apiV3Key, now: T });
    assert.deepEqual([c.kind, c.idempotencyKey], ['payscoreUserCloseService', `${SUB}|A%7C1|PAYSCORE.USER_CLOSE_SERVICE|20250501101010`]);
    const bare = signed({ openid: 'oUp' }, 'PAYSCORE.USER_OPEN_SERVICE', '授权成功');
    assert.equal(api.parseNotification({ headers: bare.headers, body: bare.body, keys, apiV3Key: fx.apiV3Key, now: T }).idempotencyKey, 'event:EV-AUTH1');
    const odd = signed(payload, 'PAYSCORE.USER_OPEN', '授权');
    assert.equal(api.parseNotification({ headers: odd.headers, body: odd.body, keys, apiV3Key: fx.apiV3Key, now: T }).kind, 'other');
  }
});
