// Notification delivery like WeChat Pay's: POST the signed, encrypted envelope; success is
// 200 or 204 within 5 s; otherwise retry on 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h
// (scaled by the time scale), logging every attempt.
import * as crypto from 'node:crypto';
import { rfc3339, signatureHeaders, PROBE_PREFIX, STALE_AGE_SEC } from './protocol.js';

/** Seconds between attempts after the first (spec C.4 / A.10): 15 retries, 24 h 4 min in all. */
export const RETRY_SCHEDULE_SEC = Object.freeze([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
export const REPLY_TIMEOUT_MS = 5000;

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

export function isLoopbackHost(host) {
  return LOOPBACK.test(String(host));
}

export class Notifier {
  constructor({ store, keys, testing, timeScale, allowRemote, rewrites, signerFor, log, nextId, nextOrdinal = () => 1, dropped = () => false }) {
    this.store = store;
    this.keys = keys;
    this.testing = testing;
    this.timeScale = timeScale;
    this.allowRemote = allowRemote;
    this.rewrites = rewrites; // [{ from, to }]
    this.signerFor = signerFor; // (delivery) => { serial, privateKey }
    this.log = log;
    this.nextId = nextId;
    this.nextOrdinal = nextOrdinal; // () => 1, 2, 3…: the notification's number (which key signs it in 'both')
    this.dropped = dropped; // (delivery) => true: this attempt is lost on the way (fault "drop deliveries")
    this.timers = new Map();
    this.inflight = new Set();
    this.closed = false;
  }

  /**
   * Queues one notification. `url` is fixed, or `receiverMchid` names a receiver whose
   * configured URL is read at each attempt. `at`: when the event happens (ms).
   * The record's `notify_url` is the URL as given (or the receiver's, as of the last attempt);
   * its `url` is where the notification is delivered: notify_url after --rewrite-notify and
   * https → http on loopback (null until known: a receiver without a configured URL).
   */
  enqueue({ url = null, receiverMchid = null, eventType, summary, originalType, associatedData, payload, apiV3Key, at = Date.now(), fault = null }) {
    const id = this.nextId('delivery');
    const notificationId = `EV-${crypto.randomUUID().replace(/-/g, '').slice(0, 29).toUpperCase()}`;
    const resource = this.testing.encryptResource({ apiV3Key, plaintext: payload, associatedData });
    const envelope = {
      id: notificationId,
      create_time: rfc3339(at),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: { original_type: originalType, ...resource },
    };
    const d = {
      id,
      notification_id: notificationId,
      event_type: eventType,
      summary,
      url: null,
      notify_url: url,
      receiver_mchid: receiverMchid,
      ordinal: this.nextOrdinal(),
      created_at: new Date().toISOString(),
      state: 'scheduled',
      next_attempt_at: at,
      attempts: [],
      genuine_attempts: 0,
      fault,
      body: JSON.stringify(envelope),
      payload,
    };
    const known = this.resolveUrl(d);
    if (known) {
      const t = this.target(known);
      d.url = t.url ?? known;
    }
    this.store.put('delivery', id, d);
    this.schedule(d);
    return d;
  }

  /** Re-arms every unfinished delivery (after a restart). */
  resume() {
    for (const d of this.store.all('delivery')) {
      if (d.state === 'scheduled' || d.state === 'retrying' || d.state === 'delivering') this.schedule(d);
    }
  }

  schedule(d) {
    if (this.closed) return;
    clearTimeout(this.timers.get(d.id));
    const wait = Math.max(0, d.next_attempt_at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(d.id);
      const p = this.attempt(d.id).catch((err) => this.log(`delivery ${d.id}: ${err.stack || err}`));
      this.inflight.add(p);
      p.finally(() => this.inflight.delete(p));
    }, wait);
    this.timers.set(d.id, timer);
  }

  /** Where a notify URL is actually sent: rewrites first; https on loopback goes over plain http. */
  target(url) {
    let u = url;
    for (const { from, to } of this.rewrites) {
      if (u.startsWith(from)) {
        u = to + u.slice(from.length);
        break;
      }
    }
    let parsed;
    try {
      parsed = new URL(u);
    } catch {
      return { error: `${u} is not a URL` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: `${u} is not http(s)` };
    const loopback = isLoopbackHost(parsed.hostname);
    if (!loopback && !this.allowRemote) return { error: `${parsed.host} is not on loopback; start the emulator with --allow-remote to deliver there` };
    if (parsed.protocol === 'https:' && loopback) parsed.protocol = 'http:';
    return { url: parsed.toString() };
  }

  resolveUrl(d) {
    if (!d.receiver_mchid) return 'notify_url' in d ? d.notify_url : d.url; // (records before notify_url kept the fixed URL in url)
    const cfg = this.store.get('receiverNotify', d.receiver_mchid);
    return cfg ? cfg.url : null;
  }

  async post(url, body, signer, kind, fault) {
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'Mozilla/4.0 (wechatpay-edge emulator)',
      ...signatureHeaders(signer, body, { fault }),
    };
    const started = Date.now();
    const entry = { kind, at: new Date(started).toISOString(), url, status: null, ok: false, serial: signer.serial };
    try {
      const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REPLY_TIMEOUT_MS), redirect: 'manual' });
      entry.status = res.status;
      const text = await res.text().catch(() => '');
      entry.response = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      entry.ok = res.status === 200 || res.status === 204;
    } catch (err) {
      entry.error = err.name === 'TimeoutError' ? `no reply within ${REPLY_TIMEOUT_MS} ms` : String(err.cause?.code || err.message);
    }
    entry.duration_ms = Date.now() - started;
    return entry;
  }

  async attempt(id) {
    const d = this.store.get('delivery', id);
    if (!d || this.closed) return;
    const rawUrl = this.resolveUrl(d);
    if (!rawUrl) {
      d.state = 'skipped';
      d.next_attempt_at = null;
      d.attempts.push({ kind: 'skipped', at: new Date().toISOString(), ok: false, error: `no notify URL configured for receiver ${d.receiver_mchid} (POST /_emulator/receivers/${d.receiver_mchid}/notify-url)` });
      this.store.put('delivery', id, d);
      return;
    }
    const t = this.target(rawUrl);
    d.notify_url = rawUrl;
    d.url = t.url ?? rawUrl;
    if (t.error) {
      d.state = 'failed';
      d.next_attempt_at = null;
      d.attempts.push({ kind: 'refused', at: new Date().toISOString(), url: rawUrl, ok: false, error: t.error });
      this.store.put('delivery', id, d);
      this.log(`delivery ${id}: ${t.error}`);
      return;
    }
    d.state = 'delivering';
    this.store.put('delivery', id, d);
    if (this.dropped(d)) {
      // Lost on the way: nothing reaches the handler; WeChat Pay's schedule goes on as for a failure.
      const n = d.genuine_attempts + 1;
      d.genuine_attempts = n;
      d.attempts.push({ n, kind: 'dropped', at: new Date().toISOString(), url: t.url, status: null, ok: false, error: 'dropped by the emulator (POST /_emulator/drops)' });
      this.log(`delivery ${id} ${d.event_type} attempt ${n} dropped`);
      this.retryOrFail(d, n);
      return;
    }
    const signer = this.signerFor(d);
    const first = d.genuine_attempts === 0;
    const n = d.genuine_attempts + 1;
    // Faults on the first delivery: a probe and/or a stale one first, then duplicates alongside.
    if (first && d.fault) {
      for (const kind of ['probe', 'stale']) {
        if (!d.fault[kind]) continue;
        const e = await this.post(t.url, d.body, signer, kind, kind);
        if (e.ok) e.warning = `the handler accepted a ${kind === 'probe' ? `probe signature (${PROBE_PREFIX})` : `notification signed ${STALE_AGE_SEC} s ago`}: it must verify and answer 4xx/5xx`;
        d.attempts.push({ n, ...e });
        this.log(`delivery ${id} ${d.event_type} ${kind} → ${e.status ?? e.error}`);
      }
    }
    const copies = first && d.fault && d.fault.duplicate > 0 ? d.fault.duplicate : 0;
    const sends = [this.post(t.url, d.body, signer, 'delivery')];
    for (let i = 0; i < copies; i++) sends.push(this.post(t.url, d.body, signer, 'duplicate'));
    const [genuine, ...dups] = await Promise.all(sends);
    d.genuine_attempts = n;
    d.attempts.push({ n, ...genuine }, ...dups.map((e) => ({ n, ...e })));
    this.log(`delivery ${id} ${d.event_type} attempt ${n} → ${genuine.status ?? genuine.error}${copies ? ` (+${copies} duplicates)` : ''}`);
    if (genuine.ok) {
      d.state = 'delivered';
      d.next_attempt_at = null;
      this.store.put('delivery', id, d);
      return;
    }
    this.retryOrFail(d, n);
  }

  /** After failed attempt `n`: the next one on the schedule, or failed after the last. */
  retryOrFail(d, n) {
    if (n <= RETRY_SCHEDULE_SEC.length) {
      d.state = 'retrying';
      d.next_attempt_at = Date.now() + RETRY_SCHEDULE_SEC[n - 1] * 1000 * this.timeScale;
    } else {
      d.state = 'failed';
      d.next_attempt_at = null;
    }
    this.store.put('delivery', d.id, d);
    if (d.state === 'retrying') this.schedule(d);
  }

  /** Stops the timers and waits for attempts under way. */
  async close() {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
  }
}
