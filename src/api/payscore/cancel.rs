//! Cancel a service order: `POST …/serviceorder/{out_order_no}/cancel`.
//!
//! Allowed in `CREATED`, `DOING + USER_CONFIRM` and `DOING + MCH_COMPLETE`
//! (`USER_PAYING`) unless a registered deduction is live (see [`super::state`]).
//! Fields per doc/v3/partner/4013194058 (acquiring-bank cancel, 2025.02.13).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::{order_action_path, rules};

/// Cancel input; `out_order_no` goes into the path, the rest is the body.
///
/// Allowed in CREATED, USER_CONFIRM and (after complete) USER_PAYING, not while a registered deduction is live.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelServiceOrder {
    #[serde(skip_serializing)]
    pub out_order_no: Option<String>,
    /// Optional (选填) on cancel (doc/v3/partner/4013194058, 2025.02.13); sent only when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the cancel request.
pub fn cancel_service_order(input: &CancelServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // 4013194058 (2025.02.13): path out_order_no 必填 string(32) of [0-9A-Za-z_-|*].
    rules::out_order_no(&mut issues, input.out_order_no.as_deref());
    // 4013194058 (2025.02.13): service_id 选填 string(32). [IM]/[OAPI] and the older spec said
    // required; the official page wins (the server accepts a cancel without it).
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), false);
    // 4013194058 (2025.02.13): channel_id, sub_mchid 必填 string(32).
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    // 4013194058 (2025.02.13): reason 必填 string(50), "长度不能超过50个字符".
    issues.required_text("reason", input.reason.as_deref(), 50);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CancelServiceOrder>);
    issues.finish()?;
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "cancel");
    Ok(RequestSpec::post(path, to_json_with_extra(input, extra)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::issues;

    #[test]
    fn builds_exact_request() {
        let c: CancelServiceOrder =
            input_from_json(r#"{"reason":"用户投诉","sub_mchid":"10000000","service_id":"500001","channel_id":"10000001","out_order_no":"A|1*b/c"}"#).unwrap();
        // '/' is outside the out_order_no charset, so the path can never be split.
        assert_eq!(issues(cancel_service_order(&c)), vec![("out_order_no".to_string(), "charset")]);
        let c = CancelServiceOrder { out_order_no: Some("A|1*b".into()), ..c };
        let spec = cancel_service_order(&c).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/A%7C1%2Ab/cancel");
        assert_eq!(spec.body.as_deref(), Some(r#"{"service_id":"500001","channel_id":"10000001","sub_mchid":"10000000","reason":"用户投诉"}"#));
    }

    #[test]
    fn required_fields() {
        assert_eq!(
            issues(cancel_service_order(&CancelServiceOrder::default())),
            ["out_order_no", "channel_id", "sub_mchid", "reason"].iter().map(|p| (p.to_string(), "required")).collect::<Vec<_>>()
        );
    }

    /// Issue 12 row 9: doc/v3/partner/4013194058 (2025.02.13) marks service_id 选填.
    #[test]
    fn service_id_is_optional_per_4013194058() {
        let c = CancelServiceOrder {
            out_order_no: Some("O1".into()),
            service_id: None,
            channel_id: Some("10000001".into()),
            sub_mchid: Some("10000000".into()),
            reason: Some("用户投诉".into()),
            extra: None,
        };
        let spec = cancel_service_order(&c).unwrap();
        assert_eq!(spec.body.as_deref(), Some(r#"{"channel_id":"10000001","sub_mchid":"10000000","reason":"用户投诉"}"#));
        // When given it is still checked (string(32)) and sent.
        let c = CancelServiceOrder { service_id: Some("1".repeat(33)), ..c };
        assert_eq!(issues(cancel_service_order(&c)), vec![("service_id".to_string(), "too_long")]);
        let c = CancelServiceOrder { service_id: Some(String::new()), ..c };
        assert_eq!(issues(cancel_service_order(&c)), vec![("service_id".to_string(), "empty")]);
    }

    /// Issue 12 row 12: a field WeChat adds later passes through `extra`, after the documented ones.
    #[test]
    fn extra_fields_follow_the_body_and_never_shadow() {
        let c: CancelServiceOrder =
            input_from_json(r#"{"out_order_no":"O1","channel_id":"1","sub_mchid":"2","reason":"r","extra":{"cancel_type":"X"}}"#).unwrap();
        let spec = cancel_service_order(&c).unwrap();
        assert_eq!(spec.body.as_deref(), Some(r#"{"channel_id":"1","sub_mchid":"2","reason":"r","cancel_type":"X"}"#));
        let c: CancelServiceOrder =
            input_from_json(r#"{"out_order_no":"O1","channel_id":"1","sub_mchid":"2","reason":"r","extra":{"out_order_no":"O2"}}"#).unwrap();
        assert_eq!(issues(cancel_service_order(&c)), vec![("extra.out_order_no".to_string(), "shadows_known_field")]);
    }

    #[test]
    fn reason_length() {
        let mut c = CancelServiceOrder {
            out_order_no: Some("O1".into()),
            service_id: Some("S".into()),
            channel_id: Some("C".into()),
            sub_mchid: Some("M".into()),
            reason: Some("因".repeat(50)),
            extra: None,
        };
        assert!(cancel_service_order(&c).is_ok());
        c.reason = Some("因".repeat(51));
        assert_eq!(issues(cancel_service_order(&c)), vec![("reason".to_string(), "too_long")]);
    }
}
