// npm run bench:workerd: the webhook and signing paths inside real workerd (miniflare 4),
// side by side with bare WebCrypto doing only the cryptography of the same messages.
// Method: one request runs N operations; its time minus an empty request's, divided by N, is
// one sample; rounds interleave every row (a noisy neighbour slows all alike); medians.
import { Miniflare } from 'miniflare';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForWorkerd } from '../tests/js/helpers/workerd-bundle.mjs';
import { verdict } from './targets.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// PKG_DIR: another build of the package (under the repository), e.g. to compare with a baseline.
const pkgDir = process.env.PKG_DIR ? join(root, process.env.PKG_DIR) : join(root, 'dist', 'pkg');
const ROUNDS = Number(process.env.ROUNDS ?? 11);

const mf = new Miniflare(bundleForWorkerd(new URL('./workerd-worker.js', import.meta.url), { root, pkgDir }));
const call = async (op, n) => {
  const t0 = process.hrtime.bigint();
  const res = await mf.dispatchFetch(`http://localhost/?op=${op}&n=${n}`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${op}: ${JSON.stringify(body)}`);
  return { us: Number(process.hrtime.bigint() - t0) / 1000, body };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const groups = [
  { name: 'parseNotification (µs per notification)', n: 200, baseline: 'bareParse', rows: ['bareParse', 'parseNotificationAsync', 'lite.parseNotificationAsync', 'parseNotification'], target: ['parseNotificationAsync', 'workerd.parseNotificationAsync'] },
  { name: 'prepare / sign (µs per request)', n: 60, baseline: 'bareSign', rows: ['bareSign', 'prepareAsync', 'lite.prepareAsync', 'prepare'], target: ['prepareAsync', 'workerd.prepareAsync'] },
];

try {
  await call('empty', 0);
  const results = [];
  for (const g of groups) {
    // Warm-up: the JIT and the package's CryptoKeys.
    for (const op of g.rows) await call(op, g.n);
    const samples = Object.fromEntries(g.rows.map((r) => [r, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of g.rows) {
        const empty = await call('empty', 0);
        const full = await call(op, g.n);
        samples[op].push((full.us - empty.us) / g.n);
      }
    }
    const base = median(samples[g.baseline]);
    console.log(`\n${g.name}  [workerd ${mf.constructor.name}, N=${g.n}, ${ROUNDS} rounds, medians]`);
    for (const op of g.rows) {
      const m = median(samples[op]);
      const ratio = m / base;
      const mark = g.target[0] === op ? `   ${g.target[1]}: ${verdict(g.target[1], ratio)}` : '';
      console.log(`  ${op.padEnd(28)} ${m.toFixed(1).padStart(9)} µs   ${ratio.toFixed(2)}× bare${mark}`);
      results.push({ group: g.name, op, us: m, ratio });
    }
  }
  if (process.env.BENCH_JSON) console.log(JSON.stringify(results));
} finally {
  await mf.dispose();
}
