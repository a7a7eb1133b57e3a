//! Payscore service orders for acquiring institutions (/v3/payscore/acquiringbank/*).
//!
//! One file per operation. Inputs use the API's own snake_case field names so
//! JS callers pass the documented JSON; required fields are `Option`s so a
//! missing one becomes an [`crate::Issue`] next to every other problem instead
//! of a deserialisation failure. Bodies are serialised in documented field
//! order and never contain `null`.
//!
//! Some rules span calls (the order's risk fund, its created time range, the
//! previous total). Callers pass what they know in an [`OrderContext`] under
//! the `context` key; it is never sent.
//!
//! Issue codes (besides `required`, `empty`, `too_long`, `charset` from
//! [`crate::api::validate::Issues`]): `json` (input not parseable),
//! `not_integer` / `negative` / `too_large` / `not_positive` (amounts),
//! `out_of_range` (counts), `too_few` / `too_many` (lists), `duplicate`
//! (item names), `total_mismatch`, `discounts_exceed_payments`,
//! `over_risk_fund`, `above_completed_total`, `format` / `invalid_date` (times, URLs),
//! `end_before_start`, `on_accept_not_allowed`, `unknown_value` (enums),
//! `exactly_one` (query identifier; one user when a pay-on-delivery order is
//! confirmation-free), `openid_required`, `requires_sub_appid`, `not_https`, `has_query`.
//!
//! Besides the service order: the user authorization ([`permissions`]: pre-authorize,
//! query, terminate and the open/close notifications) and the pay-on-delivery order
//! ([`pay_on_delivery`], create's validation plus `shopping_info`).

#[macro_use]
mod wire;
pub mod fen;
pub mod model;
mod rules;
pub mod time;

pub mod cancel;
pub mod complete;
pub mod create;
pub mod modify;
pub mod pay_on_delivery;
pub mod permissions;
pub mod query_deduction;
pub mod query_order;
pub mod recovery;
pub mod register_deduct_info;
pub mod sync;

pub mod notify;
pub mod response;
pub mod state;

pub use cancel::{cancel_service_order, CancelServiceOrder};
pub use complete::{complete_service_order, CompleteServiceOrder};
pub use create::{create_service_order, CreateServiceOrder};
pub use fen::{Count, Fen};
pub use model::{Discount, Location, OrderContext, Payment, RiskFund, RiskFundName, TimeRange};
pub use modify::{modify_service_order, ModifyServiceOrder};
pub use notify::{parse_payscore_payload, MchPrepayNotice, PayscoreNotification, PrepayRequestBody};
pub use pay_on_delivery::{
    create_pay_on_delivery_order, parse_pay_on_delivery_response, CreatePayOnDeliveryOrder, JumpLink, OrderGoods, OrderShoppingInfo, PayOnDeliveryOrder,
    ShoppingGoods, ShoppingInfo,
};
pub use permissions::{
    apply_permissions, parse_apply_permissions_response, parse_permission_payload, parse_query_permissions_response, parse_terminate_permissions_response,
    query_permissions, terminate_permissions, ApplyPermissions, ApplyPermissionsResult, AuthorizationState, PermissionNotice, PermissionNotification,
    PermissionRecord, QueryPermissions, TerminatePermissions, UserServiceStatus,
};
pub use query_deduction::{query_deduction, QueryDeduction};
pub use query_order::{query_service_order, QueryServiceOrder};
pub use recovery::{recovered_ack, recovery_request, GuardedWrite, Recovered};
pub use register_deduct_info::{register_deduct_info, RegisterDeductInfo};
pub use response::{
    parse_cancel_response, parse_complete_response, parse_create_response, parse_modify_response, parse_query_deduction_response, parse_query_response,
    parse_register_deduct_info_response, parse_sync_response, Ack, Collection, CollectionDetail, CollectionState, DeductInfo, DeductionInfo, OrderDiscount,
    OrderLocation, OrderPayment, OrderRiskFund, OrderState, OrderTimeRange, PaidType, PromotionDetail, ServiceOrder, StateDescription,
};
pub use state::{allowed_operations, allowed_operations_for, AllowedOperations, Operation};
pub use sync::{sync_service_order, SyncDetail, SyncServiceOrder};
pub use time::PayscoreTime;

/// Collection path shared by every operation.
pub const SERVICE_ORDER_PATH: &str = "/v3/payscore/acquiringbank/serviceorder";

/// Parses a builder input from JSON text.
///
/// Malformed JSON or a wrong type is reported as one `Validation` issue
/// (code `json`) so hosts see the same error shape as for rule violations.
pub fn input_from_json<T: serde::de::DeserializeOwned>(json: &str) -> crate::Result<T> {
    serde_json::from_str(json)
        .map_err(|e| crate::Error::Validation(vec![crate::Issue::new("", "json", format!("input is not valid: {}", crate::error::serde_reason(&e)))]))
}

/// `{SERVICE_ORDER_PATH}/{out_order_no}/{action}` with the number percent-encoded.
pub(crate) fn order_action_path(out_order_no: &str, action: &str) -> String {
    format!("{SERVICE_ORDER_PATH}/{}/{action}", crate::api::query::encode_component(out_order_no))
}

#[cfg(test)]
pub(crate) mod test_util {
    use crate::api::RequestSpec;
    use crate::Error;

    /// `(path, code)` of every issue, or a failure when the build succeeded.
    pub fn issues(r: crate::Result<RequestSpec>) -> Vec<(String, &'static str)> {
        match r {
            Err(Error::Validation(v)) => v.into_iter().map(|i| (i.path, i.code)).collect(),
            Err(e) => panic!("expected validation issues, got {e:?}"),
            Ok(spec) => panic!("expected validation issues, got {spec:?}"),
        }
    }

    /// Whether `issues` contains `(path, code)`.
    pub fn has(issues: &[(String, &'static str)], path: &str, code: &str) -> bool {
        issues.iter().any(|(p, c)| p == path && *c == code)
    }

    /// Builder output bodies always parse back as JSON.
    pub fn body_json(spec: &RequestSpec) -> serde_json::Value {
        serde_json::from_str(spec.body.as_deref().unwrap()).unwrap()
    }
}

// Property tests live under tests/ so no test-only code sits beside the builders.
#[cfg(test)]
#[path = "tests/props.rs"]
mod props;
