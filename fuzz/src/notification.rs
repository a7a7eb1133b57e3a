//! `fuzz_notification`: callback envelopes, AES-GCM resources and the typed
//! payload parsers behind `parse_notification` / `decode_verified`.
//!
//! Framing: `mode:u8`, then by `mode % 3`:
//! 0. raw: `rest` = body → `Envelope::parse` + `decode_verified`;
//! 1. sealed: [`Sealed`] fields, `rest` = the resource **plaintext**; the
//!    harness encrypts it with the fixture APIv3 key and builds the envelope,
//!    so AES-GCM passes and the typed parsers see fuzzer-chosen plaintext;
//! 2. as 1, and (when it decoded, or `opts` bit5 is set) the body is signed
//!    with the platform fixture key and run through `parse_notification`
//!    too; it must agree with `decode_verified`.

use wechatpay_edge::crypto::aead;
use wechatpay_edge::notify::{self, Envelope, NotificationKind};
use wechatpay_edge::verify::Verified;

use crate::fixtures::{keyset, platform_signer, sign_cached, APIV3_KEY, NOW, PLATFORM_SERIAL, SCHEME};
use crate::framing::{Reader, Writer};

pub const IDS: &[&str] = &["EV-2018022511223320873", ""];
pub const EVENTS: &[&str] = &[
    "PROFITSHARING",
    "PROFITSHARING.SUCCESS",
    "PROFITSHARING.RETURN",
    "profitsharing_return",
    "TRANSACTION.SUCCESS",
    "PAYSCORE.USER_CONFIRM",
    "PAYSCORE.USER_PAID",
    "PAYSCORE.MCH_PREPAY",
    "payscore.user_paid",
    "PAYSCORE_USER_CONFIRM",
    "payscore.user.mch.prepay",
    "PAYSCORE.USER_OPEN_SERVICE",
    "REFUND.SUCCESS",
    "PAYSCORE.USER_CLOSE_SERVICE",
];
pub const SUMMARIES: &[&str] = &["分账", "分账回退", "支付成功", "签约成功", ""];
pub const ALGORITHMS: &[&str] = &["AEAD_AES_256_GCM", "AEAD_AES_128_GCM"];
pub const NONCES: &[&str] = &["fW3kXy7QmP2s", "0123456789ab", "short"];
pub const AADS: &[&str] = &["", "transaction", "profitsharing", "certificate", "payscore"];

/// Envelope options: bit0 omit `summary`, bit1 omit `associated_data`,
/// bit2 omit `create_time`/`resource_type`/`original_type`, bit3 add an
/// unknown member, bit4 decrypt with `key` instead of the fixture key.
#[derive(Debug, Clone)]
pub struct Sealed {
    pub opts: u8,
    pub id: String,
    pub event_type: String,
    pub summary: String,
    pub algorithm: String,
    pub nonce: String,
    pub aad: String,
    pub key: Vec<u8>,
    /// Empty: seal the plaintext; else sent as the ciphertext verbatim.
    pub ciphertext: String,
    pub plaintext: Vec<u8>,
}

impl Sealed {
    pub fn new(event_type: &str, summary: &str, plaintext: &str) -> Self {
        Sealed {
            opts: 0,
            id: IDS[0].into(),
            event_type: event_type.into(),
            summary: summary.into(),
            algorithm: ALGORITHMS[0].into(),
            nonce: NONCES[0].into(),
            aad: "profitsharing".into(),
            key: APIV3_KEY.to_vec(),
            ciphertext: String::new(),
            plaintext: plaintext.as_bytes().to_vec(),
        }
    }

    pub fn decode(r: &mut Reader) -> Self {
        Sealed {
            opts: r.u8(),
            id: r.choice_or_string(IDS),
            event_type: r.choice_or_string(EVENTS),
            summary: r.choice_or_string(SUMMARIES),
            algorithm: r.choice_or_string(ALGORITHMS),
            nonce: r.choice_or_string(NONCES),
            aad: r.choice_or_string(AADS),
            key: r.choice_or_bytes(&[APIV3_KEY]),
            ciphertext: r.choice_or_string(&[""]),
            plaintext: r.rest().to_vec(),
        }
    }

    pub fn encode(&self, mode: u8) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(mode).u8(self.opts).choose(IDS, &self.id).choose(EVENTS, &self.event_type).choose(SUMMARIES, &self.summary);
        w.choose(ALGORITHMS, &self.algorithm).choose(NONCES, &self.nonce).choose(AADS, &self.aad);
        if self.key == APIV3_KEY {
            w.choice(0)
        } else {
            w.custom_bytes(&self.key)
        };
        w.choose(&[""], &self.ciphertext).rest(&self.plaintext).finish()
    }

    /// `resource.original_type` as sent (unless `opts` bit2): named after the AAD, as WeChat Pay does.
    fn original_type(&self) -> &str {
        if self.aad.is_empty() {
            "transaction"
        } else {
            &self.aad
        }
    }

    /// The envelope JSON and whether its ciphertext is the real sealing.
    fn body(&self) -> (String, bool) {
        let sealed = if self.ciphertext.is_empty() { aead::seal(APIV3_KEY, &self.nonce, &self.aad, &self.plaintext).ok() } else { None };
        let honest = sealed.is_some();
        let mut resource = serde_json::json!({
            "algorithm": self.algorithm,
            "ciphertext": sealed.unwrap_or_else(|| self.ciphertext.clone()),
            "nonce": self.nonce,
        });
        let mut env = serde_json::json!({ "id": self.id, "event_type": self.event_type });
        if self.opts & 1 == 0 {
            env["summary"] = self.summary.clone().into();
        }
        if self.opts & 2 == 0 {
            resource["associated_data"] = self.aad.clone().into();
        }
        if self.opts & 4 == 0 {
            env["create_time"] = "2018-06-08T10:34:56+08:00".into();
            env["resource_type"] = "encrypt-resource".into();
            resource["original_type"] = self.original_type().into();
        }
        if self.opts & 8 != 0 {
            env["new_member"] = serde_json::json!({"x": [1, 2]});
        }
        env["resource"] = resource;
        (env.to_string(), honest)
    }
}

fn verified() -> Verified {
    Verified { serial: PLATFORM_SERIAL.into(), timestamp: NOW, nonce: "nonceABC".into() }
}

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let mode = r.u8() % 3;
    if mode == 0 {
        let body = r.rest();
        let env = Envelope::parse(body);
        let n = notify::decode_verified(body, APIV3_KEY, verified());
        if n.is_ok() {
            assert!(env.is_ok());
        }
        return;
    }
    let s = Sealed::decode(&mut r);
    let summary = if s.opts & 1 == 0 { Some(s.summary.as_str()) } else { None };
    // The kind decides the payload parser; what cannot be typed is Other, never an error.
    let original_type = if s.opts & 4 == 0 { Some(s.original_type()) } else { None };
    let kind = NotificationKind::of_envelope(&s.event_type, summary, original_type);
    if original_type.is_none() {
        assert_eq!(NotificationKind::classify(&s.event_type, summary).ok(), Some(kind));
    }

    // The typed parsers on their own, as the notification would call them.
    let text = std::str::from_utf8(&s.plaintext).ok();
    let direct_ps = text.map(|t| notify::profitsharing::parse_profitsharing_payload(t, &s.event_type, summary.unwrap_or("")));
    let direct_pay = text.map(|t| wechatpay_edge::api::payscore::parse_payscore_payload(t, &s.event_type));
    let _ = notify::profitsharing::notification_kind(&s.event_type, summary.unwrap_or(""));

    let (body, honest) = s.body();
    assert!(Envelope::parse(body.as_bytes()).is_ok(), "harness envelope did not parse: {body}");
    let key: &[u8] = if s.opts & 16 != 0 { &s.key } else { APIV3_KEY };
    let decoded = notify::decode_verified(body.as_bytes(), key, verified());
    // Without `associated_data` the receiver authenticates an empty AAD.
    let aad_sent = s.opts & 2 == 0 || s.aad.is_empty();
    let decryptable = honest && aad_sent && key == APIV3_KEY && s.algorithm == ALGORITHMS[0];
    match &decoded {
        Ok(n) => {
            assert!(key.len() == 32 && s.algorithm == ALGORITHMS[0], "decoded with a bad key or algorithm");
            assert_eq!(n.kind, kind);
            assert_eq!(n.verified, verified());
            match n.kind {
                NotificationKind::Split | NotificationKind::Return => {
                    let d = direct_ps.as_ref().and_then(|d| d.as_ref().ok());
                    assert_eq!(d.map(|d| d.idempotency_key.as_str()), Some(n.idempotency_key.as_str()));
                    // `data` is what hosts read: unknown payload members must not overwrite the typed ones.
                    assert_eq!(n.data["idempotency_key"].as_str(), Some(n.idempotency_key.as_str()), "data: {}", n.data);
                }
                NotificationKind::PayscoreUserConfirm | NotificationKind::PayscoreUserPaid | NotificationKind::PayscoreMchPrepay => {
                    let d = direct_pay.as_ref().and_then(|d| d.as_ref().ok());
                    assert_eq!(d.map(|d| d.idempotency_key()), Some(n.idempotency_key.clone()));
                }
                NotificationKind::PayscoreUserOpenService | NotificationKind::PayscoreUserCloseService => {
                    // The typed payload's key, or the envelope id when it has no authorization_code.
                    let typed = text.and_then(|t| wechatpay_edge::api::payscore::parse_permission_payload(t, &s.event_type).ok());
                    let want = typed.and_then(|t| t.idempotency_key()).unwrap_or_else(|| format!("event:{}", s.id));
                    assert_eq!(n.idempotency_key, want);
                }
                NotificationKind::Other => assert_eq!(n.idempotency_key, format!("event:{}", s.id)),
            }
        }
        Err(e) if decryptable => {
            // A kind classify accepted must be parsed as that kind: a payload the
            // typed parser takes under the canonical event name must decode.
            let canonical = match kind {
                NotificationKind::PayscoreUserConfirm => Some("PAYSCORE.USER_CONFIRM"),
                NotificationKind::PayscoreUserPaid => Some("PAYSCORE.USER_PAID"),
                NotificationKind::PayscoreMchPrepay => Some("PAYSCORE.MCH_PREPAY"),
                _ => None,
            };
            if let (Some(c), Some(t)) = (canonical, text) {
                if wechatpay_edge::api::payscore::parse_payscore_payload(t, c).is_ok() {
                    panic!("event_type {:?} classifies as {c} but the notification is refused: {e:?}", s.event_type);
                }
            }
            // Issue 12: an authentic, decryptable event we cannot type is kept as Other, never refused.
            if kind == NotificationKind::Other && text.is_some_and(|t| serde_json::from_str::<serde_json::Value>(t).is_ok()) {
                panic!("event_type {:?} is Other with a JSON payload, yet refused: {e:?}", s.event_type);
            }
            let code = e.code();
            assert!(code != "ERR_WXPAY_DECRYPTION_FAILED" && code != "ERR_WXPAY_RESOURCE_INVALID", "honestly sealed resource failed to decrypt: {e:?}");
        }
        Err(_) => {}
    }

    // Signing costs milliseconds: do it where the agreement is most telling
    // (the notification decoded) and for inputs that ask (opts bit5).
    if mode == 2 && (decoded.is_ok() || s.opts & 32 != 0) {
        let ts = NOW.to_string();
        let message = wechatpay_edge::sign::response_message(&ts, "nonceABC", body.as_bytes());
        let sig = sign_cached(platform_signer(), &message);
        let headers: Vec<(String, String)> = [
            ("Wechatpay-Timestamp", ts.as_str()),
            ("Wechatpay-Nonce", "nonceABC"),
            ("Wechatpay-Signature", sig.as_str()),
            ("Wechatpay-Serial", PLATFORM_SERIAL),
            ("Wechatpay-Signature-Type", SCHEME),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let full = notify::parse_notification(&headers, body.as_bytes(), keyset(), key, NOW, 300);
        match (&full, &decoded) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("parse_notification {a:?} disagrees with decode_verified {b:?}"),
        }
    }
}

/// Seeds: the unit-test payloads for every event type, the captured
/// notification in `tests/vectors/verify.json`, and envelopes of them.
pub fn seeds(profitsharing_payloads: &[String], payscore_payloads: &[String]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for p in profitsharing_payloads {
        for (ev, sum) in [("PROFITSHARING", "分账"), ("PROFITSHARING.RETURN", "分账回退"), ("TRANSACTION.SUCCESS", "分账")] {
            let s = Sealed::new(ev, sum, p);
            out.push(s.encode(1));
            let (body, _) = s.body();
            out.push([&[0u8][..], body.as_bytes()].concat());
        }
    }
    for p in payscore_payloads {
        for ev in EVENTS {
            let mut s = Sealed::new(ev, "", p);
            s.aad = "payscore".into();
            out.push(s.encode(1));
        }
    }
    let mut other = Sealed::new("REFUND.SUCCESS", "退款成功", r#"{"mchid":"1900000100","refund_status":"SUCCESS"}"#);
    out.push(other.encode(2));
    other.opts = 0b1111;
    out.push(other.encode(1));
    if let Some(p) = profitsharing_payloads.first() {
        out.push(Sealed::new("PROFITSHARING", "分账", p).encode(2));
    }
    let v: serde_json::Value = serde_json::from_str(crate::fixtures::VERIFY_VECTORS).unwrap_or_default();
    for vec in v["vectors"].as_array().into_iter().flatten() {
        if vec["kind"] == "notification" {
            if let Some(b) = vec["body"].as_str() {
                out.push([&[0u8][..], b.as_bytes()].concat());
            }
        }
    }
    out
}
