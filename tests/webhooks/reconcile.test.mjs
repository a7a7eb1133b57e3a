// Issue 18: the emulator drops every delivery of the notification about one split (fault
// "drop deliveries"). examples/node/reconcile.mjs finds the split still PROCESSING, asks the
// emulator (prepare + fetch + verifyResponse + parseResponse) and processes the answer through
// the same once-per-key handler: the final state equals that of a split whose notification came.
// When the deliveries resume, the late notification is acked as a duplicate: still one row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as wx from 'wechatpay-edge';
import { startEmulator } from 'wechatpay-edge/emulator';
import { createServer, openDatabase } from '../../examples/node/server.mjs';
import { reconcileOrders, queryFromOptions } from '../../examples/node/reconcile.mjs';
import { testKeys, until } from './helpers.mjs';

const SUB = '1900000109';
const RECEIVER = testKeys.mchid; // the platform itself: a MERCHANT_ID receiver needing no receivers/add

let emu;
let database;
let app;
let base;
let options;
const merchantKey = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
const keys = wx.createPlatformKeySet([wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })], { merchantSerialNo: testKeys.merchantSerialNo });

before(async () => {
  // 1000× faster: the 3 s processing delay is 3 ms, WeChat's 15 s first retry 15 ms.
  emu = await startEmulator({ timeScale: 0.001 });
  database = await openDatabase({ sqliteFile: null });
  options = {
    mchid: testKeys.mchid,
    merchantSerialNo: testKeys.merchantSerialNo,
    merchantPrivateKey: testKeys.merchantPrivateKey,
    apiV3Key: testKeys.apiV3Key,
    publicKey: { id: testKeys.publicKeyId, pem: testKeys.publicKey },
    baseUrl: emu.url,
  };
  app = createServer({ ...options, db: database.db });
  await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${app.address().port}`;
  emu.setReceiverNotifyUrl(RECEIVER, `${base}/wechatpay/notify`);
});
after(async () => {
  await emu?.close();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve()));
  await database?.close();
});


async function split(outOrderNo, amount) {
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 10_000 });
  const res = await fetch(`${base}/profit-sharing/orders`, {
    method: 'POST',
    body: JSON.stringify({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: outOrderNo, receivers: [{ type: 'MERCHANT_ID', receiver_account: RECEIVER, amount, description: '平台服务费' }], finish: false }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return t.transaction_id;
}

/** The order and its ledger rows, without what differs by design (times, source, event id). */
async function finalState(outNo) {
  const order = (await database.db.query("SELECT state FROM orders WHERE kind = 'split' AND sub_mchid = $1 AND out_no = $2", [SUB, outNo])).rows[0];
  const ledger = (await database.db.query('SELECT idempotency_key, kind, sub_mchid, amount FROM ledger WHERE out_no = $1 ORDER BY id', [outNo])).rows;
  return { state: order?.state, ledger: ledger.map((r) => ({ kind: r.kind, sub_mchid: r.sub_mchid, amount: Number(r.amount) })), keys: ledger.map((r) => r.idempotency_key) };
}

const deliveriesOf = (outNo) => emu.deliveries().filter((d) => d.payload?.out_order_no === outNo);

test('a split whose notifications are all dropped: reconciliation settles it like a delivered one; the late notification is a duplicate', async () => {
  const delivered = `REC-OK-${Date.now()}`;
  const lost = `REC-LOST-${Date.now()}`;

  await split(delivered, 1500);
  await until(async () => (await finalState(delivered)).state === 'SETTLED', 10_000, 'the delivered notification');

  emu.dropDeliveries(lost);
  assert.deepEqual(
    (await (await fetch(`${emu.url}/_emulator/drops`)).json()).map((x) => x.out_order_no),
    [lost],
    'the control route lists the drop',
  );
  await split(lost, 1500);
  // WeChat Pay keeps trying: the first attempts are lost on the way.
  await until(() => deliveriesOf(lost).some((d) => d.attempts.filter((a) => a.kind === 'dropped').length >= 3), 10_000, 'three dropped attempts');
  assert.equal((await finalState(lost)).state, 'PROCESSING', 'no notification reached the handler');
  assert.deepEqual((await finalState(lost)).ledger, []);

  const query = queryFromOptions(options);
  const report = await reconcileOrders({ db: database.db, query, olderThanMs: 0 });
  assert.deepEqual(report.failed, []);
  assert.equal(report.processed, 1, JSON.stringify(report));

  const a = await finalState(delivered);
  const b = await finalState(lost);
  assert.equal(b.state, 'SETTLED');
  assert.deepEqual(b.ledger, a.ledger, 'the same final state as with delivery');

  // A second run finds nothing pending.
  assert.equal((await reconcileOrders({ db: database.db, query, olderThanMs: 0 })).checked, 0);

  // Deliveries resume: the late notification (its next scheduled retry) is acked as a duplicate.
  emu.restoreDeliveries(lost);
  const d = await until(() => deliveriesOf(lost).find((x) => x.state === 'delivered'), 30_000, 'the late delivery');
  assert.equal(d.attempts.at(-1).status, 200);
  const after = await finalState(lost);
  assert.deepEqual(after, b, 'the late notification changed nothing: its key is the one reconciliation used');
});

test('eventsFromQuery gives the keys parseNotification gives: split (per merchant receiver), return', async () => {
  const { eventsFromQuery } = await import('wechatpay-edge/webhooks');
  const { signNotification } = await import('wechatpay-edge/testing');
  const parse = (eventType, payload, originalType = 'profitsharing') => {
    const n = signNotification({ payload, eventType, summary: 'x', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.publicKeyPrivateKey, serial: testKeys.publicKeyId, originalType, associatedData: originalType });
    return wx.parseNotification({ headers: n.headers, body: n.body, keys, apiV3Key: testKeys.apiV3Key });
  };
  // Ids with characters the key percent-encodes.
  const splitAnswer = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000001', out_order_no: 'P 1|x', order_id: '3008000000000000000000000001', status: 'FINISHED', receivers: [
    { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: 'a', result: 'SUCCESS', finish_time: '2026-11-23T10:00:00+08:00', detail_id: '1' },
    { type: 'PERSONAL_OPENID', receiver_account: 'o-1', amount: 50, description: 'b', result: 'SUCCESS', detail_id: '2' },
    { type: 'MERCHANT_ID', receiver_account: '1900000111', amount: 70, description: 'c', result: 'PENDING', detail_id: '3' },
  ] };
  const events = eventsFromQuery('split', splitAnswer);
  assert.equal(events.length, 1, 'only settled merchant receivers');
  const n = parse('PROFITSHARING.SUCCESS', { sub_mchid: '1900000109', transaction_id: splitAnswer.transaction_id, order_id: splitAnswer.order_id, out_order_no: splitAnswer.out_order_no, receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 100, description: 'a' }, success_time: '2026-11-23T10:00:00+08:00' });
  assert.equal(events[0].idempotencyKey, n.idempotencyKey);
  assert.equal(events[0].kind, n.kind);

  const ret = { sub_mchid: '1900000109', order_id: splitAnswer.order_id, out_order_no: 'P1', out_return_no: 'R 1', return_mchid: '1900000110', amount: 30, return_no: '3009000000000000000000000001', result: 'SUCCESS', finish_time: '2026-11-23T10:00:00+08:00', description: 'r' };
  const [re] = eventsFromQuery('return', ret);
  const rn = parse('PROFITSHARING.RETURN', { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000001', order_id: ret.return_no, out_order_no: ret.out_return_no, receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 30, description: 'r' }, success_time: ret.finish_time });
  assert.equal(re.idempotencyKey, rn.idempotencyKey);
  assert.equal(re.kind, rn.kind);
  assert.deepEqual(eventsFromQuery('return', { ...ret, result: 'PROCESSING' }), []);
});

test('Payscore: the key eventsFromQuery gives a DONE order is the key of its last PAYSCORE.USER_PAID notification', async () => {
  const { eventsFromQuery } = await import('wechatpay-edge/webhooks');
  const PAYSCORE = { service_id: '2002000000000558128851361561536', sub_mchid: SUB, channel_id: '1900000108' };
  const no = `PSREC${Date.now()}`;
  const beijing = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const send = async (spec) => {
    const req = wx.prepare(merchantKey, spec, { baseUrl: emu.url });
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    wx.verifyResponse({ status: res.status, headers: res.headers, body: text, keys });
    return { status: res.status, text };
  };
  // notify_url must be https: the emulator rewrites it to the example on loopback.
  await fetch(`${emu.url}/_emulator/notify-rewrites`, { method: 'POST', body: JSON.stringify({ from: 'https://shop.example.com/', to: `${base}/` }) });
  await send(wx.payScore.createServiceOrder({ ...PAYSCORE, appid: 'wxd678efh567hg6787', out_order_no: no, service_introduction: '充电宝租借', post_payments: [{ name: '租借费用', amount: 300 }], risk_fund: { name: 'DEPOSIT', amount: 9900 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://shop.example.com/wechatpay/notify' }));
  emu.payscore.confirm(no, { openid: 'oUser1' });
  await send(wx.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: no, post_payments: [{ name: '租借费用', amount: 600 }], total_amount: 600, time_range: { end_time: beijing() } }));
  emu.payscore.pay(no, { amount: 200 });
  emu.payscore.pay(no, {});
  await emu.settle(5000);
  const keysSeen = (await database.db.query("SELECT idempotency_key FROM ledger WHERE kind = 'payscoreUserPaid' AND idempotency_key LIKE $1 ORDER BY id", [`%${no}%`])).rows.map((r) => r.idempotency_key);
  assert.equal(keysSeen.length, 2, 'two USER_PAID notifications processed');
  const q = await send(wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: no }));
  const answer = wx.payScore.parseResponse('queryServiceOrder', q.status, q.text);
  const events = eventsFromQuery('payscore', answer);
  assert.equal(events.length, 1);
  assert.equal(events[0].idempotencyKey, keysSeen[1], 'the final payment');
  assert.equal(events[0].kind, 'payscoreUserPaid');
});
