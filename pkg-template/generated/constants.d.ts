// Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.

/** Every stable `WxPayError.code`. */
export type ErrorCode =
  | 'ERR_WXPAY_NOT_INITIALIZED'
  | 'ERR_WXPAY_KEY_INVALID'
  | 'ERR_WXPAY_KEY_UNSUPPORTED'
  | 'ERR_WXPAY_APIV3_KEY_INVALID'
  | 'ERR_WXPAY_BODY_NOT_RAW'
  | 'ERR_WXPAY_HEADER_MISSING'
  | 'ERR_WXPAY_HEADER_INVALID'
  | 'ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE'
  | 'ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED'
  | 'ERR_WXPAY_SERIAL_UNKNOWN'
  | 'ERR_WXPAY_SIGNATURE_INVALID'
  | 'ERR_WXPAY_RESOURCE_INVALID'
  | 'ERR_WXPAY_DECRYPTION_FAILED'
  | 'ERR_WXPAY_PAYLOAD_INVALID'
  | 'ERR_WXPAY_VALIDATION'
  | 'ERR_WXPAY_API'
  | 'ERR_WXPAY_BILL_INVALID'
  | 'ERR_WXPAY_BILL_HASH_MISMATCH'
  | 'ERR_WXPAY_NETWORK'
  | 'ERR_WXPAY_ENGINE_MISSING'
  | 'ERR_WXPAY_INTERNAL';

/** The codes of the split rules. */
export type ViolationCodeName =
  | 'fee_exceeds_amount'
  | 'fee_rate_out_of_range'
  | 'splittable_exceeds_amount'
  | 'fee_mismatch'
  | 'already_split_exceeds_splittable'
  | 'policy_invalid'
  | 'empty'
  | 'percent_and_fixed'
  | 'percent_or_fixed_required'
  | 'zero_percent'
  | 'percent_sum_exceeded'
  | 'fixed_exceeds_splittable'
  | 'zero_share'
  | 'not_positive'
  | 'required'
  | 'invalid_enum'
  | 'no_receivers'
  | 'too_many_receivers'
  | 'duplicate_receiver'
  | 'ratio_cap_exceeded'
  | 'exceeds_remaining'
  | 'too_many_splits'
  | 'order_finished'
  | 'duplicate_out_order_no'
  | 'duplicate_out_return_no'
  | 'unknown_split'
  | 'receiver_not_in_split'
  | 'personal_receiver_return'
  | 'return_exceeds_received';

/** Every `code` an issue of ERR_WXPAY_VALIDATION can carry from the core. */
export type IssueCode =
  | 'above_completed_total'
  | 'already_split_exceeds_splittable'
  | 'charset'
  | 'conflict'
  | 'discounts_exceed_payments'
  | 'duplicate'
  | 'duplicate_out_order_no'
  | 'duplicate_out_return_no'
  | 'duplicate_receiver'
  | 'empty'
  | 'encryptor_required'
  | 'end_before_start'
  | 'exactly_one'
  | 'exceeds_remaining'
  | 'fee_exceeds_amount'
  | 'fee_mismatch'
  | 'fee_rate_out_of_range'
  | 'fixed_exceeds_splittable'
  | 'format'
  | 'has_query'
  | 'invalid'
  | 'invalid_date'
  | 'invalid_enum'
  | 'invalid_key'
  | 'invalid_serial'
  | 'invalid_url'
  | 'json'
  | 'legacy_field'
  | 'no_receivers'
  | 'not_allowed'
  | 'not_ciphertext'
  | 'not_https'
  | 'not_positive'
  | 'not_sent'
  | 'on_accept_not_allowed'
  | 'openid_required'
  | 'order_finished'
  | 'out_of_range'
  | 'over_risk_fund'
  | 'payer_receiver_with_finish'
  | 'percent_and_fixed'
  | 'percent_or_fixed_required'
  | 'percent_sum_exceeded'
  | 'personal_receiver_return'
  | 'policy_invalid'
  | 'ratio_cap_exceeded'
  | 'receiver_not_in_split'
  | 'required'
  | 'requires_sub_appid'
  | 'return_exceeds_received'
  | 'serial_mismatch'
  | 'serial_required'
  | 'shadows_known_field'
  | 'splittable_exceeds_amount'
  | 'too_few'
  | 'too_large'
  | 'too_long'
  | 'too_many'
  | 'too_many_receivers'
  | 'too_many_splits'
  | 'total_mismatch'
  | 'type'
  | 'unknown_split'
  | 'unknown_value'
  | 'zero_percent'
  | 'zero_share';

export declare const ERROR_CODES: readonly ErrorCode[];
export declare const VIOLATION_CODES: readonly ViolationCodeName[];
export declare const ISSUE_CODES: readonly IssueCode[];
export declare const DEFAULT_POLICY: { readonly maxRatioBp: 3000; readonly maxReceiversPerRequest: 5; readonly maxSplitsPerOrder: 20 };
export declare const OFFICIAL_POLICY: { readonly maxRatioBp: 3000; readonly maxReceiversPerRequest: 50; readonly maxSplitsPerOrder: 50 };
export declare const LIMITS: {
  readonly headerValue: 2048;
  readonly notificationBody: 262144;
  readonly responseBody: 1048576;
  readonly inputJson: 262144;
  readonly signatureText: 684;
  readonly apiV3Key: 32;
  readonly identifier: 128;
  readonly authorizationHeader: 4096;
  readonly keyPem: 16384;
  readonly method: 6;
  readonly url: 8192;
  readonly nonce: 64;
  readonly requestBody: 1048576;
  readonly message: 1056896;
  readonly signature: 512;
  readonly sensitivePlaintext: 470;
  readonly sensitiveCiphertext: 1024;
  readonly nackMessage: 512;
};
export declare const HEADER_NAMES: readonly ['wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-signature', 'wechatpay-serial', 'wechatpay-signature-type', 'request-id'];
export declare const DEFAULT_TOLERANCE_SEC: 300;
export declare const SIGNATURE_SCHEME: 'WECHATPAY2-SHA256-RSA2048';
export declare const PROBE_PREFIX: 'WECHATPAY/SIGNTEST/';
export declare const RECEIVER_TYPES: readonly ['MERCHANT_ID', 'PERSONAL_OPENID'];
export declare const CLIENT: { readonly apiBase: 'https://api.mch.weixin.qq.com'; readonly apiBackupBase: 'https://api2.mch.weixin.qq.com'; readonly retryableApiCodes: readonly ['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'RATELIMIT_EXCEEDED', 'RATE_LIMITED']; readonly processingState: 'PROCESSING'; readonly certificateRefreshSec: 43200; readonly certificateMinRefreshIntervalSec: 60; readonly certificatesPath: '/v3/certificates' };
