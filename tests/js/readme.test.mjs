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

// Issue 17: the "## Client" snippets. The Node one runs as written against an emulator (started
// here on a free port: its fixed 8723 is replaced by that port); the Worker one in real workerd
// against the same emulator, a query and a signed notification. The retry-safety table is the
// client's own OPERATIONS table, row for row.
test('README Client snippets run as written (Node against the emulator, the Worker in workerd); the retry table is the client\'s', async () => {
  const { startEmulator } = await import('wechatpay-edge/emulator');
  const { testKeys, signNotification } = await import('wechatpay-edge/testing');
  const [nodeBlock, workerBlock] = snippetsUnder('## Client');
  assert.ok(nodeBlock.includes("'http://127.0.0.1:8723'") && workerBlock, 'two js blocks, the first against the emulator');
  const emu = await startEmulator({ processingDelaySec: 0.05 });
  try {
    const file = `${here}.readme-snippet.mjs`;
    writeFileSync(file, nodeBlock.replace("'http://127.0.0.1:8723'", `'${emu.url}'`));
    try {
      // Not spawnSync: the emulator answers from this process's event loop.
      const { execFile } = await import('node:child_process');
      const r = await new Promise((resolve) => execFile(process.execPath, [file], { encoding: 'utf8', cwd: here, timeout: 60_000 }, (err, stdout, stderr) => resolve({ status: err ? err.code ?? 1 : 0, stdout, stderr })));
      assert.equal(r.status, 0, `Client (Node): ${r.stderr}`);
      assert.match(r.stdout, /^PROCESSING$/m);
      assert.match(r.stdout, /^true FINISHED$/m);
      assert.match(r.stdout, /^ERR_WXPAY_API 404 RESOURCE_NOT_EXISTS EMU\w+ 1$/m);
      assert.match(r.stdout, /^POST \/v3\/ecommerce\/profitsharing\/orders 200 EMU\w+ attempt 1 \d+ ms$/m);
    } finally {
      rmSync(file, { force: true });
    }

    const { Miniflare } = await import('miniflare');
    const { bundleForWorkerd } = await import('./helpers/workerd-bundle.mjs');
    const worker = `${here}.readme-client-worker.mjs`;
    writeFileSync(worker, workerBlock);
    const mf = new Miniflare({
      ...bundleForWorkerd(new URL(`file://${worker}`)),
      bindings: {
        WECHATPAY_MCHID: testKeys.mchid, WECHATPAY_SERIAL_NO: testKeys.merchantSerialNo, WECHATPAY_PRIVATE_KEY: testKeys.merchantPrivateKey,
        WECHATPAY_PUBLIC_KEY_ID: testKeys.publicKeyId, WECHATPAY_PUBLIC_KEY: testKeys.publicKey, WECHATPAY_APIV3_KEY: testKeys.apiV3Key,
        WECHATPAY_BASE_URL: emu.url,
      },
    });
    try {
      const t = emu.seedTransaction({ sub_mchid: '1900000109', amount: 10000 });
      const q = new URLSearchParams({ sub_mchid: '1900000109', transaction_id: t.transaction_id, out_order_no: 'none' });
      const missing = await mf.dispatchFetch(`http://localhost/?${q}`);
      assert.equal(missing.status, 500, 'an unknown order rejects (the snippet does not catch)');
      await missing.text();
      const n = signNotification({
        payload: { sub_mchid: '1900000109', transaction_id: t.transaction_id, order_id: '3008000000000000000000000001', out_order_no: 'P1', receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 100, description: 'x' } },
        eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: testKeys.apiV3Key,
        privateKey: testKeys.publicKeyPrivateKey, serial: testKeys.publicKeyId, timestamp: Math.floor(Date.now() / 1000),
      });
      const acked = await mf.dispatchFetch('http://localhost/', { method: 'POST', headers: n.headers, body: n.body });
      assert.equal(acked.status, 200);
      assert.match(await acked.text(), /SUCCESS/);
    } finally {
      await mf.dispose();
      rmSync(worker, { force: true });
    }
  } finally {
    await emu.close();
  }

  const { OPERATIONS } = await import(new URL('./node_modules/wechatpay-edge/src/client/operations.js', import.meta.url));
  const at = readme.indexOf('| operation | method | why a retry is safe |');
  assert.ok(at >= 0, 'README has the retry-safety table');
  const lines = readme.slice(at).split('\n').slice(2);
  const rows = lines.slice(0, lines.findIndex((l) => !l.startsWith('|')));
  assert.deepEqual(rows, OPERATIONS.map((o) => `| \`${o.namespace}.${o.name}\` | ${o.method} | ${o.retrySafe} |`));
});
