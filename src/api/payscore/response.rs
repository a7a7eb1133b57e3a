//! Typed responses. Unknown fields are kept in `extra`, unknown enum values in
//! `Other`, so a field WeChat Pay adds later never breaks parsing.
//!
//! Every parser takes the HTTP status and the raw body: non-2xx answers become
//! `Error::Api` with the documented `{code, message, detail}` kept raw.

use serde::{Deserialize, Serialize};

use crate::error::ApiFailure;
use crate::Error;

use super::model::RiskFundName;
use super::state::{allowed_operations, AllowedOperations};

/// Response fields this version does not know, kept verbatim.
pub type Extra = serde_json::Map<String, serde_json::Value>;

wire_enum!(
    /// `state`.
    OrderState {
        /// 商户已创建: waiting for the user to confirm.
        Created = "CREATED",
        /// 进行中 (see [`StateDescription`]).
        Doing = "DOING",
        /// 完成 (terminal).
        Done = "DONE",
        /// 商户取消 (terminal).
        Revoked = "REVOKED",
        /// CREATED unchanged for 30 days (terminal).
        Expired = "EXPIRED",
    }
);

wire_enum!(
    /// `state_description`, present while `DOING`.
    StateDescription {
        UserConfirm = "USER_CONFIRM",
        MchComplete = "MCH_COMPLETE",
    }
);

wire_enum!(
    /// `collection.state`.
    CollectionState {
        /// 待支付.
        UserPaying = "USER_PAYING",
        /// 已支付.
        UserPaid = "USER_PAID",
    }
);

wire_enum!(
    /// `collection.details[].paid_type`.
    PaidType {
        /// Payscore deduction.
        Newton = "NEWTON",
        /// Paid through the merchant's own channel (e.g. after sync).
        Mch = "MCH",
    }
);

/// `post_payments[]` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderPayment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `post_discounts[]` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderDiscount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `risk_fund` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderRiskFund {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<RiskFundName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `time_range` as returned (strings kept as sent).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderTimeRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time_remark: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time_remark: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `location` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderLocation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_location: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `collection.details[].promotion_detail[].goods_detail[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoodsDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_remark: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `collection.details[].promotion_detail[]` (coupons applied to a payment).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PromotionDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `GLOBAL` / `SINGLE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// `CASH` / `NOCASH`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wechatpay_contribute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_contribute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_contribute: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_detail: Option<Vec<GoodsDetail>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One collected payment (`collection.details[]`); several for partial collections.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CollectionDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_type: Option<PaidType>,
    /// `yyyyMMddHHmmss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_time: Option<String>,
    /// WeChat Pay payment order: the id for refunds and profit sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_detail: Option<Vec<PromotionDetail>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `collection` (收款信息).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Collection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<CollectionState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paying_amount: Option<i64>,
    /// Cumulative over partial collections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<CollectionDetail>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_type: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service order as returned by create and query, and as carried by the
/// USER_CONFIRM / USER_PAID notifications. Every field is optional because
/// the three sources return different subsets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServiceOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// The institution's merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_introduction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<OrderState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_description: Option<StateDescription>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_payments: Option<Vec<OrderPayment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_discounts: Option<Vec<OrderDiscount>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_fund: Option<OrderRiskFund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_collection: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_range: Option<OrderTimeRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<OrderLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    /// 微信支付服务订单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Create only: the data package for `openBusinessView` (`wxpayScoreUse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// USER_PAID (acquiring bank): the registered deduction number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ServiceOrder {
    /// What may be done next, from `state`, `state_description` and `collection.state`.
    pub fn allowed_operations(&self) -> AllowedOperations {
        match &self.state {
            Some(state) => allowed_operations(state, self.state_description.as_ref(), self.collection.as_ref().and_then(|c| c.state.as_ref())),
            None => AllowedOperations::unknown(),
        }
    }
}

/// registerdeductinfo response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeductInfo {
    /// 商品或支付单简要描述 to use for the deduction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// True when the registration's own answer was lost, its retry was refused, and the deduction
    /// query showed this `out_trade_no` registered (`description` is then the query's). Absent
    /// otherwise; never read from an answer (a field of that name stays in the extra fields).
    #[serde(default, skip_deserializing, skip_serializing_if = "std::ops::Not::not")]
    pub recovered: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Deduction query response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeductionInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Success of a write whose answer the docs disagree on (204, or legacy 200
/// with or without the order).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Ack {
    pub status: u16,
    /// The order when a legacy 200 carried one, or as queried when `recovered`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<ServiceOrder>,
    /// True when the write's own answer was lost, its retry was refused by the order's state, and
    /// a query showed the order where this write leads (`status` is then the query's). The
    /// client does this for cancelServiceOrder, completeServiceOrder and terminatePermissions
    /// (whose Ack has no `order`). Absent otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recovered: bool,
}

/// Create: 200 with the order (`order_id`, `package`).
pub fn parse_create_response(status: u16, body: &str) -> crate::Result<ServiceOrder> {
    with_body(status, body, "create")
}

/// Query: 200 with the order.
pub fn parse_query_response(status: u16, body: &str) -> crate::Result<ServiceOrder> {
    with_body(status, body, "query")
}

/// Cancel: 204, or 200 with or without a body.
pub fn parse_cancel_response(status: u16, body: &str) -> crate::Result<Ack> {
    ack(status, body, "cancel")
}

/// Complete: 204, or 200 with or without a body.
pub fn parse_complete_response(status: u16, body: &str) -> crate::Result<Ack> {
    ack(status, body, "complete")
}

/// Modify: 204, or 200 with or without a body.
pub fn parse_modify_response(status: u16, body: &str) -> crate::Result<Ack> {
    ack(status, body, "modify")
}

/// Sync: 204, or 200 with or without a body.
pub fn parse_sync_response(status: u16, body: &str) -> crate::Result<Ack> {
    ack(status, body, "sync")
}

/// registerdeductinfo: 200 with `{description}`.
pub fn parse_register_deduct_info_response(status: u16, body: &str) -> crate::Result<DeductInfo> {
    with_body(status, body, "registerdeductinfo")
}

/// Deduction query: 200 with `{description, out_trade_no}`.
pub fn parse_query_deduction_response(status: u16, body: &str) -> crate::Result<DeductionInfo> {
    with_body(status, body, "deduction query")
}

/// Non-success answers: 202 (accepted, not processed: retry with identical
/// parameters) and every non-2xx become `Error::Api`.
fn failure(status: u16, body: &str) -> Option<Error> {
    if (200..300).contains(&status) && status != 202 {
        return None;
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        code: Option<String>,
        message: Option<String>,
        detail: Option<serde_json::Value>,
    }
    let parsed = serde_json::from_str::<ErrorBody>(body).ok();
    let (code, message, detail) = match parsed {
        Some(e) => (e.code, e.message, e.detail.map(|d| d.to_string())),
        None => (None, None, None),
    };
    Some(Error::Api(ApiFailure { status, code, message, detail, request_id: None }))
}

fn parse_json<T: serde::de::DeserializeOwned>(body: &str, what: &str) -> crate::Result<T> {
    serde_json::from_str(body)
        .map_err(|e| Error::PayloadInvalid(format!("{what} response does not have the documented shape: {}", crate::error::serde_reason(&e))))
}

pub(crate) fn with_body<T: serde::de::DeserializeOwned>(status: u16, body: &str, what: &str) -> crate::Result<T> {
    if let Some(e) = failure(status, body) {
        return Err(e);
    }
    if status != 200 || body.trim().is_empty() {
        return Err(Error::PayloadInvalid(format!("{what} answered HTTP {status} without a body; expected 200 with JSON")));
    }
    parse_json(body, what)
}

pub(crate) fn ack(status: u16, body: &str, what: &str) -> crate::Result<Ack> {
    if let Some(e) = failure(status, body) {
        return Err(e);
    }
    match status {
        // A 204 has no body by definition; ignore anything a proxy added.
        204 => Ok(Ack { status, order: None, recovered: false }),
        200 if body.trim().is_empty() => Ok(Ack { status, order: None, recovered: false }),
        200 => Ok(Ack { status, order: Some(parse_json(body, what)?), recovered: false }),
        _ => Err(Error::PayloadInvalid(format!("{what} answered HTTP {status}; expected 200 or 204"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::state::Operation;

    /// A query answer after a partial collection, with fields this version does not know.
    const QUERY_BODY: &str = r#"{
        "out_order_no":"1234323JKHDFE1243252","service_id":"500001","appid":"wxd678efh567hg6787",
        "mchid":"1230000109","sub_mchid":"1900000109","channel_id":"1230000109",
        "service_introduction":"某某酒店","state":"DOING","state_description":"MCH_COMPLETE",
        "post_payments":[{"name":"就餐费用服务费","amount":4000,"description":"就餐人均100元服务费:100/小时","count":1}],
        "post_discounts":[{"name":"满20减1元","description":"不与其他优惠叠加","amount":100}],
        "risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":10000,"description":"就餐的预估费用"},
        "total_amount":3900,"need_collection":true,
        "collection":{"state":"USER_PAYING","total_amount":3900,"paying_amount":900,"paid_amount":3000,
            "details":[{"seq":1,"amount":3000,"paid_type":"NEWTON","paid_time":"20091225091210",
                "transaction_id":"4200000000000000000000000001",
                "promotion_detail":[{"coupon_id":"109519","name":"单品惠","scope":"SINGLE","type":"NOCASH","amount":100,
                    "stock_id":"931386","wechatpay_contribute":0,"merchant_contribute":100,"other_contribute":0,"currency":"CNY",
                    "goods_detail":[{"goods_id":"M1","quantity":1,"unit_price":100,"discount_amount":100,"goods_remark":"x","sku":"new"}]}]}]},
        "time_range":{"start_time":"20091225091010","end_time":"20091225121010"},
        "location":{"start_location":"嗨客","end_location":"嗨客"},
        "attach":"a","notify_url":"https://api.test.com","openid":"oUp","order_id":"15646546545165651651",
        "brand_new_field":{"nested":[1,2]}
    }"#;

    #[test]
    fn query_response_keeps_everything() {
        let o = parse_query_response(200, QUERY_BODY).unwrap();
        assert_eq!(o.state, Some(OrderState::Doing));
        assert_eq!(o.state_description, Some(StateDescription::MchComplete));
        assert_eq!(o.total_amount, Some(3900));
        assert_eq!(o.risk_fund.as_ref().unwrap().name, Some(RiskFundName::EstimateOrderCost));
        let c = o.collection.as_ref().unwrap();
        assert_eq!(c.state, Some(CollectionState::UserPaying));
        assert_eq!((c.paid_amount, c.paying_amount), (Some(3000), Some(900)));
        let d = &c.details.as_ref().unwrap()[0];
        assert_eq!(d.paid_type, Some(PaidType::Newton));
        let p = &d.promotion_detail.as_ref().unwrap()[0];
        assert_eq!(p.kind.as_deref(), Some("NOCASH"));
        assert_eq!(p.goods_detail.as_ref().unwrap()[0].extra["sku"], "new");
        assert_eq!(o.extra["brand_new_field"]["nested"][1], 2);
        assert_eq!(
            o.allowed_operations().operations,
            vec![Operation::Query, Operation::Cancel, Operation::Modify, Operation::Sync, Operation::RegisterDeductInfo, Operation::QueryDeduction]
        );
        // Serialises back without nulls and with the unknown field in place.
        let out = serde_json::to_value(&o).unwrap();
        assert_eq!(out["brand_new_field"]["nested"][0], 1);
        assert_eq!(out["collection"]["details"][0]["promotion_detail"][0]["type"], "NOCASH");
        assert!(!serde_json::to_string(&o).unwrap().contains("null"));
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let o = parse_query_response(
            200,
            r#"{"state":"PAUSED","state_description":"USER_HOLD","risk_fund":{"name":"NEW_MODE","amount":1},
               "collection":{"state":"WAIT_PAY","details":[{"paid_type":"BANK"}]}}"#,
        )
        .unwrap();
        assert_eq!(o.state, Some(OrderState::Other("PAUSED".into())));
        assert_eq!(o.state_description, Some(StateDescription::Other("USER_HOLD".into())));
        assert_eq!(o.risk_fund.as_ref().unwrap().name, Some(RiskFundName::Other("NEW_MODE".into())));
        let c = o.collection.as_ref().unwrap();
        assert_eq!(c.state, Some(CollectionState::Other("WAIT_PAY".into())));
        assert_eq!(c.details.as_ref().unwrap()[0].paid_type, Some(PaidType::Other("BANK".into())));
        assert_eq!(serde_json::to_value(&o).unwrap()["state"], "PAUSED");
        let ops = o.allowed_operations();
        assert!(ops.operations.is_empty() && !ops.known);
    }

    #[test]
    fn create_response_with_package() {
        let o = parse_create_response(200, r#"{"out_order_no":"O1","state":"CREATED","order_id":"15646546545165651651","package":"DJIOSQPYWDxsjdldeskdlo"}"#)
            .unwrap();
        assert_eq!(o.package.as_deref(), Some("DJIOSQPYWDxsjdldeskdlo"));
        assert_eq!(o.allowed_operations().operations, vec![Operation::Query, Operation::Cancel]);
    }

    #[test]
    fn body_responses_need_a_200_body() {
        for (status, body) in [(204, ""), (200, ""), (200, "  ")] {
            let e = parse_query_response(status, body).unwrap_err();
            assert_eq!(e.code(), "ERR_WXPAY_PAYLOAD_INVALID", "{status}");
        }
        assert_eq!(parse_create_response(200, "not json").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert_eq!(parse_query_response(200, r#"{"total_amount":39.5}"#).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert_eq!(parse_query_response(200, "[]").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }

    #[test]
    fn writes_accept_204_and_200_with_or_without_body() {
        for parse in [parse_cancel_response, parse_complete_response, parse_modify_response, parse_sync_response] {
            assert_eq!(parse(204, "").unwrap(), Ack { status: 204, order: None, recovered: false });
            assert_eq!(parse(200, "").unwrap(), Ack { status: 200, order: None, recovered: false });
            let legacy = parse(200, r#"{"appid":"wx1","mchid":"1230000109","out_order_no":"O1","service_id":"500001","order_id":"1"}"#).unwrap();
            assert_eq!(legacy.order.unwrap().order_id.as_deref(), Some("1"));
            assert_eq!(parse(201, "").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
            assert_eq!(parse(200, "{").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        }
    }

    #[test]
    fn errors_become_api_failures() {
        let e = parse_cancel_response(403, r#"{"code":"INVALID_REQUEST","message":"当前订单状态不满足撤销条件","detail":{"field":"x"}}"#).unwrap_err();
        let Error::Api(f) = e else { panic!("{e:?}") };
        assert_eq!(f.status, 403);
        assert_eq!(f.code.as_deref(), Some("INVALID_REQUEST"));
        assert_eq!(f.message.as_deref(), Some("当前订单状态不满足撤销条件"));
        assert_eq!(f.detail.as_deref(), Some(r#"{"field":"x"}"#));
        let e = parse_complete_response(400, r#"{"code":"PARAM_ERROR","message":"最终总金额计算非法"}"#).unwrap_err();
        assert!(matches!(e, Error::Api(ref f) if f.code.as_deref() == Some("PARAM_ERROR") && f.detail.is_none()));
        let e = parse_query_response(502, "<html>bad gateway</html>").unwrap_err();
        assert!(matches!(e, Error::Api(ref f) if f.status == 502 && f.code.is_none()));
        // 202: accepted but not processed; the caller must retry with the same parameters.
        assert!(matches!(parse_sync_response(202, "").unwrap_err(), Error::Api(ref f) if f.status == 202));
        assert!(matches!(parse_query_deduction_response(404, "").unwrap_err(), Error::Api(ref f) if f.status == 404));
    }

    #[test]
    fn deduction_responses() {
        let r = parse_register_deduct_info_response(200, r#"{"description":"某某酒店服务费"}"#).unwrap();
        assert_eq!(r.description.as_deref(), Some("某某酒店服务费"));
        let q = parse_query_deduction_response(200, r#"{"description":"d","out_trade_no":"T1","extra":1}"#).unwrap();
        assert_eq!(q.out_trade_no.as_deref(), Some("T1"));
        assert_eq!(q.extra["extra"], 1);
        assert_eq!(parse_register_deduct_info_response(204, "").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }
}
