// The hand-kept typings, compiled like a user would: tsc --strict against the installed
// package under NodeNext (no lib.dom, no @types/node) and Bundler (lib.dom, browser
// condition). types/misuse.ts holds @ts-expect-error lines, so a typing that stops
// refusing misuse fails the compile as surely as one that refuses good code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = join(here, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(args) {
  assert.ok(existsSync(tsc), 'typescript is not installed: run `npm ci` in tests/js');
  return spawnSync(process.execPath, [tsc, ...args], { cwd: here, encoding: 'utf8', timeout: 120_000 });
}

for (const config of ['nodenext', 'bundler']) {
  test(`consumer.ts and misuse.ts compile with tsc --strict (${config})`, () => {
    const r = compile(['-p', `types/tsconfig.${config}.json`]);
    assert.equal(r.status, 0, `tsc (${config}):\n${r.stdout}${r.stderr}`);
  });
}

test('the misuse file is really checked: without its @ts-expect-error lines, each misuse is an error', () => {
  // Every directive must sit on a line that really is an error, one misuse per line.
  const text = readFileSync(new URL('types/misuse.ts', import.meta.url), 'utf8');
  const expected = (text.match(/^\s*\/\/ @ts-expect-error/gm) ?? []).length;
  assert.ok(expected >= 30, `only ${expected} misuse cases`);
  const unchecked = join(here, 'types', '.misuse-unchecked.ts');
  writeFileSync(unchecked, text.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
  try {
    const r = compile(['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022', join(here, 'types', 'globals.d.ts'), unchecked]);
    assert.notEqual(r.status, 0);
    const lines = new Set([...r.stdout.matchAll(/misuse-unchecked\.ts\((\d+),\d+\): error TS\d+/g)].map((m) => m[1]));
    assert.ok(lines.size >= expected, `${lines.size} lines with errors for ${expected} misuses:\n${r.stdout}`);
  } finally {
    rmSync(unchecked, { force: true });
  }
});
