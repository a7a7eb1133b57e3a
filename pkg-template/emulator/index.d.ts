// Type definitions for wechatpay-edge/emulator (Node only): a local WeChat Pay for platform
// profit sharing and acquiring-bank Payscore. Never for production.
//
// Control routes (unsigned JSON on the emulator's own URL; GET /_emulator describes it, and lists
// each route in control_routes as { route, does, body, example } with a curl example):
//   GET  /_emulator                                   settings, keys, signing mode, state file, control_routes
//   POST /_emulator/transactions                      seed a payment (SeedTransactionInput) → 201 TransactionView
//   GET  /_emulator/transactions[/{transaction_id}]   ledgers (TransactionView)
//   GET  /_emulator/receivers                         added receivers and receiver notify URLs
//   POST /_emulator/receivers/{mchid}/notify-url      { url, apiV3Key? }: where 分账动账通知 to mchid go
//   GET  /_emulator/deliveries[?state=&event_type=&mchid=]   the delivery log (Delivery[])
//   GET|POST|DELETE /_emulator/faults                 list / queue (FaultInput) / drop faults. Faults are
//                                                     consumed one per notification, in the order queued:
//                                                     each new notification takes the oldest queued
//                                                     notification fault (count N: the next N do), applied
//                                                     to its first delivery; response faults likewise go
//                                                     to the next signed answers, in order
//   GET  /_emulator/payscore                          Payscore orders
//   POST /_emulator/payscore/{out_order_no}/confirm|pay|expire   the user's side of Payscore
//   POST /_emulator/notifications                     deliver a notification of any event type
//                                                     (CustomNotificationInput) → Delivery without its body
//   POST /_emulator/notify-rewrites                   { from, to }: deliver URLs starting with from to to
//                                                     (as notifyRewrites / --rewrite-notify)
//   POST /_emulator/reset                             forget everything (the state file too)
// A malformed %-escape in a path or query parameter is 400 PARAM_ERROR on every route (signed on
// /v3/…); headers over Node's http.maxHeaderSize (16 KiB by default) are 431 PARAM_ERROR with
// WeChat's body, signed per the signing mode.
//
// Signing (EmulatorOptions.signing, --signing): 'public-key' by default, as WeChat Pay signs for
// every merchant since 2024, so a key set holding only the WeChat Pay public key
// (importPlatformPublicKey({ id: testKeys.publicKeyId, pem: testKeys.publicKey })) verifies
// every answer and notification. 'certificate' for merchants on platform certificates, 'both'
// for the migration. GET /v3/certificates answers in every mode.
//
// --state needs SQLite: node:sqlite (Node >= 22.5) or the sql.js package (an optional peer
// dependency: npm install sql.js@1.16.0); with neither, startEmulator rejects with
// code ERR_EMULATOR_NO_SQLITE. The in-memory emulator needs neither.

export interface SplitPolicyOptions {
  /** Cumulative cap in basis points of the splittable amount (3000 = 30 %). Default 3000. */
  maxRatioBp?: number;
  /** Receivers per split request. Default 50. */
  maxReceiversPerRequest?: number;
  /** Split requests per order. Default 50. */
  maxSplitsPerOrder?: number;
}

export interface EmulatorOptions {
  /** Default 0 (any free port); the CLI defaults to 8723. */
  port?: number;
  /** Default 127.0.0.1. Anything but loopback is refused unless `allowRemote`. */
  host?: string;
  /** Allow a non-loopback host, and notify URLs off this machine. */
  allowRemote?: boolean;
  /** Multiplies every delay (retry schedule, processing delay). Default 1; tests use e.g. 0.01. */
  timeScale?: number;
  /** Seconds a split / return stays PROCESSING (before scaling). Default 3. */
  processingDelaySec?: number;
  /**
   * Which key signs answers and notifications. Default 'public-key'.
   *  - 'public-key': WeChat Pay's public key (`PUB_KEY_ID_…`, testKeys.publicKeyId), as for every
   *    merchant since 2024: a key set holding only that public key verifies everything.
   *  - 'certificate': the platform certificate (merchants not yet on the public key).
   *  - 'both': the migration, where WeChat Pay signs with either and the key set must hold both:
   *    an answer is signed with the key the request names in `Wechatpay-Serial` (the two
   *    alternate when it names none); notifications alternate, the 1st, 3rd… with the public key,
   *    the 2nd, 4th… with the certificate (Delivery.ordinal).
   * `GET /v3/certificates` answers in every mode.
   */
  signing?: 'public-key' | 'certificate' | 'both';
  /**
   * SQLite file that keeps the state across restarts; in memory when absent. Needs node:sqlite
   * (Node >= 22.5; 22.5 to 22.12 with --experimental-sqlite) or the sql.js package (an optional
   * peer dependency: `npm install sql.js@1.16.0`); with neither, startEmulator rejects with
   * code `ERR_EMULATOR_NO_SQLITE` and says so. Each
   * change is appended to `${statePath}.jsonl` before the answer is sent (one line per API call,
   * no rewrite of the database); the journal is folded into the SQLite file on start, on
   * close(), after 1 s without changes and once it outgrows the database (temporary file, fsync,
   * rename: never half-written). A kill -9 loses nothing that was answered; a reader of the
   * SQLite file alone sees the state as of the last fold. One emulator per state file.
   */
  statePath?: string;
  /** Merchant API certificate PEM that verifies callers. Default: the package's test merchant. */
  merchantCertificate?: string;
  /** Or just the merchant public key PEM. */
  merchantPublicKey?: string;
  /** Expected `serial_no` (taken from the certificate when one is given). */
  merchantSerialNo?: string;
  /** Expected `mchid` in Authorization (default: the test merchant's, with the test keys). */
  mchid?: string;
  platformCertificate?: string;
  platformPrivateKey?: string;
  /** The WeChat Pay public key's id, `PUB_KEY_ID_…` (default: testKeys.publicKeyId); its key signs per `signing`. */
  publicKeyId?: string;
  publicKeyPrivateKey?: string;
  /** 32 bytes: encrypts notifications and /v3/certificates. Default: the test key. */
  apiV3Key?: string;
  /** Pins the key that signs notifications. Default: per `signing`. */
  notifySerial?: 'certificate' | 'public-key';
  policy?: SplitPolicyOptions;
  /** Service risk limit of the emulated service_id, fen. Default 2 000 000. */
  payscoreRiskLimit?: number;
  /**
   * Notify URLs starting with `from` are delivered to `to` instead (the first matching rule wins;
   * CLI: `--rewrite-notify FROM=TO`, repeatable). `notify_url` must be https (WeChat Pay refuses
   * http), so a local `http://` webhook cannot be put in it: send the https URL your server will
   * have and rewrite it to the local one, e.g. { from: 'https://shop.example.com/', to:
   * 'http://127.0.0.1:3000/' }. An https URL on loopback is delivered over plain http anyway.
   */
  notifyRewrites?: { from: string; to: string }[];
  /** One line per request and delivery attempt. */
  log?: (line: string) => void;
  /** Also serve the API on a second port (`Emulator.backupUrl`): the backup host api2.mch.weixin.qq.com, for failover tests. */
  backup?: boolean;
  /** The backup port (default: any free one). */
  backupPort?: number;
  /** The certificate `rotateCertificate()` switches to. Default: testKeys.platform2Certificate and its key. */
  platform2Certificate?: string;
  platform2PrivateKey?: string;
}

/** A /v3/ request the emulator received (`Emulator.requests`, GET /_emulator/requests). */
export interface EmulatorRequest {
  at: number;
  method: string;
  path: string;
  host: 'main' | 'backup';
  /** 'outage': the host was down (connection reset); 'dropped': a drop fault. */
  outcome: 'answered' | 'dropped' | 'outage';
}

export interface CertificateState {
  /** The serial that signs answers and notifications (signing 'certificate' or 'both'). */
  signing: string;
  /** Certificates a rotation retired: still served by GET /v3/certificates until expireRetiredCertificates(). */
  retired: string[];
  next: string | null;
  signing_mode: 'public-key' | 'certificate' | 'both';
}

export interface DeliveryAttempt {
  /** The genuine attempt number this belongs to (1 = first delivery). */
  n?: number;
  kind: 'delivery' | 'duplicate' | 'probe' | 'stale' | 'skipped' | 'refused';
  at: string;
  url?: string;
  status?: number | null;
  ok: boolean;
  error?: string;
  response?: string;
  duration_ms?: number;
  serial?: string;
  /** Set when the handler accepted a probe or stale notification. */
  warning?: string;
}

export interface Delivery {
  id: string;
  notification_id: string;
  event_type: string;
  summary: string;
  /** Where the notification is delivered: notify_url after the rewrites (https → http on loopback); null while unknown (a receiver without a notify URL). */
  url: string | null;
  /** The notify URL as given: the request's notify_url, or the receiver's configured URL (as of the last attempt). */
  notify_url: string | null;
  receiver_mchid: string | null;
  /** The notification's number (1, 2, …); with signing 'both', odd ones are signed with the public key, even ones with the certificate. */
  ordinal?: number;
  created_at: string;
  state: 'scheduled' | 'delivering' | 'retrying' | 'delivered' | 'failed' | 'skipped';
  next_attempt_at: string | null;
  attempts: DeliveryAttempt[];
  genuine_attempts: number;
  fault: { duplicate: number; probe: boolean; stale: boolean } | null;
  /** The decrypted resource. */
  payload: unknown;
}

export interface SeedTransactionInput {
  transaction_id?: string;
  sub_mchid: string;
  /** Fen. */
  amount: number;
  /** Fee in fen, or `feeRatePpm` (6000 = 0.6 %). */
  fee?: number;
  feeRatePpm?: number;
  /** Default true. */
  profit_sharing?: boolean;
  /**
   * When it was paid (ISO 8601; default now). Funds not split within 180 days of payment
   * (scaled by `timeScale`) are unfrozen to the sub-merchant automatically (seed 002).
   */
  paid_at?: string;
}

export interface TransactionView {
  transaction_id: string;
  sub_mchid: string;
  amount: number;
  fee: number | null;
  profit_sharing: boolean;
  splittable: number;
  cap: number | null;
  unsplit_amount: number;
  split_total: number;
  returned_total: number;
  unfrozen: number;
  finished: boolean;
  split_count: number;
  receivers: { type: string; account: string; received: number; returned: number; net: number }[];
  /** When it was paid (`paid_at`). */
  created_at: string;
  /** Set once the 180-day freeze ran out and the remainder was unfrozen to the sub-merchant. */
  auto_unfrozen_at?: string;
  auto_unfrozen_amount?: number;
}

/**
 * Body of `POST /_emulator/faults`. Faults are consumed one per notification, in the order
 * queued: each new notification takes the oldest queued notification fault (`count` N: the next
 * N notifications take it) and it applies to that notification's first delivery: a probe and/or
 * stale copy first, then the genuine delivery plus `duplicate` copies; retries are clean.
 * Response faults (`target: 'response'`, implied by `error`) go to the next signed API answers,
 * one per answer, in the order queued.
 */
export interface FaultInput {
  /** Deliver the next notification this many extra times (same id and body). */
  duplicate?: number;
  /** Send a probe signature (one that starts with `PROBE_PREFIX` from wechatpay-edge/constants) first (notification) or on the next response. */
  probe?: boolean;
  /** Sign with a timestamp twice `DEFAULT_TOLERANCE_SEC` (wechatpay-edge/constants) old first (notification) or on the next response. */
  stale?: boolean;
  /** Answer the next API call with this error (target response). */
  error?: { status: number; code: string; message?: string };
  /** Reset the connection instead of answering (target response). */
  drop?: boolean;
  /** Answer this many ms late (1..120000; target response): longer than a client's timeout, the attempt is lost. */
  delayMs?: number;
  /** 'before': the fault strikes before the operation runs (nothing happened; the default for `error`); 'after': the operation ran and only its answer is lost, late or replaced (the default for `drop` and `delayMs`). */
  phase?: 'before' | 'after';
  /** Only API calls whose path starts with this (e.g. '/v3/ecommerce/profitsharing/orders') take the fault. */
  path?: string;
  /** Default 'notification' ('response' with `error`, `drop` or `delayMs`). */
  target?: 'notification' | 'response';
  /** How many notifications / responses the fault applies to. Default 1. */
  count?: number;
}

/** Body of `POST /_emulator/notifications`: one notification of any event type, signed, encrypted and retried like the others. */
export interface CustomNotificationInput {
  /** 1..64 characters, e.g. an unknown `PROFITSHARING.*` type or `TRANSACTION.SUCCESS`. */
  event_type: string;
  /** The resource plaintext: an object (sent as JSON) or a string sent verbatim. */
  payload: unknown;
  summary?: string;
  /** `resource.original_type`. Default 'profitsharing'. */
  original_type?: string;
  /** `resource.associated_data`. Default: original_type. */
  associated_data?: string;
  /** Exactly one of `url` and `receiver_mchid` (delivered to the URL set with POST /_emulator/receivers/{mchid}/notify-url, encrypted with its APIv3 key). */
  url?: string;
  receiver_mchid?: string;
}

export interface Emulator {
  /** e.g. `http://127.0.0.1:8723`: the `baseUrl` for `prepare()`. */
  readonly url: string;
  /** The backup host's URL with `backup: true`, else null. */
  readonly backupUrl: string | null;
  readonly host: string;
  readonly port: number;
  readonly timeScale: number;
  readonly policy: Required<SplitPolicyOptions>;
  readonly statePath: string | null;
  /** The SQLite behind statePath: 'node:sqlite' or 'sql.js'; null in memory. */
  readonly stateBackend: 'node:sqlite' | 'sql.js' | null;
  readonly signing: 'public-key' | 'certificate' | 'both';
  readonly keys: {
    mchid: string | null;
    merchantSerialNo: string | null;
    platformSerial: string;
    platformCertificate: string;
    publicKeyId: string;
    publicKey: string;
    apiV3Key: string;
    /** The serial (or PUB_KEY_ID_…) that signs notifications; with signing 'both', the first of notifySerials. */
    notifySerial: string;
    /** Every key that signs notifications: one, or [publicKeyId, platformSerial] alternately with signing 'both'. */
    notifySerials: string[];
  };
  /** The key-set snippet the CLI prints at start: an ES module fragment with baseUrl, merchant, keys, apiV3Key. */
  snippet(): string;
  info(): Record<string, unknown>;
  deliveries(filter?: { state?: string; event_type?: string; mchid?: string }): Delivery[];
  seedTransaction(input: SeedTransactionInput): TransactionView;
  setReceiverNotifyUrl(mchid: string, url: string, apiV3Key?: string): { mchid: string; url: string };
  injectFault(input: FaultInput): unknown;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** A new platform certificate starts signing; the old one is still served until expireRetiredCertificates(). */
  rotateCertificate(): CertificateState;
  /** The retired certificates expire: GET /v3/certificates serves the signing one only. */
  expireRetiredCertificates(): CertificateState;
  certificates(): CertificateState;
  /** Takes hosts down: their /v3/ requests get the connection reset (control routes keep working). */
  setOutage(input: { main?: boolean; backup?: boolean }): { main: boolean; backup: boolean };
  /** The /v3/ requests received, oldest first (the last 10000). */
  requests(filter?: { path?: string; host?: 'main' | 'backup' }): EmulatorRequest[];
  /** Fault "drop deliveries": every delivery attempt of notifications about this order (payload `out_order_no`) is lost until restoreDeliveries; the retry schedule goes on. */
  dropDeliveries(outOrderNo: string): { out_order_no: string; since: string };
  /** Deliver notifications about this order again, from the next scheduled retry. */
  restoreDeliveries(outOrderNo: string): { out_order_no: string; dropped: false; was_dropped: boolean };
  payscore: {
    /** The user confirms: CREATED → DOING/USER_CONFIRM, PAYSCORE.USER_CONFIRM to notify_url. */
    confirm(outOrderNo: string, input?: { openid?: string }): { query_id: string; order: Record<string, unknown> };
    /** The user pays (all or `amount`): → DONE/USER_PAID when nothing is left, PAYSCORE.USER_PAID each time. */
    pay(outOrderNo: string, input?: { amount?: number; transaction_id?: string }): { transaction_id?: string; order: Record<string, unknown> };
    /** CREATED → EXPIRED. */
    expire(outOrderNo: string): { order: Record<string, unknown> };
    /** The user authorizes a pre-authorization (`payScore.applyPermissions`): → AVAILABLE, PAYSCORE.USER_OPEN_SERVICE to its notify_url. */
    authorize(authorizationCode: string, input?: { openid?: string }): { permission: Record<string, unknown> };
    /** The user ends the authorization in WeChat: AVAILABLE → UNAVAILABLE, PAYSCORE.USER_CLOSE_SERVICE to its notify_url. */
    revoke(authorizationCode: string): { permission: Record<string, unknown> };
  };
  /** Resolves with the delivery log once no delivery is scheduled or retrying. */
  settle(timeoutMs?: number): Promise<Delivery[]>;
  /** Stops timers and the server, writes the state file. */
  close(): Promise<void>;
}

export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>;

export declare const DEFAULTS: {
  readonly port: number;
  readonly host: string;
  readonly signing: 'public-key';
  readonly timeScale: number;
  readonly processingDelaySec: number;
  readonly policy: Required<SplitPolicyOptions>;
  readonly payscoreRiskLimit: number;
};

/** Seconds between notification attempts: 15 retries after the first, 24 h 4 min in all. */
export declare const RETRY_SCHEDULE_SEC: readonly number[];

/** Ledger violation code → the WeChat error the emulator answers with. */
export declare const SPLIT_ERRORS: Readonly<Record<string, { status: number; code: string; message: string }>>;

export declare function isLoopbackHost(host: string): boolean;

export declare const SIGNING_MODES: readonly ['public-key', 'certificate', 'both'];

/** Each control route's description, JSON body shape and curl example (`$URL` = the emulator's URL), as GET /_emulator lists them. */
export declare const CONTROL_ROUTES: Readonly<Record<string, { does: string; body: string | null; example: string }>>;
