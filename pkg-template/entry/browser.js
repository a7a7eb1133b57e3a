// Browser (and default) entry: call `await init()` once before anything else.
import initWasm, * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';
import { EXPORTS } from '../src/exports.js';
import { fail } from '../src/errors.js';

let api = null;
let pending = null;

export const runtime = 'browser';

/** Loads the wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
export function init(input) {
  if (api) return Promise.resolve();
  pending ??= initWasm(input === undefined ? { module_or_path: new URL('../wechatpay_edge_bg.wasm', import.meta.url) } : { module_or_path: input }).then(
    () => {
      api = createApi(w, null);
      bindClasses(api);
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

// Stand-ins for every export of src/exports.js until init() has run.
function forwarders() {
  const out = {};
  for (const name of EXPORTS.functions) out[name] = call(name);
  for (const name of EXPORTS.asyncFunctions) out[name] = callAsync(name);
  for (const name of EXPORTS.namespaces) out[name] = ns(name);
  return out;
}

// ---- exports: generated from src/exports.js by `cargo run --example gen-contracts`; do not edit ----
export { WxPayError } from '../src/errors.js';
export let MerchantKey, PlatformKey, PlatformKeySet;
function bindClasses(api) {
  ({ MerchantKey, PlatformKey, PlatformKeySet } = api);
}
export const {
  importMerchantKey,
  importPlatformPublicKey,
  importPlatformCertificate,
  createPlatformKeySet,
  loadCertificates,
  downloadCertificates,
  buildSigningMessage,
  formatAuthorization,
  parseAuthorization,
  signRequest,
  encryptSensitive,
  decryptSensitive,
  verifyResponse,
  verifyNotification,
  verifySignature,
  exportSpki,
  decryptResource,
  parseNotification,
  ack,
  nack,
  prepare,
  createClient,
  signRequestAsync,
  prepareAsync,
  parseNotificationAsync,
  verifyNotificationAsync,
  verifyResponseAsync,
  decryptResourceAsync,
  encryptSensitiveAsync,
  profitSharing,
  payScore,
  split,
} = forwarders();
// ---- end of the generated exports ----
export const __testing = ns('testing');
