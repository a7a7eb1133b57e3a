//! The decrypted payload of the profit-sharing notification (分账动账通知, spec §C).
//!
//! Sent to `MERCHANT_ID` receivers after a split or a split return moved
//! money. Two facts are unreliable in the wild, so both are normalised here:
//! * the kind: `event_type` is `PROFITSHARING.SUCCESS` / `PROFITSHARING.RETURN`
//!   officially, `TRANSACTION.SUCCESS` for both kinds in v2-started splits, and
//!   `PROFITSHARING` / `PROFITSHARING_RETURN` in the seed guide; `summary`
//!   (`分账` / `分账回退`) decides when the event type cannot;
//! * the receivers: officially one `receiver` object with an integer amount, in
//!   the seed guide a `receivers` array with amounts as strings ("888").
//!
//! Error messages name fields, never their values: this is decrypted data.
//!
//! Written with `crate::` paths only so the file works both where it is
//! compiled today (`api::profitsharing::notification`) and at `notify::profitsharing`.

use serde::{Deserialize, Serialize};

use crate::api::profitsharing::types::ReceiverType;
use crate::api::query::encode_component;
use crate::Error;

type Extra = serde_json::Map<String, serde_json::Value>;

/// Whether money moved to the receiver (split) or back from it (return).
/// Serialised as `split` / `return`, the spelling of the notification's own `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfitSharingKind {
    Split,
    Return,
}

impl ProfitSharingKind {
    /// The spelling inside idempotency keys (upper case since 0.1; kept so keys stay stable).
    pub fn as_str(self) -> &'static str {
        match self {
            ProfitSharingKind::Split => "SPLIT",
            ProfitSharingKind::Return => "RETURN",
        }
    }
}

/// A normalised notification. Field names are the API's; `kind`, `event_type`,
/// `summary` and `idempotency_key` are added from the envelope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfitSharingNotification {
    pub kind: ProfitSharingKind,
    /// As received in the envelope.
    pub event_type: String,
    /// As received in the envelope.
    pub summary: String,
    /// Direct mode: the merchant that started and paid the split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// Service-provider / platform that started the split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sp_mchid: Option<String>,
    /// The paying (second-level) merchant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    pub transaction_id: String,
    /// 微信分账单号 for a split, 微信回退单号 for a return.
    pub order_id: String,
    /// The payer's out_order_no for a split, out_return_no for a return.
    pub out_order_no: String,
    /// Always at least one, whichever shape arrived.
    pub receivers: Vec<NotifiedReceiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_time: Option<String>,
    /// Stable across redeliveries: `merchant|order_id|accounts|KIND`, each piece percent-encoded
    /// (see [`ProfitSharingNotification::idempotency_key`]).
    pub idempotency_key: String,
    /// Payload fields this version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ProfitSharingNotification {
    /// `merchant|order_id|accounts|KIND` (spec C.4), where `merchant` is
    /// `sub_mchid`, else `mchid`, else `sp_mchid`, else empty; `accounts` are
    /// the receiver accounts sorted, deduplicated and joined by `,`; `KIND` is
    /// `SPLIT` or `RETURN`. Each piece is percent-encoded like a query
    /// component, so `|` and `,` can only be separators (ordinary ids are unchanged).
    pub fn idempotency_key(&self) -> &str {
        &self.idempotency_key
    }
}

/// One receiver's movement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotifiedReceiver {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ReceiverType>,
    pub account: String,
    /// Fen, whether it arrived as a number or a digit string.
    pub amount: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Deserialize)]
struct RawPayload {
    mchid: Option<String>,
    sp_mchid: Option<String>,
    sub_mchid: Option<String>,
    transaction_id: Option<String>,
    order_id: Option<String>,
    out_order_no: Option<String>,
    receiver: Option<RawReceiver>,
    receivers: Option<Vec<RawReceiver>>,
    success_time: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Deserialize)]
struct RawReceiver {
    r#type: Option<ReceiverType>,
    account: Option<String>,
    amount: Option<serde_json::Value>,
    description: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::PayloadInvalid(msg.into())
}

/// Decides split vs return from the envelope's `event_type` and `summary`.
///
/// `event_type` is compared case-insensitively with `_` and `.` equivalent:
/// `PROFITSHARING[.SUCCESS]` → split, `PROFITSHARING.RETURN` → return,
/// `TRANSACTION.SUCCESS` → undecided; anything else is not this notification.
/// `summary` containing `回退` → return, else containing `分账` → split.
/// When both speak they must agree; when neither does it is an error.
pub fn notification_kind(event_type: &str, summary: &str) -> crate::Result<ProfitSharingKind> {
    let normalised = event_type.trim().to_ascii_uppercase().replace('_', ".");
    let by_event = match normalised.as_str() {
        "PROFITSHARING" | "PROFITSHARING.SUCCESS" => Some(ProfitSharingKind::Split),
        "PROFITSHARING.RETURN" => Some(ProfitSharingKind::Return),
        "TRANSACTION.SUCCESS" => None,
        _ => {
            let shown: String = event_type.chars().take(40).collect();
            return Err(invalid(format!("event_type {shown:?} is not a profit-sharing notification")));
        }
    };
    let by_summary = if summary.contains("回退") {
        Some(ProfitSharingKind::Return)
    } else if summary.contains("分账") {
        Some(ProfitSharingKind::Split)
    } else {
        None
    };
    match (by_event, by_summary) {
        (Some(e), Some(s)) if e != s => {
            Err(invalid(format!("event_type says {} but summary says {}; refusing to guess which way the money moved", e.as_str(), s.as_str())))
        }
        (Some(k), _) | (None, Some(k)) => Ok(k),
        (None, None) => Err(invalid("event_type TRANSACTION.SUCCESS is used for splits and returns alike, and summary is neither 分账 nor 分账回退")),
    }
}

/// Parses the decrypted `resource` plaintext of a profit-sharing notification;
/// `event_type` and `summary` come from the (verified) envelope.
pub fn parse_profitsharing_payload(plaintext_json: &str, event_type: &str, summary: &str) -> crate::Result<ProfitSharingNotification> {
    parse_profitsharing_payload_as(notification_kind(event_type, summary)?, plaintext_json, event_type, summary)
}

/// As [`parse_profitsharing_payload`], with the kind already decided by the caller
/// (`parse_notification` decides it from the whole envelope, `resource.original_type` included).
pub fn parse_profitsharing_payload_as(
    kind: ProfitSharingKind,
    plaintext_json: &str,
    event_type: &str,
    summary: &str,
) -> crate::Result<ProfitSharingNotification> {
    let raw: RawPayload = crate::notify::plaintext::from_plaintext(plaintext_json)?;

    let (shape, raw_receivers) = match (raw.receiver, raw.receivers) {
        (Some(one), None) => ("receiver", vec![one]),
        (None, Some(many)) if !many.is_empty() => ("receivers", many),
        (None, Some(_)) => return Err(invalid("receivers is empty")),
        (Some(_), Some(_)) => return Err(invalid("both receiver and receivers are present; cannot tell which one moved money")),
        (None, None) => return Err(invalid("receiver is missing")),
    };
    let mut receivers = Vec::with_capacity(raw_receivers.len());
    for (i, r) in raw_receivers.into_iter().enumerate() {
        let path = if shape == "receiver" { "receiver".to_owned() } else { format!("receivers[{i}]") };
        let account = r.account.filter(|a| !a.is_empty()).ok_or_else(|| invalid(format!("{path}.account is missing")))?;
        let amount = fen(r.amount.as_ref(), &path)?;
        receivers.push(NotifiedReceiver { r#type: r.r#type, account, amount, description: r.description, extra: r.extra });
    }

    let required = |v: Option<String>, name: &str| v.filter(|v| !v.is_empty()).ok_or_else(|| invalid(format!("{name} is missing")));
    let transaction_id = required(raw.transaction_id, "transaction_id")?;
    let order_id = required(raw.order_id, "order_id")?;
    let out_order_no = required(raw.out_order_no, "out_order_no")?;

    let merchant = raw.sub_mchid.as_deref().or(raw.mchid.as_deref()).or(raw.sp_mchid.as_deref()).unwrap_or_default();
    let mut accounts: Vec<String> = receivers.iter().map(|r| encode_component(&r.account)).collect();
    accounts.sort();
    accounts.dedup();
    let idempotency_key = format!("{}|{}|{}|{}", encode_component(merchant), encode_component(&order_id), accounts.join(","), kind.as_str());

    Ok(ProfitSharingNotification {
        kind,
        event_type: event_type.to_owned(),
        summary: summary.to_owned(),
        mchid: raw.mchid,
        sp_mchid: raw.sp_mchid,
        sub_mchid: raw.sub_mchid,
        transaction_id,
        order_id,
        out_order_no,
        receivers,
        success_time: raw.success_time,
        idempotency_key,
        extra: raw.extra,
    })
}

/// Integer fen from a JSON integer or a string of ASCII digits (seed 004 sends "888").
fn fen(v: Option<&serde_json::Value>, path: &str) -> crate::Result<u64> {
    let bad = || invalid(format!("{path}.amount is not a non-negative integer of fen"));
    match v {
        None => Err(invalid(format!("{path}.amount is missing"))),
        Some(serde_json::Value::Number(n)) => n.as_u64().ok_or_else(bad),
        Some(serde_json::Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFICIAL: &str = r#"{"sp_mchid":"1900000100","sub_mchid":"1900000109","transaction_id":"4200000000000000000000000000",
        "order_id":"1217752501201407033233368018","out_order_no":"P20150806125346",
        "receiver":{"type":"MERCHANT_ID","account":"1900000110","amount":888,"description":"运费/交易分账"},
        "success_time":"2018-06-08T10:34:56+08:00"}"#;

    const SEED: &str = r#"{"mchid":"1900000100","sp_mchid":"1900000100","sub_mchid":"1900000109",
        "transaction_id":"4200000000000000000000000000","order_id":"1217752501201407033233368018","out_order_no":"P20150806125346",
        "receivers":[{"type":"MERCHANT_ID","account":"1900000100","amount":"888","description":"运费/交易分账/及时奖励"}],
        "success_time":"2018-06-08T10:34:56+08:00"}"#;

    #[test]
    fn official_single_receiver_shape() {
        let n = parse_profitsharing_payload(OFFICIAL, "PROFITSHARING.SUCCESS", "分账").unwrap();
        assert_eq!(n.kind, ProfitSharingKind::Split);
        assert_eq!(n.receivers.len(), 1);
        assert_eq!(n.receivers[0].amount, 888);
        assert_eq!(n.receivers[0].r#type, Some(ReceiverType::MerchantId));
        assert_eq!(n.receivers[0].account, "1900000110");
        assert_eq!(n.sub_mchid.as_deref(), Some("1900000109"));
        assert_eq!(n.idempotency_key(), "1900000109|1217752501201407033233368018|1900000110|SPLIT");
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!(v["kind"], "split", "one spelling with the notification's own kind");
        assert_eq!(v["receivers"][0]["amount"], 888);
        assert_eq!(v["idempotency_key"], n.idempotency_key);
        assert!(v.get("mchid").is_none());
    }

    #[test]
    fn seed_array_shape_with_string_amount() {
        let n = parse_profitsharing_payload(SEED, "PROFITSHARING", "分账").unwrap();
        assert_eq!(n.kind, ProfitSharingKind::Split);
        assert_eq!(n.receivers[0].amount, 888);
        assert_eq!(n.mchid.as_deref(), Some("1900000100"));
        assert_eq!(n.idempotency_key(), "1900000109|1217752501201407033233368018|1900000100|SPLIT");
        let r = parse_profitsharing_payload(SEED, "PROFITSHARING_RETURN", "分账回退").unwrap();
        assert_eq!(r.kind, ProfitSharingKind::Return);
        assert_eq!(r.idempotency_key(), "1900000109|1217752501201407033233368018|1900000100|RETURN");
    }

    #[test]
    fn every_event_type_spelling() {
        let cases = [
            ("PROFITSHARING", "分账", ProfitSharingKind::Split),
            ("PROFITSHARING", "", ProfitSharingKind::Split),
            ("PROFITSHARING.SUCCESS", "分账", ProfitSharingKind::Split),
            ("PROFITSHARING.SUCCESS", "", ProfitSharingKind::Split),
            ("PROFITSHARING_RETURN", "分账回退", ProfitSharingKind::Return),
            ("PROFITSHARING_RETURN", "", ProfitSharingKind::Return),
            ("PROFITSHARING.RETURN", "分账回退", ProfitSharingKind::Return),
            ("PROFITSHARING.RETURN", "other text", ProfitSharingKind::Return),
            ("TRANSACTION.SUCCESS", "分账", ProfitSharingKind::Split),
            ("TRANSACTION.SUCCESS", "分账回退", ProfitSharingKind::Return),
            ("transaction.success", " 分账回退 ", ProfitSharingKind::Return),
            ("profitsharing.return", "", ProfitSharingKind::Return),
        ];
        for (event, summary, want) in cases {
            for payload in [OFFICIAL, SEED] {
                let n = parse_profitsharing_payload(payload, event, summary).unwrap();
                assert_eq!(n.kind, want, "{event} / {summary}");
                assert_eq!(n.event_type, event);
                assert_eq!(n.summary, summary);
            }
        }
    }

    #[test]
    fn undecidable_or_contradictory_kinds_fail() {
        for (event, summary) in [
            ("TRANSACTION.SUCCESS", ""),
            ("TRANSACTION.SUCCESS", "支付成功"),
            ("PROFITSHARING.SUCCESS", "分账回退"),
            ("PROFITSHARING.RETURN", "分账"),
            ("REFUND.SUCCESS", "分账"),
            ("", "分账"),
        ] {
            let err = parse_profitsharing_payload(OFFICIAL, event, summary).unwrap_err();
            assert_eq!(err.code(), "ERR_WXPAY_PAYLOAD_INVALID", "{event} / {summary}");
        }
    }

    #[test]
    fn several_receivers_key_is_sorted_and_deduplicated() {
        let payload = r#"{"mchid":"1900000100","transaction_id":"42","order_id":"O1","out_order_no":"P1",
            "receivers":[{"type":"MERCHANT_ID","account":"1900000112","amount":"1"},
                         {"type":"MERCHANT_ID","account":"1900000111","amount":2},
                         {"type":"MERCHANT_ID","account":"1900000112","amount":"3","x":1}],"new":true}"#;
        let n = parse_profitsharing_payload(payload, "TRANSACTION.SUCCESS", "分账").unwrap();
        assert_eq!(n.receivers.iter().map(|r| r.amount).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(n.idempotency_key(), "1900000100|O1|1900000111,1900000112|SPLIT");
        assert_eq!(n.extra.get("new"), Some(&serde_json::json!(true)));
        assert_eq!(n.receivers[2].extra.get("x"), Some(&serde_json::json!(1)));
        assert_eq!(n.success_time, None);
    }

    #[test]
    fn key_components_cannot_forge_separators() {
        let payload = r#"{"transaction_id":"42","order_id":"O|1","out_order_no":"P1",
            "receiver":{"type":"PERSONAL_OPENID","account":"a,b","amount":1}}"#;
        let n = parse_profitsharing_payload(payload, "PROFITSHARING.SUCCESS", "分账").unwrap();
        assert_eq!(n.idempotency_key(), "|O%7C1|a%2Cb|SPLIT");
    }

    #[test]
    fn bad_amounts_and_shapes_are_payload_invalid() {
        let with = |receivers: &str| format!(r#"{{"sub_mchid":"1","transaction_id":"42","order_id":"O1","out_order_no":"P1",{receivers}}}"#);
        for bad in [
            r#""receivers":[{"account":"1","amount":"-1"}]"#,
            r#""receivers":[{"account":"1","amount":"8.5"}]"#,
            r#""receivers":[{"account":"1","amount":" 888"}]"#,
            r#""receivers":[{"account":"1","amount":""}]"#,
            r#""receivers":[{"account":"1","amount":"+8"}]"#,
            r#""receivers":[{"account":"1","amount":"99999999999999999999999"}]"#,
            r#""receiver":{"account":"1","amount":-1}"#,
            r#""receiver":{"account":"1","amount":8.5}"#,
            r#""receiver":{"account":"1","amount":null}"#,
            r#""receiver":{"account":"1"}"#,
            r#""receiver":{"amount":1}"#,
            r#""receivers":[]"#,
            r#""receiver":{"account":"1","amount":1},"receivers":[{"account":"1","amount":1}]"#,
            r#""x":1"#,
        ] {
            let err = parse_profitsharing_payload(&with(bad), "PROFITSHARING", "分账").unwrap_err();
            assert_eq!(err.code(), "ERR_WXPAY_PAYLOAD_INVALID", "{bad}");
        }
        for bad in ["", "[]", "{", r#"{"transaction_id":42}"#] {
            assert!(parse_profitsharing_payload(bad, "PROFITSHARING", "分账").is_err(), "{bad}");
        }
        let missing = r#"{"order_id":"O1","out_order_no":"P1","receiver":{"account":"1","amount":1}}"#;
        assert!(parse_profitsharing_payload(missing, "PROFITSHARING", "分账").is_err());
    }

    #[test]
    fn messages_do_not_leak_values() {
        let payload = r#"{"transaction_id":"42","order_id":"O1","out_order_no":"P1","receiver":{"account":"SECRET","amount":"SECRET-AMOUNT"}}"#;
        let err = parse_profitsharing_payload(payload, "PROFITSHARING", "分账").unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        assert!(err.to_string().contains("receiver.amount"), "{err}");
        let err = parse_profitsharing_payload(r#"{"transaction_id":"SECRET","order_id":123456789}"#, "PROFITSHARING", "分账").unwrap_err();
        assert!(!err.to_string().contains("SECRET") && !err.to_string().contains("123456789"), "{err}");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(plaintext in any::<String>(), event in any::<String>(), summary in any::<String>()) {
            let _ = parse_profitsharing_payload(&plaintext, &event, &summary);
        }

        #[test]
        fn any_digit_string_or_integer_amount_normalises(amount in any::<u64>(), as_string in any::<bool>()) {
            let a = if as_string { format!("\"{amount}\"") } else { amount.to_string() };
            let payload = format!(r#"{{"transaction_id":"1","order_id":"2","out_order_no":"3","receivers":[{{"account":"4","amount":{a}}}]}}"#);
            let n = parse_profitsharing_payload(&payload, "PROFITSHARING", "分账").unwrap();
            prop_assert_eq!(n.receivers[0].amount, amount);
        }
    }
}
