// The public API, built once per runtime over the wasm module `w` and an
// optional native crypto backend (node:crypto in the node entry). Every
// protocol rule lives in wasm; the backend replaces RSA and AES-GCM work, and
// only for inputs a pre-screen (prescreen.js) knows the core accepts as they
// are, so both paths produce the same bytes and the same errors.

import { WxPayError, toWxPayError, fail, invalidType, unreadable } from './errors.js';
import { headerPairs, flatHeaders, rawBody, rawBytes, notificationBody, utf8, keyBytes, nowSeconds, randomBytes, configureLimits, sizeOver } from './io.js';
import { SCHEME, screenSignatureHeaders, isPlainRecord, screenResource, screenApiV3Key, screenSigningInput } from './prescreen.js';
import { DEFAULT_TOLERANCE_SEC } from '../generated/constants.js';

function guard(fn) {
  depth++;
  try {
    if (live.renewing) renew();
    return fn();
  } catch (err) {
    throw typed(err);
  } finally {
    if (--depth === 0 && scratch.length !== 0) releaseScratch();
  }
}

// Handles a call makes for itself (the key set behind `keys: platformKey` or `keys: [...]`)
// are freed when the outermost guarded call returns, not left to FinalizationRegistry: in
// workerd its callbacks did not run, and each such call kept ~600 bytes of wasm memory.
let depth = 0;
const scratch = [];

function releaseScratch() {
  for (const record of scratch.splice(0)) record.free();
}

// ---- trap recovery --------------------------------------------------------------------
// A trap (wasm `unreachable`: an allocation the host refused under an isolate memory limit,
// a stack overflow) leaves the instance's stack pointer and heap mid-call. It is never used
// again: the glue swaps in a fresh instance of the same compiled module (wasmScheduleReset,
// then a no-argument call: synchronous, from the WebAssembly.Module the entry instantiated,
// never from bytes), and the generation below moves on. Every key handle carries the
// generation it was made in and is re-imported on its next use from what it was imported
// from (renewable); a key from loadCertificates, whose plaintext is not kept, throws
// ERR_WXPAY_KEY_INVALID telling the caller to load the certificates again. The glue itself
// refuses a handle of an older instance (a backstop: this layer never hands one over).
// One glue per package copy (api.js and the glue sit side by side), hence module scope.
const live = { generation: 0, renewing: false, glues: new Set() };

function isTrap(err) {
  return err instanceof WebAssembly.RuntimeError || (err instanceof RangeError && /call stack/i.test(String(err.message)));
}

/** Replaces the instance; if that fails too (still no memory), the next call tries again first. */
function renew() {
  live.renewing = true;
  live.generation++;
  try {
    for (const w of live.glues) {
      w.wasmScheduleReset();
      w.wasmReady();
    }
    live.renewing = false;
  } catch {
    // left set: guard retries before the next call runs
  }
}

/** What a failed call throws: a WxPayError; after a trap, ERR_WXPAY_INTERNAL once the instance is replaced. */
function typed(err) {
  if (!isTrap(err)) return toWxPayError(err);
  renew();
  const e = fail('ERR_WXPAY_INTERNAL', `internal error: the WebAssembly instance trapped (${err.message}); it was replaced and the next call runs on a fresh one`, { trap: true });
  e.cause = err;
  return e;
}

/** A key-handle record whose `wasm` handle is re-made by `make` when the instance was replaced. */
function renewable(handle, make, fields) {
  let current = handle;
  let generation = live.generation;
  return Object.assign(
    {
      /** Set by free(): the handle is gone and every use throws (see freedError). */
      freed: false,
      make,
      get wasm() {
        if (this.freed) throw freedError(this.kind);
        if (generation !== live.generation) {
          current = make();
          generation = live.generation;
        }
        return current;
      },
      /** Frees the handle now (only a handle of the live instance: an older one is gone already). */
      dispose() {
        if (current && generation === live.generation) current.free();
        current = null;
      },
      /** dispose() for good: what free() and [Symbol.dispose]() run; a second call does nothing. */
      free() {
        if (this.freed) return;
        this.freed = true;
        this.dispose();
      },
    },
    fields,
  );
}

/**
 * Explicit freeing (issue 13 item 4). wasm-bindgen frees a handle's memory from a
 * FinalizationRegistry callback, which workerd never runs: a Worker importing a key per request
 * grew for ever. `free()` (or `using`) releases it now. A key set holds its own copies of its
 * keys, so freeing a key leaves the sets made from it working (their get() and encryptSensitive
 * hand out the freed key, which then throws); freeing a set frees only the set, never its keys.
 */
const DISPOSE = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('Symbol.dispose');

function freedError(kind = 'key') {
  return fail('ERR_WXPAY_KEY_INVALID', `this ${kind} was freed (free() or the end of a using block): import it again, or call free() only after its last use`, { freed: true });
}

function certificatesAgain() {
  throw fail('ERR_WXPAY_KEY_INVALID', 'this platform key came from loadCertificates before the WebAssembly instance was replaced after an internal error: call loadCertificates again', {});
}

// ---- boundary normalisation (JS types only; every rule and limit is the core's) ----------
// Reading a caller's value can run the caller's code (getters, Proxy traps, iterators); what
// it throws is the caller's mistake, reported under the argument's name (errors.js: unreadable).
// A value of another type never reaches a wasm string or number parameter: the glue would
// copy it with a bogus length and corrupt (or trap) the instance.

/** `input[name]` for each name, read once; `input` undefined (or null when `optional`) reads as empty. */
function fieldsOf(input, path, names, optional = false) {
  const out = new Array(names.length).fill(undefined);
  if (input === undefined || (optional && input === null)) return out;
  if (input === null || (typeof input !== 'object' && typeof input !== 'function')) throw invalidType(path, 'an object', input);
  let i = 0;
  try {
    for (; i < names.length; i++) out[i] = input[names[i]];
  } catch (err) {
    throw unreadable(path === 'input' ? names[i] : `${path}.${names[i]}`, err);
  }
  return out;
}

/** A string argument; undefined and null are '' (the core then says what is missing). */
function text(value, path) {
  if (typeof value === 'string') return value;
  if (value == null) return '';
  throw invalidType(path, 'a string', value);
}

/** An optional string argument: undefined and null are absent. */
function optText(value, path) {
  return value == null ? undefined : text(value, path);
}

/** Unix seconds as a JS number (the core checks that it is whole and in range). */
function secondsArg(value, path) {
  if (typeof value === 'number') return value;
  throw invalidType(path, 'a number of whole Unix seconds', value);
}

/** `fn(a, b, c)` over caller values: what their code throws is reported at `path`. */
function reading(path, fn, a, b, c) {
  try {
    return fn(a, b, c);
  } catch (err) {
    throw unreadable(path, err);
  }
}

/** An iterable's items as an array (read once); anything else is refused. */
function listOfKeys(keys) {
  if (typeof keys !== 'object' || typeof keys[Symbol.iterator] !== 'function') throw invalidType('keys', 'an array (or iterable) of PlatformKey', keys);
  return Array.from(keys);
}

/** `status` when it is an HTTP status code (what fetch's Response.status holds). */
function httpStatus(status) {
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw fail('ERR_WXPAY_VALIDATION', 'status must be the HTTP status code', { issues: [{ path: 'status', code: 'invalid', message: 'must be 100..599' }] });
  }
  return status;
}

/** `now` (Unix seconds) or the clock when it is undefined. */
function nowArg(now) {
  return now === undefined ? nowSeconds() : secondsArg(now, 'now');
}

/** Whole numbers the wasm `u16` takes as they are; anything else as 0, which every status check refuses (a fraction or 66036 would wrap). */
function u16(value) {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : 0;
}

const F_MERCHANT = ['mchid', 'serialNo', 'privateKey'];
const F_PUBLIC_KEY = ['id', 'pem'];
const F_KEY_SET = ['merchantSerialNo'];
const F_SIGNING = ['method', 'url', 'timestamp', 'nonce', 'body'];
const F_AUTHORIZATION = ['mchid', 'serialNo', 'timestamp', 'nonce', 'signature'];
const F_VERIFY = ['headers', 'body', 'keys', 'now', 'toleranceSec', 'status', 'apiV3Key'];
const F_RESOURCE = ['apiV3Key', 'resource'];
const F_PREPARE = ['timestamp', 'nonce', 'baseUrl'];
const F_ENCRYPTOR = ['platformKey', 'keys', 'legacyEncryptedName', 'policy'];

export function createApi(w, native = null) {
  const keyHandle = new WeakMap(); // public key objects → wasm handles (renewable records)
  live.glues.add(w);
  const LIMITS = configureLimits(w.wasmLimits());

  /**
   * `value` (a string or bytes) when its UTF-8 size is within the core's cap `name` (wasmLimits);
   * otherwise the core's own error (wasmCheckLength), thrown before anything is copied.
   */
  function capped(value, name) {
    const over = sizeOver(value, LIMITS[name]);
    if (over) w.wasmCheckLength(name, over);
    return value;
  }

  /** The APIv3 key as bytes; any other length than the core's is refused by the core, uncopied. */
  function apiV3KeyBytes(value) {
    const long = typeof value === 'string' && value.length > LIMITS.apiV3Key;
    const key = long ? null : reading('apiV3Key', keyBytes, value);
    const len = key ? key.length : value.length;
    if (len !== LIMITS.apiV3Key) w.wasmCheckLength('apiV3Key', Math.min(len, 0xffffffff));
    return key;
  }

  class MerchantKey {
    constructor(handle, nativeKey, make) {
      this.mchid = handle.mchid();
      this.serialNo = handle.serialNo();
      keyHandle.set(this, renewable(handle, make, { kind: 'MerchantKey', native: nativeKey, webcrypto: null }));
      Object.freeze(this);
    }
    toJSON() {
      return { mchid: this.mchid, serialNo: this.serialNo };
    }
    /** Frees the key's WebAssembly memory (and drops its native and WebCrypto copies) now. */
    free() {
      freeHandle(this, (h) => {
        h.native = null;
        h.webcrypto = null;
      });
    }
    [DISPOSE]() {
      this.free();
    }
  }

  class PlatformKey {
    constructor(handle, nativeKey, make) {
      const info = handle.info();
      this.serial = info.serial;
      this.kind = info.kind;
      if (info.kind === 'certificate') {
        this.notBefore = info.notBefore;
        this.notAfter = info.notAfter;
      }
      keyHandle.set(this, renewable(handle, make, { kind: 'PlatformKey', native: nativeKey, webcrypto: null, webcryptoOaep: null }));
      Object.freeze(this);
    }
    /** Frees the key's WebAssembly memory (and drops its native and WebCrypto copies) now; key sets made from it keep their own copies. */
    free() {
      freeHandle(this, (h) => {
        h.native = null;
        h.webcrypto = null;
        h.webcryptoOaep = null;
      });
    }
    [DISPOSE]() {
      this.free();
    }
  }

  class PlatformKeySet {
    constructor(handle, bySerial, make) {
      // `exact`: each surviving key under its own serial, for the native fast path's lookup.
      const exact = new Map([...bySerial.values()].map((k) => [k.serial, k]));
      keyHandle.set(this, renewable(handle, make, { kind: 'PlatformKeySet', bySerial, exact }));
      this.serials = Object.freeze(handle.serials());
      Object.freeze(this);
    }
    get(serial) {
      const h = keyHandle.get(this);
      if (!h) throw fail('ERR_WXPAY_KEY_INVALID', 'get must be called on a PlatformKeySet from createPlatformKeySet', {});
      if (h.freed) throw freedError(h.kind);
      return h.bySerial.get(text(serial, 'serial').toUpperCase());
    }
    /** Frees the set's WebAssembly memory now; its keys are the caller's and stay usable. */
    free() {
      freeHandle(this);
    }
    [DISPOSE]() {
      this.free();
    }
  }

  /** free() of a key or key set: idempotent, and a no-op on anything this package did not make. */
  function freeHandle(obj, also) {
    guard(() => {
      const h = keyHandle.get(obj);
      if (!h || h.freed) return;
      h.free();
      if (also) also(h);
    });
  }

  function handleOf(obj, Kind, what) {
    // The WeakMap first: it runs none of a Proxy's traps, and holds only this package's objects.
    const h = keyHandle.get(obj);
    if (!h || !(obj instanceof Kind)) throw fail('ERR_WXPAY_KEY_INVALID', `${what} must come from this package's import functions`, {});
    if (h.freed) throw freedError(h.kind);
    return h;
  }

  function wrapPlatform(handle, make) {
    const native_ = native ? native.importPublic(handle.spkiDer()) : null;
    return new PlatformKey(handle, native_, make);
  }

  function newNonce() {
    for (;;) {
      const n = w.wasmNonceFromEntropy(randomBytes(64));
      if (n) return n;
    }
  }

  /** A key set made for the current call only: freed when the call returns (see scratch). */
  function scratchSet(set) {
    scratch.push(keyHandle.get(set));
    return set;
  }

  function toKeySet(keys) {
    const known = keyHandle.get(keys) !== undefined;
    if (known && keys instanceof PlatformKeySet) return handleOf(keys, PlatformKeySet, 'keys') && keys;
    if (known && keys instanceof PlatformKey) return scratchSet(createPlatformKeySet([keys]));
    if (reading('keys', Array.isArray, keys)) return scratchSet(createPlatformKeySet(keys));
    throw fail('ERR_WXPAY_KEY_INVALID', 'keys must be a PlatformKeySet, a PlatformKey or an array of them', {});
  }

  function tolerance(t) {
    if (t === undefined) return DEFAULT_TOLERANCE_SEC;
    if (!Number.isInteger(t) || t < 1 || t > 86400) {
      throw fail('ERR_WXPAY_VALIDATION', 'toleranceSec must be a whole number of seconds between 1 and 86400', {
        issues: [{ path: 'toleranceSec', code: 'invalid', message: 'must be 1..86400' }],
      });
    }
    return t;
  }

  // ---- keys ---------------------------------------------------------------

  function importMerchantKey(input) {
    return guard(() => {
      const [mchid, serialNo, privateKey] = fieldsOf(input, 'input', F_MERCHANT);
      const handle = new w.WasmMerchantKey(capped(text(mchid, 'mchid'), 'identifier'), capped(text(serialNo, 'serialNo'), 'identifier'), capped(text(privateKey, 'privateKey'), 'keyPem'));
      const nativeKey = native ? native.importPrivate(handle.pkcs8Der()) : null;
      // Re-imported from the same text if the instance is ever replaced (see renewable).
      return new MerchantKey(handle, nativeKey, () => new w.WasmMerchantKey(text(mchid, 'mchid'), text(serialNo, 'serialNo'), text(privateKey, 'privateKey')));
    });
  }

  function importPlatformPublicKey(input) {
    return guard(() => {
      const [id, pem] = fieldsOf(input, 'input', F_PUBLIC_KEY);
      capped(text(pem, 'pem'), 'keyPem');
      capped(text(id, 'id'), 'identifier');
      const make = () => w.WasmPlatformKey.fromPublicKey(text(id, 'id'), text(pem, 'pem'));
      return wrapPlatform(make(), make);
    });
  }

  function importPlatformCertificate(pem) {
    return guard(() => {
      capped(text(pem, 'pem'), 'keyPem');
      const make = () => w.WasmPlatformKey.fromCertificate(text(pem, 'pem'));
      return wrapPlatform(make(), make);
    });
  }

  function createPlatformKeySet(keys, options) {
    return guard(() => {
      const [merchantSerialNo] = fieldsOf(options, 'options', F_KEY_SET, true);
      const list = keys == null ? [] : reading('keys', listOfKeys, keys);
      if (merchantSerialNo != null) capped(text(merchantSerialNo, 'options.merchantSerialNo'), 'identifier');
      const set = new w.WasmKeySet(optText(merchantSerialNo, 'options.merchantSerialNo'));
      const bySerial = new Map();
      for (const k of list) {
        set.add(handleOf(k, PlatformKey, 'each key').wasm);
        bySerial.set(k.serial.toUpperCase(), k);
      }
      const remake = () => {
        const again = new w.WasmKeySet(optText(merchantSerialNo, 'options.merchantSerialNo'));
        for (const k of list) {
          const r = keyHandle.get(k);
          // The set copies what it is given: a key freed since is re-made for the copy only.
          if (!r.freed) again.add(r.wasm);
          else {
            const made = r.make();
            again.add(made);
            made.free();
          }
        }
        return again;
      };
      return new PlatformKeySet(set, bySerial, remake);
    });
  }

  function loadCertificates(responseBody, apiV3Key) {
    return guard(() => {
      const body = responseText(responseBody, 'responseBody');
      return w.wasmLoadCertificates(body, apiV3KeyBytes(apiV3Key)).map((h) => wrapPlatform(h, certificatesAgain));
    });
  }

  // ---- signing ------------------------------------------------------------

  function buildSigningMessage(input) {
    return guard(() => {
      const [method, url, timestamp, nonce, body] = fieldsOf(input, 'input', F_SIGNING);
      return w.wasmBuildSigningMessage(
        capped(text(method, 'method'), 'method'),
        capped(text(url, 'url'), 'url'),
        secondsArg(timestamp, 'timestamp'),
        capped(text(nonce, 'nonce'), 'nonce'),
        capped(text(body, 'body'), 'requestBody'),
      );
    });
  }

  function formatAuthorization(input) {
    return guard(() => {
      const [mchid, serialNo, timestamp, nonce, signature] = fieldsOf(input, 'input', F_AUTHORIZATION);
      return w.wasmFormatAuthorization(
        capped(text(mchid, 'mchid'), 'identifier'),
        capped(text(serialNo, 'serialNo'), 'identifier'),
        secondsArg(timestamp, 'timestamp'),
        capped(text(nonce, 'nonce'), 'nonce'),
        capped(text(signature, 'signature'), 'authorizationHeader'), // it becomes part of the header
      );
    });
  }

  function signParts(key, request) {
    const [method, url, timestamp, nonce, body = ''] = fieldsOf(request, 'request', F_SIGNING);
    if (typeof body !== 'string') throw fail('ERR_WXPAY_BODY_NOT_RAW', 'the request body to sign must be the exact JSON string you send', {});
    const ts = timestamp === undefined ? nowSeconds() : secondsArg(timestamp, 'timestamp');
    const n = nonce === undefined ? newNonce() : capped(text(nonce, 'nonce'), 'nonce');
    const m = capped(text(method, 'method'), 'method');
    const u = capped(text(url, 'url'), 'url');
    capped(body, 'requestBody');
    // Node entry: the plain case is assembled here (see screenSigningInput); wasm otherwise.
    const screened = native ? screenSigningInput(m, u, ts, n, body) : null;
    const message = screened ?? w.wasmBuildSigningMessage(m, u, ts, n, body);
    return { ts, n, message, screened: screened !== null };
  }

  function finishSignature(key, { ts, n, message, screened }, signature) {
    const authorization = screened
      ? `${SCHEME} mchid="${key.mchid}",nonce_str="${n}",signature="${signature}",timestamp="${ts}",serial_no="${key.serialNo}"`
      : w.wasmFormatAuthorization(key.mchid, key.serialNo, ts, n, signature);
    return { authorization, timestamp: ts, nonce: n, message };
  }

  function signRequest(key, request) {
    return guard(() => {
      const h = handleOf(key, MerchantKey, 'key');
      const parts = signParts(key, request);
      const signature = h.native ? native.sign(h.native, parts.message) : h.wasm.sign(utf8(parts.message));
      return finishSignature(key, parts, signature);
    });
  }

  /** WebCrypto where present (Workers, browsers, Node), the wasm signer otherwise; same bytes either way. */
  async function signRequestAsync(key, request) {
    let parts;
    let h;
    try {
      h = handleOf(key, MerchantKey, 'key');
      parts = signParts(key, request);
    } catch (err) {
      throw typed(err);
    }
    const subtle = globalThis.crypto && globalThis.crypto.subtle;
    let signature;
    if (subtle) {
      const cryptoKey = guard(() => cachedCryptoKey(h, 'webcrypto', () => subtle.importKey('pkcs8', h.wasm.pkcs8Der(), RSA_SIGN, false, ['sign'])));
      const sig = new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', await cryptoKey, utf8(parts.message)));
      signature = base64(sig);
    } else {
      signature = guard(() => h.wasm.sign(utf8(parts.message)));
    }
    return guard(() => finishSignature(key, parts, signature));
  }

  // ---- sensitive fields -----------------------------------------------------

  function encryptSensitive(plaintext, platformKey) {
    return guard(() => {
      const keyObj = keyHandle.get(platformKey) && platformKey instanceof PlatformKeySet ? encryptionKeyOf(platformKey) : platformKey;
      const h = handleOf(keyObj, PlatformKey, 'platformKey');
      const plain = capped(text(plaintext, 'plaintext'), 'sensitivePlaintext');
      const ciphertext = (h.native && nativeOaep(h.native, plain)) || w.wasmEncryptSensitive(plain, h.wasm, randomBytes(32));
      return { ciphertext, serial: keyObj.serial };
    });
  }

  /** node:crypto OAEP, or null when it refuses the plaintext: the wasm path then throws the core's own error. */
  function nativeOaep(keyObject, plain) {
    try {
      return native.oaepEncrypt(keyObject, plain);
    } catch (err) {
      if (err && err.code === 'ERR_WXPAY_PAYLOAD_INVALID') return null;
      throw err;
    }
  }

  function decryptSensitive(ciphertext, merchantKey) {
    return guard(() => {
      const h = handleOf(merchantKey, MerchantKey, 'merchantKey');
      return h.wasm.decryptSensitive(capped(text(ciphertext, 'ciphertext'), 'sensitiveCiphertext'));
    });
  }

  function encryptionKeyOf(set) {
    const serial = keyHandle.get(set).wasm.encryptionSerial();
    if (!serial) throw fail('ERR_WXPAY_KEY_INVALID', 'the key set is empty: add the WeChat Pay public key or a platform certificate', {});
    return set.get(serial);
  }

  // ---- verification -------------------------------------------------------

  /**
   * Native fast path: the plain case (see screenSignatureHeaders) is checked and verified
   * here; null sends everything else to the wasm checks. `headers` is a flat list or a plain record.
   */
  function fastVerify(headers, body, set, now, tol) {
    const h = reading('headers', screenSignatureHeaders, headers, now, tol);
    const key = h && keyHandle.get(set).exact.get(h.serial);
    const nk = key && keyHandle.get(key).native;
    const signature = nk && native.strictBase64(h.signature);
    if (!signature) return null;
    if (!native.verifyResponse(nk, `${h.timestamp}\n${h.nonce}\n`, body, signature)) throw invalidSignature();
    return { serial: key.serial, timestamp: h.ts, nonce: h.nonce };
  }

  /**
   * What verifyCore reads: a plain record as it is when the native screen can read it in
   * place, otherwise the flat list (flatHeaders also refuses malformed header values).
   */
  function headerView(headers) {
    return native && reading('headers', isPlainRecord, headers) ? headers : reading('headers', flatHeaders, headers);
  }

  function invalidSignature() {
    return fail('ERR_WXPAY_SIGNATURE_INVALID', 'signature is invalid: body altered or re-serialised, or wrong platform key', { probe: false });
  }

  /** `headers` is what headerView returned; `body` is what rawBody returned: the string as received, or bytes. */
  function verifyCore(headers, body, set, now, tol) {
    if (native) {
      const fast = fastVerify(headers, body, set, now, tol);
      if (fast) return fast;
    }
    const flat = Array.isArray(headers) ? headers : reading('headers', flatHeaders, headers);
    const bytes = typeof body === 'string' ? utf8(body) : body;
    const setHandle = keyHandle.get(set).wasm;
    if (!native) return w.wasmVerifyMessage(flat, bytes, setHandle, now, tol);
    // Wasm does every check, node:crypto the RSA operation.
    const [serial, timestamp, nonce, message, signature] = w.wasmCheckMessage(flat, bytes, setHandle, now, tol);
    const key = set.get(serial);
    const nk = key && keyHandle.get(key).native;
    if (!nk) return w.wasmVerifyMessage(flat, bytes, setHandle, now, tol);
    if (!native.verify(nk, message, signature)) throw invalidSignature();
    return { serial, timestamp, nonce };
  }

  function verifyNotification(input) {
    return guard(() => {
      const [headers, body, keys, now, toleranceSec] = fieldsOf(input, 'input', F_VERIFY);
      const view = headerView(headers);
      const raw = reading('body', notificationBody, body);
      const set = toKeySet(keys);
      const t = nowArg(now);
      const tol = tolerance(toleranceSec);
      checkNotificationSize(raw);
      return verifyCore(view, raw, set, t, tol);
    });
  }

  const NOTIFICATION_BODY_LIMIT = w.wasmNotificationBodyLimit();

  /**
   * Refuses a notification body over the core's limit before it is hashed or copied into wasm
   * memory (which never shrinks: one oversize POST to a webhook would keep a Worker's memory
   * grown). The core throws the error, so its code and message are the core's.
   */
  function checkNotificationSize(raw) {
    let bytes;
    if (typeof raw !== 'string') bytes = raw.byteLength;
    // UTF-8 takes 1–3 bytes per UTF-16 unit, so the length alone often decides.
    else if (raw.length > NOTIFICATION_BODY_LIMIT) bytes = raw.length;
    else if (raw.length * 3 <= NOTIFICATION_BODY_LIMIT) return;
    else bytes = utf8(raw).length;
    if (bytes > NOTIFICATION_BODY_LIMIT) w.wasmCheckNotificationSize(Math.min(bytes, 0xffffffff));
  }

  /** Refuses a response body over the core's limit before it is decoded, hashed or copied into wasm memory. */
  function checkResponseSize(raw) {
    const over = sizeOver(raw, LIMITS.responseBody);
    if (over) w.wasmCheckResponseSize(over);
  }

  /** A response body (string or bytes) as text, size-checked first. */
  function responseText(body, path = 'body') {
    const raw = typeof body === 'string' ? body : reading(path, rawBody, body);
    checkResponseSize(raw);
    return typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  }

  /** A response's parts, read and checked once for the sync and async forms alike. */
  function responseInput(input) {
    const [headers, body, keys, now, toleranceSec, status] = fieldsOf(input, 'input', F_VERIFY);
    const pairs = reading('headers', headerPairs, headers);
    const flat = flatHeaders(pairs);
    const raw = reading('body', rawBody, body);
    checkResponseSize(raw);
    const set = toKeySet(keys);
    httpStatus(status);
    const rid = pairs.find(([k]) => k.trim().toLowerCase() === 'request-id');
    return { flat, raw, set, status, t: nowArg(now), tol: tolerance(toleranceSec), requestId: rid ? rid[1].trim() : null };
  }

  function verifyResponse(input) {
    return guard(() => {
      const { flat, raw, set, status, t, tol, requestId } = responseInput(input);
      if (status < 200 || status > 299) {
        if (w.wasmHasSignatureHeaders(flat)) verifyCore(flat, raw, set, t, tol);
        throw w.wasmApiFailure(status, flat, typeof raw === 'string' ? utf8(raw) : raw);
      }
      const verified = verifyCore(flat, raw, set, t, tol);
      return { status, requestId, verified };
    });
  }

  /** Checks a SHA256withRSA signature over arbitrary bytes (request signatures, debugging). */
  function verifySignature(platformKey, message, signature) {
    return guard(() => {
      const h = handleOf(platformKey, PlatformKey, 'platformKey');
      const raw = capped(reading('message', rawBody, message, 'message'), 'message');
      const bytes = typeof raw === 'string' ? utf8(raw) : raw;
      const sigText = text(signature, 'signature');
      // Longer than any supported key's signature in base64: invalid, and never decoded or copied.
      if (sigText.length > Math.ceil(LIMITS.signature / 3) * 4) return false;
      const sig = base64ToBytes(sigText);
      if (!sig || sig.length > LIMITS.signature) return false;
      if (h.native) return native.verify(h.native, bytes, sig);
      try {
        w.wasmVerifySignature(h.wasm, bytes, sig);
        return true;
      } catch (err) {
        if (err && err.code === 'ERR_WXPAY_SIGNATURE_INVALID') return false;
        throw err;
      }
    });
  }

  /** SubjectPublicKeyInfo DER of a platform key (for WebCrypto importKey('spki', …)). */
  function exportSpki(platformKey) {
    return guard(() => handleOf(platformKey, PlatformKey, 'platformKey').wasm.spkiDer());
  }

  /**
   * node:crypto AES-GCM for resources the core would read unchanged; `undefined` sends the
   * caller to the wasm path, which owns every rule and error for anything unusual.
   */
  function nativeOpen(apiV3Key, resource) {
    const r = native && reading('apiV3Key', screenApiV3Key, apiV3Key) ? reading('resource', screenResource, resource) : null;
    return r ? native.openResource(apiV3Key, r.nonce, r.associatedData, r.ciphertext) : undefined;
  }

  function decryptResource(input) {
    return guard(() => {
      const [apiV3Key, resource] = fieldsOf(input, 'input', F_RESOURCE);
      return nativeOpen(apiV3Key, resource) ?? w.wasmDecryptResource(apiV3KeyBytes(apiV3Key), resource);
    });
  }

  function parseNotification(input) {
    return guard(() => {
      const [headers, body, keys, now, toleranceSec, , apiV3Key] = fieldsOf(input, 'input', F_VERIFY);
      const raw = reading('body', notificationBody, body);
      const key = apiV3KeyBytes(apiV3Key);
      const view = headerView(headers);
      const set = toKeySet(keys);
      const t = nowArg(now);
      const tol = tolerance(toleranceSec);
      checkNotificationSize(raw);
      // Encoded once: the decode below needs bytes, and verification takes them as well.
      const bytes = typeof raw === 'string' ? utf8(raw) : raw;
      const v = verifyCore(view, bytes, set, t, tol);
      if (native) {
        // The core parses the envelope again and decides; this read only finds the resource.
        let resource;
        try {
          resource = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw)).resource;
        } catch {
          resource = undefined;
        }
        const plaintext = nativeOpen(apiV3Key, resource);
        if (plaintext !== undefined) return w.wasmDecodeDecryptedNotification(bytes, plaintext, v.serial, v.timestamp, v.nonce);
      }
      return w.wasmDecodeVerifiedNotification(bytes, key, v.serial, v.timestamp, v.nonce);
    });
  }

  // ---- async forms: the core decides, WebCrypto computes (issue 14) ---------------------
  // Each form runs the same JS normalisation as its sync form, then one core call that applies
  // every rule and returns exactly what is to be computed (the verification message, signature
  // and key; the AES-GCM nonce, associated data and ciphertext‖tag). WebCrypto runs only the
  // primitive; the result goes back to the core (typing, idempotency key), and a refusal of the
  // primitive becomes the core's own error (wasmCryptoFailure). Without WebCrypto the sync
  // form (the wasm path) answers. CryptoKeys are imported once per key handle and dropped by
  // free() or when the instance was replaced after a trap.

  /** WebCrypto's SubtleCrypto, read per call; null where it is absent. */
  function subtleCrypto() {
    const c = globalThis.crypto;
    return c && c.subtle ? c.subtle : null;
  }

  /**
   * The CryptoKey promise in `h[slot]`, imported by `make` on first use. The handle's wasm side is
   * read first, so a freed key, or one that cannot be re-made after a trap, throws as it does on
   * the sync path. A failed import is not kept (the next call tries again).
   */
  function cachedCryptoKey(h, slot, make) {
    void h.wasm; // the freed and renewal checks
    if (h.cryptoGeneration !== live.generation) {
      h.webcrypto = null;
      h.webcryptoOaep = null;
      h.cryptoGeneration = live.generation;
    }
    if (!h[slot]) {
      const p = make();
      h[slot] = p;
      p.catch(() => {
        if (h[slot] === p) h[slot] = null;
      });
    }
    return h[slot];
  }

  /**
   * `{ h, cryptoKey }` for the set's key under `serial` (the core's answer): its handle record and
   * its verifying CryptoKey (a promise of it, or of null when WebCrypto refuses the key); null
   * when that key was freed by its owner: the caller then takes the wasm path.
   */
  function verifyKeyOf(subtle, set, serial) {
    const key = set.get(serial);
    const h = key && keyHandle.get(key);
    if (!h || h.freed) return null;
    return { h, cryptoKey: cachedCryptoKey(h, 'webcrypto', () => subtle.importKey('spki', h.wasm.spkiDer(), RSA_SIGN, false, ['verify'])).catch(() => null) };
  }

  /**
   * Verifies the core's `message` and `signature` with the key `k` (verifyKeyOf): WebCrypto, or
   * the core's own RSA when WebCrypto would not import the key. Throws the core's error.
   */
  async function verifyWith(subtle, k, message, signature) {
    const cryptoKey = await k.cryptoKey;
    if (cryptoKey) return webVerify(subtle, cryptoKey, signature, message);
    guard(() => w.wasmVerifySignature(k.h.wasm, message, signature));
  }

  let aesCache = null; // { text, generation, key, bytes }: the last APIv3 key given as text, imported once

  /** apiV3KeyBytes, or the bytes of the cached key when it is given as the same text (checked when it was cached). */
  function cachedApiV3KeyBytes(apiV3Key) {
    if (aesCache && typeof apiV3Key === 'string' && aesCache.text === apiV3Key && aesCache.generation === live.generation) return aesCache.bytes;
    return apiV3KeyBytes(apiV3Key);
  }

  function aesKeyOf(subtle, apiV3Key, bytes) {
    if (aesCache && typeof apiV3Key === 'string' && aesCache.text === apiV3Key && aesCache.generation === live.generation) return aesCache.key;
    const key = subtle.importKey('raw', bytes, 'AES-GCM', false, ['decrypt']);
    aesCache = typeof apiV3Key === 'string' ? { text: apiV3Key, generation: live.generation, key, bytes } : null;
    return key;
  }

  /** The core's error for a refusal of WebCrypto's primitive: 'signature' or 'decryption'. */
  function cryptoFailure(what) {
    return guard(() => {
      throw w.wasmCryptoFailure(what);
    });
  }

  /** RSA verify with WebCrypto; a rejection (a signature of the wrong length) is a failed check. */
  async function webVerify(subtle, cryptoKey, signature, message) {
    let ok = false;
    try {
      ok = await subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signature, message);
    } catch {
      ok = false;
    }
    if (!ok) throw cryptoFailure('signature');
  }

  /** AES-256-GCM open of an open request `[nonce, associatedData, sealed]`; a refusal is DECRYPTION_FAILED. */
  async function webOpen(subtle, aesKey, [iv, additionalData, sealed]) {
    try {
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData, tagLength: 128 }, await aesKey, sealed));
    } catch {
      throw cryptoFailure('decryption');
    }
  }

  /**
   * The sync part of an async verification: the core's checks (wasmCheckMessage) and the key, or
   * `{ done }` when the wasm path answered (the key was freed, or WebCrypto refused it).
   */
  function prepareVerify(subtle, flat, bytes, set, now, tol) {
    const setHandle = keyHandle.get(set).wasm;
    const [serial, timestamp, nonce, message, signature] = w.wasmCheckMessage(flat, bytes, setHandle, now, tol);
    const k = verifyKeyOf(subtle, set, serial);
    // The wasm verifier for a freed key; its answer is the sync form's.
    if (!k) return { done: w.wasmVerifyMessage(flat, bytes, setHandle, now, tol) };
    return { verified: { serial, timestamp, nonce }, message, signature, k };
  }

  /** The async part: the RSA check (verifyWith), then what the core vouched for. */
  async function finishVerify(subtle, p) {
    if (p.done) return p.done;
    await verifyWith(subtle, p.k, p.message, p.signature);
    return p.verified;
  }

  async function verifyNotificationAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return verifyNotification(input);
    const p = guard(() => {
      const [headers, body, keys, now, toleranceSec] = fieldsOf(input, 'input', F_VERIFY);
      const flat = reading('headers', flatHeaders, headers);
      const raw = reading('body', notificationBody, body);
      const set = toKeySet(keys);
      const t = nowArg(now);
      const tol = tolerance(toleranceSec);
      checkNotificationSize(raw);
      return { t, tol, v: prepareVerify(subtle, flat, typeof raw === 'string' ? utf8(raw) : raw, set, t, tol) };
    });
    return finishVerify(subtle, p.v);
  }

  async function verifyResponseAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return verifyResponse(input);
    const p = guard(() => {
      const { flat, raw, set, status, t, tol, requestId } = responseInput(input);
      const bytes = typeof raw === 'string' ? utf8(raw) : raw;
      if (status < 200 || status > 299) {
        const v = w.wasmHasSignatureHeaders(flat) ? prepareVerify(subtle, flat, bytes, set, t, tol) : null;
        return { t, tol, v, failure: w.wasmApiFailure(status, flat, bytes) };
      }
      return { t, tol, v: prepareVerify(subtle, flat, bytes, set, t, tol), status, requestId };
    });
    if (p.failure) {
      if (p.v) await finishVerify(subtle, p.v);
      throw toWxPayError(p.failure);
    }
    const verified = await finishVerify(subtle, p.v);
    return { status: p.status, requestId: p.requestId, verified };
  }

  async function decryptResourceAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return decryptResource(input);
    const p = guard(() => {
      const [apiV3Key, resource] = fieldsOf(input, 'input', F_RESOURCE);
      const key = apiV3KeyBytes(apiV3Key);
      return { open: w.wasmPrepareResource(key, resource), aesKey: aesKeyOf(subtle, apiV3Key, key) };
    });
    const plain = await webOpen(subtle, p.aesKey, p.open);
    try {
      return guard(() => w.wasmResourceText(plain));
    } finally {
      plain.fill(0);
    }
  }

  async function parseNotificationAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return parseNotification(input);
    const p = guard(() => {
      const [headers, body, keys, now, toleranceSec, , apiV3Key] = fieldsOf(input, 'input', F_VERIFY);
      const raw = reading('body', notificationBody, body);
      const key = cachedApiV3KeyBytes(apiV3Key);
      const flat = reading('headers', flatHeaders, headers);
      const set = toKeySet(keys);
      const t = nowArg(now);
      const tol = tolerance(toleranceSec);
      checkNotificationSize(raw);
      const setHandle = keyHandle.get(set).wasm;
      // One string and its items' lengths (see joined_pairs in the core); the body as given.
      const lens = new Uint32Array(flat.length);
      for (let i = 0; i < flat.length; i++) lens[i] = flat[i].length;
      const text = typeof raw === 'string';
      const prepared = w.wasmPrepareNotification(flat.join('\n'), lens, text ? raw : undefined, text ? undefined : raw, setHandle, key, t, tol);
      let keep = false;
      try {
        const k = verifyKeyOf(subtle, set, prepared.serial);
        if (!k) {
          // A key freed by its owner: the sync form's wasm path, same answer.
          const bytes = text ? utf8(raw) : raw;
          const v = w.wasmVerifyMessage(flat, bytes, setHandle, t, tol);
          return { done: w.wasmDecodeVerifiedNotification(bytes, key, v.serial, v.timestamp, v.nonce) };
        }
        // [refused, message, signature, nonce, associated data] lengths, then those bytes, then ciphertext‖tag.
        const b = prepared.crypto();
        const u32 = (i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
        const m = 20 + u32(4);
        const s = m + u32(8);
        const iv = s + u32(12);
        const ad = iv + u32(16);
        const open = u32(0) ? null : [b.subarray(s, iv), b.subarray(iv, ad), b.subarray(ad)];
        const aesKey = open ? aesKeyOf(subtle, apiV3Key, key) : null;
        keep = true;
        return { prepared, generation: live.generation, message: b.subarray(20, m), signature: b.subarray(m, s), open, k, aesKey };
      } finally {
        // Kept for the second half only when returned above.
        if (!keep) prepared.free();
      }
    });
    if (p.done) return p.done;
    // A trap elsewhere replaced the instance (and the handle with it) while WebCrypto ran: the sync form answers.
    const replaced = () => p.generation !== live.generation;
    try {
      await verifyWith(subtle, p.k, p.message, p.signature);
      if (replaced()) return parseNotification(input);
      // The envelope's or the resource's error, thrown (like the sync form) only once the signature verified.
      if (!p.open) throw toWxPayError(guard(() => p.prepared.error()));
      const plain = await webOpen(subtle, p.aesKey, p.open);
      try {
        if (replaced()) return parseNotification(input);
        return guard(() => p.prepared.finish(plain));
      } finally {
        plain.fill(0);
      }
    } finally {
      if (!replaced()) p.prepared.free();
    }
  }

  async function encryptSensitiveAsync(plaintext, platformKey) {
    const subtle = subtleCrypto();
    if (!subtle) return encryptSensitive(plaintext, platformKey);
    const p = guard(() => {
      const keyObj = keyHandle.get(platformKey) && platformKey instanceof PlatformKeySet ? encryptionKeyOf(platformKey) : platformKey;
      const h = handleOf(keyObj, PlatformKey, 'platformKey');
      const plain = capped(text(plaintext, 'plaintext'), 'sensitivePlaintext');
      w.wasmCheckSensitive(plain, h.wasm);
      const cryptoKey = cachedCryptoKey(h, 'webcryptoOaep', () => subtle.importKey('spki', h.wasm.spkiDer(), RSA_OAEP, false, ['encrypt']));
      return { plain, h, serial: keyObj.serial, cryptoKey };
    });
    let sealed;
    try {
      sealed = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, await p.cryptoKey, utf8(p.plain)));
    } catch {
      // WebCrypto refused (no SHA-1 OAEP here, an unusual key): the wasm encryptor, same contract.
      return encryptSensitive(plaintext, platformKey);
    }
    return { ciphertext: base64(sealed), serial: p.serial };
  }

  function reply(r) {
    return { status: r.status, headers: Object.fromEntries(r.headers), body: r.body };
  }

  function ack() {
    return guard(() => reply(w.wasmAck()));
  }

  function nack(message = '处理失败', status = 500) {
    return guard(() => reply(w.wasmNack(capped(text(message, 'message'), 'nackMessage'), u16(status))));
  }

  // ---- builders -----------------------------------------------------------

  function encryptorArgs(platformKey, keys) {
    const k = platformKey ?? keys;
    if (!k) return [undefined, new Uint8Array(0)];
    const keyObj = keyHandle.get(k) && k instanceof PlatformKeySet ? encryptionKeyOf(k) : k;
    // The wasm side takes ownership of what it is passed, so hand it a copy.
    return [cloneHandle(keyObj), randomBytes(32)];
  }

  function cloneHandle(keyObj) {
    return handleOf(keyObj, PlatformKey, 'platformKey').wasm.clone();
  }

  const profitSharing = Object.freeze({
    // The current page sends a personal name plain; only the legacy shape encrypts it.
    addReceiver: (input, opts) => guard(() => {
      const [platformKey, keys, legacy] = fieldsOf(opts, 'options', F_ENCRYPTOR, true);
      return w.wasmPsAddReceiver(input, ...(legacy === true ? encryptorArgs(platformKey, keys) : [undefined, new Uint8Array(0)]), legacy);
    }),
    deleteReceiver: (input) => guard(() => w.wasmPsDeleteReceiver(input)),
    createOrder: (input, opts) => guard(() => {
      const [platformKey, keys, , policy] = fieldsOf(opts, 'options', F_ENCRYPTOR, true);
      return w.wasmPsCreateOrder(input, ...encryptorArgs(platformKey, keys), policy);
    }),
    queryOrder: (input) => guard(() => w.wasmPsQueryOrder(input)),
    createReturnOrder: (input) => guard(() => w.wasmPsCreateReturnOrder(input)),
    queryReturnOrder: (input) => guard(() => w.wasmPsQueryReturnOrder(input)),
    finishOrder: (input) => guard(() => w.wasmPsFinishOrder(input)),
    queryAmounts: (input) => guard(() => w.wasmPsQueryAmounts(input)),
    createAfterSalesOrder: (input) => guard(() => w.wasmPsCreateAfterSalesOrder(input)),
    queryAfterSalesOrder: (input) => guard(() => w.wasmPsQueryAfterSalesOrder(input)),
    parseResponse: (operation, body) => guard(() => w.wasmPsParseResponse(text(operation, 'operation'), responseText(body))),
  });

  const payScore = Object.freeze({
    createServiceOrder: (input) => guard(() => w.wasmPayCreateServiceOrder(input)),
    queryServiceOrder: (input) => guard(() => w.wasmPayQueryServiceOrder(input)),
    cancelServiceOrder: (input) => guard(() => w.wasmPayCancelServiceOrder(input)),
    completeServiceOrder: (input) => guard(() => w.wasmPayCompleteServiceOrder(input)),
    registerDeductInfo: (input) => guard(() => w.wasmPayRegisterDeductInfo(input)),
    queryDeduction: (input) => guard(() => w.wasmPayQueryDeduction(input)),
    modifyServiceOrder: (input) => guard(() => w.wasmPayModifyServiceOrder(input)),
    syncServiceOrder: (input) => guard(() => w.wasmPaySyncServiceOrder(input)),
    applyPermissions: (input) => guard(() => w.wasmPayApplyPermissions(input)),
    queryPermissions: (input) => guard(() => w.wasmPayQueryPermissions(input)),
    terminatePermissions: (input) => guard(() => w.wasmPayTerminatePermissions(input)),
    createPayOnDeliveryOrder: (input) => guard(() => w.wasmPayCreatePayOnDeliveryOrder(input)),
    parseResponse: (operation, status, body) =>
      guard(() => w.wasmPayParseResponse(text(operation, 'operation'), httpStatus(status), responseText(body))),
    allowedOperations: (state, stateDescription, collectionState) =>
      guard(() => w.wasmPayAllowedOperations(text(state, 'state'), optText(stateDescription, 'stateDescription'), optText(collectionState, 'collectionState'))),
  });

  const split = Object.freeze({
    allocate: (total, rules, fee) => guard(() => w.wasmSplitAllocate(total, rules, fee)),
    checkPlan: (order, request, policy) => guard(() => w.wasmSplitCheckPlan(order, request, policy)),
    simulate: (order, operations, policy) => guard(() => w.wasmSplitSimulate(order, operations, policy)),
  });

  function assemble(spec, signed, baseUrl) {
    const base = baseUrl ?? 'https://api.mch.weixin.qq.com';
    const headers = {
      Authorization: signed.authorization,
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    };
    if (spec.body != null) headers['Content-Type'] = 'application/json';
    for (const [k, v] of reading('spec.headers', specHeaders, spec.headers)) headers[k] = v;
    return { method: spec.method, url: checkedBase(base) + spec.pathAndQuery, headers, body: spec.body ?? undefined };
  }

  /** A RequestSpec's headers as [name, value] string pairs (a spec may have been edited by hand). */
  function specHeaders(list) {
    const out = [];
    for (const pair of list ?? []) {
      const [k, v] = pair;
      if (typeof k !== 'string' || typeof v !== 'string') throw invalidType('spec.headers', '[name, value] string pairs', pair);
      out.push([k, v]);
    }
    return out;
  }

  function checkedBase(base) {
    const b = text(base, 'baseUrl').replace(/\/+$/, '');
    const local = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(b);
    if (!(local || /^https:\/\/[^/]+$/.test(b))) {
      throw fail('ERR_WXPAY_VALIDATION', 'baseUrl must be https://host (plain http only for a local emulator on loopback)', {
        issues: [{ path: 'baseUrl', code: 'invalid', message: 'must be scheme and host only' }],
      });
    }
    return b;
  }

  /** The spec's fields, read once (a plain snapshot: no getter runs twice). */
  function specParts(input) {
    const [method, pathAndQuery, headers, body] = fieldsOf(input, 'spec', ['method', 'pathAndQuery', 'headers', 'body']);
    if (typeof method !== 'string' || typeof pathAndQuery !== 'string' || (body != null && typeof body !== 'string')) {
      throw fail('ERR_WXPAY_VALIDATION', 'spec must be a RequestSpec from a builder', { issues: [{ path: 'spec', code: 'type', message: 'not a RequestSpec' }] });
    }
    return { method, pathAndQuery, headers, body };
  }

  /** Signs a builder's RequestSpec; returns exactly what to hand to fetch. */
  function prepare(merchantKey, spec, opts) {
    return guard(() => {
      const s = specParts(spec);
      const [timestamp, nonce, baseUrl] = fieldsOf(opts, 'options', F_PREPARE, true);
      const signed = signRequest(merchantKey, { method: s.method, url: s.pathAndQuery, body: s.body ?? '', timestamp, nonce });
      return assemble(s, signed, baseUrl);
    });
  }

  async function prepareAsync(merchantKey, spec, opts) {
    const [s, [timestamp, nonce, baseUrl]] = guard(() => [specParts(spec), fieldsOf(opts, 'options', F_PREPARE, true)]);
    const signed = await signRequestAsync(merchantKey, { method: s.method, url: s.pathAndQuery, body: s.body ?? '', timestamp, nonce });
    return guard(() => assemble(s, signed, baseUrl));
  }

  // ---- testing helpers (the ./testing subpath) ------------------------------

  const testing = Object.freeze({
    /** Encrypts a resource like WeChat Pay does, with a test APIv3 key. */
    encryptResource(input) {
      return guard(() => {
        const [apiV3Key, plaintext, associatedData, nonce] = fieldsOf(input, 'input', ['apiV3Key', 'plaintext', 'associatedData', 'nonce']);
        const n = nonce == null ? newNonce().slice(0, 12) : text(nonce, 'nonce');
        const ad = text(associatedData, 'associatedData');
        const plain = typeof plaintext === 'string' ? plaintext : reading('plaintext', JSON.stringify, plaintext);
        if (typeof plain !== 'string') throw invalidType('plaintext', 'a string or JSON-serialisable data', plaintext);
        return { algorithm: 'AEAD_AES_256_GCM', ciphertext: w.wasmSealResource(reading('apiV3Key', keyBytes, apiV3Key), n, ad, plain), associated_data: ad, nonce: n };
      });
    },
    /** Headers WeChat Pay would send with `body`, signed by a test platform key. */
    signResponse(input) {
      return guard(() => {
        const [body, privateKey, serial, timestamp, nonce] = fieldsOf(input, 'input', ['body', 'privateKey', 'serial', 'timestamp', 'nonce']);
        const ts = timestamp == null ? nowSeconds() : secondsArg(timestamp, 'timestamp');
        const n = nonce == null ? newNonce() : text(nonce, 'nonce');
        const sn = text(serial, 'serial');
        const bytes = reading('body', rawBytes, body);
        const signer = new w.WasmMerchantKey('1', 'AA', text(privateKey, 'privateKey'));
        const head = utf8(`${ts}\n${n}\n`);
        const message = new Uint8Array(head.length + bytes.length + 1);
        message.set(head, 0);
        message.set(bytes, head.length);
        message[message.length - 1] = 0x0a;
        const signature = signer.sign(message);
        signer.free();
        return {
          'Wechatpay-Timestamp': String(ts),
          'Wechatpay-Nonce': String(n),
          'Wechatpay-Signature': signature,
          'Wechatpay-Serial': sn,
          'Wechatpay-Signature-Type': SCHEME,
          'Request-ID': `TEST-${n.slice(0, 16)}`,
        };
      });
    },
    /** A complete signed and encrypted notification: `{ headers, body }` ready for parseNotification. */
    signNotification(input) {
      const names = ['payload', 'eventType', 'summary', 'apiV3Key', 'privateKey', 'serial', 'id', 'createTime', 'originalType', 'associatedData', 'timestamp', 'nonce'];
      const [payload, eventType, summary, apiV3Key, privateKey, serial, id, createTime, originalType, associatedData, timestamp, nonce] = guard(() => fieldsOf(input, 'input', names));
      const resource = testing.encryptResource({ apiV3Key, plaintext: payload, associatedData: associatedData ?? originalType ?? '' });
      const envelope = {
        id: id ?? `EV-${newNonce().slice(0, 20)}`,
        create_time: createTime ?? '2026-11-23T10:00:00+08:00',
        resource_type: 'encrypt-resource',
        event_type: eventType,
        summary,
        resource: { original_type: originalType ?? 'profitsharing', ...resource },
      };
      const body = guard(() => reading('input', JSON.stringify, envelope));
      const headers = testing.signResponse({ body, privateKey, serial, timestamp, nonce });
      return { headers, body };
    },
  });

  return {
    MerchantKey,
    PlatformKey,
    PlatformKeySet,
    WxPayError,
    importMerchantKey,
    importPlatformPublicKey,
    importPlatformCertificate,
    createPlatformKeySet,
    loadCertificates,
    downloadCertificates: (input) => guard(() => w.wasmDownloadCertificates(input == null ? undefined : input)),
    buildSigningMessage,
    formatAuthorization,
    parseAuthorization: (header) => guard(() => w.wasmParseAuthorization(capped(text(header, 'header'), 'authorizationHeader'))),
    signRequest,
    signRequestAsync,
    encryptSensitive,
    encryptSensitiveAsync,
    decryptSensitive,
    verifyResponse,
    verifyResponseAsync,
    verifyNotification,
    verifyNotificationAsync,
    verifySignature,
    exportSpki,
    decryptResource,
    decryptResourceAsync,
    parseNotification,
    parseNotificationAsync,
    ack,
    nack,
    profitSharing,
    payScore,
    split,
    prepare,
    prepareAsync,
    testing,
  };
}

const USER_AGENT = 'wechatpay-edge/__VERSION__';
const RSA_SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const RSA_OAEP = { name: 'RSA-OAEP', hash: 'SHA-1' };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Strict standard base64 → bytes, or null when it is not base64 (e.g. a probe signature). */
export function base64ToBytes(text) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Standard base64 with padding, without Buffer or btoa on binary strings. */
export function base64(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const rest = bytes.length - i;
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + (rest === 2 ? B64[(n >> 6) & 63] : '=') + '=';
  }
  return out;
}
