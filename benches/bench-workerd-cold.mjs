// npm run bench:workerd-cold (issue 16): cold start inside real workerd (miniflare 4): a fresh
// isolate loads the package (the .wasm compiled and instantiated at script load), imports the
// WeChat Pay public key and verifies + decrypts + types its first notification. Side by side
// with a worker that does the same first request in bare WebCrypto. Each round starts both
// workers afresh (order alternating); medians. Timed from outside: workerd freezes its clocks.
//   startup: new Miniflare() → ready;  first: the first request;  cold start = the two summed.
import { Miniflare } from 'miniflare';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForWorkerd } from '../tests/js/helpers/workerd-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkgDir = process.env.PKG_DIR ? join(root, process.env.PKG_DIR) : join(root, 'dist', 'pkg');
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const { testKeys: k, signNotification } = await import(join(pkgDir, 'testing', 'node.js'));

const payload = { sp_mchid: '1900000100', sub_mchid: '1900000109', transaction_id: '4208450740201411110007820472', order_id: '30000000012026112300000000001', out_order_no: 'P20261123001', receivers: [{ type: 'MERCHANT_ID', account: '1900000110', amount: 2000, description: '平台服务费' }], success_time: '2026-11-23T10:00:00+08:00' };
const now = 1763870400;
const n = signNotification({ payload, eventType: 'PROFITSHARING.SUCCESS', summary: '分账', apiV3Key: k.apiV3Key, privateKey: k.publicKeyPrivateKey, serial: k.publicKeyId, timestamp: now });
const DELIVERY = { headers: n.headers, body: n.body, publicKeyId: k.publicKeyId, publicKey: k.publicKey, apiV3Key: k.apiV3Key, now };

const workers = {
  'wechatpay-edge parseNotificationAsync': new URL('./cold-worker.js', import.meta.url),
  'wechatpay-edge/lite parseNotificationAsync': new URL('./cold-lite-worker.js', import.meta.url),
  'bare WebCrypto (baseline)': new URL('./cold-bare-worker.js', import.meta.url),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function coldRun(url) {
  const t0 = process.hrtime.bigint();
  const mf = new Miniflare({ ...bundleForWorkerd(url, { root, pkgDir }), bindings: { DELIVERY } });
  try {
    await mf.ready;
    const startup = ms(t0);
    const t1 = process.hrtime.bigint();
    const res = await mf.dispatchFetch('http://localhost/');
    const body = await res.json();
    const first = ms(t1);
    if (res.status !== 200 || body.amount !== 2000) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    const t2 = process.hrtime.bigint();
    await (await mf.dispatchFetch('http://localhost/')).json();
    return { startup, first, warm: ms(t2) };
  } finally {
    await mf.dispose();
  }
}

const names = Object.keys(workers);
const samples = Object.fromEntries(names.map((name) => [name, []]));
await coldRun(workers[names[0]]); // warm the host side (miniflare, the workerd binary in the page cache)
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [...names].reverse() : names;
  for (const name of order) samples[name].push(await coldRun(workers[name]));
}
const stat = (name, f) => median(samples[name].map(f));
const base = names[names.length - 1];
console.log(`cold start in workerd [miniflare, ${ROUNDS} rounds, medians, ms]`);
console.log(`  ${'worker'.padEnd(40)} ${'startup'.padStart(8)} ${'first req'.padStart(10)} ${'warm req'.padStart(9)}`);
for (const name of names) {
  console.log(`  ${name.padEnd(40)} ${stat(name, (s) => s.startup).toFixed(1).padStart(8)} ${stat(name, (s) => s.first).toFixed(2).padStart(10)} ${stat(name, (s) => s.warm).toFixed(2).padStart(9)}`);
}
for (const name of names.slice(0, -1)) {
  const extraStartup = stat(name, (s) => s.startup) - stat(base, (s) => s.startup);
  const extraFirst = stat(name, (s) => s.first) - stat(base, (s) => s.first);
  const ours = stat(name, (s) => s.first - s.warm);
  console.log(`  ${name}:`);
  console.log(`    cold start over bare WebCrypto: ${extraStartup.toFixed(1)} ms at startup (compile + instantiate the .wasm) + ${extraFirst.toFixed(2)} ms on the first request`);
  console.log(`    first request over its own warm request (key import + first parse): ${ours.toFixed(2)} ms`);
  console.log(`    cold start to the first verified notification, over bare: ${(extraStartup + extraFirst).toFixed(1)} ms   target ≤ 10 ms: ${extraStartup + extraFirst <= 10 ? 'met' : 'NOT met'}`);
}
