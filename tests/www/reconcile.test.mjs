// Issue 19: the admin page's Reconcile view in real Chromium, and the bill read by the browser
// entry (DecompressionStream, crypto.subtle) into the same golden rows as Node and workerd
// (tests/fixtures/bill/; format: 申请分账账单, pay.weixin.qq.com/doc/v3/partner/4012715572).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { withPageAndBrowser, openPage, offsiteRequests, screenshot, noHorizontalScroll } from './helpers.mjs';
import { EXAMPLE_BILL, EXAMPLE_LEDGER } from '../../www/js/reconcile-example.js';

const fixture = (name) => readFileSync(new URL(`../fixtures/bill/profitsharing-2026-12-01.${name}`, import.meta.url));
const csv = fixture('csv');
const golden = JSON.parse(fixture('parsed.json'));
const ledger = JSON.parse(fixture('ledger.json'));
const dir = mkdtempSync(join(tmpdir(), 'wxe-bill-'));
const gzPath = join(dir, 'profitsharing-2026-12-01.csv.gz');
writeFileSync(gzPath, gzipSync(csv));
const ledgerPath = join(dir, 'ledger.json');
writeFileSync(ledgerPath, JSON.stringify(ledger));

let base;
let browser;
withPageAndBrowser((s) => ({ base, browser } = s), () => rmSync(dir, { recursive: true, force: true }));

function assertClean(log) {
  assert.deepEqual(log.errors, [], 'no page errors or console errors');
  assert.deepEqual(offsiteRequests(log, base).map((r) => r.url), [], 'nothing left the page');
}

const rowsOf = (page) =>
  page.$$eval('#rc-result tr[data-status]', (trs) => trs.map((tr) => [tr.dataset.outNo, tr.dataset.account, tr.dataset.status, Number(tr.dataset.difference), tr.classList.contains('diff')]));

test('the page example is the fixture', () => {
  assert.equal(EXAMPLE_BILL, csv.toString('utf8'));
  assert.deepEqual(EXAMPLE_LEDGER, ledger);
});

test('Reconcile: a .gz bill against a ledger shows the missing split, the extra split, the amount that differs and the matching return, in fen', async () => {
  const { page, context, log } = await openPage(browser, base, { hash: '#tool=reconcile' });
  assert.equal(await page.isVisible('#panel-reconcile'), true);
  await page.setInputFiles('#rc-bill', gzPath);
  await page.setInputFiles('#rc-planned', ledgerPath);
  await page.click('#rc-run');
  await page.waitForSelector('#rc-status');
  assert.equal(await page.textContent('#rc-status'), '发现 3 处差异。');
  assert.deepEqual(await rowsOf(page), [
    ['P20261201001', '1900000109', 'match', 0, false],
    ['P20261201001', '1900000110', 'match', 0, false],
    ['R20261201001', '1900000109', 'match', 0, false],
    ['P20261201002', '1900000111', 'differs', -2, true],
    ['P20261201003', '1900000109', 'missing', -200, true],
    ['P20261201004', '1900000112', 'extra', 13, true],
  ]);
  const delta = (no) => page.textContent(`#rc-result tr[data-out-no="${no}"] td.delta`);
  assert.equal(await delta('P20261201003'), '−200 分');
  assert.equal(await delta('P20261201004'), '+13 分');
  assert.equal(await page.textContent('#rc-result tr[data-kind="return"] td:first-child'), '回退');
  assert.match(await page.textContent('#rc-totals'), /计划 ¥26\.99，账单 ¥25\.10/);
  // Highlighted: the rows that differ have the bad background, the others not.
  const bg = (no) => page.$eval(`#rc-result tr[data-out-no="${no}"] td`, (td) => getComputedStyle(td).backgroundColor);
  assert.notEqual(await bg('P20261201003'), await bg('P20261201001'));
  await screenshot(page, 'reconcile');

  // English labels, same numbers.
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('#rc-status'), '3 differences found.');
  assert.equal(await page.textContent('#rc-result tr[data-out-no="P20261201004"] td.delta'), '+13 fen');
  assertClean(log);
  await context.close();
});

test('Reconcile: the example button, a malformed bill (error naming the line) and phone width', async () => {
  const { page, context, log } = await openPage(browser, base, { hash: '#tool=reconcile', width: 375, height: 812 });
  await page.click('#rc-example');
  await page.waitForSelector('#rc-status');
  assert.equal((await rowsOf(page)).filter((r) => r[4]).length, 3);
  const m = await noHorizontalScroll(page);
  assert.ok(m.scrollWidth <= m.clientWidth, `scrollWidth ${m.scrollWidth} > ${m.clientWidth}: ${m.widest.join(', ')}`);
  await screenshot(page, 'phone-reconcile', 1600);

  const badPath = join(dir, 'bad.csv');
  writeFileSync(badPath, csv.toString('utf8').replace('`0.13', '`0.1x'));
  await page.setInputFiles('#rc-bill', badPath);
  await page.setInputFiles('#rc-planned', ledgerPath);
  await page.click('#rc-run');
  await page.waitForSelector('#rc-error');
  assert.equal(await page.getAttribute('#rc-error', 'data-code'), 'ERR_WXPAY_BILL_INVALID');
  assert.match(await page.textContent('#rc-error'), /line 5: column amount/);
  assertClean(log);
  await context.close();
});

test('Reconcile: an exported split plan (one payment) works as the plan; the other payments\' rows are not planned', async () => {
  const { page, context, log } = await openPage(browser, base, { hash: '#tool=reconcile&lang=en' });
  const planPath = join(dir, 'split-plan.json');
  writeFileSync(planPath, JSON.stringify({
    kind: 'wechatpay-edge/split-plan', version: 1, order: { amount: 10000 },
    operations: [
      { op: 'split', outOrderNo: 'P20261201001', receivers: [{ type: 'MERCHANT_ID', account: '1900000109', amount: 1500 }, { type: 'MERCHANT_ID', account: '1900000110', amount: 600 }] },
      { op: 'return', outReturnNo: 'R20261201001', outOrderNo: 'P20261201001', account: '1900000109', amount: 300 },
    ],
  }));
  await page.setInputFiles('#rc-bill', gzPath);
  await page.setInputFiles('#rc-planned', planPath);
  await page.click('#rc-run');
  await page.waitForSelector('#rc-status');
  assert.deepEqual((await rowsOf(page)).filter((r) => r[4]).map((r) => [r[0], r[2], r[3]]), [
    ['P20261201001', 'differs', -100],
    ['P20261201002', 'extra', 497],
    ['P20261201004', 'extra', 13],
  ]);
  assertClean(log);
  await context.close();
});

test('Chromium reads the fixture into the golden rows (DecompressionStream, SHA-1 by crypto.subtle) with the same typed errors', async () => {
  const { page, context, log } = await openPage(browser, base);
  const sha1 = createHash('sha1').update(csv).digest('hex');
  const gz = [...gzipSync(csv)];
  const out = await page.evaluate(async ({ gz, sha1 }) => {
    const wx = await import('./pkg/entry/browser.js');
    await wx.init();
    const bytes = new Uint8Array(gz);
    const err = (p) => p.then(() => null, (e) => ({ code: e.code, line: e.details.line ?? null, message: e.message }));
    return {
      runtime: wx.runtime,
      bill: await wx.profitSharing.readBill(bytes, { hashType: 'SHA1', hashValue: sha1 }),
      mismatch: await err(wx.profitSharing.readBill(bytes, { hashType: 'SHA1', hashValue: '0'.repeat(40) })),
      truncated: await err(wx.profitSharing.readBill(bytes.subarray(0, bytes.length - 10))),
    };
  }, { gz, sha1 });
  assert.equal(out.runtime, 'browser');
  assert.deepEqual(out.bill, golden);
  assert.equal(out.mismatch.code, 'ERR_WXPAY_BILL_HASH_MISMATCH');
  assert.deepEqual([out.truncated.code, out.truncated.line], ['ERR_WXPAY_BILL_INVALID', null]);
  assert.match(out.truncated.message, /gzip download is truncated or corrupt/);
  assertClean(log);
  await context.close();
});
