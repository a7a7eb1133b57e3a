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

pub use crate::decimal::push_decimal;

/// A built request as one string the JS layer splits (`specOf` in api.js) into the object
/// `{ method, pathAndQuery, headers: [[name, value], …], body }` that `to_js` would make: the
/// fields' lengths in UTF-16 units, comma-separated, a line break, then the fields back to back:
/// method, path, each header's name and value, and the body when there is one (an odd number of
/// fields). Measured against `to_js` (serde_json with the body escaped inside, then JSON.parse):
/// the escaping and parsing were most of a builder call.
#[cfg(feature = "full")] // the builders' answer
pub fn spec_text(spec: &crate::api::RequestSpec) -> String {
    // UTF-16 units: one per UTF-8 sequence (every byte but continuation bytes), two for a 4-byte one.
    let units = |s: &str| if s.is_ascii() { s.len() } else { s.bytes().map(|b| usize::from(b & 0xc0 != 0x80) + usize::from(b >= 0xf0)).sum() };
    let mut fields: Vec<&str> = Vec::with_capacity(3 + 2 * spec.headers.len());
    fields.push(spec.method);
    fields.push(&spec.path_and_query);
    for (name, value) in &spec.headers {
        fields.push(name);
        fields.push(value);
    }
    if let Some(body) = &spec.body {
        fields.push(body);
    }
    let total: usize = fields.iter().map(|f| f.len()).sum();
    let mut out = String::with_capacity(total + 8 * fields.len());
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_decimal(&mut out, u64::try_from(units(f)).unwrap_or(u64::MAX));
    }
    out.push('\n');
    for f in fields {
        out.push_str(f);
    }
    out
}

const NOT_SERIALISABLE: &str = "must be JSON-serialisable (no BigInt, functions or cycles)";

/// `state` of [`from_json`]: the input was undefined.
pub const JSON_UNDEFINED: u32 = 0;
/// `state` of [`from_json`]: JSON.stringify threw or gave no text (a function, a symbol).
pub const JSON_REFUSED: u32 = 1;
/// `state` of [`from_json`]: the input's JSON text, `units` UTF-16 units long.
pub const JSON_TEXT: u32 = 2;

fn invalid_input(what: &str, code: &'static str, m: String) -> JsValue {
    error(Error::Validation(vec![Issue::new(what, code, m)]))
}

/// An input object as the JS layer hands it to the builders (`jsonArg` in api.js: JSON.stringify
/// in JS, the text copied in as TextEncoder's UTF-8, which the glue's string copy is not on
/// non-ASCII text): `state` says what JSON.stringify made of it; for [`JSON_TEXT`], `units` is
/// the text's length in UTF-16 units and `json` its UTF-8, left empty by the host when `units`
/// is over the core's limit (`inputJson` in wasmLimits: nothing that large is copied). Every
/// input object and argument of the builders, split arithmetic and bill reconciliation comes in
/// this way.
pub fn from_json<T: DeserializeOwned>(state: u32, units: u32, json: &[u8], what: &str) -> Result<T, JsValue> {
    let text = json_text(state, units, json, what)?;
    serde_json::from_str(text).map_err(|e| invalid_input(what, "type", crate::error::serde_reason(&e)))
}

/// [`from_json`]'s checks before parsing; not generic, so its code exists once, not once per
/// input type.
fn json_text<'a>(state: u32, units: u32, json: &'a [u8], what: &str) -> Result<&'a str, JsValue> {
    match state {
        JSON_UNDEFINED => return Err(invalid_input(what, "type", "is required".into())),
        JSON_REFUSED => return Err(invalid_input(what, "type", NOT_SERIALISABLE.into())),
        JSON_TEXT => {}
        _ => return Err(error(Error::Internal(format!("{what}: the host sent input state {state}")))),
    }
    let max = crate::limits::MAX_INPUT_LEN;
    if usize::try_from(units).map_or(true, |n| n > max) {
        return Err(invalid_input(what, "too_large", format!("is over {max} characters as JSON")));
    }
    core::str::from_utf8(json).map_err(|_| invalid_input(what, "type", NOT_SERIALISABLE.into()))
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
