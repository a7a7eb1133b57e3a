// Node entry: wasm instantiated synchronously from the packaged file; RSA and AES-GCM through node:crypto.
import { readFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import * as buffer from 'node:buffer';
import * as w from '../wechatpay_edge.js';
import { createApi } from '../src/api.js';
import { nodeBackend } from '../src/native-node.js';

w.initSync({ module: readFileSync(new URL('../wechatpay_edge_bg.wasm', import.meta.url)) });

const api = createApi(w, nodeBackend(crypto, buffer));
export const runtime = 'node';
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
