//! Field rules shared by the profit-sharing builders (spec §B), and the
//! handling of RSA-encrypted names and the `Wechatpay-Serial` header (§A.7).

use base64::Engine as _;

use super::types::ReceiverType;
use crate::api::validate::{has_four_byte_char, Issues};
use crate::api::SensitiveEncryptor;

/// `out_order_no` / `out_return_no`: ASCII alphanumerics plus these ("只能是数字、大小写字母_-|*@",
/// ecommerce create-return page, docs/partner/apis/ecommerce-profit-sharing/return-orders/create-return-order.html, 2025.09.29).
pub const OUT_NO_EXTRA: &str = "_-|*@";
/// RSA-2048 with OAEP-SHA1 takes at most 214 plaintext bytes.
pub const MAX_NAME_PLAINTEXT_BYTES: usize = 214;
/// Documented cap on encrypted name fields (encrypted_name string[1,10240], apiv3 chapter7_4_7, 2020.04.30).
pub const MAX_CIPHERTEXT_CHARS: usize = 10240;
/// Shortest RSA ciphertext we accept (1024-bit key); WeChat Pay keys are 2048-bit.
const MIN_CIPHERTEXT_BYTES: usize = 128;

/// `Option<String>` contents after validation guaranteed presence.
pub fn s(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

/// Required identifier: present, at most `max` chars, ASCII alphanumerics plus `extra`.
pub fn required_id(issues: &mut Issues, path: &str, value: Option<&str>, max: usize, extra: &str) {
    issues.required_text(path, value, max);
    charset_unless_reported(issues, path, value, extra);
}

/// Optional identifier with the same rules when present.
pub fn optional_id(issues: &mut Issues, path: &str, value: Option<&str>, max: usize, extra: &str) {
    issues.optional_text(path, value, max);
    charset_unless_reported(issues, path, value, extra);
}

// A 4-byte character was already reported by the text check; one issue is enough.
fn charset_unless_reported(issues: &mut Issues, path: &str, value: Option<&str>, extra: &str) {
    if let Some(v) = value {
        if !has_four_byte_char(v) {
            issues.charset(path, Some(v), extra);
        }
    }
}

/// `out_order_no` / `out_return_no`: string(64), `[0-9A-Za-z_\-|*@]` (create-order page
/// doc/v3/partner/4012691594 and create-return page, both 2025.09.29).
pub fn out_no(issues: &mut Issues, path: &str, value: Option<&str>) {
    required_id(issues, path, value, 64, OUT_NO_EXTRA);
}

/// `sub_mchid` / `return_mchid` string(32) (create-return page, 2025.09.29).
/// Merchant numbers are all digits; catching letters here catches an openid
/// or appid put in the wrong field before WeChat answers "mch_id 不存在".
pub fn mchid(issues: &mut Issues, path: &str, value: Option<&str>, max: usize) {
    issues.required_text(path, value, max);
    if let Some(v) = value {
        if !v.is_empty() && !v.bytes().all(|b| b.is_ascii_digit()) {
            issues.push(path, "charset", "must contain digits only (a merchant number)");
        }
    }
}

/// `transaction_id`: string(32) WeChat Pay order number (doc/v3/partner/4012691594, 2025.09.29).
pub fn transaction_id(issues: &mut Issues, path: &str, value: Option<&str>) {
    required_id(issues, path, value, 32, "");
}

/// Descriptions are string(80) and appear in bills (create-return page, 2025.09.29; the
/// create-order page gives receivers' description the same 80).
pub fn description(issues: &mut Issues, path: &str, value: Option<&str>) {
    issues.required_text(path, value, 80);
}

/// `type`: required string(32), one of [`ReceiverType::KNOWN`] (doc/v3/partner/4012477758,
/// 2025.09.29). Returns the known type.
pub fn receiver_type(issues: &mut Issues, path: &str, value: Option<&str>) -> Option<ReceiverType> {
    issues.required_text(path, value, 32);
    let v = value.filter(|v| !v.is_empty())?;
    let t = ReceiverType::parse(v);
    if t.is_known() {
        Some(t)
    } else {
        // The one code and sentence, shared with the split checks.
        issues.push(path, crate::split::ViolationCode::InvalidEnum.as_str(), crate::split::plan::receiver_type_message(&t));
        None
    }
}

/// Receiver account, string(64): a merchant number or an openid (doc/v3/partner/4012477758, 2025.09.29).
pub fn receiver_account(issues: &mut Issues, path: &str, value: Option<&str>, ty: Option<&ReceiverType>) {
    match ty {
        Some(ReceiverType::MerchantId) => mchid(issues, path, value, 64),
        // openids are Base64url-like.
        Some(ReceiverType::PersonalOpenid) => required_id(issues, path, value, 64, "_-"),
        _ => issues.required_text(path, value, 64),
    }
}

/// `appid`: string(32) (doc/v3/partner/4012477758, 2025.09.29); `required_because` says why it is mandatory here.
pub fn appid(issues: &mut Issues, path: &str, value: Option<&str>, required_because: Option<&str>) {
    match (value, required_because) {
        (None, Some(why)) => issues.push(path, "required", format!("is required {why}")),
        (Some(_), Some(_)) => required_id(issues, path, value, 32, ""),
        _ => optional_id(issues, path, value, 32, ""),
    }
}

/// `notify_url` (only in the official Java SDK model, wechatpay-java 1.0.21 `CreateOrderRequest`): https, no query string.
pub fn notify_url(issues: &mut Issues, path: &str, value: Option<&str>) {
    issues.optional_text(path, value, 256);
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        if !v.starts_with("https://") {
            issues.push(path, "invalid_url", "must be an https:// URL");
        }
        if v.contains('?') {
            issues.push(path, "invalid_url", "must not carry a query string");
        }
    }
}

/// A plaintext personal name that we will RSA-encrypt.
pub fn plaintext_name(issues: &mut Issues, path: &str, value: &str, pre_encrypted_field: &str) {
    if value.is_empty() {
        issues.push(path, "empty", "must be omitted rather than empty");
        return;
    }
    if has_four_byte_char(value) {
        issues.push(path, "charset", "contains a 4-byte UTF-8 character (emoji or supplementary plane), which WeChat Pay rejects");
    }
    if value.len() > MAX_NAME_PLAINTEXT_BYTES {
        issues.push(
            path,
            "too_long",
            format!(
                "is {} bytes; RSA-OAEP takes at most {MAX_NAME_PLAINTEXT_BYTES} (if this is already ciphertext, pass it as {pre_encrypted_field})",
                value.len()
            ),
        );
    }
}

/// A name the caller encrypted already: must look like Base64 RSA ciphertext,
/// so placeholders such as the official sample's `hu89ohu89ohu89o` are caught.
pub fn ciphertext(issues: &mut Issues, path: &str, value: &str) {
    if value.is_empty() {
        issues.push(path, "empty", "must be omitted rather than empty");
        return;
    }
    if value.chars().count() > MAX_CIPHERTEXT_CHARS {
        issues.push(path, "too_long", format!("is longer than {MAX_CIPHERTEXT_CHARS} characters"));
        return;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(value.as_bytes());
    if !matches!(decoded, Ok(ref bytes) if bytes.len() >= MIN_CIPHERTEXT_BYTES) {
        issues.push(path, "not_ciphertext", "is not Base64 RSA-OAEP ciphertext; pass the plaintext name instead and give an encryptor");
    }
}

/// Decides the `Wechatpay-Serial` header: the encryptor's serial, else the
/// caller's `wechatpay_serial`. Reports a mismatch (one header can name one
/// key) and, when `required_because` is set, a missing serial.
pub fn header_serial(issues: &mut Issues, encryptor_serial: Option<&str>, given: Option<&str>, required_because: Option<&str>) -> Option<String> {
    const PATH: &str = "wechatpay_serial";
    if let Some(g) = given {
        serial_text(issues, PATH, g, "is");
    }
    if let Some(e) = encryptor_serial {
        serial_text(issues, PATH, e, "(the encryptor's serial) is");
    }
    if let (Some(e), Some(g)) = (encryptor_serial, given) {
        if e != g {
            issues.push(PATH, "serial_mismatch", format!("is {g:?} but the encryptor uses key {e:?}; one request can name only one key"));
        }
    }
    let chosen = encryptor_serial.or(given).map(str::to_owned);
    if chosen.is_none() {
        if let Some(why) = required_because {
            issues.push(PATH, "serial_required", format!("is required {why}: give an encryptor or the platform key serial"));
        }
    }
    chosen
}

// Serials are certificate hex serials or PUB_KEY_ID_<digits>; this also keeps
// header values free of CR/LF.
fn serial_text(issues: &mut Issues, path: &str, v: &str, what: &str) {
    let ok = !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ok {
        issues.push(path, "invalid_serial", format!("{what} not a certificate serial or PUB_KEY_ID_… (1–64 of [0-9A-Za-z_])"));
    }
}

/// Encrypts after validation passed; the builder checked an encryptor exists.
pub fn encrypt(encryptor: &mut Option<&mut dyn SensitiveEncryptor>, plaintext: &str) -> crate::Result<String> {
    match encryptor.as_deref_mut() {
        Some(e) => e.encrypt(plaintext),
        None => Err(crate::Error::Internal("sensitive field reached encryption without an encryptor".into())),
    }
}

#[cfg(test)]
pub mod fake {
    //! A deterministic stand-in for the RSA encryptor.
    use super::*;

    pub struct FakeEncryptor {
        pub serial: String,
        pub calls: Vec<String>,
        pub fail: bool,
    }

    impl FakeEncryptor {
        pub fn new() -> Self {
            FakeEncryptor { serial: "PUB_KEY_ID_0114232134912410000000000000".into(), calls: Vec::new(), fail: false }
        }
    }

    impl SensitiveEncryptor for FakeEncryptor {
        fn serial(&self) -> &str {
            &self.serial
        }
        fn encrypt(&mut self, plaintext: &str) -> crate::Result<String> {
            if self.fail {
                return Err(crate::Error::KeyInvalid("fake failure".into()));
            }
            self.calls.push(plaintext.to_owned());
            Ok(format!("ENC[{}]", base64::engine::general_purpose::STANDARD.encode(plaintext)))
        }
    }

    /// 256 bytes of Base64: looks like RSA-2048 ciphertext.
    pub fn cipher() -> String {
        base64::engine::general_purpose::STANDARD.encode([7u8; 256])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: impl FnOnce(&mut Issues)) -> Vec<(String, &'static str)> {
        let mut i = Issues::new();
        f(&mut i);
        i.into_vec().into_iter().map(|x| (x.path, x.code)).collect()
    }

    #[test]
    fn out_no_charset_and_length() {
        assert!(codes(|i| out_no(i, "o", Some("A-z_0|9*x@"))).is_empty());
        assert_eq!(codes(|i| out_no(i, "o", Some("P 1"))), vec![("o".into(), "charset")]);
        assert_eq!(codes(|i| out_no(i, "o", Some(&"a".repeat(65)))), vec![("o".into(), "too_long")]);
        // A 4-byte character is reported once, not twice.
        assert_eq!(codes(|i| out_no(i, "o", Some("P😀"))), vec![("o".into(), "charset")]);
        assert_eq!(codes(|i| out_no(i, "o", None)), vec![("o".into(), "required")]);
    }

    #[test]
    fn mchid_digits_only() {
        assert!(codes(|i| mchid(i, "m", Some("1900000109"), 32)).is_empty());
        assert_eq!(codes(|i| mchid(i, "m", Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"), 32)), vec![("m".into(), "charset")]);
    }

    #[test]
    fn serial_rules() {
        let mut i = Issues::new();
        assert_eq!(header_serial(&mut i, Some("A1"), None, Some("x")).as_deref(), Some("A1"));
        assert_eq!(header_serial(&mut i, None, Some("B2"), Some("x")).as_deref(), Some("B2"));
        assert_eq!(header_serial(&mut i, None, None, None), None);
        assert!(i.is_empty());
        assert_eq!(
            codes(|i| {
                header_serial(i, Some("A1"), Some("B2"), None);
            }),
            vec![("wechatpay_serial".into(), "serial_mismatch")]
        );
        assert_eq!(
            codes(|i| {
                header_serial(i, None, None, Some("because"));
            }),
            vec![("wechatpay_serial".into(), "serial_required")]
        );
        assert_eq!(
            codes(|i| {
                header_serial(i, None, Some("X\r\nEvil: 1"), None);
            }),
            vec![("wechatpay_serial".into(), "invalid_serial")]
        );
    }

    #[test]
    fn ciphertext_shape() {
        assert!(codes(|i| ciphertext(i, "c", &fake::cipher())).is_empty());
        assert_eq!(codes(|i| ciphertext(i, "c", "hu89ohu89ohu89o")), vec![("c".into(), "not_ciphertext")]);
        assert_eq!(codes(|i| ciphertext(i, "c", "aGVsbG8=")), vec![("c".into(), "not_ciphertext")]);
    }

    #[test]
    fn notify_url_rules() {
        assert!(codes(|i| notify_url(i, "u", Some("https://a.example/n"))).is_empty());
        assert_eq!(codes(|i| notify_url(i, "u", Some("http://a.example/n?x=1"))), vec![("u".into(), "invalid_url"), ("u".into(), "invalid_url")]);
    }
}
