// Reconciliation: what a notification would have said, from WeChat Pay's answer to a query, so
// the same once-per-key processing handles a notification that never came (WeChat Pay stops
// after 24 h 4 m of retries) and one that comes late: both end in the same state.
import { invalidType } from '../src/errors.js';

/** Percent-encodes like a query component (RFC 3986 unreserved kept), as the core does in keys. */
function component(value) {
  let out = '';
  for (const b of new TextEncoder().encode(String(value ?? ''))) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// The idempotency keys parseNotification gives these events (src/notify, spec C.4). Pinned
// against the core by tests/webhooks (a signed notification of the same fact parses to the same key).
const splitKey = (merchant, orderId, account, kind) => `${component(merchant)}|${component(orderId)}|${component(account)}|${kind}`;
const payscoreKey = (subMchid, outOrderNo, eventType, tail) => `${component(subMchid)}|${component(outOrderNo)}|${eventType}${tail}`;

/**
 * The notifications a query answer stands for, shaped like parseNotification's result
 * ({ idempotencyKey, kind, eventType, id, summary, data }): only settled movements, none while
 * WeChat Pay is still processing.
 *  - 'split' (profitSharing.parseResponse('queryOrder')): one PROFITSHARING.SUCCESS per
 *    MERCHANT_ID receiver whose result is SUCCESS (the 分账动账通知 goes to merchant receivers).
 *  - 'return' (parseResponse('queryReturnOrder')): one PROFITSHARING.RETURN when result is
 *    SUCCESS; its order_id is the return number, out_order_no the out_return_no, the receiver the
 *    paying sub-merchant, as in the notification.
 *  - 'payscore' (payScore.parseResponse('queryServiceOrder')): PAYSCORE.USER_PAID once the order
 *    is DONE (its collection as the notification carries it).
 */
export function eventsFromQuery(kind, r) {
  if (!r || typeof r !== 'object') throw invalidType('result', 'the parsed query answer (an object)', r);
  if (kind === 'split') {
    const merchant = r.sub_mchid ?? r.mchid ?? r.sp_mchid ?? '';
    return (r.receivers ?? [])
      .filter((x) => x.result === 'SUCCESS' && x.type === 'MERCHANT_ID')
      .map((x) => {
        const account = x.receiver_account ?? x.account;
        return {
          idempotencyKey: splitKey(merchant, r.order_id, account, 'SPLIT'),
          kind: 'split',
          eventType: 'PROFITSHARING.SUCCESS',
          id: null,
          summary: '分账',
          data: {
            kind: 'split',
            sub_mchid: r.sub_mchid,
            transaction_id: r.transaction_id,
            order_id: r.order_id,
            out_order_no: r.out_order_no,
            receivers: [{ type: x.type, account, amount: x.amount, description: x.description }],
            ...(x.finish_time ? { success_time: x.finish_time } : {}),
          },
        };
      });
  }
  if (kind === 'return') {
    if (r.result !== 'SUCCESS') return [];
    return [
      {
        idempotencyKey: splitKey(r.sub_mchid ?? '', r.return_no, r.sub_mchid, 'RETURN'),
        kind: 'return',
        eventType: 'PROFITSHARING.RETURN',
        id: null,
        summary: '分账回退',
        data: {
          kind: 'return',
          sub_mchid: r.sub_mchid,
          order_id: r.return_no,
          out_order_no: r.out_return_no,
          receivers: [{ type: 'MERCHANT_ID', account: r.sub_mchid, amount: r.amount, description: r.description }],
          ...(r.finish_time ? { success_time: r.finish_time } : {}),
        },
      },
    ];
  }
  if (kind === 'payscore') {
    if (r.state !== 'DONE') return [];
    const c = r.collection;
    const tail = `|${c && Array.isArray(c.details) ? c.details.length : 0}|${c && c.paid_amount != null ? c.paid_amount : ''}`;
    return [{ idempotencyKey: payscoreKey(r.sub_mchid, r.out_order_no, 'PAYSCORE.USER_PAID', tail), kind: 'payscoreUserPaid', eventType: 'PAYSCORE.USER_PAID', id: null, summary: null, data: { event_type: 'PAYSCORE.USER_PAID', payload: r } }];
  }
  throw invalidType('kind', "'split', 'return' or 'payscore'", kind);
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
export async function reconcile({ pending, query, handle, concurrency = 4 }) {
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
}
