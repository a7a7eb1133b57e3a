//! The merchant API private key (apiclient_key.pem) that signs requests.

use core::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::pem;
use crate::{Error, Result};

pub const MIN_BITS: usize = 2048;
pub const MAX_BITS: usize = 4096;

/// A merchant key with the identity it signs for. `Debug` never prints key material.
#[derive(Clone)]
pub struct MerchantKey {
    mchid: String,
    serial_no: String,
    key: RsaPrivateKey,
}

impl fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MerchantKey")
            .field("mchid", &self.mchid)
            .field("serial_no", &self.serial_no)
            .field("key", &"[redacted]")
            .finish()
    }
}

impl MerchantKey {
    /// Accepts PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or bare base64 DER.
    pub fn from_pem(mchid: &str, serial_no: &str, private_key_pem: &str) -> Result<Self> {
        validate_mchid(mchid)?;
        let serial_no = normalise_serial(serial_no)?;
        let key = parse_private_key(private_key_pem)?;
        Ok(MerchantKey { mchid: mchid.to_owned(), serial_no, key })
    }

    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// Merchant API certificate serial, upper-case hex, as sent in `serial_no`.
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    pub(crate) fn rsa(&self) -> &RsaPrivateKey {
        &self.key
    }

    /// Base64 SHA256withRSA signature of arbitrary bytes (request messages, JSAPI/mini-program paySign).
    pub fn sign(&self, message: &[u8]) -> Result<String> {
        crate::crypto::rsa_sig::sign(&self.key, message)
    }

    /// Decrypts a field WeChat Pay encrypted for this merchant (RSA-OAEP-SHA1).
    pub fn decrypt_sensitive(&self, ciphertext_b64: &str) -> Result<Zeroizing<String>> {
        crate::crypto::oaep::decrypt(&self.key, ciphertext_b64)
    }

    pub fn public_key(&self) -> RsaPublicKey {
        self.key.to_public_key()
    }

    /// PKCS#8 DER, for hosts that import the key into native crypto (WebCrypto, KMS).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.key
            .to_pkcs8_der()
            .map(|doc| Zeroizing::new(doc.as_bytes().to_vec()))
            .map_err(|_| Error::Internal("PKCS#8 encoding failed".into()))
    }
}

fn validate_mchid(mchid: &str) -> Result<()> {
    if mchid.is_empty() || mchid.len() > 32 || !mchid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::KeyInvalid("mchid must be the merchant number: 1 to 32 digits".into()));
    }
    Ok(())
}

/// Certificate serials are hex; WeChat Pay prints and expects upper case.
pub(crate) fn normalise_serial(serial: &str) -> Result<String> {
    let s = serial.trim();
    if s.is_empty() || s.len() > 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::KeyInvalid(
            "serialNo must be the merchant API certificate serial in hex (openssl x509 -noout -serial)".into(),
        ));
    }
    Ok(s.to_ascii_uppercase())
}

fn parse_private_key(input: &str) -> Result<RsaPrivateKey> {
    let text = pem::normalise(input)?;
    let key = match pem::label(&text)? {
        Some("PRIVATE KEY") => RsaPrivateKey::from_pkcs8_pem(&text).map_err(|e| pkcs8_error(&e.to_string()))?,
        Some("RSA PRIVATE KEY") => RsaPrivateKey::from_pkcs1_pem(&text)
            .map_err(|_| Error::KeyInvalid("PKCS#1 RSA private key could not be decoded".into()))?,
        Some("ENCRYPTED PRIVATE KEY") => {
            return Err(Error::KeyUnsupported(
                "encrypted private keys are not supported; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)".into(),
            ));
        }
        Some("PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE") => {
            return Err(Error::KeyInvalid(
                "this is a public key or certificate; the merchant key is apiclient_key.pem (BEGIN PRIVATE KEY)".into(),
            ));
        }
        Some(other) => return Err(Error::KeyUnsupported(format!("PEM type {other:?} is not an RSA private key"))),
        None => {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let der = Zeroizing::new(
                STANDARD
                    .decode(compact.as_bytes())
                    .map_err(|_| Error::KeyInvalid("expected a PEM private key (-----BEGIN PRIVATE KEY-----)".into()))?,
            );
            RsaPrivateKey::from_pkcs8_der(&der)
                .or_else(|_| RsaPrivateKey::from_pkcs1_der(&der))
                .map_err(|_| Error::KeyInvalid("base64 input is neither a PKCS#8 nor a PKCS#1 RSA private key".into()))?
        }
    };
    check_size(key.size() * 8)?;
    Ok(key)
}

fn pkcs8_error(detail: &str) -> Error {
    // An OID mismatch means a valid PKCS#8 key of another algorithm (EC, Ed25519, SM2).
    if detail.contains("OID") || detail.contains("algorithm") {
        Error::KeyUnsupported("only RSA keys are supported (WECHATPAY2-SHA256-RSA2048)".into())
    } else {
        Error::KeyInvalid("PKCS#8 private key could not be decoded".into())
    }
}

pub(crate) fn check_size(bits: usize) -> Result<()> {
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return Err(Error::KeyUnsupported(format!("RSA key is {bits} bits; {MIN_BITS} to {MAX_BITS} are supported")));
    }
    Ok(())
}
