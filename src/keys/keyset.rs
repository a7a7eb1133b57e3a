//! Platform keys looked up by `Wechatpay-Serial`: certificates and public keys together.

use super::merchant::normalise_serial;
use super::platform::{PlatformKey, PlatformKeyKind};
use crate::{Error, Result};

/// Holds every key WeChat Pay may sign with during rotation or public-key migration.
#[derive(Debug, Clone, Default)]
pub struct PlatformKeySet {
    keys: Vec<PlatformKey>,
    merchant_serial: Option<String>,
}

impl PlatformKeySet {
    /// Refuses duplicates and the merchant's own certificate serial (a classic mix-up:
    /// verifying with your own key never succeeds and hides the real problem).
    pub fn new(keys: Vec<PlatformKey>, merchant_serial_no: Option<&str>) -> Result<Self> {
        let merchant_serial = merchant_serial_no.map(normalise_serial).transpose()?;
        let mut set = PlatformKeySet { keys: Vec::with_capacity(keys.len()), merchant_serial };
        for key in keys {
            set.insert(key)?;
        }
        Ok(set)
    }

    /// Adds a key; replacing a key with the same serial is allowed (refresh), other duplicates are not possible.
    pub fn insert(&mut self, key: PlatformKey) -> Result<()> {
        if self.merchant_serial.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(key.serial())) {
            return Err(Error::KeyInvalid(format!(
                "serial {} is the merchant's own API certificate; platform keys come from /v3/certificates or 微信支付公钥",
                key.serial()
            )));
        }
        self.keys.retain(|k| !k.serial().eq_ignore_ascii_case(key.serial()));
        self.keys.push(key);
        Ok(())
    }

    pub fn get(&self, serial: &str) -> Result<&PlatformKey> {
        if self.merchant_serial.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(serial)) {
            return Err(Error::SerialUnknown(serial.to_owned()));
        }
        self.keys.iter().find(|k| k.serial().eq_ignore_ascii_case(serial)).ok_or_else(|| Error::SerialUnknown(serial.to_owned()))
    }

    pub fn keys(&self) -> &[PlatformKey] {
        &self.keys
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key to encrypt sensitive fields with: the WeChat Pay public key when
    /// present (it never expires), else the certificate that expires last.
    pub fn encryption_key(&self) -> Option<&PlatformKey> {
        if let Some(pk) = self.keys.iter().find(|k| k.is_public_key()) {
            return Some(pk);
        }
        self.keys.iter().max_by_key(|k| match k.kind() {
            PlatformKeyKind::Certificate { not_after, .. } => not_after,
            PlatformKeyKind::PublicKey => i64::MAX,
        })
    }
}
