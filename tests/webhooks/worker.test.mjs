// Issue 18: examples/worker in real workerd (miniflare) on D1 and on a Durable Object. 50
// concurrent duplicate deliveries of one notification are processed exactly once (one ledger
// row), in one workerd and spread over three workerd processes sharing one D1 persistence
// directory; a processing failure is a nack and the retry processes once.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import * as wx from 'wechatpay-edge';
import { bundleForWorkerd, workerBindings, splitPayload, delivery, testKeys } from './helpers.mjs';

const WORKER = new URL('./workers/worker-under-test.js', import.meta.url);
const NOTIFY = 'http://worker.test/wechatpay/notify';
const keys = wx.createPlatformKeySet([wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })]);
const keyOf = (d) => wx.parseNotification({ headers: d.headers, body: d.body, keys, apiV3Key: testKeys.apiV3Key }).idempotencyKey;

const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'wxe-webhooks-'));
  dirs.push(d);
  return d;
};

/** workerd's own log of the shared-file runs: counted (SQLITE_BUSY across processes), not printed. */
const busy = { n: 0 };
function countBusy(stdout, stderr) {
  stdout.resume();
  stderr.on('data', (chunk) => (busy.n += (String(chunk).match(/SQLITE_BUSY/g) ?? []).length));
}

const post = (mf, d) => mf.dispatchFetch(NOTIFY, { method: 'POST', headers: d.headers, body: d.body });
async function status(mf, d) {
  const res = await post(mf, d);
  await res.text();
  return res.status;
}

/** All copies started at once inside the worker (see /__burst): their statuses. */
const burst = async (mf, copies) => (await mf.dispatchFetch('http://worker.test/__burst', { method: 'POST', body: JSON.stringify(copies) })).json();

async function ledgerRows(db, key) {
  return (await db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE idempotency_key = ?').bind(key).first()).n;
}

test('D1, one workerd: 50 concurrent duplicates (each signed anew) → all acked, one ledger row, one marker', async () => {
  const mf = new Miniflare({ ...bundleForWorkerd(WORKER), d1Databases: ['DB'], bindings: workerBindings });
  try {
    const payload = splitPayload();
    const copies = Array.from({ length: 50 }, (_, i) => delivery(payload, { id: `EV-D1-${i}` }));
    const key = keyOf(copies[0]);
    const statuses = [...(await burst(mf, copies.slice(0, 40))), ...(await Promise.all(copies.slice(40).map((d) => status(mf, d))))];
    assert.deepEqual([...new Set(statuses)], [200], JSON.stringify(statuses));
    const db = await mf.getD1Database('DB');
    assert.equal(await ledgerRows(db, key), 1, 'processed exactly once');
    assert.equal((await db.prepare('SELECT COUNT(*) AS n FROM wechatpay_notifications WHERE idempotency_key = ?').bind(key).first()).n, 1);
    // Redelivered later: acked, still one row.
    assert.equal(await status(mf, delivery(payload, { id: 'EV-D1-LATE' })), 200);
    assert.equal(await ledgerRows(db, key), 1);
  } finally {
    await mf.dispose();
  }
});

test('D1, processing fails: 500 and nothing written (no marker, no row); the retry processes once and acks', async () => {
  const mf = new Miniflare({ ...bundleForWorkerd(WORKER), d1Databases: ['DB'], bindings: workerBindings });
  try {
    const payload = splitPayload({ outOrderNo: `FAIL-ONCE-${Date.now()}` });
    const key = keyOf(delivery(payload));
    assert.equal(await status(mf, delivery(payload)), 500);
    const db = await mf.getD1Database('DB');
    assert.equal(await ledgerRows(db, key), 0);
    assert.equal((await db.prepare('SELECT COUNT(*) AS n FROM wechatpay_notifications WHERE idempotency_key = ?').bind(key).first()).n, 0, 'no marker without the business write');
    assert.equal(await status(mf, delivery(payload)), 200);
    assert.equal(await status(mf, delivery(payload)), 200);
    assert.equal(await ledgerRows(db, key), 1);
  } finally {
    await mf.dispose();
  }
});

test('D1, three workerd processes sharing one persistence directory: 50 concurrent duplicates spread over them → one ledger row; every copy is acked (after WeChat-style retries of any 5xx)', async () => {
  const dir = tempDir();
  // Started one after another: workerd opens the SQLite files at start-up and two processes
  // opening them at the same instant can see SQLITE_BUSY there.
  const instances = [];
  try {
    for (let i = 0; i < 3; i++) {
      const mf = new Miniflare({ ...bundleForWorkerd(WORKER), d1Databases: { DB: 'shared-db' }, d1Persist: dir, bindings: workerBindings, handleRuntimeStdio: countBusy });
      instances.push(mf);
      await mf.ready;
    }
    // Create the tables first through one instance, so the race below is on the marker only.
    const warm = splitPayload();
    assert.equal(await status(instances[0], delivery(warm)), 200);
    const payload = splitPayload();
    const copies = Array.from({ length: 50 }, (_, i) => delivery(payload, { id: `EV-SHARED-${i}` }));
    const key = keyOf(copies[0]);
    const first = await Promise.all(copies.map((d, i) => status(instances[i % instances.length], d)));
    assert.ok(first.every((s) => s === 200 || s === 500), JSON.stringify(first));
    // A 5xx is WeChat Pay's cue to redeliver: retry those until acked (bounded).
    let pending = copies.filter((_, i) => first[i] !== 200);
    for (let round = 0; pending.length && round < 20; round++) {
      const again = await Promise.all(pending.map((d, i) => status(instances[(i + round) % instances.length], d)));
      pending = pending.filter((_, i) => again[i] !== 200);
    }
    assert.equal(pending.length, 0, 'every copy acked in the end');
    for (const mf of instances) {
      const db = await mf.getD1Database('DB');
      assert.equal(await ledgerRows(db, key), 1, 'processed exactly once, as every process sees it');
    }
    console.log(`# shared D1: first answers ${first.filter((s) => s === 200).length}×200, ${first.filter((s) => s !== 200).length}×5xx; workerd logged SQLITE_BUSY ${busy.n} times`);
  } finally {
    await Promise.all(instances.map((mf) => mf.dispose()));
  }
});

test('Durable Object per idempotency key (SQLite storage): 50 concurrent duplicates → all acked, one ledger row in the object, the order in D1 settled', async () => {
  const mf = new Miniflare({
    ...bundleForWorkerd(WORKER),
    durableObjects: { WEBHOOKS: { className: 'WebhookLedger', useSQLite: true } },
    d1Databases: ['DB'],
    bindings: workerBindings,
  });
  try {
    const payload = splitPayload();
    const db = await mf.getD1Database('DB');
    const schema = readFileSync(new URL('../../examples/worker/schema.sql', import.meta.url), 'utf8').replace(/--.*$/gm, '').split(';').map((q) => q.trim()).filter(Boolean);
    await db.batch(schema.map((q) => db.prepare(q)));
    await db.prepare("INSERT INTO orders (kind, sub_mchid, out_no, state, requested_at) VALUES ('split', ?, ?, 'PROCESSING', ?)").bind(payload.sub_mchid, payload.out_order_no, new Date().toISOString()).run();
    const copies = Array.from({ length: 50 }, (_, i) => delivery(payload, { id: `EV-DO-${i}` }));
    const key = keyOf(copies[0]);
    const statuses = [...(await burst(mf, copies.slice(0, 40))), ...(await Promise.all(copies.slice(40).map((d) => status(mf, d))))];
    assert.deepEqual([...new Set(statuses)], [200], JSON.stringify(statuses));
    const count = async () => (await mf.dispatchFetch(`http://worker.test/__do-count?key=${encodeURIComponent(key)}`)).json();
    assert.equal(await count(), 1);
    assert.equal(await status(mf, delivery(payload, { id: 'EV-DO-LATE' })), 200);
    assert.equal(await count(), 1);
    assert.equal((await db.prepare('SELECT state FROM orders WHERE out_no = ?').bind(payload.out_order_no).first()).state, 'SETTLED');
    assert.equal(await ledgerRows(db, key), 0, 'the ledger is in the object, not in D1');
  } finally {
    await mf.dispose();
  }
});
