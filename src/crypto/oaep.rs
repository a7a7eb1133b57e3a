//! RSAES-OAEP with SHA-1 and MGF1-SHA-1 (empty label) for sensitive fields.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use zeroize::Zeroizing;

use super::entropy::{SeededRng, MIN_SEED_LEN};
use crate::{Error, Result};

const SHA1_LEN: usize = 20;

/// The most plaintext RSA-OAEP-SHA1 takes with the largest supported key (4096 bits): the bound
/// on what is copied before the key's own limit is checked. WeChat Pay's keys are 2048-bit,
/// which take at most [`MAX_PLAINTEXT_LEN_2048`] bytes.
pub const MAX_PLAINTEXT_LEN: usize = crate::keys::merchant::MAX_BITS / 8 - 2 * SHA1_LEN - 2;
/// What a WeChat Pay (2048-bit) platform key takes.
pub const MAX_PLAINTEXT_LEN_2048: usize = 2048 / 8 - 2 * SHA1_LEN - 2;
/// The longest ciphertext taken by `decrypt`, in base64 characters: a 4096-bit key's 512 bytes
/// are 684 characters (a 2048-bit key's 256 are 344); the rest is room for surrounding whitespace.
pub const MAX_CIPHERTEXT_LEN: usize = 1024;

/// Refuses a plaintext of `len` bytes that no supported key could encrypt.
pub fn check_plaintext_len(len: usize) -> Result<()> {
    if len > MAX_PLAINTEXT_LEN {
        return Err(plaintext_error(len, "with any supported key (4096 bits)", MAX_PLAINTEXT_LEN));
    }
    Ok(())
}

fn plaintext_error(len: usize, with: &str, max: usize) -> Error {
    Error::PayloadInvalid(format!(
        "sensitive field is {len} bytes, RSA-OAEP {with} takes at most {max} ({MAX_PLAINTEXT_LEN_2048} with WeChat Pay's 2048-bit keys); \
         encrypt one field's own value (a name, ID or phone number), never a document"
    ))
}

/// Refuses a ciphertext of `len` characters longer than any supported key's.
pub fn check_ciphertext_len(len: usize) -> Result<()> {
    if len > MAX_CIPHERTEXT_LEN {
        return Err(Error::ResourceInvalid(format!(
            "ciphertext is {len} characters, over the {MAX_CIPHERTEXT_LEN}-character limit (RSA-OAEP fields are 344 characters of base64 for a 2048-bit key); \
             pass one encrypted field's value as WeChat Pay sent it"
        )));
    }
    Ok(())
}

/// Largest plaintext a key can take (214 bytes for RSA-2048).
pub fn max_plaintext_len(key: &RsaPublicKey) -> usize {
    max_plaintext_len_for(key.size())
}

/// [`max_plaintext_len`] for a modulus of `key_bytes` bytes.
pub fn max_plaintext_len_for(key_bytes: usize) -> usize {
    key_bytes.saturating_sub(2 * SHA1_LEN + 2)
}

/// Refuses a plaintext of `len` bytes that a key of `key_bytes` bytes cannot encrypt (what [`encrypt`] checks
/// first; hosts that encrypt with their own RSA-OAEP run it too).
pub fn check_plaintext_for(key_bytes: usize, len: usize) -> Result<()> {
    let max = max_plaintext_len_for(key_bytes);
    if len > max {
        return Err(plaintext_error(len, "with this key", max));
    }
    Ok(())
}

/// Base64 ciphertext. `entropy` is ≥ 32 bytes from the host's CSPRNG.
pub fn encrypt(key: &RsaPublicKey, plaintext: &str, entropy: &[u8]) -> Result<String> {
    let k = super::rsa_public::modulus_len(key).ok_or_else(|| Error::Internal("RSA key size".into()))?;
    check_plaintext_for(k, plaintext.len())?;
    let mut rng = SeededRng::new(entropy).ok_or_else(|| Error::Internal(format!("OAEP needs at least {MIN_SEED_LEN} bytes of entropy")))?;
    // The seed is the RNG's first 20 bytes, as rsa's OAEP drew it: the same ciphertext as before.
    let mut seed = Zeroizing::new([0u8; SHA1_LEN]);
    rng.fill_bytes(seed.as_mut());
    super::rsa_public::oaep_sha1_encrypt(key, plaintext.as_bytes(), &seed)
        .map(|ct| STANDARD.encode(ct))
        .ok_or_else(|| Error::Internal("RSA-OAEP encryption failed".into()))
}

/// Decrypts a field WeChat Pay encrypted with the merchant's public key.
pub fn decrypt(key: &RsaPrivateKey, ciphertext_b64: &str) -> Result<Zeroizing<String>> {
    check_ciphertext_len(ciphertext_b64.len())?;
    let ct = STANDARD.decode(ciphertext_b64.trim()).map_err(|_| Error::ResourceInvalid("ciphertext is not valid base64".into()))?;
    if ct.len() != key.size() {
        return Err(Error::ResourceInvalid(format!("ciphertext is {} bytes, the key needs {}", ct.len(), key.size())));
    }
    let pt = Zeroizing::new(key.decrypt(Oaep::<Sha1>::new(), &ct).map_err(|_| Error::SensitiveDecryptionFailed)?);
    match core::str::from_utf8(&pt) {
        Ok(s) => Ok(Zeroizing::new(s.to_owned())),
        Err(_) => Err(Error::PayloadInvalid("decrypted field is not UTF-8".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps() {
        assert_eq!(MAX_PLAINTEXT_LEN_2048, 214);
        assert_eq!(MAX_PLAINTEXT_LEN, 470);
        assert!(check_plaintext_len(470).is_ok());
        assert_eq!(check_plaintext_len(471).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert!(check_ciphertext_len(MAX_CIPHERTEXT_LEN).is_ok());
        assert_eq!(check_ciphertext_len(MAX_CIPHERTEXT_LEN + 1).unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID");
    }
}
