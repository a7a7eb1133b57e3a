// The profit-sharing bill (分账账单) in JavaScript: IO and the two algorithms every runtime has
// built in (gunzip, SHA-1); the core decides whether the digest matches, parses the CSV into fen
// and reconciles. Node uses node:zlib / node:crypto (the node backend); workerd and browsers use
// DecompressionStream('gzip') and crypto.subtle.digest('SHA-1').

import { fail, invalidType, toWxPayError } from './errors.js';

/**
 * @param {object} d what api.js lends: the wasm module `w`, `guard`, `fieldsOf`, `text`, the
 *   native backend (or null), `prepareAsync`, `flatHeaders` and `joinedHeaders`.
 */
export function createBillHelpers(d) {
  const { w, guard, fieldsOf, text, native, prepareAsync, flatHeaders, joinedHeaders, jsonArg } = d;

  function maxLen() {
    return guard(() => w.wasmBillMaxLen());
  }

  /** A bill as bytes: Uint8Array, ArrayBuffer or the CSV text. */
  function billBytes(input) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (typeof input === 'string') return new TextEncoder().encode(input);
    throw invalidType('bill', 'a Uint8Array, an ArrayBuffer or the CSV text', input);
  }

  const isGzip = (b) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

  async function gunzip(bytes, max) {
    if (native && native.gunzip) {
      const out = native.gunzip(bytes, max);
      if (out === null) throw toWxPayError(guard(() => w.wasmBillGzipError()));
      if (out.tooLarge || out.bytes.length > max) throw toWxPayError(guard(() => w.wasmBillTooLarge(max + 1)));
      return out.bytes;
    }
    const chunks = [];
    let size = 0;
    try {
      const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        // Stops inflating past the limit: a small gzip can expand to gigabytes.
        if (size > max) {
          await reader.cancel().catch(() => {});
          throw toWxPayError(guard(() => w.wasmBillTooLarge(size)));
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err && typeof err.code === 'string' && err.code.startsWith('ERR_WXPAY_')) throw err;
      throw toWxPayError(guard(() => w.wasmBillGzipError()));
    }
    const out = new Uint8Array(size);
    chunks.reduce((at, c) => (out.set(c, at), at + c.byteLength), 0);
    return out;
  }

  async function sha1Hex(bytes) {
    if (native && native.sha1Hex) return native.sha1Hex(bytes);
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Gunzips when asked (or when the bytes are gzip), then checks the size. */
  async function plain(input, gzip) {
    const bytes = billBytes(input);
    const max = maxLen();
    const raw = (gzip ?? isGzip(bytes)) ? await gunzip(bytes, max) : bytes;
    if (raw.length > max) throw toWxPayError(guard(() => w.wasmBillTooLarge(raw.length)));
    return raw;
  }

  /** Gunzipped and, with `hashValue`, checked against the bill API's digest (of the bill after gunzip). */
  async function checked(input, opts) {
    const [hashType, hashValue, gzip] = guard(() => fieldsOf(opts, 'options', ['hashType', 'hashValue', 'gzip'], true));
    const raw = await plain(input, gzip);
    if (hashType != null || hashValue != null) {
      const [t, v] = guard(() => [text(hashType, 'options.hashType'), text(hashValue, 'options.hashValue')]);
      const actual = await sha1Hex(raw);
      guard(() => w.wasmBillCheckHash(t, v, actual));
    }
    return raw;
  }

  /** Bill bytes → typed rows; the digest (when given) is checked before anything is parsed. */
  async function readBill(input, opts) {
    const raw = await checked(input, opts);
    return guard(() => w.wasmBillParse(raw));
  }

  /**
   * Downloads the bill the bill API pointed at: a GET signed like any call, whose answer is not
   * signed (the digest stands in). `result` is `parseResponse('bill', …)`'s answer. Resolves to
   * the bill's plain bytes, gunzipped and checked: keep them, read or reconcile them.
   */
  async function fetchBill(merchantKey, result, opts) {
    const [url, hashType, hashValue] = guard(() => fieldsOf(result, 'result', ['download_url', 'hash_type', 'hash_value']));
    const [fetchFn, gzip] = guard(() => fieldsOf(opts, 'options', ['fetch', 'gzip'], true));
    const u = guard(() => {
      const href = text(url, 'result.download_url');
      try {
        return new URL(href);
      } catch {
        throw fail('ERR_WXPAY_VALIDATION', 'result.download_url must be the URL the bill API answered', {
          issues: [{ path: 'result.download_url', code: 'invalid', message: 'not a URL' }],
        });
      }
    });
    const spec = { method: 'GET', pathAndQuery: u.pathname + u.search, headers: [], body: null };
    const req = await prepareAsync(merchantKey, spec, { baseUrl: u.origin });
    const res = await (fetchFn ?? globalThis.fetch)(req.url, { method: 'GET', headers: req.headers });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status < 200 || res.status > 299) {
      const [joined, lens] = joinedHeaders(flatHeaders(res.headers));
      throw toWxPayError(guard(() => w.wasmApiFailure(res.status, joined, lens, bytes)));
    }
    return checked(bytes, { hashType: text(hashType, 'result.hash_type'), hashValue: text(hashValue, 'result.hash_value'), gzip });
  }

  /** `fetchBill`, then `readBill`: the downloaded bill as typed rows. */
  async function downloadBill(merchantKey, result, opts) {
    const raw = await fetchBill(merchantKey, result, opts);
    return guard(() => w.wasmBillParse(raw));
  }

  /** The bill against a split ledger or the admin page's split plan: every difference in fen. */
  async function reconcileBill(input, planned, opts) {
    const [gzip] = guard(() => fieldsOf(opts, 'options', ['gzip'], true));
    const raw = await plain(input, gzip);
    return guard(() => w.wasmBillReconcile(raw, ...jsonArg(planned)));
  }

  return { readBill, fetchBill, downloadBill, reconcileBill };
}
