//! Split arithmetic for JS (the admin page and createOrder checks).

use wasm_bindgen::prelude::*;

use serde::de::DeserializeOwned;

use super::convert::{core, error, from_json, to_js, JSON_UNDEFINED};
use crate::api::profitsharing::fen::MAX_FEN;
use crate::split::{self, AllocationRule, Fee, Operation, Order, Policy, SplitRequest};
use crate::{Error, Issue};

/// At most this many out-of-range numbers are reported from one input.
const MAX_RANGE_ISSUES: usize = 10;

/// An argument as the host sends it (`state`, `units`, `json`: see [`from_json`]), with one more
/// rule: a number beyond ±`Number.MAX_SAFE_INTEGER` anywhere in it is refused (as the builders
/// refuse such amounts): JS already rounded it in the caller's hands, so any answer computed from
/// it would be inexact too.
fn exact<T: DeserializeOwned>(state: u32, units: u32, json: &[u8], what: &str) -> Result<T, JsValue> {
    exact_value(from_json(state, units, json, what)?, what)
}

/// [`exact`] for an optional argument: undefined and null are `None`.
fn optional<T: DeserializeOwned>(state: u32, units: u32, json: &[u8], what: &str) -> Result<Option<T>, JsValue> {
    present(state, units, json, what)?.map(|v| exact_value(v, what)).transpose()
}

/// An optional argument's JSON value, unchecked; undefined and null are `None`.
fn present(state: u32, units: u32, json: &[u8], what: &str) -> Result<Option<serde_json::Value>, JsValue> {
    if state == JSON_UNDEFINED {
        return Ok(None);
    }
    let value: serde_json::Value = from_json(state, units, json, what)?;
    Ok((!value.is_null()).then_some(value))
}

fn exact_value<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T, JsValue> {
    let mut issues = Vec::new();
    out_of_range(&value, what, &mut issues);
    if !issues.is_empty() {
        return Err(error(Error::Validation(issues)));
    }
    serde_json::from_value(value).map_err(|e| error(Error::Validation(vec![Issue::new(what, "type", crate::error::serde_reason(&e))])))
}

fn out_of_range(v: &serde_json::Value, path: &str, issues: &mut Vec<Issue>) {
    if issues.len() >= MAX_RANGE_ISSUES {
        return;
    }
    match v {
        serde_json::Value::Number(n) => {
            let exact = match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u <= MAX_FEN,
                (None, Some(i)) => i.unsigned_abs() <= MAX_FEN,
                // A fraction or an exponent literal (1e21): compared as a float.
                #[allow(clippy::cast_precision_loss)]
                (None, None) => n.as_f64().is_some_and(|f| f.abs() <= MAX_FEN as f64),
            };
            if !exact {
                issues.push(Issue::new(
                    path,
                    "too_large",
                    format!("is beyond {MAX_FEN} (Number.MAX_SAFE_INTEGER), which a JavaScript number cannot hold exactly"),
                ));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                out_of_range(item, &format!("{path}[{i}]"), issues);
            }
        }
        serde_json::Value::Object(fields) => {
            for (k, item) in fields {
                out_of_range(item, &format!("{path}.{k}"), issues);
            }
        }
        _ => {}
    }
}

/// `policy`: absent (the default), a name (`'default'`, `'official'`) or an object of overrides.
pub(super) fn policy(state: u32, units: u32, json: &[u8]) -> Result<Policy, JsValue> {
    match present(state, units, json, "policy")? {
        None => Ok(Policy::default()),
        Some(serde_json::Value::String(name)) => Policy::named(&name).ok_or_else(|| {
            error(crate::Error::Validation(vec![crate::Issue::new(
                "policy",
                "invalid_enum",
                "must be 'default', 'official' or an object such as { maxReceiversPerRequest: 50 }",
            )]))
        }),
        Some(other) => exact_value(other, "policy"),
    }
}

// Each argument crosses as `[state, units, json]` (the host's jsonArg; see `from_json`).

#[wasm_bindgen(js_name = wasmSplitAllocate)]
#[allow(clippy::too_many_arguments)]
pub fn wasm_split_allocate(
    t_state: u32,
    t_units: u32,
    total: &[u8],
    r_state: u32,
    r_units: u32,
    rules: &[u8],
    f_state: u32,
    f_units: u32,
    fee: &[u8],
) -> Result<JsValue, JsValue> {
    let total: u64 = exact(t_state, t_units, total, "total")?;
    let rules: Vec<AllocationRule> = exact(r_state, r_units, rules, "rules")?;
    let fee: Option<Fee> = optional(f_state, f_units, fee, "fee")?;
    to_js(&core(split::allocate(total, &rules, fee))?)
}

#[wasm_bindgen(js_name = wasmSplitCheckPlan)]
#[allow(clippy::too_many_arguments)]
pub fn wasm_split_check_plan(
    o_state: u32,
    o_units: u32,
    order: &[u8],
    r_state: u32,
    r_units: u32,
    request: &[u8],
    p_state: u32,
    p_units: u32,
    policy_in: &[u8],
) -> Result<JsValue, JsValue> {
    let order: Order = exact(o_state, o_units, order, "order")?;
    let request: SplitRequest = exact(r_state, r_units, request, "request")?;
    to_js(&split::check_plan(&order, &request, &policy(p_state, p_units, policy_in)?))
}

#[wasm_bindgen(js_name = wasmSplitSimulate)]
#[allow(clippy::too_many_arguments)]
pub fn wasm_split_simulate(
    o_state: u32,
    o_units: u32,
    order: &[u8],
    s_state: u32,
    s_units: u32,
    operations: &[u8],
    p_state: u32,
    p_units: u32,
    policy_in: &[u8],
) -> Result<JsValue, JsValue> {
    let order: Order = exact(o_state, o_units, order, "order")?;
    let operations: Vec<Operation> = exact(s_state, s_units, operations, "operations")?;
    to_js(&split::simulate(&order, &operations, &policy(p_state, p_units, policy_in)?))
}
