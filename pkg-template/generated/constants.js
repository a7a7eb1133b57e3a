// Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.

/** Every stable `WxPayError.code` (src/error.rs `Error::code`, plus the JS layer's ERR_WXPAY_NOT_INITIALIZED). */
export const ERROR_CODES = Object.freeze([
  'ERR_WXPAY_NOT_INITIALIZED',
  'ERR_WXPAY_KEY_INVALID',
  'ERR_WXPAY_KEY_UNSUPPORTED',
  'ERR_WXPAY_APIV3_KEY_INVALID',
  'ERR_WXPAY_BODY_NOT_RAW',
  'ERR_WXPAY_HEADER_MISSING',
  'ERR_WXPAY_HEADER_INVALID',
  'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE',
  'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED',
  'ERR_WXPAY_SERIAL_UNKNOWN',
  'ERR_WXPAY_SIGNATURE_INVALID',
  'ERR_WXPAY_RESOURCE_INVALID',
  'ERR_WXPAY_DECRYPTION_FAILED',
  'ERR_WXPAY_PAYLOAD_INVALID',
  'ERR_WXPAY_VALIDATION',
  'ERR_WXPAY_API',
  'ERR_WXPAY_BILL_INVALID',
  'ERR_WXPAY_BILL_HASH_MISMATCH',
  'ERR_WXPAY_NETWORK',
  'ERR_WXPAY_ENGINE_MISSING',
  'ERR_WXPAY_INTERNAL',
]);

/** The codes of the split rules (src/split/violation.rs `ViolationCode`). */
export const VIOLATION_CODES = Object.freeze([
  'fee_exceeds_amount',
  'fee_rate_out_of_range',
  'splittable_exceeds_amount',
  'fee_mismatch',
  'already_split_exceeds_splittable',
  'policy_invalid',
  'empty',
  'percent_and_fixed',
  'percent_or_fixed_required',
  'zero_percent',
  'percent_sum_exceeded',
  'fixed_exceeds_splittable',
  'zero_share',
  'not_positive',
  'required',
  'invalid_enum',
  'no_receivers',
  'too_many_receivers',
  'duplicate_receiver',
  'ratio_cap_exceeded',
  'exceeds_remaining',
  'too_many_splits',
  'order_finished',
  'duplicate_out_order_no',
  'duplicate_out_return_no',
  'unknown_split',
  'receiver_not_in_split',
  'personal_receiver_return',
  'return_exceeds_received',
]);

/** Every `code` an issue of ERR_WXPAY_VALIDATION can carry from the core: the split rules' and the builders' own. */
export const ISSUE_CODES = Object.freeze([
  'above_completed_total',
  'already_split_exceeds_splittable',
  'charset',
  'conflict',
  'discounts_exceed_payments',
  'duplicate',
  'duplicate_out_order_no',
  'duplicate_out_return_no',
  'duplicate_receiver',
  'empty',
  'encryptor_required',
  'end_before_start',
  'exactly_one',
  'exceeds_remaining',
  'fee_exceeds_amount',
  'fee_mismatch',
  'fee_rate_out_of_range',
  'fixed_exceeds_splittable',
  'format',
  'has_query',
  'invalid',
  'invalid_date',
  'invalid_enum',
  'invalid_key',
  'invalid_serial',
  'invalid_url',
  'json',
  'legacy_field',
  'no_receivers',
  'not_allowed',
  'not_ciphertext',
  'not_https',
  'not_positive',
  'not_sent',
  'on_accept_not_allowed',
  'openid_required',
  'order_finished',
  'out_of_range',
  'over_risk_fund',
  'payer_receiver_with_finish',
  'percent_and_fixed',
  'percent_or_fixed_required',
  'percent_sum_exceeded',
  'personal_receiver_return',
  'policy_invalid',
  'ratio_cap_exceeded',
  'receiver_not_in_split',
  'required',
  'requires_sub_appid',
  'return_exceeds_received',
  'serial_mismatch',
  'serial_required',
  'shadows_known_field',
  'splittable_exceeds_amount',
  'too_few',
  'too_large',
  'too_long',
  'too_many',
  'too_many_receivers',
  'too_many_splits',
  'total_mismatch',
  'type',
  'unknown_split',
  'unknown_value',
  'zero_percent',
  'zero_share',
]);

/** The split policy used when none is given (`policy: 'default'`, src/split/policy.rs `Policy::default`). */
export const DEFAULT_POLICY = Object.freeze({ maxRatioBp: 3000, maxReceiversPerRequest: 5, maxSplitsPerOrder: 20 });

/** The limits WeChat Pay documents today (`policy: 'official'`, `Policy::official_2025`). */
export const OFFICIAL_POLICY = Object.freeze({ maxRatioBp: 3000, maxReceiversPerRequest: 50, maxSplitsPerOrder: 50 });

/** Size limits the package applies before an input is copied into wasm memory, in UTF-8 bytes (`inputJson`: UTF-16 units; `apiV3Key`: exact), as `wasmLimits()` reports them. */
export const LIMITS = Object.freeze({
  headerValue: 2048,
  notificationBody: 262144,
  responseBody: 1048576,
  inputJson: 262144,
  signatureText: 684,
  apiV3Key: 32,
  identifier: 128,
  authorizationHeader: 4096,
  keyPem: 16384,
  method: 6,
  url: 8192,
  nonce: 64,
  requestBody: 1048576,
  message: 1056896,
  signature: 512,
  sensitivePlaintext: 470,
  sensitiveCiphertext: 1024,
  nackMessage: 512,
});

/** The lower-cased headers the core reads from a signed message; no other header is copied. */
export const HEADER_NAMES = Object.freeze([
  'wechatpay-timestamp',
  'wechatpay-nonce',
  'wechatpay-signature',
  'wechatpay-serial',
  'wechatpay-signature-type',
  'request-id',
]);

/** The default two-sided clock window for signed messages, in seconds. */
export const DEFAULT_TOLERANCE_SEC = 300;

/** The Authorization scheme and `Wechatpay-Signature-Type` of APIv3 (src/sign/authorization.rs `SCHEME`). */
export const SIGNATURE_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** How WeChat Pay's deliberately invalid probe signatures start (src/verify/signature.rs `PROBE_PREFIX`). */
export const PROBE_PREFIX = 'WECHATPAY/SIGNTEST/';

/** The receiver types profit sharing and the split rules know (`ReceiverType::KNOWN`); any other is refused with `invalid_enum`. */
export const RECEIVER_TYPES = Object.freeze([
  'MERCHANT_ID',
  'PERSONAL_OPENID',
]);

/** What the HTTP client (createClient) takes from the core: the production and backup hosts (src/api/mod.rs), the answer codes retried whatever the status (src/error.rs `RETRYABLE_API_CODES`; 429 and 5xx are retried too), the state of a split or return still running, and the certificate refresh schedule. */
export const CLIENT = Object.freeze({"apiBackupBase":"https://api2.mch.weixin.qq.com","apiBase":"https://api.mch.weixin.qq.com","certificateMinRefreshIntervalSec":60,"certificateRefreshSec":43200,"certificatesPath":"/v3/certificates","processingState":"PROCESSING","retryableApiCodes":["SYSTEM_ERROR","FREQUENCY_LIMITED","RATELIMIT_EXCEEDED","RATE_LIMITED"]});
