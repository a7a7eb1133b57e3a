//! Keys WeChat Pay signs with: a platform certificate or a WeChat Pay public key.

use core::fmt;
use std::sync::{Arc, OnceLock};

use rsa::pkcs8::der::Document;
use rsa::pkcs8::DecodePublicKey;
use rsa::RsaPublicKey;
use x509_cert::der::{DecodePem, Encode};
use x509_cert::Certificate;

use super::merchant::{check_size, normalise_serial};
use super::pem;
use super::rsa_der::{self, CheckedPublicKey, Refusal};
use crate::{Error, Result};

pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformKeyKind {
    /// A platform certificate; validity in Unix seconds.
    Certificate { not_before: i64, not_after: i64 },
    /// A WeChat Pay public key (no expiry).
    PublicKey,
}

/// One verification/encryption key, identified by what `Wechatpay-Serial` carries. Holds the
/// checked SPKI; rsa's key (R² mod n) is built on its first use in wasm.
#[derive(Clone)]
pub struct PlatformKey {
    serial: String,
    kind: PlatformKeyKind,
    spki: Vec<u8>,
    bits: usize,
    /// Shared by clones: a key set copies its keys (per call for `keys: [key]`), and each copy
    /// would otherwise compute R² mod n again on its first wasm verification.
    key: Arc<OnceLock<RsaPublicKey>>,
}

impl PartialEq for PlatformKey {
    fn eq(&self, other: &Self) -> bool {
        (&self.serial, self.kind, &self.spki) == (&other.serial, other.kind, &other.spki)
    }
}

impl fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey").field("serial", &self.serial).field("kind", &self.kind).finish()
    }
}

impl PlatformKey {
    /// A WeChat Pay public key (SPKI or PKCS#1 PEM) with its `PUB_KEY_ID_…` id.
    pub fn from_public_key_pem(id: &str, pem_text: &str) -> Result<Self> {
        let id = id.trim();
        let digits = id.strip_prefix(PUBLIC_KEY_ID_PREFIX).unwrap_or("");
        if digits.is_empty() || digits.len() > 64 || !digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(Error::KeyInvalid(format!(
                "public key id must look like {PUBLIC_KEY_ID_PREFIX}0114232134912410000000000000 (商户平台 → API安全 → 微信支付公钥)"
            )));
        }
        let text = pem::normalise(pem_text)?;
        let checked = match pem::label(&text)? {
            Some("PUBLIC KEY") => pem_der(&text).ok_or(Refusal::Malformed).and_then(|der| rsa_der::from_spki(der.as_bytes())).map_err(public_key_error)?,
            Some("RSA PUBLIC KEY") => pem_der(&text)
                .and_then(|der| rsa_der::from_pkcs1_public(der.as_bytes()).ok())
                .ok_or_else(|| Error::KeyInvalid("PKCS#1 RSA public key could not be decoded".into()))?,
            Some("CERTIFICATE") => {
                return Err(Error::KeyInvalid("this is a certificate; use importPlatformCertificate for it".into()));
            }
            Some(l) if l.contains("PRIVATE") => {
                return Err(Error::KeyInvalid("this is a private key; the WeChat Pay public key is pub_key.pem (BEGIN PUBLIC KEY)".into()));
            }
            _ => return Err(Error::KeyInvalid("expected a PEM public key (-----BEGIN PUBLIC KEY-----)".into())),
        };
        Self::checked(id.to_owned(), PlatformKeyKind::PublicKey, checked)
    }

    /// A platform certificate (X.509 PEM); the serial is read from the certificate.
    pub fn from_certificate_pem(pem_text: &str) -> Result<Self> {
        let text = pem::normalise(pem_text)?;
        match pem::label(&text)? {
            Some("CERTIFICATE") => {}
            Some(l) if l.contains("PRIVATE") => {
                return Err(Error::KeyInvalid("this is a private key, not a platform certificate".into()));
            }
            Some("PUBLIC KEY") => {
                return Err(Error::KeyInvalid("this is a public key; use importPlatformPublicKey with its PUB_KEY_ID_ id".into()));
            }
            _ => return Err(Error::KeyInvalid("expected a PEM certificate (-----BEGIN CERTIFICATE-----)".into())),
        }
        let cert = Certificate::from_pem(text.as_bytes()).map_err(|_| Error::KeyInvalid("X.509 certificate could not be decoded".into()))?;
        let tbs = cert.tbs_certificate();
        let serial = serial_hex(tbs.serial_number().as_bytes());
        let validity = tbs.validity();
        let not_before = unix_secs(validity.not_before.to_unix_duration());
        let not_after = unix_secs(validity.not_after.to_unix_duration());
        let spki = tbs.subject_public_key_info().to_der().map_err(|_| Error::KeyInvalid("certificate public key could not be encoded".into()))?;
        let checked = rsa_der::from_spki(&spki).map_err(public_key_error)?;
        Self::checked(serial, PlatformKeyKind::Certificate { not_before, not_after }, checked)
    }

    fn checked(serial: String, kind: PlatformKeyKind, key: CheckedPublicKey) -> Result<Self> {
        check_size(key.bits)?;
        Ok(PlatformKey { serial, kind, spki: key.spki, bits: key.bits, key: Arc::new(OnceLock::new()) })
    }

    /// Certificate serial (upper-case hex) or public key id.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    pub fn kind(&self) -> PlatformKeyKind {
        self.kind
    }

    pub fn is_public_key(&self) -> bool {
        matches!(self.kind, PlatformKeyKind::PublicKey)
    }

    /// Whether the key may no longer verify at `now` (Unix seconds): a certificate whose
    /// notAfter has passed. A WeChat Pay public key has no end date, so it never expires.
    /// One rule for every host: the client drops such certificates from downloads.
    pub fn expired_at(&self, now: i64) -> bool {
        matches!(self.kind, PlatformKeyKind::Certificate { not_after, .. } if not_after < now)
    }

    /// rsa's key, built once on first use from the checked SPKI (which rsa's own checks pass).
    pub fn rsa(&self) -> Result<&RsaPublicKey> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let built = RsaPublicKey::from_public_key_der(&self.spki).map_err(|_| Error::Internal("a checked platform key did not load".into()))?;
        Ok(self.key.get_or_init(|| built))
    }

    /// Size of the modulus in bits (whole bytes, as rsa's `size() * 8`).
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// SubjectPublicKeyInfo DER, for hosts importing the key into native crypto.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        Ok(self.spki.clone())
    }

    /// PKCS#1 DER (`RSAPublicKey`), for node:crypto, which imports it faster than SPKI.
    pub fn to_pkcs1_der(&self) -> Result<Vec<u8>> {
        rsa_der::pkcs1_public(&self.spki).map(<[u8]>::to_vec).ok_or_else(|| Error::Internal("a checked platform key did not decode".into()))
    }
}

/// The DER inside one PEM block (the label was read by `pem::label`).
fn pem_der(text: &str) -> Option<Document> {
    Document::from_pem(text).ok().map(|(_, doc)| doc)
}

fn public_key_error(refusal: Refusal) -> Error {
    match refusal {
        Refusal::NotRsa => Error::KeyUnsupported("only RSA public keys are supported (SM2 is not)".into()),
        Refusal::Malformed => Error::KeyInvalid("public key could not be decoded".into()),
    }
}

fn unix_secs(d: core::time::Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// DER integers carry a leading 0x00 when the high bit is set; WeChat's serials don't.
fn serial_hex(bytes: &[u8]) -> String {
    let trimmed = match bytes {
        [0, rest @ ..] if !rest.is_empty() => rest,
        other => other,
    };
    let mut s = String::with_capacity(trimmed.len() * 2);
    for b in trimmed {
        s.push_str(&format!("{b:02X}"));
    }
    // Serials are already hex; normalise_serial only upper-cases and bounds them.
    normalise_serial(&s).unwrap_or(s)
}
