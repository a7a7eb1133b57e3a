//! `fuzz_authorization`: the Authorization header, signed request messages,
//! canonical URLs, nonces and `sign::prepare`.
//!
//! Framing: `mode:u8` then, by `mode % 6`:
//! 0. parse: `rest` = header text → `parse_authorization`;
//! 1. message: `method`, `url` (choice_or_string), `ts:u64`, `nonce`, `rest` = body
//!    → `canonical_url` + `request_message`;
//! 2. format: `mchid`, `serial`, `ts:u64`, `nonce`, `rest` = signature
//!    → `format_authorization`, then it must parse back to the same parts;
//! 3. nonce: `rest` = entropy → `nonce_from_entropy`;
//! 4. prepare: `method_idx:u8`, `path`, `has_base:u8`, `base`, `has_body:u8`,
//!    `ts:u64`, `nonce`, `rest` = body → `sign::prepare` with the merchant
//!    fixture key; the header must parse and the signature verify;
//! 5. timestamp: `rest` → `verify::headers::parse_timestamp`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use wechatpay_edge::api::RequestSpec;
use wechatpay_edge::sign::{self, authorization::MAX_HEADER_LEN};

use crate::fixtures::{merchant, MCHID, MERCHANT_SERIAL};
use crate::framing::{Reader, Writer};

pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "get", "Post", "TRACE", ""];
pub const URLS: &[&str] = &[
    "https://api.mch.weixin.qq.com/v3/certificates",
    "/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472&out_order_no=P1",
    "https://api.mch.weixin.qq.com/v3/a?b=%E5%88%86&c=1",
    "https://api.mch.weixin.qq.com",
    "/v3/payscore/acquiringbank/serviceorder/O%2A1/cancel",
    "v3/x",
    "/v3/a b",
    "http://[::1]:8080/v3/x#frag",
    "://",
];
pub const NONCES: &[&str] = &["593BEC0C930BF1AFEB40B4A08C8FB242", "n", "a\"b", ""];
pub const BASES: &[&str] = &[
    "https://api.mch.weixin.qq.com",
    "https://api2.mch.weixin.qq.com/",
    "http://127.0.0.1:8080",
    "http://localhost",
    "http://[::1]",
    "http://example.com",
    "https://a/b",
    "https://",
];
pub const MCHIDS: &[&str] = &["1900009191", "1"];
pub const SERIALS: &[&str] = &["408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB", "S"];
/// Largest timestamp `parse_authorization` takes (12 digits).
const MAX_TS: u64 = 999_999_999_999;

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    match r.u8() % 6 {
        0 => {
            let header = r.rest_str();
            if let Ok(p) = sign::parse_authorization(&header) {
                assert!(p.timestamp <= MAX_TS);
                assert!(header.len() <= MAX_HEADER_LEN);
            }
        }
        1 => {
            let method = r.choice_or_string(METHODS);
            let url = r.choice_or_string(URLS);
            let ts = r.u64();
            let nonce = r.choice_or_string(NONCES);
            let body = r.rest_str();
            let path = sign::canonical_url(&url);
            if let Ok(p) = path {
                assert!(url.ends_with(p) && p.starts_with('/'), "canonical path {p:?} is not a suffix of {url:?}");
            }
            if let Ok(m) = sign::request_message(&method, &url, ts, &nonce, &body) {
                let path = path.unwrap_or_else(|e| panic!("request_message accepted {url:?} that canonical_url refused: {e}"));
                assert_eq!(m, format!("{}\n{path}\n{ts}\n{nonce}\n{body}\n", method.to_ascii_uppercase()));
            }
        }
        2 => {
            let mchid = r.choice_or_string(MCHIDS);
            let serial = r.choice_or_string(SERIALS);
            let ts = r.u64();
            let nonce = r.choice_or_string(NONCES);
            let signature = r.rest_str();
            if let Ok(h) = sign::format_authorization(&mchid, &serial, ts, &nonce, &signature) {
                if ts <= MAX_TS && h.len() <= MAX_HEADER_LEN {
                    let p = sign::parse_authorization(&h).unwrap_or_else(|e| panic!("formatted header does not parse: {e}: {h:?}"));
                    assert_eq!(
                        (p.mchid.as_str(), p.serial_no.as_str(), p.timestamp, p.nonce_str.as_str(), p.signature.as_str()),
                        (mchid.as_str(), serial.as_str(), ts, nonce.as_str(), signature.as_str())
                    );
                }
            }
        }
        3 => {
            if let Some(n) = sign::nonce_from_entropy(r.rest()) {
                assert!(n.len() == 32 && n.bytes().all(|b| b.is_ascii_alphanumeric()), "{n:?}");
                assert!(sign::request_message("GET", "/v3/x", 1, &n, "").is_ok());
            }
        }
        4 => {
            let method: &'static str = METHODS[usize::from(r.u8()) % METHODS.len()];
            let path = r.choice_or_string(URLS);
            let has_base = r.bool();
            let base = r.choice_or_string(BASES);
            let has_body = r.bool();
            let ts = r.u64();
            let nonce = r.choice_or_string(NONCES);
            let body = r.rest_str();
            let spec = RequestSpec {
                method,
                path_and_query: path.clone(),
                headers: vec![("Wechatpay-Serial".to_owned(), "X".to_owned())],
                body: has_body.then(|| body.clone()),
            };
            let Ok(p) = sign::prepare(merchant(), &spec, has_base.then_some(base.as_str()), ts, &nonce) else { return };
            assert!(p.url.ends_with(&path), "{} does not end with {path}", p.url);
            let auth = p.headers.iter().find(|(k, _)| k == "Authorization").map(|(_, v)| v.clone()).unwrap_or_default();
            if ts <= MAX_TS {
                let parts = sign::parse_authorization(&auth).unwrap_or_else(|e| panic!("prepared Authorization does not parse: {e}"));
                assert_eq!((parts.mchid.as_str(), parts.serial_no.as_str(), parts.timestamp), (MCHID, MERCHANT_SERIAL, ts));
                let message = sign::request_message(method, &path, ts, &nonce, if has_body { &body } else { "" })
                    .unwrap_or_else(|e| panic!("prepare succeeded but the message does not build: {e}"));
                let sig = STANDARD.decode(&parts.signature).unwrap_or_default();
                assert!(
                    wechatpay_edge::crypto::rsa_sig::verify(
                        &merchant().public_key().unwrap_or_else(|e| panic!("fixture key: {e:?}")),
                        message.as_bytes(),
                        &sig
                    )
                    .is_ok(),
                    "prepared signature does not verify"
                );
            }
        }
        _ => {
            if let Ok(v) = wechatpay_edge::verify::headers::parse_timestamp(&r.rest_str()) {
                assert!(v >= 0);
            }
        }
    }
}

/// Seeds: documented headers, messages and the requests the builders produce.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new();
    let vectors: serde_json::Value = serde_json::from_str(crate::fixtures::SIGN_VECTORS).unwrap_or_default();
    for ex in vectors["authorization_examples"].as_array().into_iter().flatten() {
        if let Some(h) = ex["authorization"].as_str() {
            out.push(w.u8(0).rest(h.as_bytes()).finish());
            let f = &ex["fields"];
            let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
            out.push(
                w.u8(2)
                    .choose(MCHIDS, &s("mchid"))
                    .choose(SERIALS, &s("serial_no"))
                    .u64(s("timestamp").parse().unwrap_or(0))
                    .choose(NONCES, &s("nonce_str"))
                    .rest(s("signature").as_bytes())
                    .finish(),
            );
        }
        if let (Some(m), Some(u)) = (ex["method"].as_str(), ex["canonical_url"].as_str()) {
            let body = ex["body"].as_str().unwrap_or("");
            out.push(w.u8(1).choose(METHODS, m).choose(URLS, u).u64(1554208460).choice(0).rest(body.as_bytes()).finish());
        }
    }
    for v in vectors["vectors"].as_array().into_iter().flatten() {
        if let (Some(m), Some(u)) = (v["method"].as_str(), v["canonical_url"].as_str()) {
            let body = v["body"].as_str().unwrap_or("");
            let nonce = v["nonce_str"].as_str().unwrap_or("n");
            let ts = v["timestamp"].as_str().and_then(|t| t.parse().ok()).unwrap_or(1);
            out.push(w.u8(1).choose(METHODS, m).choose(URLS, u).u64(ts).choose(NONCES, nonce).rest(body.as_bytes()).finish());
        }
    }
    for (i, _) in URLS.iter().enumerate() {
        out.push(w.u8(1).choice(1).choice(i).u64(1554208460).choice(0).rest(b"{\"a\":1}").finish());
        out.push(w.u8(4).u8(1).choice(i).bool(i % 2 == 0).choice(i % BASES.len()).bool(true).u64(1554208460).choice(0).rest(b"{}").finish());
    }
    out.push(w.u8(3).rest(&(0u8..=255).collect::<Vec<_>>()).finish());
    out.push(w.u8(5).rest(b"1554208460").finish());
    out
}
