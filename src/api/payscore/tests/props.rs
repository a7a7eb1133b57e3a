//! Property tests: no input panics, and whatever a builder accepts is clean JSON
//! that satisfies the amount rules.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::time::{is_rfc3339, PayscoreTime};
use super::*;

fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        "[0-9A-Za-z_|*-]{0,34}",
        "[分账😀a? /%\"\\\\\u{1}]{0,25}",
        Just("OnAccept".to_owned()),
        "(19|20)[0-9]{2}[01][0-9][0-3][0-9]([0-2][0-9][0-5][0-9][0-6][0-9])?",
        Just("https://e.com/n".to_owned()),
        Just("DEPOSIT".to_owned()),
        Just("ESTIMATE_ORDER_COST".to_owned()),
    ])
}

fn num() -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(prop_oneof![
        (0u64..20_000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::Number)),
        (0u32..20_000).prop_map(|n| json!(f64::from(n))),
    ])
}

/// Mostly valid values, sometimes anything: enough accepted inputs to check what is accepted.
fn good_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![8 => "[a-z0-9]{1,8}".prop_map(Some), 1 => text()]
}

fn good_num() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![8 => (0u64..20_000).prop_map(|n| Some(Value::from(n))), 1 => num()]
}

fn good_time() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        8 => "20(1[0-9]|2[0-5])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])([01][0-9][0-5][0-9][0-5][0-9])?".prop_map(Some),
        1 => Just(Some("OnAccept".to_owned())),
        1 => text(),
    ]
}

fn good_mode() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        8 => proptest::sample::select(vec!["DEPOSIT", "ADVANCE", "CASH_DEPOSIT", "ESTIMATE_ORDER_COST"]).prop_map(|m| Some(m.to_owned())),
        1 => text(),
    ]
}

/// A JSON object with the `Some` entries only.
fn obj(pairs: Vec<(&str, Option<Value>)>) -> Value {
    Value::Object(pairs.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v))).collect())
}

fn s(v: Option<String>) -> Option<Value> {
    v.map(Value::String)
}

fn payment() -> impl Strategy<Value = Value> {
    (good_text(), good_num(), prop_oneof![3 => Just(None), 1 => text()], prop_oneof![3 => Just(None), 1 => num()])
        .prop_map(|(n, a, d, c)| obj(vec![("name", s(n)), ("amount", a), ("description", s(d)), ("count", c)]))
}

fn discount() -> impl Strategy<Value = Value> {
    (good_text(), good_text(), good_num(), prop_oneof![3 => Just(None), 1 => num()])
        .prop_map(|(n, d, a, c)| obj(vec![("name", s(n)), ("description", s(d)), ("amount", a), ("count", c)]))
}

fn list(item: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(proptest::collection::vec(item, 0..4).prop_map(Value::Array))
}

fn time_range() -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(
        (good_time(), prop_oneof![3 => Just(None), 1 => text()], good_time(), prop_oneof![3 => Just(None), 1 => text()])
            .prop_map(|(a, b, c, d)| obj(vec![("start_time", s(a)), ("start_time_remark", s(b)), ("end_time", s(c)), ("end_time_remark", s(d))])),
    )
}

fn risk_fund() -> impl Strategy<Value = Option<Value>> {
    proptest::option::of(
        (good_mode(), good_num(), prop_oneof![3 => Just(None), 1 => text()])
            .prop_map(|(n, a, d)| obj(vec![("name", s(n)), ("amount", a), ("description", s(d))])),
    )
}

/// No `null` anywhere and every number a non-negative integer.
fn wire_clean(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Number(n) => n.is_u64(),
        Value::Array(a) => a.iter().all(wire_clean),
        Value::Object(o) => o.values().all(wire_clean),
        _ => true,
    }
}

fn amounts(v: &Value, key: &str) -> i128 {
    v[key].as_array().map_or(0, |a| a.iter().filter_map(|i| i["amount"].as_u64()).map(i128::from).sum())
}

/// An accepted request: its body (if any) parses, has no null, and only integer numbers.
fn clean(spec: &crate::api::RequestSpec) -> Value {
    let v: Value = spec.body.as_deref().map_or(Value::Null, |b| serde_json::from_str(b).unwrap());
    if spec.body.is_some() {
        assert!(wire_clean(&v), "{v}");
    }
    assert!(spec.path_and_query.starts_with(SERVICE_ORDER_PATH));
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn create_never_panics_and_accepts_only_clean_bodies(
        ids in proptest::collection::vec(good_text(), 7),
        pays in list(payment()), discs in list(discount()), rf in risk_fund(), tr in time_range(),
        confirm in proptest::option::of(any::<bool>()),
    ) {
        let v = obj(vec![
            ("service_id", s(ids[0].clone())), ("appid", s(ids[1].clone())), ("sub_mchid", s(ids[2].clone())),
            ("channel_id", s(ids[3].clone())), ("out_order_no", s(ids[4].clone())),
            ("service_introduction", s(ids[5].clone())), ("post_payments", pays), ("post_discounts", discs),
            ("risk_fund", rf), ("time_range", tr), ("openid", s(ids[6].clone())),
            ("need_user_confirm", confirm.map(Value::Bool)), ("notify_url", Some(json!("https://e.com/n"))),
        ]);
        if let Ok(input) = serde_json::from_value::<CreateServiceOrder>(v) {
            if let Ok(spec) = create_service_order(&input) {
                let body = clean(&spec);
                let (p, d) = (amounts(&body, "post_payments"), amounts(&body, "post_discounts"));
                // No risk-fund bound at create (4012691326, 2025.04.24): only the lists' own rule.
                prop_assert!(d <= p);
            }
        }
    }

    #[test]
    fn complete_and_modify_accept_only_consistent_totals(
        pays in list(payment()), discs in list(discount()), total in num(), fix_total in any::<bool>(),
        tr in time_range(), ctx_rf in risk_fund(), ctx_tr in time_range(), ctx_total in num(),
    ) {
        let mut v = obj(vec![
            ("out_order_no", Some(json!("O1"))), ("service_id", Some(json!("S"))), ("sub_mchid", Some(json!("M"))),
            ("channel_id", Some(json!("C"))), ("post_payments", pays), ("post_discounts", discs), ("total_amount", total),
        ]);
        if fix_total {
            let diff = amounts(&v, "post_payments") - amounts(&v, "post_discounts");
            v["total_amount"] = u64::try_from(diff).map_or(json!(0), Value::from);
        }
        let ctx = obj(vec![("risk_fund", ctx_rf), ("time_range", ctx_tr.clone()), ("total_amount", ctx_total)]);
        let mut c = v.clone();
        if let Some(tr) = tr {
            c["time_range"] = tr;
        }
        c["context"] = ctx.clone();
        if let Ok(input) = serde_json::from_value::<CompleteServiceOrder>(c) {
            if let Ok(spec) = complete_service_order(&input) {
                let body = clean(&spec);
                prop_assert!(body.get("context").is_none());
                prop_assert_eq!(
                    i128::from(body["total_amount"].as_u64().unwrap()),
                    amounts(&body, "post_payments") - amounts(&body, "post_discounts")
                );
            }
        }
        let mut m = v;
        m["reason"] = json!("r");
        m["context"] = ctx;
        if let Ok(input) = serde_json::from_value::<ModifyServiceOrder>(m) {
            if let Ok(spec) = modify_service_order(&input) {
                let body = clean(&spec);
                let t = body["total_amount"].as_u64().unwrap();
                // "不能超过完结订单时候的总金额" (2025.03.14): equal is accepted.
                if let Some(completed) = input.context.as_ref().and_then(|c| c.total_amount.as_ref()).and_then(|f| f.value().ok()) {
                    prop_assert!(t <= completed);
                }
            }
        }
    }

    #[test]
    fn other_builders_never_panic(ids in proptest::collection::vec(prop_oneof![text(), good_text(), good_time()], 7)) {
        let get = |i: usize| ids[i].clone();
        let q = QueryServiceOrder { service_id: get(0), sub_mchid: get(1), channel_id: get(2), out_order_no: get(3), query_id: get(4), extra: None };
        if let Ok(spec) = query_service_order(&q) { clean(&spec); }
        let c = CancelServiceOrder { out_order_no: get(0), service_id: get(1), channel_id: get(2), sub_mchid: get(3), reason: get(4), extra: None };
        if let Ok(spec) = cancel_service_order(&c) { clean(&spec); }
        let r = RegisterDeductInfo {
            out_order_no: get(0), service_id: get(1), appid: get(2), sub_mchid: get(3), sub_appid: get(4), channel_id: get(5), out_trade_no: get(6), extra: None,
        };
        if let Ok(spec) = register_deduct_info(&r) {
            let body = clean(&spec);
            let no = body["out_trade_no"].as_str().unwrap();
            prop_assert!(no.chars().count() <= 32 && no.chars().all(|c| c.is_ascii_alphanumeric() || "_-|*".contains(c)));
        }
        let d = QueryDeduction { service_id: get(0), appid: get(1), sub_mchid: get(2), channel_id: get(3), sub_appid: get(4), out_order_no: get(5), extra: None };
        if let Ok(spec) = query_deduction(&d) { clean(&spec); }
        let y = SyncServiceOrder {
            out_order_no: get(0), service_id: get(1), sub_mchid: get(2), channel_id: get(3), kind: get(4),
            detail: Some(SyncDetail { paid_time: get(5) }),
            extra: None,
        };
        if let Ok(spec) = sync_service_order(&y) { clean(&spec); }
    }

    #[test]
    fn time_parsers_never_panic_and_round_trip(t in "\\PC{0,20}|[0-9]{8}|[0-9]{14}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,12}(Z|[+-][0-9]{2}:[0-9]{2})") {
        let _ = is_rfc3339(&t);
        if let Ok(PayscoreTime::At(c)) = PayscoreTime::parse(&t) {
            let full = format!("{:04}{:02}{:02}{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second);
            prop_assert!(full.starts_with(&t));
        }
    }

    #[test]
    fn response_and_notification_parsers_never_panic(status in 0u16..600, body in "\\PC{0,60}", event in 0usize..4) {
        let _ = parse_query_response(status, &body);
        let _ = parse_cancel_response(status, &body);
        let _ = parse_query_deduction_response(status, &body);
        let events = ["PAYSCORE.USER_CONFIRM", "PAYSCORE.USER_PAID", "PAYSCORE.MCH_PREPAY", "X"];
        if let Ok(n) = parse_payscore_payload(&body, events[event]) {
            prop_assert!(!n.idempotency_key().is_empty());
        }
    }
}
