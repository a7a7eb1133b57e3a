#!/usr/bin/env node
// Memory over long runs (issue 13): 200 000 notifications, 100 000 builds and key-set churn
// through each entry (node, the portable wasm path of the browser entry, workerd via
// miniflare), printing RSS and wasm memory at start, middle and end of each run. The churn run
// frees its keys explicitly; in workerd a last run, churn-unfreed, shows what leaving it to
// FinalizationRegistry costs there (its callbacks never run: memory grows with every import).
//
// On demand, not in CI (several minutes: the wasm paths verify RSA in wasm). Against the
// packed package installed in tests/js (scripts/test-js.sh installs it):
//   node --expose-gc scripts/memory-soak.mjs [--scale=0.1]
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const scale = Number((process.argv.find((a) => a.startsWith('--scale=')) ?? '--scale=1').slice(8));
const COUNTS = { notify: Math.round(200_000 * scale), build: Math.round(100_000 * scale), churn: Math.round(20_000 * scale) };
const here = new URL('../tests/js/', import.meta.url);
const { loadEntries, pkgDir } = await import(new URL('helpers/entries.mjs', here).href);
const { fx } = await import(new URL('helpers/fixtures.mjs', here).href);
const { bundleForWorkerd } = await import(new URL('helpers/workerd-bundle.mjs', here).href);

const MB = (n) => `${(n / 1048576).toFixed(1)} MB`;
const T = 1_800_000_000;
const rows = [];

const gc = async () => {
  if (globalThis.gc) globalThis.gc();
  await new Promise((r) => setImmediate(r)); // lets FinalizationRegistry callbacks free wasm handles
};

function record(entry, kind, at, rss, wasm) {
  rows.push({ entry, kind, at, rss, wasm });
  console.log(`${entry.padEnd(8)} ${kind.padEnd(13)} ${at.padEnd(6)} rss ${MB(rss).padStart(9)}  wasm ${MB(wasm).padStart(8)}`);
}

// ---- node and the portable wasm path, in this process ---------------------------------
const E = await loadEntries();
const glue = await import(new URL('wechatpay_edge.js', pkgDir).href);
const wasmBytes = () => glue.initSync().memory.buffer.byteLength;
const payload = {
  sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '3008450740201411110007820472',
  out_order_no: 'P20150806125346', receiver: { type: 'MERCHANT_ID', account: '1900000109', amount: 888, description: '分给商户' }, success_time: '2026-11-23T10:00:00+08:00',
};
const made = E.nodeTesting.signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账成功', apiV3Key: fx.apiV3Key, privateKey: fx.platformKey, serial: fx.platformSerial, timestamp: T, nonce: 'soak' });
const ORDER = {
  sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', out_order_no: 'P20150806125346',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 100, description: '分给商户' }], finish: false, wechatpay_serial: fx.platformSerial,
};

function step(api, keys, kind, i) {
  if (kind === 'notify') return api.parseNotification({ headers: made.headers, body: made.body, keys, apiV3Key: fx.apiV3Key, now: T });
  if (kind === 'build') {
    return i & 1
      ? api.profitSharing.queryOrder({ sub_mchid: ORDER.sub_mchid, transaction_id: ORDER.transaction_id, out_order_no: `P${i}` })
      : api.profitSharing.createOrder({ ...ORDER, out_order_no: `P${i}` });
  }
  // Keys imported per call and freed explicitly (free() / [Symbol.dispose]()), as a Worker must.
  const cert = api.importPlatformCertificate(fx.platformCert);
  const pub = api.importPlatformPublicKey({ id: fx.publicKeyId, pem: fx.pubKey });
  const set = api.createPlatformKeySet([cert, pub]);
  const out = api.verifyNotification({ headers: made.headers, body: made.body, keys: set, now: T });
  set.free();
  cert.free();
  pub[Symbol.dispose]();
  return out;
}

for (const name of ['node', 'browser']) {
  const api = E[name];
  const keys = api.createPlatformKeySet([api.importPlatformCertificate(fx.platformCert)]);
  for (const kind of ['notify', 'build', 'churn']) {
    const n = COUNTS[kind];
    for (let i = 0; i < 100; i++) step(api, keys, kind, i); // warm-up: JIT and first allocations
    await gc();
    record(name, kind, 'start', process.memoryUsage().rss, wasmBytes());
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      step(api, keys, kind, i);
      if (kind === 'churn' && i % 1000 === 999) await gc();
      if (i === (n >> 1) - 1) {
        await gc();
        record(name, kind, 'middle', process.memoryUsage().rss, wasmBytes());
      }
    }
    await gc();
    record(name, kind, 'end', process.memoryUsage().rss, wasmBytes());
    console.log(`         ${n} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

// ---- workerd -------------------------------------------------------------------------
/** RSS of this process's descendants (the workerd that miniflare runs). */
function childrenRss() {
  const parent = new Map();
  const rss = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${d}/status`, 'utf8'));
      rss.set(Number(d), m ? Number(m[1]) * 1024 : 0);
    } catch {
      // gone
    }
  }
  let total = 0;
  for (const [pid, r] of rss) {
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === process.pid) {
        total += r;
        break;
      }
    }
  }
  return total;
}

const require = createRequire(new URL('package.json', here));
process.chdir(new URL('.', here).pathname); // miniflare resolves the modules root against the working directory
const { Miniflare } = await import(require.resolve('miniflare'));
const mf = new Miniflare(bundleForWorkerd(new URL('workers/soak-worker.js', here)));
try {
  const call = async (path, init) => (await mf.dispatchFetch(`http://localhost${path}`, init)).json();
  let out = await call('/setup', { method: 'POST', body: JSON.stringify(fx) });
  const BATCH = 5000;
  for (const kind of ['notify', 'build', 'churn', 'churn-unfreed']) {
    const n = COUNTS[kind === 'churn-unfreed' ? 'churn' : kind];
    out = await call(`/run?kind=${kind}&n=100`);
    record('workerd', kind, 'start', childrenRss(), out.wasmBytes);
    const started = performance.now();
    for (let done = 0; done < n; ) {
      const b = Math.min(BATCH, n - done, done < n >> 1 ? (n >> 1) - done : Infinity);
      out = await call(`/run?kind=${kind}&n=${b}`);
      done += b;
      if (done === n >> 1) record('workerd', kind, 'middle', childrenRss(), out.wasmBytes);
    }
    record('workerd', kind, 'end', childrenRss(), out.wasmBytes);
    console.log(`         ${n} in ${((performance.now() - started) / 1000).toFixed(1)} s (FinalizationRegistry in workerd: ${out.finalization})`);
  }
} finally {
  await mf.dispose();
}

// ---- summary -------------------------------------------------------------------------
console.log('\nentry    run           wasm start → middle → end        rss start → middle → end');
for (const entry of ['node', 'browser', 'workerd']) {
  for (const kind of ['notify', 'build', 'churn', 'churn-unfreed']) {
    const r = Object.fromEntries(rows.filter((x) => x.entry === entry && x.kind === kind).map((x) => [x.at, x]));
    if (!r.start || !r.end) continue;
    const mid = r.middle ?? r.start;
    console.log(`${entry.padEnd(8)} ${kind.padEnd(13)} ${[r.start, mid, r.end].map((x) => MB(x.wasm)).join(' → ').padEnd(30)} ${[r.start, mid, r.end].map((x) => MB(x.rss)).join(' → ')}`);
  }
}
