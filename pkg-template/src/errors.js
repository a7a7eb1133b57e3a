// One error class for the whole package; `code` is the stable contract.

export class WxPayError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'WxPayError';
    this.code = code;
    this.details = details;
    if (Array.isArray(details.issues)) this.issues = details.issues;
    if (typeof details.probe === 'boolean') this.probe = details.probe;
    if (details.side) this.side = details.side;
    if (code === 'ERR_WXPAY_API') {
      this.status = details.status;
      this.apiCode = details.code ?? undefined;
      this.apiMessage = details.message ?? undefined;
      this.detail = details.detail ?? undefined;
      this.requestId = details.requestId ?? undefined;
      // The core's verdict: 429/5xx/SYSTEM_ERROR/FREQUENCY_LIMITED. Retry with the same body.
      this.retryable = details.retryable === true;
    }
  }
}

/** Turns whatever the wasm side threw into a WxPayError; never loses the original. */
export function toWxPayError(err) {
  if (err instanceof WxPayError) return err;
  if (err && typeof err === 'object' && typeof err.code === 'string' && err.code.startsWith('ERR_WXPAY_')) {
    return new WxPayError(err.code, err.message, err.details ?? {});
  }
  const e = new WxPayError('ERR_WXPAY_INTERNAL', `internal error: ${err && err.message ? err.message : String(err)}`);
  e.cause = err;
  return e;
}

export function fail(code, message, details) {
  return new WxPayError(code, message, details);
}

/** What a caller's value is, by type only: never the value (it may be personal or secret). */
function typeName(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  try {
    return Array.isArray(value) ? 'an array' : 'an object';
  } catch {
    return 'a revoked Proxy';
  }
}

/** A value of the wrong JS type at `path` (an argument or field name): ERR_WXPAY_VALIDATION naming it. */
export function invalidType(path, expected, value) {
  return new WxPayError('ERR_WXPAY_VALIDATION', `${path} must be ${expected} (got ${typeName(value)})`, {
    issues: [{ path, code: 'type', message: `must be ${expected}` }],
  });
}

/**
 * What reading a caller's value threw (its getter, Proxy trap, toString or iterator, or the engine
 * on a value too deep to read) as ERR_WXPAY_VALIDATION at `path`; the package's own errors as they are.
 */
export function unreadable(path, err) {
  if (err instanceof WxPayError || (err && typeof err === 'object' && typeof err.code === 'string' && err.code.startsWith('ERR_WXPAY_'))) {
    return toWxPayError(err);
  }
  const e = new WxPayError('ERR_WXPAY_VALIDATION', `${path} could not be read: reading it threw (a getter, Proxy, toString or iterator, or nesting too deep); pass plain data`, {
    issues: [{ path, code: 'unreadable', message: 'reading it threw; pass plain data' }],
  });
  e.cause = err;
  return e;
}
