//! AEAD_AES_256_GCM as WeChat Pay uses it for callbacks and certificates.
//!
//! Key: the 32-byte APIv3 key. Nonce: the 12 ASCII characters used as raw
//! bytes (never base64-decoded). Ciphertext: base64 of data‖16-byte tag.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use crate::{Error, Result};

pub const APIV3_KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// Callbacks and certificates are a few KB; refuse absurd inputs early.
pub const MAX_CIPHERTEXT_B64_LEN: usize = 1 << 20;

/// Refuses an APIv3 key of `len` bytes unless it is exactly [`APIV3_KEY_LEN`].
pub fn check_key_len(len: usize) -> Result<()> {
    if len != APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len });
    }
    Ok(())
}

fn cipher(apiv3_key: &[u8]) -> Result<Aes256Gcm> {
    check_key_len(apiv3_key.len())?;
    Aes256Gcm::new_from_slice(apiv3_key).map_err(|_| Error::ApiV3KeyInvalid { len: apiv3_key.len() })
}

fn nonce(nonce: &str) -> Result<[u8; NONCE_LEN]> {
    <[u8; NONCE_LEN]>::try_from(nonce.as_bytes()).map_err(|_| Error::ResourceInvalid(format!("nonce must be {NONCE_LEN} bytes, got {}", nonce.len())))
}

/// Everything AES-256-GCM open needs, after every rule has been checked: what a host with
/// its own AES-GCM (WebCrypto) computes. Only the tag check and the decryption are left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    /// The 12 nonce bytes (the nonce text's own bytes, never base64-decoded).
    pub nonce: [u8; NONCE_LEN],
    pub associated_data: Vec<u8>,
    /// Ciphertext followed by the 16-byte tag (at least [`TAG_LEN`] bytes).
    pub sealed: Vec<u8>,
}

/// Runs every rule of [`open`] except the decryption itself (key length, nonce length, size,
/// base64, tag length), in the same order and with the same errors.
pub fn prepare_open(apiv3_key: &[u8], nonce_str: &str, associated_data: &str, ciphertext_b64: &str) -> Result<OpenRequest> {
    check_key_len(apiv3_key.len())?;
    let nonce = nonce(nonce_str)?;
    if ciphertext_b64.len() > MAX_CIPHERTEXT_B64_LEN {
        return Err(Error::ResourceInvalid(format!("ciphertext is larger than {MAX_CIPHERTEXT_B64_LEN} bytes")));
    }
    let sealed = STANDARD.decode(ciphertext_b64.trim()).map_err(|_| Error::ResourceInvalid("ciphertext is not valid base64".into()))?;
    if sealed.len() < TAG_LEN {
        return Err(Error::ResourceInvalid(format!("ciphertext is {} bytes, shorter than the {TAG_LEN}-byte tag", sealed.len())));
    }
    Ok(OpenRequest { nonce, associated_data: associated_data.as_bytes().to_vec(), sealed })
}

/// Decrypts to bytes; the result is wiped when dropped.
pub fn open(apiv3_key: &[u8], nonce_str: &str, associated_data: &str, ciphertext_b64: &str) -> Result<Zeroizing<Vec<u8>>> {
    let req = prepare_open(apiv3_key, nonce_str, associated_data, ciphertext_b64)?;
    let cipher = cipher(apiv3_key)?;
    cipher.decrypt(&Nonce::from(req.nonce), Payload { msg: &req.sealed, aad: &req.associated_data }).map(Zeroizing::new).map_err(|_| Error::DecryptionFailed)
}

/// A resource's decrypted bytes as the UTF-8 text they must be (JSON or PEM); hosts that
/// decrypted with their own AES-GCM hand the bytes here so the rule and its error stay one.
pub fn plaintext_to_string(bytes: &[u8]) -> Result<Zeroizing<String>> {
    match core::str::from_utf8(bytes) {
        Ok(s) => Ok(Zeroizing::new(s.to_owned())),
        Err(_) => Err(Error::PayloadInvalid("decrypted resource is not UTF-8".into())),
    }
}

/// Decrypts a resource whose plaintext must be UTF-8 (JSON or PEM).
pub fn open_to_string(apiv3_key: &[u8], nonce_str: &str, associated_data: &str, ciphertext_b64: &str) -> Result<Zeroizing<String>> {
    let bytes = open(apiv3_key, nonce_str, associated_data, ciphertext_b64)?;
    plaintext_to_string(&bytes)
}

/// Encrypts like WeChat Pay does (used by the testing helpers and the emulator).
pub fn seal(apiv3_key: &[u8], nonce_str: &str, associated_data: &str, plaintext: &[u8]) -> Result<String> {
    let cipher = cipher(apiv3_key)?;
    let nonce = nonce(nonce_str)?;
    let sealed = cipher
        .encrypt(&Nonce::from(nonce), Payload { msg: plaintext, aad: associated_data.as_bytes() })
        .map_err(|_| Error::Internal("AES-GCM encryption failed".into()))?;
    Ok(STANDARD.encode(sealed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"wechatpayEdgeTestApiV3Key0123456";

    #[test]
    fn round_trip_with_and_without_aad() {
        for aad in ["", "certificate", "profitsharing"] {
            let ct = seal(KEY, "0123456789ab", aad, "分账 ok".as_bytes()).unwrap();
            assert_eq!(&*open_to_string(KEY, "0123456789ab", aad, &ct).unwrap(), "分账 ok");
        }
    }

    #[test]
    fn key_length_is_checked_before_the_tag() {
        let ct = seal(KEY, "0123456789ab", "", b"x").unwrap();
        for len in [0, 16, 31, 33, 34] {
            let key = vec![b'k'; len];
            assert_eq!(open(&key, "0123456789ab", "", &ct).unwrap_err(), Error::ApiV3KeyInvalid { len });
        }
    }

    #[test]
    fn tampering_fails_opaquely() {
        let ct = seal(KEY, "0123456789ab", "aad", b"secret").unwrap();
        assert_eq!(open(KEY, "0123456789ab", "aaD", &ct).unwrap_err(), Error::DecryptionFailed);
        assert_eq!(open(KEY, "0123456789aB", "aad", &ct).unwrap_err(), Error::DecryptionFailed);
        let mut raw = STANDARD.decode(&ct).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        assert_eq!(open(KEY, "0123456789ab", "aad", &STANDARD.encode(raw)).unwrap_err(), Error::DecryptionFailed);
        let wrong = b"wechatpayEdgeTestApiV3Key0123457";
        let err = open(wrong, "0123456789ab", "aad", &ct).unwrap_err();
        assert!(!err.to_string().contains("secret"));
    }

    #[test]
    fn prepare_open_hands_out_what_open_decrypts() {
        let ct = seal(KEY, "0123456789ab", "aad", b"secret").unwrap();
        let req = prepare_open(KEY, "0123456789ab", "aad", &ct).unwrap();
        assert_eq!(&req.nonce, b"0123456789ab");
        assert_eq!(req.associated_data, b"aad");
        assert_eq!(req.sealed, STANDARD.decode(&ct).unwrap());
        assert_eq!(prepare_open(&KEY[..31], "0123456789ab", "", &ct).unwrap_err(), Error::ApiV3KeyInvalid { len: 31 });
        assert_eq!(plaintext_to_string(&[0xff]).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }

    #[test]
    fn malformed_inputs_are_resource_errors() {
        assert_eq!(open(KEY, "short", "", "AAAA").unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
        assert_eq!(open(KEY, "0123456789ab", "", "@@@").unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
        assert_eq!(open(KEY, "0123456789ab", "", "AAAA").unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
    }
}
