//! Signing, verification, AES-GCM, OAEP and notifications for JS.

use wasm_bindgen::prelude::*;

use super::convert::{core, from_js, seconds, to_js, unsigned_seconds};
use super::keys::{WasmKeySet, WasmMerchantKey, WasmPlatformKey};
use crate::crypto::{aead, oaep, rsa_sig};
use crate::keys::pem;
use crate::sign::message as msg;
use crate::notify::{self, Resource};
use crate::sign::{self, format_authorization, parse_authorization, request_message};
use crate::verify::{self, Verified};

type Headers = Vec<(String, String)>;

/// Headers arrive as a flat `[name0, value0, name1, value1, …]` string array: no JSON
/// round trip on the hot verification path (it cost more than the RSA check in Node).
fn pairs(flat: Vec<String>) -> Headers {
    let mut out = Vec::with_capacity(flat.len() / 2);
    let mut it = flat.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        out.push((k, v));
    }
    out
}

#[wasm_bindgen(js_name = wasmBuildSigningMessage)]
pub fn wasm_build_signing_message(method: &str, url: &str, timestamp: f64, nonce: &str, body: &str) -> Result<String, JsValue> {
    core(request_message(method, url, unsigned_seconds(timestamp, "timestamp")?, nonce, body))
}

#[wasm_bindgen(js_name = wasmFormatAuthorization)]
pub fn wasm_format_authorization(mchid: &str, serial_no: &str, timestamp: f64, nonce: &str, signature: &str) -> Result<String, JsValue> {
    core(format_authorization(mchid, serial_no, unsigned_seconds(timestamp, "timestamp")?, nonce, signature))
}

#[wasm_bindgen(js_name = wasmParseAuthorization)]
pub fn wasm_parse_authorization(header: &str) -> Result<JsValue, JsValue> {
    to_js(&core(parse_authorization(header))?)
}

#[wasm_bindgen(js_name = wasmSignRequest)]
pub fn wasm_sign_request(key: &WasmMerchantKey, method: &str, url: &str, body: &str, timestamp: f64, nonce: &str) -> Result<JsValue, JsValue> {
    to_js(&core(sign::sign_request(&key.inner, method, url, body, unsigned_seconds(timestamp, "timestamp")?, nonce))?)
}

#[wasm_bindgen(js_name = wasmNonceFromEntropy)]
pub fn wasm_nonce_from_entropy(entropy: &[u8]) -> Option<String> {
    sign::nonce_from_entropy(entropy)
}

/// All checks except RSA; returns `[serial, timestamp, nonce, message, signature]` for a
/// native verifier (an array: building an object cost more than the checks themselves).
#[wasm_bindgen(js_name = wasmCheckMessage)]
pub fn wasm_check_message(headers: Vec<String>, body: &[u8], keys: &WasmKeySet, now: f64, tolerance: u32) -> Result<js_sys::Array, JsValue> {
    let headers = pairs(headers);
    let m = core(verify::check_message(&headers, body, &keys.inner, seconds(now, "now")?, tolerance))?;
    // Timestamps were parsed from at most 12 digits, so they are exact as f64.
    #[allow(clippy::cast_precision_loss)]
    let ts = m.verified.timestamp as f64;
    Ok(js_sys::Array::of5(
        &JsValue::from_str(&m.verified.serial),
        &JsValue::from_f64(ts),
        &JsValue::from_str(&m.verified.nonce),
        &js_sys::Uint8Array::from(m.message.as_slice()),
        &js_sys::Uint8Array::from(m.signature.as_slice()),
    ))
}

#[wasm_bindgen(js_name = wasmVerifySignature)]
pub fn wasm_verify_signature(key: &WasmPlatformKey, message: &[u8], signature: &[u8]) -> Result<(), JsValue> {
    core(rsa_sig::verify(key.inner.rsa(), message, signature))
}

#[wasm_bindgen(js_name = wasmKeyForSerial)]
pub fn wasm_key_for_serial(keys: &WasmKeySet, serial: &str) -> Result<WasmPlatformKey, JsValue> {
    core(keys.inner.get(serial)).map(|k| WasmPlatformKey { inner: k.clone() })
}

#[wasm_bindgen(js_name = wasmVerifyMessage)]
pub fn wasm_verify_message(headers: Vec<String>, body: &[u8], keys: &WasmKeySet, now: f64, tolerance: u32) -> Result<JsValue, JsValue> {
    let headers = pairs(headers);
    to_js(&core(verify::verify_message(&headers, body, &keys.inner, seconds(now, "now")?, tolerance))?)
}

/// Non-2xx answers throw ERR_WXPAY_API; 2xx must verify.
#[wasm_bindgen(js_name = wasmVerifyResponse)]
pub fn wasm_verify_response(status: u16, headers: Vec<String>, body: &[u8], keys: &WasmKeySet, now: f64, tolerance: u32) -> Result<JsValue, JsValue> {
    let headers = pairs(headers);
    let r = core(verify::verify_response(status, &headers, body, &keys.inner, seconds(now, "now")?, tolerance))?;
    to_js(&serde_json::json!({ "status": r.status, "requestId": r.request_id, "verified": r.verified }))
}

/// The error a non-2xx answer maps to, without verification (for native-verify hosts).
#[wasm_bindgen(js_name = wasmApiFailure)]
pub fn wasm_api_failure(status: u16, headers: Vec<String>, body: &[u8]) -> Result<JsValue, JsValue> {
    let headers = pairs(headers);
    Ok(super::convert::error(crate::Error::Api(verify::api_failure(status, &headers, body))))
}

#[wasm_bindgen(js_name = wasmHasSignatureHeaders)]
pub fn wasm_has_signature_headers(headers: Vec<String>) -> Result<bool, JsValue> {
    let headers = pairs(headers);
    Ok(verify::WechatpayHeaders::any_present(&headers))
}

#[wasm_bindgen(js_name = wasmDecryptResource)]
pub fn wasm_decrypt_resource(apiv3_key: &[u8], resource: JsValue) -> Result<String, JsValue> {
    let resource: Resource = from_js(resource, "resource")?;
    core(notify::decrypt_resource(apiv3_key, &resource)).map(|s| s.to_string())
}

#[wasm_bindgen(js_name = wasmSealResource)]
pub fn wasm_seal_resource(apiv3_key: &[u8], nonce: &str, associated_data: &str, plaintext: &str) -> Result<String, JsValue> {
    core(aead::seal(apiv3_key, nonce, associated_data, plaintext.as_bytes()))
}

#[wasm_bindgen(js_name = wasmParseNotification)]
pub fn wasm_parse_notification(headers: Vec<String>, body: &[u8], keys: &WasmKeySet, apiv3_key: &[u8], now: f64, tolerance: u32) -> Result<JsValue, JsValue> {
    let headers = pairs(headers);
    to_js(&core(notify::parse_notification(&headers, body, &keys.inner, apiv3_key, seconds(now, "now")?, tolerance))?)
}

/// The largest notification body the core takes, read once by the JS layer so that it can
/// refuse a larger one before copying it into wasm memory.
#[wasm_bindgen(js_name = wasmNotificationBodyLimit)]
pub fn wasm_notification_body_limit() -> u32 {
    u32::try_from(notify::MAX_BODY_LEN).unwrap_or(u32::MAX)
}

/// The longest `nack` message, in UTF-8 bytes. WeChat Pay only logs the reason (the customary
/// one is 处理失败); 512 bytes is about 170 Chinese characters. Checked here, on the only path
/// that copies a caller's message into wasm memory.
pub const MAX_NACK_MESSAGE_LEN: usize = 512;

fn check_nack_len(len: usize) -> crate::Result<()> {
    if len > MAX_NACK_MESSAGE_LEN {
        return Err(msg::too_large("message", len, MAX_NACK_MESSAGE_LEN, "answer WeChat Pay with a short reason and keep the details in your own logs"));
    }
    Ok(())
}

fn check_signature_len(len: usize) -> crate::Result<()> {
    if len > rsa_sig::MAX_SIGNATURE_LEN {
        return Err(crate::Error::SignatureInvalid { probe: false });
    }
    Ok(())
}

type LengthCheck = fn(usize) -> crate::Result<()>;

/// The caps on caller strings the JS layer measures before copying them into wasm memory: name
/// (as `wasmLimits` reports it and `wasmCheckLength` takes it), the limit in UTF-8 bytes, and
/// the core's check, which the core functions also run themselves. `apiV3Key` is exact: any
/// other length is refused.
const LENGTH_CAPS: [(&str, usize, LengthCheck); 12] = [
    ("identifier", crate::keys::MAX_IDENTIFIER_LEN, crate::keys::check_identifier_len),
    ("authorizationHeader", crate::sign::authorization::MAX_HEADER_LEN, crate::sign::authorization::check_header_len),
    ("keyPem", pem::MAX_PEM_LEN, pem::check_len),
    ("method", msg::MAX_METHOD_LEN, msg::check_method_len),
    ("url", msg::MAX_URL_LEN, msg::check_url_len),
    ("nonce", msg::MAX_NONCE_LEN, msg::check_nonce_len),
    ("requestBody", msg::MAX_BODY_LEN, msg::check_body_len),
    ("message", msg::MAX_MESSAGE_LEN, msg::check_message_len),
    ("signature", rsa_sig::MAX_SIGNATURE_LEN, check_signature_len),
    ("sensitivePlaintext", oaep::MAX_PLAINTEXT_LEN, oaep::check_plaintext_len),
    ("sensitiveCiphertext", oaep::MAX_CIPHERTEXT_LEN, oaep::check_ciphertext_len),
    ("nackMessage", MAX_NACK_MESSAGE_LEN, check_nack_len),
];

/// Every size limit the JS layer applies before copying an input into wasm memory (which never
/// shrinks), read once at start-up: the numbers live here, in the core, and nowhere in JS.
/// `headerNames` are the lower-cased names the core reads; no other header is copied.
#[wasm_bindgen(js_name = wasmLimits)]
pub fn wasm_limits() -> Result<JsValue, JsValue> {
    let names: Vec<String> = verify::headers::READ.iter().map(|n| n.to_ascii_lowercase()).collect();
    let mut out = serde_json::json!({
        "headerNames": names,
        "headerValue": verify::headers::MAX_VALUE_LEN,
        "notificationBody": notify::MAX_BODY_LEN,
        "responseBody": verify::response::MAX_BODY_LEN,
        "inputJson": super::convert::MAX_INPUT_LEN,
        "apiV3Key": aead::APIV3_KEY_LEN,
    });
    if let Some(map) = out.as_object_mut() {
        for (name, max, _) in LENGTH_CAPS {
            map.insert(name.to_owned(), max.into());
        }
    }
    to_js(&out)
}

/// Throws the core's error for an input `name` (see [`LENGTH_CAPS`], or `apiV3Key`) of `len`
/// bytes if it is refused for its size; the JS layer calls it with the measured length only.
#[wasm_bindgen(js_name = wasmCheckLength)]
pub fn wasm_check_length(name: &str, len: u32) -> Result<(), JsValue> {
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if name == "apiV3Key" {
        return core(aead::check_key_len(len));
    }
    match LENGTH_CAPS.iter().find(|(n, _, _)| *n == name) {
        Some((_, _, check)) => core(check(len)),
        None => core(Err(crate::Error::Internal(format!("no length limit named {name:?}")))),
    }
}

/// Throws the core's error for a response body of `len` bytes if it is over the limit.
#[wasm_bindgen(js_name = wasmCheckResponseSize)]
pub fn wasm_check_response_size(len: u32) -> Result<(), JsValue> {
    core(verify::response::check_body_len(usize::try_from(len).unwrap_or(usize::MAX)))
}

/// Throws the core's error for a notification body of `len` bytes if it is over the limit.
#[wasm_bindgen(js_name = wasmCheckNotificationSize)]
pub fn wasm_check_notification_size(len: u32) -> Result<(), JsValue> {
    core(notify::check_body_len(usize::try_from(len).unwrap_or(usize::MAX)))
}

/// `Verified` from the three values wasmCheckMessage/verification returned: scalars cross
/// the boundary far cheaper than an object (no JSON round trip on the webhook path).
fn verified(serial: String, timestamp: f64, nonce: String) -> Result<Verified, JsValue> {
    Ok(Verified { serial, timestamp: seconds(timestamp, "verified.timestamp")?, nonce })
}

/// Second half of a natively verified notification.
#[wasm_bindgen(js_name = wasmDecodeVerifiedNotification)]
pub fn wasm_decode_verified_notification(body: &[u8], apiv3_key: &[u8], serial: String, timestamp: f64, nonce: String) -> Result<JsValue, JsValue> {
    to_js(&core(notify::decode_verified(body, apiv3_key, verified(serial, timestamp, nonce)?))?)
}

/// Like wasmDecodeVerifiedNotification, for a resource the host decrypted natively.
#[wasm_bindgen(js_name = wasmDecodeDecryptedNotification)]
pub fn wasm_decode_decrypted_notification(body: &[u8], plaintext: &str, serial: String, timestamp: f64, nonce: String) -> Result<JsValue, JsValue> {
    to_js(&core(notify::decode_decrypted(body, plaintext, verified(serial, timestamp, nonce)?))?)
}

// ---- the core decides, the host computes (WebCrypto) ------------------------------------
// Each `prepare` runs every rule of its sync counterpart and returns exactly what the host's
// crypto must compute; the host hands the result back to a `finish`, or asks for the core's
// error when its primitive refused (wasmCryptoFailure).

fn open_request(r: &crate::crypto::aead::OpenRequest) -> js_sys::Array {
    js_sys::Array::of3(
        &js_sys::Uint8Array::from(r.nonce.as_slice()),
        &js_sys::Uint8Array::from(r.associated_data.as_slice()),
        &js_sys::Uint8Array::from(r.sealed.as_slice()),
    )
}

/// Headers as one string: the flat `[name0, value0, …]` list joined by one separator unit (so no
/// two items' lone surrogates can pair up), `lens` the items' lengths in UTF-16 units (what JS
/// measures). One string crosses the boundary instead of a dozen.
fn joined_pairs(joined: &str, lens: &[u32]) -> Result<Headers, JsValue> {
    let bad = || super::convert::error(crate::Error::Internal("header list does not match its lengths".into()));
    let mut rest = joined;
    let mut items: Vec<&str> = Vec::with_capacity(lens.len());
    for (i, &len) in lens.iter().enumerate() {
        if i > 0 {
            let mut chars = rest.chars();
            chars.next().ok_or_else(bad)?;
            rest = chars.as_str();
        }
        let want = usize::try_from(len).map_err(|_| bad())?;
        let (mut units, mut end) = (0usize, 0usize);
        for c in rest.chars() {
            if units >= want {
                break;
            }
            units += c.len_utf16();
            end += c.len_utf8();
        }
        if units != want {
            return Err(bad());
        }
        let (item, tail) = rest.split_at_checked(end).ok_or_else(bad)?;
        items.push(item);
        rest = tail;
    }
    if !rest.is_empty() || !items.len().is_multiple_of(2) {
        return Err(bad());
    }
    Ok(items.chunks_exact(2).filter_map(|kv| match kv {
        [k, v] => Some(((*k).to_owned(), (*v).to_owned())),
        _ => None,
    }).collect())
}

/// A notification between [`wasm_prepare_notification`] and its `finish`: the parsed envelope
/// and what the verification vouches for stay in wasm memory (the body is parsed once and
/// never copied back in). The host frees it once done (`free()` in a `finally`).
#[wasm_bindgen]
pub struct WasmNotificationToOpen {
    serial: String,
    verified: Option<Verified>,
    /// The envelope to type once opened, or the envelope's or resource's error.
    envelope: Option<crate::Result<notify::Envelope>>,
    crypto: Vec<u8>,
}

#[wasm_bindgen]
impl WasmNotificationToOpen {
    /// The serial of the key the core chose (the host looks up its CryptoKey by it).
    #[wasm_bindgen(getter)]
    pub fn serial(&self) -> String {
        self.serial.clone()
    }

    /// What the host's crypto computes, in one buffer (taken: a second call is empty). Five
    /// little-endian u32 first: 0 (or 1 when the envelope or resource was refused: see `error`),
    /// then the lengths of the message, the signature, the AES-GCM nonce and the associated data;
    /// then those bytes, then ciphertext‖tag to the end.
    pub fn crypto(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.crypto)
    }

    /// The envelope's or resource's error, to throw once the signature verified.
    pub fn error(&self) -> JsValue {
        match &self.envelope {
            Some(Err(e)) => super::convert::error(e.clone()),
            _ => JsValue::UNDEFINED,
        }
    }

    /// The last step after the host verified and decrypted: UTF-8, typing, idempotency key.
    pub fn finish(&mut self, plaintext: &[u8]) -> Result<JsValue, JsValue> {
        match (self.envelope.take(), self.verified.take()) {
            (Some(Ok(envelope)), Some(verified)) => ascii_to_js(&core(notify::finish_opened(envelope, plaintext, verified))?),
            (Some(Err(e)), _) => Err(super::convert::error(e)),
            _ => Err(super::convert::error(crate::Error::Internal("notification already finished".into()))),
        }
    }
}

/// JSON text with every non-ASCII character escaped (`\\uXXXX`, UTF-16 units as JSON has them):
/// what `JSON.parse` makes of it is the same, but the text crosses the boundary as ASCII, which
/// TextDecoder takes on its fast path (in workerd, decoding the UTF-8 of a notification with
/// Chinese text cost more than parsing it).
struct AsciiJson;

impl serde_json::ser::Formatter for AsciiJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, fragment: &str) -> std::io::Result<()> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut rest = fragment;
        while let Some(i) = rest.find(|c: char| !c.is_ascii()) {
            let (ascii, tail) = rest.split_at_checked(i).unwrap_or((rest, ""));
            writer.write_all(ascii.as_bytes())?;
            let mut chars = tail.chars();
            if let Some(c) = chars.next() {
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    let nibble = |shift: u16| HEX.get(usize::from((u >> shift) & 0xf)).copied().unwrap_or(b'0');
                    writer.write_all(&[b'\\', b'u', nibble(12), nibble(8), nibble(4), nibble(0)])?;
                }
            }
            rest = chars.as_str();
        }
        writer.write_all(rest.as_bytes())
    }
}

fn ascii_to_js<T: serde::Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let failed = || super::convert::error(crate::Error::Internal("result conversion failed".into()));
    let mut out = Vec::with_capacity(1024);
    v.serialize(&mut serde_json::Serializer::with_formatter(&mut out, AsciiJson)).map_err(|_| failed())?;
    let text = String::from_utf8(out).map_err(|_| failed())?;
    js_sys::JSON::parse(&text).map_err(|_| failed())
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
}

/// parseNotification up to the crypto: every rule of the sync form (APIv3 key, size, headers,
/// window, probe, serial, message; then envelope and resource), with `headers` as
/// [`joined_pairs`] takes them and the body as text or bytes.
#[wasm_bindgen(js_name = wasmPrepareNotification)]
#[allow(clippy::too_many_arguments)] // one boundary crossing: the body arrives as text or as bytes
pub fn wasm_prepare_notification(
    headers: &str,
    lens: &[u32],
    body_text: Option<String>,
    body_bytes: Option<Vec<u8>>,
    keys: &WasmKeySet,
    apiv3_key: &[u8],
    now: f64,
    tolerance: u32,
) -> Result<WasmNotificationToOpen, JsValue> {
    let headers = joined_pairs(headers, lens)?;
    let body = match (body_text, body_bytes) {
        (Some(t), _) => t.into_bytes(),
        (None, Some(b)) => b,
        (None, None) => Vec::new(),
    };
    let n = core(notify::prepare_notification(&headers, &body, &keys.inner, apiv3_key, seconds(now, "now")?, tolerance))?;
    let m = n.message;
    let open_len = n.open.as_ref().map_or(0, |(_, r)| r.nonce.len() + r.associated_data.len() + r.sealed.len());
    let mut crypto = Vec::with_capacity(20 + m.message.len() + m.signature.len() + open_len);
    push_len(&mut crypto, usize::from(n.open.is_err()));
    push_len(&mut crypto, m.message.len());
    push_len(&mut crypto, m.signature.len());
    let envelope = match n.open {
        Ok((envelope, r)) => {
            push_len(&mut crypto, r.nonce.len());
            push_len(&mut crypto, r.associated_data.len());
            crypto.extend_from_slice(&m.message);
            crypto.extend_from_slice(&m.signature);
            crypto.extend_from_slice(&r.nonce);
            crypto.extend_from_slice(&r.associated_data);
            crypto.extend_from_slice(&r.sealed);
            Ok(envelope)
        }
        Err(e) => {
            push_len(&mut crypto, 0);
            push_len(&mut crypto, 0);
            crypto.extend_from_slice(&m.message);
            crypto.extend_from_slice(&m.signature);
            Err(e)
        }
    };
    Ok(WasmNotificationToOpen { serial: m.verified.serial.clone(), verified: Some(m.verified), envelope: Some(envelope), crypto })
}

/// decryptResource up to the crypto: `[nonce, associatedData, ciphertext‖tag]`.
#[wasm_bindgen(js_name = wasmPrepareResource)]
pub fn wasm_prepare_resource(apiv3_key: &[u8], resource: JsValue) -> Result<js_sys::Array, JsValue> {
    let resource: Resource = from_js(resource, "resource")?;
    core(notify::prepare_resource(apiv3_key, &resource)).map(|r| open_request(&r))
}

/// A resource's decrypted bytes as text (the core's UTF-8 rule and error).
#[wasm_bindgen(js_name = wasmResourceText)]
pub fn wasm_resource_text(plaintext: &[u8]) -> Result<String, JsValue> {
    core(aead::plaintext_to_string(plaintext)).map(|s| s.to_string())
}

/// encryptSensitive up to the crypto: throws the core's error for a plaintext `key` cannot take.
#[wasm_bindgen(js_name = wasmCheckSensitive)]
pub fn wasm_check_sensitive(plaintext: &str, key: &WasmPlatformKey) -> Result<(), JsValue> {
    core(oaep::check_plaintext_len(plaintext.len()))?;
    core(oaep::check_plaintext_for(key.inner.rsa(), plaintext.len()))
}

/// The core's error when the host's primitive refused: `"signature"` (RSA verify said no) or
/// `"decryption"` (the AES-GCM tag did not match); both opaque, as the core's own are.
#[wasm_bindgen(js_name = wasmCryptoFailure)]
pub fn wasm_crypto_failure(what: &str) -> JsValue {
    super::convert::error(match what {
        "signature" => rsa_sig::invalid_signature(),
        "decryption" => crate::Error::DecryptionFailed,
        other => crate::Error::Internal(format!("no crypto failure named {other:?}")),
    })
}

#[wasm_bindgen(js_name = wasmEncryptSensitive)]
pub fn wasm_encrypt_sensitive(plaintext: &str, key: &WasmPlatformKey, entropy: &[u8]) -> Result<String, JsValue> {
    core(oaep::encrypt(key.inner.rsa(), plaintext, entropy))
}

#[wasm_bindgen(js_name = wasmAck)]
pub fn wasm_ack() -> Result<JsValue, JsValue> {
    to_js(&notify::ack())
}

#[wasm_bindgen(js_name = wasmNack)]
pub fn wasm_nack(message: &str, status: u16) -> Result<JsValue, JsValue> {
    core(check_nack_len(message.len()))?;
    to_js(&core(notify::nack(message, status))?)
}
