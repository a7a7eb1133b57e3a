// The money chart: one stacked bar per ledger state, drawn as SVG at the container's pixel width.
import { s, h, clear } from './dom.js';
import { t } from './i18n.js';
import { formatYuan } from './money.js';

const ROW_H = 18;
const LABEL_H = 16;
const GAP = 10;
const TOP = 18;

/** Stable colour slot per receiver (type + account), in order of first appearance. */
export function receiverSlots(sim) {
  const slots = new Map();
  const states = [sim.initial, ...sim.steps.map((x) => x.state), sim.finalState].filter(Boolean);
  for (const st of states) {
    for (const r of st.receivers) {
      const key = `${r.type}|${r.account}`;
      if (!slots.has(key)) slots.set(key, slots.size);
    }
  }
  return slots;
}

/** The segments of one state, left to right; widths add up to the order amount. */
export function segments(sim, st, slots) {
  const recvNet = st.receivers.reduce((a, r) => a + r.net, 0);
  const prior = Math.max(0, st.netSplit - recvNet);
  const out = [{ key: 'fee', cls: 'c-fee', label: t('chart.fee'), fen: sim.fee ?? 0 }];
  if (prior > 0) out.push({ key: 'prior', cls: 'c-prior', label: t('chart.prior'), fen: prior });
  for (const r of st.receivers) {
    const slot = slots.get(`${r.type}|${r.account}`) ?? 0;
    out.push({ key: `r:${r.type}|${r.account}`, cls: `c-r${slot % 8}`, label: r.account, fen: r.net });
  }
  out.push({ key: 'returned', cls: 'c-returned', label: t('chart.returned'), fen: st.returnedTotal });
  out.push({ key: 'unfrozen', cls: 'c-unfrozen', label: t('chart.unfrozen'), fen: st.unfrozen });
  out.push({ key: 'remaining', cls: 'c-remaining', label: t('chart.remaining'), fen: st.remaining });
  return out;
}

/**
 * Draws `rows` ([{ label, state, skipped, attempt? }]) into `container`. `attempt` ({ from, fen })
 * is a refused split: drawn hatched and outlined from `from` fen (fee + split so far) for `fen`,
 * so a bar over the cap visibly crosses the cap line. Returns the legend entries that were used.
 */
export function drawChart(container, sim, rows) {
  clear(container);
  if (!sim || !sim.initial || !sim.amount) return [];
  const width = Math.max(240, Math.floor(container.clientWidth || 600));
  const slots = receiverSlots(sim);
  const height = TOP + rows.length * (LABEL_H + ROW_H + GAP);
  const scale = (fen) => (fen / sim.amount) * width;
  const titleId = `chart-title-${Math.random().toString(36).slice(2)}`;
  const descId = `${titleId}-d`;
  const svg = s('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': `${titleId} ${descId}`,
    class: 'money-chart',
  });
  svg.append(s('title', { id: titleId }, t('chart.title')), s('desc', { id: descId }, t('chart.desc')));

  const used = new Map();
  const hatch = `${titleId}-hatch`;
  svg.append(
    s(
      'defs',
      {},
      s(
        'pattern',
        { id: hatch, patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
        s('rect', { x: 0, y: 0, width: 6, height: 6, class: 'hatch-bg' }),
        s('rect', { x: 0, y: 0, width: 2.5, height: 6, class: 'hatch-stripe' }),
      ),
    ),
  );
  const capX = sim.cap !== null && sim.cap !== undefined ? scale((sim.fee ?? 0) + sim.cap) : null;
  rows.forEach((row, i) => {
    const y = TOP + i * (LABEL_H + ROW_H + GAP);
    svg.append(s('text', { x: 0, y: y + 12, class: row.skipped ? 'row-label skipped' : 'row-label' }, row.label));
    let x = 0;
    for (const seg of segments(sim, row.state, slots)) {
      if (seg.fen <= 0) continue;
      const w = scale(seg.fen);
      used.set(seg.key, seg);
      svg.append(
        s(
          'rect',
          { x: x.toFixed(2), y: y + LABEL_H, width: Math.max(w, 0.5).toFixed(2), height: ROW_H, class: `seg ${seg.cls}`, 'data-seg': seg.key },
          s('title', {}, `${seg.label}: ${formatYuan(seg.fen)}`),
        ),
      );
      x += w;
    }
    svg.append(s('rect', { x: 0, y: y + LABEL_H, width, height: ROW_H, class: 'frame' }));
    if (row.attempt && row.attempt.fen > 0) {
      const ax = Math.min(scale(row.attempt.from), width - 1);
      const aw = Math.max(1, Math.min(scale(row.attempt.fen), width - ax));
      used.set('attempt', { key: 'attempt', cls: 'attempt', label: t('chart.attempt') });
      svg.append(
        s(
          'rect',
          { x: ax.toFixed(2), y: y + LABEL_H + 1, width: aw.toFixed(2), height: ROW_H - 2, fill: `url(#${hatch})`, class: 'attempt', 'data-seg': 'attempt' },
          s('title', {}, `${t('chart.attempt')}: ${formatYuan(row.attempt.fen)}${row.attempt.over ? ` · ${t('chart.over', { amount: formatYuan(row.attempt.over) })}` : ''}`),
        ),
      );
    }
    // The cap line crosses the bars only, never the step labels above them.
    if (capX !== null) {
      svg.append(s('line', { x1: capX.toFixed(2), x2: capX.toFixed(2), y1: y + LABEL_H, y2: y + LABEL_H + ROW_H + 3, class: 'cap-line' }));
    }
  });

  if (capX !== null) {
    const text = `${t('chart.cap')} ${formatYuan(sim.cap)}`;
    const right = capX > width * 0.6;
    svg.append(
      s('text', { x: (right ? capX - 4 : capX + 4).toFixed(2), y: 11, 'text-anchor': right ? 'end' : 'start', class: 'cap-label' }, text),
      s('line', { x1: capX.toFixed(2), x2: capX.toFixed(2), y1: 2, y2: 13, class: 'cap-line cap-tick' }),
    );
  }
  container.append(svg);
  return [...used.values()];
}

const RANK = { fee: 0, prior: 1, returned: 3, unfrozen: 4, remaining: 5, attempt: 6 };

export function drawLegend(ul, entries, hasCap) {
  clear(ul);
  const sorted = [...entries].sort((a, b) => (RANK[a.key] ?? 2) - (RANK[b.key] ?? 2));
  for (const e of sorted) ul.append(h('li', {}, h('span', { class: `swatch ${e.cls}`, 'aria-hidden': 'true' }), e.label));
  if (hasCap) ul.append(h('li', {}, h('span', { class: 'swatch cap', 'aria-hidden': 'true' }), t('chart.cap')));
}
