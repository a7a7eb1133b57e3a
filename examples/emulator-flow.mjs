// The whole flow against the local WeChat Pay emulator, on the bundled test keys, one command:
//   node examples/emulator-flow.mjs        (after scripts/build.sh)
// add receivers → split with an encrypted receiver name → the 分账动账通知 arrives at a local
// webhook, verified and decrypted → query → return → finish → remaining amount; then a Payscore
// order from create to paid (USER_CONFIRM and USER_PAID notifications); then an after-sales
// service-fee split and a Payscore pre-authorization the user accepts (USER_OPEN_SERVICE).
// Every call goes through createClient (signed, verified, typed); step 1 shows the low-level
// prepare → fetch → verifyResponse that the client does for you.
import { createServer } from 'node:http';
import * as wx from '../dist/pkg/entry/node.js';
import { testKeys } from '../dist/pkg/testing/node.js';
import { startEmulator } from '../dist/pkg/emulator/index.js';

const step = (n, title) => console.log(`\n\x1b[1m${n}. ${title}\x1b[0m`);
const show = (label, value) => console.log(`   ${label.padEnd(20)} ${value}`);
const yuan = (fen) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the emulator (in-process; `npx wechatpay-edge emulate` runs the same thing standalone) ----
const emulator = await startEmulator({ timeScale: 0.05 });
const baseUrl = emulator.url;

// ---- your side: keys, a signed-call helper, a webhook -----------------------------------
const merchant = wx.importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });
// Public-key mode, the emulator's default (every merchant since 2024): the WeChat Pay public key
// verifies every answer and notification. (startEmulator({ signing: 'certificate' | 'both' }) for
// merchants on platform certificates and for the migration.)
const keys = wx.createPlatformKeySet([wx.importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })], { merchantSerialNo: testKeys.merchantSerialNo });

// The client signs each attempt, verifies every answer with `keys` and types it (a WxPayError
// otherwise); requestIds records each answer's Request-ID through the client's response hook.
const requestIds = [];
const client = wx.createClient({
  merchant,
  keys,
  apiV3Key: testKeys.apiV3Key,
  baseUrl,
  hooks: { response: (e) => requestIds.push(e.requestId) },
});

/** One typed call through the client: `{ result, requestId }` (or a WxPayError). */
async function call(family, operation, input) {
  const result = await client[family][operation](input);
  return { result, requestId: requestIds.at(-1) };
}

const seen = new Set(); // idempotency keys already processed (use your database in real code)
const inbox = [];
const webhook = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const n = wx.parseNotification({ headers: req.headers, body: Buffer.concat(chunks), keys, apiV3Key: testKeys.apiV3Key });
      const fresh = !seen.has(n.idempotencyKey);
      seen.add(n.idempotencyKey);
      if (fresh) inbox.push(n);
      const r = wx.ack();
      res.writeHead(r.status, r.headers).end(r.body);
    } catch (e) {
      const r = wx.nack(e.code, 401);
      res.writeHead(r.status, r.headers).end(r.body);
    }
  });
});
await new Promise((r) => webhook.listen(0, '127.0.0.1', r));
const hookBase = `http://127.0.0.1:${webhook.address().port}`;

async function nextNotification(eventType, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const i = inbox.findIndex((n) => n.eventType === eventType);
    if (i >= 0) return inbox.splice(i, 1)[0];
    if (Date.now() > end) throw new Error(`no ${eventType} notification within ${timeoutMs} ms`);
    await sleep(20);
  }
}

async function admin(path, body) {
  const res = await fetch(`${baseUrl}/_emulator${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

try {
  step(1, `The emulator is up: ${baseUrl} (test keys, signing ${emulator.signing}, time scale ${emulator.timeScale})`);
  const certReq = wx.prepare(merchant, wx.downloadCertificates(), { baseUrl });
  const certs = await fetch(certReq.url, { headers: certReq.headers });
  const certBody = await certs.text();
  const checkedCerts = wx.verifyResponse({ status: certs.status, headers: certs.headers, body: certBody, keys });
  const loaded = wx.loadCertificates(certBody, testKeys.apiV3Key);
  show('GET /v3/certificates', `${loaded.map((k) => k.serial).join(', ')} (decrypted with the APIv3 key; answer signed by ${checkedCerts.verified.serial})`);

  const SUB = '1900000109';
  const RECEIVER = '1900000110';
  const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
  const APPID = 'wx8888888888888888';

  step(2, 'Seed a paid order (control route) and the receiver merchant’s notify URL');
  const txn = await admin('/transactions', { sub_mchid: SUB, amount: 10000, feeRatePpm: 6000, profit_sharing: true });
  show('transaction', `${txn.transaction_id}: ${yuan(txn.amount)}, fee ${yuan(txn.fee)}, splittable ${yuan(txn.splittable)}, 30 % cap ${yuan(txn.cap)}`);
  await admin(`/receivers/${RECEIVER}/notify-url`, { url: `${hookBase}/profitsharing/${RECEIVER}` });
  show('notify URL', `${RECEIVER} → ${hookBase}/profitsharing/${RECEIVER}`);

  step(3, 'Add receivers (a merchant, and a person: the 2025 page sends the name plain, WeChat checks it)');
  for (const input of [
    { type: 'MERCHANT_ID', account: RECEIVER, name: '示例供应商有限公司', relation_type: 'SUPPLIER' },
    { appid: APPID, type: 'PERSONAL_OPENID', account: OPENID, name: '张三', relation_type: 'DISTRIBUTOR' },
  ]) {
    const { result } = await call('profitSharing', 'addReceiver', input);
    show('added', `${result.type} ${result.account}`);
  }

  step(4, 'Split: ¥20.00 to the merchant, ¥9.00 to the person (name encrypted with the PUB_KEY_ID key)');
  // The client encrypts receiver_name with its key set's newest key and sets Wechatpay-Serial.
  const split = await call('profitSharing', 'createOrder', {
    appid: APPID,
    sub_mchid: SUB,
    transaction_id: txn.transaction_id,
    out_order_no: 'P20261123001',
    receivers: [
      { type: 'MERCHANT_ID', receiver_account: RECEIVER, amount: 2000, description: '平台服务费' },
      { type: 'PERSONAL_OPENID', receiver_account: OPENID, receiver_name: '张三', amount: 900, description: '推广佣金' },
    ],
    finish: false,
  });
  show('response', `${split.result.status}, order_id ${split.result.order_id}; Request-ID ${split.requestId}`);

  step(5, 'The 分账动账通知 arrives at the webhook: verified, decrypted, typed');
  const note = await nextNotification('PROFITSHARING.SUCCESS');
  show('verified by', note.verified.serial);
  show('kind', `${note.kind} (${note.eventType} / ${note.summary})`);
  show('receiver', `${note.data.receivers[0].account} got ${yuan(note.data.receivers[0].amount)} for ${note.data.out_order_no}`);
  show('idempotency key', note.idempotencyKey);

  step(6, 'Query the split');
  const q = await call('profitSharing', 'queryOrder', { sub_mchid: SUB, transaction_id: txn.transaction_id, out_order_no: 'P20261123001' });
  show('status', q.result.status);
  for (const r of q.result.receivers) show(`  ${r.receiver_account}`, `${yuan(r.amount)} ${r.result}`);

  step(7, 'Return ¥5.00 from the merchant receiver (before a refund)');
  const ret = await call('profitSharing', 'createReturnOrder', { sub_mchid: SUB, out_order_no: 'P20261123001', out_return_no: 'R20261123001', return_mchid: RECEIVER, amount: 500, description: '用户退款' });
  show('return', `${ret.result.result} (return_no ${ret.result.return_no})`);
  const retNote = await nextNotification('PROFITSHARING.RETURN');
  show('notification', `${retNote.eventType} / ${retNote.summary}: ${yuan(retNote.data.receivers[0].amount)}`);
  const rq = await call('profitSharing', 'queryReturnOrder', { sub_mchid: SUB, out_order_no: 'P20261123001', out_return_no: 'R20261123001' });
  show('query return', rq.result.result);
  try {
    await call('profitSharing', 'createReturnOrder', { sub_mchid: SUB, out_order_no: 'P20261123001', out_return_no: 'R20261123002', return_mchid: RECEIVER, amount: 1600, description: '超额回退' });
  } catch (e) {
    show('return ¥16.00 more', `${e.status} ${e.apiCode} ${e.apiMessage} (only ¥15.00 left with the receiver)`);
  }

  step(8, 'Finish: unfreeze the rest to the sub-merchant, then the remaining amount');
  const before = await call('profitSharing', 'queryAmounts', { transaction_id: txn.transaction_id });
  show('unsplit before', yuan(before.result.unsplit_amount));
  await call('profitSharing', 'finishOrder', { sub_mchid: SUB, transaction_id: txn.transaction_id, out_order_no: 'F20261123001', description: '分账完结' });
  await sleep(emulator.timeScale * 3000 + 50);
  const fin = await call('profitSharing', 'queryOrder', { sub_mchid: SUB, transaction_id: txn.transaction_id, out_order_no: 'F20261123001' });
  show('finish-order', `${fin.result.status}, unfrozen ${yuan(fin.result.finish_amount)}`);
  const after = await call('profitSharing', 'queryAmounts', { transaction_id: txn.transaction_id });
  show('unsplit after', yuan(after.result.unsplit_amount));

  step(9, 'Payscore (acquiring bank): create → user confirms → complete → user pays');
  const order = { service_id: '2002000000000558128851361561536', sub_mchid: SUB, channel_id: '1900000108' };
  const outOrderNo = 'PS20261123001';
  const created = await call(
    'payScore',
    'createServiceOrder',
    {
      ...order,
      appid: 'wxd678efh567hg6787',
      out_order_no: outOrderNo,
      service_introduction: '充电宝租借',
      post_payments: [{ name: '租借费用', amount: 300, description: '3元/小时' }],
      risk_fund: { name: 'DEPOSIT', amount: 9900 },
      time_range: { start_time: 'OnAccept' },
      // https on loopback: the emulator delivers it over plain http (no TLS locally).
      notify_url: `https://127.0.0.1:${webhook.address().port}/payscore`,
    },
  );
  show('created', `${created.result.state}, order_id ${created.result.order_id}`);
  emulator.payscore.confirm(outOrderNo); // the user taps 确认 in WeChat (same as POST /_emulator/payscore/{no}/confirm)
  const confirmed = await nextNotification('PAYSCORE.USER_CONFIRM');
  show('notification', `${confirmed.eventType}: ${confirmed.data.payload.state}/${confirmed.data.payload.state_description}, idempotency ${confirmed.idempotencyKey}`);
  const end = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  await call(
    'payScore',
    'completeServiceOrder',
    { ...order, out_order_no: outOrderNo, post_payments: [{ name: '租借费用', amount: 600, description: '2小时' }], total_amount: 600, time_range: { end_time: end } },
  );
  const doing = await call('payScore', 'queryServiceOrder', { ...order, out_order_no: outOrderNo });
  show('completed', `${doing.result.state}/${doing.result.state_description}, collection ${doing.result.collection.state} ${yuan(doing.result.collection.paying_amount)}`);
  show('allowed next', wx.payScore.allowedOperations(doing.result.state, doing.result.state_description, doing.result.collection.state).operations.join(', '));
  const reg = await call('payScore', 'registerDeductInfo', { ...order, appid: 'wxd678efh567hg6787', out_order_no: outOrderNo, out_trade_no: 'D20261123001' });
  show('deduct info', `registered D20261123001 (“${reg.result.description}”)`);
  emulator.payscore.pay(outOrderNo); // the clearing institution's deduction succeeds
  const paid = await nextNotification('PAYSCORE.USER_PAID');
  show('notification', `${paid.eventType}: ${paid.data.payload.state}, paid ${yuan(paid.data.payload.collection.paid_amount)}`);
  const done = await call('payScore', 'queryServiceOrder', { ...order, out_order_no: outOrderNo });
  show('query', `${done.result.state}, collection ${done.result.collection.state}, transaction ${done.result.collection.details[0].transaction_id}`);

  step(10, '售后服务分账 and Payscore pre-authorization (从业机构预授权)');
  const fee = await call(
    'profitSharing',
    'createAfterSalesOrder',
    { sub_mchid: SUB, transaction_id: txn.transaction_id, amount: 100, type: 'SERVICE_FEE_INCOME', scene: 'RETURN_GOODS', refund_id: '50000000382026112300001' },
  );
  const feeResult = await call('profitSharing', 'queryAfterSalesOrder', { sub_mchid: SUB, transaction_id: txn.transaction_id });
  show('after-sales fee', `${yuan(fee.result.amount)} (RETURN_GOODS) → ${feeResult.result.result}`);
  const authorizationCode = 'AUTH20261123001';
  const apply = await call(
    'payScore',
    'applyPermissions',
    { ...order, appid: 'wxd678efh567hg6787', authorization_code: authorizationCode, notify_url: `https://127.0.0.1:${webhook.address().port}/payscore/auth` },
  );
  show('token', `${apply.result.apply_permissions_token} (opens the Payscore authorization mini program)`);
  emulator.payscore.authorize(authorizationCode); // the user authorizes in WeChat (POST /_emulator/payscore-permissions/{code}/authorize)
  const opened = await nextNotification('PAYSCORE.USER_OPEN_SERVICE');
  show('notification', `${opened.eventType}: openid ${opened.data.payload.openid}, idempotency ${opened.idempotencyKey}`);
  const permission = await call('payScore', 'queryPermissions', { ...order, authorization_code: authorizationCode });
  show('authorization', permission.result.authorization_state);

  step(11, 'The emulator’s delivery log (GET /_emulator/deliveries)');
  for (const d of await emulator.settle()) {
    const last = d.attempts[d.attempts.length - 1];
    show(d.event_type, `${d.state} to ${d.url} after ${d.genuine_attempts} attempt(s) → ${last.status ?? last.error}`);
  }
  console.log('\nDone: every call above was signed, verified and answered by the local emulator.');
} catch (e) {
  console.error('\nFAILED:', e.code ?? '', e.apiCode ?? '', e.apiMessage ?? e.message);
  process.exitCode = 1;
} finally {
  await emulator.close();
  webhook.close();
}
