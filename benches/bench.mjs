// npm run bench: one run, medians (µs per operation) side by side with the baselines.
// The machine is shared and noisy: compare ratios within a run, not absolute numbers across runs.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { TARGETS, verdict } from './targets.mjs';

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
function row(group, name, us, baseline, target) {
  rows.push({ group, name, us, ratio: baseline ? us / baseline : null, target });
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
  // An entry is [label, fn, batch?, target id? (targets.mjs)].
  entries.forEach(([label, , , target], i) => row(name, label, medians[i], i === 0 ? null : medians[0], target));
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
// Every signer gets the same timestamp and nonce (the peers take them as arguments too);
// one extra row shows ours drawing a fresh CSPRNG nonce and reading the clock.
const TS = 1763870400;
const NONCE = 'DemoNonce0123456789abcdefABCDEF0';
const URL_PATH = '/v3/ecommerce/profitsharing/orders';
const message = `POST\n${URL_PATH}\n${TS}\n${NONCE}\n${body}\n`;
const fixed = { method: 'POST', url: URL_PATH, body, timestamp: TS, nonce: NONCE };

// ---- signing ----------------------------------------------------------------
const signEntries = [
  ['node:crypto, KeyObject (baseline)', () => crypto.sign('sha256', Buffer.from(message), keyObject)],
  ['node:crypto, PEM parsed per call', () => crypto.createSign('RSA-SHA256').update(message).sign(pem, 'base64')],
  ['wechatpay-edge node entry: signRequest', () => edge.signRequest(merchant, fixed)],
  ['wechatpay-edge node entry: signRequest, fresh nonce + clock', () => edge.signRequest(merchant, { method: 'POST', url: URL_PATH, body })],
  ['wechatpay-edge node entry: build + validate + sign createOrder', () => edge.prepare(merchant, edge.profitSharing.createOrder(createOrderInput), { timestamp: TS, nonce: NONCE })],
  ['wechatpay-edge signRequestAsync (WebCrypto)', () => edge.signRequestAsync(merchant, fixed)],
  ['wechatpay-edge wasm path: signRequest', () => wasmEdge.signRequest(wasmMerchant, fixed), 2, 'wasm.signRequest'],
];
let nodeV3 = null;
try {
  const Pay = require('wechatpay-node-v3').default ?? require('wechatpay-node-v3');
  const pay = new Pay({ appid: 'wx8888888888888888', mchid: testKeys.mchid, publicKey: Buffer.from(testKeys.merchantCertificate), privateKey: Buffer.from(pem) });
  signEntries.push(['wechatpay-node-v3@2.2.1 getSignature', () => pay.getSignature('POST', NONCE, TS, URL_PATH, body)]);
  nodeV3 = { Pay, pay };
} catch (e) {
  console.error(`wechatpay-node-v3 not measured: ${e.message}`);
}
let axios = null;
try {
  axios = require('wechatpay-axios-plugin');
  const k = axios.Rsa.from(pem, axios.Rsa.KEY_TYPE_PRIVATE);
  signEntries.push(['wechatpay-axios-plugin@0.9.6 Formatter.request + Rsa.sign', () => axios.Rsa.sign(axios.Formatter.request('POST', URL_PATH, String(TS), NONCE, body), k)]);
  // The peers have no request builders: their "build" is JSON.stringify, with no checks.
  const { wechatpay_serial: _serial, ...peerInput } = createOrderInput;
  signEntries.push(['wechatpay-axios-plugin JSON.stringify + Formatter.request + Rsa.sign', () => axios.Rsa.sign(axios.Formatter.request('POST', URL_PATH, String(TS), NONCE, JSON.stringify(peerInput)), k)]);
} catch (e) {
  console.error(`wechatpay-axios-plugin not measured: ${e.message}`);
}
await group('sign (RSA-2048)', signEntries, { batch: 10, samples: 41 });
// The target's row: the two alone, 61 rounds, so that neither runs right after the 5 ms wasm
// signer or a PEM parse as the rows of the group above do.
await group('sign, head to head', [
  ['node:crypto, KeyObject (baseline)', () => crypto.sign('sha256', Buffer.from(message), keyObject)],
  ['wechatpay-edge node entry: signRequest', () => edge.signRequest(merchant, fixed), undefined, 'node.signRequest'],
], { batch: 10, samples: 61 });
// What the build row adds to a signature, measured warm (in the sign group it runs right after
// an RSA operation has evicted it from the caches, and costs more).
await group('build a createOrder request (no signature)', [
  ['JSON.stringify of the input, no checks (baseline)', () => JSON.stringify(createOrderInput)],
  ['wechatpay-edge: profitSharing.createOrder (validate + build in wasm)', () => edge.profitSharing.createOrder(createOrderInput), undefined, 'node.createOrder'],
], { batch: 200, samples: 21 });

// ---- verification and notifications -----------------------------------------
const now = 1763870400;
const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '30000000012026112300000000001', out_order_no: 'P20261123001', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费'.repeat(8) }, success_time: '2026-11-23T10:00:00+08:00' };
const delivery = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial, timestamp: now });
// The baselines start from the delivery, as the workerd and Chromium ones do and as code without
// an SDK must: the message is built from the headers and the signature decoded on every call.
const handVerify = (h, body) => crypto.verify('sha256', Buffer.from(`${h['Wechatpay-Timestamp']}\n${h['Wechatpay-Nonce']}\n${body}\n`), platformPublic, Buffer.from(h['Wechatpay-Signature'], 'base64'));
if (!handVerify(delivery.headers, delivery.body)) throw new Error('the baseline did not verify the delivery');
const verifyMsg = Buffer.from(`${now}\n${delivery.headers['Wechatpay-Nonce']}\n${delivery.body}\n`);
const sigBytes = Buffer.from(delivery.headers['Wechatpay-Signature'], 'base64');
const verifyEntries = [
  ['node:crypto, KeyObject, message built from the headers (baseline)', () => handVerify(delivery.headers, delivery.body)],
  ['node:crypto, KeyObject, message and signature bytes prepared once (the RSA alone)', () => crypto.verify('sha256', verifyMsg, platformPublic, sigBytes)],
  ['wechatpay-edge node entry: verifyNotification (all checks)', () => edge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys, now }), undefined, 'node.verifyNotification'],
  ['wechatpay-edge wasm path: verifyNotification', () => wasmEdge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys: wasmKeys, now }), 5, 'wasm.verifyNotification'],
];
if (axios) {
  const pk = axios.Rsa.from(testKeys.platformCertificate, axios.Rsa.KEY_TYPE_PUBLIC);
  verifyEntries.push(['wechatpay-axios-plugin Formatter.response + Rsa.verify', () => axios.Rsa.verify(axios.Formatter.response(String(now), delivery.headers['Wechatpay-Nonce'], delivery.body), delivery.headers['Wechatpay-Signature'], pk)]);
}
// wechatpay-node-v3 looks platform certificates up in a static map (normally filled over the network).
const v3Verify = nodeV3 && (() => {
  nodeV3.Pay.certificates[testKeys.platformSerial] = testKeys.platformCertificate;
  return () => nodeV3.pay.verifySign({ timestamp: String(now), nonce: delivery.headers['Wechatpay-Nonce'], body: delivery.body, serial: testKeys.platformSerial, signature: delivery.headers['Wechatpay-Signature'] });
})();
if (v3Verify) verifyEntries.push(['wechatpay-node-v3 verifySign (async, certificate PEM per call)', v3Verify]);
await group('verify', verifyEntries, { batch: 50, samples: 21 });

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
// decipher_gcm never calls final(): the tag is not checked, so tampering goes unnoticed.
if (nodeV3) aesEntries.push(['wechatpay-node-v3 decipher_gcm (tag NOT checked)', () => nodeV3.pay.decipher_gcm(resource.ciphertext, 'profitsharing', resource.nonce, testKeys.apiV3Key)]);
await group('AES-256-GCM decrypt 600 B', aesEntries, { batch: 200, samples: 21 });

const notifEntries = [
  ['node:crypto by hand: verify + decrypt + JSON.parse, no checks (baseline)', () => {
    handVerify(delivery.headers, delivery.body);
    const env = JSON.parse(delivery.body).resource;
    return JSON.parse(nodeOpen(Buffer.from(env.ciphertext, 'base64'), env.nonce, env.associated_data));
  }],
  ['wechatpay-edge node entry: verifyNotification + decryptResource + JSON.parse (all checks)', () => {
    edge.verifyNotification({ headers: delivery.headers, body: delivery.body, keys, now });
    return JSON.parse(edge.decryptResource({ apiV3Key: testKeys.apiV3Key, resource: JSON.parse(delivery.body).resource }));
  }],
  ['wechatpay-edge node entry: parseNotification (all checks + typed payload + idempotency key)', () => edge.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key, now }), undefined, 'node.parseNotification'],
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
if (v3Verify) {
  notifEntries.push(['wechatpay-node-v3 verifySign + decipher_gcm (tag NOT checked)', async () => {
    await v3Verify();
    const env = JSON.parse(delivery.body).resource;
    return nodeV3.pay.decipher_gcm(env.ciphertext, env.associated_data, env.nonce, testKeys.apiV3Key);
  }]);
}
await group('notification verify + decrypt', notifEntries, { batch: 50, samples: 21 });

// ---- OAEP and key import ----------------------------------------------------
const platformKey = edge.importPlatformCertificate(testKeys.platformCertificate);
const wasmPlatformKey = wasmEdge.importPlatformCertificate(testKeys.platformCertificate);
const oaepEntries = [
  ['node:crypto (baseline)', () => crypto.publicEncrypt({ key: platformPublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('张三'))],
  ['wechatpay-edge node entry: encryptSensitive', () => edge.encryptSensitive('张三', platformKey)],
  ['wechatpay-edge wasm path: encryptSensitive', () => wasmEdge.encryptSensitive('张三', wasmPlatformKey), 5, 'wasm.encryptSensitive'],
];
if (axios) {
  const pk = axios.Rsa.from(testKeys.platformCertificate, axios.Rsa.KEY_TYPE_PUBLIC);
  oaepEntries.push(['wechatpay-axios-plugin Rsa.encrypt', () => axios.Rsa.encrypt('张三', pk)]);
}
if (nodeV3) oaepEntries.push(['wechatpay-node-v3 publicEncrypt (certificate PEM per call)', () => nodeV3.pay.publicEncrypt('张三', testKeys.platformCertificate)]);
await group('RSA-OAEP encrypt', oaepEntries, { batch: 50 });

await group('merchant key import (once per process)', [
  ['node:crypto createPrivateKey (baseline)', () => crypto.createPrivateKey(pem)],
  ['wechatpay-edge node entry (core checks + PKCS#1 KeyObject)', () => edge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem }).free(), undefined, 'node.importMerchantKey'],
  ['wechatpay-edge wasm path', () => wasmEdge.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: pem }).free()],
], { batch: 5, samples: 9 });

await group('WeChat Pay public key import', [
  ['node:crypto createPublicKey of the PEM (baseline)', () => crypto.createPublicKey(testKeys.publicKey)],
  ['wechatpay-edge node entry: importPlatformPublicKey', () => edge.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey }).free()],
  ['wechatpay-edge wasm path: importPlatformPublicKey', () => wasmEdge.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey }).free()],
], { batch: 20, samples: 9 });

await group('platform certificate import (each certificate download)', [
  ['node:crypto new X509Certificate(pem).publicKey (baseline)', () => new crypto.X509Certificate(testKeys.platformCertificate).publicKey],
  ['wechatpay-edge node entry: importPlatformCertificate', () => edge.importPlatformCertificate(testKeys.platformCertificate).free()],
  ['wechatpay-edge wasm path: importPlatformCertificate', () => wasmEdge.importPlatformCertificate(testKeys.platformCertificate).free()],
], { batch: 20, samples: 9 });

// ---- module ------------------------------------------------------------------
const wasmBytes = readFileSync(new URL('wechatpay_edge_bg.wasm', pkg));
const compile = measure(() => new WebAssembly.Module(wasmBytes), { batch: 1, samples: 7 });
row('module', 'WebAssembly compile (sync)', compile);
// Cold start: a fresh process, from the first import to the first Authorization signature
// (module load, key import, one signature), measured inside the child so Node's own boot is excluded.
const entry = fileURLToPath(new URL('entry/node.js', pkg));
const peerPath = (name) => require.resolve(name);
const coldScripts = [
  ['wechatpay-edge node entry', 'module', `const t=performance.now();const m=await import(${JSON.stringify(entry)});const k=m.importMerchantKey({mchid:'1900000100',serialNo:'AA',privateKey:process.env.PEM});m.signRequest(k,{method:'GET',url:'/v3/certificates'});console.log(performance.now()-t)`],
];
if (axios) {
  coldScripts.push(['wechatpay-axios-plugin', 'commonjs', `const t=performance.now();const a=require(${JSON.stringify(peerPath('wechatpay-axios-plugin'))});const k=a.Rsa.from(process.env.PEM,a.Rsa.KEY_TYPE_PRIVATE);a.Rsa.sign(a.Formatter.request('GET','/v3/certificates',String(Math.floor(Date.now()/1000)),a.Formatter.nonce(),''),k);console.log(performance.now()-t)`]);
}
if (nodeV3) {
  coldScripts.push(['wechatpay-node-v3', 'commonjs', `const t=performance.now();const m=require(${JSON.stringify(peerPath('wechatpay-node-v3'))});const P=m.default??m;const p=new P({appid:'wx8888888888888888',mchid:'1900000100',publicKey:Buffer.from(process.env.CERT),privateKey:Buffer.from(process.env.PEM)});p.getSignature('GET','n',Math.floor(Date.now()/1000),'/v3/certificates','');console.log(performance.now()-t)`]);
}
const coldPer = coldScripts.map(() => []);
for (let i = 0; i < 7; i++) {
  coldScripts.forEach(([, type, script], j) => {
    const out = execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], { env: { ...process.env, PEM: pem, CERT: testKeys.merchantCertificate } });
    coldPer[j].push(Number(out.toString()) * 1000);
  });
}
coldScripts.forEach(([label], j) => row('cold start: first import → key import → first signature', label, median(coldPer[j]), j === 0 ? null : median(coldPer[0])));

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
console.log('\n| target (benches/targets.mjs) | row | measured |');
console.log('|---|---|---|');
for (const r of rows.filter((x) => x.target)) {
  const t = TARGETS[r.target];
  console.log(`| ${r.target} | ${r.name} | ${verdict(r.target, t.unit === '×' ? r.ratio : r.us)} |`);
}
