// Pre-screens for the native fast paths. Each returns the parts of an input that the core
// would accept exactly as they are, or null: the caller then takes the wasm path, which owns
// every rule and every error message. A screen may be stricter than the core, never looser;
// tests/js/fastpath.test.mjs holds both paths to the same answers on hostile variants.

export const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';
const SLOTS = new Map([
  ['wechatpay-timestamp', 0],
  ['wechatpay-nonce', 1],
  ['wechatpay-signature', 2],
  ['wechatpay-serial', 3],
  ['wechatpay-signature-type', 4],
]);
// The core refuses values over 2048 UTF-8 bytes; 682 UTF-16 units can never exceed that.
const ALWAYS_SHORT_ENOUGH = 682;
const MAX_VALUE_BYTES = 2048;
const NON_ASCII = /[^\x00-\x7f]/;
const TIMESTAMP = /^[0-9]{1,12}$/;
// Control characters are refused by the core; lone surrogates would be replaced by U+FFFD.
const CONTROL_OR_SURROGATE = /[\x00-\x1f\x7f\ud800-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
const MAX_CIPHERTEXT_B64 = 1 << 20;

/**
 * `flat` is [name0, value0, …] as flatHeaders returns it. Accepts only the plain case: each
 * signature header exactly once under its lower-cased name, unpadded values, a scheme that is
 * absent or exact, decimal seconds inside the window, no probe prefix.
 */
export function screenSignatureHeaders(flat, now, toleranceSec) {
  const v = [undefined, undefined, undefined, undefined, undefined];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i].toLowerCase();
    const slot = SLOTS.get(name);
    if (slot === undefined) {
      if (SLOTS.has(name.trim())) return null; // a padded name: the core's trimming decides
      continue;
    }
    const value = flat[i + 1];
    if (v[slot] !== undefined || value !== value.trim()) return null;
    if (value.length > ALWAYS_SHORT_ENOUGH && (value.length > MAX_VALUE_BYTES || NON_ASCII.test(value))) return null;
    v[slot] = value;
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
  if (SURROGATE.test(body)) return null; // the core would sign U+FFFD instead
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** An APIv3 key the core would take as 32 bytes: ASCII text of 32 characters (UTF-8 = itself) or 32 bytes. */
export function screenApiV3Key(key) {
  if (typeof key === 'string') return key.length === 32 && !NON_ASCII.test(key);
  return key instanceof Uint8Array && key.length === 32;
}

const SCALAR = new Set(['string', 'number', 'boolean', 'undefined']);

/**
 * The fields of an AEAD_AES_256_GCM resource the core would deserialise unchanged. The wasm
 * path reads it through JSON.stringify, so only plain objects of scalars qualify (a BigInt,
 * a toJSON or a nested value could change or break what the core sees).
 */
export function screenResource(resource) {
  if (!resource || typeof resource !== 'object') return null;
  const proto = Object.getPrototypeOf(resource);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const value of Object.values(resource)) if (value !== null && !SCALAR.has(typeof value)) return null;
  const { algorithm, nonce, ciphertext } = resource;
  const associatedData = resource.associated_data ?? '';
  const originalType = resource.original_type ?? '';
  if (algorithm !== 'AEAD_AES_256_GCM' || typeof nonce !== 'string' || typeof ciphertext !== 'string') return null;
  if (typeof associatedData !== 'string' || typeof originalType !== 'string') return null;
  if (ciphertext.length > MAX_CIPHERTEXT_B64 || SURROGATE.test(nonce) || SURROGATE.test(associatedData) || SURROGATE.test(originalType)) return null;
  return { nonce, associatedData, ciphertext };
}
