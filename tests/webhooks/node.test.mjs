// Issue 18: examples/node as 4 separate processes on one PostgreSQL (real server, `pg` client):
// 50 concurrent duplicate deliveries spread over them are processed exactly once; a process
// killed (SIGKILL) right after its commit and before its answer leaves a redelivery that is
// acked without processing again; a processing failure is a nack (5xx) and the retry processes
// once. And the zero-setup default, SQLite through sql.js in a file: the same, in one process,
// across a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as wx from 'wechatpay-edge';
import { startPostgres } from './postgres.mjs';
import { root, testKeys, splitPayload, delivery } from './helpers.mjs';

const SERVER = join(root, 'examples', 'node', 'server.mjs');
const keys = wx.createPlatformKeySet([wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })]);
const keyOf = (d) => wx.parseNotification({ headers: d.headers, body: d.body, keys, apiV3Key: testKeys.apiV3Key }).idempotencyKey;

const dir = mkdtempSync(join(tmpdir(), 'wxe-node-'));
const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const keyEnv = {
  WECHATPAY_MCHID: testKeys.mchid,
  WECHATPAY_MERCHANT_SERIAL: testKeys.merchantSerialNo,
  WECHATPAY_MERCHANT_KEY_FILE: file('merchant.pem', testKeys.merchantPrivateKey),
  WECHATPAY_APIV3_KEY: testKeys.apiV3Key,
  WECHATPAY_PUBLIC_KEY_ID: testKeys.publicKeyId,
  WECHATPAY_PUBLIC_KEY_FILE: file('pub.pem', testKeys.publicKey),
};

/** Starts `node server.mjs` on a free port; resolves with { url, child, exited }. */
function startServer(env) {
  const child = spawn(process.execPath, [SERVER], { env: { ...process.env, ...keyEnv, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c) => {
      out += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ url: m[1], child, exited });
      }
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening: ${err}`)));
  });
}

const post = (url, d) => fetch(`${url}/wechatpay/notify`, { method: 'POST', headers: d.headers, body: d.body });
async function status(url, d) {
  const res = await post(url, d);
  await res.text();
  return res.status;
}

let pgServer;
let client;
let servers = [];
before(async () => {
  pgServer = await startPostgres();
  client = new pg.Client({ connectionString: pgServer.url });
  await client.connect();
  // One after another: the first creates the tables (the others find them).
  for (let i = 0; i < 4; i++) {
    servers.push(await startServer({ DATABASE_URL: pgServer.url, WECHATPAY_TEST_KILL_AFTER_COMMIT: 'KILL-', WECHATPAY_TEST_FAIL_ONCE: 'FAIL-ONCE-' }));
  }
});
after(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  await client?.end();
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (key) => Number((await client.query('SELECT COUNT(*) AS n FROM ledger WHERE idempotency_key = $1', [key])).rows[0].n);
const markers = async (key) => Number((await client.query('SELECT COUNT(*) AS n FROM wechatpay_notifications WHERE idempotency_key = $1', [key])).rows[0].n);

test('PostgreSQL, 4 processes: 50 concurrent duplicates (each signed anew) spread over them → all acked, one ledger row', async () => {
  const payload = splitPayload();
  const copies = Array.from({ length: 50 }, (_, i) => delivery(payload, { id: `EV-PG-${i}` }));
  const key = keyOf(copies[0]);
  const statuses = await Promise.all(copies.map((d, i) => status(servers[i % 4].url, d)));
  assert.deepEqual([...new Set(statuses)], [200], JSON.stringify(statuses));
  assert.equal(await rows(key), 1, 'processed exactly once');
  assert.equal(await markers(key), 1);
});

test('PostgreSQL: kill -9 of the process after its commit, before its answer → the redelivery to another process is acked, not processed again', async () => {
  const victim = servers[0];
  const payload = splitPayload({ outOrderNo: `KILL-${Date.now()}` });
  const d = delivery(payload);
  const key = keyOf(d);
  const outcome = await post(victim.url, d).then((r) => `answered ${r.status}`, (e) => e.cause?.code ?? e.message);
  assert.doesNotMatch(outcome, /^answered/, 'the process died before answering');
  assert.equal((await victim.exited).signal, 'SIGKILL');
  assert.equal(await rows(key), 1, 'the commit survived the kill');
  // WeChat Pay saw no 200: it redelivers (to whichever process gets it).
  assert.equal(await status(servers[1].url, delivery(payload, { id: 'EV-KILL-REDELIVERY' })), 200);
  assert.equal(await status(servers[2].url, delivery(payload, { id: 'EV-KILL-REDELIVERY-2' })), 200);
  assert.equal(await rows(key), 1, 'acked without processing again');
  // The process comes back (as a supervisor would restart it) and acks it too.
  servers[0] = await startServer({ DATABASE_URL: pgServer.url });
  assert.equal(await status(servers[0].url, delivery(payload, { id: 'EV-KILL-REDELIVERY-3' })), 200);
  assert.equal(await rows(key), 1);
});

test('PostgreSQL: processing fails → 500 (nack) and nothing committed; the retry processes once and acks', async () => {
  const payload = splitPayload({ outOrderNo: `FAIL-ONCE-${Date.now()}` });
  const key = keyOf(delivery(payload));
  assert.equal(await status(servers[1].url, delivery(payload)), 500);
  assert.equal(await rows(key), 0);
  assert.equal(await markers(key), 0, 'no marker without the business write');
  // The retry lands on the same process (it fails only once per key), then on others.
  assert.equal(await status(servers[1].url, delivery(payload, { id: 'EV-RETRY-1' })), 200);
  assert.equal(await status(servers[3].url, delivery(payload, { id: 'EV-RETRY-2' })), 200);
  assert.equal(await rows(key), 1);
});

test('sql.js (zero setup, one file): 50 concurrent duplicates → one row; after a restart the redelivery is acked without processing', async () => {
  const sqliteFile = join(dir, 'example.sqlite');
  let s = await startServer({ SQLITE_FILE: sqliteFile, DATABASE_URL: '' });
  try {
    const payload = splitPayload();
    const copies = Array.from({ length: 50 }, (_, i) => delivery(payload, { id: `EV-SQLJS-${i}` }));
    const key = keyOf(copies[0]);
    const statuses = await Promise.all(copies.map((d) => status(s.url, d)));
    assert.deepEqual([...new Set(statuses)], [200]);
    s.child.kill('SIGTERM');
    await s.exited;
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs();
    const { readFileSync } = await import('node:fs');
    const count = () => {
      const db = new SQL.Database(readFileSync(sqliteFile));
      try {
        return db.exec('SELECT COUNT(*) FROM ledger WHERE idempotency_key = ?', [key])[0].values[0][0];
      } finally {
        db.close();
      }
    };
    assert.equal(count(), 1);
    s = await startServer({ SQLITE_FILE: sqliteFile, DATABASE_URL: '' });
    assert.equal(await status(s.url, delivery(payload, { id: 'EV-SQLJS-LATE' })), 200);
    s.child.kill('SIGTERM');
    await s.exited;
    assert.equal(count(), 1);
  } finally {
    s.child.kill('SIGKILL');
  }
});
