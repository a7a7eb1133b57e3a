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

const rows = [];
function row(group, name, us, baseline) {
  rows.push({ group, name, us, ratio: baseline ? us / baseline : null });
}

/**
 * Measures a group round-robin: each round times one batch of every entry in turn, so
 * a noisy neighbour slows all of them alike; medians over rounds, ratios to the first.
 */
async function group(name, entries, { batch = 20, samples = 15 } = {}) {
  const per = entries.map(() => []);
  const runBatch = async (fn, n) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const r = fn();
      if (r && typeof r.then === 'function') await r;
    }
    return Number(process.hrtime.bigint() - t0) / 1000 / n;
  };
  // Warm up each entry for ~300 ms so the JIT has settled (the JS glue needs thousands of calls).
  for (const [, fn, b = batch] of entries) {
    const until = performance.now() + 300;
    while (performance.now() < until) await runBatch(fn, Math.max(1, Math.ceil(b / 4)));
  }
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < entries.length; i++) {
      const [, fn, b = batch] = entries[i];
      per[i].push(await runBatch(fn, b));
    }
  }
  const medians = per.map(median);
  entries.forEach(([label], i) => row(name, label, medians[i], i === 0 ? null : medians[0]));
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
const signEntries = [
  ['node:crypto, KeyObject (baseline)', () => crypto.sign('sha256', Buffer.from(message), keyObject)],
  ['node:crypto, PEM parsed per call', () => crypto.createSign('RSA-SHA256').update(message).sign(pem, 'base64')],
  ['wechatpay-edge node entry: signRequest', () => edge.signRequest(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body })],
  ['wechatpay-edge node entry: build + validate + sign createOrder', () => edge.prepare(merchant, edge.profitSharing.createOrder(createOrderInput))],
  ['wechatpay-edge signRequestAsync (WebCrypto)', () => edge.signRequestAsync(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body })],
  ['wechatpay-edge wasm path: signRequest', () => wasmEdge.signRequest(wasmMerchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body }), 2],
];
try {
  const Pay = require('wechatpay-node-v3').default ?? require('wechatpay-node-v3');
  const pay = new Pay({ appid: 'wx8888888888888888', mchid: testKeys.mchid, publicKey: Buffer.from(testKeys.merchantCertificate), privateKey: Buffer.from(pem) });
  signEntries.push(['wechatpay-node-v3@2.2.1 getSignature', () => pay.getSignature('POST', 'DemoNonce0123456789abcdefABCDEF0', 1763870400, '/v3/ecommerce/profitsharing/orders', body)]);
} catch (e) {
  console.error(`wechatpay-node-v3 not measured: ${e.message}`);
}
let axios = null;
try {
  axios = require('wechatpay-axios-plugin');
  const k = axios.Rsa.from(pem, axios.Rsa.KEY_TYPE_PRIVATE);
  signEntries.push(['wechatpay-axios-plugin@0.9.6 Formatter.request + Rsa.sign', () => axios.Rsa.sign(axios.Formatter.request('POST', '/v3/ecommerce/profitsharing/orders', '1763870400', 'DemoNonce0123456789abcdefABCDEF0', body), k)]);
} catch (e) {
  console.error(`wechatpay-axios-plugin not measured: ${e.message}`);
}
await group('sign (RSA-2048)', signEntries, { batch: 10, samples: 11 });

// ---- verification and notifications -----------------------------------------
const now = 1763870400;
const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '30000000012026112300000000001', out_order_no: 'P20261123001', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费'.repeat(8) }, success_time: '2026-11-23T10:00:00+08:00' };
const delivery = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial, timestamp: now });
const verifyMsg = Buffer.from(`${now}\n${delivery.headers['Wechatpay-Nonce']}\n${delivery.body}\n`);
const sigBytes = Buffer.from(delivery.headers['Wechatpay-Signature'], 'base64');
const verifyEntries = [
  ['node:crypto, KeyObject (baseline)', () => crypto.verify('sha256', verifyMsg, platformPublic, sigBytes)],
  ['wechatpay-edge node entry: verifyNotification (all checks)', () => edge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys, now })],
  ['wechatpay-edge wasm path: verifyNotification', () => wasmEdge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys: wasmKeys, now }), 5],
];
if (axios) {
  const pk = axios.Rsa.from(testKeys.platformCertificate, axios.Rsa.KEY_TYPE_PUBLIC);
  verifyEntries.push(['wechatpay-axios-plugin Formatter.response + Rsa.verify', () => axios.Rsa.verify(axios.Formatter.response(String(now), delivery.headers['Wechatpay-Nonce'], delivery.body), delivery.headers['Wechatpay-Signature'], pk)]);
}
await group('verify', verifyEntries, { batch: 50 });

const resource = encryptResource({ apiV3Key: testKeys.apiV3Key, plaintext: 'x'.repeat(600), associatedData: 'profitsharing' });
const key32 = Buffer.from(testKeys.apiV3Key);
const sealed = Buffer.from(resource.ciphertext, 'base64');
const nodeOpen = (ct, nonce, aad) => {
  const d = crypto.createDecipheriv('aes-256-gcm', key32, Buffer.from(nonce));
  d.setAuthTag(ct.subarray(ct.length - 16));
  d.setAAD(Buffer.from(aad));
  return Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]).toString();
};
const aesEntries = [
  ['node:crypto (baseline)', () => nodeOpen(sealed, resource.nonce, 'profitsharing')],
  ['wechatpay-edge node entry: decryptResource', () => edge.decryptResource({ apiV3Key: testKeys.apiV3Key, resource })],
  ['wechatpay-edge wasm path: decryptResource', () => wasmEdge.decryptResource({ apiV3Key: testKeys.apiV3Key, resource })],
];
if (axios) aesEntries.push(['wechatpay-axios-plugin AesGcm.decrypt', () => axios.Aes.AesGcm.decrypt(resource.ciphertext, testKeys.apiV3Key, resource.nonce, 'profitsharing')]);
await group('AES-256-GCM decrypt 600 B', aesEntries, { batch: 200 });

const notifEntries = [
  ['node:crypto by hand: verify + decrypt + JSON.parse, no checks (baseline)', () => {
    crypto.verify('sha256', verifyMsg, platformPublic, sigBytes);
    const env = JSON.parse(delivery.body).resource;
    return JSON.parse(nodeOpen(Buffer.from(env.ciphertext, 'base64'), env.nonce, env.associated_data));
  }],
  ['wechatpay-edge node entry: parseNotification (checks + typed payload)', () => edge.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key, now })],
  ['wechatpay-edge wasm path: parseNotification', () => wasmEdge.parseNotification({ headers: delivery.headers, body: delivery.body, keys: wasmKeys, apiV3Key: testKeys.apiV3Key, now }), 5],
];
if (axios) {
  const pk = axios.Rsa.from(testKeys.platformCertificate, axios.Rsa.KEY_TYPE_PUBLIC);
  notifEntries.push(['wechatpay-axios-plugin Rsa.verify + AesGcm.decrypt + JSON.parse', () => {
    axios.Rsa.verify(axios.Formatter.response(String(now), delivery.headers['Wechatpay-Nonce'], delivery.body), delivery.headers['Wechatpay-Signature'], pk);
    const env = JSON.parse(delivery.body).resource;
    return JSON.parse(axios.Aes.AesGcm.decrypt(env.ciphertext, testKeys.apiV3Key, env.nonce, env.associated_data));
  }]);
}
await group('notification verify + decrypt + parse', notifEntries, { batch: 50 });

// ---- OAEP and key import ----------------------------------------------------
const platformKey = edge.importPlatformCertificate(testKeys.platformCertificate);
const wasmPlatformKey = wasmEdge.importPlatformCertificate(testKeys.platformCertificate);
await group('RSA-OAEP encrypt', [
  ['node:crypto (baseline)', () => crypto.publicEncrypt({ key: platformPublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('张三'))],
  ['wechatpay-edge node entry: encryptSensitive', () => edge.encryptSensitive('张三', platformKey)],
  ['wechatpay-edge wasm path: encryptSensitive', () => wasmEdge.encryptSensitive('张三', wasmPlatformKey), 5],
], { batch: 50 });

await group('merchant key import (once per process)', [
  ['node:crypto createPrivateKey (baseline)', () => crypto.createPrivateKey(pem)],
  ['wechatpay-edge node entry (wasm parse + KeyObject)', () => edge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem })],
  ['wechatpay-edge wasm path', () => wasmEdge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem })],
], { batch: 5, samples: 9 });

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
let lastGroup = '';
console.log(`wechatpay-edge benchmark — node ${process.version}, ${new Date().toISOString()}\n`);
console.log('| operation | implementation | median | × baseline |');
console.log('|---|---|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.group === lastGroup ? '' : r.group} | ${r.name} | ${fmt(r.us)} | ${r.ratio == null || Number.isNaN(r.ratio) ? '' : r.ratio.toFixed(2) + '×'} |`);
  lastGroup = r.group;
}
console.log(`\n.wasm: ${(wasmBytes.length / 1024).toFixed(0)} KB raw, ${(gzipSync(wasmBytes, { level: 9 }).length / 1024).toFixed(0)} KB gzip -9`);
