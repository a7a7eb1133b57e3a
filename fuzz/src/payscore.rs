//! `fuzz_payscore`: the Payscore acquiring-bank builders (JSON input through
//! `input_from_json`), response parsers, notification payloads, the state
//! table, the time parsers and the recovery verdict of a refused retry.
//!
//! Framing: `op:u8` (mod [`OPS`]), `status:u16`, `event_type`, `state`,
//! `state_description`, `collection_state` (choice_or_string; the choice
//! `<none>` means absent), then `rest` = JSON (or the time text for op 17).

use wechatpay_edge::api::payscore::{self as pay, input_from_json, time::is_rfc3339, PayscoreTime};

use crate::framing::{Reader, Writer};
use crate::spec::{check_result, check_spec};

pub const OPS: &[&str] = &[
    "create_service_order",
    "query_service_order",
    "cancel_service_order",
    "complete_service_order",
    "register_deduct_info",
    "query_deduction",
    "modify_service_order",
    "sync_service_order",
    "parse_create_response",
    "parse_query_response",
    "parse_cancel_response",
    "parse_complete_response",
    "parse_modify_response",
    "parse_sync_response",
    "parse_register_deduct_info_response",
    "parse_query_deduction_response",
    "parse_payscore_payload",
    "state_and_time",
    "apply_permissions",
    "query_permissions",
    "terminate_permissions",
    "create_pay_on_delivery_order",
    "parse_apply_permissions_response",
    "parse_query_permissions_response",
    "parse_terminate_permissions_response",
    "parse_pay_on_delivery_response",
    "parse_permission_payload",
    "recovered_ack",
];
pub const EVENTS: &[&str] = &[
    "PAYSCORE.USER_CONFIRM",
    "PAYSCORE.USER_PAID",
    "PAYSCORE.MCH_PREPAY",
    " payscore.user_paid ",
    "PAYSCORE.USER_OPEN_SERVICE",
    "PAYSCORE.USER_CLOSE_SERVICE",
];
pub const NONE: &str = "<none>";
pub const STATES: &[&str] = &["CREATED", "DOING", "DONE", "REVOKED", "EXPIRED", "doing", ""];
pub const DESCRIPTIONS: &[&str] = &[NONE, "USER_CONFIRM", "MCH_COMPLETE", "USER_HOLD"];
pub const COLLECTION: &[&str] = &[NONE, "USER_PAYING", "USER_PAID", "PAUSED"];
pub const STATUSES: &[u16] = &[200, 204, 400, 500];

fn opt(s: &str) -> Option<&str> {
    (s != NONE).then_some(s)
}

macro_rules! build {
    ($json:expr, $ty:ty, $f:path) => {
        match input_from_json::<$ty>($json) {
            Ok(i) => check_spec($f(&i)),
            Err(e) => assert_eq!(e.code(), "ERR_WXPAY_VALIDATION"),
        }
    };
}

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let op = usize::from(r.u8()) % OPS.len();
    let status = r.u16();
    let event = r.choice_or_string(EVENTS);
    let state = r.choice_or_string(STATES);
    let desc = r.choice_or_string(DESCRIPTIONS);
    let coll = r.choice_or_string(COLLECTION);
    let json = r.rest_str();
    let json = json.as_str();

    match op {
        0 => build!(json, pay::CreateServiceOrder, pay::create_service_order),
        1 => build!(json, pay::QueryServiceOrder, pay::query_service_order),
        2 => build!(json, pay::CancelServiceOrder, pay::cancel_service_order),
        3 => build!(json, pay::CompleteServiceOrder, pay::complete_service_order),
        4 => build!(json, pay::RegisterDeductInfo, pay::register_deduct_info),
        5 => build!(json, pay::QueryDeduction, pay::query_deduction),
        6 => build!(json, pay::ModifyServiceOrder, pay::modify_service_order),
        7 => build!(json, pay::SyncServiceOrder, pay::sync_service_order),
        8 | 9 => {
            let parsed = if op == 8 { pay::parse_create_response(status, json) } else { pay::parse_query_response(status, json) };
            if let Ok(order) = &parsed {
                let ops = order.allowed_operations();
                assert!(ops.operations.iter().all(|o| ops.allows(*o)));
            }
            check_result(parsed);
        }
        10 => check_result(pay::parse_cancel_response(status, json)),
        11 => check_result(pay::parse_complete_response(status, json)),
        12 => check_result(pay::parse_modify_response(status, json)),
        13 => check_result(pay::parse_sync_response(status, json)),
        14 => check_result(pay::parse_register_deduct_info_response(status, json)),
        15 => check_result(pay::parse_query_deduction_response(status, json)),
        16 => {
            if let Ok(n) = pay::parse_payscore_payload(json, &event) {
                assert!(n.event_type().eq_ignore_ascii_case(event.trim()));
                assert!(!n.sub_mchid().is_empty() && !n.out_order_no().is_empty());
                let _ = n.idempotency_key();
                check_result(Ok::<_, wechatpay_edge::Error>(n));
            }
        }
        18 => build!(json, pay::ApplyPermissions, pay::apply_permissions),
        19 => build!(json, pay::QueryPermissions, pay::query_permissions),
        20 => build!(json, pay::TerminatePermissions, pay::terminate_permissions),
        21 => build!(json, pay::CreatePayOnDeliveryOrder, pay::create_pay_on_delivery_order),
        22 => check_result(pay::parse_apply_permissions_response(status, json)),
        23 => check_result(pay::parse_query_permissions_response(status, json)),
        24 => check_result(pay::parse_terminate_permissions_response(status, json)),
        25 => check_result(pay::parse_pay_on_delivery_response(status, json)),
        26 => {
            if let Ok(n) = pay::parse_permission_payload(json, &event) {
                assert!(n.event_type().eq_ignore_ascii_case(event.trim()));
                if let Some(key) = n.idempotency_key() {
                    // sub_mchid|authorization_code|EVENT|time: the components are percent-encoded.
                    assert_eq!(key.split('|').count(), 4, "{key}");
                }
                check_result(Ok::<_, wechatpay_edge::Error>(n));
            }
        }
        27 => {
            for write in recovery_writes() {
                assert!(pay::recovery_request(&write).is_some_and(|q| q.method == "GET"));
                let verdict = pay::recovered_ack(&write, status, json);
                match &verdict {
                    // Only a readable 2xx settles, and an order write always carries the order.
                    Ok(Some(pay::Recovered::Ack(ack))) => {
                        assert!(ack.recovered && (200..300).contains(&ack.status));
                        assert_eq!(ack.order.is_some(), !matches!(write, pay::GuardedWrite::Terminate(_)));
                    }
                    // Only a registration settles with a DeductInfo, and only for its own number.
                    Ok(Some(pay::Recovered::DeductInfo(d))) => assert!(d.recovered && matches!(write, pay::GuardedWrite::RegisterDeduct(_))),
                    _ => {}
                }
                check_result(verdict);
            }
        }
        _ => {
            let a = pay::allowed_operations_for(&state, opt(&desc), opt(&coll));
            if !a.known {
                assert!(a.operations.is_empty() || a.operations.len() <= 10);
            }
            let _ = serde_json::to_string(&a);
            let t = json.trim_end_matches('\n');
            let _ = PayscoreTime::parse(t);
            let _ = is_rfc3339(t);
        }
    }
}

/// The four writes a refused retry can be settled for, on order `SO1` / authorization `AC1`.
fn recovery_writes() -> [pay::GuardedWrite; 4] {
    let ids = r#""service_id":"500001","sub_mchid":"1900000109","channel_id":"1900000100""#;
    let cancel = input_from_json(&format!(r#"{{"out_order_no":"SO1",{ids},"reason":"r"}}"#)).ok().map(pay::GuardedWrite::Cancel);
    let complete = input_from_json(&format!(r#"{{"out_order_no":"SO1",{ids},"total_amount":300}}"#)).ok().map(|c| pay::GuardedWrite::Complete(Box::new(c)));
    let terminate = input_from_json(&format!(r#"{{"authorization_code":"AC1",{ids},"reason":"r"}}"#)).ok().map(pay::GuardedWrite::Terminate);
    let register = input_from_json(&format!(r#"{{"out_order_no":"SO1",{ids},"appid":"wxd678efh567hg6787","out_trade_no":"T1"}}"#))
        .ok()
        .map(pay::GuardedWrite::RegisterDeduct);
    match (cancel, complete, terminate, register) {
        (Some(a), Some(b), Some(c), Some(d)) => [a, b, c, d],
        _ => panic!("the fixed recovery inputs no longer parse"),
    }
}

/// One seed per (op, JSON literal from src/api/payscore), plus every state
/// combination and the time formats.
pub fn seeds(literals: &[String]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new();
    for op in (0..17u8).chain(18..28) {
        for lit in literals {
            out.push(w.u8(op).u16(200).choice(0).choice(0).choice(0).choice(0).rest(lit.as_bytes()).finish());
        }
    }
    for status in STATUSES {
        out.push(w.u8(10).u16(*status).choice(0).choice(0).choice(0).choice(0).rest(b"").finish());
    }
    for (s, _) in STATES.iter().enumerate() {
        for (d, _) in DESCRIPTIONS.iter().enumerate() {
            for (c, _) in COLLECTION.iter().enumerate() {
                out.push(w.u8(17).u16(0).choice(0).choice(s).choice(d).choice(c).rest(b"20091225091210").finish());
            }
        }
    }
    for t in ["OnAccept", "20230230", "2019-11-11T16:24:05+08:00", "2019-11-11T16:24:05.123Z"] {
        out.push(w.u8(17).u16(0).choice(0).choice(0).choice(0).choice(0).rest(t.as_bytes()).finish());
    }
    out
}
