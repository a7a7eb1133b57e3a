// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
// attempt n waits a uniformly random time in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))).
// Full jitter spreads the retries of many clients that failed together (a 429 burst) instead of
// sending them again in lock-step.

/** How long to wait before attempt `attempt + 1` (attempt ≥ 1 is the one that just failed). */
export function backoffDelay(attempt, retry, random = Math.random) {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * cap);
}

/** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms, signal) {
  if (signal && signal.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      if (signal) signal.removeEventListener('abort', aborted);
      resolve();
    };
    const timer = setTimeout(done, ms);
    function aborted() {
      clearTimeout(timer);
      reject(abortReason(signal));
    }
    if (signal) signal.addEventListener('abort', aborted, { once: true });
  });
}

/** What an aborted call rejects with: the reason given to abort(), or an AbortError. */
export function abortReason(signal) {
  if (signal.reason !== undefined) return signal.reason;
  return new DOMException('The operation was aborted', 'AbortError');
}
