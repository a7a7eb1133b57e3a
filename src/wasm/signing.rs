//! Request signing for JS: the core checks and assembles, the host's engine signs.

use wasm_bindgen::prelude::*;

use super::convert::{core, to_js, unsigned_seconds};
use super::keys::WasmMerchantKey;
use crate::api::RequestSpec;
use crate::sign::{self, format_authorization, parse_authorization, request_message, RequestToSign, Signature};

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

#[wasm_bindgen(js_name = wasmNonceFromEntropy)]
pub fn wasm_nonce_from_entropy(entropy: &[u8]) -> Option<String> {
    sign::nonce_from_entropy(entropy)
}

/// A request between its checks and its signature (see [`RequestToSign`]): the host signs
/// `message` with its engine (or `sign()` here, the portable RustCrypto signer) and finishes
/// with `signed` or `prepared`. Freed by the host once finished.
#[wasm_bindgen]
pub struct WasmRequestToSign {
    inner: Option<RequestToSign>,
}

fn finished() -> JsValue {
    super::convert::error(crate::Error::Internal("this request was already finished".into()))
}

#[wasm_bindgen]
impl WasmRequestToSign {
    /// The bytes to sign, as text (RSA-SHA256 over its UTF-8).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.inner.as_ref().map(|r| r.message.clone()).unwrap_or_default()
    }

    /// The portable signer: `key` signs `message` with the core's RSA (the signature's bytes).
    #[cfg(feature = "full")]
    pub fn sign(&self, key: &WasmMerchantKey) -> Result<Vec<u8>, JsValue> {
        let r = self.inner.as_ref().ok_or_else(finished)?;
        core(key.inner.sign_bytes(r.message.as_bytes()))
    }

    /// The Authorization header for the engine's `signature` bytes, as `signRequest` returns it.
    pub fn authorization(&mut self, signature: &[u8]) -> Result<String, JsValue> {
        let r = self.inner.take().ok_or_else(finished)?;
        core(r.signed(Signature::Bytes(signature))).map(|s| s.authorization)
    }

    /// What to hand to fetch, for the engine's `signature` bytes: `{ method, url, headers, body }`.
    pub fn prepared(&mut self, signature: &[u8]) -> Result<JsValue, JsValue> {
        let r = self.inner.take().ok_or_else(finished)?;
        to_js(&core(r.prepared(Signature::Bytes(signature)))?)
    }
}

/// signRequest up to the RSA signature: every rule of the message and the Authorization tokens.
#[wasm_bindgen(js_name = wasmRequestToSign)]
pub fn wasm_request_to_sign(key: &WasmMerchantKey, method: &str, url: &str, body: &str, timestamp: f64, nonce: &str) -> Result<WasmRequestToSign, JsValue> {
    let ts = unsigned_seconds(timestamp, "timestamp")?;
    let r = core(RequestToSign::new(key.inner.mchid(), key.inner.serial_no(), method, url, body, ts, nonce))?;
    Ok(WasmRequestToSign { inner: Some(r) })
}

/// prepare up to the RSA signature: a builder's RequestSpec (as its parts), the base URL rule,
/// then every rule of [`wasm_request_to_sign`]. `headers` is the spec's `[name0, value0, …]`.
#[wasm_bindgen(js_name = wasmSpecToSign)]
#[allow(clippy::too_many_arguments)] // a RequestSpec's four parts plus what prepare adds
pub fn wasm_spec_to_sign(
    key: &WasmMerchantKey,
    method: &str,
    path_and_query: String,
    body: Option<String>,
    headers: Vec<String>,
    base_url: Option<String>,
    timestamp: f64,
    nonce: &str,
) -> Result<WasmRequestToSign, JsValue> {
    let ts = unsigned_seconds(timestamp, "timestamp")?;
    let method = core(sign::message::method(method))?;
    let mut pairs = Vec::with_capacity(headers.len() / 2);
    let mut it = headers.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        pairs.push((k, v));
    }
    let spec = RequestSpec { method, path_and_query, headers: pairs, body };
    let r = core(RequestToSign::for_spec(key.inner.mchid(), key.inner.serial_no(), &spec, base_url.as_deref(), ts, nonce))?;
    Ok(WasmRequestToSign { inner: Some(r) })
}
