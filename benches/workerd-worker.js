// Runs inside real workerd for `npm run bench:workerd`: GET /?op=…&n=N does N operations of one
// kind and answers once they are done. workerd freezes its clocks while a request computes, so
// the timing is taken outside (bench-workerd.mjs: N operations minus an empty request).
import * as wx from 'wechatpay-edge';
import * as lite from 'wechatpay-edge/lite';
import { testKeys as k, signNotification } from 'wechatpay-edge/testing';

const subtle = crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();
let ready = null;

/** Keys and a notification, made on the first request (no randomness at module scope). */
async function setup() {
  // WeChat Pay public key mode: the one both entries have (the lite one reads no certificates).
  const cert = wx.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey });
  const keys = wx.createPlatformKeySet([cert], { merchantSerialNo: k.merchantSerialNo });
  const liteKeys = lite.createPlatformKeySet([lite.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey })], { merchantSerialNo: k.merchantSerialNo });
  const liteMerchant = lite.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
  const merchant = wx.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
  const payload = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户1900000109' }, success_time: '2018-06-08T10:34:56+08:00' };
  const n = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.publicKeyPrivateKey, serial: k.publicKeyId });
  const now = Number(n.headers['Wechatpay-Timestamp']);
  const input = { headers: n.headers, body: n.body, keys, apiV3Key: k.apiV3Key, now };
  const spec = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346' });
  // The bare baseline: CryptoKeys imported once, like the package's handles.
  const bare = {
    verify: await subtle.importKey('spki', wx.exportSpki(cert), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
    aes: await subtle.importKey('raw', enc.encode(k.apiV3Key), 'AES-GCM', false, ['decrypt']),
    sign: await subtle.importKey('pkcs8', pkcs8(k.merchantPrivateKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
  };
  // One warm call each, so that the package's CryptoKeys are cached as well.
  await wx.parseNotificationAsync(input);
  await wx.prepareAsync(merchant, spec);
  const liteInput = { ...input, keys: liteKeys };
  await lite.parseNotificationAsync(liteInput);
  await lite.prepareAsync(liteMerchant, spec);
  return { input, merchant, spec, bare, n, liteInput, liteMerchant };
}

function pkcs8(pem) {
  return bytes(pem.replace(/-----[^-]+-----|\s/g, ''));
}

function bytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function b64(buf) {
  const u = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
  return btoa(s);
}

/** Verify + AES-GCM + JSON.parse with nothing else: what the headers and body need, no rule checked. */
async function bareParse({ bare, n }) {
  const h = n.headers;
  const message = enc.encode(`${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${n.body}\n`);
  if (!(await subtle.verify('RSASSA-PKCS1-v1_5', bare.verify, bytes(h['Wechatpay-Signature']), message))) throw new Error('bad signature');
  const env = JSON.parse(n.body);
  const r = env.resource;
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv: enc.encode(r.nonce), additionalData: enc.encode(r.associated_data), tagLength: 128 }, bare.aes, bytes(r.ciphertext));
  return JSON.parse(dec.decode(plain));
}

/** The bare signature of the same request: message, RSA sign, base64. */
async function bareSign({ bare, spec }) {
  const ts = Math.floor(Date.now() / 1000);
  const message = `${spec.method}\n${spec.pathAndQuery}\n${ts}\nabcdefghijklmnopqrstuvwxyz012345\n\n`;
  return b64(await subtle.sign('RSASSA-PKCS1-v1_5', bare.sign, enc.encode(message)));
}

const OPS = {
  empty: async () => {},
  parseNotificationAsync: (s) => wx.parseNotificationAsync(s.input),
  parseNotification: async (s) => wx.parseNotification(s.input),
  'lite.parseNotificationAsync': (s) => lite.parseNotificationAsync(s.liteInput),
  'lite.prepareAsync': (s) => lite.prepareAsync(s.liteMerchant, s.spec),
  bareParse,
  prepareAsync: (s) => wx.prepareAsync(s.merchant, s.spec),
  prepare: async (s) => wx.prepare(s.merchant, s.spec),
  bareSign,
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    ready ??= setup();
    const s = await ready;
    const op = OPS[url.searchParams.get('op')];
    const n = Number(url.searchParams.get('n') ?? 0);
    if (!op) return new Response('unknown op', { status: 404 });
    let last;
    for (let i = 0; i < n; i++) last = await op(s);
    // A cheap check that the work was done (the typed amount of the split).
    const amount = last && (last.data?.receivers?.[0]?.amount ?? last.receiver?.amount);
    return Response.json({ n, amount: amount ?? null });
  },
};
