// The page's violation sentences (www/js/explain.js) from codes and ledger numbers, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setLang } from '../../www/js/i18n.js';
import { explain, requestFacts, capOverage } from '../../www/js/explain.js';

const policy = { maxRatioBp: 3000, maxReceiversPerRequest: 5, maxSplitsPerOrder: 20 };
const cap = { code: 'ratio_cap_exceeded', path: 'receivers', message: 'cumulative split 3500 fen …' };

test('ratio cap: overage = attempted − cap, what fits = cap − already (integer fen, no floats)', () => {
  const f = requestFacts({ cap: 2982, splittable: 9940, already: 1500, remaining: 8440, request: 2000, receivers: 1, splitNo: 2, policy });
  assert.deepEqual(capOverage(f), { attempted: 3500n, over: 518n, fits: 1482n });
  setLang('zh');
  assert.equal(explain(cap, f), '本次分账 ¥20.00，加上此前已分 ¥15.00，累计 ¥35.00，超出分账上限 ¥29.82（30.00 %）¥5.18。本次最多还能分 ¥14.82。');
  setLang('en');
  assert.equal(explain(cap, f), 'This split of ¥20.00 on top of ¥15.00 already split makes ¥35.00: ¥5.18 over the 30.00 % cap of ¥29.82. At most ¥14.82 more fits.');
  // 0.1 + 0.2 style amounts stay exact.
  const g = requestFacts({ cap: 30, splittable: 100, already: 10, remaining: 90, request: 21, receivers: 1, splitNo: 2, policy });
  assert.match(explain(cap, g), /¥0\.01 over .* At most ¥0\.20 more fits/);
  // Past the cap already: nothing fits.
  const h = requestFacts({ cap: 2982, splittable: 9940, already: 2982, remaining: 6958, request: 1, receivers: 1, splitNo: 3, policy });
  setLang('zh');
  assert.match(explain(cap, h), /超出分账上限 ¥29\.82（30\.00 %）¥0\.01。已分金额已达上限，不能再分账。/);
  // Beyond Number.MAX_SAFE_INTEGER the sum is still exact.
  const big = requestFacts({ cap: Number.MAX_SAFE_INTEGER - 1, splittable: Number.MAX_SAFE_INTEGER, already: Number.MAX_SAFE_INTEGER - 1, remaining: 1, request: Number.MAX_SAFE_INTEGER, receivers: 1, splitNo: 2, policy });
  assert.equal(capOverage(big).over, BigInt(Number.MAX_SAFE_INTEGER));
});

test('other codes: remaining, receivers, splits, finished; unknown codes get no sentence (the page shows the package message)', () => {
  setLang('zh');
  const f = requestFacts({ cap: 2982, splittable: 9940, already: 9000, remaining: 940, request: 1000, receivers: 6, splitNo: 21, policy });
  assert.equal(explain({ code: 'exceeds_remaining' }, f), '本次分账 ¥10.00，但只剩 ¥9.40 未分（可分账 ¥99.40 − 已分 ¥90.00），多出 ¥0.60。');
  assert.equal(explain({ code: 'too_many_receivers' }, f), '本次有 6 个接收方，平台规则每次最多 5 个：请去掉 1 个，或拆成两次分账。');
  assert.equal(explain({ code: 'too_many_splits' }, f), '这将是本订单第 21 次分账，平台规则每单最多 20 次。');
  assert.match(explain({ code: 'order_finished' }, f), /已完结/);
  assert.equal(explain({ code: 'duplicate_receiver' }, f), null);
  assert.equal(explain(cap, null), null);
});

test('protocol constants in labels and error explanations come from the generated constants, none left as a placeholder', async () => {
  const { t, errorExplanations } = await import('../../www/js/i18n.js');
  const { DEFAULT_TOLERANCE_SEC, SIGNATURE_SCHEME, ERROR_CODES, LIMITS } = await import('../../www/pkg/generated/constants.js');
  for (const lang of ['zh', 'en']) {
    setLang(lang);
    assert.match(t('nt.clock'), new RegExp(`±${DEFAULT_TOLERANCE_SEC} `));
    assert.match(t('sig.clockSkew', { sec: 999 }), new RegExp(`999 .*${DEFAULT_TOLERANCE_SEC / 60} `));
  }
  const [zh, en] = errorExplanations.ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE;
  assert.match(zh, new RegExp(`超过 ${DEFAULT_TOLERANCE_SEC / 60} 分钟`));
  assert.match(en, new RegExp(`more than ${DEFAULT_TOLERANCE_SEC / 60} minutes`));
  assert.ok(errorExplanations.ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED.every((s) => s.includes(SIGNATURE_SCHEME)));
  assert.ok(errorExplanations.ERR_WXPAY_APIV3_KEY_INVALID.every((s) => s.includes(`${LIMITS.apiV3Key} `) || s.includes(`${LIMITS.apiV3Key}-`)));
  setLang('en');
  assert.equal(t('nt.apiv3'), `APIv3 key (${LIMITS.apiV3Key} characters)`);
  for (const code of ERROR_CODES) {
    for (const s of errorExplanations[code] ?? []) assert.doesNotMatch(s, /\{\w+\}/, `${code}: ${s}`);
  }
});
