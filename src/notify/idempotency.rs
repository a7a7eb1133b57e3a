//! Keys that stay the same when WeChat Pay redelivers a notification.

use super::envelope::Envelope;
use super::parse::NotificationKind;

fn field<'a>(data: &'a serde_json::Value, name: &str) -> &'a str {
    data.get(name).and_then(serde_json::Value::as_str).unwrap_or("")
}

/// Business identity first (retries of one event share it); the envelope id is the fallback.
pub fn key_for(kind: NotificationKind, envelope: &Envelope, data: &serde_json::Value) -> String {
    match kind {
        NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay => {
            format!("payscore:{}:{}:{}", field(data, "sub_mchid"), field(data, "out_order_no"), envelope.event_type)
        }
        // Split/Return keys come from the typed payload; the envelope id is the fallback.
        _ => format!("event:{}", envelope.id),
    }
}
