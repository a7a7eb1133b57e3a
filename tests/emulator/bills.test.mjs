// Issue 19: the emulator serves the profit-sharing bill (GET /v3/profitsharing/bills, then an
// unsigned download) for the splits and returns it recorded; a day reconciles with its ledger.
// Source: 申请分账账单, pay.weixin.qq.com/doc/v3/partner/4012715572 (hash of the bill after gunzip).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { wx, startEmulator, send, admin, verified, seeded, splitSpec, until, merchant, SUB, RECEIVER, RECEIVER2 } from './helpers.mjs';

const emu = await startEmulator({ timeScale: 0.001 });
after(() => emu.close());
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function billResult(input) {
  const r = await send(emu, wx.profitSharing.bill(input));
  const v = verified(r);
  assert.ok(v.ok, r.body);
  return wx.profitSharing.parseResponse('bill', r.body);
}

test('a day of splits and a return: the bill (gzip and plain) has them in fen and reconciles with the ledger', async () => {
  const t = await seeded(emu, { receivers: [RECEIVER, RECEIVER2] });
  assert.equal((await send(emu, splitSpec(t.transaction_id, 'BILL1', [[RECEIVER, 1500], [RECEIVER2, 500]]))).status, 200);
  await until(async () => (await send(emu, wx.profitSharing.queryOrder({ sub_mchid: SUB, transaction_id: t.transaction_id, out_order_no: 'BILL1' }))).json.status === 'FINISHED', 5000, 'the split');
  const ret = await send(emu, wx.profitSharing.createReturnOrder({ sub_mchid: SUB, out_order_no: 'BILL1', out_return_no: 'RBILL1', return_mchid: RECEIVER, amount: 301, description: '用户退款' }));
  assert.equal(ret.status, 200, ret.body);
  await until(async () => (await send(emu, wx.profitSharing.queryReturnOrder({ sub_mchid: SUB, out_return_no: 'RBILL1', out_order_no: 'BILL1' }))).json.result === 'SUCCESS', 5000, 'the return');

  const gz = await billResult({ sub_mchid: SUB, bill_date: today(), tar_type: 'GZIP' });
  assert.equal(gz.hash_type, 'SHA1');
  assert.match(gz.download_url, /^http:\/\/127\.0\.0\.1:\d+\/v3\/billdownload\/file\?token=/);
  const bill = await wx.profitSharing.downloadBill(merchant, gz);
  const mine = bill.rows.filter((r) => r.transaction_id === t.transaction_id);
  assert.deepEqual(mine.map((r) => [r.kind, r.out_order_no, r.receiver_account, r.amount]), [
    ['split', 'BILL1', RECEIVER, 1500],
    ['split', 'BILL1', RECEIVER2, 500],
    ['return', 'RBILL1', RECEIVER, 301],
  ]);

  // The download itself: gzip bytes, unsigned, the digest over the gunzipped bill.
  const again = await billResult({ bill_date: today(), tar_type: 'GZIP' });
  const req = wx.prepare(merchant, { method: 'GET', pathAndQuery: new URL(again.download_url).pathname + new URL(again.download_url).search, headers: [], body: null }, { baseUrl: emu.url });
  const res = await fetch(req.url, { headers: req.headers });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('wechatpay-signature'), null, 'the download is not signed');
  const csv = gunzipSync(Buffer.from(await res.arrayBuffer()));
  assert.equal(createHash('sha1').update(csv).digest('hex'), again.hash_value);
  assert.match(csv.toString('utf8'), /^create_time,initiator,/);

  const plain = await billResult({ bill_date: today() });
  const rows = (await wx.profitSharing.downloadBill(merchant, plain)).rows;
  assert.ok(rows.length >= 3);

  const ledger = (await admin(emu, `/split-ledger?bill_date=${today()}&sub_mchid=${SUB}`)).json;
  assert.equal(ledger.kind, 'wechatpay-edge/split-ledger');
  const rec = await wx.profitSharing.reconcileBill(csv, ledger);
  assert.equal(rec.ok, true, JSON.stringify(rec.lines.filter((l) => l.status !== 'match')));
  assert.equal(rec.totals.billedReturn, rec.totals.plannedReturn);
});

test('a tampered or expired download is refused with a typed error', async () => {
  const r = await billResult({ bill_date: today(), tar_type: 'GZIP' });
  await assert.rejects(wx.profitSharing.downloadBill(merchant, { ...r, hash_value: '0'.repeat(40) }), (e) => e.code === 'ERR_WXPAY_BILL_HASH_MISMATCH');
  const cut = async (url, init) => {
    const res = await fetch(url, init);
    const b = new Uint8Array(await res.arrayBuffer());
    return new Response(b.subarray(0, b.length - 8), { status: res.status });
  };
  const r2 = await billResult({ bill_date: today(), tar_type: 'GZIP' });
  await assert.rejects(wx.profitSharing.downloadBill(merchant, r2, { fetch: cut }), (e) => e.code === 'ERR_WXPAY_BILL_INVALID' && /gzip/.test(e.message));
  await assert.rejects(wx.profitSharing.downloadBill(merchant, { ...r2, download_url: r2.download_url.replace(/token=.*/, 'token=nope') }), (e) => e.code === 'ERR_WXPAY_API' && e.status === 400);
  const bad = await send(emu, { method: 'GET', pathAndQuery: '/v3/profitsharing/bills?bill_date=2026-02-30', headers: [], body: null });
  assert.equal(bad.status, 400);
});

test('README "Reconcile with the bill" runs as written (its base URL pointed at this emulator)', async () => {
  const { readFileSync, writeFileSync, rmSync } = await import('node:fs');
  const { execFile } = await import('node:child_process');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf('\n## Reconcile with the bill\n');
  assert.ok(at >= 0, 'README has the section');
  const code = readme.slice(at).match(/```js\n([\s\S]*?)```/)[1];
  assert.ok(code.includes("'http://127.0.0.1:8723'"));
  const file = new URL('./.readme-bill-snippet.mjs', import.meta.url);
  // The README's emulator runs with --time-scale 0.01 on port 8723; this one on a free port.
  const slow = await startEmulator({ timeScale: 0.01 });
  writeFileSync(file, code.replace("'http://127.0.0.1:8723'", `'${slow.url}'`));
  try {
    // Asynchronously: the emulator answers from this process's event loop.
    const r = await new Promise((resolve) => execFile(process.execPath, [file.pathname], { timeout: 30_000 }, (err, stdout, stderr) => resolve({ err, stdout, stderr })));
    assert.equal(r.err, null, r.stderr);
    assert.match(r.stdout, /^split P\d+ 1900000110 2999$/m);
    assert.match(r.stdout, /^true \{/m);
  } finally {
    rmSync(file, { force: true });
    await slow.close();
  }
});
