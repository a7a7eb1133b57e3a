//! Query a split (or a finish operation): `GET /v3/ecommerce/profitsharing/orders` (spec B.4).

use serde::Deserialize;

use super::checks;
use super::PATH_ORDERS;
use crate::api::query::with_query;
use crate::api::validate::Issues;
use crate::api::RequestSpec;

/// All three parameters are required.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryOrderInput {
    pub sub_mchid: Option<String>,
    pub transaction_id: Option<String>,
    /// The split's out_order_no, or a finish-order's to get the finish result.
    pub out_order_no: Option<String>,
}

/// `GET /v3/ecommerce/profitsharing/orders?sub_mchid=&transaction_id=&out_order_no=`.
pub fn query_order(input: QueryOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    checks::out_no(&mut issues, "out_order_no", input.out_order_no.as_deref());
    issues.finish()?;
    Ok(RequestSpec::get(with_query(
        PATH_ORDERS,
        &[
            ("sub_mchid", input.sub_mchid.as_deref()),
            ("transaction_id", input.transaction_id.as_deref()),
            ("out_order_no", input.out_order_no.as_deref()),
        ],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    #[test]
    fn exact_path_and_query() {
        let spec = query_order(
            serde_json::from_str(
                r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(
            spec.path_and_query,
            "/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=4208450740201411110007820472&out_order_no=P20150806125346"
        );
        assert_eq!(spec.body, None);
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn out_order_no_specials_are_percent_encoded() {
        let spec = query_order(QueryOrderInput {
            sub_mchid: Some("1900000109".into()),
            transaction_id: Some("42".into()),
            out_order_no: Some("a|b*c@d-e_f".into()),
        })
        .unwrap();
        assert_eq!(
            spec.path_and_query,
            "/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=42&out_order_no=a%7Cb%2Ac%40d-e_f"
        );
    }

    #[test]
    fn all_required() {
        let err = query_order(QueryOrderInput::default()).unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![("sub_mchid", "required"), ("transaction_id", "required"), ("out_order_no", "required")]
        );
        let err = query_order(QueryOrderInput {
            sub_mchid: Some("abc".into()),
            transaction_id: Some("4208 45".into()),
            out_order_no: Some("P/1".into()),
        })
        .unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![("sub_mchid", "charset"), ("transaction_id", "charset"), ("out_order_no", "charset")]
        );
    }
}
