//! Signing, verification, AES-GCM, OAEP and notifications for JS.

use wasm_bindgen::prelude::*;

use super::convert::{core, from_json, seconds, to_js, tolerance};
use super::headers::joined_pairs;
use super::keys::{WasmKeySet, WasmPlatformKey};
use crate::crypto::{aead, oaep};
use crate::notify::{self, Resource};
use crate::verify::{self, Verified};

#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmDecryptResource)]
pub fn wasm_decrypt_resource(apiv3_key: &[u8], state: u32, units: u32, json: &[u8]) -> Result<String, JsValue> {
    let resource: Resource = from_json(state, units, json, "resource")?;
    core(notify::decrypt_resource(apiv3_key, &resource)).map(|s| s.to_string())
}

#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmSealResource)]
pub fn wasm_seal_resource(apiv3_key: &[u8], nonce: &str, associated_data: &str, plaintext: &str) -> Result<String, JsValue> {
    core(aead::seal(apiv3_key, nonce, associated_data, plaintext.as_bytes()))
}

/// The portable path: every rule and both crypto operations in the core.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmParseNotification)]
pub fn wasm_parse_notification(
    headers: &[u8],
    lens: &[u32],
    body: &[u8],
    keys: &WasmKeySet,
    apiv3_key: &[u8],
    now: f64,
    tolerance_sec: Option<f64>,
) -> Result<JsValue, JsValue> {
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    ascii_to_js(&core(notify::parse_notification_typed(&headers, body, &keys.inner, apiv3_key, now, tol))?)
}

/// Every size limit the JS layer applies before copying an input into wasm memory (which never
/// shrinks), read once at start-up (see [`crate::limits`]): the numbers live in the core only.
/// `headerNames` are the lower-cased names the core reads; no other header is copied.
#[wasm_bindgen(js_name = wasmLimits)]
pub fn wasm_limits() -> Result<JsValue, JsValue> {
    let mut out = serde_json::Map::new();
    out.insert("headerNames".to_owned(), crate::limits::header_names().into());
    for (name, max) in crate::limits::all() {
        out.insert(name.to_owned(), max.into());
    }
    to_js(&out)
}

/// Throws the core's error for an input `name` (see [`crate::limits::check`]) of `len` bytes if it
/// is refused for its size; the JS layer calls it with the measured length only.
#[wasm_bindgen(js_name = wasmCheckLength)]
pub fn wasm_check_length(name: &str, len: u32) -> Result<(), JsValue> {
    core(crate::limits::check(name, usize::try_from(len).unwrap_or(usize::MAX)))
}

/// The `ERR_WXPAY_NETWORK` error of a client that got no answer on any of its `attempts`.
#[wasm_bindgen(js_name = wasmNetworkFailure)]
pub fn wasm_network_failure(attempts: u32, elapsed_ms: f64, timed_out: bool) -> JsValue {
    // f64 → u64: negative and NaN become 0, huge values saturate (a clock, not an input).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let elapsed_ms = elapsed_ms.max(0.0) as u64;
    super::convert::error(crate::Error::Network { attempts, elapsed_ms, timed_out })
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

/// A notification between [`wasm_prepare_notification`] and its `finish`: the parsed envelope
/// and what the verification vouches for stay in wasm memory (the body is parsed once and
/// never copied back in). The host frees it once done (`free()` in a `finally`). The sync form
/// keeps one and refills it (`prepare`, then `clear()` in a `finally`): a handle made and freed
/// per call costs a FinalizationRegistry entry each time.
#[wasm_bindgen]
#[derive(Default)]
pub struct WasmNotificationToOpen {
    serial: String,
    verified: Option<Verified>,
    /// The envelope to type once opened, or the envelope's or resource's error.
    envelope: Option<crate::Result<notify::Envelope>>,
    crypto: Vec<u8>,
}

#[wasm_bindgen]
impl WasmNotificationToOpen {
    /// An empty one, to fill with `prepare`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmNotificationToOpen {
        WasmNotificationToOpen::default()
    }

    /// [`wasm_prepare_notification`] into this one (whatever it held is dropped first), returning
    /// the crypto buffer (see `crypto`) at once.
    #[allow(clippy::too_many_arguments)] // wasm_prepare_notification's arguments, and `self`
    pub fn prepare(
        &mut self,
        headers: &[u8],
        lens: &[u32],
        body: &[u8],
        keys: &WasmKeySet,
        apiv3_key: &[u8],
        now: f64,
        tolerance_sec: Option<f64>,
    ) -> Result<Vec<u8>, JsValue> {
        self.clear();
        *self = wasm_prepare_notification(headers, lens, body, keys, apiv3_key, now, tolerance_sec)?;
        Ok(self.crypto())
    }

    /// Drops what `prepare` left (the parsed envelope, the crypto buffer).
    pub fn clear(&mut self) {
        *self = WasmNotificationToOpen::default();
    }

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
            // The run of non-ASCII characters from here, escaped into a buffer written once per
            // 32 escapes: one small write per escape (a memory.copy each) was most of the cost.
            let mut buf = [0u8; 192];
            let mut n = 0;
            let mut end = tail.len();
            for (at, c) in tail.char_indices() {
                if c.is_ascii() {
                    end = at;
                    break;
                }
                let mut units = [0u16; 2];
                for &u in c.encode_utf16(&mut units).iter() {
                    if n + 6 > buf.len() {
                        writer.write_all(buf.get(..n).unwrap_or_default())?;
                        n = 0;
                    }
                    let nibble = |shift: u16| HEX.get(usize::from((u >> shift) & 0xf)).copied().unwrap_or(b'0');
                    if let Some(slot) = buf.get_mut(n..n + 6) {
                        slot.copy_from_slice(&[b'\\', b'u', nibble(12), nibble(8), nibble(4), nibble(0)]);
                    }
                    n += 6;
                }
            }
            writer.write_all(buf.get(..n).unwrap_or_default())?;
            rest = tail.get(end..).unwrap_or_default();
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
/// [`joined_pairs`] takes them and the body as bytes (a text body as TextEncoder's UTF-8).
#[wasm_bindgen(js_name = wasmPrepareNotification)]
pub fn wasm_prepare_notification(
    headers: &[u8],
    lens: &[u32],
    body: &[u8],
    keys: &WasmKeySet,
    apiv3_key: &[u8],
    now: f64,
    tolerance_sec: Option<f64>,
) -> Result<WasmNotificationToOpen, JsValue> {
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    let n = core(notify::prepare_notification(&headers, body, &keys.inner, apiv3_key, now, tol))?;
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

/// decryptResource up to the crypto: `[nonce, associatedData, ciphertext‖tag]`. The resource
/// crosses as JSON text the host encoded (`from_json`): wasm-bindgen's own string copy walks the
/// ≈ 1 KB of base64 one character at a time (a fifth of a decryptResource in Node).
#[wasm_bindgen(js_name = wasmPrepareResource)]
pub fn wasm_prepare_resource(apiv3_key: &[u8], state: u32, units: u32, json: &[u8]) -> Result<js_sys::Array, JsValue> {
    let resource: Resource = from_json(state, units, json, "resource")?;
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
    core(oaep::check_plaintext_for(key.inner.bits() / 8, plaintext.len()))
}

#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmEncryptSensitive)]
pub fn wasm_encrypt_sensitive(plaintext: &str, key: &WasmPlatformKey, entropy: &[u8]) -> Result<String, JsValue> {
    core(oaep::encrypt(core(key.inner.rsa())?, plaintext, entropy))
}

#[wasm_bindgen(js_name = wasmAck)]
pub fn wasm_ack() -> Result<JsValue, JsValue> {
    to_js(&notify::ack())
}

#[wasm_bindgen(js_name = wasmNack)]
pub fn wasm_nack(message: &str, status: u16) -> Result<JsValue, JsValue> {
    core(crate::limits::check_nack_len(message.len()))?;
    to_js(&core(notify::nack(message, status))?)
}

/// Reconciliation: the notifications a parsed query answer stands for, with the keys the
/// notifications carry (`kind`: split | return | payscore; `answer`: the answer as JSON text).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmEventsFromQuery)]
pub fn wasm_events_from_query(kind: &str, answer: &str) -> Result<JsValue, JsValue> {
    let kind = core(notify::QueryKind::parse(kind))?;
    ascii_to_js(&core(notify::events_from_query(kind, answer))?)
}
