// Runs inside real workerd: createClient over the WebCrypto (*Async) forms, talking to the
// emulator (a Node process on 127.0.0.1) through workerd's own fetch. One client per name lives
// for the isolate, so certificate state carries over between requests like in a deployed Worker.
import * as wx from 'wechatpay-edge';
import { testKeys } from 'wechatpay-edge/testing';

const clients = new Map();
const MERCHANT = { mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey };

function clientFor(o, events) {
  let c = clients.get(o.name);
  if (!c) {
    const keys = o.mode === 'certificate' ? [] : [wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })];
    const log = (kind) => (e) => events.current.push({ kind, ...e });
    c = wx.createClient({
      merchant: MERCHANT,
      keys,
      apiV3Key: testKeys.apiV3Key,
      baseUrl: o.baseUrl,
      backupBaseUrl: o.backupUrl ?? null,
      timeoutMs: o.timeoutMs ?? 1000,
      retry: { maxAttempts: o.maxAttempts ?? 4, baseDelayMs: 5, maxDelayMs: 20 },
      hooks: { request: log('request'), response: log('response'), retry: log('retry'), certificates: log('certificates') },
    });
    clients.set(o.name, c);
  }
  return c;
}

const events = { current: [] };

export default {
  async fetch(request) {
    const o = await request.json();
    events.current = [];
    const c = clientFor(o, events);
    const [ns, op] = o.op.split('.');
    const calls = Array.from({ length: o.times ?? 1 }, () =>
      c[ns][op](o.input).then(
        (result) => ({ ok: true, result }),
        (e) => ({ ok: false, code: e.code, status: e.status, attempts: e.attempts, details: e.details, message: e.message, isWxPayError: e instanceof wx.WxPayError }),
      ),
    );
    const results = await Promise.all(calls);
    return Response.json({ runtime: wx.runtime, results, events: events.current, serials: [...(await c.platformKeys()).serials] });
  },
};
