//! Modify the amount of a completed order: `POST …/serviceorder/{out_order_no}/modify`.
//!
//! Only in `DOING + MCH_COMPLETE` while payment is pending and no registered
//! deduction is live; the new total may not exceed the total at completion
//! (equal is accepted). Fields per doc/v3/partner/4013194282 (modify, 2024.12.09)
//! and its 2025.03.14 revision (modify-acquiring-bank-service-order.html).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::fen::Fen;
use super::model::{Discount, OrderContext, Payment};
use super::{order_action_path, rules};

/// Modify input; `out_order_no` goes into the path and `context` is never sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifyServiceOrder {
    #[serde(skip_serializing)]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_payments: Option<Vec<Payment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_discounts: Option<Vec<Discount>>,
    /// Not above the total at completion (`context.total_amount`); equal is accepted (issue code `above_completed_total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Fen>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `total_amount`: the total at completion, which the new one may not exceed;
    /// `risk_fund`: as created, bounding the total in deposit-free modes.
    #[serde(default, skip_serializing)]
    pub context: Option<OrderContext>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the modify request.
pub fn modify_service_order(input: &ModifyServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = validate(input);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<ModifyServiceOrder>);
    issues.finish()?;
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "modify");
    Ok(RequestSpec::post(path, to_json_with_extra(input, extra)?))
}

fn validate(m: &ModifyServiceOrder) -> Issues {
    let mut issues = Issues::new();
    // 4013194282 (2024.12.09): out_order_no (path), service_id, sub_mchid, channel_id 必填 string(32).
    rules::out_order_no(&mut issues, m.out_order_no.as_deref());
    rules::id32(&mut issues, "service_id", m.service_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", m.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "channel_id", m.channel_id.as_deref(), true);
    // 2025.03.14 revision: post_payments 必填, 1 to 100 items; post_discounts 选填, at most 30.
    let pay = rules::payments(&mut issues, m.post_payments.as_deref(), true);
    let disc = rules::discounts(&mut issues, m.post_discounts.as_deref(), true);
    // 4013194282 (2024.12.09): total_amount 必填 integer, = Σ payments − Σ discounts.
    let total = rules::amount(&mut issues, "total_amount", m.total_amount.as_ref(), true, false);
    rules::total_matches(&mut issues, total, pay, disc);
    // 2025.03.14 revision: reason 必填 string(50).
    issues.required_text("reason", m.reason.as_deref(), 50);

    let ctx = rules::context(&mut issues, m.context.as_ref());
    if let Some(t) = total {
        rules::within_risk_fund(&mut issues, "total_amount", "total_amount", t, ctx.risk.as_ref());
        // "不能超过完结订单时候的总金额" (2025.03.14 revision): equal is accepted. 4013194282
        // (2024.12.09) says "下调" and the 2020 direct-merchant wiki "<"; the server accepts equal.
        if let Some(completed) = ctx.total {
            if t > completed {
                issues.push(
                    "total_amount",
                    "above_completed_total",
                    format!("is {t}; modify may not raise the total above the total at completion ({completed})"),
                );
            }
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::model::RiskFund;
    use crate::api::payscore::test_util::{body_json, issues};

    fn base() -> ModifyServiceOrder {
        input_from_json(
            r#"{"reason":"用户投诉减免","total_amount":3000,
                "post_discounts":[{"name":"补偿券","description":"投诉补偿","amount":1000}],
                "post_payments":[{"name":"就餐费用服务费","amount":4000,"count":1}],
                "channel_id":"10000001","sub_mchid":"10000000","service_id":"500001","out_order_no":"O-1",
                "context":{"total_amount":3900}}"#,
        )
        .unwrap()
    }

    #[test]
    fn builds_exact_request() {
        let spec = modify_service_order(&base()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/O-1/modify");
        assert_eq!(
            spec.body.as_deref().unwrap(),
            concat!(
                r#"{"service_id":"500001","sub_mchid":"10000000","channel_id":"10000001","#,
                r#""post_payments":[{"name":"就餐费用服务费","amount":4000,"count":1}],"#,
                r#""post_discounts":[{"name":"补偿券","description":"投诉补偿","amount":1000}],"#,
                r#""total_amount":3000,"reason":"用户投诉减免"}"#
            )
        );
        body_json(&spec);
    }

    /// Issue 12 row 10: "不能超过完结订单时候的总金额" (modify-acquiring-bank-service-order.html,
    /// 2025.03.14): a total equal to the one at completion is accepted, a higher one is not.
    #[test]
    fn total_may_not_exceed_the_completed_total_equal_allowed() {
        let mut m = base();
        m.context = Some(OrderContext { total_amount: Some(Fen::new(3000)), ..Default::default() });
        assert!(modify_service_order(&m).is_ok(), "equal to the completed total");
        m.context = Some(OrderContext { total_amount: Some(Fen::new(2999)), ..Default::default() });
        let err = modify_service_order(&m).unwrap_err();
        let crate::Error::Validation(v) = &err else { panic!("{err:?}") };
        assert_eq!((v[0].path.as_str(), v[0].code), ("total_amount", "above_completed_total"));
        assert!(v[0].message.contains("(2999)"), "{}", v[0].message);
        m.context = Some(OrderContext { total_amount: Some(Fen::new(3001)), ..Default::default() });
        assert!(modify_service_order(&m).is_ok());
        // Without the completed total the rule cannot be checked.
        m.context = None;
        assert!(modify_service_order(&m).is_ok());
        m.context = Some(OrderContext { total_amount: serde_json::from_str("-1").ok(), ..Default::default() });
        assert_eq!(issues(modify_service_order(&m)), vec![("context.total_amount".to_string(), "negative")]);
    }

    #[test]
    fn totals_and_discount_amounts() {
        let mut m = base();
        m.total_amount = Some(Fen::new(3100));
        m.post_discounts.as_mut().unwrap().push(Discount { name: Some("二".into()), description: Some("d".into()), amount: None, count: None });
        // A missing amount makes the sum unknown, so no mismatch is claimed on top.
        assert_eq!(issues(modify_service_order(&m)), vec![("post_discounts[1].amount".to_string(), "required")]);
        m.post_discounts.as_mut().unwrap().pop();
        assert_eq!(issues(modify_service_order(&m)), vec![("total_amount".to_string(), "total_mismatch")]);
    }

    #[test]
    fn deposit_free_bound() {
        let mut m = base();
        m.context = Some(OrderContext {
            risk_fund: Some(RiskFund { name: Some("CASH_DEPOSIT".into()), amount: Some(Fen::new(2999)), description: None }),
            ..Default::default()
        });
        assert_eq!(issues(modify_service_order(&m)), vec![("total_amount".to_string(), "over_risk_fund")]);
        m.context.as_mut().unwrap().risk_fund.as_mut().unwrap().amount = Some(Fen::new(3000));
        assert!(modify_service_order(&m).is_ok());
    }

    #[test]
    fn required_fields() {
        assert_eq!(
            issues(modify_service_order(&ModifyServiceOrder::default())),
            ["out_order_no", "service_id", "sub_mchid", "channel_id", "post_payments", "total_amount", "reason"]
                .iter()
                .map(|p| (p.to_string(), "required"))
                .collect::<Vec<_>>()
        );
        let mut m = base();
        m.reason = Some("理".repeat(51));
        assert_eq!(issues(modify_service_order(&m)), vec![("reason".to_string(), "too_long")]);
    }
}
