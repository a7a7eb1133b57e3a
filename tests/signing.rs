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

#[test]
fn an_engines_signature_bytes_give_the_header_its_base64_gives() {
    use wechatpay_edge::sign::{RequestToSign, Signature};
    let to_sign = || RequestToSign::new(MCHID, MERCHANT_SERIAL, "GET", "/v3/certificates", "", 1_700_000_000, "n0nce").unwrap();
    let raw: Vec<u8> = (0..=255).collect();
    let text = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==";
    let from_bytes = to_sign().signed(Signature::Bytes(&raw)).unwrap();
    assert_eq!(from_bytes, to_sign().signed(Signature::Base64(text)).unwrap());
    assert_eq!(parse_authorization(&from_bytes.authorization).unwrap().signature, text);
    // An engine that answers nothing, or more than a 4096-bit key signs, is broken: an internal error, not a header.
    for bad in [vec![], vec![1u8; 513]] {
        assert_eq!(to_sign().signed(Signature::Bytes(&bad)).unwrap_err().code(), "ERR_WXPAY_INTERNAL", "{} bytes", bad.len());
    }
    assert_eq!(to_sign().signed(Signature::Base64("a\"b")).unwrap_err().code(), "ERR_WXPAY_VALIDATION");
}
