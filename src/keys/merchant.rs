//! The merchant API private key (apiclient_key.pem) that signs requests.

use core::fmt;

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs8::{DecodePrivateKey, SecretDocument};
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use super::pem;
use super::rsa_der::{self, CheckedKey, Refusal};
use crate::{Error, Result};

pub const MIN_BITS: usize = 2048;
pub const MAX_BITS: usize = 4096;

/// A merchant key with the identity it signs for. `Debug` never prints key material.
/// Holds the checked PKCS#8 bytes; rsa's key (CRT values, Montgomery contexts) is built on the
/// first signature or decryption in wasm, never where the host's engine does that work.
#[derive(Clone)]
pub struct MerchantKey {
    mchid: String,
    serial_no: String,
    pkcs8: Zeroizing<Vec<u8>>,
    key: OnceLock<RsaPrivateKey>,
}

impl fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MerchantKey").field("mchid", &self.mchid).field("serial_no", &self.serial_no).field("key", &"[redacted]").finish()
    }
}

impl MerchantKey {
    /// Accepts PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or bare base64 DER.
    pub fn from_pem(mchid: &str, serial_no: &str, private_key_pem: &str) -> Result<Self> {
        validate_mchid(mchid)?;
        let serial_no = normalise_serial(serial_no)?;
        let CheckedKey { pkcs8, bits } = parse_private_key(private_key_pem)?;
        check_size(bits)?;
        Ok(MerchantKey { mchid: mchid.to_owned(), serial_no, pkcs8, key: OnceLock::new() })
    }

    pub fn mchid(&self) -> &str {
        &self.mchid
    }

    /// Merchant API certificate serial, upper-case hex, as sent in `serial_no`.
    pub fn serial_no(&self) -> &str {
        &self.serial_no
    }

    /// rsa's key, built once on first use from the checked bytes (which rsa's own checks pass).
    pub(crate) fn rsa(&self) -> Result<&RsaPrivateKey> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let built = RsaPrivateKey::from_pkcs8_der(&self.pkcs8).map_err(|_| Error::Internal("a checked merchant key did not load".into()))?;
        Ok(self.key.get_or_init(|| built))
    }

    /// Base64 SHA256withRSA signature of arbitrary bytes (request messages, JSAPI/mini-program paySign).
    pub fn sign(&self, message: &[u8]) -> Result<String> {
        crate::crypto::rsa_sig::sign(self.rsa()?, message)
    }

    /// [`MerchantKey::sign`]'s signature as bytes.
    pub fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>> {
        crate::crypto::rsa_sig::sign_bytes(self.rsa()?, message)
    }

    /// Decrypts a field WeChat Pay encrypted for this merchant (RSA-OAEP-SHA1).
    pub fn decrypt_sensitive(&self, ciphertext_b64: &str) -> Result<Zeroizing<String>> {
        crate::crypto::oaep::decrypt(self.rsa()?, ciphertext_b64)
    }

    pub fn public_key(&self) -> Result<RsaPublicKey> {
        Ok(self.rsa()?.to_public_key())
    }

    /// PKCS#8 DER, for hosts that import the key into native crypto (WebCrypto, KMS).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(self.pkcs8.clone())
    }

    /// PKCS#1 DER (`RSAPrivateKey`), for node:crypto, which imports it faster than PKCS#8.
    pub fn to_pkcs1_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        rsa_der::pkcs1_private(&self.pkcs8)
            .map(|der| Zeroizing::new(der.to_vec()))
            .ok_or_else(|| Error::Internal("a checked merchant key did not decode".into()))
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
        return Err(Error::KeyInvalid("serialNo must be the merchant API certificate serial in hex (openssl x509 -noout -serial)".into()));
    }
    Ok(s.to_ascii_uppercase())
}

fn parse_private_key(input: &str) -> Result<CheckedKey> {
    let text = pem::normalise(input)?;
    match pem::label(&text)? {
        Some("PRIVATE KEY") => {
            let doc = pem_document(&text).ok_or_else(|| pkcs8_error(Refusal::Malformed))?;
            rsa_der::from_pkcs8(doc.as_bytes()).map_err(pkcs8_error)
        }
        Some("RSA PRIVATE KEY") => pem_document(&text)
            .and_then(|doc| rsa_der::from_pkcs1(doc.as_bytes()).ok())
            .ok_or_else(|| Error::KeyInvalid("PKCS#1 RSA private key could not be decoded".into())),
        Some("ENCRYPTED PRIVATE KEY") => {
            Err(Error::KeyUnsupported("encrypted private keys are not supported; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)".into()))
        }
        Some("PUBLIC KEY" | "RSA PUBLIC KEY" | "CERTIFICATE") => {
            Err(Error::KeyInvalid("this is a public key or certificate; the merchant key is apiclient_key.pem (BEGIN PRIVATE KEY)".into()))
        }
        Some(other) => Err(Error::KeyUnsupported(format!("PEM type {other:?} is not an RSA private key"))),
        None => {
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let der = Zeroizing::new(
                STANDARD.decode(compact.as_bytes()).map_err(|_| Error::KeyInvalid("expected a PEM private key (-----BEGIN PRIVATE KEY-----)".into()))?,
            );
            rsa_der::from_pkcs8(&der)
                .or_else(|_| rsa_der::from_pkcs1(&der))
                .map_err(|_| Error::KeyInvalid("base64 input is neither a PKCS#8 nor a PKCS#1 RSA private key".into()))
        }
    }
}

/// The DER inside one PEM block (the label was read by `pem::label`).
fn pem_document(text: &str) -> Option<SecretDocument> {
    SecretDocument::from_pem(text).ok().map(|(_, doc)| doc)
}

fn pkcs8_error(refusal: Refusal) -> Error {
    // A valid PKCS#8 key of another algorithm (EC, Ed25519, SM2).
    match refusal {
        Refusal::NotRsa => Error::KeyUnsupported("only RSA keys are supported (WECHATPAY2-SHA256-RSA2048)".into()),
        Refusal::Malformed => Error::KeyInvalid("PKCS#8 private key could not be decoded".into()),
    }
}

pub(crate) fn check_size(bits: usize) -> Result<()> {
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return Err(Error::KeyUnsupported(format!("RSA key is {bits} bits; {MIN_BITS} to {MAX_BITS} are supported")));
    }
    Ok(())
}
