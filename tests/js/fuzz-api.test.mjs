// Fuzzes every exported function (tests/js/helpers/fuzz.mjs) over the node entry, the portable
// wasm path and real workerd. The Node loops run in child processes, so a crash (a segfault
// in wasm glue, an abort) fails the test instead of killing the runner.
//
// Budget: WXE_FUZZ_SECONDS per target (default 10: about 35 s for the file), seed
// WXE_FUZZ_SEED (default fixed, so CI runs reproduce; "random" picks one and prints it).
// A failure line names seed and iteration; replay one with
//   node tests/js/helpers/fuzz-child.mjs <node|wasm> <seed> 60000 <iteration> 1
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { bundleForWorkerd } from './helpers/workerd-bundle.mjs';

const SECONDS = Number(process.env.WXE_FUZZ_SECONDS ?? 10);
const SEED = process.env.WXE_FUZZ_SEED === 'random' ? (Math.random() * 2 ** 32) >>> 0 : Number(process.env.WXE_FUZZ_SEED ?? 20261213);
// The module starts near 1.2 MB. Key handles made by the run are freed only when V8 collects
// them, so memory climbs slowly with iterations (≈ 13 MB after 10 s, 17 MB after 20 s here);
// any 50 MB value copied into wasm would pass this budget at once.
const MEMORY_BUDGET = 32 * 1024 * 1024;
const CHILD = fileURLToPath(new URL('./helpers/fuzz-child.mjs', import.meta.url));

function runChild(args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function explain(failures) {
  return failures.map((f) => `  seed ${f.seed} iteration ${f.iteration}: ${f.fn}(${f.input}) → ${f.problem}`).join('\n');
}

for (const entry of ['node', 'wasm']) {
  test(`fuzz: every exported function on the ${entry} path answers hostile input with a WxPayError (seed ${SEED}, ${SECONDS} s)`, { timeout: SECONDS * 1000 + 60_000 }, async () => {
    const r = await runChild([entry, String(SEED), String(SECONDS * 1000)], SECONDS * 1000 + 45_000);
    assert.equal(r.signal, null, `the fuzz process was killed by ${r.signal} (a crash or a hang)\n${r.stderr.slice(-2000)}`);
    assert.equal(r.code, 0, `the fuzz process exited with ${r.code}\n${r.stderr.slice(-2000)}`);
    const report = JSON.parse(r.stdout.trim().split('\n').pop());
    assert.ok(report.iterations > 500, `only ${report.iterations} iterations ran`);
    assert.equal(Object.keys(report.byCase).length, report.cases, 'every case ran at least once');
    assert.deepEqual(report.failures, [], `\n${explain(report.failures)}`);
    // Hostile sizes (50 MB strings, deep nesting) must be refused before they are copied.
    assert.ok(report.wasmMemoryBytes <= MEMORY_BUDGET, `wasm memory grew to ${report.wasmMemoryBytes} bytes (budget ${MEMORY_BUDGET})`);
  });
}

let mf;
before(async () => {
  mf = new Miniflare(await bundleForWorkerd(new URL('./workers/fuzz-worker.js', import.meta.url)));
});
after(async () => mf && (await mf.dispose()));

test(`fuzz: the same inside workerd (seed ${SEED}, ${Math.max(2, SECONDS * 0.8)} s)`, { timeout: SECONDS * 1000 + 60_000 }, async () => {
  const deadline = Date.now() + Math.max(2, SECONDS * 0.8) * 1000;
  const SLICE = 250;
  const failures = [];
  const seen = new Set();
  let from = 0;
  while (Date.now() < deadline && failures.length < 20) {
    const res = await mf.dispatchFetch(`http://localhost/fuzz?seed=${SEED}&from=${from}&count=${SLICE}`);
    const report = await res.json();
    assert.equal(report.runtime, 'workerd');
    for (const f of report.failures) {
      const key = `${f.fn}|${f.problem.slice(0, 80)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      failures.push(f);
    }
    from += SLICE;
  }
  assert.ok(from >= SLICE * 2, `only ${from} iterations ran`);
  assert.deepEqual(failures, [], `\n${explain(failures)}`);
});
