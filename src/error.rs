//! One error type for the whole core, with stable string codes.
//!
//! Messages say what went wrong and what to do; they never carry key
//! material, APIv3 keys or decrypted plaintext (those are opaque failures).

use core::fmt;

/// Which side of the clock window a timestamp fell on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Past,
    Future,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Past => "past",
            Side::Future => "future",
        }
    }
}

/// The one finding type of the package: where (`receivers[2].amount`), a stable
/// sub-code (one per mistake, the same from a builder and from `split.checkPlan`),
/// and a sentence. Split checks call it [`Violation`](crate::split::Violation) and
/// fill `step` in a simulation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// Index into `operations` for findings of a split simulation; absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

impl Issue {
    /// `code` is a string (`"required"`) or a [`ViolationCode`](crate::split::ViolationCode).
    pub fn new(path: impl Into<String>, code: impl Into<&'static str>, message: impl Into<String>) -> Self {
        Issue { step: None, path: path.into(), code: code.into(), message: message.into() }
    }

    pub(crate) fn at_step(mut self, step: Option<usize>) -> Self {
        self.step = step;
        self
    }
}

/// Reads back a stored split finding (an admin page reloading a simulation). Only
/// the split-rule codes ([`ViolationCode`](crate::split::ViolationCode)) are accepted.
impl<'de> serde::Deserialize<'de> for Issue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            step: Option<usize>,
            path: String,
            code: crate::split::ViolationCode,
            message: String,
        }
        let r = Raw::deserialize(d)?;
        Ok(Issue { step: r.step, path: r.path, code: r.code.as_str(), message: r.message })
    }
}

/// A non-2xx answer from WeChat Pay, kept as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    pub status: u16,
    pub code: Option<String>,
    pub message: Option<String>,
    /// The `detail` member as raw JSON text, when present.
    pub detail: Option<String>,
    pub request_id: Option<String>,
}

impl ApiFailure {
    /// Whether sending the same request again (same body, same out_* numbers, re-signed) may
    /// succeed: 429 and 5xx, and the codes WeChat documents for them (`SYSTEM_ERROR` "retry
    /// with the same parameters", `FREQUENCY_LIMITED` / `RATELIMIT_EXCEEDED` / `RATE_LIMITED`;
    /// error-code table pay.weixin.qq.com/wiki/doc/apiv3/Share/error_code.shtml and the
    /// ecommerce create-order page doc/v3/partner/4012691594, 2025.09.29). Any other 4xx is the
    /// request's fault: sending it again gives the same answer.
    pub fn retryable(&self) -> bool {
        self.status == 429 || self.status >= 500 || self.code.as_deref().is_some_and(|c| RETRYABLE_API_CODES.contains(&c))
    }
}

/// The `code`s of an answer that a client sends again (same body, re-signed) whatever its status;
/// see [`ApiFailure::retryable`]. The JS client reads them through the generated constants.
pub const RETRYABLE_API_CODES: [&str; 4] = ["SYSTEM_ERROR", "FREQUENCY_LIMITED", "RATELIMIT_EXCEEDED", "RATE_LIMITED"];

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    KeyInvalid(String),
    KeyUnsupported(String),
    ApiV3KeyInvalid {
        len: usize,
    },
    BodyNotRaw(String),
    HeaderMissing(&'static str),
    HeaderInvalid {
        name: &'static str,
        reason: String,
    },
    TimestampOutOfTolerance {
        side: Side,
        skew_sec: i64,
        tolerance_sec: u32,
    },
    SignatureTypeUnsupported(String),
    SerialUnknown(String),
    SignatureInvalid {
        probe: bool,
    },
    ResourceInvalid(String),
    DecryptionFailed,
    /// RSA-OAEP decryption of a sensitive field with the merchant key failed (same code as
    /// [`Error::DecryptionFailed`], which is about AES-GCM resources and the APIv3 key).
    SensitiveDecryptionFailed,
    PayloadInvalid(String),
    Validation(Vec<Issue>),
    Api(ApiFailure),
    /// The profit-sharing bill file could not be read: `line` (1-based) when one line is at fault.
    BillInvalid {
        line: Option<usize>,
        reason: String,
    },
    /// The downloaded bill's digest differs from the `hash_value` the bill API gave.
    BillHashMismatch {
        expected: String,
        actual: String,
    },
    /// No answer from WeChat Pay on any attempt of a client (connection failed or timed out).
    /// `timed_out`: the last attempt hit the client's timeout rather than a connection failure.
    Network {
        attempts: u32,
        elapsed_ms: u64,
        timed_out: bool,
    },
    /// The lite module (`wechatpay-edge/lite`) carries no RustCrypto RSA/AES, and this runtime's
    /// engine could not run `operation` (no WebCrypto, or WebCrypto refused the key).
    EngineMissing {
        operation: &'static str,
    },
    Internal(String),
}

pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// The stable code; part of the public contract.
    pub fn code(&self) -> &'static str {
        match self {
            Error::KeyInvalid(_) => "ERR_WXPAY_KEY_INVALID",
            Error::KeyUnsupported(_) => "ERR_WXPAY_KEY_UNSUPPORTED",
            Error::ApiV3KeyInvalid { .. } => "ERR_WXPAY_APIV3_KEY_INVALID",
            Error::BodyNotRaw(_) => "ERR_WXPAY_BODY_NOT_RAW",
            Error::HeaderMissing(_) => "ERR_WXPAY_HEADER_MISSING",
            Error::HeaderInvalid { .. } => "ERR_WXPAY_HEADER_INVALID",
            Error::TimestampOutOfTolerance { .. } => "ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE",
            Error::SignatureTypeUnsupported(_) => "ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED",
            Error::SerialUnknown(_) => "ERR_WXPAY_SERIAL_UNKNOWN",
            Error::SignatureInvalid { .. } => "ERR_WXPAY_SIGNATURE_INVALID",
            Error::ResourceInvalid(_) => "ERR_WXPAY_RESOURCE_INVALID",
            Error::DecryptionFailed | Error::SensitiveDecryptionFailed => "ERR_WXPAY_DECRYPTION_FAILED",
            Error::PayloadInvalid(_) => "ERR_WXPAY_PAYLOAD_INVALID",
            Error::Validation(_) => "ERR_WXPAY_VALIDATION",
            Error::Api(_) => "ERR_WXPAY_API",
            Error::BillInvalid { .. } => "ERR_WXPAY_BILL_INVALID",
            Error::BillHashMismatch { .. } => "ERR_WXPAY_BILL_HASH_MISMATCH",
            Error::Network { .. } => "ERR_WXPAY_NETWORK",
            Error::EngineMissing { .. } => "ERR_WXPAY_ENGINE_MISSING",
            Error::Internal(_) => "ERR_WXPAY_INTERNAL",
        }
    }

    /// Structured details for hosts (the wasm layer turns this into `error.details`).
    pub fn details(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Error::HeaderMissing(name) => json!({ "header": name }),
            Error::HeaderInvalid { name, .. } => json!({ "header": name }),
            Error::TimestampOutOfTolerance { side, skew_sec, tolerance_sec } => {
                json!({ "side": side.as_str(), "skewSec": skew_sec, "toleranceSec": tolerance_sec })
            }
            Error::SignatureTypeUnsupported(v) => json!({ "signatureType": v }),
            Error::SerialUnknown(s) => json!({ "serial": s }),
            Error::SignatureInvalid { probe } => json!({ "probe": probe }),
            Error::ApiV3KeyInvalid { len } => json!({ "length": len }),
            Error::Validation(issues) => json!({ "issues": issues }),
            Error::BillInvalid { line, .. } => json!({ "line": line }),
            Error::BillHashMismatch { expected, actual } => json!({ "expected": expected, "actual": actual }),
            Error::Network { attempts, elapsed_ms, timed_out } => json!({ "attempts": attempts, "elapsedMs": elapsed_ms, "timedOut": timed_out }),
            Error::EngineMissing { operation } => json!({ "operation": operation }),
            Error::Api(f) => json!({
                "status": f.status,
                "code": f.code,
                "message": f.message,
                "detail": f.detail,
                "requestId": f.request_id,
                "retryable": f.retryable(),
            }),
            _ => json!({}),
        }
    }

    pub(crate) fn validation(issues: Vec<Issue>) -> Result<()> {
        if issues.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(issues))
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KeyInvalid(r) => write!(f, "key could not be read: {r}"),
            Error::KeyUnsupported(r) => write!(f, "key is not supported: {r}"),
            Error::ApiV3KeyInvalid { len } => write!(
                f,
                "the APIv3 key must be exactly 32 bytes (got {len}); copy it from 商户平台 → 账户中心 → API安全 without spaces or line breaks"
            ),
            Error::BodyNotRaw(r) => write!(f, "body must be the raw request bytes (string or Uint8Array), not parsed JSON: {r}"),
            Error::HeaderMissing(name) => write!(f, "header {name} is missing; pass the headers exactly as received"),
            Error::HeaderInvalid { name, reason } => write!(f, "header {name} is invalid: {reason}"),
            Error::TimestampOutOfTolerance { side, skew_sec, tolerance_sec } => write!(
                f,
                "Wechatpay-Timestamp is {} s in the {} (tolerance {tolerance_sec} s): replayed message or unsynchronised clock",
                skew_sec.unsigned_abs(),
                side.as_str()
            ),
            Error::SignatureTypeUnsupported(v) => write!(f, "Wechatpay-Signature-Type {v:?} is not supported (expected WECHATPAY2-SHA256-RSA2048)"),
            Error::SerialUnknown(s) => write!(
                f,
                "no platform key with serial {s:?}; refresh platform certificates (GET /v3/certificates) or add the WeChat Pay public key with this id"
            ),
            Error::SignatureInvalid { probe: true } => write!(f, "signature is invalid (WECHATPAY/SIGNTEST/ probe): answer with a 4xx/5xx, WeChat Pay will resend"),
            Error::SignatureInvalid { probe: false } => write!(f, "signature is invalid: body altered or re-serialised, or wrong platform key"),
            Error::ResourceInvalid(r) => write!(f, "encrypted resource is malformed: {r}"),
            Error::DecryptionFailed => write!(f, "decryption failed: wrong APIv3 key, or tampered ciphertext, nonce or associated data"),
            Error::SensitiveDecryptionFailed => write!(
                f,
                "decryption failed: the field was not encrypted to this merchant key (decrypt with the private key of the merchant certificate the request named in Wechatpay-Serial), or the ciphertext was altered"
            ),
            Error::PayloadInvalid(r) => write!(f, "payload is invalid: {r}"),
            Error::Validation(issues) => {
                write!(f, "request is invalid ({} issue{})", issues.len(), if issues.len() == 1 { "" } else { "s" })?;
                for i in issues.iter().take(5) {
                    write!(f, "; {}: {}", i.path, i.message)?;
                }
                Ok(())
            }
            Error::Api(a) => write!(
                f,
                "WeChat Pay answered HTTP {} {}: {}{}",
                a.status,
                a.code.as_deref().unwrap_or("(no code)"),
                a.message.as_deref().unwrap_or("(no message)"),
                a.request_id.as_deref().map(|r| format!(" (Request-ID {r})")).unwrap_or_default()
            ),
            Error::BillInvalid { line: Some(line), reason } => write!(f, "profit-sharing bill line {line}: {reason}"),
            Error::BillInvalid { line: None, reason } => write!(f, "profit-sharing bill: {reason}"),
            Error::BillHashMismatch { expected, actual } => write!(
                f,
                "the bill's SHA1 is {actual} but the bill API said {expected}: the download was cut short or altered; request a new download_url (valid 30 s) and download again"
            ),
            Error::Network { attempts, elapsed_ms, timed_out } => write!(
                f,
                "no answer from WeChat Pay after {attempts} attempt{} in {elapsed_ms} ms (the last one {}): check the network path to the API host and the backup host, or raise timeoutMs, retry.maxAttempts or retry.maxElapsedMs; the request may have been applied, so send it again with the same out_* number (WeChat Pay deduplicates it) or query it before making a new one",
                if *attempts == 1 { "" } else { "s" },
                if *timed_out { "timed out" } else { "could not connect or lost the connection" }
            ),
            Error::EngineMissing { operation } => write!(
                f,
                "no crypto engine here can run {operation}: this runtime has no WebCrypto (or WebCrypto refused the key), and wechatpay-edge/lite carries no RustCrypto fallback; import from \"wechatpay-edge\" instead, whose module has one"
            ),
            Error::Internal(r) => write!(f, "internal error: {r}"),
        }
    }
}

impl std::error::Error for Error {}

/// A serde_json error as a sentence without the offending value.
///
/// serde writes `invalid type: string "张三", expected u64`: the value may be a
/// personal name or decrypted data, so only its kind is kept (`invalid type:
/// string, expected u64`). Field names and positions stay: they tell the fix.
pub fn serde_reason(e: &serde_json::Error) -> String {
    redact_unexpected(&e.to_string())
}

fn redact_unexpected(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(at) = ["invalid type: ", "invalid value: "].iter().filter_map(|p| rest.find(p).map(|i| (i, p.len()))).min() {
        let (start, len) = at;
        let value_start = start + len;
        out.push_str(rest.get(..value_start).unwrap_or_default());
        let tail = rest.get(value_start..).unwrap_or_default();
        // The value runs to ", expected"; keep its kind (the words before a quote or backtick).
        let end = tail.find(", expected").unwrap_or(tail.len());
        let unexpected = tail.get(..end).unwrap_or_default();
        let kind = unexpected.split(['"', '`']).next().unwrap_or_default().trim_end();
        out.push_str(kind);
        rest = tail.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod api_failure_tests {
    use super::*;

    fn failure(status: u16, code: &str) -> ApiFailure {
        ApiFailure { status, code: Some(code.into()), message: None, detail: None, request_id: None }
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_retryable() {
        assert!(failure(500, "SYSTEM_ERROR").retryable());
        assert!(failure(503, "SERVICE_UNAVAILABLE").retryable());
        assert!(failure(429, "FREQUENCY_LIMITED").retryable());
        assert!(failure(403, "FREQUENCY_LIMITED").retryable(), "the code decides even under another status");
        assert!(!failure(400, "PARAM_ERROR").retryable());
        assert!(!failure(403, "NOT_ENOUGH").retryable());
        assert!(!failure(404, "ORDER_NOT_EXIST").retryable());
        assert_eq!(Error::Api(failure(500, "SYSTEM_ERROR")).details()["retryable"], serde_json::json!(true));
    }

    #[test]
    fn network_failure_says_what_to_do() {
        let e = Error::Network { attempts: 3, elapsed_ms: 1200, timed_out: true };
        assert_eq!(e.code(), "ERR_WXPAY_NETWORK");
        let m = e.to_string();
        assert!(m.contains("3 attempts") && m.contains("timed out") && m.contains("same out_* number"), "{m}");
        assert_eq!(e.details(), serde_json::json!({ "attempts": 3, "elapsedMs": 1200, "timedOut": true }));
        assert!(Error::Network { attempts: 1, elapsed_ms: 5, timed_out: false }.to_string().contains("1 attempt in"));
    }
}

#[cfg(test)]
mod serde_reason_tests {
    use super::*;

    #[test]
    fn values_are_dropped_kinds_and_fields_kept() {
        let e = serde_json::from_str::<u64>(r#""张三""#).unwrap_err();
        let m = serde_reason(&e);
        assert!(!m.contains('张'), "{m}");
        assert!(m.starts_with("invalid type: string, expected u64"), "{m}");
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct S {
            amount: u64,
        }
        let m = serde_reason(&serde_json::from_str::<S>(r#"{"amount":-13800138000}"#).unwrap_err());
        assert!(!m.contains("13800138000") && m.contains("invalid value: integer, expected u64"), "{m}");
        let m = serde_reason(&serde_json::from_str::<S>(r#"{"amout":1}"#).unwrap_err());
        assert!(m.contains("unknown field `amout`"), "typos stay visible: {m}");
        assert_eq!(
            redact_unexpected("invalid type: boolean `true`, expected a string; invalid value: char \"x\", expected y"),
            "invalid type: boolean, expected a string; invalid value: char, expected y"
        );
    }
}
