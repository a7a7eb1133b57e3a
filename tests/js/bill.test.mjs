// Issue 19: the profit-sharing bill is read the same way in Node (node:zlib, node:crypto) and in
// real workerd (DecompressionStream, crypto.subtle): one fixture, the golden rows of
// tests/fixtures/bill/*.parsed.json, and the same typed errors. (Chromium: tests/www/reconcile.test.mjs.)
// Source of the format: 申请分账账单, pay.weixin.qq.com/doc/v3/partner/4012715572.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Miniflare } from 'miniflare';
import * as wx from 'wechatpay-edge';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';
import { loadEntries } from './helpers/entries.mjs';

const fixture = (name) => readFileSync(new URL(`../fixtures/bill/profitsharing-2026-12-01.${name}`, import.meta.url));
const csv = fixture('csv');
const golden = JSON.parse(fixture('parsed.json'));
const ledger = JSON.parse(fixture('ledger.json'));
const sha1 = createHash('sha1').update(csv).digest('hex');
const gz = gzipSync(csv);

let mf;
before(async () => {
  mf = new Miniflare(await bundleForWorkerd(new URL('./workers/bill-worker.js', import.meta.url)));
});
after(async () => mf && (await mf.dispose()));

const inWorkerd = async (bytes, hash) => {
  const res = await mf.dispatchFetch(`http://localhost/read${hash ? `?hash=${hash}` : ''}`, { method: 'POST', body: bytes });
  return res.json();
};

test('Node and workerd read the fixture bill (gzip, SHA1 checked) into the same golden rows in fen', async () => {
  assert.deepEqual(await wx.profitSharing.readBill(gz, { hashType: 'SHA1', hashValue: sha1 }), golden);
  assert.deepEqual(await wx.profitSharing.readBill(csv.toString('utf8')), golden, 'the CSV text reads the same');
  const w = await inWorkerd(gz, sha1);
  assert.equal(w.runtime, 'workerd');
  assert.deepEqual(w.bill, golden);
  assert.deepEqual((await inWorkerd(csv)).bill, golden);
});

test('a hash mismatch, a truncated gzip and a malformed row are the same typed errors in Node and workerd', async () => {
  const cases = [
    [gz, '0'.repeat(40), 'ERR_WXPAY_BILL_HASH_MISMATCH', null],
    [gz.subarray(0, gz.length - 10), sha1, 'ERR_WXPAY_BILL_INVALID', null],
    [Buffer.from(csv.toString('utf8').replace('`4.97', '`4.975')), null, 'ERR_WXPAY_BILL_INVALID', 4],
    [gzipSync(Buffer.from(csv.toString('utf8').replace(/\r\n分账总笔数[\s\S]*$/, '\r\n'))), null, 'ERR_WXPAY_BILL_INVALID', 7],
  ];
  for (const [bytes, hash, code, line] of cases) {
    const node = await wx.profitSharing.readBill(bytes, hash ? { hashType: 'SHA1', hashValue: hash } : undefined).then(() => null, (e) => e);
    assert.ok(node instanceof wx.WxPayError, String(node));
    assert.equal(node.code, code);
    if (line !== null) assert.equal(node.details.line, line, node.message);
    const w = await inWorkerd(bytes, hash);
    assert.deepEqual([w.code, w.message, w.isWxPayError], [node.code, node.message, true]);
    assert.deepEqual(w.details, node.details);
  }
  await assert.rejects(wx.profitSharing.readBill(csv, { hashType: 'SHA256', hashValue: sha1 }), (e) => e.code === 'ERR_WXPAY_PAYLOAD_INVALID');
  await assert.rejects(wx.profitSharing.readBill(42), (e) => e.code === 'ERR_WXPAY_VALIDATION');
});

test('reconcileBill: the same differences in fen in Node and workerd', async () => {
  const node = await wx.profitSharing.reconcileBill(gz, ledger);
  assert.deepEqual(node.totals, { plannedSplit: 2699, billedSplit: 2510, plannedReturn: 300, billedReturn: 300, differences: 3 });
  assert.deepEqual(node.lines.filter((l) => l.status !== 'match').map((l) => [l.outNo, l.status, l.difference]), [
    ['P20261201002', 'differs', -2],
    ['P20261201003', 'missing', -200],
    ['P20261201004', 'extra', 13],
  ]);
  const res = await mf.dispatchFetch('http://localhost/reconcile', { method: 'POST', body: JSON.stringify([csv.toString('utf8'), ledger]) });
  assert.deepEqual((await res.json()).rec, node);
});

test('the bill builder: documented query, validated date and tar_type', () => {
  const spec = wx.profitSharing.bill({ sub_mchid: '19000000001', bill_date: '2019-06-11', tar_type: 'GZIP' });
  assert.equal(spec.pathAndQuery, '/v3/profitsharing/bills?sub_mchid=19000000001&bill_date=2019-06-11&tar_type=GZIP');
  assert.throws(() => wx.profitSharing.bill({ bill_date: '2019-02-29', tar_type: 'ZIP' }), (e) =>
    e.code === 'ERR_WXPAY_VALIDATION' && JSON.stringify(e.issues.map((i) => [i.path, i.code])) === '[["bill_date","format"],["tar_type","invalid_enum"]]');
  const r = wx.profitSharing.parseResponse('bill', '{"download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=x","hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04"}');
  assert.equal(r.hash_type, 'SHA1');
});

test('a gzip that inflates past 64 MiB is refused while inflating (node:zlib and DecompressionStream paths)', async () => {
  const { node, browser } = await loadEntries();
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024 + 1, 0x2c));   // ≈ 65 KB of gzip
  for (const api of [node, browser]) {
    const e = await api.profitSharing.readBill(bomb).then(() => null, (err) => err);
    assert.equal(e?.code, 'ERR_WXPAY_BILL_INVALID', `${api.runtime}: ${e}`);
    assert.match(e.message, /over 67108864 bytes/);
  }
});

test('a description with a comma, in a guarded row, stays one value', async () => {
  const text = csv.toString('utf8').replace('`平台服务费', '`平台服务费,含税');
  const bill = await wx.profitSharing.readBill(text);
  assert.equal(bill.rows[0].description, '平台服务费,含税');
  assert.deepEqual(bill.rows.slice(1), golden.rows.slice(1));
});
