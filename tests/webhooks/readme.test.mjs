// The README's "Webhooks in production" snippet runs as written, on a real PostgreSQL
// (DATABASE_URL), against the installed package: processed once, then a duplicate; one row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgres } from './postgres.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function snippetsUnder(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}" section`);
  const end = readme.indexOf('\n## ', at + heading.length + 2);
  return [...readme.slice(at, end < 0 ? undefined : end).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

test('README "Webhooks in production" snippet runs as written on PostgreSQL: processed, then duplicate; one ledger row', async () => {
  const blocks = snippetsUnder('## Webhooks in production');
  assert.equal(blocks.length, 1);
  const server = await startPostgres();
  const file = `${here}.readme-production.mjs`;
  writeFileSync(file, blocks[0]);
  try {
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: here, env: { ...process.env, DATABASE_URL: server.url } });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['processed 200', 'duplicate 200']);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      assert.equal(Number((await client.query('SELECT COUNT(*) AS n FROM ledger')).rows[0].n), 1);
    } finally {
      await client.end();
    }
  } finally {
    rmSync(file, { force: true });
    server.stop();
  }
});
