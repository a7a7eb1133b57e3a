// The page's own sentence for a split violation, in the page's language and in yuan, built from the
// violation's code and the numbers of the package's ledger (never by translating its English prose).
// Money stays integer: BigInt fen in, formatYuan out.
import { t } from './i18n.js';
import { formatYuan, formatBp } from './money.js';

const big = (v) => (v === null || v === undefined ? null : BigInt(v));

/**
 * The numbers around one split request, from the ledger before it:
 *   cap, splittable: the order's; already: split before this request (the state's splitTotal);
 *   remaining: still unsplit before it; request: this request's total; receivers: its receiver
 *   count; splitNo: which split of the order it would be; policy: the limits used.
 */
export function requestFacts({ cap, splittable, already, remaining, request, receivers, splitNo, policy }) {
  return { cap: big(cap), splittable: big(splittable), already: big(already), remaining: big(remaining), request: big(request), receivers, splitNo, policy };
}

/** Facts for step `index` of a split.simulate result, or null when it is not a split. */
export function stepFacts(sim, operations, index) {
  const op = operations[index];
  if (!op || op.op !== 'split' || !sim.initial) return null;
  const prev = index === 0 ? sim.initial : sim.steps.find((s) => s.index === index - 1)?.state;
  if (!prev) return null;
  const request = (op.receivers ?? []).reduce((a, r) => a + BigInt(r.amount ?? 0), 0n);
  return requestFacts({
    cap: sim.cap,
    splittable: sim.splittable,
    already: prev.splitTotal,
    remaining: prev.remaining,
    request,
    receivers: (op.receivers ?? []).length,
    splitNo: prev.splitCount + 1,
    policy: sim.policy,
  });
}

/** Facts for a split.checkPlan report of `request` against `order`. */
export function planFacts(report, order, request) {
  return requestFacts({
    cap: report.cap,
    splittable: report.splittable,
    already: report.alreadySplit,
    remaining: report.remainingBefore,
    request: report.requestTotal,
    receivers: request.receivers.length,
    splitNo: (order.splitCount ?? 0) + 1,
    policy: report.policy,
  });
}

/**
 * The amounts a ratio_cap_exceeded violation is about: attempted (already + request), over
 * (attempted − cap) and fits (cap − already, at least 0). Null without a cap.
 */
export function capOverage(f) {
  if (!f || f.cap === null || f.already === null || f.request === null) return null;
  const attempted = f.already + f.request;
  const fits = f.cap > f.already ? f.cap - f.already : 0n;
  return { attempted, over: attempted - f.cap, fits };
}

/** The localized sentence for violation `v` with `facts` (from stepFacts / planFacts), or null. */
export function explain(v, facts) {
  const f = facts;
  const y = formatYuan;
  switch (v.code) {
    case 'ratio_cap_exceeded': {
      const c = capOverage(f);
      if (!c || c.over <= 0n) return null;
      const vars = { request: y(f.request), already: y(f.already), attempted: y(c.attempted), ratio: formatBp(f.policy.maxRatioBp), cap: y(f.cap), over: y(c.over), fits: y(c.fits) };
      return t(c.fits > 0n ? 'vx.ratioCap' : 'vx.ratioCapFull', vars);
    }
    case 'exceeds_remaining': {
      if (!f || f.remaining === null || f.request === null || f.request <= f.remaining) return null;
      return t('vx.exceedsRemaining', { request: y(f.request), remaining: y(f.remaining), splittable: y(f.splittable), already: y(f.already), over: y(f.request - f.remaining) });
    }
    case 'too_many_receivers':
      if (!f?.policy) return null;
      return t('vx.tooManyReceivers', { n: f.receivers, max: f.policy.maxReceiversPerRequest, over: f.receivers - f.policy.maxReceiversPerRequest });
    case 'too_many_splits':
      if (!f?.policy) return null;
      return t('vx.tooManySplits', { n: f.splitNo, max: f.policy.maxSplitsPerOrder });
    case 'order_finished':
      return t('vx.orderFinished');
    default:
      return null;
  }
}
