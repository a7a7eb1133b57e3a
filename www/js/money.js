// Exact decimal parsing for money and rates: strings in, integers out, never via float.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a decimal string with at most `scale` decimals into an integer of
 * 10^-scale units: parseDecimal("12.34", 2) → { ok: true, value: 1234 }.
 * Errors: { ok: false, code: 'empty' | 'format' | 'decimals' | 'too_large' }.
 */
export function parseDecimal(input, scale, { allowCurrency = false } = {}) {
  let s = String(input ?? '').trim();
  if (allowCurrency) s = s.replace(/^[¥￥]\s*/, '');
  if (allowCurrency && /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  if (s === '') return { ok: false, code: 'empty' };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, code: 'format' };
  const [, whole, frac = ''] = m;
  if (frac.length > scale) return { ok: false, code: 'decimals' };
  const v = BigInt(whole) * 10n ** BigInt(scale) + BigInt((frac + '0'.repeat(scale)).slice(0, scale) || '0');
  if (v > MAX_SAFE) return { ok: false, code: 'too_large' };
  return { ok: true, value: Number(v) };
}

/** "12.34" / "¥1,234.5" → fen. Three decimals are refused, never rounded. */
export const parseYuan = (s) => parseDecimal(s, 2, { allowCurrency: true });

/** Percent with up to 2 decimals → basis points: "30" → 3000, "15.5" → 1550. */
export const parsePercentBp = (s) => parseDecimal(String(s ?? '').trim().replace(/\s*%$/, ''), 2);

/** Fee rate percent with up to 4 decimals → ppm: "0.6" → 6000, "0.375" → 3750. */
export const parseRatePpm = (s) => parseDecimal(String(s ?? '').trim().replace(/\s*%$/, ''), 4);

/** A whole number ≥ 0. */
export function parseCount(s) {
  const t = String(s ?? '').trim();
  if (t === '') return { ok: false, code: 'empty' };
  if (!/^\d+$/.test(t)) return { ok: false, code: 'integer' };
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v > 0xffffffff) return { ok: false, code: 'too_large' };
  return { ok: true, value: v };
}

function grouped(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** fen → "¥12.34" (grouped, two decimals, integer arithmetic only). */
export function formatYuan(fen) {
  if (fen === null || fen === undefined || !Number.isFinite(Number(fen))) return '—';
  const n = BigInt(fen);
  const neg = n < 0n;
  const a = neg ? -n : n;
  return `${neg ? '−' : ''}¥${grouped((a / 100n).toString())}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** fen → "12.34" (for putting a value back into an input). */
export function fenToYuanInput(fen) {
  const n = BigInt(fen);
  return `${(n / 100n).toString()}.${(n % 100n).toString().padStart(2, '0')}`;
}

/** 1550 bp → "15.5", 3000 → "30". */
export function bpToPercentInput(bp) {
  return trimDecimal(BigInt(bp), 2);
}

/** 6000 ppm → "0.6". */
export function ppmToPercentInput(ppm) {
  return trimDecimal(BigInt(ppm), 4);
}

function trimDecimal(n, scale) {
  const d = 10n ** BigInt(scale);
  const frac = (n % d).toString().padStart(scale, '0').replace(/0+$/, '');
  return frac ? `${n / d}.${frac}` : `${n / d}`;
}

/** bp → "30.00 %". */
export function formatBp(bp) {
  const n = BigInt(bp);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, '0')} %`;
}
