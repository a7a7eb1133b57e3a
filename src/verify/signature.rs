//! Signature checks shared by responses and callbacks.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use super::headers::{HeaderPair, WechatpayHeaders};
use crate::crypto::rsa_sig;
use crate::error::Side;
use crate::keys::{PlatformKey, PlatformKeySet};
use crate::sign::message::{response_head, RESPONSE_TAIL};
use crate::sign::SCHEME;
use crate::{Error, Result};

/// Same window as the official SDKs: a message 300 s or more away from `now` is refused.
pub const DEFAULT_TOLERANCE_SEC: u32 = 300;
pub const PROBE_PREFIX: &str = "WECHATPAY/SIGNTEST/";

/// What a successful verification vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Verified {
    pub serial: String,
    pub timestamp: i64,
    pub nonce: String,
}

/// Everything but the RSA operation, so a host with native crypto can finish the job.
#[derive(Debug, Clone)]
pub struct MessageToVerify<'k> {
    pub key: &'k PlatformKey,
    pub message: Vec<u8>,
    pub signature: Vec<u8>,
    pub verified: Verified,
}

fn check_window(timestamp: i64, now: i64, tolerance_sec: u32) -> Result<()> {
    let skew = now.saturating_sub(timestamp);
    if skew.unsigned_abs() >= u64::from(tolerance_sec) {
        let side = if skew > 0 { Side::Past } else { Side::Future };
        return Err(Error::TimestampOutOfTolerance { side, skew_sec: skew, tolerance_sec });
    }
    Ok(())
}

/// Everything but the RSA operation, for a host that hashes the body where it is (no copy into
/// wasm memory): the signed message is `head ‖ body ‖ tail`.
#[derive(Debug, Clone)]
pub struct HeadToVerify<'k, 'h> {
    pub key: &'k PlatformKey,
    /// `TIMESTAMP\nNONCE\n`, the header text as received (the timestamp's leading zeros included).
    pub head: String,
    /// What follows the body in the signed message.
    pub tail: &'static str,
    pub signature: Vec<u8>,
    /// The signature header as received (trimmed), canonical standard base64 once this returned.
    pub signature_b64: &'h str,
    pub verified: Verified,
}

impl HeadToVerify<'_, '_> {
    /// The signed message `head ‖ body ‖ tail` in one buffer.
    pub fn message(&self, body: &[u8]) -> Vec<u8> {
        let mut message = Vec::with_capacity(self.head.len() + body.len() + self.tail.len());
        message.extend_from_slice(self.head.as_bytes());
        message.extend_from_slice(body);
        message.extend_from_slice(self.tail.as_bytes());
        message
    }
}

/// The signature headers' checks in the core's order: headers, type, probe, clock window,
/// serial, signature encoding; then the sizes [`rsa_sig::check_input`] applies, for a body of
/// `body_len` bytes. [`check_message`] is this plus the assembled message.
pub fn check_headers<'k, 'h>(
    headers: &'h [impl HeaderPair],
    body_len: usize,
    keys: &'k PlatformKeySet,
    now: i64,
    tolerance_sec: u32,
) -> Result<HeadToVerify<'k, 'h>> {
    let h = WechatpayHeaders::extract(headers)?;
    if let Some(t) = h.signature_type {
        if t != SCHEME {
            return Err(Error::SignatureTypeUnsupported(t.chars().take(64).collect()));
        }
    }
    // Probes are never valid; flag them before anything else so logs can tell them apart.
    if h.signature.starts_with(PROBE_PREFIX) {
        return Err(Error::SignatureInvalid { probe: true });
    }
    check_window(h.timestamp, now, tolerance_sec)?;
    let key = keys.get(h.serial)?;
    let signature = STANDARD.decode(h.signature).map_err(|_| Error::SignatureInvalid { probe: false })?;
    let head = response_head(h.timestamp_text, h.nonce);
    // What rsa_sig::verify checks before the RSA operation, here too: a host verifying with its
    // own RSA (node:crypto, WebCrypto) gets the same refusals.
    rsa_sig::check_input_len(head.len().saturating_add(body_len).saturating_add(RESPONSE_TAIL.len()), &signature)?;
    Ok(HeadToVerify {
        key,
        head,
        tail: RESPONSE_TAIL,
        signature,
        signature_b64: h.signature,
        verified: Verified { serial: key.serial().to_owned(), timestamp: h.timestamp, nonce: h.nonce.to_owned() },
    })
}

/// Checks headers, type, probe, clock window and serial, and decodes the signature.
pub fn check_message<'k>(headers: &[impl HeaderPair], body: &[u8], keys: &'k PlatformKeySet, now: i64, tolerance_sec: u32) -> Result<MessageToVerify<'k>> {
    let h = check_headers(headers, body.len(), keys, now, tolerance_sec)?;
    let message = h.message(body);
    Ok(MessageToVerify { key: h.key, message, signature: h.signature, verified: h.verified })
}

/// Full verification of a response or callback over its raw body bytes.
pub fn verify_message(headers: &[impl HeaderPair], body: &[u8], keys: &PlatformKeySet, now: i64, tolerance_sec: u32) -> Result<Verified> {
    let m = check_message(headers, body, keys, now, tolerance_sec)?;
    rsa_sig::verify(m.key.rsa()?, &m.message, &m.signature)?;
    Ok(m.verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_is_two_sided_and_names_the_side() {
        assert!(check_window(1000, 1000, 300).is_ok());
        assert!(check_window(1000, 1299, 300).is_ok());
        assert!(check_window(1000, 701, 300).is_ok());
        assert_eq!(check_window(1000, 1300, 300).unwrap_err(), Error::TimestampOutOfTolerance { side: Side::Past, skew_sec: 300, tolerance_sec: 300 });
        assert_eq!(check_window(1000, 699, 300).unwrap_err(), Error::TimestampOutOfTolerance { side: Side::Future, skew_sec: -301, tolerance_sec: 300 });
        assert!(check_window(0, i64::MAX, 300).is_err());
        assert!(check_window(i64::MAX, i64::MIN, 300).is_err());
    }
}
