//! Verify → decrypt → type. Product-specific payloads plug in by event type.

use serde::Serialize;

use super::envelope::{check_body_len, Envelope, Resource};
use super::profitsharing::{self, ProfitSharingKind};
use crate::crypto::aead;
use crate::keys::PlatformKeySet;
use crate::verify::{check_message, verify_message, HeaderPair, MessageToVerify, Verified};
use crate::{Error, Result};

/// What the event is about, told apart tolerantly (spec §C.2: four spellings of
/// the profit-sharing event types; `TRANSACTION.SUCCESS` decided by `resource.original_type`,
/// else `summary`). Whatever cannot be typed with certainty is `Other`.
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
    /// 支付分授权成功 (acquiring-bank auth-order-callback page, 2025.04.22).
    #[serde(rename = "payscoreUserOpenService")]
    PayscoreUserOpenService,
    /// 支付分解除授权成功 (same page).
    #[serde(rename = "payscoreUserCloseService")]
    PayscoreUserCloseService,
    #[serde(rename = "other")]
    Other,
}

impl NotificationKind {
    /// [`NotificationKind::of_envelope`] without `resource.original_type` (so `summary`
    /// decides `TRANSACTION.SUCCESS`). Never fails: an authentic event we cannot type
    /// is `Other`; the `Result` is kept for callers written against earlier versions.
    pub fn classify(event_type: &str, summary: Option<&str>) -> Result<Self> {
        Ok(Self::of_envelope(event_type, summary, None))
    }

    /// The kind of an authentic notification, from its envelope. Anything this version
    /// cannot type with certainty is `Other` (the decrypted payload kept as is), never an
    /// error: an error makes WeChat Pay retry for 24 h and then drop the notification.
    pub fn of_envelope(event_type: &str, summary: Option<&str>, original_type: Option<&str>) -> Self {
        let trimmed = event_type.trim();
        let normalised = trimmed.to_ascii_uppercase().replace('_', ".");
        let summary = summary.unwrap_or("");
        // Payscore spellings: exactly what parse_payscore_payload accepts (trimmed, any case).
        match trimmed.to_ascii_uppercase().as_str() {
            "PAYSCORE.USER_CONFIRM" => NotificationKind::PayscoreUserConfirm,
            "PAYSCORE.USER_PAID" => NotificationKind::PayscoreUserPaid,
            "PAYSCORE.MCH_PREPAY" => NotificationKind::PayscoreMchPrepay,
            // The same spellings parse_permission_payload accepts.
            "PAYSCORE.USER_OPEN_SERVICE" => NotificationKind::PayscoreUserOpenService,
            "PAYSCORE.USER_CLOSE_SERVICE" => NotificationKind::PayscoreUserCloseService,
            _ if normalised.starts_with("PROFITSHARING") => Self::profit_sharing(event_type, summary),
            _ if normalised == "TRANSACTION.SUCCESS" && transaction_is_profit_sharing(summary, original_type) => Self::profit_sharing(event_type, summary),
            _ => NotificationKind::Other,
        }
    }

    fn profit_sharing(event_type: &str, summary: &str) -> Self {
        match profitsharing::notification_kind(event_type, summary) {
            Ok(ProfitSharingKind::Split) => NotificationKind::Split,
            Ok(ProfitSharingKind::Return) => NotificationKind::Return,
            // Decision (issue 12): an unknown PROFITSHARING.* type, or event_type and summary that contradict, is Other with the raw payload for the handler to store, not an error that WeChat retries for 24 h and then drops.
            Err(_) => NotificationKind::Other,
        }
    }
}

/// Whether a `TRANSACTION.SUCCESS` event is a profit-sharing movement.
// pay.weixin.qq.com/doc/v2/partner/4011985282 (分账动账通知, updated 2026.01.28): v2-started splits and returns arrive as TRANSACTION.SUCCESS with resource.original_type "profitsharing".
fn transaction_is_profit_sharing(summary: &str, original_type: Option<&str>) -> bool {
    // resource.original_type (unencrypted, covered by the signature) decides; summary only when it is absent.
    match original_type.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.eq_ignore_ascii_case("profitsharing"),
        None => summary.contains("分账"),
    }
}

/// `D` is the payload: JSON for Rust callers ([`Notification`]), or the typed payload itself
/// ([`TypedNotification`]), which hosts serialise straight to their own values.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification<D = serde_json::Value> {
    pub id: String,
    pub create_time: Option<String>,
    pub event_type: String,
    pub kind: NotificationKind,
    pub summary: Option<String>,
    /// The decrypted resource as JSON (typed by product modules).
    pub data: D,
    pub verified: Verified,
    /// Stable across redeliveries of the same business event.
    pub idempotency_key: String,
}

/// A notification whose payload is still the typed value: serialising it gives the same JSON as
/// [`Notification`] without building a `serde_json::Value` first (the wasm hosts' path).
pub type TypedNotification = Notification<NotificationData>;

/// The payload of a notification, as typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NotificationData {
    ProfitSharing(Box<profitsharing::ProfitSharingNotification>),
    Payscore(Box<crate::api::payscore::PayscoreNotification>),
    PayscorePermission(Box<crate::api::payscore::PermissionNotification>),
    /// An event this version does not type: the decrypted JSON as it is.
    Other(serde_json::Value),
}

impl TypedNotification {
    /// The same notification with its payload as JSON.
    pub fn into_json(self) -> Result<Notification> {
        let data = serde_json::to_value(&self.data).map_err(|_| Error::Internal("payload could not be converted".into()))?;
        Ok(Notification {
            id: self.id,
            create_time: self.create_time,
            event_type: self.event_type,
            kind: self.kind,
            summary: self.summary,
            data,
            verified: self.verified,
            idempotency_key: self.idempotency_key,
        })
    }
}

fn check_algorithm(resource: &Resource) -> Result<()> {
    if resource.algorithm != "AEAD_AES_256_GCM" {
        return Err(Error::ResourceInvalid(format!("algorithm {:?} is not AEAD_AES_256_GCM", resource.algorithm.chars().take(32).collect::<String>())));
    }
    Ok(())
}

/// Decrypts a callback or certificate resource to its UTF-8 plaintext.
pub fn decrypt_resource(apiv3_key: &[u8], resource: &Resource) -> Result<zeroize::Zeroizing<String>> {
    check_algorithm(resource)?;
    aead::open_to_string(apiv3_key, &resource.nonce, resource.associated_data.as_deref().unwrap_or(""), &resource.ciphertext)
}

/// Every rule of [`decrypt_resource`] except the decryption: what a host with its own AES-GCM
/// must compute. Its plaintext then goes through [`aead::plaintext_to_string`].
pub fn prepare_resource(apiv3_key: &[u8], resource: &Resource) -> Result<aead::OpenRequest> {
    check_algorithm(resource)?;
    aead::prepare_open(apiv3_key, &resource.nonce, resource.associated_data.as_deref().unwrap_or(""), &resource.ciphertext)
}

/// A notification checked by every rule, for a host that runs the two crypto operations itself
/// (WebCrypto): first verify `message` (RSA), then open `open` (AES-GCM), then
/// [`finish_decrypted`]. `open` is the envelope's or the resource's error, if any: it is the
/// caller's to throw only once the signature has verified (the order [`parse_notification`] keeps).
#[derive(Debug)]
pub struct NotificationToOpen<'k> {
    pub message: MessageToVerify<'k>,
    /// The parsed envelope and what AES-GCM must open, or the envelope's or resource's error.
    /// The envelope is kept so that [`finish_opened`] types the payload without parsing the
    /// body again.
    pub open: Result<(Envelope, aead::OpenRequest)>,
}

/// [`parse_notification`] up to the crypto: APIv3 key length, body size, every header rule,
/// the window, probe and serial, the verification message; then the envelope and resource.
pub fn prepare_notification<'k>(
    headers: &[impl HeaderPair],
    body: &[u8],
    keys: &'k PlatformKeySet,
    apiv3_key: &[u8],
    now: i64,
    tolerance_sec: u32,
) -> Result<NotificationToOpen<'k>> {
    if apiv3_key.len() != aead::APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len: apiv3_key.len() });
    }
    check_body_len(body.len())?;
    let message = check_message(headers, body, keys, now, tolerance_sec)?;
    let open = Envelope::parse(body).and_then(|e| prepare_resource(apiv3_key, &e.resource).map(|r| (e, r)));
    Ok(NotificationToOpen { message, open })
}

/// The last step after [`prepare_notification`] with the envelope it kept: the host verified
/// the signature and decrypted the resource to `plaintext`; the same checks and typing as
/// [`finish_decrypted`] without parsing the body again.
pub fn finish_opened(envelope: Envelope, plaintext: &[u8], verified: Verified) -> Result<TypedNotification> {
    let text = aead::plaintext_to_string(plaintext)?;
    finish_typed(envelope, &text, verified)
}

/// The last step after [`prepare_notification`]: the host verified the signature and
/// decrypted the resource to `plaintext` bytes; the core checks they are text and types them.
pub fn finish_decrypted(body: &[u8], plaintext: &[u8], verified: Verified) -> Result<Notification> {
    let text = aead::plaintext_to_string(plaintext)?;
    decode_decrypted(body, &text, verified)
}

/// Verifies first (over the raw bytes), then decrypts, then types the payload.
pub fn parse_notification(
    headers: &[impl HeaderPair],
    body: &[u8],
    keys: &PlatformKeySet,
    apiv3_key: &[u8],
    now: i64,
    tolerance_sec: u32,
) -> Result<Notification> {
    parse_notification_typed(headers, body, keys, apiv3_key, now, tolerance_sec)?.into_json()
}

/// [`parse_notification`] with the payload as typed.
pub fn parse_notification_typed(
    headers: &[impl HeaderPair],
    body: &[u8],
    keys: &PlatformKeySet,
    apiv3_key: &[u8],
    now: i64,
    tolerance_sec: u32,
) -> Result<TypedNotification> {
    if apiv3_key.len() != aead::APIV3_KEY_LEN {
        return Err(Error::ApiV3KeyInvalid { len: apiv3_key.len() });
    }
    // Size first: an oversize body is refused before it is hashed.
    check_body_len(body.len())?;
    let verified = verify_message(headers, body, keys, now, tolerance_sec)?;
    let envelope = Envelope::parse(body)?;
    let plaintext = decrypt_resource(apiv3_key, &envelope.resource)?;
    finish_typed(envelope, &plaintext, verified)
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
    finish_typed(envelope, plaintext, verified)?.into_json()
}

fn finish_typed(envelope: Envelope, plaintext: &str, verified: Verified) -> Result<TypedNotification> {
    let kind = NotificationKind::of_envelope(&envelope.event_type, envelope.summary.as_deref(), envelope.resource.original_type.as_deref());
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

/// Product payloads are typed; anything else is passed through as decrypted (checked to be JSON).
fn typed_payload(kind: NotificationKind, envelope: &Envelope, plaintext: &str) -> Result<(NotificationData, String)> {
    match kind {
        NotificationKind::Split | NotificationKind::Return => {
            let ps_kind = if kind == NotificationKind::Return { ProfitSharingKind::Return } else { ProfitSharingKind::Split };
            let summary = envelope.summary.as_deref().unwrap_or("");
            let typed = profitsharing::parse_profitsharing_payload_as(ps_kind, plaintext, &envelope.event_type, summary)?;
            let key = typed.idempotency_key.clone();
            Ok((NotificationData::ProfitSharing(Box::new(typed)), key))
        }
        NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay => {
            let typed = crate::api::payscore::parse_payscore_payload(plaintext, &envelope.event_type)?;
            let key = typed.idempotency_key();
            Ok((NotificationData::Payscore(Box::new(typed)), key))
        }
        NotificationKind::PayscoreUserOpenService | NotificationKind::PayscoreUserCloseService => {
            let typed = crate::api::payscore::parse_permission_payload(plaintext, &envelope.event_type)?;
            // Without an authorization_code the envelope id is the only stable key.
            let key = typed.idempotency_key().unwrap_or_else(|| format!("event:{}", envelope.id));
            Ok((NotificationData::PayscorePermission(Box::new(typed)), key))
        }
        // Unknown events pass through untouched. WeChat Pay redelivers the same envelope `id`,
        // so `event:{id}` is stable across redeliveries (and the only id every event has).
        NotificationKind::Other => {
            let data: serde_json::Value = serde_json::from_str(plaintext).map_err(|_| Error::PayloadInvalid("decrypted resource is not JSON".into()))?;
            Ok((NotificationData::Other(data), format!("event:{}", envelope.id)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{decode_decrypted, NotificationKind as K};
    use crate::verify::Verified;

    fn verified() -> Verified {
        Verified { serial: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".into(), timestamp: 1_700_000_000, nonce: "n".into() }
    }

    fn envelope(id: &str, event_type: &str, summary: Option<&str>, original_type: Option<&str>) -> String {
        let mut resource = serde_json::json!({"algorithm": "AEAD_AES_256_GCM", "ciphertext": "", "nonce": "fW3kXy7QmP2s"});
        if let Some(t) = original_type {
            resource["original_type"] = t.into();
        }
        let mut env = serde_json::json!({"id": id, "create_time": "2026-11-23T10:00:00+08:00", "event_type": event_type, "resource_type": "encrypt-resource", "resource": resource});
        if let Some(s) = summary {
            env["summary"] = s.into();
        }
        env.to_string()
    }

    const SPLIT: &str = r#"{"sub_mchid":"1900000109","transaction_id":"42","order_id":"O1","out_order_no":"P1",
        "receiver":{"type":"MERCHANT_ID","account":"1900000110","amount":888,"description":"x"}}"#;

    #[test]
    fn classification_of_known_spellings() {
        assert_eq!(K::classify("PROFITSHARING.SUCCESS", Some("分账")).unwrap(), K::Split);
        assert_eq!(K::classify("PROFITSHARING_RETURN", None).unwrap(), K::Return);
        assert_eq!(K::classify("TRANSACTION.SUCCESS", Some("分账回退")).unwrap(), K::Return);
        assert_eq!(K::classify("TRANSACTION.SUCCESS", Some("支付成功")).unwrap(), K::Other);
        assert_eq!(K::classify(" payscore.user_paid", None).unwrap(), K::PayscoreUserPaid);
        // Found by fuzz_notification: must agree with parse_payscore_payload, which refuses this spelling.
        assert_eq!(K::classify("PAYSCORE_USER_CONFIRM", None).unwrap(), K::Other);
        assert_eq!(K::classify("REFUND.SUCCESS", Some("退款成功")).unwrap(), K::Other);
    }

    /// Issue 12 row 2 (project standard: "authentic notifications with fields or values we do
    /// not know yet are kept, not refused"): an unknown PROFITSHARING.* event type, and (decision,
    /// reversing f803618) an event_type/summary contradiction, are `other` with the decrypted
    /// JSON as `data` and `event:{id}` as key, the same on every redelivery; never an error,
    /// which would only make WeChat Pay retry for 24 h and then drop the notification.
    #[test]
    fn unknown_or_contradictory_profit_sharing_events_are_other_with_the_raw_payload() {
        let payload = r#"{"sub_mchid":"1900000109","new_field":{"x":[1,2]},"amount":1}"#;
        for (event_type, summary, plaintext) in [
            ("PROFITSHARING.BOGUS", Some("分账"), payload),
            ("PROFITSHARING.FROZEN", None, payload),
            ("profitsharing_unknown", Some("分账冻结"), payload),
            // Contradictions: kept for the handler, not guessed and not refused.
            ("PROFITSHARING.SUCCESS", Some("分账回退"), SPLIT),
            ("PROFITSHARING.RETURN", Some("分账"), SPLIT),
            ("PROFITSHARING", Some("分账回退"), SPLIT),
        ] {
            let what = format!("{event_type} / {summary:?}");
            assert_eq!(K::classify(event_type, summary).unwrap(), K::Other, "{what}");
            let body = envelope("EV-2018022511223320873", event_type, summary, Some("profitsharing"));
            let n = decode_decrypted(body.as_bytes(), plaintext, verified()).unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(n.kind, K::Other, "{what}");
            assert_eq!(n.event_type, event_type);
            assert_eq!(n.data, serde_json::from_str::<serde_json::Value>(plaintext).unwrap(), "{what}");
            assert_eq!(n.idempotency_key, "event:EV-2018022511223320873", "{what}");
            assert_eq!(serde_json::to_value(&n).unwrap()["kind"], "other");
            // A redelivery (same envelope id, new signature and create_time) has the same key.
            let again = body.replace("2026-11-23T10:00:00+08:00", "2026-11-23T10:00:15+08:00");
            assert_eq!(decode_decrypted(again.as_bytes(), plaintext, verified()).unwrap().idempotency_key, n.idempotency_key);
        }
    }

    /// pay.weixin.qq.com/doc/v2/partner/4011985282 (分账动账通知, updated 2026.01.28): splits
    /// started through v2 are notified as TRANSACTION.SUCCESS; `resource.original_type`
    /// (`profitsharing`) says it is a profit-sharing movement, `summary` only when it is absent.
    #[test]
    fn transaction_success_is_classified_by_original_type_then_summary() {
        let cases = [
            // original_type profitsharing: ours; summary tells split from return.
            (Some("profitsharing"), Some("分账"), K::Split),
            (Some("PROFITSHARING"), Some("分账回退"), K::Return),
            (Some(" profitsharing "), Some("回退"), K::Return),
            // ...and a summary that tells neither is kept as other, not guessed.
            (Some("profitsharing"), Some("支付成功"), K::Other),
            (Some("profitsharing"), None, K::Other),
            // original_type names another resource: a payment, whatever summary says.
            (Some("transaction"), Some("分账"), K::Other),
            (Some("refund"), Some("分账回退"), K::Other),
            // No original_type: summary is the fallback.
            (None, Some("分账"), K::Split),
            (None, Some("分账回退"), K::Return),
            (Some(""), Some("分账"), K::Split),
            (None, Some("支付成功"), K::Other),
        ];
        for (original_type, summary, want) in cases {
            let what = format!("{original_type:?} / {summary:?}");
            assert_eq!(K::of_envelope("TRANSACTION.SUCCESS", summary, original_type), want, "{what}");
            let body = envelope("EV-1", "TRANSACTION.SUCCESS", summary, original_type);
            let n = decode_decrypted(body.as_bytes(), SPLIT, verified()).unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(n.kind, want, "{what}");
            match want {
                K::Split => assert_eq!(n.idempotency_key, "1900000109|O1|1900000110|SPLIT"),
                K::Return => assert_eq!(n.idempotency_key, "1900000109|O1|1900000110|RETURN"),
                _ => assert_eq!(n.idempotency_key, "event:EV-1"),
            }
        }
        // Other event types ignore original_type: PROFITSHARING.* decides by itself.
        assert_eq!(K::of_envelope("PROFITSHARING.SUCCESS", Some("分账"), Some("transaction")), K::Split);
        assert_eq!(K::of_envelope("REFUND.SUCCESS", Some("分账"), Some("profitsharing")), K::Other);
    }

    /// The async path's second half (the envelope kept from prepare_notification) types exactly
    /// what decode_decrypted types, and refuses bytes that are not UTF-8 with the same error.
    #[test]
    fn finish_opened_agrees_with_decode_decrypted() {
        use super::{finish_decrypted, finish_opened};
        use crate::notify::Envelope;
        for (event_type, summary, plaintext) in [("PROFITSHARING.SUCCESS", Some("分账"), SPLIT), ("SOMETHING.NEW", None, r#"{"a":"😀"}"#)] {
            let body = envelope("EV-9", event_type, summary, Some("profitsharing"));
            let kept = Envelope::parse(body.as_bytes()).unwrap();
            let want = decode_decrypted(body.as_bytes(), plaintext, verified()).unwrap();
            assert_eq!(finish_opened(kept.clone(), plaintext.as_bytes(), verified()).unwrap().into_json().unwrap(), want);
            assert_eq!(finish_opened(kept, &[0xff, 0xfe], verified()).unwrap_err(), finish_decrypted(body.as_bytes(), &[0xff, 0xfe], verified()).unwrap_err());
        }
    }

    /// The acquiring-bank auth-order-callback page (2025.04.22): PAYSCORE.USER_OPEN_SERVICE and
    /// PAYSCORE.USER_CLOSE_SERVICE are typed, keyed by sub_mchid, authorization_code and time.
    #[test]
    fn payscore_authorization_events_are_typed() {
        let payload = r#"{"appid":"wx1","mchid":"1230000109","sub_mchid":"1900000109","service_id":"500001","openid":"oUp",
            "user_service_status":"USER_CLOSE_SERVICE","openorclose_time":"20250422101010","authorization_code":"A1"}"#;
        for (event, kind) in [("PAYSCORE.USER_OPEN_SERVICE", K::PayscoreUserOpenService), ("payscore.user_close_service", K::PayscoreUserCloseService)] {
            assert_eq!(K::classify(event, Some("授权成功")).unwrap(), kind);
            let body = envelope("EV-7", event, Some("授权成功"), Some("payscore"));
            let n = decode_decrypted(body.as_bytes(), payload, verified()).unwrap();
            assert_eq!(n.kind, kind);
            assert_eq!(n.idempotency_key, format!("1900000109|A1|{}|20250422101010", event.to_ascii_uppercase()));
            assert_eq!(n.data["payload"]["user_service_status"], "USER_CLOSE_SERVICE");
            let v = serde_json::to_value(&n).unwrap();
            assert!(v["kind"].as_str().unwrap().starts_with("payscoreUser"));
        }
        // No authorization_code: the envelope id keys it; another spelling stays other.
        let body = envelope("EV-8", "PAYSCORE.USER_OPEN_SERVICE", None, None);
        assert_eq!(decode_decrypted(body.as_bytes(), r#"{"openid":"o"}"#, verified()).unwrap().idempotency_key, "event:EV-8");
        assert_eq!(K::classify("PAYSCORE_USER_OPEN_SERVICE", None).unwrap(), K::Other);
    }

    #[test]
    fn a_typed_event_whose_payload_does_not_fit_is_still_refused() {
        let body = envelope("EV-1", "PROFITSHARING.SUCCESS", Some("分账"), Some("profitsharing"));
        let err = decode_decrypted(body.as_bytes(), r#"{"order_id":"SECRET"}"#, verified()).unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert!(!err.to_string().contains("SECRET"));
    }
}
