//! Sign a request and assemble exactly what the host's HTTP client sends.

use serde::Serialize;

use super::authorization::format_authorization;
use super::message::request_message;
use crate::api::{RequestSpec, API_BASE};
use crate::crypto::rsa_sig;
use crate::keys::MerchantKey;
use crate::Result;

pub const USER_AGENT: &str = concat!("wechatpay-edge/", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedRequest {
    pub authorization: String,
    pub timestamp: u64,
    pub nonce: String,
    /// The exact string that was signed, for logs and debugging (contains no secret).
    pub message: String,
}

/// Signs one request; `timestamp` (Unix seconds) and `nonce` come from the host.
pub fn sign_request(key: &MerchantKey, method: &str, url: &str, body: &str, timestamp: u64, nonce: &str) -> Result<SignedRequest> {
    let message = request_message(method, url, timestamp, nonce, body)?;
    let signature = rsa_sig::sign(key.rsa(), message.as_bytes())?;
    let authorization = format_authorization(key.mchid(), key.serial_no(), timestamp, nonce, &signature)?;
    Ok(SignedRequest { authorization, timestamp, nonce: nonce.to_owned(), message })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreparedRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Base URL without a trailing slash; only https hosts make sense for WeChat Pay.
fn base(base_url: Option<&str>) -> Result<&str> {
    let b = base_url.unwrap_or(API_BASE).trim_end_matches('/');
    if !(b.starts_with("https://") || b.starts_with("http://127.0.0.1") || b.starts_with("http://localhost") || b.starts_with("http://[::1]")) {
        return Err(crate::Error::Validation(vec![crate::Issue::new(
            "baseUrl",
            "invalid",
            "must be https:// (plain http only for a local emulator on loopback)",
        )]));
    }
    if b.get(8..).is_some_and(|rest| rest.contains('/')) {
        return Err(crate::Error::Validation(vec![crate::Issue::new("baseUrl", "invalid", "must be scheme and host only")]));
    }
    Ok(b)
}

/// Adds Authorization, Accept, Content-Type and User-Agent to a built spec.
pub fn prepare(key: &MerchantKey, spec: &RequestSpec, base_url: Option<&str>, timestamp: u64, nonce: &str) -> Result<PreparedRequest> {
    let base = base(base_url)?;
    let body = spec.body.as_deref().unwrap_or("");
    let signed = sign_request(key, spec.method, &spec.path_and_query, body, timestamp, nonce)?;
    let mut headers = vec![
        ("Authorization".to_owned(), signed.authorization),
        ("Accept".to_owned(), "application/json".to_owned()),
        ("User-Agent".to_owned(), USER_AGENT.to_owned()),
    ];
    if spec.body.is_some() {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    headers.extend(spec.headers.iter().cloned());
    Ok(PreparedRequest {
        method: spec.method,
        url: format!("{base}{}", spec.path_and_query),
        headers,
        body: spec.body.clone(),
    })
}
