// Signatures both ways: the emulator verifies the caller's Authorization over the exact
// method, path?query and body; every response verifies with the package's verifyResponse.
// Signing modes: public-key (the default), certificate, both (the migration).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, testKeys, startEmulator, send, raw, verified, keys, cert, pubKey, SUB } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator({ timeScale: 0.01 });
});
after(() => emu.close());

const amounts = (id = '4200000000000000000000000001') => wx.profitSharing.queryAmounts({ transaction_id: id });

test('a correctly signed call is answered 2xx, signed with the WeChat Pay public key (the default signing mode)', async () => {
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 5000 });
  const r = await send(emu, amounts(t.transaction_id));
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { transaction_id: t.transaction_id, unsplit_amount: 5000 });
  const v = verified(r);
  assert.ok(v.ok, v.err && v.err.message);
  assert.equal(v.result.verified.serial, testKeys.publicKeyId);
  assert.equal(r.headers.get('wechatpay-signature-type'), 'WECHATPAY2-SHA256-RSA2048');
  assert.match(r.headers.get('request-id'), /^EMU[0-9A-F]+$/);
  // A key set holding only the public key verifies it (new merchants have nothing else); the certificate alone does not.
  assert.ok(verified(r, wx.createPlatformKeySet([pubKey])).ok);
  assert.equal(verified(r, [cert]).err.code, 'ERR_WXPAY_SERIAL_UNKNOWN');
  // Whatever the request names in Wechatpay-Serial.
  const named = await send(emu, amounts(t.transaction_id), { headers: { 'Wechatpay-Serial': testKeys.platformSerial } });
  assert.equal(named.headers.get('wechatpay-serial'), testKeys.publicKeyId);
  assert.deepEqual(emu.info().signing, 'public-key');
});

test('signing certificate: every answer is signed with the platform certificate; /v3/certificates too', async () => {
  const e = await startEmulator({ timeScale: 0.01, signing: 'certificate' });
  try {
    const t = e.seedTransaction({ sub_mchid: SUB, amount: 5000 });
    for (const headers of [{}, { 'Wechatpay-Serial': testKeys.publicKeyId }]) {
      const r = await send(e, amounts(t.transaction_id), { headers });
      assert.equal(r.status, 200);
      assert.equal(verified(r, [cert]).result.verified.serial, testKeys.platformSerial);
      assert.equal(verified(r, [pubKey]).err.code, 'ERR_WXPAY_SERIAL_UNKNOWN');
    }
    const c = await send(e, { method: 'GET', pathAndQuery: '/v3/certificates' });
    const loaded = wx.loadCertificates(c.body, testKeys.apiV3Key);
    assert.ok(verified(c, loaded).ok, 'the downloaded certificate verifies its own answer');
    assert.equal(e.keys.notifySerial, testKeys.platformSerial);
  } finally {
    await e.close();
  }
});

test('signing both (the migration): the answer follows Wechatpay-Serial; without one the two keys alternate', async () => {
  const e = await startEmulator({ timeScale: 0.01, signing: 'both' });
  try {
    let r = await send(e, amounts(), { headers: { 'Wechatpay-Serial': testKeys.publicKeyId } });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('wechatpay-serial'), testKeys.publicKeyId);
    let v = verified(r, [pubKey]);
    assert.equal(v.err.code, 'ERR_WXPAY_API', 'the error verified, then surfaced as an API error');
    assert.equal(v.err.apiCode, 'ORDER_NOT_EXIST');
    r = await send(e, amounts(), { headers: { 'Wechatpay-Serial': testKeys.platformSerial } });
    assert.equal(r.headers.get('wechatpay-serial'), testKeys.platformSerial);
    const answers = [];
    for (let i = 0; i < 4; i++) {
      r = await send(e, amounts());
      v = verified(r);
      assert.equal(v.err.code, 'ERR_WXPAY_API', 'a key set with both keys verifies every answer');
      answers.push(r);
    }
    assert.deepEqual(new Set(answers.map((a) => a.headers.get('wechatpay-serial'))), new Set([testKeys.publicKeyId, testKeys.platformSerial]));
    // A key set with only the public key refuses the certificate's answers.
    const byCert = answers.find((a) => a.headers.get('wechatpay-serial') === testKeys.platformSerial);
    assert.equal(verified(byCert, [pubKey]).err.code, 'ERR_WXPAY_SERIAL_UNKNOWN');
  } finally {
    await e.close();
  }
});

test('tampered body → 401 SIGN_ERROR with WeChat’s error body, itself signed', async () => {
  const t = emu.seedTransaction({ sub_mchid: SUB, amount: 5000 });
  const spec = raw('POST', '/v3/ecommerce/profitsharing/finish-order', { sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'F-tamper', description: '完结' });
  const r = await send(emu, spec, { tamper: (b) => b.replace('完结', '完結') });
  assert.equal(r.status, 401);
  assert.equal(r.json.code, 'SIGN_ERROR');
  assert.equal(r.json.message, '错误的签名，验签失败');
  assert.equal(r.json.detail.issue, 'sign not match');
  assert.equal(r.json.detail.sign_information.method, 'POST');
  const v = verified(r);
  assert.equal(v.err.code, 'ERR_WXPAY_API');
  assert.equal(v.err.status, 401);
  assert.equal(v.err.apiCode, 'SIGN_ERROR');
  assert.match(v.err.requestId, /-270924332$/);
  // Nothing happened: the finish was not applied.
  assert.equal((await send(emu, amounts(t.transaction_id))).json.unsplit_amount, 5000);
});

test('the query string is signed: another query than the signed one → 401', async () => {
  const spec = wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'P1' });
  const req = wx.prepare(merchant(), spec, { baseUrl: emu.url });
  const res = await fetch(req.url.replace('out_order_no=P1', 'out_order_no=P2'), { headers: req.headers });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, 'SIGN_ERROR');
});

function merchant() {
  return wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
}

test('signed with another key, another serial_no or mchid, or no Authorization → 401 SIGN_ERROR', async () => {
  const impostor = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.platformPrivateKey });
  const req = wx.prepare(impostor, amounts(), { baseUrl: emu.url });
  let res = await fetch(req.url, { headers: req.headers });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).detail.issue, 'sign not match');

  const otherSerial = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: 'ABCDEF0123', privateKey: testKeys.merchantPrivateKey });
  res = await fetch(wx.prepare(otherSerial, amounts(), { baseUrl: emu.url }).url, { headers: wx.prepare(otherSerial, amounts(), { baseUrl: emu.url }).headers });
  assert.equal(res.status, 401);
  assert.match((await res.json()).detail.issue, /serial_no/);

  const otherMch = wx.importMerchantKey({ mchid: '1900000999', serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
  const r3 = wx.prepare(otherMch, amounts(), { baseUrl: emu.url });
  res = await fetch(r3.url, { headers: r3.headers });
  assert.equal(res.status, 401);
  assert.match((await res.json()).detail.issue, /mchid/);

  res = await fetch(`${emu.url}/v3/certificates`);
  assert.equal(res.status, 401);
  const body = await res.text();
  assert.equal(JSON.parse(body).code, 'SIGN_ERROR');
  assert.equal(verified({ status: res.status, headers: res.headers, body }).err.apiCode, 'SIGN_ERROR');
});

test('a timestamp more than 5 minutes off → 401 SIGN_ERROR; 4 minutes is fine', async () => {
  const now = Math.floor(Date.now() / 1000);
  for (const [offset, status] of [
    [-301, 401],
    [+301, 401],
    [-240, 404],
    [+240, 404],
  ]) {
    const r = await send(emu, amounts(), { timestamp: now + offset });
    assert.equal(r.status, status, `offset ${offset}`);
    if (status === 401) {
      assert.equal(r.json.code, 'SIGN_ERROR');
      assert.match(r.json.detail.issue, /window is 300 s/);
    }
  }
});

test('GET /v3/certificates: decrypts with the APIv3 key (AEAD_AES_256_GCM, "certificate") and self-verifies', async () => {
  const r = await send(emu, { method: 'GET', pathAndQuery: '/v3/certificates' });
  assert.equal(r.status, 200);
  const [c] = r.json.data;
  assert.equal(c.serial_no, testKeys.platformSerial);
  assert.equal(c.encrypt_certificate.algorithm, 'AEAD_AES_256_GCM');
  assert.equal(c.encrypt_certificate.associated_data, 'certificate');
  assert.match(c.effective_time, /\+08:00$/);
  const loaded = wx.loadCertificates(r.body, testKeys.apiV3Key);
  assert.deepEqual(loaded.map((k) => k.serial), [testKeys.platformSerial]);
  // In public-key mode the answer is signed with the public key, which verifies it.
  assert.equal(r.headers.get('wechatpay-serial'), testKeys.publicKeyId);
  assert.ok(verified(r, [pubKey]).ok);
  const pem = wx.decryptResource({ apiV3Key: testKeys.apiV3Key, resource: c.encrypt_certificate });
  assert.equal(typeof pem === 'string' ? pem.trim() : pem, testKeys.platformCertificate.trim());
  const sm2 = await send(emu, { method: 'GET', pathAndQuery: '/v3/certificates?algorithm_type=SM2' });
  assert.deepEqual(sm2.json, { data: [] });
});

test('response faults: a probe signature and a stale timestamp fail verification; an injected error is signed', async () => {
  await emu.injectFault({ target: 'response', probe: true });
  let v = verified(await send(emu, amounts()));
  assert.equal(v.err.code, 'ERR_WXPAY_SIGNATURE_INVALID');
  assert.equal(v.err.probe, true);

  await emu.injectFault({ target: 'response', stale: true });
  const stale = await send(emu, amounts());
  v = verified(stale);
  assert.ok(!v.ok && v.err.code !== 'ERR_WXPAY_API', `stale must fail verification, got ${v.err && v.err.code}`);
  assert.ok(Math.floor(Date.now() / 1000) - Number(stale.headers.get('wechatpay-timestamp')) >= 600);

  await emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR', message: '系统错误' } });
  const r = await send(emu, amounts());
  assert.equal(r.status, 500);
  v = verified(r);
  assert.equal(v.err.apiCode, 'SYSTEM_ERROR');
  assert.equal((await send(emu, amounts())).status, 404, 'one fault, one response');
});

test('unknown operations and methods are answered (signed) 404 / 405', async () => {
  let r = await send(emu, raw('GET', '/v3/ecommerce/profitsharing/nothing'));
  assert.equal(r.status, 404);
  assert.ok(verified(r).err.code === 'ERR_WXPAY_API');
  r = await send(emu, raw('DELETE', '/v3/ecommerce/profitsharing/finish-order'));
  assert.equal(r.status, 405);
});

test('key sets: the certificate and the PUB_KEY_ID key both belong to the emulator', () => {
  assert.deepEqual([...keys.serials].sort(), [cert.serial, pubKey.serial].sort());
  assert.equal(emu.keys.platformSerial, testKeys.platformSerial);
  assert.equal(emu.keys.publicKeyId, testKeys.publicKeyId);
});
