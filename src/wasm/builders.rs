//! Request builders and response parsers for JS: JSON in, RequestSpec (as [`spec_text`]) / typed result out.

use wasm_bindgen::prelude::*;

use super::convert::{core, error, from_json, spec_text, to_js, JSON_UNDEFINED};
use super::keys::WasmPlatformKey;
use crate::api::profitsharing as ps;
use crate::api::SensitiveEncryptor;
use crate::crypto::encryptor::KeyEncryptor;

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

/// `legacy` is the caller's `legacyEncryptedName` option, as given.
#[wasm_bindgen(js_name = wasmPsAddReceiver)]
pub fn wasm_ps_add_receiver(state: u32, units: u32, json: &[u8], key: Option<WasmPlatformKey>, entropy: &[u8], legacy: JsValue) -> Result<String, JsValue> {
    let input = from_json(state, units, json, "input")?;
    let legacy = match legacy.as_bool() {
        Some(b) => b,
        None if legacy.is_undefined() || legacy.is_null() => false,
        None => {
            return Err(error(crate::Error::Validation(vec![crate::Issue::new(
                "options.legacyEncryptedName",
                "type",
                "must be true or false (true sends a personal name RSA-encrypted in the 2020 encrypted_name shape)",
            )])))
        }
    };
    if legacy {
        Ok(spec_text(&with_encryptor(key, entropy, |e| ps::add_receiver(input, ps::PersonalName::LegacyEncrypted(e)))?))
    } else {
        Ok(spec_text(&core(ps::add_receiver(input, ps::PersonalName::Plain))?))
    }
}

#[wasm_bindgen(js_name = wasmPsCreateOrder)]
#[allow(clippy::too_many_arguments)]
pub fn wasm_ps_create_order(
    state: u32,
    units: u32,
    json: &[u8],
    key: Option<WasmPlatformKey>,
    entropy: &[u8],
    p_state: u32,
    p_units: u32,
    policy_in: &[u8],
) -> Result<String, JsValue> {
    let input = from_json(state, units, json, "input")?;
    let policy = super::split::policy(p_state, p_units, policy_in)?;
    Ok(spec_text(&with_encryptor(key, entropy, |e| ps::create_order(input, e, &policy))?))
}

macro_rules! plain_builder {
    ($js:literal, $name:ident, $f:path) => {
        #[wasm_bindgen(js_name = $js)]
        pub fn $name(state: u32, units: u32, json: &[u8]) -> Result<String, JsValue> {
            Ok(spec_text(&core($f(from_json(state, units, json, "input")?))?))
        }
    };
}

plain_builder!("wasmPsDeleteReceiver", wasm_ps_delete_receiver, ps::delete_receiver);
plain_builder!("wasmPsQueryOrder", wasm_ps_query_order, ps::query_order);
plain_builder!("wasmPsCreateReturnOrder", wasm_ps_create_return_order, ps::create_return_order);
plain_builder!("wasmPsQueryReturnOrder", wasm_ps_query_return_order, ps::query_return_order);
plain_builder!("wasmPsFinishOrder", wasm_ps_finish_order, ps::finish_order);
plain_builder!("wasmPsQueryAmounts", wasm_ps_query_amounts, ps::query_amounts);
plain_builder!("wasmPsCreateAfterSalesOrder", wasm_ps_create_after_sales_order, ps::create_after_sales_order);
plain_builder!("wasmPsQueryAfterSalesOrder", wasm_ps_query_after_sales_order, ps::query_after_sales_order);
plain_builder!("wasmPsBill", wasm_ps_bill, ps::bill);

/// `GET /v3/certificates`; the input (`{ algorithm_type?: 'RSA' }`) may be absent.
#[wasm_bindgen(js_name = wasmDownloadCertificates)]
pub fn wasm_download_certificates(state: u32, units: u32, json: &[u8]) -> Result<String, JsValue> {
    let input = if state == JSON_UNDEFINED { Default::default() } else { from_json(state, units, json, "input")? };
    Ok(spec_text(&core(crate::api::certificates::download_certificates(input))?))
}

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
        "createAfterSalesOrder" => to_js(&core(ps::parse_create_after_sales_order_response(body))?),
        "queryAfterSalesOrder" => to_js(&core(ps::parse_query_after_sales_order_response(body))?),
        "bill" => to_js(&core(ps::parse_bill_response(body))?),
        other => Err(error(crate::Error::Validation(vec![crate::Issue::new("operation", "invalid", format!("unknown profit-sharing operation {other:?}"))]))),
    }
}

mod payscore_bindings {
    use wasm_bindgen::prelude::*;

    use super::{core, error, from_json, spec_text, to_js};
    use crate::api::payscore as pay;

    macro_rules! ref_builder {
        ($js:literal, $name:ident, $f:path) => {
            #[wasm_bindgen(js_name = $js)]
            pub fn $name(state: u32, units: u32, json: &[u8]) -> Result<String, JsValue> {
                Ok(spec_text(&core($f(&from_json(state, units, json, "input")?))?))
            }
        };
    }

    ref_builder!("wasmPayCreateServiceOrder", wasm_pay_create_service_order, pay::create_service_order);
    ref_builder!("wasmPayQueryServiceOrder", wasm_pay_query_service_order, pay::query_service_order);
    ref_builder!("wasmPayCancelServiceOrder", wasm_pay_cancel_service_order, pay::cancel_service_order);
    ref_builder!("wasmPayCompleteServiceOrder", wasm_pay_complete_service_order, pay::complete_service_order);
    ref_builder!("wasmPayRegisterDeductInfo", wasm_pay_register_deduct_info, pay::register_deduct_info);
    ref_builder!("wasmPayQueryDeduction", wasm_pay_query_deduction, pay::query_deduction);
    ref_builder!("wasmPayModifyServiceOrder", wasm_pay_modify_service_order, pay::modify_service_order);
    ref_builder!("wasmPaySyncServiceOrder", wasm_pay_sync_service_order, pay::sync_service_order);
    ref_builder!("wasmPayApplyPermissions", wasm_pay_apply_permissions, pay::apply_permissions);
    ref_builder!("wasmPayQueryPermissions", wasm_pay_query_permissions, pay::query_permissions);
    ref_builder!("wasmPayTerminatePermissions", wasm_pay_terminate_permissions, pay::terminate_permissions);
    ref_builder!("wasmPayCreatePayOnDeliveryOrder", wasm_pay_create_pay_on_delivery_order, pay::create_pay_on_delivery_order);

    /// Typed response parsing by operation name; 200, 200-empty and 204 are accepted where the docs disagree.
    #[wasm_bindgen(js_name = wasmPayParseResponse)]
    pub fn wasm_pay_parse_response(operation: &str, status: f64, body: &str) -> Result<JsValue, JsValue> {
        let status = crate::wasm::convert::http_status(status)?;
        match operation {
            "createServiceOrder" => to_js(&core(pay::parse_create_response(status, body))?),
            "queryServiceOrder" => to_js(&core(pay::parse_query_response(status, body))?),
            "cancelServiceOrder" => to_js(&core(pay::parse_cancel_response(status, body))?),
            "completeServiceOrder" => to_js(&core(pay::parse_complete_response(status, body))?),
            "modifyServiceOrder" => to_js(&core(pay::parse_modify_response(status, body))?),
            "syncServiceOrder" => to_js(&core(pay::parse_sync_response(status, body))?),
            "registerDeductInfo" => to_js(&core(pay::parse_register_deduct_info_response(status, body))?),
            "queryDeduction" => to_js(&core(pay::parse_query_deduction_response(status, body))?),
            "applyPermissions" => to_js(&core(pay::parse_apply_permissions_response(status, body))?),
            "queryPermissions" => to_js(&core(pay::parse_query_permissions_response(status, body))?),
            "terminatePermissions" => to_js(&core(pay::parse_terminate_permissions_response(status, body))?),
            "createPayOnDeliveryOrder" => to_js(&core(pay::parse_pay_on_delivery_response(status, body))?),
            other => Err(error(crate::Error::Validation(vec![crate::Issue::new("operation", "invalid", format!("unknown Payscore operation {other:?}"))]))),
        }
    }

    /// The write of `operation` when a lost answer can be settled by a query (see `payscore::recovery`).
    fn guarded_write(operation: &str, state: u32, units: u32, json: &[u8]) -> Result<Option<pay::GuardedWrite>, JsValue> {
        Ok(Some(match operation {
            "cancelServiceOrder" => pay::GuardedWrite::Cancel(from_json(state, units, json, "input")?),
            "completeServiceOrder" => pay::GuardedWrite::Complete(Box::new(from_json(state, units, json, "input")?)),
            "terminatePermissions" => pay::GuardedWrite::Terminate(from_json(state, units, json, "input")?),
            "registerDeductInfo" => pay::GuardedWrite::RegisterDeduct(from_json(state, units, json, "input")?),
            _ => return Ok(None),
        }))
    }

    /// The query (a built request) that settles a refused retry of a state-guarded write, or
    /// undefined when `operation` has none or the write lacks what the query needs.
    #[wasm_bindgen(js_name = wasmPayRecoveryRequest)]
    pub fn wasm_pay_recovery_request(operation: &str, state: u32, units: u32, json: &[u8]) -> Result<Option<String>, JsValue> {
        Ok(guarded_write(operation, state, units, json)?.as_ref().and_then(pay::recovery_request).map(|spec| spec_text(&spec)))
    }

    /// The write's result (`recovered: true`: an Ack with the order as queried, or registerDeductInfo's
    /// DeductInfo) read off the verified answer to that query, or null when the state does not show the write.
    #[wasm_bindgen(js_name = wasmPayRecoveredAck)]
    pub fn wasm_pay_recovered_ack(operation: &str, state: u32, units: u32, json: &[u8], status: f64, body: &str) -> Result<JsValue, JsValue> {
        let status = crate::wasm::convert::http_status(status)?;
        let Some(write) = guarded_write(operation, state, units, json)? else { return Ok(JsValue::NULL) };
        match core(pay::recovered_ack(&write, status, body))? {
            Some(recovered) => to_js(&recovered),
            None => Ok(JsValue::NULL),
        }
    }

    #[wasm_bindgen(js_name = wasmPayAllowedOperations)]
    pub fn wasm_pay_allowed_operations(state: &str, state_description: Option<String>, collection_state: Option<String>) -> Result<JsValue, JsValue> {
        to_js(&pay::allowed_operations_for(state, state_description.as_deref(), collection_state.as_deref()))
    }
}
