//! Remaining splittable amount: `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts` (spec B.8).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::{parse_response, Extra, PATH_ORDERS};
use crate::api::query::encode_component;
use crate::api::validate::Issues;
use crate::api::RequestSpec;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryAmountsInput {
    pub transaction_id: Option<String>,
}

/// `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts`; no query string.
pub fn query_amounts(input: QueryAmountsInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    issues.finish()?;
    // Validation limits the id to alphanumerics; encoding is the belt to that brace.
    Ok(RequestSpec::get(format!("{PATH_ORDERS}/{}/amounts", encode_component(s(&input.transaction_id)))))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmountsResult {
    pub transaction_id: String,
    /// 订单剩余待分金额, fen.
    pub unsplit_amount: u64,
    #[serde(flatten)]
    pub extra: Extra,
}

pub fn parse_query_amounts_response(body: &str) -> crate::Result<AmountsResult> {
    parse_response(body, "query-unsplit-amount")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    #[test]
    fn exact_path() {
        let spec = query_amounts(QueryAmountsInput { transaction_id: Some("4208450740201411110007820472".into()) }).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/orders/4208450740201411110007820472/amounts");
        assert_eq!(spec.body, None);
    }

    #[test]
    fn path_segment_cannot_be_escaped() {
        let err = query_amounts(QueryAmountsInput { transaction_id: Some("../../v3/x?a=1".into()) }).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("transaction_id", "charset")]);
        let err = query_amounts(QueryAmountsInput::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("transaction_id", "required")]);
    }

    #[test]
    fn response() {
        let r = parse_query_amounts_response(r#"{"transaction_id":"4208450740201411110007820472","unsplit_amount":1000,"new":"x"}"#)
            .unwrap();
        assert_eq!(r.unsplit_amount, 1000);
        assert_eq!(r.extra.get("new"), Some(&serde_json::json!("x")));
        assert!(parse_query_amounts_response(r#"{"transaction_id":"1","unsplit_amount":"1000"}"#).is_err());
    }
}
