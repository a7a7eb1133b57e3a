//! Keys WeChat Pay signs with: a platform certificate or a WeChat Pay public key.

use core::fmt;

use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPublicKey;
use x509_cert::der::{DecodePem, Encode};
use x509_cert::Certificate;

use super::merchant::{check_size, normalise_serial};
use super::pem;
use crate::{Error, Result};

pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformKeyKind {
    /// A platform certificate; validity in Unix seconds.
    Certificate { not_before: i64, not_after: i64 },
    /// A WeChat Pay public key (no expiry).
    PublicKey,
}

/// One verification/encryption key, identified by what `Wechatpay-Serial` carries.
#[derive(Clone, PartialEq)]
pub struct PlatformKey {
    serial: String,
    kind: PlatformKeyKind,
    key: RsaPublicKey,
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
        let key = match pem::label(&text)? {
            Some("PUBLIC KEY") => RsaPublicKey::from_public_key_pem(&text).map_err(|e| public_key_error(&e.to_string()))?,
            Some("RSA PUBLIC KEY") => RsaPublicKey::from_pkcs1_pem(&text)
                .map_err(|_| Error::KeyInvalid("PKCS#1 RSA public key could not be decoded".into()))?,
            Some("CERTIFICATE") => {
                return Err(Error::KeyInvalid("this is a certificate; use importPlatformCertificate for it".into()));
            }
            Some(l) if l.contains("PRIVATE") => {
                return Err(Error::KeyInvalid("this is a private key; the WeChat Pay public key is pub_key.pem (BEGIN PUBLIC KEY)".into()));
            }
            _ => return Err(Error::KeyInvalid("expected a PEM public key (-----BEGIN PUBLIC KEY-----)".into())),
        };
        check_size(key.size() * 8)?;
        Ok(PlatformKey { serial: id.to_owned(), kind: PlatformKeyKind::PublicKey, key })
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
        let cert = Certificate::from_pem(text.as_bytes())
            .map_err(|_| Error::KeyInvalid("X.509 certificate could not be decoded".into()))?;
        let tbs = cert.tbs_certificate();
        let serial = serial_hex(tbs.serial_number().as_bytes());
        let validity = tbs.validity();
        let not_before = unix_secs(validity.not_before.to_unix_duration());
        let not_after = unix_secs(validity.not_after.to_unix_duration());
        let spki = tbs
            .subject_public_key_info()
            .to_der()
            .map_err(|_| Error::KeyInvalid("certificate public key could not be encoded".into()))?;
        let key = RsaPublicKey::from_public_key_der(&spki).map_err(|e| public_key_error(&e.to_string()))?;
        check_size(key.size() * 8)?;
        Ok(PlatformKey { serial, kind: PlatformKeyKind::Certificate { not_before, not_after }, key })
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

    pub fn rsa(&self) -> &RsaPublicKey {
        &self.key
    }

    /// SubjectPublicKeyInfo DER, for hosts importing the key into native crypto.
    pub fn to_spki_der(&self) -> Result<Vec<u8>> {
        use rsa::pkcs8::EncodePublicKey;
        self.key
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|_| Error::Internal("SPKI encoding failed".into()))
    }
}

fn public_key_error(detail: &str) -> Error {
    if detail.contains("OID") || detail.contains("algorithm") {
        Error::KeyUnsupported("only RSA public keys are supported (SM2 is not)".into())
    } else {
        Error::KeyInvalid("public key could not be decoded".into())
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
