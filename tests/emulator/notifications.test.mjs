// Notifications: signed and encrypted like WeChat Pay's, retried on the (scaled) real schedule
// until the handler answers 200/204, every attempt logged; duplicates, probes and stale
// deliveries on request.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  wx, testKeys, startEmulator, send, admin, webhook, until, seeded, splitSpec, keys, pubKey, cert,
  SUB, RECEIVER, RECEIVER2, OPENID, APPID, PAYSCORE, createServiceOrderSpec, beijing,
} from './helpers.mjs';

const cleanup = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});
async function setup(opts = {}, respond) {
  const emu = await startEmulator({ timeScale: 0.01, ...opts });
  const hook = await webhook(respond);
  cleanup.push(() => emu.close(), () => hook.close());
  return { emu, hook };
}
const parse = (entry, k = keys) => wx.parseNotification({ headers: entry.headers, body: entry.body, keys: k, apiV3Key: testKeys.apiV3Key });

test('分账动账通知: fails twice, then acked; retried 15 s / 15 s scaled by --time-scale; every attempt logged', async () => {
  const { emu, hook } = await setup({}, (n) => (n <= 2 ? 500 : 200));
  const t = await seeded(emu, { receivers: [RECEIVER, RECEIVER2] });
  const set = await admin(emu, `/receivers/${RECEIVER}/notify-url`, { url: `${hook.base}/ps/${RECEIVER}` });
  assert.equal(set.status, 200);
  const started = Date.now();
  const r = await send(emu, splitSpec(t.transaction_id, 'N1', [[RECEIVER, 2000], [RECEIVER2, 100]]));
  assert.equal(r.status, 200);
  const d = await until(() => emu.deliveries({ mchid: RECEIVER }).find((x) => x.state === 'delivered'), 3000, 'delivery');
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  assert.deepEqual(d.attempts.map((a) => [a.n, a.kind, a.status, a.ok]), [
    [1, 'delivery', 500, false],
    [2, 'delivery', 500, false],
    [3, 'delivery', 200, true],
  ]);
  assert.equal(d.genuine_attempts, 3);
  const gaps = [1, 2].map((i) => Date.parse(d.attempts[i].at) - Date.parse(d.attempts[i - 1].at));
  for (const g of gaps) assert.ok(g >= 140 && g < 1000, `gap ${g} ms should be ~150 ms (15 s × 0.01)`);

  // All three were the same notification, each freshly signed and verifiable.
  assert.equal(hook.received.length, 3);
  const parsed = hook.received.map((e) => parse(e));
  assert.equal(new Set(parsed.map((n) => n.id)).size, 1);
  const n = parsed[2];
  assert.equal(n.kind, 'split');
  assert.equal(n.eventType, 'PROFITSHARING.SUCCESS');
  assert.equal(n.summary, '分账');
  // Public-key mode by default: a key set holding only the WeChat Pay public key verifies it.
  assert.equal(n.verified.serial, testKeys.publicKeyId);
  assert.equal(parse(hook.received[2], [pubKey]).id, n.id);
  assert.throws(() => parse(hook.received[2], [cert]), { code: 'ERR_WXPAY_SERIAL_UNKNOWN' });
  // The record names the URL it was delivered to, like its attempts.
  assert.equal(d.url, `${hook.base}/ps/${RECEIVER}`);
  assert.equal(d.notify_url, `${hook.base}/ps/${RECEIVER}`);
  assert.ok(d.attempts.every((a) => a.url === d.url));
  assert.equal(n.data.sub_mchid, SUB);
  assert.equal(n.data.transaction_id, t.transaction_id);
  assert.equal(n.data.out_order_no, 'N1');
  assert.equal(n.data.order_id, r.json.order_id);
  assert.deepEqual(n.data.receivers.map((x) => [x.type, x.account, x.amount]), [['MERCHANT_ID', RECEIVER, 2000]]);
  assert.equal(hook.received[0].url, `/ps/${RECEIVER}`);

  // The receiver without a URL: skipped and logged, never sent.
  const skipped = emu.deliveries({ mchid: RECEIVER2 });
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0].state, 'skipped');
  // The HTTP view of the log matches.
  const log = (await admin(emu, '/deliveries?state=delivered')).json;
  assert.equal(log.length, 1);
  assert.equal(log[0].attempts.length, 3);
});

test('duplicate deliveries (fault) are processed once by an idempotent handler', async () => {
  const processed = new Map();
  let calls = 0;
  const { emu, hook } = await setup({}, (_n, entry) => {
    calls++;
    const note = parse(entry);
    processed.set(note.idempotencyKey, (processed.get(note.idempotencyKey) ?? 0) + (processed.has(note.idempotencyKey) ? 0 : 1));
    return 200;
  });
  const t = await seeded(emu);
  emu.setReceiverNotifyUrl(RECEIVER, `${hook.base}/n`);
  const fault = await admin(emu, '/faults', { duplicate: 3 });
  assert.equal(fault.status, 200);
  await send(emu, splitSpec(t.transaction_id, 'D1', [[RECEIVER, 300]]));
  const [d] = await emu.settle(3000);
  assert.equal(d.state, 'delivered');
  assert.equal(calls, 4);
  assert.deepEqual(d.attempts.map((a) => a.kind).sort(), ['delivery', 'duplicate', 'duplicate', 'duplicate']);
  assert.equal(processed.size, 1, 'one business event');
  assert.deepEqual([...processed.values()], [1]);
  assert.equal(new Set(hook.received.map((e) => JSON.parse(e.body).id)).size, 1, 'same notification id every time');
  assert.deepEqual((await admin(emu, '/faults')).json, [], 'the fault was used up');
});

test('a probe signature and a stale timestamp are sent first: a verifying handler rejects both, then gets the real one', async () => {
  const outcomes = [];
  const { emu, hook } = await setup({}, (_n, entry) => {
    try {
      parse(entry);
      outcomes.push('ok');
      return 204;
    } catch (e) {
      outcomes.push(e.code + (e.probe ? ' (probe)' : ''));
      return 401;
    }
  });
  const t = await seeded(emu);
  emu.setReceiverNotifyUrl(RECEIVER, `${hook.base}/n`);
  emu.injectFault({ probe: true, stale: true });
  await send(emu, splitSpec(t.transaction_id, 'P1', [[RECEIVER, 300]]));
  const [d] = await emu.settle(3000);
  assert.deepEqual(d.attempts.map((a) => [a.kind, a.status]), [
    ['probe', 401],
    ['stale', 401],
    ['delivery', 204],
  ]);
  assert.equal(outcomes[0], 'ERR_WXPAY_SIGNATURE_INVALID (probe)');
  assert.notEqual(outcomes[1], 'ok');
  assert.equal(outcomes[2], 'ok');
  assert.ok(hook.received[0].headers['wechatpay-signature'].startsWith('WECHATPAY/SIGNTEST/'));
  assert.ok(!d.attempts.some((a) => a.warning));

  // A handler that acks without verifying is flagged in the log.
  const careless = await setup({}, () => 200);
  const t2 = await seeded(careless.emu);
  careless.emu.setReceiverNotifyUrl(RECEIVER, `${careless.hook.base}/n`);
  careless.emu.injectFault({ probe: true });
  await send(careless.emu, splitSpec(t2.transaction_id, 'P2', [[RECEIVER, 300]]));
  const [d2] = await careless.emu.settle(3000);
  assert.match(d2.attempts[0].warning, /probe/);
});

test('never acked: 1 + 15 attempts on the schedule (24 h 4 min scaled), then given up', async () => {
  const { emu, hook } = await setup({ timeScale: 0.00001 }, () => 503);
  const t = await seeded(emu);
  emu.setReceiverNotifyUrl(RECEIVER, `${hook.base}/n`);
  await send(emu, splitSpec(t.transaction_id, 'G1', [[RECEIVER, 300]]));
  const [d] = await emu.settle(5000);
  assert.equal(d.state, 'failed');
  assert.equal(d.genuine_attempts, 16);
  assert.equal(hook.received.length, 16);
  assert.equal(d.next_attempt_at, null);
});

test('notify URLs off loopback are refused (never contacted) unless --allow-remote', async () => {
  const { emu } = await setup();
  const t = await seeded(emu);
  emu.setReceiverNotifyUrl(RECEIVER, 'http://192.0.2.10/notify'); // TEST-NET-1: refused before any connection
  await send(emu, splitSpec(t.transaction_id, 'L1', [[RECEIVER, 300]]));
  const [d] = await emu.settle(3000);
  assert.equal(d.state, 'failed');
  assert.equal(d.attempts[0].kind, 'refused');
  assert.match(d.attempts[0].error, /--allow-remote/);
});

test('分账回退 notification; signing certificate: notifications signed with the platform certificate', async () => {
  const { emu, hook } = await setup({ signing: 'certificate' });
  const t = await seeded(emu);
  emu.setReceiverNotifyUrl(RECEIVER, `${hook.base}/n`);
  await send(emu, splitSpec(t.transaction_id, 'RN1', [[RECEIVER, 300]]));
  await emu.settle(3000);
  const r = await send(emu, wx.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: 'RN1', out_return_no: 'RN1R', return_mchid: RECEIVER, amount: 120, description: '退款回退' }));
  assert.equal(r.status, 200, r.body);
  await emu.settle(3000);
  assert.equal(hook.received.length, 2);
  const n = parse(hook.received[1], [cert]);
  assert.equal(n.verified.serial, testKeys.platformSerial);
  assert.throws(() => parse(hook.received[1], [pubKey]), { code: 'ERR_WXPAY_SERIAL_UNKNOWN' });
  assert.equal(n.kind, 'return');
  assert.equal(n.summary, '分账回退');
  assert.equal(n.data.out_order_no, 'RN1R');
  assert.equal(n.data.order_id, r.json.return_no);
  assert.equal(n.data.receivers[0].amount, 120);
});

test('Payscore: USER_CONFIRM and USER_PAID reach notify_url (https on loopback is delivered over http)', async () => {
  const { emu, hook } = await setup();
  const port = new URL(hook.base).port;
  const no = 'PSN1';
  const created = await send(emu, createServiceOrderSpec(no, `https://127.0.0.1:${port}/payscore`));
  assert.equal(created.status, 200, created.body);
  const c = await admin(emu, `/payscore/${no}/confirm`, { openid: 'oUser1' });
  assert.equal(c.status, 200);
  assert.ok(c.json.query_id);
  await emu.settle(3000);
  const confirm = parse(hook.received[0]);
  assert.equal(confirm.kind, 'payscoreUserConfirm');
  assert.equal(confirm.data.payload.state, 'DOING');
  assert.equal(confirm.data.payload.state_description, 'USER_CONFIRM');
  assert.equal(confirm.data.payload.openid, 'oUser1');
  assert.equal(confirm.data.payload.channel_id, PAYSCORE.channel_id);
  // query_id from the confirmation page finds the order.
  const byQid = await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, query_id: c.json.query_id }));
  assert.equal(byQid.json.out_order_no, no);

  const done = await send(emu, wx.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: no, post_payments: [{ name: '租借费用', amount: 600 }], total_amount: 600, profit_sharing: true, time_range: { end_time: beijing() } }));
  assert.equal(done.status, 204, done.body);
  await send(emu, wx.payScore.registerDeductInfo({ ...PAYSCORE, appid: 'wxd678efh567hg6787', out_order_no: no, out_trade_no: 'DED1' }));
  const p1 = await admin(emu, `/payscore/${no}/pay`, { amount: 200 });
  assert.equal(p1.json.order.state, 'DOING');
  const p2 = await admin(emu, `/payscore/${no}/pay`, {});
  assert.equal(p2.json.order.state, 'DONE');
  await emu.settle(3000);
  const paid = hook.received.slice(1).map((e) => parse(e));
  assert.deepEqual(paid.map((n) => n.kind), ['payscoreUserPaid', 'payscoreUserPaid']);
  const last = paid[1].data.payload;
  assert.equal(last.state, 'DONE');
  assert.equal(last.collection.state, 'USER_PAID');
  assert.equal(last.collection.paid_amount, 600);
  assert.deepEqual(last.collection.details.map((x) => x.amount), [200, 400]);
  assert.equal(last.out_trade_no, 'DED1');
  assert.notEqual(paid[0].id, paid[1].id, 'two collections, two notifications');
  // profit_sharing: true at complete → the payments can be split.
  const txn = await admin(emu, `/transactions/${last.collection.details[1].transaction_id}`);
  assert.equal(txn.status, 200);
  assert.equal(txn.json.amount, 400);
  assert.equal(txn.json.profit_sharing, true);
  assert.equal((await admin(emu, `/payscore/${no}/pay`, {})).status, 409);
});

test('personal receivers get no notification; the paying side gets none', async () => {
  const { emu, hook } = await setup();
  const t = await seeded(emu);
  await send(emu, wx.profitSharing.addReceiver({ appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, relation_type: 'DISTRIBUTOR' }));
  emu.setReceiverNotifyUrl(SUB, `${hook.base}/payer`);
  const body = JSON.parse(splitSpec(t.transaction_id, 'X1', [[RECEIVER, 1]]).body);
  body.appid = APPID;
  body.receivers = [{ type: 'PERSONAL_OPENID', receiver_account: OPENID, amount: 100, description: '佣金' }];
  const r = await send(emu, { method: 'POST', pathAndQuery: '/v3/ecommerce/profitsharing/orders', body: JSON.stringify(body), headers: [['Wechatpay-Serial', testKeys.platformSerial]] });
  assert.equal(r.status, 200, r.body);
  await emu.settle(3000);
  assert.equal(emu.deliveries().length, 0);
  assert.equal(hook.received.length, 0);
});

// Issue 12 row 2: the emulator can deliver any event type, so handlers can be shown to ack
// (and store) authentic events this version cannot type.
test('POST /_emulator/notifications delivers an arbitrary event type (an unknown PROFITSHARING.*); it parses as "other"', async () => {
  const { emu, hook } = await setup({}, (n) => (n === 1 ? 500 : 200));
  emu.setReceiverNotifyUrl(RECEIVER, `${hook.base}/ps/${RECEIVER}`);
  const payload = { sub_mchid: SUB, frozen_amount: 100, new_member: { x: [1, 2] } };
  const r = await admin(emu, '/notifications', { receiver_mchid: RECEIVER, event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.event_type, 'PROFITSHARING.FROZEN');
  assert.equal(r.json.body, undefined);
  const d = await until(() => emu.deliveries({ event_type: 'PROFITSHARING.FROZEN' }).find((x) => x.state === 'delivered'), 3000, 'delivery');
  assert.deepEqual(d.attempts.map((a) => [a.n, a.status]), [[1, 500], [2, 200]]);
  const [a, b] = hook.received.map((e) => parse(e));
  assert.equal(JSON.parse(hook.received[0].body).resource.original_type, 'profitsharing');
  assert.deepEqual([a.kind, a.eventType, a.summary, a.data], ['other', 'PROFITSHARING.FROZEN', '分账冻结', payload]);
  assert.equal(a.idempotencyKey, `event:${d.notification_id}`);
  assert.equal(b.idempotencyKey, a.idempotencyKey, 'the retry has the same key');

  // A fixed URL and a v2-style TRANSACTION.SUCCESS with its original_type.
  const tx = await admin(emu, '/notifications', {
    url: `${hook.base}/fixed`, event_type: 'TRANSACTION.SUCCESS', summary: '分账回退', original_type: 'profitsharing',
    payload: { sub_mchid: SUB, transaction_id: '42', order_id: 'R1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: RECEIVER, amount: 5 } },
  });
  assert.equal(tx.status, 200, JSON.stringify(tx.json));
  await emu.settle(3000);
  const last = hook.received.at(-1);
  assert.equal(last.url, '/fixed');
  assert.equal(parse(last).kind, 'return');

  for (const bad of [{}, { url: `${hook.base}/x`, payload: {} }, { event_type: 'X', payload: {} }, { event_type: 'X', url: 'u', receiver_mchid: RECEIVER, payload: {} }, { event_type: 'X', url: 'u' }, { event_type: 1, url: 'u', payload: {} }]) {
    const e = await admin(emu, '/notifications', bad);
    assert.equal(e.status, 400, JSON.stringify(bad));
    assert.equal(e.json.code, 'PARAM_ERROR');
  }
});

test('signing both (the migration): notifications alternate public key, certificate; a key set with both verifies every one', async () => {
  const { emu, hook } = await setup({ signing: 'both' });
  assert.deepEqual(emu.keys.notifySerials, [testKeys.publicKeyId, testKeys.platformSerial]);
  for (let i = 0; i < 4; i++) {
    const r = await admin(emu, '/notifications', { url: `${hook.base}/m${i}`, event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: { i } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  const log = await emu.settle(3000);
  assert.deepEqual(log.map((d) => d.attempts[0].serial), [testKeys.publicKeyId, testKeys.platformSerial, testKeys.publicKeyId, testKeys.platformSerial]);
  const byPath = (p) => hook.received.find((e) => e.url === p);
  assert.deepEqual([0, 1, 2, 3].map((i) => parse(byPath(`/m${i}`)).verified.serial), log.map((d) => d.attempts[0].serial));
  // Either key alone refuses half of them.
  assert.throws(() => parse(byPath('/m1'), [pubKey]), { code: 'ERR_WXPAY_SERIAL_UNKNOWN' });
  assert.throws(() => parse(byPath('/m0'), [cert]), { code: 'ERR_WXPAY_SERIAL_UNKNOWN' });
});

test('delivery records: url is where the notification went (after --rewrite-notify), notify_url as given', async () => {
  const hook = await webhook();
  const emu = await startEmulator({ timeScale: 0.01, notifyRewrites: [{ from: 'https://shop.example.com/', to: `${hook.base}/local/` }] });
  cleanup.push(() => emu.close(), () => hook.close());
  const r = await admin(emu, '/notifications', { url: 'https://shop.example.com/wechatpay/notify', event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: {} });
  assert.equal(r.json.url, `${hook.base}/local/wechatpay/notify`, 'known at once for a fixed URL');
  const [d] = await emu.settle(3000);
  assert.equal(d.state, 'delivered');
  assert.equal(d.url, `${hook.base}/local/wechatpay/notify`);
  assert.equal(d.notify_url, 'https://shop.example.com/wechatpay/notify');
  assert.equal(d.attempts[0].url, d.url);
  assert.equal(hook.received[0].url, '/local/wechatpay/notify');
  const listed = (await admin(emu, '/deliveries')).json;
  assert.equal(listed[0].url, d.url);
  // A receiver without a notify URL: skipped, url null.
  const s = await admin(emu, '/notifications', { receiver_mchid: '1900000199', event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: {} });
  assert.equal(s.json.url, null);
  const skipped = (await emu.settle(3000)).find((x) => x.id === s.json.id);
  assert.equal(skipped.state, 'skipped');
  assert.equal(skipped.url, null);
});
