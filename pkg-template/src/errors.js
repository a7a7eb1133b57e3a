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
