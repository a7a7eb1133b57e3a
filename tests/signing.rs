//! Signing: byte-identical to `openssl dgst -sha256 -sign` over the same message.
mod common;
use common::*;

use wechatpay_edge::api::RequestSpec;
use wechatpay_edge::keys::MerchantKey;
use wechatpay_edge::sign::{parse_authorization, prepare, sign_request};

#[test]
fn signatures_equal_openssl_for_pkcs8_and_pkcs1() {
    let pkcs1 = MerchantKey::from_pem(MCHID, MERCHANT_SERIAL, &fixture("merchant_key_pkcs1.pem")).unwrap();
    for i in 0..3 {
        let msg = fixture(&format!("openssl/msg{i}.txt"));
        let expected = fixture(&format!("openssl/msg{i}.sig"));
        let mut lines = msg.splitn(5, '\n');
        let (method, url, ts, nonce) = (lines.next().unwrap(), lines.next().unwrap(), lines.next().unwrap(), lines.next().unwrap());
        let body = lines.next().unwrap().strip_suffix('\n').unwrap();
        for key in [merchant(), pkcs1.clone()] {
            let s = sign_request(&key, method, url, body, ts.parse().unwrap(), nonce).unwrap();
            assert_eq!(s.message, msg, "message {i}");
            let parts = parse_authorization(&s.authorization).unwrap();
            assert_eq!(parts.signature, expected.trim(), "signature {i}");
            assert_eq!(parts.mchid, MCHID);
            assert_eq!(parts.serial_no, MERCHANT_SERIAL);
            assert_eq!(parts.nonce_str, nonce);
            assert_eq!(parts.timestamp.to_string(), ts);
        }
    }
}

#[test]
fn prepare_signs_the_exact_url_and_body_it_returns() {
    let spec = RequestSpec::post("/v3/ecommerce/profitsharing/orders".into(), "{\"a\":1}".into()).with_header("Wechatpay-Serial", PUBLIC_KEY_ID);
    let p = prepare(&merchant(), &spec, None, 1_700_000_000, "n0nce").unwrap();
    assert_eq!(p.url, "https://api.mch.weixin.qq.com/v3/ecommerce/profitsharing/orders");
    assert_eq!(p.body.as_deref(), Some("{\"a\":1}"));
    let names: Vec<_> = p.headers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, vec!["Authorization", "Accept", "User-Agent", "Content-Type", "Wechatpay-Serial"]);
    let auth = &p.headers[0].1;
    let again = sign_request(&merchant(), "POST", &p.url, "{\"a\":1}", 1_700_000_000, "n0nce").unwrap();
    assert_eq!(auth, &again.authorization);
    let get = prepare(&merchant(), &RequestSpec::get("/v3/x?a=%20".into()), Some("http://127.0.0.1:8080/"), 1, "n").unwrap();
    assert_eq!(get.url, "http://127.0.0.1:8080/v3/x?a=%20");
    assert!(!get.headers.iter().any(|(k, _)| k == "Content-Type"));
    for bad in ["http://api.mch.weixin.qq.com", "ftp://x", "https://host/path"] {
        assert_eq!(prepare(&merchant(), &spec, Some(bad), 1, "n").unwrap_err().code(), "ERR_WXPAY_VALIDATION", "{bad}");
    }
}
