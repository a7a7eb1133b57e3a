// Issue 13 item 4: nothing oversize is copied into wasm memory (which never shrinks). Each case
// sends 50 MB where the protocol reads a few hundred bytes, through the node entry and the
// portable wasm path (the browser entry: what workerd runs), and checks the typed error and
// that the module's memory stays under a fixed budget. The limits come from the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEntries } from './helpers/entries.mjs';
import { glue, memoryBytes, BUDGET, limits, BIG } from './helpers/wasm-memory.mjs';
import { fx } from './helpers/fixtures.mjs';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const E = await loadEntries();

const T = 1_800_000_000;
const utf8 = (s) => new TextEncoder().encode(s);
const payload = {
  sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472',
  out_order_no: 'P20150806125346', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户' }, success_time: '2026-11-23T10:00:00+08:00',
};
const n = E.nodeTesting.signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账成功', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'n1' });
const responseBody = '{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","state":"FINISHED"}';
const responseHeaders = E.nodeTesting.signResponse({ body: responseBody, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'r1' });

const paths = ['node', 'browser'].map((name) => {
  const api = E[name];
  return { name, api, keys: api.createPlatformKeySet([api.importPlatformCertificate(fx.platformCert)]) };
});

function underBudget(what) {
  assert.ok(memoryBytes() < BUDGET, `${what}: wasm memory is ${memoryBytes()} bytes, budget ${BUDGET}`);
}

function refused(fn, code, what, message) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'WxPayError', what);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    if (message) assert.match(e.message, message, what);
    return true;
  });
  underBudget(what);
}

test('the limits come from the core', () => {
  assert.deepEqual(limits.headerNames, ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial', 'wechatpay-signature-type', 'request-id']);
  assert.equal(limits.headerValue, 2048);
  assert.equal(limits.notificationBody, 256 * 1024);
  assert.equal(limits.responseBody, 1024 * 1024);
  assert.equal(limits.inputJson, 256 * 1024);
});

test('a 50 MB Wechatpay-Signature (or any header the core reads) is refused without being copied', () => {
  for (const p of paths) {
    for (const name of ['Wechatpay-Signature', 'wechatpay-nonce', ' Wechatpay-Serial ', 'Wechatpay-Signature-Type']) {
      const headers = { ...n.headers };
      for (const k of Object.keys(headers)) if (k.toLowerCase() === name.trim().toLowerCase()) delete headers[k];
      headers[name] = BIG;
      const what = `${p.name}: 50 MB ${name.trim()}`;
      refused(() => p.api.verifyNotification({ headers, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', what, /longer than 2048 bytes/);
      refused(() => p.api.parseNotification({ headers: name === name.trim() ? new Headers(headers) : headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_HEADER_INVALID', what);
      refused(() => p.api.verifyResponse({ status: 200, headers: Object.entries(headers), body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', what);
    }
    // Repeats: the core refuses any, and no more than two of a name are copied.
    const repeated = [...Object.entries(n.headers), ...Array.from({ length: 10_000 }, () => ['Wechatpay-Nonce', 'x'.repeat(2000)])];
    refused(() => p.api.verifyNotification({ headers: repeated, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', `${p.name}: 10 000 repeats`, /more than once/);
  }
});

test('an unrelated 50 MB header never reaches wasm memory, on a call that succeeds', () => {
  for (const p of paths) {
    for (const name of ['X-Big', 'X-Wechatpay-Debug', 'Request-ID-Trace']) {
      const headers = { ...n.headers, [name]: BIG };
      assert.equal(p.api.parseNotification({ headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }).kind, 'split');
      assert.equal(p.api.verifyNotification({ headers: new Headers(headers), body: n.body, keys: p.keys, now: T }).serial, fx.platformSerial);
      const r = p.api.verifyResponse({ status: 200, headers: { ...responseHeaders, [name]: BIG }, body: responseBody, keys: p.keys, now: T });
      assert.equal(r.requestId, responseHeaders['Request-ID']);
      underBudget(`${p.name}: unrelated 50 MB ${name}`);
    }
  }
});

test('a 50 MB response body is refused before it is copied (verifyResponse, error answers, parseResponse, loadCertificates)', () => {
  for (const p of paths) {
    for (const body of [BIG, utf8(BIG)]) {
      const kind = typeof body === 'string' ? 'string' : 'bytes';
      const over = /response body is over 1048576 bytes/;
      refused(() => p.api.verifyResponse({ status: 200, headers: responseHeaders, body, keys: p.keys, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: 2xx ${kind}`, over);
      refused(() => p.api.verifyResponse({ status: 500, headers: {}, body, keys: p.keys, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: 5xx ${kind}`, over);
      refused(() => p.api.profitSharing.parseResponse('queryOrder', body), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: parseResponse ${kind}`, over);
      refused(() => p.api.payScore.parseResponse('queryServiceOrder', 200, body), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: payScore.parseResponse ${kind}`, over);
      refused(() => p.api.loadCertificates(body, fx.apiV3Key), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: loadCertificates ${kind}`, over);
    }
    // Just over the cap, in characters that take three UTF-8 bytes each.
    refused(() => p.api.verifyResponse({ status: 200, headers: responseHeaders, body: '分'.repeat(limits.responseBody / 3 + 1), keys: p.keys, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: multibyte`);
    // At the cap it is read (and refused for its signature, not its size).
    refused(() => p.api.verifyResponse({ status: 200, headers: responseHeaders, body: 'x'.repeat(limits.responseBody), keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_INVALID', `${p.name}: at the cap`);
  }
});

test('a 50 MB notification body or builder input is refused before it is copied', () => {
  for (const p of paths) {
    refused(() => p.api.parseNotification({ headers: n.headers, body: BIG, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: notification`);
    const order = { sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: BIG };
    refused(() => p.api.profitSharing.queryOrder(order), 'ERR_WXPAY_VALIDATION', `${p.name}: builder input`, /over 262144 characters as JSON/);
    refused(() => p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource: { algorithm: 'AEAD_AES_256_GCM', nonce: 'x', ciphertext: BIG } }), 'ERR_WXPAY_VALIDATION', `${p.name}: resource`);
    refused(() => p.api.split.allocate(100, [{ account: BIG, ratio: 0.1 }]), 'ERR_WXPAY_VALIDATION', `${p.name}: split input`);
    assert.equal(p.api.profitSharing.queryOrder({ ...order, out_order_no: 'P1' }).method, 'GET');
  }
});

// A call given `keys: platformKey` or `keys: [...]` makes a key set of its own; it is freed
// when the call returns. Left to FinalizationRegistry, each call kept ~600 bytes of wasm
// memory in workerd (whose callbacks did not run) and in any tight synchronous loop.
test('a key set made for one call is freed when it returns (node, wasm path, workerd)', async () => {
  for (const p of paths) {
    const key = p.api.importPlatformCertificate(fx.platformCert);
    for (const keys of [key, [key]]) {
      for (let i = 0; i < 50; i++) p.api.verifyNotification({ headers: n.headers, body: n.body, keys, now: T });
      const before = memoryBytes();
      for (let i = 0; i < 3000; i++) p.api.verifyNotification({ headers: n.headers, body: n.body, keys, now: T });
      assert.equal(memoryBytes(), before, `${p.name}: ${Array.isArray(keys) ? 'array' : 'one key'}`);
    }
  }
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare(bundleForWorkerd(new URL('./workers/soak-worker.js', import.meta.url)));
  try {
    const call = async (path, init) => (await mf.dispatchFetch(`http://localhost${path}`, init)).json();
    await call('/setup', { method: 'POST', body: JSON.stringify(fx) });
    for (const kind of ['notify-key', 'notify-array']) {
      const before = (await call(`/run?kind=${kind}&n=50`)).wasmBytes;
      const after = (await call(`/run?kind=${kind}&n=2000`)).wasmBytes;
      assert.equal(after, before, `workerd: ${kind}`);
    }
  } finally {
    await mf.dispose();
  }
});
