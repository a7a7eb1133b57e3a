// Pre-screens for the native fast paths. Each returns the parts of an input that the core
// would accept exactly as they are, or null: the caller then takes the wasm path, which owns
// every rule and every error message. A screen may be stricter than the core, never looser;
// tests/js/fastpath.test.mjs holds both paths to the same answers on hostile variants.

import { SIGNATURE_SCHEME as SCHEME, PROBE_PREFIX } from '../generated/constants.js';

export { SCHEME };
const SLOTS = new Map([
  ['wechatpay-timestamp', 0],
  ['wechatpay-nonce', 1],
  ['wechatpay-signature', 2],
  ['wechatpay-serial', 3],
  ['wechatpay-signature-type', 4],
]);
// The spellings seen in practice (WeChat's own and Node's lower-cased req.headers), looked up
// before any toLowerCase: object keys are interned, so this lookup costs no string building.
const SLOTS_AS_SENT = new Map([
  ...SLOTS,
  ['Wechatpay-Timestamp', 0],
  ['Wechatpay-Nonce', 1],
  ['Wechatpay-Signature', 2],
  ['Wechatpay-Serial', 3],
  ['Wechatpay-Signature-Type', 4],
]);
// The core refuses values over 2048 UTF-8 bytes; 682 UTF-16 units can never exceed that.
const ALWAYS_SHORT_ENOUGH = 682;
const MAX_VALUE_BYTES = 2048;
const NON_ASCII = /[^\x00-\x7f]/;
const TIMESTAMP = /^[0-9]{1,12}$/;
// Control characters are refused by the core; lone surrogates would be replaced by U+FFFD.
const CONTROL_OR_SURROGATE = /[\x00-\x1f\x7f\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
// No lone surrogates. Node 18 has no String.prototype.isWellFormed; its fallback is stricter
// (it refuses surrogate pairs too, which only sends them to the wasm path).
const wellFormed = typeof ''.isWellFormed === 'function' ? (s) => s.isWellFormed() : (s) => !SURROGATE.test(s);
const MAX_CIPHERTEXT_B64 = 1 << 20;

// The shortest signature header name; shorter names (padded or not) can never be one.
const MIN_SLOT_NAME = 15;

/**
 * `headers` is either [name0, value0, …] as flatHeaders returns it, or a plain record such as
 * Node's `req.headers` (read in place: one pass, no copy). Accepts only the plain case: each
 * signature header exactly once under its lower-cased name, unpadded string values, a scheme
 * that is absent or exact, decimal seconds inside the window, no probe prefix.
 */
export function screenSignatureHeaders(headers, now, toleranceSec) {
  const v = [undefined, undefined, undefined, undefined, undefined];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (!take(v, headers[i], headers[i + 1])) return null;
  } else {
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      // eachHeader skips undefined; arrays and non-strings are left to the core's reading.
      if (value !== undefined && (typeof value !== 'string' || !take(v, name, value))) return null;
    }
  }
  const [timestamp, nonce, signature, serial, type] = v;
  if (!timestamp || !nonce || !signature || !serial) return null;
  if (type !== undefined && type !== SCHEME) return null;
  if (!TIMESTAMP.test(timestamp) || CONTROL_OR_SURROGATE.test(nonce) || signature.startsWith(PROBE_PREFIX)) return null;
  if (!Number.isSafeInteger(now) || now < 0) return null;
  const ts = Number(timestamp);
  if (Math.abs(now - ts) >= toleranceSec) return null;
  return { timestamp, ts, nonce, signature, serial };
}

/** Files one header into its slot; false when the core's reading could differ (duplicate, padding, length). */
function take(v, name, value) {
  if (name.length < MIN_SLOT_NAME) return true;
  let slot = SLOTS_AS_SENT.get(name);
  if (slot === undefined) {
    const lower = name.toLowerCase();
    slot = SLOTS.get(lower);
    if (slot === undefined) return !SLOTS.has(lower.trim()); // a padded name: the core's trimming decides
  }
  if (v[slot] !== undefined || (!printableEnds(value) && value !== value.trim())) return false;
  if (value.length > ALWAYS_SHORT_ENOUGH && (value.length > MAX_VALUE_BYTES || NON_ASCII.test(value))) return false;
  v[slot] = value;
  return true;
}

/** Printable ASCII at both ends: nothing String.prototype.trim would remove (a cheap test first). */
function printableEnds(value) {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f;
}

/** True for `{…}` records (not arrays, Headers or class instances), which the screen reads in place. */
export function isPlainRecord(headers) {
  if (headers === null || typeof headers !== 'object') return false;
  const proto = Object.getPrototypeOf(headers);
  return proto === Object.prototype || proto === null;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
// A path (and query) of printable ASCII without space or '#'; '://' anywhere makes the core
// read it as an absolute URL, so that goes to the core as well.
const REQUEST_PATH = /^\/[\x21\x22\x24-\x7e]*$/;
const REQUEST_NONCE = /^[A-Za-z0-9]{1,64}$/;

/**
 * The request message `METHOD\nPATH\nTS\nNONCE\nBODY\n` for inputs the core takes as they are
 * (upper-case method, path-only URL, whole non-negative seconds, alphanumeric nonce, a
 * well-formed body), else null. With these inputs the key's mchid and serial (validated at
 * import), the nonce and a base64 signature are all valid Authorization tokens too.
 */
export function screenSigningInput(method, url, timestamp, nonce, body) {
  if (!METHODS.has(method) || !REQUEST_PATH.test(url) || url.includes('://')) return null;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || !REQUEST_NONCE.test(nonce)) return null;
  if (!wellFormed(body)) return null; // the core would sign U+FFFD for a lone surrogate
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** An APIv3 key the core would take as 32 bytes: ASCII text of 32 characters (UTF-8 = itself) or 32 bytes. */
export function screenApiV3Key(key) {
  if (typeof key === 'string') return key.length === 32 && !NON_ASCII.test(key);
  return key instanceof Uint8Array && key.length === 32;
}

/**
 * The fields of an AEAD_AES_256_GCM resource the core would deserialise unchanged. The wasm
 * path reads it through JSON.stringify, so only plain objects of scalars qualify (a BigInt,
 * a toJSON or a nested value could change or break what the core sees), and strings must be
 * well-formed (a lone surrogate would reach the core as U+FFFD).
 */
export function screenResource(resource) {
  if (!isPlainRecord(resource)) return null;
  for (const name in resource) if (!isScalar(resource[name])) return null;
  const { algorithm, nonce, ciphertext } = resource;
  const associatedData = resource.associated_data ?? '';
  const originalType = resource.original_type ?? '';
  if (algorithm !== 'AEAD_AES_256_GCM' || typeof nonce !== 'string' || typeof ciphertext !== 'string') return null;
  if (typeof associatedData !== 'string' || typeof originalType !== 'string') return null;
  if (ciphertext.length > MAX_CIPHERTEXT_B64 || !wellFormed(nonce) || !wellFormed(associatedData) || !wellFormed(originalType)) return null;
  return { nonce, associatedData, ciphertext };
}

function isScalar(value) {
  return value == null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
