// wechatpay-edge/lite in browsers (and the default condition): call `await init()` once first.
// It loads the lite module; WebCrypto runs every RSA and AES-GCM operation.
import initWasm, * as w from '../wechatpay_edge_lite.js';
import { createApi } from '../src/api.js';
import { createWebhooks } from '../webhooks/core.js';
import { LITE_EXPORTS } from '../src/exports.js';
import { fail } from '../src/errors.js';

let api = null;
let pending = null;

export const runtime = 'browser';

/** Loads the lite wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
export function init(input) {
  if (api) return Promise.resolve();
  pending ??= initWasm(input === undefined ? { module_or_path: new URL('../wechatpay_edge_lite_bg.wasm', import.meta.url) } : { module_or_path: input }).then(
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
  if (!api) throw fail('ERR_WXPAY_NOT_INITIALIZED', 'call `await init()` before using wechatpay-edge/lite in the browser', {});
  return api;
}

const call = (name) => (...args) => ready()[name](...args);
// Async functions reject (rather than throw) before init, like any other failure of theirs.
const callAsync = (name) => async (...args) => ready()[name](...args);

// Stand-ins for every export of LITE_EXPORTS until init() has run.
function forwarders() {
  const out = {};
  for (const name of LITE_EXPORTS.functions) out[name] = call(name);
  for (const name of LITE_EXPORTS.asyncFunctions) out[name] = callAsync(name);
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
  createPlatformKeySet,
  buildSigningMessage,
  formatAuthorization,
  parseAuthorization,
  exportSpki,
  ack,
  nack,
  signRequestAsync,
  prepareAsync,
  parseNotificationAsync,
  verifyNotificationAsync,
  verifyResponseAsync,
  decryptResourceAsync,
  encryptSensitiveAsync,
} = forwarders();
// ---- end of the generated exports ----
// The webhooks helpers (wechatpay-edge/webhooks) over this entry's ack and nack, so a webhook
// Worker loads the lite module only (reconciliation needs the builders: wechatpay-edge/webhooks).
export { d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from '../webhooks/core.js';
export const { handleOnce } = createWebhooks({ ack, nack });
