// Normalisation of host values: headers, raw bodies, clocks and randomness.

import { fail } from './errors.js';

const encoder = new TextEncoder();

/**
 * Flat [name0, value0, …] as the wasm side takes it, keeping only names that could be a
 * Wechatpay-* or Request-ID header (a loose superset: the core does the exact matching,
 * duplicate detection and every check; fewer strings just cross the boundary faster).
 */
export function flatHeaders(headers) {
  const out = [];
  eachHeader(headers, (name, value) => {
    const n = name.toLowerCase();
    if (n.includes('wechatpay-') || n.includes('request-id')) out.push(name, value);
  });
  return out;
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

export function utf8(s) {
  return encoder.encode(s);
}

export function keyBytes(apiV3Key) {
  if (typeof apiV3Key === 'string') return encoder.encode(apiV3Key);
  if (apiV3Key instanceof Uint8Array) return apiV3Key;
  throw fail('ERR_WXPAY_APIV3_KEY_INVALID', 'apiV3Key must be the 32-character APIv3 key (string or Uint8Array)', { length: 0 });
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
