//! The profit-sharing bill for JS: the host gunzips and hashes, the core decides and parses.

use wasm_bindgen::prelude::*;

use super::convert::{core, error, from_json, to_js};
use crate::bill;

/// Largest bill (bytes after gunzip) the core reads; the host checks it before copying.
#[wasm_bindgen(js_name = wasmBillMaxLen)]
pub fn wasm_bill_max_len() -> u32 {
    u32::try_from(bill::MAX_BILL_LEN).unwrap_or(u32::MAX)
}

/// `actual_hex`: the host's SHA-1 of the gunzipped bytes. Throws unless it is `hash_value`.
#[wasm_bindgen(js_name = wasmBillCheckHash)]
pub fn wasm_bill_check_hash(hash_type: &str, hash_value: &str, actual_hex: &str) -> Result<(), JsValue> {
    core(bill::check_hash(hash_type, hash_value, actual_hex))
}

#[wasm_bindgen(js_name = wasmBillParse)]
pub fn wasm_bill_parse(bytes: &[u8]) -> Result<JsValue, JsValue> {
    to_js(&core(bill::parse_bill(bytes))?)
}

/// Parses the bill and reconciles it with a split ledger or split plan.
#[wasm_bindgen(js_name = wasmBillReconcile)]
pub fn wasm_bill_reconcile(bytes: &[u8], state: u32, units: u32, planned: &[u8]) -> Result<JsValue, JsValue> {
    let planned = core(bill::Planned::from_value(from_json(state, units, planned, "planned")?))?;
    let parsed = core(bill::parse_bill(bytes))?;
    to_js(&bill::reconcile(&parsed, &planned))
}

/// The error for a bill over the limit (returned, the host throws it); `len`: bytes read so far.
#[wasm_bindgen(js_name = wasmBillTooLarge)]
pub fn wasm_bill_too_large(len: f64) -> JsValue {
    // A byte count from JS: whole and non-negative, so the conversion is exact enough to report.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = if len.is_finite() && len >= 0.0 { len as usize } else { 0 };
    error(bill::parse::too_large(n))
}

/// The error for a gzip stream the host could not inflate (returned, the host throws it).
#[wasm_bindgen(js_name = wasmBillGzipError)]
pub fn wasm_bill_gzip_error() -> JsValue {
    error(crate::Error::BillInvalid { line: None, reason: bill::GZIP_INVALID.to_owned() })
}
