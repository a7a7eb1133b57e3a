// Issue 16: wechatpay-edge/lite, the lite module for webhooks and signing. It answers what the
// main entry answers (results, error codes, messages, details) on the shared table of good and
// hostile inputs, in Node and in real workerd; a worker importing it carries only the lite
// module; and where no engine can run an operation it says so (ERR_WXPAY_ENGINE_MISSING).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import { Miniflare } from 'miniflare';
import { loadEntries, pkgDir } from './helpers/entries.mjs';
import { buildCases } from './helpers/async-table.mjs';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const { node, nodeTesting } = await loadEntries();
const lite = await import('wechatpay-edge/lite');
// The lite module reads no X.509 (public-key mode only), so the table's messages are signed by
// the WeChat Pay public key's private key; its certificate becomes a public key under another id.
const k = { ...nodeTesting.testKeys, platformPrivateKey: nodeTesting.testKeys.publicKeyPrivateKey, platformSerial: nodeTesting.testKeys.publicKeyId };
const testing = { ...nodeTesting, testKeys: k };
const OTHER_ID = 'PUB_KEY_ID_0119000001002025112300000000000002';
const platformSpki = new crypto.X509Certificate(k.platformCertificate).publicKey.export({ type: 'spki', format: 'pem' });

async function settle(fn) {
  try {
    return { ok: JSON.parse(JSON.stringify(await fn())) };
  } catch (e) {
    return { error: { isWxPayError: e instanceof node.WxPayError, code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details ?? null)) } };
  }
}

/** The table's cases with the main entry's keys swapped for lite ones of the same serials. */
function liteCases() {
  const { cases, keys, cert, pub } = buildCases(node, testing);
  const liteCert = lite.importPlatformPublicKey({ id: OTHER_ID, pem: platformSpki });
  const litePub = lite.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey });
  const liteSet = lite.createPlatformKeySet([liteCert, litePub], { merchantSerialNo: k.merchantSerialNo });
  const swap = (v) => (v === keys ? liteSet : v === cert ? liteCert : v === pub ? litePub : Array.isArray(v) ? v.map(swap) : v);
  return cases.map(([name, , asyncFn, input]) => {
    const op = name.slice(0, name.indexOf(':'));
    return { name, main: () => asyncFn(input), lite: () => lite[`${op}Async`]({ ...input, keys: swap(input.keys) }) };
  });
}

test('lite entry in Node: every table case gives the main entry\'s result or error', async () => {
  const cases = liteCases();
  assert.ok(cases.length > 100, `${cases.length} cases`);
  const codes = new Set();
  for (const c of cases) {
    const [want, got] = [await settle(c.main), await settle(c.lite)];
    assert.deepEqual(got, want, c.name);
    if (want.error) codes.add(want.error.code);
  }
  for (const code of ['ERR_WXPAY_SIGNATURE_INVALID', 'ERR_WXPAY_SERIAL_UNKNOWN', 'ERR_WXPAY_DECRYPTION_FAILED', 'ERR_WXPAY_PAYLOAD_INVALID', 'ERR_WXPAY_API']) assert.ok(codes.has(code), code);
});

test('lite entry in Node: signing gives the same bytes, encryption opens with the platform key', async () => {
  const req = { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body: '{"a":1}', timestamp: 1700000000, nonce: 'NONCE0123456789' };
  const mk = { mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey };
  assert.deepEqual(await lite.signRequestAsync(lite.importMerchantKey(mk), req), node.signRequest(node.importMerchantKey(mk), req));
  const spec = node.profitSharing.createOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 30, description: 'x' }], finish: true, wechatpay_serial: k.publicKeyId });
  const opts = { timestamp: 1700000000, nonce: 'NONCE0123456789' };
  assert.deepEqual(await lite.prepareAsync(lite.importMerchantKey(mk), spec, opts), node.prepare(node.importMerchantKey(mk), spec, opts));
  const sealed = await lite.encryptSensitiveAsync('张三', lite.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey }));
  assert.equal(sealed.serial, k.publicKeyId);
  assert.equal(node.decryptSensitive(sealed.ciphertext, node.importMerchantKey({ mchid: k.mchid, serialNo: 'AA', privateKey: k.publicKeyPrivateKey })), '张三');
});

test('lite module without WebCrypto: ERR_WXPAY_ENGINE_MISSING, with the fix in its message', async () => {
  const browserLite = await import(new URL('lite/browser.js', pkgDir).href);
  await browserLite.init(new Uint8Array(readFileSync(new URL('wechatpay_edge_lite_bg.wasm', pkgDir))));
  const good = nodeTesting.signNotification({ payload: { a: 1 }, eventType: 'SOMETHING.NEW', summary: 'x', apiV3Key: k.apiV3Key, privateKey: k.publicKeyPrivateKey, serial: k.publicKeyId });
  const input = { ...good, apiV3Key: k.apiV3Key, keys: browserLite.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey }) };
  // With WebCrypto it parses.
  assert.equal((await browserLite.parseNotificationAsync(input)).kind, 'other');
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  const real = globalThis.crypto;
  Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a) => real.getRandomValues(a) }, configurable: true, writable: true });
  try {
    const merchant = browserLite.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
    for (const [what, run] of [
      ['parseNotificationAsync', () => browserLite.parseNotificationAsync(input)],
      ['verifyNotificationAsync', () => browserLite.verifyNotificationAsync(input)],
      ['signRequestAsync', () => browserLite.signRequestAsync(merchant, { method: 'GET', url: '/v3/x' })],
      ['encryptSensitiveAsync', () => browserLite.encryptSensitiveAsync('x', input.keys)],
    ]) {
      const e = await settle(run);
      assert.equal(e.error?.code, 'ERR_WXPAY_ENGINE_MISSING', what);
      assert.match(e.error.message, /import from "wechatpay-edge" instead/, what);
      assert.equal(typeof e.error.details.operation, 'string', what);
    }
  } finally {
    Object.defineProperty(globalThis, 'crypto', desc);
  }
});

let mf;
after(async () => mf && (await mf.dispose()));

test('real workerd: a worker importing only wechatpay-edge/lite carries the lite module and answers like the main entry', async () => {
  const options = await bundleForWorkerd(new URL('./workers/lite-worker.js', import.meta.url));
  const wasm = options.modules.filter((m) => m.type === 'CompiledWasm').map((m) => m.path.split('/').pop());
  assert.deepEqual(wasm, ['wechatpay_edge_lite_bg.wasm']);
  mf = new Miniflare(options);
  const { cases } = buildCases(node, testing);
  const notifications = cases
    .filter(([name, , , input]) => name.startsWith('parseNotification: ') && typeof input.body === 'string' && input.headers && typeof input.headers === 'object' && !(input.headers instanceof Headers) && (typeof input.apiV3Key === 'string'))
    .map(([name, , , { keys, ...input }]) => ({ name, input }));
  assert.ok(notifications.length > 25, `${notifications.length} notifications`);
  const req = { method: 'GET', url: '/v3/ecommerce/profitsharing/orders?sub_mchid=1', timestamp: 1700000000, nonce: 'NONCE0123456789' };
  const res = await mf.dispatchFetch('http://localhost/', {
    method: 'POST',
    body: JSON.stringify({ keys: { ...k, platformSpki, otherId: OTHER_ID }, notifications: notifications.map((n) => n.input), request: req }),
  });
  const out = await res.json();
  assert.equal(out.failed, undefined);
  assert.equal(out.runtime, 'workerd');
  const mainKeys = node.createPlatformKeySet([node.importPlatformCertificate(k.platformCertificate), node.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey })], { merchantSerialNo: k.merchantSerialNo });
  for (const [i, n] of notifications.entries()) {
    const input = { ...n.input, keys: mainKeys };
    assert.deepEqual(out.parsed[i], await settle(() => node.parseNotificationAsync(input)), `parse ${n.name}`);
    assert.deepEqual(out.verified[i], await settle(() => node.verifyNotificationAsync(input)), `verify ${n.name}`);
  }
  const mk = node.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
  assert.deepEqual(out.signed.ok, node.signRequest(mk, req));
  assert.equal(out.encrypted.ok.serial, k.publicKeyId);
});
