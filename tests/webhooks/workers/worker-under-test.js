// examples/worker/src/index.js as deployed, plus test-only routes: the per-isolate lock is off
// (so concurrent copies in one isolate really race on the store), processing can be made to
// fail once, and the Durable Object can be asked for its ledger rows.
import example, { createHandler, recordSplit, WebhookLedger as Base } from '../../../examples/worker/src/index.js';

const failedOnce = new Set();
const hooks = {
  lock: false,
  process(n, env) {
    if (String(n.data.out_order_no).startsWith('FAIL-ONCE') && !failedOnce.has(n.idempotencyKey)) {
      failedOnce.add(n.idempotencyKey);
      throw new Error('the ledger is unavailable');
    }
    return recordSplit(n, env);
  },
};
const handler = createHandler(hooks);

export class WebhookLedger extends Base {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/__count') {
      const row = this.ctx.storage.sql.exec('SELECT COUNT(*) AS n FROM ledger WHERE idempotency_key = ?', url.searchParams.get('key')).one();
      return Response.json(row.n);
    }
    return super.fetch(request);
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    // Concurrency inside one isolate: miniflare's dispatchFetch may hand requests over one
    // connection at a time, so the copies are replayed here, all started before any finishes.
    if (url.pathname === '/__burst') {
      const copies = await request.json();
      const statuses = await Promise.all(
        copies.map(async (d) => {
          const res = await handler(new Request('http://worker.test/wechatpay/notify', { method: 'POST', headers: d.headers, body: d.body }), env, ctx);
          await res.text();
          return res.status;
        }),
      );
      return Response.json(statuses);
    }
    if (url.pathname === '/__do-count') {
      const key = url.searchParams.get('key');
      return env.WEBHOOKS.get(env.WEBHOOKS.idFromName(key)).fetch(`https://do/__count?key=${encodeURIComponent(key)}`);
    }
    return handler(request, env, ctx);
  },
  scheduled: example.scheduled,
};
