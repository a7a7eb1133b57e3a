//! Sign a request and assemble exactly what the host's HTTP client sends.

use serde::Serialize;

use super::authorization::{check_tokens, write_authorization};
use super::base_url::check_base_url;
use super::message::request_message;
use crate::api::{RequestSpec, API_BASE};
use crate::crypto::rsa_sig;
use crate::keys::MerchantKey;
use crate::{Error, Result};

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
    let to_sign = RequestToSign::new(key.mchid(), key.serial_no(), method, url, body, timestamp, nonce)?;
    let signature = rsa_sig::sign_bytes(key.rsa()?, to_sign.message.as_bytes())?;
    to_sign.signed(Signature::Bytes(&signature))
}

/// What a signing engine answered for a [`RequestToSign`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature<'a> {
    /// Base64 text, checked as a header token.
    Base64(&'a str),
    /// The RSA signature itself, encoded here: hosts skip their own base64, and base64 is
    /// always a valid token.
    Bytes(&'a [u8]),
}

/// A request checked by every rule and ready for its signature: the host signs `message`
/// (RSA-SHA256 with the merchant key) with whatever engine it has, then hands the
/// [`Signature`] to [`RequestToSign::signed`] or [`RequestToSign::prepared`]. One sequence for
/// the core's own signer and every host's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestToSign {
    /// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`: the bytes to sign (as UTF-8).
    pub message: String,
    mchid: String,
    serial_no: String,
    timestamp: u64,
    nonce: String,
    /// Where a builder's request goes, for [`RequestToSign::prepared`].
    target: Option<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    method: &'static str,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl RequestToSign {
    /// Every rule of the signing message and of the Authorization tokens, checked before any
    /// RSA work: a request that cannot be sent is refused before it costs a signature.
    pub fn new(mchid: &str, serial_no: &str, method: &str, url: &str, body: &str, timestamp: u64, nonce: &str) -> Result<Self> {
        let message = request_message(method, url, timestamp, nonce, body)?;
        // The signature's token is checked when it arrives (authorization).
        check_tokens(&[("mchid", mchid), ("serialNo", serial_no), ("nonce", nonce)])?;
        Ok(RequestToSign { message, mchid: mchid.to_owned(), serial_no: serial_no.to_owned(), timestamp, nonce: nonce.to_owned(), target: None })
    }

    /// A builder's request to `base_url` (WeChat Pay's when absent), checked by
    /// [`check_base_url`] and every signing rule.
    pub fn for_spec(mchid: &str, serial_no: &str, spec: &RequestSpec, base_url: Option<&str>, timestamp: u64, nonce: &str) -> Result<Self> {
        let base = check_base_url(base_url.unwrap_or(API_BASE))?;
        let body = spec.body.as_deref().unwrap_or("");
        let mut to_sign = Self::new(mchid, serial_no, spec.method, &spec.path_and_query, body, timestamp, nonce)?;
        to_sign.target =
            Some(Target { method: spec.method, url: format!("{base}{}", spec.path_and_query), headers: spec.headers.clone(), body: spec.body.clone() });
        Ok(to_sign)
    }

    fn authorization(&self, signature: Signature) -> Result<String> {
        let encoded;
        let text = match signature {
            Signature::Base64(text) => {
                check_tokens(&[("signature", text)])?;
                text
            }
            // No bytes, or more than any supported key signs: the engine is broken, not the input.
            Signature::Bytes(bytes) if bytes.is_empty() || bytes.len() > rsa_sig::MAX_SIGNATURE_LEN => {
                return Err(Error::Internal(format!("the signing engine answered {} bytes", bytes.len())));
            }
            Signature::Bytes(bytes) => {
                encoded = super::signature_text::base64_of(bytes);
                &encoded
            }
        };
        Ok(write_authorization(&self.mchid, &self.serial_no, self.timestamp, &self.nonce, text))
    }

    /// The signed request's parts: the Authorization header and what it was made from.
    pub fn signed(self, signature: Signature) -> Result<SignedRequest> {
        let authorization = self.authorization(signature)?;
        Ok(SignedRequest { authorization, timestamp: self.timestamp, nonce: self.nonce, message: self.message })
    }

    /// Exactly what the host's HTTP client sends: Authorization, Accept, User-Agent,
    /// Content-Type for a body, then the builder's own headers.
    pub fn prepared(self, signature: Signature) -> Result<PreparedRequest> {
        let authorization = self.authorization(signature)?;
        let target = self.target.ok_or_else(|| Error::Internal("this request was not made from a RequestSpec".into()))?;
        let mut headers = vec![
            ("Authorization".to_owned(), authorization),
            ("Accept".to_owned(), "application/json".to_owned()),
            ("User-Agent".to_owned(), USER_AGENT.to_owned()),
        ];
        if target.body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        headers.extend(target.headers);
        Ok(PreparedRequest { method: target.method, url: target.url, headers, body: target.body })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreparedRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// Adds Authorization, Accept, Content-Type and User-Agent to a built spec.
pub fn prepare(key: &MerchantKey, spec: &RequestSpec, base_url: Option<&str>, timestamp: u64, nonce: &str) -> Result<PreparedRequest> {
    let to_sign = RequestToSign::for_spec(key.mchid(), key.serial_no(), spec, base_url, timestamp, nonce)?;
    let signature = rsa_sig::sign_bytes(key.rsa()?, to_sign.message.as_bytes())?;
    to_sign.prepared(Signature::Bytes(&signature))
}
