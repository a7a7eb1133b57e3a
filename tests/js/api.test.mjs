// Builders, prepare, split arithmetic, replies and notification parsing through the
// packed package. Exact specs are written out by hand from the API documentation.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadEntries, pkg, pkgDir } from './helpers/entries.mjs';
import { fx, utf8, fromUtf8, fromBase64 } from './helpers/fixtures.mjs';
import { issuesOf } from './helpers/issues.mjs';

const T = 1700000000;
const SUB = '1900000109';
const TX = '4208450740201411110007820472';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

let E;
let wx;
const paths = {};

before(async () => {
  E = await loadEntries();
  wx = E.node;
  for (const [name, api] of [
    ['node', E.node],
    ['wasm', E.browser],
  ]) {
    const merchant = api.importMerchantKey({ mchid: fx.mchid, serialNo: fx.merchantSerial, privateKey: fx.merchantKey });
    const cert = api.importPlatformCertificate(fx.platformCert);
    const cert2 = api.importPlatformCertificate(fx.platform2Cert);
    const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
    paths[name] = {
      name,
      api,
      merchant,
      cert,
      cert2,
      pub,
      keys: api.createPlatformKeySet([cert, pub], { merchantSerialNo: fx.merchantSerial }),
      certsOnly: api.createPlatformKeySet([cert, cert2]),
    };
  }
});

const each = () => Object.values(paths);
const oaepDecrypt = (pem, b64) =>
  fromUtf8(new Uint8Array(crypto.privateDecrypt({ key: pem, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, fromBase64(b64))));

// ---- profit sharing builders --------------------------------------------------------

test('profitSharing.createOrder: exact method, path, body (documented order) and Wechatpay-Serial', () => {
  const spec = wx.profitSharing.createOrder({
    finish: true,
    receivers: [{ description: '分给商户A', amount: 190, receiver_account: '1900000110', type: 'MERCHANT_ID' }],
    out_order_no: 'P20150806125346',
    transaction_id: TX,
    sub_mchid: SUB,
    wechatpay_serial: fx.platformSerial,
  });
  assert.deepEqual(spec, {
    method: 'POST',
    pathAndQuery: '/v3/ecommerce/profitsharing/orders',
    headers: [['Wechatpay-Serial', fx.platformSerial]],
    body: `{"sub_mchid":"${SUB}","transaction_id":"${TX}","out_order_no":"P20150806125346","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":190,"description":"分给商户A"}],"finish":true}`,
  });
  // The legacy receiver_mchid spelling becomes receiver_account and is never sent.
  const legacy = wx.profitSharing.createOrder({
    sub_mchid: SUB,
    transaction_id: TX,
    out_order_no: 'P1',
    receivers: [{ type: 'MERCHANT_ID', receiver_mchid: '1900000110', amount: 1, description: 'x' }],
    finish: false,
    notify_url: 'https://example.com/ps',
    wechatpay_serial: fx.publicKeyId,
  });
  assert.equal(
    legacy.body,
    `{"sub_mchid":"${SUB}","transaction_id":"${TX}","out_order_no":"P1","receivers":[{"type":"MERCHANT_ID","receiver_account":"1900000110","amount":1,"description":"x"}],"finish":false,"notify_url":"https://example.com/ps"}`,
  );
});

test('profitSharing.createOrder encrypts receiver_name with the key set\'s encryption key and names it in Wechatpay-Serial', () => {
  const input = (extra = {}) => ({
    appid: 'wx8888888888888888',
    sub_mchid: SUB,
    transaction_id: TX,
    out_order_no: 'P20150806125346',
    receivers: [
      { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: '分给商户' },
      { type: 'PERSONAL_OPENID', receiver_account: OPENID, amount: 50, description: '分给个人', receiver_name: '张三' },
    ],
    finish: false,
    ...extra,
  });
  for (const p of each()) {
    for (const [what, opts, serial, privatePem] of [
      ['key set with the public key', { keys: p.keys }, fx.publicKeyId, fx.pubKeyPrivate],
      ['certificates only: the one expiring last', { keys: p.certsOnly }, fx.platform2Serial, fx.platform2Key],
      ['one certificate', { platformKey: p.cert }, fx.platformSerial, fx.platformKey],
      ['the public key', { platformKey: p.pub }, fx.publicKeyId, fx.pubKeyPrivate],
    ]) {
      const spec = p.api.profitSharing.createOrder(input(), opts);
      assert.deepEqual(spec.headers, [['Wechatpay-Serial', serial]], `${p.name}: ${what}`);
      const body = JSON.parse(spec.body);
      assert.equal(body.receivers[0].receiver_name, undefined);
      const cipher = body.receivers[1].receiver_name;
      assert.notEqual(cipher, '张三');
      assert.equal(fromBase64(cipher).length, 256);
      assert.equal(oaepDecrypt(privatePem, cipher), '张三', `${p.name}: ${what}`);
      // Everything else is sent as given, in documented order.
      assert.deepEqual(Object.keys(body), ['appid', 'sub_mchid', 'transaction_id', 'out_order_no', 'receivers', 'finish']);
      assert.deepEqual(Object.keys(body.receivers[1]), ['type', 'receiver_account', 'amount', 'description', 'receiver_name']);
    }
    // A serial that disagrees with the encryptor, and a plaintext name without an encryptor.
    assert.ok(issuesOf(() => p.api.profitSharing.createOrder(input({ wechatpay_serial: fx.platformSerial }), { keys: p.keys })).includes('wechatpay_serial:serial_mismatch'));
    assert.ok(issuesOf(() => p.api.profitSharing.createOrder(input({ wechatpay_serial: fx.platformSerial }))).includes('receivers[1].receiver_name:encryptor_required'));
    // A name encrypted by the caller passes through with the caller's serial.
    const own = p.api.encryptSensitive('李四', p.cert);
    const pre = input({ wechatpay_serial: own.serial });
    pre.receivers[1] = { ...pre.receivers[1], receiver_name: undefined, receiver_name_encrypted: own.ciphertext };
    const spec = p.api.profitSharing.createOrder(pre);
    assert.deepEqual(spec.headers, [['Wechatpay-Serial', fx.platformSerial]]);
    assert.equal(JSON.parse(spec.body).receivers[1].receiver_name, own.ciphertext);
    assert.equal(oaepDecrypt(fx.platformKey, own.ciphertext), '李四');
    // The placeholder from the official sample is not ciphertext.
    pre.receivers[1].receiver_name_encrypted = 'hu89ohu89ohu89o';
    assert.ok(issuesOf(() => p.api.profitSharing.createOrder(pre)).includes('receivers[1].receiver_name_encrypted:not_ciphertext'));
  }
});

test('profitSharing.createOrder validation: appid for personal receivers, policy cap, finish with the payer', () => {
  const r = (i, extra = {}) => ({ type: 'MERCHANT_ID', receiver_account: String(1900000110 + i), amount: 1, description: 'x', ...extra });
  const base = { sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', finish: false, wechatpay_serial: fx.platformSerial };
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [r(0, { type: 'PERSONAL_OPENID', receiver_account: OPENID })] })), ['appid:required']);
  const six = [0, 1, 2, 3, 4, 5].map((i) => r(i));
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: six })), ['receivers:too_many_receivers']);
  assert.equal(JSON.parse(wx.profitSharing.createOrder({ ...base, receivers: six }, { policy: { maxReceiversPerRequest: 50 } }).body).receivers.length, 6);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, finish: true, receivers: [r(0, { receiver_account: SUB })] })), ['receivers[0].receiver_account:payer_receiver_with_finish']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [r(0, { receiver_name: '某公司' })] })), ['receivers[0].receiver_name:not_allowed']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [] })), ['receivers:no_receivers']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [r(0, { amount: 9007199254740992 })] })), ['receivers[0].amount:too_large']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [r(0, { description: '😀' })] })), ['receivers[0].description:charset']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, notify_url: 'http://x/y?z', receivers: [r(0)] })), ['notify_url:invalid_url', 'notify_url:invalid_url']);
});

test('profitSharing.queryOrder, createReturnOrder, queryReturnOrder, finishOrder, queryAmounts: exact specs', () => {
  assert.deepEqual(wx.profitSharing.queryOrder({ out_order_no: 'P20150806125346', transaction_id: TX, sub_mchid: SUB }), {
    method: 'GET',
    pathAndQuery: `/v3/ecommerce/profitsharing/orders?sub_mchid=${SUB}&transaction_id=${TX}&out_order_no=P20150806125346`,
    headers: [],
    body: null,
  });
  // Characters allowed in out_order_no but not unreserved are percent-encoded once.
  assert.equal(
    wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P|1*a@b-c_d' }).pathAndQuery,
    `/v3/ecommerce/profitsharing/orders?sub_mchid=${SUB}&transaction_id=${TX}&out_order_no=P%7C1%2Aa%40b-c_d`,
  );
  assert.deepEqual(
    wx.profitSharing.createReturnOrder({ description: '用户退款', amount: 10, return_mchid: '86693852', out_return_no: 'R20190516001', order_id: '3008450740201411110007820472', sub_mchid: SUB }),
    {
      method: 'POST',
      pathAndQuery: '/v3/ecommerce/profitsharing/returnorders',
      headers: [],
      body: `{"sub_mchid":"${SUB}","order_id":"3008450740201411110007820472","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"description":"用户退款"}`,
    },
  );
  assert.equal(
    wx.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: 'P1', out_return_no: 'R1', return_mchid: '86693852', amount: 1, description: 'x' }).body,
    `{"sub_mchid":"${SUB}","out_order_no":"P1","out_return_no":"R1","return_mchid":"86693852","amount":1,"description":"x"}`,
  );
  assert.deepEqual(wx.profitSharing.queryReturnOrder({ out_return_no: 'R20190516001', out_order_no: 'P|1', sub_mchid: SUB }), {
    method: 'GET',
    pathAndQuery: `/v3/ecommerce/profitsharing/returnorders?sub_mchid=${SUB}&out_order_no=P%7C1&out_return_no=R20190516001`,
    headers: [],
    body: null,
  });
  assert.deepEqual(wx.profitSharing.finishOrder({ description: '分账完结', out_order_no: 'F20150806125346', transaction_id: TX, sub_mchid: SUB }), {
    method: 'POST',
    pathAndQuery: '/v3/ecommerce/profitsharing/finish-order',
    headers: [],
    body: `{"sub_mchid":"${SUB}","transaction_id":"${TX}","out_order_no":"F20150806125346","description":"分账完结"}`,
  });
  assert.deepEqual(wx.profitSharing.queryAmounts({ transaction_id: TX }), {
    method: 'GET',
    pathAndQuery: `/v3/ecommerce/profitsharing/orders/${TX}/amounts`,
    headers: [],
    body: null,
  });
  assert.deepEqual(wx.profitSharing.deleteReceiver({ account: '190001001', type: 'MERCHANT_ID', appid: 'wx8888888888888888' }), {
    method: 'POST',
    pathAndQuery: '/v3/ecommerce/profitsharing/receivers/delete',
    headers: [],
    body: '{"appid":"wx8888888888888888","type":"MERCHANT_ID","account":"190001001"}',
  });
});

test('profit-sharing validation issues carry paths and stable codes', () => {
  assert.deepEqual(issuesOf(() => wx.profitSharing.queryOrder({ sub_mchid: SUB })), ['transaction_id:required', 'out_order_no:required']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.queryOrder({ sub_mchid: '19x', transaction_id: 'T-1', out_order_no: 'a'.repeat(65) })), [
    'sub_mchid:charset',
    'transaction_id:charset',
    'out_order_no:too_long',
  ]);
  assert.deepEqual(
    issuesOf(() => wx.profitSharing.createReturnOrder({ sub_mchid: SUB, order_id: 'O1', out_order_no: 'P 1', out_return_no: 'R1', return_mchid: '1', amount: 0.5, description: 'x' })),
    ['out_order_no:charset', 'amount:not_integer'],
  );
  assert.deepEqual(issuesOf(() => wx.profitSharing.createReturnOrder({ sub_mchid: SUB, out_return_no: 'R1', return_mchid: '1', amount: 1, description: 'x' })), ['order_id:required']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.finishOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'F1' })), ['description:required']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.queryAmounts({ transaction_id: '42/../x' })), ['transaction_id:charset']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.queryAmounts({ transaction_id: TX, extra: 1 })), ['input:type']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: '1', relation_type: 'FRIEND' })), ['name:required', 'relation_type:invalid_enum']);
});

// Issue 12 row 1: doc/v3/partner/4012477758 (2025.09.29) sends a personal name plain, with no
// encrypted_name and no Wechatpay-Serial; the 2020 shape stays behind legacyEncryptedName.
test('profitSharing.addReceiver sends names plain per the 2025 page; legacyEncryptedName encrypts a personal name', () => {
  assert.deepEqual(wx.profitSharing.addReceiver({ relation_type: 'SUPPLIER', name: '示例商户全称', account: '190001001', type: 'MERCHANT_ID' }), {
    method: 'POST',
    pathAndQuery: '/v3/ecommerce/profitsharing/receivers/add',
    headers: [],
    body: '{"type":"MERCHANT_ID","account":"190001001","name":"示例商户全称","relation_type":"SUPPLIER"}',
  });
  for (const p of each()) {
    const personal = { appid: 'wx8888888888888888', type: 'PERSONAL_OPENID', account: OPENID, name: '张三', relation_type: 'DISTRIBUTOR' };
    // Keys given out of habit change nothing: the current shape encrypts nothing.
    for (const opts of [undefined, { keys: p.keys }, { legacyEncryptedName: false, keys: p.keys }]) {
      const plain = p.api.profitSharing.addReceiver(personal, opts);
      assert.deepEqual(plain.headers, []);
      assert.equal(plain.body, '{"appid":"wx8888888888888888","type":"PERSONAL_OPENID","account":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","name":"张三","relation_type":"DISTRIBUTOR"}');
    }
    const e = issuesOf(() => p.api.profitSharing.addReceiver({ ...personal, name: undefined, encrypted_name: 'x'.repeat(344) }));
    assert.deepEqual(e, ['encrypted_name:legacy_field']);
    assert.deepEqual(issuesOf(() => p.api.profitSharing.addReceiver(personal, { legacyEncryptedName: 'yes' })), ['options.legacyEncryptedName:type']);
    assert.deepEqual(issuesOf(() => p.api.profitSharing.addReceiver(personal, { legacyEncryptedName: true })), ['name:encryptor_required']);
    const spec = p.api.profitSharing.addReceiver(personal, { platformKey: p.keys, legacyEncryptedName: true });
    assert.deepEqual(spec.headers, [['Wechatpay-Serial', fx.publicKeyId]]);
    const body = JSON.parse(spec.body);
    assert.deepEqual(Object.keys(body), ['appid', 'type', 'account', 'encrypted_name', 'relation_type']);
    assert.equal(oaepDecrypt(fx.pubKeyPrivate, body.encrypted_name), '张三');
  }
});

// Issue 12 row 12: request fields WeChat adds later pass through `extra`; typos stay errors.
test('builders pass unknown request fields through extra, never over a known field', () => {
  const ret = { sub_mchid: SUB, order_id: 'O1', out_return_no: 'R1', return_mchid: '86693852', amount: 1, description: 'x' };
  assert.equal(
    wx.profitSharing.createReturnOrder({ ...ret, extra: { refund_id: '5030', scene: 'A' } }).body,
    '{"sub_mchid":"1900000109","order_id":"O1","out_return_no":"R1","return_mchid":"86693852","amount":1,"description":"x","refund_id":"5030","scene":"A"}',
  );
  assert.deepEqual(issuesOf(() => wx.profitSharing.createReturnOrder({ ...ret, extra: { amount: 2 } })), ['extra.amount:shadows_known_field']);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createReturnOrder({ ...ret, amout: 2 })), ['input:type']);
  assert.equal(
    wx.profitSharing.queryAmounts({ transaction_id: TX, extra: { with_detail: true } }).pathAndQuery,
    `/v3/ecommerce/profitsharing/orders/${TX}/amounts?with_detail=true`,
  );
  assert.equal(
    wx.payScore.cancelServiceOrder({ out_order_no: 'O1', channel_id: '1', sub_mchid: '2', reason: 'r', extra: { cancel_type: 'X' } }).body,
    '{"channel_id":"1","sub_mchid":"2","reason":"r","cancel_type":"X"}',
  );
  assert.deepEqual(issuesOf(() => wx.payScore.queryDeduction({ service_id: 'S', appid: 'wx1', sub_mchid: '1', channel_id: '2', out_order_no: 'O1', extra: { appid: 'wx2' } })), ['extra.appid:shadows_known_field']);
  // Issue 12 row 8: seed 001's official sample names the split both ways; it is sent as given.
  const both = wx.profitSharing.createReturnOrder({ ...ret, out_order_no: 'P20150806125346' });
  assert.deepEqual(Object.keys(JSON.parse(both.body)).slice(0, 3), ['sub_mchid', 'order_id', 'out_order_no']);
});

// Issue 15: a builder for GET /v3/certificates instead of a hand-built RequestSpec.
test('downloadCertificates builds GET /v3/certificates; only RSA can be asked for', () => {
  for (const p of each()) {
    assert.deepEqual(p.api.downloadCertificates(), { method: 'GET', pathAndQuery: '/v3/certificates', headers: [], body: null });
    assert.equal(p.api.downloadCertificates({ algorithm_type: 'RSA' }).pathAndQuery, '/v3/certificates?algorithm_type=RSA');
    assert.deepEqual(issuesOf(() => p.api.downloadCertificates({ algorithm_type: 'SM2' })), ['algorithm_type:invalid_enum']);
    assert.deepEqual(issuesOf(() => p.api.downloadCertificates({ algorthm_type: 'RSA' })), ['input:type']);
  }
});

test('the receiver limit is the platform policy, one option away from the official 50', () => {
  const receivers = Array.from({ length: 6 }, (_, i) => ({ type: 'MERCHANT_ID', receiver_account: String(1900000200 + i), amount: 1, description: 'x' }));
  const input = { sub_mchid: SUB, transaction_id: TX, out_order_no: 'P6', receivers, finish: false, wechatpay_serial: fx.publicKeyId };
  let err;
  try { wx.profitSharing.createOrder(input); } catch (e) { err = e; }
  assert.equal(err.issues[0].code, 'too_many_receivers');
  assert.match(err.issues[0].message, /split policy allows at most 5 .*policy: 'official'/);
  assert.equal(JSON.parse(wx.profitSharing.createOrder(input, { policy: 'official' }).body).receivers.length, 6);
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder(input, { policy: 'strict' })), ['policy:invalid_enum']);
});

test('profitSharing.parseResponse keeps unknown fields and enum values', () => {
  const order = wx.profitSharing.parseResponse(
    'queryOrder',
    JSON.stringify({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', order_id: 'O1', status: 'FINISHED', receivers: [{ amount: 1, result: 'ABNORMAL', receiver_mchid: '3', new_field: 1 }], added_later: true }),
  );
  assert.equal(order.status, 'FINISHED');
  assert.deepEqual(order.receivers[0], { amount: 1, result: 'ABNORMAL', receiver_mchid: '3', new_field: 1 });
  assert.equal(order.added_later, true);
  assert.deepEqual(wx.profitSharing.parseResponse('queryAmounts', utf8(`{"transaction_id":"${TX}","unsplit_amount":1000}`)), { transaction_id: TX, unsplit_amount: 1000 });
  assert.equal(wx.profitSharing.parseResponse('createReturnOrder', '{"sub_mchid":"1","out_return_no":"R1","return_mchid":"2","amount":1,"result":"FAIL"}').result, 'FAILED');
});

// ---- prepare ----------------------------------------------------------------------------

test('prepare(): URL, headers and a signature whose URL line is the returned URL\'s path and query', async () => {
  const merchantPublic = crypto.createPublicKey(fx.merchantCert);
  const specs = [
    wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P|1*x' }),
    wx.profitSharing.queryAmounts({ transaction_id: TX }),
    wx.profitSharing.createOrder({ sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 1, description: '分账' }], finish: false }, { keys: paths.node.keys }),
    wx.payScore.cancelServiceOrder({ out_order_no: 'A|1', service_id: '500001', channel_id: '1230000109', sub_mchid: SUB, reason: '取消' }),
  ];
  for (const p of each()) {
    for (const spec of specs) {
      for (const baseUrl of [undefined, 'https://api2.mch.weixin.qq.com', 'https://api.mch.weixin.qq.com/', 'http://127.0.0.1:8080', 'http://localhost:3000']) {
        const req = p.api.prepare(p.merchant, spec, { timestamp: T, nonce: 'n0nce', baseUrl });
        const base = (baseUrl ?? 'https://api.mch.weixin.qq.com').replace(/\/$/, '');
        assert.equal(req.url, base + spec.pathAndQuery);
        assert.equal(req.method, spec.method);
        assert.equal(req.body, spec.body ?? undefined);
        assert.equal(req.headers.Accept, 'application/json');
        assert.equal(req.headers['User-Agent'], `wechatpay-edge/${pkg.version}`);
        assert.equal(req.headers['Content-Type'], spec.body == null ? undefined : 'application/json');
        for (const [k, v] of spec.headers) assert.equal(req.headers[k], v);
        const auth = p.api.parseAuthorization(req.headers.Authorization);
        assert.deepEqual([auth.mchid, auth.serialNo, auth.timestamp, auth.nonceStr], [fx.mchid, fx.merchantSerial, T, 'n0nce']);
        // The signed URL line is exactly what goes on the wire.
        const u = new URL(req.url);
        const urlLine = req.url.slice(base.length);
        assert.equal(urlLine, u.pathname + u.search);
        const message = `${req.method}\n${urlLine}\n${T}\nn0nce\n${req.body ?? ''}\n`;
        assert.equal(p.api.buildSigningMessage({ method: req.method, url: req.url, timestamp: T, nonce: 'n0nce', body: req.body }), message);
        assert.ok(crypto.verify('sha256', utf8(message), merchantPublic, fromBase64(auth.signature)), `${p.name} ${req.url}`);
        assert.deepEqual(await p.api.prepareAsync(p.merchant, spec, { timestamp: T, nonce: 'n0nce', baseUrl }), req);
      }
      for (const bad of ['https://api.mch.weixin.qq.com/v3', 'http://api.mch.weixin.qq.com', 'api.mch.weixin.qq.com', 'https://', 'http://127.0.0.2']) {
        assert.throws(() => p.api.prepare(p.merchant, spec, { baseUrl: bad }), (e) => e.code === 'ERR_WXPAY_VALIDATION' && e.issues[0].path === 'baseUrl', bad);
      }
    }
    // Defaults: a fresh nonce and the current second.
    const req = p.api.prepare(p.merchant, specs[0]);
    const auth = p.api.parseAuthorization(req.headers.Authorization);
    assert.match(auth.nonceStr, /^[0-9A-Za-z]{32}$/);
    assert.ok(Math.abs(auth.timestamp - Date.now() / 1000) < 5);
  }
});

// ---- Payscore -------------------------------------------------------------------------------

test('payScore builders: exact specs in documented order, out_order_no encoded in paths', () => {
  const ids = { service_id: '500001', sub_mchid: SUB, channel_id: '1230000109' };
  assert.deepEqual(
    wx.payScore.createServiceOrder({
      attach: 'x',
      notify_url: 'https://example.com/n',
      time_range: { end_time: '20251231235959', start_time: 'OnAccept' },
      risk_fund: { amount: 9900, name: 'DEPOSIT' },
      post_payments: [{ count: 2, amount: 400.0, name: '充电费' }],
      service_introduction: '共享充电宝',
      out_order_no: 'A1',
      channel_id: '1230000109',
      sub_mchid: SUB,
      appid: 'wxd678efh567hg6787',
      service_id: '500001',
    }),
    {
      method: 'POST',
      pathAndQuery: '/v3/payscore/acquiringbank/serviceorder',
      headers: [],
      body: `{"service_id":"500001","appid":"wxd678efh567hg6787","sub_mchid":"${SUB}","channel_id":"1230000109","out_order_no":"A1","service_introduction":"共享充电宝","post_payments":[{"name":"充电费","amount":400,"count":2}],"risk_fund":{"name":"DEPOSIT","amount":9900},"time_range":{"start_time":"OnAccept","end_time":"20251231235959"},"notify_url":"https://example.com/n","attach":"x"}`,
    },
  );
  assert.deepEqual(wx.payScore.queryServiceOrder({ ...ids, out_order_no: 'A|1*b' }), {
    method: 'GET',
    pathAndQuery: `/v3/payscore/acquiringbank/serviceorder?service_id=500001&sub_mchid=${SUB}&channel_id=1230000109&out_order_no=A%7C1%2Ab`,
    headers: [],
    body: null,
  });
  assert.equal(wx.payScore.queryServiceOrder({ ...ids, query_id: 'q=1&x' }).pathAndQuery, `/v3/payscore/acquiringbank/serviceorder?service_id=500001&sub_mchid=${SUB}&channel_id=1230000109&query_id=q%3D1%26x`);
  assert.deepEqual(wx.payScore.cancelServiceOrder({ ...ids, out_order_no: 'A|1', reason: '用户投诉' }), {
    method: 'POST',
    pathAndQuery: '/v3/payscore/acquiringbank/serviceorder/A%7C1/cancel',
    headers: [],
    body: `{"service_id":"500001","channel_id":"1230000109","sub_mchid":"${SUB}","reason":"用户投诉"}`,
  });
  assert.deepEqual(
    wx.payScore.completeServiceOrder({
      ...ids,
      out_order_no: 'A1',
      post_payments: [{ name: '充电费', amount: 400 }],
      post_discounts: [{ name: '券', description: '新人', amount: 100 }],
      total_amount: 300,
      time_range: { end_time: '20251231235959' },
      context: { risk_fund: { name: 'DEPOSIT', amount: 9900 } },
    }),
    {
      method: 'POST',
      pathAndQuery: '/v3/payscore/acquiringbank/serviceorder/A1/complete',
      headers: [],
      body: `{"service_id":"500001","sub_mchid":"${SUB}","channel_id":"1230000109","post_payments":[{"name":"充电费","amount":400}],"post_discounts":[{"name":"券","description":"新人","amount":100}],"total_amount":300,"time_range":{"end_time":"20251231235959"}}`,
    },
  );
  assert.deepEqual(wx.payScore.registerDeductInfo({ ...ids, out_order_no: 'A1', appid: 'wx1', out_trade_no: 'T1' }), {
    method: 'POST',
    pathAndQuery: '/v3/payscore/acquiringbank/serviceorder/A1/registerdeductinfo',
    headers: [],
    body: `{"service_id":"500001","appid":"wx1","sub_mchid":"${SUB}","channel_id":"1230000109","out_trade_no":"T1"}`,
  });
  assert.deepEqual(wx.payScore.queryDeduction({ ...ids, appid: 'wx1', out_order_no: 'A1' }), {
    method: 'GET',
    pathAndQuery: `/v3/payscore/acquiringbank/serviceorder/deduction?service_id=500001&appid=wx1&sub_mchid=${SUB}&channel_id=1230000109&out_order_no=A1`,
    headers: [],
    body: null,
  });
  assert.equal(
    wx.payScore.modifyServiceOrder({ ...ids, out_order_no: 'A1', post_payments: [{ name: '充电费', amount: 200 }], total_amount: 200, reason: '降价', context: { total_amount: 300 } }).body,
    `{"service_id":"500001","sub_mchid":"${SUB}","channel_id":"1230000109","post_payments":[{"name":"充电费","amount":200}],"total_amount":200,"reason":"降价"}`,
  );
  assert.deepEqual(wx.payScore.syncServiceOrder({ ...ids, out_order_no: 'A1', detail: { paid_time: '20251231235959' } }), {
    method: 'POST',
    pathAndQuery: '/v3/payscore/acquiringbank/serviceorder/A1/sync',
    headers: [],
    body: `{"service_id":"500001","sub_mchid":"${SUB}","channel_id":"1230000109","type":"Order_Paid","detail":{"paid_time":"20251231235959"}}`,
  });
});

test('payScore validation: cross-call rules through context, and exactly one identifier', () => {
  const ids = { service_id: '500001', sub_mchid: SUB, channel_id: '1230000109' };
  assert.deepEqual(
    issuesOf(() =>
      wx.payScore.completeServiceOrder({
        ...ids,
        out_order_no: 'A1',
        post_payments: [{ name: '充电费', amount: 400 }],
        total_amount: 500,
        context: { risk_fund: { name: 'DEPOSIT', amount: 300 }, time_range: { start_time: '20251231000000' } },
      }),
    ),
    ['total_amount:total_mismatch', 'total_amount:over_risk_fund', 'time_range.end_time:required'],
  );
  // Issue 12 row 10: "不能超过完结订单时候的总金额" (acquiring-bank modify, 2025.03.14): equal is accepted.
  const modify = (total, completed) => wx.payScore.modifyServiceOrder({ ...ids, out_order_no: 'A1', post_payments: [{ name: '充电费', amount: total }], total_amount: total, reason: '降价', context: { total_amount: completed } });
  assert.equal(JSON.parse(modify(300, 300).body).total_amount, 300);
  assert.deepEqual(issuesOf(() => modify(301, 300)), ['total_amount:above_completed_total']);
  assert.deepEqual(issuesOf(() => wx.payScore.queryServiceOrder(ids)), ['out_order_no:exactly_one']);
  assert.deepEqual(issuesOf(() => wx.payScore.queryServiceOrder({ ...ids, out_order_no: 'A1', query_id: 'q' })), ['query_id:exactly_one']);
  const create = issuesOf(() => wx.payScore.createServiceOrder({ ...ids, appid: 'wx1', out_order_no: 'A 1', service_introduction: '共享充电宝', risk_fund: { name: 'BAIL', amount: 0 }, time_range: { start_time: '20230230' } }));
  for (const want of ['out_order_no:charset', 'risk_fund.name:unknown_value', 'risk_fund.amount:not_positive', 'time_range.start_time:invalid_date', 'notify_url:required']) {
    assert.ok(create.includes(want), `missing ${want} in ${create}`);
  }
  assert.deepEqual(issuesOf(() => wx.payScore.syncServiceOrder({ ...ids, out_order_no: 'A1', type: 'Refund', detail: {} })), ['type:unknown_value', 'detail.paid_time:required']);
});

test('payScore.allowedOperations follows the documented state table (cancel while USER_PAYING: 4013194058, 2025.02.13)', () => {
  const afterComplete = ['query', 'cancel', 'modify', 'sync', 'register_deduct_info', 'query_deduction'];
  const live = ['cancel', 'modify', 'sync'];
  const table = [
    [['CREATED'], ['query', 'cancel'], true],
    [['CREATED', null, 'USER_PAYING'], ['query', 'cancel'], true],
    [['DOING', 'USER_CONFIRM'], ['query', 'complete', 'cancel'], true],
    [['DOING', 'USER_CONFIRM', 'USER_PAYING'], ['query', 'complete', 'cancel'], true],
    [['DOING', 'MCH_COMPLETE'], afterComplete, true, live],
    [['DOING', 'MCH_COMPLETE', 'USER_PAYING'], afterComplete, true, live],
    [['DONE'], ['query', 'refund', 'query_deduction'], true],
    [['DONE', undefined, 'USER_PAID'], ['query', 'refund', 'query_deduction'], true],
    [['REVOKED'], ['query'], true],
    [['EXPIRED', 'ANYTHING', 'ANY'], ['query'], true],
    [['DOING'], [], false],
    [['DOING', 'MCH_COMPLETE', 'USER_PAID'], [], false],
    [['DONE', null, 'USER_PAYING'], [], false],
    [['NEW_STATE'], [], false],
    [[''], [], false],
  ];
  for (const p of each()) {
    for (const [args, operations, known, blocked] of table) {
      const want = blocked ? { operations, known, blocked_by_live_deduction: blocked } : { operations, known };
      assert.deepEqual(p.api.payScore.allowedOperations(...args), want, `${p.name}: ${args.join('/')}`);
    }
  }
});

test('payScore issue 12 rows 5, 6, 7, 9, 11: the official acquiring-bank pages, through the JS API', () => {
  const ids = { service_id: '500001', sub_mchid: SUB, channel_id: '1230000109' };
  const create = (extra) =>
    wx.payScore.createServiceOrder({ ...ids, appid: 'wx1', out_order_no: 'A1', service_introduction: '共享充电宝', risk_fund: { name: 'DEPOSIT', amount: 10000 }, time_range: { start_time: 'OnAccept' }, notify_url: 'https://e.com/n', ...extra });
  // Row 5 (4012691326, 2025.04.24): no risk-fund rule on the listed items at create.
  assert.equal(JSON.parse(create({ post_payments: [{ name: '服务费', amount: 40000 }] }).body).post_payments[0].amount, 40000);
  // Row 6 (4012691326: 不超过20个字符): end_time_remark ≤ 20.
  const tr = (n) => ({ time_range: { start_time: 'OnAccept', end_time: '20251231', end_time_remark: '还'.repeat(n) } });
  assert.ok(create(tr(20)).body.includes('还'.repeat(20)));
  assert.deepEqual(issuesOf(() => create(tr(21))), ['time_range.end_time_remark:too_long']);
  // Row 7 (register-deduct-info page, 2024.12.09): out_trade_no ≤ 32 of [0-9A-Za-z_-|*].
  const reg = (out_trade_no) => wx.payScore.registerDeductInfo({ ...ids, out_order_no: 'A1', appid: 'wx1', out_trade_no });
  assert.equal(JSON.parse(reg('T-1|2*3_4').body).out_trade_no, 'T-1|2*3_4');
  assert.deepEqual(issuesOf(() => reg('T 1')), ['out_trade_no:charset']);
  assert.deepEqual(issuesOf(() => reg('T'.repeat(33))), ['out_trade_no:too_long']);
  // Row 9 (4013194058, 2025.02.13: service_id 选填): cancel without service_id.
  const cancel = wx.payScore.cancelServiceOrder({ out_order_no: 'A1', sub_mchid: SUB, channel_id: '1230000109', reason: '取消' });
  assert.equal(cancel.body, `{"channel_id":"1230000109","sub_mchid":"${SUB}","reason":"取消"}`);
  // Row 11 (4013194080: flags folded): complete accepts time_range with or without start_time.
  const complete = (time_range) => wx.payScore.completeServiceOrder({ ...ids, out_order_no: 'A1', post_payments: [{ name: '充电费', amount: 400 }], total_amount: 400, time_range });
  assert.ok(!complete({ end_time: '20251231120000' }).body.includes('start_time'));
  assert.ok(complete({ start_time: '20251231090000', end_time: '20251231120000' }).body.includes('"start_time":"20251231090000"'));
});

test('payScore.parseResponse: 200 order, 204 and empty 200 acks, 202 and non-2xx are API errors', () => {
  const order = wx.payScore.parseResponse('createServiceOrder', 200, '{"out_order_no":"A1","state":"CREATED","order_id":"O1","package":"DJIOSQPYWDxsjdldeskfkls","new_field":1}');
  assert.deepEqual(order, { out_order_no: 'A1', state: 'CREATED', order_id: 'O1', package: 'DJIOSQPYWDxsjdldeskfkls', new_field: 1 });
  assert.deepEqual(wx.payScore.parseResponse('cancelServiceOrder', 204, ''), { status: 204 });
  assert.deepEqual(wx.payScore.parseResponse('completeServiceOrder', 200, ' '), { status: 200 });
  assert.deepEqual(wx.payScore.parseResponse('completeServiceOrder', 200, '{"state":"DOING"}'), { status: 200, order: { state: 'DOING' } });
  assert.deepEqual(wx.payScore.parseResponse('queryDeduction', 200, utf8('{"description":"扣款","out_trade_no":"T1"}')), { description: '扣款', out_trade_no: 'T1' });
  // `retryable` is the core's verdict: 429/5xx and SYSTEM_ERROR/FREQUENCY_LIMITED, never another 4xx.
  for (const [status, body, retryable] of [
    [202, '{"code":"SYSTEM_ERROR","message":"稍后重试"}', true],
    [400, '{"code":"PARAM_ERROR","message":"参数错误","detail":{"field":"x"}}', false],
    [429, '{"code":"FREQUENCY_LIMITED","message":"频率超限"}', true],
    [500, 'oops', true],
  ]) {
    assert.throws(() => wx.payScore.parseResponse('syncServiceOrder', status, body), (e) => e.code === 'ERR_WXPAY_API' && e.status === status && e.retryable === retryable);
  }
  assert.throws(() => wx.payScore.parseResponse('queryServiceOrder', 204, ''), { code: 'ERR_WXPAY_PAYLOAD_INVALID' });
});

// ---- split arithmetic --------------------------------------------------------------------------

test('split.allocate: fee first, fixed before percentages, largest remainder adds up exactly', () => {
  const a = wx.split.allocate(10000, [{ type: 'MERCHANT_ID', account: '1900000110', percentBp: 3000 }], { ratePpm: 6000 });
  assert.deepEqual(a, {
    amount: 10000,
    fee: 60,
    splittable: 9940,
    fixedTotal: 0,
    percentBase: 9940,
    percentBpTotal: 3000,
    percentTotal: 2982,
    allocated: 2982,
    unallocated: 6958,
    shares: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 2982 }],
    warnings: [],
  });
  const thirds = wx.split.allocate(10001, [
    { type: 'MERCHANT_ID', account: 'a', percentBp: 3333 },
    { type: 'MERCHANT_ID', account: 'b', percentBp: 3333 },
    { type: 'MERCHANT_ID', account: 'c', percentBp: 3334 },
  ]);
  assert.deepEqual(thirds.shares.map((s) => s.amount), [3333, 3333, 3335]);
  assert.equal(thirds.unallocated, 0);
  const mixed = wx.split.allocate(1000, [
    { type: 'PERSONAL_OPENID', account: OPENID, fixedAmount: 100 },
    { type: 'MERCHANT_ID', account: 'a', percentBp: 5000 },
  ], { amount: 10 });
  assert.deepEqual([mixed.splittable, mixed.fixedTotal, mixed.percentBase, mixed.shares[0].amount, mixed.shares[1].amount], [990, 100, 890, 100, 445]);
  const tiny = wx.split.allocate(1, [{ type: 'MERCHANT_ID', account: 'a', percentBp: 1 }]);
  assert.deepEqual(tiny.warnings.map((w) => [w.path, w.code]), [['rules[0].percentBp', 'zero_share']]);
  assert.deepEqual(
    issuesOf(() => wx.split.allocate(100, [{ type: 'MERCHANT_ID', account: '', percentBp: 10, fixedAmount: 1 }, { type: 'MERCHANT_ID', account: 'b' }], { ratePpm: 2000000 })),
    ['fee.ratePpm:fee_rate_out_of_range', 'rules[0].account:required', 'rules[0]:percent_and_fixed', 'rules[1]:percent_or_fixed_required'],
  );
});

test('split.checkPlan: ratio cap on the splittable amount, remaining, policy and finished orders', () => {
  const r = (account, amount) => ({ type: 'MERCHANT_ID', account, amount });
  assert.deepEqual(wx.split.checkPlan({ amount: 10000 }, { receivers: [r('1', 100)] }), {
    ok: true,
    fee: 0,
    splittable: 10000,
    cap: 3000,
    alreadySplit: 0,
    requestTotal: 100,
    remainingBefore: 10000,
    remainingAfter: 9900,
    unfrozen: null,
    policy: { maxRatioBp: 3000, maxReceiversPerRequest: 5, maxSplitsPerOrder: 20 },
    violations: [],
  });
  assert.deepEqual(wx.split.checkPlan({ amount: 1 }, { receivers: [] }, 'official').policy, { maxRatioBp: 3000, maxReceiversPerRequest: 50, maxSplitsPerOrder: 50 });
  assert.deepEqual(wx.split.simulate({ amount: 1 }, [], { maxSplitsPerOrder: 7 }).policy, { maxRatioBp: 3000, maxReceiversPerRequest: 5, maxSplitsPerOrder: 7 });
  const capped = wx.split.checkPlan({ amount: 10000, fee: { ratePpm: 6000 }, alreadySplit: 2000 }, { receivers: [r('1', 983)] });
  assert.equal(capped.cap, 2982);
  assert.deepEqual(capped.violations.map((v) => [v.path, v.code]), [['receivers', 'ratio_cap_exceeded']]);
  assert.equal(wx.split.checkPlan({ amount: 10000, fee: { ratePpm: 6000 }, alreadySplit: 2000 }, { receivers: [r('1', 982)] }).ok, true);
  const finish = wx.split.checkPlan({ amount: 10000 }, { receivers: [r('1', 100)], finish: true });
  assert.deepEqual([finish.remainingAfter, finish.unfrozen], [0, 9900]);
  const many = wx.split.checkPlan({ amount: 10000, splitCount: 20, finished: true }, { receivers: [r('1', 1), r('1', 1), r('2', 0), r('3', 1), r('4', 1), r('5', 1)] });
  assert.deepEqual(many.violations.map((v) => `${v.path}:${v.code}`), [
    'order.finished:order_finished',
    'order.splitCount:too_many_splits',
    'receivers:too_many_receivers',
    'receivers[1]:duplicate_receiver',
    'receivers[2].amount:not_positive',
  ]);
  assert.equal(wx.split.checkPlan({ amount: 10000 }, { receivers: [r('1', 5000)] }, { maxRatioBp: 5000 }).ok, true);
  assert.deepEqual(wx.split.checkPlan({ amount: 100 }, { receivers: [r('1', 1)] }, { maxRatioBp: 10001 }).violations.map((v) => v.code), ['policy_invalid']);
});

test('one code per mistake: profitSharing.createOrder and split.checkPlan agree (zero amount, too many, duplicate, unknown type)', () => {
  const base = { sub_mchid: SUB, transaction_id: TX, out_order_no: 'P1', finish: false, wechatpay_serial: fx.platformSerial };
  const cases = [
    [[['1900000110', 0]], ['receivers[0].amount:not_positive']],
    [[0, 1, 2, 3, 4, 5].map((i) => [String(1900000110 + i), 1]), ['receivers:too_many_receivers']],
    [[['1900000110', 1], ['1900000110', 2]], ['receivers[1]:duplicate_receiver']],
  ];
  for (const [list, want] of cases) {
    const built = issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: list.map(([a, n]) => ({ type: 'MERCHANT_ID', receiver_account: a, amount: n, description: 'x' })) }));
    const plan = wx.split.checkPlan({ amount: 100000 }, { receivers: list.map(([a, n]) => ({ type: 'MERCHANT_ID', account: a, amount: n })) });
    assert.deepEqual(built, want, 'createOrder');
    assert.deepEqual(plan.violations.map((v) => `${v.path}:${v.code}`), want, 'split.checkPlan');
  }
  // PERSONAL_SUB_OPENID belongs to direct sharing: both refuse it with the same code.
  const odd = { type: 'PERSONAL_SUB_OPENID', receiver_account: 'o1', amount: 1, description: 'x' };
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: [odd] })), ['receivers[0].type:invalid_enum']);
  const plan = wx.split.checkPlan({ amount: 100 }, { receivers: [{ type: 'PERSONAL_SUB_OPENID', account: 'o1', amount: 1 }] });
  assert.deepEqual(plan.violations.map((v) => `${v.path}:${v.code}`), ['receivers[0].type:invalid_enum']);
  // The same limit from the same policy: the builder's option is the split policy.
  const seven = Array.from({ length: 7 }, (_, i) => ({ type: 'MERCHANT_ID', receiver_account: String(1900000120 + i), amount: 1, description: 'x' }));
  assert.deepEqual(issuesOf(() => wx.profitSharing.createOrder({ ...base, receivers: seven }, { policy: { maxReceiversPerRequest: 6 } })), ['receivers:too_many_receivers']);
  assert.equal(JSON.parse(wx.profitSharing.createOrder({ ...base, receivers: seven }, { policy: { maxReceiversPerRequest: 7 } }).body).receivers.length, 7);
});

test('split.simulate: splits, returns and finish with the money after each step', () => {
  const sim = wx.split.simulate({ amount: 10000, fee: { ratePpm: 6000 } }, [
    { op: 'split', outOrderNo: 'P1', receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 1000 }] },
    { op: 'return', outReturnNo: 'R1', outOrderNo: 'P1', account: '1900000110', amount: 300 },
    { op: 'split', outOrderNo: 'P2', receivers: [{ type: 'MERCHANT_ID', account: '1900000111', amount: 2000 }] },
    { op: 'finish', outOrderNo: 'F1' },
    { op: 'split', outOrderNo: 'P3', receivers: [{ type: 'MERCHANT_ID', account: '1900000111', amount: 1 }] },
  ]);
  assert.equal(sim.ok, false);
  assert.deepEqual([sim.fee, sim.splittable, sim.cap, sim.priorSplit], [60, 9940, 2982, 0]);
  assert.deepEqual(sim.steps.map((s) => [s.op, s.applied, s.unfrozenNow]), [
    ['split', true, 0],
    ['return', true, 0],
    ['split', false, 0],
    ['finish', true, 8940],
    ['split', false, 0],
  ]);
  assert.deepEqual(sim.violations.map((v) => [v.step, v.path, v.code]), [
    [2, 'operations[2].receivers', 'ratio_cap_exceeded'],
    [4, 'operations[4]', 'order_finished'],
  ]);
  const f = sim.finalState;
  assert.deepEqual([f.splitTotal, f.returnedTotal, f.netSplit, f.remaining, f.unfrozen, f.finished], [1000, 300, 700, 0, 8940, true]);
  assert.deepEqual(f.receivers, [{ type: 'MERCHANT_ID', account: '1900000110', received: 1000, returned: 300, net: 700 }]);
  // Every step keeps splitTotal + unfrozen + remaining = splittable.
  for (const s of sim.steps) assert.equal(s.state.splitTotal + s.state.unfrozen + s.state.remaining, 9940);
  const bad = wx.split.simulate({ amount: 100 }, [{ op: 'return', outReturnNo: 'R1', outOrderNo: 'P9', account: '1', amount: 1 }]);
  assert.deepEqual(bad.violations.map((v) => v.code), ['unknown_split']);
  assert.throws(() => wx.split.simulate({ amount: 100 }, [{ op: 'refund' }]), { code: 'ERR_WXPAY_VALIDATION' });
});

// ---- replies ----------------------------------------------------------------------------------

test('ack and nack are the replies WeChat Pay expects', () => {
  for (const p of each()) {
    assert.deepEqual(p.api.ack(), { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"code":"SUCCESS","message":"成功"}' });
    assert.deepEqual(p.api.nack(), { status: 500, headers: { 'Content-Type': 'application/json' }, body: '{"code":"FAIL","message":"处理失败"}' });
    const n = p.api.nack('签名"错误"\n', 401);
    assert.equal(n.status, 401);
    assert.deepEqual(JSON.parse(n.body), { code: 'FAIL', message: '签名"错误"\n' });
    for (const status of [200, 204, 302, 600, 399]) assert.throws(() => p.api.nack('x', status), { code: 'ERR_WXPAY_VALIDATION' });
  }
});

// ---- notifications --------------------------------------------------------------------------------

const OFFICIAL = {
  sp_mchid: '1900000100',
  sub_mchid: SUB,
  transaction_id: '4200000000000000000000000000',
  order_id: '1217752501201407033233368018',
  out_order_no: 'P20150806125346',
  receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: '运费/交易分账' },
  success_time: '2018-06-08T10:34:56+08:00',
};
const SEED = {
  mchid: '1900000100',
  sp_mchid: '1900000100',
  sub_mchid: SUB,
  transaction_id: '4200000000000000000000000000',
  order_id: '1217752501201407033233368018',
  out_order_no: 'P20150806125346',
  receivers: [
    { type: 'MERCHANT_ID', account: '1900000112', amount: '888', description: '运费/交易分账/及时奖励' },
    { type: 'MERCHANT_ID', account: '1900000111', amount: 12 },
  ],
  success_time: '2018-06-08T10:34:56+08:00',
};

function signed(payload, eventType, summary, { serial = fx.platformSerial, privateKey = fx.platformKey, originalType, id = 'EV-018352C6' } = {}) {
  return E.nodeTesting.signNotification({ payload, eventType, summary, apiV3Key: fx.apiV3Key, privateKey, serial, id, originalType, timestamp: T, nonce: 'fdasfjihihihlkja484w' });
}

test('parseNotification: profit-sharing split and return, both payload shapes, every event_type spelling', () => {
  const cases = [
    ['PROFITSHARING.SUCCESS', '分账', 'split'],
    ['PROFITSHARING.SUCCESS', undefined, 'split'],
    ['PROFITSHARING', '分账', 'split'],
    ['TRANSACTION.SUCCESS', '分账', 'split'],
    ['PROFITSHARING.RETURN', '分账回退', 'return'],
    ['PROFITSHARING_RETURN', '分账回退', 'return'],
    ['PROFITSHARING.RETURN', undefined, 'return'],
    ['TRANSACTION.SUCCESS', '分账回退', 'return'],
    ['profitsharing.return', '', 'return'],
  ];
  for (const p of each()) {
    for (const [eventType, summary, kind] of cases) {
      for (const [shape, payload] of [
        ['official receiver{}', OFFICIAL],
        ['seed receivers[]', SEED],
      ]) {
        const n = signed(payload, eventType, summary);
        const got = p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
        const what = `${p.name}: ${eventType}/${summary}/${shape}`;
        assert.equal(got.kind, kind, what);
        assert.equal(got.id, 'EV-018352C6');
        assert.equal(got.eventType, eventType);
        assert.equal(got.summary, summary ?? null);
        assert.equal(got.createTime, '2026-11-23T10:00:00+08:00');
        assert.deepEqual(got.verified, { serial: fx.platformSerial, timestamp: T, nonce: 'fdasfjihihihlkja484w' });
        assert.equal(got.data.kind, kind, 'one spelling: data.kind is the notification kind');
        assert.equal(got.data.sub_mchid, SUB);
        assert.equal(got.data.order_id, '1217752501201407033233368018');
        assert.equal(got.data.out_order_no, 'P20150806125346');
        assert.equal(got.data.idempotency_key, got.idempotencyKey);
        if (payload === OFFICIAL) {
          assert.deepEqual(got.data.receivers, [{ type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: '运费/交易分账' }]);
          assert.equal(got.idempotencyKey, `${SUB}|1217752501201407033233368018|1900000110|${kind.toUpperCase()}`);
        } else {
          // Amounts as strings become integers; the key lists accounts sorted.
          assert.deepEqual(got.data.receivers.map((r) => [r.account, r.amount]), [['1900000112', 888], ['1900000111', 12]]);
          assert.equal(got.data.mchid, '1900000100');
          assert.equal(got.idempotencyKey, `${SUB}|1217752501201407033233368018|1900000111,1900000112|${kind.toUpperCase()}`);
        }
      }
    }
  }
});

test('parseNotification: the same event redelivered has the same idempotency key; split and return differ', () => {
  const a = signed(OFFICIAL, 'PROFITSHARING.SUCCESS', '分账', { id: 'EV-1' });
  const b = signed(OFFICIAL, 'TRANSACTION.SUCCESS', '分账', { id: 'EV-2', serial: fx.publicKeyId, privateKey: fx.pubKeyPrivate });
  const c = signed(OFFICIAL, 'PROFITSHARING.RETURN', '分账回退');
  const parse = (n) => wx.parseNotification({ headers: n.headers, body: n.body, keys: paths.node.keys, apiV3Key: fx.apiV3Key, now: T });
  assert.equal(parse(a).idempotencyKey, parse(b).idempotencyKey);
  assert.equal(parse(b).verified.serial, fx.publicKeyId);
  assert.notEqual(parse(a).idempotencyKey, parse(c).idempotencyKey);
});

test('parseNotification: Payscore USER_PAID, USER_CONFIRM and MCH_PREPAY', () => {
  const paid = {
    service_id: '500001',
    appid: 'wx1',
    mchid: '1230000109',
    sub_mchid: SUB,
    channel_id: '1230000109',
    out_order_no: 'A|1',
    state: 'DONE',
    total_amount: 3900,
    out_trade_no: 'T20091225',
    collection: {
      state: 'USER_PAID',
      total_amount: 3900,
      paying_amount: 900,
      paid_amount: 3000,
      details: [{ seq: 1, amount: 3000, paid_type: 'NEWTON', paid_time: '20091225091210', transaction_id: '4200000000000000000000000001' }],
    },
    user_service_status: 'USER_OPEN_SERVICE',
  };
  for (const p of each()) {
    const n = signed(paid, 'PAYSCORE.USER_PAID', '支付成功', { originalType: 'payscore' });
    const got = p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
    assert.equal(got.kind, 'payscoreUserPaid');
    assert.equal(got.eventType, 'PAYSCORE.USER_PAID');
    assert.equal(got.data.event_type, 'PAYSCORE.USER_PAID');
    assert.deepEqual(got.data.payload, paid);
    assert.equal(got.idempotencyKey, `${SUB}|A%7C1|PAYSCORE.USER_PAID|1|3000`);
    assert.deepEqual(p.api.payScore.allowedOperations(got.data.payload.state, got.data.payload.state_description, got.data.payload.collection.state).operations, ['query', 'refund', 'query_deduction']);

    // A second partial collection is a new fact: a new key.
    const more = { ...paid, collection: { ...paid.collection, paid_amount: 3900, paying_amount: 0, details: [...paid.collection.details, { seq: 2, amount: 900, paid_type: 'MCH' }] } };
    const n2 = signed(more, 'PAYSCORE.USER_PAID', '支付成功');
    assert.equal(p.api.parseNotification({ headers: n2.headers, body: n2.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }).idempotencyKey, `${SUB}|A%7C1|PAYSCORE.USER_PAID|2|3900`);

    const confirm = signed({ ...paid, state: 'DOING', state_description: 'USER_CONFIRM', collection: undefined }, 'PAYSCORE.USER_CONFIRM', '用户确认');
    const c = p.api.parseNotification({ headers: confirm.headers, body: confirm.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
    assert.deepEqual([c.kind, c.idempotencyKey, c.data.payload.state_description], ['payscoreUserConfirm', `${SUB}|A%7C1|PAYSCORE.USER_CONFIRM`, 'USER_CONFIRM']);

    const prepay = signed({ sub_mchid: SUB, out_order_no: 'O1', total_amount: 3900, prepay_req_body: { nonce_str: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS', trade_type: 'JSAPI', need_receipt: 'Y' } }, 'PAYSCORE.MCH_PREPAY', '预下单');
    const m = p.api.parseNotification({ headers: prepay.headers, body: prepay.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
    assert.deepEqual([m.kind, m.idempotencyKey, m.data.payload.prepay_req_body.need_receipt], ['payscoreMchPrepay', `${SUB}|O1|PAYSCORE.MCH_PREPAY|5K8264ILTKCH16CQ2502SI8ZNMTM67VS`, 'Y']);
  }
});

test('parseNotification: other events pass through with the envelope id as key', () => {
  for (const p of each()) {
    for (const [eventType, summary] of [
      ['REFUND.SUCCESS', '退款成功'],
      ['TRANSACTION.SUCCESS', '支付成功'],
      ['TRANSACTION.SUCCESS', undefined],
    ]) {
      const n = signed({ out_trade_no: 'T1', amount: { total: 1 } }, eventType, summary, { id: 'EV-OTHER' });
      const got = p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
      assert.equal(got.kind, 'other', `${eventType}/${summary}`);
      assert.deepEqual(got.data, { out_trade_no: 'T1', amount: { total: 1 } });
      assert.equal(got.idempotencyKey, 'event:EV-OTHER');
    }
  }
});

// Issue 12 row 2 (project standard: "authentic notifications with fields or values we do not
// know yet are kept, not refused"). Decision: a contradiction between event_type and summary is
// kept as 'other' too (an error only makes WeChat Pay retry for 24 h, then drops it).
test('parseNotification: an unknown PROFITSHARING.* event type, or a contradicting summary, is "other" with the raw payload (issue 12 row 2)', () => {
  const unknown = { sub_mchid: SUB, frozen_amount: 100, new_member: { x: [1, 2] } };
  for (const p of each()) {
    for (const [eventType, summary, payload] of [
      ['PROFITSHARING.FROZEN', '分账冻结', unknown],
      ['PROFITSHARING.BOGUS', undefined, unknown],
      ['profitsharing_unknown', '分账', unknown],
      ['PROFITSHARING.SUCCESS', '分账回退', OFFICIAL],
      ['PROFITSHARING.RETURN', '分账', OFFICIAL],
      ['PROFITSHARING', '分账回退', SEED],
    ]) {
      const what = `${p.name}: ${eventType}/${summary}`;
      const first = signed(payload, eventType, summary, { id: 'EV-UNKNOWN-1' });
      const got = p.api.parseNotification({ headers: first.headers, body: first.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
      assert.equal(got.kind, 'other', what);
      assert.equal(got.eventType, eventType, what);
      assert.equal(got.summary, summary ?? null, what);
      assert.deepEqual(got.data, payload, what);
      assert.equal(got.idempotencyKey, 'event:EV-UNKNOWN-1', what);
      assert.equal(got.verified.serial, fx.platformSerial, what);
      // WeChat Pay redelivers the same envelope id, signed again: the key does not move.
      const again = signed(payload, eventType, summary, { id: 'EV-UNKNOWN-1', serial: fx.publicKeyId, privateKey: fx.pubKeyPrivate });
      assert.equal(p.api.parseNotification({ headers: again.headers, body: again.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }).idempotencyKey, 'event:EV-UNKNOWN-1', what);
    }
    // Only unauthentic or undecryptable ones are errors.
    const n = signed(unknown, 'PROFITSHARING.FROZEN', '分账冻结');
    assert.throws(() => p.api.parseNotification({ headers: n.headers, body: n.body.replace('"EV-', '"EX-'), keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), { code: 'ERR_WXPAY_SIGNATURE_INVALID' });
    assert.throws(() => p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: 'y'.repeat(32), now: T }), { code: 'ERR_WXPAY_DECRYPTION_FAILED' });
  }
});

// pay.weixin.qq.com/doc/v2/partner/4011985282 (分账动账通知, updated 2026.01.28): v2-started splits
// arrive as TRANSACTION.SUCCESS; resource.original_type decides, summary only when it is absent.
test('parseNotification: TRANSACTION.SUCCESS is profit sharing by resource.original_type, summary only as a fallback (doc/v2/partner/4011985282)', () => {
  const withoutOriginalType = (n) => {
    const envelope = JSON.parse(n.body);
    delete envelope.resource.original_type;
    const body = JSON.stringify(envelope);
    return { body, headers: E.nodeTesting.signResponse({ body, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'no-original-type' }) };
  };
  for (const p of each()) {
    for (const [originalType, summary, kind] of [
      ['profitsharing', '分账', 'split'],
      ['profitsharing', '分账回退', 'return'],
      ['profitsharing', '支付成功', 'other'], // ours, but which way the money moved is unknown: kept
      ['transaction', '分账', 'other'], // a payment, whatever its summary says
      ['refund', '分账回退', 'other'],
      [undefined, '分账', 'split'],
      [undefined, '分账回退', 'return'],
      [undefined, '支付成功', 'other'],
    ]) {
      const what = `${p.name}: ${originalType}/${summary}`;
      let n = signed(OFFICIAL, 'TRANSACTION.SUCCESS', summary, { originalType: originalType ?? 'profitsharing', id: 'EV-TX' });
      if (originalType === undefined) n = withoutOriginalType(n);
      assert.equal(JSON.parse(n.body).resource.original_type, originalType, what);
      const got = p.api.parseNotification({ headers: n.headers, body: n.body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
      assert.equal(got.kind, kind, what);
      if (kind === 'other') {
        assert.deepEqual(got.data, OFFICIAL, what);
        assert.equal(got.idempotencyKey, 'event:EV-TX', what);
      } else {
        assert.equal(got.idempotencyKey, `${SUB}|1217752501201407033233368018|1900000110|${kind.toUpperCase()}`, what);
      }
    }
  }
});

test('a notification body over 256 KB is refused before it is verified or copied into wasm memory', async () => {
  const LIMIT = 256 * 1024;
  const OVER = 'payload is invalid: notification body is over 262144 bytes';
  const n = signed(OFFICIAL, 'PROFITSHARING.SUCCESS', '分账');
  // JSON whitespace after the envelope keeps it a valid notification of an exact byte length.
  const padded = (bytes) => `${n.body}${' '.repeat(bytes - utf8(n.body).length)}`;
  const headersFor = (body) => E.nodeTesting.signResponse({ body, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'big' });
  const atLimit = padded(LIMIT);
  const over = padded(LIMIT + 1);
  const cjkOver = `${n.body}${'分'.repeat(Math.ceil(LIMIT / 3))}`; // fewer UTF-16 units than the limit, more bytes
  assert.ok(cjkOver.length < LIMIT && utf8(cjkOver).length > LIMIT);
  const refused = (fn, what) => assert.throws(fn, (e) => e.code === 'ERR_WXPAY_PAYLOAD_INVALID' && e.message === OVER, what);
  for (const p of each()) {
    const at = p.api.parseNotification({ headers: headersFor(atLimit), body: atLimit, keys: p.keys, apiV3Key: fx.apiV3Key, now: T });
    assert.equal(at.kind, 'split', `${p.name}: exactly the limit is accepted`);
    for (const [form, body] of [['string', over], ['bytes', utf8(over)], ['ArrayBuffer', utf8(over).buffer], ['CJK string', cjkOver]]) {
      // Validly signed, yet refused: the size is checked before the signature.
      const headers = headersFor(over);
      refused(() => p.api.parseNotification({ headers, body, keys: p.keys, apiV3Key: fx.apiV3Key, now: T }), `${p.name}: parseNotification ${form}`);
      refused(() => p.api.verifyNotification({ headers, body, keys: p.keys, now: T }), `${p.name}: verifyNotification ${form}`);
      refused(() => p.api.verifyNotification({ headers: {}, body, keys: p.keys, now: T }), `${p.name}: no headers, ${form}`);
    }
  }
  // The wasm path never copies it in: the module's memory does not grow for a 4 MB body.
  const memory = (await (await import(new URL('wechatpay_edge.js', pkgDir).href)).default()).memory;
  const before = memory.buffer.byteLength;
  const huge = padded(4 * 1024 * 1024);
  for (const body of [huge, utf8(huge)]) {
    refused(() => paths.wasm.api.parseNotification({ headers: headersFor(n.body), body, keys: paths.wasm.keys, apiV3Key: fx.apiV3Key, now: T }), 'wasm path, 4 MB');
    refused(() => paths.wasm.api.verifyNotification({ headers: headersFor(n.body), body, keys: paths.wasm.keys, now: T }), 'wasm path, 4 MB');
  }
  assert.equal(memory.buffer.byteLength, before, 'wasm memory grew');
});

test('loadCertificates decrypts a /v3/certificates answer; the keys then verify its signature', () => {
  const entry = (serial, pem) => ({
    serial_no: serial,
    effective_time: '2026-11-23T10:00:00+08:00',
    expire_time: '2036-11-23T10:00:00+08:00',
    encrypt_certificate: E.nodeTesting.encryptResource({ apiV3Key: fx.apiV3Key, plaintext: pem, associatedData: 'certificate' }),
  });
  const body = JSON.stringify({ data: [entry(fx.platformSerial, fx.platformCert), entry(fx.platform2Serial.toLowerCase(), fx.platform2Cert)] });
  const headers = E.nodeTesting.signResponse({ body, privateKey: fx.platform2Key, serial: fx.platform2Serial, timestamp: T, nonce: 'certs' });
  for (const p of each()) {
    for (const input of [body, utf8(body)]) {
      const keys = p.api.loadCertificates(input, fx.apiV3Key);
      assert.deepEqual(keys.map((k) => [k.serial, k.kind]), [
        [fx.platformSerial, 'certificate'],
        [fx.platform2Serial, 'certificate'],
      ]);
      // (The browser entry does not export the key classes yet: see package.test.mjs.)
      if (p.api.PlatformKey) assert.ok(keys.every((k) => k instanceof p.api.PlatformKey));
      const r = p.api.verifyResponse({ status: 200, headers, body, keys, now: T });
      assert.equal(r.verified.serial, fx.platform2Serial);
    }
    const mislabelled = JSON.stringify({ data: [entry(fx.platform2Serial, fx.platformCert)] });
    assert.throws(() => p.api.loadCertificates(mislabelled, fx.apiV3Key), { code: 'ERR_WXPAY_PAYLOAD_INVALID' });
    assert.throws(() => p.api.loadCertificates(body, 'y'.repeat(32)), { code: 'ERR_WXPAY_DECRYPTION_FAILED' });
  }
});

test('PlatformKey.expiredAt: a certificate is valid through its notAfter second; a public key never expires', () => {
  for (const p of each()) {
    const end = p.cert.notAfter;
    assert.deepEqual([p.cert.expiredAt(p.cert.notBefore), p.cert.expiredAt(end), p.cert.expiredAt(end + 1)], [false, false, true], p.name);
    assert.equal(p.cert.expiredAt(), Date.now() / 1000 > end, `${p.name}: the clock when now is omitted`);
    assert.equal(p.pub.expiredAt(Number.MAX_SAFE_INTEGER), false, p.name);
    // The core's seconds rule: milliseconds or fractions are a typed error, not a guess.
    for (const bad of [1.5, -1, Number.NaN]) assert.throws(() => p.cert.expiredAt(bad), { code: 'ERR_WXPAY_VALIDATION' }, `${p.name}: ${bad}`);
    assert.throws(() => p.cert.expiredAt('1700000000'), { code: 'ERR_WXPAY_VALIDATION' }, p.name);
    const spare = p.api.importPlatformCertificate(fx.platformCert);
    spare.free();
    assert.throws(() => spare.expiredAt(end), { code: 'ERR_WXPAY_KEY_INVALID' }, `${p.name}: freed`);
  }
});

test(
  'parseNotification: Payscore event types are matched like profit-sharing ones (trimmed, any case)',
  () => {
    for (const eventType of ['payscore.user_paid', ' PAYSCORE.USER_PAID', 'Payscore.User_Paid']) {
      const n = signed({ sub_mchid: SUB, out_order_no: 'O1' }, eventType, '支付成功');
      const got = wx.parseNotification({ headers: n.headers, body: n.body, keys: paths.node.keys, apiV3Key: fx.apiV3Key, now: T });
      // parse_payscore_payload already accepts these spellings; the kind must agree.
      assert.deepEqual([got.kind, got.idempotencyKey], ['payscoreUserPaid', `${SUB}|O1|PAYSCORE.USER_PAID|0|`], JSON.stringify(eventType));
    }
  },
);
