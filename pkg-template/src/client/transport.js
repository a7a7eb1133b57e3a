// One HTTP exchange through the injected fetch: the prepared request out, the raw answer back.
// The timeout covers the whole exchange (headers and body); the caller's AbortSignal cancels it.
// What fails here is classified for the retry loop, never rethrown with a body or a header.

/** A failure before an answer arrived: `kind` 'timeout' | 'connection' | 'aborted'. */
export class TransportFailure extends Error {
  constructor(kind, cause) {
    super(kind === 'timeout' ? 'the attempt timed out' : kind === 'aborted' ? 'the call was aborted' : 'the connection failed');
    this.kind = kind;
    this.cause = cause;
  }
}

/**
 * Sends `req` ({ method, url, headers, body }) and reads the whole answer as text.
 * @returns {Promise<{ status: number, headers: Headers, body: string }>}
 */
export async function exchange(fetchFn, req, timeoutMs, signal) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: controller.signal });
    const body = await res.text();
    return { status: res.status, headers: res.headers, body };
  } catch (err) {
    if (signal && signal.aborted) throw new TransportFailure('aborted', err);
    throw new TransportFailure(timedOut ? 'timeout' : 'connection', err);
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}
