// Tool 3: notification decoder (importPlatformCertificate / importPlatformPublicKey + parseNotificationAsync).
import { h, clear, $ } from './dom.js';
import { t, errorExplanations } from './i18n.js';
import { pemBlocks } from './der.js';
import { formatYuan } from './money.js';
import { LIMITS } from '../pkg/generated/constants.js';

let wx;
let testing;
let last = null;

/** "Name: value" lines (a request line is skipped) or JSON (object or [name, value] pairs) → pairs. */
export function parseHeaderText(text) {
  const s = text.trim();
  if (!s) return { pairs: [] };
  if (s.startsWith('{') || s.startsWith('[')) {
    try {
      const v = JSON.parse(s);
      return { pairs: Array.isArray(v) ? v.map((p) => [String(p[0]), String(p[1])]) : Object.entries(v).map(([k, x]) => [k, String(x)]) };
    } catch (e) {
      return { error: t('nt.headersJson', { message: e.message }) };
    }
  }
  const pairs = [];
  const lines = s.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    if (i === 0 && /^[A-Z]+ \S+ HTTP\/\d/.test(line)) continue;
    const c = line.indexOf(':');
    if (c <= 0) return { error: t('nt.headersBad', { line: i + 1 }) };
    pairs.push([line.slice(0, c).trim(), line.slice(c + 1).trim()]);
  }
  return { pairs };
}

function errorBlock(e) {
  const code = e && e.code ? e.code : 'ERR_WXPAY_INTERNAL';
  const [zh, en] = errorExplanations[code] ?? ['', ''];
  return h(
    'div',
    { class: 'error-block', dataset: { code } },
    h('p', {}, h('code', { class: 'code' }, code)),
    h('p', { lang: 'zh-CN' }, zh),
    h('p', { lang: 'en' }, en),
    e.issues?.length ? h('ul', { class: 'issues' }, e.issues.map((i) => h('li', {}, h('code', {}, i.path), ' ', i.message))) : null,
    e.message ? h('p', { class: 'path' }, e.message) : null,
  );
}

function importKeys(text, id) {
  const keys = [];
  for (const b of pemBlocks(text)) {
    if (b.label === 'CERTIFICATE') keys.push(wx.importPlatformCertificate(b.pem));
    else if (b.label === 'PUBLIC KEY') keys.push(wx.importPlatformPublicKey({ id, pem: b.pem }));
  }
  return keys;
}

let decodeSeq = 0;

// WebCrypto does the RSA and AES work (parseNotificationAsync); a newer decode wins a race.
async function decode() {
  const seq = ++decodeSeq;
  const res = { clockOff: !$('nt-clock').checked };
  const hdr = parseHeaderText($('nt-headers').value);
  if (hdr.error) {
    last = { ...res, inputError: hdr.error };
    return render();
  }
  let keys;
  try {
    keys = importKeys($('nt-platform').value, $('nt-keyid').value.trim());
  } catch (e) {
    last = { ...res, error: e };
    return render();
  }
  if (!keys.length) {
    last = { ...res, inputError: t('nt.noKey') };
    return render();
  }
  let now;
  if (res.clockOff) {
    const ts = hdr.pairs.find(([k]) => k.trim().toLowerCase() === 'wechatpay-timestamp');
    if (ts && /^\d+$/.test(ts[1].trim())) now = Number(ts[1].trim());
  }
  let outcome;
  try {
    const n = await wx.parseNotificationAsync({ headers: hdr.pairs, body: $('nt-body').value, keys, apiV3Key: $('nt-apiv3').value, now });
    outcome = { ...res, notification: n };
  } catch (e) {
    outcome = { ...res, error: e };
  }
  if (seq !== decodeSeq) return;
  last = outcome;
  render();
}

function kv(key, label, value) {
  if (value === undefined || value === null || value === '') return null;
  return h('div', { class: 'kv', dataset: { field: key } }, h('dt', {}, label), h('dd', {}, value));
}

function render() {
  const el = $('nt-result');
  clear(el);
  if (!last) return;
  if (last.inputError) {
    el.dataset.result = 'input';
    el.append(h('p', { class: 'verdict bad' }, last.inputError));
    return;
  }
  if (last.error) {
    el.dataset.result = 'error';
    el.dataset.code = last.error.code ?? '';
    el.append(h('p', { class: 'verdict bad' }, t('nt.failed')), errorBlock(last.error));
    if (last.clockOff) el.append(h('p', { class: 'help' }, t('nt.clockOff')));
    return;
  }
  const n = last.notification;
  el.dataset.result = 'ok';
  el.dataset.code = '';
  el.append(h('p', { class: 'verdict good' }, t('nt.ok')));
  if (last.clockOff) el.append(h('p', { class: 'help' }, t('nt.clockOff')));
  const d = n.data ?? {};
  const kindLabel = t(`kind.${n.kind}`);
  el.append(
    h(
      'dl',
      { class: 'summary wide' },
      kv('kind', t('nt.kind'), h('span', { class: `badge kind-${n.kind}` }, `${kindLabel} (${n.kind})`)),
      kv('eventType', t('nt.eventType'), n.eventType),
      kv('summary', t('nt.summary'), n.summary),
      kv('id', t('nt.id'), n.id),
      kv('createTime', t('nt.createTime'), n.createTime),
      kv('idempotencyKey', t('nt.idempotency'), h('code', {}, n.idempotencyKey)),
      kv('verified', t('nt.verifiedBy'), t('nt.verifiedInfo', { serial: n.verified.serial, ts: n.verified.timestamp })),
      kv('transactionId', t('nt.transaction'), d.transaction_id),
      kv('orderId', t('nt.orderId'), d.order_id),
      kv('outOrderNo', t('nt.outOrderNo'), d.out_order_no),
      kv('subMchid', t('nt.subMchid'), d.sub_mchid),
      kv('successTime', t('nt.successTime'), d.success_time),
    ),
  );
  if (Array.isArray(d.receivers) && d.receivers.length) {
    const total = d.receivers.reduce((a, r) => a + (Number.isSafeInteger(r.amount) ? r.amount : 0), 0);
    el.append(
      h('h4', {}, t('nt.receivers')),
      h(
        'table',
        { class: 'receivers-table' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, t('op.receiverType')), h('th', { scope: 'col' }, t('op.account')), h('th', { scope: 'col' }, t('op.amount')), h('th', { scope: 'col' }, t('nt.description'))),
        ),
        h(
          'tbody',
          {},
          d.receivers.map((r) =>
            h(
              'tr',
              {},
              h('td', {}, r.type ? t(`type.${r.type}`) : '—'),
              h('th', { scope: 'row' }, r.account),
              h('td', { class: 'amount', dataset: { fen: String(r.amount) } }, formatYuan(r.amount)),
              h('td', {}, r.description ?? ''),
            ),
          ),
        ),
        d.receivers.length > 1
          ? h('tfoot', {}, h('tr', {}, h('td', {}), h('th', { scope: 'row' }, t('nt.total')), h('td', { class: 'amount' }, formatYuan(total)), h('td', {})))
          : null,
      ),
    );
  }
  el.append(h('details', {}, h('summary', {}, t('nt.data')), h('pre', { class: 'json', tabindex: '0' }, JSON.stringify(d, null, 2))));
}

function showKeyLength() {
  const n = new TextEncoder().encode($('nt-apiv3').value).length;
  const p = $('nt-apiv3-len');
  p.textContent = n ? t('nt.apiv3Len', { n }) : '';
  p.className = n && n !== LIMITS.apiV3Key ? 'help warn' : 'help';
}

function loadExample() {
  const k = testing.testKeys;
  const { headers, body } = testing.signNotification({
    payload: {
      mchid: '1900000100',
      sub_mchid: '1900000109',
      transaction_id: '4208450740201411110007820472',
      order_id: '3008450740201411110007820472',
      out_order_no: 'P20150806125346',
      receiver: { type: 'MERCHANT_ID', account: '1900000110', amount: 888, description: '分给商户1900000110' },
      success_time: '2026-11-23T10:00:00+08:00',
    },
    eventType: 'PROFITSHARING',
    summary: '分账成功',
    apiV3Key: k.apiV3Key,
    privateKey: k.platformPrivateKey,
    serial: k.platformSerial,
  });
  $('nt-headers').value = Object.entries(headers)
    .map(([name, v]) => `${name}: ${v}`)
    .join('\n');
  $('nt-body').value = body;
  $('nt-apiv3').value = k.apiV3Key;
  $('nt-platform').value = k.platformCertificate;
  $('nt-keyid').value = '';
  $('nt-clock').checked = true;
  showKeyLength();
  decode();
}

export function mount(ctx) {
  wx = ctx.wx;
  testing = ctx.testing;
  $('nt-form').addEventListener('submit', (e) => {
    e.preventDefault();
    decode();
  });
  $('nt-example').addEventListener('click', loadExample);
  $('nt-apiv3').addEventListener('input', showKeyLength);
  $('nt-apiv3-show').addEventListener('change', (e) => {
    $('nt-apiv3').type = e.target.checked ? 'text' : 'password';
  });
  return {
    relabel() {
      showKeyLength();
      render();
    },
  };
}
