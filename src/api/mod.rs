//! Request builders: typed input in, exact `RequestSpec` out.
//!
//! Builders never sign and never send; `prepare` (in `sign`) adds the
//! Authorization header to a spec so the signed URL and body are exactly
//! the ones returned.

pub mod certificates;
pub mod extra_fields;
pub mod fen;
pub mod payscore;
pub mod profitsharing;
pub mod query;
pub mod validate;

use serde::Serialize;

pub use extra_fields::{to_json_with_extra, ExtraFields};

/// Base URL of the production API; the backup host serves the same paths.
pub const API_BASE: &str = "https://api.mch.weixin.qq.com";

/// The backup host WeChat Pay documents for when the main one cannot be reached (same paths, same
/// keys): a client fails over to it on connection failures and 5xx answers.
pub const API_BACKUP_BASE: &str = "https://api2.mch.weixin.qq.com";

/// How often a client in certificate mode downloads `GET /v3/certificates` again unprompted (12 h,
/// as WeChat Pay's SDKs do), so a rotation is picked up before the old certificate expires.
pub const CERTIFICATE_REFRESH_SEC: u32 = 12 * 3600;

/// The least time between two downloads a client makes because an answer or a notification named
/// an unknown serial: a forged serial costs at most one download per interval.
pub const CERTIFICATE_MIN_REFRESH_INTERVAL_SEC: u32 = 60;

/// Everything needed to send one call: the path already carries its canonical query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSpec {
    pub method: &'static str,
    /// Path plus `?query` exactly as it goes on the wire and into the signature.
    pub path_and_query: String,
    /// Extra headers (e.g. `Wechatpay-Serial` when a field was encrypted).
    pub headers: Vec<(String, String)>,
    /// Exact JSON body, or `None` for GET.
    pub body: Option<String>,
}

impl RequestSpec {
    pub fn get(path_and_query: String) -> Self {
        RequestSpec { method: "GET", path_and_query, headers: Vec::new(), body: None }
    }

    pub fn post(path: String, body: String) -> Self {
        RequestSpec { method: "POST", path_and_query: path, headers: Vec::new(), body: Some(body) }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// Encrypts sensitive fields (RSA-OAEP) with one platform key.
///
/// Builders depend on this trait rather than on a key type so the core stays
/// free of randomness: the implementation owns its entropy.
pub trait SensitiveEncryptor {
    /// Serial (certificate serial or `PUB_KEY_ID_…`) to send as `Wechatpay-Serial`.
    fn serial(&self) -> &str;
    /// Base64 ciphertext of the UTF-8 plaintext.
    fn encrypt(&mut self, plaintext: &str) -> crate::Result<String>;
}

/// Serialises a request body; our own structs always serialise, but stay total.
pub(crate) fn to_json<T: Serialize>(value: &T) -> crate::Result<String> {
    serde_json::to_string(value).map_err(|e| crate::Error::Internal(format!("body serialisation failed: {e}")))
}
