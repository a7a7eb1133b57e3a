// README snippets that need no keys run as written, against the installed package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first ```js block after a heading. */
function snippetUnder(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}" section`);
  const block = readme.slice(at).match(/```js\n([\s\S]*?)```/);
  assert.ok(block, `no js block under "${heading}"`);
  return block[1];
}

test('README "Following the official pages" snippet runs as written', () => {
  const file = `${here}.readme-snippet.mjs`;
  writeFileSync(file, snippetUnder('## Following the official pages'));
  try {
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: here });
    assert.equal(r.status, 0, r.stderr);
  } finally {
    rmSync(file, { force: true });
  }
});
