//! Split arithmetic for JS (the admin page and createOrder checks).

use wasm_bindgen::prelude::*;

use super::convert::{core, error, from_js, to_js};
use crate::split::{self, AllocationRule, Fee, Operation, Order, Policy, SplitRequest};

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
    from_js(v, "policy")
}

#[wasm_bindgen(js_name = wasmSplitAllocate)]
pub fn wasm_split_allocate(total: JsValue, rules: JsValue, fee: JsValue) -> Result<JsValue, JsValue> {
    let total: u64 = from_js(total, "total")?;
    let rules: Vec<AllocationRule> = from_js(rules, "rules")?;
    let fee: Option<Fee> = if fee.is_undefined() || fee.is_null() { None } else { Some(from_js(fee, "fee")?) };
    to_js(&core(split::allocate(total, &rules, fee))?)
}

#[wasm_bindgen(js_name = wasmSplitCheckPlan)]
pub fn wasm_split_check_plan(order: JsValue, request: JsValue, policy_in: JsValue) -> Result<JsValue, JsValue> {
    let order: Order = from_js(order, "order")?;
    let request: SplitRequest = from_js(request, "request")?;
    to_js(&split::check_plan(&order, &request, &policy(policy_in)?))
}

#[wasm_bindgen(js_name = wasmSplitSimulate)]
pub fn wasm_split_simulate(order: JsValue, operations: JsValue, policy_in: JsValue) -> Result<JsValue, JsValue> {
    let order: Order = from_js(order, "order")?;
    let operations: Vec<Operation> = from_js(operations, "operations")?;
    to_js(&split::simulate(&order, &operations, &policy(policy_in)?))
}
