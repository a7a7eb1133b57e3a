//! `Wechatpay-*` headers, looked up case-insensitively and parsed strictly.

use crate::{Error, Result};

/// One header as the host received it: `(name, value)`, any case, owned or borrowed (the wasm
/// bindings borrow the bytes JS copied in instead of allocating two strings per header).
pub trait HeaderPair {
    fn name(&self) -> &str;
    fn value(&self) -> &str;
}

impl<N: AsRef<str>, V: AsRef<str>> HeaderPair for (N, V) {
    fn name(&self) -> &str {
        self.0.as_ref()
    }
    fn value(&self) -> &str {
        self.1.as_ref()
    }
}

/// Headers as the host received them: (name, value) pairs, any case.
pub type HeaderList<P = (String, String)> = [P];

pub const TIMESTAMP: &str = "Wechatpay-Timestamp";
pub const NONCE: &str = "Wechatpay-Nonce";
pub const SIGNATURE: &str = "Wechatpay-Signature";
pub const SERIAL: &str = "Wechatpay-Serial";
pub const SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
pub const REQUEST_ID: &str = "Request-ID";
/// The longest value of any header the protocol reads (the `Wechatpay-*` set and Request-ID),
/// in UTF-8 bytes: a real signature is 344 base64 characters for RSA-2048, serials are 40 hex
/// digits or `PUB_KEY_ID_` and up to 64 more; 2048 leaves room for 8192-bit keys (1368). Hosts
/// copy no more than this (plus one byte, to keep the error) of a value into wasm memory.
pub const MAX_VALUE_LEN: usize = 2048;
/// Every header name the protocol reads; hosts copy no other header into wasm memory.
pub const READ: [&str; 6] = [TIMESTAMP, NONCE, SIGNATURE, SERIAL, SIGNATURE_TYPE, REQUEST_ID];

/// One header, exactly once. A repeated header is ambiguous, so it is refused.
pub fn find<'a>(headers: &'a [impl HeaderPair], name: &'static str) -> Result<Option<&'a str>> {
    let mut found: Option<&str> = None;
    for pair in headers {
        if pair.name().trim().eq_ignore_ascii_case(name) {
            if found.is_some() {
                return Err(Error::HeaderInvalid { name, reason: "appears more than once".into() });
            }
            found = Some(pair.value());
        }
    }
    if let Some(v) = found {
        if v.len() > MAX_VALUE_LEN {
            return Err(Error::HeaderInvalid { name, reason: format!("longer than {MAX_VALUE_LEN} bytes") });
        }
    }
    Ok(found.map(str::trim))
}

fn required<'a>(headers: &'a [impl HeaderPair], name: &'static str) -> Result<&'a str> {
    match find(headers, name)? {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::HeaderMissing(name)),
    }
}

/// Unix seconds: ASCII digits only (no sign, no decimals, no milliseconds).
pub fn parse_timestamp(v: &str) -> Result<i64, &'static str> {
    if v.is_empty() || v.len() > 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err("must be Unix seconds as decimal digits");
    }
    v.parse::<i64>().map_err(|_| "must be Unix seconds as decimal digits")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WechatpayHeaders<'a> {
    /// The header text as received: it is what was signed.
    pub timestamp_text: &'a str,
    pub timestamp: i64,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub serial: &'a str,
    pub signature_type: Option<&'a str>,
}

impl<'a> WechatpayHeaders<'a> {
    pub fn extract(headers: &'a [impl HeaderPair]) -> Result<Self> {
        let signature = required(headers, SIGNATURE)?;
        let timestamp_text = required(headers, TIMESTAMP)?;
        let nonce = required(headers, NONCE)?;
        let serial = required(headers, SERIAL)?;
        let signature_type = find(headers, SIGNATURE_TYPE)?;
        let timestamp = parse_timestamp(timestamp_text).map_err(|r| Error::HeaderInvalid { name: TIMESTAMP, reason: r.into() })?;
        if nonce.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::HeaderInvalid { name: NONCE, reason: "contains control characters".into() });
        }
        Ok(WechatpayHeaders { timestamp_text, timestamp, nonce, signature, serial, signature_type })
    }

    /// True when any signature header is present (used to tell unsigned error pages apart).
    pub fn any_present(headers: &[impl HeaderPair]) -> bool {
        [TIMESTAMP, NONCE, SIGNATURE, SERIAL].iter().any(|n| headers.iter().any(|p| p.name().trim().eq_ignore_ascii_case(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn lookup_is_case_insensitive_and_duplicates_fail() {
        let list = h(&[("wechatpay-nonce", "n"), ("WECHATPAY-NONCE", "m")]);
        assert!(matches!(find(&list, NONCE), Err(Error::HeaderInvalid { .. })));
        let list = h(&[("WeChatPay-Nonce", "n")]);
        assert_eq!(find(&list, NONCE).unwrap(), Some("n"));
    }

    #[test]
    fn timestamps_are_strict() {
        for bad in ["", "-1", "+1", "1.5", "1e9", " 1", "1554208460000000", "０"] {
            assert!(parse_timestamp(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_timestamp("1554208460"), Ok(1554208460));
    }
}
