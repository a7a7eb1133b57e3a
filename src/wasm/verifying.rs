//! Verification for JS: the core checks every header rule and hands back exactly what the
//! host's RSA must verify; or, on the portable path, verifies with its own RSA.

use wasm_bindgen::prelude::*;

use super::convert::{core, http_status, push_decimal, seconds, tolerance};
use super::headers::joined_pairs;
use super::keys::WasmKeySet;
#[cfg(feature = "full")]
use super::{convert::to_js, keys::WasmPlatformKey};
use crate::crypto::rsa_sig;
use crate::verify::{self, check_headers, HeadToVerify};

/// What the host verifies, as one string (one boundary crossing, split by the host):
/// `serial\ntimestamp\nnonce\nsignature\nheadUnits\n` then the message head and tail, where the
/// signed message is `head ‖ body ‖ tail`, `headUnits` the head's length in UTF-16 units and
/// `signature` the header's canonical base64. No field contains a line break (the nonce is
/// free of control characters, serials are identifiers, the signature base64).
fn head_text(h: &HeadToVerify) -> String {
    let units = h.head.encode_utf16().count();
    let v = &h.verified;
    let mut out = String::with_capacity(v.serial.len() + v.nonce.len() + h.signature_b64.len() + h.head.len() + h.tail.len() + 48);
    // Pushed piece by piece: format! (core::fmt) cost more than the rest of this function.
    out.push_str(&v.serial);
    out.push('\n');
    if v.timestamp < 0 {
        out.push('-');
    }
    push_decimal(&mut out, v.timestamp.unsigned_abs());
    out.push('\n');
    out.push_str(&v.nonce);
    out.push('\n');
    out.push_str(h.signature_b64);
    out.push('\n');
    push_decimal(&mut out, u64::try_from(units).unwrap_or(u64::MAX));
    out.push('\n');
    out.push_str(&h.head);
    out.push_str(h.tail);
    out
}

/// verifyNotification up to the RSA check, for a body of `body_len` bytes the host keeps (it
/// hashes head ‖ body ‖ tail itself). Headers as [`joined_pairs`] takes them.
#[wasm_bindgen(js_name = wasmCheckHeaders)]
pub fn wasm_check_headers(headers: &[u8], lens: &[u32], body_len: u32, keys: &WasmKeySet, now: f64, tolerance_sec: Option<f64>) -> Result<String, JsValue> {
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    let len = usize::try_from(body_len).unwrap_or(usize::MAX);
    core(check_headers(&headers, len, &keys.inner, now, tol)).map(|h| head_text(&h))
}

/// verifyResponse up to the RSA check: `[check, failure, requestId]` where `check` is
/// [`head_text`] when the answer is signed and must verify (every 2xx; a non-2xx that carries
/// signature headers), `failure` the `ERR_WXPAY_API` error a non-2xx becomes (thrown only once
/// `check` verified), `requestId` the Request-ID header of a 2xx.
#[wasm_bindgen(js_name = wasmPrepareResponse)]
pub fn wasm_prepare_response(
    status: f64,
    headers: &[u8],
    lens: &[u32],
    body: &[u8],
    keys: &WasmKeySet,
    now: f64,
    tolerance_sec: Option<f64>,
) -> Result<js_sys::Array, JsValue> {
    let status = http_status(status)?;
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    let r = core(verify::response::prepare_response(status, &headers, body, &keys.inner, now, tol))?;
    let check = r.check.as_ref().map_or(JsValue::UNDEFINED, |h| JsValue::from_str(&head_text(h)));
    let (failure, request_id) = match r.outcome {
        Ok(request_id) => (JsValue::UNDEFINED, request_id.map_or(JsValue::NULL, |s| JsValue::from_str(&s))),
        Err(e) => (super::convert::error(e), JsValue::UNDEFINED),
    };
    Ok(js_sys::Array::of3(&check, &failure, &request_id))
}

/// The `ERR_WXPAY_API` error an unsigned non-2xx answer becomes (the bill download: its answers
/// carry no signature, the bill's digest stands in).
#[wasm_bindgen(js_name = wasmApiFailure)]
pub fn wasm_api_failure(status: f64, headers: &[u8], lens: &[u32], body: &[u8]) -> Result<JsValue, JsValue> {
    let status = http_status(status)?;
    let headers = joined_pairs(headers, lens)?;
    Ok(super::convert::error(crate::Error::Api(verify::api_failure(status, &headers, body))))
}

/// The portable path: every check and the RSA verification in the core.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmVerifyMessage)]
pub fn wasm_verify_message(headers: &[u8], lens: &[u32], body: &[u8], keys: &WasmKeySet, now: f64, tolerance_sec: Option<f64>) -> Result<JsValue, JsValue> {
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    to_js(&core(verify::verify_message(&headers, body, &keys.inner, now, tol))?)
}

/// The portable path of verifyResponse: `{ status, requestId, verified }`; non-2xx throw ERR_WXPAY_API.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmVerifyResponse)]
pub fn wasm_verify_response(
    status: f64,
    headers: &[u8],
    lens: &[u32],
    body: &[u8],
    keys: &WasmKeySet,
    now: f64,
    tolerance_sec: Option<f64>,
) -> Result<JsValue, JsValue> {
    let status = http_status(status)?;
    let headers = joined_pairs(headers, lens)?;
    let (now, tol) = (seconds(now, "now")?, tolerance(tolerance_sec)?);
    let r = core(verify::verify_response(status, &headers, body, &keys.inner, now, tol))?;
    to_js(&serde_json::json!({ "status": r.status, "requestId": r.request_id, "verified": r.verified }))
}

/// The core's RSA over `message` with the set's key `serial` (a key its owner freed is still in
/// the set): the portable executor of a check prepared by [`wasm_check_headers`].
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmVerifyInSet)]
pub fn wasm_verify_in_set(keys: &WasmKeySet, serial: &str, message: &[u8], signature: &[u8]) -> Result<(), JsValue> {
    let key = core(keys.inner.get(serial))?;
    core(rsa_sig::verify(core(key.rsa())?, message, signature))
}

#[cfg(feature = "full")]
#[wasm_bindgen(js_name = wasmVerifySignature)]
pub fn wasm_verify_signature(key: &WasmPlatformKey, message: &[u8], signature: &[u8]) -> Result<(), JsValue> {
    core(rsa_sig::verify(core(key.inner.rsa())?, message, signature))
}

/// A signature as `verifySignature` takes it: canonical standard base64 of at most the longest
/// supported signature, else None (such a signature is invalid for every key).
#[wasm_bindgen(js_name = wasmDecodeSignature)]
pub fn wasm_decode_signature(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    if text.len() > rsa_sig::MAX_SIGNATURE_LEN.div_ceil(3) * 4 {
        return None;
    }
    base64::engine::general_purpose::STANDARD.decode(text).ok().filter(|s| s.len() <= rsa_sig::MAX_SIGNATURE_LEN)
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
