// Issue 12 ("Conformance with the official 2025 documentation"), Payscore rows, over real HTTP:
// the emulator answers as the official acquiring-bank pages say, through the package's builders
// and payScore.allowedOperations (no rule copy of its own).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wx, startEmulator, send, raw, verified, beijing, PAYSCORE, APPID_INST, createServiceOrderSpec } from './helpers.mjs';

let emu;
before(async () => {
  emu = await startEmulator({ timeScale: 0.01 });
});
after(() => emu.close());

const NOTIFY = 'https://127.0.0.1:9/n';
const PATH = (no, action) => `/v3/payscore/acquiringbank/serviceorder/${no}/${action}`;
const query = async (no) => (await send(emu, wx.payScore.queryServiceOrder({ ...PAYSCORE, out_order_no: no }))).json;

/** The response verifies and surfaces as ERR_WXPAY_API with this status and code. */
function assertApiError(r, status, code) {
  assert.equal(r.status, status, r.body);
  assert.equal(r.json.code, code, r.body);
  const v = verified(r);
  assert.equal(v.ok, false);
  assert.equal(v.err.code, 'ERR_WXPAY_API');
}

/** Created, confirmed and completed for `total` fen: DOING + MCH_COMPLETE + USER_PAYING. */
async function completed(no, total = 600) {
  assert.equal((await send(emu, createServiceOrderSpec(no, NOTIFY))).status, 200);
  emu.payscore.confirm(no);
  const c = await send(emu, wx.payScore.completeServiceOrder({ ...PAYSCORE, out_order_no: no, post_payments: [{ name: '租借费用', amount: total }], total_amount: total, time_range: { end_time: beijing() } }));
  assert.equal(c.status, 204, c.body);
  const o = await query(no);
  assert.deepEqual([o.state, o.state_description, o.collection.state], ['DOING', 'MCH_COMPLETE', 'USER_PAYING']);
  return o;
}

const cancelSpec = (no, extra = {}) => wx.payScore.cancelServiceOrder({ ...PAYSCORE, out_order_no: no, reason: '用户取消', ...extra });
const modifySpec = (no, total) => wx.payScore.modifyServiceOrder({ ...PAYSCORE, out_order_no: no, post_payments: [{ name: '租借费用', amount: total }], total_amount: total, reason: '优惠' });

test('row 4 (doc/v3/partner/4013194058, 2025.02.13): cancel is allowed while USER_PAYING after complete', async () => {
  const o = await completed('R4A');
  assert.ok(wx.payScore.allowedOperations(o.state, o.state_description, o.collection.state).operations.includes('cancel'));
  const r = await send(emu, cancelSpec('R4A'));
  assert.equal(r.status, 204, r.body);
  assert.equal((await query('R4A')).state, 'REVOKED');
});

test('row 4 (register-deduct-info page, 2024.12.09): a live registered deduction blocks cancel, modify and sync until it has charged', async () => {
  const o = await completed('R4B');
  assert.deepEqual(wx.payScore.allowedOperations(o.state, o.state_description, o.collection.state).blocked_by_live_deduction, ['cancel', 'modify', 'sync']);
  const reg = await send(emu, wx.payScore.registerDeductInfo({ ...PAYSCORE, appid: APPID_INST, out_order_no: 'R4B', out_trade_no: 'DED-R4B|1' }));
  assert.equal(reg.status, 200, reg.body);
  assertApiError(await send(emu, cancelSpec('R4B')), 400, 'INVALID_REQUEST');
  assertApiError(await send(emu, modifySpec('R4B', 500)), 400, 'INVALID_REQUEST');
  assertApiError(await send(emu, wx.payScore.syncServiceOrder({ ...PAYSCORE, out_order_no: 'R4B', detail: { paid_time: beijing() } })), 400, 'INVALID_REQUEST');
  assert.equal((await query('R4B')).state, 'DOING');
  // The deduction charges once (part of the total); then the order can be cancelled again.
  emu.payscore.pay('R4B', { amount: 100 });
  assert.equal((await send(emu, cancelSpec('R4B'))).status, 204);
  assert.equal((await query('R4B')).state, 'REVOKED');
});

test('row 9 (4013194058, 2025.02.13: service_id 选填): cancel without service_id', async () => {
  assert.equal((await send(emu, createServiceOrderSpec('R9A', NOTIFY))).status, 200);
  const spec = wx.payScore.cancelServiceOrder({ out_order_no: 'R9A', sub_mchid: PAYSCORE.sub_mchid, channel_id: PAYSCORE.channel_id, reason: '不用了' });
  assert.ok(!JSON.parse(spec.body).service_id);
  assert.equal((await send(emu, spec)).status, 204);
  assert.equal((await query('R9A')).state, 'REVOKED');
  // The same from a raw body, and in the USER_PAYING state of row 4.
  await completed('R9B');
  const r = await send(emu, raw('POST', PATH('R9B', 'cancel'), { sub_mchid: PAYSCORE.sub_mchid, channel_id: PAYSCORE.channel_id, reason: '不用了' }));
  assert.equal(r.status, 204, r.body);
  // channel_id stays required (必填).
  assert.equal((await send(emu, createServiceOrderSpec('R9C', NOTIFY))).status, 200);
  const bad = await send(emu, raw('POST', PATH('R9C', 'cancel'), { sub_mchid: PAYSCORE.sub_mchid, reason: '不用了' }));
  assertApiError(bad, 400, 'PARAM_ERROR');
  assert.equal(bad.json.detail.field, 'channel_id');
});

test('row 10 (acquiring-bank modify, 2025.03.14: 不能超过完结订单时候的总金额): an equal total is accepted', async () => {
  await completed('R10', 600);
  assert.equal((await send(emu, modifySpec('R10', 600))).status, 204, 'equal to the completed total');
  assert.equal((await send(emu, modifySpec('R10', 400))).status, 204);
  // Bounded by the total at completion, not by the last modified one.
  assert.equal((await send(emu, modifySpec('R10', 600))).status, 204);
  const r = await send(emu, raw('POST', PATH('R10', 'modify'), { ...PAYSCORE, post_payments: [{ name: '租借费用', amount: 601 }], total_amount: 601, reason: '优惠' }));
  assertApiError(r, 400, 'PARAM_ERROR');
  assert.equal(r.json.detail.field, 'total_amount');
  const o = await query('R10');
  assert.equal(o.total_amount, 600);
  assert.equal(o.collection.paying_amount, 600);
});

test('row 5 (4012691326, 2025.04.24): no risk-fund rule at create; the 先免 bound is on total_amount at complete (4013194080)', async () => {
  const created = await send(emu, createServiceOrderSpec('R5', NOTIFY, { post_payments: [{ name: '租借费用', amount: 40000 }], risk_fund: { name: 'DEPOSIT', amount: 10000 } }));
  assert.equal(created.status, 200, created.body);
  emu.payscore.confirm('R5');
  const over = await send(emu, raw('POST', PATH('R5', 'complete'), { ...PAYSCORE, post_payments: [{ name: '租借费用', amount: 10001 }], total_amount: 10001, time_range: { end_time: beijing() } }));
  assertApiError(over, 400, 'PARAM_ERROR');
  assert.equal(over.json.detail.field, 'total_amount');
  const ok = await send(emu, raw('POST', PATH('R5', 'complete'), { ...PAYSCORE, post_payments: [{ name: '租借费用', amount: 10000 }], total_amount: 10000, time_range: { end_time: beijing() } }));
  assert.equal(ok.status, 204, ok.body);
});

test('row 6 (4012691326, 2025.04.24: 不超过20个字符): end_time_remark of 21 characters is refused', async () => {
  const tr = (n) => ({ time_range: { start_time: 'OnAccept', end_time: beijing(86400_000), end_time_remark: '还'.repeat(n) } });
  assert.equal((await send(emu, createServiceOrderSpec('R6A', NOTIFY, tr(20)))).status, 200);
  const body = JSON.parse(createServiceOrderSpec('R6B', NOTIFY, tr(20)).body);
  body.time_range.end_time_remark = '还'.repeat(21);
  const r = await send(emu, raw('POST', '/v3/payscore/acquiringbank/serviceorder', body));
  assertApiError(r, 400, 'PARAM_ERROR');
  assert.equal(r.json.detail.field, 'time_range.end_time_remark');
});

test('row 7 (register-deduct-info page, 2024.12.09): out_trade_no is ≤ 32 of [0-9A-Za-z_-|*]', async () => {
  await completed('R7');
  const reg = (out_trade_no) => send(emu, raw('POST', PATH('R7', 'registerdeductinfo'), { ...PAYSCORE, appid: APPID_INST, out_trade_no }));
  const bad = await reg('DT 1');
  assertApiError(bad, 400, 'PARAM_ERROR');
  assert.equal(bad.json.detail.field, 'out_trade_no');
  assert.ok(!JSON.stringify(bad.json).includes('DT 1'), 'the answer does not echo the value');
  assert.equal((await reg('aZ09_-|*aZ09_-|*aZ09_-|*aZ09_-|*')).status, 200);
});
