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
});

test('the emulator typings document POST /_emulator/notifications and its body', () => {
  const dts = readFileSync(join(pkgDir, 'emulator', 'index.d.ts'), 'utf8');
  assert.match(dts, /POST \/_emulator\/notifications/);
  assert.match(dts, /export interface CustomNotificationInput/);
  assert.match(dts, /\.jsonl/);
});

test('GET /_emulator lists the control routes, POST /_emulator/notifications included', async () => {
  const { startEmulator, admin } = await import('./helpers.mjs');
  const emu = await startEmulator({ timeScale: 0.01 });
  try {
    const info = (await admin(emu, '')).json;
    assert.ok(info.control_routes.includes('POST /_emulator/notifications'), JSON.stringify(info.control_routes));
    assert.ok(info.control_routes.includes('POST /_emulator/receivers/:mchid/notify-url'));
    assert.equal(info.state_journal, null);
  } finally {
    await emu.close();
  }
});
