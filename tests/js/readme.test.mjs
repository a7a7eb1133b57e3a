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

/** Every ```js block under a heading, up to the next heading. */
function snippetsUnder(heading) {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}" section`);
  const end = readme.indexOf('\n## ', at + heading.length + 2);
  return [...readme.slice(at, end < 0 ? undefined : end).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function runs(code, what) {
  const file = `${here}.readme-snippet.mjs`;
  writeFileSync(file, code);
  try {
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8', cwd: here });
    assert.equal(r.status, 0, `${what}: ${r.stderr}`);
  } finally {
    rmSync(file, { force: true });
  }
}

test('README emulator key sets (public key, certificate, migration) run as written', () => {
  const blocks = snippetsUnder('## Local WeChat Pay emulator');
  assert.equal(blocks.length, 2);
  blocks.forEach((code, i) => runs(code, `emulator block ${i + 1}`));
});

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

// Issue 13 item 8: the README's Workers snippet may never be weaker than examples/worker. Issue
// 18: it runs in real workerd with a D1 database: 50 concurrent duplicate deliveries are all
// acked and leave one ledger row (the marker and the row commit in one batch), a forgery is 401,
// an oversized streamed body is 413.
test('README Workers snippet in workerd on D1: 50 concurrent duplicates → one ledger row, forgery 401, oversized 413', async () => {
  const { Miniflare } = await import('miniflare');
  const { bundleForWorkerd } = await import('./helpers/workerd-bundle.mjs');
  const { testKeys, signNotification } = await import('wechatpay-edge/testing');
  const snippet = snippetUnder('## Cloudflare Workers webhook (分账动账通知)');
  assert.match(snippet, /handleOnce\(\{ store: d1Store\(env\.DB\)/, 'the snippet processes on D1 through handleOnce');
  const worker = `${here}.readme-worker.mjs`;
  writeFileSync(worker, snippet);
  const mf = new Miniflare({
    ...bundleForWorkerd(new URL(`file://${worker}`)),
    d1Databases: ['DB'],
    bindings: { WECHATPAY_PUBLIC_KEY_ID: testKeys.publicKeyId, WECHATPAY_PUBLIC_KEY: testKeys.publicKey, WECHATPAY_APIV3_KEY: testKeys.apiV3Key },
  });
  try {
    // The table the README names as yours (examples/worker/schema.sql has the example's own).
    const db = await mf.getD1Database('DB');
    await db.prepare('CREATE TABLE ledger (idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, data TEXT)').run();
    const rows = async () => (await db.prepare('SELECT COUNT(*) AS n FROM ledger').first()).n;
    const n = signNotification({
      payload: { sub_mchid: '1900000109', transaction_id: '4200000000000000000000000000', order_id: '1217752501201407033233368018', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: 'x' } },
      eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key,
      privateKey: testKeys.publicKeyPrivateKey, serial: testKeys.publicKeyId, timestamp: Math.floor(Date.now() / 1000),
    });
    const deliver = (body = n.body) => mf.dispatchFetch('http://localhost/', { method: 'POST', headers: n.headers, body });
    const replies = await Promise.all(Array.from({ length: 50 }, () => deliver()));
    assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
    await Promise.all(replies.map((r) => r.text()));
    assert.equal(await rows(), 1, 'processed exactly once');
    const forged = await deliver(n.body.replace('"id":"', '"id":"X'));
    assert.equal(forged.status, 401);
    await forged.text();
    const declared = await mf.dispatchFetch('http://localhost/', { method: 'POST', headers: n.headers, body: new Uint8Array(70 * 1024) });
    assert.equal(declared.status, 413);
    await declared.text();
    // Streamed without a length: the worker stops reading at the cap and answers 413 while the
    // client is still sending, which the client may see as that 413 or as a reset connection.
    let sent = 0;
    const streamed = new ReadableStream({ pull(c) { if (sent++ >= 12) c.close(); else c.enqueue(new Uint8Array(16 * 1024)); } });
    const outcome = await mf.dispatchFetch('http://localhost/', { method: 'POST', headers: n.headers, body: streamed, duplex: 'half' })
      .then((r) => r.status, (e) => e.cause?.code ?? e.message);
    assert.ok(outcome === 413 || outcome === 'ECONNRESET' || outcome === 'EPIPE', `streamed oversized body: ${outcome}`);
    assert.equal(await rows(), 1, 'nothing else was processed');
  } finally {
    await mf.dispose();
    rmSync(worker, { force: true });
  }
});
