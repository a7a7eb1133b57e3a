// createClient's options, checked once: every mistake is an ERR_WXPAY_VALIDATION naming the
// option and how to fix it. Protocol values (hosts, refresh schedule) are the core's (CLIENT).
import { fail } from '../errors.js';
import { CLIENT } from '../../generated/constants.js';

export const DEFAULT_RETRY = Object.freeze({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000, maxElapsedMs: 30_000 });
export const DEFAULT_TIMEOUT_MS = 10_000;

function bad(path, message) {
  return fail('ERR_WXPAY_VALIDATION', `createClient: ${path} ${message}`, { issues: [{ path, code: 'invalid', message }] });
}

function read(obj, names, path) {
  if (obj === undefined || obj === null) return {};
  if (typeof obj !== 'object') throw bad(path, 'must be an object');
  const out = {};
  for (const n of names) out[n] = obj[n];
  return out;
}

function count(v, path, min, fallback) {
  if (v === undefined) return fallback;
  if (!(Number.isFinite(v) && v >= min)) throw bad(path, `must be a number ≥ ${min}`);
  return v;
}

function url(v, path) {
  let u;
  try {
    u = new URL(v);
  } catch {
    throw bad(path, `must be a URL such as ${CLIENT.apiBase}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(path, 'must be an http(s) URL');
  return u.origin;
}

function hook(v, path) {
  if (v === undefined) return null;
  if (typeof v !== 'function') throw bad(path, 'must be a function');
  return v;
}

/** The checked options; `api` turns a plain merchant key input into a MerchantKey. */
export function clientOptions(api, input) {
  const o = read(input, ['merchant', 'keys', 'apiV3Key', 'fetch', 'baseUrl', 'backupBaseUrl', 'timeoutMs', 'retry', 'certificates', 'hooks'], 'options');
  if (input === undefined || input === null) throw bad('options', 'are required: createClient({ merchant, keys, apiV3Key })');
  if (!o.merchant) throw bad('merchant', 'is required: importMerchantKey({ mchid, serialNo, privateKey }) or those fields');
  const merchant = o.merchant instanceof api.MerchantKey ? o.merchant : api.importMerchantKey(o.merchant);

  const fetchFn = o.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw bad('fetch', 'must be a fetch function (this runtime has no global fetch)');

  const baseUrl = o.baseUrl === undefined ? CLIENT.apiBase : url(o.baseUrl, 'baseUrl');
  // The documented backup host serves the production host only; a custom baseUrl names its own.
  const backupBaseUrl =
    o.backupBaseUrl === null || o.backupBaseUrl === false ? null : o.backupBaseUrl !== undefined ? url(o.backupBaseUrl, 'backupBaseUrl') : baseUrl === CLIENT.apiBase ? CLIENT.apiBackupBase : null;

  const timeoutMs = count(o.timeoutMs, 'timeoutMs', 1, DEFAULT_TIMEOUT_MS);

  let retry;
  if (o.retry === false) retry = { ...DEFAULT_RETRY, maxAttempts: 1 };
  else {
    const r = read(o.retry, ['maxAttempts', 'baseDelayMs', 'maxDelayMs', 'maxElapsedMs'], 'retry');
    retry = {
      maxAttempts: Math.floor(count(r.maxAttempts, 'retry.maxAttempts', 1, DEFAULT_RETRY.maxAttempts)),
      baseDelayMs: count(r.baseDelayMs, 'retry.baseDelayMs', 0, DEFAULT_RETRY.baseDelayMs),
      maxDelayMs: count(r.maxDelayMs, 'retry.maxDelayMs', 0, DEFAULT_RETRY.maxDelayMs),
      maxElapsedMs: count(r.maxElapsedMs, 'retry.maxElapsedMs', 0, DEFAULT_RETRY.maxElapsedMs),
    };
  }

  let certificates = null;
  if (o.certificates !== false) {
    const c = o.certificates === true || o.certificates === undefined ? {} : read(o.certificates, ['refreshIntervalMs', 'minRefreshIntervalMs', 'store'], 'certificates');
    let store = null;
    if (c.store !== undefined) {
      if (!c.store || typeof c.store.get !== 'function' || typeof c.store.put !== 'function') throw bad('certificates.store', 'must have get() and put(value) (sync or async)');
      store = c.store;
    }
    certificates = {
      // undefined: on when the key set holds no WeChat Pay public key (certificate mode), see platform-keys.js.
      explicit: o.certificates !== undefined,
      refreshIntervalMs: count(c.refreshIntervalMs, 'certificates.refreshIntervalMs', 1000, CLIENT.certificateRefreshSec * 1000),
      minRefreshIntervalMs: count(c.minRefreshIntervalMs, 'certificates.minRefreshIntervalMs', 0, CLIENT.certificateMinRefreshIntervalSec * 1000),
      store,
    };
  }
  if (certificates && o.apiV3Key == null && certificates.explicit) throw bad('apiV3Key', 'is required to download platform certificates (they come encrypted with it)');
  if (o.keys == null && o.apiV3Key == null) {
    throw bad('keys', "or apiV3Key is required: give the WeChat Pay public key (keys: [importPlatformPublicKey({ id: 'PUB_KEY_ID_…', pem })]) or, in certificate mode, the APIv3 key to download the platform certificates with");
  }

  const h = read(o.hooks, ['request', 'response', 'retry', 'certificates'], 'hooks');
  const hooks = { request: hook(h.request, 'hooks.request'), response: hook(h.response, 'hooks.response'), retry: hook(h.retry, 'hooks.retry'), certificates: hook(h.certificates, 'hooks.certificates') };

  return { merchant, keys: o.keys, apiV3Key: o.apiV3Key, fetch: fetchFn, baseUrl, backupBaseUrl, timeoutMs, retry, certificates, hooks };
}

/** A call's own options: its AbortSignal and timeout; the rest goes to the builder. */
export function callOptions(opts) {
  if (opts === undefined || opts === null) return { signal: undefined, timeoutMs: undefined, builder: undefined };
  if (typeof opts !== 'object') throw bad('options', 'must be an object');
  const { signal, timeoutMs, ...builder } = opts;
  if (signal !== undefined && !(signal && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) throw bad('options.signal', 'must be an AbortSignal');
  return { signal, timeoutMs: timeoutMs === undefined ? undefined : count(timeoutMs, 'options.timeoutMs', 1), builder: Object.keys(builder).length ? builder : undefined };
}
