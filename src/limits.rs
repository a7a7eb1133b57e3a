//! The size limits a host applies before it copies an input into wasm memory (which never
//! shrinks), each with the core's own check. One table: `wasmLimits` reports it, the contract
//! generator writes it into the package's constants, and every core function that reads such an
//! input runs the same check itself.

use crate::crypto::{aead, oaep, rsa_sig};
use crate::keys::pem;
use crate::sign::message as msg;
use crate::{notify, verify, Error, Result};

/// The longest `nack` message, in UTF-8 bytes. WeChat Pay only logs the reason (the customary
/// one is 处理失败); 512 bytes is about 170 Chinese characters.
pub const MAX_NACK_MESSAGE_LEN: usize = 512;

/// The longest JSON text of an input object (a builder's input, a resource, a split plan), in
/// UTF-16 code units, measured before the text is copied into wasm memory. The largest valid
/// request (a profit-sharing order with its receivers, legacy encrypted names included) is
/// a few tens of KB; 256 Ki units (at most 768 KB of UTF-8) bounds the copy with room to spare.
pub const MAX_INPUT_LEN: usize = 256 * 1024;

pub fn check_nack_len(len: usize) -> Result<()> {
    if len > MAX_NACK_MESSAGE_LEN {
        return Err(msg::too_large("message", len, MAX_NACK_MESSAGE_LEN, "answer WeChat Pay with a short reason and keep the details in your own logs"));
    }
    Ok(())
}

fn check_signature_len(len: usize) -> Result<()> {
    if len > rsa_sig::MAX_SIGNATURE_LEN {
        return Err(Error::SignatureInvalid { probe: false });
    }
    Ok(())
}

type LengthCheck = fn(usize) -> Result<()>;

/// Caps on caller strings: name (as `wasmLimits` reports it and `wasmCheckLength` takes it),
/// the limit in UTF-8 bytes, and the core's check. `apiV3Key` is exact: any other length is refused.
const LENGTH_CAPS: [(&str, usize, LengthCheck); 13] = [
    ("apiV3Key", aead::APIV3_KEY_LEN, aead::check_key_len),
    ("identifier", crate::keys::MAX_IDENTIFIER_LEN, crate::keys::check_identifier_len),
    ("authorizationHeader", crate::sign::authorization::MAX_HEADER_LEN, crate::sign::authorization::check_header_len),
    ("keyPem", pem::MAX_PEM_LEN, pem::check_len),
    ("method", msg::MAX_METHOD_LEN, msg::check_method_len),
    ("url", msg::MAX_URL_LEN, msg::check_url_len),
    ("nonce", msg::MAX_NONCE_LEN, msg::check_nonce_len),
    ("requestBody", msg::MAX_BODY_LEN, msg::check_body_len),
    ("message", msg::MAX_MESSAGE_LEN, msg::check_message_len),
    ("signature", rsa_sig::MAX_SIGNATURE_LEN, check_signature_len),
    ("sensitivePlaintext", oaep::MAX_PLAINTEXT_LEN, oaep::check_plaintext_len),
    ("sensitiveCiphertext", oaep::MAX_CIPHERTEXT_LEN, oaep::check_ciphertext_len),
    ("nackMessage", MAX_NACK_MESSAGE_LEN, check_nack_len),
];

/// Every limit by name: the caps above, plus the ones checked through their own entry points
/// (header values, bodies, input JSON in UTF-16 units, a signature's base64 text).
pub fn all() -> Vec<(&'static str, usize)> {
    let mut out = vec![
        ("headerValue", verify::headers::MAX_VALUE_LEN),
        ("notificationBody", notify::MAX_BODY_LEN),
        ("responseBody", verify::response::MAX_BODY_LEN),
        ("inputJson", MAX_INPUT_LEN),
        // The longest base64 text of a signature any supported key makes (longer is invalid).
        ("signatureText", rsa_sig::MAX_SIGNATURE_LEN.div_ceil(3) * 4),
    ];
    out.extend(LENGTH_CAPS.iter().map(|(n, max, _)| (*n, *max)));
    out
}

/// The lower-cased names of the headers the core reads; a host copies no other header.
pub fn header_names() -> Vec<String> {
    verify::headers::READ.iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// The core's error for an input `name` of `len` bytes if it is refused for its size.
pub fn check(name: &str, len: usize) -> Result<()> {
    match LENGTH_CAPS.iter().find(|(n, _, _)| *n == name) {
        Some((_, _, check)) => check(len),
        None => Err(Error::Internal(format!("no length limit named {name:?}"))),
    }
}
