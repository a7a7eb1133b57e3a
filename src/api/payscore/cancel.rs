//! Cancel a service order: `POST …/serviceorder/{out_order_no}/cancel`.
//!
//! Allowed in `CREATED` and `DOING + USER_CONFIRM` only (see [`super::state`]).

use serde::{Deserialize, Serialize};

use crate::api::validate::Issues;
use crate::api::{to_json, RequestSpec};

use super::{order_action_path, rules};

/// Cancel input; `out_order_no` goes into the path, the rest is the body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelServiceOrder {
    #[serde(skip_serializing)]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Validates and builds the cancel request.
pub fn cancel_service_order(input: &CancelServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    rules::out_order_no(&mut issues, input.out_order_no.as_deref());
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    issues.required_text("reason", input.reason.as_deref(), 50);
    issues.finish()?;
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "cancel");
    Ok(RequestSpec::post(path, to_json(input)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::issues;

    #[test]
    fn builds_exact_request() {
        let c: CancelServiceOrder = input_from_json(
            r#"{"reason":"用户投诉","sub_mchid":"10000000","service_id":"500001","channel_id":"10000001","out_order_no":"A|1*b/c"}"#,
        )
        .unwrap();
        // '/' is outside the out_order_no charset, so the path can never be split.
        assert_eq!(issues(cancel_service_order(&c)), vec![("out_order_no".to_string(), "charset")]);
        let c = CancelServiceOrder { out_order_no: Some("A|1*b".into()), ..c };
        let spec = cancel_service_order(&c).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/A%7C1%2Ab/cancel");
        assert_eq!(
            spec.body.as_deref(),
            Some(r#"{"service_id":"500001","channel_id":"10000001","sub_mchid":"10000000","reason":"用户投诉"}"#)
        );
    }

    #[test]
    fn all_fields_required() {
        assert_eq!(
            issues(cancel_service_order(&CancelServiceOrder::default())),
            ["out_order_no", "service_id", "channel_id", "sub_mchid", "reason"]
                .iter()
                .map(|p| (p.to_string(), "required"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn reason_length() {
        let mut c = CancelServiceOrder {
            out_order_no: Some("O1".into()),
            service_id: Some("S".into()),
            channel_id: Some("C".into()),
            sub_mchid: Some("M".into()),
            reason: Some("因".repeat(50)),
        };
        assert!(cancel_service_order(&c).is_ok());
        c.reason = Some("因".repeat(51));
        assert_eq!(issues(cancel_service_order(&c)), vec![("reason".to_string(), "too_long")]);
    }
}
