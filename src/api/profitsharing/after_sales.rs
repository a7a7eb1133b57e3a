//! After-sales service-fee split (售后服务分账, 电商收付通): `POST` and
//! `GET /v3/ecommerce/profitsharing/after-sales-orders` (spec B.9).
//!
//! When a ticket is refunded or changed, or goods are returned, the platform takes its
//! service fee out of the sub-merchant's money for that order. Fields per the official Java SDK
//! model (wechatpay-java `ecommerceprofitsharing/model/CreateAfterSalesOrderRequest`,
//! `QueryAfterSalesOrderResponse`, 2025-04) and the community mirror of the official tables
//! (wechatpay-im/website openapi/v3/ecommerce/profitsharing/after-sales-orders.md).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::fen::Fen;
use super::types::ReceiverFailReason;
use super::{parse_response, Extra};
use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};
use crate::split::ViolationCode;

pub const PATH_AFTER_SALES_ORDERS: &str = "/v3/ecommerce/profitsharing/after-sales-orders";

open_enum! {
    /// `type` of an after-sales split: "SERVICE_FEE_INCOME：服务费收入分账" is the only value
    /// (wechatpay-java CreateAfterSalesOrderRequest; wechatpay-im after-sales-orders.md).
    AfterSalesType {
        ServiceFeeIncome = "SERVICE_FEE_INCOME",
    }
}

open_enum! {
    /// `scene`: 退票 / 改签 / 退货 (wechatpay-java CreateAfterSalesOrderRequest; wechatpay-im after-sales-orders.md).
    AfterSalesScene {
        RefundTicket = "REFUND_TICKET",
        ChangeTicket = "CHANGE_TICKET",
        ReturnGoods = "RETURN_GOODS",
    }
}

open_enum! {
    /// `result` of an after-sales split: PROCESSING (query again later), SUCCESS and FAILED are
    /// final (wechatpay-java QueryAfterSalesOrderResponse).
    AfterSalesResult {
        Processing = "PROCESSING",
        Success = "SUCCESS",
        Failed = "FAILED",
    }
}

/// The documented body of a request for an after-sales service-fee split.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAfterSalesOrderInput {
    /// 二级商户号: the sub-merchant the fee is taken from.
    pub sub_mchid: Option<String>,
    /// 微信订单号 of the original payment.
    pub transaction_id: Option<String>,
    /// The fee, at most the order's payment and the maximum split ratio.
    pub amount: Option<Fen>,
    /// `SERVICE_FEE_INCOME`, the only documented value.
    pub r#type: Option<String>,
    /// `REFUND_TICKET`, `CHANGE_TICKET` or `RETURN_GOODS`.
    pub scene: Option<String>,
    /// 微信退款单号 of the refund the fee belongs to (required for every documented scene).
    pub refund_id: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

#[derive(Serialize)]
struct CreateAfterSalesOrderBody<'a> {
    sub_mchid: &'a str,
    transaction_id: &'a str,
    amount: u64,
    r#type: &'a str,
    scene: &'a str,
    refund_id: &'a str,
}

/// A required string that must be one of an open enum's known values; `invalid_enum` otherwise
/// (the code the receiver `type` check uses).
fn known_value(issues: &mut Issues, path: &str, value: Option<&str>, known: &[&str], is_known: bool) {
    issues.required_text(path, value, 32);
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        if !is_known {
            issues.push(path, ViolationCode::InvalidEnum.as_str(), format!("{v:?} is not one of {}", known.join(", ")));
        }
    }
}

/// `POST /v3/ecommerce/profitsharing/after-sales-orders`. Asynchronous: read the outcome with
/// [`query_after_sales_order`].
pub fn create_after_sales_order(input: CreateAfterSalesOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // sub_mchid string(32) digits; transaction_id string(32): the same fields as every ecommerce
    // profit-sharing page (create-order doc/v3/partner/4012691594, 2025.09.29).
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    // amount: "单位为分，只能为整数" (wechatpay-java CreateAfterSalesOrderRequest); a fee of 0 moves nothing.
    let amount = match &input.amount {
        None => {
            issues.push("amount", "required", "is required (integer fen)");
            None
        }
        Some(a) => a.check_positive("amount", &mut issues),
    };
    let ty = input.r#type.as_deref();
    known_value(&mut issues, "type", ty, AfterSalesType::KNOWN, ty.map(AfterSalesType::parse).is_some_and(|t| t.is_known()));
    let scene = input.scene.as_deref();
    known_value(&mut issues, "scene", scene, AfterSalesScene::KNOWN, scene.map(AfterSalesScene::parse).is_some_and(|t| t.is_known()));
    // refund_id: "退票收入分账、改签退款收入分账、退货收入分账时必填" (wechatpay-java
    // CreateAfterSalesOrderRequest), i.e. for every documented scene; a WeChat refund number is
    // string[1,32] (ecommerce refund query, wiki/doc/apiv3/apis/chapter7_6_2.shtml, 2021.02.22), digits in every sample.
    checks::required_id(&mut issues, "refund_id", input.refund_id.as_deref(), 32, "");
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CreateAfterSalesOrderInput>);
    issues.finish()?;
    let body = to_json_with_extra(
        &CreateAfterSalesOrderBody {
            sub_mchid: s(&input.sub_mchid),
            transaction_id: s(&input.transaction_id),
            amount: amount.unwrap_or_default(),
            r#type: s(&input.r#type),
            scene: s(&input.scene),
            refund_id: s(&input.refund_id),
        },
        extra,
    )?;
    Ok(RequestSpec::post(PATH_AFTER_SALES_ORDERS.to_owned(), body))
}

/// The query parameters of the after-sales split result.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryAfterSalesOrderInput {
    pub sub_mchid: Option<String>,
    pub transaction_id: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/ecommerce/profitsharing/after-sales-orders?sub_mchid=&transaction_id=` (the order
/// of wechatpay-java `queryAfterSalesOrder`).
pub fn query_after_sales_order(input: QueryAfterSalesOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    // The mirror marks transaction_id optional, but an after-sales split is looked up by its
    // order (wechatpay-java QueryAfterSalesOrderRequest has exactly these two fields): required.
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryAfterSalesOrderInput>);
    let path = with_query_and_extra(
        &mut issues,
        PATH_AFTER_SALES_ORDERS,
        &[("sub_mchid", input.sub_mchid.as_deref()), ("transaction_id", input.transaction_id.as_deref())],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

/// An after-sales split as answered by create (ids and amount) and query (also the outcome).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AfterSalesOrderResult {
    pub sub_mchid: String,
    pub transaction_id: String,
    /// Fen.
    pub amount: u64,
    /// Query only: `PROCESSING`, or final `SUCCESS` / `FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<AfterSalesResult>,
    /// Query only, when FAILED: `ACCOUNT_ABNORMAL`, `NO_RELATION`, `RECEIVER_HIGH_RISK` (wechatpay-java QueryAfterSalesOrderResponse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_reason: Option<ReceiverFailReason>,
    /// Query only: RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// 200 body of `POST …/after-sales-orders`.
pub fn parse_create_after_sales_order_response(body: &str) -> crate::Result<AfterSalesOrderResult> {
    parse_response(body, "after-sales split")
}

/// 200 body of `GET …/after-sales-orders?…`.
pub fn parse_query_after_sales_order_response(body: &str) -> crate::Result<AfterSalesOrderResult> {
    parse_response(body, "query after-sales split")
}

/// Source: wechatpay-java `ecommerceprofitsharing/model/{Create,Query}AfterSalesOrder{Request,Response}`
/// and wechatpay-im/website openapi/v3/ecommerce/profitsharing/after-sales-orders.md.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    const FULL: &str = r#"{"refund_id":"50000000382019052709732678859","scene":"REFUND_TICKET","type":"SERVICE_FEE_INCOME","amount":10,
        "transaction_id":"4208450740201411110007820472","sub_mchid":"1900000109"}"#;

    #[test]
    fn exact_body_in_documented_order() {
        let spec = create_after_sales_order(serde_json::from_str(FULL).unwrap()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/after-sales-orders");
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","amount":10,"type":"SERVICE_FEE_INCOME","scene":"REFUND_TICKET","refund_id":"50000000382019052709732678859"}"#
            )
        );
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn every_scene_is_accepted_and_extra_follows() {
        for scene in ["REFUND_TICKET", "CHANGE_TICKET", "RETURN_GOODS"] {
            let json = FULL.replace("REFUND_TICKET", scene).replace("\"sub_mchid\"", "\"extra\":{\"new_field\":1},\"sub_mchid\"");
            let spec = create_after_sales_order(serde_json::from_str(&json).unwrap()).unwrap();
            let body = spec.body.unwrap();
            assert!(body.contains(&format!("\"scene\":\"{scene}\"")), "{body}");
            assert!(body.ends_with(",\"new_field\":1}"), "{body}");
        }
    }

    #[test]
    fn rules() {
        let err = create_after_sales_order(CreateAfterSalesOrderInput::default()).unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![
                ("sub_mchid", "required"),
                ("transaction_id", "required"),
                ("amount", "required"),
                ("type", "required"),
                ("scene", "required"),
                ("refund_id", "required")
            ]
        );
        let bad = r#"{"sub_mchid":"wx123","transaction_id":"42 08","amount":1.5,"type":"PLATFORM_FEE","scene":"refund_ticket","refund_id":"5000/1",
            "extra":{"scene":"X"}}"#;
        let err = create_after_sales_order(serde_json::from_str(bad).unwrap()).unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![
                ("sub_mchid", "charset"),
                ("transaction_id", "charset"),
                ("amount", "not_integer"),
                ("type", "invalid_enum"),
                ("scene", "invalid_enum"),
                ("refund_id", "charset"),
                ("extra.scene", "shadows_known_field"),
            ]
        );
        let zero = FULL.replace("\"amount\":10", "\"amount\":0");
        assert_eq!(issue_codes(&create_after_sales_order(serde_json::from_str(&zero).unwrap()).unwrap_err()), vec![("amount", "not_positive")]);
        assert!(serde_json::from_str::<CreateAfterSalesOrderInput>(r#"{"refundid":"1"}"#).is_err(), "a typo stays an error");
    }

    #[test]
    fn query_path() {
        let spec =
            query_after_sales_order(serde_json::from_str(r#"{"transaction_id":"4208450740201411110007820472","sub_mchid":"1900000109"}"#).unwrap()).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/after-sales-orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472");
        let err = query_after_sales_order(QueryAfterSalesOrderInput::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "required"), ("transaction_id", "required")]);
    }

    #[test]
    fn responses_keep_unknown_fields_and_values() {
        let created = parse_create_after_sales_order_response(r#"{"sub_mchid":"1900000109","transaction_id":"42","amount":10}"#).unwrap();
        assert_eq!((created.amount, created.result), (10, None));
        let q = parse_query_after_sales_order_response(
            r#"{"sub_mchid":"1900000109","transaction_id":"42","amount":10,"result":"FAILED","fail_reason":"NO_RELATION","finish_time":"2025-01-01T10:00:00+08:00","trace":"t"}"#,
        )
        .unwrap();
        assert_eq!(q.result, Some(AfterSalesResult::Failed));
        assert_eq!(q.fail_reason, Some(ReceiverFailReason::NoRelation));
        assert_eq!(q.extra["trace"], "t");
        let odd = parse_query_after_sales_order_response(r#"{"sub_mchid":"1","transaction_id":"2","amount":1,"result":"FROZEN","fail_reason":"NEW"}"#).unwrap();
        assert_eq!(odd.result, Some(AfterSalesResult::Other("FROZEN".into())));
        let v = serde_json::to_value(&odd).unwrap();
        assert_eq!((v["result"].as_str(), v["fail_reason"].as_str()), (Some("FROZEN"), Some("NEW")));
        for bad in ["", r#"{"sub_mchid":"1","transaction_id":"2"}"#, r#"{"sub_mchid":"1","transaction_id":"2","amount":-1}"#] {
            assert_eq!(parse_query_after_sales_order_response(bad).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        }
    }
}
