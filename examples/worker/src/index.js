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
//   PROCESSED                                        KV namespace: one record per processed event
//   WECHATPAY_BASE_URL                               optional; default https://api.mch.weixin.qq.com
//
// Idempotency. WeChat Pay redelivers a notification until it gets a 200, and may deliver the
// same event more than once at the same time. Processing is keyed by `n.idempotencyKey`:
//   1. a per-key promise lock inside this isolate serialises concurrent deliveries that land
//      in the same isolate (KV get-then-put alone is racy: two requests can both miss);
//   2. KV remembers processed keys across isolates and restarts, so a later redelivery is
//      acked without processing again.
// KV is eventually consistent and has no compare-and-set: two deliveries that land in two
// different isolates (or colos) at the same moment can both pass step 2. Where processing
// must happen exactly once globally, route each key to a Durable Object (single-threaded per
// key, transactional storage) or write the event into a database under a UNIQUE constraint
// on the idempotency key, and treat the constraint violation as "already processed".
//
// Ordering. The 200 is sent only after the record is written; any failure before that is a
// 5xx, so WeChat Pay retries. Processing must therefore be safe to re-run for the same key
// (a write keyed by the idempotency key, not an increment).
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

// ---- per-key lock (this isolate only) ---------------------------------------------------

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

// ---- processing -------------------------------------------------------------------------

/**
 * The default processing of a verified 分账动账通知: the record of the movement, returned to be
 * stored under the idempotency key. Replace with your own (credit a ledger, notify a service…);
 * whatever it writes must be keyed by `n.idempotencyKey` so a retry after a failure is harmless.
 */
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
    transactionId: n.data.transaction_id,
    receivers: n.data.receivers.map((r) => ({ type: r.type, account: r.account, amount: r.amount })),
    successTime: n.data.success_time ?? null,
  };
}

const json = (status, value) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });

function reply(r) {
  return new Response(r.body, { status: r.status, headers: r.headers });
}

/** Where the record of a processed key lives in KV. */
export const recordKey = (idempotencyKey) => `wechatpay:processed:${idempotencyKey}`;

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

  const key = recordKey(n.idempotencyKey);
  return withKeyLock(key, async () => {
    try {
      if ((await env.PROCESSED.get(key)) !== null) {
        hooks.log?.('duplicate delivery acked', n.idempotencyKey);
        return reply(ack());
      }
      const record = await (hooks.process ?? recordSplit)(n, env);
      await env.PROCESSED.put(key, JSON.stringify({ processedAt: new Date().toISOString(), record }));
      // Only now is it safe to tell WeChat Pay to stop retrying.
      return reply(ack());
    } catch (err) {
      hooks.log?.('processing failed', n.idempotencyKey, err && err.message);
      return reply(nack('处理失败', 500));
    }
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

export default { fetch: createHandler({ log: (...a) => console.log(...a) }) };
