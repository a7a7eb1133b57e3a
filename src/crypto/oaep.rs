//! RSAES-OAEP with SHA-1 and MGF1-SHA-1 (empty label) for sensitive fields.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use zeroize::Zeroizing;

use super::entropy::{SeededRng, MIN_SEED_LEN};
use crate::{Error, Result};

const SHA1_LEN: usize = 20;

/// Largest plaintext a key can take (214 bytes for RSA-2048).
pub fn max_plaintext_len(key: &RsaPublicKey) -> usize {
    key.size().saturating_sub(2 * SHA1_LEN + 2)
}

/// Base64 ciphertext. `entropy` is ≥ 32 bytes from the host's CSPRNG.
pub fn encrypt(key: &RsaPublicKey, plaintext: &str, entropy: &[u8]) -> Result<String> {
    let max = max_plaintext_len(key);
    if plaintext.len() > max {
        return Err(Error::PayloadInvalid(format!(
            "sensitive field is {} bytes, RSA-OAEP with this key takes at most {max}",
            plaintext.len()
        )));
    }
    let mut rng = SeededRng::new(entropy)
        .ok_or_else(|| Error::Internal(format!("OAEP needs at least {MIN_SEED_LEN} bytes of entropy")))?;
    key.encrypt(&mut rng, Oaep::<Sha1>::new(), plaintext.as_bytes())
        .map(|ct| STANDARD.encode(ct))
        .map_err(|_| Error::Internal("RSA-OAEP encryption failed".into()))
}

/// Decrypts a field WeChat Pay encrypted with the merchant's public key.
pub fn decrypt(key: &RsaPrivateKey, ciphertext_b64: &str) -> Result<Zeroizing<String>> {
    let ct = STANDARD
        .decode(ciphertext_b64.trim())
        .map_err(|_| Error::ResourceInvalid("ciphertext is not valid base64".into()))?;
    if ct.len() != key.size() {
        return Err(Error::ResourceInvalid(format!("ciphertext is {} bytes, the key needs {}", ct.len(), key.size())));
    }
    let pt = Zeroizing::new(key.decrypt(Oaep::<Sha1>::new(), &ct).map_err(|_| Error::SensitiveDecryptionFailed)?);
    match core::str::from_utf8(&pt) {
        Ok(s) => Ok(Zeroizing::new(s.to_owned())),
        Err(_) => Err(Error::PayloadInvalid("decrypted field is not UTF-8".into())),
    }
}
