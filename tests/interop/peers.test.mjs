// wechatpay-edge against the popular Node SDKs (dev dependencies of this suite only):
// wechatpay-axios-plugin@0.9.6 and wechatpay-node-v3@2.2.1. Same key, method, URL,
// timestamp, nonce and body → same signature; their notifications pass our parser and ours
// pass their verification and decryption. Every place a peer differs is asserted as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createPrivateKey, createPublicKey, createCipheriv } from 'node:crypto';
import * as wx from 'wechatpay-edge';
import { fx, splitPayload, delivery, nowSec } from './helpers/fixtures.mjs';

const require = createRequire(import.meta.url);
const { Formatter, Rsa, Aes, Decorator } = require('wechatpay-axios-plugin');
const NodeV3 = require('wechatpay-node-v3').default ?? require('wechatpay-node-v3');
const versions = {
  axios: require('wechatpay-axios-plugin/package.json').version,
  nodeV3: require('wechatpay-node-v3/package.json').version,
};

const merchant = wx.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(fx.platformCert), wx.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey })]);
const axiosMerchantKey = Rsa.from(fx.merchantKey, Rsa.KEY_TYPE_PRIVATE);
const nodeV3 = new NodeV3({ appid: 'wx8888888888888888', mchid: fx.mchid, publicKey: Buffer.from(fx.merchantCert), privateKey: Buffer.from(fx.merchantKey) });

const createOrderSpec = wx.profitSharing.createOrder({
  sub_mchid: '1900000109', appid: 'wx8888888888888888', transaction_id: '4208450740201411110007820472', out_order_no: 'P20261123001',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' }], finish: false, wechatpay_serial: fx.platformSerial,
});
const querySpec = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P|*@-_1' });
const finishSpec = wx.profitSharing.finishOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20261123009', description: '分账完结' });
const amountsSpec = wx.profitSharing.queryAmounts({ transaction_id: '4208450740201411110007820472' });

const TS = 1763870400;
const NONCE = 'DemoNonce0123456789abcdefABCDEF0';
const ours = (method, url, body) => wx.parseAuthorization(wx.signRequest(merchant, { method, url, body, timestamp: TS, nonce: NONCE }).authorization).signature;
const fieldsOf = (authorization) => Object.fromEntries([...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

const CASES = [
  ['POST createOrder', 'POST', createOrderSpec.pathAndQuery, createOrderSpec.body],
  ['GET queryOrder (encoded query)', 'GET', querySpec.pathAndQuery, ''],
  ['POST finishOrder', 'POST', finishSpec.pathAndQuery, finishSpec.body],
  ['GET queryAmounts', 'GET', amountsSpec.pathAndQuery, ''],
];

test('wechatpay-axios-plugin: Formatter.request + Rsa.sign equals our signature byte for byte', () => {
  for (const [label, method, url, body] of CASES) {
    const theirs = Rsa.sign(Formatter.request(method, url, TS, NONCE, body), axiosMerchantKey);
    assert.equal(ours(method, url, body), theirs, label);
    assert.equal(wx.buildSigningMessage({ method, url, timestamp: TS, nonce: NONCE, body }), Formatter.request(method, url, TS, NONCE, body), label);
  }
  // An empty POST body too (its Formatter always ends with "\n", like ours).
  assert.equal(ours('POST', '/v3/x/empty-body', ''), Rsa.sign(Formatter.request('POST', '/v3/x/empty-body', TS, NONCE, ''), axiosMerchantKey));
});

test('wechatpay-axios-plugin: its real request interceptor signs what we sign for its nonce and timestamp', () => {
  for (const [label, method, url, body] of CASES) {
    const config = {
      method: method.toLowerCase(), url, baseURL: 'https://api.mch.weixin.qq.com/', data: body ? JSON.parse(body) : undefined,
      mchid: fx.mchid, serial: fx.merchantSerial, privateKey: axiosMerchantKey, headers: {},
    };
    const signed = Decorator.requestInterceptor()(config);
    const auth = signed.headers.get('Authorization');
    const f = fieldsOf(auth);
    // It signs JSON.stringify(data): equal to our builder's body because ours is compact JSON
    // in the same key order (a re-serialised body would not be guaranteed to match).
    assert.equal(JSON.stringify(config.data) ?? '', body, label);
    const again = wx.signRequest(merchant, { method, url, body, timestamp: Number(f.timestamp), nonce: f.nonce_str });
    assert.equal(fieldsOf(again.authorization).signature, f.signature, label);
    // Difference: the Authorization fields in another order (both orders are accepted by
    // WeChat Pay and by our parseAuthorization).
    assert.match(auth, /^WECHATPAY2-SHA256-RSA2048 mchid="[^"]+",serial_no="[^"]+",timestamp="\d+",nonce_str="[^"]+",signature="[^"]+"$/);
    assert.match(again.authorization, /^WECHATPAY2-SHA256-RSA2048 mchid="[^"]+",nonce_str="[^"]+",signature="[^"]+",timestamp="\d+",serial_no="[^"]+"$/);
    const parsed = wx.parseAuthorization(auth);
    assert.equal(parsed.signature, f.signature);
    assert.equal(parsed.timestamp, Number(f.timestamp));
    assert.equal(parsed.nonceStr, f.nonce_str);
    assert.equal(parsed.serialNo, fx.merchantSerial);
    // Difference: its nonce is 32 base62 characters drawn as byte % 62 (slightly biased);
    // ours are 32 base62 characters without that bias.
    assert.match(f.nonce_str, /^[0-9A-Za-z]{32}$/);
  }
});

test('wechatpay-axios-plugin difference, documented: it signs the WHATWG-URL form, so a raw non-ASCII query is percent-encoded', () => {
  const raw = '/v3/x?description=分账&a=b';
  const f = fieldsOf(Decorator.requestInterceptor()({ method: 'get', url: raw, baseURL: 'https://api.mch.weixin.qq.com/', mchid: fx.mchid, serial: fx.merchantSerial, privateKey: axiosMerchantKey, headers: {} }).headers.get('Authorization'));
  const encoded = '/v3/x?description=%E5%88%86%E8%B4%A6&a=b';
  const sign = (url) => wx.parseAuthorization(wx.signRequest(merchant, { method: 'GET', url, timestamp: Number(f.timestamp), nonce: f.nonce_str }).authorization).signature;
  assert.equal(sign(encoded), f.signature, 'it signed the percent-encoded form (what goes on the wire)');
  // We sign the URL string as given (or, if the core refuses raw non-ASCII, say so with
  // ERR_WXPAY_VALIDATION); either way never the signature of the encoded form. Our builders
  // never produce raw non-ASCII (they percent-encode every value): only a hand-written URL
  // can hit this.
  let rawSignature;
  try {
    rawSignature = sign(raw);
  } catch (e) {
    assert.equal(e.code, 'ERR_WXPAY_VALIDATION');
  }
  if (rawSignature !== undefined) assert.notEqual(rawSignature, f.signature);
  // Our builders' URLs are already in WHATWG form: the interceptor leaves them unchanged.
  for (const spec of [querySpec, amountsSpec]) {
    const u = new URL(spec.pathAndQuery, 'https://api.mch.weixin.qq.com/');
    assert.equal(u.pathname + u.search, spec.pathAndQuery);
  }
});

test('wechatpay-node-v3: getSignature equals ours for GET and non-empty bodies; differs for an empty POST (no final "\\n")', () => {
  for (const [label, method, url, body] of CASES) {
    assert.equal(nodeV3.getSignature(method, NONCE, String(TS), url, body), ours(method, url, body), label);
  }
  // Given a parsed body it signs JSON.stringify(body): equal for our compact builder output.
  assert.equal(nodeV3.getSignature('POST', NONCE, TS, createOrderSpec.pathAndQuery, JSON.parse(createOrderSpec.body)), ours('POST', createOrderSpec.pathAndQuery, createOrderSpec.body));
  // The claim, verified: for a POST (or DELETE, PUT…) with an empty body it signs
  // "POST\nURL\nTS\nNONCE\n" — one "\n" short of the canonical "…\nNONCE\n\n" that WeChat Pay
  // and we use, so WeChat Pay would reject it.
  for (const method of ['POST', 'DELETE', 'PUT']) {
    const theirs = nodeV3.getSignature(method, NONCE, TS, '/v3/x/empty-body', '');
    assert.notEqual(theirs, ours(method, '/v3/x/empty-body', ''), method);
    const short = `${method}\n/v3/x/empty-body\n${TS}\n${NONCE}\n`;
    assert.equal(wx.buildSigningMessage({ method, url: '/v3/x/empty-body', timestamp: TS, nonce: NONCE, body: '' }), short + '\n');
    assert.equal(theirs, Rsa.sign(short, axiosMerchantKey), `${method}: exactly the canonical message without its last "\\n"`);
  }
});

test('wechatpay-node-v3 differences, documented: Authorization field order, Math.random nonce, lower-case serial, encodeURIComponent query', () => {
  const header = nodeV3.getAuthorization(NONCE, String(TS), ours('GET', amountsSpec.pathAndQuery, ''));
  assert.match(header, /^WECHATPAY2-SHA256-RSA2048 mchid="[^"]+",nonce_str="[^"]+",timestamp="\d+",serial_no="[^"]+",signature="[^"]+"$/);
  // The serial it derives from the merchant certificate is lower-case hex; ours upper-case.
  assert.equal(nodeV3.serial_no, fx.merchantSerial.toLowerCase());
  assert.equal(merchant.serialNo, fx.merchantSerial);
  const parsed = wx.parseAuthorization(header);
  assert.equal(parsed.serialNo, fx.merchantSerial.toLowerCase());
  // Its nonce: Math.random().toString(36), at most 15 characters, not from a CSPRNG.
  const f = fieldsOf(nodeV3.buildAuthorization('GET', 'https://api.mch.weixin.qq.com/v3/certificates'));
  assert.match(f.nonce_str, /^[0-9a-z]{1,15}$/);
  // Its query encoding is encodeURIComponent: "*" stays raw; ours percent-encodes every
  // character outside RFC 3986's unreserved set. Each signs what it sends, so both verify.
  assert.equal(nodeV3.objectToQueryString({ out_order_no: 'P|*@-_1' }), '?out_order_no=P%7C*%40-_1');
  assert.match(querySpec.pathAndQuery, /out_order_no=P%7C%2A%40-_1$/);
});

// ---- notifications -------------------------------------------------------------------------

function axiosNotification({ payload, eventType = 'PROFITSHARING.SUCCESS', summary = '分账', privateKey = fx.platformKey, serial = fx.platformSerial, timestamp = nowSec(), pretty = false }) {
  const nonce = 'AxNonce12345';
  const resource = { original_type: 'profitsharing', algorithm: 'AEAD_AES_256_GCM', ciphertext: Aes.AesGcm.encrypt(JSON.stringify(payload), fx.apiV3Key, nonce, 'profitsharing'), associated_data: 'profitsharing', nonce };
  const envelope = { id: 'EV-AXIOS-1', create_time: '2026-11-23T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: eventType, summary, resource };
  const body = pretty ? JSON.stringify(envelope, null, 2) : JSON.stringify(envelope);
  const headerNonce = Formatter.nonce();
  return {
    body,
    headers: {
      'Wechatpay-Timestamp': String(timestamp),
      'Wechatpay-Nonce': headerNonce,
      'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, headerNonce, body), Rsa.from(privateKey, Rsa.KEY_TYPE_PRIVATE)),
      'Wechatpay-Serial': serial,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    },
  };
}

test('a notification signed and encrypted with wechatpay-axios-plugin primitives is accepted by parseNotification', () => {
  const payload = splitPayload();
  for (const pretty of [false, true]) {
    const d = axiosNotification({ payload, pretty });
    const n = wx.parseNotification({ headers: d.headers, body: d.body, keys, apiV3Key: fx.apiV3Key });
    assert.equal(n.kind, 'split');
    assert.equal(n.data.out_order_no, payload.out_order_no);
    assert.equal(n.verified.serial, fx.platformSerial);
  }
  const viaPub = axiosNotification({ payload, eventType: 'PROFITSHARING.RETURN', summary: '分账回退', privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId });
  assert.equal(wx.parseNotification({ headers: viaPub.headers, body: viaPub.body, keys, apiV3Key: fx.apiV3Key }).kind, 'return');
});

test('a notification signed with wechatpay-node-v3 (its sha256WithRsa) and encrypted with node:crypto is accepted', () => {
  // node-v3 has no AES-GCM encrypt helper (it only decrypts); its signer is Pay#sign.
  const platformSigner = new NodeV3({ appid: 'wx1', mchid: fx.mchid, publicKey: Buffer.from(fx.platformCert), privateKey: Buffer.from(fx.platformKey) });
  const payload = splitPayload();
  const nonce = 'V3Nonce12345';
  const c = createCipheriv('aes-256-gcm', Buffer.from(fx.apiV3Key), Buffer.from(nonce)).setAAD(Buffer.from('profitsharing'));
  const ciphertext = Buffer.concat([c.update(JSON.stringify(payload)), c.final(), c.getAuthTag()]).toString('base64');
  const body = JSON.stringify({ id: 'EV-V3-1', create_time: '2026-11-23T10:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'PROFITSHARING.SUCCESS', summary: '分账', resource: { original_type: 'profitsharing', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'profitsharing', nonce } });
  const ts = nowSec();
  const headers = { 'Wechatpay-Timestamp': String(ts), 'Wechatpay-Nonce': 'v3nonce', 'Wechatpay-Signature': platformSigner.sign(`${ts}\nv3nonce\n${body}\n`), 'Wechatpay-Serial': platformSigner.serial_no, 'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048' };
  // Its serial is lower-case; WeChat Pay sends upper-case, and we match serials case-insensitively.
  assert.equal(headers['Wechatpay-Serial'], fx.platformSerial.toLowerCase());
  const n = wx.parseNotification({ headers, body, keys, apiV3Key: fx.apiV3Key });
  assert.equal(n.data.out_order_no, payload.out_order_no);
});

test('a notification we produce passes wechatpay-axios-plugin Rsa.verify + AesGcm.decrypt', () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  const h = d.headers;
  assert.equal(Rsa.verify(Formatter.response(h['Wechatpay-Timestamp'], h['Wechatpay-Nonce'], d.body), h['Wechatpay-Signature'], Rsa.from(fx.platformCert, Rsa.KEY_TYPE_PUBLIC)), true);
  const r = JSON.parse(d.body).resource;
  assert.deepEqual(JSON.parse(Aes.AesGcm.decrypt(r.ciphertext, fx.apiV3Key, r.nonce, r.associated_data)), payload);
  // Tampering is caught by both.
  const bad = { ...r, ciphertext: flipFirstByte(r.ciphertext) };
  assert.throws(() => Aes.AesGcm.decrypt(bad.ciphertext, fx.apiV3Key, bad.nonce, bad.associated_data));
  assert.throws(() => wx.decryptResource({ apiV3Key: fx.apiV3Key, resource: bad }), { code: 'ERR_WXPAY_DECRYPTION_FAILED' });
});

function flipFirstByte(b64) {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

test('a notification we produce passes wechatpay-node-v3 verifySign + decipher_gcm', async () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  const h = d.headers;
  NodeV3.certificates[fx.platformSerial] = fx.platformCert; // instead of fetching /v3/certificates
  assert.equal(await nodeV3.verifySign({ timestamp: h['Wechatpay-Timestamp'], nonce: h['Wechatpay-Nonce'], body: d.body, serial: h['Wechatpay-Serial'], signature: h['Wechatpay-Signature'], apiSecret: fx.apiV3Key }), true);
  const r = JSON.parse(d.body).resource;
  assert.deepEqual(nodeV3.decipher_gcm(r.ciphertext, r.associated_data, r.nonce, fx.apiV3Key), payload);
});

test('wechatpay-node-v3 differences, documented: decipher_gcm never checks the GCM tag; verifySign of a parsed body re-serialises it', async () => {
  const payload = splitPayload();
  const d = delivery({ payload });
  const r = JSON.parse(d.body).resource;
  // It never calls decipher.final(), so the tag is set but never verified: a forged
  // ciphertext decrypts to garbage without an error. We refuse it.
  const forged = flipFirstByte(r.ciphertext);
  let out;
  assert.doesNotThrow(() => (out = nodeV3.decipher_gcm(forged, r.associated_data, r.nonce, fx.apiV3Key)));
  assert.equal(typeof out, 'string', 'returned as text, not refused');
  assert.notDeepEqual(out, payload);
  assert.throws(() => wx.decryptResource({ apiV3Key: fx.apiV3Key, resource: { ...r, ciphertext: forged } }), { code: 'ERR_WXPAY_DECRYPTION_FAILED' });
  // Even the associated data is not authenticated without final():
  assert.deepEqual(nodeV3.decipher_gcm(r.ciphertext, 'not-the-aad', r.nonce, fx.apiV3Key), payload);
  assert.throws(() => wx.decryptResource({ apiV3Key: fx.apiV3Key, resource: { ...r, associated_data: 'not-the-aad' } }), { code: 'ERR_WXPAY_DECRYPTION_FAILED' });

  // verifySign accepts a parsed body and signs JSON.stringify(body): fine for a compact body,
  // false for the same bytes pretty-printed (what a framework's JSON parser hands you).
  const h = (x) => ({ timestamp: x.headers['Wechatpay-Timestamp'], nonce: x.headers['Wechatpay-Nonce'], serial: x.headers['Wechatpay-Serial'], signature: x.headers['Wechatpay-Signature'] });
  NodeV3.certificates[fx.platformSerial] = fx.platformCert;
  const pretty = axiosNotification({ payload, pretty: true });
  assert.equal(await nodeV3.verifySign({ ...h(pretty), body: pretty.body }), true, 'raw text verifies');
  assert.equal(await nodeV3.verifySign({ ...h(pretty), body: JSON.parse(pretty.body) }), false, 'the parsed object does not');
  // We refuse parsed bodies outright, with a code that says why.
  assert.throws(() => wx.parseNotification({ headers: pretty.headers, body: JSON.parse(pretty.body), keys, apiV3Key: fx.apiV3Key }), { code: 'ERR_WXPAY_BODY_NOT_RAW' });
  // Nor does verifySign look at the timestamp: a 10-minute-old delivery verifies there.
  const old = delivery({ payload, timestamp: nowSec() - 600 });
  assert.equal(await nodeV3.verifySign({ ...h(old), body: old.body }), true);
  assert.throws(() => wx.verifyNotification({ headers: old.headers, body: old.body, keys }), { code: 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE' });
});

test('sensitive fields (RSA-OAEP-SHA1) both ways with both peers', () => {
  const ours = wx.encryptSensitive('张三', wx.importPlatformCertificate(fx.platformCert));
  assert.equal(Rsa.decrypt(ours.ciphertext, Rsa.from(fx.platformKey, Rsa.KEY_TYPE_PRIVATE)), '张三');
  const viaNodeV3 = new NodeV3({ appid: 'wx1', mchid: fx.mchid, publicKey: Buffer.from(fx.platformCert), privateKey: Buffer.from(fx.platformKey) });
  assert.equal(viaNodeV3.privateDecrypt(ours.ciphertext), '张三');
  assert.equal(wx.decryptSensitive(Rsa.encrypt('李四', createPublicKey(fx.merchantCert)), merchant), '李四');
  assert.equal(wx.decryptSensitive(nodeV3.publicEncrypt('王五', createPublicKey(fx.merchantCert)), merchant), '王五');
  assert.ok(createPrivateKey(fx.merchantKey)); // the same PEM every peer was given
  assert.deepEqual(versions, { axios: '0.9.6', nodeV3: '2.2.1' });
});
