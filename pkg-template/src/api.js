// The public API, built once per runtime over the wasm module `w` and an optional native crypto
// executor (node:crypto in the node entry). The core decides, the host computes: every protocol
// rule, limit and error lives in wasm; each operation is a core call that checks everything and
// hands back the exact crypto to run, which the runtime's engine runs (node:crypto here,
// WebCrypto in the async forms, the core's own RustCrypto code where neither exists), and the
// result goes back to the core. JavaScript only normalises host values and moves bytes.

import { WxPayError, toWxPayError, fail, invalidType, unreadable } from './errors.js';
import { flatHeaders, rawBody, rawBytes, notificationBody, utf8, utf8Transient, keyBytes, nowSeconds, randomBytes, configureLimits, sizeOver } from './io.js';
import { SIGNATURE_SCHEME } from '../generated/constants.js';

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

/**
 * A built request `{ method, pathAndQuery, headers, body }` from the core's text (spec_text in
 * the core: the fields' UTF-16 lengths, a line break, the fields back to back; an odd number of
 * fields ends with the body, else the body is null).
 */
function specOf(s) {
  const nl = s.indexOf('\n');
  const lens = s.slice(0, nl).split(',');
  let at = nl + 1;
  const next = (i) => s.slice(at, (at += Number(lens[i])));
  const method = next(0);
  const pathAndQuery = next(1);
  const headers = [];
  let i = 2;
  for (; i + 1 < lens.length; i += 2) headers.push([next(i), next(i + 1)]);
  return { method, pathAndQuery, headers, body: i < lens.length ? next(i) : null };
}

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

/** `now` (Unix seconds) or the clock when it is undefined. */
function nowArg(now) {
  return now === undefined ? nowSeconds() : secondsArg(now, 'now');
}

/** Whole numbers the wasm `u16` takes as they are; anything else as 0, which every status check refuses (a fraction or 66036 would wrap). */
function u16(value) {
  return Number.isInteger(value) && value >= 0 && value <= 0xffff ? value : 0;
}

const NO_BYTES = new Uint8Array(0);
/** Decrypted resources: strict (refuses what is not UTF-8), BOM kept, like the core's check. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** No platform key for a builder: no encryptor, no entropy (the glue only copies the bytes in). */
const NO_ENCRYPTOR = Object.freeze([undefined, NO_BYTES]);
// jsonArg's states (JSON_UNDEFINED, JSON_REFUSED, JSON_TEXT in the core's convert.rs).
const JSON_UNDEFINED = Object.freeze([0, 0, NO_BYTES]);
const JSON_REFUSED = Object.freeze([1, 0, NO_BYTES]);

const F_MERCHANT = ['mchid', 'serialNo', 'privateKey'];
const F_PUBLIC_KEY = ['id', 'pem'];
const F_KEY_SET = ['merchantSerialNo'];
const F_SIGNING = ['method', 'url', 'timestamp', 'nonce', 'body'];
const F_AUTHORIZATION = ['mchid', 'serialNo', 'timestamp', 'nonce', 'signature'];
const F_VERIFY = ['headers', 'body', 'keys', 'now', 'toleranceSec', 'status', 'apiV3Key'];
const F_RESOURCE = ['apiV3Key', 'resource'];
const F_PREPARE = ['timestamp', 'nonce', 'baseUrl'];
const F_ENCRYPTOR = ['platformKey', 'keys', 'legacyEncryptedName', 'policy'];

/**
 * The API over the glue `w`. `parts` is what only the main entries carry (src/full-parts.js: the
 * bill helpers and the HTTP client), passed in so the lite entries' import graph never holds it.
 */
export function createApi(w, native = null, parts = null) {
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

  /**
   * A builder's input as the core takes it (from_json in the core): `[state, units, utf8]`, the
   * JSON text of `input` measured in UTF-16 units and copied only when within the core's limit.
   * The core says what each state means (required, not serialisable, too large) and parses the
   * text; what JSON.stringify throws (a BigInt, a cycle, a getter) is its "not serialisable".
   * The bytes are transient unless `owned`: pass the result straight to the wasm call, and in a
   * call with several such arguments, make all but the last `owned` (a second jsonArg reuses the
   * first one's buffer before the glue copies it).
   */
  function jsonArg(input, owned = false) {
    if (input === undefined) return JSON_UNDEFINED;
    let json;
    try {
      json = JSON.stringify(input);
    } catch {
      return JSON_REFUSED;
    }
    if (typeof json !== 'string') return JSON_REFUSED;
    return [2, json.length, json.length > LIMITS.inputJson ? NO_BYTES : owned ? utf8(json) : utf8Transient(json)];
  }

  /** The APIv3 key as bytes; any other length than the core's is refused by the core, uncopied. */
  function apiV3KeyBytes(value) {
    const long = typeof value === 'string' && value.length > LIMITS.apiV3Key;
    const key = long ? null : reading('apiV3Key', keyBytes, value);
    // Neither text nor bytes (absent, a number): refused by the core as an empty key.
    const len = key ? key.length : long ? value.length : 0;
    if (len !== LIMITS.apiV3Key) w.wasmCheckLength('apiV3Key', Math.min(len, 0xffffffff));
    return key;
  }

  class MerchantKey {
    constructor(handle, nativeKey, make) {
      this.mchid = handle.mchid();
      this.serialNo = handle.serialNo();
      keyHandle.set(this, renewable(handle, make, { kind: 'MerchantKey', native: nativeKey, cryptoKeys: null }));
      Object.freeze(this);
    }
    toJSON() {
      return { mchid: this.mchid, serialNo: this.serialNo };
    }
    /** Frees the key's WebAssembly memory (and drops its native and WebCrypto copies) now. */
    free() {
      freeHandle(this, (h) => {
        h.native = null;
        h.cryptoKeys = null;
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
      keyHandle.set(this, renewable(handle, make, { kind: 'PlatformKey', native: nativeKey, cryptoKeys: null }));
      Object.freeze(this);
    }
    /** Whether the key may no longer verify at `now` (Unix seconds; the clock when omitted): the core's rule. */
    expiredAt(now) {
      return guard(() => handleOf(this, PlatformKey, 'platformKey').wasm.expiredAt(nowArg(now)));
    }
    /** Frees the key's WebAssembly memory (and drops its native and WebCrypto copies) now; key sets made from it keep their own copies. */
    free() {
      freeHandle(this, (h) => {
        h.native = null;
        h.cryptoKeys = null;
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
    const native_ = native ? native.importPublic(handle.pkcs1Der()) : null;
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

  // ---- keys ---------------------------------------------------------------

  function importMerchantKey(input) {
    return guard(() => {
      const [mchid, serialNo, privateKey] = fieldsOf(input, 'input', F_MERCHANT);
      const handle = new w.WasmMerchantKey(capped(text(mchid, 'mchid'), 'identifier'), capped(text(serialNo, 'serialNo'), 'identifier'), capped(text(privateKey, 'privateKey'), 'keyPem'));
      const nativeKey = native ? native.importPrivate(handle.pkcs1Der()) : null;
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
  // One sequence on every path: the core checks the request and builds the message
  // (wasmRequestToSign / wasmSpecToSign), the runtime's engine signs it (node:crypto KeyObject,
  // WebCrypto, or the core's own RSA), and the core formats the result.

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

  /** The clock and randomness the core takes as inputs: the caller's, or this runtime's. */
  function stamp(timestamp, nonce) {
    return [timestamp === undefined ? nowSeconds() : secondsArg(timestamp, 'timestamp'), nonce === undefined ? newNonce() : capped(text(nonce, 'nonce'), 'nonce')];
  }

  /** signRequest's input, read once: `(h) => WasmRequestToSign` for the key handle `h`, plus the parts. */
  function signingInput(request) {
    const [method, url, timestamp, nonce, body = ''] = fieldsOf(request, 'request', F_SIGNING);
    if (typeof body !== 'string') throw fail('ERR_WXPAY_BODY_NOT_RAW', 'the request body to sign must be the exact JSON string you send', {});
    const [ts, n] = stamp(timestamp, nonce);
    const m = capped(text(method, 'method'), 'method');
    const u = capped(text(url, 'url'), 'url');
    capped(body, 'requestBody');
    return { ts, n, make: (h) => w.wasmRequestToSign(h.wasm, m, u, body, ts, n) };
  }

  /** prepare's input, read once, like signingInput. */
  function specInput(spec, opts) {
    const s = specParts(spec);
    const [timestamp, nonce, baseUrl] = fieldsOf(opts, 'options', F_PREPARE, true);
    const [ts, n] = stamp(timestamp, nonce);
    const base = baseUrl == null ? undefined : capped(text(baseUrl, 'baseUrl'), 'url');
    capped(s.pathAndQuery, 'url');
    if (s.body != null) capped(s.body, 'requestBody');
    const headers = reading('spec.headers', specHeaders, s.headers);
    return { make: (h) => w.wasmSpecToSign(h.wasm, s.method, s.pathAndQuery, s.body ?? undefined, headers, base, ts, n) };
  }

  /** Signs the core's message with the key's engine: node:crypto when there is one, else the core's RSA. */
  function signWith(h, toSign) {
    return h.native ? native.sign(h.native, toSign.message) : toSign.sign(h.wasm);
  }

  /** `finish(toSign)` on a freshly made request (freed after). */
  function withRequest(h, make, finish) {
    const toSign = make(h);
    try {
      return finish(toSign);
    } finally {
      toSign.free();
    }
  }

  function signRequest(key, request) {
    return guard(() => {
      const h = handleOf(key, MerchantKey, 'key');
      const r = signingInput(request);
      return withRequest(h, r.make, (toSign) => {
        const message = toSign.message;
        return { authorization: toSign.authorization(signWith(h, toSign)), timestamp: r.ts, nonce: r.n, message };
      });
    });
  }

  /**
   * WebCrypto's signature of the core's message (the message is read, the request freed, before
   * anything is awaited); null without WebCrypto, where the sync engine signs.
   */
  async function webSign(h, make) {
    const subtle = subtleCrypto();
    if (!subtle) return null;
    const [message, cryptoKey] = guard(() => [
      withRequest(h, make, (toSign) => toSign.message),
      cachedCryptoKey(h, 'webcrypto', () => subtle.importKey('pkcs8', h.wasm.pkcs8Der(), RSA_SIGN, false, ['sign'])),
    ]);
    return { message, signature: new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', await cryptoKey, utf8(message))) };
  }

  /** WebCrypto where present (Workers, browsers, Node), the sync engines otherwise; same bytes either way. */
  async function signRequestAsync(key, request) {
    const [h, r] = guard(() => [handleOf(key, MerchantKey, 'key'), signingInput(request)]);
    const web = await webSign(h, r.make);
    if (!web) return guard(() => withRequest(h, r.make, (toSign) => ({ authorization: toSign.authorization(signWith(h, toSign)), timestamp: r.ts, nonce: r.n, message: toSign.message })));
    // The same checks again (a few µs): no core handle is held across the await.
    return guard(() => withRequest(h, r.make, (toSign) => ({ authorization: toSign.authorization(web.signature), timestamp: r.ts, nonce: r.n, message: web.message })));
  }

  // ---- sensitive fields -----------------------------------------------------

  function encryptionTarget(platformKey) {
    const keyObj = keyHandle.get(platformKey) && platformKey instanceof PlatformKeySet ? encryptionKeyOf(platformKey) : platformKey;
    return { keyObj, h: handleOf(keyObj, PlatformKey, 'platformKey') };
  }

  function encryptSensitive(plaintext, platformKey) {
    return guard(() => {
      const { keyObj, h } = encryptionTarget(platformKey);
      const plain = capped(text(plaintext, 'plaintext'), 'sensitivePlaintext');
      w.wasmCheckSensitive(plain, h.wasm);
      const ciphertext = (h.native && native.oaepEncrypt(h.native, plain)) || w.wasmEncryptSensitive(plain, h.wasm, randomBytes(32));
      return { ciphertext, serial: keyObj.serial };
    });
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
  // The core checks every header rule and returns what is to be verified (wasmCheckHeaders:
  // the key's serial and the message as head ‖ body ‖ tail); the runtime's RSA verifies it.
  // Without a native engine the core does both in one call (the portable path).

  /**
   * `[joined, lens]`: a flat header list as the core takes it (see joined_pairs in the core), the
   * joined text as UTF-8 bytes (TextEncoder copies them natively; a string argument would go
   * through the glue's per-character loop).
   */
  function joinedHeaders(flat) {
    const lens = new Uint32Array(flat.length);
    for (let i = 0; i < flat.length; i++) lens[i] = flat[i].length;
    return [utf8(flat.join('\n')), lens];
  }

  /** The core's check text (wasmCheckHeaders) split into its fields; see head_text in the core. */
  function checkOf(s) {
    const a = s.indexOf('\n');
    const b = s.indexOf('\n', a + 1);
    const c = s.indexOf('\n', b + 1);
    const d = s.indexOf('\n', c + 1);
    const e = s.indexOf('\n', d + 1);
    const headEnd = e + 1 + Number(s.slice(d + 1, e));
    return {
      verified: { serial: s.slice(0, a), timestamp: Number(s.slice(a + 1, b)), nonce: s.slice(b + 1, c) },
      signature: s.slice(c + 1, d),
      head: s.slice(e + 1, headEnd),
      tail: s.slice(headEnd),
    };
  }

  /** The native KeyObject of the set's key `serial`, or null (no native engine, or its owner freed it). */
  function nativeKeyOf(set, serial) {
    const key = keyHandle.get(set).exact.get(serial);
    const h = key && keyHandle.get(key);
    return h && !h.freed ? h.native : null;
  }

  /** head ‖ body ‖ tail in one buffer (for engines that take the message whole). */
  function messageOf(c, bytes) {
    const head = utf8(c.head);
    const tail = utf8(c.tail);
    const m = new Uint8Array(head.length + bytes.length + tail.length);
    m.set(head, 0);
    m.set(bytes, head.length);
    m.set(tail, head.length + bytes.length);
    return m;
  }

  /** Runs the core's check `c` with node:crypto, or the core's RSA with the set's own copy of the key. */
  function verifyCheck(c, raw, set) {
    const nk = native && nativeKeyOf(set, c.verified.serial);
    if (nk) {
      if (!native.verifyPieces(nk, c.head, raw, c.tail, c.signature)) throw cryptoFailure('signature');
    } else {
      w.wasmVerifyInSet(keyHandle.get(set).wasm, c.verified.serial, messageOf(c, toBytes(raw)), fromBase64(c.signature));
    }
    return c.verified;
  }

  function toBytes(raw) {
    return typeof raw === 'string' ? utf8(raw) : raw;
  }

  /** toBytes for an argument passed straight to a wasm call (see utf8Transient). */
  function transientBytes(raw) {
    return typeof raw === 'string' ? utf8Transient(raw) : raw;
  }

  function byteLength(raw) {
    return typeof raw === 'string' ? (native ? native.byteLength(raw) : utf8(raw).length) : raw.byteLength;
  }

  /** `toleranceSec` as the core takes it (undefined: the core's default; the core checks the range). */
  function toleranceArg(t) {
    if (t === undefined || t === null) return undefined;
    if (typeof t !== 'number') throw invalidType('toleranceSec', 'a whole number of seconds', t);
    return t;
  }

  /** A notification's or response's common parts, read once. */
  function verifyInput(input, bodyOf) {
    const [headers, body, keys, now, toleranceSec, status, apiV3Key] = fieldsOf(input, 'input', F_VERIFY);
    const raw = reading('body', bodyOf, body);
    return { headers, raw, keys, now, toleranceSec, status, apiV3Key };
  }

  function notificationParts(input) {
    const p = verifyInput(input, notificationBody);
    const flat = reading('headers', flatHeaders, p.headers);
    const set = toKeySet(p.keys);
    const t = nowArg(p.now);
    const tol = toleranceArg(p.toleranceSec);
    checkNotificationSize(p.raw);
    return { raw: p.raw, apiV3Key: p.apiV3Key, set, t, tol, joined: joinedHeaders(flat) };
  }

  function verifyNotification(input) {
    return guard(() => {
      const n = notificationParts(input);
      const setHandle = keyHandle.get(n.set).wasm;
      if (!native) return w.wasmVerifyMessage(n.joined[0], n.joined[1], transientBytes(n.raw), setHandle, n.t, n.tol);
      return verifyCheck(checkOf(w.wasmCheckHeaders(n.joined[0], n.joined[1], byteLength(n.raw), setHandle, n.t, n.tol)), n.raw, n.set);
    });
  }

  /**
   * Refuses a notification body over the core's limit before it is hashed or copied into wasm
   * memory (which never shrinks: one oversize POST to a webhook would keep a Worker's memory
   * grown). The core throws the error, so its code and message are the core's.
   */
  function checkNotificationSize(raw) {
    const over = sizeOver(raw, LIMITS.notificationBody);
    if (over) w.wasmCheckNotificationSize(over);
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

  /**
   * Reconciliation: the notifications a parsed query answer stands for, shaped like
   * parseNotification's result (no envelope: `id` and `createTime` null), with the keys the
   * notifications carry. The core builds each through the notification's own parser.
   */
  function eventsFromQuery(kind, result) {
    if (result === null || typeof result !== 'object' || Array.isArray(result)) throw invalidType('result', 'the parsed query answer (an object)', result);
    const json = reading('result', JSON.stringify, result);
    const events = w.wasmEventsFromQuery(kind, responseText(json, 'result'));
    return events.map((e) => ({ id: null, createTime: null, eventType: e.eventType, kind: e.kind, summary: e.summary ?? null, data: e.data, idempotencyKey: e.idempotencyKey }));
  }

  /** A response's parts, read and checked once for the sync and async forms alike. */
  function responseInput(input) {
    const p = verifyInput(input, rawBody);
    const flat = reading('headers', flatHeaders, p.headers);
    checkResponseSize(p.raw);
    const set = toKeySet(p.keys);
    const status = typeof p.status === 'number' ? p.status : NaN; // the core says what a status must be
    return { joined: joinedHeaders(flat), raw: p.raw, bytes: toBytes(p.raw), set, status, t: nowArg(p.now), tol: toleranceArg(p.toleranceSec) };
  }

  function verifyResponse(input) {
    return guard(() => {
      const r = responseInput(input);
      const setHandle = keyHandle.get(r.set).wasm;
      if (!native) return w.wasmVerifyResponse(r.status, r.joined[0], r.joined[1], r.bytes, setHandle, r.t, r.tol);
      const [check, failure, requestId] = w.wasmPrepareResponse(r.status, r.joined[0], r.joined[1], r.bytes, setHandle, r.t, r.tol);
      const verified = check === undefined ? undefined : verifyCheck(checkOf(check), r.raw, r.set);
      if (failure) throw failure;
      return { status: r.status, requestId, verified };
    });
  }

  /** Checks a SHA256withRSA signature over arbitrary bytes (request signatures, debugging). */
  function verifySignature(platformKey, message, signature) {
    return guard(() => {
      const h = handleOf(platformKey, PlatformKey, 'platformKey');
      const raw = capped(reading('message', rawBody, message, 'message'), 'message');
      const bytes = toBytes(raw);
      const sigText = text(signature, 'signature');
      // Longer than any supported signature in base64: invalid, and never copied.
      if (sigText.length > LIMITS.signatureText) return false;
      const sig = w.wasmDecodeSignature(sigText);
      if (!sig) return false;
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

  /** node:crypto's AES-256-GCM open of the core's request `[nonce, associatedData, sealed]`. */
  function nativeOpen(key, [iv, additionalData, sealed]) {
    const plain = native.open(key, iv, additionalData, sealed);
    if (!plain) throw cryptoFailure('decryption');
    return plain;
  }

  /**
   * The decrypted bytes as text. The host decodes them (strict UTF-8, a BOM kept: what the core's
   * check accepts); only bytes that are not UTF-8 cross into wasm, for the core's error. The
   * plaintext of a good resource never enters wasm memory.
   */
  function resourceText(plain) {
    try {
      return STRICT_UTF8.decode(plain);
    } catch {
      return w.wasmResourceText(plain);
    }
  }

  function decryptResource(input) {
    return guard(() => {
      const [apiV3Key, resource] = fieldsOf(input, 'input', F_RESOURCE);
      const key = apiV3KeyBytes(apiV3Key);
      if (!native) return w.wasmDecryptResource(key, ...jsonArg(resource));
      const plain = nativeOpen(key, w.wasmPrepareResource(key, ...jsonArg(resource)));
      try {
        return resourceText(plain);
      } finally {
        plain.fill(0);
      }
    });
  }

  /** `[refused, message, signature, nonce, associatedData]` lengths, those bytes, then ciphertext‖tag (see WasmNotificationToOpen). */
  function cryptoRequest(b) {
    const u32 = (i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
    const m = 20 + u32(4);
    const s = m + u32(8);
    const iv = s + u32(12);
    const ad = iv + u32(16);
    return { message: b.subarray(20, m), signature: b.subarray(m, s), open: u32(0) ? null : [b.subarray(s, iv), b.subarray(iv, ad), b.subarray(ad)] };
  }

  /** The core's prepared notification (free it once done), from notificationParts. */
  function prepareNotification(n, key) {
    return w.wasmPrepareNotification(n.joined[0], n.joined[1], transientBytes(n.raw), keyHandle.get(n.set).wasm, key, n.t, n.tol);
  }

  /** The sync form's one WasmNotificationToOpen, refilled per call (made again after a trap replaced the instance). */
  let syncNotification = null;
  let syncNotificationGeneration = -1;

  function syncNotificationSlot() {
    if (syncNotification === null || syncNotificationGeneration !== live.generation) {
      syncNotification = new w.WasmNotificationToOpen();
      syncNotificationGeneration = live.generation;
    }
    return syncNotification;
  }

  function parseNotification(input) {
    return guard(() => {
      const n = notificationParts(input);
      const key = apiV3KeyBytes(n.apiV3Key);
      if (!native) return w.wasmParseNotification(n.joined[0], n.joined[1], transientBytes(n.raw), keyHandle.get(n.set).wasm, key, n.t, n.tol);
      const setHandle = keyHandle.get(n.set).wasm;
      const prepared = syncNotificationSlot();
      // No user code runs from here to the end, so no second call can refill it meanwhile.
      const c = cryptoRequest(prepared.prepare(n.joined[0], n.joined[1], transientBytes(n.raw), setHandle, key, n.t, n.tol));
      try {
        const nk = nativeKeyOf(n.set, prepared.serial);
        if (nk) {
          if (!native.verify(nk, c.message, c.signature)) throw cryptoFailure('signature');
        } else {
          w.wasmVerifyInSet(keyHandle.get(n.set).wasm, prepared.serial, c.message, c.signature);
        }
        // The envelope's or the resource's error, thrown only once the signature verified.
        if (!c.open) throw prepared.error();
        const plain = nativeOpen(key, c.open);
        try {
          return prepared.finish(plain);
        } finally {
          plain.fill(0);
        }
      } finally {
        prepared.clear();
      }
    });
  }

  // ---- async forms: the core decides, WebCrypto computes (issue 14) ---------------------
  // Each form runs the same JS normalisation and the same core calls as its sync form; WebCrypto
  // runs only the primitive; the result goes back to the core (typing, idempotency key), and a
  // refusal of the primitive becomes the core's own error (wasmCryptoFailure). Without
  // WebCrypto the sync form answers. CryptoKeys are imported once per key handle and dropped by
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
    if (!h.cryptoKeys || h.cryptoGeneration !== live.generation) {
      h.cryptoKeys = new Map();
      h.cryptoGeneration = live.generation;
    }
    const keys = h.cryptoKeys;
    let p = keys.get(slot);
    if (!p) {
      p = make();
      keys.set(slot, p);
      p.catch(() => {
        if (keys.get(slot) === p) keys.delete(slot);
      });
    }
    return p;
  }

  /**
   * The verifying CryptoKey of the set's key `serial` (a promise of it, or of null when WebCrypto
   * refuses the key: the core's own RSA then verifies, or the lite module says it has none).
   */
  function verifyKeyOf(subtle, set, serial) {
    const s = keyHandle.get(set);
    const key = s.exact.get(serial);
    const h = key && keyHandle.get(key);
    // A key its owner freed: the set's own copy, imported once per set (the set checked the serial).
    const imported = !h || h.freed
      ? cachedCryptoKey(s, `verify:${serial}`, () => subtle.importKey('spki', s.wasm.spkiDer(serial), RSA_SIGN, false, ['verify']))
      : cachedCryptoKey(h, 'webcrypto', () => subtle.importKey('spki', h.wasm.spkiDer(), RSA_SIGN, false, ['verify']));
    return imported.catch(() => null);
  }

  /** Verifies `message`/`signature` under the set's key `serial`: WebCrypto, or the core's RSA. */
  async function verifyWith(subtle, set, serial, message, signature) {
    const cryptoKey = await verifyKeyOf(subtle, set, serial);
    if (cryptoKey) return webVerify(subtle, cryptoKey, signature, message);
    guard(() => w.wasmVerifyInSet(keyHandle.get(set).wasm, serial, message, signature));
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

  /** The core's error for a refusal of an engine's primitive: 'signature' or 'decryption'. */
  function cryptoFailure(what) {
    return w.wasmCryptoFailure(what);
  }

  /** RSA verify with WebCrypto; a rejection (a signature of the wrong length) is a failed check. */
  async function webVerify(subtle, cryptoKey, signature, message) {
    let ok = false;
    try {
      ok = await subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signature, message);
    } catch {
      ok = false;
    }
    if (!ok) throw toWxPayError(cryptoFailure('signature'));
  }

  /** AES-256-GCM open of an open request `[nonce, associatedData, sealed]`; a refusal is DECRYPTION_FAILED. */
  async function webOpen(subtle, aesKey, [iv, additionalData, sealed]) {
    try {
      return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData, tagLength: 128 }, await aesKey, sealed));
    } catch {
      throw toWxPayError(cryptoFailure('decryption'));
    }
  }

  /** The core's check text verified with WebCrypto: head ‖ body ‖ tail as one message. */
  async function webVerifyCheck(subtle, set, check, bytes) {
    const c = checkOf(check);
    await verifyWith(subtle, set, c.verified.serial, messageOf(c, bytes), fromBase64(c.signature));
    return c.verified;
  }

  async function verifyNotificationAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return verifyNotification(input);
    const p = guard(() => {
      const n = notificationParts(input);
      const bytes = toBytes(n.raw);
      return { set: n.set, bytes, check: w.wasmCheckHeaders(n.joined[0], n.joined[1], bytes.length, keyHandle.get(n.set).wasm, n.t, n.tol) };
    });
    return webVerifyCheck(subtle, p.set, p.check, p.bytes);
  }

  async function verifyResponseAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return verifyResponse(input);
    const p = guard(() => {
      const r = responseInput(input);
      const [check, failure, requestId] = w.wasmPrepareResponse(r.status, r.joined[0], r.joined[1], r.bytes, keyHandle.get(r.set).wasm, r.t, r.tol);
      return { r, check, failure, requestId };
    });
    const verified = p.check === undefined ? undefined : await webVerifyCheck(subtle, p.r.set, p.check, p.r.bytes);
    if (p.failure) throw toWxPayError(p.failure);
    return { status: p.r.status, requestId: p.requestId, verified };
  }

  async function decryptResourceAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return decryptResource(input);
    const p = guard(() => {
      const [apiV3Key, resource] = fieldsOf(input, 'input', F_RESOURCE);
      const key = apiV3KeyBytes(apiV3Key);
      return { open: w.wasmPrepareResource(key, ...jsonArg(resource)), aesKey: aesKeyOf(subtle, apiV3Key, key) };
    });
    const plain = await webOpen(subtle, p.aesKey, p.open);
    try {
      return guard(() => resourceText(plain));
    } finally {
      plain.fill(0);
    }
  }

  async function parseNotificationAsync(input) {
    const subtle = subtleCrypto();
    if (!subtle) return parseNotification(input);
    const p = guard(() => {
      const n = notificationParts(input);
      const key = cachedApiV3KeyBytes(n.apiV3Key);
      const prepared = prepareNotification(n, key);
      let keep = false;
      try {
        const c = cryptoRequest(prepared.crypto());
        const aesKey = c.open ? aesKeyOf(subtle, n.apiV3Key, key) : null;
        keep = true;
        return { prepared, set: n.set, serial: prepared.serial, generation: live.generation, c, aesKey };
      } finally {
        // Kept for the second half only when returned above.
        if (!keep) prepared.free();
      }
    });
    // A trap elsewhere replaced the instance (and the handle with it) while WebCrypto ran: the sync form answers.
    const replaced = () => p.generation !== live.generation;
    try {
      await verifyWith(subtle, p.set, p.serial, p.c.message, p.c.signature);
      if (replaced()) return parseNotification(input);
      // The envelope's or the resource's error, thrown (like the sync form) only once the signature verified.
      if (!p.c.open) throw toWxPayError(guard(() => p.prepared.error()));
      const plain = await webOpen(subtle, p.aesKey, p.c.open);
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
      const { keyObj, h } = encryptionTarget(platformKey);
      const plain = capped(text(plaintext, 'plaintext'), 'sensitivePlaintext');
      w.wasmCheckSensitive(plain, h.wasm);
      const cryptoKey = cachedCryptoKey(h, 'webcryptoOaep', () => subtle.importKey('spki', h.wasm.spkiDer(), RSA_OAEP, false, ['encrypt']));
      return { plain, h, serial: keyObj.serial, cryptoKey };
    });
    let sealed;
    try {
      sealed = new Uint8Array(await subtle.encrypt({ name: 'RSA-OAEP' }, await p.cryptoKey, utf8(p.plain)));
    } catch {
      // WebCrypto refused (no SHA-1 OAEP here, an unusual key): the sync engines, same contract.
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
    if (!k) return NO_ENCRYPTOR;
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
      const enc = legacy === true ? encryptorArgs(platformKey, keys) : NO_ENCRYPTOR;
      return specOf(w.wasmPsAddReceiver(...jsonArg(input), ...enc, legacy));
    }),
    deleteReceiver: (input) => guard(() => specOf(w.wasmPsDeleteReceiver(...jsonArg(input)))),
    createOrder: (input, opts) => guard(() => {
      const [platformKey, keys, , policy] = fieldsOf(opts, 'options', F_ENCRYPTOR, true);
      const enc = encryptorArgs(platformKey, keys);
      return specOf(w.wasmPsCreateOrder(...jsonArg(input, true), ...enc, ...jsonArg(policy)));
    }),
    queryOrder: (input) => guard(() => specOf(w.wasmPsQueryOrder(...jsonArg(input)))),
    createReturnOrder: (input) => guard(() => specOf(w.wasmPsCreateReturnOrder(...jsonArg(input)))),
    queryReturnOrder: (input) => guard(() => specOf(w.wasmPsQueryReturnOrder(...jsonArg(input)))),
    finishOrder: (input) => guard(() => specOf(w.wasmPsFinishOrder(...jsonArg(input)))),
    queryAmounts: (input) => guard(() => specOf(w.wasmPsQueryAmounts(...jsonArg(input)))),
    createAfterSalesOrder: (input) => guard(() => specOf(w.wasmPsCreateAfterSalesOrder(...jsonArg(input)))),
    queryAfterSalesOrder: (input) => guard(() => specOf(w.wasmPsQueryAfterSalesOrder(...jsonArg(input)))),
    bill: (input) => guard(() => specOf(w.wasmPsBill(...jsonArg(input)))),
    // readBill, downloadBill, reconcileBill (issue 19): async, see src/bill.js.
    ...(parts ? parts.createBillHelpers({ w, guard, fieldsOf, text, native, prepareAsync, flatHeaders, joinedHeaders, jsonArg }) : {}),
    parseResponse: (operation, body) => guard(() => w.wasmPsParseResponse(text(operation, 'operation'), responseText(body))),
    eventsFromQuery: (kind, result) => guard(() => eventsFromQuery(kind === 'split' || kind === 'return' ? kind : text(kind, 'kind') || '', result)),
  });

  const payScore = Object.freeze({
    createServiceOrder: (input) => guard(() => specOf(w.wasmPayCreateServiceOrder(...jsonArg(input)))),
    queryServiceOrder: (input) => guard(() => specOf(w.wasmPayQueryServiceOrder(...jsonArg(input)))),
    cancelServiceOrder: (input) => guard(() => specOf(w.wasmPayCancelServiceOrder(...jsonArg(input)))),
    completeServiceOrder: (input) => guard(() => specOf(w.wasmPayCompleteServiceOrder(...jsonArg(input)))),
    registerDeductInfo: (input) => guard(() => specOf(w.wasmPayRegisterDeductInfo(...jsonArg(input)))),
    queryDeduction: (input) => guard(() => specOf(w.wasmPayQueryDeduction(...jsonArg(input)))),
    modifyServiceOrder: (input) => guard(() => specOf(w.wasmPayModifyServiceOrder(...jsonArg(input)))),
    syncServiceOrder: (input) => guard(() => specOf(w.wasmPaySyncServiceOrder(...jsonArg(input)))),
    applyPermissions: (input) => guard(() => specOf(w.wasmPayApplyPermissions(...jsonArg(input)))),
    queryPermissions: (input) => guard(() => specOf(w.wasmPayQueryPermissions(...jsonArg(input)))),
    terminatePermissions: (input) => guard(() => specOf(w.wasmPayTerminatePermissions(...jsonArg(input)))),
    createPayOnDeliveryOrder: (input) => guard(() => specOf(w.wasmPayCreatePayOnDeliveryOrder(...jsonArg(input)))),
    parseResponse: (operation, status, body) =>
      guard(() => w.wasmPayParseResponse(text(operation, 'operation'), typeof status === 'number' ? status : NaN, responseText(body))),
    eventsFromQuery: (result) => guard(() => eventsFromQuery('payscore', result)),
    recoveryRequest: (operation, input) =>
      guard(() => {
        const spec = w.wasmPayRecoveryRequest(text(operation, 'operation'), ...jsonArg(input));
        return spec === undefined ? null : specOf(spec);
      }),
    recoveredAck: (operation, input, status, body) =>
      guard(() => w.wasmPayRecoveredAck(text(operation, 'operation'), ...jsonArg(input), typeof status === 'number' ? status : NaN, responseText(body))),
    allowedOperations: (state, stateDescription, collectionState) =>
      guard(() => w.wasmPayAllowedOperations(text(state, 'state'), optText(stateDescription, 'stateDescription'), optText(collectionState, 'collectionState'))),
  });

  const split = Object.freeze({
    allocate: (total, rules, fee) => guard(() => w.wasmSplitAllocate(...jsonArg(total, true), ...jsonArg(rules, true), ...jsonArg(fee))),
    checkPlan: (order, request, policy) => guard(() => w.wasmSplitCheckPlan(...jsonArg(order, true), ...jsonArg(request, true), ...jsonArg(policy))),
    simulate: (order, operations, policy) => guard(() => w.wasmSplitSimulate(...jsonArg(order, true), ...jsonArg(operations, true), ...jsonArg(policy))),
  });

  /** A RequestSpec's headers as the flat [name0, value0, …] the core takes (a spec may have been edited by hand). */
  function specHeaders(list) {
    const out = [];
    for (const pair of list ?? []) {
      const [k, v] = pair;
      if (typeof k !== 'string' || typeof v !== 'string') throw invalidType('spec.headers', '[name, value] string pairs', pair);
      out.push(k, v);
    }
    return out;
  }

  /** The spec's fields, read once (a plain snapshot: no getter runs twice). */
  function specParts(input) {
    const [method, pathAndQuery, headers, body] = fieldsOf(input, 'spec', ['method', 'pathAndQuery', 'headers', 'body']);
    if (typeof method !== 'string' || typeof pathAndQuery !== 'string' || (body != null && typeof body !== 'string')) {
      throw fail('ERR_WXPAY_VALIDATION', 'spec must be a RequestSpec from a builder', { issues: [{ path: 'spec', code: 'type', message: 'not a RequestSpec' }] });
    }
    return { method, pathAndQuery, headers, body };
  }

  /** The core's PreparedRequest as fetch takes it: headers as a record, no body for GET. */
  function fetchable(p) {
    return { method: p.method, url: p.url, headers: Object.fromEntries(p.headers), body: p.body ?? undefined };
  }

  /** Signs a builder's RequestSpec; returns exactly what to hand to fetch. */
  function prepare(merchantKey, spec, opts) {
    return guard(() => {
      const h = handleOf(merchantKey, MerchantKey, 'key');
      const r = specInput(spec, opts);
      return fetchable(withRequest(h, r.make, (toSign) => toSign.prepared(signWith(h, toSign))));
    });
  }

  async function prepareAsync(merchantKey, spec, opts) {
    const [h, r] = guard(() => [handleOf(merchantKey, MerchantKey, 'key'), specInput(spec, opts)]);
    const web = await webSign(h, r.make);
    return guard(() => fetchable(withRequest(h, r.make, (toSign) => toSign.prepared(web ? web.signature : signWith(h, toSign)))));
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
        return { algorithm: 'AEAD_AES_256_GCM', ciphertext: w.wasmSealResource(apiV3KeyBytes(apiV3Key), n, ad, plain), associated_data: ad, nonce: n };
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
          'Wechatpay-Signature-Type': SIGNATURE_SCHEME,
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

  const api = {
    MerchantKey,
    PlatformKey,
    PlatformKeySet,
    WxPayError,
    importMerchantKey,
    importPlatformPublicKey,
    importPlatformCertificate,
    createPlatformKeySet,
    loadCertificates,
    downloadCertificates: (input) => guard(() => specOf(w.wasmDownloadCertificates(...jsonArg(input == null ? undefined : input)))),
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
  // The HTTP client over this API (issue 17): the sync forms where node:crypto runs them.
  // An error answer the client cannot verify yet (the first certificate download has no key):
  // the core's ERR_WXPAY_API over it, unverified, only to decide whether to try again.
  const unverifiedFailure = (status, headers, body) =>
    toWxPayError(guard(() => {
      const [joined, lens] = joinedHeaders(flatHeaders(headers));
      return w.wasmApiFailure(status, joined, lens, utf8(body));
    }));
  if (parts) api.createClient = parts.makeCreateClient(api, w, native != null, unverifiedFailure);
  return api;
}

const RSA_SIGN = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const RSA_OAEP = { name: 'RSA-OAEP', hash: 'SHA-1' };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 → bytes, for text the core has already checked to be canonical base64. */
function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Standard base64 with padding, without Buffer or btoa on binary strings. */
function base64(bytes) {
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
