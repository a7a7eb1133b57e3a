// Type definitions for wechatpay-edge/lite: webhooks and signing on the lite module, with the
// runtime's own crypto. Every export is the main entry's, declared once in ../index.d.ts.
// ---- exports: generated from src/exports.js by `cargo run --example gen-contracts`; do not edit ----
export {
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
  runtime,
  init,
} from '../index.js';
// ---- end of the generated exports ----
export type * from '../index.js';
export { handleOnce, d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from '../webhooks/index.js';
