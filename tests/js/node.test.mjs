// Cross-checks against node:crypto as an independent reference, on both paths:
//   node entry  – RSA through node:crypto KeyObjects (the fast path)
//   wasm path   – the browser entry after `await init(bytes)`, every operation in wasm
// Runs with and without globalThis.Buffer (scripts/test-js.sh runs it twice).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadEntries, caught } from './helpers/entries.mjs';
import { fx, utf8, fromUtf8, concat, toBase64, fromBase64, prng, ALNUM } from './helpers/fixtures.mjs';

let E;
/** Per path: the API, its testing helpers, and keys imported through that API. */
const paths = {};

before(async () => {
  E = await loadEntries();
  for (const [name, api, testing] of [
    ['node', E.node, E.nodeTesting],
    ['wasm', E.browser, E.browserTesting],
  ]) {
    const merchant = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    const merchantPkcs1 = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKeyPkcs1 });
    const cert = api.importPlatformCertificate(fx.platformCert);
    const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    const keys = api.createPlatformKeySet([cert, pub], { merchantSerialNo: fx.merchantSerial });
    paths[name] = { name, api, testing, merchant, merchantPkcs1, cert, pub, keys };
  }
});

const REF_PRIVATE = () => crypto.createPrivateKey(fx.merchantKey);
const refSign = (key, message) => crypto.sign('sha256', typeof message === 'string' ? utf8(message) : message, key).toString('base64');

// ---- random requests -------------------------------------------------------

const BODY_PIECES = ['分账', '分账回退', '运费/交易分账', '张三', 'ü', 'é', '😀', '"quoted"', '\\', '\n', ' ', 'a', '{}', '[]', '0', '∑', '中文测试', '\t'];
const PATHS = [
  '/v3/ecommerce/profitsharing/orders',
  '/v3/ecommerce/profitsharing/returnorders',
  '/v3/ecommerce/profitsharing/orders/4208450740201411110007820472/amounts',
  '/v3/payscore/acquiringbank/serviceorder/A%7C1/complete',
  '/v3/certificates',
];

function randomRequest(r, i) {
  const method = r.pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE']);
  let path = r.pick(PATHS);
  const nq = r.int(0, 3);
  const q = [];
  for (let k = 0; k < nq; k++) {
    const raw = r.pick(['1900000109', 'P2015 0806', '分账', 'a|b', 'x=y&z', '~-._', '😀', '']);
    q.push(`${r.pick(['sub_mchid', 'out_order_no', 'k', 'query_id'])}=${encodeURIComponent(raw).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  }
  if (q.length) path += `?${q.join('&')}`;
  const absolute = r.next() < 0.3;
  const url = absolute ? `https://api.mch.weixin.qq.com${path}` : path;
  let body = '';
  if (method !== 'GET' && r.next() < 0.85) {
    const parts = [];
    for (let k = r.int(0, 12); k > 0; k--) parts.push(r.pick(BODY_PIECES));
    body = r.next() < 0.5 ? JSON.stringify({ i, description: parts.join(''), amount: r.int(1, 1e9), receivers: [{ type: 'MERCHANT_ID', account: String(r.int(1e9, 2e9)) }] }) : parts.join('');
  }
  const timestamp = r.int(1_600_000_000, 1_900_000_000);
  let nonce = '';
  for (let k = r.int(1, 32); k > 0; k--) nonce += ALNUM[r.int(0, 61)];
  return { method, url, path, body, timestamp, nonce };
}

const REQUESTS = (() => {
  const r = prng(20261123);
  const list = [];
  for (let i = 0; i < 200; i++) list.push(randomRequest(r, i));
  // Edge cases that must be in the set whatever the seed does.
  list.push({ method: 'GET', url: '/v3/certificates', path: '/v3/certificates', body: '', timestamp: 1554208460, nonce: '593BEC0C930BF1AFEB40B4A08C8FB242' });
  list.push({ method: 'POST', url: '/v3/x', path: '/v3/x', body: '', timestamp: 1, nonce: 'a' });
  list.push({ method: 'POST', url: '/v3/x?a=%E5%88%86%E8%B4%A6', path: '/v3/x?a=%E5%88%86%E8%B4%A6', body: '{"description":"分账回退"}', timestamp: 1700000000, nonce: 'Z'.repeat(32) });
  return list;
})();

test('buildSigningMessage is METHOD\\nPATH?QUERY\\nTS\\nNONCE\\nBODY\\n on both paths', () => {
  for (const q of REQUESTS) {
    const want = `${q.method}\n${q.path}\n${q.timestamp}\n${q.nonce}\n${q.body}\n`;
    for (const p of Object.values(paths)) {
      assert.equal(p.api.buildSigningMessage(q), want, `${p.name}: ${q.method} ${q.url}`);
    }
  }
});

test('signRequest (node:crypto path) = crypto.sign reference = wasm path = signRequestAsync, for 200+ random requests', async () => {
  const ref = REF_PRIVATE();
  const { node, wasm } = paths;
  for (const q of REQUESTS) {
    const message = `${q.method}\n${q.path}\n${q.timestamp}\n${q.nonce}\n${q.body}\n`;
    const want = refSign(ref, message);
    const a = node.api.signRequest(node.merchant, q);
    assert.equal(a.message, message);
    assert.equal(a.timestamp, q.timestamp);
    assert.equal(a.nonce, q.nonce);
    const parts = node.api.parseAuthorization(a.authorization);
    assert.equal(parts.signature, want, `node path differs from crypto.sign for ${q.method} ${q.url}`);
    assert.deepEqual(
      { mchid: parts.mchid, serialNo: parts.serialNo, timestamp: parts.timestamp, nonceStr: parts.nonceStr },
      { mchid: fx.mchid, serialNo: fx.merchantSerial, timestamp: q.timestamp, nonceStr: q.nonce },
    );
    const b = wasm.api.signRequest(wasm.merchant, q);
    assert.deepEqual(b, a, `wasm path differs from the node path for ${q.method} ${q.url}`);
    assert.deepEqual(await node.api.signRequestAsync(node.merchant, q), a);
  }
  // WebCrypto on the wasm-only entry too (a sample: same bytes).
  for (const q of REQUESTS.slice(0, 20)) {
    assert.deepEqual(await wasm.api.signRequestAsync(wasm.merchant, q), node.api.signRequest(node.merchant, q));
  }
});

test('a PKCS#1 merchant key signs exactly like its PKCS#8 form on both paths', () => {
  for (const p of Object.values(paths)) {
    for (const q of REQUESTS.slice(0, 10)) {
      assert.deepEqual(p.api.signRequest(p.merchantPkcs1, q), p.api.signRequest(p.merchant, q), p.name);
    }
  }
});

test('signatures verify with the merchant certificate through node:crypto', () => {
  const pub = crypto.createPublicKey(fx.merchantCert);
  for (const q of REQUESTS.slice(0, 30)) {
    const s = paths.node.api.signRequest(paths.node.merchant, q);
    const sig = fromBase64(paths.node.api.parseAuthorization(s.authorization).signature);
    assert.ok(crypto.verify('sha256', utf8(s.message), pub, sig));
  }
});

// ---- verification of responses and callbacks --------------------------------

function nodeSigned({ body, timestamp, nonce, serial = fx.platformSerial, key = fx.platformKey }) {
  const bytes = typeof body === 'string' ? utf8(body) : body;
  const message = concat(utf8(`${timestamp}\n${nonce}\n`), bytes, utf8('\n'));
  return {
    headers: {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': refSign(crypto.createPrivateKey(key), message),
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    },
    body,
  };
}

const CALLBACK_BODIES = [
  '',
  '{"id":"EV-018352C6","create_time":"2018-06-08T10:34:56+08:00","resource_type":"encrypt-resource","event_type":"PROFITSHARING.SUCCESS","summary":"分账","resource":{}}',
  '{"a":"中文 with spaces  and\\nescapes","b":[1,2,3]}',
  '{"emoji":"😀"}\n',
];

test('node:crypto-made signatures verify on both paths (certificate and public-key modes)', () => {
  const ts = 1700000000;
  for (const p of Object.values(paths)) {
    for (const [i, body] of CALLBACK_BODIES.entries()) {
      const viaCert = nodeSigned({ body, timestamp: ts, nonce: `n${i}` });
      assert.deepEqual(p.api.verifyNotification({ ...viaCert, keys: p.keys, now: ts }), { serial: fx.platformSerial, timestamp: ts, nonce: `n${i}` });
      const viaPub = nodeSigned({ body, timestamp: ts, nonce: `p${i}`, serial: fx.publicKeyId, key: fx.pubKeyPrivate });
      assert.deepEqual(p.api.verifyNotification({ ...viaPub, keys: p.keys, now: ts }), { serial: fx.publicKeyId, timestamp: ts, nonce: `p${i}` });
      // Bytes and strings are the same body.
      assert.ok(p.api.verifyNotification({ headers: viaCert.headers, body: utf8(body), keys: p.keys, now: ts }));
      const r = p.api.verifyResponse({ status: 200, headers: { ...viaCert.headers, 'Request-ID': 'RID-1' }, body, keys: p.keys, now: ts });
      assert.deepEqual(r, { status: 200, requestId: 'RID-1', verified: { serial: fx.platformSerial, timestamp: ts, nonce: `n${i}` } });
    }
  }
});

test('every tampered variant is refused with the same code on both paths', () => {
  const ts = 1700000000;
  const body = CALLBACK_BODIES[1];
  const good = nodeSigned({ body, timestamp: ts, nonce: 'N0nce' });
  const bytes = utf8(body);
  const flipped = bytes.slice();
  flipped[10] ^= 0x01;
  const variants = {
    'one body byte': { headers: good.headers, body: flipped },
    'trailing newline': { headers: good.headers, body: body + '\n' },
    'leading space': { headers: good.headers, body: ' ' + body },
    'body re-serialised': { headers: good.headers, body: JSON.stringify(JSON.parse(body), null, 1) },
    nonce: { headers: { ...good.headers, 'Wechatpay-Nonce': 'N0ncf' }, body },
    timestamp: { headers: { ...good.headers, 'Wechatpay-Timestamp': String(ts + 1) }, body },
    'serial swapped to the public key id': { headers: { ...good.headers, 'Wechatpay-Serial': fx.publicKeyId }, body },
    'signature of another message': { headers: { ...good.headers, 'Wechatpay-Signature': nodeSigned({ body: '{}', timestamp: ts, nonce: 'N0nce' }).headers['Wechatpay-Signature'] }, body },
    'signature not base64': { headers: { ...good.headers, 'Wechatpay-Signature': '!!!' }, body },
  };
  for (const [what, v] of Object.entries(variants)) {
    const codes = {};
    for (const p of Object.values(paths)) {
      const e = caught(() => p.api.verifyNotification({ ...v, keys: p.keys, now: ts }));
      assert.ok(e instanceof p.api.WxPayError, `${p.name}/${what}: ${e}`);
      codes[p.name] = [e.code, e.probe];
      const r = caught(() => p.api.verifyResponse({ status: 200, ...v, keys: p.keys, now: ts }));
      assert.equal(r.code, e.code, `${p.name}/${what}: response and notification agree`);
    }
    assert.deepEqual(codes.node, ['ERR_WXPAY_SIGNATURE_INVALID', false], what);
    assert.deepEqual(codes.wasm, codes.node, what);
  }
});

// ---- AES-256-GCM -------------------------------------------------------------

function nodeSeal(key, nonce, aad, plaintext) {
  const c = crypto.createCipheriv('aes-256-gcm', utf8(key), utf8(nonce));
  c.setAAD(utf8(aad));
  const ct = concat(new Uint8Array(c.update(utf8(plaintext))), new Uint8Array(c.final()));
  return toBase64(concat(ct, new Uint8Array(c.getAuthTag())));
}

function nodeOpen(key, nonce, aad, b64) {
  const all = fromBase64(b64);
  const d = crypto.createDecipheriv('aes-256-gcm', utf8(key), utf8(nonce));
  d.setAAD(utf8(aad));
  d.setAuthTag(all.subarray(all.length - 16));
  return fromUtf8(concat(new Uint8Array(d.update(all.subarray(0, all.length - 16))), new Uint8Array(d.final())));
}

const PLAINTEXTS = ['', 'x', '{"sub_mchid":"1900000109","receiver":{"amount":888,"description":"运费/交易分账"}}', '中'.repeat(700), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'];

test('node:crypto AES-256-GCM output (ciphertext‖tag, base64) decrypts with decryptResource on both paths', () => {
  const r = prng(7);
  for (const [i, plaintext] of PLAINTEXTS.entries()) {
    let nonce = '';
    for (let k = 0; k < 12; k++) nonce += ALNUM[r.int(0, 61)];
    for (const aad of ['', 'certificate', 'profitsharing', '分账']) {
      const resource = { algorithm: 'AEAD_AES_256_GCM', ciphertext: nodeSeal(fx.apiV3Key, nonce, aad, plaintext), associated_data: aad, nonce, original_type: 'profitsharing' };
      for (const p of Object.values(paths)) {
        assert.equal(p.api.decryptResource({ apiV3Key: fx.apiV3Key, resource }), plaintext, `${p.name} #${i} aad=${aad}`);
        assert.equal(p.api.decryptResource({ apiV3Key: utf8(fx.apiV3Key), resource }), plaintext);
      }
    }
  }
});

test('testing.encryptResource output decrypts with node:crypto (and carries WeChat Pay\'s shape)', () => {
  for (const p of Object.values(paths)) {
    for (const plaintext of PLAINTEXTS) {
      const sealed = p.testing.encryptResource({ apiV3Key: fx.apiV3Key, plaintext, associatedData: 'transaction' });
      assert.equal(sealed.algorithm, 'AEAD_AES_256_GCM');
      assert.equal(sealed.associated_data, 'transaction');
      assert.match(sealed.nonce, /^[0-9A-Za-z]{12}$/);
      assert.equal(nodeOpen(fx.apiV3Key, sealed.nonce, 'transaction', sealed.ciphertext), plaintext);
    }
    const fixed = p.testing.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: { a: 1 }, nonce: 'abcdefghijkl' });
    assert.equal(fixed.ciphertext, nodeSeal(fx.apiV3Key, 'abcdefghijkl', '', '{"a":1}'), 'deterministic for a fixed nonce');
  }
});

// ---- RSA-OAEP (SHA-1) --------------------------------------------------------

const SENSITIVE = ['张三', 'a', 'Zhang San', '欧阳娜娜·迪丽热巴', 'x'.repeat(214)];

test('encryptSensitive (both paths) decrypts with crypto.privateDecrypt OAEP-SHA1 using the WeChat-side private key', () => {
  const oaep = (pem, b64) =>
    fromUtf8(new Uint8Array(crypto.privateDecrypt({ key: pem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, fromBase64(b64))));
  for (const p of Object.values(paths)) {
    for (const text of SENSITIVE) {
      const viaCert = p.api.encryptSensitive(text, p.cert);
      assert.equal(viaCert.serial, fx.platformSerial);
      assert.equal(fromBase64(viaCert.ciphertext).length, 256);
      assert.equal(oaep(fx.platformKey, viaCert.ciphertext), text, `${p.name}: certificate`);
      const viaPub = p.api.encryptSensitive(text, p.pub);
      assert.equal(viaPub.serial, fx.publicKeyId);
      assert.equal(oaep(fx.pubKeyPrivate, viaPub.ciphertext), text, `${p.name}: public key`);
      // A key set encrypts with the WeChat Pay public key when it holds one.
      const viaSet = p.api.encryptSensitive(text, p.keys);
      assert.equal(viaSet.serial, fx.publicKeyId);
      assert.equal(oaep(fx.pubKeyPrivate, viaSet.ciphertext), text);
    }
    // OAEP is randomised: two encryptions differ.
    assert.notEqual(p.api.encryptSensitive('张三', p.cert).ciphertext, p.api.encryptSensitive('张三', p.cert).ciphertext);
    // 215 bytes is over the RSA-2048 OAEP-SHA1 limit.
    assert.equal(caught(() => p.api.encryptSensitive('x'.repeat(215), p.cert)).code, 'ERR_WXPAY_PAYLOAD_INVALID', p.name);
  }
});

test('node-made OAEP-SHA1 ciphertext decrypts with decryptSensitive on both paths', () => {
  const merchantPublic = crypto.createPublicKey(fx.merchantCert);
  for (const text of SENSITIVE) {
    const ct = crypto.publicEncrypt({ key: merchantPublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, utf8(text)).toString('base64');
    for (const p of Object.values(paths)) {
      assert.equal(p.api.decryptSensitive(ct, p.merchant), text, p.name);
      assert.equal(p.api.decryptSensitive(ct, p.merchantPkcs1), text, p.name);
    }
  }
  // Wrong padding hash (SHA-256) is an opaque decryption failure on both paths.
  const sha256 = crypto.publicEncrypt({ key: merchantPublic, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, utf8('张三')).toString('base64');
  for (const p of Object.values(paths)) assert.equal(caught(() => p.api.decryptSensitive(sha256, p.merchant)).code, 'ERR_WXPAY_DECRYPTION_FAILED');
});

// ---- nonces ------------------------------------------------------------------

test('generated nonces are 32 characters of [0-9A-Za-z], distinct and roughly uniform', () => {
  const { node, wasm } = paths;
  const counts = new Map([...ALNUM].map((c) => [c, 0]));
  const seen = new Set();
  const N = 2000;
  for (let i = 0; i < N; i++) {
    const { nonce } = node.api.signRequest(node.merchant, { method: 'GET', url: '/v3/certificates', timestamp: 1700000000 });
    assert.match(nonce, /^[0-9A-Za-z]{32}$/);
    seen.add(nonce);
    for (const c of nonce) counts.set(c, counts.get(c) + 1);
  }
  assert.equal(seen.size, N, 'nonces repeat');
  // Chi-square over 62 symbols (61 degrees of freedom): mean 61, sd ≈ 11; 140 is ≈ 7 sd out.
  const expected = (N * 32) / 62;
  let chi2 = 0;
  for (const c of counts.values()) chi2 += (c - expected) ** 2 / expected;
  assert.ok(chi2 < 140, `chi-square ${chi2.toFixed(1)} over 62 symbols`);
  // Every symbol occurs; modulo bias would over-represent the first 8 (256 % 62).
  const first8 = [...ALNUM.slice(0, 8)].reduce((s, c) => s + counts.get(c), 0) / 8;
  const rest = [...ALNUM.slice(8)].reduce((s, c) => s + counts.get(c), 0) / 54;
  assert.ok(Math.abs(first8 / rest - 1) < 0.1, `first-8 ratio ${(first8 / rest).toFixed(3)}`);
  // The wasm-only entry draws nonces the same way.
  for (let i = 0; i < 20; i++) {
    assert.match(wasm.api.signRequest(wasm.merchant, { method: 'GET', url: '/v3/x', timestamp: 1 }).nonce, /^[0-9A-Za-z]{32}$/);
  }
});

test('the default timestamp is now in whole seconds', () => {
  for (const p of Object.values(paths)) {
    const before = Math.floor(Date.now() / 1000);
    const { timestamp } = p.api.signRequest(p.merchant, { method: 'GET', url: '/v3/x', nonce: 'n' });
    const after = Math.floor(Date.now() / 1000);
    assert.ok(Number.isInteger(timestamp) && timestamp >= before && timestamp <= after, `${p.name}: ${timestamp}`);
  }
});

test('verifySignature accepts node:crypto signatures over raw bytes and refuses tampering; exportSpki is the SPKI DER', () => {
  const bodies = [utf8(''), utf8('1700000000\nabc\n{"a":"分账"}\n'), Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff)];
  for (const p of Object.values(paths)) {
    for (const [key, pem, privatePem] of [
      [p.cert, fx.platformCert, fx.platformKey],
      [p.pub, fx.pubKey, fx.pubKeyPrivate],
    ]) {
      for (const message of bodies) {
        const sig = refSign(crypto.createPrivateKey(privatePem), message);
        assert.equal(p.api.verifySignature(key, message, sig), true, p.name);
        const altered = message.length ? message.slice() : utf8('x');
        altered[0] ^= 1;
        assert.equal(p.api.verifySignature(key, altered, sig), false, `${p.name}: altered message`);
        assert.equal(p.api.verifySignature(key, message, `WECHATPAY/SIGNTEST/${sig}`), false, `${p.name}: probe`);
        assert.equal(p.api.verifySignature(key, message, sig.slice(0, -4)), false, `${p.name}: truncated`);
      }
      const want = new Uint8Array(crypto.createPublicKey(pem).export({ type: 'spki', format: 'der' }));
      assert.deepEqual(new Uint8Array(p.api.exportSpki(key)), want, p.name);
    }
    // The other key of the set does not verify a signature it did not make.
    const sig = refSign(crypto.createPrivateKey(fx.platformKey), bodies[1]);
    assert.equal(p.api.verifySignature(p.pub, bodies[1], sig), false);
    assert.throws(() => p.api.verifySignature(p.keys, bodies[1], sig), { code: 'ERR_WXPAY_KEY_INVALID' });
    assert.throws(() => p.api.verifySignature(p.cert, { a: 1 }, sig), { code: 'ERR_WXPAY_BODY_NOT_RAW' });
  }
});
