// The example worker (examples/worker/src/index.js) with its processing step wrapped so the
// tests can count calls per idempotency key, slow processing down (to widen any race) and
// make it fail once (to check the nack → retry path). Runs inside real workerd.
import { createHandler, recordSplit } from '../../../examples/worker/src/index.js';

const calls = new Map();
const failedOnce = new Set();

const handler = createHandler({
  async process(n, env) {
    calls.set(n.idempotencyKey, (calls.get(n.idempotencyKey) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (String(n.data.out_order_no).startsWith('FAIL-ONCE') && !failedOnce.has(n.idempotencyKey)) {
      failedOnce.add(n.idempotencyKey);
      throw new Error('the ledger is unavailable');
    }
    return recordSplit(n, env);
  },
});

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === '/__calls') return Response.json(Object.fromEntries(calls));
    return handler(request, env, ctx);
  },
};
