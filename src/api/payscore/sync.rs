//! Sync an order paid elsewhere: `POST …/serviceorder/{out_order_no}/sync`.
//!
//! Marks a `DOING + MCH_COMPLETE` order as paid through another channel (→ `DONE`).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::time::PayscoreTime;
use super::{order_action_path, rules};

/// The only documented sync type.
pub const SYNC_TYPE_ORDER_PAID: &str = "Order_Paid";

/// `detail`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncDetail {
    /// `yyyyMMddHHmmss` or `yyyyMMdd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_time: Option<String>,
}

/// Sync input; `type` may be omitted (it is always `Order_Paid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncServiceOrder {
    pub out_order_no: Option<String>,
    pub service_id: Option<String>,
    pub sub_mchid: Option<String>,
    pub channel_id: Option<String>,
    /// Always `Order_Paid` (filled in when omitted).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub detail: Option<SyncDetail>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Body in documented order, with `type` always filled in.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    service_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_mchid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel_id: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a SyncDetail>,
}

/// Validates and builds the sync request.
pub fn sync_service_order(input: &SyncServiceOrder) -> crate::Result<RequestSpec> {
    let mut issues = validate(input);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<SyncServiceOrder>);
    issues.finish()?;
    let body = Body {
        service_id: input.service_id.as_deref(),
        sub_mchid: input.sub_mchid.as_deref(),
        channel_id: input.channel_id.as_deref(),
        kind: SYNC_TYPE_ORDER_PAID,
        detail: input.detail.as_ref(),
    };
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "sync");
    Ok(RequestSpec::post(path, to_json_with_extra(&body, extra)?))
}

fn validate(s: &SyncServiceOrder) -> Issues {
    let mut issues = Issues::new();
    rules::out_order_no(&mut issues, s.out_order_no.as_deref());
    rules::id32(&mut issues, "service_id", s.service_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", s.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "channel_id", s.channel_id.as_deref(), true);
    if let Some(k) = s.kind.as_deref() {
        if k != SYNC_TYPE_ORDER_PAID {
            issues.push("type", "unknown_value", format!("{k:?} is not {SYNC_TYPE_ORDER_PAID:?}"));
        }
    }
    match s.detail.as_ref().and_then(|d| d.paid_time.as_deref()) {
        None => issues.push("detail.paid_time", "required", "is required"),
        Some(t) => match PayscoreTime::parse(t) {
            Ok(PayscoreTime::At(_)) => {}
            Ok(PayscoreTime::OnAccept) | Err(super::time::TimeProblem::Format) => {
                issues.push("detail.paid_time", "format", format!("{t:?} is not yyyyMMddHHmmss or yyyyMMdd"))
            }
            Err(super::time::TimeProblem::Calendar) => issues.push("detail.paid_time", "invalid_date", format!("{t:?} is not a real calendar date and time")),
        },
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::issues;

    fn base() -> SyncServiceOrder {
        input_from_json(
            r#"{"detail":{"paid_time":"20091225091210"},"channel_id":"10000001","sub_mchid":"10000000","service_id":"500001","out_order_no":"O*1"}"#,
        )
        .unwrap()
    }

    #[test]
    fn builds_exact_request_with_type_filled_in() {
        let spec = sync_service_order(&base()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/O%2A1/sync");
        let want = r#"{"service_id":"500001","sub_mchid":"10000000","channel_id":"10000001","type":"Order_Paid","detail":{"paid_time":"20091225091210"}}"#;
        assert_eq!(spec.body.as_deref(), Some(want));
        let explicit = SyncServiceOrder { kind: Some("Order_Paid".into()), ..base() };
        assert_eq!(sync_service_order(&explicit).unwrap().body.as_deref(), Some(want));
    }

    #[test]
    fn type_and_paid_time_rules() {
        let mut s = SyncServiceOrder { kind: Some("ORDER_PAID".into()), ..base() };
        assert_eq!(issues(sync_service_order(&s)), vec![("type".to_string(), "unknown_value")]);
        s.kind = None;
        for (t, code) in [("OnAccept", "format"), ("2009-12-25", "format"), ("20091232", "invalid_date")] {
            s.detail = Some(SyncDetail { paid_time: Some(t.into()) });
            assert_eq!(issues(sync_service_order(&s)), vec![("detail.paid_time".to_string(), code)], "{t}");
        }
        s.detail = Some(SyncDetail { paid_time: Some("20091225".into()) });
        assert!(sync_service_order(&s).is_ok());
        s.detail = Some(SyncDetail::default());
        assert_eq!(issues(sync_service_order(&s)), vec![("detail.paid_time".to_string(), "required")]);
    }

    #[test]
    fn required_fields() {
        assert_eq!(
            issues(sync_service_order(&SyncServiceOrder::default())),
            ["out_order_no", "service_id", "sub_mchid", "channel_id", "detail.paid_time"].iter().map(|p| (p.to_string(), "required")).collect::<Vec<_>>()
        );
    }
}
