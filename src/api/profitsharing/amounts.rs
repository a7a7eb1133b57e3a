//! Remaining splittable amount: `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts` (spec B.8).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::{parse_response, Extra, PATH_ORDERS};
use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::query::encode_component;
use crate::api::validate::Issues;
use crate::api::{ExtraFields, RequestSpec};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryAmountsInput {
    pub transaction_id: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/ecommerce/profitsharing/orders/{transaction_id}/amounts`; no query string.
pub fn query_amounts(input: QueryAmountsInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryAmountsInput>);
    // Validation limits the id to alphanumerics; encoding is the belt to that brace.
    let path = format!("{PATH_ORDERS}/{}/amounts", encode_component(s(&input.transaction_id)));
    let path = with_query_and_extra(&mut issues, &path, &[], extra);
    issues.finish()?;
    Ok(RequestSpec::get(path))
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
        let spec = query_amounts(QueryAmountsInput { transaction_id: Some("4208450740201411110007820472".into()), extra: None }).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/orders/4208450740201411110007820472/amounts");
        assert_eq!(spec.body, None);
    }

    #[test]
    fn path_segment_cannot_be_escaped() {
        let err = query_amounts(QueryAmountsInput { transaction_id: Some("../../v3/x?a=1".into()), extra: None }).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("transaction_id", "charset")]);
        let err = query_amounts(QueryAmountsInput::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("transaction_id", "required")]);
    }

    #[test]
    fn response() {
        let r = parse_query_amounts_response(r#"{"transaction_id":"4208450740201411110007820472","unsplit_amount":1000,"new":"x"}"#).unwrap();
        assert_eq!(r.unsplit_amount, 1000);
        assert_eq!(r.extra.get("new"), Some(&serde_json::json!("x")));
        assert!(parse_query_amounts_response(r#"{"transaction_id":"1","unsplit_amount":"1000"}"#).is_err());
    }
}
