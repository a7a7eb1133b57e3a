// The node entry's fast paths (src/prescreen.js + node:crypto) against the wasm-only path
// (the browser entry), on hostile variants of signature headers, resources and envelopes:
// both must give the same result, or the same error code, message and details. The screens
// are also called directly, so the test fails if the fast path stops being taken at all.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadEntries, caught, pkgDir } from './helpers/entries.mjs';
import { fx, utf8, concat, toBase64, fromBase64, prng, ALNUM } from './helpers/fixtures.mjs';

let E;
let screen;
const paths = {};

before(async () => {
  E = await loadEntries();
  screen = await import(new URL('src/prescreen.js', pkgDir).href);
  for (const [name, api] of [['node', E.node], ['wasm', E.browser]]) {
    const cert = api.importPlatformCertificate(fx.platformCert);
    const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    paths[name] = { api, keys: api.createPlatformKeySet([cert, pub], { merchantSerialNo: fx.merchantSerial }) };
  }
});

const NOW = 1763870400;
const BODY = '{"id":"EV-1","event_type":"PROFITSHARING.SUCCESS","summary":"分账","resource":{"algorithm":"AEAD_AES_256_GCM","ciphertext":"","nonce":"0123456789ab"}}';
const platformKey = () => crypto.createPrivateKey(fx.platformKey);

/** Outcome of a call on one path, comparable across paths. */
function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { code: e.code, message: e.message, details: JSON.parse(JSON.stringify(e.details ?? {})), probe: e.probe };
  }
}

function agree(label, call) {
  const node = outcome(() => call(paths.node));
  const wasm = outcome(() => call(paths.wasm));
  assert.deepEqual(node, wasm, label);
  return node;
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

test('verifyNotification and verifyResponse: node fast path = wasm path on every header variant', () => {
  for (const [label, headers, opts = {}] of headerVariants()) {
    const args = { headers, body: BODY, now: NOW, ...opts };
    const n = agree(label, (p) => p.api.verifyNotification({ ...args, keys: p.keys }));
    agree(`${label} (response)`, (p) => p.api.verifyResponse({ status: 200, ...args, keys: p.keys }));
    agree(`${label} (object headers)`, (p) => p.api.verifyNotification({ ...args, headers: Object.fromEntries(headers), keys: p.keys }));
    if (PLAIN.test(label)) assert.ok(n.ok, `${label} verifies`);
  }
});

test('the header screen takes the plain cases and hands every unusual one to the core', () => {
  const flat = (pairs) => pairs.flat();
  let taken = 0;
  for (const [label, headers, opts = {}] of headerVariants()) {
    const s = screen.screenSignatureHeaders(flat(headers), opts.now ?? NOW, opts.toleranceSec ?? 300);
    if (PLAIN.test(label)) {
      assert.ok(s, `${label} is screened in`);
      taken++;
    }
    else if (/window|timestamp|nonce (padded|with|lone|BOM|empty|2049)|missing|duplicate|padded name|BOM-prefixed|probe|scheme (lower|empty|SM2)|^now|signature padded/.test(label)) {
      assert.equal(s, null, `${label} goes to the core`);
    }
  }
  assert.ok(taken >= 10);
});

test('random combinations of header mutations agree on both paths', () => {
  const r = prng(6);
  const variants = headerVariants();
  for (let i = 0; i < 150; i++) {
    let headers = r.pick(variants)[1];
    for (let k = r.int(1, 3); k > 0; k--) {
      const [name, value] = r.pick(r.pick(variants)[1]);
      headers = r.next() < 0.5 ? [...headers, [name, value]] : set(headers, name.toLowerCase(), value);
    }
    agree(`combination #${i}`, (p) => p.api.verifyNotification({ headers, body: BODY, keys: p.keys, now: NOW }));
  }
});

test('headers as a plain record are read in place with the same answers as the flat list', () => {
  const good = Object.fromEntries(signed());
  const nullProto = Object.assign(Object.create(null), good);
  const records = [
    ['plain record', good, true],
    ['plain, null prototype', nullProto, true],
    ['plain, unrelated headers around', { host: 'a.example', 'content-type': 'application/json', ...good, 'user-agent': 'x', 'content-length': '42' }, true],
    ['plain, undefined value skipped', { ...good, 'Wechatpay-Signature-Type': undefined }, true],
    ['value as a one-element array', { ...good, 'Wechatpay-Nonce': [good['Wechatpay-Nonce']] }, false],
    ['value as a two-element array', { ...good, 'Wechatpay-Nonce': [good['Wechatpay-Nonce'], 'x'] }, false],
    ['timestamp as a number', { ...good, 'Wechatpay-Timestamp': NOW }, false],
    ['serial as null', { ...good, 'Wechatpay-Serial': null }, false],
    ['the same header in two cases', { ...good, 'wechatpay-nonce': good['Wechatpay-Nonce'] }, false],
    ['a padded name', { ...good, ' wechatpay-nonce': 'x' }, false],
    ['class instance', Object.assign(Object.create({ inherited: 1 }), good), false],
  ];
  for (const [label, headers, screened] of records) {
    const r = agree(label, (p) => p.api.verifyNotification({ headers, body: BODY, keys: p.keys, now: NOW }));
    agree(`${label} (response)`, (p) => p.api.verifyResponse({ status: 200, headers, body: BODY, keys: p.keys, now: NOW }));
    if (PLAIN.test(label)) assert.ok(r.ok, `${label} verifies`);
    const s = screen.isPlainRecord(headers) ? screen.screenSignatureHeaders(headers, NOW, 300) : null;
    assert.equal(Boolean(s), screened, `${label} ${screened ? 'is screened in place' : 'goes to the core'}`);
  }
});

// ---- canonical base64 --------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 §4 by hand: padded, standard alphabet, zero pad bits; null for anything else. */
function canonicalBase64(text) {
  if (text.length % 4 !== 0) return null;
  const out = [];
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const q = text.slice(i, i + 4).split('');
    const pad = last ? (q[3] === '=' ? (q[2] === '=' ? 2 : 1) : 0) : 0;
    const vals = q.slice(0, 4 - pad).map((c) => B64.indexOf(c));
    if (vals.some((v) => v < 0) || vals.length < 2) return null;
    const bits = vals.reduce((acc, v) => acc * 64 + v, 0) * 64 ** pad;
    const bytes = [(bits >> 16) & 255, (bits >> 8) & 255, bits & 255].slice(0, 3 - pad);
    if ((pad === 1 && (vals[2] & 3)) || (pad === 2 && (vals[1] & 15))) return null;
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

test('strictBase64 takes exactly the canonical base64 (RFC 4648 by hand) on exhaustive and random inputs', async () => {
  const { nodeBackend } = await import(new URL('src/native-node.js', pkgDir).href);
  const buffer = await import('node:buffer');
  const { strictBase64 } = nodeBackend(crypto, buffer);
  const check = (text) => {
    const got = strictBase64(text);
    const want = canonicalBase64(text);
    assert.deepEqual(got && Uint8Array.from(got), want, JSON.stringify(text));
  };
  // Every 4-character string over characters Buffer's decoder treats in each of its ways:
  // data (with and without low bits), '=', URL-safe, skipped, and UTF-16 units that truncate to data.
  const chars = ['A', 'B', 'Q', 'g', 'w', '+', '/', '=', '-', '_', ' ', '\n', '\u0141', '\u00c1', '\ud83d', '\0'];
  let accepted = 0;
  for (const a of chars) for (const b of chars) for (const c of chars) for (const d of chars) {
    check(a + b + c + d);
    if (canonicalBase64(a + b + c + d)) accepted++;
  }
  assert.ok(accepted > 600, `the exhaustive set holds canonical strings too (${accepted})`);
  // Random canonical encodings of 0–40 bytes, then 0–3 edits: replace, insert, delete, pad games.
  const r = prng(64);
  const hostile = [...chars, 'Z', 'z', '0', '9', '\u012b', '\u0100', '\ufeff', '=='];
  for (let i = 0; i < 30000; i++) {
    let t = toBase64(Uint8Array.from({ length: r.int(0, 40) }, () => r.int(0, 255)));
    for (let k = r.int(0, 3); k > 0; k--) {
      const at = r.int(0, t.length);
      const op = r.int(0, 4);
      if (op === 0) t = t.slice(0, at) + r.pick(hostile) + t.slice(at + 1);
      else if (op === 1) t = t.slice(0, at) + r.pick(hostile) + t.slice(at);
      else if (op === 2) t = t.slice(0, at) + t.slice(at + 1);
      else if (op === 3) t = t.replace(/=+$/, '');
      else t += '=';
    }
    check(t);
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
  ];
}

test('decryptResource: node fast path = wasm path on every resource variant and key form', () => {
  for (const [label, resource] of resourceVariants()) {
    for (const apiV3Key of [fx.apiV3Key, utf8(fx.apiV3Key), fx.apiV3Key.slice(1), `${fx.apiV3Key}x`, 'é'.repeat(16), 'é'.repeat(32), 42]) {
      const r = agree(`${label} / key ${apiV3Key.length}`, (p) => p.api.decryptResource({ apiV3Key, resource }));
      if (PLAIN.test(label) && (apiV3Key === fx.apiV3Key || apiV3Key instanceof Uint8Array)) assert.equal(typeof r.ok, 'string', label);
    }
  }
});

test('the resource screen takes the plain cases only', () => {
  assert.ok(screen.screenApiV3Key(fx.apiV3Key) && screen.screenApiV3Key(utf8(fx.apiV3Key)));
  for (const k of ['é'.repeat(16), 'é'.repeat(32), fx.apiV3Key.slice(1), 42, undefined]) assert.equal(screen.screenApiV3Key(k), false);
  for (const [label, resource] of resourceVariants()) {
    const s = screen.screenResource(resource);
    if (PLAIN.test(label)) assert.ok(s, label);
    else if (/algorithm|number|lone surrogate|BigInt|nested|toJSON|class|array/.test(label)) assert.equal(s, null, label);
  }
});

// ---- whole notifications ----------------------------------------------------------------

test('parseNotification: node fast path = wasm path on envelope variants', () => {
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
      const r = agree(label, (p) => p.api.parseNotification({ headers, body, keys: p.keys, apiV3Key, now: NOW }));
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

test('signRequest and signRequestAsync: node fast path = wasm path (same Authorization, message and errors)', async () => {
  const keys = {};
  for (const [name, api] of [['node', E.node], ['wasm', E.browser]]) keys[name] = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial.toLowerCase(), privateKey: fx.merchantKey });
  for (const [label, request] of signingVariants()) {
    const r = agree(label, (p) => p.api.signRequest(p === paths.node ? keys.node : keys.wasm, request));
    if (PLAIN.test(label)) {
      assert.ok(r.ok.authorization.includes(`serial_no="${fx.merchantSerial.toUpperCase()}"`), label);
      assert.ok(screen.screenSigningInput(request.method, request.url, request.timestamp, request.nonce, request.body), label);
    } else if (!/absolute|-0|nonce number|body object/.test(label)) {
      assert.equal(screen.screenSigningInput(request.method, String(request.url), request.timestamp, String(request.nonce), request.body), null, label);
    }
    const [a, b] = await Promise.all([
      E.node.signRequestAsync(keys.node, request).then((ok) => ({ ok }), (e) => ({ code: e.code, message: e.message })),
      E.browser.signRequestAsync(keys.wasm, request).then((ok) => ({ ok }), (e) => ({ code: e.code, message: e.message })),
    ]);
    assert.deepEqual(a, b, `${label} (async)`);
  }
});
