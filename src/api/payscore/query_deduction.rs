//! Query deduction info: `GET /v3/payscore/acquiringbank/serviceorder/deduction?…`.

use serde::Deserialize;

use crate::api::extra_fields::{self, with_query_and_extra, ExtraFields};
use crate::api::validate::Issues;
use crate::api::RequestSpec;

use super::{rules, SERVICE_ORDER_PATH};

/// Query-deduction input.
///
/// `out_order_no` is documented as optional but is the only thing naming the
/// order, so it is required here.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryDeduction {
    pub service_id: Option<String>,
    pub appid: Option<String>,
    pub sub_mchid: Option<String>,
    pub channel_id: Option<String>,
    pub sub_appid: Option<String>,
    pub out_order_no: Option<String>,
    /// Fields this version does not know yet: appended to the query (see `api::extra_fields`).
    #[serde(default)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the query; parameters in the spec's order
/// (`service_id`, `appid`, `sub_mchid`, `channel_id`, `sub_appid`, `out_order_no`).
pub fn query_deduction(input: &QueryDeduction) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "appid", input.appid.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "sub_appid", input.sub_appid.as_deref(), false);
    rules::out_order_no(&mut issues, input.out_order_no.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryDeduction>);
    let path = with_query_and_extra(
        &mut issues,
        &format!("{SERVICE_ORDER_PATH}/deduction"),
        &[
            ("service_id", input.service_id.as_deref()),
            ("appid", input.appid.as_deref()),
            ("sub_mchid", input.sub_mchid.as_deref()),
            ("channel_id", input.channel_id.as_deref()),
            ("sub_appid", input.sub_appid.as_deref()),
            ("out_order_no", input.out_order_no.as_deref()),
        ],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::issues;

    #[test]
    fn builds_exact_request() {
        let q: QueryDeduction = input_from_json(
            r#"{"out_order_no":"1234323JKHDFE1243252","channel_id":"1230000109","sub_appid":"wxd678efh567hg6999",
                "sub_mchid":"1900000109","appid":"wxd678efh567hg6787","service_id":"2002000000000558128851361561536"}"#,
        )
        .unwrap();
        let spec = query_deduction(&q).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(spec.body, None);
        assert_eq!(
            spec.path_and_query,
            "/v3/payscore/acquiringbank/serviceorder/deduction?service_id=2002000000000558128851361561536&appid=wxd678efh567hg6787&sub_mchid=1900000109&channel_id=1230000109&sub_appid=wxd678efh567hg6999&out_order_no=1234323JKHDFE1243252"
        );
        let q = QueryDeduction { sub_appid: None, out_order_no: Some("a|b".into()), ..q };
        assert_eq!(
            query_deduction(&q).unwrap().path_and_query,
            "/v3/payscore/acquiringbank/serviceorder/deduction?service_id=2002000000000558128851361561536&appid=wxd678efh567hg6787&sub_mchid=1900000109&channel_id=1230000109&out_order_no=a%7Cb"
        );
    }

    #[test]
    fn required_fields() {
        assert_eq!(
            issues(query_deduction(&QueryDeduction::default())),
            ["service_id", "appid", "sub_mchid", "channel_id", "out_order_no"].iter().map(|p| (p.to_string(), "required")).collect::<Vec<_>>()
        );
    }
}
