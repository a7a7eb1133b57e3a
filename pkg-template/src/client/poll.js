// Polling helpers: query until a state is reached, with backoff (full jitter, like retries),
// bounded by maxWaitMs; each query is an ordinary client call (retried, verified, typed).
import { fail } from '../errors.js';
import { backoffDelay, sleep } from './backoff.js';

export const DEFAULT_POLL = Object.freeze({ baseDelayMs: 500, maxDelayMs: 10_000, maxWaitMs: 60_000 });

/**
 * Calls `query()` until `done(result)`: `{ settled: true, result, queries }`. When the next wait
 * would pass maxWaitMs: `{ settled: false, result, queries }` with the last result (still
 * running is an answer, not an error). A failed query rejects as the call did.
 */
export async function poll(query, done, opts = {}) {
  const cfg = { ...DEFAULT_POLL };
  for (const k of ['baseDelayMs', 'maxDelayMs', 'maxWaitMs']) {
    if (opts[k] !== undefined) {
      if (!(Number.isFinite(opts[k]) && opts[k] >= 0)) throw fail('ERR_WXPAY_VALIDATION', `${k} must be a number ≥ 0`, { issues: [{ path: `options.${k}`, code: 'invalid', message: 'must be a number ≥ 0' }] });
      cfg[k] = opts[k];
    }
  }
  const started = Date.now();
  for (let n = 1; ; n++) {
    const result = await query();
    if (done(result)) return { settled: true, result, queries: n };
    // Never less than 1 ms between queries, whatever the jitter drew.
    const wait = Math.max(1, backoffDelay(n, { baseDelayMs: cfg.baseDelayMs, maxDelayMs: cfg.maxDelayMs }));
    if (Date.now() - started + wait > cfg.maxWaitMs) return { settled: false, result, queries: n };
    await sleep(wait, opts.signal);
  }
}
