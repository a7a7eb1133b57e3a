//! Query a split (or a finish operation): `GET /v3/ecommerce/profitsharing/orders` (spec B.4).

use serde::Deserialize;

use super::checks;
use super::PATH_ORDERS;
use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::validate::Issues;
use crate::api::{ExtraFields, RequestSpec};

/// All three parameters are required.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryOrderInput {
    pub sub_mchid: Option<String>,
    pub transaction_id: Option<String>,
    /// The split's out_order_no, or a finish-order's to get the finish result.
    pub out_order_no: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/ecommerce/profitsharing/orders?sub_mchid=&transaction_id=&out_order_no=`.
pub fn query_order(input: QueryOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    checks::out_no(&mut issues, "out_order_no", input.out_order_no.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryOrderInput>);
    let path = with_query_and_extra(
        &mut issues,
        PATH_ORDERS,
        &[("sub_mchid", input.sub_mchid.as_deref()), ("transaction_id", input.transaction_id.as_deref()), ("out_order_no", input.out_order_no.as_deref())],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    #[test]
    fn exact_path_and_query() {
        let spec = query_order(
            serde_json::from_str(r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346"}"#).unwrap(),
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
            extra: None,
        })
        .unwrap();
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=42&out_order_no=a%7Cb%2Ac%40d-e_f");
    }

    /// Row 12 of issue 12: a query parameter WeChat adds later goes in `extra`.
    #[test]
    fn extra_query_parameters_follow_the_documented_ones() {
        let spec =
            query_order(serde_json::from_str(r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","extra":{"new_param":"v"}}"#).unwrap())
                .unwrap();
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/orders?sub_mchid=1900000109&transaction_id=42&out_order_no=P1&new_param=v");
        let err = query_order(
            serde_json::from_str(r#"{"sub_mchid":"1900000109","transaction_id":"42","out_order_no":"P1","extra":{"sub_mchid":"2","o":{}}}"#).unwrap(),
        )
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("extra.sub_mchid", "shadows_known_field")]);
        assert!(serde_json::from_str::<QueryOrderInput>(r#"{"sub_mchid":"1","out_oder_no":"P1"}"#).is_err(), "a typo stays an error");
    }

    #[test]
    fn all_required() {
        let err = query_order(QueryOrderInput::default()).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "required"), ("transaction_id", "required"), ("out_order_no", "required")]);
        let err = query_order(QueryOrderInput {
            sub_mchid: Some("abc".into()),
            transaction_id: Some("4208 45".into()),
            out_order_no: Some("P/1".into()),
            extra: None,
        })
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "charset"), ("transaction_id", "charset"), ("out_order_no", "charset")]);
    }
}
