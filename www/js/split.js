// Tool 1: split checker (split.allocate / split.simulate / split.checkPlan / profitSharing.createOrder).
import { h, clear, $, debounce, fieldError } from './dom.js';
import { t, violationTitle } from './i18n.js';
import {
  parseYuan,
  parseRatePpm,
  parsePercentBp,
  parseCount,
  formatYuan,
  formatBp,
  fenToYuanInput,
  bpToPercentInput,
  ppmToPercentInput,
} from './money.js';
import { drawChart, drawLegend } from './chart.js';
import { explain, stepFacts, planFacts, capOverage } from './explain.js';
// wechatpay-edge/constants, generated from the core: the page keeps no copy of the limits or types.
import { DEFAULT_POLICY, RECEIVER_TYPES as TYPES } from '../pkg/generated/constants.js';
const PLAN_KIND = 'wechatpay-edge/split-plan';

let wx;
let nextId = 1;
const model = { ops: [] };
let last = null; // { sim, order, policy, ops } of the last good run
let lastCo = null; // last createOrder check, re-rendered on language change
let pendingCo = null; // the split request "add to plan" would append
let chartObserver = null;

/** The package's default split policy (`DEFAULT_POLICY` of wechatpay-edge/constants). */
const defaultPolicy = () => ({ ...DEFAULT_POLICY });

/** Puts a policy into the three policy inputs. */
function showPolicy(p) {
  $('policy-ratio').value = bpToPercentInput(p.maxRatioBp);
  $('policy-receivers').value = String(p.maxReceiversPerRequest);
  $('policy-splits').value = String(p.maxSplitsPerOrder);
}

const newReceiver = (type = 'MERCHANT_ID', account = '', amount = '', percent = '') => ({ type, account, amount, percent });
const countOf = (op) => model.ops.filter((o) => o.op === op).length;

function newOp(op) {
  const id = nextId++;
  if (op === 'split') return { id, op, outOrderNo: `P${countOf('split') + 1}`, mode: 'amount', finish: false, receivers: [newReceiver()] };
  if (op === 'return') {
    const lastSplit = [...model.ops].reverse().find((o) => o.op === 'split');
    const acct = lastSplit?.receivers.find((r) => r.type === 'MERCHANT_ID')?.account ?? '';
    return { id, op, outReturnNo: `R${countOf('return') + 1}`, outOrderNo: lastSplit?.outOrderNo ?? '', account: acct, amount: '' };
  }
  return { id, op: 'finish', outOrderNo: `F${countOf('finish') + 1}` };
}

// ---------------------------------------------------------------- reading the form

function errText(r, scale) {
  return t(`err.${r.code}`, { scale });
}

/** Parses one input with `parse`; marks it and returns undefined on error. */
function read(input, parse, errors, { scale = 2, emptyAs } = {}) {
  const raw = input.value;
  if (emptyAs !== undefined && raw.trim() === '') {
    fieldError(input, '');
    return emptyAs;
  }
  const r = parse(raw);
  if (!r.ok) {
    fieldError(input, errText(r, scale));
    errors.push(input.id);
    return undefined;
  }
  fieldError(input, '');
  return r.value;
}

function readOrderAndPolicy(errors) {
  const amount = read($('order-amount'), parseYuan, errors);
  const mode = $('fee-mode').value;
  let fee;
  if (mode === 'rate') {
    const ppm = read($('fee-rate'), parseRatePpm, errors, { scale: 4 });
    if (ppm !== undefined) fee = { ratePpm: ppm };
    fieldError($('fee-amount'), '');
  } else if (mode === 'amount') {
    const f = read($('fee-amount'), parseYuan, errors);
    if (f !== undefined) fee = { amount: f };
    fieldError($('fee-rate'), '');
  } else {
    fieldError($('fee-rate'), '');
    fieldError($('fee-amount'), '');
  }
  const alreadySplit = read($('prior-split'), parseYuan, errors, { emptyAs: 0 });
  const splitCount = read($('prior-count'), parseCount, errors, { emptyAs: 0 });
  const order = { amount, alreadySplit, splitCount, finished: $('prior-finished').checked };
  if (fee) order.fee = fee;
  const policy = {
    maxRatioBp: read($('policy-ratio'), parsePercentBp, errors),
    maxReceiversPerRequest: read($('policy-receivers'), parseCount, errors),
    maxSplitsPerOrder: read($('policy-splits'), parseCount, errors),
  };
  return { order, policy, feeMode: mode };
}

/** Builds split.simulate operations from the model; percentages go through split.allocate. */
function readOperations(order, errors) {
  const operations = [];
  const percentages = {};
  model.ops.forEach((op, i) => {
    const box = $(`op${op.id}-errors`);
    if (box) clear(box);
    if (op.op === 'split') {
      const receivers = [];
      if (op.mode === 'percent') {
        const rules = [];
        op.receivers.forEach((r, j) => {
          const bp = read($(`op${op.id}-r${j}-percent`), parsePercentBp, errors);
          rules.push({ type: r.type, account: r.account, percentBp: bp ?? 0 });
        });
        percentages[i] = rules.map((r) => r.percentBp);
        let shares = null;
        if (order.amount !== undefined && !errors.length) {
          try {
            const alloc = wx.split.allocate(order.amount, rules, order.fee);
            shares = alloc.shares;
            for (const w of alloc.warnings ?? []) box?.append(violationItem(w, 'warn'));
          } catch (e) {
            errors.push(`op${op.id}`);
            for (const issue of e.issues ?? [{ path: '', code: e.code, message: e.message }]) {
              const m = /^rules\[(\d+)\]\.percentBp$/.exec(issue.path);
              const input = m && $(`op${op.id}-r${m[1]}-percent`);
              if (input) fieldError(input, `${violationTitle(issue.code)}: ${issue.message}`);
              box?.append(violationItem(issue));
            }
          }
        }
        op.receivers.forEach((r, j) => {
          const out = $(`op${op.id}-r${j}-share`);
          const amount = shares?.[j]?.amount;
          if (out) out.textContent = amount === undefined ? '' : t('op.share', { amount: formatYuan(amount) });
          receivers.push({ type: r.type, account: r.account, amount: amount ?? 0 });
        });
      } else {
        op.receivers.forEach((r, j) => {
          const amount = read($(`op${op.id}-r${j}-amount`), parseYuan, errors);
          receivers.push({ type: r.type, account: r.account, amount: amount ?? 0 });
        });
      }
      operations.push({ op: 'split', outOrderNo: op.outOrderNo, receivers, finish: op.finish });
    } else if (op.op === 'return') {
      const amount = read($(`op${op.id}-amount`), parseYuan, errors);
      operations.push({ op: 'return', outReturnNo: op.outReturnNo, outOrderNo: op.outOrderNo, account: op.account, amount: amount ?? 0 });
    } else {
      operations.push({ op: 'finish', outOrderNo: op.outOrderNo });
    }
  });
  return { operations, percentages };
}

// ---------------------------------------------------------------- the operations editor

function field(id, labelKey, input, extra) {
  return h('div', { class: 'field' }, h('label', { for: id }, t(labelKey)), input, extra);
}

function textInput(id, value, onInput, attrs = {}) {
  return h('input', { id, value, spellcheck: 'false', autocomplete: 'off', oninput: (e) => onInput(e.target.value), ...attrs });
}

function moneyInput(id, value, onInput) {
  return h('div', { class: 'money-input' }, h('span', { 'aria-hidden': 'true' }, '¥'), textInput(id, value, onInput, { inputmode: 'decimal' }));
}

function renderOps(focusId) {
  const list = $('ops');
  clear(list);
  if (!model.ops.length) list.append(h('li', { class: 'empty' }, t('split.noOps')));
  model.ops.forEach((op, i) => list.append(opCard(op, i)));
  if (focusId) $(focusId)?.focus();
}

function opCard(op, i) {
  const n = i + 1;
  const title = `${t('op.n', { n })} · ${t(`op.${op.op}`)}`;
  const headId = `op${op.id}-h`;
  const tools = h(
    'div',
    { class: 'op-tools' },
    h('button', { type: 'button', class: 'icon', 'aria-label': `${t('common.up')}: ${title}`, disabled: i === 0, onclick: () => move(i, -1) }, '↑'),
    h('button', { type: 'button', class: 'icon', 'aria-label': `${t('common.down')}: ${title}`, disabled: i === model.ops.length - 1, onclick: () => move(i, 1) }, '↓'),
    h('button', { type: 'button', class: 'icon danger', 'aria-label': `${t('common.remove')}: ${title}`, onclick: () => remove(i) }, '✕'),
  );
  const li = h('li', { class: `op op-${op.op}`, 'aria-labelledby': headId, dataset: { opIndex: String(i) } });
  li.append(h('div', { class: 'op-head' }, h('h4', { id: headId }, title, h('span', { class: 'op-badge', id: `op${op.id}-badge` })), tools));
  const p = `op${op.id}`;
  if (op.op === 'split') {
    li.append(
      h(
        'div',
        { class: 'grid' },
        field(`${p}-outOrderNo`, 'op.outOrderNo', textInput(`${p}-outOrderNo`, op.outOrderNo, (v) => ((op.outOrderNo = v), schedule()))),
        h(
          'fieldset',
          { class: 'mode' },
          h('legend', {}, t('op.mode')),
          ['amount', 'percent'].map((m) =>
            h(
              'span',
              { class: 'check' },
              h('input', {
                type: 'radio',
                name: `${p}-mode`,
                id: `${p}-mode-${m}`,
                value: m,
                checked: op.mode === m,
                onchange: () => {
                  op.mode = m;
                  renderOps(`${p}-mode-${m}`);
                  schedule();
                },
              }),
              h('label', { for: `${p}-mode-${m}` }, t(m === 'amount' ? 'op.modeAmount' : 'op.modePercent')),
            ),
          ),
        ),
      ),
    );
    const rl = h('ol', { class: 'receivers', 'aria-label': t('op.receivers') });
    op.receivers.forEach((r, j) => rl.append(receiverRow(op, r, j)));
    li.append(
      rl,
      h(
        'div',
        { class: 'row-buttons' },
        h(
          'button',
          {
            type: 'button',
            id: `${p}-add-receiver`,
            onclick: () => {
              op.receivers.push(newReceiver());
              renderOps(`${p}-r${op.receivers.length - 1}-account`);
              schedule();
            },
          },
          t('op.addReceiver'),
        ),
        h(
          'span',
          { class: 'check' },
          h('input', { type: 'checkbox', id: `${p}-finish`, checked: op.finish, onchange: (e) => ((op.finish = e.target.checked), schedule()) }),
          h('label', { for: `${p}-finish` }, t('op.finishAfter')),
        ),
      ),
    );
  } else if (op.op === 'return') {
    li.append(
      h(
        'div',
        { class: 'grid' },
        field(`${p}-outReturnNo`, 'op.outReturnNo', textInput(`${p}-outReturnNo`, op.outReturnNo, (v) => ((op.outReturnNo = v), schedule()))),
        field(`${p}-outOrderNo`, 'op.returnOf', textInput(`${p}-outOrderNo`, op.outOrderNo, (v) => ((op.outOrderNo = v), schedule()))),
        field(`${p}-account`, 'op.returnAccount', textInput(`${p}-account`, op.account, (v) => ((op.account = v), schedule()))),
        field(`${p}-amount`, 'op.amount', moneyInput(`${p}-amount`, op.amount, (v) => ((op.amount = v), schedule()))),
      ),
    );
  } else {
    li.append(h('div', { class: 'grid' }, field(`${p}-outOrderNo`, 'op.outOrderNo', textInput(`${p}-outOrderNo`, op.outOrderNo, (v) => ((op.outOrderNo = v), schedule())))));
  }
  li.append(h('ul', { class: 'violations op-errors', id: `${p}-errors`, 'aria-live': 'polite' }));
  return li;
}

function receiverRow(op, r, j) {
  const p = `op${op.id}-r${j}`;
  const label = t('op.receiverN', { n: j + 1 });
  const typeSel = h(
    'select',
    { id: `${p}-type`, onchange: (e) => ((r.type = e.target.value), schedule()) },
    TYPES.map((ty) => h('option', { value: ty, selected: r.type === ty }, t(`type.${ty}`))),
  );
  typeSel.value = r.type;
  const amountField =
    op.mode === 'percent'
      ? field(
          `${p}-percent`,
          'op.percent',
          textInput(`${p}-percent`, r.percent, (v) => ((r.percent = v), schedule()), { inputmode: 'decimal' }),
          h('output', { id: `${p}-share`, for: `${p}-percent`, class: 'share' }),
        )
      : field(`${p}-amount`, 'op.amount', moneyInput(`${p}-amount`, r.amount, (v) => ((r.amount = v), schedule())));
  return h(
    'li',
    { class: 'receiver', 'aria-label': label },
    field(`${p}-type`, 'op.receiverType', typeSel),
    field(`${p}-account`, 'op.account', textInput(`${p}-account`, r.account, (v) => ((r.account = v), schedule()))),
    amountField,
    h(
      'button',
      {
        type: 'button',
        class: 'icon danger',
        'aria-label': `${t('common.remove')}: ${label}`,
        disabled: op.receivers.length === 1,
        onclick: () => {
          op.receivers.splice(j, 1);
          renderOps(`op${op.id}-add-receiver`);
          schedule();
        },
      },
      '✕',
    ),
  );
}

function move(i, d) {
  const j = i + d;
  if (j < 0 || j >= model.ops.length) return;
  [model.ops[i], model.ops[j]] = [model.ops[j], model.ops[i]];
  renderOps();
  // Keep focus on the moved card's same button when it still exists, else its remove button.
  const card = $('ops').children[j];
  const btn = card?.querySelectorAll('.op-tools button:not([hidden])')[d < 0 ? 0 : 1];
  (btn && !btn.disabled ? btn : card?.querySelector('.op-tools .danger'))?.focus();
  schedule();
}

function remove(i) {
  model.ops.splice(i, 1);
  renderOps();
  const cards = $('ops').querySelectorAll('li.op');
  (cards[Math.min(i, cards.length - 1)]?.querySelector('.op-tools .danger') ?? $('add-split')).focus();
  schedule();
}

function addOp(kind) {
  const op = newOp(kind);
  model.ops.push(op);
  renderOps(op.op === 'split' ? `op${op.id}-r0-account` : `op${op.id}-outOrderNo`);
  schedule();
}

// ---------------------------------------------------------------- results

/**
 * One violation: its title and the page's own sentence (from the code and `facts`, in the page's
 * language and yuan); the package's English message, code and path under a disclosure. Without a
 * sentence for the code, the package's message is shown as it is.
 */
function violationItem(v, kind = 'bad', facts = null) {
  const sentence = explain(v, facts);
  const raw = [h('code', {}, v.code), ' ', h('span', { lang: 'en' }, v.message), v.path ? h('span', { class: 'path' }, ` (${v.path})`) : null];
  return h(
    'li',
    { class: `violation ${kind}`, dataset: { code: v.code, path: v.path ?? '' } },
    h('strong', {}, violationTitle(v.code)),
    sentence
      ? [h('p', { class: 'sentence' }, sentence), h('details', { class: 'raw' }, h('summary', {}, t('vx.original')), h('p', {}, raw))]
      : [h('p', { lang: 'en' }, v.message), ' ', h('p', { class: 'path' }, h('code', {}, v.code), v.path ? ` · ${v.path}` : '')],
  );
}

/** A summary label with its ratio kept on one line: 分账上限 30.00 %. */
function capLabel(bp) {
  return [t('sum.cap'), ' ', h('span', { class: 'nowrap' }, formatBp(bp))];
}

function kv(key, label, value, cls) {
  return h('div', { class: `kv ${cls ?? ''}`, dataset: { sum: key } }, h('dt', {}, label), h('dd', {}, value));
}

function renderSummary(sim, policy) {
  const el = $('split-summary');
  clear(el);
  if (!sim) return;
  const fin = sim.finalState;
  const dl = h(
    'dl',
    { class: 'summary' },
    kv('amount', t('sum.amount'), formatYuan(sim.amount)),
    kv('fee', t('sum.fee'), formatYuan(sim.fee)),
    kv('splittable', t('sum.splittable'), formatYuan(sim.splittable)),
    kv('cap', capLabel(sim.policy?.maxRatioBp ?? policy.maxRatioBp), formatYuan(sim.cap)),
  );
  if (fin) {
    if (sim.priorSplit) dl.append(kv('prior', t('sum.prior'), formatYuan(sim.priorSplit)));
    dl.append(
      kv('splitTotal', t('sum.splitTotal'), formatYuan(fin.splitTotal)),
      kv('returned', t('sum.returned'), formatYuan(fin.returnedTotal)),
      kv('netSplit', t('sum.netSplit'), formatYuan(fin.netSplit)),
      kv('unfrozen', t('sum.unfrozen'), formatYuan(fin.unfrozen), 'strong'),
      kv('remaining', t('sum.remaining'), formatYuan(fin.remaining), 'strong'),
    );
  }
  el.append(dl);
}

function opLabel(operation, i) {
  const no = operation.op === 'return' ? operation.outReturnNo : operation.outOrderNo;
  return `${t('op.n', { n: i + 1 })} · ${t(`op.${operation.op}`)}${no ? ` ${no}` : ''}`;
}

function describe(operation, step) {
  if (operation.op === 'split') {
    const who = operation.receivers.map((r) => `${r.account || '∅'} ${formatYuan(r.amount)}`).join('，');
    const parts = [t('step.splitTo', { who })];
    if (operation.finish) parts.push(t('step.finishSplit', { amount: formatYuan(step.unfrozenNow) }));
    return parts.join(' ');
  }
  if (operation.op === 'return') {
    return `${t('step.returnFrom', { who: operation.account || '∅', no: operation.outOrderNo || '∅' })} ${formatYuan(operation.amount)}`;
  }
  return t('step.finish', { no: operation.outOrderNo || '∅', amount: formatYuan(step.unfrozenNow) });
}

function stateBlock(st) {
  const dl = h(
    'dl',
    { class: 'state' },
    kv('splitTotal', t('sum.splitTotal'), formatYuan(st.splitTotal)),
    kv('returned', t('sum.returned'), formatYuan(st.returnedTotal)),
    kv('remaining', t('sum.remaining'), formatYuan(st.remaining)),
    kv('unfrozen', t('sum.unfrozen'), formatYuan(st.unfrozen)),
  );
  const table = st.receivers.length
    ? h(
        'table',
        { class: 'receivers-table' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, t('step.receiverCol')), h('th', { scope: 'col' }, t('step.received')), h('th', { scope: 'col' }, t('step.returnedCol')), h('th', { scope: 'col' }, t('step.net'))),
        ),
        h(
          'tbody',
          {},
          st.receivers.map((r) =>
            h('tr', { dataset: { account: r.account } }, h('th', { scope: 'row' }, r.account), h('td', {}, formatYuan(r.received)), h('td', {}, formatYuan(r.returned)), h('td', {}, formatYuan(r.net))),
          ),
        ),
      )
    : null;
  return [dl, table];
}

function renderResults() {
  const status = $('split-status');
  const global = $('split-global');
  const stepsEl = $('split-steps');
  clear(global);
  clear(stepsEl);
  if (!last) return;
  const { sim, operations, policy } = last;
  renderSummary(sim, policy);
  const n = sim.violations.length;
  status.textContent = n ? t('status.violations', { n }) : t('status.ok', { steps: sim.steps.length });
  status.className = `status ${n ? 'bad' : 'good'}`;
  status.dataset.violations = String(n);

  for (const v of sim.violations.filter((x) => x.step === undefined || x.step === null)) global.append(violationItem(v));

  // Editor badges: which operation cards broke a rule.
  model.ops.forEach((op, i) => {
    const badge = $(`op${op.id}-badge`);
    const k = sim.violations.filter((v) => v.step === i).length;
    if (badge) badge.textContent = k ? ` ✗ ${k}` : '';
  });

  if (sim.initial) {
    stepsEl.append(
      h('li', { class: 'step start', dataset: { step: 'start' } }, h('div', { class: 'step-head' }, h('h4', {}, t('step.start'))), stateBlock(sim.initial)),
    );
  }
  sim.steps.forEach((step) => {
    const operation = operations[step.index];
    const vs = sim.violations.filter((v) => v.step === step.index);
    stepsEl.append(
      h(
        'li',
        { class: `step ${step.applied ? 'applied' : 'skipped'}`, dataset: { step: String(step.index), applied: String(step.applied) } },
        h(
          'div',
          { class: 'step-head' },
          h('h4', {}, opLabel(operation, step.index)),
          h('span', { class: `badge ${step.applied ? 'good' : 'bad'}` }, step.applied ? t('step.applied') : t('step.skipped')),
        ),
        h('p', { class: 'desc' }, describe(operation, step)),
        stateBlock(step.state),
        vs.length ? h('ul', { class: 'violations' }, vs.map((v) => violationItem(v, 'bad', stepFacts(sim, operations, step.index)))) : null,
      ),
    );
  });
  redrawChart();
}

function redrawChart() {
  const chart = $('split-chart');
  const show = Boolean(last && last.sim.initial && last.sim.amount);
  chart.closest('figure').hidden = !show;
  if (!show) {
    clear(chart);
    clear($('split-legend'));
    return;
  }
  const { sim, operations } = last;
  const rows = [{ label: t('step.start'), state: sim.initial }].concat(
    sim.steps.map((st) => {
      const row = { label: `${opLabel(operations[st.index], st.index)}${st.applied ? '' : ' ✗'}`, state: st.state, skipped: !st.applied };
      const f = st.applied ? null : stepFacts(sim, operations, st.index);
      if (f && f.request > 0n) {
        // The refused request, drawn where it would have gone: after everything split so far.
        const c = capOverage(f);
        const over = c && c.over > 0n ? c.over : null;
        row.attempt = { from: Number(BigInt(sim.fee ?? 0) + f.already), fen: Number(f.request), over }; // pixels only
        if (over) row.label += ` ${t('chart.over', { amount: formatYuan(over) })}`;
      }
      return row;
    }),
  );
  const used = drawChart(chart, sim, rows);
  drawLegend($('split-legend'), used, sim.cap !== null && sim.cap !== undefined);
}

function clearResults(message) {
  last = null;
  const status = $('split-status');
  status.textContent = message;
  status.className = 'status bad';
  status.dataset.violations = '';
  clear($('split-summary'));
  clear($('split-global'));
  clear($('split-steps'));
  redrawChart();
  for (const op of model.ops) {
    const badge = $(`op${op.id}-badge`);
    if (badge) badge.textContent = '';
  }
}

// ---------------------------------------------------------------- compute

function gather() {
  const errors = [];
  const { order, policy, feeMode } = readOrderAndPolicy(errors);
  const { operations, percentages } = readOperations(order, errors);
  return { errors, order, policy, feeMode, operations, percentages };
}

function compute() {
  const g = gather();
  if (g.errors.length) {
    clearResults(t('status.inputErrors', { n: g.errors.length }));
    return g;
  }
  try {
    const sim = wx.split.simulate(g.order, g.operations, g.policy);
    last = { sim, order: g.order, policy: g.policy, operations: g.operations, percentages: g.percentages };
    renderResults();
  } catch (e) {
    clearResults(`${e.code ?? 'Error'}: ${e.message}`);
  }
  return g;
}

const schedule = debounce(compute, 120);

// ---------------------------------------------------------------- export / import

function exportPlan() {
  const g = compute();
  const msg = $('plan-json-msg');
  if (g.errors.length) {
    msg.textContent = t('status.inputErrors', { n: g.errors.length });
    msg.className = 'status bad';
    return;
  }
  const plan = { kind: PLAN_KIND, version: 1, order: g.order, policy: g.policy, operations: g.operations };
  if (Object.keys(g.percentages).length) plan.percentages = g.percentages;
  const text = JSON.stringify(plan, null, 2);
  $('plan-json').value = text;
  const a = $('plan-download');
  if (a.href) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.hidden = false;
  msg.textContent = t('split.exported', { n: g.operations.length });
  msg.className = 'status good';
}

const isFen = (v) => Number.isSafeInteger(v) && v >= 0;

function importPlan(text) {
  const msg = $('plan-json-msg');
  try {
    const plan = JSON.parse(text);
    if (!plan || typeof plan !== 'object' || Array.isArray(plan) || !plan.order || !Array.isArray(plan.operations)) throw new Error(t('plan.badFormat'));
    const o = plan.order;
    if (!isFen(o.amount)) throw new Error('order.amount: fen (integer)');
    $('order-amount').value = fenToYuanInput(o.amount);
    if (o.fee && isFen(o.fee.ratePpm)) {
      $('fee-mode').value = 'rate';
      $('fee-rate').value = ppmToPercentInput(o.fee.ratePpm);
    } else if (o.fee && isFen(o.fee.amount)) {
      $('fee-mode').value = 'amount';
      $('fee-amount').value = fenToYuanInput(o.fee.amount);
    } else if (o.fee) {
      throw new Error('order.fee: {"ratePpm": n} | {"amount": n}');
    } else {
      $('fee-mode').value = 'none';
    }
    syncFeeMode();
    $('prior-split').value = fenToYuanInput(isFen(o.alreadySplit) ? o.alreadySplit : 0);
    $('prior-count').value = String(isFen(o.splitCount) ? o.splitCount : 0);
    $('prior-finished').checked = Boolean(o.finished);
    const p = plan.policy ?? {};
    const d = defaultPolicy();
    showPolicy({
      maxRatioBp: isFen(p.maxRatioBp) ? p.maxRatioBp : d.maxRatioBp,
      maxReceiversPerRequest: isFen(p.maxReceiversPerRequest) ? p.maxReceiversPerRequest : d.maxReceiversPerRequest,
      maxSplitsPerOrder: isFen(p.maxSplitsPerOrder) ? p.maxSplitsPerOrder : d.maxSplitsPerOrder,
    });
    const pct = plan.percentages ?? {};
    model.ops = plan.operations.map((x, i) => {
      const at = `operations[${i}]`;
      const id = nextId++;
      const str = (v) => (v === undefined || v === null ? '' : String(v));
      if (x.op === 'split') {
        if (!Array.isArray(x.receivers)) throw new Error(`${at}.receivers`);
        const bps = Array.isArray(pct[i]) && pct[i].length === x.receivers.length ? pct[i] : null;
        return {
          id,
          op: 'split',
          outOrderNo: str(x.outOrderNo),
          finish: Boolean(x.finish),
          mode: bps ? 'percent' : 'amount',
          receivers: x.receivers.map((r, j) => {
            if (!isFen(r.amount)) throw new Error(`${at}.receivers[${j}].amount: fen (integer)`);
            return newReceiver(TYPES.includes(r.type) ? r.type : 'MERCHANT_ID', str(r.account), fenToYuanInput(r.amount), bps ? bpToPercentInput(bps[j]) : '');
          }),
        };
      }
      if (x.op === 'return') {
        if (!isFen(x.amount)) throw new Error(`${at}.amount: fen (integer)`);
        return { id, op: 'return', outReturnNo: str(x.outReturnNo), outOrderNo: str(x.outOrderNo), account: str(x.account), amount: fenToYuanInput(x.amount) };
      }
      if (x.op === 'finish') return { id, op: 'finish', outOrderNo: str(x.outOrderNo) };
      throw new Error(`${at}.op: split | return | finish`);
    });
    renderOps();
    compute();
    msg.textContent = t('split.imported', { n: model.ops.length });
    msg.className = 'status good';
  } catch (e) {
    msg.textContent = t('split.importFailed', { message: e.message });
    msg.className = 'status bad';
  }
}

// ---------------------------------------------------------------- createOrder body

function checkCreateOrder() {
  const text = $('co-body').value;
  const serial = $('co-serial').value.trim();
  pendingCo = null;
  const res = { serial: Boolean(serial) };
  let body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    lastCo = { parseError: e.message };
    renderCo();
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    lastCo = { parseError: t('co.notObject') };
    renderCo();
    return;
  }
  // The pasted body carries receiver_name already encrypted: that is the builder's receiver_name_encrypted.
  const input = JSON.parse(JSON.stringify(body));
  if (Array.isArray(input.receivers)) {
    for (const r of input.receivers) {
      if (r && typeof r === 'object' && 'receiver_name' in r) {
        r.receiver_name_encrypted = r.receiver_name;
        delete r.receiver_name;
      }
    }
  }
  if (serial) input.wechatpay_serial = serial;
  const g = compute(); // fresh plan state, even if a debounced run is still pending
  const policy = g.errors.length ? undefined : g.policy;
  try {
    wx.profitSharing.createOrder(input, { policy });
    res.fieldIssues = [];
  } catch (e) {
    res.fieldIssues = (e.issues ?? [{ path: '', code: e.code, message: e.message }]).filter((i) => serial || i.code !== 'serial_required');
  }
  // Amounts: needs receivers that split.checkPlan can read.
  const recv = Array.isArray(body.receivers) ? body.receivers : null;
  const convertible =
    recv &&
    recv.length > 0 &&
    // Any type string: split.checkPlan itself refuses a type it does not know (invalid_enum).
    recv.every((r) => r && typeof r.type === 'string' && Number.isSafeInteger(r.amount) && r.amount >= 0);
  if (convertible && !g.errors.length) {
    const request = {
      receivers: recv.map((r) => ({ type: r.type, account: String(r.receiver_account ?? r.receiver_mchid ?? ''), amount: r.amount })),
      finish: body.finish === true,
    };
    if (typeof body.out_order_no === 'string' && body.out_order_no) request.outOrderNo = body.out_order_no;
    const fin = last?.sim?.finalState;
    const order = { ...g.order };
    if (fin) {
      order.alreadySplit = fin.splitTotal;
      order.splitCount = fin.splitCount;
      order.finished = fin.finished;
    }
    try {
      res.plan = wx.split.checkPlan(order, request, g.policy);
      res.against = order;
      res.request = request;
      pendingCo = request;
    } catch (e) {
      res.planError = `${e.code}: ${e.message}`;
    }
  }
  lastCo = res;
  renderCo();
}

function renderCo() {
  const el = $('co-result');
  clear(el);
  $('co-add').hidden = !pendingCo;
  if (!lastCo) return;
  const r = lastCo;
  if (r.parseError) {
    el.append(h('p', { class: 'status bad', dataset: { co: 'json' } }, t('co.json', { message: r.parseError })));
    return;
  }
  el.append(h('h4', {}, t('co.fields')));
  if (r.fieldIssues.length) el.append(h('ul', { class: 'violations', dataset: { co: 'fields' } }, r.fieldIssues.map((i) => violationItem(i))));
  else el.append(h('p', { class: 'status good', dataset: { co: 'fields-ok' } }, t('co.fieldsOk')));
  if (!r.serial) el.append(h('p', { class: 'help' }, t('co.serialSkipped')));
  el.append(h('h4', {}, t('co.amounts')));
  if (r.plan) {
    const p = r.plan;
    const a = r.against;
    el.append(
      h(
        'p',
        { class: 'help' },
        t('co.against', { amount: formatYuan(a.amount), prior: formatYuan(a.alreadySplit), count: a.splitCount, finished: a.finished ? t('co.finishedNote') : '' }),
      ),
      h(
        'dl',
        { class: 'summary' },
        kv('splittable', t('sum.splittable'), formatYuan(p.splittable)),
        kv('cap', capLabel(p.policy.maxRatioBp), formatYuan(p.cap)),
        kv('requestTotal', t('co.requestTotal'), formatYuan(p.requestTotal)),
        kv('remainingBefore', t('co.remainingBefore'), formatYuan(p.remainingBefore)),
        kv('remainingAfter', t('co.remainingAfter'), formatYuan(p.remainingAfter)),
        p.unfrozen !== null && p.unfrozen !== undefined ? kv('unfrozen', t('co.unfrozen'), formatYuan(p.unfrozen)) : null,
      ),
    );
    if (p.violations.length) el.append(h('ul', { class: 'violations', dataset: { co: 'amounts' } }, p.violations.map((v) => violationItem(v, 'bad', planFacts(p, a, r.request)))));
    else el.append(h('p', { class: 'status good', dataset: { co: 'amounts-ok' } }, t('co.amountsOk')));
  } else {
    el.append(h('p', { class: 'help', dataset: { co: 'amounts-skipped' } }, r.planError ?? t('co.amountsSkipped')));
  }
}

function addCoToPlan() {
  if (!pendingCo) return;
  const id = nextId++;
  model.ops.push({
    id,
    op: 'split',
    outOrderNo: pendingCo.outOrderNo ?? `P${countOf('split') + 1}`,
    finish: pendingCo.finish,
    mode: 'amount',
    receivers: pendingCo.receivers.map((r) => newReceiver(TYPES.includes(r.type) ? r.type : 'MERCHANT_ID', r.account, fenToYuanInput(r.amount))),
  });
  renderOps();
  compute();
  pendingCo = null;
  $('co-add').hidden = true;
  const msg = h('p', { class: 'status good' }, t('co.added', { n: model.ops.length }));
  $('co-result').append(msg);
  $(`op${id}-outOrderNo`)?.focus();
}

// ---------------------------------------------------------------- example

function loadExample() {
  $('order-amount').value = '100.00';
  $('fee-mode').value = 'rate';
  $('fee-rate').value = '0.6';
  syncFeeMode();
  $('prior-split').value = '0.00';
  $('prior-count').value = '0';
  $('prior-finished').checked = false;
  $('policy-ratio').value = '30';
  $('policy-receivers').value = '5';
  $('policy-splits').value = '20';
  const mk = (o) => ({ id: nextId++, ...o });
  model.ops = [
    mk({
      op: 'split',
      outOrderNo: 'P1',
      finish: false,
      mode: 'amount',
      receivers: [newReceiver('MERCHANT_ID', '1900000109', '15.00'), newReceiver('PERSONAL_OPENID', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', '5.00')],
    }),
    mk({ op: 'return', outReturnNo: 'R1', outOrderNo: 'P1', account: '1900000109', amount: '3.00' }),
    mk({ op: 'split', outOrderNo: 'P2', finish: false, mode: 'percent', receivers: [newReceiver('MERCHANT_ID', '1900000110', '', '10')] }),
    mk({ op: 'finish', outOrderNo: 'F1' }),
  ];
  renderOps();
  compute();
  $('co-body').value = JSON.stringify(
    {
      sub_mchid: '1900000109',
      transaction_id: '4208450740201411110007820472',
      out_order_no: 'P3',
      receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 500, description: '分给商户1900000110' }],
      finish: false,
    },
    null,
    2,
  );
}

function syncFeeMode() {
  const mode = $('fee-mode').value;
  $('fee-rate-field').hidden = mode !== 'rate';
  $('fee-amount-field').hidden = mode !== 'amount';
}

// ---------------------------------------------------------------- mount

export function mount(ctx) {
  wx = ctx.wx;
  const form = $('split-form');
  form.addEventListener('input', (e) => {
    if (!e.target.closest('#ops')) schedule();
  });
  form.addEventListener('change', (e) => {
    if (e.target.id === 'fee-mode') syncFeeMode();
    if (!e.target.closest('#ops')) schedule();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    compute();
    $('split-status').focus?.();
  });
  $('add-split').addEventListener('click', () => addOp('split'));
  $('add-return').addEventListener('click', () => addOp('return'));
  $('add-finish').addEventListener('click', () => addOp('finish'));
  $('split-example').addEventListener('click', loadExample);
  $('plan-export').addEventListener('click', exportPlan);
  $('plan-import').addEventListener('click', () => importPlan($('plan-json').value));
  $('plan-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    $('plan-json').value = text;
    importPlan(text);
    e.target.value = '';
  });
  $('co-check').addEventListener('click', checkCreateOrder);
  $('co-add').addEventListener('click', addCoToPlan);
  $('co-example').addEventListener('click', () => {
    if (!model.ops.length) loadExample();
    else
      $('co-body').value = JSON.stringify(
        {
          sub_mchid: '1900000109',
          transaction_id: '4208450740201411110007820472',
          out_order_no: `P${countOf('split') + 1}`,
          receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 500, description: '分给商户1900000110' }],
          finish: false,
        },
        null,
        2,
      );
    checkCreateOrder();
  });

  chartObserver = new ResizeObserver(debounce(() => redrawChart(), 60));
  chartObserver.observe($('split-chart'));

  // The limits start as the package's defaults (the HTML values are only a no-script placeholder).
  showPolicy(defaultPolicy());
  syncFeeMode();
  renderOps();
  compute();
  return {
    relabel() {
      renderOps();
      compute();
      renderCo();
    },
  };
}
