// Type definitions for wechatpay-edge (one file for every runtime entry). The builder inputs, the
// parsed answers, the notification payloads, the split results, the bill rows and their
// reconciliation, the findings (Issue/Violation), Verified, AuthorizationParts and the constants
// are generated from the Rust core into generated/*.d.ts and re-exported here; the rest
// (functions, host values, and the shapes the JS layer builds or reshapes) is kept here.
//
// No Node types and no DOM-only types: inputs such as headers and bodies are typed
// structurally, so the same declarations work under Node, Workers and browsers,
// with or without `lib: ["dom"]` or `@types/node`.
//
// Field names of request inputs and API payloads are WeChat Pay's own snake_case
// names (pass the documented JSON); the package's own shapes (split arithmetic,
// notifications' envelope, results) are camelCase.

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

// The error codes are generated from the core (src/error.rs `Error::code`): generated/constants.d.ts.
import type { ErrorCode } from './generated/constants.js';

/** The stable error codes: part of the package's contract (`ERROR_CODES` in `wechatpay-edge/constants` lists them). */
export type WxPayErrorCode = ErrorCode;

// The one finding type (src/error.rs `Issue`; split results call it `Violation`) is generated:
// generated/results.d.ts.
import type { Issue } from './generated/results.js';
export type { Issue } from './generated/results.js';

/** Structured details; which members are present depends on the code. */
export interface WxPayErrorDetails {
  /** HEADER_MISSING / HEADER_INVALID: the header's canonical name. */
  header?: string;
  /** TIMESTAMP_OUT_OF_TOLERANCE. */
  side?: 'past' | 'future';
  skewSec?: number;
  toleranceSec?: number;
  /** SIGNATURE_TYPE_UNSUPPORTED. */
  signatureType?: string;
  /** SERIAL_UNKNOWN. */
  serial?: string;
  /** SIGNATURE_INVALID. */
  probe?: boolean;
  /** APIV3_KEY_INVALID: byte length of the key given. */
  length?: number;
  /** VALIDATION. */
  issues?: Issue[];
  /** API: HTTP status, and WeChat Pay's `code`, `message`, raw `detail` JSON and Request-ID. */
  status?: number;
  code?: string | null;
  message?: string | null;
  detail?: string | null;
  requestId?: string | null;
  /** API: whether the same request (same body and out_* numbers, re-signed) may succeed if sent again. */
  retryable?: boolean;
  /**
   * INTERNAL: true when the WebAssembly instance trapped (an allocation the host refused, a stack
   * overflow). It was replaced: the next call runs on a fresh instance, keys are re-imported.
   */
  trap?: boolean;
  /** BILL_INVALID: the 1-based line of the bill at fault (null for the file as a whole: gzip, size, cut short). */
  line?: number | null;
  /** BILL_HASH_MISMATCH: the bill API's hash_value and the digest of what was downloaded (lower-case hex). */
  expected?: string;
  actual?: string;
  /** KEY_INVALID: true when the key or key set was freed (`free()` or the end of a `using` block). */
  freed?: boolean;
  /** API (from a client call) and NETWORK: how many attempts the client made. */
  attempts?: number;
  /** NETWORK: time from the first attempt to giving up, in ms. */
  elapsedMs?: number;
  /** NETWORK: true when the last attempt hit the client's timeout, false when the connection failed. */
  timedOut?: boolean;
  [key: string]: unknown;
}

/** Every error the package throws. Branch on `code`, never on `message`. */
export declare class WxPayError extends Error {
  constructor(code: WxPayErrorCode, message: string, details?: WxPayErrorDetails);
  name: 'WxPayError';
  readonly code: WxPayErrorCode;
  readonly details: WxPayErrorDetails;
  /** ERR_WXPAY_VALIDATION: every issue found, with paths. */
  readonly issues?: Issue[];
  /** ERR_WXPAY_SIGNATURE_INVALID: true for WeChat Pay's probe signatures (they start with `PROBE_PREFIX`, wechatpay-edge/constants). */
  readonly probe?: boolean;
  /** ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE: which side of the window the timestamp fell on. */
  readonly side?: 'past' | 'future';
  /** ERR_WXPAY_API: the HTTP status. */
  readonly status?: number;
  /** ERR_WXPAY_API: WeChat Pay's error `code` (e.g. `PARAM_ERROR`). */
  readonly apiCode?: string;
  /** ERR_WXPAY_API: WeChat Pay's error `message`. */
  readonly apiMessage?: string;
  /** ERR_WXPAY_API: the `detail` member as raw JSON text. */
  readonly detail?: string;
  /** ERR_WXPAY_API: the `Request-ID` header, for WeChat Pay support. */
  readonly requestId?: string;
  /**
   * ERR_WXPAY_API: true for 429, 5xx, `SYSTEM_ERROR` and `FREQUENCY_LIMITED`. Retry with the same
   * body and the same `out_order_no`/`out_return_no` (re-signed); never with a new number.
   */
  readonly retryable?: boolean;
  /** ERR_WXPAY_API from a client call: how many attempts were made (the last one answered this). */
  readonly attempts?: number;
}

// ---------------------------------------------------------------------------
// Host values
// ---------------------------------------------------------------------------

/** A fetch `Headers` object (structurally: `forEach` and `get`). */
export interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
  get(name: string): string | null;
}

/**
 * Headers as received: a fetch `Headers`, a plain object (Node's `req.headers`
 * included) or `[name, value]` pairs. Names are matched case-insensitively;
 * a repeated `Wechatpay-*` header is refused.
 */
export type HeadersInput =
  | HeadersLike
  | { readonly [name: string]: string | readonly string[] | undefined }
  | ReadonlyArray<readonly [string, string]>;

/** The raw body exactly as received (never parsed JSON). Node's Buffer is a Uint8Array. */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** The 32-byte APIv3 key (商户平台 → 账户中心 → API安全). */
export type ApiV3Key = string | Uint8Array;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `WebAssembly.Module` where the host's type libraries declare it (lib.dom or @types/node). */
type WasmModuleType = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any[]) => infer M } } ? M : never;

/** What `init()` accepts: a URL (string or URL), a fetch Response, the `.wasm` bytes or a compiled module. */
export type InitInput =
  | string
  | { readonly href: string }
  | { arrayBuffer(): Promise<ArrayBuffer> }
  | ArrayBuffer
  | ArrayBufferView
  | WasmModuleType;

// ---------------------------------------------------------------------------
// Runtime
// ---------------------------------------------------------------------------

/** Which entry was resolved: `node`, `workerd` or `browser` (also the default condition). */
export declare const runtime: 'node' | 'workerd' | 'browser';

/**
 * Loads the wasm module. Required once, before anything else, in browsers (the
 * `browser`/default entry); a no-op on Node and Workers. Without `input` the
 * packaged `wechatpay_edge_bg.wasm` is fetched next to the module.
 */
export declare function init(input?: InitInput | Promise<InitInput>): Promise<void>;

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

// `Symbol.dispose` for `using` declarations, declared here too so that these types compile with
// any `lib` (the same declaration as TypeScript's lib.esnext.disposable, which it merges with).
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

// Explicit freeing, for keys and key sets: their WebAssembly memory is otherwise released only
// when the garbage collector runs finalizers, which Cloudflare Workers (workerd) never does. A
// Worker that imports a key per request must free it (`key.free()` or `using key = …`); keys
// imported once per isolate need nothing. After `free()`, using the object throws
// `ERR_WXPAY_KEY_INVALID` with `details.freed: true`; a second `free()` does nothing.

/** The merchant's API private key, imported once (`importMerchantKey`). Opaque. */
export declare class MerchantKey {
  private constructor();
  private readonly __brand: 'MerchantKey';
  readonly mchid: string;
  /** The merchant API certificate serial, upper-case hex. */
  readonly serialNo: string;
  /** Only the public identifiers; the key itself is never serialised. */
  toJSON(): { mchid: string; serialNo: string };
  /** Releases the key's WebAssembly memory (and its node:crypto / WebCrypto copies) now. Idempotent. */
  free(): void;
  /** `free()`, for `using` declarations. */
  [Symbol.dispose](): void;
}

/** A WeChat Pay platform key: a platform certificate or the WeChat Pay public key (`PUB_KEY_ID_…`). Opaque. */
export declare class PlatformKey {
  private constructor();
  private readonly __brand: 'PlatformKey';
  /** Certificate serial (upper-case hex) or the public key id `PUB_KEY_ID_…`: what `Wechatpay-Serial` names. */
  readonly serial: string;
  readonly kind: 'certificate' | 'publicKey';
  /** Certificates only: validity start, Unix seconds. */
  readonly notBefore?: number;
  /** Certificates only: validity end, Unix seconds. */
  readonly notAfter?: number;
  /**
   * Whether the key may no longer verify at `now` (whole Unix seconds; the clock when omitted): a
   * certificate whose `notAfter` has passed. A WeChat Pay public key has no end date and never expires.
   * The client leaves expired certificates out of what it downloads.
   */
  expiredAt(now?: number): boolean;
  /**
   * Releases the key's WebAssembly memory now. Idempotent. Key sets made from it hold their own
   * copies and keep verifying; their `get()` and `encryptSensitive(set)` hand out this key, which then throws.
   */
  free(): void;
  /** `free()`, for `using` declarations. */
  [Symbol.dispose](): void;
}

/** Every key WeChat Pay may sign with, looked up by `Wechatpay-Serial`. Opaque. */
export declare class PlatformKeySet {
  private constructor();
  private readonly __brand: 'PlatformKeySet';
  readonly serials: readonly string[];
  /** The key with this serial (case-insensitive), if the set holds it. */
  get(serial: string): PlatformKey | undefined;
  /** Releases the set's WebAssembly memory now; the keys it was made from are the caller's and stay usable. Idempotent. */
  free(): void;
  /** `free()`, for `using` declarations. */
  [Symbol.dispose](): void;
}

/** What verification functions accept as keys. */
export type PlatformKeys = PlatformKeySet | PlatformKey | readonly PlatformKey[];

export interface MerchantKeyInput {
  mchid: string;
  /** Serial of the merchant API certificate (not a platform serial). */
  serialNo: string;
  /** PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM. */
  privateKey: string;
}

export declare function importMerchantKey(input: MerchantKeyInput): MerchantKey;

/** The WeChat Pay public key (public-key mode): its id `PUB_KEY_ID_…` and SPKI PEM. */
export declare function importPlatformPublicKey(input: { id: string; pem: string }): PlatformKey;

/** A platform certificate PEM; the serial is read from the certificate. */
export declare function importPlatformCertificate(pem: string): PlatformKey;

/**
 * A key set. Give `merchantSerialNo` so that the merchant's own serial is refused
 * (a classic mix-up that otherwise surfaces as "signature invalid").
 */
export declare function createPlatformKeySet(keys: Iterable<PlatformKey>, options?: { merchantSerialNo?: string }): PlatformKeySet;

/**
 * Decrypts and imports the certificates of a `GET /v3/certificates` response body. The first
 * download needs no key yet: decrypting with your APIv3 key (which only WeChat Pay and you hold)
 * proves where the certificates came from; then verify the answer with them:
 * `verifyResponse({ status, headers, body, keys: createPlatformKeySet(loadCertificates(body, apiV3Key)) })`.
 */
export declare function loadCertificates(responseBody: RawBody, apiV3Key: ApiV3Key): PlatformKey[];

/**
 * `GET /v3/certificates` (for `prepare`). `algorithm_type` may be `'RSA'` (the default); this
 * package verifies RSA signatures only. Merchants on the WeChat Pay public key (`PUB_KEY_ID_…`)
 * do not need certificates at all.
 */
export declare function downloadCertificates(input?: { algorithm_type?: 'RSA'; extra?: ExtraFields }): RequestSpec;

// ---------------------------------------------------------------------------
// Signing requests
// ---------------------------------------------------------------------------

export interface SigningMessageInput {
  method: HttpMethod | Lowercase<HttpMethod>;
  /** `https://host/path?query` or `/path?query`, exactly as sent. */
  url: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  /** The exact JSON text sent; empty for GET. */
  body?: string;
}

/** `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`. */
export declare function buildSigningMessage(input: SigningMessageInput): string;

export interface AuthorizationInput {
  mchid: string;
  serialNo: string;
  timestamp: number;
  nonce: string;
  /** Base64 SHA256withRSA signature (e.g. from a KMS). */
  signature: string;
}

/** `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`. */
export declare function formatAuthorization(input: AuthorizationInput): string;

// Generated from src/sign/authorization.rs (generated/results.d.ts).
import type { AuthorizationParts } from './generated/results.js';
export type { AuthorizationParts } from './generated/results.js';

export declare function parseAuthorization(header: string): AuthorizationParts;

export interface SignRequestInput {
  method: HttpMethod | Lowercase<HttpMethod>;
  url: string;
  /** The exact JSON text you send (a string, never an object). */
  body?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Default: 32 random characters of [0-9A-Za-z]. */
  nonce?: string;
}

export interface SignedRequest {
  /** The `Authorization` header value. */
  authorization: string;
  timestamp: number;
  nonce: string;
  /** The exact message that was signed. */
  message: string;
}

/** Signs with the fastest synchronous backend (node:crypto on Node, wasm elsewhere). */
export declare function signRequest(key: MerchantKey, request: SignRequestInput): SignedRequest;

/** Signs with WebCrypto where present (Workers, browsers, Node), wasm otherwise; same bytes. */
export declare function signRequestAsync(key: MerchantKey, request: SignRequestInput): Promise<SignedRequest>;

// ---------------------------------------------------------------------------
// Sensitive fields (RSA-OAEP-SHA1)
// ---------------------------------------------------------------------------

export interface EncryptedField {
  /** Base64 ciphertext. */
  ciphertext: string;
  /** Send as `Wechatpay-Serial`. */
  serial: string;
}

/** Encrypts with a platform key, or with a key set's encryption key (public key first, else the newest certificate). */
export declare function encryptSensitive(plaintext: string, key: PlatformKey | PlatformKeySet): EncryptedField;

/**
 * encryptSensitive with WebCrypto's RSA-OAEP (SHA-1) where present, the wasm encryptor
 * otherwise: the core checks the plaintext against the key first (same errors); the
 * ciphertext is randomised either way and decrypts to the same plaintext.
 */
export declare function encryptSensitiveAsync(plaintext: string, key: PlatformKey | PlatformKeySet): Promise<EncryptedField>;

/** Decrypts a field WeChat Pay encrypted with the merchant's public key. */
export declare function decryptSensitive(ciphertext: string, key: MerchantKey): string;

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

// What a successful verification vouches for: generated from src/verify/signature.rs (generated/results.d.ts).
import type { Verified } from './generated/results.js';
export type { Verified } from './generated/results.js';

export interface VerifyInput {
  headers: HeadersInput;
  body: RawBody;
  keys: PlatformKeys;
  /** Unix seconds; default now. */
  now?: number;
  /** Two-sided window in whole seconds (1..86400); default 300. */
  toleranceSec?: number;
}

export interface VerifyResponseInput extends VerifyInput {
  /** The HTTP status: non-2xx throws ERR_WXPAY_API, an unsigned 2xx is refused. */
  status: number;
}

export interface VerifiedResponse {
  status: number;
  requestId: string | null;
  verified: Verified;
}

export declare function verifyResponse(input: VerifyResponseInput): VerifiedResponse;

/** verifyResponse with the RSA check in WebCrypto where present (the core runs every other rule); same results and errors. */
export declare function verifyResponseAsync(input: VerifyResponseInput): Promise<VerifiedResponse>;

/** Checks a notification's headers and signature; a body over 256 KB is refused first (ERR_WXPAY_PAYLOAD_INVALID). */
export declare function verifyNotification(input: VerifyInput): Verified;

/** verifyNotification with the RSA check in WebCrypto where present (the core runs every other rule); same results and errors. */
export declare function verifyNotificationAsync(input: VerifyInput): Promise<Verified>;

/**
 * Checks a base64 SHA256withRSA signature over raw bytes with one platform key
 * (debugging, emulators). `false` when it does not verify or is not base64.
 */
export declare function verifySignature(platformKey: PlatformKey, message: RawBody, signature: string): boolean;

/** SubjectPublicKeyInfo DER of a platform key, e.g. for WebCrypto `importKey('spki', …)`. */
export declare function exportSpki(platformKey: PlatformKey): Uint8Array;

/** An encrypted `resource` as WeChat Pay sends it. */
export interface EncryptedResource {
  /** `AEAD_AES_256_GCM`. */
  algorithm: string;
  /** Base64 of ciphertext‖16-byte tag. */
  ciphertext: string;
  associated_data?: string | null;
  /** 12 characters, used as raw bytes. */
  nonce: string;
  original_type?: string | null;
}

/** AES-256-GCM decryption of a resource to its UTF-8 plaintext. */
export declare function decryptResource(input: { apiV3Key: ApiV3Key; resource: EncryptedResource }): string;

/** decryptResource with AES-256-GCM in WebCrypto where present (the core checks the resource and the text); same results and errors. */
export declare function decryptResourceAsync(input: { apiV3Key: ApiV3Key; resource: EncryptedResource }): Promise<string>;

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

/** Keeps autocomplete for known values while accepting new ones. */
type Open<T extends string> = T | (string & {});

// Generated from `ReceiverType::KNOWN` (src/api/profitsharing/types.rs): generated/inputs.d.ts.
import type { ProfitSharingReceiverType } from './generated/inputs.js';
export type { ProfitSharingReceiverType } from './generated/inputs.js';

// The answers of the response parsers and the notification payloads are generated from the Rust
// types serde_json serialises (their `///` docs included): generated/results.d.ts.
import type { ReceiverEcho, FundsAbnormalReceiver, OrderReceiver, OrderResult, ReturnOrderResult, FinishOrderResult, AmountsResult, AfterSalesOrderResult, ProfitSharingBillResult, NotifiedReceiver, ProfitSharingNotificationData } from './generated/results.js';
export type { ReceiverEcho, FundsAbnormalReceiver, OrderReceiver, OrderResult, ReturnOrderResult, FinishOrderResult, AmountsResult, AfterSalesOrderResult, ProfitSharingBillResult, NotifiedReceiver, ProfitSharingNotificationData } from './generated/results.js';
import type { PayscoreOrderState, PayscoreStateDescription, PayscoreCollectionState, PayscoreAuthorizationState, PayscoreOperation, PayscoreOrderPayment, PayscoreOrderDiscount, PayscoreOrderRiskFund, PayscoreOrderTimeRange, PayscoreOrderLocation, PayscoreGoodsDetail, PayscorePromotionDetail, PayscoreCollectionDetail, PayscoreCollection, PayscoreServiceOrder, PayscoreDeductInfo, PayscoreDeductionInfo, PayscoreAck, PayscorePrepayRequestBody, PayscoreMchPrepayNotice, PayscoreApplyPermissionsResult, PayscorePermissionRecord, PayscorePermissionNotice, PayscoreOrderGoods, PayscoreOrderShoppingInfo, PayscorePayOnDeliveryOrder, AllowedOperations } from './generated/results.js';
export type { PayscoreOrderState, PayscoreStateDescription, PayscoreCollectionState, PayscoreAuthorizationState, PayscoreOperation, PayscoreOrderPayment, PayscoreOrderDiscount, PayscoreOrderRiskFund, PayscoreOrderTimeRange, PayscoreOrderLocation, PayscoreGoodsDetail, PayscorePromotionDetail, PayscoreCollectionDetail, PayscoreCollection, PayscoreServiceOrder, PayscoreDeductInfo, PayscoreDeductionInfo, PayscoreAck, PayscorePrepayRequestBody, PayscoreMchPrepayNotice, PayscoreApplyPermissionsResult, PayscorePermissionRecord, PayscorePermissionNotice, PayscoreOrderGoods, PayscoreOrderShoppingInfo, PayscorePayOnDeliveryOrder, AllowedOperations } from './generated/results.js';

export interface PayscoreNotificationData<E extends string, P> {
  event_type: E;
  payload: P;
}

interface NotificationOf<K extends string, D, Key extends string = string> {
  id: string;
  createTime: string | null;
  eventType: string;
  kind: K;
  summary: string | null;
  data: D;
  verified: Verified;
  /** Stable across redeliveries of the same business event. */
  idempotencyKey: Key;
}

/**
 * 分账 / 分账回退. `event_type` `PROFITSHARING[.SUCCESS]` / `PROFITSHARING.RETURN` (any case, `_` or `.`),
 * or `TRANSACTION.SUCCESS` (v2-started splits) when `resource.original_type` is `profitsharing`
 * (or, without `original_type`, when `summary` says 分账); `summary` then tells split from return.
 */
export type SplitNotification = NotificationOf<'split', ProfitSharingNotificationData>;
export type ReturnNotification = NotificationOf<'return', ProfitSharingNotificationData>;
export type PayscoreUserConfirmNotification = NotificationOf<'payscoreUserConfirm', PayscoreNotificationData<'PAYSCORE.USER_CONFIRM', PayscoreServiceOrder>>;
export type PayscoreUserPaidNotification = NotificationOf<'payscoreUserPaid', PayscoreNotificationData<'PAYSCORE.USER_PAID', PayscoreServiceOrder>>;
export type PayscoreMchPrepayNotification = NotificationOf<'payscoreMchPrepay', PayscoreNotificationData<'PAYSCORE.MCH_PREPAY', PayscoreMchPrepayNotice>>;
/**
 * 支付分授权成功 / 解除授权成功 (acquiring-bank pre-authorization). Key:
 * `sub_mchid|authorization_code|event_type|openorclose_time` (percent-encoded), or `event:{id}`
 * when the payload carries no `authorization_code`.
 */
export type PayscoreUserOpenServiceNotification = NotificationOf<'payscoreUserOpenService', PayscoreNotificationData<'PAYSCORE.USER_OPEN_SERVICE', PayscorePermissionNotice>>;
export type PayscoreUserCloseServiceNotification = NotificationOf<'payscoreUserCloseService', PayscoreNotificationData<'PAYSCORE.USER_CLOSE_SERVICE', PayscorePermissionNotice>>;
/**
 * Any other authentic event: the decrypted JSON as is, to store and ack; the key is `event:{id}`
 * (the envelope id, which WeChat Pay keeps on every redelivery). Besides other products' events,
 * this is what an event this version cannot type with certainty becomes, rather than an error that
 * WeChat Pay would retry for 24 h: an unknown `PROFITSHARING.*` type, a `summary` that contradicts
 * the `event_type` (分账 vs 分账回退), or `TRANSACTION.SUCCESS` whose `original_type` is not
 * `profitsharing` or whose `summary` tells neither split nor return. Only unauthentic (signature,
 * serial, timestamp) or undecryptable notifications throw.
 */
export type OtherNotification = NotificationOf<'other', unknown, `event:${string}`>;

/** A verified, decrypted notification; narrow on `kind`. */
export type Notification =
  | SplitNotification
  | ReturnNotification
  | PayscoreUserConfirmNotification
  | PayscoreUserPaidNotification
  | PayscoreMchPrepayNotification
  | PayscoreUserOpenServiceNotification
  | PayscoreUserCloseServiceNotification
  | OtherNotification;

export type NotificationKind = Notification['kind'];

export interface ParseNotificationInput extends VerifyInput {
  apiV3Key: ApiV3Key;
}

/**
 * Verifies over the raw bytes, then decrypts, then types the payload. A body over 256 KB is
 * refused first (ERR_WXPAY_PAYLOAD_INVALID), before it is hashed or copied anywhere.
 */
export declare function parseNotification(input: ParseNotificationInput): Notification;

/**
 * parseNotification for Workers and browsers: the core runs every rule and types the payload,
 * WebCrypto runs the RSA verification and the AES-256-GCM decryption (CryptoKeys imported once
 * per key handle). Without WebCrypto, the wasm path. Same results and errors as the sync form;
 * on Node the sync form (node:crypto) is the faster one.
 */
export declare function parseNotificationAsync(input: ParseNotificationInput): Promise<Notification>;

/** What to answer WeChat Pay. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** 200 `{"code":"SUCCESS","message":"成功"}`: only after your processing committed. */
export declare function ack(): Reply;

/** A 4xx/5xx `{"code":"FAIL","message":…}` (default 500 `处理失败`); WeChat Pay retries. */
export declare function nack(message?: string, status?: number): Reply;

// ---------------------------------------------------------------------------
// Requests: specs and prepare
// ---------------------------------------------------------------------------

/** One call, exactly as it goes on the wire and into the signature. */
export interface RequestSpec {
  method: HttpMethod;
  /** Path plus canonical `?query`. */
  pathAndQuery: string;
  /** Extra headers, e.g. `Wechatpay-Serial` when a field was encrypted. */
  headers: [string, string][];
  /** The exact JSON body; `null` (or absent) for GET. */
  body?: string | null;
}

export interface PrepareOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  nonce?: string;
  /** `https://host` (default `https://api.mch.weixin.qq.com`); `http://` only for loopback emulators. */
  baseUrl?: string;
}

/** Ready for `fetch(p.url, p)`. */
export interface PreparedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export declare function prepare(key: MerchantKey, spec: RequestSpec, options?: PrepareOptions): PreparedRequest;

export declare function prepareAsync(key: MerchantKey, spec: RequestSpec, options?: PrepareOptions): Promise<PreparedRequest>;

// ---------------------------------------------------------------------------
// Profit sharing (平台收付通, /v3/ecommerce/profitsharing/*)
// ---------------------------------------------------------------------------

// The builder inputs and SplitPolicy are generated from the Rust input structs (their `///` docs
// included): generated/inputs.d.ts, by `cargo run --example gen-contracts`.
import type { AddReceiverInput, DeleteReceiverInput, CreateOrderReceiverInput, CreateOrderInput, QueryOrderInput, CreateReturnOrderInput, QueryReturnOrderInput, FinishOrderInput, QueryAmountsInput, CreateAfterSalesOrderInput, QueryAfterSalesOrderInput, AfterSalesType, AfterSalesScene, RelationType, SplitPolicy } from './generated/inputs.js';
export type { AddReceiverInput, DeleteReceiverInput, CreateOrderReceiverInput, CreateOrderInput, QueryOrderInput, CreateReturnOrderInput, QueryReturnOrderInput, FinishOrderInput, QueryAmountsInput, CreateAfterSalesOrderInput, QueryAfterSalesOrderInput, AfterSalesType, AfterSalesScene, RelationType, SplitPolicy } from './generated/inputs.js';

/** A platform key (or key set) to encrypt personal names with; its serial becomes `Wechatpay-Serial`. */
export interface EncryptorOptions {
  platformKey?: PlatformKey | PlatformKeySet;
  keys?: PlatformKey | PlatformKeySet;
}

/**
 * Request fields WeChat Pay added after this version: merged into the body (POST) or appended
 * to the query (GET, scalars only) after the documented fields. A key the builder knows is
 * refused (`extra.<key>: shadows_known_field`); a misspelt top-level key stays an error.
 */
export type ExtraFields = Record<string, unknown>;

export interface AddReceiverOptions extends EncryptorOptions {
  /**
   * Legacy (2020 page): send a PERSONAL_OPENID name RSA-encrypted in `encrypted_name` with
   * `Wechatpay-Serial` (needs `keys`). The current page (doc/v3/partner/4012477758, 2025.09.29)
   * sends the name plain in `name`, which is the default.
   */
  legacyEncryptedName?: boolean;
}

export interface ProfitSharingResults {
  addReceiver: ReceiverEcho;
  deleteReceiver: ReceiverEcho;
  createOrder: OrderResult;
  queryOrder: OrderResult;
  createReturnOrder: ReturnOrderResult;
  queryReturnOrder: ReturnOrderResult;
  finishOrder: FinishOrderResult;
  queryAmounts: AmountsResult;
  createAfterSalesOrder: AfterSalesOrderResult;
  queryAfterSalesOrder: AfterSalesOrderResult;
  bill: ProfitSharingBillResult;
}

export declare const profitSharing: {
  /** `POST /v3/ecommerce/profitsharing/receivers/add`. */
  addReceiver(input: AddReceiverInput, options?: AddReceiverOptions): RequestSpec;
  /** `POST /v3/ecommerce/profitsharing/receivers/delete`. */
  deleteReceiver(input: DeleteReceiverInput): RequestSpec;
  /**
   * `POST /v3/ecommerce/profitsharing/orders`; receivers per request capped by `policy`
   * (default: your platform policy of 5; `'official'`: WeChat Pay's 50).
   */
  createOrder(input: CreateOrderInput, options?: EncryptorOptions & { policy?: PolicyOption }): RequestSpec;
  /** `GET /v3/ecommerce/profitsharing/orders?sub_mchid=&transaction_id=&out_order_no=`. */
  queryOrder(input: QueryOrderInput): RequestSpec;
  /** `POST /v3/ecommerce/profitsharing/returnorders`. */
  createReturnOrder(input: CreateReturnOrderInput): RequestSpec;
  /** `GET /v3/ecommerce/profitsharing/returnorders?…`. */
  queryReturnOrder(input: QueryReturnOrderInput): RequestSpec;
  /** `POST /v3/ecommerce/profitsharing/finish-order`. */
  finishOrder(input: FinishOrderInput): RequestSpec;
  /** `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts`. */
  queryAmounts(input: QueryAmountsInput): RequestSpec;
  /** `POST /v3/ecommerce/profitsharing/after-sales-orders` (售后服务分账: the platform's service fee on a refund, ticket change or return). */
  createAfterSalesOrder(input: CreateAfterSalesOrderInput): RequestSpec;
  /** `GET /v3/ecommerce/profitsharing/after-sales-orders?sub_mchid=&transaction_id=`. */
  queryAfterSalesOrder(input: QueryAfterSalesOrderInput): RequestSpec;
  /** Types a verified 200 body. */
  parseResponse<O extends keyof ProfitSharingResults>(operation: O, body: RawBody): ProfitSharingResults[O];
  /**
   * Reconciliation: the 分账动账通知 a parsed `queryOrder` ('split': one per MERCHANT_ID receiver
   * whose result is SUCCESS) or `queryReturnOrder` ('return': once SUCCESS) answer stands for,
   * with the idempotency keys the notifications carry (`id`, `createTime` null; a return's
   * `data.transaction_id` is empty: the answer has none). Empty while still processing.
   */
  eventsFromQuery(kind: 'split', result: object): Array<Omit<SplitNotification, 'id' | 'createTime' | 'verified'> & { id: null; createTime: null }>;
  eventsFromQuery(kind: 'return', result: object): Array<Omit<ReturnNotification, 'id' | 'createTime' | 'verified'> & { id: null; createTime: null }>;
} & ProfitSharingBillApi;

// ---------------------------------------------------------------------------
// The profit-sharing bill (分账账单, issue 19)
// ---------------------------------------------------------------------------

import type { ProfitSharingBillInput } from './generated/inputs.js';
export type { ProfitSharingBillInput } from './generated/inputs.js';

/** A bill as downloaded (gzip or plain; gzip is recognised by its magic bytes unless `gzip` says) or its CSV text. */
export type BillInput = Uint8Array | ArrayBuffer | string;

// The parsed bill and the reconciliation are generated from src/bill/ (generated/results.d.ts).
import type { Bill, BillRow, BillSummaryCell, ReconcileLine, ReconcileTotals, Reconciliation } from './generated/results.js';
export type { Bill, BillRow, BillSummaryCell, ReconcileLine, ReconcileTotals, Reconciliation } from './generated/results.js';

export interface ReadBillOptions {
  /** With `hashValue`: the bill API's `hash_type` (`SHA1`). The digest is checked before parsing. */
  hashType?: string;
  hashValue?: string;
  /** Force (true) or skip (false) gunzip; default: by the gzip magic bytes. */
  gzip?: boolean;
}

export interface DownloadBillOptions {
  /** Default: `globalThis.fetch`. */
  fetch?: (url: string, init: { method: 'GET'; headers: Record<string, string> }) => Promise<{ status: number; headers: HeadersLike; arrayBuffer(): Promise<ArrayBuffer> }>;
  gzip?: boolean;
}

/** One planned money movement, in fen. */
export interface SplitLedgerEntry {
  kind: 'split' | 'return';
  transactionId?: string;
  /** The split's number (a return: the split it returns from). */
  outOrderNo: string;
  /** Returns only. */
  outReturnNo?: string;
  account: string;
  amount: number;
}

/** What was planned, any number of payments (`GET /_emulator/split-ledger` answers one). */
export interface SplitLedger {
  kind: 'wechatpay-edge/split-ledger';
  version: 1;
  entries: SplitLedgerEntry[];
}

/** The admin page's exported split plan (one payment): its `operations` are used. */
export interface SplitPlanFile {
  kind: 'wechatpay-edge/split-plan';
  operations: SplitOperation[];
  [other: string]: unknown;
}

export interface ProfitSharingBillApi {
  /** `GET /v3/profitsharing/bills?sub_mchid=&bill_date=&tar_type=`. */
  bill(input: ProfitSharingBillInput): RequestSpec;
  /**
   * Bill bytes → typed rows in fen. Gunzips (node:zlib / DecompressionStream), then checks the SHA-1
   * (node:crypto / crypto.subtle) against `hashValue` when given, then parses. Rejects with
   * ERR_WXPAY_BILL_HASH_MISMATCH, or ERR_WXPAY_BILL_INVALID (`details.line` names the line).
   */
  readBill(bill: BillInput, options?: ReadBillOptions): Promise<Bill>;
  /**
   * Signs a GET for `result.download_url` and downloads it (the answer is not signed: the result's
   * SHA1 digest is checked instead); resolves to the bill's plain bytes, gunzipped and checked.
   */
  fetchBill(merchantKey: MerchantKey, result: ProfitSharingBillResult, options?: DownloadBillOptions): Promise<Uint8Array>;
  /** `fetchBill`, then parsed: the downloaded bill as typed rows. */
  downloadBill(merchantKey: MerchantKey, result: ProfitSharingBillResult, options?: DownloadBillOptions): Promise<Bill>;
  /** The bill against a split ledger or split plan: per order and receiver, every difference in fen. */
  reconcileBill(bill: BillInput, planned: SplitLedger | SplitPlanFile, options?: { gzip?: boolean }): Promise<Reconciliation>;
}

// ---------------------------------------------------------------------------
// Payscore for acquiring institutions (/v3/payscore/acquiringbank/*)
// ---------------------------------------------------------------------------

// The builder inputs and their request objects are generated from the Rust input structs
// (src/api/payscore/**, their `///` docs included): generated/inputs.d.ts.
import type { RiskFundName, PayscorePayment, PayscoreDiscount, PayscoreRiskFund, PayscoreTimeRange, PayscoreLocation, PayscoreOrderContext, PayscoreSyncDetail, CreateServiceOrderInput, QueryServiceOrderInput, CancelServiceOrderInput, CompleteServiceOrderInput, ModifyServiceOrderInput, SyncServiceOrderInput, RegisterDeductInfoInput, QueryDeductionInput, ApplyPermissionsInput, QueryPermissionsInput, TerminatePermissionsInput, PayscoreJumpLink, PayscoreShoppingGoods, PayscoreShoppingInfo, CreatePayOnDeliveryOrderInput } from './generated/inputs.js';
export type { RiskFundName, PayscorePayment, PayscoreDiscount, PayscoreRiskFund, PayscoreTimeRange, PayscoreLocation, PayscoreOrderContext, PayscoreSyncDetail, CreateServiceOrderInput, QueryServiceOrderInput, CancelServiceOrderInput, CompleteServiceOrderInput, ModifyServiceOrderInput, SyncServiceOrderInput, RegisterDeductInfoInput, QueryDeductionInput, ApplyPermissionsInput, QueryPermissionsInput, TerminatePermissionsInput, PayscoreJumpLink, PayscoreShoppingGoods, PayscoreShoppingInfo, CreatePayOnDeliveryOrderInput } from './generated/inputs.js';

export interface PayscoreResults {
  createServiceOrder: PayscoreServiceOrder;
  queryServiceOrder: PayscoreServiceOrder;
  cancelServiceOrder: PayscoreAck;
  completeServiceOrder: PayscoreAck;
  modifyServiceOrder: PayscoreAck;
  syncServiceOrder: PayscoreAck;
  registerDeductInfo: PayscoreDeductInfo;
  queryDeduction: PayscoreDeductionInfo;
  applyPermissions: PayscoreApplyPermissionsResult;
  queryPermissions: PayscorePermissionRecord;
  /** 204 No Content. */
  terminatePermissions: PayscoreAck;
  createPayOnDeliveryOrder: PayscorePayOnDeliveryOrder;
}

export declare const payScore: {
  createServiceOrder(input: CreateServiceOrderInput): RequestSpec;
  queryServiceOrder(input: QueryServiceOrderInput): RequestSpec;
  cancelServiceOrder(input: CancelServiceOrderInput): RequestSpec;
  completeServiceOrder(input: CompleteServiceOrderInput): RequestSpec;
  registerDeductInfo(input: RegisterDeductInfoInput): RequestSpec;
  queryDeduction(input: QueryDeductionInput): RequestSpec;
  modifyServiceOrder(input: ModifyServiceOrderInput): RequestSpec;
  syncServiceOrder(input: SyncServiceOrderInput): RequestSpec;
  /** `POST /v3/payscore/acquiringbank/permissions` (从业机构预授权) → `apply_permissions_token` for the authorization mini program. */
  applyPermissions(input: ApplyPermissionsInput): RequestSpec;
  /** `GET …/permissions/authorization-code/{authorization_code}?service_id=&channel_id=&sub_mchid=`. */
  queryPermissions(input: QueryPermissionsInput): RequestSpec;
  /** `POST …/permissions/authorization-code/{authorization_code}/terminate`. */
  terminatePermissions(input: TerminatePermissionsInput): RequestSpec;
  /** `POST /v3/payscore/acquiringbank/servicepayondeliveryorder` (先用后付): create's rules plus `shopping_info`. */
  createPayOnDeliveryOrder(input: CreatePayOnDeliveryOrderInput): RequestSpec;
  /** Types a verified response; non-2xx (and 202) throw ERR_WXPAY_API. */
  parseResponse<O extends keyof PayscoreResults>(operation: O, status: number, body: RawBody): PayscoreResults[O];
  /**
   * Reconciliation: a parsed `queryServiceOrder` answer in state DONE stands for its last
   * PAYSCORE.USER_PAID, with the key that notification carries (empty before DONE).
   */
  eventsFromQuery(result: object): Array<Omit<PayscoreUserPaidNotification, 'id' | 'createTime' | 'verified'> & { id: null; createTime: null }>;
  /**
   * After a lost answer (timeout, dropped connection, 5xx after the server acted), a retried cancel,
   * complete, terminate or registerDeductInfo is refused by the state although the first attempt
   * took effect. This is the query (of the order, the authorization or the deduction) that settles
   * it, built from the write's input; null for other operations, or when the input lacks what the
   * query needs (a cancel without `service_id`). `createClient` runs it for you.
   */
  recoveryRequest(
    operation: 'cancelServiceOrder' | 'completeServiceOrder' | 'terminatePermissions' | 'registerDeductInfo' | (string & {}),
    input: CancelServiceOrderInput | CompleteServiceOrderInput | TerminatePermissionsInput | RegisterDeductInfoInput,
  ): RequestSpec | null;
  /**
   * Reads the verified answer to `recoveryRequest`: the write's own result, marked
   * `recovered: true`, when the state is where the write leads (REVOKED for a cancel;
   * DOING/MCH_COMPLETE or DONE, at the asked `total_amount`, for a complete: an Ack with `order`
   * as queried; UNAVAILABLE for a terminate: an Ack without `order`; the same `out_trade_no`
   * registered for a registerDeductInfo: its DeductInfo, `description` as queried), else null:
   * the refusal stands.
   */
  recoveredAck(operation: 'registerDeductInfo', input: RegisterDeductInfoInput, status: number, body: RawBody): PayscoreDeductInfo | null;
  recoveredAck(operation: 'cancelServiceOrder' | 'completeServiceOrder' | 'terminatePermissions' | (string & {}), input: CancelServiceOrderInput | CompleteServiceOrderInput | TerminatePermissionsInput, status: number, body: RawBody): PayscoreAck | null;
  /** What may be done next from `state`, `state_description` and `collection.state`. */
  allowedOperations(
    state: Open<PayscoreOrderState>,
    stateDescription?: Open<PayscoreStateDescription> | null,
    collectionState?: Open<PayscoreCollectionState> | null,
  ): AllowedOperations;
};

// ---------------------------------------------------------------------------
// Split arithmetic (integer fen; camelCase)
// ---------------------------------------------------------------------------

/** Platform profit sharing knows these (`ReceiverType::KNOWN`); any other type is refused with `invalid_enum`. */
export type SplitReceiverType = ProfitSharingReceiverType;

/**
 * A policy: overrides of the defaults, `'default'`, or `'official'` (WeChat Pay's documented
 * limits, doc/v3/partner/4012691594 2025.09.29: 50 receivers per request, 50 splits per order).
 */
export type PolicyOption = Partial<SplitPolicy> | 'default' | 'official';

/** The fee WeChat keeps: in fen, or a rate in parts per million (6000 = 0.6 %). */
export type Fee = { amount: number } | { ratePpm: number };

/** One receiver's rule: exactly one of `percentBp` (1500 = 15 %) or `fixedAmount` (fen). */
export type AllocationRule =
  | { type: SplitReceiverType; account: string; percentBp: number; fixedAmount?: never }
  | { type: SplitReceiverType; account: string; fixedAmount: number; percentBp?: never };

// Generated from src/split/violation.rs `ViolationCode` (generated/constants.d.ts).
import type { ViolationCodeName } from './generated/constants.js';
export type ViolationCode = ViolationCodeName;

// The results (and SplitReceiver, also a request's receiver) are generated from the Rust structs
// of src/split/ (generated/results.d.ts).
import type { SplitReceiver, Violation, Allocation, PlanReport, ReceiverBalance, SplitSnapshot, SplitStep, Simulation } from './generated/results.js';
export type { SplitReceiver, Violation, Allocation, PlanReport, ReceiverBalance, SplitSnapshot, SplitStep, Simulation } from './generated/results.js';

/** An order's money and split state. Give `fee`, `splittable`, both (they must agree) or neither. */
export interface SplitOrder {
  amount: number;
  fee?: Fee;
  splittable?: number;
  alreadySplit?: number;
  splitCount?: number;
  finished?: boolean;
}

export interface SplitRequest {
  outOrderNo?: string;
  receivers: SplitReceiver[];
  finish?: boolean;
}

export type SplitOperation =
  | ({ op: 'split' } & SplitRequest)
  | { op: 'return'; outReturnNo: string; outOrderNo: string; account: string; amount: number }
  | { op: 'finish'; outOrderNo: string };

export declare const split: {
  /** Rules → whole-fen shares after the fee (largest remainder). Throws ERR_WXPAY_VALIDATION with every problem. */
  allocate(total: number, rules: readonly AllocationRule[], fee?: Fee | null): Allocation;
  /** One split request against the order's state and policy; never throws for rule violations. */
  checkPlan(order: SplitOrder, request: SplitRequest, policy?: PolicyOption | null): PlanReport;
  /** Replays splits, returns and finishes with the money after each step. */
  simulate(order: SplitOrder, operations: readonly SplitOperation[], policy?: PolicyOption | null): Simulation;
};

export {};

// ---------------------------------------------------------------------------
// The HTTP client (issue 17)
// ---------------------------------------------------------------------------

/** An AbortSignal (structurally, so that a project without lib.dom compiles). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** A fetch function (the runtime's global `fetch` by default). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignalLike }) => Promise<{
  status: number;
  headers: { get(name: string): string | null; forEach(cb: (value: string, name: string) => void): void; [Symbol.iterator]?(): Iterator<[string, string]> };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 = no retry). */
  maxAttempts?: number;
  /** Backoff: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))) (full jitter). Default 100. */
  baseDelayMs?: number;
  /** Default 2000. */
  maxDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt (default 30000). */
  maxElapsedMs?: number;
}

/** Where a certificate download is shared between isolates or processes: it holds the answer as WeChat Pay sent it (certificates encrypted with the APIv3 key). */
export interface CertificateStore {
  get(): CertificateStoreValue | null | undefined | Promise<CertificateStoreValue | null | undefined>;
  put(value: CertificateStoreValue): void | Promise<void>;
}
export interface CertificateStoreValue {
  body: string;
  headers: Record<string, string>;
  /** Unix ms of the download. */
  fetchedAt: number;
}

export interface CertificateOptions {
  /** Download again this often (default 12 h, the core's CLIENT.certificateRefreshSec). */
  refreshIntervalMs?: number;
  /** At most one download per this interval for an unknown serial (default 60 s): a forged serial cannot cause a download storm. */
  minRefreshIntervalMs?: number;
  store?: CertificateStore;
}

/** What a hook is told about an attempt: never a key, a body or a header value other than Request-ID. */
export interface ClientAttemptEvent {
  /** The client method (`createOrder`, …); `<method>.recovery` for the query that settles a refused retry of a state-guarded write. */
  operation: string;
  method: string;
  /** The path without the query. */
  path: string;
  host: 'main' | 'backup';
  attempt: number;
}
export interface ClientResponseEvent extends ClientAttemptEvent {
  /** 0 when no answer came (`error` says why). */
  status: number;
  requestId?: string;
  durationMs: number;
  /** The WxPayError code of a refused answer (ERR_WXPAY_API, ERR_WXPAY_SIGNATURE_INVALID…). */
  code?: string;
  error?: 'timeout' | 'connection';
}
export interface ClientRetryEvent extends ClientAttemptEvent {
  nextHost: 'main' | 'backup';
  delayMs: number;
  reason: string;
}
export interface ClientCertificatesEvent {
  reason: 'initial' | 'scheduled' | 'unknown-serial' | 'manual';
  outcome: 'downloaded' | 'store' | 'rate-limited' | 'failed';
  serials?: string[];
  serial?: string;
  code?: string;
  durationMs: number;
}
export interface ClientHooks {
  request?(event: ClientAttemptEvent): void;
  response?(event: ClientResponseEvent): void;
  retry?(event: ClientRetryEvent): void;
  certificates?(event: ClientCertificatesEvent): void;
}

export interface ClientOptions {
  /** The merchant API key: a MerchantKey or what importMerchantKey takes. */
  merchant: MerchantKey | MerchantKeyInput;
  /** Platform keys you have: the WeChat Pay public key (public-key mode: nothing else needed), certificates, or none (certificate mode: downloaded). */
  keys?: PlatformKeys;
  /** Needed to download certificates and to parse notifications. */
  apiV3Key?: ApiV3Key;
  fetch?: FetchLike;
  /** Default https://api.mch.weixin.qq.com. */
  baseUrl?: string;
  /** Default https://api2.mch.weixin.qq.com when baseUrl is the default, none otherwise; null: no failover. */
  backupBaseUrl?: string | null;
  /** Per attempt, headers and body (default 10000). */
  timeoutMs?: number;
  /** false: one attempt only. */
  retry?: RetryOptions | false;
  /** Certificate download and refresh: on by default when `keys` holds no WeChat Pay public key; `true` or options to force it (migration), false to turn it off. */
  certificates?: boolean | CertificateOptions;
  hooks?: ClientHooks;
}

export interface CallOptions {
  signal?: AbortSignalLike;
  /** This call's timeout per attempt. */
  timeoutMs?: number;
}

export interface PollOptions {
  /** Waits grow like retries (full jitter): default 500 … 10000 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up (settled: false) once the next wait would pass this (default 60000). */
  maxWaitMs?: number;
  signal?: AbortSignalLike;
}
export interface PollResult<T> {
  /** false: maxWaitMs passed; `result` is the last answer. */
  settled: boolean;
  result: T;
  queries: number;
}

export interface ProfitSharingClient {
  addReceiver(input: AddReceiverInput, options?: CallOptions & AddReceiverOptions): Promise<ReceiverEcho>;
  deleteReceiver(input: DeleteReceiverInput, options?: CallOptions): Promise<ReceiverEcho>;
  createOrder(input: CreateOrderInput, options?: CallOptions & EncryptorOptions & { policy?: PolicyOption }): Promise<OrderResult>;
  queryOrder(input: QueryOrderInput, options?: CallOptions): Promise<OrderResult>;
  createReturnOrder(input: CreateReturnOrderInput, options?: CallOptions): Promise<ReturnOrderResult>;
  queryReturnOrder(input: QueryReturnOrderInput, options?: CallOptions): Promise<ReturnOrderResult>;
  finishOrder(input: FinishOrderInput, options?: CallOptions): Promise<FinishOrderResult>;
  queryAmounts(input: QueryAmountsInput, options?: CallOptions): Promise<AmountsResult>;
  createAfterSalesOrder(input: CreateAfterSalesOrderInput, options?: CallOptions): Promise<AfterSalesOrderResult>;
  queryAfterSalesOrder(input: QueryAfterSalesOrderInput, options?: CallOptions): Promise<AfterSalesOrderResult>;
  bill(input: ProfitSharingBillInput, options?: CallOptions): Promise<ProfitSharingBillResult>;
  /** Downloads the bill `bill()` pointed at (gunzipped, digest checked) as typed rows. */
  downloadBill(result: ProfitSharingBillResult, options?: { gzip?: boolean }): Promise<Bill>;
  /** queryOrder until its status is not PROCESSING. */
  waitForOrder(input: QueryOrderInput, options?: PollOptions): Promise<PollResult<OrderResult>>;
  /** queryReturnOrder until its result is not PROCESSING. */
  waitForReturnOrder(input: QueryReturnOrderInput, options?: PollOptions): Promise<PollResult<ReturnOrderResult>>;
}

export interface PayScoreClient {
  createServiceOrder(input: CreateServiceOrderInput, options?: CallOptions): Promise<PayscoreServiceOrder>;
  queryServiceOrder(input: QueryServiceOrderInput, options?: CallOptions): Promise<PayscoreServiceOrder>;
  cancelServiceOrder(input: CancelServiceOrderInput, options?: CallOptions): Promise<PayscoreAck>;
  completeServiceOrder(input: CompleteServiceOrderInput, options?: CallOptions): Promise<PayscoreAck>;
  registerDeductInfo(input: RegisterDeductInfoInput, options?: CallOptions): Promise<PayscoreResults['registerDeductInfo']>;
  queryDeduction(input: QueryDeductionInput, options?: CallOptions): Promise<PayscoreResults['queryDeduction']>;
  modifyServiceOrder(input: ModifyServiceOrderInput, options?: CallOptions): Promise<PayscoreAck>;
  syncServiceOrder(input: SyncServiceOrderInput, options?: CallOptions): Promise<PayscoreAck>;
  applyPermissions(input: ApplyPermissionsInput, options?: CallOptions): Promise<PayscoreResults['applyPermissions']>;
  queryPermissions(input: QueryPermissionsInput, options?: CallOptions): Promise<PayscorePermissionRecord>;
  terminatePermissions(input: TerminatePermissionsInput, options?: CallOptions): Promise<PayscoreAck>;
  createPayOnDeliveryOrder(input: CreatePayOnDeliveryOrderInput, options?: CallOptions): Promise<PayscorePayOnDeliveryOrder>;
  /** queryServiceOrder until `state` (or `state/state_description`, e.g. 'DOING/MCH_COMPLETE') is one of `states`. */
  waitForServiceOrder(input: QueryServiceOrderInput, options: PollOptions & { states: readonly string[] }): Promise<PollResult<PayscoreServiceOrder>>;
}

export interface Client {
  readonly profitSharing: ProfitSharingClient;
  readonly payScore: PayScoreClient;
  /** parseNotification with the client's keys and APIv3 key; an unknown serial refreshes the certificates once (certificate mode). */
  parseNotification(input: { headers: HeadersInput; body: RawBody; now?: number; toleranceSec?: number }): Promise<Notification>;
  /** The key set in use (downloads first in certificate mode when there is none yet). */
  platformKeys(): Promise<PlatformKeySet>;
  /** Downloads the certificates now (certificate mode; nothing in public-key mode). */
  refreshCertificates(): Promise<void>;
  readonly baseUrl: string;
  readonly backupBaseUrl: string | null;
}

/**
 * A client that does the HTTP: one typed async method per operation, each call signed afresh per
 * attempt, answers verified and typed; retries network failures, timeouts, 429 and 5xx (the
 * core's `retryable`) with backoff and full jitter, fails over to the backup host, downloads and
 * refreshes platform certificates in certificate mode. Node and Workers; not for browsers (it
 * holds your private key and APIv3 key).
 */
export declare function createClient(options: ClientOptions): Client;
