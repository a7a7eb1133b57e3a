// Reconcile: a profit-sharing bill (.csv or .gz, as downloaded) against a split ledger or an
// exported split plan. The package parses and compares (profitSharing.reconcileBill: integer
// fen, every rule in the core); this file only reads the two files and draws the answer.
// Files are read with FileReader-like Blob methods: nothing leaves the page.
import { t } from './i18n.js';
import { $, h, clear } from './dom.js';
import { formatYuan } from './money.js';
import { EXAMPLE_BILL, EXAMPLE_LEDGER } from './reconcile-example.js';

let wx;
let last = null;

/** Difference in fen, signed: "+13 分", "−200 分". */
function fenDelta(n) {
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '−'}${Math.abs(n)} ${t('rc.fen')}`;
}

function statusBadge(status) {
  return h('span', { class: `badge ${status === 'match' ? 'good' : 'bad'}`, dataset: { status } }, t(`rc.status.${status}`));
}

function render(result) {
  const out = clear($('rc-result'));
  if (!result) return;
  if (result.error) {
    const e = result.error;
    out.append(h('p', { class: 'status bad', id: 'rc-error', dataset: { code: e.code ?? '' } }, `${e.code ?? t('common.error')}: ${e.message}`));
    return;
  }
  const r = result.rec;
  const tot = r.totals;
  out.append(
    h('p', { class: `status ${r.ok ? 'good' : 'bad'}`, id: 'rc-status' }, r.ok ? t('rc.allMatch') : t('rc.differences', { n: tot.differences })),
    h('p', { class: 'help', id: 'rc-totals' },
      t('rc.totals', {
        plannedSplit: formatYuan(tot.plannedSplit), billedSplit: formatYuan(tot.billedSplit),
        plannedReturn: formatYuan(tot.plannedReturn), billedReturn: formatYuan(tot.billedReturn),
      })),
  );
  // One table per order (the split's out_order_no); its returns follow its splits.
  const groups = new Map();
  for (const l of r.lines) {
    if (!groups.has(l.order)) groups.set(l.order, []);
    groups.get(l.order).push(l);
  }
  for (const [order, lines] of groups) {
    const bad = lines.some((l) => l.status !== 'match');
    const body = lines.map((l) =>
      h('tr', { class: l.status === 'match' ? '' : 'diff', dataset: { status: l.status, kind: l.kind, outNo: l.outNo, account: l.account, difference: String(l.difference) } },
        h('td', {}, t(`rc.kind.${l.kind}`)),
        h('td', {}, l.outNo),
        h('td', {}, l.account),
        h('td', { class: 'amount' }, l.planned == null ? '—' : formatYuan(l.planned)),
        h('td', { class: 'amount' }, l.billed == null ? '—' : formatYuan(l.billed)),
        h('td', { class: 'amount delta' }, fenDelta(l.difference)),
        h('td', {}, statusBadge(l.status), l.billLines.length ? h('span', { class: 'help' }, ` ${t('rc.lines', { lines: l.billLines.join(', ') })}`) : null),
      ));
    out.append(
      h('section', { class: `rc-order${bad ? ' bad' : ''}`, dataset: { order } },
        h('h4', {}, `${t('rc.order')} ${order || '—'}`, lines[0].transactionId ? h('span', { class: 'help' }, ` · ${lines[0].transactionId}`) : null),
        h('div', { class: 'table-scroll' },
          h('table', { class: 'receivers-table rc-table' },
            h('thead', {}, h('tr', {}, ...['kind', 'no', 'receiver', 'planned', 'billed', 'difference', 'status'].map((k) => h('th', { scope: 'col' }, t(`rc.col.${k}`))))),
            h('tbody', {}, body),
          )),
      ),
    );
  }
}

async function fileBytes(input) {
  const f = input.files && input.files[0];
  return f ? new Uint8Array(await f.arrayBuffer()) : null;
}

async function run(bill, plannedText) {
  let planned;
  try {
    planned = JSON.parse(plannedText);
  } catch {
    last = { error: { code: null, message: t('rc.badJson') } };
    return render(last);
  }
  try {
    last = { rec: await wx.profitSharing.reconcileBill(bill, planned) };
  } catch (e) {
    last = { error: { code: e.code, message: e.message } };
  }
  render(last);
}

async function submit(ev) {
  ev.preventDefault();
  const bill = await fileBytes($('rc-bill'));
  const planned = await fileBytes($('rc-planned'));
  if (!bill || !planned) {
    last = { error: { code: null, message: t('rc.needBoth') } };
    return render(last);
  }
  await run(bill, new TextDecoder().decode(planned));
}

export function mount(ctx) {
  wx = ctx.wx;
  $('rc-form').addEventListener('submit', submit);
  $('rc-example').addEventListener('click', () => run(EXAMPLE_BILL, JSON.stringify(EXAMPLE_LEDGER)));
  return { relabel: () => render(last) };
}
