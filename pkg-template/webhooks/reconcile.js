// Reconciliation: what a notification would have said, from WeChat Pay's answer to a query, so
// the same once-per-key processing handles a notification that never came (WeChat Pay stops
// after 24 h 4 m of retries) and one that comes late: both end in the same state.
import { invalidType } from '../src/errors.js';

/**
 * The notifications a query answer stands for (the core builds each through the notification's
 * own parser, so the keys are the ones parseNotification gives): 'split' (queryOrder: one
 * PROFITSHARING.SUCCESS per MERCHANT_ID receiver whose result is SUCCESS), 'return'
 * (queryReturnOrder: PROFITSHARING.RETURN once SUCCESS), 'payscore' (queryServiceOrder:
 * PAYSCORE.USER_PAID once DONE). Empty while WeChat Pay is still processing.
 */
export function createEventsFromQuery({ profitSharing, payScore }) {
  return function eventsFromQuery(kind, result) {
    if (kind === 'split' || kind === 'return') return profitSharing.eventsFromQuery(kind, result);
    if (kind === 'payscore') return payScore.eventsFromQuery(result);
    throw invalidType('kind', "'split', 'return' or 'payscore'", kind);
  };
}

/**
 * Queries each local order still pending and processes what it finds through `handle` (the
 * same once-per-key processing as the notifications, e.g. `(n) => handleOnce({ store, notification: n, apply, source: 'reconciliation' })`).
 * @param {object} o
 * @param {Array<{ kind: 'split'|'return'|'payscore' }>} o.pending  your rows still PROCESSING past your threshold
 * @param {(item) => Promise<object>} o.query  the parsed, verified query answer for one row (prepare + fetch + verifyResponse + parseResponse, or an HTTP client)
 * @param {(n) => Promise<{ outcome: string }>} o.handle
 * @param {number} [o.concurrency=4]
 */
export function createReconcile(eventsFromQuery) {
  return async function reconcile({ pending, query, handle, concurrency = 4 }) {
    if (!Array.isArray(pending)) throw invalidType('pending', 'an array of your pending rows', pending);
    if (typeof query !== 'function') throw invalidType('query', 'a function', query);
    if (typeof handle !== 'function') throw invalidType('handle', 'a function', handle);
    const report = { checked: 0, processed: 0, duplicate: 0, stillPending: 0, failed: [] };
    let next = 0;
    async function worker() {
      while (next < pending.length) {
        const item = pending[next++];
        report.checked += 1;
        try {
          const events = eventsFromQuery(item.kind, await query(item));
          if (events.length === 0) report.stillPending += 1;
          for (const n of events) {
            const r = await handle(n);
            if (r.outcome === 'processed') report.processed += 1;
            else if (r.outcome === 'duplicate') report.duplicate += 1;
            else report.failed.push({ item, error: r.error ?? new Error(String(r.outcome)) });
          }
        } catch (error) {
          report.failed.push({ item, error });
        }
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, pending.length)) }, worker));
    return report;
  };
}
