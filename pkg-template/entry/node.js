// Node entry: wasm instantiated synchronously from the packaged file; RSA and AES-GCM through node:crypto.
import { readFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import * as buffer from 'node:buffer';
import * as zlib from 'node:zlib';
import * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';
import * as fullParts from '../src/full-parts.js';
import { nodeBackend } from '../src/native-node.js';

w.initSync({ module: readFileSync(new URL('../wechatpay_edge_bg.wasm', import.meta.url)) });

const api = createApi(w, nodeBackend(crypto, buffer, zlib), fullParts);
export const runtime = 'node';
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
