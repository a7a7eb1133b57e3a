//! `fuzz_profitsharing`: the `/v3/ecommerce/profitsharing/*` builders (JSON
//! input as hosts pass it), their response parsers and the 分账动账通知 payload.
//!
//! Framing: `op:u8` (mod [`OPS`]), `policy:u8` (mod 3: default, 2025, custom =
//! three `small_u32`), `encryptor:u8` (mod 3: none, `KeyEncryptor` over the
//! platform certificate, over the WeChat Pay public key), `event_type`,
//! `summary` (choice_or_string), then `rest` = JSON.

use wechatpay_edge::api::profitsharing as ps;
use wechatpay_edge::api::SensitiveEncryptor;
use wechatpay_edge::crypto::encryptor::KeyEncryptor;
use wechatpay_edge::notify::profitsharing::{notification_kind, parse_profitsharing_payload};
use wechatpay_edge::split::Policy;

use crate::fixtures::{platform_key, pubkey_key};
use crate::framing::{Reader, Writer};
use crate::notification::{EVENTS, SUMMARIES};
use crate::spec::{check_result, check_spec};

pub const OPS: &[&str] = &[
    "add_receiver",
    "delete_receiver",
    "create_order",
    "query_order",
    "create_return_order",
    "query_return_order",
    "finish_order",
    "query_amounts",
    "parse_add_receiver_response",
    "parse_delete_receiver_response",
    "parse_create_order_response",
    "parse_query_order_response",
    "parse_create_return_order_response",
    "parse_query_return_order_response",
    "parse_finish_order_response",
    "parse_query_amounts_response",
    "parse_profitsharing_payload",
    "create_after_sales_order",
    "query_after_sales_order",
    "parse_create_after_sales_order_response",
    "parse_query_after_sales_order_response",
];
const ENTROPY: &[u8] = &[7u8; 32];

fn input<T: serde::de::DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str(json).ok()
}

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let op = usize::from(r.u8()) % OPS.len();
    let policy = match r.u8() % 3 {
        0 => Policy::default(),
        1 => Policy::official_2025(),
        _ => Policy { max_ratio_bp: r.small_u32(), max_receivers_per_request: r.small_u32(), max_splits_per_order: r.small_u32() },
    };
    let enc_sel = r.u8() % 3;
    let event = r.choice_or_string(EVENTS);
    let summary = r.choice_or_string(SUMMARIES);
    let json = r.rest_str();

    let mut enc = match enc_sel {
        1 => KeyEncryptor::new(platform_key(), ENTROPY).ok(),
        2 => KeyEncryptor::new(pubkey_key(), ENTROPY).ok(),
        _ => None,
    };
    let enc_dyn = enc.as_mut().map(|e| e as &mut dyn SensitiveEncryptor);

    match op {
        0 => {
            if let Some(i) = input(&json) {
                // enc_sel 0 also covers the current (plain-name) shape.
                let mode = if enc_sel == 0 { ps::PersonalName::Plain } else { ps::PersonalName::LegacyEncrypted(enc_dyn) };
                check_spec(ps::add_receiver(i, mode));
            }
        }
        1 => {
            if let Some(i) = input(&json) {
                check_spec(ps::delete_receiver(i));
            }
        }
        2 => {
            if let Some(i) = input(&json) {
                check_spec(ps::create_order(i, enc_dyn, &policy));
            }
        }
        3 => {
            if let Some(i) = input(&json) {
                check_spec(ps::query_order(i));
            }
        }
        4 => {
            if let Some(i) = input(&json) {
                check_spec(ps::create_return_order(i));
            }
        }
        5 => {
            if let Some(i) = input(&json) {
                check_spec(ps::query_return_order(i));
            }
        }
        6 => {
            if let Some(i) = input(&json) {
                check_spec(ps::finish_order(i));
            }
        }
        7 => {
            if let Some(i) = input(&json) {
                check_spec(ps::query_amounts(i));
            }
        }
        8 => check_result(ps::parse_add_receiver_response(&json)),
        9 => check_result(ps::parse_delete_receiver_response(&json)),
        10 => check_result(ps::parse_create_order_response(&json)),
        11 => check_result(ps::parse_query_order_response(&json)),
        12 => check_result(ps::parse_create_return_order_response(&json)),
        13 => check_result(ps::parse_query_return_order_response(&json)),
        14 => check_result(ps::parse_finish_order_response(&json)),
        15 => check_result(ps::parse_query_amounts_response(&json)),
        17 => {
            if let Some(i) = input(&json) {
                check_spec(ps::create_after_sales_order(i));
            }
        }
        18 => {
            if let Some(i) = input(&json) {
                check_spec(ps::query_after_sales_order(i));
            }
        }
        19 => check_result(ps::parse_create_after_sales_order_response(&json)),
        20 => check_result(ps::parse_query_after_sales_order_response(&json)),
        _ => {
            let kind = notification_kind(&event, &summary);
            if let Ok(n) = parse_profitsharing_payload(&json, &event, &summary) {
                assert!(kind.is_ok_and(|k| k == n.kind));
                assert!(!n.receivers.is_empty());
                assert!(n.idempotency_key.ends_with(n.kind.as_str()), "{}", n.idempotency_key);
                // Four fields: merchant|order_id|accounts|KIND, whatever the ids contain.
                assert_eq!(n.idempotency_key.split('|').count(), 4, "{}", n.idempotency_key);
                check_result(Ok::<_, wechatpay_edge::Error>(n));
            }
        }
    }
}

/// One seed per (op, JSON literal): builders and parsers share the literals
/// from the unit tests under src/api/profitsharing and src/notify.
pub fn seeds(literals: &[String]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new();
    for (op, _) in OPS.iter().enumerate() {
        for lit in literals {
            let enc = if op == 0 || op == 2 { 1 } else { 0 };
            out.push(w.u8(op as u8).u8(0).u8(enc).choice(0).choice(0).rest(lit.as_bytes()).finish());
        }
    }
    for (i, _) in EVENTS.iter().enumerate() {
        for (j, _) in SUMMARIES.iter().enumerate() {
            if let Some(lit) = literals.iter().find(|l| l.contains("receiver")) {
                out.push(w.u8(16).u8(0).u8(0).choice(i).choice(j).rest(lit.as_bytes()).finish());
            }
        }
    }
    out
}
