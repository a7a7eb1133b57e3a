// Profiling aid: the pieces of parseNotificationAsync inside real workerd (same method as bench-workerd.mjs).
import { Miniflare } from 'miniflare';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForWorkerd } from '../tests/js/helpers/workerd-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const mf = new Miniflare(bundleForWorkerd(new URL('./workerd-parts-worker.js', import.meta.url), { root, pkgDir: join(root, 'dist', 'pkg') }));
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const N = 300;
const call = async (op, n) => {
  const t0 = process.hrtime.bigint();
  const res = await mf.dispatchFetch(`http://localhost/?op=${op}&n=${n}`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${op}: ${body}`);
  return Number(process.hrtime.bigint() - t0) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ops = (process.env.OPS ?? 'full,manual,prepare,prepareFinish,checkHeaders,ack,encodeBody,decodeResult,parseResult,verify,decrypt').split(',');
try {
  for (const op of ops) await call(op, N);
  const samples = Object.fromEntries(ops.map((o) => [o, []]));
  for (let r = 0; r < ROUNDS; r++) for (const op of ops) { const e = await call('empty', 0); samples[op].push((await call(op, N) - e) / N); }
  for (const op of ops) console.log(`  ${op.padEnd(16)} ${median(samples[op]).toFixed(2).padStart(8)} µs`);
} finally {
  await mf.dispose();
}
