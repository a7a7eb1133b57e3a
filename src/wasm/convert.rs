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
    let max = crate::limits::MAX_INPUT_LEN;
    if usize::try_from(json.length()).map_or(true, |n| n > max) {
        return Err(invalid("too_large", format!("is over {max} characters as JSON")));
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

/// The clock window in seconds: the core's default when absent, else a whole number 1..=86400.
pub fn tolerance(v: Option<f64>) -> Result<u32, JsValue> {
    match v {
        None => Ok(crate::verify::DEFAULT_TOLERANCE_SEC),
        Some(t) if t.fract() == 0.0 && (1.0..=86_400.0).contains(&t) => {
            // Checked above: whole and within 1..=86400, so the cast is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(t as u32)
        }
        Some(_) => Err(error(Error::Validation(vec![Issue::new(
            "toleranceSec",
            "invalid",
            "must be a whole number of seconds between 1 and 86400 (leave it out for the default 300)",
        )]))),
    }
}

/// An HTTP status code as fetch's `Response.status` holds it (100..=599).
pub fn http_status(v: f64) -> Result<u16, JsValue> {
    if v.fract() == 0.0 && (100.0..=599.0).contains(&v) {
        // Checked above: whole and within 100..=599.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        return Ok(v as u16);
    }
    Err(error(Error::Validation(vec![Issue::new("status", "invalid", "must be the HTTP status code of the answer (100..599), e.g. response.status")])))
}
