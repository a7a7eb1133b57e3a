// wechatpay-edge against wechatpayv3 (PyPI), run in tests/interop/.venv by py/peer.py.
// scripts/test-interop.sh creates the venv; without it every test here is reported as
// skipped, with the reason, never silently passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as wx from 'wechatpay-edge';
import { fx, splitPayload, delivery, nowSec } from './helpers/fixtures.mjs';

const python = process.env.WXE_PYTHON ?? fileURLToPath(new URL('./.venv/bin/python', import.meta.url));
const peerScript = fileURLToPath(new URL('./py/peer.py', import.meta.url));
const skip = process.env.WXE_PYTHON_SKIP
  ? `wechatpayv3 unavailable: ${process.env.WXE_PYTHON_SKIP}`
  : existsSync(python)
    ? false
    : `wechatpayv3 is not installed (${python} missing): run scripts/test-interop.sh, which installs it from PyPI`;

let version = null;
/** Runs tasks in one Python process; returns their results in order. */
function py(tasks) {
  const r = spawnSync(python, [peerScript], { input: JSON.stringify(tasks), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`peer.py failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  version = out.version;
  return out.results;
}

const merchant = wx.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(fx.platformCert), wx.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey })]);

const createOrderBody = wx.profitSharing.createOrder(
  {
    sub_mchid: '1900000109', appid: 'wx8888888888888888', transaction_id: '4208450740201411110007820472', out_order_no: 'P20261123001',
    receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' }], finish: false, wechatpay_serial: fx.platformSerial,
  },
).body;
const query = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P|*@-_1' }).pathAndQuery;

const CASES = [
  ['POST', '/v3/ecommerce/profitsharing/orders', createOrderBody],
  ['GET', query, ''],
  ['POST', '/v3/ecommerce/profitsharing/finish-order', '{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20261123009","description":"分账完结"}'],
  ['POST', '/v3/x/empty-body', ''],
  ['DELETE', '/v3/x/resource/1', ''],
];

test('Authorization header: byte for byte equal to wechatpayv3 build_authorization (same field order)', { skip }, () => {
  const ts = 1763870400;
  const nonce = 'DemoNonce0123456789abcdefABCDEF0';
  const theirs = py(CASES.map(([method, path, body]) => ({ task: 'buildAuthorization', method, path, body, mchid: fx.mchid, serial: fx.merchantSerial, privateKey: fx.merchantKey, timestamp: ts, nonce })));
  CASES.forEach(([method, url, body], i) => {
    const ours = wx.signRequest(merchant, { method, url, body, timestamp: ts, nonce });
    assert.equal(theirs[i].error, undefined, theirs[i].error);
    assert.equal(ours.authorization, theirs[i].authorization, `${method} ${url}`);
  });
});

test('wechatpayv3 differences, documented: uuid4 nonces; a dict body is re-serialised by json.dumps', { skip }, () => {
  const [nonce, dictSigned] = py([
    { task: 'defaultNonce', privateKey: fx.merchantKey },
    { task: 'buildAuthorization', method: 'POST', path: '/v3/ecommerce/profitsharing/orders', data: JSON.parse(createOrderBody), mchid: fx.mchid, serial: fx.merchantSerial, privateKey: fx.merchantKey, timestamp: 1763870400, nonce: 'n1' },
  ]);
  // Its nonce: uuid4 hex, upper case, 32 characters (ours: 32 of [0-9A-Za-z] from crypto.getRandomValues).
  assert.match(nonce.nonce, /^[0-9A-F]{32}$/);
  // Given a dict, it signs json.dumps(dict): ", "/": " separators and \uXXXX escapes. That is
  // also what `requests` sends, so it is self-consistent, but it is not our compact UTF-8 body.
  const pySerialised = JSON.stringify(JSON.parse(createOrderBody), null, 0).replace(/,"/g, ', "').replace(/":/g, '": ').replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const ourSigOfTheirBody = wx.parseAuthorization(wx.signRequest(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body: pySerialised, timestamp: 1763870400, nonce: 'n1' }).authorization).signature;
  const ourSigOfOurBody = wx.parseAuthorization(wx.signRequest(merchant, { method: 'POST', url: '/v3/ecommerce/profitsharing/orders', body: createOrderBody, timestamp: 1763870400, nonce: 'n1' }).authorization).signature;
  const theirSig = wx.parseAuthorization(dictSigned.authorization).signature;
  assert.equal(theirSig, ourSigOfTheirBody, 'it signed json.dumps(dict) exactly as reconstructed');
  assert.notEqual(theirSig, ourSigOfOurBody);
});

test('a notification wechatpayv3 signs and encrypts (json.dumps body) is accepted by parseNotification', { skip }, () => {
  const payload = splitPayload();
  const now = nowSec();
  const [cert, pub] = py([
    { task: 'makeNotification', id: 'EV-PY-1', eventType: 'PROFITSHARING.SUCCESS', plaintext: JSON.stringify(payload), apiV3Key: fx.apiV3Key, resourceNonce: 'PyNonce12345', associatedData: 'profitsharing', privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: now, nonce: 'PyNotifyNonce0001' },
    { task: 'makeNotification', id: 'EV-PY-2', eventType: 'PROFITSHARING.RETURN', summary: '分账回退', plaintext: JSON.stringify(payload), apiV3Key: fx.apiV3Key, resourceNonce: 'PyNonce67890', associatedData: '', privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId, timestamp: now, nonce: 'PyNotifyNonce0002' },
  ]);
  assert.match(cert.body, /", "/, 'Python separators survive: we verify the raw bytes, not a re-serialisation');
  const a = wx.parseNotification({ headers: cert.headers, body: cert.body, keys, apiV3Key: fx.apiV3Key });
  assert.equal(a.kind, 'split');
  assert.equal(a.id, 'EV-PY-1');
  assert.equal(a.data.out_order_no, payload.out_order_no);
  assert.deepEqual(a.data.receivers.map((r) => r.amount), [2000]);
  assert.equal(a.verified.serial, fx.platformSerial);
  const b = wx.parseNotification({ headers: pub.headers, body: pub.body, keys, apiV3Key: fx.apiV3Key });
  assert.equal(b.kind, 'return');
  assert.equal(b.verified.serial, fx.publicKeyId);
});

test('a notification we produce passes wechatpayv3 Core.callback and rsa_verify + aes_decrypt', { skip }, () => {
  const payload = splitPayload();
  const ours = delivery({ payload });
  const oursPub = delivery({ payload, privateKey: fx.pubKeyPrivate, serial: fx.publicKeyId });
  const common = { mchid: fx.mchid, merchantSerial: fx.merchantSerial, merchantPrivateKey: fx.merchantKey, apiV3Key: fx.apiV3Key };
  const [viaCert, viaPub, prim, tampered] = py([
    { task: 'callback', ...common, platformCertificate: fx.platformCert, headers: ours.headers, body: ours.body },
    { task: 'callback', ...common, publicKeyId: fx.publicKeyId, publicKey: fx.pubKey, headers: oursPub.headers, body: oursPub.body },
    { task: 'primitivesVerify', platformCertificate: fx.platformCert, apiV3Key: fx.apiV3Key, headers: ours.headers, body: ours.body },
    { task: 'callback', ...common, platformCertificate: fx.platformCert, headers: ours.headers, body: ours.body.replace('"summary":"分账"', '"summary":"分账回退"') },
  ]);
  assert.equal(viaCert.error, undefined, viaCert.error);
  assert.deepEqual(viaCert.result.resource, payload);
  assert.equal(viaCert.result.event_type, 'PROFITSHARING.SUCCESS');
  assert.deepEqual(viaPub.result.resource, payload);
  assert.equal(prim.verified, true);
  assert.deepEqual(JSON.parse(prim.plaintext), payload);
  assert.equal(tampered.result, null, 'wechatpayv3 refuses a tampered body too');
});

test('wechatpayv3 difference, documented: Core.callback has no timestamp window (a 10-minute-old delivery passes; we refuse it)', { skip }, () => {
  const old = delivery({ timestamp: nowSec() - 600 });
  const [r] = py([{ task: 'callback', mchid: fx.mchid, merchantSerial: fx.merchantSerial, merchantPrivateKey: fx.merchantKey, apiV3Key: fx.apiV3Key, platformCertificate: fx.platformCert, headers: old.headers, body: old.body }]);
  assert.notEqual(r.result, null, 'accepted by wechatpayv3');
  assert.throws(() => wx.parseNotification({ headers: old.headers, body: old.body, keys, apiV3Key: fx.apiV3Key }), { code: 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE' });
});

test('sensitive fields (RSA-OAEP-SHA1) both ways; certificate serials agree', { skip }, () => {
  const ours = wx.encryptSensitive('张三', keys);
  const [dec, enc, serial] = py([
    { task: 'rsaDecrypt', ciphertext: ours.ciphertext, privateKey: ours.serial === fx.publicKeyId ? fx.pubKeyPrivate : fx.platformKey },
    { task: 'rsaEncrypt', text: '李四', certificate: fx.merchantCert },
    { task: 'serialOf', certificate: fx.platformCert },
  ]);
  assert.equal(dec.text, '张三');
  assert.equal(wx.decryptSensitive(enc.ciphertext, merchant), '李四');
  assert.equal(serial.serial, wx.importPlatformCertificate(fx.platformCert).serial);
  assert.match(version, /^\d+\.\d+\.\d+$/);
});
