// Tool 2: signature debugger (buildSigningMessage, signRequest, parseAuthorization + WebCrypto verify).
import { h, clear, $, debounce } from './dom.js';
import { t, errorExplanations } from './i18n.js';
import { pemBlocks, certificateSpki, pkcs1PublicToSpki, pkcs1PrivateToPkcs8, b64decode, b64urlToBigInt, bytesToBigInt, bigIntToBytes, hex } from './der.js';
import { DEFAULT_TOLERANCE_SEC } from '../pkg/generated/constants.js';

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const PARTS = ['method', 'url', 'timestamp', 'nonce'];
const enc = new TextEncoder();
let wx;
let testing;
let lastVerify = null;
const merchantKeys = new Map(); // in memory only, for this page's lifetime

function randomNonce() {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => abc[b % abc.length]).join('');
}

const nowSec = () => Math.floor(Date.now() / 1000);

function readInputs() {
  const tsRaw = $('sig-ts').value.trim();
  return {
    method: $('sig-method').value,
    url: $('sig-url').value.trim(),
    body: $('sig-body').value,
    tsRaw,
    timestamp: /^\d{1,15}$/.test(tsRaw) ? Number(tsRaw) : undefined,
    nonce: $('sig-nonce').value.trim(),
    mchid: $('sig-mchid').value.trim(),
    serialNo: $('sig-serial').value.trim(),
    privateKey: $('sig-private').value.trim(),
  };
}

function build(inp, over = {}) {
  const x = { ...inp, ...over };
  return wx.buildSigningMessage({ method: x.method, url: x.url, timestamp: x.timestamp, nonce: x.nonce, body: x.body });
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
    e.issues?.length ? h('ul', { class: 'issues' }, e.issues.map((i) => h('li', {}, h('code', {}, i.path), ' ', i.message))) : h('p', { class: 'path' }, e.message),
  );
}

/** The message with every \n drawn as a visible ⏎ and each line tagged with its part. */
export function renderMessage(pre, message) {
  clear(pre);
  const lines = message.split('\n');
  // The message ends with \n, so the last split element is the empty rest.
  const n = lines.length - 1;
  for (let i = 0; i < n; i++) {
    const part = i < 4 ? PARTS[i] : 'body';
    const first = i < 4 || i === 4;
    pre.append(
      h('span', { class: `ln part-${part}`, dataset: first ? { label: t(`sig.line.${part}`) } : {} }, lines[i]),
      h('span', { class: 'nl', title: '\\n' }, '⏎'),
      '\n',
    );
  }
  if (lines[n]) pre.append(h('span', { class: 'ln' }, lines[n]));
}

async function sha256Hex(bytes) {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

let msgSeq = 0;
async function updateMessage() {
  const seq = ++msgSeq;
  const inp = readInputs();
  const pre = $('sig-message');
  const info = $('sig-message-info');
  let message;
  try {
    message = build(inp);
  } catch (e) {
    clear(pre);
    clear(info);
    pre.append(errorBlock(e));
    pre.dataset.ok = 'false';
    updateAuth(inp, null);
    return;
  }
  pre.dataset.ok = 'true';
  renderMessage(pre, message);
  const bytes = enc.encode(message);
  const hash = await sha256Hex(bytes);
  if (seq !== msgSeq) return;
  clear(info);
  info.append(t('sig.messageInfo', { bytes: bytes.length, lines: message.split('\n').length - 1, hash }));
  const skew = inp.timestamp === undefined ? 0 : Math.abs(nowSec() - inp.timestamp);
  // The core refuses a message this far off or more (two-sided window).
  if (skew >= DEFAULT_TOLERANCE_SEC) info.append(h('br'), h('span', { class: 'warn' }, t('sig.clockSkew', { sec: skew })));
  updateAuth(inp, message);
}

function merchantKey(inp) {
  const k = `${inp.mchid}\u0000${inp.serialNo}\u0000${inp.privateKey}`;
  if (!merchantKeys.has(k)) {
    merchantKeys.clear(); // keep at most one key in memory
    merchantKeys.set(k, wx.importMerchantKey({ mchid: inp.mchid, serialNo: inp.serialNo, privateKey: inp.privateKey }));
  }
  return merchantKeys.get(k);
}

function updateAuth(inp, message) {
  const out = $('sig-auth');
  clear(out);
  delete out.dataset.ok;
  if (!inp.privateKey || !inp.mchid || !inp.serialNo) {
    out.append(h('span', { class: 'help' }, t('sig.authNeedsKey')));
    return;
  }
  if (message === null) {
    out.append(h('span', { class: 'help' }, '—'));
    return;
  }
  try {
    const signed = wx.signRequest(merchantKey(inp), { method: inp.method, url: inp.url, body: inp.body, timestamp: inp.timestamp, nonce: inp.nonce });
    out.textContent = signed.authorization;
    out.dataset.ok = 'true';
  } catch (e) {
    out.append(errorBlock(e));
    out.dataset.ok = 'false';
  }
}

// ---------------------------------------------------------------- keys

async function publicFromJwk(jwk) {
  return crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true }, ALG, true, ['verify']);
}

async function keyInfo(cryptoKey, extra) {
  const jwk = await crypto.subtle.exportKey('jwk', cryptoKey);
  const n = b64urlToBigInt(jwk.n);
  const e = b64urlToBigInt(jwk.e);
  const bits = n.toString(2).length;
  return { cryptoKey: extra.publicKey ?? cryptoKey, n, e, bits, k: Math.ceil(bits / 8), ...extra };
}

async function keyFromPublic(text) {
  const blocks = pemBlocks(text);
  const b = blocks[0];
  if (!b) throw new Error('no PEM block (-----BEGIN CERTIFICATE----- / -----BEGIN PUBLIC KEY-----)');
  if (b.label === 'CERTIFICATE') {
    let cert = null;
    let certError = null;
    try {
      cert = wx.importPlatformCertificate(b.pem);
    } catch (e) {
      certError = e;
    }
    const key = await crypto.subtle.importKey('spki', certificateSpki(b.der), ALG, true, ['verify']);
    return keyInfo(key, { source: 'cert', serial: cert?.serial, notAfter: cert?.notAfter, certError });
  }
  if (b.label === 'PUBLIC KEY' || b.label === 'RSA PUBLIC KEY') {
    const spki = b.label === 'PUBLIC KEY' ? b.der : pkcs1PublicToSpki(b.der);
    const key = await crypto.subtle.importKey('spki', spki, ALG, true, ['verify']);
    return keyInfo(key, { source: 'public' });
  }
  if (b.label === 'PRIVATE KEY' || b.label === 'RSA PRIVATE KEY') return keyFromPrivate(text);
  throw new Error(`unsupported PEM: ${b.label}`);
}

async function keyFromPrivate(text) {
  const b = pemBlocks(text).find((x) => x.label === 'PRIVATE KEY' || x.label === 'RSA PRIVATE KEY');
  if (!b) throw new Error('no -----BEGIN PRIVATE KEY----- block');
  const pkcs8 = b.label === 'PRIVATE KEY' ? b.der : pkcs1PrivateToPkcs8(b.der);
  const priv = await crypto.subtle.importKey('pkcs8', pkcs8, ALG, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', priv);
  const pub = await publicFromJwk(jwk);
  return keyInfo(pub, { source: 'private', publicKey: pub });
}

// ---------------------------------------------------------------- padding analysis

const SHA256_PREFIX = '3031300d060960864801650304020105000420';
const SHA1_PREFIX = '3021300906052b0e03021a05000414';

function modPow(b, e, m) {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    e >>= 1n;
    b = (b * b) % m;
  }
  return r;
}

/** RSA public operation on the signature: does it decode to PKCS#1 v1.5 padding, and over which digest? */
function openSignature(key, sig) {
  const s = bytesToBigInt(sig);
  if (s >= key.n) return { padded: false };
  const em = hex(bigIntToBytes(modPow(s, key.e, key.n), key.k));
  const m = /^0001(ff)+00(.*)$/.exec(em);
  if (!m) return { padded: false };
  if (m[2].startsWith(SHA256_PREFIX)) return { padded: true, alg: 'sha256', digest: m[2].slice(SHA256_PREFIX.length) };
  if (m[2].startsWith(SHA1_PREFIX)) return { padded: true, alg: 'sha1', digest: m[2].slice(SHA1_PREFIX.length) };
  return { padded: true, alg: 'other', digest: m[2] };
}

// ---------------------------------------------------------------- variants

function queryParts(url) {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

function bodyVariants(body) {
  const out = [];
  try {
    const v = JSON.parse(body);
    out.push({ dim: 'body', id: 'json-compact', body: JSON.stringify(v) });
    out.push({ dim: 'body', id: 'json-pretty', body: JSON.stringify(v, null, 2) });
  } catch {
    /* not JSON: no re-serialisation variants */
  }
  out.push({ dim: 'body', id: 'add-newline', body: `${body}\n` });
  if (body.endsWith('\n')) out.push({ dim: 'body', id: 'strip-newline', body: body.replace(/\r?\n$/, '') });
  if (body.includes('\n')) out.push({ dim: 'body', id: 'crlf', body: body.replace(/\r?\n/g, '\r\n') });
  if (body) out.push({ dim: 'body', id: 'empty-body', body: '' });
  return out.filter((v) => v.body !== body);
}

function urlVariants(url) {
  const [path, query] = queryParts(url);
  if (!query) return [];
  const out = [{ dim: 'url', id: 'no-query', url: path }];
  try {
    out.push({ dim: 'url', id: 'query-reencoded', url: `${path}?${new URLSearchParams(query).toString()}` });
  } catch {
    /* ignore */
  }
  try {
    out.push({ dim: 'url', id: 'query-decoded', url: `${path}?${decodeURIComponent(query)}` });
  } catch {
    /* malformed percent-encoding */
  }
  out.push({ dim: 'url', id: 'query-encoded', url: `${path}?${encodeURI(decodeSafe(query))}` });
  const seen = new Set([url]);
  return out.filter((v) => !seen.has(v.url) && seen.add(v.url));
}

function decodeSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function methodVariants(method) {
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => m !== method).map((m) => ({ dim: 'method', id: 'method', method: m }));
}

/** Where two messages first differ: { part, line, col, want, got } or null. */
export function firstDifference(want, got) {
  if (want === got) return null;
  let i = 0;
  while (i < want.length && i < got.length && want[i] === got[i]) i++;
  const before = want.slice(0, i);
  const lineIdx = before.split('\n').length - 1;
  const col = i - (before.lastIndexOf('\n') + 1) + 1;
  const part = lineIdx < 4 ? PARTS[lineIdx] : 'body';
  const show = (c) => (c === undefined ? t('v.endOfText') : c === '\n' ? '⏎ (\\n)' : c === '\r' ? '\\r' : JSON.stringify(c));
  return { part, line: lineIdx + 1, col, index: i, want: show(want[i]), got: show(got[i]) };
}

/** A few characters either side of `index`, the differing one marked, line breaks drawn as ⏎. */
function excerpt(text, index) {
  const vis = (x) => x.replace(/\r/g, '␍').replace(/\n/g, '⏎');
  const from = Math.max(0, index - 28);
  return [
    from > 0 ? '…' : '',
    vis(text.slice(from, index)),
    h('mark', {}, index < text.length ? vis(text[index]) : t('v.endOfText')),
    vis(text.slice(index + 1, index + 29)),
    index + 29 < text.length ? '…' : '',
  ];
}

function normaliseSigned(text) {
  let s = text.replace(/⏎\n?/g, '\n');
  if (!s.includes('\n') && s.includes('\\n')) s = s.replace(/\\r/g, '\r').replace(/\\n/g, '\n');
  return s;
}

// ---------------------------------------------------------------- verify

let verifySeq = 0;
async function verify() {
  const seq = ++verifySeq;
  const done = (res) => {
    if (seq !== verifySeq) return;
    lastVerify = res;
    renderVerify();
  };
  const inp = readInputs();
  const r = { checks: [], notes: [], verified: [], tried: 0 };
  const check = (ok, text) => r.checks.push({ ok, text });
  let given = $('sig-given').value.trim().replace(/^authorization:\s*/i, '');
  if (!given) return done({ verdict: 'error', notes: [t('v.needSignature')], checks: [] });

  let parts = null;
  let sigB64 = given;
  if (/^WECHATPAY2-/i.test(given) || /signature="/.test(given)) {
    try {
      parts = wx.parseAuthorization(given);
      sigB64 = parts.signature;
      check(true, t('v.headerParsed', { mchid: parts.mchid, serial: parts.serialNo }));
    } catch (e) {
      return done({ verdict: 'error', checks: [{ ok: false, text: t('v.headerBad') }], error: e });
    }
  } else {
    sigB64 = given.replace(/\s+/g, '');
  }

  let key;
  const pubText = $('sig-public').value.trim();
  try {
    if (pubText) key = await keyFromPublic(pubText);
    else if (inp.privateKey) key = await keyFromPrivate(inp.privateKey);
    else return done({ ...r, verdict: 'error', notes: [t('v.needKey')] });
  } catch (e) {
    return done({ ...r, verdict: 'error', checks: [...r.checks, { ok: false, text: t('v.keyBad', { message: e.message }) }] });
  }
  if (key.source === 'cert' && key.serial) check(true, t('v.keyCert', { serial: key.serial, until: new Date(key.notAfter * 1000).toISOString().slice(0, 10) }));
  else if (key.source === 'cert' && key.certError) check(false, `${key.certError.code}: ${key.certError.message}`);
  else check(true, t(key.source === 'private' ? 'v.keyPrivate' : 'v.keyPublic', { bits: key.bits }));

  let sig;
  try {
    sig = b64decode(sigB64);
  } catch {
    return done({ ...r, verdict: 'error', checks: [...r.checks, { ok: false, text: t('v.sigBase64') }] });
  }
  if (sig.length !== key.k) {
    check(false, t('v.sigLength', { got: sig.length, want: key.k }));
  }

  // Header against the inputs.
  const headerDiffers = { timestamp: false, nonce: false };
  if (parts) {
    headerDiffers.timestamp = parts.timestamp !== inp.timestamp;
    headerDiffers.nonce = parts.nonceStr !== inp.nonce;
    check(!headerDiffers.timestamp, headerDiffers.timestamp ? t('v.tsDiff', { header: parts.timestamp, input: inp.tsRaw || '∅' }) : t('v.tsSame', { ts: parts.timestamp }));
    check(!headerDiffers.nonce, headerDiffers.nonce ? t('v.nonceDiff', { header: parts.nonceStr, input: inp.nonce || '∅' }) : t('v.nonceSame'));
    if (inp.mchid && inp.mchid !== parts.mchid) check(false, t('v.mchidDiff', { header: parts.mchid, input: inp.mchid }));
    if (key.serial) {
      const same = key.serial.toUpperCase() === parts.serialNo.toUpperCase();
      check(same, same ? t('v.serialSame') : t('v.serialDiff', { header: parts.serialNo, cert: key.serial }));
    }
  }

  const verifyMsg = async (message) => {
    r.tried++;
    return crypto.subtle.verify(ALG, key.cryptoKey, sig, enc.encode(message));
  };

  // Timestamp/nonce sources: the inputs, and the header's when they differ.
  const tsn = [];
  if (inp.timestamp !== undefined && inp.nonce) tsn.push({ id: 'input-ts-nonce', timestamp: inp.timestamp, nonce: inp.nonce });
  if (parts && (headerDiffers.timestamp || headerDiffers.nonce)) tsn.push({ id: 'header-ts-nonce', timestamp: parts.timestamp, nonce: parts.nonceStr });
  if (parts && !tsn.length) tsn.push({ id: 'header-ts-nonce', timestamp: parts.timestamp, nonce: parts.nonceStr });

  const variants = [{ dim: null, id: 'exact' }, ...bodyVariants(inp.body), ...urlVariants(inp.url), ...methodVariants(inp.method)];
  // What WeChat Pay would verify: the inputs, with the header's timestamp and nonce when there is a header.
  let expected = null;
  try {
    expected = parts ? build(inp, { timestamp: parts.timestamp, nonce: parts.nonceStr }) : build(inp);
  } catch {
    /* invalid inputs: reported in the message box */
  }
  for (const src of tsn) {
    for (const v of variants) {
      let message;
      try {
        message = build(inp, { timestamp: src.timestamp, nonce: src.nonce, ...(v.body !== undefined && { body: v.body }), ...(v.url && { url: v.url }), ...(v.method && { method: v.method }) });
      } catch {
        continue;
      }
      if (sig.length === key.k && (await verifyMsg(message))) r.verified.push({ src: src.id, ...v, message });
    }
  }
  const opened = sig.length === key.k ? openSignature(key, sig) : { padded: false };
  if (opened.padded && opened.alg === 'sha256') r.notes.push(t('v.signedHash', { hash: opened.digest }));

  // The string the user's code signed, if given.
  const signedText = $('sig-signed').value;
  let signedInfo = null;
  if (signedText.trim() && expected) {
    const signed = normaliseSigned(signedText);
    signedInfo = { diff: firstDifference(expected, signed), verifies: sig.length === key.k && (await verifyMsg(signed)) };
    if (signedInfo.diff) r.signedDiff = { want: expected, got: signed, index: signedInfo.diff.index };
  }

  const exact = r.verified.find((v) => v.id === 'exact');
  let verdict = 'mismatch';
  let diff = 'unknown';
  if (exact && exact.src === 'input-ts-nonce' && parts && (headerDiffers.timestamp || headerDiffers.nonce)) {
    diff = headerDiffers.timestamp ? 'timestamp' : 'nonce';
    r.notes.unshift(t('v.signedWithInputs'));
  } else if (exact) {
    verdict = 'match';
    diff = 'none';
    r.notes.unshift(t(exact.src === 'header-ts-nonce' && parts && (headerDiffers.timestamp || headerDiffers.nonce) ? 'v.exactHeader' : 'v.exact'));
  } else if (r.verified.length) {
    const v = r.verified[0];
    diff = v.dim;
    r.cause = v;
  } else if (signedInfo && signedInfo.verifies && signedInfo.diff) {
    diff = signedInfo.diff.part;
  } else if (opened.padded && opened.alg === 'sha1') {
    diff = 'algorithm';
    check(false, t('v.sha1'));
  } else if (!opened.padded) {
    diff = 'key';
    check(false, t('v.keyMismatch'));
  } else {
    diff = 'content';
    check(true, t('v.keyMatches'));
    r.notes.push(t('v.noVariant'));
    if (!signedInfo) r.notes.push(t('v.contentDiffers'));
  }
  if (signedInfo) {
    if (!signedInfo.diff) r.notes.push(t('v.signedSame'));
    else {
      const d = signedInfo.diff;
      r.notes.push(
        `${signedInfo.verifies ? t('v.signedVerifies') : t('v.signedNotVerifies')} ${t('v.firstDiff', { part: t(`diff.${d.part}`), line: d.line, col: d.col, want: d.want, got: d.got })}`,
      );
    }
  }
  done({ ...r, verdict, diff });
}

function renderVerify() {
  const el = $('sig-result');
  clear(el);
  const r = lastVerify;
  if (!r) return;
  el.dataset.verdict = r.verdict;
  el.dataset.diff = r.diff ?? '';
  el.append(h('p', { class: `verdict ${r.verdict === 'match' ? 'good' : 'bad'}` }, t(`v.verdict.${r.verdict}`)));
  if (r.cause) {
    const what = r.cause.id === 'method' ? t('variant.method', { method: r.cause.method }) : t(`variant.${r.cause.id}`);
    el.append(h('p', { class: 'cause', dataset: { variant: r.cause.id } }, t('v.variantFound', { what })));
    const pre = h('pre', { class: 'message', tabindex: '0' });
    renderMessage(pre, r.cause.message);
    el.append(pre);
  }
  for (const n of r.notes ?? []) el.append(h('p', { class: 'note' }, n));
  if (r.signedDiff) {
    const d = r.signedDiff;
    el.append(
      h(
        'div',
        { class: 'diffview' },
        h('p', {}, h('span', { class: 'who' }, t('v.expected')), h('code', {}, excerpt(d.want, d.index))),
        h('p', {}, h('span', { class: 'who' }, t('v.yours')), h('code', {}, excerpt(d.got, d.index))),
      ),
    );
  }
  if (r.checks?.length) {
    el.append(
      h(
        'ul',
        { class: 'checks' },
        r.checks.map((c) => h('li', { class: c.ok ? 'ok' : 'fail' }, h('span', { class: 'icon', 'aria-hidden': 'true' }, c.ok ? '✓' : '✗'), ' ', c.text)),
      ),
    );
  }
  if (r.error) el.append(errorBlock(r.error));
  if (r.tried) el.append(h('p', { class: 'help' }, t('v.tried', { n: r.tried })));
}

// ---------------------------------------------------------------- examples

const EXAMPLE_BODY = {
  sub_mchid: '1900000109',
  transaction_id: '4208450740201411110007820472',
  out_order_no: 'P20150806125346',
  receivers: [{ type: 'MERCHANT_ID', receiver_account: '1900000110', amount: 888, description: '分给商户1900000110' }],
  finish: false,
};

async function loadExample(reserialised) {
  const k = testing.testKeys;
  $('sig-method').value = 'POST';
  $('sig-url').value = 'https://api.mch.weixin.qq.com/v3/ecommerce/profitsharing/orders';
  const signedBody = JSON.stringify(EXAMPLE_BODY);
  $('sig-body').value = reserialised ? JSON.stringify(EXAMPLE_BODY, null, 2) : signedBody;
  $('sig-ts').value = String(nowSec());
  $('sig-nonce').value = randomNonce();
  $('sig-mchid').value = k.mchid;
  $('sig-serial').value = k.merchantSerialNo;
  $('sig-private').value = k.merchantPrivateKey;
  $('sig-public').value = k.merchantCertificate;
  $('sig-signed').value = '';
  const inp = readInputs();
  const signed = wx.signRequest(merchantKey(inp), { method: inp.method, url: inp.url, body: signedBody, timestamp: inp.timestamp, nonce: inp.nonce });
  $('sig-given').value = signed.authorization;
  await updateMessage();
  await verify();
}

export function mount(ctx) {
  wx = ctx.wx;
  testing = ctx.testing;
  const form = $('sig-form');
  const schedule = debounce(updateMessage, 150);
  for (const id of ['sig-method', 'sig-url', 'sig-body', 'sig-ts', 'sig-nonce', 'sig-mchid', 'sig-serial', 'sig-private']) {
    $(id).addEventListener('input', schedule);
    $(id).addEventListener('change', schedule);
  }
  $('sig-ts-now').addEventListener('click', () => {
    $('sig-ts').value = String(nowSec());
    updateMessage();
  });
  $('sig-nonce-new').addEventListener('click', () => {
    $('sig-nonce').value = randomNonce();
    updateMessage();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await updateMessage();
    await verify();
  });
  $('sig-example').addEventListener('click', () => loadExample(false));
  $('sig-example-bad').addEventListener('click', () => loadExample(true));
  $('sig-ts').value = String(nowSec());
  $('sig-nonce').value = randomNonce();
  updateMessage();
  return {
    relabel() {
      updateMessage();
      if (lastVerify) verify();
    },
  };
}
