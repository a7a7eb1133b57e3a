//! What the lite module (`wechatpay-edge/lite`, built without the `full` feature) answers where
//! the full module runs its own RustCrypto RSA or AES-GCM: the core's `ERR_WXPAY_ENGINE_MISSING`.
//! The lite JS layer reaches these only when the runtime has no WebCrypto or WebCrypto refused a
//! key; the names and signatures match the full module's, so the JS layer is the same for both.

use wasm_bindgen::prelude::*;

use super::convert::error;
use super::keys::{WasmKeySet, WasmMerchantKey, WasmPlatformKey};
use super::signing::WasmRequestToSign;
use crate::Error;

fn missing(operation: &'static str) -> JsValue {
    error(Error::EngineMissing { operation })
}

#[wasm_bindgen]
impl WasmRequestToSign {
    /// See the full module's `sign`: here the runtime's engine must sign.
    pub fn sign(&self, _key: &WasmMerchantKey) -> Result<Vec<u8>, JsValue> {
        Err(missing("RSA-SHA256 signing"))
    }
}

#[wasm_bindgen(js_name = wasmVerifyInSet)]
pub fn wasm_verify_in_set(_keys: &WasmKeySet, _serial: &str, _message: &[u8], _signature: &[u8]) -> Result<(), JsValue> {
    Err(missing("RSA-SHA256 verification"))
}

#[wasm_bindgen(js_name = wasmVerifyMessage)]
pub fn wasm_verify_message(
    _headers: &[u8],
    _lens: &[u32],
    _body: &[u8],
    _keys: &WasmKeySet,
    _now: f64,
    _tolerance_sec: Option<f64>,
) -> Result<JsValue, JsValue> {
    Err(missing("RSA-SHA256 verification"))
}

#[wasm_bindgen(js_name = wasmVerifyResponse)]
pub fn wasm_verify_response(
    _status: f64,
    _headers: &[u8],
    _lens: &[u32],
    _body: &[u8],
    _keys: &WasmKeySet,
    _now: f64,
    _tolerance_sec: Option<f64>,
) -> Result<JsValue, JsValue> {
    Err(missing("RSA-SHA256 verification"))
}

#[wasm_bindgen(js_name = wasmParseNotification)]
pub fn wasm_parse_notification(
    _headers: &[u8],
    _lens: &[u32],
    _body: &[u8],
    _keys: &WasmKeySet,
    _apiv3_key: &[u8],
    _now: f64,
    _tolerance_sec: Option<f64>,
) -> Result<JsValue, JsValue> {
    Err(missing("RSA-SHA256 verification and AES-256-GCM decryption"))
}

#[wasm_bindgen(js_name = wasmDecryptResource)]
pub fn wasm_decrypt_resource(_apiv3_key: &[u8], _state: u32, _units: u32, _json: &[u8]) -> Result<String, JsValue> {
    Err(missing("AES-256-GCM decryption"))
}

#[wasm_bindgen(js_name = wasmEncryptSensitive)]
pub fn wasm_encrypt_sensitive(_plaintext: &str, _key: &WasmPlatformKey, _entropy: &[u8]) -> Result<String, JsValue> {
    Err(missing("RSA-OAEP encryption"))
}
