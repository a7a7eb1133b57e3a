#!/usr/bin/env node
// Soak test of exactly-once webhooks (issue 18): examples/node (one process, on a throwaway
// PostgreSQL, or sql.js with --sqlite) receives 分账动账通知 from the emulator at a steady rate,
// with a share of them faulted:
//   duplicate   the emulator sends 2 extra copies at once with the first delivery
//   probe       a WECHATPAY/SIGNTEST/ copy first (must be refused)
//   stale       a copy signed 10 minutes ago first (must be refused)
//   drop        the connection is cut after the backend answered (a proxy in between reads the
//               answer and resets the socket): the emulator sees no 200 and retries; the
//               backend has already committed, so the retry must be acked as a duplicate
// At the end every notification must be delivered and have exactly one ledger row.
// Reports throughput, p50/p99 latency (the emulator's attempt durations: POST to answer),
// backend CPU per notification, lost (must be 0) and processed twice (must be 0).
//
//   node scripts/soak-webhooks.mjs [--duration 600] [--rate 40] [--faults 0.05] [--sqlite]
//
// Needs what scripts/test-webhooks.sh installs (tests/webhooks/node_modules, examples/node/node_modules,
// PostgreSQL). Loopback only. Exit status 1 when anything was lost or processed twice.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const durationSec = Number(arg('duration', 600));
const rate = Number(arg('rate', 40));
const faultShare = Number(arg('faults', 0.05));
const useSqlite = process.argv.includes('--sqlite');

const webhooksModules = join(root, 'tests', 'webhooks', 'node_modules');
const pkg = join(webhooksModules, 'wechatpay-edge');
const { startEmulator } = await import(pathToFileURL(join(pkg, 'emulator', 'index.js')).href);
const { testKeys } = await import(pathToFileURL(join(pkg, 'testing', 'node.js')).href);
const pg = createRequire(join(webhooksModules, 'x.js'))('pg');
const { startPostgres } = await import(pathToFileURL(join(root, 'tests', 'webhooks', 'postgres.mjs')).href);

const dir = mkdtempSync(join(tmpdir(), 'wxe-soak-'));
const keyFile = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const database = useSqlite ? null : await startPostgres();
const sqliteFile = join(dir, 'soak.sqlite');

// ---- the backend: examples/node/server.mjs, one process ---------------------------------
const backend = spawn(process.execPath, [join(root, 'examples', 'node', 'server.mjs')], {
  env: {
    ...process.env,
    PORT: '0',
    WECHATPAY_MCHID: testKeys.mchid,
    WECHATPAY_MERCHANT_SERIAL: testKeys.merchantSerialNo,
    WECHATPAY_MERCHANT_KEY_FILE: keyFile('merchant.pem', testKeys.merchantPrivateKey),
    WECHATPAY_APIV3_KEY: testKeys.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: testKeys.publicKeyId,
    WECHATPAY_PUBLIC_KEY_FILE: keyFile('pub.pem', testKeys.publicKey),
    ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '', SQLITE_FILE: sqliteFile }),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const backendUrl = await new Promise((resolve, reject) => {
  let out = '';
  backend.stdout.on('data', function onData(c) {
    out += c;
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (m) {
      backend.stdout.off('data', onData);
      backend.stdout.resume();
      resolve(m[1]);
    }
  });
  backend.once('exit', (code) => reject(new Error(`backend exited (${code})`)));
});

/** utime + stime of the backend, in ms (Linux /proc; clock ticks of 10 ms). */
function backendCpuMs() {
  const stat = readFileSync(`/proc/${backend.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

// ---- the connection-dropping proxy ------------------------------------------------------
// Requests for /drop/… are forwarded to the backend; once its answer is in, the client's socket
// is destroyed instead of answering (the first delivery only: retries pass through).
const dropped = new Set();
let drops = 0;
const proxy = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  const id = req.url.split('/')[2];
  const headers = { ...req.headers };
  delete headers.host;
  delete headers.connection;
  const answer = await fetch(`${backendUrl}/wechatpay/notify`, { method: 'POST', headers, body });
  const text = await answer.text();
  if (answer.status === 200 && !dropped.has(id)) {
    dropped.add(id);
    drops += 1;
    req.socket.destroy();
    return;
  }
  res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
  res.end(text);
});
await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;

// ---- the emulator -------------------------------------------------------------------------
// Time scale 0.01: WeChat Pay's 15 s first retry is 150 ms.
const emu = await startEmulator({ timeScale: 0.01 });
const control = (path, body) => fetch(`${emu.url}/_emulator${path}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => {
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
});

const sent = new Map(); // out_order_no → fault
const faults = { duplicate: 0, probe: 0, stale: 0, drop: 0 };
let seq = 0;
async function notifyOne() {
  const n = ++seq;
  const outOrderNo = `SOAK${String(n).padStart(8, '0')}`;
  let fault = null;
  let url = `${backendUrl}/wechatpay/notify`;
  if (Math.random() < faultShare) {
    fault = ['duplicate', 'probe', 'stale', 'drop'][n % 4];
    faults[fault] += 1;
    if (fault === 'drop') url = `${proxyUrl}/drop/${outOrderNo}`;
    // A queued fault goes to the next notification: the control calls are serialised below.
    else await control('/faults', fault === 'duplicate' ? { duplicate: 2 } : { [fault]: true });
  }
  sent.set(outOrderNo, fault);
  await control('/notifications', {
    event_type: 'PROFITSHARING.SUCCESS',
    summary: '分账',
    url,
    payload: {
      sp_mchid: testKeys.mchid,
      sub_mchid: '1900000109',
      transaction_id: '4200000000000000000000000001',
      order_id: `3008${String(n).padStart(24, '0')}`,
      out_order_no: outOrderNo,
      receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 100 + (n % 900), description: '平台服务费' },
      success_time: new Date().toISOString().slice(0, 19) + '+08:00',
    },
  });
}

console.log(`soak: ${durationSec} s at ${rate}/s, ${faultShare * 100} % faulted, backend examples/node on ${database ? 'PostgreSQL 1 process' : 'sql.js'}, ${cpus().length} cores`);
const cpu0 = backendCpuMs();
const t0 = Date.now();
let chain = Promise.resolve();
let nextAt = t0;
let lastReport = t0;
while (Date.now() - t0 < durationSec * 1000) {
  nextAt += 1000 / rate;
  chain = chain.then(notifyOne); // one control call at a time keeps each fault on its notification
  const wait = nextAt - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (Date.now() - lastReport > 60_000) {
    lastReport = Date.now();
    console.log(`  ${Math.round((Date.now() - t0) / 1000)} s: ${seq} sent`);
  }
}
await chain;
const sendSec = (Date.now() - t0) / 1000;
// Everything delivered (retries of dropped connections included).
const all = await emu.settle(120_000);
const cpuMs = backendCpuMs() - cpu0;

const rowsByOrder = new Map();
if (database) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  for (const r of (await client.query("SELECT out_no, COUNT(*) AS n FROM ledger WHERE out_no LIKE 'SOAK%' GROUP BY out_no")).rows) rowsByOrder.set(r.out_no, Number(r.n));
  await client.end();
}
backend.kill('SIGTERM');
await new Promise((r) => backend.once('exit', r));
if (!database) {
  const initSqlJs = createRequire(join(root, 'examples', 'node', 'x.js'))('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(sqliteFile));
  for (const [outNo, n] of db.exec("SELECT out_no, COUNT(*) FROM ledger WHERE out_no LIKE 'SOAK%' GROUP BY out_no")[0]?.values ?? []) rowsByOrder.set(outNo, Number(n));
  db.close();
}

let lost = 0;
let twice = 0;
for (const outNo of sent.keys()) {
  const n = rowsByOrder.get(outNo) ?? 0;
  if (n === 0) lost += 1;
  if (n > 1) twice += 1;
}
const attempts = all.flatMap((d) => d.attempts);
const durations = attempts.filter((a) => a.kind === 'delivery' && a.status === 200).map((a) => a.duration_ms).sort((a, b) => a - b);
const pct = (p) => durations[Math.min(durations.length - 1, Math.floor((p / 100) * durations.length))];
const accepted = attempts.filter((a) => (a.kind === 'probe' || a.kind === 'stale') && a.ok).length;
const undelivered = all.filter((d) => d.state !== 'delivered').length;
const requests = attempts.length;

const report = {
  notifications: sent.size,
  seconds: Math.round(sendSec),
  throughput_per_s: Number((sent.size / sendSec).toFixed(1)),
  faulted: faults,
  connections_dropped_after_commit: drops,
  http_requests_to_backend: requests,
  latency_ms: { p50: pct(50), p99: pct(99), max: durations.at(-1) },
  backend_cpu_ms_per_notification: Number((cpuMs / sent.size).toFixed(2)),
  backend_cpu_share: Number((cpuMs / 1000 / sendSec).toFixed(3)),
  probes_or_stale_accepted: accepted,
  undelivered,
  lost,
  processed_twice: twice,
};
console.log(JSON.stringify(report, null, 2));

await emu.close();
await new Promise((r) => proxy.close(r));
database?.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(lost || twice || accepted || undelivered ? 1 : 0);
