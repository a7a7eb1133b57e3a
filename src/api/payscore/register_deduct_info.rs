//! Register deduction info: `POST …/serviceorder/{out_order_no}/registerdeductinfo`.
//!
//! After complete, the institution registers its own deduction number
//! (`out_trade_no`) before charging through the clearing institution.

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::{order_action_path, rules};

/// Register input; `out_order_no` goes into the path, the rest is the body.
///
/// `appid` and `out_trade_no` are required (register-deduct-info page,
/// acquiring-bank-service-order, 2024.12.09: both 必填). The third-party
/// `reason` field is not part of the API and is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterDeductInfo {
    #[serde(skip_serializing)]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// 商户系统内部扣款单号: the number later used with the clearing institution.
    /// At most 32 of `[0-9A-Za-z_-|*]`; valid 24 h, charges once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds the register request.
pub fn register_deduct_info(input: &RegisterDeductInfo) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // Register-deduct-info page (acquiring-bank-service-order, 2024.12.09): out_order_no (path),
    // service_id, appid, sub_mchid, channel_id 必填 string(32); sub_appid 选填 string(32).
    rules::out_order_no(&mut issues, input.out_order_no.as_deref());
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "appid", input.appid.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    rules::id32(&mut issues, "sub_appid", input.sub_appid.as_deref(), false);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    // Same page: out_trade_no 必填 string(32), "只能是数字、大小写字母_-|*".
    rules::out_trade_no(&mut issues, input.out_trade_no.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<RegisterDeductInfo>);
    issues.finish()?;
    let path = order_action_path(input.out_order_no.as_deref().unwrap_or_default(), "registerdeductinfo");
    Ok(RequestSpec::post(path, to_json_with_extra(input, extra)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::{body_json, issues};

    /// The seed's sample body, verbatim: `sub_appid` is unquoted.
    const SEED_BODY: &str = r#"{"sub_mchid":"10000000","channel_id":"10000000","service_id":"500001","appid":"wxd678efh567hg6787","out_trade_no": "1234323JKHDFE1243252","sub_appid":wxd678efh567hg6999}"#;

    fn fixed() -> RegisterDeductInfo {
        RegisterDeductInfo {
            out_order_no: Some("1234323JKHDFE1243252".into()),
            service_id: Some("500001".into()),
            appid: Some("wxd678efh567hg6787".into()),
            sub_mchid: Some("10000000".into()),
            sub_appid: Some("wxd678efh567hg6999".into()),
            channel_id: Some("10000000".into()),
            out_trade_no: Some("1234323JKHDFE1243252".into()),
            extra: None,
        }
    }

    #[test]
    fn builds_exact_request() {
        let spec = register_deduct_info(&fixed()).unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/serviceorder/1234323JKHDFE1243252/registerdeductinfo");
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"service_id":"500001","appid":"wxd678efh567hg6787","sub_mchid":"10000000","sub_appid":"wxd678efh567hg6999","channel_id":"10000000","out_trade_no":"1234323JKHDFE1243252"}"#
            )
        );
    }

    #[test]
    fn seed_sample_is_not_json_and_ours_always_is() {
        assert!(serde_json::from_str::<serde_json::Value>(SEED_BODY).is_err());
        let err = input_from_json::<RegisterDeductInfo>(SEED_BODY).unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_VALIDATION");
        // The same values through the builder: valid JSON, sub_appid a string.
        let v = body_json(&register_deduct_info(&fixed()).unwrap());
        assert_eq!(v["sub_appid"], "wxd678efh567hg6999");
        // Quotes, backslashes and control characters in values are escaped too.
        let tricky = RegisterDeductInfo { sub_appid: Some("a\"b\\c\u{1}".into()), ..fixed() };
        let v = body_json(&register_deduct_info(&tricky).unwrap());
        assert_eq!(v["sub_appid"], "a\"b\\c\u{1}");
    }

    #[test]
    fn required_fields_and_no_reason() {
        assert_eq!(
            issues(register_deduct_info(&RegisterDeductInfo::default())),
            ["out_order_no", "service_id", "appid", "sub_mchid", "channel_id", "out_trade_no"].iter().map(|p| (p.to_string(), "required")).collect::<Vec<_>>()
        );
        assert!(input_from_json::<RegisterDeductInfo>(r#"{"reason":"x"}"#).is_err());
        let long = RegisterDeductInfo { out_trade_no: Some("t".repeat(33)), sub_appid: Some(String::new()), ..fixed() };
        assert_eq!(issues(register_deduct_info(&long)), vec![("sub_appid".to_string(), "empty"), ("out_trade_no".to_string(), "too_long")]);
        let minimal = RegisterDeductInfo { sub_appid: None, ..fixed() };
        assert!(!register_deduct_info(&minimal).unwrap().body.unwrap().contains("sub_appid"));
    }

    /// Issue 12 row 7: out_trade_no is "要求32个字符内，只能是数字、大小写字母_-|*"
    /// (register-deduct-info page, acquiring-bank-service-order, 2024.12.09).
    #[test]
    fn out_trade_no_charset_per_register_deduct_info_page() {
        let with = |t: &str| RegisterDeductInfo { out_trade_no: Some(t.into()), ..fixed() };
        assert!(register_deduct_info(&with("aZ09_-|*aZ09_-|*aZ09_-|*aZ09_-|*")).is_ok(), "32 of the allowed set");
        for bad in ["DT 1", "DT/1", "DT.1", "扣款1", "DT#1", "a\"b"] {
            assert_eq!(issues(register_deduct_info(&with(bad))), vec![("out_trade_no".to_string(), "charset")], "{bad:?}");
        }
        assert_eq!(issues(register_deduct_info(&with(&"t".repeat(33)))), vec![("out_trade_no".to_string(), "too_long")]);
        // The path number keeps its own check.
        let both = RegisterDeductInfo { out_order_no: Some("O 1".into()), ..with("T 1") };
        assert_eq!(issues(register_deduct_info(&both)), vec![("out_order_no".to_string(), "charset"), ("out_trade_no".to_string(), "charset")]);
    }
}
