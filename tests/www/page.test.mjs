// The admin page in real Chromium: split checker, signature debugger, notification decoder,
// CSP, phone layout, language toggle. Screenshots go to test-results/www/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withPageAndBrowser, openPage, offsiteRequests, screenshot, noHorizontalScroll } from './helpers.mjs';

const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

let base;
let browser;
const logs = [];

withPageAndBrowser((s) => ({ base, browser } = s));

async function open(opts) {
  const p = await openPage(browser, base, opts);
  logs.push(p.log);
  return p;
}

function assertClean(log) {
  assert.deepEqual(log.errors, [], 'no page errors or console errors');
  assert.deepEqual(offsiteRequests(log, base).map((r) => r.url), [], 'no request left the page’s own server');
}

const ops = (page) => page.locator('#ops > li.op');

async function addSplit(page, outOrderNo, receivers, { percent = false } = {}) {
  await page.click('#add-split');
  const card = ops(page).last();
  await card.locator('input[id$="-outOrderNo"]').fill(outOrderNo);
  if (percent) await card.locator('input[id$="-mode-percent"]').check();
  for (let j = 0; j < receivers.length; j++) {
    if (j > 0) await card.locator('button[id$="-add-receiver"]').click();
    const [account, value, type] = receivers[j];
    if (type) await card.locator(`select[id$="-r${j}-type"]`).selectOption(type);
    await card.locator(`input[id$="-r${j}-account"]`).fill(account);
    await card.locator(`input[id$="-r${j}-${percent ? 'percent' : 'amount'}"]`).fill(value);
  }
}

async function check(page) {
  await page.click('#split-form button[type="submit"]');
  return page.locator('#split-status');
}

const sumValue = (page, key) => page.locator(`#split-summary [data-sum="${key}"] dd`).textContent();

// ------------------------------------------------------------------------------------------

test('the page boots from the package’s browser entry under the strict CSP meta tag', async () => {
  const { page, context, log } = await open();
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.equal(csp, CSP);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
  assert.equal(await page.locator('[style]').count(), 0, 'no inline styles');
  const urls = log.requests.map((r) => new URL(r.url).pathname);
  for (const p of ['/pkg/entry/browser.js', '/pkg/wechatpay_edge_bg.wasm', '/pkg/testing/browser.js']) assert.ok(urls.includes(p), `loads ${p}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'Chinese by default');
  assertClean(log);
  await context.close();
});

test('split checker: a plan over the ratio cap shows the violation at the step that caused it', async () => {
  const { page, context, log } = await open();
  await page.fill('#order-amount', '100.00');
  await page.selectOption('#fee-mode', 'rate');
  await page.fill('#fee-rate', '0.6');
  await page.fill('#policy-ratio', '30');
  await addSplit(page, 'P1', [['1900000109', '20.00']]);
  await addSplit(page, 'P2', [['1900000110', '10.00']]);
  const status = await check(page);
  assert.equal(await status.getAttribute('data-violations'), '1');

  // cap = floor(99.40 × 30 %) = ¥29.82; 20.00 + 10.00 = 30.00 breaks it at operations[1].
  assert.equal(await sumValue(page, 'splittable'), '¥99.40');
  assert.equal(await sumValue(page, 'cap'), '¥29.82');
  const step0 = page.locator('#split-steps li[data-step="0"]');
  const step1 = page.locator('#split-steps li[data-step="1"]');
  assert.equal(await step0.getAttribute('data-applied'), 'true');
  assert.equal(await step0.locator('.violation').count(), 0);
  assert.equal(await step1.getAttribute('data-applied'), 'false');
  assert.equal(await step1.locator('.violation[data-code="ratio_cap_exceeded"]').count(), 1);
  // The page's own sentence, in yuan: 20.00 + 10.00 = 30.00 is ¥0.18 over ¥29.82; ¥9.82 still fits.
  assert.equal(
    await step1.locator('.violation .sentence').textContent(),
    '本次分账 ¥10.00，加上此前已分 ¥20.00，累计 ¥30.00，超出分账上限 ¥29.82（30.00 %）¥0.18。本次最多还能分 ¥9.82。',
  );
  // The package's message stays available under a disclosure.
  assert.match(await step1.locator('.violation details.raw').textContent(), /2982 fen/);
  assert.equal(await page.locator('#split-global .violation').count(), 0, 'nothing reported away from its step');
  // The skipped split leaves the money where it was.
  assert.equal(await step1.locator('[data-sum="remaining"] dd').textContent(), '¥79.40');
  // The editor marks the offending operation too.
  assert.match(await ops(page).nth(1).locator('.op-badge').textContent(), /✗ 1/);
  // The chart draws one bar per state, with the cap line.
  assert.equal(await page.locator('#split-chart svg .frame').count(), 3);
  assert.equal(await page.locator('#split-chart svg .cap-line:not(.cap-tick)').count(), 3, 'the cap line crosses each bar');
  await screenshot(page, 'split-ratio-cap-violation');
  assertClean(log);
  await context.close();
});

test('split checker: a valid plan (percentages, return, finish) has no violations and the right remaining/unfrozen', async () => {
  const { page, context, log } = await open();
  await page.fill('#order-amount', '100.00');
  await page.fill('#fee-rate', '0.6');
  // 20 % of ¥99.40 via split.allocate = ¥19.88; 5 % = ¥4.97.
  await addSplit(page, 'P1', [['1900000109', '20'], ['1900000110', '5']], { percent: true });
  await page.click('#add-return');
  const ret = ops(page).last();
  await ret.locator('input[id$="-outOrderNo"]').fill('P1');
  await ret.locator('input[id$="-account"]').fill('1900000109');
  await ret.locator('input[id$="-amount"]').fill('5.00');
  await page.click('#add-finish');
  const status = await check(page);
  assert.equal(await status.getAttribute('data-violations'), '0', await status.textContent());
  assert.equal(await ops(page).first().locator('output[id$="-r0-share"]').textContent(), '= ¥19.88');
  assert.equal(await ops(page).first().locator('output[id$="-r1-share"]').textContent(), '= ¥4.97');
  assert.equal(await sumValue(page, 'fee'), '¥0.60');
  assert.equal(await sumValue(page, 'splitTotal'), '¥24.85');
  assert.equal(await sumValue(page, 'returned'), '¥5.00');
  assert.equal(await sumValue(page, 'netSplit'), '¥19.85');
  assert.equal(await sumValue(page, 'remaining'), '¥0.00');
  assert.equal(await sumValue(page, 'unfrozen'), '¥74.55');
  const finish = page.locator('#split-steps li[data-step="2"]');
  assert.match(await finish.locator('.desc').textContent(), /解冻 ¥74\.55/);
  const before = page.locator('#split-steps li[data-step="1"]');
  assert.equal(await before.locator('[data-sum="remaining"] dd').textContent(), '¥74.55', 'returns do not restore the remaining amount');
  assert.equal(await before.locator('tr[data-account="1900000109"] td').last().textContent(), '¥14.88');
  assert.equal(await page.locator('#split-steps .violation').count(), 0);
  await screenshot(page, 'split-valid-plan');

  // Yuan is parsed exactly: three decimals are refused, not rounded.
  await page.fill('#order-amount', '100.005');
  await check(page);
  assert.match(await page.textContent('#order-amount-err'), /小数位太多/);
  assert.equal(await page.getAttribute('#order-amount', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#split-status'), /输入需要修改/);
  await page.fill('#order-amount', '100');
  await check(page);
  assert.equal(await page.getAttribute('#split-status', 'data-violations'), '0');
  assertClean(log);
  await context.close();
});

test('split checker: the plan exports to JSON and imports back; a createOrder body is checked', async () => {
  const { page, context, log } = await open();
  await page.click('#split-example');
  await check(page);
  await page.click('#plan-export');
  const plan = JSON.parse(await page.inputValue('#plan-json'));
  assert.equal(plan.order.amount, 10000);
  assert.deepEqual(plan.order.fee, { ratePpm: 6000 });
  assert.equal(plan.operations.length, 4);
  assert.deepEqual(plan.operations[2].receivers, [{ type: 'MERCHANT_ID', account: '1900000110', amount: 994 }]);
  assert.deepEqual(plan.percentages, { 2: [1000] });
  assert.equal(await page.getAttribute('#split-status', 'data-violations'), '1');
  // The download is the same JSON, made in the page (blob:), and the file input reads it back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#plan-download')]);
  assert.equal(download.suggestedFilename(), 'split-plan.json');
  const file = await download.path();
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), plan);
  await page.setInputFiles('#plan-file', file);
  await page.waitForFunction(() => /已导入 4/.test(document.getElementById('plan-json-msg').textContent));

  // Import a changed plan: the P2 split now fits under the cap.
  plan.percentages = { 2: [900] };
  plan.operations[2].receivers[0].amount = 895;
  await page.fill('#plan-json', JSON.stringify(plan));
  await page.click('#plan-import');
  assert.match(await page.textContent('#plan-json-msg'), /已导入 4/);
  assert.equal(await page.getAttribute('#split-status', 'data-violations'), '0');
  assert.equal(await ops(page).nth(2).locator('input[id$="-r0-percent"]').inputValue(), '9');

  // createOrder body: a yuan amount is a field issue; amounts are checked against the plan's final state.
  await page.fill('#co-body', JSON.stringify({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P3', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 12.5, description: 'x' }], finish: false }));
  await page.click('#co-check');
  assert.equal(await page.locator('#co-result .violation[data-code="not_integer"]').count(), 1);
  assert.equal(await page.locator('#co-result [data-co="amounts-skipped"]').count(), 1);
  // Finished order: a further split is refused by split.checkPlan.
  await page.fill('#co-body', JSON.stringify({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P3', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: 'x' }], finish: false }));
  await page.click('#co-check');
  assert.equal(await page.locator('#co-result [data-co="fields-ok"]').count(), 1);
  assert.equal(await page.locator('#co-result .violation[data-code="order_finished"]').count(), 1);
  // Remove the finish: now the cap decides (already 20.00 + 8.94 of 29.82 → 1.00 more is too much).
  await ops(page).nth(3).locator('.op-tools .danger').click();
  await page.fill('#co-body', JSON.stringify({ sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P3', receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: 'x' }], finish: false }));
  await page.click('#co-check');
  assert.equal(await page.locator('#co-result .violation[data-code="ratio_cap_exceeded"]').count(), 1);
  assert.equal(await page.locator('#co-result [data-sum="remainingBefore"] dd').textContent(), '¥70.46');
  await screenshot(page, 'split-example-createorder');
  assertClean(log);
  await context.close();
});

// ------------------------------------------------------------------------------------------

async function signedMessageOf(page) {
  return page.evaluate(() => {
    const url = document.getElementById('sig-url').value.replace(/^https?:\/\/[^/]+/, '');
    const v = (id) => document.getElementById(id).value;
    return `${v('sig-method')}\n${url}\n${v('sig-ts')}\n${v('sig-nonce')}\n${v('sig-body')}\n`;
  });
}

test('signature debugger: a matching signature verifies; a one-byte body change is reported as a body mismatch', async () => {
  const { page, context, log } = await open({ hash: '#tool=sig' });
  assert.equal(await page.isVisible('#panel-sig'), true);
  await page.click('#sig-example');
  await page.waitForSelector('#sig-result[data-verdict]');
  assert.equal(await page.getAttribute('#sig-result', 'data-verdict'), 'match');
  assert.match(await page.textContent('#sig-auth'), /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",nonce_str="/);
  // Five lines, each ending in a visible ⏎.
  assert.equal(await page.locator('#sig-message .nl').count(), 5);
  assert.equal((await page.textContent('#sig-message')).split('⏎').length - 1, 5);
  await screenshot(page, 'sig-match');

  const original = await signedMessageOf(page);
  const body = await page.inputValue('#sig-body');
  await page.fill('#sig-body', body.replace('"amount":888', '"amount":889'));
  await page.click('#sig-verify');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.verdict === 'mismatch');
  // Without the signed string: the key matches and timestamp/nonce agree, so the content differs.
  assert.equal(await page.getAttribute('#sig-result', 'data-diff'), 'content');
  assert.match(await page.textContent('#sig-result'), /时间戳和 nonce 一致，因此不同之处在方法、URL 或请求体/);

  // With the string the code signed: located to the byte, in the body.
  await page.fill('#sig-signed', original);
  await page.click('#sig-verify');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.diff === 'body');
  const text = await page.textContent('#sig-result');
  assert.match(text, /第一个不同在 请求体（第 5 行，第 \d+ 个字符）：应为 "9"，实为 "8"/);
  assert.deepEqual(await page.locator('#sig-result .diffview mark').allTextContents(), ['9', '8']);
  await screenshot(page, 'sig-body-mismatch');
  assertClean(log);
  await context.close();
});

test('signature debugger: finds the usual SIGN_ERROR causes (re-serialised body, header mismatch, wrong key)', async () => {
  const { page, context, log } = await open({ hash: '#tool=sig' });
  await page.click('#sig-example-bad');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.verdict === 'mismatch');
  assert.equal(await page.getAttribute('#sig-result', 'data-diff'), 'body');
  assert.equal(await page.locator('#sig-result .cause[data-variant="json-compact"]').count(), 1);
  await screenshot(page, 'sig-reserialised');

  // The header carries another timestamp than the one that was signed.
  await page.click('#sig-example');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.verdict === 'match');
  const header = await page.inputValue('#sig-given');
  await page.fill('#sig-given', header.replace(/timestamp="(\d+)"/, (_, ts) => `timestamp="${Number(ts) + 1}"`));
  await page.click('#sig-verify');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.diff === 'timestamp');
  assert.equal(await page.getAttribute('#sig-result', 'data-verdict'), 'mismatch');

  // Wrong key: the platform certificate instead of the merchant certificate.
  await page.fill('#sig-given', header);
  const platformCert = await page.evaluate(async () => (await import('./pkg/testing/browser.js')).testKeys.platformCertificate);
  await page.fill('#sig-public', platformCert);
  await page.click('#sig-verify');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.diff === 'key');
  assert.match(await page.textContent('#sig-result'), /serial_no .* ≠ 证书序列号/);

  // The private key alone (no certificate) also verifies.
  await page.fill('#sig-public', '');
  await page.click('#sig-verify');
  await page.waitForFunction(() => document.getElementById('sig-result').dataset.verdict === 'match');
  assertClean(log);
  await context.close();
});

// ------------------------------------------------------------------------------------------

test('notification decoder: a notification signed with the test key decodes to ¥8.88; a tampered one is rejected', async () => {
  const { page, context, log } = await open({ hash: '#tool=notify' });
  await page.click('#nt-example');
  await page.waitForSelector('#nt-result[data-result]');
  assert.equal(await page.getAttribute('#nt-result', 'data-result'), 'ok', await page.textContent('#nt-result'));
  const amount = page.locator('#nt-result td.amount');
  assert.equal(await amount.textContent(), '¥8.88');
  assert.equal(await amount.getAttribute('data-fen'), '888');
  assert.match(await page.textContent('#nt-result [data-field="kind"]'), /分账 \(split\)/);
  assert.match(await page.textContent('#nt-result [data-field="idempotencyKey"] dd'), /^1900000109\|3008450740201411110007820472\|1900000110\|SPLIT$/);
  await screenshot(page, 'notify-ok');

  // Tamper with one byte of the raw body.
  const body = await page.inputValue('#nt-body');
  await page.fill('#nt-body', body.replace('"summary":"分账成功"', '"summary":"分账成攻"'));
  await page.click('#nt-decode');
  await page.waitForFunction(() => document.getElementById('nt-result').dataset.result === 'error');
  assert.equal(await page.getAttribute('#nt-result', 'data-code'), 'ERR_WXPAY_SIGNATURE_INVALID');
  const block = page.locator('#nt-result .error-block');
  assert.match(await block.locator('p[lang="zh-CN"]').textContent(), /签名不对/);
  assert.match(await block.locator('p[lang="en"]').textContent(), /signature is wrong/);
  await screenshot(page, 'notify-tampered');

  // A wrong APIv3 key: verified but not decryptable.
  await page.fill('#nt-body', body);
  await page.fill('#nt-apiv3', 'x'.repeat(32));
  await page.click('#nt-decode');
  await page.waitForFunction(() => document.getElementById('nt-result').dataset.code === 'ERR_WXPAY_DECRYPTION_FAILED');

  // An hour-old notification (headers pasted as JSON): refused against the clock, decodable without it.
  const old = await page.evaluate(async () => {
    const { testKeys: k, signNotification } = await import('./pkg/testing/browser.js');
    const payload = { sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820473', out_order_no: 'P2', receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 300 }, { type: 'MERCHANT_ID', account: '1900000111', amount: '12' }] };
    const n = signNotification({ payload, eventType: 'PROFITSHARING.RETURN', summary: '分账回退', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    return { headers: JSON.stringify(n.headers), body: n.body, key: k.apiV3Key };
  });
  await page.fill('#nt-headers', old.headers);
  await page.fill('#nt-body', old.body);
  await page.fill('#nt-apiv3', old.key);
  await page.click('#nt-decode');
  await page.waitForFunction(() => document.getElementById('nt-result').dataset.code === 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE');
  await page.uncheck('#nt-clock');
  await page.click('#nt-decode');
  await page.waitForFunction(() => document.getElementById('nt-result').dataset.result === 'ok');
  assert.match(await page.textContent('#nt-result [data-field="kind"] dd'), /分账回退 \(return\)/);
  assert.deepEqual(await page.locator('#nt-result td.amount').allTextContents(), ['¥3.00', '¥0.12', '¥3.12']);
  assertClean(log);
  await context.close();
});

test('notifications in Chromium: an unknown PROFITSHARING.* type is "other" with its payload (issue 12 row 2); TRANSACTION.SUCCESS by original_type (doc/v2/partner/4011985282)', async () => {
  const { page, context, log } = await open({ hash: '#tool=notify' });
  const got = await page.evaluate(async () => {
    const wx = await import('./pkg/entry/browser.js');
    await wx.init();
    const { testKeys: k, signNotification } = await import('./pkg/testing/browser.js');
    const keys = wx.createPlatformKeySet([wx.importPlatformCertificate(k.platformCertificate)]);
    const split = { sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: 'O1', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888 } };
    const parse = (payload, eventType, summary, originalType) => {
      const n = signNotification({ payload, eventType, summary, originalType, id: 'EV-WWW-1', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial });
      try {
        const r = wx.parseNotification({ headers: n.headers, body: n.body, keys, apiV3Key: k.apiV3Key });
        return { kind: r.kind, key: r.idempotencyKey, data: r.data };
      } catch (e) {
        return { error: e.code };
      }
    };
    return {
      unknown: parse({ sub_mchid: '1900000109', frozen: 1 }, 'PROFITSHARING.FROZEN', '分账冻结'),
      contradiction: parse(split, 'PROFITSHARING.SUCCESS', '分账回退'),
      txReturn: parse(split, 'TRANSACTION.SUCCESS', '分账回退', 'profitsharing'),
      txPayment: parse(split, 'TRANSACTION.SUCCESS', '分账', 'transaction'),
      decoderInput: (() => {
        const n = signNotification({ payload: { sub_mchid: '1900000109', frozen: 1 }, eventType: 'PROFITSHARING.FROZEN', summary: '分账冻结', id: 'EV-WWW-2', apiV3Key: k.apiV3Key, privateKey: k.platformPrivateKey, serial: k.platformSerial });
        return { headers: JSON.stringify(n.headers), body: n.body, key: k.apiV3Key };
      })(),
    };
  });
  assert.deepEqual(got.unknown, { kind: 'other', key: 'event:EV-WWW-1', data: { sub_mchid: '1900000109', frozen: 1 } });
  assert.deepEqual([got.contradiction.kind, got.contradiction.key], ['other', 'event:EV-WWW-1']);
  assert.deepEqual([got.txReturn.kind, got.txReturn.key], ['return', '1900000109|O1|1900000110|RETURN']);
  assert.deepEqual([got.txPayment.kind, got.txPayment.key], ['other', 'event:EV-WWW-1']);

  // The decoder shows it as decoded ("other"), not as a failure (the example fills in the test platform key).
  await page.click('#nt-example');
  await page.waitForFunction(() => document.getElementById('nt-result').dataset.result === 'ok');
  await page.fill('#nt-headers', got.decoderInput.headers);
  await page.fill('#nt-body', got.decoderInput.body);
  await page.fill('#nt-apiv3', got.decoderInput.key);
  await page.click('#nt-decode');
  await page.waitForFunction(() => document.getElementById('nt-result').textContent.includes('EV-WWW-2'));
  assert.equal(await page.getAttribute('#nt-result', 'data-result'), 'ok', await page.textContent('#nt-result'));
  assert.match(await page.textContent('#nt-result [data-field="kind"] dd'), /\(other\)/);
  assert.match(await page.textContent('#nt-result [data-field="idempotencyKey"] dd'), /^event:EV-WWW-2$/);
  assertClean(log);
  await context.close();
});

// ------------------------------------------------------------------------------------------

test('the CSP blocks every request that is not the page’s own', async () => {
  const { page, context, log } = await open();
  const probe = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetchError = null;
    try {
      await fetch('http://example.com/leak');
    } catch (e) {
      fetchError = String(e);
    }
    const img = new Image();
    img.src = 'http://example.com/leak.png';
    document.body.append(img);
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 300));
    return { violations, fetchError, inlineRan: window.__inlineRan === true };
  });
  assert.ok(probe.fetchError, 'fetch to another origin fails');
  assert.equal(probe.inlineRan, false, 'inline script is blocked');
  assert.ok(probe.violations.includes('connect-src'));
  assert.ok(probe.violations.includes('img-src'));
  assert.ok(probe.violations.includes('script-src-elem'));
  // Chromium reports the blocked image as a request that failed with "csp" before leaving.
  for (const r of offsiteRequests(log, base)) assert.equal(r.failure, 'csp', `${r.url} was blocked by the CSP`);
  await context.close();
  // And across every page of this suite, nothing else went anywhere but 127.0.0.1.
  for (const l of logs.filter((x) => x !== log)) {
    for (const r of l.requests) assert.equal(new URL(r.url).hostname, '127.0.0.1', r.url);
  }
});

test('phone width (375 px): no horizontal scroll in any tool', async () => {
  const { page, context, log } = await open({ width: 375, height: 812 });
  const tools = [
    ['split', '#split-example'],
    ['sig', '#sig-example'],
    ['notify', '#nt-example'],
  ];
  for (const [tool, example] of tools) {
    await page.click(`#tab-${tool}`);
    await page.click(example);
    await page.waitForTimeout(400);
    const m = await noHorizontalScroll(page);
    assert.ok(m.scrollWidth <= m.clientWidth, `${tool}: scrollWidth ${m.scrollWidth} > ${m.clientWidth}: ${m.widest.join(', ')}`);
    await screenshot(page, `phone-${tool}`, 1600);
  }
  assertClean(log);
  await context.close();
});

test('language toggle switches labels, lives only in the URL hash, and tabs work from the keyboard', async () => {
  const { page, context, log } = await open();
  assert.equal(await page.textContent('h1'), '分账与签名工具');
  assert.equal(await page.textContent('label[for="order-amount"]'), '订单金额（元）');
  await page.click('#split-example');
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('h1'), 'Split & signature tools');
  assert.equal(await page.textContent('label[for="order-amount"]'), 'Order amount (yuan)');
  assert.equal(await page.textContent('#tab-sig'), 'Signature debugger');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#lang-toggle'), '中文');
  assert.match(await page.textContent('#split-status'), /violations found/);
  assert.match(await page.textContent('#split-steps li[data-step="2"] .violation'), /Split ratio cap exceeded/);
  assert.equal(new URL(page.url()).hash, '#lang=en');
  const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: '' }, 'nothing stored');
  await screenshot(page, 'split-english');

  // Keyboard: arrow keys move between tabs, and the choice joins the hash.
  await page.focus('#tab-split');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-sig');
  assert.equal(await page.isVisible('#panel-sig'), true);
  assert.equal(await page.isVisible('#panel-split'), false);
  assert.equal(new URL(page.url()).hash, '#lang=en&tool=sig');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'sig-example', 'focus moves into the panel');

  // A reload keeps English and the tool (from the hash alone).
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.textContent('h1'), 'Split & signature tools');
  assert.equal(await page.isVisible('#panel-sig'), true);
  await page.click('#lang-toggle');
  assert.equal(await page.textContent('h1'), '分账与签名工具');
  assert.equal(new URL(page.url()).hash, '#tool=sig');
  assertClean(log);
  await context.close();
});
