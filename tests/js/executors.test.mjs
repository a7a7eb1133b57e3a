// One answer whatever engine computes it (issue 14): the node entry (node:crypto executor), the
// portable path (the browser entry in Node: the core's own RustCrypto) and the async forms of
// both entries (WebCrypto, Node's globalThis.crypto.subtle) must give the same result, or the
// same error code, message and details, on hostile variants of signature headers, resources,
// envelopes and requests. Every rule is the core's; the executors only compute.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadEntries, caught, pkgDir } from './helpers/entries.mjs';
import { fx, utf8, concat, toBase64, fromBase64, prng, ALNUM } from './helpers/fixtures.mjs';

let E;
const paths = [];

before(async () => {
  E = await loadEntries();
  for (const [name, api, async] of [['node:crypto', E.node, false], ['wasm', E.browser, false], ['WebCrypto (node entry)', E.node, true], ['WebCrypto (browser entry)', E.browser, true]]) {
    const cert = api.importPlatformCertificate(fx.platformCert);
    const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    const merchant = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial.toLowerCase(), privateKey: fx.merchantKey });
    paths.push({ name, api, async, merchant, keys: api.createPlatformKeySet([cert, pub], { merchantSerialNo: fx.merchantSerial }) });
  }
});

/** `api.name(...args)` on path `p`: the async form (`nameAsync`) on the WebCrypto paths. */
function run(p, name, ...args) {
  return p.async ? p.api[`${name}Async`](...args) : p.api[name](...args);
}

const NOW = 1763870400;
const BODY = '{"id":"EV-1","event_type":"PROFITSHARING.SUCCESS","summary":"分账","resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"","nonce":"0123456789ab"}}';
const platformKey = () => crypto.createPrivateKey(fx.platformKey);

/** Outcome of a call on one path, comparable across paths. */
async function outcome(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details ?? {})), probe: e.probe };
  }
}

/** `call(p)` on every path; all four outcomes must be equal. Returns the common outcome. */
async function agree(label, call) {
  const [first, ...rest] = await Promise.all(paths.map((p) => outcome(() => call(p))));
  rest.forEach((o, i) => assert.deepEqual(o, first, `${label}: ${paths[i + 1].name} differs from ${paths[0].name}`));
  return first;
}

// ---- signature headers ----------------------------------------------------------

/** Headers signed over what the core reads after trimming (so rule checks, not the RSA check, decide). */
function signed({ timestamp = String(NOW), nonce = 'N0nce0123456789', body = BODY, serial = fx.platformSerial, key = platformKey() } = {}) {
  const message = `${timestamp.trim()}\n${nonce.trim()}\n${typeof body === 'string' ? body : new TextDecoder().decode(body)}\n`;
  const signature = crypto.sign('sha256', utf8(message), key).toString('base64');
  return [
    ['Wechatpay-Timestamp', timestamp],
    ['Wechatpay-Nonce', nonce],
    ['Wechatpay-Signature', signature],
    ['Wechatpay-Serial', serial],
  ];
}

const set = (pairs, name, value) => pairs.map(([k, v]) => [k, k.toLowerCase() === name ? value : v]);
const rename = (pairs, name, to) => pairs.map(([k, v]) => [k.toLowerCase() === name ? to : k, v]);
const sig = (pairs) => pairs.find(([k]) => k.toLowerCase() === 'wechatpay-signature')[1];

/** [label, headers, options] — each changes one thing the core has a rule about. */
function headerVariants() {
  const good = signed();
  const s = sig(good);
  // Same bytes, different base64: the last data character carries stray bits (atob accepts it).
  const strayBits = s.replace(/(.)(=*)$/, (_, c, pad) => ALNUM[(ALNUM.indexOf(c) + 1) % 62] + pad);
  const v = [
    ['plain', good],
    ['plain, lower-case names', good.map(([k, x]) => [k.toLowerCase(), x])],
    ['plain, upper-case names', good.map(([k, x]) => [k.toUpperCase(), x])],
    ['plain, with Request-ID and the scheme', [...good, ['Request-ID', 'RID'], ['Wechatpay-Signature-Type', 'WECHATPAY2-SHA256-RSA2048']]],
    ['plain, public key mode', signed({ serial: fx.publicKeyId, key: crypto.createPrivateKey(fx.pubKeyPrivate) })],
    ['plain, non-ASCII nonce', signed({ nonce: '分账随机串' })],
    ['plain, body as bytes', good, { body: utf8(BODY) }],
    ['plain, body as ArrayBuffer', good, { body: utf8(BODY).buffer }],
    ['plain, window edge past', signed({ timestamp: String(NOW - 299) })],
    ['plain, window edge future', signed({ timestamp: String(NOW + 299) })],
    ['plain, leading zeros', signed({ timestamp: `00${NOW}` })],
    ['window past', signed({ timestamp: String(NOW - 300) })],
    ['window future', signed({ timestamp: String(NOW + 300) })],
    ['custom tolerance', signed({ timestamp: String(NOW - 30) }), { toleranceSec: 30 }],
    ['timestamp with plus', signed({ timestamp: `+${NOW}` })],
    ['timestamp in ms', signed({ timestamp: `${NOW}000` })],
    ['timestamp fullwidth', signed({ timestamp: '１７６３８７０４００' })],
    ['timestamp padded', signed({ timestamp: ` ${NOW} ` })],
    ['timestamp nbsp', signed({ timestamp: `\u00a0${NOW}` })],
    ['timestamp BOM', signed({ timestamp: `\ufeff${NOW}` })],
    ['nonce padded', signed({ nonce: ' N0nce ' })],
    ['nonce with tab inside', signed({ nonce: 'N0\tnce' })],
    ['nonce with DEL', signed({ nonce: 'N0\x7fnce' })],
    ['nonce lone surrogate', signed({ nonce: 'N0\ud800nce' })],
    ['nonce BOM', signed({ nonce: '\ufeffN0nce' })],
    ['nonce empty', set(good, 'wechatpay-nonce', '')],
    ['nonce 2049 bytes', signed({ nonce: 'n'.repeat(2049) })],
    ['nonce 2048 bytes', signed({ nonce: 'n'.repeat(2048) })],
    ['nonce 700 CJK', signed({ nonce: '分'.repeat(700) })],
    ['signature missing', good.filter(([k]) => k !== 'Wechatpay-Signature')],
    ['serial missing', good.filter(([k]) => k !== 'Wechatpay-Serial')],
    ['duplicate nonce', [...good, ['wechatpay-nonce', 'N0nce0123456789']]],
    ['duplicate serial other case', [...good, ['WECHATPAY-SERIAL', fx.platformSerial]]],
    ['padded name', rename(good, 'wechatpay-nonce', ' Wechatpay-Nonce')],
    ['tab-padded name', rename(good, 'wechatpay-serial', 'Wechatpay-Serial\t')],
    ['BOM-prefixed name', rename(good, 'wechatpay-serial', '\ufeffWechatpay-Serial')],
    ['kelvin sign name', [...good, ['Wechatpay-Nonce\u212a', 'x']]],
    ['probe', set(good, 'wechatpay-signature', 'WECHATPAY/SIGNTEST/abc')],
    ['probe, out of window too', set(signed({ timestamp: '1' }), 'wechatpay-signature', 'WECHATPAY/SIGNTEST/abc')],
    ['signature not base64', set(good, 'wechatpay-signature', '!!!')],
    ['signature stray bits', set(good, 'wechatpay-signature', strayBits)],
    ['signature URL-safe', set(good, 'wechatpay-signature', s.replace(/\+/g, '-').replace(/\//g, '_'))],
    ['signature unpadded', set(good, 'wechatpay-signature', s.replace(/=+$/, ''))],
    ['signature with newline', set(good, 'wechatpay-signature', `${s.slice(0, 64)}\n${s.slice(64)}`)],
    ['signature padded', set(good, 'wechatpay-signature', ` ${s}`)],
    ['signature truncated', set(good, 'wechatpay-signature', s.slice(0, 340))],
    ['signature of another body', set(good, 'wechatpay-signature', sig(signed({ body: '{}' })))],
    ['serial lower case', set(good, 'wechatpay-serial', fx.platformSerial.toLowerCase())],
    ['serial dotless i', signed({ serial: fx.publicKeyId.replace('I', '\u0131'), key: crypto.createPrivateKey(fx.pubKeyPrivate) })],
    ['serial unknown', set(good, 'wechatpay-serial', 'ABCDEF')],
    ['serial is the merchant', set(good, 'wechatpay-serial', fx.merchantSerial)],
    ['scheme lower case', [...good, ['Wechatpay-Signature-Type', 'wechatpay2-sha256-rsa2048']]],
    ['scheme empty', [...good, ['Wechatpay-Signature-Type', '']]],
    ['scheme SM2', [...good, ['Wechatpay-Signature-Type', 'WECHATPAY2-SM2-WITH-SM3']]],
    ['now in ms', good, { now: NOW * 1000 }],
    ['now fractional', good, { now: NOW + 0.5 }],
    ['now negative', good, { now: -1 }],
    ['now NaN', good, { now: NaN }],
    ['body altered', good, { body: BODY.replace('分账', '分帐') }],
    ['body lone surrogate', signed({ body: `${BODY}\ud800` }), { body: `${BODY}\ud800` }],
  ];
  return v;
}

const PLAIN = /^plain(,|$)/;

test('verifyNotification and verifyResponse: one answer from every executor on every header variant', async () => {
  for (const [label, headers, opts = {}] of headerVariants()) {
    const args = { headers, body: BODY, now: NOW, ...opts };
    const n = await agree(label, (p) => run(p, 'verifyNotification', { ...args, keys: p.keys }));
    await agree(`${label} (response)`, (p) => run(p, 'verifyResponse', { status: 200, ...args, keys: p.keys }));
    await agree(`${label} (error response)`, (p) => run(p, 'verifyResponse', { status: 500, ...args, keys: p.keys }));
    await agree(`${label} (object headers)`, (p) => run(p, 'verifyNotification', { ...args, headers: Object.fromEntries(headers), keys: p.keys }));
    if (PLAIN.test(label)) assert.ok(n.ok, `${label} verifies`);
  }
});

test('random combinations of header mutations agree on every executor', async () => {
  const r = prng(6);
  const variants = headerVariants();
  for (let i = 0; i < 150; i++) {
    let headers = r.pick(variants)[1];
    for (let k = r.int(1, 3); k > 0; k--) {
      const [name, value] = r.pick(r.pick(variants)[1]);
      headers = r.next() < 0.5 ? [...headers, [name, value]] : set(headers, name.toLowerCase(), value);
    }
    await agree(`combination #${i}`, (p) => run(p, 'verifyNotification', { headers, body: BODY, keys: p.keys, now: NOW }));
  }
});

test('headers as a record (Node req.headers), a Headers object or pairs: the same answers', async () => {
  const good = Object.fromEntries(signed());
  const nullProto = Object.assign(Object.create(null), good);
  const records = [
    ['plain record', good],
    ['plain, null prototype', nullProto],
    ['plain, unrelated headers around', { host: 'a.example', 'content-type': 'application/json', ...good, 'user-agent': 'x', 'content-length': '42' }],
    ['plain, undefined value skipped', { ...good, 'Wechatpay-Signature-Type': undefined }],
    ['plain, a Headers object', new Headers(good)],
    ['value as a one-element array', { ...good, 'Wechatpay-Nonce': [good['Wechatpay-Nonce']] }],
    ['value as a two-element array', { ...good, 'Wechatpay-Nonce': [good['Wechatpay-Nonce'], 'x'] }],
    ['timestamp as a number', { ...good, 'Wechatpay-Timestamp': NOW }],
    ['serial as null', { ...good, 'Wechatpay-Serial': null }],
    ['the same header in two cases', { ...good, 'wechatpay-nonce': good['Wechatpay-Nonce'] }],
    ['a padded name', { ...good, ' wechatpay-nonce': 'x' }],
    ['class instance', Object.assign(Object.create({ inherited: 1 }), good)],
  ];
  for (const [label, headers] of records) {
    const r = await agree(label, (p) => run(p, 'verifyNotification', { headers, body: BODY, keys: p.keys, now: NOW }));
    await agree(`${label} (response)`, (p) => run(p, 'verifyResponse', { status: 200, headers, body: BODY, keys: p.keys, now: NOW }));
    if (PLAIN.test(label)) assert.ok(r.ok, `${label} verifies`);
  }
});

test('toleranceSec and status: the core says what they must be, on every executor', async () => {
  const headers = signed();
  for (const toleranceSec of [0, -1, 1.5, 86401, NaN, Infinity, '300', null, 1, 86400]) {
    await agree(`toleranceSec ${String(toleranceSec)}`, (p) => run(p, 'verifyNotification', { headers, body: BODY, keys: p.keys, now: NOW, toleranceSec }));
  }
  for (const status of [99, 600, 200.5, '200', undefined, NaN, 204, 429]) {
    await agree(`status ${String(status)}`, (p) => run(p, 'verifyResponse', { status, headers, body: BODY, keys: p.keys, now: NOW }));
  }
});

test("a key freed by its owner: the set's own copy verifies on every executor", async () => {
  const headers = signed();
  for (const p of paths) {
    const cert = p.api.importPlatformCertificate(fx.platformCert);
    const set = p.api.createPlatformKeySet([cert]);
    cert.free();
    const r = await outcome(() => run(p, 'verifyNotification', { headers, body: BODY, keys: set, now: NOW }));
    assert.equal(r.ok && r.ok.serial, fx.platformSerial, p.name);
    const bad = await outcome(() => run(p, 'verifyNotification', { headers, body: `${BODY} `, keys: set, now: NOW }));
    assert.equal(bad.code, 'ERR_WXPAY_SIGNATURE_INVALID', p.name);
  }
});

// ---- resources ----------------------------------------------------------------------

function seal(plaintext, { nonce = '0123456789ab', aad = 'profitsharing', key = fx.apiV3Key } = {}) {
  const c = crypto.createCipheriv('aes-256-gcm', utf8(key), utf8(nonce));
  c.setAAD(utf8(aad));
  const data = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
  const ct = concat(new Uint8Array(c.update(data)), new Uint8Array(c.final()), new Uint8Array(c.getAuthTag()));
  return toBase64(ct);
}

function resourceVariants() {
  const base = { algorithm: 'AEAD_AES_256_GCM', ciphertext: seal('{"a":"分账"}'), associated_data: 'profitsharing', nonce: '0123456789ab', original_type: 'profitsharing' };
  const ct = base.ciphertext;
  const flipped = fromBase64(ct);
  flipped[flipped.length - 1] ^= 1;
  return [
    ['plain', base],
    ['plain, no associated_data', { ...base, associated_data: undefined, ciphertext: seal('x', { aad: '' }) }],
    ['plain, null associated_data', { ...base, associated_data: null, ciphertext: seal('x', { aad: '' }) }],
    ['plain, empty plaintext', { ...base, ciphertext: seal('') }],
    ['plain, BOM kept', { ...base, ciphertext: seal('\ufeff{}') }],
    ['plain, extra scalar field', { ...base, extra: 1 }],
    ['plain, non-ASCII nonce of 12 bytes', { ...base, nonce: '分账012345', ciphertext: seal('x', { nonce: '分账012345' }) }],
    ['plain, astral characters in associated_data and original_type', { ...base, associated_data: '分账😀', original_type: 'x😀', ciphertext: seal('x', { aad: '分账😀' }) }],
    ['algorithm lower case', { ...base, algorithm: 'aead_aes_256_gcm' }],
    ['algorithm missing', { ...base, algorithm: undefined }],
    ['nonce 11', { ...base, nonce: '0123456789a' }],
    ['nonce 13', { ...base, nonce: '0123456789abc' }],
    ['nonce number', { ...base, nonce: 123456789012 }],
    ['nonce lone surrogate', { ...base, nonce: '0123456789\ud800', ciphertext: seal('x', { nonce: '0123456789\ufffd' }) }],
    ['associated_data number', { ...base, associated_data: 5 }],
    ['associated_data lone surrogate', { ...base, associated_data: '\ud800', ciphertext: seal('x', { aad: '\ufffd' }) }],
    ['original_type number', { ...base, original_type: 5 }],
    ['original_type lone surrogate', { ...base, original_type: 'profit\udc00sharing' }],
    ['extra BigInt', { ...base, extra: 1n }],
    ['extra nested', { ...base, extra: { a: [1] } }],
    ['toJSON', { ...base, toJSON: () => ({ ...base, nonce: 'x' }) }],
    ['class instance', Object.assign(Object.create({ inherited: 1 }), base)],
    ['array', [base]],
    ['ciphertext padded', { ...base, ciphertext: ` ${ct}\n` }],
    ['ciphertext with newline inside', { ...base, ciphertext: `${ct.slice(0, 8)}\n${ct.slice(8)}` }],
    ['ciphertext URL-safe', { ...base, ciphertext: ct.replace(/\+/g, '-').replace(/\//g, '_') }],
    ['ciphertext unpadded', { ...base, ciphertext: ct.replace(/=+$/, '') }],
    ['ciphertext stray bits', { ...base, ciphertext: ct.replace(/(.)(=*)$/, (_, c, pad) => ALNUM[(ALNUM.indexOf(c) + 1) % 62] + pad) }],
    ['ciphertext shorter than the tag', { ...base, ciphertext: toBase64(new Uint8Array(15)) }],
    ['tag flipped', { ...base, ciphertext: toBase64(flipped) }],
    ['plaintext not UTF-8', { ...base, ciphertext: seal(new Uint8Array([0x7b, 0xff, 0x7d])) }],
    ['plaintext CESU surrogate', { ...base, ciphertext: seal(new Uint8Array([0xed, 0xa0, 0x80])) }],
    ['plaintext overlong', { ...base, ciphertext: seal(new Uint8Array([0xc0, 0xaf])) }],
    // The host decodes good plaintext itself (TextDecoder, fatal); these must still agree with the core.
    ['plaintext truncated at the end', { ...base, ciphertext: seal(new Uint8Array([0x7b, 0xe5, 0x88])) }],
    ['plaintext above U+10FFFF', { ...base, ciphertext: seal(new Uint8Array([0xf4, 0x90, 0x80, 0x80])) }],
    ['plain, noncharacter and astral', { ...base, ciphertext: seal('\uffff😀分账') }],
    ['plain, BOM in the middle', { ...base, ciphertext: seal('{\ufeff}') }],
  ];
}

test('decryptResource: one answer from every executor on every resource variant and key form', async () => {
  for (const [label, resource] of resourceVariants()) {
    for (const apiV3Key of [fx.apiV3Key, utf8(fx.apiV3Key), fx.apiV3Key.slice(1), `${fx.apiV3Key}x`, 'é'.repeat(16), 'é'.repeat(32), 42]) {
      const r = await agree(`${label} / key ${apiV3Key.length}`, (p) => run(p, 'decryptResource', { apiV3Key, resource }));
      if (PLAIN.test(label) && (apiV3Key === fx.apiV3Key || apiV3Key instanceof Uint8Array)) assert.equal(typeof r.ok, 'string', label);
    }
  }
});

// ---- whole notifications ----------------------------------------------------------------

test('parseNotification: one answer from every executor on envelope variants', async () => {
  const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472', out_order_no: 'P20150806125346', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: '运费/交易分账' }, success_time: '2026-11-23T10:00:00+08:00' };
  const resource = { original_type: 'profitsharing', algorithm: 'AEAD_AES_256_GCM', ciphertext: seal(JSON.stringify(payload)), associated_data: 'profitsharing', nonce: '0123456789ab' };
  const envelope = { id: 'EV-1', create_time: '2026-11-23T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'PROFITSHARING.SUCCESS', summary: '分账', resource };
  const json = JSON.stringify(envelope);
  const bodies = [
    ['plain', json],
    ['plain, bytes', utf8(json)],
    ['plain, resource with a nested extra (wasm decrypts)', JSON.stringify({ ...envelope, resource: { ...resource, extra: { a: 1 } } })],
    ['duplicate resource member', `${json.slice(0, -1)},"resource":${JSON.stringify({ ...resource, nonce: 'abcdefghijkl' })}}`],
    ['duplicate nonce inside resource', json.replace('"nonce":"0123456789ab"', '"nonce":"0123456789ab","nonce":"abcdefghijkl"')],
    ['BOM before the JSON', `\ufeff${json}`],
    ['resource not an object', JSON.stringify({ ...envelope, resource: 'x' })],
    ['event type unknown', JSON.stringify({ ...envelope, event_type: 'SOMETHING.ELSE' })],
    ['payload amount as string', JSON.stringify({ ...envelope, resource: { ...resource, ciphertext: seal(JSON.stringify({ ...payload, receiver: { ...payload.receiver, amount: '888' } })) } })],
    ['payload not JSON', JSON.stringify({ ...envelope, resource: { ...resource, ciphertext: seal('not json') } })],
    ['tag flipped', JSON.stringify({ ...envelope, resource: { ...resource, ciphertext: resource.ciphertext.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } })],
    ['trailing garbage', `${json}x`],
  ];
  for (const [label, body] of bodies) {
    const headers = signed({ body });
    for (const apiV3Key of [fx.apiV3Key, utf8(fx.apiV3Key)]) {
      const r = await agree(label, (p) => run(p, 'parseNotification', { headers, body, keys: p.keys, apiV3Key, now: NOW }));
      if (PLAIN.test(label)) assert.equal(r.ok.data.receivers[0].amount, 888, label);
    }
  }
});

// ---- request signing ------------------------------------------------------------------

function signingVariants() {
  const base = { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body: '{"amount":1,"description":"分账"}', timestamp: NOW, nonce: 'N0nce0123456789' };
  return [
    ['plain', base],
    ['plain, GET without body', { ...base, method: 'GET', body: '' }],
    ['plain, query', { ...base, url: '/v3/x?a=%E5%88%86&b=1|2' }],
    ['plain, 64-character nonce', { ...base, nonce: 'a'.repeat(64) }],
    ['plain, timestamp 0', { ...base, timestamp: 0 }],
    ['plain, astral characters in the body', { ...base, body: '{"description":"分账😀"}' }],
    ['method lower case', { ...base, method: 'post' }],
    ['method TRACE', { ...base, method: 'TRACE' }],
    ['absolute URL', { ...base, url: 'https://api.mch.weixin.qq.com/v3/ecommerce/profitsharing/orders' }],
    ['URL carrying :// in the query', { ...base, url: '/v3/x?u=https://a.example/b' }],
    ['URL with space', { ...base, url: '/v3/a b' }],
    ['URL with fragment', { ...base, url: '/v3/a#b' }],
    ['URL non-ASCII', { ...base, url: '/v3/a?n=分账' }],
    ['URL relative', { ...base, url: 'v3/a' }],
    ['URL with tab', { ...base, url: '/v3/a\t' }],
    ['nonce 65', { ...base, nonce: 'a'.repeat(65) }],
    ['nonce with dash', { ...base, nonce: 'a-b' }],
    ['nonce number', { ...base, nonce: 12345 }],
    ['timestamp string', { ...base, timestamp: String(NOW) }],
    ['timestamp fractional', { ...base, timestamp: NOW + 0.5 }],
    ['timestamp negative', { ...base, timestamp: -1 }],
    ['timestamp -0', { ...base, timestamp: -0 }],
    ['body lone surrogate', { ...base, body: '{"a":"\ud800"}' }],
    ['body object', { ...base, body: { a: 1 } }],
  ];
}

test('signRequest and prepare: the same Authorization, message and errors from every executor', async () => {
  for (const [label, request] of signingVariants()) {
    const r = await agree(label, (p) => run(p, 'signRequest', p.merchant, request));
    if (PLAIN.test(label)) assert.ok(r.ok.authorization.includes(`serial_no="${fx.merchantSerial.toUpperCase()}"`), label);
    const spec = { method: request.method, pathAndQuery: request.url, headers: [], body: request.body || undefined };
    await agree(`${label} (prepare)`, (p) => run(p, 'prepare', p.merchant, spec, { timestamp: request.timestamp, nonce: request.nonce, baseUrl: 'http://127.0.0.1:9' }));
  }
});

test('baseUrl: one rule, in the core', async () => {
  const spec = { method: 'GET', pathAndQuery: '/v3/certificates', headers: [] };
  const cases = [
    ['https://api.mch.weixin.qq.com', true],
    ['https://api2.mch.weixin.qq.com/', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost', true],
    ['http://[::1]:9', true],
    ['http://localhost.evil.example', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://evil.example', false],
    ['https://h/path', false],
    ['https://user@h', false],
    ['ftp://h', false],
  ];
  for (const [baseUrl, ok] of cases) {
    const r = await agree(baseUrl, (p) => run(p, 'prepare', p.merchant, spec, { timestamp: NOW, nonce: 'N0nce', baseUrl }));
    assert.equal(Boolean(r.ok), ok, baseUrl);
    if (!ok) assert.equal(r.code, 'ERR_WXPAY_VALIDATION', baseUrl);
  }
});

// ---- key import ---------------------------------------------------------------------
// The core checks every key once (rsa's own rules plus the file's CRT values), then hands
// node:crypto PKCS#1 and WebCrypto PKCS#8/SPKI, so a bad key fails at import on every executor.

/** A PEM of the merchant key with one JWK member changed (node:crypto re-encodes it unchecked). */
function merchantWith(member, change) {
  const jwk = crypto.createPrivateKey(fx.merchantKey).export({ format: 'jwk' });
  const bytes = Buffer.from(jwk[member], 'base64url');
  change(bytes);
  return crypto.createPrivateKey({ key: { ...jwk, [member]: bytes.toString('base64url') }, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
}

function publicWith(change) {
  const jwk = crypto.createPublicKey(fx.pubKey).export({ format: 'jwk' });
  const next = change(jwk);
  return crypto.createPublicKey({ key: next, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
}

test('key import: one answer on every executor, and a key whose CRT values do not fit is refused', async () => {
  const last = (b) => { b[b.length - 1] ^= 0x02; };
  const privateCases = [
    ['as issued (PKCS#8)', fx.merchantKey, true],
    ['PKCS#1', crypto.createPrivateKey(fx.merchantKey).export({ type: 'pkcs1', format: 'pem' }), true],
    ['dP changed', merchantWith('dp', last), false],
    ['dQ changed', merchantWith('dq', last), false],
    ['qInv changed', merchantWith('qi', last), false],
    ['d changed', merchantWith('d', last), false],
    ['p changed', merchantWith('p', last), false],
  ];
  for (const [label, pem, ok] of privateCases) {
    const r = await agree(label, (p) => p.api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: pem }).serialNo);
    assert.equal(Boolean(r.ok), ok, `${label}: ${JSON.stringify(r)}`);
    if (!ok) assert.equal(r.code, 'ERR_WXPAY_KEY_INVALID', label);
  }
  // Without the core's check the engines would disagree: node:crypto takes such a key (OpenSSL
  // notices the bad CRT result and recomputes with d), WebCrypto in workerd and Chromium
  // (BoringSSL) refuses it ("Invalid PKCS8 input"), at the first async signature.
  assert.doesNotThrow(() => crypto.createPrivateKey(merchantWith('dp', last)));

  const publicCases = [
    ['as issued', fx.pubKey, true],
    ['even exponent', publicWith((j) => ({ ...j, e: Buffer.from([1, 0, 0]).toString('base64url') })), false],
    ['even modulus', publicWith((j) => { const n = Buffer.from(j.n, 'base64url'); n[n.length - 1] &= 0xfe; return { ...j, n: n.toString('base64url') }; }), false],
  ];
  for (const [label, pem, ok] of publicCases) {
    const r = await agree(`public key ${label}`, (p) => p.api.importPlatformPublicKey({ id: fx.publicKeyId, pem }).serial);
    assert.equal(Boolean(r.ok), ok, `${label}: ${JSON.stringify(r)}`);
    if (!ok) assert.equal(r.code, 'ERR_WXPAY_KEY_INVALID', label);
  }
});
