//! The core inside wasm32 (run by wasm-bindgen-test-runner under Node): the same
//! sign/verify/decrypt results as natively, and errors instead of traps on bad input.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test;
use wechatpay_edge::crypto::aead;
use wechatpay_edge::keys::{MerchantKey, PlatformKey, PlatformKeySet};
use wechatpay_edge::notify::{parse_notification, NotificationKind};
use wechatpay_edge::sign::{response_message, sign_request};
use wechatpay_edge::verify::verify_message;

const MERCHANT_KEY: &str = include_str!("fixtures/merchant_key.pem");
const MERCHANT_PKCS1: &str = include_str!("fixtures/merchant_key_pkcs1.pem");
const PLATFORM_KEY: &str = include_str!("fixtures/platform_key.pem");
const PLATFORM_CERT: &str = include_str!("fixtures/platform_cert.pem");
const OPENSSL_MSG: &str = include_str!("fixtures/openssl/msg1.txt");
const OPENSSL_SIG: &str = include_str!("fixtures/openssl/msg1.sig");
const SERIAL: &str = "5157F09EFDC096DE15EBE81A47057A7232F2E1F1";
const APIV3: &[u8] = b"wechatpayEdgeTestApiV3Key0123456";

fn keys() -> PlatformKeySet {
    PlatformKeySet::new(vec![PlatformKey::from_certificate_pem(PLATFORM_CERT).unwrap()], None).unwrap()
}

#[wasm_bindgen_test]
fn signature_matches_openssl_in_wasm() {
    let mut lines = OPENSSL_MSG.splitn(5, '\n');
    let (m, u, t, n) = (lines.next().unwrap(), lines.next().unwrap(), lines.next().unwrap(), lines.next().unwrap());
    let body = lines.next().unwrap().strip_suffix('\n').unwrap();
    for pem in [MERCHANT_KEY, MERCHANT_PKCS1] {
        let key = MerchantKey::from_pem("1900000100", "AA", pem).unwrap();
        let s = sign_request(&key, m, u, body, t.parse().unwrap(), n).unwrap();
        assert!(s.authorization.contains(&format!("signature=\"{}\"", OPENSSL_SIG.trim())));
    }
}

#[wasm_bindgen_test]
fn notification_round_trip_in_wasm() {
    let plain = r#"{"sub_mchid":"1900000109","transaction_id":"4200000000000000000000000000","order_id":"1","out_order_no":"R1","receiver":{"type":"MERCHANT_ID","account":"1900000109","amount":5,"description":"d"},"success_time":"2018-06-08T10:34:56+08:00"}"#;
    let ct = aead::seal(APIV3, "0123456789ab", "profitsharing", plain.as_bytes()).unwrap();
    let body = format!(
        r#"{{"id":"EV-1","event_type":"PROFITSHARING.RETURN","summary":"分账回退","resource_type":"encrypt-resource","resource":{{"algorithm":"AEAD_AES_256_GCM","ciphertext":"{ct}","associated_data":"profitsharing","nonce":"0123456789ab"}}}}"#
    );
    let signer = MerchantKey::from_pem("1", "AA", PLATFORM_KEY).unwrap();
    let sig = signer.sign(&response_message("1800000000", "n", body.as_bytes())).unwrap();
    let headers: Vec<(String, String)> =
        [("Wechatpay-Timestamp", "1800000000"), ("Wechatpay-Nonce", "n"), ("Wechatpay-Signature", sig.as_str()), ("Wechatpay-Serial", SERIAL)]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
    let n = parse_notification(&headers, body.as_bytes(), &keys(), APIV3, 1_800_000_100, 300).unwrap();
    assert_eq!(n.kind, NotificationKind::Return);
    assert_eq!(n.data["receivers"][0]["amount"], 5);
    let tampered = body.replace("EV-1", "EV-2");
    assert_eq!(parse_notification(&headers, tampered.as_bytes(), &keys(), APIV3, 1_800_000_100, 300).unwrap_err().code(), "ERR_WXPAY_SIGNATURE_INVALID");
}

#[wasm_bindgen_test]
fn hostile_inputs_give_errors_not_traps() {
    for pem in ["", "-----BEGIN PRIVATE KEY-----\n@@@\n-----END PRIVATE KEY-----", "-----BEGIN ", &"A".repeat(70_000)] {
        assert!(MerchantKey::from_pem("1", "AA", pem).is_err());
    }
    let h: Vec<(String, String)> = vec![
        ("Wechatpay-Signature".into(), "WECHATPAY/SIGNTEST/x".into()),
        ("Wechatpay-Timestamp".into(), "1".into()),
        ("Wechatpay-Nonce".into(), "n".into()),
        ("Wechatpay-Serial".into(), SERIAL.into()),
    ];
    assert_eq!(verify_message(&h, b"{}", &keys(), 1, 300).unwrap_err().details()["probe"], true);
    assert!(aead::open(APIV3, "0123456789ab", "", "AAAA").is_err());
    assert!(aead::open(&APIV3[..16], "0123456789ab", "", "AAAA").is_err());
}
