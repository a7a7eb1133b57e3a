// The package's export list, once (issue 14 item 4). Every entry (entry/{node,workerd,browser}.js)
// exports exactly these names, plus its own `runtime`, `init` and `__testing`; each is declared
// in index.d.ts. ESM named exports must stay static for bundlers, so the entries' export lines
// are generated from this file by `cargo run --example gen-contracts`; `cargo test --test
// contracts` fails while an entry differs. To add an export: name it here (under its kind),
// return it from createApi (src/api.js), declare it in index.d.ts, regenerate.
//
// One name per line, in single quotes: the generator reads this file as text.

export const EXPORTS = Object.freeze({
  /** Usable before init() (the browser entry re-exports it from src/errors.js). */
  errors: Object.freeze([
    'WxPayError',
  ]),
  /** Classes that exist once the wasm is loaded (the browser entry binds them in init()). */
  classes: Object.freeze([
    'MerchantKey',
    'PlatformKey',
    'PlatformKeySet',
  ]),
  /** Functions that return (the browser entry throws ERR_WXPAY_NOT_INITIALIZED before init()). */
  functions: Object.freeze([
    'importMerchantKey',
    'importPlatformPublicKey',
    'importPlatformCertificate',
    'createPlatformKeySet',
    'loadCertificates',
    'downloadCertificates',
    'buildSigningMessage',
    'formatAuthorization',
    'parseAuthorization',
    'signRequest',
    'encryptSensitive',
    'decryptSensitive',
    'verifyResponse',
    'verifyNotification',
    'verifySignature',
    'exportSpki',
    'decryptResource',
    'parseNotification',
    'ack',
    'nack',
    'prepare',
    'createClient',
  ]),
  /** Functions that return a promise (the browser entry rejects before init()). */
  asyncFunctions: Object.freeze([
    'signRequestAsync',
    'prepareAsync',
    'parseNotificationAsync',
    'verifyNotificationAsync',
    'verifyResponseAsync',
    'decryptResourceAsync',
    'encryptSensitiveAsync',
  ]),
  /** Objects of builders and helpers (the browser entry forwards to them after init()). */
  namespaces: Object.freeze([
    'profitSharing',
    'payScore',
    'split',
  ]),
});

// The lite entry's export list (wechatpay-edge/lite, issue 16): webhooks and signing on the
// lite module, with the runtime's own crypto (WebCrypto; no RustCrypto fallback, no builders,
// no platform certificates). Every name is one of EXPORTS above, with the same behaviour.
export const LITE_EXPORTS = Object.freeze({
  errors: Object.freeze([
    'WxPayError',
  ]),
  classes: Object.freeze([
    'MerchantKey',
    'PlatformKey',
    'PlatformKeySet',
  ]),
  functions: Object.freeze([
    'importMerchantKey',
    'importPlatformPublicKey',
    'createPlatformKeySet',
    'buildSigningMessage',
    'formatAuthorization',
    'parseAuthorization',
    'exportSpki',
    'ack',
    'nack',
  ]),
  asyncFunctions: Object.freeze([
    'signRequestAsync',
    'prepareAsync',
    'parseNotificationAsync',
    'verifyNotificationAsync',
    'verifyResponseAsync',
    'decryptResourceAsync',
    'encryptSensitiveAsync',
  ]),
  namespaces: Object.freeze([]),
});
