// Cloudflare Workers entry: the .wasm is imported as a compiled module (Workers forbid
// compiling from bytes) and instantiated synchronously. No randomness at module scope.
import wasmModule from '../wechatpay_edge_bg.wasm';
import * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';

w.initSync({ module: wasmModule });

const api = createApi(w, null);
export const runtime = 'workerd';
export async function init() {}
export const {
  MerchantKey, PlatformKey, PlatformKeySet, WxPayError,
  importMerchantKey, importPlatformPublicKey, importPlatformCertificate, createPlatformKeySet, loadCertificates, downloadCertificates,
  buildSigningMessage, formatAuthorization, parseAuthorization, signRequest, signRequestAsync,
  encryptSensitive, decryptSensitive, verifyResponse, verifyNotification, verifySignature, exportSpki, decryptResource, parseNotification,
  ack, nack, profitSharing, payScore, split, prepare, prepareAsync,
  parseNotificationAsync, verifyNotificationAsync, verifyResponseAsync, decryptResourceAsync, encryptSensitiveAsync,
} = api;
export const __testing = api.testing;
