//! Inputs the fuzz targets in `fuzz/` found, replayed on the public entry
//! points with the input inline (run by plain `cargo test`; no fuzzer needed).
//! Reproduce the original finding with
//! `(cd fuzz && cargo run --release --example replay -- <target> <file>)`.

use wechatpay_edge::crypto::aead;
use wechatpay_edge::notify::{decode_verified, NotificationKind};
use wechatpay_edge::verify::Verified;

const APIV3_KEY: &[u8] = b"wechatpayEdgeTestApiV3Key0123456";

fn verified() -> Verified {
    Verified { serial: "5157F09EFDC096DE15EBE81A47057A7232F2E1F1".into(), timestamp: 1_800_000_000, nonce: "nonceABC".into() }
}

/// The callback body WeChat Pay would post, with `plaintext` sealed under the test APIv3 key.
fn envelope(event_type: &str, summary: Option<&str>, aad: &str, plaintext: &str) -> String {
    let ct = aead::seal(APIV3_KEY, "fW3kXy7QmP2s", aad, plaintext.as_bytes()).unwrap();
    let mut env = serde_json::json!({
        "id": "EV-2018022511223320873",
        "event_type": event_type,
        "resource": {"algorithm": "AEAD_AES_256_GCM", "ciphertext": ct, "nonce": "fW3kXy7QmP2s", "associated_data": aad},
    });
    if let Some(s) = summary {
        env["summary"] = s.into();
    }
    env.to_string()
}

/// fuzz_notification, invariant "a kind `classify` accepted is parsed as that kind".
///
/// `NotificationKind::classify` normalises `_` to `.` before matching, so
/// `PAYSCORE_USER_CONFIRM` (or `payscore.user.confirm`) is `PayscoreUserConfirm`;
/// `typed_payload` then calls `parse_payscore_payload(plaintext, event_type)`
/// with the original spelling, which only accepts `PAYSCORE.USER_CONFIRM`
/// (any case), and the notification is refused with PayloadInvalid
/// "event_type … is not a Payscore service-order event". Either both accept
/// the spelling or neither does.
#[test]
fn payscore_event_spellings_classify_and_parse_alike() {
    let payload = r#"{"sub_mchid":"1900000109","out_order_no":"O1","state":"DONE"}"#;
    for event in ["PAYSCORE_USER_CONFIRM", "payscore.user.confirm", "PAYSCORE.USER.PAID", "payscore_mch_prepay"] {
        let body = envelope(event, None, "payscore", payload);
        let decoded = decode_verified(body.as_bytes(), APIV3_KEY, verified());
        match NotificationKind::classify(event, None) {
            Ok(kind @ (NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay)) => {
                let n = decoded.unwrap_or_else(|e| panic!("{event}: classified as {kind:?}, but refused: {e:?}"));
                assert_eq!(n.kind, kind);
            }
            _ => assert!(decoded.is_err() || decoded.is_ok_and(|n| n.kind == NotificationKind::Other), "{event}"),
        }
    }
}
