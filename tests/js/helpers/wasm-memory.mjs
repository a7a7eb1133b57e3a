// The packaged module's own memory, for the tests that prove nothing oversize is copied into it
// (memory.test.mjs, limits.test.mjs): its size, a fixed budget, the core's limits, a 50 MB string.
import { loadEntries, pkgDir } from './entries.mjs';

// The entries instantiate the module; the glue then hands back that instance.
await loadEntries();
export const glue = await import(new URL('wechatpay_edge.js', pkgDir).href);
export const memoryBytes = () => glue.initSync().memory.buffer.byteLength;
// The module starts at about 1.2 MB; no legitimate call in these tests grows it by 2 MB.
export const BUDGET = 4 * 1024 * 1024;
export const limits = glue.wasmLimits();
export const BIG = 'A'.repeat(50 * 1024 * 1024);
