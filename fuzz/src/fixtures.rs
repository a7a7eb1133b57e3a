//! Test keys from `tests/fixtures` (compiled in: targets do no file IO) and
//! the keys built from them once per process.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use wechatpay_edge::keys::{MerchantKey, PlatformKey, PlatformKeySet};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/", $name))
    };
}
macro_rules! vector {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/", $name))
    };
}

pub const PLATFORM_CERT: &str = fixture!("platform_cert.pem");
pub const PLATFORM_KEY: &str = fixture!("platform_key.pem");
pub const PLATFORM2_CERT: &str = fixture!("platform2_cert.pem");
pub const MERCHANT_CERT: &str = fixture!("merchant_cert.pem");
pub const MERCHANT_KEY: &str = fixture!("merchant_key.pem");
pub const MERCHANT_KEY_PKCS1: &str = fixture!("merchant_key_pkcs1.pem");
pub const WECHATPAY_PUBKEY: &str = fixture!("wechatpay_pubkey.pem");
pub const WECHATPAY_PUBKEY_PRIVATE: &str = fixture!("wechatpay_pubkey_private.pem");
pub const BAD_EC_KEY: &str = fixture!("bad_ec_key.pem");
pub const BAD_ENCRYPTED_KEY: &str = fixture!("bad_encrypted_key.pem");
pub const BAD_RSA1024_KEY: &str = fixture!("bad_rsa1024_key.pem");

pub const VERIFY_VECTORS: &str = vector!("verify.json");
pub const AEAD_VECTORS: &str = vector!("aead.json");
pub const SIGN_VECTORS: &str = vector!("sign.json");
pub const OAEP_VECTORS: &str = vector!("oaep.json");

pub const MCHID: &str = "1900000100";
pub const MERCHANT_SERIAL: &str = "3775B6A45ACD588826D15E583A95F5DD4B0A5A69";
pub const PLATFORM_SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F2E1F1";
pub const PLATFORM2_SERIAL: &str = "7132D72A03E93CDDF8C03BBD1F37EEDF204386F3";
pub const PUBLIC_KEY_ID: &str = "PUB_KEY_ID_0119000001002025112300000000000001";
pub const APIV3_KEY: &[u8] = b"wechatpayEdgeTestApiV3Key0123456";
/// The clock the integration tests use.
pub const NOW: i64 = 1_800_000_000;
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// Every PEM this crate ships as a fixture, with its file name.
pub const ALL_PEMS: &[(&str, &str)] = &[
    ("platform_cert", PLATFORM_CERT),
    ("platform_key", PLATFORM_KEY),
    ("platform2_cert", PLATFORM2_CERT),
    ("merchant_cert", MERCHANT_CERT),
    ("merchant_key", MERCHANT_KEY),
    ("merchant_key_pkcs1", MERCHANT_KEY_PKCS1),
    ("wechatpay_pubkey", WECHATPAY_PUBKEY),
    ("wechatpay_pubkey_private", WECHATPAY_PUBKEY_PRIVATE),
    ("bad_ec_key", BAD_EC_KEY),
    ("bad_encrypted_key", BAD_ENCRYPTED_KEY),
    ("bad_rsa1024_key", BAD_RSA1024_KEY),
];

fn must<T>(r: wechatpay_edge::Result<T>, what: &str) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("fuzz fixture {what} did not load: {e}"),
    }
}

pub fn platform_key() -> &'static PlatformKey {
    static K: OnceLock<PlatformKey> = OnceLock::new();
    K.get_or_init(|| must(PlatformKey::from_certificate_pem(PLATFORM_CERT), "platform_cert.pem"))
}

pub fn pubkey_key() -> &'static PlatformKey {
    static K: OnceLock<PlatformKey> = OnceLock::new();
    K.get_or_init(|| must(PlatformKey::from_public_key_pem(PUBLIC_KEY_ID, WECHATPAY_PUBKEY), "wechatpay_pubkey.pem"))
}

/// Certificates from `tests/vectors/verify.json`, so the real captured
/// notification and responses there verify end to end.
pub fn vector_certificates() -> Vec<PlatformKey> {
    let v: serde_json::Value = serde_json::from_str(VERIFY_VECTORS).unwrap_or_default();
    let mut out: Vec<PlatformKey> = Vec::new();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        if let Some(pem) = vec["certificate_pem"].as_str() {
            if let Ok(k) = PlatformKey::from_certificate_pem(pem) {
                if !out.iter().any(|o| o.serial() == k.serial()) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// Platform certificate + WeChat Pay public key (as in tests/common), plus the
/// vector certificates; the merchant serial is refused as a platform serial.
pub fn keyset() -> &'static PlatformKeySet {
    static S: OnceLock<PlatformKeySet> = OnceLock::new();
    S.get_or_init(|| {
        let mut keys = vec![platform_key().clone(), pubkey_key().clone()];
        keys.extend(vector_certificates());
        must(PlatformKeySet::new(keys, Some(MERCHANT_SERIAL)), "key set")
    })
}

/// The emulated WeChat Pay side, as a `MerchantKey` so it can sign (responses,
/// callbacks) and OAEP-decrypt what was encrypted for `platform_key()`.
pub fn platform_signer() -> &'static MerchantKey {
    static K: OnceLock<MerchantKey> = OnceLock::new();
    K.get_or_init(|| must(MerchantKey::from_pem(MCHID, PLATFORM_SERIAL, PLATFORM_KEY), "platform_key.pem"))
}

pub fn pubkey_signer() -> &'static MerchantKey {
    static K: OnceLock<MerchantKey> = OnceLock::new();
    K.get_or_init(|| must(MerchantKey::from_pem(MCHID, "01", WECHATPAY_PUBKEY_PRIVATE), "wechatpay_pubkey_private.pem"))
}

pub fn merchant() -> &'static MerchantKey {
    static K: OnceLock<MerchantKey> = OnceLock::new();
    K.get_or_init(|| must(MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, MERCHANT_KEY), "merchant_key.pem"))
}

/// DER inside a PEM (first block), for seeds that mutate the DER itself.
pub fn pem_der(pem: &str) -> Option<(String, Vec<u8>)> {
    let begin = pem.find("-----BEGIN ")?;
    let rest = &pem[begin + 11..];
    let label_end = rest.find("-----")?;
    let label = rest[..label_end].to_owned();
    let body_start = rest[label_end + 5..].trim_start();
    let end = body_start.find("-----END")?;
    let b64: String = body_start[..end].chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD.decode(b64).ok().map(|der| (label, der))
}

/// `-----BEGIN label-----` + base64 in 64-column lines + `-----END label-----`.
pub fn wrap_pem(label: &str, der: &[u8], eol: &str) -> String {
    let b64 = STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----{eol}");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        s.push_str(eol);
    }
    s.push_str(&format!("-----END {label}-----{eol}"));
    s
}

/// `signer.sign(message)`, memoised: RSA signing costs milliseconds and the
/// fuzzer mostly mutates fields that leave the signed message unchanged.
pub fn sign_cached(signer: &MerchantKey, message: &[u8]) -> String {
    thread_local! {
        static CACHE: RefCell<HashMap<(String, Vec<u8>), String>> = RefCell::new(HashMap::new());
    }
    let key = (signer.serial_no().to_owned(), message.to_vec());
    if let Some(s) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return s;
    }
    let sig = must(signer.sign(message), "fixture signature");
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 4096 {
            c.clear();
        }
        c.insert(key, sig.clone());
    });
    sig
}
