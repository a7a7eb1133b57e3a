// Issue 13 item 2 / issue 14: after a wasm trap the next call runs on a fresh instance.
//
// The trap is real and the module is the shipped one: this file instantiates it with a memory
// maximum a few pages above its initial size (helpers/wasm-limit.mjs rewrites the memory
// section), the way an isolate memory limit refuses growth. The node entry reads its .wasm
// with fs.readFileSync, so the test swaps that function (node:module syncBuiltinESMExports)
// for the one import; the browser entry in the same process (the portable wasm path, no
// native crypto) shares that glue and instance. Nothing in the package can force a trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { pkgDir, wasmBytes } from './helpers/entries.mjs';
import { fx } from './helpers/fixtures.mjs';
import { withMemoryMaximum, HEADROOM_PAGES } from './helpers/wasm-limit.mjs';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const original = fs.readFileSync;
fs.readFileSync = function readFileSync(path, ...rest) {
  const out = original.call(this, path, ...rest);
  return String(path instanceof URL ? path.pathname : path).endsWith('wechatpay_edge_bg.wasm') ? withMemoryMaximum(out, HEADROOM_PAGES) : out;
};
syncBuiltinESMExports();
const node = await import('wechatpay-edge');
const nodeTesting = await import('wechatpay-edge/testing');
fs.readFileSync = original;
syncBuiltinESMExports();

const browser = await import(new URL('entry/browser.js', pkgDir).href);
await browser.init(withMemoryMaximum(wasmBytes(), HEADROOM_PAGES));
const glue = await import(new URL('wechatpay_edge.js', pkgDir).href);
/** The live instance's exports (initSync returns them once initialised). */
const exportsNow = () => glue.initSync();

const T = 1_800_000_000;
const ORDER = { sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346' };
// Valid JSON under the core's input cap, far over the instance's spare memory: the allocation fails.
const OVERSIZE = { ...ORDER, out_order_no: 'x'.repeat(200_000) };

const payload = {
  sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472',
  out_order_no: 'P20150806125346', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户' }, success_time: '2026-11-23T10:00:00+08:00',
};
const notification = nodeTesting.signNotification({
  payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账成功', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'n1',
});

function keysOf(api) {
  return {
    merchant: api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey }),
    platform: api.importPlatformCertificate(fx.platformCert),
    publicKey: api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey }),
  };
}

function trap(fn) {
  const before = exportsNow();
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'WxPayError');
    assert.equal(e.code, 'ERR_WXPAY_INTERNAL');
    assert.equal(e.details.trap, true);
    assert.ok(e.cause instanceof WebAssembly.RuntimeError, 'the cause is the trap');
    return true;
  });
  assert.notEqual(exportsNow(), before, 'a fresh instance replaced the one that trapped');
}

/** Everything a key handle made before the trap is used for, checked against fresh imports. */
function keysStillWork(api, keys) {
  const set = api.createPlatformKeySet([keys.platform, keys.publicKey]);
  const parsed = api.parseNotification({ ...notification, keys: keys.platform, apiV3Key: fx.apiV3Key, now: T });
  assert.equal(parsed.kind, 'split');
  assert.equal(api.verifyNotification({ ...notification, keys: set, now: T }).serial, fx.platformSerial);
  const request = { method: 'GET', url: '/v3/profitsharing/orders/P1', timestamp: T, nonce: 'abc' };
  const fresh = keysOf(api);
  assert.equal(api.signRequest(keys.merchant, request).authorization, api.signRequest(fresh.merchant, request).authorization);
  const { ciphertext } = api.encryptSensitive('张三', keys.platform);
  assert.equal(typeof ciphertext, 'string');
  const sealed = node.encryptSensitive('李四', node.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey }));
  assert.ok(sealed.ciphertext.length > 300);
  const spec = api.profitSharing.createOrder(
    { appid: 'wx8888888888888888', ...ORDER, receivers: [{ type: 'PERSONAL_OPENID', receiver_account: 'o-MYE42l80oelYMDE34nYD456Xoy', amount: 50, description: '分给个人', receiver_name: '张三' }], finish: false },
    { keys: set },
  );
  assert.deepEqual(spec.headers, [['Wechatpay-Serial', fx.publicKeyId]]);
}

for (const [name, api] of [
  ['node entry', node],
  ['portable wasm path (browser entry)', browser],
]) {
  test(`${name}: a trap in a builder, then the next call succeeds on a fresh instance with keys imported before it`, () => {
    const keys = keysOf(api);
    const set = api.createPlatformKeySet([keys.platform]);
    assert.equal(api.profitSharing.queryOrder(ORDER).method, 'GET');
    trap(() => api.profitSharing.queryOrder(OVERSIZE));
    assert.equal(api.profitSharing.queryOrder(ORDER).method, 'GET');
    keysStillWork(api, keys);
    assert.equal(api.parseNotification({ ...notification, keys: set, apiV3Key: fx.apiV3Key, now: T }).kind, 'split');
  });

  test(`${name}: thousands of traps leave nothing behind (no leaked stack or input copies)`, () => {
    const keys = keysOf(api);
    for (let i = 0; i < 2100; i++) trap(() => api.profitSharing.queryOrder(OVERSIZE));
    assert.equal(api.profitSharing.queryOrder(ORDER).method, 'GET');
    keysStillWork(api, keys);
  });
}

test('portable wasm path: a trap inside parseNotification (the body and the signed message do not fit), then it parses', () => {
  const keys = keysOf(browser);
  // Under the 256 KB notification cap, over the spare memory once copied and framed for the RSA check.
  const body = notification.body.replace('"resource"', `"padding":"${'p'.repeat(200_000)}","resource"`);
  trap(() => browser.parseNotification({ headers: notification.headers, body, keys: keys.platform, apiV3Key: fx.apiV3Key, now: T }));
  assert.equal(browser.parseNotification({ ...notification, keys: keys.platform, apiV3Key: fx.apiV3Key, now: T }).kind, 'split');
});

test('after a trap, a key from loadCertificates fails with a typed error saying to load it again', () => {
  const entry = {
    serial_no: fx.platformSerial,
    effective_time: '2026-11-23T10:00:00+08:00',
    expire_time: '2036-11-23T10:00:00+08:00',
    encrypt_certificate: nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: fx.platformCert, associatedData: 'certificate' }),
  };
  const body = JSON.stringify({ data: [entry] });
  for (const api of [node, browser]) {
    const [loaded] = api.loadCertificates(body, fx.apiV3Key);
    const set = api.createPlatformKeySet([loaded]);
    trap(() => api.profitSharing.queryOrder(OVERSIZE));
    // (On the node entry encryptSensitive and verification run on node:crypto's copy of the key,
    // which no trap touches; the builder below needs the wasm handle on every path.)
    const uses = [() => api.profitSharing.createOrder({ ...ORDER, receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 1, description: 'x' }], finish: false }, { platformKey: loaded })];
    if (api === browser) uses.push(() => api.encryptSensitive('x', loaded), () => api.verifyNotification({ ...notification, keys: set, now: T }));
    for (const use of uses) {
      assert.throws(use, (e) => e.name === 'WxPayError' && e.code === 'ERR_WXPAY_KEY_INVALID' && /call loadCertificates again/.test(e.message));
    }
    const [again] = api.loadCertificates(body, fx.apiV3Key);
    assert.equal(api.verifyNotification({ ...notification, keys: again, now: T }).serial, fx.platformSerial);
  }
});

test('inside workerd: 50 traps, then builds, notifications and signing (sync and WebCrypto) with keys imported before them', async () => {
  const { Miniflare } = await import('miniflare');
  const options = bundleForWorkerd(new URL('./workers/trap-worker.js', import.meta.url));
  for (const m of options.modules) if (m.type === 'CompiledWasm') m.contents = withMemoryMaximum(m.contents, HEADROOM_PAGES);
  const mf = new Miniflare(options);
  try {
    const out = await (await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify(fx) })).json();
    assert.deepEqual(out.traps, [JSON.stringify(['WxPayError', 'ERR_WXPAY_INTERNAL', true])]);
    assert.deepEqual(out.after, { build: 'GET', kind: 'split', authorization: 'WECHATPAY2-SHA256-RSA2048 ', async: true });
  } finally {
    await mf.dispose();
  }
});
