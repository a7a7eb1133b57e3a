// The negative table, through the public API only (Standard Webhooks style): every
// refusal is a WxPayError with a stable code, the same on the node:crypto path and the
// wasm-only path, and no error or key object ever shows key material or plaintext.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { loadEntries } from './helpers/entries.mjs';
import { fx, pemBody, utf8 } from './helpers/fixtures.mjs';

const STABLE_CODES = new Set([
  'ERR_WXPAY_NOT_INITIALIZED',
  'ERR_WXPAY_KEY_INVALID',
  'ERR_WXPAY_KEY_UNSUPPORTED',
  'ERR_WXPAY_APIV3_KEY_INVALID',
  'ERR_WXPAY_BODY_NOT_RAW',
  'ERR_WXPAY_HEADER_MISSING',
  'ERR_WXPAY_HEADER_INVALID',
  'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE',
  'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED',
  'ERR_WXPAY_SERIAL_UNKNOWN',
  'ERR_WXPAY_SIGNATURE_INVALID',
  'ERR_WXPAY_RESOURCE_INVALID',
  'ERR_WXPAY_DECRYPTION_FAILED',
  'ERR_WXPAY_PAYLOAD_INVALID',
  'ERR_WXPAY_VALIDATION',
  'ERR_WXPAY_API',
  'ERR_WXPAY_BILL_INVALID',
  'ERR_WXPAY_BILL_HASH_MISMATCH',
  'ERR_WXPAY_NETWORK',
  'ERR_WXPAY_ENGINE_MISSING',
  'ERR_WXPAY_INTERNAL',
]);

const T = 1700000000;
/** Marker planted in decrypted payloads: it must never appear in an error. */
const SECRET = 'SECRET-PLAINTEXT-张三-13800138000';

let E;
const paths = {};
/** Every error any test provoked, for the leak checks at the end. */
const seen = [];

before(async () => {
  E = await loadEntries();
  for (const [name, api, testing] of [
    ['node', E.node, E.nodeTesting],
    ['wasm', E.browser, E.browserTesting],
  ]) {
    const merchant = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    const cert = api.importPlatformCertificate(fx.platformCert);
    const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    const keys = api.createPlatformKeySet([cert, pub], { merchantSerialNo: fx.merchantSerial });
    paths[name] = { name, api, testing, merchant, cert, pub, keys };
  }
});

const each = () => Object.values(paths);

/** Runs fn, expects a WxPayError of `code` (from this path's class), records it, returns it. */
function refuses(p, fn, code, what = '') {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${p.name}: expected ${code} ${what} but nothing was thrown`);
  seen.push(err);
  assert.ok(err instanceof p.api.WxPayError, `${p.name}: not a WxPayError (${err && err.stack}) ${what}`);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'WxPayError');
  assert.ok(STABLE_CODES.has(err.code), `${p.name}: unstable code ${err.code}`);
  assert.equal(err.code, code, `${p.name}: ${what}: ${err.message}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  return err;
}

async function refusesAsync(p, fn, code, what = '') {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${p.name}: expected ${code} ${what}`);
  seen.push(err);
  assert.ok(err instanceof p.api.WxPayError, `${p.name}: not a WxPayError ${what}`);
  assert.equal(err.code, code, `${p.name}: ${what}: ${err.message}`);
  return err;
}

/** A notification signed by the test platform certificate at T. */
function notification({ payload, eventType = 'PROFITSHARING.SUCCESS', summary = '分账', timestamp = T, nonce = 'NoNcE123', serial = fx.platformSerial, privateKey = fx.platformKey, apiV3Key = fx.apiV3Key } = {}) {
  return E.nodeTesting.signNotification({
    payload: payload ?? {
      sub_mchid: '1900000109',
      transaction_id: '4200000000000000000000000000',
      order_id: '1217752501201407033233368018',
      out_order_no: 'P20150806125346',
      receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: '运费/交易分账' },
      success_time: '2018-06-08T10:34:56+08:00',
    },
    eventType,
    summary,
    apiV3Key,
    privateKey,
    serial,
    id: 'EV-018352C6',
    timestamp,
    nonce,
  });
}

const without = (headers, name) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));

// ---- headers -------------------------------------------------------------------

test('a valid notification verifies with headers as a plain object, lower-case object, Headers, Map and pairs', () => {
  const n = notification();
  const forms = {
    object: n.headers,
    lowerCase: Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v])),
    upperCase: Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toUpperCase(), v])),
    Headers: new Headers(n.headers),
    Map: new Map(Object.entries(n.headers)),
    pairs: Object.entries(n.headers),
    nodeIncoming: { ...Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v])), 'set-cookie': ['a=b', 'c=d'], 'x-undefined': undefined },
  };
  for (const p of each()) {
    for (const [form, headers] of Object.entries(forms)) {
      assert.deepEqual(p.api.verifyNotification({ headers, body: n.body, keys: p.keys, now: T }), { serial: fx.platformSerial, timestamp: T, nonce: 'NoNcE123' }, `${p.name}/${form}`);
    }
  }
});

test('every missing signature header is ERR_WXPAY_HEADER_MISSING naming the header (absent or empty)', () => {
  const n = notification();
  for (const p of each()) {
    for (const name of ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial']) {
      for (const headers of [without(n.headers, name), { ...n.headers, [name]: '' }, { ...n.headers, [name]: '   ' }]) {
        const e = refuses(p, () => p.api.verifyNotification({ headers, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_MISSING', name);
        assert.equal(e.details.header, name);
        refuses(p, () => p.api.parseNotification({ headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_HEADER_MISSING', name);
      }
    }
    refuses(p, () => p.api.verifyNotification({ headers: {}, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_MISSING');
    refuses(p, () => p.api.verifyNotification({ headers: undefined, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_MISSING');
    // Wechatpay-Signature-Type is optional.
    assert.ok(p.api.verifyNotification({ headers: without(n.headers, 'Wechatpay-Signature-Type'), body: n.body, keys: p.keys, now: T }));
  }
});

test('malformed headers are ERR_WXPAY_HEADER_INVALID or ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED', () => {
  const n = notification();
  for (const p of each()) {
    for (const ts of ['1700000000.0', '+1700000000', '-1700000000', '1700000000000', '1.7e9', '0x6553F100', '１７００００００００']) {
      const e = refuses(p, () => p.api.verifyNotification({ headers: { ...n.headers, 'Wechatpay-Timestamp': ts }, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', ts);
      assert.equal(e.details.header, 'Wechatpay-Timestamp');
    }
    refuses(p, () => p.api.verifyNotification({ headers: { ...n.headers, 'Wechatpay-Nonce': 'a\u0001b' }, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID');
    refuses(p, () => p.api.verifyNotification({ headers: { ...n.headers, 'Wechatpay-Signature': 'A'.repeat(4096) }, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID');
    for (const type of ['WECHATPAY2-SHA256-RSA1024', 'HMAC-SHA256', 'wechatpay2-sha256-rsa2048', 'WECHATPAY2-SM2-WITH-SM3']) {
      const e = refuses(p, () => p.api.verifyNotification({ headers: { ...n.headers, 'Wechatpay-Signature-Type': type }, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED', type);
      assert.equal(e.details.signatureType, type);
    }
    refuses(p, () => p.api.verifyNotification({ headers: 42, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID');
    refuses(p, () => p.api.verifyNotification({ headers: [['Wechatpay-Nonce']], body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID');
  }
});

test('a duplicated signature header is refused, whichever container carried it', () => {
  const n = notification();
  for (const p of each()) {
    for (const name of ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial', 'Wechatpay-Signature-Type']) {
      const pairs = [...Object.entries(n.headers), [name.toLowerCase(), n.headers[name]]];
      const e = refuses(p, () => p.api.verifyNotification({ headers: pairs, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', `pairs ${name}`);
      assert.equal(e.details.header, name);
      // Node's IncomingMessage keeps repeated headers as arrays.
      const node = { ...n.headers, [name]: [n.headers[name], n.headers[name]] };
      refuses(p, () => p.api.verifyNotification({ headers: node, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', `array ${name}`);
      // Two spellings of one name in a plain object.
      refuses(p, () => p.api.verifyNotification({ headers: { ...n.headers, [name.toUpperCase()]: n.headers[name] }, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID', `case ${name}`);
    }
    // fetch's Headers folds repeats into "a, b": never a valid timestamp or signature.
    const h = new Headers(n.headers);
    h.append('Wechatpay-Timestamp', String(T));
    refuses(p, () => p.api.verifyNotification({ headers: h, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_INVALID');
    const h2 = new Headers(n.headers);
    h2.append('Wechatpay-Signature', n.headers['Wechatpay-Signature']);
    refuses(p, () => p.api.verifyNotification({ headers: h2, body: n.body, keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_INVALID');
  }
});

// ---- clock window --------------------------------------------------------------

test('the window is two-sided: ±299 s pass, ±300 s and ±301 s fail naming the side', () => {
  const n = notification();
  for (const p of each()) {
    for (const now of [T - 299, T - 1, T, T + 1, T + 299]) {
      assert.ok(p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now }), `${p.name}: now ${now - T}`);
      assert.ok(p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now }));
    }
    for (const [now, side] of [
      [T + 300, 'past'],
      [T + 301, 'past'],
      [T + 86400, 'past'],
      [T - 300, 'future'],
      [T - 301, 'future'],
      [T - 86400, 'future'],
    ]) {
      for (const call of [
        () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now }),
        () => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now }),
        () => p.api.verifyResponse({ status: 200, headers: n.headers, body: n.body, keys: p.keys, now }),
      ]) {
        const e = refuses(p, call, 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE', `now ${now - T}`);
        assert.equal(e.side, side);
        assert.equal(e.details.side, side);
        assert.equal(e.details.skewSec, now - T);
        assert.equal(e.details.toleranceSec, 300);
      }
    }
    // A custom window.
    assert.ok(p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now: T + 301, toleranceSec: 600 }));
    const e = refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now: T - 61, toleranceSec: 60 }), 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE');
    assert.equal(e.side, 'future');
    for (const bad of [0, -1, 1.5, 86401, '300', NaN]) {
      const v = refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now: T, toleranceSec: bad }), 'ERR_WXPAY_VALIDATION', `toleranceSec ${bad}`);
      assert.equal(v.issues[0].path, 'toleranceSec');
    }
    // Milliseconds by mistake: not whole seconds, or hopelessly far in the future.
    refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now: T * 1000 + 0.5 }), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.keys, now: T * 1000 }), 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE');
  }
});

// ---- probes, serials, signatures --------------------------------------------------

test('WECHATPAY/SIGNTEST/ probes are ERR_WXPAY_SIGNATURE_INVALID with probe: true', () => {
  const n = notification();
  for (const p of each()) {
    for (const sig of ['WECHATPAY/SIGNTEST/' + n.headers['Wechatpay-Signature'], 'WECHATPAY/SIGNTEST/', 'WECHATPAY/SIGNTEST/abc==']) {
      const headers = { ...n.headers, 'Wechatpay-Signature': sig };
      for (const call of [
        () => p.api.verifyNotification({ headers, body: n.body, keys: p.keys, now: T }),
        () => p.api.parseNotification({ headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }),
        // Flagged before the clock and the serial, so logs can tell probes apart.
        () => p.api.verifyNotification({ headers: { ...headers, 'Wechatpay-Serial': 'UNKNOWN' }, body: n.body, keys: p.keys, now: T + 10_000 }),
      ]) {
        const e = refuses(p, call, 'ERR_WXPAY_SIGNATURE_INVALID', 'probe');
        assert.equal(e.probe, true);
        assert.equal(e.details.probe, true);
      }
    }
    const real = refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body + ' ', keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_INVALID');
    assert.equal(real.probe, false);
  }
});

test('an unknown serial, the merchant\'s own serial and an empty key set are ERR_WXPAY_SERIAL_UNKNOWN', () => {
  for (const p of each()) {
    const other = notification({ serial: fx.platform2Serial, privateKey: fx.platform2Key });
    let e = refuses(p, () => p.api.verifyNotification({ headers: other.headers, body: other.body, keys: p.keys, now: T }), 'ERR_WXPAY_SERIAL_UNKNOWN');
    assert.equal(e.details.serial, fx.platform2Serial);
    const mine = notification({ serial: fx.merchantSerial, privateKey: fx.platformKey });
    e = refuses(p, () => p.api.verifyNotification({ headers: mine.headers, body: mine.body, keys: p.keys, now: T }), 'ERR_WXPAY_SERIAL_UNKNOWN');
    assert.equal(e.details.serial, fx.merchantSerial);
    const n = notification();
    refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: [], now: T }), 'ERR_WXPAY_SERIAL_UNKNOWN');
    refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.pub, now: T }), 'ERR_WXPAY_SERIAL_UNKNOWN');
    // Serials match case-insensitively; a single key and an array of keys both work.
    assert.ok(p.api.verifyNotification({ headers: { ...n.headers, 'Wechatpay-Serial': fx.platformSerial.toLowerCase() }, body: n.body, keys: p.keys, now: T }));
    assert.ok(p.api.verifyNotification({ headers: n.headers, body: n.body, keys: p.cert, now: T }));
    assert.ok(p.api.verifyNotification({ headers: n.headers, body: n.body, keys: [p.pub, p.cert], now: T }));
    // The merchant's own certificate cannot join a key set that knows the merchant serial.
    const own = p.api.importPlatformCertificate(fx.merchantCert);
    refuses(p, () => p.api.createPlatformKeySet([own], { merchantSerialNo: fx.merchantSerial }), 'ERR_WXPAY_KEY_INVALID');
  }
});

test('keys from elsewhere are ERR_WXPAY_KEY_INVALID; unusable key files are KEY_INVALID / KEY_UNSUPPORTED', () => {
  const n = notification();
  for (const p of each()) {
    for (const keys of ['x', null, {}, [{}], 42]) {
      refuses(p, () => p.api.verifyNotification({ headers: n.headers, body: n.body, keys, now: T }), 'ERR_WXPAY_KEY_INVALID', String(keys));
    }
    refuses(p, () => p.api.signRequest({ mchid: fx.mchid, serialNo: fx.merchantSerial }, { method: 'GET', url: '/v3/x' }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.decryptSensitive('AAAA', { mchid: fx.mchid }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.encryptSensitive('x', {}), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.createPlatformKeySet([{ serial: 'X' }]), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.encryptSensitive('x', p.api.createPlatformKeySet([])), 'ERR_WXPAY_KEY_INVALID');
    const mk = (privateKey, mchid = fx.mchid, serialNo = fx.merchantSerial) => () => p.api.importMerchantKey({ mchid, serialNo, privateKey });
    refuses(p, mk(fx.badEcKey), 'ERR_WXPAY_KEY_UNSUPPORTED', 'EC key');
    refuses(p, mk(fx.badRsa1024Key), 'ERR_WXPAY_KEY_UNSUPPORTED', 'RSA-1024');
    refuses(p, mk(fx.badEncryptedKey), 'ERR_WXPAY_KEY_UNSUPPORTED', 'encrypted key');
    refuses(p, mk('not a key'), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, mk(fx.merchantKey.replace(/[A-Za-z]{8}\n/, 'ABCDEFGH\n')), 'ERR_WXPAY_KEY_INVALID', 'corrupted body');
    refuses(p, mk(fx.merchantCert), 'ERR_WXPAY_KEY_INVALID', 'certificate given as private key');
    refuses(p, mk(fx.merchantKey, 'abc'), 'ERR_WXPAY_KEY_INVALID', 'mchid');
    refuses(p, mk(fx.merchantKey, fx.mchid, 'not hex'), 'ERR_WXPAY_KEY_INVALID', 'serial');
    refuses(p, () => p.api.importMerchantKey(), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importPlatformCertificate(fx.platformKey), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importPlatformCertificate(fx.pubKey), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKeyPrivate }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.platformCert }), 'ERR_WXPAY_KEY_INVALID');
  }
});

// ---- APIv3 key and AES-GCM ----------------------------------------------------------

test('APIv3 keys of the wrong length are ERR_WXPAY_APIV3_KEY_INVALID with the length; a wrong key of the right length is DECRYPTION_FAILED', () => {
  const n = notification();
  const resource = JSON.parse(n.body).resource;
  for (const p of each()) {
    for (const [key, length] of [
      [fx.apiV3Key.slice(0, 16), 16],
      [fx.apiV3Key + 'xy', 34],
      [fx.apiV3Key.slice(0, 31), 31],
      ['', 0],
      [new Uint8Array(31), 31],
      [new Uint8Array(33), 33],
      ['分'.repeat(11), 33],
    ]) {
      for (const call of [
        () => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: key, now: T }),
        () => p.api.decryptResource({ apiV3Key: key, resource }),
        () => p.api.loadCertificates('{"data":[]}', key),
      ]) {
        const e = refuses(p, call, 'ERR_WXPAY_APIV3_KEY_INVALID', `length ${length}`);
        assert.equal(e.details.length, length);
      }
    }
    // Absent or of another type: the core's own message (with where to copy the key from), as
    // for a key of the wrong length, never one written in JavaScript.
    const core = refuses(p, () => p.api.decryptResource({ apiV3Key: '', resource }), 'ERR_WXPAY_APIV3_KEY_INVALID').message;
    assert.match(core, /商户平台/);
    for (const key of [undefined, null, 32, {}]) {
      for (const call of [
        () => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: key, now: T }),
        () => p.api.decryptResource({ apiV3Key: key, resource }),
        () => p.api.loadCertificates('{"data":[]}', key),
        () => p.testing.encryptResource({ apiV3Key: key, plaintext: 'x', associatedData: '' }),
      ]) {
        const e = refuses(p, call, 'ERR_WXPAY_APIV3_KEY_INVALID');
        assert.deepEqual([e.message, e.details.length], [core, 0]);
      }
    }
    const wrong = 'x'.repeat(32);
    refuses(p, () => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: wrong, now: T }), 'ERR_WXPAY_DECRYPTION_FAILED');
    refuses(p, () => p.api.decryptResource({ apiV3Key: wrong, resource }), 'ERR_WXPAY_DECRYPTION_FAILED');
  }
});

test('a tampered tag, ciphertext, nonce or associated data is an opaque ERR_WXPAY_DECRYPTION_FAILED', () => {
  const sealed = E.nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: { secret: SECRET }, associatedData: 'certificate', nonce: 'abcdefghijkl' });
  const bytes = Uint8Array.from(atob(sealed.ciphertext), (c) => c.charCodeAt(0));
  const flip = (i) => {
    const b = bytes.slice();
    b[i < 0 ? b.length + i : i] ^= 0x80;
    return btoa(String.fromCharCode(...b));
  };
  const variants = {
    'last tag byte': { ...sealed, ciphertext: flip(-1) },
    'first tag byte': { ...sealed, ciphertext: flip(-16) },
    'first ciphertext byte': { ...sealed, ciphertext: flip(0) },
    'tag cut off': { ...sealed, ciphertext: btoa(String.fromCharCode(...bytes.subarray(0, bytes.length - 1))) },
    nonce: { ...sealed, nonce: 'abcdefghijkm' },
    'associated data': { ...sealed, associated_data: 'certificatf' },
    'associated data dropped': { ...sealed, associated_data: null },
    'associated data absent': { algorithm: sealed.algorithm, ciphertext: sealed.ciphertext, nonce: sealed.nonce },
  };
  for (const p of each()) {
    assert.equal(p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource: sealed }), JSON.stringify({ secret: SECRET }));
    for (const [what, resource] of Object.entries(variants)) {
      const e = refuses(p, () => p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource }), 'ERR_WXPAY_DECRYPTION_FAILED', what);
      assert.deepEqual(e.details, {}, 'opaque: no detail on why');
    }
    // Malformed (rather than tampered) resources.
    for (const [what, resource] of Object.entries({
      'nonce length': { ...sealed, nonce: 'abc' },
      'not base64': { ...sealed, ciphertext: '***' },
      'shorter than a tag': { ...sealed, ciphertext: 'AAAA' },
      algorithm: { ...sealed, algorithm: 'AEAD_AES_128_GCM' },
    })) {
      refuses(p, () => p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource }), 'ERR_WXPAY_RESOURCE_INVALID', what);
    }
  }
});

test('a signed notification whose resource was tampered verifies, then fails decryption', () => {
  const good = notification();
  const env = JSON.parse(good.body);
  for (const [what, mutate] of Object.entries({
    nonce: (r) => ({ ...r, nonce: r.nonce.slice(0, 11) + (r.nonce[11] === 'A' ? 'B' : 'A') }),
    aad: (r) => ({ ...r, associated_data: 'transaction' }),
    tag: (r) => ({ ...r, ciphertext: r.ciphertext.slice(0, -4) + (r.ciphertext.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA') }),
  })) {
    const body = JSON.stringify({ ...env, resource: mutate(env.resource) });
    const headers = E.nodeTesting.signResponse({ body, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'abc' });
    for (const p of each()) {
      assert.ok(p.api.verifyNotification({ headers, body, keys: p.keys, now: T }));
      refuses(p, () => p.api.parseNotification({ headers, body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_DECRYPTION_FAILED', what);
    }
  }
});

// ---- raw bodies ----------------------------------------------------------------------

test('a parsed body is ERR_WXPAY_BODY_NOT_RAW, with advice', () => {
  const n = notification();
  for (const p of each()) {
    for (const body of [JSON.parse(n.body), [1, 2], 42, true, { toString: () => n.body }]) {
      let e = refuses(p, () => p.api.verifyNotification({ headers: n.headers, body, keys: p.keys, now: T }), 'ERR_WXPAY_BODY_NOT_RAW');
      assert.match(e.message, /request\.text\(\)|express\.raw/);
      refuses(p, () => p.api.parseNotification({ headers: n.headers, body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_BODY_NOT_RAW');
      refuses(p, () => p.api.verifyResponse({ status: 200, headers: n.headers, body, keys: p.keys, now: T }), 'ERR_WXPAY_BODY_NOT_RAW');
      e = refuses(p, () => p.api.signRequest(p.merchant, { method: 'POST', url: '/v3/x', body }), 'ERR_WXPAY_BODY_NOT_RAW');
    }
    // Issue 15: Express without a body parser leaves req.body undefined. That is a missing body
    // (BODY_NOT_RAW with the express.raw fix), never "signature invalid: body altered".
    for (const body of [undefined, null]) {
      let e = refuses(p, () => p.api.parseNotification({ headers: n.headers, body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_BODY_NOT_RAW');
      assert.match(e.message, /express\.raw\(\{ type: "application\/json" \}\)/);
      e = refuses(p, () => p.api.verifyNotification({ headers: n.headers, body, keys: p.keys, now: T }), 'ERR_WXPAY_BODY_NOT_RAW');
      assert.match(e.message, /no body reached the handler/);
    }
    // Raw forms: string, Uint8Array, ArrayBuffer, DataView.
    const bytes = utf8(n.body);
    for (const body of [n.body, bytes, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) {
      assert.ok(p.api.verifyNotification({ headers: n.headers, body, keys: p.keys, now: T }));
    }
  }
});

test('signRequestAsync and prepareAsync reject with WxPayErrors too', async () => {
  for (const p of each()) {
    await refusesAsync(p, () => p.api.signRequestAsync(p.merchant, { method: 'POST', url: '/v3/x', body: {} }), 'ERR_WXPAY_BODY_NOT_RAW');
    await refusesAsync(p, () => p.api.signRequestAsync({}, { method: 'GET', url: '/v3/x' }), 'ERR_WXPAY_KEY_INVALID');
    await refusesAsync(p, () => p.api.signRequestAsync(p.merchant, { method: 'FETCH', url: '/v3/x' }), 'ERR_WXPAY_VALIDATION');
    await refusesAsync(p, () => p.api.prepareAsync(p.merchant, { method: 'GET' }), 'ERR_WXPAY_VALIDATION');
    await refusesAsync(p, () => p.api.prepareAsync(p.merchant, { method: 'GET', pathAndQuery: '/v3/x', headers: [] }, { baseUrl: 'ftp://x' }), 'ERR_WXPAY_VALIDATION');
  }
});

test('request signing inputs are validated: method, url, nonce, timestamp', () => {
  for (const p of each()) {
    const sign = (r) => () => p.api.signRequest(p.merchant, { method: 'GET', url: '/v3/x', timestamp: T, nonce: 'n', ...r });
    for (const [what, r, path] of [
      ['method', { method: 'FETCH' }, 'method'],
      ['relative url', { url: 'v3/x' }, 'url'],
      ['fragment', { url: '/v3/x#y' }, 'url'],
      ['space in url', { url: '/v3/x?a=b c' }, 'url'],
      ['host without path', { url: 'https://api.mch.weixin.qq.com' }, 'url'],
      ['nonce with a quote', { nonce: 'a"b' }, 'nonce'],
      ['nonce too long', { nonce: 'a'.repeat(65) }, 'nonce'],
      ['milliseconds', { timestamp: T * 1000 + 1.5 }, 'timestamp'],
      ['negative', { timestamp: -1 }, 'timestamp'],
    ]) {
      const e = refuses(p, sign(r), 'ERR_WXPAY_VALIDATION', what);
      assert.equal(e.issues[0].path, path, what);
    }
  }
});

// ---- responses ---------------------------------------------------------------------

test('a non-2xx answer is ERR_WXPAY_API with status, apiCode, apiMessage, detail and requestId', () => {
  const body = JSON.stringify({ code: 'PARAM_ERROR', message: '参数错误', detail: { field: '/receivers/0/amount', value: 0, issue: '必须大于0', location: 'body' } });
  const signed = E.nodeTesting.signResponse({ body, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'abc' });
  for (const p of each()) {
    for (const [what, headers] of [
      ['unsigned (gateway)', { 'Request-ID': '08F4B3C2-REQ', 'Content-Type': 'application/json' }],
      ['signed', { ...signed, 'Request-ID': '08F4B3C2-REQ' }],
    ]) {
      for (const status of [400, 403, 404, 429, 500, 503]) {
        const e = refuses(p, () => p.api.verifyResponse({ status, headers, body, keys: p.keys, now: T }), 'ERR_WXPAY_API', `${what} ${status}`);
        assert.equal(e.status, status);
        assert.equal(e.apiCode, 'PARAM_ERROR');
        assert.equal(e.apiMessage, '参数错误');
        assert.deepEqual(JSON.parse(e.detail), JSON.parse(body).detail);
        assert.equal(e.requestId, '08F4B3C2-REQ');
        assert.match(e.message, /400|403|404|429|500|503/);
      }
    }
    // Not JSON (an HTML error page): status and Request-ID survive.
    const html = refuses(p, () => p.api.verifyResponse({ status: 502, headers: { 'request-id': 'R-2' }, body: '<html>Bad Gateway</html>', keys: p.keys, now: T }), 'ERR_WXPAY_API');
    assert.deepEqual([html.status, html.apiCode, html.apiMessage, html.detail, html.requestId], [502, undefined, undefined, undefined, 'R-2']);
    // 1xx/3xx are not success either.
    refuses(p, () => p.api.verifyResponse({ status: 302, headers: {}, body: '', keys: p.keys, now: T }), 'ERR_WXPAY_API');
    // A signed error answer whose signature fails is a forgery, not an API error.
    refuses(p, () => p.api.verifyResponse({ status: 400, headers: signed, body: body + ' ', keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_INVALID');
    // Half the signature headers on an error answer: refused as such.
    refuses(p, () => p.api.verifyResponse({ status: 400, headers: { 'Wechatpay-Nonce': 'x' }, body, keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_MISSING');
    for (const status of [99, 600, 200.5, '200', undefined]) {
      refuses(p, () => p.api.verifyResponse({ status, headers: signed, body, keys: p.keys, now: T }), 'ERR_WXPAY_VALIDATION', `status ${status}`);
    }
  }
});

test('an unsigned 2xx is refused as forged; a signed 204 with an empty body verifies', () => {
  const signed204 = E.nodeTesting.signResponse({ body: '', privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'n204' });
  const signedPub = E.nodeTesting.signResponse({ body: '{"ok":true}', privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId, timestamp: T, nonce: 'npub' });
  for (const p of each()) {
    for (const status of [200, 201, 202, 204]) {
      const e = refuses(p, () => p.api.verifyResponse({ status, headers: { 'Request-ID': 'R' }, body: '{"ok":true}', keys: p.keys, now: T }), 'ERR_WXPAY_HEADER_MISSING', `unsigned ${status}`);
      assert.equal(e.details.header, 'Wechatpay-Signature');
    }
    for (const body of ['', new Uint8Array(0), undefined, null]) {
      const r = p.api.verifyResponse({ status: 204, headers: signed204, body, keys: p.keys, now: T });
      assert.deepEqual(r, { status: 204, requestId: signed204['Request-ID'], verified: { serial: fx.platformSerial, timestamp: T, nonce: 'n204' } });
    }
    // The signature covers the empty body line: a body added by a proxy breaks it.
    refuses(p, () => p.api.verifyResponse({ status: 204, headers: signed204, body: '\n', keys: p.keys, now: T }), 'ERR_WXPAY_SIGNATURE_INVALID');
    assert.equal(p.api.verifyResponse({ status: 200, headers: signedPub, body: '{"ok":true}', keys: p.keys, now: T }).verified.serial, fx.publicKeyId);
  }
});

// ---- payloads and builders -------------------------------------------------------

test('decrypted payloads that do not fit are ERR_WXPAY_PAYLOAD_INVALID without echoing plaintext', () => {
  const base = { sub_mchid: SECRET, transaction_id: SECRET, order_id: SECRET, out_order_no: SECRET, receiver: { type: 'MERCHANT_ID', account: SECRET, amount: 1 } };
  const cases = {
    'transaction_id missing': { payload: { ...base, transaction_id: undefined } },
    'receiver amount as words': { payload: { ...base, receiver: { ...base.receiver, amount: SECRET } } },
    'receiver amount negative': { payload: { ...base, receiver: { ...base.receiver, amount: -1 } } },
    'both shapes': { payload: { ...base, receivers: [base.receiver] } },
    'no receiver': { payload: { ...base, receiver: undefined } },
    'plaintext not JSON': { payload: `not json ${SECRET}` },
    'plaintext an array': { payload: [SECRET] },
    'payscore wrong type': { payload: { sub_mchid: '1', out_order_no: 'O1', total_amount: SECRET, openid: SECRET }, eventType: 'PAYSCORE.USER_PAID' },
    'payscore without out_order_no': { payload: { sub_mchid: SECRET, openid: SECRET }, eventType: 'PAYSCORE.USER_CONFIRM' },
    'other event not JSON': { payload: `${SECRET} {`, eventType: 'REFUND.SUCCESS', summary: '退款成功' },
  };
  for (const p of each()) {
    for (const [what, c] of Object.entries(cases)) {
      const n = notification(c);
      const e = refuses(p, () => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', what);
      assert.ok(!e.message.includes('SECRET'), `${what}: ${e.message}`);
    }
    // An envelope that is not one.
    for (const body of ['', 'null', '{}', '{"id":"x","event_type":"X"}', 'x'.repeat(300 * 1024)]) {
      const headers = E.nodeTesting.signResponse({ body, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'env' });
      refuses(p, () => p.api.parseNotification({ headers, body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), 'ERR_WXPAY_PAYLOAD_INVALID', body.slice(0, 20));
    }
  }
});

// Decision (issue 12 row 2, reversing f803618): an authentic profit-sharing event whose summary
// contradicts its event type is kept as 'other' with the raw payload, not refused: a refusal only
// makes WeChat Pay retry for 24 h and then drop it, while 'other' lets the handler store it.
test('a profit-sharing event whose summary contradicts its event type is "other" with the raw payload, not an error', () => {
  const base = { sub_mchid: '1900000109', transaction_id: '42', order_id: 'O1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 1 } };
  for (const p of each()) {
    for (const [eventType, summary] of [
      ['PROFITSHARING.SUCCESS', '分账回退'],
      ['PROFITSHARING.RETURN', '分账'],
      ['PROFITSHARING', '分账回退'],
    ]) {
      const n = notification({ payload: base, eventType, summary });
      const got = p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
      assert.deepEqual([got.kind, got.data, got.idempotencyKey], ['other', base, `event:${got.id}`], `${p.name}: ${eventType} / ${summary}`);
    }
  }
});

test('builder validation reports every issue at once with paths', () => {
  for (const p of each()) {
    const e = refuses(
      p,
      () =>
        p.api.profitSharing.createOrder({
          sub_mchid: 'abc',
          transaction_id: '',
          out_order_no: 'P 1',
          receivers: [
            { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 1.5, description: 'x' },
            { type: 'BANK', receiver_account: '1', amount: 0, description: '' },
            { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: '100', description: 'y' },
          ],
        }),
      'ERR_WXPAY_VALIDATION',
    );
    const got = e.issues.map((i) => `${i.path}:${i.code}`);
    for (const want of [
      'sub_mchid:charset',
      'transaction_id:required',
      'out_order_no:charset',
      'receivers[0].amount:not_integer',
      'receivers[1].type:invalid_enum',
      'receivers[1].amount:not_positive',
      'receivers[1].description:required',
      'receivers[2].amount:type',
      'receivers[2]:duplicate_receiver',
      'finish:required',
      'wechatpay_serial:serial_required',
    ]) {
      assert.ok(got.includes(want), `${p.name}: missing ${want} in ${got.join(', ')}`);
    }
    assert.deepEqual(e.issues, e.details.issues);
    for (const i of e.issues) assert.deepEqual(Object.keys(i).sort(), ['code', 'message', 'path']);
    // Unknown fields and wrong shapes are validation errors too, not crashes.
    refuses(p, () => p.api.profitSharing.queryOrder({ subMchid: '1' }), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.profitSharing.queryOrder(), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.profitSharing.queryOrder({ sub_mchid: 1n }), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.payScore.queryServiceOrder('x'), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.split.allocate(100, [{ type: 'MERCHANT_ID', account: '1', percentBp: 6000 }, { type: 'MERCHANT_ID', account: '2', percentBp: 6000 }]), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.nack('x', 200), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.profitSharing.parseResponse('refund', '{}'), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.profitSharing.parseResponse('queryOrder', '{"sub_mchid":1}'), 'ERR_WXPAY_PAYLOAD_INVALID');
    const api = refuses(p, () => p.api.payScore.parseResponse('queryServiceOrder', 404, '{"code":"ORDER_NOT_EXIST","message":"订单不存在"}'), 'ERR_WXPAY_API');
    assert.deepEqual([api.status, api.apiCode, api.apiMessage], [404, 'ORDER_NOT_EXIST', '订单不存在']);
  }
});

// ---- leaks ---------------------------------------------------------------------------

const FORBIDDEN = [
  ['merchant private key', pemBody(fx.merchantKey)],
  ['merchant private key (PKCS#1)', pemBody(fx.merchantKeyPkcs1)],
  ['platform private key', pemBody(fx.platformKey)],
  ['public-key private key', pemBody(fx.pubKeyPrivate)],
  ['APIv3 key', fx.apiV3Key],
  ['decrypted plaintext', 'SECRET-PLAINTEXT'],
];

function assertClean(what, text) {
  for (const [name, secret] of FORBIDDEN) {
    // Any 24-character window of a PEM body is enough to count as a leak.
    const probes = secret.length > 40 ? [secret.slice(0, 24), secret.slice(100, 124), secret.slice(-40, -16)] : [secret];
    for (const s of probes) assert.ok(!text.includes(s), `${what} contains the ${name}`);
  }
}

test('no error message, JSON.stringify(error) or util.inspect(error) contains key material, the APIv3 key or plaintext', () => {
  // Provoke a few more errors around secrets.
  for (const p of each()) {
    refuses(p, () => p.api.importMerchantKey({ mchid: fx.merchantKey, serialNo: fx.merchantSerial, privateKey: fx.merchantKey }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.apiV3Key, privateKey: fx.merchantKey }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey.replace('MII', 'XII') }), 'ERR_WXPAY_KEY_INVALID');
    refuses(p, () => p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKeyPrivate }), 'ERR_WXPAY_KEY_INVALID');
    // The key is measured before anything is copied, so a wrong key is reported before a wrong resource.
    refuses(p, () => p.api.decryptResource({ apiV3Key: fx.apiV3Key + fx.apiV3Key, resource: {} }), 'ERR_WXPAY_APIV3_KEY_INVALID');
    refuses(p, () => p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource: {} }), 'ERR_WXPAY_VALIDATION');
    refuses(p, () => p.api.decryptResource({ apiV3Key: fx.apiV3Key.slice(1), resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AAAA', nonce: 'abcdefghijkl' } }), 'ERR_WXPAY_APIV3_KEY_INVALID');
    const sealedCert = E.nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: `${SECRET}\n${fx.platformKey}`, associatedData: 'certificate' });
    refuses(p, () => p.api.loadCertificates(JSON.stringify({ data: [{ serial_no: fx.platformSerial, encrypt_certificate: sealedCert }] }), fx.apiV3Key), 'ERR_WXPAY_KEY_INVALID');
    const ct = p.api.encryptSensitive('x'.repeat(10), p.cert).ciphertext;
    refuses(p, () => p.api.decryptSensitive(ct, p.merchant), 'ERR_WXPAY_DECRYPTION_FAILED');
  }
  assert.ok(seen.length > 200, `only ${seen.length} errors collected`);
  for (const e of seen) {
    const views = {
      message: e.message,
      stack: String(e.stack),
      json: JSON.stringify(e),
      inspect: util.inspect(e, { depth: Infinity, showHidden: true }),
      details: JSON.stringify(e.details),
    };
    for (const [view, text] of Object.entries(views)) assertClean(`${e.code} ${view}`, text);
    // JSON of an error carries the code (so logs keep it) and no stack.
    const json = JSON.parse(views.json);
    assert.equal(json.code, e.code);
    assert.equal(json.stack, undefined);
  }
});

test('key objects show only their public identifiers in JSON, util.inspect and String()', () => {
  for (const p of each()) {
    const objects = {
      merchant: p.merchant,
      merchantPkcs1: p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKeyPkcs1 }),
      cert: p.cert,
      pub: p.pub,
      keys: p.keys,
      imported: p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey }),
    };
    for (const [name, o] of Object.entries(objects)) {
      for (const [view, text] of Object.entries({
        json: JSON.stringify(o),
        inspect: util.inspect(o, { depth: Infinity, showHidden: true, getters: true }),
        string: String(o),
        keys: JSON.stringify(Object.getOwnPropertyNames(o)),
        entries: JSON.stringify(Object.entries(o)),
      })) {
        assertClean(`${p.name} ${name} ${view}`, text);
      }
      assert.ok(Object.isFrozen(o), `${name} is frozen`);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(p.merchant)), { mchid: fx.mchid, serialNo: fx.merchantSerial });
    assert.deepEqual(Object.keys(p.merchant).sort(), ['mchid', 'serialNo']);
    assert.deepEqual(Object.keys(p.pub).sort(), ['kind', 'serial']);
    assert.deepEqual(Object.keys(p.cert).sort(), ['kind', 'notAfter', 'notBefore', 'serial']);
    assert.deepEqual([...p.keys.serials], [fx.platformSerial, fx.publicKeyId]);
  }
});
