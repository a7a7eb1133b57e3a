//! `GET /v3/certificates`: decrypt every platform certificate in the response.

use serde::Deserialize;

use super::platform::PlatformKey;
use crate::crypto::aead;
use crate::{Error, Result};

#[derive(Deserialize)]
struct Body {
    data: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    serial_no: String,
    encrypt_certificate: Sealed,
}

#[derive(Deserialize)]
struct Sealed {
    algorithm: String,
    nonce: String,
    #[serde(default)]
    associated_data: Option<String>,
    ciphertext: String,
}

/// Decrypts and parses all certificates; each must carry the serial it is listed under.
///
/// Verify the response itself afterwards with the returned keys: it is signed by one of them.
pub fn load_certificates(body: &str, apiv3_key: &[u8]) -> Result<Vec<PlatformKey>> {
    if apiv3_key.len() != aead::APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len: apiv3_key.len() });
    }
    let parsed: Body = serde_json::from_str(body)
        .map_err(|e| Error::PayloadInvalid(format!("/v3/certificates body is not the expected JSON: {}", crate::error::serde_reason(&e))))?;
    if parsed.data.is_empty() {
        return Err(Error::PayloadInvalid("/v3/certificates returned no certificates".into()));
    }
    let mut keys = Vec::with_capacity(parsed.data.len());
    for (i, entry) in parsed.data.iter().enumerate() {
        let sealed = &entry.encrypt_certificate;
        if sealed.algorithm != "AEAD_AES_256_GCM" {
            return Err(Error::ResourceInvalid(format!("data[{i}]: algorithm {:?} is not AEAD_AES_256_GCM", sealed.algorithm)));
        }
        let pem = aead::open_to_string(apiv3_key, &sealed.nonce, sealed.associated_data.as_deref().unwrap_or(""), &sealed.ciphertext)?;
        let key = PlatformKey::from_certificate_pem(&pem)?;
        if !key.serial().eq_ignore_ascii_case(entry.serial_no.trim()) {
            return Err(Error::PayloadInvalid(format!("data[{i}]: certificate serial {} differs from serial_no {}", key.serial(), entry.serial_no)));
        }
        keys.push(key);
    }
    Ok(keys)
}
