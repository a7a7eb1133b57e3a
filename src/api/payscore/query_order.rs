//! Query a service order: `GET /v3/payscore/acquiringbank/serviceorder?…`.

use serde::Deserialize;

use crate::api::extra_fields::{self, with_query_and_extra, ExtraFields};
use crate::api::validate::Issues;
use crate::api::RequestSpec;

use super::rules;
use super::SERVICE_ORDER_PATH;

/// Query input: identify the order by exactly one of `out_order_no` or `query_id`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryServiceOrder {
    pub service_id: Option<String>,
    pub sub_mchid: Option<String>,
    pub channel_id: Option<String>,
    pub out_order_no: Option<String>,
    /// Returned to the front end when the user comes back from the confirmation page.
    pub query_id: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the query; parameters in documented order
/// (`service_id`, `sub_mchid`, `channel_id`, then the identifier).
pub fn query_service_order(input: &QueryServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = validate(input);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryServiceOrder>);
    let path = with_query_and_extra(
        &mut issues,
        SERVICE_ORDER_PATH,
        &[
            ("service_id", input.service_id.as_deref()),
            ("sub_mchid", input.sub_mchid.as_deref()),
            ("channel_id", input.channel_id.as_deref()),
            ("out_order_no", input.out_order_no.as_deref()),
            ("query_id", input.query_id.as_deref()),
        ],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

fn validate(q: &QueryServiceOrder) -> Issues {
    let mut issues = Issues::new();
    rules::id32(&mut issues, "service_id", q.service_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", q.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "channel_id", q.channel_id.as_deref(), true);
    match (q.out_order_no.as_deref(), q.query_id.as_deref()) {
        (None, None) => issues.push("out_order_no", "exactly_one", "send out_order_no or query_id"),
        (Some(_), Some(_)) => issues.push("query_id", "exactly_one", "send out_order_no or query_id, not both"),
        (Some(n), None) => rules::out_order_no(&mut issues, Some(n)),
        (None, Some(id)) => issues.required_text("query_id", Some(id), 512),
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::test_util::issues;

    fn base() -> QueryServiceOrder {
        QueryServiceOrder {
            service_id: Some("2002000000000558128851361561536".into()),
            sub_mchid: Some("1900000109".into()),
            channel_id: Some("1230000109".into()),
            ..Default::default()
        }
    }

    #[test]
    fn by_out_order_no() {
        let q = QueryServiceOrder { out_order_no: Some("A|1*b".into()), ..base() };
        let spec = query_service_order(&q).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(
            spec.path_and_query,
            "/v3/payscore/acquiringbank/serviceorder?service_id=2002000000000558128851361561536&sub_mchid=1900000109&channel_id=1230000109&out_order_no=A%7C1%2Ab"
        );
        assert_eq!(spec.body, None);
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn by_query_id_is_percent_encoded() {
        let q = QueryServiceOrder { query_id: Some("15646546545165651651+/=".into()), ..base() };
        assert_eq!(
            query_service_order(&q).unwrap().path_and_query,
            "/v3/payscore/acquiringbank/serviceorder?service_id=2002000000000558128851361561536&sub_mchid=1900000109&channel_id=1230000109&query_id=15646546545165651651%2B%2F%3D"
        );
    }

    #[test]
    fn exactly_one_identifier() {
        // The seed's sample URL sends both out_order_no and query_id.
        let both = QueryServiceOrder { out_order_no: Some("1234323JKHDFE1243252".into()), query_id: Some("15646546545165651651".into()), ..base() };
        assert_eq!(issues(query_service_order(&both)), vec![("query_id".to_string(), "exactly_one")]);
        assert_eq!(issues(query_service_order(&base())), vec![("out_order_no".to_string(), "exactly_one")]);
    }

    #[test]
    fn field_rules() {
        let q = QueryServiceOrder {
            service_id: None,
            sub_mchid: Some(String::new()),
            channel_id: Some("1".repeat(33)),
            out_order_no: Some("订单".into()),
            query_id: None,
            extra: None,
        };
        assert_eq!(
            issues(query_service_order(&q)),
            vec![
                ("service_id".to_string(), "required"),
                ("sub_mchid".to_string(), "required"),
                ("channel_id".to_string(), "too_long"),
                ("out_order_no".to_string(), "charset"),
            ]
        );
        let q = QueryServiceOrder { query_id: Some("q".repeat(513)), ..base() };
        assert_eq!(issues(query_service_order(&q)), vec![("query_id".to_string(), "too_long")]);
        let q = QueryServiceOrder { query_id: Some("q".repeat(512)), ..base() };
        assert!(query_service_order(&q).is_ok());
    }
}
