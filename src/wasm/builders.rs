//! Request builders and response parsers for JS: JSON in, RequestSpec / typed result out.

use wasm_bindgen::prelude::*;

use super::convert::{core, error, from_js, to_js};
use super::keys::WasmPlatformKey;
use crate::api::profitsharing as ps;
use crate::api::SensitiveEncryptor;
use crate::crypto::encryptor::KeyEncryptor;
use crate::split::Policy;

fn policy(v: JsValue) -> Result<Policy, JsValue> {
    if v.is_undefined() || v.is_null() { Ok(Policy::default()) } else { from_js(v, "policy") }
}

/// Runs `f` with an encryptor when a platform key was given.
fn with_encryptor<T>(
    key: Option<WasmPlatformKey>,
    entropy: &[u8],
    f: impl FnOnce(Option<&mut dyn SensitiveEncryptor>) -> crate::Result<T>,
) -> Result<T, JsValue> {
    match key {
        Some(k) => {
            let mut enc = core(KeyEncryptor::new(&k.inner, entropy))?;
            core(f(Some(&mut enc)))
        }
        None => core(f(None)),
    }
}

#[wasm_bindgen(js_name = wasmPsAddReceiver)]
pub fn wasm_ps_add_receiver(input: JsValue, key: Option<WasmPlatformKey>, entropy: &[u8]) -> Result<JsValue, JsValue> {
    let input = from_js(input, "input")?;
    to_js(&with_encryptor(key, entropy, |e| ps::add_receiver(input, e))?)
}

#[wasm_bindgen(js_name = wasmPsCreateOrder)]
pub fn wasm_ps_create_order(input: JsValue, key: Option<WasmPlatformKey>, entropy: &[u8], policy_in: JsValue) -> Result<JsValue, JsValue> {
    let input = from_js(input, "input")?;
    let policy = policy(policy_in)?;
    to_js(&with_encryptor(key, entropy, |e| ps::create_order(input, e, &policy))?)
}

macro_rules! plain_builder {
    ($js:literal, $name:ident, $f:path) => {
        #[wasm_bindgen(js_name = $js)]
        pub fn $name(input: JsValue) -> Result<JsValue, JsValue> {
            to_js(&core($f(from_js(input, "input")?))?)
        }
    };
}

plain_builder!("wasmPsDeleteReceiver", wasm_ps_delete_receiver, ps::delete_receiver);
plain_builder!("wasmPsQueryOrder", wasm_ps_query_order, ps::query_order);
plain_builder!("wasmPsCreateReturnOrder", wasm_ps_create_return_order, ps::create_return_order);
plain_builder!("wasmPsQueryReturnOrder", wasm_ps_query_return_order, ps::query_return_order);
plain_builder!("wasmPsFinishOrder", wasm_ps_finish_order, ps::finish_order);
plain_builder!("wasmPsQueryAmounts", wasm_ps_query_amounts, ps::query_amounts);

/// Typed response parsing by operation name (the body must already be verified).
#[wasm_bindgen(js_name = wasmPsParseResponse)]
pub fn wasm_ps_parse_response(operation: &str, body: &str) -> Result<JsValue, JsValue> {
    match operation {
        "addReceiver" => to_js(&core(ps::parse_add_receiver_response(body))?),
        "deleteReceiver" => to_js(&core(ps::parse_delete_receiver_response(body))?),
        "createOrder" => to_js(&core(ps::parse_create_order_response(body))?),
        "queryOrder" => to_js(&core(ps::parse_query_order_response(body))?),
        "createReturnOrder" => to_js(&core(ps::parse_create_return_order_response(body))?),
        "queryReturnOrder" => to_js(&core(ps::parse_query_return_order_response(body))?),
        "finishOrder" => to_js(&core(ps::parse_finish_order_response(body))?),
        "queryAmounts" => to_js(&core(ps::parse_query_amounts_response(body))?),
        other => Err(error(crate::Error::Validation(vec![crate::Issue::new(
            "operation",
            "invalid",
            format!("unknown profit-sharing operation {other:?}"),
        )]))),
    }
}
