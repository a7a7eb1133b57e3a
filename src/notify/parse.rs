//! Verify → decrypt → type. Product-specific payloads plug in by event type.

use serde::Serialize;

use super::envelope::{Envelope, Resource};
use crate::crypto::aead;
use crate::keys::PlatformKeySet;
use crate::verify::{verify_message, HeaderList, Verified};
use crate::{Error, Result};

/// Which product the event belongs to, told apart tolerantly (see spec §C.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NotificationKind {
    ProfitSharing,
    ProfitSharingReturn,
    PayscoreUserConfirm,
    PayscoreUserPaid,
    PayscoreMchPrepay,
    Other,
}

impl NotificationKind {
    /// `PROFITSHARING.SUCCESS`, `PROFITSHARING`, `TRANSACTION.SUCCESS` + summary 分账, … all map here.
    pub fn classify(event_type: &str, summary: Option<&str>, original_type: Option<&str>) -> Self {
        let summary = summary.unwrap_or("").trim();
        match event_type {
            "PROFITSHARING.SUCCESS" | "PROFITSHARING" => NotificationKind::ProfitSharing,
            "PROFITSHARING.RETURN" | "PROFITSHARING_RETURN" => NotificationKind::ProfitSharingReturn,
            "PAYSCORE.USER_CONFIRM" => NotificationKind::PayscoreUserConfirm,
            "PAYSCORE.USER_PAID" => NotificationKind::PayscoreUserPaid,
            "PAYSCORE.MCH_PREPAY" => NotificationKind::PayscoreMchPrepay,
            // v2-started splits arrive as TRANSACTION.SUCCESS; only summary / original_type tell them apart.
            "TRANSACTION.SUCCESS" if summary == "分账回退" => NotificationKind::ProfitSharingReturn,
            "TRANSACTION.SUCCESS" if summary == "分账" || original_type == Some("profitsharing") => NotificationKind::ProfitSharing,
            _ => NotificationKind::Other,
        }
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
    let verified = verify_message(headers, body, keys, now, tolerance_sec)?;
    let envelope = Envelope::parse(body)?;
    let plaintext = decrypt_resource(apiv3_key, &envelope.resource)?;
    let data: serde_json::Value =
        serde_json::from_str(&plaintext).map_err(|_| Error::PayloadInvalid("decrypted resource is not JSON".into()))?;
    let kind = NotificationKind::classify(&envelope.event_type, envelope.summary.as_deref(), envelope.resource.original_type.as_deref());
    let idempotency_key = super::idempotency::key_for(kind, &envelope, &data);
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
