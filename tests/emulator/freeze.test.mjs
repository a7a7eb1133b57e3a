// Seed 002: "系统默认最长冻结周期180天,若超时仍未发起分账指令,该笔订单的剩余资金将自动解冻" — the
// emulator unfreezes an order's remainder to the sub-merchant once 180 days (scaled by
// timeScale) have passed since payment: the amounts query shows nothing left to split and a
// split is refused like on a finished order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, startEmulator, send, admin, splitSpec, SUB, RECEIVER } from './helpers.mjs';

const SCALE = 0.000001; // 180 days → 15.55 s
let emu;
before(async () => {
  emu = await startEmulator({ timeScale: SCALE });
  const r = await send(emu, wx.profitSharing.addReceiver({ type: 'MERCHANT_ID', account: RECEIVER, name: '甲', relation_type: 'SUPPLIER' }));
  assert.equal(r.status, 200, r.body);
});
after(() => emu.close());

const ago = (ms) => new Date(Date.now() - ms).toISOString();
const FREEZE_MS = 180 * 86_400_000 * SCALE;

test('an order paid more than 180 (scaled) days ago is unfrozen: nothing left to split, a split is refused', async () => {
  const old = (await admin(emu, '/transactions', { sub_mchid: SUB, amount: 10000, feeRatePpm: 6000, paid_at: ago(FREEZE_MS + 1000) })).json;
  const amounts = await send(emu, wx.profitSharing.queryAmounts({ transaction_id: old.transaction_id }));
  assert.equal(amounts.status, 200);
  assert.equal(amounts.json.unsplit_amount, 0, 'the remainder went back to the sub-merchant');
  const split = await send(emu, splitSpec(old.transaction_id, 'FRZ1', [[RECEIVER, 100]]));
  assert.equal(split.status, 400, split.body);
  assert.equal(split.json.message, '订单已完结分账，不支持分账');
  const view = (await admin(emu, `/transactions/${old.transaction_id}`)).json;
  assert.equal(view.finished, true);
  assert.equal(view.auto_unfrozen_amount, 9940, '¥100 less the ¥0.60 fee, all of it still frozen');
  assert.ok(view.auto_unfrozen_at);
});

test('within the freeze period the order splits as usual, and what was split stays split', async () => {
  const fresh = (await admin(emu, '/transactions', { sub_mchid: SUB, amount: 10000, feeRatePpm: 6000, paid_at: ago(FREEZE_MS - 5000) })).json;
  assert.equal((await send(emu, splitSpec(fresh.transaction_id, 'FRZ2', [[RECEIVER, 1000]]))).status, 200);
  await new Promise((r) => setTimeout(r, 5500));
  const amounts = await send(emu, wx.profitSharing.queryAmounts({ transaction_id: fresh.transaction_id }));
  assert.equal(amounts.json.unsplit_amount, 0);
  const view = (await admin(emu, `/transactions/${fresh.transaction_id}`)).json;
  assert.equal(view.split_total, 1000);
  assert.equal(view.auto_unfrozen_amount, 9940 - 1000);
});
