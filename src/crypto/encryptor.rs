//! The `SensitiveEncryptor` builders use: OAEP with one platform key, fed by host entropy.

use super::entropy::SeededRng;
use super::oaep;
use crate::api::SensitiveEncryptor;
use crate::keys::PlatformKey;
use crate::{Error, Result};

pub struct KeyEncryptor<'k> {
    key: &'k PlatformKey,
    rng: SeededRng,
}

impl<'k> KeyEncryptor<'k> {
    /// `entropy`: at least 32 bytes from the host CSPRNG; each field gets fresh bytes derived from it.
    pub fn new(key: &'k PlatformKey, entropy: &[u8]) -> Result<Self> {
        let rng = SeededRng::new(entropy).ok_or_else(|| Error::Internal("encryption needs at least 32 bytes of entropy".into()))?;
        Ok(KeyEncryptor { key, rng })
    }
}

impl SensitiveEncryptor for KeyEncryptor<'_> {
    fn serial(&self) -> &str {
        self.key.serial()
    }

    fn encrypt(&mut self, plaintext: &str) -> Result<String> {
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        self.rng.fill_bytes(seed.as_mut());
        oaep::encrypt(self.key.rsa()?, plaintext, seed.as_ref())
    }
}
