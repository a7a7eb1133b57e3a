// The whole flow on the bundled test keys, printed step by step:
// build a profit-sharing request → sign it → check the signature as WeChat Pay would →
// receive a 分账动账通知 → verify, decrypt, type it → reply; plus the split arithmetic.
import { createPublicKey, verify } from 'node:crypto';
import * as wx from '../dist/pkg/entry/node.js';
import { testKeys, signNotification } from '../dist/pkg/testing/node.js';

const step = (n, title) => console.log(`\n\x1b[1m${n}. ${title}\x1b[0m`);
const show = (label, value) => console.log(`   ${label.padEnd(18)} ${value}`);
const yuan = (fen) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

step(1, 'Import keys (once; then reuse the handles)');
const merchant = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
const keys = wx.createPlatformKeySet(
  [wx.importPlatformCertificate(testKeys.platformCertificate), wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })],
  { merchantSerialNo: testKeys.merchantSerialNo },
);
show('merchant', `${merchant.mchid} serial ${merchant.serialNo}`);
show('platform keys', keys.serials.join(', '));

step(2, 'Check the split before sending it (integer fen)');
const order = { amount: 10000, fee: { ratePpm: 6000 }, alreadySplit: 0, splitCount: 0, finished: false };
const plan = wx.split.checkPlan(order, { receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 2000 }, { type: 'PERSONAL_OPENID', account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', amount: 900 }] });
show('order', `${yuan(order.amount)}, fee ${yuan(plan.fee)}, splittable ${yuan(plan.splittable)}`);
show('30 % cap', `${yuan(plan.cap)}; this request ${yuan(plan.requestTotal)}; ok = ${plan.ok}`);
const over = wx.split.checkPlan(order, { receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 2983 }] });
show('2983 fen instead', `${over.violations[0].code}: ${over.violations[0].message}`);

step(3, 'Build 请求分账 with an encrypted receiver name');
const spec = wx.profitSharing.createOrder(
  {
    appid: 'wx8888888888888888',
    sub_mchid: '1900000109',
    transaction_id: '4208450740201411110007820472',
    out_order_no: 'P20261123001',
    receivers: [
      { type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '平台服务费' },
      { type: 'PERSONAL_OPENID', receiver_account: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', receiver_name: '张三', amount: 900, description: '推广佣金' },
    ],
    finish: false,
  },
  { keys },
);
show('method + path', `${spec.method} ${spec.pathAndQuery}`);
show('Wechatpay-Serial', spec.headers.find(([k]) => k === 'Wechatpay-Serial')[1]);
show('receiver_name', JSON.parse(spec.body).receivers[1].receiver_name.slice(0, 40) + '… (RSA-OAEP)');

step(4, 'Sign it (what fetch() needs)');
const req = wx.prepare(merchant, spec, { timestamp: 1763870400, nonce: 'DemoNonce0123456789abcdefABCDEF0' });
const message = wx.buildSigningMessage({ method: req.method, url: req.url, timestamp: 1763870400, nonce: 'DemoNonce0123456789abcdefABCDEF0', body: req.body });
show('url', req.url);
show('signed message', JSON.stringify(message).slice(0, 90) + '…');
show('Authorization', req.headers.Authorization.slice(0, 90) + '…');

step(5, 'WeChat Pay checks the signature with the merchant certificate');
const sig = wx.parseAuthorization(req.headers.Authorization).signature;
const ok = verify('sha256', new TextEncoder().encode(message), createPublicKey(testKeys.merchantCertificate), Uint8Array.from(atob(sig), (c) => c.charCodeAt(0)));
show('node:crypto says', ok ? 'valid ✔' : 'INVALID');

step(6, 'A 分账动账通知 arrives (signed + encrypted with the test platform key)');
const now = Math.floor(Date.now() / 1000);
const delivery = signNotification({
  payload: {
    sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472',
    order_id: '30000000012026112300000000001', out_order_no: 'P20261123001',
    receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费' },
    success_time: '2026-11-23T10:00:00+08:00',
  },
  eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key,
  privateKey: testKeys.platformPrivateKey, serial: testKeys.platformSerial, timestamp: now,
});
const n = wx.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key });
show('verified by', n.verified.serial);
show('kind', `${n.kind} (${n.eventType} / ${n.summary})`);
show('receiver', `${n.data.receivers[0].account} got ${yuan(n.data.receivers[0].amount)}`);
show('idempotency key', n.idempotencyKey);
const reply = wx.ack();
show('reply', `${reply.status} ${reply.body}  (ack only after your own write committed)`);

step(7, 'Forgeries and replays are refused with stable codes');
for (const [label, attempt] of [
  ['tampered body', () => wx.parseNotification({ headers: delivery.headers, body: delivery.body.replace('"summary":"分账"', '"summary":"分账回退"'), keys, apiV3Key: testKeys.apiV3Key })],
  ['replayed (+10 min)', () => wx.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key, now: now + 600 })],
  ['probe signature', () => wx.parseNotification({ headers: { ...delivery.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/Zm9v' }, body: delivery.body, keys, apiV3Key: testKeys.apiV3Key })],
  ['wrong APIv3 key', () => wx.parseNotification({ headers: delivery.headers, body: delivery.body, keys, apiV3Key: 'x'.repeat(32) })],
]) {
  try {
    attempt();
    show(label, 'ACCEPTED (bug!)');
    process.exitCode = 1;
  } catch (e) {
    show(label, `${e.code}${e.probe ? ' (probe)' : ''}${e.side ? ` (${e.side})` : ''} → reply ${wx.nack(e.code, 401).status}`);
  }
}
console.log('\nDone: every step above ran locally on the public test keys in tests/fixtures/.');
