// The platform keys a client verifies answers and notifications with.
//
// Public-key mode (`PUB_KEY_ID_…` in `keys`): nothing to do. Certificate mode (no public key in
// `keys`, or `certificates` given for a migration with both kinds): the client downloads
// GET /v3/certificates
//   - when it has no usable key (first call),
//   - when an answer or a notification names a serial it does not know: once, single-flight
//     (concurrent calls share one download), and at most once per minRefreshIntervalMs, so a
//     forged serial cannot cause a download storm (the call then fails ERR_WXPAY_SERIAL_UNKNOWN),
//   - on a schedule (refreshIntervalMs, 12 h by default), in the background.
// A download is decrypted with the APIv3 key (loadCertificates), verified with a certificate it
// carries, expired certificates are skipped, and certificates from earlier downloads stay until
// they expire (a rotation overlap never drops the key the last answers were signed with).
// The optional store ({ get, put }) shares the download across isolates and processes: it holds
// the answer as WeChat Pay sent it (certificates still encrypted with the APIv3 key), never a
// plaintext.

export function createPlatformKeys({ api, opts, sync, fetchCertificates, emit, now = () => Date.now() }) {
  const given = userKeys(api, opts.keys);
  const hasPublicKey = given.some((k) => k.kind === 'publicKey');
  const cfg = opts.certificates;
  const enabled = !!cfg && opts.apiV3Key != null && (cfg.explicit || !hasPublicKey);
  const merchantSerialNo = opts.merchant.serialNo;
  /** serial → PlatformKey from downloads (or the store). */
  const downloaded = new Map();
  let set = null;
  set = build();
  let inflight = null;
  let lastAttemptAt = -Infinity;
  /** When an unknown serial last caused a download: the rate limit of forged serials. */
  let lastUnknownAt = -Infinity;
  let fetchedAt = -Infinity;
  let storedAt = -Infinity;

  // A declaration, not a const: build() runs below before the const lines would.
  function nowSeconds() {
    return Math.floor(now() / 1000);
  }

  function build() {
    const t = nowSeconds();
    // Expired (the core's rule) keys leave the map but are not freed: an earlier set's get() may
    // have handed them out; the garbage collector frees them once nothing holds them.
    for (const [serial, k] of downloaded) if (k.expiredAt(t)) downloaded.delete(serial);
    // The previous set is not freed here: a verification still awaiting WebCrypto may hold it.
    return api.createPlatformKeySet([...given, ...downloaded.values()], { merchantSerialNo });
  }

  /** A download's keys not expired now; the expired ones were never handed out, so they are freed at once. */
  function withoutExpired(keys) {
    const t = nowSeconds();
    const live = [];
    for (const k of keys) {
      if (k.expiredAt(t)) k.free();
      else live.push(k);
    }
    return live;
  }

  const usable = () => set.serials.length > 0;
  const verify = (input) => (sync ? api.verifyResponse(input) : api.verifyResponseAsync(input));

  /** Adopts the certificates of a /v3/certificates answer; returns their serials. */
  async function adopt(answer, { check }) {
    if (answer.status < 200 || answer.status > 299) {
      // The core's ERR_WXPAY_API (or its signature error) for a failed download.
      await verify({ status: answer.status, headers: answer.headers, body: answer.body, keys: set });
    }
    const loaded = withoutExpired(api.loadCertificates(answer.body, opts.apiV3Key));
    if (check) {
      const own = api.createPlatformKeySet(loaded, { merchantSerialNo });
      try {
        await verify({ status: answer.status, headers: answer.headers, body: answer.body, keys: own });
      } finally {
        own.free();
      }
    }
    for (const k of loaded) downloaded.set(k.serial, k);
    set = build();
    return loaded.map((k) => k.serial);
  }

  /** The store's answer when it is newer than what this client holds. */
  async function fromStore() {
    if (!cfg.store) return null;
    let v;
    try {
      v = await cfg.store.get();
    } catch {
      return null;
    }
    if (!v || typeof v !== 'object' || typeof v.body !== 'string' || !(v.fetchedAt > storedAt)) return null;
    return v;
  }

  async function refresh(reason, wanted) {
    const started = now();
    lastAttemptAt = started;
    try {
      const stored = await fromStore();
      if (stored) {
        // Checked when it was stored; its certificates are still only readable with the APIv3 key.
        const serials = await adopt({ status: 200, headers: stored.headers ?? {}, body: stored.body }, { check: false });
        storedAt = stored.fetchedAt;
        fetchedAt = Math.max(fetchedAt, stored.fetchedAt);
        const fresh = started - stored.fetchedAt < cfg.refreshIntervalMs;
        if (fresh && (wanted === undefined || set.get(wanted)) && usable()) {
          emit({ reason, outcome: 'store', serials, durationMs: now() - started });
          return;
        }
      }
      const answer = await fetchCertificates();
      const serials = await adopt(answer, { check: true });
      fetchedAt = now();
      emit({ reason, outcome: 'downloaded', serials, durationMs: now() - started });
      if (cfg.store) {
        storedAt = fetchedAt;
        const headers = {};
        answer.headers.forEach((v, k) => {
          headers[k] = v;
        });
        try {
          await cfg.store.put({ body: answer.body, headers, fetchedAt });
        } catch {
          // A store that fails only costs other isolates a download of their own.
        }
      }
    } catch (err) {
      emit({ reason, outcome: 'failed', code: err && err.code, durationMs: now() - started });
      throw err;
    }
  }

  function singleFlight(reason, wanted) {
    inflight ??= refresh(reason, wanted).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  return {
    enabled,
    /** The key set to verify with now (downloads first when there is none yet). */
    async current() {
      if (!enabled) return set;
      if (!usable()) {
        if (inflight) await inflight;
        else await singleFlight('initial');
        return set;
      }
      if (now() - fetchedAt >= cfg.refreshIntervalMs && now() - lastAttemptAt >= cfg.minRefreshIntervalMs && !inflight) {
        // In the background: the current keys keep working meanwhile; a failure is reported by the hook.
        singleFlight('scheduled').catch(() => {});
      }
      return set;
    },
    /** An answer named `serial`: true when a refresh (at most one per interval) made it known. */
    async unknownSerial(serial) {
      if (!enabled) return false;
      if (inflight) {
        await inflight.catch(() => {});
        if (set.get(serial)) return true;
      }
      if (now() - lastUnknownAt < cfg.minRefreshIntervalMs) {
        emit({ reason: 'unknown-serial', outcome: 'rate-limited', serial, durationMs: 0 });
        return false;
      }
      lastUnknownAt = now();
      await singleFlight('unknown-serial', serial);
      return !!set.get(serial);
    },
    /** Downloads now (single-flight), whatever the schedule. */
    refresh: () => singleFlight('manual'),
    get set() {
      return set;
    },
  };
}

/** `keys` as a list of PlatformKey: a key set, a key, an iterable of keys, or nothing. */
function userKeys(api, keys) {
  if (keys == null) return [];
  if (keys instanceof api.PlatformKeySet) return keys.serials.map((s) => keys.get(s));
  if (keys instanceof api.PlatformKey) return [keys];
  return Array.from(keys);
}
