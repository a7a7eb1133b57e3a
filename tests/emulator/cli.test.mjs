// The command line: `wechatpay-edge emulate …` from the installed package's bin; loopback only
// unless --allow-remote; the library entries never reach the emulator or sql.js; the key set it
// prints at start works as printed; --state without any SQLite says how to fix it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { wx, startEmulator, send, admin, webhook, SUB, RECEIVER } from './helpers.mjs';
import { isLoopbackHost } from 'wechatpay-edge/emulator';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'wechatpay-edge');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('wechatpay-edge/package.json'));

/** Runs the bin; resolves { code, stdout, stderr } at exit, or once `ready` matches stdout (then { child, … }). */
function run(args, { ready, timeoutMs = 10_000, command = bin, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${stdout} ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (c) => {
      stdout += c;
      const m = ready && stdout.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, stdout });
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const stop = (child) => new Promise((r) => {
  child.on('exit', (code, signal) => r({ code, signal }));
  child.kill('SIGTERM');
});

test('npx wechatpay-edge emulate: starts, answers signed calls, stops on SIGTERM', async () => {
  const { child, match } = await run(['emulate', '--port', '0', '--time-scale', '0.01', '--quiet'], { ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/ });
  try {
    const emu = { url: match[1] };
    const seeded = await admin(emu, '/transactions', { sub_mchid: SUB, amount: 1234 });
    assert.equal(seeded.status, 201);
    const r = await send(emu, wx.profitSharing.queryAmounts({ transaction_id: seeded.json.transaction_id }));
    assert.equal(r.status, 200);
    assert.equal(r.json.unsplit_amount, 1234);
    const info = (await admin(emu, '')).json;
    assert.equal(info.time_scale, 0.01);
    assert.deepEqual(info.retry_schedule_sec, [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
  } finally {
    const { code } = await stop(child);
    assert.equal(code, 0);
  }
});

test('the CLI with --state FILE keeps state across a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxe-cli-'));
  try {
    const file = join(dir, 'emu.sqlite');
    const args = ['emulate', '--port', '0', '--quiet', '--state', file, '--max-ratio-bp', '5000'];
    const first = await run(args, { ready: /listening on (http:\/\/\S+)/ });
    const t = await admin({ url: first.match[1] }, '/transactions', { sub_mchid: SUB, amount: 777, fee: 7 });
    await stop(first.child);
    const second = await run(args, { ready: /listening on (http:\/\/\S+)/ });
    try {
      const view = await admin({ url: second.match[1] }, `/transactions/${t.json.transaction_id}`);
      assert.equal(view.status, 200);
      assert.equal(view.json.splittable, 770);
      assert.equal(view.json.cap, 385, '--max-ratio-bp 5000');
      assert.match(second.stdout, /state: +\S+emu\.sqlite/);
    } finally {
      await stop(second.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('binding anything but loopback is refused unless --allow-remote', async () => {
  for (const host of ['0.0.0.0', '192.0.2.1', '::', 'example.com']) {
    const r = await run(['emulate', '--host', host, '--port', '0']);
    assert.equal(r.code, 2, `${host}: ${r.stderr}`);
    assert.match(r.stderr, /refusing to listen on .*--allow-remote/);
  }
  await assert.rejects(startEmulator({ host: '0.0.0.0' }), { code: 'ERR_EMULATOR_REMOTE' });
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHost(h), h);
  const e = await startEmulator({ host: 'localhost', port: 0 });
  assert.match(e.url, /^http:\/\/localhost:\d+$/);
  await e.close();
});

test('usage errors exit 2; --help exits 0', async () => {
  let r = await run(['emulate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--time-scale F/);
  r = await run(['emulate', '--time-scale', '0']);
  assert.equal(r.code, 2);
  r = await run(['emulate', '--max-ratio-bp', '20000', '--port', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /maxRatioBp/);
  r = await run(['frobnicate']);
  assert.equal(r.code, 2);
});

test('the package: bin and a node-only ./emulator export; the library entries never import the emulator or sql.js', () => {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.bin, { 'wechatpay-edge': './bin/wechatpay-edge.js' });
  assert.deepEqual(Object.keys(pkg.exports['./emulator']).filter((k) => k !== 'types'), ['node']);
  // sql.js (30 MB, only for --state) is an optional peer: a library install does not fetch it.
  assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');
  assert.match(pkg.peerDependencies['sql.js'], /^\^1\.\d+\.\d+$/);
  assert.deepEqual(pkg.peerDependenciesMeta, { 'sql.js': { optional: true } });
  for (const d of ['entry', 'src', 'src/client', 'testing']) {
    for (const f of readdirSync(join(pkgDir, d), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
      const text = readFileSync(join(pkgDir, d, f), 'utf8');
      assert.ok(!/sql\.js|emulator\//.test(text), `${d}/${f} must not reach the emulator`);
    }
  }
  assert.match(readFileSync(join(pkgDir, 'bin', 'wechatpay-edge.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('emulate prints a key-set snippet that works as printed: a verified call and a verified notification', async () => {
  const { child, stdout: first } = await run(['emulate', '--port', '0', '--time-scale', '0.01', '--quiet'], { ready: /\/\/ end of key set/ });
  const file = join(here, `.snippet-${process.pid}.mjs`);
  const hook = await webhook();
  try {
    const url = first.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)[1];
    assert.match(first, new RegExp(`baseUrl for prepare\\(\\): +${url.replace(/\./g, '\\.')}`));
    assert.match(first, /signing: +public-key/);
    const snippet = first.slice(first.indexOf('// wechatpay-edge emulator at'), first.indexOf('// end of key set') + '// end of key set'.length);
    assert.match(snippet, /createPlatformKeySet\(\[importPlatformPublicKey\(\{ id: testKeys\.publicKeyId, pem: testKeys\.publicKey \}\)\]/);
    assert.doesNotMatch(snippet, /importPlatformCertificate/, 'public-key mode: the public key alone');
    assert.match(snippet, /const apiV3Key = testKeys\.apiV3Key;/);
    assert.match(snippet, new RegExp(`const baseUrl = '${url.replace(/\./g, '\\.')}';`));
    // The snippet verbatim, then what a user would do with it.
    writeFileSync(
      file,
      `${snippet}
import { profitSharing, parseNotification as parse } from 'wechatpay-edge';
import { createServer } from 'node:http';
const seeded = await (await fetch(baseUrl + '/_emulator/transactions', { method: 'POST', body: JSON.stringify({ sub_mchid: '${SUB}', amount: 4321 }) })).json();
const req = prepare(merchant, profitSharing.queryAmounts({ transaction_id: seeded.transaction_id }), { baseUrl });
const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
const text = await res.text();
const checked = verifyResponse({ status: res.status, headers: res.headers, body: text, keys });
let done;
const got = new Promise((r) => (done = r));
const server = createServer((q, s) => { const c = []; q.on('data', (x) => c.push(x)); q.on('end', () => { done(parse({ headers: q.headers, body: Buffer.concat(c), keys, apiV3Key })); s.writeHead(200).end(); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
await fetch(baseUrl + '/_emulator/notifications', { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/n', event_type: 'PROFITSHARING.FROZEN', summary: '分账冻结', payload: { x: 1 } }) });
const n = await got;
server.close();
console.log(JSON.stringify({ serial: checked.verified.serial, unsplit: JSON.parse(text).unsplit_amount, notification: n.verified.serial, data: n.data }));
`,
    );
    const out = await new Promise((resolve, reject) =>
      execFile(process.execPath, [file], { timeout: 10_000 }, (err, o, e) => (err ? reject(new Error(`${err.message}\n${e}`)) : resolve(o))),
    );
    const result = JSON.parse(out.trim().split('\n').at(-1));
    assert.equal(result.serial, (await import('wechatpay-edge/testing')).testKeys.publicKeyId);
    assert.equal(result.unsplit, 4321);
    assert.equal(result.notification, result.serial);
    assert.deepEqual(result.data, { x: 1 });
  } finally {
    rmSync(file, { force: true });
    await hook.close();
    await stop(child);
  }
});

test('--signing certificate|both: the snippet names the keys of the mode; an unknown mode is a usage error', async () => {
  for (const [mode, pub, crt] of [['certificate', false, true], ['both', true, true]]) {
    const { child, stdout } = await run(['emulate', '--port', '0', '--quiet', '--signing', mode], { ready: /\/\/ end of key set/ });
    await stop(child);
    assert.match(stdout, new RegExp(`signing: +${mode}`));
    assert.equal(/importPlatformPublicKey\(/.test(stdout), pub, mode);
    assert.equal(/importPlatformCertificate\(testKeys\.platformCertificate\)/.test(stdout), crt, mode);
  }
  const r = await run(['emulate', '--signing', 'pubkey', '--port', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--signing is public-key, certificate, both/);
  await assert.rejects(startEmulator({ signing: 'pubkey' }), { code: 'ERR_EMULATOR_OPTION' });
});

test('--state with neither node:sqlite nor sql.js: a clear ERR_EMULATOR_NO_SQLITE; in memory it needs neither', async () => {
  // An honest install without sql.js: the installed package copied where no node_modules holds sql.js.
  const dir = mkdtempSync(join(tmpdir(), 'wxe-nosql-'));
  try {
    const copy = join(dir, 'node_modules', 'wechatpay-edge');
    mkdirSync(dirname(copy), { recursive: true });
    cpSync(pkgDir, copy, { recursive: true });
    const env = { ...process.env };
    delete env.NODE_PATH;
    const cliArgs = [join(copy, 'bin', 'wechatpay-edge.js'), 'emulate', '--port', '0', '--quiet'];
    const hasNodeSqlite = await import('node:sqlite').then(() => true, () => false);
    const withState = await run([...cliArgs, '--state', join(dir, 'emu.sqlite')], { command: process.execPath, env, ready: /listening on/ });
    if (hasNodeSqlite) {
      // Node >= 22.5 (unflagged): node:sqlite keeps the state, no sql.js needed.
      assert.match(withState.stdout, /state: +\S+emu\.sqlite \(node:sqlite\)/);
      await stop(withState.child);
    } else {
      assert.equal(withState.code, 2, withState.stderr);
      assert.match(withState.stderr, /--state needs SQLite/);
      assert.match(withState.stderr, /npm install sql\.js@1\.16\.0/);
      assert.match(withState.stderr, /Node >= 22\.5/);
      const lib = await import(join(copy, 'emulator', 'index.js'));
      await assert.rejects(lib.startEmulator({ statePath: join(dir, 'lib.sqlite') }), (err) => err.code === 'ERR_EMULATOR_NO_SQLITE' && /sql\.js: not installed/.test(err.message));
    }
    const memory = await run(cliArgs, { command: process.execPath, env, ready: /listening on (http:\/\/\S+)/ });
    try {
      assert.match(memory.stdout, /state: +in memory/);
      const t = await admin({ url: memory.match[1] }, '/transactions', { sub_mchid: SUB, amount: 100 });
      assert.equal(t.status, 201);
    } finally {
      await stop(memory.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with sql.js installed (tests/emulator devDependencies) --state uses it on this Node unless node:sqlite is there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxe-backend-'));
  try {
    const e = await startEmulator({ statePath: join(dir, 's.sqlite') });
    const hasNodeSqlite = await import('node:sqlite').then(() => true, () => false);
    assert.equal(e.stateBackend, hasNodeSqlite ? 'node:sqlite' : 'sql.js');
    assert.equal(e.info().state_backend, e.stateBackend);
    await e.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
