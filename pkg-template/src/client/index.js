// createClient: the HTTP around the core. Per call: the builder checks the input and makes the
// RequestSpec; each attempt signs it afresh (new timestamp and nonce, the same body), sends it
// through the injected fetch, verifies the answer with the platform keys and hands back the
// core's typed result. Retries, failover, timeouts and certificate refresh live here; every rule
// of the protocol stays in the core (what is retryable: the core's ERR_WXPAY_API `retryable`;
// hosts and schedules: the generated CLIENT constants; ERR_WXPAY_NETWORK: the core's message).
import { toWxPayError, fail } from '../errors.js';
import { CLIENT } from '../../generated/constants.js';
import { clientOptions, callOptions } from './options.js';
import { backoffDelay, sleep, abortReason } from './backoff.js';
import { exchange, TransportFailure } from './transport.js';
import { createPlatformKeys } from './platform-keys.js';
import { OPERATIONS } from './operations.js';
import { poll } from './poll.js';

export { OPERATIONS };

/**
 * @param api the package's API (createApi's result)
 * @param w the wasm glue (for the core's ERR_WXPAY_NETWORK)
 * @param sync true when the runtime has native crypto (node:crypto): the sync forms are faster there
 */
export function makeCreateClient(api, w, sync, unverifiedFailure) {
  return function createClient(options) {
    const opts = clientOptions(api, options);
    const { merchant, hooks, retry } = opts;
    const anyHook = !!(hooks.request || hooks.response || hooks.retry);

    /** A hook's failure is the hook's problem: it never changes the call. */
    const emit = (fn, event) => {
      if (!fn) return;
      try {
        fn(Object.freeze(event));
      } catch {
        // ignored
      }
    };

    const prepare = (spec, baseUrl) => (sync ? api.prepare(merchant, spec, { baseUrl }) : api.prepareAsync(merchant, spec, { baseUrl }));

    /**
     * Sends `spec` with retries and failover; resolves to the last answer (any status) once it is
     * final: 2xx, a non-retryable status, or retries exhausted. `judge(answer)` decides whether
     * an answer is worth another attempt (it verifies the answer). Rejects ERR_WXPAY_NETWORK when
     * no attempt got an answer.
     */
    async function send(operation, spec, judge, call) {
      const started = Date.now();
      const timeoutMs = call.timeoutMs ?? opts.timeoutMs;
      const signal = call.signal;
      let onBackup = false;
      for (let attempt = 1; ; attempt++) {
        if (signal && signal.aborted) throw abortReason(signal);
        const baseUrl = onBackup ? opts.backupBaseUrl : opts.baseUrl;
        const req = await prepare(spec, baseUrl);
        // Hook events are built only when a hook is there to receive them.
        const info = anyHook ? { operation, method: spec.method, path: spec.pathAndQuery.split('?')[0], host: onBackup ? 'backup' : 'main', attempt } : null;
        emit(hooks.request, info);
        const t0 = Date.now();
        let answer;
        let failure;
        try {
          answer = await exchange(opts.fetch, req, timeoutMs, signal);
        } catch (err) {
          if (!(err instanceof TransportFailure)) throw err;
          if (err.kind === 'aborted') throw abortReason(signal);
          failure = err;
        }
        const durationMs = Date.now() - t0;
        let verdict;
        if (answer) {
          verdict = await judge(answer, attempt);
          if (hooks.response) {
            // The Request-ID as the core read it from a verified answer or an ERR_WXPAY_API.
            const requestId = verdict.requestId ?? (verdict.error && verdict.error.requestId) ?? undefined;
            emit(hooks.response, { ...info, status: answer.status, requestId, durationMs, ...(verdict.error ? { code: verdict.error.code } : {}) });
          }
          if (!verdict.retry) return verdict;
        } else {
          if (hooks.response) emit(hooks.response, { ...info, status: 0, error: failure.kind, durationMs });
        }
        // Fail over on connection failures, timeouts and 5xx; stay there for the rest of the call.
        if (opts.backupBaseUrl && !onBackup && (!answer || answer.status >= 500)) onBackup = true;
        const wait = backoffDelay(attempt, retry);
        const elapsed = Date.now() - started;
        if (attempt >= retry.maxAttempts || elapsed + wait > retry.maxElapsedMs) {
          if (answer) return verdict;
          throw toWxPayError(w.wasmNetworkFailure(attempt, Date.now() - started, failure.kind === 'timeout'));
        }
        if (hooks.retry) emit(hooks.retry, { ...info, nextHost: onBackup ? 'backup' : 'main', delayMs: wait, reason: answer ? `status ${answer.status}` : failure.kind });
        await sleep(wait, signal);
      }
    }

    const verify = (input) => (sync ? api.verifyResponse(input) : api.verifyResponseAsync(input));

    /**
     * Verifies an answer: { answer, requestId } when it is a verified 2xx, { answer, error } otherwise,
     * with `retry` when the core calls the failure retryable (ERR_WXPAY_API `retryable`). An unknown serial refreshes the certificates once (see
     * platform-keys.js) before it is final.
     */
    async function judged(answer, attempt) {
      let refreshed = false;
      for (;;) {
        const keys = await platformKeys.current();
        try {
          const v = await verify({ status: answer.status, headers: answer.headers, body: answer.body, keys });
          return { answer, requestId: v.requestId ?? undefined };
        } catch (e) {
          const err = toWxPayError(e);
          if (err.code === 'ERR_WXPAY_SERIAL_UNKNOWN' && !refreshed && err.details.serial) {
            refreshed = true;
            if (await platformKeys.unknownSerial(err.details.serial)) continue;
          }
          if (err.code === 'ERR_WXPAY_API') {
            err.attempts = attempt;
            err.details.attempts = attempt;
            return { error: err, retry: err.retryable };
          }
          return { error: err };
        }
      }
    }

    /**
     * A /v3/certificates answer: a 2xx is checked by platform-keys.js with the certificates it
     * carries. An error answer is verified with the keys held so far; before the first download
     * there are none, and the core reads it unverified (WeChat Pay signs its error answers with
     * the certificate the client is fetching): at worst a forged 5xx costs one more attempt.
     */
    async function judgedDownload(answer, attempt) {
      if (answer.status >= 200 && answer.status <= 299) return { answer };
      let err;
      try {
        await verify({ status: answer.status, headers: answer.headers, body: answer.body, keys: platformKeys.set });
      } catch (e) {
        err = toWxPayError(e);
      }
      if (!err || err.code !== 'ERR_WXPAY_API') err = unverifiedFailure(answer.status, answer.headers, answer.body);
      err.attempts = attempt;
      err.details.attempts = attempt;
      return { answer, error: err, retry: err.retryable };
    }

    async function fetchCertificates() {
      // The download is verified by platform-keys.js with the certificates it carries; here only
      // the transport and its retries: a network failure or 5xx is worth another attempt.
      const spec = api.downloadCertificates();
      const v = await send('downloadCertificates', spec, judgedDownload, {});
      if (v.error) throw v.error;
      return v.answer;
    }

    const platformKeys = createPlatformKeys({ api, opts, sync, fetchCertificates, emit: (e) => emit(hooks.certificates, e) });

    /** One typed call: build, send (retries, failover), verify, parse. */
    async function call(ns, name, input, callOpts) {
      const c = callOptions(callOpts);
      const o = OPERATION_BY_KEY.get(`${ns}.${name}`);
      let builderOpts = c.builder;
      if (o.encrypts && !(builderOpts && (builderOpts.platformKey || builderOpts.keys))) {
        builderOpts = { ...builderOpts, keys: await platformKeys.current() };
      }
      const spec = api[ns][name](input, builderOpts);
      const v = await send(name, spec, judged, c);
      if (v.error) {
        if (ns === 'payScore' && v.error.code === 'ERR_WXPAY_API' && v.error.attempts > 1 && v.error.status < 500) {
          const recovered = await recovery(name, input, c);
          if (recovered) return recovered;
        }
        throw v.error;
      }
      return ns === 'payScore' ? api.payScore.parseResponse(name, v.answer.status, v.answer.body) : api.profitSharing.parseResponse(name, v.answer.body);
    }

    /**
     * A state-guarded write (cancel, complete, terminate, registerDeductInfo) refused on a retry,
     * after an attempt whose answer was lost: the core names the query that settles it (the order,
     * the authorization, the deduction) and reads the state off its answer. The write's result
     * (`recovered: true`) when the state shows it, else null and the refusal stands.
     */
    async function recovery(name, input, c) {
      const spec = api.payScore.recoveryRequest(name, input);
      if (!spec) return null;
      // Hooks see this query under the write's name (its path tells which query it is).
      const q = await send(`${name}.recovery`, spec, judged, c).catch(() => null);
      if (!q || q.error) return null;
      // The query's own attempts went through the request and response hooks.
      return api.payScore.recoveredAck(name, input, q.answer.status, q.answer.body);
    }

    const namespaces = { profitSharing: {}, payScore: {} };
    for (const o of OPERATIONS) namespaces[o.namespace][o.name] = (input, callOpts) => call(o.namespace, o.name, input, callOpts);

    // ---- polling --------------------------------------------------------------
    const notProcessing = (field) => (r) => r[field] !== CLIENT.processingState;
    namespaces.profitSharing.waitForOrder = (input, pollOpts = {}) =>
      poll(() => call('profitSharing', 'queryOrder', input, { signal: pollOpts.signal }), notProcessing('status'), pollOpts);
    namespaces.profitSharing.waitForReturnOrder = (input, pollOpts = {}) =>
      poll(() => call('profitSharing', 'queryReturnOrder', input, { signal: pollOpts.signal }), notProcessing('result'), pollOpts);
    namespaces.payScore.waitForServiceOrder = (input, pollOpts = {}) => {
      const states = [].concat(pollOpts.states ?? pollOpts.state ?? []);
      if (!states.length) {
        return Promise.reject(fail('ERR_WXPAY_VALIDATION', "waitForServiceOrder: give options.states, e.g. ['DONE'] or ['DOING/USER_CONFIRM']", { issues: [{ path: 'options.states', code: 'required', message: 'give the states to wait for' }] }));
      }
      return poll(() => call('payScore', 'queryServiceOrder', input, { signal: pollOpts.signal }), (r) => states.includes(r.state) || states.includes(`${r.state}/${r.state_description}`), pollOpts);
    };

    // ---- bill download ----------------------------------------------------------
    namespaces.profitSharing.downloadBill = (result, o = {}) => api.profitSharing.downloadBill(merchant, result, { fetch: opts.fetch, gzip: o.gzip });

    /** A notification, verified (refreshing certificates for an unknown serial) and decrypted. */
    async function parseNotification(input) {
      const { headers, body, now, toleranceSec } = input ?? {};
      let refreshed = false;
      for (;;) {
        const keys = await platformKeys.current();
        const args = { headers, body, keys, apiV3Key: opts.apiV3Key, now, toleranceSec };
        try {
          return await (sync ? api.parseNotification(args) : api.parseNotificationAsync(args));
        } catch (e) {
          const err = toWxPayError(e);
          if (err.code === 'ERR_WXPAY_SERIAL_UNKNOWN' && !refreshed && err.details.serial) {
            refreshed = true;
            if (await platformKeys.unknownSerial(err.details.serial)) continue;
          }
          throw err;
        }
      }
    }

    const client = {
      profitSharing: Object.freeze(namespaces.profitSharing),
      payScore: Object.freeze(namespaces.payScore),
      parseNotification,
      /** The platform keys in use now (a PlatformKeySet). */
      platformKeys: () => platformKeys.current(),
      /** Downloads the certificates now (certificate mode), e.g. at start-up. */
      refreshCertificates: () => (platformKeys.enabled ? platformKeys.refresh() : Promise.resolve()),
      baseUrl: opts.baseUrl,
      backupBaseUrl: opts.backupBaseUrl,
      [Symbol.for('nodejs.util.inspect.custom')]() {
        return `WxPayClient { mchid: '${merchant.mchid}', baseUrl: '${opts.baseUrl}' }`;
      },
      toJSON() {
        return { mchid: merchant.mchid, baseUrl: opts.baseUrl, backupBaseUrl: opts.backupBaseUrl };
      },
    };
    return Object.freeze(client);
  };
}

const OPERATION_BY_KEY = new Map(OPERATIONS.map((o) => [`${o.namespace}.${o.name}`, o]));
