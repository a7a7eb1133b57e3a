// Cloudflare Workers entry: the .wasm is imported as a compiled module (Workers forbid
// compiling from bytes) and instantiated synchronously. No randomness at module scope.
import wasmModule from '../wechatpay_edge_bg.wasm';
import * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';
import * as fullParts from '../src/full-parts.js';

w.initSync({ module: wasmModule });

const api = createApi(w, null, fullParts);
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
} = api;
// ---- end of the generated exports ----
export const __testing = api.testing;
