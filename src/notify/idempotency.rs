//! Keys that stay the same when WeChat Pay redelivers a notification.

use super::envelope::Envelope;
use super::parse::NotificationKind;

fn field<'a>(data: &'a serde_json::Value, name: &str) -> &'a str {
    data.get(name).and_then(serde_json::Value::as_str).unwrap_or("")
}

/// Business identity first (retries of one event share it); the envelope id is the fallback.
pub fn key_for(kind: NotificationKind, envelope: &Envelope, data: &serde_json::Value) -> String {
    match kind {
        NotificationKind::ProfitSharing | NotificationKind::ProfitSharingReturn => {
            let payer = match field(data, "sub_mchid") {
                "" => field(data, "mchid"),
                s => s,
            };
            let tag = if kind == NotificationKind::ProfitSharing { "split" } else { "return" };
            format!("profitsharing:{tag}:{payer}:{}:{}", field(data, "order_id"), receiver_accounts(data))
        }
        NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay => {
            format!("payscore:{}:{}:{}", field(data, "sub_mchid"), field(data, "out_order_no"), envelope.event_type)
        }
        NotificationKind::Other => format!("event:{}", envelope.id),
    }
}

/// `receiver.account`, or the seed's `receivers[].account` joined with `+`.
fn receiver_accounts(data: &serde_json::Value) -> String {
    if let Some(r) = data.get("receiver") {
        return field(r, "account").to_owned();
    }
    data.get("receivers")
        .and_then(serde_json::Value::as_array)
        .map(|list| list.iter().map(|r| field(r, "account")).collect::<Vec<_>>().join("+"))
        .unwrap_or_default()
}
