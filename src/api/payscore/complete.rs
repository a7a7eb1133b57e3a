//! Complete a service order: `POST …/serviceorder/{out_order_no}/complete`.
//!
//! For acquiring institutions WeChat Pay does not deduct afterwards: register
//! the deduction with [`super::register_deduct_info()`] and charge through the
//! clearing institution. Fields per doc/v3/partner/4013194080 (complete, 2024.12.09).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::fen::Fen;
use super::model::{Discount, Location, OrderContext, Payment, TimeRange};
use super::order_action_path;
use super::rules::{self, TimeUse};
use super::time::{is_rfc3339, PayscoreTime};

/// Complete input; `out_order_no` goes into the path and `context` is never sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteServiceOrder {
    #[serde(skip_serializing)]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// Replaces the create-time list; 1–100 items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_payments: Option<Vec<Payment>>,
    /// Replaces the create-time list; every item needs an amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_discounts: Option<Vec<Discount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Fen>,
    /// Actual service time; `end_time` is mandatory when create had none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profit_sharing: Option<bool>,
    /// RFC 3339, e.g. `2019-11-11T16:24:05+08:00`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods_tag: Option<String>,
    /// The order as created (`risk_fund`, `time_range`); enables the cross-call rules.
    #[serde(default, skip_serializing)]
    pub context: Option<OrderContext>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the complete request.
pub fn complete_service_order(input: &CompleteServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = validate(input);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CompleteServiceOrder>);
    issues.finish()?;
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "complete");
    Ok(RequestSpec::post(path, to_json_with_extra(input, extra)?))
}

fn validate(c: &CompleteServiceOrder) -> Issues {
    let mut issues = Issues::new();
    // 4013194080 (2024.12.09): out_order_no (path; "32个字符内" although typed string(64)),
    // service_id, sub_mchid, channel_id 必填 string(32).
    rules::out_order_no(&mut issues, c.out_order_no.as_deref());
    rules::id32(&mut issues, "service_id", c.service_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", c.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "channel_id", c.channel_id.as_deref(), true);

    // 4013194080 (2024.12.09): post_payments 必填 (≤ 100), post_discounts 选填 (≤ 30),
    // total_amount 必填 integer = Σ payments − Σ discounts.
    let pay = rules::payments(&mut issues, c.post_payments.as_deref(), true);
    let disc = rules::discounts(&mut issues, c.post_discounts.as_deref(), true);
    let total = rules::amount(&mut issues, "total_amount", c.total_amount.as_ref(), true, false);
    rules::total_matches(&mut issues, total, pay, disc);

    let ctx = rules::context(&mut issues, c.context.as_ref());
    if let Some(t) = total {
        // 4013194080 (2024.12.09): 先免模式 total_amount <= 创单 risk_fund.amount.
        rules::within_risk_fund(&mut issues, "total_amount", "total_amount", t, ctx.risk.as_ref());
    }

    // 4013194080 (2024.12.09): time_range 选填; its attribute flags are folded on the page, so
    // start_time is accepted with or without (issue 12 row 11: not settled).
    let actual = rules::time_range(&mut issues, "time_range", c.time_range.as_ref(), TimeUse::Complete);
    if let Some(created) = ctx.time {
        // "创建订单未填写服务结束时间，则完结的时候，服务结束时间必填" (acquiring-bank complete, 2025.03.14).
        if !created.end_given && !actual.end_given {
            issues.push("time_range.end_time", "required", "the order was created without end_time (context.time_range), so complete must send it");
        }
        // Re-sent start_time was compared inside time_range; otherwise the
        // created start bounds the actual end (271316637 on the server).
        if let (None, Some(PayscoreTime::At(start)), Some(end)) = (actual.start, created.start, actual.end) {
            rules::end_not_before(&mut issues, "time_range.end_time", end, start, "context.time_range.start_time");
        }
    }
    rules::location(&mut issues, c.location.as_ref());
    // complete_time 选填, ISO 8601 / RFC 3339 (acquiring-bank complete, 2025.03.14).
    if let Some(t) = c.complete_time.as_deref() {
        if !is_rfc3339(t) {
            issues.push("complete_time", "format", format!("{t:?} is not RFC 3339 (e.g. 2019-11-11T16:24:05+08:00)"));
        }
    }
    // goods_tag string(32): UNCONFIRMED (spec D.5 (U)); the 2024/2025 pages shown do not type it.
    issues.optional_text("goods_tag", c.goods_tag.as_deref(), 32);
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::model::RiskFund;
    use crate::api::payscore::test_util::{body_json, has, issues};

    const FULL: &str = r#"{
        "out_order_no":"1234323JKHDFE1243252",
        "goods_tag":"TAG1",
        "complete_time":"2019-11-11T16:24:05+08:00",
        "profit_sharing":true,
        "location":{"end_location":"嗨客时尚主题展餐厅"},
        "time_range":{"end_time":"20091225121010","start_time":"20091225091010"},
        "total_amount":3900,
        "post_discounts":[{"amount":100,"description":"不与其他优惠叠加","name":"满20减1元"}],
        "post_payments":[{"count":1,"description":"就餐人均100元服务费:100/小时","amount":4000,"name":"就餐费用服务费"}],
        "channel_id":"10000001",
        "sub_mchid":"10000000",
        "service_id":"500001",
        "context":{"risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":10000},"time_range":{"start_time":"20091225091010","end_time":"20091225121010"}}
    }"#;

    fn full() -> CompleteServiceOrder {
        input_from_json(FULL).unwrap()
    }

    #[test]
    fn builds_exact_request() {
        let spec = complete_service_order(&full()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/1234323JKHDFE1243252/complete");
        assert_eq!(
            spec.body.as_deref().unwrap(),
            concat!(
                r#"{"service_id":"500001","sub_mchid":"10000000","channel_id":"10000001","#,
                r#""post_payments":[{"name":"就餐费用服务费","amount":4000,"description":"就餐人均100元服务费:100/小时","count":1}],"#,
                r#""post_discounts":[{"name":"满20减1元","description":"不与其他优惠叠加","amount":100}],"#,
                r#""total_amount":3900,"time_range":{"start_time":"20091225091010","end_time":"20091225121010"},"#,
                r#""location":{"end_location":"嗨客时尚主题展餐厅"},"profit_sharing":true,"#,
                r#""complete_time":"2019-11-11T16:24:05+08:00","goods_tag":"TAG1"}"#
            )
        );
        body_json(&spec);
    }

    #[test]
    fn path_is_percent_encoded() {
        let c = CompleteServiceOrder { out_order_no: Some("a|b*c".into()), ..full() };
        assert_eq!(complete_service_order(&c).unwrap().path_and_query, "/v3/payscore/acquiringbank/serviceorder/a%7Cb%2Ac/complete");
    }

    #[test]
    fn seed_complete_sample_totals_are_caught() {
        // Seed 003: payments 4000 − discounts 4000 = 0, yet total_amount 3900.
        let seed = r#"{"out_order_no":"1234323JKHDFE1243252","sub_mchid":"10000000","channel_id":"10000000","service_id":"500001",
            "complete_time":"2019-11-11T16:24:05+08:00",
            "post_payments": [{"name":"就餐费用服务费","amount":4000,"description":"就餐人均100元服务费:100/小时","count":1}],
            "post_discounts": [{"name":"满20减1元","description":"不与其他优惠叠加","amount":4000}],
            "total_amount":3900,
            "time_range": {"start_time":"20091225091010","end_time":"20091225121010"},
            "location": {"end_location":"嗨客时尚主题展餐厅"}}"#;
        let c: CompleteServiceOrder = input_from_json(seed).unwrap();
        let err = complete_service_order(&c).unwrap_err();
        let crate::Error::Validation(v) = &err else { panic!("{err:?}") };
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].path.as_str(), v[0].code), ("total_amount", "total_mismatch"));
        assert!(v[0].message.contains("(4000)") && v[0].message.contains("= 0"), "{}", v[0].message);
        // Spec E.6 sample: 40000 − 100 with total 50000.
        let mut c = full();
        c.post_payments.as_mut().unwrap()[0].amount = Some(Fen::new(40000));
        c.total_amount = Some(Fen::new(50000));
        c.context = None;
        assert_eq!(issues(complete_service_order(&c)), vec![("total_amount".to_string(), "total_mismatch")]);
        c.total_amount = Some(Fen::new(39900));
        assert!(complete_service_order(&c).is_ok());
    }

    #[test]
    fn negative_difference_is_named() {
        let mut c = full();
        c.post_discounts.as_mut().unwrap()[0].amount = Some(Fen::new(5000));
        c.total_amount = Some(Fen::new(0));
        let err = complete_service_order(&c).unwrap_err();
        let crate::Error::Validation(v) = &err else { panic!("{err:?}") };
        assert_eq!(v.iter().map(|i| i.code).collect::<Vec<_>>(), vec!["total_mismatch"]);
        assert!(v[0].message.contains("= -1000"), "{}", v[0].message);
    }

    #[test]
    fn required_fields_and_discount_amounts() {
        let c = CompleteServiceOrder {
            post_discounts: Some(vec![Discount { name: Some("券".into()), description: Some("d".into()), amount: None, count: None }]),
            post_payments: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            issues(complete_service_order(&c)),
            vec![
                ("out_order_no".to_string(), "required"),
                ("service_id".to_string(), "required"),
                ("sub_mchid".to_string(), "required"),
                ("channel_id".to_string(), "required"),
                ("post_payments".to_string(), "too_few"),
                ("post_discounts[0].amount".to_string(), "required"),
                ("total_amount".to_string(), "required"),
            ]
        );
    }

    #[test]
    fn total_must_be_an_integer_fen() {
        let mut c: CompleteServiceOrder = input_from_json(&FULL.replace("\"total_amount\":3900", "\"total_amount\":3900.0")).unwrap();
        assert!(complete_service_order(&c).unwrap().body.unwrap().contains("\"total_amount\":3900,"));
        c.total_amount = serde_json::from_str("39.5").ok();
        assert_eq!(issues(complete_service_order(&c)), vec![("total_amount".to_string(), "not_integer")]);
        // Yuan instead of fen: an integer, but the sums disagree.
        c.total_amount = serde_json::from_str("39.00").ok();
        assert_eq!(issues(complete_service_order(&c)), vec![("total_amount".to_string(), "total_mismatch")]);
    }

    #[test]
    fn deposit_free_total_within_risk_fund() {
        let mut c = full();
        let ctx = c.context.as_mut().unwrap();
        ctx.risk_fund = Some(RiskFund { name: Some("DEPOSIT".into()), amount: Some(Fen::new(3899)), description: None });
        assert_eq!(issues(complete_service_order(&c)), vec![("total_amount".to_string(), "over_risk_fund")]);
        c.context.as_mut().unwrap().risk_fund.as_mut().unwrap().amount = Some(Fen::new(3900));
        assert!(complete_service_order(&c).is_ok());
        c.context.as_mut().unwrap().risk_fund.as_mut().unwrap().name = Some("UDEPOSIT".into());
        assert_eq!(issues(complete_service_order(&c)), vec![("context.risk_fund.name".to_string(), "unknown_value")]);
    }

    #[test]
    fn end_time_required_when_create_had_none() {
        let mut c = full();
        c.context.as_mut().unwrap().time_range = Some(TimeRange { start_time: Some("OnAccept".into()), ..Default::default() });
        c.time_range = None;
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.end_time".to_string(), "required")]);
        c.time_range = Some(TimeRange { end_time: Some("20091225121010".into()), ..Default::default() });
        assert!(complete_service_order(&c).is_ok());
        // Created with an end time: complete may omit it.
        c.context.as_mut().unwrap().time_range.as_mut().unwrap().end_time = Some("20091226".into());
        c.time_range = None;
        assert!(complete_service_order(&c).is_ok());
        // Unknown creation (no context): cannot be checked, so not enforced.
        c.context = None;
        assert!(complete_service_order(&c).is_ok());
    }

    #[test]
    fn actual_end_not_before_start() {
        let mut c = full();
        c.time_range = Some(TimeRange { end_time: Some("20091225091009".into()), ..Default::default() });
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.end_time".to_string(), "end_before_start")]);
        c.time_range = Some(TimeRange { start_time: Some("20091225080000".into()), end_time: Some("20091225090000".into()), ..Default::default() });
        // The re-sent start replaces the created one.
        assert!(complete_service_order(&c).is_ok());
        c.time_range.as_mut().unwrap().end_time = Some("20091225".into());
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.end_time".to_string(), "end_before_start")]);
        c.time_range.as_mut().unwrap().start_time = Some("OnAccept".into());
        c.time_range.as_mut().unwrap().end_time = None;
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.start_time".to_string(), "on_accept_not_allowed")]);
    }

    /// Issue 12 row 11: 4013194080 (2024.12.09) folds the time_range attribute flags, so whether
    /// start_time may be re-sent at complete is not settled: both are accepted.
    #[test]
    fn start_time_optional_at_complete_per_4013194080() {
        let mut c = full();
        c.time_range = Some(TimeRange { end_time: Some("20091225121010".into()), ..Default::default() });
        assert!(!complete_service_order(&c).unwrap().body.unwrap().contains("start_time"));
        c.time_range = Some(TimeRange { start_time: Some("20091225091010".into()), end_time: Some("20091225121010".into()), ..Default::default() });
        assert!(complete_service_order(&c).unwrap().body.unwrap().contains(r#""start_time":"20091225091010""#));
        // A re-sent start is still checked like any time.
        c.time_range.as_mut().unwrap().start_time = Some("2009-12-25".into());
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.start_time".to_string(), "format")]);
        // The remark limit is the create one (20), not 50.
        c.time_range = Some(TimeRange { end_time_remark: Some("还".repeat(21)), ..Default::default() });
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range.end_time_remark".to_string(), "too_long")]);
    }

    #[test]
    fn empty_objects_are_rejected() {
        let mut c = full();
        c.time_range = Some(TimeRange::default());
        c.location = Some(Location::default());
        assert_eq!(issues(complete_service_order(&c)), vec![("time_range".to_string(), "empty"), ("location".to_string(), "empty")]);
    }

    #[test]
    fn complete_time_and_goods_tag() {
        let mut c = full();
        c.complete_time = Some("20191111162405".into());
        c.goods_tag = Some("g".repeat(33));
        let got = issues(complete_service_order(&c));
        assert!(has(&got, "complete_time", "format") && has(&got, "goods_tag", "too_long"), "{got:?}");
        assert_eq!(got.len(), 2);
    }
}
