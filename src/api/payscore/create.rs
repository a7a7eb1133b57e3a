//! Create a service order: `POST /v3/payscore/acquiringbank/serviceorder`.
//!
//! Fields per doc/v3/partner/4012691326 (acquiring-bank create, 2025.04.24).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::model::{Discount, Location, Payment, RiskFund, TimeRange};
use super::rules::{self, TimeUse};
use super::SERVICE_ORDER_PATH;

/// Create input; serialised as-is (documented order, `None` omitted) as the body.
///
/// No rule ties `post_payments` to `risk_fund.amount` at create (doc/v3/partner/4012691326).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceOrder {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The institution's AppID; complete and cancel must use the same one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    /// 渠道商商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_introduction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_payments: Option<Vec<Payment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_discounts: Option<Vec<Discount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_fund: Option<RiskFund>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    /// Absent means the API default (`true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need_user_confirm: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the create request.
pub fn create_service_order(input: &CreateServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = validate(input);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CreateServiceOrder>);
    issues.finish()?;
    Ok(RequestSpec::post(SERVICE_ORDER_PATH.to_owned(), to_json_with_extra(input, extra)?))
}

pub(crate) fn validate(o: &CreateServiceOrder) -> Issues {
    let mut issues = Issues::new();
    // 4012691326 (2025.04.24): service_id, appid, sub_mchid, channel_id 必填 string(32); sub_appid 选填 string(32).
    rules::id32(&mut issues, "service_id", o.service_id.as_deref(), true);
    rules::id32(&mut issues, "appid", o.appid.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", o.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "sub_appid", o.sub_appid.as_deref(), false);
    rules::id32(&mut issues, "channel_id", o.channel_id.as_deref(), true);
    rules::out_order_no(&mut issues, o.out_order_no.as_deref());
    // 4012691326 (2025.04.24): service_introduction 必填 string(20), every character counts as 1.
    issues.required_text("service_introduction", o.service_introduction.as_deref(), 20);

    // 4012691326 (2025.04.24): post_payments / post_discounts 选填 at create.
    let pay = rules::payments(&mut issues, o.post_payments.as_deref(), false);
    let disc = rules::discounts(&mut issues, o.post_discounts.as_deref(), false);
    rules::discounts_within_payments(&mut issues, pay, disc);
    // No rule ties the listed items to risk_fund.amount at create (4012691326, 2025.04.24); the
    // 先免 limit applies to total_amount at complete and modify (4013194080, 2024.12.09).
    rules::risk_fund(&mut issues, "risk_fund", o.risk_fund.as_ref(), true);
    rules::time_range(&mut issues, "time_range", o.time_range.as_ref(), TimeUse::Create);
    rules::location(&mut issues, o.location.as_ref());

    // openid / sub_openid string[1,128] (global Payscore create doc/global/v3/zh/4014096395, 2025.04.01;
    // spec D.2 for the acquiring-bank page).
    issues.optional_text("openid", o.openid.as_deref(), 128);
    issues.optional_text("sub_openid", o.sub_openid.as_deref(), 128);
    if o.sub_openid.is_some() && o.sub_appid.is_none() {
        issues.push("sub_openid", "requires_sub_appid", "sub_openid belongs to sub_appid; send sub_appid too");
    }
    // need_user_confirm=false needs an openid (4014096395, 2025.04.01: "need_user_confirm为false时,openid与sub_openid必须填写").
    if o.need_user_confirm == Some(false) && o.openid.is_none() && o.sub_openid.is_none() {
        issues.push("openid", "openid_required", "need_user_confirm=false (confirmation-free) requires openid or sub_openid");
    }
    rules::notify_url(&mut issues, o.notify_url.as_deref());
    // attach 选填 string(256) (merchant create page apilist.html, 2025.03.06; spec D.2).
    issues.optional_text("attach", o.attach.as_deref(), 256);
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::test_util::{body_json, issues};
    use crate::api::payscore::{input_from_json, Fen};

    /// Keys deliberately out of documented order: the body must reorder them.
    const FULL: &str = r#"{
        "attach":"order%3D1",
        "notify_url":"https://example.com/payscore/notify",
        "need_user_confirm":false,
        "openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        "location":{"end_location":"二号门","start_location":"一号门"},
        "time_range":{"end_time_remark":"最晚归还","end_time":"20251231235959","start_time":"OnAccept"},
        "risk_fund":{"description":"充电宝押金","amount":9900,"name":"DEPOSIT"},
        "post_discounts":[{"amount":100,"description":"首单立减","name":"新人券"}],
        "post_payments":[{"count":2,"description":"2元/小时","amount":400.0,"name":"充电费"}],
        "service_introduction":"共享充电宝",
        "out_order_no":"A-1|b*2_c",
        "channel_id":"1230000109",
        "sub_appid":"wxd678efh567hg6788",
        "sub_mchid":"1900000109",
        "appid":"wxd678efh567hg6787",
        "service_id":"2002000000000558128851361561536"
    }"#;

    fn full() -> CreateServiceOrder {
        input_from_json(FULL).unwrap()
    }

    #[test]
    fn builds_exact_request() {
        let spec = create_service_order(&full()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder");
        assert!(spec.headers.is_empty());
        assert_eq!(
            spec.body.as_deref().unwrap(),
            concat!(
                r#"{"service_id":"2002000000000558128851361561536","appid":"wxd678efh567hg6787","#,
                r#""sub_mchid":"1900000109","sub_appid":"wxd678efh567hg6788","channel_id":"1230000109","#,
                r#""out_order_no":"A-1|b*2_c","service_introduction":"共享充电宝","#,
                r#""post_payments":[{"name":"充电费","amount":400,"description":"2元/小时","count":2}],"#,
                r#""post_discounts":[{"name":"新人券","description":"首单立减","amount":100}],"#,
                r#""risk_fund":{"name":"DEPOSIT","amount":9900,"description":"充电宝押金"},"#,
                r#""time_range":{"start_time":"OnAccept","end_time":"20251231235959","end_time_remark":"最晚归还"},"#,
                r#""location":{"start_location":"一号门","end_location":"二号门"},"#,
                r#""openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","need_user_confirm":false,"#,
                r#""notify_url":"https://example.com/payscore/notify","attach":"order%3D1"}"#
            )
        );
        body_json(&spec);
    }

    #[test]
    fn minimal_body_has_no_nulls() {
        let o: CreateServiceOrder = input_from_json(
            r#"{"service_id":"S1","appid":"wx1","sub_mchid":"1900000109","channel_id":"C1","out_order_no":"O1",
                "service_introduction":"租借","risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":1},
                "time_range":{"start_time":"20250101"},"notify_url":"https://e.com/n"}"#,
        )
        .unwrap();
        let spec = create_service_order(&o).unwrap();
        assert_eq!(
            spec.body.as_deref().unwrap(),
            r#"{"service_id":"S1","appid":"wx1","sub_mchid":"1900000109","channel_id":"C1","out_order_no":"O1","service_introduction":"租借","risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":1},"time_range":{"start_time":"20250101"},"notify_url":"https://e.com/n"}"#
        );
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let r = input_from_json::<CreateServiceOrder>(r#"{"service_id":"S1","device":{}}"#);
        assert!(matches!(r, Err(crate::Error::Validation(ref v)) if v[0].code == "json"));
    }

    #[test]
    fn reports_every_missing_field_at_once() {
        let got = issues(create_service_order(&CreateServiceOrder::default()));
        let want = ["service_id", "appid", "sub_mchid", "channel_id", "out_order_no", "service_introduction", "risk_fund", "time_range", "notify_url"];
        assert_eq!(got, want.iter().map(|p| (p.to_string(), "required")).collect::<Vec<_>>());
    }

    #[test]
    fn seed_sample_is_valid_at_create() {
        // The seed's create sample (ESTIMATE_ORDER_COST, a discount without amount) is fine.
        let seed = r#"{"out_order_no":"1234323JKHDFE1243252","appid":"wxd678efh567hg6787","service_id":"500001",
            "sub_mchid" : "10000000","sub_appid":"wxd678efh567hg6788","channel_id":"12121212",
            "service_introduction":"某某酒店",
            "post_payments": [{"name":"就餐费用服务费","amount":4000,"description":"就餐人均100元服务费:100/小时","count":1}],
            "post_discounts": [{"name":"满20减1元","description":"不与其他优惠叠加"}],
            "time_range": {"start_time":"20091225091010","end_time":"20091225121010"},
            "location": {"start_location":"嗨客时尚主题展餐厅","end_location":"嗨客时尚主题展餐厅"},
            "risk_fund": {"name":"ESTIMATE_ORDER_COST","amount":10000,"description":"就餐的预估费用"},
            "attach":"Easdfowealsdkjfnlaksjdlfkwqoi&wl3l2sald","notify_url":"https://api.test.com","need_user_confirm":true}"#;
        let o: CreateServiceOrder = input_from_json(seed).unwrap();
        let spec = create_service_order(&o).unwrap();
        assert_eq!(body_json(&spec), serde_json::from_str::<serde_json::Value>(seed).unwrap());
    }

    /// Issue 12 row 5: doc/v3/partner/4012691326 (create, 2025.04.24) has no rule tying the listed
    /// items to risk_fund.amount; the 先免 limit is on total_amount at complete and modify
    /// (4013194080, 2024.12.09), tested in complete.rs and modify.rs.
    #[test]
    fn no_risk_fund_rule_at_create_per_4012691326() {
        // Spec E.7's sample: DEPOSIT 10000 with a 40000 payment is accepted at create.
        for mode in ["DEPOSIT", "ADVANCE", "CASH_DEPOSIT", "ESTIMATE_ORDER_COST"] {
            let mut o = full();
            o.risk_fund = Some(RiskFund { name: Some(mode.into()), amount: Some(Fen::new(10000)), description: None });
            o.post_payments = Some(vec![Payment { name: Some("服务费".into()), amount: Some(Fen::new(40000)), ..Default::default() }]);
            o.post_discounts = None;
            let spec = create_service_order(&o).unwrap();
            assert_eq!(body_json(&spec)["post_payments"][0]["amount"], 40000, "{mode}");
        }
    }

    #[test]
    fn risk_fund_rules() {
        let mut o = full();
        o.risk_fund = Some(RiskFund { name: Some("UDEPOSIT".into()), amount: Some(Fen::new(0)), description: Some("x".repeat(31)) });
        let got = issues(create_service_order(&o));
        assert_eq!(
            got,
            vec![
                ("risk_fund.name".to_string(), "unknown_value"),
                ("risk_fund.amount".to_string(), "not_positive"),
                ("risk_fund.description".to_string(), "too_long"),
            ]
        );
        o.risk_fund = Some(RiskFund { name: None, amount: None, description: None });
        assert_eq!(issues(create_service_order(&o)), vec![("risk_fund.name".to_string(), "required"), ("risk_fund.amount".to_string(), "required")]);
    }

    #[test]
    fn out_order_no_rules() {
        let mut o = full();
        o.out_order_no = Some("a".repeat(33));
        assert_eq!(issues(create_service_order(&o)), vec![("out_order_no".to_string(), "too_long")]);
        o.out_order_no = Some("A@1".into());
        assert_eq!(issues(create_service_order(&o)), vec![("out_order_no".to_string(), "charset")]);
        o.out_order_no = Some("aZ09_-|*".repeat(4));
        assert!(create_service_order(&o).is_ok());
    }

    #[test]
    fn service_introduction_counts_characters() {
        let mut o = full();
        o.service_introduction = Some("充".repeat(20));
        assert!(create_service_order(&o).is_ok());
        o.service_introduction = Some("充".repeat(21));
        assert_eq!(issues(create_service_order(&o)), vec![("service_introduction".to_string(), "too_long")]);
        o.service_introduction = Some("充电😀".into());
        assert_eq!(issues(create_service_order(&o)), vec![("service_introduction".to_string(), "charset")]);
    }

    #[test]
    fn need_user_confirm_false_needs_an_openid() {
        let mut o = full();
        o.openid = None;
        assert_eq!(issues(create_service_order(&o)), vec![("openid".to_string(), "openid_required")]);
        o.sub_openid = Some("oSub".into());
        assert!(create_service_order(&o).is_ok());
        o.sub_openid = None;
        o.need_user_confirm = Some(true);
        assert!(create_service_order(&o).is_ok());
        o.need_user_confirm = None;
        assert!(create_service_order(&o).is_ok());
    }

    #[test]
    fn sub_openid_needs_sub_appid() {
        let mut o = full();
        o.sub_openid = Some("oSub".into());
        o.sub_appid = None;
        assert_eq!(issues(create_service_order(&o)), vec![("sub_openid".to_string(), "requires_sub_appid")]);
    }

    #[test]
    fn notify_url_rules() {
        let mut o = full();
        for (url, code) in [
            ("http://example.com/n", "not_https"),
            ("https://example.com/n?x=1", "has_query"),
            ("https://", "format"),
            ("https:///n", "format"),
            ("https://e.com/a b", "format"),
            ("ftp://e.com", "not_https"),
        ] {
            o.notify_url = Some(url.into());
            assert_eq!(issues(create_service_order(&o)), vec![("notify_url".to_string(), code)], "{url}");
        }
        o.notify_url = Some(format!("https://e.com/{}", "a".repeat(300)));
        assert_eq!(issues(create_service_order(&o)), vec![("notify_url".to_string(), "too_long")]);
        o.notify_url = Some("HTTPS://E.COM/n".into());
        assert!(create_service_order(&o).is_ok());
    }

    #[test]
    fn time_range_rules_at_create() {
        let mut o = full();
        let set = |o: &mut CreateServiceOrder, s: Option<&str>, e: Option<&str>| {
            o.time_range = Some(TimeRange { start_time: s.map(Into::into), end_time: e.map(Into::into), ..Default::default() })
        };
        set(&mut o, Some("20250230"), None);
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.start_time".to_string(), "invalid_date")]);
        set(&mut o, Some("2025-02-01"), None);
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.start_time".to_string(), "format")]);
        set(&mut o, None, Some("20250201"));
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.start_time".to_string(), "required")]);
        set(&mut o, Some("20250201120000"), Some("20250201"));
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.end_time".to_string(), "end_before_start")]);
        set(&mut o, Some("20250201120000"), Some("OnAccept"));
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.end_time".to_string(), "format")]);
        // Equal, later, date-only vs. full, and OnAccept (not comparable) are fine.
        for (s, e) in [("20250201", "20250201000000"), ("20250201120000", "20250202"), ("OnAccept", "20000101"), ("20250201", "20250201")] {
            set(&mut o, Some(s), Some(e));
            assert!(create_service_order(&o).is_ok(), "{s} {e}");
        }
        o.time_range = Some(TimeRange {
            start_time: Some("OnAccept".into()),
            start_time_remark: Some("备".repeat(21)),
            end_time: None,
            end_time_remark: Some("备".repeat(51)),
        });
        assert_eq!(
            issues(create_service_order(&o)),
            vec![("time_range.start_time_remark".to_string(), "too_long"), ("time_range.end_time_remark".to_string(), "too_long"),]
        );
    }

    /// Issue 12 row 6: end_time_remark is "不超过20个字符" (4012691326, 2025.04.24); the 50 came
    /// from a third-party OpenAPI file.
    #[test]
    fn end_time_remark_at_most_20_characters_per_4012691326() {
        let mut o = full();
        let remark = |o: &mut CreateServiceOrder, n: usize| {
            o.time_range = Some(TimeRange {
                start_time: Some("OnAccept".into()),
                end_time: Some("20251231235959".into()),
                end_time_remark: Some("还".repeat(n)),
                ..Default::default()
            })
        };
        remark(&mut o, 20);
        assert!(create_service_order(&o).is_ok());
        remark(&mut o, 21);
        let err = create_service_order(&o).unwrap_err();
        let crate::Error::Validation(v) = &err else { panic!("{err:?}") };
        assert_eq!((v[0].path.as_str(), v[0].code), ("time_range.end_time_remark", "too_long"));
        assert!(v[0].message.contains("at most 20"), "{}", v[0].message);
        assert!(!v[0].message.contains('还'), "the message must not echo the value");
        // The same limit applies where a time range is re-sent (complete).
        remark(&mut o, 50);
        assert_eq!(issues(create_service_order(&o)), vec![("time_range.end_time_remark".to_string(), "too_long")]);
    }

    #[test]
    fn list_and_item_rules() {
        let mut o = full();
        o.risk_fund = Some(RiskFund { name: Some("ESTIMATE_ORDER_COST".into()), amount: Some(Fen::new(1)), description: None });
        let item = |i: usize| Payment { name: Some(format!("项{i}")), amount: Some(Fen::new(1)), ..Default::default() };
        o.post_payments = Some((0..100).map(item).collect());
        o.post_discounts = None;
        assert!(create_service_order(&o).is_ok());
        o.post_payments = Some((0..101).map(item).collect());
        assert_eq!(issues(create_service_order(&o)), vec![("post_payments".to_string(), "too_many")]);

        let disc = |i: usize| Discount { name: Some(format!("券{i}")), description: Some("d".into()), amount: None, count: None };
        o.post_payments = None;
        o.post_discounts = Some((0..30).map(disc).collect());
        assert!(create_service_order(&o).is_ok());
        o.post_discounts = Some((0..31).map(disc).collect());
        assert_eq!(issues(create_service_order(&o)), vec![("post_discounts".to_string(), "too_many")]);
        o.post_discounts = Some(vec![]);
        assert_eq!(issues(create_service_order(&o)), vec![("post_discounts".to_string(), "empty")]);

        let o2: CreateServiceOrder = serde_json::from_value({
            let mut v: serde_json::Value = serde_json::from_str(FULL).unwrap();
            v["risk_fund"]["name"] = "ESTIMATE_ORDER_COST".into();
            v["post_payments"] = serde_json::json!([
                {"name":"A","amount":1},
                {"name":"A","amount":39.9,"count":0},
                {"amount":-5,"description":"长".repeat(31),"count":101},
                {"name":"商品信息","amount":9007199254740992u64,"count":1.5},
                {"name":"商品信息"}
            ]);
            v["post_discounts"] = serde_json::json!([{"name":"B"},{"name":"B","description":"x","count":0}]);
            v
        })
        .unwrap();
        assert_eq!(
            issues(create_service_order(&o2)),
            vec![
                ("post_payments[1].name".to_string(), "duplicate"),
                ("post_payments[1].amount".to_string(), "not_integer"),
                ("post_payments[1].count".to_string(), "out_of_range"),
                ("post_payments[2].name".to_string(), "required"),
                ("post_payments[2].amount".to_string(), "negative"),
                ("post_payments[2].description".to_string(), "too_long"),
                ("post_payments[2].count".to_string(), "out_of_range"),
                ("post_payments[3].amount".to_string(), "too_large"),
                ("post_payments[3].count".to_string(), "not_integer"),
                ("post_discounts[0].description".to_string(), "required"),
                ("post_discounts[1].name".to_string(), "duplicate"),
                ("post_discounts[1].count".to_string(), "out_of_range"),
            ]
        );
    }

    #[test]
    fn discounts_above_payments_are_caught() {
        let mut o = full();
        o.post_discounts = Some(vec![Discount { name: Some("券".into()), description: Some("d".into()), amount: Some(Fen::new(401)), count: None }]);
        assert_eq!(issues(create_service_order(&o)), vec![("post_discounts".to_string(), "discounts_exceed_payments")]);
    }

    #[test]
    fn four_byte_characters_and_field_lengths() {
        let mut o = full();
        o.attach = Some("😀".into());
        o.openid = Some("o".repeat(129));
        o.location = Some(Location { start_location: Some("地".repeat(51)), end_location: None });
        o.service_id = Some("1".repeat(33));
        assert_eq!(
            issues(create_service_order(&o)),
            vec![
                ("service_id".to_string(), "too_long"),
                ("location.start_location".to_string(), "too_long"),
                ("openid".to_string(), "too_long"),
                ("attach".to_string(), "charset"),
            ]
        );
    }
}
