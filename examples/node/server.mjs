// Node example (node:http, no framework): the 分账动账通知 webhook and a signed 请求分账 call.
//
//   POST /wechatpay/notify        raw body → parseNotification → process once per idempotency
//                                 key → ack (200) only after the record is stored, else nack (5xx)
//   POST /profit-sharing/orders   JSON createOrder input → build → sign (node:crypto) → send →
//                                 verify WeChat Pay's signed answer → typed result
//
//   WECHATPAY_MCHID=… WECHATPAY_MERCHANT_SERIAL=… WECHATPAY_MERCHANT_KEY_FILE=apiclient_key.pem \
//   WECHATPAY_APIV3_KEY=… WECHATPAY_PUBLIC_KEY_ID=PUB_KEY_ID_… WECHATPAY_PUBLIC_KEY_FILE=pub_key.pem \
//   node server.mjs            (or WECHATPAY_PLATFORM_CERT_FILE=wechatpay_cert.pem; PORT, default 3000)
//
// With Express, mount the same handler behind `express.raw({ type: 'application/json' })` and
// pass `req.body` (a Buffer): the signature covers the exact bytes, so never `express.json()`.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as wx from 'wechatpay-edge';

const MAX_BODY = 64 * 1024;

const UNAUTHENTIC = new Set([
  'ERR_WXPAY_HEADER_MISSING',
  'ERR_WXPAY_HEADER_INVALID',
  'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE',
  'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED',
  'ERR_WXPAY_SERIAL_UNKNOWN',
  'ERR_WXPAY_SIGNATURE_INVALID',
]);

/**
 * A store of processed idempotency keys, in memory, with a per-key lock so that concurrent
 * deliveries of the same event in this process are serialised. In production use your
 * database: insert the event under a UNIQUE constraint on the key inside the transaction that
 * does the processing, and treat a constraint violation as "already processed" — that also
 * holds across processes and machines, which an in-process lock cannot.
 */
export function memoryStore() {
  const records = new Map();
  const locks = new Map();
  return {
    async get(key) {
      return records.get(key) ?? null;
    },
    async put(key, value) {
      records.set(key, value);
    },
    async withLock(key, fn) {
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
    },
    records,
  };
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
 * @param {ReturnType<typeof memoryStore>} [o.store]
 * @param {(n: object) => Promise<object>} [o.process]
 * @param {(...args: unknown[]) => void} [o.log]
 */
export function createApp(o) {
  const merchant = wx.importMerchantKey({ mchid: o.mchid, serialNo: o.merchantSerialNo, privateKey: o.merchantPrivateKey });
  const platformKeys = (o.platformCertificates ?? []).map((pem) => wx.importPlatformCertificate(pem));
  if (o.publicKey) platformKeys.push(wx.importPlatformPublicKey(o.publicKey));
  const keys = wx.createPlatformKeySet(platformKeys, { merchantSerialNo: o.merchantSerialNo });
  const store = o.store ?? memoryStore();
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
    const key = `wechatpay:processed:${n.idempotencyKey}`;
    const reply = await store.withLock(key, async () => {
      try {
        if ((await store.get(key)) !== null) return wx.ack();
        const record = await processEvent(n);
        await store.put(key, { processedAt: new Date().toISOString(), record });
        return wx.ack();
      } catch (err) {
        log('processing failed', n.idempotencyKey, err && err.message);
        return wx.nack('处理失败', 500);
      }
    });
    sendReply(res, reply);
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

// `node server.mjs`: configuration from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const file = (name) => (env[name] ? readFileSync(env[name], 'utf8') : undefined);
  const server = createServer({
    mchid: env.WECHATPAY_MCHID,
    merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL,
    merchantPrivateKey: file('WECHATPAY_MERCHANT_KEY_FILE'),
    apiV3Key: env.WECHATPAY_APIV3_KEY,
    platformCertificates: env.WECHATPAY_PLATFORM_CERT_FILE ? [file('WECHATPAY_PLATFORM_CERT_FILE')] : [],
    publicKey: env.WECHATPAY_PUBLIC_KEY_ID ? { id: env.WECHATPAY_PUBLIC_KEY_ID, pem: file('WECHATPAY_PUBLIC_KEY_FILE') } : undefined,
    baseUrl: env.WECHATPAY_BASE_URL,
    log: (...a) => console.log(...a),
  });
  const port = Number(env.PORT ?? 3000);
  server.listen(port, env.HOST ?? '127.0.0.1', () => console.log(`listening on http://${env.HOST ?? '127.0.0.1'}:${port}`));
}
