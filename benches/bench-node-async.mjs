// node bench-node-async.mjs: parseNotificationAsync on the node entry (WebCrypto) against bare
// node WebCrypto doing only verify + AES-GCM + JSON.parse, in the style of bench:workerd (N
// sequential notifications per sample, rows interleaved per round, medians). PKG_DIR: another
// build of the package under the repository (default dist/pkg).
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = join(root, process.env.PKG_DIR ?? join('dist', 'pkg'));
const wx = await import(pathToFileURL(join(pkgDir, 'entry', 'node.js')).href);
const { testKeys: k, signNotification } = await import(pathToFileURL(join(pkgDir, 'testing', 'node.js')).href);
const ROUNDS = Number(process.env.ROUNDS ?? 11);
const N = 500;
const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();

const cert = wx.importPlatformCertificate(k.platformCertificate);
const keys = wx.createPlatformKeySet([cert], { merchantSerialNo: k.merchantSerialNo });
const payload = { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户1900000109' }, success_time: '2018-06-08T10:34:56+08:00' };
const n = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial });
const input = { headers: n.headers, body: n.body, keys, apiV3Key: k.apiV3Key, now: Number(n.headers['Wechatpay-Timestamp']) };
const bare = {
  verify: await subtle.importKey('spki', wx.exportSpki(cert), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']),
  aes: await subtle.importKey('raw', enc.encode(k.apiV3Key), 'AES-GCM', false, ['decrypt']),
};
const bytes = (b64) => Uint8Array.from(Buffer.from(b64, 'base64'));

async function bareParse() {
  const h = n.headers;
  const message = enc.encode(`${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${n.body}\n`);
  if (!(await subtle.verify('RSASSA-PKCS1-v1_5', bare.verify, bytes(h['Wechatpay-Signature']), message))) throw new Error('bad signature');
  const r = JSON.parse(n.body).resource;
  const plain = await subtle.decrypt({ name: 'AES-GCM', iv: enc.encode(r.nonce), additionalData: enc.encode(r.associated_data), tagLength: 128 }, bare.aes, bytes(r.ciphertext));
  return JSON.parse(dec.decode(plain));
}

const rows = { bareParse, parseNotificationAsync: () => wx.parseNotificationAsync(input), parseNotification: async () => wx.parseNotification(input) };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sample = async (f) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await f();
  return Number(process.hrtime.bigint() - t0) / 1000 / N;
};
for (const f of Object.values(rows)) await sample(f);
const samples = Object.fromEntries(Object.keys(rows).map((r) => [r, []]));
for (let r = 0; r < ROUNDS; r++) for (const [name, f] of Object.entries(rows)) samples[name].push(await sample(f));
const base = median(samples.bareParse);
console.log(`parseNotification on Node ${process.version} (µs per notification)  [N=${N}, ${ROUNDS} rounds, medians]`);
for (const name of Object.keys(rows)) {
  const m = median(samples[name]);
  console.log(`  ${name.padEnd(24)} ${m.toFixed(1).padStart(9)} µs   ${(m / base).toFixed(2)}× bare`);
}
