// wechatpay-edge/emulator: a local WeChat Pay for platform profit sharing and acquiring-bank
// Payscore, built on the package's own core. Node only; the library entries never import it.
import { createServer, STATUS_CODES, maxHeaderSize as MAX_HEADER_SIZE } from 'node:http';
import * as wx from '../entry/node.js';
import { testKeys, encryptResource } from '../testing/node.js';
import { Store } from './store.js';
import { Notifier, isLoopbackHost, RETRY_SCHEDULE_SEC } from './notifier.js';
import { ApiError, apiError, loadKeys, responseSigner, notificationSigner, signerFor, signatureHeaders, verifyAuthorization, rfc3339, SIGNING_MODES } from './protocol.js';
import { createProfitSharing, SPLIT_ERRORS } from './profitsharing.js';
import { createPayscore } from './payscore.js';
import { createPermissions } from './permissions.js';
import { createAfterSales } from './aftersales.js';
import { createBills } from './bills.js';
import { checkEscapes } from './common.js';
import { OFFICIAL_POLICY } from '../generated/constants.js';

/** Longest freeze of a profit-sharing order (seed 002 "系统默认最长冻结周期180天"; spec "Freeze period"). */
const FREEZE_DAYS = 180;

export { RETRY_SCHEDULE_SEC, SPLIT_ERRORS, SIGNING_MODES, isLoopbackHost };

export const DEFAULTS = Object.freeze({
  port: 8723,
  host: '127.0.0.1',
  /** Which key signs answers and notifications: WeChat Pay's public key (PUB_KEY_ID_…), as for every merchant since 2024. */
  signing: 'public-key',
  timeScale: 1,
  processingDelaySec: 3,
  /** The core's official policy (generated from src/split/policy.rs): 30 % (the package's default; the platform default is unconfirmed), 50 receivers and 50 splits (2025 docs). */
  policy: OFFICIAL_POLICY,
  /** Service risk limit of the emulated Payscore service_id, in fen. */
  payscoreRiskLimit: 2_000_000,
});

const MAX_BODY = 1 << 20;
/**
 * Idle keep-alive connections close after 5 s (Node's default). Not 1 s: undici (Node's fetch)
 * subtracts a 1 s margin from the server's `Keep-Alive: timeout=N` hint, so with 1 s it never
 * reused a connection (one TCP connection per request under load).
 */
const KEEP_ALIVE_MS = 5000;

function fail(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

/** A URIError a handler hit decoding a parameter (checkEscapes should have caught it first). */
const uriError = (err) => apiError(400, 'PARAM_ERROR', '参数错误：URL 中的百分号编码不合法', { location: 'path', issue: String(err.message) });

function ymd(ms = Date.now()) {
  return rfc3339(ms).slice(0, 10).replace(/-/g, '');
}

/**
 * Starts the emulator; resolves once it listens.
 * @param {import('./index.d.ts').EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const o = { ...options };
  const host = o.host ?? DEFAULTS.host;
  if (!isLoopbackHost(host) && !o.allowRemote) {
    throw fail('ERR_EMULATOR_REMOTE', `refusing to listen on ${host}: the emulator binds loopback only (127.0.0.1, ::1, localhost) unless allowRemote / --allow-remote is given`);
  }
  const timeScale = o.timeScale ?? DEFAULTS.timeScale;
  if (!(typeof timeScale === 'number' && timeScale > 0 && Number.isFinite(timeScale))) throw fail('ERR_EMULATOR_OPTION', 'timeScale must be a number > 0');
  const processingDelaySec = o.processingDelaySec ?? DEFAULTS.processingDelaySec;
  if (!(typeof processingDelaySec === 'number' && processingDelaySec >= 0)) throw fail('ERR_EMULATOR_OPTION', 'processingDelaySec must be a number ≥ 0');
  const policy = { ...DEFAULTS.policy, ...(o.policy ?? {}) };
  const probe = wx.split.checkPlan({ amount: 100 }, { receivers: [{ type: 'MERCHANT_ID', account: '1', amount: 1 }] }, policy);
  const bad = probe.violations.find((v) => v.code === 'policy_invalid');
  if (bad) throw fail('ERR_EMULATOR_OPTION', bad.message);
  const log = typeof o.log === 'function' ? o.log : () => {};

  const signing = o.signing ?? DEFAULTS.signing;
  if (!SIGNING_MODES.includes(signing)) throw fail('ERR_EMULATOR_OPTION', `signing must be ${SIGNING_MODES.map((m) => `'${m}'`).join(', ')}`);
  if (o.notifySerial !== undefined && o.notifySerial !== 'public-key' && o.notifySerial !== 'certificate') throw fail('ERR_EMULATOR_OPTION', "notifySerial must be 'public-key' or 'certificate'");
  const keys = loadKeys(o, testKeys);
  // Notifications: the signing mode's key, unless notifySerial pins one key.
  const notifyMode = o.notifySerial ?? signing;
  const notifySerials = notifyMode === 'both' ? [keys.publicKey.id, keys.platform.serial] : [notificationSigner(keys, notifyMode).serial];
  let responses = 0;
  const answerSigner = (requestSerial) => responseSigner(keys, requestSerial, signing, responses++);
  const store = await Store.open(o.statePath);

  const seq = () => {
    const m = store.get('meta', 'seq') ?? { n: 0 };
    m.n += 1;
    store.put('meta', 'seq', m);
    return m.n;
  };
  const digits = (prefix) => `${prefix}${ymd()}${String(seq()).padStart(16, '0')}`;
  const ids = {
    transaction: () => digits('4200'),
    order: () => digits('3008'),
    detail: () => digits('3600'),
    returnNo: () => digits('3009'),
    serviceOrder: () => digits('1000'),
  };

  const rewrites = [...(o.notifyRewrites ?? [])];
  const notifier = new Notifier({
    store,
    keys,
    testing: { encryptResource },
    timeScale,
    allowRemote: !!o.allowRemote,
    rewrites,
    signerFor: (d) => notificationSigner(keys, notifyMode, d.ordinal ?? 1),
    log,
    dropped: (d) => !!(d.payload && typeof d.payload === 'object' && typeof d.payload.out_order_no === 'string' && store.get('drop', d.payload.out_order_no)),
    nextId: () => `D${String(seq()).padStart(6, '0')}`,
    nextOrdinal: () => {
      const m = store.get('meta', 'notifications') ?? { n: 0 };
      m.n += 1;
      store.put('meta', 'notifications', m);
      return m.n;
    },
  });

  // ---- faults -------------------------------------------------------------------

  function takeFault(target, pathname) {
    const list = store
      .all('fault')
      .filter((f) => f.target === target && (!f.path || (pathname ?? '').startsWith(f.path)))
      .sort((a, b) => a.seq - b.seq);
    const f = list[0];
    if (!f) return null;
    f.remaining -= 1;
    if (f.remaining <= 0) store.delete('fault', f.id);
    else store.put('fault', f.id, f);
    return f;
  }

  function addFault(input) {
    const b = input && typeof input === 'object' && !Array.isArray(input) ? input : null;
    if (!b) throw apiError(400, 'PARAM_ERROR', 'the body must be a JSON object');
    const problems = [];
    if (b.duplicate !== undefined && !(Number.isInteger(b.duplicate) && b.duplicate >= 0 && b.duplicate <= 20)) problems.push('duplicate must be 0..20');
    for (const k of ['probe', 'stale', 'drop']) if (b[k] !== undefined && typeof b[k] !== 'boolean') problems.push(`${k} must be a boolean`);
    if (b.delayMs !== undefined && !(Number.isInteger(b.delayMs) && b.delayMs >= 1 && b.delayMs <= 120_000)) problems.push('delayMs must be 1..120000');
    if (b.phase !== undefined && b.phase !== 'before' && b.phase !== 'after') problems.push("phase must be 'before' or 'after'");
    if (b.path !== undefined && !(typeof b.path === 'string' && b.path.startsWith('/v3/'))) problems.push('path must be a /v3/… path prefix');
    if (b.count !== undefined && !(Number.isInteger(b.count) && b.count >= 1 && b.count <= 1000)) problems.push('count must be 1..1000');
    if (b.error !== undefined) {
      const e = b.error;
      if (!e || !Number.isInteger(e.status) || e.status < 400 || e.status > 599 || typeof e.code !== 'string') problems.push('error must be { status: 400..599, code, message? }');
    }
    const target = b.target ?? (b.error || b.drop || b.delayMs ? 'response' : 'notification');
    if (target !== 'notification' && target !== 'response') problems.push("target must be 'notification' or 'response'");
    if (target === 'notification' && b.error) problems.push('error faults apply to API responses (target: response)');
    if (target === 'response' && b.duplicate) problems.push('duplicate applies to notifications');
    if (target === 'notification' && (b.drop || b.delayMs || b.phase || b.path)) problems.push('drop, delayMs, phase and path apply to API responses (target: response)');
    if (b.drop && b.error) problems.push('give drop or error, not both');
    if (!b.duplicate && !b.probe && !b.stale && !b.error && !b.drop && !b.delayMs) problems.push('give at least one of duplicate, probe, stale, error, drop, delayMs');
    if (problems.length) throw apiError(400, 'PARAM_ERROR', problems.join('; '));
    const n = seq();
    const f = {
      id: `F${n}`,
      seq: n,
      target,
      remaining: b.count ?? 1,
      ...(b.duplicate ? { duplicate: b.duplicate } : {}),
      ...(b.probe ? { probe: true } : {}),
      ...(b.stale ? { stale: true } : {}),
      ...(b.error ? { error: { status: b.error.status, code: b.error.code, message: b.error.message ?? b.error.code } } : {}),
      ...(b.drop ? { drop: true } : {}),
      ...(b.delayMs ? { delayMs: b.delayMs } : {}),
      ...(b.path ? { path: b.path } : {}),
      // error: before the operation runs (nothing happened) unless 'after'; drop and delayMs: after it (it happened, the answer is lost or late).
      ...(target === 'response' ? { phase: b.phase ?? (b.error ? 'before' : 'after') } : {}),
    };
    store.put('fault', f.id, f);
    return f;
  }

  /** Fault "drop deliveries": every delivery attempt of notifications about this order is lost. */
  function addDrop(input) {
    const b = input && typeof input === 'object' && !Array.isArray(input) ? input : null;
    if (!b || typeof b.out_order_no !== 'string' || !b.out_order_no || b.out_order_no.length > 64) {
      throw apiError(400, 'PARAM_ERROR', 'give { out_order_no: 1..64 characters } (a split\'s out_order_no, a return\'s out_return_no, a Payscore out_order_no)');
    }
    const drop = { out_order_no: b.out_order_no, since: new Date().toISOString() };
    store.put('drop', b.out_order_no, drop);
    return drop;
  }

  function removeDrop(outOrderNo) {
    const had = store.get('drop', outOrderNo);
    store.delete('drop', outOrderNo);
    return { out_order_no: outOrderNo, dropped: false, was_dropped: !!had };
  }

  // ---- API families -----------------------------------------------------------------

  const ctx = {
    wx,
    store,
    keys,
    policy,
    ids,
    delayMs: processingDelaySec * 1000 * timeScale,
    // Seed 002: funds not split within 180 days of payment are unfrozen to the sub-merchant.
    freezeMs: FREEZE_DAYS * 86_400_000 * timeScale,
    payscoreRiskLimit: o.payscoreRiskLimit ?? DEFAULTS.payscoreRiskLimit,
    notifier,
    signerFor: (serial) => signerFor(keys, serial),
    takeNotificationFault: () => {
      const f = takeFault('notification');
      return f ? { duplicate: f.duplicate ?? 0, probe: !!f.probe, stale: !!f.stale } : null;
    },
  };
  const ps = createProfitSharing(ctx);
  ctx.seedTransaction = ps.seedTransaction;
  const pay = createPayscore(ctx);
  const perm = createPermissions(ctx);
  const afterSales = createAfterSales(ctx);
  const bills = createBills(ctx);

  function certificates({ query }) {
    const type = query.get('algorithm_type') ?? 'RSA';
    if (!['RSA', 'SM2', 'ALL'].includes(type)) throw apiError(400, 'PARAM_ERROR', '参数错误：algorithm_type 取值非法');
    // The signing certificate, then those a rotation retired (until expireRetiredCertificates).
    const data =
      type === 'SM2'
        ? []
        : [keys.platform, ...keys.retired].map((p) => ({
            serial_no: p.serial,
            effective_time: rfc3339(p.validFrom),
            expire_time: rfc3339(p.validTo),
            encrypt_certificate: (({ algorithm, nonce, associated_data, ciphertext }) => ({ algorithm, nonce, associated_data, ciphertext }))(
              encryptResource({ apiV3Key: keys.apiV3Key, plaintext: p.certificate, associatedData: 'certificate' }),
            ),
          }));
    return { status: 200, body: { data } };
  }

  /** A new platform certificate starts signing; the old one is still served (rotation overlap). */
  function rotateCertificate() {
    if (!keys.nextPlatform) throw apiError(409, 'INVALID_STATE', 'no certificate to rotate to: start the emulator with platform2Certificate and platform2PrivateKey');
    const old = keys.platform;
    keys.platform = keys.nextPlatform;
    // A second rotation goes back to the first certificate.
    keys.nextPlatform = old;
    keys.retired = [old, ...keys.retired.filter((p) => p.serial !== keys.platform.serial)];
    return certificateState();
  }

  /** The retired certificates expire: /v3/certificates serves the signing one only. */
  function expireRetiredCertificates() {
    keys.retired.splice(0);
    return certificateState();
  }

  const certificateState = () => ({ signing: keys.platform.serial, retired: keys.retired.map((p) => p.serial), next: keys.nextPlatform ? keys.nextPlatform.serial : null, signing_mode: signing });

  /** Which hosts are down: their /v3/ requests get the connection reset (control routes keep working). */
  const outage = { main: false, backup: false };
  function setOutage(input) {
    const b = input && typeof input === 'object' && !Array.isArray(input) ? input : null;
    if (!b || Object.keys(b).some((k) => k !== 'main' && k !== 'backup') || Object.values(b).some((v) => typeof v !== 'boolean')) {
      throw apiError(400, 'PARAM_ERROR', 'give { main?: boolean, backup?: boolean }');
    }
    Object.assign(outage, b);
    return { ...outage };
  }

  /** Every /v3/ request that reached a handler or a fault, oldest first (the last 10000). */
  const requestLog = [];
  const logRequest = (entry) => {
    requestLog.push(entry);
    if (requestLog.length > 10_000) requestLog.shift();
  };
  const requests = (filter = {}) => requestLog.filter((r) => (!filter.path || r.path.startsWith(filter.path)) && (!filter.host || r.host === filter.host));

  const apiRoutes = compile([['GET', '/v3/certificates', certificates], ...ps.routes, ...pay.routes, ...perm.routes, ...afterSales.routes, ...bills.routes]);

  const hook = (name) => ({ params, body }) => pay.hooks[name](decodeURIComponent(params.out_order_no), body);
  const adminRoutes = compile([
    ['GET', '/_emulator', () => info()],
    ['POST', '/_emulator/transactions', ({ body }) => ps.seedTransaction(body)],
    ['GET', '/_emulator/transactions', () => ps.transactions()],
    ['GET', '/_emulator/transactions/:id', ({ params }) => ps.getTransaction(decodeURIComponent(params.id))],
    ['GET', '/_emulator/receivers', () => ({ receivers: store.all('receiver'), notify_urls: store.all('receiverNotify').map(({ mchid, url }) => ({ mchid, url })) })],
    ['POST', '/_emulator/receivers/:mchid/notify-url', ({ params, body }) => ps.setNotifyUrl(decodeURIComponent(params.mchid), body)],
    ['GET', '/_emulator/deliveries', ({ query }) => deliveries(Object.fromEntries(query))],
    ['GET', '/_emulator/faults', () => store.all('fault')],
    ['POST', '/_emulator/faults', ({ body }) => addFault(body)],
    ['DELETE', '/_emulator/faults', () => {
      for (const f of store.all('fault')) store.delete('fault', f.id);
      return [];
    }],
    ['GET', '/_emulator/drops', () => store.all('drop')],
    ['POST', '/_emulator/drops', ({ body }) => addDrop(body)],
    ['DELETE', '/_emulator/drops/:out_order_no', ({ params }) => removeDrop(decodeURIComponent(params.out_order_no))],
    ['GET', '/_emulator/payscore', () => pay.orders()],
    ['GET', '/_emulator/split-ledger', ({ query }) => bills.ledger({ query })],
    ['POST', '/_emulator/payscore/:out_order_no/confirm', hook('confirm')],
    ['POST', '/_emulator/payscore/:out_order_no/pay', hook('pay')],
    ['POST', '/_emulator/payscore/:out_order_no/expire', hook('expire')],
    ['GET', '/_emulator/payscore-permissions', () => perm.permissions()],
    ['POST', '/_emulator/payscore-permissions/:authorization_code/authorize', ({ params, body }) => perm.hooks.authorize(decodeURIComponent(params.authorization_code), body)],
    ['POST', '/_emulator/payscore-permissions/:authorization_code/revoke', ({ params }) => perm.hooks.revoke(decodeURIComponent(params.authorization_code))],
    ['POST', '/_emulator/notifications', ({ body }) => customNotification(body)],
    ['POST', '/_emulator/notify-rewrites', ({ body }) => {
      if (!body || typeof body.from !== 'string' || typeof body.to !== 'string') throw apiError(400, 'PARAM_ERROR', 'give { from, to } URL prefixes');
      rewrites.unshift({ from: body.from, to: body.to });
      return rewrites;
    }],
    ['POST', '/_emulator/certificates/rotate', () => rotateCertificate()],
    ['POST', '/_emulator/certificates/expire-retired', () => expireRetiredCertificates()],
    ['GET', '/_emulator/certificates', () => certificateState()],
    ['POST', '/_emulator/outage', ({ body }) => setOutage(body)],
    ['GET', '/_emulator/requests', ({ query }) => requests(Object.fromEntries(query))],
    ['POST', '/_emulator/reset', () => {
      store.clear();
      return { reset: true };
    }],
  ]);

  /**
   * Delivers one notification of any event type (an unknown PROFITSHARING.* one, a v2-style
   * TRANSACTION.SUCCESS…), signed and encrypted like the real ones, retried on the same schedule:
   * { event_type, payload, summary?, original_type? = 'profitsharing', associated_data? = original_type,
   *   url? | receiver_mchid? }. The next notification fault (POST /_emulator/faults) applies to it.
   */
  function customNotification(input) {
    const b = input && typeof input === 'object' && !Array.isArray(input) ? input : null;
    if (!b) throw apiError(400, 'PARAM_ERROR', 'the body must be a JSON object');
    const problems = [];
    if (typeof b.event_type !== 'string' || !b.event_type || b.event_type.length > 64) problems.push('event_type must be a string of 1..64 characters');
    if (b.payload === undefined || b.payload === null) problems.push('payload is required (an object, or a string sent as the plaintext verbatim)');
    for (const k of ['summary', 'original_type', 'associated_data', 'url', 'receiver_mchid']) {
      if (b[k] !== undefined && typeof b[k] !== 'string') problems.push(`${k} must be a string`);
    }
    if ((b.url === undefined) === (b.receiver_mchid === undefined)) problems.push('give exactly one of url, receiver_mchid');
    if (typeof b.receiver_mchid === 'string' && !/^\d{1,32}$/.test(b.receiver_mchid)) problems.push('receiver_mchid must be digits');
    if (problems.length) throw apiError(400, 'PARAM_ERROR', problems.join('; '));
    const cfg = b.receiver_mchid ? store.get('receiverNotify', b.receiver_mchid) : null;
    const originalType = b.original_type ?? 'profitsharing';
    const d = notifier.enqueue({
      url: b.url ?? null,
      receiverMchid: b.receiver_mchid ?? null,
      eventType: b.event_type,
      summary: b.summary,
      originalType,
      associatedData: b.associated_data ?? originalType,
      payload: b.payload,
      apiV3Key: (cfg && cfg.apiV3Key) || keys.apiV3Key,
      fault: ctx.takeNotificationFault(),
    });
    const { body, ...view } = d;
    return { ...view, next_attempt_at: new Date(d.next_attempt_at).toISOString() };
  }

  function deliveries(filter = {}) {
    return store
      .all('delivery')
      .filter((d) => (!filter.state || d.state === filter.state) && (!filter.event_type || d.event_type === filter.event_type) && (!filter.mchid || d.receiver_mchid === filter.mchid))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map(({ body, ...d }) => ({ ...d, next_attempt_at: d.next_attempt_at ? new Date(d.next_attempt_at).toISOString() : null }));
  }

  function info() {
    return {
      emulator: 'wechatpay-edge',
      url: emulator.url,
      time_scale: timeScale,
      processing_delay_sec: processingDelaySec,
      retry_schedule_sec: RETRY_SCHEDULE_SEC,
      policy,
      payscore_risk_limit: ctx.payscoreRiskLimit,
      state: store.path ?? 'memory',
      state_journal: store.journalPath,
      state_backend: store.backend,
      control_routes: adminRoutes.map((r) => controlRouteDoc(r, emulator.url)),
      merchant: { mchid: keys.merchant.mchid, serial_no: keys.merchant.serial },
      signing,
      backup_url: backupUrl,
      outage: { ...outage },
      certificates: certificateState(),
      platform: { serial_no: keys.platform.serial, public_key_id: keys.publicKey.id, notify_serial: notifySerials[0], notify_serials: notifySerials },
      public_key: keys.publicKey.pem,
      platform_certificate: keys.platform.certificate,
    };
  }

  // ---- HTTP ---------------------------------------------------------------------

  async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > MAX_BODY) throw apiError(413, 'PARAM_ERROR', '请求体过大');
      chunks.push(c);
    }
    return Buffer.concat(chunks);
  }

  function sendSigned(res, status, bodyObj, requestSerial, { numeric, fault } = {}) {
    const body = status === 204 || bodyObj === undefined ? '' : JSON.stringify(bodyObj);
    const headers = signatureHeaders(answerSigner(requestSerial), body, { numeric, fault });
    if (body) headers['Content-Type'] = 'application/json; charset=utf-8';
    res.writeHead(status, headers);
    res.end(body);
  }

  function sendPlain(res, status, obj) {
    const body = JSON.stringify(obj, null, 2);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(body);
  }

  function parseJson(raw, bodyText) {
    if (!raw.length) return undefined;
    try {
      return JSON.parse(bodyText);
    } catch {
      throw apiError(400, 'PARAM_ERROR', '参数错误：请求体不是合法的JSON', { location: 'body', issue: 'the body is not valid JSON' });
    }
  }

  async function api(req, res, pathname, query, raw, rawQuery, host) {
    const requestSerial = req.headers['wechatpay-serial'];
    let fault = null;
    let after = null;
    const entry = { at: Date.now(), method: req.method, path: pathname, host, outcome: 'answered' };
    logRequest(entry);
    try {
      let bodyText;
      try {
        bodyText = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw apiError(400, 'PARAM_ERROR', '参数错误：请求体不是UTF-8', { location: 'body', issue: 'the body is not UTF-8' });
      }
      const caller = verifyAuthorization(wx, keys, { method: req.method, url: req.url, headers: req.headers, bodyText });
      const f = takeFault('response', pathname);
      if (f && f.phase === 'after' && (f.error || f.drop || f.delayMs)) after = f;
      else if (f) {
        if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
        if (f.drop) {
          entry.outcome = 'dropped';
          req.socket.destroy();
          return;
        }
        if (f.error) throw apiError(f.error.status, f.error.code, f.error.message, { injected: true });
      }
      if (f) fault = f.probe ? 'probe' : f.stale ? 'stale' : null;
      const m = match(apiRoutes, req.method, pathname);
      if (!m) throw apiError(404, 'NOT_FOUND', '请求的接口不存在', { location: 'path', issue: `${pathname} is not an emulated operation` });
      if (m.wrongMethod) throw apiError(405, 'METHOD_NOT_ALLOWED', `不支持的请求方法 ${req.method}`);
      checkEscapes(m.params, rawQuery);
      const body = parseJson(raw, bodyText);
      const r = store.batch(() => m.handler({ body, query, params: m.params, headers: req.headers, caller }));
      log(`${req.method} ${req.url} → ${r.status}`);
      if (after) {
        // The operation ran; its answer is lost (drop), late (delayMs) or replaced (error).
        if (after.delayMs) await new Promise((res2) => setTimeout(res2, after.delayMs));
        if (after.drop || res.destroyed || req.socket.destroyed) {
          entry.outcome = 'dropped';
          req.socket.destroy();
          return;
        }
        if (after.error) throw apiError(after.error.status, after.error.code, after.error.message, { injected: true });
      }
      if (r.raw) {
        // A bill download: WeChat Pay does not sign it (the bill API's digest stands in).
        res.writeHead(r.status, { 'Content-Type': r.contentType, 'Content-Length': r.raw.length });
        res.end(r.raw);
        return;
      }
      sendSigned(res, r.status, r.body, requestSerial, { fault });
    } catch (err) {
      if (err instanceof URIError) err = uriError(err);
      if (err instanceof ApiError) {
        log(`${req.method} ${req.url} → ${err.status} ${err.code} ${err.message}`);
        sendSigned(res, err.status, err.body(), requestSerial, { numeric: err.numeric, fault });
      } else {
        log(`${req.method} ${req.url} → 500: ${err && err.stack ? err.stack : err}`);
        sendSigned(res, 500, { code: 'SYSTEM_ERROR', message: '系统错误', detail: { issue: String(err && err.message) } }, requestSerial);
      }
    }
  }

  async function admin(req, res, pathname, query, raw, rawQuery) {
    try {
      const m = match(adminRoutes, req.method, pathname);
      if (!m) throw apiError(404, 'NOT_FOUND', `${pathname} is not an emulator route (GET /_emulator lists them)`);
      if (m.wrongMethod) throw apiError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${pathname}`);
      checkEscapes(m.params, rawQuery);
      const body = parseJson(raw, raw.toString('utf8'));
      const result = store.batch(() => m.handler({ body, query, params: m.params }));
      sendPlain(res, req.method === 'POST' && pathname === '/_emulator/transactions' ? 201 : 200, result);
    } catch (err) {
      if (err instanceof URIError) err = uriError(err);
      if (err instanceof ApiError) sendPlain(res, err.status, err.body());
      else {
        log(`${req.method} ${req.url} → 500: ${err && err.stack ? err.stack : err}`);
        sendPlain(res, 500, { code: 'SYSTEM_ERROR', message: String(err && err.message) });
      }
    }
  }

  const handler = (host) => async (req, res) => {
    const q = req.url.indexOf('?');
    const pathname = q < 0 ? req.url : req.url.slice(0, q);
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    let raw;
    try {
      raw = await readBody(req);
    } catch (err) {
      const status = err.status ?? 400;
      const body = err instanceof ApiError ? err.body() : { code: 'PARAM_ERROR', message: String(err.message) };
      if (pathname.startsWith('/v3/')) sendSigned(res, status, body, req.headers['wechatpay-serial']);
      else sendPlain(res, status, body);
      return;
    }
    const query = new URLSearchParams(rawQuery);
    if (pathname === '/_emulator' || pathname.startsWith('/_emulator/')) return admin(req, res, pathname, query, raw, rawQuery);
    if (pathname.startsWith('/v3/')) {
      if (outage[host]) {
        logRequest({ at: Date.now(), method: req.method, path: pathname, host, outcome: 'outage' });
        req.socket.destroy();
        return;
      }
      return api(req, res, pathname, query, raw, rawQuery, host);
    }
    sendPlain(res, 404, { code: 'NOT_FOUND', message: `${pathname}: the emulator serves /v3/… (WeChat Pay) and /_emulator/… (control)` });
  };
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, handler('main'));
  // Node's default server.keepAliveTimeout is 5 s too; older emulators used 1 s (see KEEP_ALIVE_MS).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = Math.max(server.headersTimeout, KEEP_ALIVE_MS + 1000);

  /**
   * Requests Node's HTTP parser refuses before any handler runs: headers (request line included)
   * over http.maxHeaderSize (16 KiB unless node --max-http-header-size) → 431, a request that
   * takes too long → 408, anything else malformed → 400. Node would answer with a bare status
   * line; these get WeChat's error body, signed with the platform certificate (the request's
   * Wechatpay-Serial is unknown: its headers were not parsed), and Connection: close.
   */
  server.on('clientError', (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable || (socket._httpMessage && socket._httpMessage.headersSent)) {
      socket.destroy();
      return;
    }
    const [status, body] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, { code: 'PARAM_ERROR', message: '请求头过大', detail: { location: 'header', issue: `the request line and headers exceed ${MAX_HEADER_SIZE} bytes` } }]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, { code: 'PARAM_ERROR', message: '请求超时', detail: { location: 'request', issue: 'the request was not received in time' } }]
          : [400, { code: 'PARAM_ERROR', message: '请求格式错误', detail: { location: 'request', issue: `malformed HTTP request (${err.code ?? 'parse error'})` } }];
    const text = JSON.stringify(body);
    const headers = {
      ...signatureHeaders(answerSigner(undefined), text),
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      Connection: 'close',
    };
    log(`(unparsed request) → ${status} ${body.code} ${body.message} (${err.code})`);
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    // Half-close after the answer and drain what the client still sends: closing a socket with
    // unread data would make the kernel send RST and the client lose the answer.
    socket.on('data', () => {});
    socket.resume();
    socket.end(head + text);
    setTimeout(() => socket.destroy(), 2000).unref();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err) => {
    store.close();
    throw err;
  });
  const port = server.address().port;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${hostPart}:${port}`;
  // The backup host (api2.mch.weixin.qq.com): the same emulator on a second port, for failover.
  let backupServer = null;
  let backupUrl = null;
  if (o.backup) {
    backupServer = createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, handler('backup'));
    await new Promise((resolve, reject) => {
      backupServer.once('error', reject);
      backupServer.listen(o.backupPort ?? 0, host, resolve);
    });
    backupUrl = `http://${hostPart}:${backupServer.address().port}`;
  }
  notifier.resume();

  let closing = null;
  const emulator = {
    url,
    backupUrl,
    host,
    port,
    timeScale,
    policy,
    statePath: store.path,
    stateBackend: store.backend,
    signing,
    keys: {
      mchid: keys.merchant.mchid,
      merchantSerialNo: keys.merchant.serial,
      platformSerial: keys.platform.serial,
      platformCertificate: keys.platform.certificate,
      publicKeyId: keys.publicKey.id,
      publicKey: keys.publicKey.pem,
      apiV3Key: keys.apiV3Key,
      notifySerial: notifySerials[0],
      notifySerials,
    },
    snippet: () => keySetSnippet({ url, keys, signing }),
    info,
    deliveries,
    seedTransaction: (input) => store.batch(() => ps.seedTransaction(input)),
    setReceiverNotifyUrl: (mchid, url, apiV3Key) => store.batch(() => ps.setNotifyUrl(String(mchid), { url, ...(apiV3Key ? { apiV3Key } : {}) })),
    injectFault: (input) => store.batch(() => addFault(input)),
    clearFaults: () => {
      for (const f of store.all('fault')) store.delete('fault', f.id);
    },
    rotateCertificate,
    expireRetiredCertificates,
    certificates: certificateState,
    setOutage,
    requests,
    /** Every delivery attempt of notifications about `outOrderNo` is lost until restoreDeliveries. */
    dropDeliveries: (outOrderNo) => store.batch(() => addDrop({ out_order_no: outOrderNo })),
    restoreDeliveries: (outOrderNo) => store.batch(() => removeDrop(String(outOrderNo))),
    payscore: {
      confirm: (outOrderNo, input) => store.batch(() => pay.hooks.confirm(outOrderNo, input)),
      pay: (outOrderNo, input) => store.batch(() => pay.hooks.pay(outOrderNo, input)),
      expire: (outOrderNo) => store.batch(() => pay.hooks.expire(outOrderNo)),
      authorize: (authorizationCode, input) => store.batch(() => perm.hooks.authorize(authorizationCode, input)),
      revoke: (authorizationCode) => store.batch(() => perm.hooks.revoke(authorizationCode)),
    },
    /** Resolves when every delivery is delivered, failed or skipped (or rejects after timeoutMs). */
    async settle(timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const open = store.all('delivery').filter((d) => !['delivered', 'failed', 'skipped'].includes(d.state));
        if (!open.length) return deliveries();
        if (Date.now() > end) throw fail('ERR_EMULATOR_TIMEOUT', `${open.length} deliveries still open after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close() {
      closing ??= (async () => {
        await notifier.close();
        await Promise.all(
          [server, backupServer].filter(Boolean).map(
            (s) =>
              new Promise((r) => {
                s.close(() => r());
                s.closeAllConnections?.();
              }),
          ),
        );
        store.close();
      })();
      return closing;
    },
  };
  return emulator;
}

/**
 * What each control route does, its JSON body (null: none) and an example, for GET /_emulator.
 * `example` is a curl command line against this emulator; `$URL` is replaced by its URL.
 */
export const CONTROL_ROUTES = Object.freeze({
  'GET /_emulator': { does: 'this description: settings, keys (PEM), signing mode, state file, control routes', body: null, example: 'curl $URL/_emulator' },
  'POST /_emulator/transactions': {
    does: 'seed a paid transaction to split (201, the ledger view)',
    body: '{ sub_mchid: digits, amount: fen > 0, fee?: fen | feeRatePpm?: 6000 (= 0.6 %), transaction_id?: digits, profit_sharing?: boolean = true, paid_at?: ISO time (funds still frozen 180 days after it, scaled, are unfrozen) }',
    example: `curl -X POST $URL/_emulator/transactions -d '{"sub_mchid":"1900000109","amount":10000,"feeRatePpm":6000}'`,
  },
  'GET /_emulator/transactions': { does: 'every seeded transaction with its ledger', body: null, example: 'curl $URL/_emulator/transactions' },
  'GET /_emulator/transactions/:id': { does: "one transaction's ledger (splittable, cap, unsplit, per-receiver)", body: null, example: 'curl $URL/_emulator/transactions/4200000000000000000000000001' },
  'GET /_emulator/receivers': { does: 'added receivers and receiver notify URLs', body: null, example: 'curl $URL/_emulator/receivers' },
  'POST /_emulator/receivers/:mchid/notify-url': {
    does: 'where the 分账动账通知 to receiver :mchid are delivered (apiV3Key: the receiver’s own, 32 bytes; default the emulator’s)',
    body: '{ url: http(s) URL, apiV3Key?: string of 32 bytes }',
    example: `curl -X POST $URL/_emulator/receivers/1900000110/notify-url -d '{"url":"http://127.0.0.1:3000/wechatpay/notify"}'`,
  },
  'GET /_emulator/deliveries': {
    does: 'the delivery log: every notification, its url, state and attempts (filters: ?state=&event_type=&mchid=)',
    body: null,
    example: 'curl "$URL/_emulator/deliveries?state=failed"',
  },
  'GET /_emulator/faults': { does: 'faults not yet consumed', body: null, example: 'curl $URL/_emulator/faults' },
  'POST /_emulator/faults': {
    does:
      'queue a fault. Faults are consumed one per notification, in the order queued: each new notification takes the oldest queued ' +
      'notification fault (count N: the next N notifications take it) and it applies to its first delivery (probe and/or stale ' +
      'copies first, then the genuine one plus `duplicate` copies; retries are clean). target response (implied by error, drop, delayMs): the ' +
      'next API answers (of `path` when given) take the oldest queued response fault the same way: 429 bursts and 500/503 (error with count), ' +
      'dropped connections (drop), answers slower than a client timeout (delayMs); phase after: the operation ran and only its answer is lost',
    body: "{ duplicate?: 0..20, probe?: boolean, stale?: boolean, error?: { status: 400..599, code, message? }, drop?: boolean (reset the connection, no answer), delayMs?: 1..120000 (answer late), phase?: 'before' | 'after' (error: before the operation runs by default; drop, delayMs: after it ran), path?: '/v3/…' prefix the fault waits for, target?: 'notification' | 'response', count?: 1..1000 = 1 }",
    example: `curl -X POST $URL/_emulator/faults -d '{"duplicate":2,"probe":true}'`,
  },
  'DELETE /_emulator/faults': { does: 'drop every queued fault', body: null, example: 'curl -X DELETE $URL/_emulator/faults' },
  'GET /_emulator/drops': { does: 'orders whose notifications are being dropped', body: null, example: 'curl $URL/_emulator/drops' },
  'POST /_emulator/drops': {
    does:
      'fault "drop deliveries": every delivery attempt of a notification about this order (payload out_order_no: a split, a return\'s out_return_no, a Payscore order) is lost on the way, ' +
      'first attempt and retries alike, until DELETE; the schedule goes on (after the last retry: failed), as when WeChat Pay cannot reach you. For testing reconciliation',
    body: '{ out_order_no: 1..64 chars }',
    example: `curl -X POST $URL/_emulator/drops -d '{"out_order_no":"P20260101001"}'`,
  },
  'DELETE /_emulator/drops/:out_order_no': { does: 'deliver notifications about this order again (from the next scheduled retry)', body: null, example: 'curl -X DELETE $URL/_emulator/drops/P20260101001' },
  'GET /_emulator/payscore': { does: 'Payscore orders', body: null, example: 'curl $URL/_emulator/payscore' },
  'GET /_emulator/split-ledger': { does: 'the splits and returns requested on ?bill_date=YYYY-MM-DD (China time; default today), optionally of ?sub_mchid=, as a split ledger to reconcile the bill with (profitSharing.reconcileBill, admin page Reconcile)', body: null, example: 'curl "$URL/_emulator/split-ledger?bill_date=2026-12-01"' },
  'POST /_emulator/payscore/:out_order_no/confirm': {
    does: 'the user confirms a CREATED order: DOING/USER_CONFIRM, PAYSCORE.USER_CONFIRM to its notify_url',
    body: '{ openid?: string } (or no body)',
    example: 'curl -X POST $URL/_emulator/payscore/SO20260101001/confirm',
  },
  'POST /_emulator/payscore/:out_order_no/pay': {
    does: 'the user pays (all, or amount fen): DONE/USER_PAID when nothing is left, PAYSCORE.USER_PAID each time',
    body: '{ amount?: fen, transaction_id?: digits } (or no body)',
    example: `curl -X POST $URL/_emulator/payscore/SO20260101001/pay -d '{"amount":300}'`,
  },
  'POST /_emulator/payscore/:out_order_no/expire': { does: 'a CREATED order expires', body: null, example: 'curl -X POST $URL/_emulator/payscore/SO20260101001/expire' },
  'GET /_emulator/payscore-permissions': { does: 'Payscore authorizations (pre-authorized by authorization_code)', body: null, example: 'curl $URL/_emulator/payscore-permissions' },
  'POST /_emulator/payscore-permissions/:authorization_code/authorize': {
    does: 'the user authorizes a pre-authorization: AVAILABLE, PAYSCORE.USER_OPEN_SERVICE to its notify_url',
    body: '{ openid?: string } (or no body)',
    example: 'curl -X POST $URL/_emulator/payscore-permissions/AUTH20260101001/authorize',
  },
  'POST /_emulator/payscore-permissions/:authorization_code/revoke': {
    does: 'the user ends the authorization in WeChat: UNAVAILABLE, PAYSCORE.USER_CLOSE_SERVICE to its notify_url',
    body: '{} (or no body): nothing to give',
    example: 'curl -X POST $URL/_emulator/payscore-permissions/AUTH20260101001/revoke',
  },
  'POST /_emulator/notifications': {
    does: 'deliver a notification of any event type, signed, encrypted and retried like the others; takes the next notification fault',
    body: "{ event_type: 1..64 chars, payload: object | string, summary?, original_type? = 'profitsharing', associated_data? = original_type, url | receiver_mchid (exactly one) }",
    example: `curl -X POST $URL/_emulator/notifications -d '{"event_type":"PROFITSHARING.FROZEN","summary":"分账冻结","payload":{"sub_mchid":"1900000109"},"url":"http://127.0.0.1:3000/wechatpay/notify"}'`,
  },
  'POST /_emulator/notify-rewrites': {
    does: 'deliver notify URLs starting with from to to instead (like --rewrite-notify; the newest rule is tried first)',
    body: '{ from: URL prefix, to: URL prefix }',
    example: `curl -X POST $URL/_emulator/notify-rewrites -d '{"from":"https://shop.example.com/","to":"http://127.0.0.1:3000/"}'`,
  },
  'POST /_emulator/certificates/rotate': {
    does: 'platform-certificate rotation: the next certificate (platform2) signs answers and notifications from now on (signing certificate or both); GET /v3/certificates serves both until expire-retired',
    body: '{} (or no body): nothing to give',
    example: 'curl -X POST $URL/_emulator/certificates/rotate',
  },
  'POST /_emulator/certificates/expire-retired': { does: 'the certificates a rotation retired expire: GET /v3/certificates serves the signing one only', body: null, example: 'curl -X POST $URL/_emulator/certificates/expire-retired' },
  'GET /_emulator/certificates': { does: 'which certificate signs, which are retired, which is next', body: null, example: 'curl $URL/_emulator/certificates' },
  'POST /_emulator/outage': {
    does: 'take a host down: its /v3/ requests get the connection reset (main: this port; backup: the second port of startEmulator({ backup: true }), for failover); control routes keep working',
    body: '{ main?: boolean, backup?: boolean }',
    example: `curl -X POST $URL/_emulator/outage -d '{"main":true}'`,
  },
  'GET /_emulator/requests': { does: 'the /v3/ requests received (method, path, host main|backup, outcome answered|dropped|outage), filters ?path=&host=', body: null, example: 'curl "$URL/_emulator/requests?path=/v3/certificates"' },
  'POST /_emulator/reset': { does: 'forget everything (the state file too)', body: null, example: 'curl -X POST $URL/_emulator/reset' },
});

function controlRouteDoc(r, url) {
  const route = `${r.method} ${r.pattern}`;
  const d = CONTROL_ROUTES[route];
  return d ? { route, does: d.does, body: d.body, example: d.example.replaceAll('$URL', url) } : { route, does: null, body: null, example: null };
}

/** Route table: [method, pattern with :params, handler] → matcher. */
function compile(routes) {
  return routes.map(([method, pattern, handler]) => {
    const names = [];
    const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
    return { method, pattern, re, names, handler };
  });
}

function match(table, method, pathname) {
  let wrongMethod = false;
  for (const r of table) {
    const m = r.re.exec(pathname);
    if (!m) continue;
    if (r.method !== method) {
      wrongMethod = true;
      continue;
    }
    return { handler: r.handler, params: Object.fromEntries(r.names.map((n, i) => [n, m[i + 1]])) };
  }
  return wrongMethod ? { wrongMethod: true } : null;
}

/**
 * A copy-paste ES module snippet for a client of this emulator: the base URL, the merchant key,
 * the key set that verifies its answers and notifications in its signing mode, the APIv3 key.
 * Test keys are named through `wechatpay-edge/testing`; other keys as placeholders to fill in.
 */
function keySetSnippet({ url, keys, signing }) {
  const t = keys.isTest;
  const lines = [`// wechatpay-edge emulator at ${url} (signing: ${signing}): paste into your ES module`];
  const named = ['importMerchantKey', 'createPlatformKeySet', 'prepare', 'verifyResponse', 'parseNotification'];
  const platform = [];
  if (signing !== 'certificate') {
    named.push('importPlatformPublicKey');
    platform.push(
      t.publicKey
        ? 'importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })'
        : `importPlatformPublicKey({ id: ${JSON.stringify(keys.publicKey.id)}, pem: WECHATPAY_PUBLIC_KEY /* GET ${url}/_emulator → public_key */ })`,
    );
  }
  if (signing !== 'public-key') {
    named.push('importPlatformCertificate');
    platform.push(t.certificate ? 'importPlatformCertificate(testKeys.platformCertificate)' : `importPlatformCertificate(PLATFORM_CERTIFICATE /* GET ${url}/_emulator → platform_certificate */)`);
  }
  lines.push(`import { ${named.join(', ')} } from 'wechatpay-edge';`);
  if (t.merchant || t.publicKey || t.certificate || t.apiV3Key) lines.push(`import { testKeys } from 'wechatpay-edge/testing';`);
  lines.push('');
  lines.push(`const baseUrl = '${url}';`);
  const serialExpr = t.merchant ? 'testKeys.merchantSerialNo' : JSON.stringify(keys.merchant.serial ?? '<your merchant certificate serial>');
  lines.push(
    t.merchant
      ? 'const merchant = importMerchantKey({ mchid: testKeys.mchid, serialNo: testKeys.merchantSerialNo, privateKey: testKeys.merchantPrivateKey });'
      : `const merchant = importMerchantKey({ mchid: ${JSON.stringify(keys.merchant.mchid ?? '<your mchid>')}, serialNo: ${serialExpr}, privateKey: MERCHANT_PRIVATE_KEY /* the key of --merchant-cert */ });`,
  );
  const setOptions = t.merchant || keys.merchant.serial ? `, { merchantSerialNo: ${serialExpr} }` : '';
  lines.push(`const keys = createPlatformKeySet([${platform.join(', ')}]${setOptions});`);
  lines.push(`const apiV3Key = ${t.apiV3Key ? 'testKeys.apiV3Key' : JSON.stringify(keys.apiV3Key)};`);
  lines.push('// call:    const req = prepare(merchant, spec, { baseUrl });');
  lines.push('//          const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });');
  lines.push('//          verifyResponse({ status: res.status, headers: res.headers, body: await res.text(), keys });');
  lines.push('// webhook: parseNotification({ headers, body, keys, apiV3Key })');
  lines.push('// end of key set');
  return lines.join('\n');
}
