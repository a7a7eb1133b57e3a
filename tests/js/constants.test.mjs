// wechatpay-edge/constants: generated from the Rust core (cargo run --example gen-contracts;
// cargo test --test contracts keeps the committed files current). Here: the generated values
// are what the built core answers at run time, and the hand-kept typings agree with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pkg, pkgDir } from './helpers/entries.mjs';

const C = await import('wechatpay-edge/constants');
const wx = await import('wechatpay-edge');
const glue = await import(new URL('wechatpay_edge.js', pkgDir).href);

test('the constants subpath is exported with its types, for every runtime', () => {
  assert.deepEqual(pkg.exports['./constants'], { types: './generated/constants.d.ts', default: './generated/constants.js' });
  for (const name of ['ERROR_CODES', 'VIOLATION_CODES', 'ISSUE_CODES', 'DEFAULT_POLICY', 'OFFICIAL_POLICY', 'LIMITS', 'HEADER_NAMES', 'DEFAULT_TOLERANCE_SEC', 'RECEIVER_TYPES']) {
    assert.ok(name in C, name);
    if (typeof C[name] === 'object') assert.ok(Object.isFrozen(C[name]), `${name} is frozen`);
  }
});

test('LIMITS and HEADER_NAMES are what the built core reports (wasmLimits)', () => {
  const { headerNames, ...limits } = glue.wasmLimits();
  assert.deepEqual({ ...C.LIMITS }, limits);
  assert.deepEqual([...C.HEADER_NAMES], headerNames);
});

test('DEFAULT_POLICY and OFFICIAL_POLICY are the policies the core applies', () => {
  const order = { amount: 100 };
  const request = { receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 1 }] };
  assert.deepEqual(wx.split.checkPlan(order, request).policy, { ...C.DEFAULT_POLICY });
  assert.deepEqual(wx.split.checkPlan(order, request, 'official').policy, { ...C.OFFICIAL_POLICY });
});

test('the emulator uses the generated official policy', async () => {
  const { DEFAULTS } = await import('wechatpay-edge/emulator');
  assert.equal(DEFAULTS.policy, C.OFFICIAL_POLICY);
});

test('WxPayErrorCode of index.d.ts is the generated ErrorCode, whose union is ERROR_CODES', () => {
  const dts = readFileSync(new URL('index.d.ts', pkgDir), 'utf8');
  assert.match(dts, /export type WxPayErrorCode = ErrorCode;/);
  assert.match(dts, /import type \{ ErrorCode \} from '\.\/generated\/constants\.js';/);
  const generated = readFileSync(new URL('generated/constants.d.ts', pkgDir), 'utf8');
  const union = generated.match(/export type ErrorCode =([^;]*);/);
  assert.ok(union, 'ErrorCode in generated/constants.d.ts');
  const declared = [...union[1].matchAll(/'(ERR_WXPAY_[A-Z0-9_]+)'/g)].map((m) => m[1]);
  assert.deepEqual([...declared].sort(), [...C.ERROR_CODES].sort());
});

test('every violation code is an issue code; a refused split carries one of them', () => {
  for (const code of C.VIOLATION_CODES) assert.ok(C.ISSUE_CODES.includes(code), code);
  const report = wx.split.checkPlan({ amount: 100 }, { receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 90 }] });
  assert.ok(report.violations.length > 0);
  for (const v of report.violations) assert.ok(C.VIOLATION_CODES.includes(v.code), v.code);
});

test('RECEIVER_TYPES are the types the split rules accept; another is refused with invalid_enum', () => {
  for (const type of C.RECEIVER_TYPES) {
    const report = wx.split.checkPlan({ amount: 100 }, { receivers: [{ type, account: 'a1', amount: 1 }] });
    assert.ok(!report.violations.some((v) => v.code === 'invalid_enum'), type);
  }
  const refused = wx.split.checkPlan({ amount: 100 }, { receivers: [{ type: 'MERCHANT_NAME', account: 'a1', amount: 1 }] });
  assert.ok(refused.violations.some((v) => v.code === 'invalid_enum'), JSON.stringify(refused.violations));
});
