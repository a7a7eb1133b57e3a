//! Verify → decrypt → type. Product-specific payloads plug in by event type.

use serde::Serialize;

use super::envelope::{check_body_len, Envelope, Resource};
use super::profitsharing::{self, ProfitSharingKind};
use crate::crypto::aead;
use crate::keys::PlatformKeySet;
use crate::verify::{verify_message, HeaderList, Verified};
use crate::{Error, Result};

/// What the event is about, told apart tolerantly (spec §C.2: four spellings of
/// the profit-sharing event types, and `TRANSACTION.SUCCESS` decided by `summary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NotificationKind {
    /// 分账: money moved to a receiver.
    #[serde(rename = "split")]
    Split,
    /// 分账回退: money moved back from a receiver.
    #[serde(rename = "return")]
    Return,
    #[serde(rename = "payscoreUserConfirm")]
    PayscoreUserConfirm,
    #[serde(rename = "payscoreUserPaid")]
    PayscoreUserPaid,
    #[serde(rename = "payscoreMchPrepay")]
    PayscoreMchPrepay,
    #[serde(rename = "other")]
    Other,
}

impl NotificationKind {
    /// Unknown events are `Other`; a profit-sharing event whose `event_type` and
    /// `summary` contradict each other is an error, never `Other`: a handler that
    /// acked it unprocessed would lose a money movement.
    pub fn classify(event_type: &str, summary: Option<&str>) -> Result<Self> {
        let trimmed = event_type.trim();
        let normalised = trimmed.to_ascii_uppercase().replace('_', ".");
        let summary = summary.unwrap_or("");
        // Payscore spellings: exactly what parse_payscore_payload accepts (trimmed, any case).
        let kind = match trimmed.to_ascii_uppercase().as_str() {
            "PAYSCORE.USER_CONFIRM" => NotificationKind::PayscoreUserConfirm,
            "PAYSCORE.USER_PAID" => NotificationKind::PayscoreUserPaid,
            "PAYSCORE.MCH_PREPAY" => NotificationKind::PayscoreMchPrepay,
            _ if normalised.starts_with("PROFITSHARING") => Self::profit_sharing(event_type, summary)?,
            // Payments use TRANSACTION.SUCCESS too; only a 分账 summary makes it ours.
            _ if normalised == "TRANSACTION.SUCCESS" && summary.contains("分账") => Self::profit_sharing(event_type, summary)?,
            _ => NotificationKind::Other,
        };
        Ok(kind)
    }

    fn profit_sharing(event_type: &str, summary: &str) -> Result<Self> {
        Ok(match profitsharing::notification_kind(event_type, summary)? {
            ProfitSharingKind::Split => NotificationKind::Split,
            ProfitSharingKind::Return => NotificationKind::Return,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: String,
    pub create_time: Option<String>,
    pub event_type: String,
    pub kind: NotificationKind,
    pub summary: Option<String>,
    /// The decrypted resource as JSON (typed by product modules).
    pub data: serde_json::Value,
    pub verified: Verified,
    /// Stable across redeliveries of the same business event.
    pub idempotency_key: String,
}

/// Decrypts a callback or certificate resource to its UTF-8 plaintext.
pub fn decrypt_resource(apiv3_key: &[u8], resource: &Resource) -> Result<zeroize::Zeroizing<String>> {
    if resource.algorithm != "AEAD_AES_256_GCM" {
        return Err(Error::ResourceInvalid(format!(
            "algorithm {:?} is not AEAD_AES_256_GCM",
            resource.algorithm.chars().take(32).collect::<String>()
        )));
    }
    aead::open_to_string(apiv3_key, &resource.nonce, resource.associated_data.as_deref().unwrap_or(""), &resource.ciphertext)
}

/// Verifies first (over the raw bytes), then decrypts, then types the payload.
pub fn parse_notification(headers: &HeaderList, body: &[u8], keys: &PlatformKeySet, apiv3_key: &[u8], now: i64, tolerance_sec: u32) -> Result<Notification> {
    if apiv3_key.len() != aead::APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len: apiv3_key.len() });
    }
    // Size first: an oversize body is refused before it is hashed.
    check_body_len(body.len())?;
    let verified = verify_message(headers, body, keys, now, tolerance_sec)?;
    decode_verified(body, apiv3_key, verified)
}

/// Decrypts and types a notification whose signature the caller has already
/// verified (hosts that verify with native crypto). Never call it on unverified bytes.
pub fn decode_verified(body: &[u8], apiv3_key: &[u8], verified: Verified) -> Result<Notification> {
    if apiv3_key.len() != aead::APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len: apiv3_key.len() });
    }
    let envelope = Envelope::parse(body)?;
    let plaintext = decrypt_resource(apiv3_key, &envelope.resource)?;
    finish(envelope, &plaintext, verified)
}

/// For hosts that verified the signature and decrypted the resource with native crypto:
/// the envelope is parsed and the payload typed exactly as [`decode_verified`] does.
pub fn decode_decrypted(body: &[u8], plaintext: &str, verified: Verified) -> Result<Notification> {
    finish(Envelope::parse(body)?, plaintext, verified)
}

fn finish(envelope: Envelope, plaintext: &str, verified: Verified) -> Result<Notification> {
    let kind = NotificationKind::classify(&envelope.event_type, envelope.summary.as_deref())?;
    let (data, idempotency_key) = typed_payload(kind, &envelope, plaintext)?;
    Ok(Notification {
        id: envelope.id,
        create_time: envelope.create_time,
        event_type: envelope.event_type,
        kind,
        summary: envelope.summary,
        data,
        verified,
        idempotency_key,
    })
}

/// Product payloads become typed JSON; anything else is passed through as decrypted.
fn typed_payload(kind: NotificationKind, envelope: &Envelope, plaintext: &str) -> Result<(serde_json::Value, String)> {
    match kind {
        NotificationKind::Split | NotificationKind::Return => {
            let typed = profitsharing::parse_profitsharing_payload(plaintext, &envelope.event_type, envelope.summary.as_deref().unwrap_or(""))?;
            Ok((json(&typed)?, typed.idempotency_key.clone()))
        }
        NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay => {
            let typed = crate::api::payscore::parse_payscore_payload(plaintext, &envelope.event_type)?;
            Ok((json(&typed)?, typed.idempotency_key()))
        }
        // Unknown events pass through untouched; only the envelope id identifies them.
        NotificationKind::Other => {
            let data: serde_json::Value =
                serde_json::from_str(plaintext).map_err(|_| Error::PayloadInvalid("decrypted resource is not JSON".into()))?;
            Ok((data, format!("event:{}", envelope.id)))
        }
    }
}


fn json<T: Serialize>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|_| Error::Internal("payload could not be converted".into()))
}

#[cfg(test)]
mod tests {
    use super::NotificationKind as K;

    #[test]
    fn classification_is_tolerant_but_never_swallows_a_contradiction() {
        assert_eq!(K::classify("PROFITSHARING.SUCCESS", Some("分账")).unwrap(), K::Split);
        assert_eq!(K::classify("PROFITSHARING_RETURN", None).unwrap(), K::Return);
        assert_eq!(K::classify("TRANSACTION.SUCCESS", Some("分账回退")).unwrap(), K::Return);
        assert_eq!(K::classify("TRANSACTION.SUCCESS", Some("支付成功")).unwrap(), K::Other);
        assert_eq!(K::classify(" payscore.user_paid", None).unwrap(), K::PayscoreUserPaid);
        // Found by fuzz_notification: must agree with parse_payscore_payload, which refuses this spelling.
        assert_eq!(K::classify("PAYSCORE_USER_CONFIRM", None).unwrap(), K::Other);
        assert_eq!(K::classify("REFUND.SUCCESS", Some("退款成功")).unwrap(), K::Other);
        assert_eq!(K::classify("PROFITSHARING.SUCCESS", Some("分账回退")).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert_eq!(K::classify("PROFITSHARING.BOGUS", None).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }
}
