//! Reconciliation (issue 18): the notifications a query answer stands for. A notification can be
//! lost for good (WeChat Pay stops after 24 h 4 m of retries); a query of the same order tells the
//! same fact. Each event is built through the very parser the notification goes through, so it
//! carries the same `idempotency_key`: a lost notification and a late one end in the same state
//! when both pass through one once-per-key handler.

use serde::Serialize;
use serde_json::{Map, Value};

use super::parse::{NotificationData, NotificationKind};
use super::profitsharing::{parse_profitsharing_payload_as, ProfitSharingKind};
use crate::api::payscore::parse_payscore_payload;
use crate::error::{Error, Issue, Result};

/// One event a query answer stands for, shaped like a parsed notification without the envelope
/// (no `id`, `createTime` or `verified`: nothing was delivered).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEvent {
    pub kind: NotificationKind,
    pub event_type: String,
    pub summary: Option<String>,
    pub data: NotificationData,
    pub idempotency_key: String,
}

/// Which query answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// `queryOrder` (请求分账查询).
    Split,
    /// `queryReturnOrder` (分账回退查询).
    Return,
    /// `queryServiceOrder` (查询支付分订单).
    Payscore,
}

impl QueryKind {
    pub fn parse(kind: &str) -> Result<Self> {
        match kind {
            "split" => Ok(QueryKind::Split),
            "return" => Ok(QueryKind::Return),
            "payscore" => Ok(QueryKind::Payscore),
            _ => Err(Error::Validation(vec![Issue::new("kind", "invalid", "must be 'split', 'return' or 'payscore'")])),
        }
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::Validation(vec![Issue::new("result", "invalid", msg.into())])
}

fn text<'a>(o: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    o.get(name).and_then(Value::as_str)
}

/// Copies the string field `from` of `src` to `to` in `dst` when present.
fn copy(dst: &mut Map<String, Value>, to: &str, src: &Map<String, Value>, from: &str) {
    if let Some(v) = src.get(from).filter(|v| v.is_string()) {
        dst.insert(to.to_owned(), v.clone());
    }
}

/// The events of a query answer (the JSON of the parsed answer), settled movements only:
/// * split: one `PROFITSHARING.SUCCESS` per receiver of type `MERCHANT_ID` whose `result` is
///   `SUCCESS` (the 分账动账通知 goes to merchant receivers, one receiver each);
/// * return: one `PROFITSHARING.RETURN` once `result` is `SUCCESS`: `order_id` is the return
///   number, `out_order_no` the `out_return_no`, the receiver the paying sub-merchant, as in the
///   notification; `transaction_id` is not in the answer and stays empty;
/// * payscore: `PAYSCORE.USER_PAID` once `state` is `DONE`, the order as its payload.
pub fn events_from_query(kind: QueryKind, answer_json: &str) -> Result<Vec<QueryEvent>> {
    let answer: Value = serde_json::from_str(answer_json).map_err(|_| invalid("must be the parsed query answer (a JSON object)"))?;
    let o = answer.as_object().ok_or_else(|| invalid("must be the parsed query answer (a JSON object)"))?;
    match kind {
        QueryKind::Split => {
            let mut events = Vec::new();
            let receivers = o.get("receivers").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for r in receivers.iter().filter_map(Value::as_object) {
                if text(r, "result") != Some("SUCCESS") || text(r, "type") != Some("MERCHANT_ID") {
                    continue;
                }
                let mut payload = Map::new();
                for f in ["mchid", "sp_mchid", "sub_mchid", "transaction_id", "order_id", "out_order_no"] {
                    copy(&mut payload, f, o, f);
                }
                let mut receiver = Map::new();
                receiver.insert("type".into(), Value::from("MERCHANT_ID"));
                copy(&mut receiver, "account", r, "receiver_account");
                copy(&mut receiver, "account", r, "account");
                if let Some(a) = r.get("amount") {
                    receiver.insert("amount".into(), a.clone());
                }
                copy(&mut receiver, "description", r, "description");
                payload.insert("receiver".into(), Value::Object(receiver));
                copy(&mut payload, "success_time", r, "finish_time");
                let typed = parse_profitsharing_payload_as(ProfitSharingKind::Split, &Value::Object(payload).to_string(), "PROFITSHARING.SUCCESS", "分账")?;
                events.push(QueryEvent {
                    kind: NotificationKind::Split,
                    event_type: typed.event_type.clone(),
                    summary: Some(typed.summary.clone()),
                    idempotency_key: typed.idempotency_key.clone(),
                    data: NotificationData::ProfitSharing(Box::new(typed)),
                });
            }
            Ok(events)
        }
        QueryKind::Return => {
            if text(o, "result") != Some("SUCCESS") {
                return Ok(Vec::new());
            }
            let sub_mchid = text(o, "sub_mchid").ok_or_else(|| invalid("sub_mchid is missing"))?;
            let mut payload = Map::new();
            copy(&mut payload, "sub_mchid", o, "sub_mchid");
            copy(&mut payload, "order_id", o, "return_no");
            copy(&mut payload, "out_order_no", o, "out_return_no");
            // Not in the answer; the parser requires one, the key does not use it.
            payload.insert("transaction_id".into(), Value::from("-"));
            let mut receiver = Map::new();
            receiver.insert("type".into(), Value::from("MERCHANT_ID"));
            receiver.insert("account".into(), Value::from(sub_mchid));
            if let Some(a) = o.get("amount") {
                receiver.insert("amount".into(), a.clone());
            }
            copy(&mut receiver, "description", o, "description");
            payload.insert("receiver".into(), Value::Object(receiver));
            copy(&mut payload, "success_time", o, "finish_time");
            let mut typed = parse_profitsharing_payload_as(ProfitSharingKind::Return, &Value::Object(payload).to_string(), "PROFITSHARING.RETURN", "分账回退")?;
            typed.transaction_id = String::new();
            Ok(vec![QueryEvent {
                kind: NotificationKind::Return,
                event_type: typed.event_type.clone(),
                summary: Some(typed.summary.clone()),
                idempotency_key: typed.idempotency_key.clone(),
                data: NotificationData::ProfitSharing(Box::new(typed)),
            }])
        }
        QueryKind::Payscore => {
            if text(o, "state") != Some("DONE") {
                return Ok(Vec::new());
            }
            let typed = parse_payscore_payload(answer_json, "PAYSCORE.USER_PAID")?;
            Ok(vec![QueryEvent {
                kind: NotificationKind::PayscoreUserPaid,
                event_type: "PAYSCORE.USER_PAID".into(),
                summary: None,
                idempotency_key: typed.idempotency_key(),
                data: NotificationData::Payscore(Box::new(typed)),
            }])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{events_from_query, QueryKind};
    use crate::notify::profitsharing::parse_profitsharing_payload;

    #[test]
    fn split_events_carry_the_notification_key() {
        let answer = r#"{"sub_mchid":"1900000109","transaction_id":"4200","out_order_no":"P 1","order_id":"3008","status":"FINISHED","receivers":[
            {"type":"MERCHANT_ID","receiver_account":"1900000110","amount":100,"description":"a","result":"SUCCESS","finish_time":"2026-11-23T10:00:00+08:00"},
            {"type":"PERSONAL_OPENID","receiver_account":"o-1","amount":50,"description":"b","result":"SUCCESS"},
            {"type":"MERCHANT_ID","receiver_account":"1900000111","amount":70,"description":"c","result":"PENDING"}]}"#;
        let events = events_from_query(QueryKind::Split, answer).unwrap();
        assert_eq!(events.len(), 1);
        let notified = parse_profitsharing_payload(
            r#"{"sub_mchid":"1900000109","transaction_id":"4200","order_id":"3008","out_order_no":"P 1","receiver":{"type":"MERCHANT_ID","account":"1900000110","amount":100,"description":"a"}}"#,
            "PROFITSHARING.SUCCESS",
            "分账",
        )
        .unwrap();
        assert_eq!(events[0].idempotency_key, notified.idempotency_key);
        assert_eq!(events[0].idempotency_key, "1900000109|3008|1900000110|SPLIT");
    }

    #[test]
    fn returns_only_when_settled_and_kinds_are_checked() {
        let done = r#"{"sub_mchid":"1900000109","order_id":"3008","out_order_no":"P1","out_return_no":"R1","return_mchid":"1900000110","amount":30,"return_no":"3009","result":"SUCCESS"}"#;
        let events = events_from_query(QueryKind::Return, done).unwrap();
        assert_eq!(events[0].idempotency_key, "1900000109|3009|1900000109|RETURN");
        assert!(events_from_query(QueryKind::Return, &done.replace("SUCCESS", "PROCESSING")).unwrap().is_empty());
        assert!(QueryKind::parse("refund").is_err());
        assert!(events_from_query(QueryKind::Split, "[1]").is_err());
    }
}
