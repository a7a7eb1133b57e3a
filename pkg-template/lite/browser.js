// wechatpay-edge/lite in browsers (and the default condition): call `await init()` once first.
// It loads the lite module; WebCrypto runs every RSA and AES-GCM operation.
import initWasm, * as w from '../wechatpay_edge_lite.js';
import { LITE_EXPORTS } from '../src/exports.js';
import { deferredApi } from '../src/deferred.js';
import { createWebhooks } from '../webhooks/core.js';

const deferred = deferredApi({ initWasm, w, wasmUrl: new URL('../wechatpay_edge_lite_bg.wasm', import.meta.url), list: LITE_EXPORTS, entry: 'wechatpay-edge/lite', onReady: (api) => bindClasses(api) });

export const runtime = 'browser';
/** Loads the lite wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
export const init = deferred.init;
const forwarders = deferred.forwarders;

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
