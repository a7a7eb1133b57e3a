// wechatpay-edge/lite in Cloudflare Workers: the lite module (webhooks and signing, about a third
// of the full module), imported as a compiled module (Workers forbid compiling from bytes) and
// instantiated synchronously. WebCrypto runs every RSA and AES-GCM operation.
import wasmModule from '../wechatpay_edge_lite_bg.wasm';
import * as w from '../wechatpay_edge_lite.js';
import { createApi } from '../src/api.js';
import { createWebhooks } from '../webhooks/core.js';

w.initSync({ module: wasmModule });

const api = createApi(w, null);
export const runtime = 'workerd';
export async function init() {}
// ---- exports: generated from src/exports.js by `cargo run --example gen-contracts`; do not edit ----
export const {
  WxPayError,
  MerchantKey,
  PlatformKey,
  PlatformKeySet,
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
} = api;
// ---- end of the generated exports ----
// The webhooks helpers (wechatpay-edge/webhooks) over this entry's ack and nack, so a webhook
// Worker loads the lite module only (reconciliation needs the builders: wechatpay-edge/webhooks).
export { d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from '../webhooks/core.js';
export const { handleOnce } = createWebhooks({ ack, nack });
