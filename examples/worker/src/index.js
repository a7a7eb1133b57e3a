// Cloudflare Workers example: the 分账动账通知 (profit-sharing notification) webhook and a
// signed 请求分账 (createOrder) call, on wechatpay-edge's workerd entry.
//
//   POST /wechatpay/notify        WeChat Pay's notification: raw body → verify → decrypt →
//                                 process once per idempotency key → ack (200) / nack (5xx)
//   POST /profit-sharing/orders   JSON createOrder input → build → sign (WebCrypto) → send →
//                                 verify WeChat Pay's signed answer → typed result
//
// Bindings (wrangler.toml + `wrangler secret put`):
//   WECHATPAY_MCHID, WECHATPAY_MERCHANT_SERIAL       vars
//   WECHATPAY_MERCHANT_KEY                           secret: the merchant API private key PEM
//   WECHATPAY_APIV3_KEY                              secret: the 32-character APIv3 key
//   WECHATPAY_PLATFORM_CERT                          platform certificate PEM(s), concatenated, and/or
//   WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY   the WeChat Pay public key (PUB_KEY_ID_… mode)
//   DB                                               D1 database: the processed markers, the ledger,
//                                                    the local state of requested splits (schema.sql)
//   WEBHOOKS                                         optional Durable Object namespace (class
//                                                    WebhookLedger): used instead of D1 when bound
//   WECHATPAY_BASE_URL                               optional; default https://api.mch.weixin.qq.com
//   RECONCILE_AFTER_SEC                              optional; default 600 (see `scheduled`)
//
// Exactly once. WeChat Pay redelivers a notification until it gets a 200 (15 s, 15 s, 30 s, …
// 24 h 4 m in all) and may deliver the same event twice at the same moment, to two isolates.
// Processing is keyed by `n.idempotencyKey` on a transactional store (wechatpay-edge/webhooks):
//   D1: one db.batch() — a transaction — holds the INSERT of the processed marker (PRIMARY KEY on
//       the key) and the ledger row. A second delivery's INSERT fails on the key and its whole
//       batch, ledger row included, rolls back: it is acked as a duplicate.
//   Durable Object: the object named by the key records the marker and the ledger row in one
//       transactionSync; it runs one request at a time.
// `ack()` is answered only after that commit; any failure before it is a 5xx, so WeChat Pay
// retries. A per-key lock inside the isolate only saves work (concurrent copies in one isolate
// wait and find the marker); correctness comes from the database.
// Workers KV is not enough: it is eventually consistent (a write can take 60 s to be seen
// elsewhere) and has no compare-and-set, so two isolates can both miss the key and both process.
//
// Reconciliation. The `scheduled` handler (Cron Trigger, wrangler.toml) queries WeChat Pay for
// splits and returns still PROCESSING here after 10 minutes and feeds the answers through the
// same once-per-key processing: a notification that never came and one that comes late end in
// the same state.
import {
  importMerchantKey,
  importPlatformCertificate,
  importPlatformPublicKey,
  createPlatformKeySet,
  parseNotification,
  ack,
  nack,
  profitSharing,
  prepareAsync,
  verifyResponse,
  WxPayError,
} from 'wechatpay-edge';
import { handleOnce, d1Store, durableObjectStore, serveOnce, reconcile } from 'wechatpay-edge/webhooks';

// Failures of the caller's authenticity: answered 401, never processed. WeChat Pay's own
// probe notifications (deliberately bad signatures) must be refused this way too.
const UNAUTHENTIC = new Set([
  'ERR_WXPAY_HEADER_MISSING',
  'ERR_WXPAY_HEADER_INVALID',
  'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE',
  'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED',
  'ERR_WXPAY_SERIAL_UNKNOWN',
  'ERR_WXPAY_SIGNATURE_INVALID',
]);

// ---- configuration (parsed once per isolate, re-parsed if the bindings change) ----------

let config = null;

function splitPems(text) {
  return String(text ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function configFrom(env) {
  const source = [env.WECHATPAY_MCHID, env.WECHATPAY_MERCHANT_SERIAL, env.WECHATPAY_MERCHANT_KEY, env.WECHATPAY_PLATFORM_CERT, env.WECHATPAY_PUBLIC_KEY_ID, env.WECHATPAY_PUBLIC_KEY, env.WECHATPAY_APIV3_KEY].join('\u0000');
  if (config && config.source === source) return config;
  const platformKeys = splitPems(env.WECHATPAY_PLATFORM_CERT).map((pem) => importPlatformCertificate(pem));
  if (env.WECHATPAY_PUBLIC_KEY_ID && env.WECHATPAY_PUBLIC_KEY) {
    platformKeys.push(importPlatformPublicKey({ id: env.WECHATPAY_PUBLIC_KEY_ID, pem: env.WECHATPAY_PUBLIC_KEY }));
  }
  config = {
    source,
    merchant: importMerchantKey({ mchid: env.WECHATPAY_MCHID, serialNo: env.WECHATPAY_MERCHANT_SERIAL, privateKey: env.WECHATPAY_MERCHANT_KEY }),
    keys: createPlatformKeySet(platformKeys, { merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL }),
    apiV3Key: env.WECHATPAY_APIV3_KEY,
  };
  return config;
}

// ---- processing -------------------------------------------------------------------------

/**
 * The default processing of a verified 分账动账通知: the record of the movement. Replace with
 * your own; it becomes one ledger row, committed with the processed marker.
 */
export function recordSplit(n) {
  // Any other authentic event (Payscore, or a type this version cannot type: kind 'other') is
  // kept with its decrypted payload and acked; WeChat Pay would otherwise retry it for 24 h.
  if (n.kind !== 'split' && n.kind !== 'return') return { kind: n.kind, eventType: n.eventType, id: n.id, summary: n.summary, data: n.data };
  return {
    kind: n.kind,
    eventType: n.eventType,
    id: n.id,
    subMchid: n.data.sub_mchid ?? null,
    outOrderNo: n.data.out_order_no,
    orderId: n.data.order_id,
    transactionId: n.data.transaction_id,
    receivers: n.data.receivers.map((r) => ({ type: r.type, account: r.account, amount: r.amount })),
    successTime: n.data.success_time ?? null,
  };
}

/**
 * The example's tables. `ledger` deliberately has no UNIQUE on the key: the processed marker's
 * transaction alone keeps it to one row per event (the tests count rows). `orders` is the
 * local state of the splits and returns this worker requested (reconciliation reads it).
 */
export const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, sub_mchid TEXT, out_no TEXT, amount INTEGER NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL, recorded_at TEXT NOT NULL)',
  "CREATE TABLE IF NOT EXISTS orders (kind TEXT NOT NULL, sub_mchid TEXT NOT NULL, out_no TEXT NOT NULL, transaction_id TEXT, out_order_no TEXT, state TEXT NOT NULL, requested_at TEXT NOT NULL, settled_at TEXT, PRIMARY KEY (kind, sub_mchid, out_no))",
];

const schemaReady = new WeakMap();
/** Creates the tables once per isolate and database (or run schema.sql with wrangler d1 execute). */
export function ensureSchema(db) {
  let p = schemaReady.get(db);
  if (!p) {
    p = db.batch(SCHEMA.map((q) => db.prepare(q))).catch((err) => {
      schemaReady.delete(db);
      throw err;
    });
    schemaReady.set(db, p);
  }
  return p;
}

/** The local order a split or return event settles, as [sql, params] (null for other events). */
export function settleOrder(n, at = new Date().toISOString()) {
  const subMchid = n.data?.sub_mchid ?? null;
  const outNo = n.data?.out_order_no ?? null; // a return's out_order_no is its out_return_no
  if ((n.kind !== 'split' && n.kind !== 'return') || !subMchid || !outNo) return null;
  return ["UPDATE orders SET state = 'SETTLED', settled_at = ? WHERE kind = ? AND sub_mchid = ? AND out_no = ? AND state = 'PROCESSING'", [at, n.kind, subMchid, outNo]];
}

/** The ledger row and the local order update of one processed event, as [sql, params]. */
export function ledgerWrites(n, record, source) {
  const amount = (n.data?.receivers ?? []).reduce((sum, r) => sum + (Number.isInteger(r.amount) ? r.amount : 0), 0);
  const at = new Date().toISOString();
  const row = ['INSERT INTO ledger (idempotency_key, kind, sub_mchid, out_no, amount, source, record, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [n.idempotencyKey, n.kind, n.data?.sub_mchid ?? null, n.data?.out_order_no ?? null, amount, source, JSON.stringify(record), at]];
  const settle = settleOrder(n, at);
  return settle ? [row, settle] : [row];
}

/** The Durable Object alternative to D1: one object per idempotency key (wrangler.toml). */
export class WebhookLedger {
  constructor(ctx) {
    this.ctx = ctx;
    ctx.blockConcurrencyWhile(async () => {
      for (const q of SCHEMA) ctx.storage.sql.exec(q);
    });
  }

  async fetch(request) {
    return serveOnce(this.ctx, request, (n, sql, source) => {
      for (const [q, params] of ledgerWrites(n, recordSplit(n), source)) sql.exec(q, ...params);
    });
  }
}

/** The store the worker uses: the Durable Object when bound, else D1. */
export function storeFor(env) {
  return env.WEBHOOKS ? durableObjectStore(env.WEBHOOKS) : d1Store(env.DB);
}

const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });

function reply(r) {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

// A real notification is a few KB. Anything much larger is refused unread: request.text()
// would buffer whatever a client sends into this isolate's 128 MB.
const MAX_BODY = 64 * 1024;

/** The raw body bytes, or null as soon as it passes `max` (declared or actually sent). */
async function readCapped(request, max) {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null;
  if (!request.body) return new Uint8Array(0);
  const chunks = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

async function handleNotification(request, env, hooks) {
  // The signature covers the exact bytes: read them raw, never request.json().
  const body = await readCapped(request, MAX_BODY);
  if (body === null) return json(413, { code: 'FAIL', message: 'body too large' });
  let cfg;
  let n;
  try {
    cfg = configFrom(env);
    n = parseNotification({ headers: request.headers, body, keys: cfg.keys, apiV3Key: cfg.apiV3Key });
  } catch (err) {
    const code = err instanceof WxPayError ? err.code : 'ERR_UNEXPECTED';
    hooks.log?.('notification refused', code);
    // A forged, replayed or probe notification: 401. Anything else (our APIv3 key is wrong, a
    // payload we cannot read, a configuration error) is our fault: 500, so WeChat Pay retries.
    return reply(nack(UNAUTHENTIC.has(code) ? '签名验证失败' : '处理失败', UNAUTHENTIC.has(code) ? 401 : 500));
  }

  return reply((await processOnce(n, env, hooks, 'notification')).reply);
}

// ---- per-key lock (this isolate only: saves work, the database decides) ------------------

const locks = new Map();

/** Runs `fn` after every earlier holder of `key` in this isolate has finished. */
export async function withKeyLock(key, fn) {
  const previous = locks.get(key) ?? Promise.resolve();
  let release;
  const mine = new Promise((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  locks.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(key) === tail) locks.delete(key);
  }
}

/**
 * Processes `n` once on the worker's store: { outcome: 'processed' | 'duplicate' | 'failed',
 * reply } with the ack/nack to send. The notification handler and the reconciliation job both
 * come through here.
 */
export async function processOnce(n, env, hooks, source) {
  const locked = hooks.lock === false ? (_key, fn) => fn() : withKeyLock;
  return locked(n.idempotencyKey, async () => {
    const store = storeFor(env);
    if (!env.WEBHOOKS) await ensureSchema(env.DB);
    const r = await handleOnce({
      store,
      notification: n,
      source,
      apply: async (event, { db }) => {
        const record = await (hooks.process ?? recordSplit)(event, env);
        return ledgerWrites(event, record, source).map(([q, params]) => db.prepare(q).bind(...params));
      },
    });
    if (r.outcome === 'duplicate') hooks.log?.('duplicate delivery acked', n.idempotencyKey);
    if (r.outcome === 'failed') hooks.log?.('processing failed', n.idempotencyKey, r.error && r.error.message);
    // With the Durable Object, the ledger lives in the object; the requested orders stay in D1
    // (when bound) and are settled here, idempotently, after the object committed. If that
    // fails, nack: the redelivery is a duplicate for the object and settles the order again.
    const settle = env.WEBHOOKS && env.DB && r.outcome !== 'failed' ? settleOrder(n) : null;
    if (settle) {
      try {
        await ensureSchema(env.DB);
        await env.DB.prepare(settle[0]).bind(...settle[1]).run();
      } catch (error) {
        hooks.log?.('settling the order failed', n.idempotencyKey, error && error.message);
        return { outcome: 'failed', error, reply: nack('处理失败', 500) };
      }
    }
    // Only after the commit is the reply an ack; a failure is a nack (5xx): WeChat Pay retries.
    return r;
  });
}

async function handleCreateOrder(request, env, hooks) {
  let input;
  try {
    input = await request.json();
  } catch {
    return json(400, { code: 'BAD_JSON', message: 'the body must be the createOrder input as JSON' });
  }
  try {
    const cfg = configFrom(env);
    // `keys` encrypts receiver names (RSA-OAEP) and sets Wechatpay-Serial.
    const spec = profitSharing.createOrder(input, { keys: cfg.keys });
    // Recorded as PROCESSING before it is sent: if the answer or the notification is lost, the
    // reconciliation job still knows to ask.
    if (env.DB) {
      await ensureSchema(env.DB);
      await env.DB.prepare("INSERT INTO orders (kind, sub_mchid, out_no, transaction_id, out_order_no, state, requested_at) VALUES ('split', ?, ?, ?, ?, 'PROCESSING', ?) ON CONFLICT DO NOTHING")
        .bind(input.sub_mchid, input.out_order_no, input.transaction_id, input.out_order_no, new Date().toISOString())
        .run();
    }
    const req = await prepareAsync(cfg.merchant, spec, { baseUrl: env.WECHATPAY_BASE_URL });
    const res = await (hooks.fetch ?? fetch)(req.url, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    // Throws ERR_WXPAY_API for a non-2xx answer, ERR_WXPAY_SIGNATURE_INVALID for a forged one.
    verifyResponse({ status: res.status, headers: res.headers, body: text, keys: cfg.keys });
    return json(200, profitSharing.parseResponse('createOrder', text));
  } catch (err) {
    if (!(err instanceof WxPayError)) throw err;
    const status = err.code === 'ERR_WXPAY_VALIDATION' ? 400 : 502;
    return json(status, { code: err.code, message: err.message, issues: err.issues, apiCode: err.apiCode, requestId: err.requestId });
  }
}

// ---- reconciliation (Cron Trigger) --------------------------------------------------------

/** One pending row's query: prepare + fetch + verifyResponse + parseResponse (an HTTP client can replace it). */
async function queryWechatPay(env, hooks, item) {
  const cfg = configFrom(env);
  const [spec, operation] =
    item.kind === 'split'
      ? [profitSharing.queryOrder({ sub_mchid: item.sub_mchid, transaction_id: item.transaction_id, out_order_no: item.out_no }), 'queryOrder']
      : [profitSharing.queryReturnOrder({ sub_mchid: item.sub_mchid, out_return_no: item.out_no, out_order_no: item.out_order_no }), 'queryReturnOrder'];
  const req = await prepareAsync(cfg.merchant, spec, { baseUrl: env.WECHATPAY_BASE_URL });
  const res = await (hooks.fetch ?? fetch)(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  verifyResponse({ status: res.status, headers: res.headers, body: text, keys: cfg.keys });
  return profitSharing.parseResponse(operation, text);
}

/**
 * Splits and returns still PROCESSING here `olderThanMs` after they were requested: asked
 * again, and what WeChat Pay answers goes through processOnce like a notification would.
 */
export async function reconcileOrders(env, hooks = {}, { olderThanMs = 10 * 60_000, now = Date.now(), limit = 100 } = {}) {
  await ensureSchema(env.DB);
  const { results } = await env.DB.prepare("SELECT kind, sub_mchid, out_no, transaction_id, out_order_no FROM orders WHERE state = 'PROCESSING' AND requested_at < ? ORDER BY requested_at LIMIT ?")
    .bind(new Date(now - olderThanMs).toISOString(), limit)
    .all();
  const report = await reconcile({
    pending: results,
    query: hooks.query ?? ((item) => queryWechatPay(env, hooks, item)),
    handle: (n) => processOnce(n, env, hooks, 'reconciliation'),
  });
  hooks.log?.('reconciliation', JSON.stringify({ ...report, failed: report.failed.map((f) => f.error && (f.error.code ?? f.error.message)) }));
  return report;
}

/**
 * The worker's fetch handler. `hooks` lets tests (or a larger worker) swap the processing
 * step, the outbound fetch and the log without touching the protocol code.
 */
export function createHandler(hooks = {}) {
  return async function fetchHandler(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/wechatpay/notify') return handleNotification(request, env, hooks);
    if (request.method === 'POST' && pathname === '/profit-sharing/orders') return handleCreateOrder(request, env, hooks);
    return json(404, { code: 'NOT_FOUND' });
  };
}

const hooks = { log: (...a) => console.log(...a) };
export default {
  fetch: createHandler(hooks),
  // Cron Trigger (wrangler.toml [triggers]): the notifications that never came. Orders still
  // PROCESSING RECONCILE_AFTER_SEC (default 600) after they were requested are queried.
  async scheduled(controller, env) {
    await reconcileOrders(env, hooks, { olderThanMs: Number(env.RECONCILE_AFTER_SEC ?? 600) * 1000 });
  },
};
