// Child process for package.test.mjs, run with --conditions=browser: the browser entry in
// Node, the wasm-only path. Prints a JSON report.
import { readFileSync } from 'node:fs';
import * as wx from 'wechatpay-edge';
import * as testing from 'wechatpay-edge/testing';

const report = { runtime: wx.runtime, before: {}, testingBefore: {}, after: {} };
/** The error a call throws or rejects with. */
const codeOf = async (fn) => {
  try {
    await fn();
    return 'no error';
  } catch (e) {
    return { code: e.code, isWxPayError: e instanceof wx.WxPayError, message: e.message };
  }
};

// Async functions report failures by rejecting, never by throwing synchronously.
report.asyncBefore = {};
for (const name of ['signRequestAsync', 'prepareAsync']) {
  // (Checked first: the loop below would not tell a throw from a rejection.)
  try {
    const r = wx[name]({}, {});
    report.asyncBefore[name] = r instanceof Promise ? 'rejected promise' : 'value';
    if (r instanceof Promise) r.catch(() => {});
  } catch (e) {
    report.asyncBefore[name] = `threw ${e.code}`;
  }
}
for (const [name, value] of Object.entries(wx)) {
  if (typeof value === 'function' && name !== 'init' && name !== 'WxPayError') report.before[name] = await codeOf(() => value({}));
}
for (const ns of ['profitSharing', 'payScore', 'split']) report.before[`${ns}.*`] = await codeOf(() => wx[ns].queryOrder);
for (const name of ['encryptResource', 'signResponse', 'signNotification']) report.testingBefore[name] = await codeOf(() => testing[name]({}));
report.testKeysBeforeInit = typeof testing.testKeys.merchantPrivateKey === 'string';

const wasm = new Uint8Array(readFileSync(new URL(import.meta.resolve('wechatpay-edge/wechatpay_edge_bg.wasm'))));
const first = wx.init(wasm);
const second = wx.init(wasm);
report.initReturnsPromise = first instanceof Promise;
await Promise.all([first, second]);
await wx.init();
report.initTwice = 'ok';

const k = testing.testKeys;
const merchant = wx.importMerchantKey({ mchid: k.mchid, serialNo: k.merchantSerialNo, privateKey: k.merchantPrivateKey });
report.after.signature = wx.parseAuthorization(wx.signRequest(merchant, { method: 'GET', url: '/v3/certificates', timestamp: 1700000000, nonce: 'abc' }).authorization).signature;
report.after.signatureAsync = wx.parseAuthorization((await wx.signRequestAsync(merchant, { method: 'GET', url: '/v3/certificates', timestamp: 1700000000, nonce: 'abc' })).authorization).signature;
const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(k.platformCertificate), wx.importPlatformPublicKey({ id: k.publicKeyId, pem: k.publicKey })], { merchantSerialNo: k.merchantSerialNo });
const n = testing.signNotification({
  payload: { sub_mchid: '1900000109', transaction_id: '42', order_id: 'O1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888 } },
  eventType: 'PROFITSHARING.SUCCESS',
  summary: '分账',
  apiV3Key: k.apiV3Key,
  privateKey: k.platformPrivateKey,
  serial: k.platformSerial,
  timestamp: 1700000000,
});
const parsed = wx.parseNotification({ headers: n.headers, body: n.body, keys, apiV3Key: k.apiV3Key, now: 1700000000 });
report.after.notification = [parsed.kind, parsed.data.receivers[0].amount, parsed.idempotencyKey];
report.after.tampered = await codeOf(() => wx.verifyNotification({ headers: n.headers, body: n.body + ' ', keys, now: 1700000000 }));
const enc = wx.encryptSensitive('张三', keys);
report.after.encrypted = { serial: enc.serial, ciphertext: enc.ciphertext };
report.after.spec = wx.profitSharing.queryOrder({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P1' }).pathAndQuery;
report.after.allowed = wx.payScore.allowedOperations('CREATED').operations;
report.after.allocate = wx.split.allocate(100, [{ type: 'MERCHANT_ID', account: '1', percentBp: 3000 }]).shares[0].amount;
report.after.ack = wx.ack().body;
report.exports = Object.keys(wx).sort();
report.testingExports = Object.keys(testing).sort();
process.stdout.write(JSON.stringify(report));
