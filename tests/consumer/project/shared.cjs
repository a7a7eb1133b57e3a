// One scenario, run from every module system: sign, verify, notify, reply. Throws on failure.
'use strict';

exports.run = function run(wx, testing, label) {
  const assert = require('node:assert/strict');
  const { testKeys, signNotification } = testing;
  assert.equal(wx.runtime, 'node', `${label}: the "node" export condition picks the node entry`);

  const merchant = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
  const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(testKeys.platformCertificate)], { merchantSerialNo: testKeys.merchantSerialNo });
  const spec = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1' });
  const req = wx.prepare(merchant, spec, { timestamp: 1700000000, nonce: 'abc' });
  assert.match(req.headers.Authorization, /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",nonce_str="abc",signature="[A-Za-z0-9+/=]{344}",timestamp="1700000000",serial_no="/);

  const d = signNotification({
    payload: { sub_mchid: '1900000109', transaction_id: '42', order_id: 'O1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: 'x' } },
    eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key, privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial,
  });
  const n = wx.parseNotification({ headers: d.headers, body: d.body, keys, apiV3Key: testKeys.apiV3Key });
  assert.equal(n.kind, 'split');
  assert.equal(n.data.receivers[0].amount, 888);
  assert.equal(wx.ack().status, 200);

  let caught;
  try {
    wx.parseNotification({ headers: d.headers, body: d.body.replace('分账', '回退'), keys, apiV3Key: testKeys.apiV3Key });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof wx.WxPayError, `${label}: WxPayError is the class the package throws`);
  assert.equal(caught.code, 'ERR_WXPAY_SIGNATURE_INVALID');
  console.log(`ok: ${label}`);
};
