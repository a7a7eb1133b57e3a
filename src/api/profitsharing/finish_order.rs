//! Finish (unfreeze the rest): `POST /v3/ecommerce/profitsharing/finish-order` (spec B.7).

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::{parse_response, Extra, PATH_FINISH_ORDER};
use crate::api::extra_fields;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishOrderInput {
    pub sub_mchid: Option<String>,
    pub transaction_id: Option<String>,
    /// A **new** out_order_no, not one of a split.
    pub out_order_no: Option<String>,
    pub description: Option<String>,
    /// Only in the official Java SDK model (unconfirmed, spec B.7); sent only when given.
    pub notify_url: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

#[derive(Serialize)]
struct FinishOrderBody<'a> {
    sub_mchid: &'a str,
    transaction_id: &'a str,
    out_order_no: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notify_url: Option<&'a str>,
}

/// `POST /v3/ecommerce/profitsharing/finish-order`. Asynchronous: read the
/// outcome (`finish_amount`) with `query_order` and this out_order_no.
pub fn finish_order(input: FinishOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    checks::out_no(&mut issues, "out_order_no", input.out_order_no.as_deref());
    checks::description(&mut issues, "description", input.description.as_deref());
    checks::notify_url(&mut issues, "notify_url", input.notify_url.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<FinishOrderInput>);
    issues.finish()?;
    let body = to_json_with_extra(
        &FinishOrderBody {
            sub_mchid: s(&input.sub_mchid),
            transaction_id: s(&input.transaction_id),
            out_order_no: s(&input.out_order_no),
            description: s(&input.description),
            notify_url: input.notify_url.as_deref(),
        },
        extra,
    )?;
    Ok(RequestSpec::post(PATH_FINISH_ORDER.to_owned(), body))
}

/// 200 body of finish-order: identifiers only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishOrderResult {
    pub sub_mchid: String,
    pub transaction_id: String,
    pub out_order_no: String,
    pub order_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

pub fn parse_finish_order_response(body: &str) -> crate::Result<FinishOrderResult> {
    parse_response(body, "finish-split")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    #[test]
    fn exact_body() {
        let spec = finish_order(
            serde_json::from_str(
                r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346","description":"分账完结"}"#,
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/finish-order");
        assert_eq!(
            spec.body.as_deref(),
            Some(r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346","description":"分账完结"}"#)
        );
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn notify_url_is_last_when_given() {
        let spec = finish_order(FinishOrderInput {
            sub_mchid: Some("1".into()),
            transaction_id: Some("2".into()),
            out_order_no: Some("F3".into()),
            description: Some("完结".into()),
            extra: None,
            notify_url: Some("https://example.com/n".into()),
        })
        .unwrap();
        assert_eq!(
            spec.body.as_deref(),
            Some(r#"{"sub_mchid":"1","transaction_id":"2","out_order_no":"F3","description":"完结","notify_url":"https://example.com/n"}"#)
        );
    }

    #[test]
    fn rules() {
        let err = finish_order(FinishOrderInput { description: Some("分".repeat(81)), notify_url: Some(String::new()), ..Default::default() }).unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![("sub_mchid", "required"), ("transaction_id", "required"), ("out_order_no", "required"), ("description", "too_long"), ("notify_url", "empty"),]
        );
    }

    #[test]
    fn response() {
        let r = parse_finish_order_response(
            r#"{"sub_mchid":"1900000109","transaction_id":"4208450740201411110007820472","out_order_no":"P20150806125346","order_id":"3008450740201411110007820472","x":true}"#,
        )
        .unwrap();
        assert_eq!(r.order_id, "3008450740201411110007820472");
        assert_eq!(r.extra.get("x"), Some(&serde_json::json!(true)));
        assert!(parse_finish_order_response(r#"{"sub_mchid":"1"}"#).is_err());
    }
}
