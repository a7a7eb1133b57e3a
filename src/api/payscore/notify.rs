//! Decrypted Payscore notifications sent to `notify_url`.
//!
//! Input is the plaintext after verification and AES-GCM decryption, plus the
//! envelope's `event_type`. Errors never echo the plaintext.

use serde::{Deserialize, Serialize};

use crate::api::query::encode_component;
use crate::Error;

use super::response::{Extra, ServiceOrder};
use crate::notify::plaintext::from_plaintext;

pub const EVENT_USER_CONFIRM: &str = "PAYSCORE.USER_CONFIRM";
pub const EVENT_USER_PAID: &str = "PAYSCORE.USER_PAID";
pub const EVENT_MCH_PREPAY: &str = "PAYSCORE.MCH_PREPAY";

/// `prepay_req_body` of MCH_PREPAY: the cashier order WeChat Pay asks for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PrepayRequestBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce_str: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// `CNY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_type: Option<String>,
    /// `yyyyMMddHHmmss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_start: Option<String>,
    /// `yyyyMMddHHmmss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_expire: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    /// `JSAPI` / `NATIVE` / `App`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_type: Option<String>,
    /// `no_credit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_pay: Option<String>,
    /// Type undocumented (v2 used `"Y"`), so kept as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_receipt: Option<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// MCH_PREPAY payload (acquiring banks only).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MchPrepayNotice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_req_body: Option<PrepayRequestBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_req_header_base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_req_body_base64: Option<String>,
    /// Type undocumented, so kept as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_resp_http_code: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_resp_header_base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepay_resp_body_base64: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A parsed Payscore notification; serialises as `{"event_type": …, "payload": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event_type", content = "payload")]
pub enum PayscoreNotification {
    /// The user confirmed: `DOING + USER_CONFIRM`.
    #[serde(rename = "PAYSCORE.USER_CONFIRM")]
    UserConfirm(ServiceOrder),
    /// Payment collected; may arrive once per partial collection, each time
    /// with the cumulative `collection.paid_amount` and all `details` so far.
    #[serde(rename = "PAYSCORE.USER_PAID")]
    UserPaid(ServiceOrder),
    /// WeChat Pay asks the institution to create a cashier prepay order.
    #[serde(rename = "PAYSCORE.MCH_PREPAY")]
    MchPrepay(MchPrepayNotice),
}

impl PayscoreNotification {
    pub fn event_type(&self) -> &'static str {
        match self {
            PayscoreNotification::UserConfirm(_) => EVENT_USER_CONFIRM,
            PayscoreNotification::UserPaid(_) => EVENT_USER_PAID,
            PayscoreNotification::MchPrepay(_) => EVENT_MCH_PREPAY,
        }
    }

    /// `sub_mchid` (always present: checked at parse time).
    pub fn sub_mchid(&self) -> &str {
        match self {
            PayscoreNotification::UserConfirm(o) | PayscoreNotification::UserPaid(o) => o.sub_mchid.as_deref(),
            PayscoreNotification::MchPrepay(p) => p.sub_mchid.as_deref(),
        }
        .unwrap_or_default()
    }

    /// `out_order_no` (always present: checked at parse time).
    pub fn out_order_no(&self) -> &str {
        match self {
            PayscoreNotification::UserConfirm(o) | PayscoreNotification::UserPaid(o) => o.out_order_no.as_deref(),
            PayscoreNotification::MchPrepay(p) => p.out_order_no.as_deref(),
        }
        .unwrap_or_default()
    }

    /// Deduplication key: `sub_mchid|out_order_no|event_type[|…]`.
    ///
    /// Components are percent-encoded (`encode_component`), so a `|` inside a
    /// value (allowed in out_order_no) becomes `%7C` and never splits the key;
    /// the event type is the canonical upper-case name. Suffixes:
    /// * USER_PAID: `|{number of collection.details}|{collection.paid_amount}`,
    ///   because one order may be paid in several partial collections and each
    ///   is a new fact; a redelivery repeats both values. Missing values are empty.
    /// * MCH_PREPAY: `|{prepay_req_body.nonce_str}` (empty when absent), so a
    ///   second prepay request for the same order is not dropped as a duplicate.
    pub fn idempotency_key(&self) -> String {
        let mut key = format!("{}|{}|{}", encode_component(self.sub_mchid()), encode_component(self.out_order_no()), self.event_type());
        match self {
            PayscoreNotification::UserConfirm(_) => {}
            PayscoreNotification::UserPaid(o) => {
                let collection = o.collection.as_ref();
                let details = collection.and_then(|c| c.details.as_ref()).map_or(0, Vec::len);
                let paid = collection.and_then(|c| c.paid_amount).map(|p| p.to_string()).unwrap_or_default();
                key.push_str(&format!("|{details}|{paid}"));
            }
            PayscoreNotification::MchPrepay(p) => {
                let nonce = p.prepay_req_body.as_ref().and_then(|b| b.nonce_str.as_deref()).unwrap_or_default();
                key.push('|');
                key.push_str(&encode_component(nonce));
            }
        }
        key
    }
}

/// Parses a decrypted Payscore payload for `event_type`
/// (`PAYSCORE.USER_CONFIRM`, `PAYSCORE.USER_PAID` or `PAYSCORE.MCH_PREPAY`,
/// ASCII case-insensitive). `sub_mchid` and `out_order_no` must be present:
/// routing and deduplication depend on them.
pub fn parse_payscore_payload(plaintext_json: &str, event_type: &str) -> crate::Result<PayscoreNotification> {
    let event = event_type.trim();
    let notification = if event.eq_ignore_ascii_case(EVENT_USER_CONFIRM) {
        PayscoreNotification::UserConfirm(from_plaintext(plaintext_json)?)
    } else if event.eq_ignore_ascii_case(EVENT_USER_PAID) {
        PayscoreNotification::UserPaid(from_plaintext(plaintext_json)?)
    } else if event.eq_ignore_ascii_case(EVENT_MCH_PREPAY) {
        PayscoreNotification::MchPrepay(from_plaintext(plaintext_json)?)
    } else {
        return Err(Error::PayloadInvalid(format!(
            "event_type {event_type:?} is not a Payscore service-order event ({EVENT_USER_CONFIRM}, {EVENT_USER_PAID}, {EVENT_MCH_PREPAY})"
        )));
    };
    for (field, value) in [("sub_mchid", notification.sub_mchid()), ("out_order_no", notification.out_order_no())] {
        if value.is_empty() {
            return Err(Error::PayloadInvalid(format!("{} payload has no {field}", notification.event_type())));
        }
    }
    Ok(notification)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::response::{CollectionState, OrderState, PaidType, StateDescription};
    use crate::api::payscore::state::Operation;

    const CONFIRM: &str = r#"{"service_id":"500001","appid":"wxd678efh567hg6787","mchid":"1230000109",
        "sub_mchid":"1900000109","channel_id":"1230000109","out_order_no":"A|1","openid":"oUp",
        "state":"DOING","state_description":"USER_CONFIRM","service_introduction":"某某酒店",
        "total_amount":0,"post_payments":[{"name":"就餐费用服务费","amount":4000,"count":1}],
        "risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":10000},
        "time_range":{"start_time":"20091225091010"},"attach":"a","order_id":"15646546545165651651",
        "need_collection":true,"user_service_status":"USER_OPEN_SERVICE"}"#;

    fn paid(details: &str, paid_amount: i64) -> String {
        format!(
            r#"{{"service_id":"500001","appid":"wx1","mchid":"1230000109","sub_mchid":"1900000109",
            "channel_id":"1230000109","out_order_no":"A|1","state":"DONE","total_amount":3900,
            "out_trade_no":"T20091225","collection":{{"state":"USER_PAID","total_amount":3900,
            "paying_amount":{},"paid_amount":{paid_amount},"details":[{details}]}}}}"#,
            3900 - paid_amount
        )
    }

    const D1: &str = r#"{"seq":1,"amount":3000,"paid_type":"NEWTON","paid_time":"20091225091210","transaction_id":"4200000000000000000000000001"}"#;
    const D2: &str = r#"{"seq":2,"amount":900,"paid_type":"MCH","paid_time":"20091226091210","transaction_id":"4200000000000000000000000002"}"#;

    #[test]
    fn user_confirm() {
        let n = parse_payscore_payload(CONFIRM, "PAYSCORE.USER_CONFIRM").unwrap();
        let PayscoreNotification::UserConfirm(o) = &n else { panic!("{n:?}") };
        assert_eq!(o.state, Some(OrderState::Doing));
        assert_eq!(o.state_description, Some(StateDescription::UserConfirm));
        assert_eq!(o.extra["user_service_status"], "USER_OPEN_SERVICE");
        assert!(o.allowed_operations().allows(Operation::Complete));
        assert_eq!(n.idempotency_key(), "1900000109|A%7C1|PAYSCORE.USER_CONFIRM");
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["event_type"], "PAYSCORE.USER_CONFIRM");
        assert_eq!(v["payload"]["channel_id"], "1230000109");
        // Same payload, event type spelled differently: same key.
        assert_eq!(parse_payscore_payload(CONFIRM, " payscore.user_confirm ").unwrap().idempotency_key(), n.idempotency_key());
    }

    #[test]
    fn user_paid_partial_collections_get_distinct_keys() {
        let first = parse_payscore_payload(&paid(D1, 3000), "PAYSCORE.USER_PAID").unwrap();
        let second = parse_payscore_payload(&paid(&format!("{D1},{D2}"), 3900), "PAYSCORE.USER_PAID").unwrap();
        let PayscoreNotification::UserPaid(o) = &second else { panic!("{second:?}") };
        let c = o.collection.as_ref().unwrap();
        assert_eq!(c.state, Some(CollectionState::UserPaid));
        let details = c.details.as_ref().unwrap();
        assert_eq!(details.len(), 2);
        assert_eq!(details[1].paid_type, Some(PaidType::Mch));
        assert_eq!(details[1].transaction_id.as_deref(), Some("4200000000000000000000000002"));
        assert_eq!(o.out_trade_no.as_deref(), Some("T20091225"));
        assert_eq!(first.idempotency_key(), "1900000109|A%7C1|PAYSCORE.USER_PAID|1|3000");
        assert_eq!(second.idempotency_key(), "1900000109|A%7C1|PAYSCORE.USER_PAID|2|3900");
        // A redelivery gives the same key.
        assert_eq!(parse_payscore_payload(&paid(D1, 3000), "PAYSCORE.USER_PAID").unwrap().idempotency_key(), first.idempotency_key());
        // Without a collection the key is still well-formed.
        let bare = r#"{"sub_mchid":"1900000109","out_order_no":"O1","state":"DONE"}"#;
        assert_eq!(parse_payscore_payload(bare, EVENT_USER_PAID).unwrap().idempotency_key(), "1900000109|O1|PAYSCORE.USER_PAID|0|");
    }

    #[test]
    fn mch_prepay() {
        let body = r#"{"service_id":"500001","appid":"wx1","mchid":"1230000109","sub_mchid":"1900000109",
            "channel_id":"1230000109","out_order_no":"O1","openid":"oUp","total_amount":3900,
            "prepay_req_body":{"device_info":"013467007045764","nonce_str":"5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
                "body":"某某酒店-服务费","attach":"x","fee_type":"CNY","time_start":"20091225091010",
                "time_expire":"20091227091010","goods_tag":"WXG","notify_url":"https://bank.example.com/pay",
                "trade_type":"JSAPI","limit_pay":"no_credit","need_receipt":"Y","total_fee":3900},
            "prepay_req_header_base64":"SGVhZGVy","prepay_req_body_base64":"Qm9keQ==",
            "prepay_resp_http_code":200,"prepay_resp_header_base64":"","prepay_resp_body_base64":""}"#;
        let n = parse_payscore_payload(body, "PAYSCORE.MCH_PREPAY").unwrap();
        let PayscoreNotification::MchPrepay(p) = &n else { panic!("{n:?}") };
        let req = p.prepay_req_body.as_ref().unwrap();
        assert_eq!(req.trade_type.as_deref(), Some("JSAPI"));
        assert_eq!(req.need_receipt, Some(serde_json::json!("Y")));
        assert_eq!(req.extra["total_fee"], 3900);
        assert_eq!(p.prepay_resp_http_code, Some(serde_json::json!(200)));
        assert_eq!(p.total_amount, Some(3900));
        assert_eq!(n.idempotency_key(), "1900000109|O1|PAYSCORE.MCH_PREPAY|5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
        assert_eq!(serde_json::to_value(&n).unwrap()["event_type"], "PAYSCORE.MCH_PREPAY");
    }

    #[test]
    fn rejects_other_events_missing_ids_and_bad_json_without_echoing_it() {
        let e = parse_payscore_payload(CONFIRM, "PROFITSHARING.SUCCESS").unwrap_err();
        assert_eq!(e.code(), "ERR_WXPAY_PAYLOAD_INVALID");
        for missing in ["sub_mchid", "out_order_no"] {
            let body = CONFIRM.replace(&format!("\"{missing}\""), "\"renamed\"");
            let e = parse_payscore_payload(&body, EVENT_USER_CONFIRM).unwrap_err();
            assert!(e.to_string().contains(missing), "{e}");
        }
        let secret = r#"{"sub_mchid":"1","out_order_no":"O1","total_amount":"SECRET-openid-oUp"}"#;
        let e = parse_payscore_payload(secret, EVENT_USER_PAID).unwrap_err();
        assert_eq!(e.code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert!(!e.to_string().contains("SECRET"), "{e}");
        assert!(parse_payscore_payload("", EVENT_MCH_PREPAY).is_err());
        assert!(parse_payscore_payload("null", EVENT_MCH_PREPAY).is_err());
    }
}
