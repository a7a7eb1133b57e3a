// One table of good and hostile inputs for the async forms (issue 14 item 2), run against the
// sync forms of the same entry: results, error codes, messages and details must be identical.
// Shared by Node (node entry, browser entry: WebCrypto and no-WebCrypto) and workerd
// (workers/async-worker.js); no node:* imports here.

const NOW = 1700000000;

/** A value as compared: plain JSON for results; code, message, details and class for errors. */
function settled(wx, value, error) {
  if (error === undefined) return { ok: JSON.parse(JSON.stringify(value)) };
  return {
    error: {
      isWxPayError: error instanceof wx.WxPayError,
      code: error.code,
      message: error.message,
      details: JSON.parse(JSON.stringify(error.details ?? null)),
      probe: error.probe,
      side: error.side,
    },
  };
}

async function run(wx, fn) {
  try {
    return settled(wx, await fn());
  } catch (e) {
    return settled(wx, undefined, e);
  }
}

function runSync(wx, fn) {
  try {
    return settled(wx, fn());
  } catch (e) {
    return settled(wx, undefined, e);
  }
}

const split = {
  sub_mchid: '1900000109',
  transaction_id: '4200000000000000000000000000',
  order_id: '1217752501201407033233368018',
  out_order_no: 'P1',
  receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: 'x' },
  success_time: '2018-06-08T10:34:56+08:00',
};

/**
 * The cases: `[name, sync form, async form, input]` built with `testing` (the package's
 * ./testing subpath of the same entry). `keys` are made per entry.
 */
export function buildCases(wx, testing) {
  const { testKeys: k, signNotification, signResponse, encryptResource } = testing;
  const cert = wx.importPlatformCertificate(k.platformCertificate);
  const pub = wx.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey });
  const keys = wx.createPlatformKeySet([cert, pub], { merchantSerialNo: k.merchantSerialNo });
  const sign = (o = {}) =>
    signNotification({ payload: split, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial, timestamp: NOW, nonce: 'NONCE0123456789', ...o });
  const good = sign();
  /** A body of our choosing, signed by the platform key (what is signed is authentic). */
  const signedBody = (body, o = {}) => ({ headers: signResponse({ body, privateKey: k.platformPrivateKey, serial: k.platformSerial, timestamp: NOW, nonce: 'N2', ...o }), body });
  const envelope = (resource) => JSON.stringify({ id: 'EV-1', create_time: '2026-11-23T10:00:00+08:00', event_type: 'PROFITSHARING.SUCCESS', summary: '分账', resource });
  const sealed = encryptResource({ apiV3Key: k.apiV3Key, plaintext: split, associatedData: 'profitsharing', nonce: 'abcdefghijkl' });
  const withHeaders = (n, change) => ({ ...n, headers: change({ ...n.headers }) });

  const notifications = [
    ['good', { ...good }],
    ['good, body as bytes', { ...good, body: new TextEncoder().encode(good.body) }],
    ['good, Headers object', { ...good, headers: new Headers(good.headers) }],
    ['good, keys as one PlatformKey', { ...good, keys: cert }],
    ['good, keys as an array', { ...good, keys: [pub, cert] }],
    ['good, public key mode', sign({ privateKey: k.publicKeyPrivateKey, serial: k.publicKeyId })],
    ['unknown PROFITSHARING.* type → other', sign({ eventType: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: { sub_mchid: '1', frozen_amount: 100 } })],
    ['unknown event type → other', sign({ eventType: 'SOMETHING.NEW', summary: 'x', payload: { a: [1, 2] } })],
    ['TRANSACTION.SUCCESS by original_type', sign({ eventType: 'TRANSACTION.SUCCESS', summary: '分账回退', originalType: 'profitsharing' })],
    ['Payscore user paid', sign({ eventType: 'PAYSCORE.USER_PAID', summary: '用户支付成功', payload: { appid: 'wx1', mchid: '1900000100', out_order_no: 'O1', service_id: 'S1', state: 'DONE', order_id: 'OID1', total_amount: 100 } })],
    // What crosses the boundary as one header string and as ASCII-escaped JSON (issue 14 item 2).
    ['astral, non-ASCII and control characters in the payload', sign({ eventType: 'SOMETHING.NEW', summary: '分账😀', payload: { a: '😀 分账 \u0001 "q" \\', 'ключ': ['é', '\u2028'] } })],
    ['a split whose description has an emoji', sign({ payload: { ...split, receiver: { ...split.receiver, description: '分给😀商户' } } })],
    ['nonce with a newline', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Nonce': 'NONCE\n0123' }))],
    ['serial with non-ASCII and a lone surrogate', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Serial': '分账\ud800' }))],
    ['nonce ending in a lone high surrogate', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Nonce': 'N\ud83d' }))],
    ['tampered body', { ...good, body: good.body.replace('"EV-', '"EX-') }],
    ['wrong serial', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Serial': 'ABCDEF0123' }))],
    ['stale timestamp', { ...good, now: NOW + 301 }],
    ['future timestamp', { ...good, now: NOW - 400 }],
    ['tolerance 1 s', { ...good, now: NOW + 1, toleranceSec: 1 }],
    ['probe signature', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abc' }))],
    ['signature not base64', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Signature': 'not base64!' }))],
    ['signature too short', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Signature': 'AAAA' }))],
    ['signature of another message', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Signature': sign({ nonce: 'OTHER' }).headers['Wechatpay-Signature'] }))],
    ['missing nonce', withHeaders(good, (h) => (delete h['Wechatpay-Nonce'], h))],
    ['timestamp not a number', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Timestamp': '17e8' }))],
    ['unsupported signature type', withHeaders(good, (h) => ({ ...h, 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' }))],
    ['wrong APIv3 key', { ...good, apiV3Key: 'X'.repeat(32) }],
    ['APIv3 key of 31 bytes', { ...good, apiV3Key: 'X'.repeat(31) }],
    ['APIv3 key as bytes', { ...good, apiV3Key: new TextEncoder().encode(k.apiV3Key) }],
    ['signed body that is not JSON', signedBody('not json')],
    ['signed envelope without resource', signedBody('{"id":"EV-1","event_type":"X"}')],
    ['signed resource with another algorithm', signedBody(envelope({ ...sealed, algorithm: 'AEAD_SM4_GCM' }))],
    ['signed resource with a short nonce', signedBody(envelope({ ...sealed, nonce: 'short' }))],
    ['signed resource, ciphertext not base64', signedBody(envelope({ ...sealed, ciphertext: '@@@@' }))],
    ['signed resource, ciphertext shorter than the tag', signedBody(envelope({ ...sealed, ciphertext: 'AAAA' }))],
    ['signed resource, tampered ciphertext', signedBody(envelope({ ...sealed, ciphertext: 'A' + sealed.ciphertext.slice(1) }))],
    ['signed resource, wrong associated data', signedBody(envelope({ ...sealed, associated_data: 'other' }))],
    ['signed resource, payload not the split shape', signedBody(envelope({ ...encryptResource({ apiV3Key: k.apiV3Key, plaintext: { nope: 1 } }), original_type: 'profitsharing' }))],
    ['body too large', { ...good, body: good.body + ' '.repeat(256 * 1024) }],
    ['body as an object', { ...good, body: JSON.parse(good.body) }],
    ['now in milliseconds', { ...good, now: NOW * 1000 + 0.5 }],
    ['keys missing', { ...good, keys: undefined }],
  ].map(([name, n]) => [name, { keys, apiV3Key: k.apiV3Key, now: NOW, ...n }]);

  const cases = [];
  for (const [name, input] of notifications) {
    cases.push([`parseNotification: ${name}`, wx.parseNotification, wx.parseNotificationAsync, input]);
    cases.push([`verifyNotification: ${name}`, wx.verifyNotification, wx.verifyNotificationAsync, input]);
  }

  const resp = signedBody('{"ok":true}');
  const responses = [
    ['200 signed', { status: 200, ...resp }],
    ['200 tampered', { status: 200, ...resp, body: '{"ok":false}' }],
    ['200 without signature headers', { status: 200, headers: { 'Request-ID': 'R1' }, body: '{}' }],
    ['200 stale', { status: 200, ...resp, now: NOW + 1000 }],
    ['400 unsigned', { status: 400, headers: { 'Request-ID': 'R2' }, body: '{"code":"PARAM_ERROR","message":"bad"}' }],
    ['400 signed', { status: 400, ...signedBody('{"code":"PARAM_ERROR","message":"bad"}') }],
    ['400 with a forged signature', { status: 400, ...signedBody('{"code":"PARAM_ERROR","message":"bad"}'), body: '{"code":"X","message":"y"}' }],
    ['status 99', { status: 99, ...resp }],
  ].map(([name, r]) => [name, { keys, now: NOW, ...r }]);
  for (const [name, input] of responses) cases.push([`verifyResponse: ${name}`, wx.verifyResponse, wx.verifyResponseAsync, input]);

  const resources = [
    ['good', { resource: sealed }],
    ['wrong key', { resource: sealed, apiV3Key: 'Y'.repeat(32) }],
    ['short key', { resource: sealed, apiV3Key: 'short' }],
    ['another algorithm', { resource: { ...sealed, algorithm: 'X' } }],
    ['short nonce', { resource: { ...sealed, nonce: 'abc' } }],
    ['not base64', { resource: { ...sealed, ciphertext: '!!' } }],
    ['tampered', { resource: { ...sealed, ciphertext: 'B' + sealed.ciphertext.slice(1) } }],
    ['missing fields', { resource: { algorithm: 'AEAD_AES_256_GCM' } }],
    ['no resource', { resource: undefined }],
  ].map(([name, r]) => [name, { apiV3Key: k.apiV3Key, ...r }]);
  for (const [name, input] of resources) cases.push([`decryptResource: ${name}`, wx.decryptResource, wx.decryptResourceAsync, input]);

  return { cases, keys, cert, pub };
}

/**
 * Runs every case through both forms; returns `[{ name, sync, async }]`. Encryption is
 * randomised, so encryptSensitive rows compare what decrypts (with the test platform private
 * key imported as a merchant key) and the serial.
 */
export async function runTable(wx, testing) {
  const { cases, keys, cert, pub } = buildCases(wx, testing);
  const out = [];
  for (const [name, syncFn, asyncFn, input] of cases) {
    out.push({ name, sync: runSync(wx, () => syncFn(input)), async: await run(wx, () => asyncFn(input)) });
  }
  const k = testing.testKeys;
  const certPrivate = wx.importMerchantKey({ mchid: k.mchid, serialNo: k.platformSerial, privateKey: k.platformPrivateKey });
  const pubPrivate = wx.importMerchantKey({ mchid: k.mchid, serialNo: 'AA', privateKey: k.publicKeyPrivateKey });
  const opened = (r) => {
    const key = r.serial === pub.serial ? pubPrivate : certPrivate;
    return { serial: r.serial, plaintext: wx.decryptSensitive(r.ciphertext, key), length: r.ciphertext.length };
  };
  const sensitive = [
    ['a name, certificate', '张三', cert],
    ['a name, key set (public key first)', '李四', keys],
    ['empty', '', cert],
    ['214 bytes (the limit)', 'x'.repeat(214), cert],
    ['215 bytes', 'x'.repeat(215), cert],
    ['far too long', 'x'.repeat(5000), pub],
    ['not a string', 42, cert],
    ['not a key', 'x', {}],
  ];
  for (const [name, plain, key] of sensitive) {
    const sync = runSync(wx, () => opened(wx.encryptSensitive(plain, key)));
    const async_ = await run(wx, async () => opened(await wx.encryptSensitiveAsync(plain, key)));
    out.push({ name: `encryptSensitive: ${name}`, sync, async: async_ });
  }
  const freed = wx.importPlatformCertificate(k.platformCertificate);
  freed.free();
  out.push({ name: 'encryptSensitive: a freed key', sync: runSync(wx, () => wx.encryptSensitive('x', freed)), async: await run(wx, () => wx.encryptSensitiveAsync('x', freed)) });
  const g = testing.signNotification({ payload: split, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial, timestamp: NOW });
  const input = { ...g, keys: [freed], apiV3Key: k.apiV3Key, now: NOW };
  out.push({ name: 'parseNotification: keys: [a freed key]', sync: runSync(wx, () => wx.parseNotification(input)), async: await run(wx, () => wx.parseNotificationAsync(input)) });
  // A key set keeps its own copy: freeing the key leaves the set working (the wasm path answers).
  const kept = wx.importPlatformCertificate(k.platformCertificate);
  const set = wx.createPlatformKeySet([kept]);
  kept.free();
  const viaSet = { ...g, keys: set, apiV3Key: k.apiV3Key, now: NOW };
  out.push({ name: 'parseNotification: a set whose key was freed', sync: runSync(wx, () => wx.parseNotification(viaSet)), async: await run(wx, () => wx.parseNotificationAsync(viaSet)) });
  out.push({ name: 'verifyNotification: a set whose key was freed', sync: runSync(wx, () => wx.verifyNotification(viaSet)), async: await run(wx, () => wx.verifyNotificationAsync(viaSet)) });
  return out;
}
