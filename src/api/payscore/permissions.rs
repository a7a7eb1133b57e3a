//! User authorization for acquiring institutions (从业机构授权): pre-authorize
//! `POST /v3/payscore/acquiringbank/permissions` (→ `apply_permissions_token`), query and
//! terminate by `authorization_code`, and the open/close notifications they lead to.
//!
//! Pages: pre-authorization doc/v3/partner/4012691489 (2025.04.22), query 4012461004
//! (2025.04.22), terminate 4012461012 (2025.04.22), callback docs/partner/apis/
//! partner-institution-weixin-pay-score/acquiring-bank-service-auth/auth-order-callback.html
//! (2025.04.22).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::query::encode_component;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};
use crate::Error;

use super::response::{ack, with_body, Ack, Extra};
use super::rules;

/// Collection path of the authorization operations.
pub const PERMISSIONS_PATH: &str = "/v3/payscore/acquiringbank/permissions";
/// 授权成功 (auth-order-callback page, 2025.04.22).
pub const EVENT_USER_OPEN_SERVICE: &str = "PAYSCORE.USER_OPEN_SERVICE";
/// 解除授权成功 (auth-order-callback page, 2025.04.22).
pub const EVENT_USER_CLOSE_SERVICE: &str = "PAYSCORE.USER_CLOSE_SERVICE";

/// `{PERMISSIONS_PATH}/authorization-code/{code}` with the code percent-encoded.
fn by_code_path(code: &str) -> String {
    format!("{PERMISSIONS_PATH}/authorization-code/{}", encode_component(code))
}

/// Pre-authorization input; serialised as-is (documented order, `None` omitted) as the body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyPermissions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// 渠道商商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    /// The institution's AppID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    /// 授权协议号: yours, unique under the institution; one per user authorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
    /// Where the open/close notifications go (`PAYSCORE.USER_OPEN_SERVICE` / `PAYSCORE.USER_CLOSE_SERVICE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds `POST /v3/payscore/acquiringbank/permissions`.
pub fn apply_permissions(input: &ApplyPermissions) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // 4012691489 (2025.04.22): service_id, channel_id, appid, sub_mchid 必填 string(32); sub_appid 选填 string(32).
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "appid", input.appid.as_deref(), true);
    rules::id32(&mut issues, "sub_appid", input.sub_appid.as_deref(), false);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    rules::authorization_code(&mut issues, input.authorization_code.as_deref());
    // 4012691489 (2025.04.22): notify_url 选填 string(255), the notify-url rules.
    rules::optional_notify_url(&mut issues, input.notify_url.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<ApplyPermissions>);
    issues.finish()?;
    Ok(RequestSpec::post(PERMISSIONS_PATH.to_owned(), to_json_with_extra(input, extra)?))
}

/// Query input: `authorization_code` goes into the path, the rest into the query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryPermissions {
    pub authorization_code: Option<String>,
    pub service_id: Option<String>,
    pub channel_id: Option<String>,
    pub sub_mchid: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds `GET …/permissions/authorization-code/{authorization_code}?service_id=&channel_id=&sub_mchid=`
/// (parameters in the order of the page's sample, 4012461004).
pub fn query_permissions(input: &QueryPermissions) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // 4012461004 (2025.04.22): path authorization_code 必填 string(32); service_id, channel_id, sub_mchid 必填 string(32).
    rules::authorization_code(&mut issues, input.authorization_code.as_deref());
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryPermissions>);
    let path = with_query_and_extra(
        &mut issues,
        &by_code_path(input.authorization_code.as_deref().unwrap_or_default()),
        &[("service_id", input.service_id.as_deref()), ("channel_id", input.channel_id.as_deref()), ("sub_mchid", input.sub_mchid.as_deref())],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

/// Terminate input; `authorization_code` goes into the path, the rest is the body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminatePermissions {
    #[serde(skip_serializing)]
    pub authorization_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    /// 撤销原因, at most 50 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// Validates and builds `POST …/permissions/authorization-code/{authorization_code}/terminate`.
pub fn terminate_permissions(input: &TerminatePermissions) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    // 4012461012 (2025.04.22): path authorization_code 必填 string(32); service_id, channel_id,
    // sub_mchid 必填 string(32); reason 必填 string(50) "不超过50字符".
    rules::authorization_code(&mut issues, input.authorization_code.as_deref());
    rules::id32(&mut issues, "service_id", input.service_id.as_deref(), true);
    rules::id32(&mut issues, "channel_id", input.channel_id.as_deref(), true);
    rules::id32(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), true);
    issues.required_text("reason", input.reason.as_deref(), 50);
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<TerminatePermissions>);
    issues.finish()?;
    let path = format!("{}/terminate", by_code_path(input.authorization_code.as_deref().unwrap_or_default()));
    Ok(RequestSpec::post(path, to_json_with_extra(input, extra)?))
}

wire_enum!(
    /// `authorization_state`. The acquiring-bank query page folds the values; these are the
    /// partner page's (get-partner-permissions-by-code, 2025.02.25), kept open.
    AuthorizationState {
        /// 用户已授权服务.
        Available = "AVAILABLE",
        /// 用户未授权服务 (or has ended it).
        Unavailable = "UNAVAILABLE",
        /// 未绑定用户: pre-authorized, no user has authorized yet.
        UnbindUser = "UNBINDUSER",
    }
);

wire_enum!(
    /// `user_service_status` of the open/close notifications (wechatpay-im webhook/v3/PAYSCORE.USER_OPEN_SERVICE.md).
    UserServiceStatus {
        UserOpenService = "USER_OPEN_SERVICE",
        UserCloseService = "USER_CLOSE_SERVICE",
    }
);

/// 200 body of the pre-authorization: the token for the Payscore authorization mini program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPermissionsResult {
    /// string(300) (4012691489, 2025.04.22).
    pub apply_permissions_token: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An authorization record as answered by the query (4012461004, 2025.04.22).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PermissionRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// The institution's merchant number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_state: Option<AuthorizationState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_authorization_time: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_success_time: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Pre-authorization: 200 with `{apply_permissions_token}`.
pub fn parse_apply_permissions_response(status: u16, body: &str) -> crate::Result<ApplyPermissionsResult> {
    with_body(status, body, "pre-authorization")
}

/// Query by authorization_code: 200 with the record.
pub fn parse_query_permissions_response(status: u16, body: &str) -> crate::Result<PermissionRecord> {
    with_body(status, body, "authorization query")
}

/// Terminate: 204 No Content (4012461012, 2025.04.22); a 200 is accepted as well.
pub fn parse_terminate_permissions_response(status: u16, body: &str) -> crate::Result<Ack> {
    ack(status, body, "authorization terminate")
}

/// The decrypted payload of `PAYSCORE.USER_OPEN_SERVICE` / `PAYSCORE.USER_CLOSE_SERVICE`
/// (fields per wechatpay-im webhook/v3/PAYSCORE.USER_OPEN_SERVICE.md; every one optional so a
/// variant of the product never makes an authentic notification fail).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PermissionNotice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_service_status: Option<UserServiceStatus>,
    /// 服务开启/解除授权时间.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openorclose_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_request_no: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A parsed authorization notification; serialises as `{"event_type": …, "payload": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event_type", content = "payload")]
pub enum PermissionNotification {
    /// The user authorized the service.
    #[serde(rename = "PAYSCORE.USER_OPEN_SERVICE")]
    UserOpenService(PermissionNotice),
    /// The authorization ended (by the user or by terminate).
    #[serde(rename = "PAYSCORE.USER_CLOSE_SERVICE")]
    UserCloseService(PermissionNotice),
}

impl PermissionNotification {
    pub fn event_type(&self) -> &'static str {
        match self {
            PermissionNotification::UserOpenService(_) => EVENT_USER_OPEN_SERVICE,
            PermissionNotification::UserCloseService(_) => EVENT_USER_CLOSE_SERVICE,
        }
    }

    pub fn notice(&self) -> &PermissionNotice {
        match self {
            PermissionNotification::UserOpenService(n) | PermissionNotification::UserCloseService(n) => n,
        }
    }

    /// `sub_mchid|authorization_code|event_type|openorclose_time`, percent-encoded: a user may
    /// open and close the same authorization more than once, each time a new fact with its own
    /// time. `None` without an `authorization_code` (then the envelope id is the key).
    pub fn idempotency_key(&self) -> Option<String> {
        let n = self.notice();
        let code = n.authorization_code.as_deref().filter(|c| !c.is_empty())?;
        let part = |v: Option<&str>| encode_component(v.unwrap_or_default());
        Some(format!("{}|{}|{}|{}", part(n.sub_mchid.as_deref()), encode_component(code), self.event_type(), part(n.openorclose_time.as_deref())))
    }
}

/// Parses a decrypted authorization payload for `event_type` (either event, trimmed, ASCII
/// case-insensitive). Errors never echo the plaintext.
pub fn parse_permission_payload(plaintext_json: &str, event_type: &str) -> crate::Result<PermissionNotification> {
    let event = event_type.trim();
    let notice = || crate::notify::plaintext::from_plaintext::<PermissionNotice>(plaintext_json);
    if event.eq_ignore_ascii_case(EVENT_USER_OPEN_SERVICE) {
        Ok(PermissionNotification::UserOpenService(notice()?))
    } else if event.eq_ignore_ascii_case(EVENT_USER_CLOSE_SERVICE) {
        Ok(PermissionNotification::UserCloseService(notice()?))
    } else {
        Err(Error::PayloadInvalid(format!(
            "event_type {event_type:?} is not a Payscore authorization event ({EVENT_USER_OPEN_SERVICE}, {EVENT_USER_CLOSE_SERVICE})"
        )))
    }
}

/// Sources: doc/v3/partner/4012691489, 4012461004, 4012461012 (2025.04.22) and the
/// acquiring-bank auth-order-callback page (2025.04.22).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::issues;

    #[test]
    fn apply_exact_body() {
        // Keys out of order: the body follows the page (4012691489).
        let input: ApplyPermissions = input_from_json(
            r#"{"notify_url":"https://bank.example.com/payscore/auth","authorization_code":"AUTH-1|a*b_c","sub_mchid":"1900000109",
                "sub_appid":"wxd678efh567hg6788","appid":"wxd678efh567hg6787","channel_id":"1230000109","service_id":"2002000000000558128851361561536"}"#,
        )
        .unwrap();
        let spec = apply_permissions(&input).unwrap();
        assert_eq!((spec.method, spec.path_and_query.as_str()), ("POST", "/v3/payscore/acquiringbank/permissions"));
        assert_eq!(
            spec.body.as_deref().unwrap(),
            r#"{"service_id":"2002000000000558128851361561536","channel_id":"1230000109","appid":"wxd678efh567hg6787","sub_appid":"wxd678efh567hg6788","sub_mchid":"1900000109","authorization_code":"AUTH-1|a*b_c","notify_url":"https://bank.example.com/payscore/auth"}"#
        );
        // notify_url is optional here.
        let mut bare = input.clone();
        bare.notify_url = None;
        bare.sub_appid = None;
        assert!(!apply_permissions(&bare).unwrap().body.unwrap().contains("notify_url"));
    }

    #[test]
    fn apply_rules() {
        let got = issues(apply_permissions(&ApplyPermissions::default()));
        let want: Vec<(String, &str)> =
            ["service_id", "channel_id", "appid", "sub_mchid", "authorization_code"].iter().map(|p| (p.to_string(), "required")).collect();
        assert_eq!(got, want);
        let bad = ApplyPermissions {
            service_id: Some("S".into()),
            channel_id: Some("C".into()),
            appid: Some("wx".into()),
            sub_mchid: Some("1".into()),
            authorization_code: Some(format!("{}#", "a".repeat(32))),
            notify_url: Some("http://bank.example.com/n?x=1".into()),
            ..Default::default()
        };
        let got = issues(apply_permissions(&bad));
        assert_eq!(
            got,
            vec![
                ("authorization_code".to_string(), "too_long"),
                ("authorization_code".to_string(), "charset"),
                ("notify_url".to_string(), "not_https"),
                ("notify_url".to_string(), "has_query"),
            ]
        );
    }

    #[test]
    fn query_and_terminate_paths() {
        let q: QueryPermissions =
            input_from_json(r#"{"authorization_code":"A|1","service_id":"500001","channel_id":"1230000109","sub_mchid":"1230000109"}"#).unwrap();
        let spec = query_permissions(&q).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(
            spec.path_and_query,
            "/v3/payscore/acquiringbank/permissions/authorization-code/A%7C1?service_id=500001&channel_id=1230000109&sub_mchid=1230000109"
        );
        let t: TerminatePermissions =
            input_from_json(r#"{"reason":"撤销原因","authorization_code":"A1","sub_mchid":"1230000109","channel_id":"1230000109","service_id":"500001"}"#)
                .unwrap();
        let spec = terminate_permissions(&t).unwrap();
        assert_eq!(spec.path_and_query, "/v3/payscore/acquiringbank/permissions/authorization-code/A1/terminate");
        assert_eq!(spec.body.as_deref().unwrap(), r#"{"service_id":"500001","channel_id":"1230000109","sub_mchid":"1230000109","reason":"撤销原因"}"#);
        let got = issues(terminate_permissions(&TerminatePermissions { reason: Some("因".repeat(51)), ..Default::default() }));
        assert_eq!(got.last(), Some(&("reason".to_string(), "too_long")));
        assert!(issues(query_permissions(&QueryPermissions { authorization_code: Some("../x".into()), ..Default::default() }))
            .contains(&("authorization_code".to_string(), "charset")));
    }

    #[test]
    fn responses() {
        let t = parse_apply_permissions_response(200, r#"{"apply_permissions_token":"TOKEN","x":1}"#).unwrap();
        assert_eq!((t.apply_permissions_token.as_str(), &t.extra["x"]), ("TOKEN", &serde_json::json!(1)));
        assert_eq!(parse_apply_permissions_response(200, "{}").unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        let r = parse_query_permissions_response(
            200,
            r#"{"service_id":"500001","appid":"wx1","mchid":"1230000109","openid":"oUp","authorization_code":"A1","authorization_state":"AVAILABLE",
                "authorization_success_time":"2015-05-20T13:29:35.120+08:00","sub_mchid":"1230000109","channel_id":"1230000109","new":true}"#,
        )
        .unwrap();
        assert_eq!(r.authorization_state, Some(AuthorizationState::Available));
        assert_eq!(r.extra["new"], true);
        let odd = parse_query_permissions_response(200, r#"{"authorization_state":"FROZEN"}"#).unwrap();
        assert_eq!(serde_json::to_value(&odd).unwrap()["authorization_state"], "FROZEN");
        assert_eq!(parse_terminate_permissions_response(204, "").unwrap().status, 204);
        let err = parse_terminate_permissions_response(404, r#"{"code":"ORDER_NOT_EXIST","message":"x"}"#).unwrap_err();
        assert_eq!(err.code(), "ERR_WXPAY_API");
    }

    #[test]
    fn notifications() {
        let body = r#"{"appid":"wx1","mchid":"1230000109","sub_mchid":"1900000109","channel_id":"1230000109","service_id":"500001",
            "openid":"oUp","user_service_status":"USER_OPEN_SERVICE","openorclose_time":"20250422101010","authorization_code":"A|1","later":1}"#;
        let n = parse_permission_payload(body, " payscore.user_open_service ").unwrap();
        assert_eq!(n.event_type(), EVENT_USER_OPEN_SERVICE);
        assert_eq!(n.notice().user_service_status, Some(UserServiceStatus::UserOpenService));
        assert_eq!(n.idempotency_key().as_deref(), Some("1900000109|A%7C1|PAYSCORE.USER_OPEN_SERVICE|20250422101010"));
        let v = serde_json::to_value(&n).unwrap();
        assert_eq!((v["event_type"].as_str(), &v["payload"]["later"]), (Some("PAYSCORE.USER_OPEN_SERVICE"), &serde_json::json!(1)));
        let closed = parse_permission_payload(&body.replace("USER_OPEN_SERVICE", "USER_CLOSE_SERVICE"), EVENT_USER_CLOSE_SERVICE).unwrap();
        assert_ne!(closed.idempotency_key(), n.idempotency_key());
        assert_eq!(parse_permission_payload(r#"{"openid":"o"}"#, EVENT_USER_CLOSE_SERVICE).unwrap().idempotency_key(), None);
        let e = parse_permission_payload(r#"{"openid":"SECRET","mchid":1}"#, EVENT_USER_OPEN_SERVICE).unwrap_err();
        assert!(!e.to_string().contains("SECRET"));
        assert!(parse_permission_payload(body, "PAYSCORE.USER_PAID").is_err());
    }
}
