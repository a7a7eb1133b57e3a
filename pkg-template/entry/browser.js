// Browser (and default) entry: call `await init()` once before anything else.
import initWasm, * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';
import { fail } from '../src/errors.js';

let api = null;
let pending = null;

export const runtime = 'browser';

export let MerchantKey;
export let PlatformKey;
export let PlatformKeySet;

/** Loads the wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
export function init(input) {
  if (api) return Promise.resolve();
  pending ??= initWasm(input === undefined ? { module_or_path: new URL('../wechatpay_edge_bg.wasm', import.meta.url) } : { module_or_path: input }).then(
    () => {
      api = createApi(w, null);
      ({ MerchantKey, PlatformKey, PlatformKeySet } = api);
    },
    (err) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}

function ready() {
  if (!api) throw fail('ERR_WXPAY_NOT_INITIALIZED', 'call `await init()` before using wechatpay-edge in the browser', {});
  return api;
}

const call = (name) => (...args) => ready()[name](...args);
// Async functions reject (rather than throw) before init, like any other failure of theirs.
const callAsync = (name) => async (...args) => ready()[name](...args);
const ns = (name) =>
  new Proxy({}, { get: (_, prop) => ready()[name][prop], has: (_, prop) => prop in ready()[name], ownKeys: () => Reflect.ownKeys(ready()[name]), getOwnPropertyDescriptor: (_, prop) => Object.getOwnPropertyDescriptor(ready()[name], prop) });

export { WxPayError } from '../src/errors.js';
export const importMerchantKey = call('importMerchantKey');
export const importPlatformPublicKey = call('importPlatformPublicKey');
export const importPlatformCertificate = call('importPlatformCertificate');
export const createPlatformKeySet = call('createPlatformKeySet');
export const loadCertificates = call('loadCertificates');
export const downloadCertificates = call('downloadCertificates');
export const buildSigningMessage = call('buildSigningMessage');
export const formatAuthorization = call('formatAuthorization');
export const parseAuthorization = call('parseAuthorization');
export const signRequest = call('signRequest');
export const signRequestAsync = callAsync('signRequestAsync');
export const encryptSensitive = call('encryptSensitive');
export const decryptSensitive = call('decryptSensitive');
export const verifyResponse = call('verifyResponse');
export const verifyNotification = call('verifyNotification');
export const verifySignature = call('verifySignature');
export const exportSpki = call('exportSpki');
export const decryptResource = call('decryptResource');
export const parseNotification = call('parseNotification');
export const ack = call('ack');
export const nack = call('nack');
export const prepare = call('prepare');
export const prepareAsync = callAsync('prepareAsync');
export const parseNotificationAsync = callAsync('parseNotificationAsync');
export const verifyNotificationAsync = callAsync('verifyNotificationAsync');
export const verifyResponseAsync = callAsync('verifyResponseAsync');
export const decryptResourceAsync = callAsync('decryptResourceAsync');
export const encryptSensitiveAsync = callAsync('encryptSensitiveAsync');
export const profitSharing = ns('profitSharing');
export const payScore = ns('payScore');
export const split = ns('split');
export const __testing = ns('testing');
