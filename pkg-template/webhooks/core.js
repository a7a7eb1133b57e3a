// wechatpay-edge/webhooks: process each notification exactly once on a transactional store and
// answer ack() only after the processing committed. Plain JavaScript over the store's own
// transactions; the replies (ack/nack bodies) come from the core through the runtime's entry.
//
// A store has one method, once(notification, apply, source) → 'processed' | 'duplicate': it
// records the notification's idempotency key and the business write in one transaction, and
// answers 'duplicate' (nothing written) when the key was recorded before. It throws when the
// transaction did not commit; the caller then answers nack (5xx) and WeChat Pay retries.

import { invalidType } from '../src/errors.js';

export const DEFAULT_TABLE = 'wechatpay_notifications';
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function tableName(options) {
  const t = options?.table ?? DEFAULT_TABLE;
  if (typeof t !== 'string' || !TABLE_NAME.test(t)) throw invalidType('options.table', 'a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters)', t);
  return t;
}

function keyOf(notification) {
  const key = notification?.idempotencyKey;
  if (typeof key !== 'string' || key.length === 0) throw invalidType('notification.idempotencyKey', 'a non-empty string (the object parseNotification returns)', key);
  return key;
}

const kindOf = (n) => (typeof n.kind === 'string' ? n.kind : 'other');

/** The marker table: one row per processed idempotency key (SQLite, D1 and PostgreSQL alike). */
export function markerTableSql(table = DEFAULT_TABLE) {
  tableName({ table });
  return `CREATE TABLE IF NOT EXISTS ${table} (idempotency_key TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, processed_at TEXT NOT NULL)`;
}

/** One promise chain: runs `fn`s one after another (a single connection's transactions). */
function serial() {
  let tail = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

/**
 * Per database object (a binding, a pool, a client) and table: the CREATE TABLE runs once, and a
 * single connection's transactions run one at a time, however many stores are made over it
 * (a store per request is fine).
 */
const perDb = new WeakMap();
function shared(db, name, make) {
  let m = perDb.get(db);
  if (!m) perDb.set(db, (m = new Map()));
  if (!m.has(name)) m.set(name, make());
  return m.get(name);
}

function lazy(fn) {
  let p = null;
  return () => {
    p ??= fn().catch((err) => {
      p = null;
      throw err;
    });
    return p;
  };
}

// ---- Cloudflare D1 ------------------------------------------------------------------------

/**
 * D1 (SQLite). `apply(n, { db })` returns the business statements (D1PreparedStatement[]) and
 * must not write by itself. They run in one `db.batch()` (one transaction) after a plain INSERT
 * of the marker: when the key exists the INSERT fails on the PRIMARY KEY and the whole batch,
 * business statements included, rolls back. The marker is then looked up: present means another
 * delivery committed first ('duplicate'); absent means the batch failed for another reason (thrown).
 */
export function d1Store(db, options = {}) {
  if (!db || typeof db.prepare !== 'function' || typeof db.batch !== 'function') throw invalidType('db', 'a D1 database binding (prepare, batch)', db);
  const table = tableName(options);
  const init = shared(db, `init:${table}`, () =>
    lazy(async () => {
      await db.prepare(markerTableSql(table)).run();
    }),
  );
  const seen = async (key) => (await db.prepare(`SELECT 1 AS seen FROM ${table} WHERE idempotency_key = ?`).bind(key).first()) !== null;
  return {
    kind: 'd1',
    table,
    init,
    seen: async (key) => (await init(), seen(key)),
    async once(n, apply, source = 'notification') {
      const key = keyOf(n);
      await init();
      if (await seen(key)) return 'duplicate'; // the common redelivery, without a failing batch
      const statements = apply ? ((await apply(n, { db })) ?? []) : [];
      if (!Array.isArray(statements)) throw invalidType('apply()', 'an array of D1 prepared statements (or nothing)', statements);
      const marker = db
        .prepare(`INSERT INTO ${table} (idempotency_key, kind, source, processed_at) VALUES (?, ?, ?, ?)`)
        .bind(key, kindOf(n), source, new Date().toISOString());
      try {
        await db.batch([marker, ...statements]);
        return 'processed';
      } catch (err) {
        if (await seen(key)) return 'duplicate';
        throw err;
      }
    },
  };
}

// ---- Durable Objects ----------------------------------------------------------------------

const DO_PATH = 'https://wechatpay-edge.webhooks/once';

/**
 * A Durable Object namespace as the store: each notification goes to the object named
 * `shard(n)` (default: its idempotency key), which records it and runs its own processing in one
 * storage transaction (`serveOnce` in the object's fetch). The processing lives in the object.
 */
export function durableObjectStore(namespace, options = {}) {
  if (!namespace || typeof namespace.idFromName !== 'function' || typeof namespace.get !== 'function') throw invalidType('namespace', 'a Durable Object namespace binding (idFromName, get)', namespace);
  const shard = options.shard ?? ((n) => n.idempotencyKey);
  return {
    kind: 'durable-object',
    async once(n, _apply, source = 'notification') {
      const key = keyOf(n);
      const stub = namespace.get(namespace.idFromName(String(shard(n))));
      const res = await stub.fetch(DO_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ source, notification: { idempotencyKey: key, kind: kindOf(n), eventType: n.eventType, id: n.id, summary: n.summary, data: n.data } }),
      });
      const body = await res.json().catch(() => null);
      if (res.status !== 200 || !body || (body.outcome !== 'processed' && body.outcome !== 'duplicate')) {
        throw new Error(`durable object answered ${res.status}${body && body.error ? `: ${body.error}` : ''}`);
      }
      return body.outcome;
    },
  };
}

/**
 * Inside the Durable Object (SQLite-backed storage): records `n` and runs `apply(n, sql)` in
 * one `transactionSync`. `apply(n, sql, source)` is synchronous and writes through `sql.exec`; when the key was
 * recorded before, nothing runs. The object is single-threaded and its storage transactional.
 */
export function onceInDurableObject(storage, n, apply, source = 'notification', options = {}) {
  if (!storage || !storage.sql || typeof storage.transactionSync !== 'function') throw invalidType('storage', 'a SQLite-backed Durable Object storage (ctx.storage: sql, transactionSync)', storage);
  const table = tableName(options);
  const key = keyOf(n);
  return storage.transactionSync(() => {
    storage.sql.exec(markerTableSql(table));
    const c = storage.sql.exec(`INSERT INTO ${table} (idempotency_key, kind, source, processed_at) VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`, key, kindOf(n), source, new Date().toISOString());
    c.toArray();
    if (c.rowsWritten === 0) return 'duplicate';
    if (apply) {
      const r = apply(n, storage.sql, source);
      if (r && typeof r.then === 'function') throw invalidType('apply()', 'synchronous (it runs inside transactionSync), not a promise', r);
    }
    return 'processed';
  });
}

/** The Durable Object's fetch for durableObjectStore: `return serveOnce(this.ctx, request, apply)`. */
export async function serveOnce(ctx, request, apply, options = {}) {
  const storage = ctx?.storage ?? ctx;
  let input;
  try {
    input = await request.json();
  } catch {
    return Response.json({ error: 'the body must be JSON' }, { status: 400 });
  }
  if (!input || !input.notification) return Response.json({ error: 'no notification' }, { status: 400 });
  try {
    const outcome = onceInDurableObject(storage, input.notification, apply, input.source === 'reconciliation' ? 'reconciliation' : 'notification', options);
    return Response.json({ outcome });
  } catch (err) {
    return Response.json({ error: err && err.name ? err.name : 'Error' }, { status: 500 });
  }
}

// ---- SQL: PostgreSQL (pg) and SQLite (sql.js) ---------------------------------------------

const isPool = (db) => typeof db.connect === 'function' && typeof db.idleCount === 'number';

/**
 * PostgreSQL through a pg-like client: `query(text, params) → { rows, rowCount }` with `$1`
 * placeholders. A pg Pool gives each transaction its own connection; a single Client runs them
 * one at a time. In one transaction: INSERT the marker ON CONFLICT DO NOTHING; no row inserted →
 * 'duplicate' (a concurrent inserter of the same key waits on the key until the first commits or
 * rolls back); else `await apply(n, tx)` (tx.query, same connection) and COMMIT.
 */
export function sqlStore(db, options = {}) {
  if (!db || typeof db.query !== 'function') throw invalidType('db', 'a pg Pool or Client (query(text, params))', db);
  const table = tableName(options);
  const one = shared(db, 'serial', serial);
  const init = shared(db, `init:${table}`, () =>
    lazy(async () => {
      try {
        await db.query(markerTableSql(table));
      } catch (err) {
        // Two processes creating the table at once: one wins, the other sees the type or table.
        if (err && (err.code === '23505' || err.code === '42P07')) return;
        throw err;
      }
    }),
  );
  async function withConnection(fn) {
    if (!isPool(db)) return one(() => fn(db));
    const client = await db.connect();
    const state = { broken: false };
    try {
      return await fn(client, state);
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: pg destroys it on release(true).
      client.release(state.broken ? true : undefined);
    }
  }
  return {
    kind: 'sql',
    table,
    init,
    async seen(key) {
      await init();
      return (await db.query(`SELECT 1 FROM ${table} WHERE idempotency_key = $1`, [key])).rowCount > 0;
    },
    async once(n, apply, source = 'notification') {
      const key = keyOf(n);
      await init();
      return withConnection(async (c, state = {}) => {
        await c.query('BEGIN');
        try {
          const r = await c.query(`INSERT INTO ${table} (idempotency_key, kind, source, processed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (idempotency_key) DO NOTHING`, [key, kindOf(n), source, new Date().toISOString()]);
          if (r.rowCount === 0) {
            await c.query('ROLLBACK');
            return 'duplicate';
          }
          if (apply) await apply(n, { query: (text, params) => c.query(text, params) });
          await c.query('COMMIT');
          return 'processed';
        } catch (err) {
          await c.query('ROLLBACK').catch(() => {
            state.broken = true;
          });
          throw err;
        }
      });
    },
  };
}

/**
 * A sql.js Database (SQLite in memory, one connection) behind the pg interface, so one `apply`
 * serves both: `$1` placeholders, `{ rows, rowCount }`, and pool-like `connect()` → a client
 * with `release()` holding the only connection, so a transaction never interleaves with another
 * query. `persist(db)` runs after each commit and each write outside a transaction (e.g. write
 * `db.export()` to a file).
 */
export function sqlJsDatabase(db, { persist } = {}) {
  if (!db || typeof db.prepare !== 'function' || typeof db.getRowsModified !== 'function') throw invalidType('db', 'a sql.js Database', db);
  const exclusive = serial();
  const run = (text, params = []) => {
    const stmt = db.prepare(String(text).replace(/\$(\d+)/g, '?$1'));
    try {
      stmt.bind(params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? Number(p) : p)));
      const rows = [];
      while (stmt.step()) rows.push(stmt.getAsObject());
      return { rows, rowCount: /^\s*(insert|update|delete)/i.test(text) ? db.getRowsModified() : rows.length };
    } finally {
      stmt.free();
    }
  };
  const writes = (text) => /^\s*(insert|update|delete|create|drop|alter)/i.test(text);
  return {
    db,
    /** For sqlStore: transactions go through connect(). */
    idleCount: 0,
    /** One statement, never inside someone else's transaction. */
    query(text, params) {
      return exclusive(async () => {
        const r = run(text, params);
        if (persist && writes(text)) await persist(db);
        return r;
      });
    },
    /** The connection, held until release(). */
    connect() {
      return new Promise((resolveClient) => {
        exclusive(
          () =>
            new Promise((release) => {
              resolveClient({
                async query(text, params) {
                  const r = run(text, params);
                  if (persist && String(text).trim().toUpperCase() === 'COMMIT') await persist(db);
                  return r;
                },
                release: () => release(),
              });
            }),
        );
      });
    },
  };
}

// ---- the handler --------------------------------------------------------------------------

export function createWebhooks({ ack, nack }) {
  /**
   * Processes `notification` (from parseNotification) at most once on `store` and gives the
   * reply to send: ack() once the processing committed (first time or before), nack() (5xx,
   * WeChat Pay retries) when it failed. The error, if any, is returned for your log.
   */
  async function handleOnce({ store, notification, apply, source = 'notification', nackMessage = '处理失败', nackStatus = 500 }) {
    if (!store || typeof store.once !== 'function') throw invalidType('store', 'a store from d1Store, durableObjectStore or sqlStore (once(n, apply, source))', store);
    keyOf(notification);
    try {
      const outcome = await store.once(notification, apply, source);
      return { outcome, reply: ack() };
    } catch (error) {
      return { outcome: 'failed', error, reply: nack(nackMessage, nackStatus) };
    }
  }
  return { handleOnce };
}
