//! Platform profit sharing (平台收付通, `/v3/ecommerce/profitsharing/*`, spec §B).
//!
//! One builder per operation: a typed input whose fields are the API's own
//! snake_case body fields (so JS callers pass the documented JSON), validated
//! all at once (`Error::Validation` with paths such as `receivers[2].amount`),
//! then serialised in documented field order with absent fields omitted.
//! Response parsers keep unknown fields (`extra`) and unknown enum values
//! (`Other`); output field names are the API's snake_case names.

mod checks;
pub mod fen;
#[macro_use]
pub mod types;

pub mod after_sales;
pub mod amounts;
pub mod bills;
pub mod create_order;
pub mod finish_order;
pub mod order_result;
pub mod query_order;
pub mod receivers;
pub mod return_order;

/// The 分账动账通知 payload lives with the other notification code.
pub use crate::notify::profitsharing as notification;

pub use after_sales::{
    create_after_sales_order, parse_create_after_sales_order_response, parse_query_after_sales_order_response, query_after_sales_order, AfterSalesOrderResult,
    AfterSalesResult, AfterSalesScene, AfterSalesType, CreateAfterSalesOrderInput, QueryAfterSalesOrderInput,
};
pub use amounts::{parse_query_amounts_response, query_amounts, AmountsResult, QueryAmountsInput};
pub use bills::{bill, parse_bill_response, BillInput, BillResult};
pub use create_order::{create_order, CreateOrderInput, CreateOrderReceiverInput};
pub use fen::{Fen, MAX_FEN};
pub use finish_order::{finish_order, parse_finish_order_response, FinishOrderInput, FinishOrderResult};
pub use order_result::{parse_create_order_response, parse_query_order_response, FundsAbnormalReceiver, OrderReceiver, OrderResult};
pub use query_order::{query_order, QueryOrderInput};
pub use receivers::{
    add_receiver, delete_receiver, parse_add_receiver_response, parse_delete_receiver_response, AddReceiverInput, DeleteReceiverInput, PersonalName,
    ReceiverEcho,
};
pub use return_order::{
    create_return_order, parse_create_return_order_response, parse_query_return_order_response, query_return_order, CreateReturnOrderInput,
    QueryReturnOrderInput, ReturnOrderResult,
};
pub use types::{OrderStatus, ReceiverFailReason, ReceiverResult, ReceiverType, RelationType, ReturnFailReason, ReturnResult};

pub const PATH_RECEIVERS_ADD: &str = "/v3/ecommerce/profitsharing/receivers/add";
pub const PATH_RECEIVERS_DELETE: &str = "/v3/ecommerce/profitsharing/receivers/delete";
pub const PATH_ORDERS: &str = "/v3/ecommerce/profitsharing/orders";
pub const PATH_RETURN_ORDERS: &str = "/v3/ecommerce/profitsharing/returnorders";
pub const PATH_FINISH_ORDER: &str = "/v3/ecommerce/profitsharing/finish-order";

/// Response fields this version does not know, kept verbatim (spec A.1:
/// WeChat Pay adds response fields at any time).
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// Parses a 200 response body; a mismatch is `PayloadInvalid`.
fn parse_response<T: serde::de::DeserializeOwned>(body: &str, what: &str) -> crate::Result<T> {
    serde_json::from_str(body)
        .map_err(|e| crate::Error::PayloadInvalid(format!("{what} response does not have the documented shape: {}", crate::error::serde_reason(&e))))
}

#[cfg(test)]
mod test_util {
    /// `(path, code)` of every issue in a validation error.
    pub fn issue_codes(err: &crate::Error) -> Vec<(&str, &'static str)> {
        match err {
            crate::Error::Validation(issues) => issues.iter().map(|i| (i.path.as_str(), i.code)).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}
