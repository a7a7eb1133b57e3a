// wechatpay-edge/lite in Node: the lite module; WebCrypto runs the async forms, node:crypto
// whatever WebCrypto cannot (Node 18 without a global `crypto`), so the fallback is never needed.
import { readFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import * as buffer from 'node:buffer';
import * as zlib from 'node:zlib';
import * as w from '../wechatpay_edge_lite.js';
import { createApi } from '../src/api.js';
import { createWebhooks } from '../webhooks/core.js';
import { nodeBackend } from '../src/native-node.js';

w.initSync({ module: readFileSync(new URL('../wechatpay_edge_lite_bg.wasm', import.meta.url)) });

const api = createApi(w, nodeBackend(crypto, buffer, zlib));
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
