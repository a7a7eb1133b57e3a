// Issue 18: examples/worker's Cron Trigger in real workerd against the emulator. The emulator
// drops every delivery about one split; the `scheduled` handler finds it PROCESSING in D1,
// queries the emulator from inside workerd (prepareAsync + fetch + verifyResponse +
// parseResponse) and settles it through the same once-per-key processing: the final state equals
// that of a split whose notification came, and the late notification is acked as a duplicate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Miniflare } from 'miniflare';
import { startEmulator } from 'wechatpay-edge/emulator';
import { bundleForWorkerd, workerBindings, testKeys, until } from './helpers.mjs';

const SUB = '1900000109';
const RECEIVER = testKeys.mchid;
let emu;
let mf;
let bridge;
let db;

before(async () => {
  emu = await startEmulator({ timeScale: 0.001 });
  mf = new Miniflare({
    ...bundleForWorkerd(new URL('./workers/worker-under-test.js', import.meta.url)),
    d1Databases: ['DB'],
    bindings: { ...workerBindings, WECHATPAY_BASE_URL: emu.url, RECONCILE_AFTER_SEC: '0' },
  });
  db = await mf.getD1Database('DB');
  // The emulator delivers over real HTTP; this loopback bridge hands each request to workerd.
  bridge = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const r = await mf.dispatchFetch(`http://worker.test${req.url}`, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
    const text = await r.text();
    res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  await new Promise((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  emu.setReceiverNotifyUrl(RECEIVER, `http://127.0.0.1:${bridge.address().port}/wechatpay/notify`);
});
after(async () => {
  await emu?.close();
  await new Promise((resolve) => (bridge ? bridge.close(resolve) : resolve()));
  await mf?.dispose();
});


async function split(outOrderNo) {
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 10_000 });
  const res = await mf.dispatchFetch('http://worker.test/profit-sharing/orders', {
    method: 'POST',
    body: JSON.stringify({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: outOrderNo, receivers: [{ type: 'MERCHANT_ID', receiver_account: RECEIVER, amount: 1200, description: '平台服务费' }], finish: false }),
  });
  assert.equal(res.status, 200, await res.text());
}

async function finalState(outNo) {
  const order = await db.prepare("SELECT state FROM orders WHERE kind = 'split' AND sub_mchid = ? AND out_no = ?").bind(SUB, outNo).first();
  const { results } = await db.prepare('SELECT idempotency_key, kind, sub_mchid, amount FROM ledger WHERE out_no = ? ORDER BY id').bind(outNo).all();
  return { state: order?.state, ledger: results.map((r) => ({ kind: r.kind, sub_mchid: r.sub_mchid, amount: r.amount })), keys: results.map((r) => r.idempotency_key) };
}

test('Workers Cron reconciliation on D1: a split whose notifications are all dropped ends like a delivered one; the late notification is a duplicate', async () => {
  const delivered = `WREC-OK-${Date.now()}`;
  const lost = `WREC-LOST-${Date.now()}`;
  await split(delivered);
  await until(async () => (await finalState(delivered)).state === 'SETTLED', 10_000, 'the delivered notification');

  emu.dropDeliveries(lost);
  await split(lost);
  const deliveriesOf = () => emu.deliveries().filter((d) => d.payload?.out_order_no === lost);
  await until(() => deliveriesOf().some((d) => d.attempts.filter((a) => a.kind === 'dropped').length >= 3), 10_000, 'dropped attempts');
  assert.equal((await finalState(lost)).state, 'PROCESSING');

  const worker = await mf.getWorker();
  await worker.scheduled({ cron: '*/10 * * * *' });
  const a = await finalState(delivered);
  const b = await finalState(lost);
  assert.equal(b.state, 'SETTLED', 'the scheduled handler settled it');
  assert.deepEqual(b.ledger, a.ledger, 'the same final state as with delivery');

  emu.restoreDeliveries(lost);
  // The DELETE control route does the same as restoreDeliveries; the list is empty again.
  assert.deepEqual(await (await fetch(`${emu.url}/_emulator/drops`)).json(), []);
  await until(() => deliveriesOf().find((d) => d.state === 'delivered'), 30_000, 'the late delivery');
  assert.deepEqual(await finalState(lost), b, 'the late notification changed nothing');
});

test('emulator drop control routes: POST validates, DELETE restores', async () => {
  const bad = await fetch(`${emu.url}/_emulator/drops`, { method: 'POST', body: JSON.stringify({ out_order_no: 7 }) });
  assert.equal(bad.status, 400);
  await bad.text();
  const ok = await fetch(`${emu.url}/_emulator/drops`, { method: 'POST', body: JSON.stringify({ out_order_no: 'X 1' }) });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).out_order_no, 'X 1');
  const del = await fetch(`${emu.url}/_emulator/drops/${encodeURIComponent('X 1')}`, { method: 'DELETE' });
  assert.deepEqual(await del.json(), { out_order_no: 'X 1', dropped: false, was_dropped: true });
  assert.deepEqual(await (await fetch(`${emu.url}/_emulator/drops`)).json(), []);
  const info = await (await fetch(`${emu.url}/_emulator`)).json();
  for (const route of ['GET /_emulator/drops', 'POST /_emulator/drops', 'DELETE /_emulator/drops/:out_order_no']) {
    assert.ok(info.control_routes.find((r) => r.route === route)?.does, `${route} is documented`);
  }
});
