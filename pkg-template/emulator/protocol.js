// The APIv3 protocol as WeChat Pay's side sees it: verify the merchant's Authorization,
// sign responses and notifications with the platform key, encrypt resources and
// certificates with the APIv3 key, answer errors with WeChat's body.
import * as crypto from 'node:crypto';

import { SIGNATURE_SCHEME, DEFAULT_TOLERANCE_SEC, PROBE_PREFIX } from '../generated/constants.js';

// The protocol's own constants, from the core (generated): the emulator plays WeChat by them.
export const SIGNATURE_TYPE = SIGNATURE_SCHEME;
export const CLOCK_WINDOW_SEC = DEFAULT_TOLERANCE_SEC;
export { PROBE_PREFIX };

/** How old the timestamp of a 'stale' fault is: twice the core's tolerance, so any verifier refuses it. */
export const STALE_AGE_SEC = 2 * DEFAULT_TOLERANCE_SEC;

/** A WeChat-style API failure: HTTP status, `code`, `message`, optional `detail` and numeric Request-ID suffix. */
export class ApiError extends Error {
  constructor(status, code, message, detail, numeric) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.numeric = numeric;
  }
  body() {
    const b = { code: this.code, message: this.message };
    if (this.detail !== undefined) b.detail = this.detail;
    return b;
  }
}

export const apiError = (status, code, message, detail, numeric) => new ApiError(status, code, message, detail, numeric);

const pem = (v, what) => {
  if (typeof v !== 'string' || !v.includes('-----BEGIN')) throw new Error(`${what} must be a PEM string`);
  return v;
};

const normSerial = (s) => String(s ?? '').toUpperCase().replace(/^0+/, '');

/** Certificate validity as RFC 3339 in Beijing time. */
export function rfc3339(ms) {
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** `yyyyMMddHHmmss` in Beijing time (Payscore times). */
export function payscoreTime(ms) {
  return rfc3339(ms).slice(0, 19).replace(/[-T:]/g, '');
}

/**
 * The keys the emulator works with. Defaults: the package's public test keys.
 * The merchant side verifies callers; the platform certificate and the PUB_KEY_ID key sign.
 */
export function loadKeys(o, testKeys) {
  const merchantCertificate = o.merchantCertificate ?? (o.merchantPublicKey ? undefined : testKeys.merchantCertificate);
  let merchantPublic;
  let merchantSerial = o.merchantSerialNo ?? null;
  if (merchantCertificate) {
    const x = new crypto.X509Certificate(pem(merchantCertificate, 'merchantCertificate'));
    merchantPublic = x.publicKey;
    merchantSerial = merchantSerial ?? x.serialNumber;
  } else {
    merchantPublic = crypto.createPublicKey(pem(o.merchantPublicKey, 'merchantPublicKey'));
  }
  const usingTestMerchant = !o.merchantCertificate && !o.merchantPublicKey;
  const mchid = o.mchid ?? (usingTestMerchant ? testKeys.mchid : null);

  const platformCertificate = pem(o.platformCertificate ?? testKeys.platformCertificate, 'platformCertificate');
  const platformX509 = new crypto.X509Certificate(platformCertificate);
  const platformKey = crypto.createPrivateKey(pem(o.platformPrivateKey ?? testKeys.platformPrivateKey, 'platformPrivateKey'));
  if (!platformX509.checkPrivateKey(platformKey)) throw new Error('platformPrivateKey does not belong to platformCertificate');
  // The certificate a rotation switches to (rotateCertificate): the second test certificate by default.
  const nextPem = o.platform2Certificate ?? testKeys.platform2Certificate;
  const nextKeyPem = o.platform2PrivateKey ?? testKeys.platform2PrivateKey;
  let nextPlatform = null;
  if (nextPem && nextKeyPem) {
    const x = new crypto.X509Certificate(pem(nextPem, 'platform2Certificate'));
    const k = crypto.createPrivateKey(pem(nextKeyPem, 'platform2PrivateKey'));
    if (!x.checkPrivateKey(k)) throw new Error('platform2PrivateKey does not belong to platform2Certificate');
    nextPlatform = { serial: normSerial(x.serialNumber), certificate: nextPem, privateKey: k, validFrom: Date.parse(x.validFrom), validTo: Date.parse(x.validTo) };
  }
  const publicKeyPrivate = crypto.createPrivateKey(pem(o.publicKeyPrivateKey ?? testKeys.publicKeyPrivateKey, 'publicKeyPrivateKey'));
  const publicKeyId = o.publicKeyId ?? testKeys.publicKeyId;
  if (!/^PUB_KEY_ID_\d+$/.test(publicKeyId)) throw new Error('publicKeyId must be PUB_KEY_ID_ followed by digits');
  const apiV3Key = o.apiV3Key ?? testKeys.apiV3Key;
  if (Buffer.byteLength(apiV3Key) !== 32) throw new Error('apiV3Key must be exactly 32 bytes');

  return {
    merchant: { publicKey: merchantPublic, serial: merchantSerial ? normSerial(merchantSerial) : null, mchid },
    platform: {
      serial: normSerial(platformX509.serialNumber),
      certificate: platformCertificate,
      privateKey: platformKey,
      validFrom: Date.parse(platformX509.validFrom),
      validTo: Date.parse(platformX509.validTo),
    },
    /** After rotateCertificate: the certificates that signed before, still served by /v3/certificates until they expire. */
    retired: [],
    nextPlatform,
    publicKey: {
      id: publicKeyId,
      privateKey: publicKeyPrivate,
      pem: crypto.createPublicKey(publicKeyPrivate).export({ type: 'spki', format: 'pem' }),
    },
    apiV3Key,
    /** Which keys are the package's test keys (wechatpay-edge/testing): the start-up snippet names them. */
    isTest: {
      merchant: usingTestMerchant && mchid === testKeys.mchid,
      certificate: platformCertificate.trim() === testKeys.platformCertificate.trim(),
      publicKey: publicKeyId === testKeys.publicKeyId && publicKeyPrivate.export({ type: 'pkcs8', format: 'pem' }) === crypto.createPrivateKey(testKeys.publicKeyPrivateKey).export({ type: 'pkcs8', format: 'pem' }),
      apiV3Key: apiV3Key === testKeys.apiV3Key,
    },
  };
}

/** The signer named by a serial: the platform certificate's or the PUB_KEY_ID's. */
export function signerFor(keys, serial) {
  if (serial && serial === keys.publicKey.id) return { serial: keys.publicKey.id, privateKey: keys.publicKey.privateKey };
  if (serial && normSerial(serial) === keys.platform.serial) return { serial: keys.platform.serial, privateKey: keys.platform.privateKey };
  const old = serial && keys.retired.find((p) => p.serial === normSerial(serial));
  if (old) return { serial: old.serial, privateKey: old.privateKey };
  return null;
}

/** The signing modes: which key WeChat Pay signs answers and notifications with. */
export const SIGNING_MODES = Object.freeze(['public-key', 'certificate', 'both']);

const pubSigner = (keys) => ({ serial: keys.publicKey.id, privateKey: keys.publicKey.privateKey });
const certSigner = (keys) => ({ serial: keys.platform.serial, privateKey: keys.platform.privateKey });

/**
 * The key a response is signed with, by signing mode:
 *   'public-key'  (the default; merchants on public-key mode, all new ones since 2024): the PUB_KEY_ID_… key
 *   'certificate' (merchants still on platform certificates): the platform certificate
 *   'both'        (the migration): the key the request names in Wechatpay-Serial (PUB_KEY_ID_… or
 *                 the certificate serial); without one, the two alternate (`n`, a counter).
 */
export function responseSigner(keys, requestSerial, mode = 'public-key', n = 0) {
  if (mode === 'public-key') return pubSigner(keys);
  if (mode === 'certificate') return certSigner(keys);
  if (typeof requestSerial === 'string' && requestSerial.startsWith('PUB_KEY_ID_')) return pubSigner(keys);
  if (typeof requestSerial === 'string' && normSerial(requestSerial) === keys.platform.serial) return certSigner(keys);
  return n % 2 === 0 ? pubSigner(keys) : certSigner(keys);
}

/** The key a notification is signed with: the mode's key; in 'both', odd notifications (1st, 3rd…) the public key, even ones the certificate. */
export function notificationSigner(keys, mode, ordinal = 1) {
  if (mode === 'public-key') return pubSigner(keys);
  if (mode === 'certificate') return certSigner(keys);
  return ordinal % 2 === 1 ? pubSigner(keys) : certSigner(keys);
}

const nonce32 = () => crypto.randomBytes(16).toString('hex').toUpperCase();

export function requestId(numeric) {
  const id = `EMU${crypto.randomBytes(12).toString('hex').toUpperCase()}`;
  return numeric ? `${id}-${numeric}` : id;
}

/**
 * The Wechatpay-* headers over `body` (`ts\nnonce\nbody\n`, SHA256withRSA).
 * `fault`: 'probe' → a signature that starts with PROBE_PREFIX; 'stale' → a valid signature over a
 * timestamp STALE_AGE_SEC old.
 */
export function signatureHeaders(signer, body, { fault, numeric, now = Date.now() } = {}) {
  const ts = Math.floor(now / 1000) - (fault === 'stale' ? STALE_AGE_SEC : 0);
  const nonce = nonce32();
  let signature;
  if (fault === 'probe') {
    signature = PROBE_PREFIX + crypto.randomBytes(24).toString('base64');
  } else {
    const message = Buffer.concat([Buffer.from(`${ts}\n${nonce}\n`), Buffer.from(body), Buffer.from('\n')]);
    signature = crypto.sign('sha256', message, signer.privateKey).toString('base64');
  }
  return {
    'Wechatpay-Timestamp': String(ts),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature-Type': SIGNATURE_TYPE,
    'Request-ID': requestId(numeric),
  };
}

const signError = (issue, extra = {}) =>
  apiError(401, 'SIGN_ERROR', '错误的签名，验签失败', { field: 'signature', location: 'authorization', issue, ...extra }, 270924332);

/**
 * Verifies the caller's Authorization over METHOD\nPATH?QUERY\nTS\nNONCE\nBODY\n with the
 * merchant public key. Throws 401 SIGN_ERROR (WeChat's body) on any failure.
 * @returns {{ mchid: string, serialNo: string }}
 */
export function verifyAuthorization(wx, keys, { method, url, headers, bodyText }) {
  const header = headers.authorization;
  if (!header) throw signError('the Authorization header is missing');
  let auth;
  try {
    auth = wx.parseAuthorization(header);
  } catch (err) {
    throw signError(`Authorization is malformed: ${err.message}`);
  }
  if (keys.merchant.mchid && auth.mchid !== keys.merchant.mchid) {
    throw signError(`mchid ${auth.mchid} is not the emulated merchant ${keys.merchant.mchid}`);
  }
  if (keys.merchant.serial && normSerial(auth.serialNo) !== keys.merchant.serial) {
    throw signError(`serial_no ${auth.serialNo} is not the merchant certificate serial ${keys.merchant.serial}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const skew = Math.abs(now - Number(auth.timestamp));
  if (!(skew < CLOCK_WINDOW_SEC)) {
    throw signError(`timestamp ${auth.timestamp} is ${skew} s away from the server clock (${now}); the window is ${CLOCK_WINDOW_SEC} s`);
  }
  let message;
  try {
    message = wx.buildSigningMessage({ method, url, timestamp: auth.timestamp, nonce: auth.nonceStr, body: bodyText });
  } catch (err) {
    throw signError(`cannot build the signed message: ${err.message}`);
  }
  const ok =
    /^[A-Za-z0-9+/]+={0,2}$/.test(auth.signature) &&
    crypto.verify('sha256', Buffer.from(message), keys.merchant.publicKey, Buffer.from(auth.signature, 'base64'));
  if (!ok) {
    throw signError('sign not match', {
      sign_information: {
        method,
        url,
        sign_message_length: Buffer.byteLength(message),
        truncated_sign_message: message.length > 64 ? `${message.slice(0, 64)}…` : message,
      },
    });
  }
  return { mchid: auth.mchid, serialNo: auth.serialNo };
}

/** RSA-OAEP (SHA-1) decryption of a sensitive field with the key named by Wechatpay-Serial. */
export function decryptSensitive(keys, serial, ciphertext) {
  const signer = signerFor(keys, serial);
  if (!signer) return { ok: false, reason: `Wechatpay-Serial ${serial} names no key of this emulator (${keys.platform.serial} or ${keys.publicKey.id})` };
  try {
    const text = crypto
      .privateDecrypt({ key: signer.privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64'))
      .toString('utf8');
    return { ok: true, text };
  } catch {
    return { ok: false, reason: `cannot decrypt with the key ${signer.serial}: encrypt with RSA-OAEP (SHA-1) and the key named by Wechatpay-Serial` };
  }
}
