//! Published vectors of the official SDKs and docs (re-typed as data in tests/vectors/, sources named there).
mod common;

use serde_json::Value;
use wechatpay_edge::crypto::{aead, oaep, rsa_sig};
use wechatpay_edge::keys::{load_certificates, MerchantKey, PlatformKey, PlatformKeySet};
use wechatpay_edge::sign::{format_authorization, parse_authorization, request_message};
use wechatpay_edge::verify::verify_message;
use wechatpay_edge::Error;

fn vectors(file: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k} missing in {}", v["name"]))
}

fn platform_key(v: &Value) -> PlatformKey {
    if let Some(cert) = v["certificate_pem"].as_str() {
        PlatformKey::from_certificate_pem(cert).unwrap()
    } else {
        PlatformKey::from_public_key_pem("PUB_KEY_ID_0000000000000001", s(v, "public_key_pem")).unwrap()
    }
}

#[test]
fn sign_vectors_reproduce_byte_for_byte() {
    let doc = vectors("sign.json");
    let list = doc["vectors"].as_array().unwrap();
    assert!(list.len() >= 5);
    for v in list {
        let key = MerchantKey::from_pem("1900000001", "AA", s(v, "private_key_pem")).unwrap();
        assert_eq!(key.sign(s(v, "message").as_bytes()).unwrap(), s(v, "signature_b64"), "{}", v["name"]);
        if let (Some(m), Some(url)) = (v["method"].as_str(), v["canonical_url"].as_str()) {
            let msg = request_message(m, url, s(v, "timestamp").parse().unwrap(), s(v, "nonce_str"), s(v, "body")).unwrap();
            assert_eq!(msg, s(v, "message"), "{}", v["name"]);
        }
    }
}

#[test]
fn authorization_examples_parse_and_reformat() {
    let doc = vectors("sign.json");
    for ex in doc["authorization_examples"].as_array().unwrap() {
        let header = s(ex, "authorization");
        let p = parse_authorization(header).unwrap();
        let f = &ex["fields"];
        assert_eq!(p.mchid, s(f, "mchid"));
        assert_eq!(p.signature, s(f, "signature"));
        assert_eq!(p.serial_no, s(f, "serial_no"));
        let ours = format_authorization(&p.mchid, &p.serial_no, p.timestamp, &p.nonce_str, &p.signature).unwrap();
        assert_eq!(parse_authorization(&ours).unwrap(), p);
    }
}

#[test]
fn verify_vectors() {
    let doc = vectors("verify.json");
    for v in doc["vectors"].as_array().unwrap() {
        let key = platform_key(v);
        let sig = base64_decode(s(v, "signature_b64"));
        let ok = rsa_sig::verify(key.rsa().unwrap(), s(v, "message").as_bytes(), &sig).is_ok();
        assert_eq!(ok, v["expect"].as_bool().unwrap(), "{}", v["name"]);
        // Full notifications/responses also go through header extraction and the clock window.
        if let (Some(h), Some(body), Some(now)) = (v["headers"].as_object(), v["body"].as_str(), v["clock_unix"].as_i64()) {
            let headers: Vec<(String, String)> = h.iter().map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned())).collect();
            let set = PlatformKeySet::new(vec![key.clone()], None).unwrap();
            let verified = verify_message(&headers, body.as_bytes(), &set, now, 300).unwrap();
            assert_eq!(verified.serial, key.serial());
            assert_eq!(verify_message(&headers, body.as_bytes(), &set, now + 301, 300).unwrap_err().code(), "ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE");
        }
    }
}

#[test]
fn aead_vectors_conforming_decrypt_and_non_conforming_are_refused_precisely() {
    let doc = vectors("aead.json");
    let mut conforming = 0;
    for v in doc["vectors"].as_array().unwrap() {
        let key = s(v, "key").as_bytes();
        let result = aead::open_to_string(key, s(v, "nonce"), s(v, "associated_data"), s(v, "ciphertext_b64"));
        let name = &v["name"];
        match (key.len(), s(v, "nonce").len(), s(v, "expect")) {
            (32, 12, "ok") => {
                conforming += 1;
                assert_eq!(&*result.unwrap(), s(v, "plaintext"), "{name}");
                if let Some(body) = v["response_body"].as_str() {
                    let keys = load_certificates(body, key).unwrap();
                    assert_eq!(keys[0].serial(), s(v, "expected_serial_no"), "{name}");
                }
            }
            (32, 12, _) => assert!(result.is_err(), "{name}"),
            // wechatpay-go tests run AES-128 under a 16-byte key; APIv3 keys are 32 bytes.
            (16, _, _) => assert_eq!(result.unwrap_err(), Error::ApiV3KeyInvalid { len: 16 }, "{name}"),
            // The axios-plugin tests use a 16-byte IV; WeChat Pay nonces are 12.
            (32, _, _) => assert_eq!(result.unwrap_err().code(), "ERR_WXPAY_RESOURCE_INVALID", "{name}"),
            other => panic!("unexpected vector shape {other:?}"),
        }
    }
    assert!(conforming >= 2);
}

#[test]
fn oaep_vectors_decrypt_and_pkcs1v15_is_not_mistaken_for_oaep() {
    let doc = vectors("oaep.json");
    for v in doc["vectors"].as_array().unwrap() {
        let key = MerchantKey::from_pem("1900000001", "AA", s(v, "private_key_pem")).unwrap();
        let r = key.decrypt_sensitive(s(v, "ciphertext_b64"));
        if s(v, "padding") == "OAEP" {
            assert_eq!(&*r.unwrap(), s(v, "plaintext"), "{}", v["name"]);
        } else {
            assert_eq!(r.unwrap_err(), Error::SensitiveDecryptionFailed, "{}", v["name"]);
        }
    }
}

fn base64_decode(t: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(t).unwrap()
}

#[test]
fn oaep_encrypt_then_official_style_decrypt() {
    let k = common::merchant();
    let ct = oaep::encrypt(&k.public_key().unwrap(), "hello world", &[9u8; 32]).unwrap();
    assert_eq!(&*k.decrypt_sensitive(&ct).unwrap(), "hello world");
}
