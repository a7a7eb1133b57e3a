// Issue 15 ("The first hour"), the admin page as an operations person sees it: the violation as a
// sentence in the page's language and in yuan with the overage and what still fits; the refused
// split drawn crossing the cap line; labels, colours and the cap line at 1280 px and 390 px; the
// plan JSON documented on the page with a downloadable example; and the page shipped in the
// tarball, served by `npx wechatpay-edge admin`. Screenshots: test-results/www/issue15-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPageAndBrowser, openPage, offsiteRequests, ARTIFACTS, noHorizontalScroll } from './helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

let base;
let browser;
withPageAndBrowser((s) => ({ base, browser } = s));

function assertClean(log, origin) {
  assert.deepEqual(log.errors, [], 'no page errors or console errors');
  assert.deepEqual(offsiteRequests(log, origin).map((r) => r.url), [], 'no request left the page’s own server');
  assert.deepEqual(log.requests.filter((r) => r.failure).map((r) => `${r.url} ${r.failure}`), [], 'every request succeeded');
}

const ops = (page) => page.locator('#ops > li.op');

async function addSplit(page, outOrderNo, receivers) {
  await page.click('#add-split');
  const card = ops(page).last();
  await card.locator('input[id$="-outOrderNo"]').fill(outOrderNo);
  for (let j = 0; j < receivers.length; j++) {
    if (j > 0) await card.locator('button[id$="-add-receiver"]').click();
    const [account, value] = receivers[j];
    await card.locator(`input[id$="-r${j}-account"]`).fill(account);
    await card.locator(`input[id$="-r${j}-amount"]`).fill(value);
  }
}

/** The screenshot: ¥100.00 at 0.6 %, P1 ¥15.00 then P2 ¥20.00: ¥35.00 against a ¥29.82 cap. */
async function overCapPlan(page) {
  await page.fill('#order-amount', '100.00');
  await page.selectOption('#fee-mode', 'rate');
  await page.fill('#fee-rate', '0.6');
  await addSplit(page, 'P1', [['1900000109', '15.00']]);
  await addSplit(page, 'P2', [['1900000110', '20.00']]);
  await page.click('#split-form button[type="submit"]');
  await page.waitForSelector('#split-steps li[data-step="1"] .violation');
}

/** Screenshot of the results (summary, chart, steps) only. */
async function shootResults(page, name) {
  const path = `${ARTIFACTS}issue15-${name}.png`;
  await page.locator('section.results:has(#split-status)').screenshot({ path });
  return path;
}

/** The chart's geometry: cap line x, bars, attempt rects and row label boxes. */
function chartGeometry(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('#split-chart svg');
    const box = (el) => {
      const b = el.getBBox();
      return { x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height };
    };
    return {
      width: Number(svg.getAttribute('width')),
      capLines: [...svg.querySelectorAll('.cap-line')].map((l) => ({ x: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), y2: Number(l.getAttribute('y2')) })),
      attempts: [...svg.querySelectorAll('rect.attempt')].map(box),
      labels: [...svg.querySelectorAll('text.row-label, text.cap-label')].map((t) => ({ text: t.textContent, ...box(t) })),
    };
  });
}

for (const width of [1280, 390]) {
  test(`over the cap at ${width} px: the page's sentence in yuan (overage, what fits), zh and en; the refused split crosses the cap line`, async () => {
    const { page, context, log } = await openPage(browser, base, { width, height: 900 });
    await overCapPlan(page);
    const v = page.locator('#split-steps li[data-step="1"] .violation[data-code="ratio_cap_exceeded"]');
    const zh = await v.locator('.sentence').textContent();
    assert.equal(zh, '本次分账 ¥20.00，加上此前已分 ¥15.00，累计 ¥35.00，超出分账上限 ¥29.82（30.00 %）¥5.18。本次最多还能分 ¥14.82。');
    assert.doesNotMatch(zh, /fen|cumulative/);
    assert.equal(await v.locator('details.raw').getAttribute('open'), null, 'the package’s English prose is folded away');

    // The chart: the refused P2 drawn hatched from ¥15.00 for ¥20.00, across the cap line.
    const g = await chartGeometry(page);
    assert.equal(g.attempts.length, 1);
    const capX = g.capLines[0].x;
    assert.ok(g.attempts[0].x < capX && g.attempts[0].right > capX, `attempt ${JSON.stringify(g.attempts[0])} crosses the cap at ${capX}`);
    const px = (fen) => (fen / 10000) * g.width;
    assert.ok(Math.abs(g.attempts[0].x - px(60 + 1500)) < 1.5 && Math.abs(g.attempts[0].right - g.attempts[0].x - px(2000)) < 2, 'from fee + already split, as wide as the request');
    assert.match(await page.textContent('#split-chart svg'), /超出 ¥5\.18/);
    assert.match(await page.textContent('#split-legend'), /尝试分账/);
    // The cap line never runs through a label.
    for (const l of g.labels) {
      for (const c of g.capLines.filter((c) => c.x >= l.x && c.x <= l.right)) {
        assert.ok(c.y2 <= l.y || c.y1 >= l.bottom, `cap line ${JSON.stringify(c)} crosses the label "${l.text}" ${JSON.stringify(l)}`);
      }
    }
    // The cap card's label stays on one line.
    const dt = await page.locator('#split-summary [data-sum="cap"] dt').evaluate((el) => ({ h: el.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(el).lineHeight) || 20, text: el.textContent }));
    assert.ok(dt.h < dt.lh * 1.5, `cap label "${dt.text}" wraps: ${dt.h}px for a ${dt.lh}px line`);
    const scroll = await noHorizontalScroll(page);
    assert.ok(scroll.scrollWidth <= scroll.clientWidth, JSON.stringify(scroll));
    await shootResults(page, `cap-zh-${width}`);

    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const en = await v.locator('.sentence').textContent();
    assert.equal(en, 'This split of ¥20.00 on top of ¥15.00 already split makes ¥35.00: ¥5.18 over the 30.00 % cap of ¥29.82. At most ¥14.82 more fits.');
    assert.match(await page.textContent('#split-chart svg'), /over by ¥5\.18/);
    await shootResults(page, `cap-en-${width}`);
    assertClean(log, base);
    await context.close();
  });
}

test('the createOrder check says it in yuan too (split.checkPlan numbers)', async () => {
  const { page, context, log } = await openPage(browser, base, { width: 1280 });
  await overCapPlan(page);
  await page.fill(
    '#co-body',
    JSON.stringify({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P3', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 2000, description: '分给商户' }], finish: false }),
  );
  await page.click('#co-check');
  const s = await page.locator('#co-result .violation[data-code="ratio_cap_exceeded"] .sentence').textContent();
  assert.equal(s, '本次分账 ¥20.00，加上此前已分 ¥15.00，累计 ¥35.00，超出分账上限 ¥29.82（30.00 %）¥5.18。本次最多还能分 ¥14.82。');
  assertClean(log, base);
  await context.close();
});

/** CIE76 ΔE between two CSS rgb() colours. */
function deltaE(a, b) {
  const lab = (css) => {
    const [r, g, bl] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
    });
    const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((r * 0.4124 + g * 0.3576 + bl * 0.1805) / 0.95047);
    const y = f(r * 0.2126 + g * 0.7152 + bl * 0.0722);
    const z = f((r * 0.0193 + g * 0.1192 + bl * 0.9505) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

for (const width of [1280, 390]) {
  test(`a 6-receiver plan at ${width} px: the page's sentence, five receiver colours told apart, no label under the cap line`, async () => {
    const { page, context, log } = await openPage(browser, base, { width, height: 900 });
    await page.fill('#order-amount', '1000.00');
    await page.selectOption('#fee-mode', 'rate');
    await page.fill('#fee-rate', '0.6');
    await addSplit(page, 'P1', [['1900000101', '40.00'], ['1900000102', '35.00'], ['1900000103', '30.00'], ['1900000104', '25.00'], ['1900000105', '20.00']]);
    await addSplit(page, 'P2', [1, 2, 3, 4, 5, 6].map((i) => [`190000020${i}`, '5.00']));
    await page.click('#split-form button[type="submit"]');
    const v = page.locator('#split-steps li[data-step="1"] .violation[data-code="too_many_receivers"]');
    assert.equal(await v.locator('.sentence').textContent(), '本次有 6 个接收方，平台规则每次最多 5 个：请去掉 1 个，或拆成两次分账。');
    // Five receivers in the chart, five colours at least ΔE 40 apart (30 from fee, returned, unfrozen, frozen).
    const fills = await page.evaluate(() => {
      const one = (sel) => getComputedStyle(document.querySelector(sel)).fill;
      const r = [...new Set([...document.querySelectorAll('#split-chart rect.seg[data-seg^="r:"]')].map((el) => getComputedStyle(el).fill))];
      return { r, fixed: ['c-fee', 'c-returned', 'c-unfrozen', 'c-remaining'].map((c) => { const el = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); el.setAttribute('class', c); document.querySelector('#split-chart svg').append(el); const f = getComputedStyle(el).fill; el.remove(); return f; }), one: one('#split-chart rect.frame') };
    });
    assert.equal(fills.r.length, 5, JSON.stringify(fills));
    let min = Infinity;
    let minFixed = Infinity;
    for (let i = 0; i < fills.r.length; i++) {
      for (const other of fills.r.slice(i + 1)) min = Math.min(min, deltaE(fills.r[i], other));
      for (const other of fills.fixed) minFixed = Math.min(minFixed, deltaE(fills.r[i], other));
    }
    assert.ok(min >= 40, `closest receiver colours ΔE ${min.toFixed(1)}`);
    assert.ok(minFixed >= 30, `a receiver colour within ΔE ${minFixed.toFixed(1)} of fee / returned / unfrozen / frozen`);
    const g = await chartGeometry(page);
    for (const l of g.labels) {
      for (const c of g.capLines.filter((c) => c.x >= l.x && c.x <= l.right)) assert.ok(c.y2 <= l.y || c.y1 >= l.bottom, `cap line crosses "${l.text}"`);
    }
    const scroll = await noHorizontalScroll(page);
    assert.ok(scroll.scrollWidth <= scroll.clientWidth, JSON.stringify(scroll));
    await shootResults(page, `six-receivers-${width}`);
    assertClean(log, base);
    await context.close();
  });
}

test('the plan JSON is documented on the page, with an example file that downloads and imports cleanly', async () => {
  const { page, context, log } = await openPage(browser, base, { width: 1280 });
  await page.click('#plan-doc > summary');
  const doc = await page.textContent('#plan-doc');
  for (const f of ['order.amount', 'order.fee', 'policy', 'operations[]', '"op": "split"', '"op": "return"', '"op": "finish"', 'percentages', '#plan-json', '#split-status']) assert.ok(doc.includes(f), `documents ${f}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#plan-example')]);
  assert.equal(download.suggestedFilename(), 'split-plan.example.json');
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(text, readFileSync(join(ROOT, 'www/split-plan.example.json'), 'utf8'));
  await page.fill('#plan-json', text);
  await page.click('#plan-import');
  await page.waitForFunction(() => /已导入 4/.test(document.getElementById('plan-json-msg').textContent));
  assert.equal(await page.getAttribute('#split-status', 'data-violations'), '0');
  assert.equal(await page.inputValue(`#ops > li.op:nth-child(3) input[id$="-r0-percent"]`), '5');
  await page.locator('#plan-doc').screenshot({ path: `${ARTIFACTS}issue15-plan-doc-1280.png` });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.waitForTimeout(400); // the chart redraws at the new width
  const scroll = await noHorizontalScroll(page);
  assert.ok(scroll.scrollWidth <= scroll.clientWidth, JSON.stringify(scroll));
  await page.locator('#plan-doc').screenshot({ path: `${ARTIFACTS}issue15-plan-doc-390.png` });
  assertClean(log, base);
  await context.close();
});

test('`npx wechatpay-edge admin --port 0` from the installed tarball: 127.0.0.1, the strict CSP header, the package’s own entry and wasm', async (t) => {
  const tgz = readdirSync(join(ROOT, 'dist')).find((f) => /^wechatpay-edge-.*\.tgz$/.test(f));
  assert.ok(tgz, 'dist/wechatpay-edge-*.tgz is missing: run scripts/build.sh');
  const dir = mkdtempSync(join(tmpdir(), 'wxpe-admin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const npm = (args) => spawnSync('npm', args, { cwd: dir, encoding: 'utf8' });
  let r = npm(['init', '-y']);
  assert.equal(r.status, 0, r.stderr);
  r = npm(['install', '--no-audit', '--no-fund', '--offline', join(ROOT, 'dist', tgz)]);
  assert.equal(r.status, 0, r.stderr);

  const proc = spawn('npx', ['--no-install', 'wechatpay-edge', 'admin', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  t.after(() => {
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {}
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    proc.stderr.on('data', (d) => (out += d));
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });

  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-security-policy'), CSP);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const html = await res.text();
  assert.ok(html.includes(`content="${CSP}"`), 'the header and the page’s meta tag agree');
  // Only the page and the browser-side package files are served.
  for (const p of ['pkg/package.json', 'pkg/emulator/cli.js', 'pkg/entry/node.js', 'server.js', '../package.json', 'pkg/../admin/server.js']) {
    assert.equal((await fetch(url + p)).status === 200, false, `${p} is not served`);
  }
  assert.equal((await fetch(url, { method: 'POST' })).status, 405);
  // Bound to loopback only: no other interface address answers.
  const port = new URL(url).port;
  const { networkInterfaces } = await import('node:os');
  for (const a of Object.values(networkInterfaces()).flat().filter((a) => a.family === 'IPv4' && !a.internal)) {
    await assert.rejects(fetch(`http://${a.address}:${port}/`, { signal: AbortSignal.timeout(2000) }), `not reachable on ${a.address}`);
  }

  const { page, context, log } = await openPage(browser, url, { width: 1280 });
  const paths = log.requests.map((x) => new URL(x.url).pathname);
  for (const p of ['/pkg/entry/browser.js', '/pkg/wechatpay_edge_bg.wasm', '/pkg/testing/browser.js']) assert.ok(paths.includes(p), `loads ${p}`);
  await overCapPlan(page);
  assert.match(await page.locator('#split-steps li[data-step="1"] .violation .sentence').textContent(), /超出分账上限 ¥29\.82（30\.00 %）¥5\.18/);
  assert.equal((await fetch(url + 'split-plan.example.json')).status, 200);
  await page.locator('section.results:has(#split-status)').screenshot({ path: `${ARTIFACTS}issue15-npx-admin-1280.png` });
  assertClean(log, url);
  await context.close();
});
