// npm run bench: one run, medians (µs per operation) side by side with the baselines.
// The machine is shared and noisy: compare ratios within a run, not absolute numbers across runs.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const pkg = new URL('../dist/pkg/', import.meta.url);
const edge = await import(new URL('entry/node.js', pkg));
const wasmEdge = await import(new URL('entry/browser.js', pkg));
await wasmEdge.init(readFileSync(new URL('wechatpay_edge_bg.wasm', pkg)));
const { testKeys, signNotification, encryptResource } = await import(new URL('testing/node.js', pkg));
const require = createRequire(import.meta.url);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median µs per call over `samples` batches, after a warm-up batch. */
function measure(fn, { batch = 20, samples = 15 } = {}) {
  for (let i = 0; i < batch; i++) fn();
  const per = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    per.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
  }
  return median(per);
}

async function measureAsync(fn, { batch = 20, samples = 15 } = {}) {
  for (let i = 0; i < batch; i++) await fn();
  const per = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    per.push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
  }
  return median(per);
}

const rows = [];
function row(group, name, us, baseline) {
  rows.push({ group, name, us, ratio: baseline ? us / baseline : null });
}

// ---- fixtures ---------------------------------------------------------------
const pem = testKeys.merchantPrivateKey;
const keyObject = crypto.createPrivateKey(pem);
const platformPublic = crypto.createPublicKey(testKeys.platformCertificate);
const merchant = edge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem });
const wasmMerchant = wasmEdge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem });
const keys = edge.createPlatformKeySet([edge.importPlatformCertificate(testKeys.platformCertificate)]);
const wasmKeys = wasmEdge.createPlatformKeySet([wasmEdge.importPlatformCertificate(testKeys.platformCertificate)]);
const createOrderInput = {
  appid: 'wx8888888888888888', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20261123001',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' }], finish: false, wechatpay_serial: testKeys.platformSerial,
};
const body = JSON.stringify({ ...createOrderInput, wechatpay_serial: undefined });
const message = `POST\n/v3/ecommerce/profitsharing/orders\n1763870400\nDemoNonce0123456789abcdefABCDEF0\n${body}\n`;

// ---- signing ----------------------------------------------------------------
const nodeKeyObject = measure(() => crypto.sign('sha256', Buffer.from(message), keyObject));
row('sign (RSA-2048)', 'node:crypto, KeyObject (baseline)', nodeKeyObject);
row('sign (RSA-2048)', 'node:crypto, PEM parsed per call', measure(() => crypto.createSign('RSA-SHA256').update(message).sign(pem, 'base64')), nodeKeyObject);
row('sign (RSA-2048)', 'wechatpay-edge node entry: build + sign createOrder', measure(() => edge.prepare(merchant, edge.profitSharing.createOrder(createOrderInput))), nodeKeyObject);
row('sign (RSA-2048)', 'wechatpay-edge node entry: signRequest', measure(() => edge.signRequest(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body })), nodeKeyObject);
row('sign (RSA-2048)', 'wechatpay-edge signRequestAsync (WebCrypto)', await measureAsync(() => edge.signRequestAsync(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body })), nodeKeyObject);
row('sign (RSA-2048)', 'wechatpay-edge wasm path: signRequest', measure(() => wasmEdge.signRequest(wasmMerchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body }), { batch: 3, samples: 9 }), nodeKeyObject);
try {
  const Pay = require('wechatpay-node-v3').default ?? require('wechatpay-node-v3');
  const pay = new Pay({ appid: 'wx8888888888888888', mchid: testKeys.mchid, publicKey: Buffer.from(testKeys.merchantCertificate), privateKey: Buffer.from(pem) });
  row('sign (RSA-2048)', 'wechatpay-node-v3@2.2.1 getSignature', measure(() => pay.getSignature('POST', 'DemoNonce0123456789abcdefABCDEF0', 1763870400, '/v3/ecommerce/profitsharing/orders', body)), nodeKeyObject);
} catch (e) {
  row('sign (RSA-2048)', `wechatpay-node-v3: not measured (${e.message})`, NaN);
}
try {
  const { Rsa, Formatter } = require('wechatpay-axios-plugin');
  const k = Rsa.from(pem, Rsa.KEY_TYPE_PRIVATE);
  row('sign (RSA-2048)', 'wechatpay-axios-plugin@0.9.6 Rsa.sign (KeyObject)', measure(() => Rsa.sign(Formatter.request('POST', '/v3/ecommerce/profitsharing/orders', '1763870400', 'DemoNonce0123456789abcdefABCDEF0', body), k)), nodeKeyObject);
} catch (e) {
  row('sign (RSA-2048)', `wechatpay-axios-plugin: not measured (${e.message})`, NaN);
}

// ---- verification and notifications -----------------------------------------
const now = 1763870400;
const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '30000000012026112300000000001', out_order_no: 'P20261123001', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费'.repeat(8) }, success_time: '2026-11-23T10:00:00+08:00' };
const delivery = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial, timestamp: now });
const verifyMsg = Buffer.from(`${now}\n${delivery.headers['Wechatpay-Nonce']}\n${delivery.body}\n`);
const sigBytes = Buffer.from(delivery.headers['Wechatpay-Signature'], 'base64');
const nodeVerify = measure(() => crypto.verify('sha256', verifyMsg, platformPublic, sigBytes), { batch: 100 });
row('verify', 'node:crypto, KeyObject (baseline)', nodeVerify);
row('verify', 'wechatpay-edge node entry: verifyNotification (all checks)', measure(() => edge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys, now }), { batch: 100 }), nodeVerify);
row('verify', 'wechatpay-edge wasm path: verifyNotification', measure(() => wasmEdge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys: wasmKeys, now }), { batch: 10 }), nodeVerify);

const resource = encryptResource({ apiV3Key: testKeys.apiV3Key, plaintext: 'x'.repeat(600), associatedData: 'profitsharing' });
const key32 = Buffer.from(testKeys.apiV3Key);
const sealed = Buffer.from(resource.ciphertext, 'base64');
const nodeAes = measure(() => {
  const d = crypto.createDecipheriv('aes-256-gcm', key32, Buffer.from(resource.nonce));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  d.setAAD(Buffer.from('profitsharing'));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]).toString();
}, { batch: 200 });
row('AES-256-GCM decrypt 600 B', 'node:crypto (baseline)', nodeAes);
row('AES-256-GCM decrypt 600 B', 'wechatpay-edge node entry: decryptResource', measure(() => edge.decryptResource({ apiV3Key: testKeys.apiV3Key, resource }), { batch: 200 }), nodeAes);
try {
  const { Aes } = require('wechatpay-axios-plugin');
  row('AES-256-GCM decrypt 600 B', 'wechatpay-axios-plugin AesGcm.decrypt', measure(() => Aes.AesGcm.decrypt(resource.ciphertext, testKeys.apiV3Key, resource.nonce, 'profitsharing'), { batch: 200 }), nodeAes);
} catch (e) {
  row('AES-256-GCM decrypt 600 B', `wechatpay-axios-plugin: not measured (${e.message})`, NaN);
}

const nodeNotif = measure(() => {
  crypto.verify('sha256', verifyMsg, platformPublic, sigBytes);
  const env = JSON.parse(delivery.body).resource;
  const ct = Buffer.from(env.ciphertext, 'base64');
  const d = crypto.createDecipheriv('aes-256-gcm', key32, Buffer.from(env.nonce));
  d.setAuthTag(ct.subarray(ct.length - 16));
  d.setAAD(Buffer.from(env.associated_data));
  return JSON.parse(Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]).toString());
}, { batch: 50 });
row('notification verify + decrypt + parse', 'node:crypto by hand, no checks (baseline)', nodeNotif);
row('notification verify + decrypt + parse', 'wechatpay-edge node entry: parseNotification', measure(() => edge.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key, now }), { batch: 50 }), nodeNotif);
row('notification verify + decrypt + parse', 'wechatpay-edge wasm path: parseNotification', measure(() => wasmEdge.parseNotification({ headers: delivery.headers, body: delivery.body, keys: wasmKeys, apiV3Key: testKeys.apiV3Key, now }), { batch: 10 }), nodeNotif);

// ---- OAEP and key import ----------------------------------------------------
const platformKey = edge.importPlatformCertificate(testKeys.platformCertificate);
const wasmPlatformKey = wasmEdge.importPlatformCertificate(testKeys.platformCertificate);
const nodeOaep = measure(() => crypto.publicEncrypt({ key: platformPublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('张三')), { batch: 50 });
row('RSA-OAEP encrypt', 'node:crypto (baseline)', nodeOaep);
row('RSA-OAEP encrypt', 'wechatpay-edge node entry: encryptSensitive', measure(() => edge.encryptSensitive('张三', platformKey), { batch: 50 }), nodeOaep);
row('RSA-OAEP encrypt', 'wechatpay-edge wasm path: encryptSensitive', measure(() => wasmEdge.encryptSensitive('张三', wasmPlatformKey), { batch: 10 }), nodeOaep);

const nodeImport = measure(() => crypto.createPrivateKey(pem), { batch: 20 });
row('merchant key import', 'node:crypto createPrivateKey (baseline)', nodeImport);
row('merchant key import', 'wechatpay-edge node entry (wasm parse + KeyObject)', measure(() => edge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem }), { batch: 5, samples: 9 }), nodeImport);
row('merchant key import', 'wechatpay-edge wasm path', measure(() => wasmEdge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem }), { batch: 5, samples: 9 }), nodeImport);

// ---- module ------------------------------------------------------------------
const wasmBytes = readFileSync(new URL('wechatpay_edge_bg.wasm', pkg));
const compile = measure(() => new WebAssembly.Module(wasmBytes), { batch: 1, samples: 7 });
row('module', 'WebAssembly compile (sync)', compile);
const entry = fileURLToPath(new URL('entry/node.js', pkg));
const coldScript = `const t=performance.now();const m=await import(${JSON.stringify(entry)});const k=m.importMerchantKey({mchid:'1900000100',serialNo:'AA',privateKey:process.env.PEM});m.signRequest(k,{method:'GET',url:'/v3/certificates'});console.log(performance.now()-t)`;
const cold = [];
for (let i = 0; i < 5; i++) cold.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', coldScript], { env: { ...process.env, PEM: pem } }).toString()) * 1000);
row('module', 'cold start: import node entry → first signature', median(cold));

// ---- report ------------------------------------------------------------------
const fmt = (us) => (Number.isNaN(us) ? '—' : us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
let group = '';
console.log(`wechatpay-edge benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| operation | implementation | median | × baseline |');
console.log('|---|---|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.group === group ? '' : r.group} | ${r.name} | ${fmt(r.us)} | ${r.ratio == null || Number.isNaN(r.ratio) ? '' : r.ratio.toFixed(2) + '×'} |`);
  group = r.group;
}
console.log(`\n.wasm: ${(wasmBytes.length / 1024).toFixed(0)} KB raw, ${(gzipSync(wasmBytes, { level: 9 }).length / 1024).toFixed(0)} KB gzip -9`);
