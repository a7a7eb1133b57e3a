//! Shared fixtures for integration tests: the OpenSSL-generated test keys.
#![allow(dead_code)]

use wechatpay_edge::crypto::{aead, rsa_sig};
use wechatpay_edge::keys::{MerchantKey, PlatformKey, PlatformKeySet};
use wechatpay_edge::sign::response_message;

pub const MCHID: &str = "1900000100";
pub const MERCHANT_SERIAL: &str = "3775B6A45ACD588826D15E583A95F5DD4B0A5A69";
pub const PLATFORM_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F2E1F1";
pub const PLATFORM2_SERIAL: &str = "7132D72A03E93CDDF8C03BBD1F37EEDF204386F3";
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0119000001002025112300000000000001";
pub const APIV3_KEY: &[u8] = b"wechatpayEdgeTestApiV3Key0123456";
pub const NOW: i64 = 1_800_000_000;

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

pub fn merchant() -> MerchantKey {
    MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("merchant_key.pem")).unwrap()
}

/// Private keys of the emulated WeChat Pay side.
pub const PLATFORM_PRIVATE: &str = "platform_key.pem";
pub const PUBKEY_PRIVATE: &str = "wechatpay_pubkey_private.pem";

pub fn keyset() -> PlatformKeySet {
    PlatformKeySet::new(
        vec![
            PlatformKey::from_certificate_pem(&fixture("platform_cert.pem")).unwrap(),
            PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, &fixture("wechatpay_pubkey.pem")).unwrap(),
        ],
        Some(MERCHANT_SERIAL),
    )
    .unwrap()
}

pub fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Headers WeChat Pay would send with `body`, signed with fixture key `signer_file` under `serial`.
pub fn signed_headers(signer_file: &str, serial: &str, ts: i64, nonce: &str, body: &[u8]) -> Vec<(String, String)> {
    let sig = sign_raw(signer_file, &response_message(&ts.to_string(), nonce, body));
    headers(&[
        ("Wechatpay-Timestamp", &ts.to_string()),
        ("Wechatpay-Nonce", nonce),
        ("Wechatpay-Signature", &sig),
        ("Wechatpay-Serial", serial),
        ("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048"),
        ("Request-ID", "08F78BB5AF0610D302A7BE6E1E0AF2C5-268435472"),
    ])
}

pub fn sign_raw(signer_file: &str, msg: &[u8]) -> String {
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&fixture(signer_file)).unwrap();
    rsa_sig::sign(&key, msg).unwrap()
}

pub fn notification_body(event_type: &str, summary: &str, plaintext: &str, aad: &str) -> String {
    let ct = aead::seal(APIV3_KEY, "fW3kXy7QmP2s", aad, plaintext.as_bytes()).unwrap();
    serde_json::json!({
        "id": "EV-2018022511223320873",
        "create_time": "2018-06-08T10:34:56+08:00",
        "resource_type": "encrypt-resource",
        "event_type": event_type,
        "summary": summary,
        "resource": {
            "algorithm": "AEAD_AES_256_GCM",
            "original_type": "profitsharing",
            "ciphertext": ct,
            "associated_data": aad,
            "nonce": "fW3kXy7QmP2s"
        }
    })
    .to_string()
}
