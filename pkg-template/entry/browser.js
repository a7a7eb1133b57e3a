// Browser (and default) entry: call `await init()` once before anything else.
import initWasm, * as w from '../wechatpay_edge.js';
import * as fullParts from '../src/full-parts.js';
import { EXPORTS } from '../src/exports.js';
import { deferredApi } from '../src/deferred.js';

const deferred = deferredApi({ initWasm, w, wasmUrl: new URL('../wechatpay_edge_bg.wasm', import.meta.url), list: EXPORTS, parts: fullParts, entry: 'wechatpay-edge', onReady: (api) => bindClasses(api) });

export const runtime = 'browser';
/** Loads the wasm; `input` may be a URL, Response, bytes or a compiled module. A failed load can be retried. */
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
export const __testing = deferred.ns('testing');
