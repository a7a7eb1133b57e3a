//! Conversions between JS values and core types; errors become `{code, message, details}`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::{Error, Issue};

/// What a failed call throws; the JS layer turns it into a `WxPayError`.
pub type JsError = JsValue;

pub fn error(e: Error) -> JsValue {
    let obj = serde_json::json!({ "code": e.code(), "message": e.to_string(), "details": e.details() });
    to_js(&obj).unwrap_or_else(|_| JsValue::from_str(e.code()))
}

// Values cross the boundary as JSON text: one serde backend (serde_json) instead of two
// halves the module size, and JSON is exactly what these APIs speak anyway.
pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| error(Error::Internal(format!("result conversion failed: {e}"))))?;
    js_sys::JSON::parse(&text).map_err(|_| error(Error::Internal("result conversion failed".into())))
}

/// The longest JSON text of an input object (a builder's input, a resource, a split plan), in
/// UTF-16 code units, measured before the text is copied into wasm memory. The largest valid
/// request (a profit-sharing order with its receivers, legacy encrypted names included) is
/// a few tens of KB; 256 Ki units (at most 768 KB of UTF-8) bounds the copy with room to spare.
pub const MAX_INPUT_LEN: u32 = 256 * 1024;

/// Input objects: a wrong shape is a validation error naming what serde saw.
pub fn from_js<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<T, JsValue> {
    let invalid = |code: &'static str, m: String| error(Error::Validation(vec![Issue::new(what, code, m)]));
    if v.is_undefined() {
        return Err(invalid("type", "is required".into()));
    }
    let json = js_sys::JSON::stringify(&v)
        .ok()
        .filter(|s| !s.is_undefined())
        .ok_or_else(|| invalid("type", "must be JSON-serialisable (no BigInt, functions or cycles)".into()))?;
    // Measured in JS, copied only when it fits: wasm memory never shrinks.
    if json.length() > MAX_INPUT_LEN {
        return Err(invalid("too_large", format!("is over {MAX_INPUT_LEN} characters as JSON")));
    }
    let text = json.as_string().ok_or_else(|| invalid("type", "must be JSON-serialisable (no BigInt, functions or cycles)".into()))?;
    serde_json::from_str(&text).map_err(|e| invalid("type", crate::error::serde_reason(&e)))
}

pub fn core<T>(r: crate::Result<T>) -> Result<T, JsValue> {
    r.map_err(error)
}

/// JS numbers for Unix seconds: finite, whole, non-negative and exactly representable.
pub fn seconds(v: f64, what: &str) -> Result<i64, JsValue> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !v.is_finite() || v.fract() != 0.0 || !(0.0..=MAX_SAFE).contains(&v) {
        return Err(error(Error::Validation(vec![Issue::new(what, "invalid", "must be whole Unix seconds (not milliseconds)")])));
    }
    // Checked above: whole and within ±2^53, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(v as i64)
}

pub fn unsigned_seconds(v: f64, what: &str) -> Result<u64, JsValue> {
    seconds(v, what).map(i64::unsigned_abs)
}
