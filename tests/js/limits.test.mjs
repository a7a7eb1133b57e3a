// Issue 13 item 4, the rest of "bounded memory": every caller string the package copies into
// wasm memory (which never shrinks) has a cap defined in the Rust core (wasmLimits); an input
// over it is refused with the core's own typed error before it is copied, on the node entry and
// the portable wasm path (the browser entry: what workerd runs). Then free() and
// [Symbol.dispose]() on keys and key sets, which workerd needs (its FinalizationRegistry
// callbacks never run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEntries } from './helpers/entries.mjs';
import { glue, memoryBytes, BUDGET, limits, BIG } from './helpers/wasm-memory.mjs';
import { fx } from './helpers/fixtures.mjs';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const E = await loadEntries();

const T = 1_800_000_000;
const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 1, description: 'x' } };
const n = E.nodeTesting.signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: 's', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'n1' });
const certificatesBody = JSON.stringify({ data: [{ serial_no: fx.platformSerial, effective_time: '', expire_time: '', encrypt_certificate: E.nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: fx.platformCert, associatedData: 'certificate' }) }] });

const paths = ['node', 'browser'].map((name) => {
  const api = E[name];
  const merchant = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
  const platform = api.importPlatformCertificate(fx.platformCert);
  return { name, api, merchant, platform, keys: api.createPlatformKeySet([platform]) };
});

function underBudget(what) {
  assert.ok(memoryBytes() < BUDGET, `${what}: wasm memory is ${memoryBytes()} bytes, budget ${BUDGET}`);
}

/** `fn` throws the WxPayError `code` (with `path` as its first issue's path, and a message matching `message`), and memory stays in budget. */
function refused(fn, code, what, { path, message } = {}) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'WxPayError', `${what}: ${e.stack}`);
    assert.equal(e.code, code, `${what}: ${e.message}`);
    if (path) assert.equal(e.issues?.[0]?.path, path, `${what}: ${e.message}`);
    if (message) assert.match(e.message, message, what);
    return true;
  });
  underBudget(what);
}

test('the caps come from the core', () => {
  assert.equal(limits.keyPem, 16 * 1024);
  assert.equal(limits.requestBody, 1024 * 1024);
  assert.equal(limits.url, 8 * 1024);
  assert.equal(limits.method, 6);
  assert.equal(limits.nonce, 64);
  assert.equal(limits.message, 1024 * 1024 + 8 * 1024 + 128);
  assert.equal(limits.signature, 512);
  assert.equal(limits.sensitivePlaintext, 470);
  assert.equal(limits.sensitiveCiphertext, 1024);
  assert.equal(limits.nackMessage, 512);
  assert.equal(limits.apiV3Key, 32);
  assert.throws(() => glue.wasmCheckLength('keyPem', limits.keyPem + 1), (e) => e.code === 'ERR_WXPAY_KEY_INVALID');
  assert.equal(glue.wasmCheckLength('keyPem', limits.keyPem), undefined);
});

test('key PEMs: 50 MB or one byte over 16 KiB is ERR_WXPAY_KEY_INVALID, never copied', () => {
  for (const p of paths) {
    for (const [size, big] of [['50 MB', BIG], ['cap+1', 'A'.repeat(limits.keyPem + 1)]]) {
      const message = /16384-byte limit for one key or certificate; pass the text of the single key/;
      refused(() => p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: big }), 'ERR_WXPAY_KEY_INVALID', `${p.name}: merchant key ${size}`, { message });
      refused(() => p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: big }), 'ERR_WXPAY_KEY_INVALID', `${p.name}: public key ${size}`, { message });
      refused(() => p.api.importPlatformCertificate(big), 'ERR_WXPAY_KEY_INVALID', `${p.name}: certificate ${size}`, { message });
    }
    // A real key with a long comment under the cap still imports.
    assert.equal(p.api.importPlatformCertificate(`${'#'.repeat(8000)}\n${fx.platformCert}`).serial, fx.platformSerial);
  }
});

test('signing inputs (body, url, method, nonce): refused before the copy, as ERR_WXPAY_VALIDATION naming the field', () => {
  for (const p of paths) {
    const cases = [
      ['body', { method: 'POST', url: '/v3/x', body: BIG }, /1048576-byte limit; sign the exact JSON text you send/],
      ['body', { method: 'POST', url: '/v3/x', body: 'x'.repeat(limits.requestBody + 1) }],
      ['body', { method: 'POST', url: '/v3/x', body: '分'.repeat(limits.requestBody / 3 + 1) }],
      ['url', { method: 'GET', url: `/v3/${BIG}` }, /8192-byte limit/],
      ['method', { method: BIG, url: '/v3/x' }, /use one of GET, POST/],
      ['nonce', { method: 'GET', url: '/v3/x', nonce: BIG }, /1 to 64 ASCII letters or digits/],
    ];
    for (const [path, request, message] of cases) {
      const what = `${p.name}: ${path} ${request[path].length}`;
      refused(() => p.api.signRequest(p.merchant, { timestamp: T, nonce: 'n1', ...request }), 'ERR_WXPAY_VALIDATION', `signRequest ${what}`, { path, message });
      refused(() => p.api.buildSigningMessage({ timestamp: T, nonce: 'n1', body: '', ...request }), 'ERR_WXPAY_VALIDATION', `buildSigningMessage ${what}`, { path, message });
    }
    const spec = { method: 'POST', pathAndQuery: '/v3/profitsharing/orders', headers: [], body: BIG };
    refused(() => p.api.prepare(p.merchant, spec, { timestamp: T, nonce: 'n1' }), 'ERR_WXPAY_VALIDATION', `${p.name}: prepare body`, { path: 'body' });
    refused(() => p.api.prepare(p.merchant, { ...spec, body: '{}', pathAndQuery: `/v3/${BIG}` }, { timestamp: T, nonce: 'n1' }), 'ERR_WXPAY_VALIDATION', `${p.name}: prepare url`, { path: 'url' });
  }
});

test('signRequestAsync and prepareAsync refuse the same way (a rejected promise)', async () => {
  for (const p of paths) {
    await assert.rejects(p.api.signRequestAsync(p.merchant, { method: 'POST', url: '/v3/x', body: BIG }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'body');
    await assert.rejects(p.api.prepareAsync(p.merchant, { method: 'POST', pathAndQuery: '/v3/x', headers: [], body: BIG }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'body');
    underBudget(`${p.name}: async`);
  }
});

test('sensitive fields: OAEP plaintext over the key limit and oversize ciphertext, the same error on both paths', () => {
  const messages = [];
  for (const p of paths) {
    refused(() => p.api.encryptSensitive(BIG, p.platform), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: plaintext 50 MB`, { message: /at most 470 \(214 with WeChat Pay's 2048-bit keys\)/ });
    refused(() => p.api.encryptSensitive(BIG, p.keys), 'ERR_WXPAY_PAYLOAD_INVALID', `${p.name}: plaintext 50 MB via set`);
    // Over the 2048-bit key's limit but under the copy cap: the key's own limit, same message on node and wasm.
    assert.throws(() => p.api.encryptSensitive('x'.repeat(215), p.platform), (e) => {
      assert.equal(e.code, 'ERR_WXPAY_PAYLOAD_INVALID');
      messages.push(e.message);
      return /RSA-OAEP with this key takes at most 214/.test(e.message);
    });
    assert.equal(typeof p.api.encryptSensitive('x'.repeat(214), p.platform).ciphertext, 'string');
    refused(() => p.api.decryptSensitive(BIG, p.merchant), 'ERR_WXPAY_RESOURCE_INVALID', `${p.name}: ciphertext 50 MB`, { message: /1024-character limit/ });
    refused(() => p.api.decryptSensitive('A'.repeat(limits.sensitiveCiphertext + 1), p.merchant), 'ERR_WXPAY_RESOURCE_INVALID', `${p.name}: ciphertext cap+1`);
  }
  assert.equal(messages[0], messages[1]);
});

test('nack message and verifySignature message/signature', () => {
  for (const p of paths) {
    refused(() => p.api.nack(BIG), 'ERR_WXPAY_VALIDATION', `${p.name}: nack 50 MB`, { path: 'message', message: /512-byte limit; answer WeChat Pay with a short reason/ });
    refused(() => p.api.nack('处'.repeat(171)), 'ERR_WXPAY_VALIDATION', `${p.name}: nack 513 bytes`, { path: 'message' });
    assert.equal(p.api.nack('处'.repeat(170), 503).status, 503);
    // Short texts are counted, not encoded: a pair is 4 bytes, a lone surrogate 3 (TextEncoder's U+FFFD).
    assert.equal(p.api.nack(`${'😀'.repeat(100)}${'处'.repeat(37)}x`).status, 500);
    refused(() => p.api.nack(`${'😀'.repeat(100)}${'处'.repeat(37)}xx`), 'ERR_WXPAY_VALIDATION', `${p.name}: nack 513 bytes with pairs`, { path: 'message' });
    assert.equal(p.api.nack('\ud800'.repeat(170)).status, 500);
    refused(() => p.api.nack(`${'\udc00'.repeat(170)}xxx`), 'ERR_WXPAY_VALIDATION', `${p.name}: nack 513 bytes with lone surrogates`, { path: 'message' });
    refused(() => p.api.verifySignature(p.platform, BIG, 'AAAA'), 'ERR_WXPAY_VALIDATION', `${p.name}: verifySignature message`, { path: 'message' });
    refused(() => p.api.verifySignature(p.platform, new Uint8Array(limits.message + 1), 'AAAA'), 'ERR_WXPAY_VALIDATION', `${p.name}: verifySignature bytes`, { path: 'message' });
    assert.equal(p.api.verifySignature(p.platform, 'x', BIG), false);
    assert.equal(p.api.verifySignature(p.platform, 'x', 'A'.repeat(688)), false);
    underBudget(`${p.name}: verifySignature signature`);
  }
});

test('APIv3 keys: anything but 32 bytes is the core\'s ERR_WXPAY_APIV3_KEY_INVALID, never copied', () => {
  for (const p of paths) {
    const resource = E.nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: '{}', associatedData: '' });
    for (const [size, key] of [['50 MB string', BIG], ['50 MB bytes', new Uint8Array(50 * 1024 * 1024)], ['33 bytes', 'k'.repeat(33)], ['31 bytes', 'k'.repeat(31)]]) {
      const what = `${p.name}: ${size}`;
      const message = /the APIv3 key must be exactly 32 bytes \(got \d+\); copy it from/;
      refused(() => p.api.decryptResource({ apiV3Key: key, resource }), 'ERR_WXPAY_APIV3_KEY_INVALID', `decryptResource ${what}`, { message });
      refused(() => p.api.loadCertificates(certificatesBody, key), 'ERR_WXPAY_APIV3_KEY_INVALID', `loadCertificates ${what}`, { message });
      refused(() => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: key, now: T }), 'ERR_WXPAY_APIV3_KEY_INVALID', `parseNotification ${what}`, { message });
    }
    assert.equal(p.api.loadCertificates(certificatesBody, fx.apiV3Key)[0].serial, fx.platformSerial);
    assert.equal(p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource }), '{}');
  }
});

// ---- free() and [Symbol.dispose]() ---------------------------------------------------------

function isFreed(fn, what) {
  assert.throws(fn, (e) => {
    assert.equal(e.name, 'WxPayError', `${what}: ${e.stack}`);
    assert.equal(e.code, 'ERR_WXPAY_KEY_INVALID', `${what}: ${e.message}`);
    assert.equal(e.details.freed, true, what);
    assert.match(e.message, /was freed/, what);
    return true;
  });
}

test('a freed MerchantKey throws a typed error on every use; freeing twice is a no-op', async () => {
  for (const p of paths) {
    const key = p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    assert.equal(typeof key.free, 'function');
    assert.equal(typeof key[Symbol.dispose], 'function');
    key[Symbol.dispose]();
    key.free();
    assert.equal(key.mchid, fx.mchid);
    isFreed(() => p.api.signRequest(key, { method: 'GET', url: '/v3/x' }), `${p.name}: signRequest`);
    isFreed(() => p.api.prepare(key, { method: 'GET', pathAndQuery: '/v3/x', headers: [], body: null }), `${p.name}: prepare`);
    isFreed(() => p.api.decryptSensitive('AAAA', key), `${p.name}: decryptSensitive`);
    await assert.rejects(p.api.signRequestAsync(key, { method: 'GET', url: '/v3/x' }), (e) => e.code === 'ERR_WXPAY_KEY_INVALID' && e.details.freed === true);
  }
});

test('PlatformKey and PlatformKeySet: a set does not own its keys, and a freed set frees only itself', () => {
  for (const p of paths) {
    const cert = p.api.importPlatformCertificate(fx.platformCert);
    const pub = p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    const set = p.api.createPlatformKeySet([cert, pub]);
    cert.free();
    cert.free();
    isFreed(() => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: cert, now: T }), `${p.name}: keys: freed key`);
    isFreed(() => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: [cert], now: T }), `${p.name}: keys: [freed key]`);
    isFreed(() => p.api.createPlatformKeySet([cert]), `${p.name}: createPlatformKeySet`);
    isFreed(() => p.api.exportSpki(cert), `${p.name}: exportSpki`);
    isFreed(() => p.api.verifySignature(cert, 'x', 'AAAA'), `${p.name}: verifySignature`);
    // The set holds its own copies: it still verifies with the freed key's serial.
    assert.equal(p.api.verifyNotification({ headers: n.headers, body: n.body, keys: set, now: T }).serial, fx.platformSerial);
    assert.equal(set.get(fx.platformSerial), cert);
    // The set's encryption key is the public key, still live.
    assert.equal(p.api.encryptSensitive('张三', set).serial, fx.publicKeyId);
    set[Symbol.dispose]();
    set.free();
    isFreed(() => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: set, now: T }), `${p.name}: freed set`);
    isFreed(() => p.api.parseNotification({ headers: n.headers, body: n.body, keys: set, apiV3Key: fx.apiV3Key, now: T }), `${p.name}: freed set, parse`);
    isFreed(() => set.get(fx.platformSerial), `${p.name}: get`);
    isFreed(() => p.api.encryptSensitive('张三', set), `${p.name}: encryptSensitive(set)`);
    isFreed(() => p.api.profitSharing.createOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1', receivers: [], finish: false }, { keys: set }), `${p.name}: builder with freed set`);
    // Its keys are the caller's: the public key still works on its own.
    assert.equal(p.api.encryptSensitive('张三', pub).serial, fx.publicKeyId);
    pub.free();
  }
});

test('keys imported and freed per call keep wasm memory flat (node entry, wasm path)', () => {
  for (const p of paths) {
    const churn = (count) => {
      for (let i = 0; i < count; i++) {
        const cert = p.api.importPlatformCertificate(fx.platformCert);
        const pub = p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
        const merchant = p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
        const set = p.api.createPlatformKeySet([cert, pub]);
        p.api.verifyNotification({ headers: n.headers, body: n.body, keys: set, now: T });
        set.free();
        cert.free();
        pub[Symbol.dispose]();
        merchant.free();
      }
    };
    churn(50);
    const before = memoryBytes();
    churn(p.name === 'node' ? 1000 : 300);
    assert.equal(memoryBytes(), before, p.name);
  }
});

test('workerd: freed keys keep wasm memory flat, and a freed set throws a typed error', async () => {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare(bundleForWorkerd(new URL('./workers/soak-worker.js', import.meta.url)));
  try {
    const call = async (path, init) => (await mf.dispatchFetch(`http://localhost${path}`, init)).json();
    await call('/setup', { method: 'POST', body: JSON.stringify(fx) });
    const before = (await call('/run?kind=churn&n=50')).wasmBytes;
    const after = (await call('/run?kind=churn&n=1500')).wasmBytes;
    assert.equal(after, before, 'workerd: churn with free()');
    const { result } = await call('/run?kind=freed&n=1');
    assert.deepEqual(result, ['WxPayError:ERR_WXPAY_KEY_INVALID:true', 'WxPayError:ERR_WXPAY_KEY_INVALID:true']);
  } finally {
    await mf.dispose();
  }
});

// Identifiers and Authorization headers are small by nature; 50 MB of either is refused uncopied.
test('identifiers (mchid, serials, PUB_KEY_ID) and Authorization headers are capped before the copy', () => {
  assert.equal(limits.identifier, 128);
  assert.equal(limits.authorizationHeader, 4096);
  for (const p of paths) {
    const w = `${p.name}:`;
    refused(() => p.api.importMerchantKey({ mchid: BIG, serialNo: fx.merchantSerial, privateKey: fx.merchantKey }), 'ERR_WXPAY_KEY_INVALID', `${w} mchid`, { message: /at most 128/ });
    refused(() => p.api.importMerchantKey({ mchid: fx.mchid, serialNo: BIG, privateKey: fx.merchantKey }), 'ERR_WXPAY_KEY_INVALID', `${w} serialNo`, { message: /at most 128/ });
    refused(() => p.api.importPlatformPublicKey({ id: BIG, pem: fx.pubKey }), 'ERR_WXPAY_KEY_INVALID', `${w} public key id`, { message: /at most 128/ });
    refused(() => p.api.createPlatformKeySet([p.platform], { merchantSerialNo: BIG }), 'ERR_WXPAY_KEY_INVALID', `${w} merchantSerialNo`, { message: /at most 128/ });
    refused(() => p.api.formatAuthorization({ mchid: BIG, serialNo: 'S', timestamp: T, nonce: 'n', signature: 'c2ln' }), 'ERR_WXPAY_KEY_INVALID', `${w} formatAuthorization mchid`, { message: /at most 128/ });
    refused(() => p.api.formatAuthorization({ mchid: '1', serialNo: 'S', timestamp: T, nonce: 'n', signature: BIG }), 'ERR_WXPAY_HEADER_INVALID', `${w} formatAuthorization signature`);
    refused(() => p.api.parseAuthorization(`WECHATPAY2-SHA256-RSA2048 ${BIG}`), 'ERR_WXPAY_HEADER_INVALID', `${w} parseAuthorization`);
    // And the everyday sizes still work.
    assert.equal(p.api.parseAuthorization(p.api.formatAuthorization({ mchid: '1900000100', serialNo: 'ABC', timestamp: T, nonce: 'n', signature: 'c2ln' })).mchid, '1900000100');
  }
});
