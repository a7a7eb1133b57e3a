//! SHA256withRSA (RSASSA-PKCS1-v1_5), the only signature WeChat Pay APIv3 uses.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// The longest signature taken, in bytes: a 4096-bit key's. Anything longer is invalid for every
/// supported key, so it is refused as such before it is copied.
pub const MAX_SIGNATURE_LEN: usize = crate::keys::merchant::MAX_BITS / 8;

/// Base64 signature of `message`.
pub fn sign(key: &RsaPrivateKey, message: &[u8]) -> Result<String> {
    sign_bytes(key, message).map(|sig| STANDARD.encode(sig))
}

/// The RSA-SHA256 (PKCS#1 v1.5) signature of `message`.
pub fn sign_bytes(key: &RsaPrivateKey, message: &[u8]) -> Result<Vec<u8>> {
    let digest = Sha256::digest(message);
    key.sign(Pkcs1v15Sign::new::<Sha256>(), &digest).map_err(|_| Error::Internal("RSA signing failed".into()))
}

/// The size rules [`verify`] applies before the RSA operation (hosts that verify natively run them too).
pub fn check_input(message: &[u8], signature: &[u8]) -> Result<()> {
    check_input_len(message.len(), signature)
}

/// [`check_input`] for a message of `message_len` bytes that is not assembled in one buffer.
pub fn check_input_len(message_len: usize, signature: &[u8]) -> Result<()> {
    crate::sign::message::check_message_len(message_len)?;
    if signature.len() > MAX_SIGNATURE_LEN {
        return Err(Error::SignatureInvalid { probe: false });
    }
    Ok(())
}

/// The error a failed RSA verification is, wherever it ran (opaque: no detail of why).
pub fn invalid_signature() -> Error {
    Error::SignatureInvalid { probe: false }
}

/// `Ok(())` only when `signature` is valid for `message`.
pub fn verify(key: &RsaPublicKey, message: &[u8], signature: &[u8]) -> Result<()> {
    check_input(message, signature)?;
    let digest: [u8; 32] = Sha256::digest(message).into();
    if super::rsa_public::verify_sha256(key, &digest, signature) {
        Ok(())
    } else {
        Err(Error::SignatureInvalid { probe: false })
    }
}
