//! `fuzz_aead`: AEAD_AES_256_GCM (`crypto::aead`) and RSA-OAEP sensitive
//! fields (`crypto::oaep`, `KeyEncryptor`, `MerchantKey::decrypt_sensitive`).
//!
//! Framing: `mode:u8`, then by `mode % 4`:
//! 0. open: `key` (choice_or_bytes, fixture APIv3 key), `nonce`, `aad`, `rest` = base64
//!    → `aead::open` and `open_to_string`, which must agree;
//! 1. round trip: `nonce`, `aad`, `pos:u16`, `mask:u8`, `rest` = plaintext → `seal`
//!    then `open` gives the plaintext back; flipping a ciphertext byte, or
//!    another AAD, must fail with `DecryptionFailed`;
//! 2. OAEP decrypt: `rest` = base64 → `decrypt_sensitive` with the merchant key;
//! 3. OAEP round trip: `entropy` (choice_or_bytes), `rest` = plaintext →
//!    `oaep::encrypt` or `KeyEncryptor` (entropy bit0) with the platform
//!    certificate, decrypted with the platform private key.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use wechatpay_edge::api::SensitiveEncryptor;
use wechatpay_edge::crypto::{aead, encryptor::KeyEncryptor, oaep};

use crate::fixtures::{merchant, platform_key, platform_signer, APIV3_KEY};
use crate::framing::{Reader, Writer};

pub const NONCES: &[&str] = &["fW3kXy7QmP2s", "0123456789ab", "0123456789abcdef", "short", ""];
pub const AADS: &[&str] = &["", "certificate", "transaction", "profitsharing"];
const ENTROPY: &[u8] = &[7u8; 32];
const ENTROPY_ODD: &[u8] = &[9u8; 40];

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    match r.u8() % 4 {
        0 => {
            let key = r.choice_or_bytes(&[APIV3_KEY]);
            let nonce = r.choice_or_string(NONCES);
            let aad = r.choice_or_string(AADS);
            let ct = r.rest_str();
            let bytes = aead::open(&key, &nonce, &aad, &ct);
            let text = aead::open_to_string(&key, &nonce, &aad, &ct);
            match (&bytes, &text) {
                (Ok(b), Ok(t)) => assert_eq!(b.as_slice(), t.as_bytes()),
                (Ok(b), Err(e)) => assert!(std::str::from_utf8(b).is_err(), "{e:?}"),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (Err(e), Ok(_)) => panic!("open failed ({e:?}) but open_to_string succeeded"),
            }
        }
        1 => {
            let nonce = r.choice_or_string(NONCES);
            let aad = r.choice_or_string(AADS);
            let pos = usize::from(r.u16());
            let mask = r.u8();
            let pt = r.rest();
            let Ok(ct) = aead::seal(APIV3_KEY, &nonce, &aad, pt) else {
                assert_ne!(nonce.len(), 12, "seal failed with a 12-byte nonce");
                return;
            };
            if ct.len() > aead::MAX_CIPHERTEXT_B64_LEN {
                return;
            }
            let back = aead::open(APIV3_KEY, &nonce, &aad, &ct).unwrap_or_else(|e| panic!("sealed data does not open: {e:?}"));
            assert_eq!(back.as_slice(), pt);
            let other_aad = format!("{aad}x");
            assert_eq!(aead::open(APIV3_KEY, &nonce, &other_aad, &ct).err(), Some(wechatpay_edge::Error::DecryptionFailed));
            let mut raw = STANDARD.decode(&ct).unwrap_or_else(|e| panic!("seal produced invalid base64: {e}"));
            if mask != 0 && !raw.is_empty() {
                let i = pos % raw.len();
                raw[i] ^= mask;
                let tampered = STANDARD.encode(&raw);
                assert_eq!(aead::open(APIV3_KEY, &nonce, &aad, &tampered).err(), Some(wechatpay_edge::Error::DecryptionFailed));
            }
        }
        2 => {
            let ct = r.rest_str();
            if let Ok(pt) = merchant().decrypt_sensitive(&ct) {
                assert!(pt.len() <= 214 * 2);
            }
        }
        _ => {
            // One RSA decryption per input (it dominates the cost): bit0 of
            // the first entropy byte picks `KeyEncryptor` or `oaep::encrypt`.
            let entropy = r.choice_or_bytes(&[ENTROPY]);
            let pt = r.rest_str();
            let key = platform_key();
            let via_encryptor = entropy.first().is_some_and(|b| b & 1 == 1);
            let ct = if via_encryptor {
                match KeyEncryptor::new(key, &entropy) {
                    Ok(mut enc) => {
                        assert_eq!(enc.serial(), key.serial());
                        enc.encrypt(&pt)
                    }
                    Err(_) => {
                        assert!(entropy.len() < 32);
                        return;
                    }
                }
            } else {
                oaep::encrypt(key.rsa().unwrap_or_else(|e| panic!("a checked key did not load: {e:?}")), &pt, &entropy)
            };
            match ct {
                Ok(ct) => {
                    let back = platform_signer().decrypt_sensitive(&ct).unwrap_or_else(|e| panic!("OAEP ciphertext does not decrypt: {e:?}"));
                    assert_eq!(back.as_str(), pt);
                }
                Err(e) => assert!(pt.len() > oaep::max_plaintext_len_for(key.bits() / 8) || entropy.len() < 32, "{e:?}"),
            }
        }
    }
}

/// Seeds: `tests/vectors/aead.json` and `oaep.json`, plus fixture round trips.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new();
    let v: serde_json::Value = serde_json::from_str(crate::fixtures::AEAD_VECTORS).unwrap_or_default();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        let s = |k: &str| vec[k].as_str().unwrap_or("").to_owned();
        w.u8(0).custom_bytes(s("key").as_bytes()).choose(NONCES, &s("nonce")).choose(AADS, &s("associated_data"));
        out.push(w.rest(s("ciphertext_b64").as_bytes()).finish());
        let pt = s("plaintext");
        out.push(w.u8(1).choose(NONCES, "fW3kXy7QmP2s").choose(AADS, &s("associated_data")).u16(3).u8(1).rest(pt.as_bytes()).finish());
    }
    for pt in ["", "分账 ok", r#"{"a":1}"#] {
        let ct = aead::seal(APIV3_KEY, "fW3kXy7QmP2s", "certificate", pt.as_bytes()).unwrap_or_default();
        out.push(w.u8(0).choice(0).choice(0).choice(1).rest(ct.as_bytes()).finish());
        out.push(w.u8(3).choice(0).rest(pt.as_bytes()).finish());
        out.push(w.u8(3).custom_bytes(ENTROPY_ODD).rest(pt.as_bytes()).finish());
    }
    let v: serde_json::Value = serde_json::from_str(crate::fixtures::OAEP_VECTORS).unwrap_or_default();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        if let Some(ct) = vec["ciphertext_b64"].as_str() {
            out.push(w.u8(2).rest(ct.as_bytes()).finish());
        }
    }
    if let Ok(ct) = oaep::encrypt(&merchant().public_key().unwrap_or_else(|e| panic!("fixture key: {e:?}")), "张三", ENTROPY) {
        out.push(w.u8(2).rest(ct.as_bytes()).finish());
    }
    out
}
