// The command line: `wechatpay-edge emulate …` from the installed package's bin; loopback only
// unless --allow-remote; the library entries never reach the emulator or sql.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { wx, startEmulator, send, admin, SUB } from './helpers.mjs';
import { isLoopbackHost } from 'wechatpay-edge/emulator';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'wechatpay-edge');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('wechatpay-edge/package.json'));

/** Runs the bin; resolves { code, stdout, stderr } at exit, or once `ready` matches stdout (then { child, … }). */
function run(args, { ready, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  assert.match(pkg.dependencies['sql.js'], /^\d+\.\d+\.\d+$/, 'pinned exactly');
  for (const d of ['entry', 'src', 'testing']) {
    for (const f of readdirSync(join(pkgDir, d))) {
      const text = readFileSync(join(pkgDir, d, f), 'utf8');
      assert.ok(!/sql\.js|emulator\//.test(text), `${d}/${f} must not reach the emulator`);
    }
  }
  assert.match(readFileSync(join(pkgDir, 'bin', 'wechatpay-edge.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
