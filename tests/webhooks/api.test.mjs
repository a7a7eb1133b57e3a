// wechatpay-edge/webhooks in one process, on sql.js: argument errors are WxPayError
// (ERR_WXPAY_VALIDATION naming the argument), a failed apply rolls back and answers nack, and
// the single sql.js connection never lets another query into a transaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { WxPayError } from 'wechatpay-edge';
import { handleOnce, sqlStore, sqlJsDatabase, d1Store, eventsFromQuery, reconcile, markerTableSql } from 'wechatpay-edge/webhooks';

const SQL = await initSqlJs();
const fresh = () => {
  const db = sqlJsDatabase(new SQL.Database());
  return db;
};
const n = (key = `k${Math.random()}`) => ({ idempotencyKey: key, kind: 'split', data: {} });

test('bad arguments are ERR_WXPAY_VALIDATION naming the argument, never a bare TypeError', async () => {
  const cases = [
    [() => sqlStore(null), 'db'],
    [() => sqlStore({ query() {} }, { table: 'x; DROP TABLE y' }), 'options.table'],
    [() => d1Store({}), 'db'],
    [() => eventsFromQuery('refund', {}), 'kind'],
    [() => markerTableSql('1bad'), 'options.table'],
  ];
  for (const [fn, path] of cases) {
    assert.throws(fn, (e) => e instanceof WxPayError && e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === path, path);
  }
  await assert.rejects(handleOnce({ store: {}, notification: n() }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'store');
  await assert.rejects(handleOnce({ store: sqlStore(fresh()), notification: { kind: 'split' } }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'notification.idempotencyKey');
  await assert.rejects(reconcile({ pending: 'x', query() {}, handle() {} }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'pending');
});

test('apply fails → nack (500), the error returned, nothing committed; the next try processes once', async () => {
  const db = fresh();
  await db.query('CREATE TABLE ledger (k TEXT)');
  const store = sqlStore(db);
  const event = n('K1');
  const failing = await handleOnce({ store, notification: event, apply: async (e, tx) => {
    await tx.query('INSERT INTO ledger (k) VALUES ($1)', [e.idempotencyKey]);
    throw new Error('downstream unavailable');
  } });
  assert.equal(failing.outcome, 'failed');
  assert.equal(failing.reply.status, 500);
  assert.equal(failing.error.message, 'downstream unavailable');
  assert.equal((await db.query('SELECT COUNT(*) AS n FROM ledger')).rows[0].n, 0, 'rolled back');
  assert.equal(await store.seen('K1'), false);
  const apply = (e, tx) => tx.query('INSERT INTO ledger (k) VALUES ($1)', [e.idempotencyKey]);
  const ok = await handleOnce({ store, notification: event, apply });
  assert.deepEqual([ok.outcome, ok.reply.status], ['processed', 200]);
  const again = await handleOnce({ store, notification: event, apply });
  assert.deepEqual([again.outcome, again.reply.status], ['duplicate', 200]);
  assert.equal((await db.query('SELECT COUNT(*) AS n FROM ledger')).rows[0].n, 1);
});

test('sql.js: a query issued during a transaction runs after it, so a rollback never takes it along', async () => {
  const db = fresh();
  await db.query('CREATE TABLE ledger (k TEXT)');
  await db.query('CREATE TABLE orders (k TEXT)');
  const store = sqlStore(db);
  let outside;
  const r = await handleOnce({ store, notification: n('K2'), apply: async (e, tx) => {
    await tx.query('INSERT INTO ledger (k) VALUES ($1)', [e.idempotencyKey]);
    outside = db.query("INSERT INTO orders (k) VALUES ('independent')"); // another request's write
    await new Promise((res) => setTimeout(res, 20));
    throw new Error('fails after the other write was issued');
  } });
  assert.equal(r.outcome, 'failed');
  await outside;
  assert.equal((await db.query('SELECT COUNT(*) AS n FROM orders')).rows[0].n, 1, 'the independent write survived the rollback');
  assert.equal((await db.query('SELECT COUNT(*) AS n FROM ledger')).rows[0].n, 0);
});

test('stores made per request over one connection still serialise its transactions', async () => {
  const db = fresh();
  await db.query('CREATE TABLE ledger (k TEXT)');
  const apply = async (e, tx) => {
    await new Promise((res) => setTimeout(res, 2));
    await tx.query('INSERT INTO ledger (k) VALUES ($1)', [e.idempotencyKey]);
  };
  const results = await Promise.all(Array.from({ length: 30 }, () => handleOnce({ store: sqlStore(db), notification: n('K3'), apply })));
  assert.deepEqual(results.map((r) => r.reply.status), Array(30).fill(200));
  assert.equal(results.filter((r) => r.outcome === 'processed').length, 1);
  assert.equal((await db.query('SELECT COUNT(*) AS n FROM ledger')).rows[0].n, 1);
});
