// Type definitions for wechatpay-edge/lite: webhooks and signing on the lite module, with the
// runtime's own crypto. Every export is the main entry's, declared once in ../index.d.ts.
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
export type * from '../index.js';
export { handleOnce, d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from '../webhooks/index.js';
