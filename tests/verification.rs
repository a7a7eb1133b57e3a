//! Response and callback verification: a negative table in the style of Standard Webhooks.
mod common;
use common::*;

use wechatpay_edge::notify::{parse_notification, NotificationKind, MAX_BODY_LEN};
use wechatpay_edge::verify::{verify_message, verify_response};
use wechatpay_edge::Error;

const BODY: &[u8] = br#"{"code":"SUCCESS"}"#;
const TS: i64 = NOW - 10;

fn good() -> Vec<(String, String)> {
    signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "nonceABC", BODY)
}

fn without(name: &str) -> Vec<(String, String)> {
    good().into_iter().filter(|(k, _)| k != name).collect()
}

fn replace(name: &str, value: &str) -> Vec<(String, String)> {
    good().into_iter().map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) }).collect()
}

fn code(h: &[(String, String)], body: &[u8], now: i64) -> &'static str {
    verify_message(h, body, &keyset(), now, 300).map(|_| "OK").unwrap_or_else(|e| e.code())
}

#[test]
fn valid_signatures_verify_with_certificate_and_public_key() {
    let v = verify_message(&good(), BODY, &keyset(), NOW, 300).unwrap();
    assert_eq!((v.serial.as_str(), v.timestamp, v.nonce.as_str()), (PLATFORM_SERIAL, TS, "nonceABC"));
    let pk = signed_headers(PUBKEY_PRIVATE, PUBLIC_KEY_ID, TS, "n2", BODY);
    assert_eq!(verify_message(&pk, BODY, &keyset(), NOW, 300).unwrap().serial, PUBLIC_KEY_ID);
    let lower: Vec<_> = good().into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
    assert_eq!(code(&lower, BODY, NOW), "OK");
}

#[test]
fn negative_table() {
    type Case<'a> = (&'a str, Vec<(String, String)>, &'a [u8], i64, &'a str);
    let cases: Vec<Case> = vec![
        ("missing timestamp", without("Wechatpay-Timestamp"), BODY, NOW, "ERR_WXPAY_HEADER_MISSING"),
        ("missing nonce", without("Wechatpay-Nonce"), BODY, NOW, "ERR_WXPAY_HEADER_MISSING"),
        ("missing signature", without("Wechatpay-Signature"), BODY, NOW, "ERR_WXPAY_HEADER_MISSING"),
        ("missing serial", without("Wechatpay-Serial"), BODY, NOW, "ERR_WXPAY_HEADER_MISSING"),
        ("empty signature", replace("Wechatpay-Signature", ""), BODY, NOW, "ERR_WXPAY_HEADER_MISSING"),
        ("non-numeric timestamp", replace("Wechatpay-Timestamp", "12a"), BODY, NOW, "ERR_WXPAY_HEADER_INVALID"),
        ("millisecond timestamp", replace("Wechatpay-Timestamp", "1799999990000"), BODY, NOW, "ERR_WXPAY_HEADER_INVALID"),
        ("301 s old", good(), BODY, TS + 301, "ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE"),
        ("301 s in the future", good(), BODY, TS - 301, "ERR_WXPAY_TIMESTAMP_OUT_OF_TOLERANCE"),
        ("unsupported type", replace("Wechatpay-Signature-Type", "WECHATPAY2-SM2-WITH-SM3"), BODY, NOW, "ERR_WXPAY_SIGNATURE_TYPE_UNSUPPORTED"),
        ("probe", replace("Wechatpay-Signature", "WECHATPAY/SIGNTEST/Zm9v+/=="), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("unknown serial", replace("Wechatpay-Serial", "0123456789ABCDEF"), BODY, NOW, "ERR_WXPAY_SERIAL_UNKNOWN"),
        ("merchant serial", replace("Wechatpay-Serial", MERCHANT_SERIAL), BODY, NOW, "ERR_WXPAY_SERIAL_UNKNOWN"),
        ("signed by the other key", replace("Wechatpay-Serial", PUBLIC_KEY_ID), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("bad base64", replace("Wechatpay-Signature", "@@@"), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("truncated signature", replace("Wechatpay-Signature", "AAAA"), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("body byte changed", good(), br#"{"code":"SUCCESs"}"#, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("trailing newline", good(), b"{\"code\":\"SUCCESS\"}\n", NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("re-serialised body", good(), br#"{"code": "SUCCESS"}"#, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("nonce changed", replace("Wechatpay-Nonce", "nonceABD"), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        ("timestamp changed", replace("Wechatpay-Timestamp", &(TS + 1).to_string()), BODY, NOW, "ERR_WXPAY_SIGNATURE_INVALID"),
        (
            "duplicated header",
            {
                let mut h = good();
                h.push(("wechatpay-serial".into(), PLATFORM_SERIAL.into()));
                h
            },
            BODY,
            NOW,
            "ERR_WXPAY_HEADER_INVALID",
        ),
    ];
    for (name, h, body, now, want) in cases {
        assert_eq!(code(&h, body, now), want, "{name}");
    }
}

#[test]
fn clock_errors_say_past_or_future_and_probes_say_probe() {
    let past = verify_message(&good(), BODY, &keyset(), TS + 301, 300).unwrap_err();
    assert_eq!(past.details()["side"], "past");
    let future = verify_message(&good(), BODY, &keyset(), TS - 301, 300).unwrap_err();
    assert_eq!(future.details()["side"], "future");
    assert!(future.to_string().contains("future"));
    assert_eq!(code(&good(), BODY, TS + 299), "OK");
    assert_eq!(code(&good(), BODY, TS - 299), "OK");
    assert!(verify_message(&good(), BODY, &keyset(), TS + 1000, 2000).is_ok(), "tolerance is configurable");
    let probe = verify_message(&replace("Wechatpay-Signature", "WECHATPAY/SIGNTEST/abc"), BODY, &keyset(), NOW, 300).unwrap_err();
    assert_eq!(probe, Error::SignatureInvalid { probe: true });
    assert_eq!(probe.details()["probe"], true);
}

#[test]
fn responses_2xx_must_be_signed_and_204_verifies_with_an_empty_line() {
    let unsigned = headers(&[("Request-ID", "abc")]);
    assert_eq!(verify_response(200, &unsigned, BODY, &keyset(), NOW, 300).unwrap_err().code(), "ERR_WXPAY_HEADER_MISSING");
    let h204 = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n", b"");
    let ok = verify_response(204, &h204, b"", &keyset(), NOW, 300).unwrap();
    assert_eq!(ok.request_id.as_deref(), Some("08F78BB5AF0610D302A7BE6E1E0AF2C5-268435472"));
    assert!(verify_response(200, &good(), BODY, &keyset(), NOW, 300).is_ok());
}

#[test]
fn non_2xx_become_api_errors_with_the_raw_detail() {
    let body = br#"{"code":"PARAM_ERROR","message":"receivers[0].amount invalid","detail":{"field":"amount","issue":"x"}}"#;
    let h = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n", body);
    let Error::Api(a) = verify_response(400, &h, body, &keyset(), NOW, 300).unwrap_err() else { panic!() };
    assert_eq!(a.status, 400);
    assert_eq!(a.code.as_deref(), Some("PARAM_ERROR"));
    assert_eq!(a.detail.as_deref(), Some(r#"{"field":"amount","issue":"x"}"#));
    assert_eq!(a.request_id.as_deref(), Some("08F78BB5AF0610D302A7BE6E1E0AF2C5-268435472"));
    let gateway = verify_response(502, &headers(&[("request-id", "r1")]), b"<html>bad gateway</html>", &keyset(), NOW, 300).unwrap_err();
    assert_eq!(gateway.details()["status"], 502);
    assert_eq!(gateway.details()["requestId"], "r1");
    let forged = verify_response(403, &h, br#"{"code":"NO_AUTH"}"#, &keyset(), NOW, 300).unwrap_err();
    assert_eq!(forged.code(), "ERR_WXPAY_SIGNATURE_INVALID", "a signed error with a swapped body is not trusted");
}

#[test]
fn notifications_verify_then_decrypt() {
    let plain = r#"{"sp_mchid":"1900000100","sub_mchid":"1900000109","transaction_id":"4200000000000000000000000000","order_id":"1217752501201407033233368018","out_order_no":"P20150806125346","receiver":{"type":"MERCHANT_ID","account":"1900000109","amount":888,"description":"运费分账"},"success_time":"2018-06-08T10:34:56+08:00"}"#;
    let body = notification_body("PROFITSHARING.SUCCESS", "分账", plain, "profitsharing");
    let h = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n1", body.as_bytes());
    let n = parse_notification(&h, body.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap();
    assert_eq!(n.kind, NotificationKind::Split);
    assert_eq!(n.data["receivers"][0]["amount"], 888);
    assert_eq!(n.idempotency_key, "1900000109|1217752501201407033233368018|1900000109|SPLIT");
    // A wrong APIv3 key of the right length fails only at decryption, opaquely.
    let wrong = parse_notification(&h, body.as_bytes(), &keyset(), b"wechatpayEdgeTestApiV3Key0123457", NOW, 300).unwrap_err();
    assert_eq!(wrong, Error::DecryptionFailed);
    assert!(!wrong.to_string().contains("888"));
    for len in [16usize, 34] {
        let key = vec![b'k'; len];
        assert_eq!(parse_notification(&h, body.as_bytes(), &keyset(), &key, NOW, 300).unwrap_err(), Error::ApiV3KeyInvalid { len });
    }
    // Verification happens before decryption: a tampered body never reaches AES.
    let tampered = body.replace("EV-2018", "EV-2019");
    assert_eq!(parse_notification(&h, tampered.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap_err().code(), "ERR_WXPAY_SIGNATURE_INVALID");
}

#[test]
fn an_oversize_notification_is_refused_before_it_is_verified() {
    // Padded with JSON whitespace so the signed body stays a valid envelope.
    let body = notification_body("PROFITSHARING.SUCCESS", "分账", r#"{"order_id":"1"}"#, "profitsharing");
    let fill = |total: usize| format!("{}{}", body, " ".repeat(total - body.len()));
    let at_limit = fill(MAX_BODY_LEN);
    let over = fill(MAX_BODY_LEN + 1);
    // At the limit the size passes and the body goes on to verification.
    let wrong_sig = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n1", body.as_bytes());
    assert_eq!(parse_notification(&wrong_sig, at_limit.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap_err().code(), "ERR_WXPAY_SIGNATURE_INVALID");
    // One byte over: refused by size even with a valid signature, or with no headers at all.
    let signed = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n1", over.as_bytes());
    for h in [signed, Vec::new()] {
        let e = parse_notification(&h, over.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap_err();
        assert_eq!(e, Error::PayloadInvalid(format!("notification body is over {MAX_BODY_LEN} bytes")));
    }
}

#[test]
fn tampered_resource_fields_are_caught_even_when_the_signature_is_recomputed() {
    let body = notification_body("PROFITSHARING.RETURN", "分账回退", r#"{"order_id":"1"}"#, "profitsharing");
    for (from, to) in [("\"associated_data\":\"profitsharing\"", "\"associated_data\":\"profitsharinG\""), ("fW3kXy7QmP2s", "fW3kXy7QmP2t")] {
        let b = body.replace(from, to);
        let h = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n1", b.as_bytes());
        assert_eq!(parse_notification(&h, b.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap_err(), Error::DecryptionFailed, "{from}");
    }
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ct = v["resource"]["ciphertext"].as_str().unwrap();
    let mut raw = base64_decode(ct);
    let n = raw.len();
    raw[n - 1] ^= 0x80;
    let b = body.replace(ct, &base64_encode(&raw));
    let h = signed_headers(PLATFORM_PRIVATE, PLATFORM_SERIAL, TS, "n1", b.as_bytes());
    assert_eq!(parse_notification(&h, b.as_bytes(), &keyset(), APIV3_KEY, NOW, 300).unwrap_err(), Error::DecryptionFailed);
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}
fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}
