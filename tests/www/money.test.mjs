// Exact yuan/percent parsing used by the admin page (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYuan, parseRatePpm, parsePercentBp, parseCount, formatYuan, fenToYuanInput, bpToPercentInput, ppmToPercentInput, formatBp } from '../../www/js/money.js';

test('yuan strings become integer fen without floats', () => {
  assert.deepEqual(parseYuan('12.34'), { ok: true, value: 1234 });
  assert.deepEqual(parseYuan('0.1'), { ok: true, value: 10 });
  assert.deepEqual(parseYuan('0.07'), { ok: true, value: 7 });
  assert.deepEqual(parseYuan('100'), { ok: true, value: 10000 });
  assert.deepEqual(parseYuan(' ¥1,234.50 '), { ok: true, value: 123450 });
  // 1.1 + 2.2 in floats is 3.3000000000000003; here 3.30 is exactly 330.
  assert.deepEqual(parseYuan('3.30'), { ok: true, value: 330 });
  assert.deepEqual(parseYuan('90071992547409.91'), { ok: true, value: Number.MAX_SAFE_INTEGER });
});

test('malformed yuan is refused, never rounded', () => {
  assert.equal(parseYuan('12.345').code, 'decimals');
  assert.equal(parseYuan('').code, 'empty');
  for (const s of ['1e3', '-1', '1,2', '12.3.4', 'abc', '.5', '0x10', '１２']) assert.equal(parseYuan(s).code, 'format', s);
  assert.equal(parseYuan('90071992547409.92').code, 'too_large');
});

test('rates and percentages', () => {
  assert.deepEqual(parseRatePpm('0.6'), { ok: true, value: 6000 });
  assert.deepEqual(parseRatePpm('0.375%'), { ok: true, value: 3750 });
  assert.equal(parseRatePpm('0.00001').code, 'decimals');
  assert.deepEqual(parsePercentBp('30'), { ok: true, value: 3000 });
  assert.deepEqual(parsePercentBp('15.5 %'), { ok: true, value: 1550 });
  assert.equal(parsePercentBp('15.555').code, 'decimals');
  assert.deepEqual(parseCount('20'), { ok: true, value: 20 });
  assert.equal(parseCount('2.0').code, 'integer');
});

test('formatting', () => {
  assert.equal(formatYuan(888), '¥8.88');
  assert.equal(formatYuan(5), '¥0.05');
  assert.equal(formatYuan(0), '¥0.00');
  assert.equal(formatYuan(123456789), '¥1,234,567.89');
  assert.equal(formatYuan(null), '—');
  assert.equal(fenToYuanInput(10000), '100.00');
  assert.equal(bpToPercentInput(1550), '15.5');
  assert.equal(ppmToPercentInput(6000), '0.6');
  assert.equal(formatBp(3000), '30.00 %');
});
