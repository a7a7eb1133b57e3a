//! The split order as returned by request-split (B.3) and query-split (B.4).
//!
//! Only the identifiers and receiver amounts are required; everything else is
//! optional because the 2020, 2024 and 2025 versions of the docs each add or
//! drop fields (e.g. the 2020 create response has no `status`).

use serde::{Deserialize, Serialize};

use super::types::{OrderStatus, ReceiverFailReason, ReceiverResult, ReceiverType};
use super::{parse_response, Extra};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderResult {
    pub sub_mchid: String,
    pub transaction_id: String,
    pub out_order_no: String,
    /// 微信分账单号.
    pub order_id: String,
    /// `PROCESSING` / `FINISHED`: processing ended, not that money arrived;
    /// look at each receiver's `result`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    /// Absent when querying a finish operation; then empty.
    #[serde(default)]
    pub receivers: Vec<OrderReceiver>,
    /// Legacy: `NO_AUTH` when status was `CLOSED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<String>,
    /// Only when querying a finish-order: fen unfrozen to the sub-merchant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_amount: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_description: Option<String>,
    /// 2025 additions whose semantics are unconfirmed: kept as strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_closed_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_redirect_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_receivers: Option<Vec<FundsAbnormalReceiver>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One receiver's outcome. Only `result == SUCCESS` means the money arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderReceiver {
    /// Fen.
    pub amount: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ReceiverResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_reason: Option<ReceiverFailReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ReceiverType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_account: Option<String>,
    /// Legacy (query only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_mchid: Option<String>,
    /// 分账明细单号: matches the fund bill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormal_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_closed_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_redirect_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_abnormal_receivers: Option<Vec<FundsAbnormalReceiver>>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl OrderReceiver {
    /// The account whichever spelling the response used.
    pub fn account(&self) -> Option<&str> {
        self.receiver_account.as_deref().or(self.receiver_mchid.as_deref())
    }
}

/// 平台接收异常资金商户号.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundsAbnormalReceiver {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// 200 body of `POST /v3/ecommerce/profitsharing/orders`.
pub fn parse_create_order_response(body: &str) -> crate::Result<OrderResult> {
    parse_response(body, "request-split")
}

/// 200 body of `GET /v3/ecommerce/profitsharing/orders?…`.
pub fn parse_query_order_response(body: &str) -> crate::Result<OrderResult> {
    parse_response(body, "query-split")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_response_with_unknown_fields_and_values() {
        let body = r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346",
            "order_id":"3008450740201411110007820472","status":"PROCESSING","trace":{"a":1},
            "receivers":[
              {"amount":100,"description":"分给商户","result":"PENDING","finish_time":"2015-05-20T13:29:35.120+08:00","type":"MERCHANT_ID","receiver_account":"1900000110","detail_id":"36011111111111111111111"},
              {"amount":7,"description":"d","result":"ABNORMAL_HOLD","fail_reason":"NEW_REASON","type":"PERSONAL_OPENID","receiver_account":"o1","rank":2}]}"#;
        let r = parse_create_order_response(body).unwrap();
        assert_eq!(r.status, Some(OrderStatus::Processing));
        assert_eq!(r.receivers.len(), 2);
        assert_eq!(r.receivers[0].result, Some(ReceiverResult::Pending));
        assert_eq!(r.receivers[0].account(), Some("1900000110"));
        assert_eq!(r.receivers[1].result, Some(ReceiverResult::Other("ABNORMAL_HOLD".into())));
        assert_eq!(r.receivers[1].fail_reason, Some(ReceiverFailReason::Other("NEW_REASON".into())));
        assert_eq!(r.receivers[1].extra.get("rank"), Some(&serde_json::json!(2)));
        assert_eq!(r.extra.get("trace"), Some(&serde_json::json!({"a":1})));
        // Serialises back with API names, unknowns included.
        let v: serde_json::Value = serde_json::to_value(&r).unwrap();
        assert_eq!(v["receivers"][1]["result"], "ABNORMAL_HOLD");
        assert_eq!(v["receivers"][1]["rank"], 2);
        assert_eq!(v["trace"]["a"], 1);
        assert_eq!(v["status"], "PROCESSING");
        assert!(v.get("close_reason").is_none(), "absent fields stay absent, never null");
    }

    #[test]
    fn legacy_create_response_without_status() {
        // The 2020 blog (seed 002) shows a create answer with ids only.
        let r = parse_create_order_response(
            r#"{"order_id":"30000101372020052700873705962","out_order_no":"20200527584262","sub_mchid":"1595728911","transaction_id":"4326700103202005271848011909"}"#,
        )
        .unwrap();
        assert_eq!(r.status, None);
        assert!(r.receivers.is_empty());
    }

    #[test]
    fn query_response_all_result_values_and_finish_fields() {
        let mut receivers = Vec::new();
        for (i, res) in ["PENDING", "SUCCESS", "CLOSED", "ADJUST", "RETURNED"].iter().enumerate() {
            receivers.push(format!(
                r#"{{"amount":{},"description":"d","result":"{res}","receiver_mchid":"159578691{i}","type":"MERCHANT_ID","fail_reason":"RECEIVER_RECEIPT_LIMIT"}}"#,
                i + 1
            ));
        }
        let body = format!(
            r#"{{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","status":"FINISHED","finish_amount":21,"finish_description":"解冻","close_reason":"NO_AUTH",
               "abnormal_status":"ABNORMAL_PENDING","funds_abnormal_receivers":[{{"mchid":"1900000100","x":1}}],"receivers":[{}]}}"#,
            receivers.join(",")
        );
        let r = parse_query_order_response(&body).unwrap();
        let results: Vec<_> = r.receivers.iter().map(|x| x.result.clone()).collect();
        assert_eq!(
            results,
            vec![
                Some(ReceiverResult::Pending),
                Some(ReceiverResult::Success),
                Some(ReceiverResult::Closed),
                Some(ReceiverResult::Adjust),
                Some(ReceiverResult::Returned)
            ]
        );
        assert_eq!(r.receivers[2].account(), Some("1595786912"));
        assert_eq!(r.receivers[0].fail_reason, Some(ReceiverFailReason::ReceiverReceiptLimit));
        assert_eq!(r.finish_amount, Some(21));
        assert_eq!(r.funds_abnormal_receivers.as_ref().map(|v| v[0].mchid.as_deref()), Some(Some("1900000100")));
        assert_eq!(r.abnormal_status.as_deref(), Some("ABNORMAL_PENDING"));
    }

    #[test]
    fn legacy_statuses_parse() {
        for (s, want) in [("ACCEPTED", OrderStatus::Accepted), ("CLOSED", OrderStatus::Closed), ("NEW", OrderStatus::Other("NEW".into()))] {
            let r =
                parse_query_order_response(&format!(r#"{{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","status":"{s}"}}"#)).unwrap();
            assert_eq!(r.status, Some(want));
        }
    }

    #[test]
    fn malformed_responses_are_payload_invalid() {
        for body in [
            "",
            "[]",
            r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3"}"#,
            r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","receivers":[{"amount":1.5}]}"#,
            r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"3","order_id":"4","receivers":[{"amount":-1}]}"#,
        ] {
            let err = parse_query_order_response(body).unwrap_err();
            assert_eq!(err.code(), "ERR_WXPAY_PAYLOAD_INVALID", "{body}");
        }
    }
}
