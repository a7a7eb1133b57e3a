// createClient inside real workerd (miniflare): the WebCrypto path, workerd's fetch, against the
// emulator over real HTTP on 127.0.0.1. Faults, failover and certificate rotation as in Node
// (tests/emulator/client.test.mjs): each out_order_no lands once, a rotation costs one download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Miniflare } from 'miniflare';
import { startEmulator } from 'wechatpay-edge/emulator';
import { testKeys } from 'wechatpay-edge/testing';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const SUB = '1900000109';
const RECEIVER = '1900000110';
const ORDERS = '/v3/ecommerce/profitsharing/orders';
let mf;
let emu;
let certEmu;
let txn;

before(async () => {
  emu = await startEmulator({ backup: true, processingDelaySec: 0.1 });
  certEmu = await startEmulator({ signing: 'certificate' });
  mf = new Miniflare(await bundleForWorkerd(new URL('./workers/client-worker.js', import.meta.url)));
  txn = emu.seedTransaction({ sub_mchid: SUB, amount: 100000, feeRatePpm: 6000 });
  const added = await run({ name: 'pk', op: 'profitSharing.addReceiver', input: { type: 'MERCHANT_ID', account: RECEIVER, name: '商户甲', relation_type: 'SUPPLIER' } });
  assert.ok(added.results[0].ok, JSON.stringify(added.results[0]));
});
after(async () => {
  if (mf) await mf.dispose();
  await emu?.close();
  await certEmu?.close();
});

async function run(o) {
  const res = await mf.dispatchFetch('http://localhost/', { method: 'POST', body: JSON.stringify({ baseUrl: emu.url, backupUrl: emu.backupUrl, ...o }) });
  return res.json();
}

let n = 0;
const split = (out) => ({ sub_mchid: SUB, transaction_id: txn.transaction_id, out_order_no: out, receivers: [{ type: 'MERCHANT_ID', receiver_account: RECEIVER, amount: 10, description: '分账' }], finish: false });
const splitsOf = async (out) => (await (await fetch(`${emu.url}/_emulator/split-ledger`)).json()).entries.filter((e) => e.kind === 'split' && e.outOrderNo === out).length;

test('inside workerd: a typed result through 429, a dropped answer, a 500 after the split and a slow answer; one split', async () => {
  const out = `W${Date.now()}${++n}`;
  emu.injectFault({ error: { status: 429, code: 'FREQUENCY_LIMITED' }, path: ORDERS });
  emu.injectFault({ drop: true, path: ORDERS });
  emu.injectFault({ error: { status: 500, code: 'SYSTEM_ERROR' }, phase: 'after', path: ORDERS });
  emu.injectFault({ delayMs: 600, path: ORDERS });
  const r = await run({ name: 'pk-slow', op: 'profitSharing.createOrder', input: split(out), timeoutMs: 300, maxAttempts: 6 });
  assert.equal(r.runtime, 'workerd');
  assert.ok(r.results[0].ok, JSON.stringify(r.results[0]));
  assert.equal(r.results[0].result.out_order_no, out);
  assert.ok(r.events.filter((e) => e.kind === 'retry').length >= 4, JSON.stringify(r.events));
  await new Promise((res) => setTimeout(res, 700));
  assert.equal(await splitsOf(out), 1);
  assert.deepEqual(emu.requests({ path: ORDERS }).length > 4, true);
});

test('inside workerd: an outage of the main host fails over to the backup host', async () => {
  const out = `W${Date.now()}${++n}`;
  emu.setOutage({ main: true });
  try {
    const r = await run({ name: 'pk', op: 'profitSharing.createOrder', input: split(out) });
    assert.ok(r.results[0].ok, JSON.stringify(r.results[0]));
    assert.deepEqual(r.events.filter((e) => e.kind === 'response').map((e) => e.host), ['main', 'backup']);
  } finally {
    emu.setOutage({ main: false });
  }
  assert.equal(await splitsOf(out), 1);
});

test('inside workerd: a 4xx is ERR_WXPAY_API after one attempt; no answer at all is ERR_WXPAY_NETWORK', async () => {
  const q = { sub_mchid: SUB, transaction_id: txn.transaction_id, out_order_no: 'none' };
  const r = await run({ name: 'pk', op: 'profitSharing.queryOrder', input: q });
  assert.deepEqual([r.results[0].code, r.results[0].status, r.results[0].attempts, r.results[0].isWxPayError], ['ERR_WXPAY_API', 404, 1, true]);
  emu.injectFault({ drop: true, phase: 'before', count: 2, path: ORDERS });
  const r2 = await run({ name: 'pk-2', op: 'profitSharing.queryOrder', input: q, backupUrl: null, maxAttempts: 2 });
  assert.equal(r2.results[0].code, 'ERR_WXPAY_NETWORK');
  assert.equal(r2.results[0].details.attempts, 2);
});

test('inside workerd: certificate mode downloads once, and a rotation costs one more download however many calls', async () => {
  const o = { name: 'cert', mode: 'certificate', baseUrl: certEmu.url, backupUrl: null, op: 'profitSharing.queryOrder', input: { sub_mchid: SUB, transaction_id: '4200000000000000000000000001', out_order_no: 'none' } };
  const first = await run(o);
  assert.equal(first.results[0].code, 'ERR_WXPAY_API', JSON.stringify(first.results[0]));
  assert.deepEqual(first.serials, [testKeys.platformSerial]);
  assert.equal(certEmu.requests({ path: '/v3/certificates' }).length, 1);
  certEmu.rotateCertificate();
  const after = await run({ ...o, times: 5 });
  assert.ok(after.results.every((x) => x.code === 'ERR_WXPAY_API'), JSON.stringify(after.results));
  assert.equal(certEmu.requests({ path: '/v3/certificates' }).length, 2);
  assert.deepEqual(after.serials.sort(), [testKeys.platformSerial, testKeys.platform2Serial].sort());
});
