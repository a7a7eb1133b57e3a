//! Split arithmetic for JS (the admin page and createOrder checks).

use wasm_bindgen::prelude::*;

use serde::de::DeserializeOwned;

use super::convert::{core, error, from_js, to_js};
use crate::api::profitsharing::fen::MAX_FEN;
use crate::split::{self, AllocationRule, Fee, Operation, Order, Policy, SplitRequest};
use crate::{Error, Issue};

/// At most this many out-of-range numbers are reported from one input.
const MAX_RANGE_ISSUES: usize = 10;

/// Like `from_js`, but a number beyond ±`Number.MAX_SAFE_INTEGER` anywhere in the input is
/// refused (as the builders refuse such amounts): JS already rounded it in the caller's hands,
/// so any answer computed from it would be inexact too.
fn exact<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<T, JsValue> {
    let value: serde_json::Value = from_js(v, what)?;
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
pub(super) fn policy(v: JsValue) -> Result<Policy, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Policy::default());
    }
    if let Some(name) = v.as_string() {
        return Policy::named(&name).ok_or_else(|| {
            error(crate::Error::Validation(vec![crate::Issue::new(
                "policy",
                "invalid_enum",
                "must be 'default', 'official' or an object such as { maxReceiversPerRequest: 50 }",
            )]))
        });
    }
    exact(v, "policy")
}

#[wasm_bindgen(js_name = wasmSplitAllocate)]
pub fn wasm_split_allocate(total: JsValue, rules: JsValue, fee: JsValue) -> Result<JsValue, JsValue> {
    let total: u64 = exact(total, "total")?;
    let rules: Vec<AllocationRule> = exact(rules, "rules")?;
    let fee: Option<Fee> = if fee.is_undefined() || fee.is_null() { None } else { Some(exact(fee, "fee")?) };
    to_js(&core(split::allocate(total, &rules, fee))?)
}

#[wasm_bindgen(js_name = wasmSplitCheckPlan)]
pub fn wasm_split_check_plan(order: JsValue, request: JsValue, policy_in: JsValue) -> Result<JsValue, JsValue> {
    let order: Order = exact(order, "order")?;
    let request: SplitRequest = exact(request, "request")?;
    to_js(&split::check_plan(&order, &request, &policy(policy_in)?))
}

#[wasm_bindgen(js_name = wasmSplitSimulate)]
pub fn wasm_split_simulate(order: JsValue, operations: JsValue, policy_in: JsValue) -> Result<JsValue, JsValue> {
    let order: Order = exact(order, "order")?;
    let operations: Vec<Operation> = exact(operations, "operations")?;
    to_js(&split::simulate(&order, &operations, &policy(policy_in)?))
}
