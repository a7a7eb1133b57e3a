// Profiling aid for `npm run bench:workerd-parts`: the pieces of parseNotificationAsync, one kind per
// request. It calls the wasm glue of dist/pkg directly (wasmPrepareNotification and its handle), so
// it follows that internal signature; `full` is the public call, `manual` the same steps without
// the JS layer, and the rest are single pieces (TextDecoder on the result's UTF-8 vs ASCII, …).
import wasmModule from '../dist/pkg/wechatpay_edge_bg.wasm';
import * as w from '../dist/pkg/wechatpay_edge.js';
import * as wx from 'wechatpay-edge';
import { testKeys as k, signNotification } from 'wechatpay-edge/testing';

w.initSync({ module: wasmModule });
const subtle = crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();
let ready = null;

async function setup() {
  const payload = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户1900000109' }, success_time: '2018-06-08T10:34:56+08:00' };
  const n = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial });
  const now = Number(n.headers['Wechatpay-Timestamp']);
  const pk = w.WasmPlatformKey.fromCertificate(k.platformCertificate);
  const set = new w.WasmKeySet(k.merchantSerialNo);
  set.add(pk);
  const flat = [];
  for (const [a, b] of Object.entries(n.headers)) flat.push(a.toLowerCase(), b);
  const lens = new Uint32Array(flat.map((s) => s.length));
  const joined = new TextEncoder().encode(flat.join('\n'));
  const key = enc.encode(k.apiV3Key);
  const bodyBytes = enc.encode(n.body);
  const prep = () => w.wasmPrepareNotification(joined, lens, new TextEncoder().encode(n.body), set, key, now, 300);
  const p = prep();
  const b = p.crypto();
  const u32 = (i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  const m = 20 + u32(4), s = m + u32(8), iv = s + u32(12), ad = iv + u32(16);
  const aes = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  const rsa = await subtle.importKey('spki', pk.spkiDer(), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const parts = { message: b.slice(20, m), signature: b.slice(m, s), iv: b.slice(s, iv), ad: b.slice(iv, ad), sealed: b.slice(ad) };
  const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: parts.iv, additionalData: parts.ad, tagLength: 128 }, aes, parts.sealed));
  const result = p.finish(plain);
  p.free();
  const resultText = JSON.stringify(result);
  const resultBytes = enc.encode(resultText);
  const asciiText = resultText.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const asciiBytes = enc.encode(asciiText);
  const u16 = new Uint16Array(resultText.length);
  for (let i = 0; i < resultText.length; i++) u16[i] = resultText.charCodeAt(i);
  const input = { headers: n.headers, body: n.body, keys: wx.createPlatformKeySet([wx.importPlatformCertificate(k.platformCertificate)]), apiV3Key: k.apiV3Key, now };
  await wx.parseNotificationAsync(input);
  return { asciiBytes, u16, n, flat, joined, lens, set, now, prep, plain, aes, rsa, parts, resultText, resultBytes, bodyBytes, input };
}

const OPS = {
  empty: async () => {},
  full: (s) => wx.parseNotificationAsync(s.input),
  prepare: async (s) => { const q = s.prep(); q.serial; q.crypto(); q.free(); },
  prepareFinish: async (s) => { const q = s.prep(); q.serial; q.crypto(); q.finish(s.plain); q.free(); },
  checkHeaders: async (s) => w.wasmCheckHeaders(s.joined, s.lens, s.bodyBytes.length, s.set, s.now, 300),
  ack: async () => w.wasmAck(),
  encodeBody: async (s) => enc.encode(s.n.body),
  manual: async (s) => {
    const q = s.prep();
    q.serial;
    const b = q.crypto();
    const u32 = (i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
    const m = 20 + u32(4), sg = m + u32(8), iv = sg + u32(12), ad = iv + u32(16);
    if (!(await subtle.verify('RSASSA-PKCS1-v1_5', s.rsa, b.subarray(m, sg), b.subarray(20, m)))) throw new Error('x');
    const plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: b.subarray(sg, iv), additionalData: b.subarray(iv, ad), tagLength: 128 }, s.aes, b.subarray(ad)));
    const r = q.finish(plain);
    q.free();
    return r;
  },
  prepOnly: async (s) => { s.prep().free(); },
  prepSerial: async (s) => { const q = s.prep(); q.serial; q.free(); },
  decodeAscii: async (s) => dec.decode(s.asciiBytes),
  latin1: async (s) => new TextDecoder('latin1').decode(s.asciiBytes),
  fromCharCode8: async (s) => String.fromCharCode.apply(null, s.asciiBytes),
  fromCharCode16: async (s) => String.fromCharCode.apply(null, s.u16),
  decodeResult: async (s) => dec.decode(s.resultBytes),
  parseResult: async (s) => JSON.parse(s.resultText),
  verify: (s) => subtle.verify('RSASSA-PKCS1-v1_5', s.rsa, s.parts.signature, s.parts.message),
  decrypt: (s) => subtle.decrypt({ name: 'AES-GCM', iv: s.parts.iv, additionalData: s.parts.ad, tagLength: 128 }, s.aes, s.parts.sealed),
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    ready ??= setup();
    const s = await ready;
    const op = OPS[url.searchParams.get('op')];
    const n = Number(url.searchParams.get('n') ?? 0);
    if (!op) return new Response('unknown op', { status: 404 });
    for (let i = 0; i < n; i++) await op(s);
    return Response.json({ n });
  },
};
