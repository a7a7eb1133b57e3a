// `npm run try`: one round trip through the worker under `npm run dev`, against the emulator of
// `npm run emulate`. Only loopback; plain fetch, no keys here (the worker holds them).
//
//   1. seed a paid order in the emulator (control route; WeChat Pay has your real ones)
//   2. tell the emulator where 分账动账通知 for receiver 1900000100 go: https://shop.example.com/…,
//      which `npm run emulate` rewrites to the worker at http://127.0.0.1:8787/
//   3. POST /profit-sharing/orders to the worker: it signs 请求分账, the emulator verifies and
//      answers signed, the worker verifies the answer
//   4. the emulator delivers the signed, encrypted PROFITSHARING.SUCCESS to the worker's
//      /wechatpay/notify; the worker verifies, commits it to D1 (marker + ledger row) and acks: the delivery log shows 200
const EMULATOR = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8723';
const WORKER = process.env.WORKER_URL ?? 'http://127.0.0.1:8787';
const SUB_MCHID = '1900000109';
const RECEIVER = '1900000100'; // the platform itself: a MERCHANT_ID receiver that needs no receivers/add

async function call(url, body) {
  let res;
  try {
    res = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    const which = url.startsWith(EMULATOR) ? 'the emulator (npm run emulate)' : 'the worker (npm run dev)';
    throw new Error(`${url}: ${err.cause?.code ?? err.message}: is ${which} running?`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

const outOrderNo = `P${Date.now()}`;
const txn = await call(`${EMULATOR}/_emulator/transactions`, { sub_mchid: SUB_MCHID, amount: 10000, profit_sharing: true });
console.log(`1. paid order ${txn.transaction_id}: ¥${(txn.amount / 100).toFixed(2)}, splittable ¥${(txn.splittable / 100).toFixed(2)}`);
await call(`${EMULATOR}/_emulator/receivers/${RECEIVER}/notify-url`, { url: 'https://shop.example.com/wechatpay/notify' });
console.log(`2. 分账动账通知 for ${RECEIVER} → https://shop.example.com/wechatpay/notify (rewritten to ${WORKER}/wechatpay/notify)`);

const order = await call(`${WORKER}/profit-sharing/orders`, {
  sub_mchid: SUB_MCHID,
  transaction_id: txn.transaction_id,
  out_order_no: outOrderNo,
  receivers: [{ type: 'MERCHANT_ID', receiver_account: RECEIVER, amount: 2000, description: '平台服务费' }],
  finish: false,
});
console.log(`3. worker → emulator 请求分账 ${order.out_order_no}: ${order.status}, order_id ${order.order_id} (answer signature verified in the worker)`);

const end = Date.now() + 15_000;
for (;;) {
  const log = await call(`${EMULATOR}/_emulator/deliveries?event_type=PROFITSHARING.SUCCESS`);
  const mine = log.filter((d) => d.payload?.out_order_no === outOrderNo);
  const d = mine.find((x) => ['delivered', 'failed', 'skipped'].includes(x.state)) ?? null;
  if (d) {
    const attempts = (d.attempts ?? []).map((a) => `${a.kind} ${a.status}`).join(', ');
    console.log(`4. PROFITSHARING.SUCCESS ${d.notification_id ?? d.id}: ${d.state} (${attempts})`);
    if (d.state !== 'delivered') process.exit(1);
    console.log('OK: the worker verified, recorded and acked the notification.');
    break;
  }
  if (Date.now() > end) {
    console.error(`no delivery of ${outOrderNo} settled within 15 s: ${JSON.stringify(mine)}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
