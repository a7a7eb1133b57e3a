// The CLI help and the typings document every control route, POST /_emulator/notifications
// included, and what --state does (journal, compaction).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'node_modules', '.bin', 'wechatpay-edge');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('wechatpay-edge/package.json'));

test('emulate --help names POST /_emulator/notifications and the state journal', async () => {
  const stdout = await new Promise((resolve, reject) =>
    execFile(bin, ['emulate', '--help'], { timeout: 10_000 }, (err, out) => (err ? reject(err) : resolve(out))),
  );
  assert.match(stdout, /POST \/_emulator\/notifications/);
  assert.match(stdout, /event_type, payload/);
  assert.match(stdout, /FILE\.jsonl/);
  // --rewrite-notify: why (notify_url must be https) and an example; how faults are consumed; --signing.
  assert.match(stdout, /--rewrite-notify FROM=TO[\s\S]*must be https[\s\S]*--rewrite-notify https:\/\/shop\.example\.com\/=http:\/\/127\.0\.0\.1:3000\//);
  assert.match(stdout, /consumed one per notification, in the order\s+queued/);
  assert.match(stdout, /--signing MODE[\s\S]*public-key[\s\S]*certificate[\s\S]*both/);
  assert.match(stdout, /npm install sql\.js@1\.16\.0/);
});

test('the emulator typings document POST /_emulator/notifications and its body', () => {
  const dts = readFileSync(join(pkgDir, 'emulator', 'index.d.ts'), 'utf8');
  assert.match(dts, /POST \/_emulator\/notifications/);
  assert.match(dts, /export interface CustomNotificationInput/);
  assert.match(dts, /\.jsonl/);
  assert.match(dts, /signing\?: 'public-key' \| 'certificate' \| 'both'/);
  assert.match(dts, /must be https[\s\S]*?notifyRewrites\?:/);
  assert.match(dts, /consumed one per notification, in the order\s+(\/\/\s+)?queued/);
  assert.match(dts, /ERR_EMULATOR_NO_SQLITE/);
});

test('GET /_emulator lists the control routes, POST /_emulator/notifications included', async () => {
  const { startEmulator, admin } = await import('./helpers.mjs');
  const emu = await startEmulator({ timeScale: 0.01 });
  try {
    const info = (await admin(emu, '')).json;
    const routes = info.control_routes.map((r) => r.route);
    assert.ok(routes.includes('POST /_emulator/notifications'), JSON.stringify(routes));
    assert.ok(routes.includes('POST /_emulator/receivers/:mchid/notify-url'));
    assert.equal(info.state_journal, null);
    assert.equal(info.signing, 'public-key');
    // Each route: what it does, its body shape (null: none) and a curl example against this emulator.
    for (const r of info.control_routes) {
      assert.equal(typeof r.does, 'string', r.route);
      assert.ok(r.body === null || typeof r.body === 'string', r.route);
      if (r.route.startsWith('POST /_emulator/') && !/reset|expire|confirm/.test(r.route)) assert.match(r.body, /\{/, r.route);
      assert.ok(r.example.startsWith('curl ') && r.example.includes(emu.url), `${r.route}: ${r.example}`);
      if (r.body && !r.body.includes('or no body')) assert.match(r.example, / -d '\{/, r.route);
    }
    // The examples work: the POST ones with a body are accepted as written (run in order on this emulator).
    const exec = (example) => {
      const m = example.match(/^curl (?:-X (\w+) )?"?(\S+?)"?(?: -d '(.*)')?$/);
      return fetch(m[2], { method: m[1] ?? (m[3] ? 'POST' : 'GET'), ...(m[3] ? { body: m[3] } : {}) });
    };
    for (const route of ['POST /_emulator/transactions', 'POST /_emulator/receivers/:mchid/notify-url', 'POST /_emulator/faults', 'POST /_emulator/notify-rewrites', 'GET /_emulator/deliveries']) {
      const r = info.control_routes.find((x) => x.route === route);
      const res = await exec(r.example);
      assert.ok(res.status < 300, `${route}: ${res.status} ${await res.text()}`);
    }
  } finally {
    await emu.close();
  }
});
