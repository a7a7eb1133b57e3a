// Normalisation of host values: headers, raw bodies, clocks and randomness.

import { fail } from './errors.js';

const encoder = new TextEncoder();

/**
 * The core's size limits (wasmLimits: header names and value length, body caps), set once by
 * createApi. Nothing is copied into wasm memory (which never shrinks) before it is measured
 * against them; the numbers themselves live in the Rust core only.
 */
let limits = null;
let readNames = null;

export function configureLimits(fromCore) {
  limits = Object.freeze({ ...fromCore });
  readNames = new Set(fromCore.headerNames);
  return limits;
}

// Both trims: JS's (which adds U+FEFF) and Rust's str::trim (which adds U+0085), so a name the
// core would match is never dropped here.
const NAME_EDGES = /^[\s\u0085]+|[\s\u0085]+$/g;

/**
 * Flat [name0, value0, …] as the wasm side takes it: only the headers the core reads (by
 * trimmed, case-insensitive name), each name at most twice (the core refuses any repeat the
 * same way) and each value cut to one byte over the core's limit (it still refuses it, with
 * its own error, at the point it reads it). So an unrelated or oversize header never reaches
 * wasm memory, and the core's answers are what they would be with everything copied.
 */
export function flatHeaders(headers) {
  const out = [];
  // The names kept so far, normalised (at most 2 × the names the core reads): counted by a scan,
  // cheaper than a Map per call.
  const kept = [];
  const max = limits.headerValue;
  const visit = (name, value) => {
    let n = name.toLowerCase();
    if (!readNames.has(n)) {
      n = n.replace(NAME_EDGES, '');
      if (!readNames.has(n)) return;
    }
    let count = 0;
    for (let i = 0; i < kept.length; i++) if (kept[i] === n) count++;
    if (count === 2) return;
    kept.push(n);
    // UTF-8 takes at least one byte per UTF-16 unit, so the cut value is still over the limit.
    out.push(name, value.length > max ? value.slice(0, max + 1) : value);
  };
  eachHeader(headers, visit);
  return out;
}

/**
 * 0 when `raw` (a string or bytes) is at most `limit` UTF-8 bytes, else its size in bytes
 * (clamped to u32 for the core's check). Strings are measured by length first: UTF-8 takes
 * 1–3 bytes per UTF-16 unit, so most never need encoding.
 */
export function sizeOver(raw, limit) {
  let bytes;
  if (typeof raw !== 'string') bytes = raw.byteLength;
  else if (raw.length > limit) bytes = raw.length;
  else if (raw.length * 3 <= limit) return 0;
  else bytes = raw.length <= SHORT ? utf8Length(raw) : encoder.encode(raw).length;
  return bytes > limit ? Math.min(bytes, 0xffffffff) : 0;
}

// Up to this many UTF-16 units, counting is cheaper than encoding (a nonce, a method: an
// encode allocated a buffer on every signature).
const SHORT = 256;

/** UTF-8 size of `s` as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(s) {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: 2 units, 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Headers | record | [name, value][] → [name, value][] (strings), duplicates kept so the core can refuse them. */
export function headerPairs(headers) {
  const out = [];
  eachHeader(headers, (name, value) => out.push([name, value]));
  return out;
}

/** Calls `visit(name, value)` with strings for every header, in order, duplicates included. */
function eachHeader(headers, visit) {
  if (headers == null) return;
  if (typeof headers.forEach === 'function' && !Array.isArray(headers) && typeof headers.get === 'function') {
    headers.forEach((value, name) => visit(String(name), String(value)));
    return;
  }
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw fail('ERR_WXPAY_HEADER_INVALID', 'headers as an array must be [name, value] pairs', {});
      visit(String(pair[0]), String(pair[1]));
    }
    return;
  }
  if (typeof headers === 'object') {
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      if (value === undefined) continue;
      // Node's IncomingMessage.headers can hold arrays for repeated headers.
      if (Array.isArray(value)) for (const v of value) visit(name, String(v));
      else visit(name, String(value));
    }
    return;
  }
  throw fail('ERR_WXPAY_HEADER_INVALID', 'headers must be a Headers object, a plain object or [name, value] pairs', {});
}

/** The raw body as bytes. Parsed JSON is refused: re-serialising it breaks the signature. */
export function rawBytes(body, what = 'body') {
  const raw = rawBody(body, what);
  return typeof raw === 'string' ? encoder.encode(raw) : raw;
}

/**
 * A notification's body: like rawBody, but a missing one is the host's mistake, not an empty
 * message (Express without a body parser leaves `req.body` undefined; that is not "body altered").
 */
export function notificationBody(body) {
  if (body == null) {
    throw fail(
      'ERR_WXPAY_BODY_NOT_RAW',
      `body is ${body === null ? 'null' : 'undefined'}: no body reached the handler. In Express add express.raw({ type: "application/json" }) ` +
        'to this route and pass req.body; in Workers/fetch pass `await request.text()`',
      {},
    );
  }
  return rawBody(body);
}

/** Like rawBytes, but a string stays a string (encoded later, once, where it is needed). */
export function rawBody(body, what = 'body') {
  if (body == null) return new Uint8Array(0);
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  throw fail(
    'ERR_WXPAY_BODY_NOT_RAW',
    `${what} must be the raw bytes as received (string, Uint8Array or ArrayBuffer), got ${typeof body}: ` +
      'use `await request.text()` in Workers/fetch, or express.raw({ type: "application/json" }) in Express',
    {},
  );
}

// TextEncoder.encode allocates per call and leaves its fast path at the first non-ASCII
// character; encodeInto into a kept buffer does neither (measured on a 1.1 KB notification body
// with Chinese text: 2.7 µs → 0.8 µs; a 500-byte header list: 0.8 µs → 0.07 µs).
const SCRATCH_MAX = 1 << 16;
let scratch = new Uint8Array(4096);

/** The UTF-8 of `s` in the kept buffer: valid until the next call, so it must go to wasm at once (the glue copies it). */
function encodeScratch(s) {
  // At most 3 bytes per UTF-16 unit, so encodeInto always takes the whole string.
  if (scratch.length < s.length * 3) scratch = new Uint8Array(Math.max(s.length * 3, scratch.length * 2));
  return scratch.subarray(0, encoder.encodeInto(s, scratch).written);
}

/** The UTF-8 of `s` as a fresh Uint8Array (TextEncoder's bytes: a lone surrogate becomes U+FFFD). */
export function utf8(s) {
  return s.length <= SCRATCH_MAX / 3 ? encodeScratch(s).slice() : encoder.encode(s);
}

/**
 * Like utf8 for an argument handed straight to a wasm call (the glue copies it before anything
 * else can run): no copy of its own, so valid only until the next utf8Transient.
 */
export function utf8Transient(s) {
  return s.length <= SCRATCH_MAX / 3 ? encodeScratch(s) : encoder.encode(s);
}

/** The APIv3 key's bytes, or null when it is neither text nor bytes (the core refuses it as empty, with its own message). */
export function keyBytes(apiV3Key) {
  if (typeof apiV3Key === 'string') return encoder.encode(apiV3Key);
  if (apiV3Key instanceof Uint8Array) return apiV3Key;
  return null;
}

export function nowSeconds(now) {
  return now === undefined ? Math.floor(Date.now() / 1000) : now;
}

export function randomBytes(n) {
  const c = globalThis.crypto;
  if (!c || typeof c.getRandomValues !== 'function') {
    throw fail('ERR_WXPAY_INTERNAL', 'no crypto.getRandomValues in this runtime: pass nonce explicitly', {});
  }
  return c.getRandomValues(new Uint8Array(n));
}
