// Node example (node:http, no framework): the 分账动账通知 webhook and a signed 请求分账 call.
//
//   POST /wechatpay/notify        raw body → parseNotification → process once per idempotency
//                                 key in one database transaction → ack (200) only after the
//                                 commit, else nack (5xx)
//   POST /profit-sharing/orders   JSON createOrder input → recorded PROCESSING → build → sign
//                                 (node:crypto) → send → verify WeChat Pay's signed answer → typed result
//
//   WECHATPAY_MCHID=… WECHATPAY_MERCHANT_SERIAL=… WECHATPAY_MERCHANT_KEY_FILE=apiclient_key.pem \
//   WECHATPAY_APIV3_KEY=… WECHATPAY_PUBLIC_KEY_ID=PUB_KEY_ID_… WECHATPAY_PUBLIC_KEY_FILE=pub_key.pem \
//   node server.mjs            (or WECHATPAY_PLATFORM_CERT_FILE=wechatpay_cert.pem; PORT, default 3000)
//
// Database: DATABASE_URL=postgres://… → PostgreSQL through `pg` (any number of processes and
// machines on one database); without it, SQLite through sql.js in one file (SQLITE_FILE, default
// ./wechatpay-example.sqlite): zero setup, one process. Both behind the same query interface, so
// the processing below is the same SQL. Exactly once: the processed marker (PRIMARY KEY on the
// idempotency key, INSERT … ON CONFLICT DO NOTHING) and the ledger row commit in one
// transaction (wechatpay-edge/webhooks sqlStore); a concurrent copy waits on the key and then
// finds it; a redelivery after a crash between the commit and the answer finds it too.
// examples/node/reconcile.mjs asks WeChat Pay about splits still PROCESSING (lost notifications).
//
// With Express, mount the same handler behind `express.raw({ type: 'application/json' })` and
// pass `req.body` (a Buffer): the signature covers the exact bytes, so never `express.json()`.
import http from 'node:http';
import { readFileSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as wx from 'wechatpay-edge';
import { handleOnce, sqlStore, sqlJsDatabase } from 'wechatpay-edge/webhooks';

const MAX_BODY = 64 * 1024;

const UNAUTHENTIC = new Set([
  'ERR_WXPAY_HEADER_MISSING',
  'ERR_WXPAY_HEADER_INVALID',
  'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE',
  'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED',
  'ERR_WXPAY_SERIAL_UNKNOWN',
  'ERR_WXPAY_SIGNATURE_INVALID',
]);

// ---- the database -------------------------------------------------------------------------

/**
 * The example's tables, per dialect. `ledger` deliberately has no UNIQUE on the key: only the
 * processed marker's transaction keeps it to one row per event (the tests count rows).
 * `orders`: the splits this server requested, PROCESSING until settled (reconcile.mjs reads it).
 */
export const SCHEMA = {
  pg: [
    'CREATE TABLE IF NOT EXISTS ledger (id BIGSERIAL PRIMARY KEY, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, sub_mchid TEXT, out_no TEXT, amount BIGINT NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL, recorded_at TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS orders (kind TEXT NOT NULL, sub_mchid TEXT NOT NULL, out_no TEXT NOT NULL, transaction_id TEXT, out_order_no TEXT, state TEXT NOT NULL, requested_at TEXT NOT NULL, settled_at TEXT, PRIMARY KEY (kind, sub_mchid, out_no))',
  ],
  sqlite: [
    'CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, sub_mchid TEXT, out_no TEXT, amount INTEGER NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL, recorded_at TEXT NOT NULL)',
    'CREATE TABLE IF NOT EXISTS orders (kind TEXT NOT NULL, sub_mchid TEXT NOT NULL, out_no TEXT NOT NULL, transaction_id TEXT, out_order_no TEXT, state TEXT NOT NULL, requested_at TEXT NOT NULL, settled_at TEXT, PRIMARY KEY (kind, sub_mchid, out_no))',
  ],
};

/**
 * Opens the database: PostgreSQL when `databaseUrl` is given (a pg Pool), else SQLite through
 * sql.js, in `sqliteFile` (written after each commit, by rename) or in memory (null).
 * Returns { db: query(text, params) with $1 placeholders, dialect, close() }.
 */
export async function openDatabase({ databaseUrl, sqliteFile = null, poolSize = 10 } = {}) {
  let handle;
  if (databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    handle = { db: pool, dialect: 'pg', close: () => pool.end() };
  } else {
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs();
    const raw = new SQL.Database(sqliteFile && existsSync(sqliteFile) ? readFileSync(sqliteFile) : undefined);
    const persist = sqliteFile
      ? (d) => {
          writeFileSync(`${sqliteFile}.tmp`, d.export());
          renameSync(`${sqliteFile}.tmp`, sqliteFile);
        }
      : undefined;
    handle = { db: sqlJsDatabase(raw, { persist }), dialect: 'sqlite', close: async () => raw.close() };
  }
  for (const q of SCHEMA[handle.dialect]) {
    try {
      await handle.db.query(q);
    } catch (err) {
      // Several processes creating the tables at once (PostgreSQL): one wins.
      if (!(err && (err.code === '23505' || err.code === '42P07'))) throw err;
    }
  }
  return handle;
}

/** The ledger row and the local order update of one processed event, as [sql, params]. */
export function ledgerWrites(n, record, source) {
  const amount = (n.data?.receivers ?? []).reduce((sum, r) => sum + (Number.isInteger(r.amount) ? r.amount : 0), 0);
  const subMchid = n.data?.sub_mchid ?? null;
  const outNo = n.data?.out_order_no ?? null; // a return's out_order_no is its out_return_no
  const at = new Date().toISOString();
  const writes = [['INSERT INTO ledger (idempotency_key, kind, sub_mchid, out_no, amount, source, record, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [n.idempotencyKey, n.kind, subMchid, outNo, amount, source, JSON.stringify(record), at]]];
  if ((n.kind === 'split' || n.kind === 'return') && subMchid && outNo) {
    writes.push(["UPDATE orders SET state = 'SETTLED', settled_at = $1 WHERE kind = $2 AND sub_mchid = $3 AND out_no = $4 AND state = 'PROCESSING'", [at, n.kind, subMchid, outNo]]);
  }
  return writes;
}

/**
 * Processes `n` once: marker + ledger row + order update in one transaction, through `process`
 * (the record to keep). { outcome, reply, error }. Notifications and reconcile.mjs both use it.
 */
export async function processOnce({ store, n, process = recordSplit, source = 'notification', afterCommit }) {
  const r = await handleOnce({
    store,
    notification: n,
    source,
    apply: async (event, tx) => {
      const record = await process(event);
      for (const [q, params] of ledgerWrites(event, record, source)) await tx.query(q, params);
    },
  });
  if (r.outcome === 'processed' && afterCommit) await afterCommit(n);
  return r;
}

/** The default processing: the record of the movement (replace with your ledger write). */
export async function recordSplit(n) {
  // Any other authentic event (Payscore, or a type this version cannot type: kind 'other') is
  // kept with its decrypted payload and acked; WeChat Pay would otherwise retry it for 24 h.
  if (n.kind !== 'split' && n.kind !== 'return') return { kind: n.kind, eventType: n.eventType, id: n.id, summary: n.summary, data: n.data };
  return {
    kind: n.kind,
    eventType: n.eventType,
    id: n.id,
    outOrderNo: n.data.out_order_no,
    orderId: n.data.order_id,
    receivers: n.data.receivers.map((r) => ({ type: r.type, account: r.account, amount: r.amount })),
  };
}

function readRawBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      if (tooLarge) return; // drained and dropped, so the 413 can still be delivered
      size += chunk.length;
      if (size > MAX_BODY) {
        tooLarge = true;
        chunks.length = 0;
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function send(res, status, headers, body) {
  res.writeHead(status, headers);
  res.end(body);
}

const sendReply = (res, r) => send(res, r.status, r.headers, r.body);
const sendJson = (res, status, value) => send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(value));

/**
 * The request listener. Keys are imported once, here; every request reuses the handles.
 * @param {object} o
 * @param {string} o.mchid
 * @param {string} o.merchantSerialNo
 * @param {string} o.merchantPrivateKey       PEM (PKCS#8 or PKCS#1)
 * @param {string} o.apiV3Key                 32 characters
 * @param {string[]} [o.platformCertificates] PEMs
 * @param {{id: string, pem: string}} [o.publicKey] the WeChat Pay public key (PUB_KEY_ID_… mode)
 * @param {string} [o.baseUrl]                default https://api.mch.weixin.qq.com
 * @param {{ query: Function }} o.db        from openDatabase (PostgreSQL or sql.js)
 * @param {(n: object) => Promise<object>} [o.process]
 * @param {(n: object) => void} [o.afterCommit] runs after the commit, before the answer (tests)
 * @param {(...args: unknown[]) => void} [o.log]
 */
export function createApp(o) {
  const merchant = wx.importMerchantKey({ mchid: o.mchid, serialNo: o.merchantSerialNo, privateKey: o.merchantPrivateKey });
  const platformKeys = (o.platformCertificates ?? []).map((pem) => wx.importPlatformCertificate(pem));
  if (o.publicKey) platformKeys.push(wx.importPlatformPublicKey(o.publicKey));
  const keys = wx.createPlatformKeySet(platformKeys, { merchantSerialNo: o.merchantSerialNo });
  if (!o.db || typeof o.db.query !== 'function') throw new TypeError('createApp: o.db (openDatabase().db) is required');
  const store = sqlStore(o.db);
  const processEvent = o.process ?? recordSplit;
  const log = o.log ?? (() => {});

  async function notify(req, res) {
    const body = await readRawBody(req);
    let n;
    try {
      n = wx.parseNotification({ headers: req.headers, body, keys, apiV3Key: o.apiV3Key });
    } catch (err) {
      const code = err instanceof wx.WxPayError ? err.code : 'ERR_UNEXPECTED';
      log('notification refused', code);
      const unauthentic = UNAUTHENTIC.has(code);
      return sendReply(res, wx.nack(unauthentic ? '签名验证失败' : '处理失败', unauthentic ? 401 : 500));
    }
    const r = await processOnce({ store, n, process: processEvent, afterCommit: o.afterCommit });
    if (r.outcome === 'failed') log('processing failed', n.idempotencyKey, r.error && r.error.message);
    // ack() only now that the transaction committed (now or by an earlier delivery).
    sendReply(res, r.reply);
  }

  async function createOrder(req, res) {
    let input;
    try {
      input = JSON.parse(new TextDecoder().decode(await readRawBody(req)));
    } catch {
      return sendJson(res, 400, { code: 'BAD_JSON', message: 'the body must be the createOrder input as JSON' });
    }
    try {
      const spec = wx.profitSharing.createOrder(input, { keys });
      // Recorded PROCESSING before it is sent: reconcile.mjs asks about it if no notification comes.
      await o.db.query("INSERT INTO orders (kind, sub_mchid, out_no, transaction_id, out_order_no, state, requested_at) VALUES ('split', $1, $2, $3, $4, 'PROCESSING', $5) ON CONFLICT DO NOTHING", [input.sub_mchid, input.out_order_no, input.transaction_id, input.out_order_no, new Date().toISOString()]);
      const r = wx.prepare(merchant, spec, { baseUrl: o.baseUrl });
      const upstream = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
      const text = await upstream.text();
      wx.verifyResponse({ status: upstream.status, headers: upstream.headers, body: text, keys });
      sendJson(res, 200, wx.profitSharing.parseResponse('createOrder', text));
    } catch (err) {
      if (!(err instanceof wx.WxPayError)) throw err;
      sendJson(res, err.code === 'ERR_WXPAY_VALIDATION' ? 400 : 502, { code: err.code, message: err.message, issues: err.issues, apiCode: err.apiCode, requestId: err.requestId });
    }
  }

  return async function listener(req, res) {
    try {
      const { pathname } = new URL(req.url, 'http://localhost');
      if (req.method === 'POST' && pathname === '/wechatpay/notify') return await notify(req, res);
      if (req.method === 'POST' && pathname === '/profit-sharing/orders') return await createOrder(req, res);
      sendJson(res, 404, { code: 'NOT_FOUND' });
    } catch (err) {
      log('unexpected', err);
      if (res.headersSent) return;
      if (err.status === 413) return send(res, 413, { 'Content-Type': 'application/json', Connection: 'close' }, JSON.stringify({ code: 'FAIL', message: 'body too large' }));
      sendJson(res, 500, { code: 'FAIL', message: '处理失败' });
    }
  };
}

export function createServer(options) {
  return http.createServer(createApp(options));
}

/** Options from the environment (shared with reconcile.mjs). */
export function optionsFromEnv(env = process.env) {
  const file = (name) => (env[name] ? readFileSync(env[name], 'utf8') : undefined);
  return {
    mchid: env.WECHATPAY_MCHID,
    merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL,
    merchantPrivateKey: file('WECHATPAY_MERCHANT_KEY_FILE'),
    apiV3Key: env.WECHATPAY_APIV3_KEY,
    platformCertificates: env.WECHATPAY_PLATFORM_CERT_FILE ? [file('WECHATPAY_PLATFORM_CERT_FILE')] : [],
    publicKey: env.WECHATPAY_PUBLIC_KEY_ID ? { id: env.WECHATPAY_PUBLIC_KEY_ID, pem: file('WECHATPAY_PUBLIC_KEY_FILE') } : undefined,
    baseUrl: env.WECHATPAY_BASE_URL,
  };
}

/** Test-only switches (never set in production): crash right after a commit, fail once. */
function testHooks(env) {
  const hooks = {};
  const kill = env.WECHATPAY_TEST_KILL_AFTER_COMMIT; // out_order_no prefix
  if (kill) {
    hooks.afterCommit = (n) => {
      if (String(n.data?.out_order_no ?? '').startsWith(kill)) process.kill(process.pid, 'SIGKILL');
    };
  }
  const failOnce = env.WECHATPAY_TEST_FAIL_ONCE; // out_order_no prefix
  if (failOnce) {
    const failed = new Set();
    hooks.process = (n) => {
      if (String(n.data?.out_order_no ?? '').startsWith(failOnce) && !failed.has(n.idempotencyKey)) {
        failed.add(n.idempotencyKey);
        throw new Error('the ledger is unavailable (WECHATPAY_TEST_FAIL_ONCE)');
      }
      return recordSplit(n);
    };
  }
  return hooks;
}

// `node server.mjs`: configuration from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, sqliteFile: env.DATABASE_URL ? null : (env.SQLITE_FILE ?? './wechatpay-example.sqlite') });
  const server = createServer({ ...optionsFromEnv(env), db: database.db, ...testHooks(env), log: (...a) => console.log(...a) });
  const port = Number(env.PORT ?? 3000);
  server.listen(port, env.HOST ?? '127.0.0.1', () => console.log(`listening on http://${env.HOST ?? '127.0.0.1'}:${server.address().port} (${database.dialect})`));
  const stop = () => server.close(() => database.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
