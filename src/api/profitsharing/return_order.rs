//! Split returns (分账回退): `POST` and `GET /v3/ecommerce/profitsharing/returnorders` (spec B.5, B.6).
//!
//! While a return is `PROCESSING`, re-send with the same out_return_no and the
//! same parameters; a new number may move money twice.

use serde::{Deserialize, Serialize};

use super::checks::{self, s};
use super::fen::Fen;
use super::types::{ReturnFailReason, ReturnResult};
use super::{parse_response, Extra, PATH_RETURN_ORDERS};
use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

/// The documented body. `order_id` and/or `out_order_no` name the original split.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateReturnOrderInput {
    pub sub_mchid: Option<String>,
    pub order_id: Option<String>,
    pub out_order_no: Option<String>,
    pub out_return_no: Option<String>,
    /// The merchant receiver to pull the money back from.
    pub return_mchid: Option<String>,
    pub amount: Option<Fen>,
    pub description: Option<String>,
    /// string(32), 选填 on the ecommerce create-return page (2025.09.29); sent last, only when given.
    pub transaction_id: Option<String>,
    /// Body fields this version does not know yet, merged into the body.
    pub extra: Option<ExtraFields>,
}

#[derive(Serialize)]
struct CreateReturnOrderBody<'a> {
    sub_mchid: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    out_order_no: Option<&'a str>,
    out_return_no: &'a str,
    return_mchid: &'a str,
    amount: u64,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<&'a str>,
}

/// At least one reference to the original split, each well-formed.
///
/// The ecommerce return pages (create and query, 2025.09.29) say 二选一, but the
/// official dev-guide sample (seed 001) and the 2019 page's own example send
/// both, and the server takes it: both are accepted and sent as given.
fn original_split(issues: &mut Issues, order_id: Option<&str>, out_order_no: Option<&str>) {
    if order_id.is_some() {
        // order_id string(64), 微信分账单号 (digits in every sample; not restricted further).
        checks::required_id(issues, "order_id", order_id, 64, "");
    }
    if out_order_no.is_some() {
        checks::out_no(issues, "out_order_no", out_order_no);
    }
    if order_id.is_none() && out_order_no.is_none() {
        issues.push("order_id", "required", "is required: give order_id or out_order_no of the original split (or both)");
    }
}

/// `POST /v3/ecommerce/profitsharing/returnorders`.
pub fn create_return_order(input: CreateReturnOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    original_split(&mut issues, input.order_id.as_deref(), input.out_order_no.as_deref());
    checks::out_no(&mut issues, "out_return_no", input.out_return_no.as_deref());
    checks::mchid(&mut issues, "return_mchid", input.return_mchid.as_deref(), 32);
    let amount = match &input.amount {
        None => {
            issues.push("amount", "required", "is required (integer fen)");
            None
        }
        Some(a) => a.check_positive("amount", &mut issues),
    };
    checks::description(&mut issues, "description", input.description.as_deref());
    if input.transaction_id.is_some() {
        checks::transaction_id(&mut issues, "transaction_id", input.transaction_id.as_deref());
    }
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CreateReturnOrderInput>);
    issues.finish()?;
    let body = to_json_with_extra(
        &CreateReturnOrderBody {
            sub_mchid: s(&input.sub_mchid),
            order_id: input.order_id.as_deref(),
            out_order_no: input.out_order_no.as_deref(),
            out_return_no: s(&input.out_return_no),
            return_mchid: s(&input.return_mchid),
            amount: amount.unwrap_or_default(),
            description: s(&input.description),
            transaction_id: input.transaction_id.as_deref(),
        },
        extra,
    )?;
    Ok(RequestSpec::post(PATH_RETURN_ORDERS.to_owned(), body))
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryReturnOrderInput {
    pub sub_mchid: Option<String>,
    pub order_id: Option<String>,
    pub out_order_no: Option<String>,
    pub out_return_no: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/ecommerce/profitsharing/returnorders?sub_mchid=&(order_id=|out_order_no=)&out_return_no=`
/// (the order of the official sample).
pub fn query_return_order(input: QueryReturnOrderInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 32);
    original_split(&mut issues, input.order_id.as_deref(), input.out_order_no.as_deref());
    checks::out_no(&mut issues, "out_return_no", input.out_return_no.as_deref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<QueryReturnOrderInput>);
    let path = with_query_and_extra(
        &mut issues,
        PATH_RETURN_ORDERS,
        &[
            ("sub_mchid", input.sub_mchid.as_deref()),
            ("order_id", input.order_id.as_deref()),
            ("out_order_no", input.out_order_no.as_deref()),
            ("out_return_no", input.out_return_no.as_deref()),
        ],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

/// A split return as answered by create and query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnOrderResult {
    pub sub_mchid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    pub out_return_no: String,
    pub return_mchid: String,
    /// Fen.
    pub amount: u64,
    /// 微信回退单号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_no: Option<String>,
    /// `PROCESSING` / `SUCCESS` / `FAILED` (legacy `FAIL` is read as `FAILED`).
    pub result: ReturnResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_reason: Option<ReturnFailReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_time: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

pub fn parse_create_return_order_response(body: &str) -> crate::Result<ReturnOrderResult> {
    parse_response(body, "request-split-return")
}

pub fn parse_query_return_order_response(body: &str) -> crate::Result<ReturnOrderResult> {
    parse_response(body, "query-split-return")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    fn input(json: &str) -> CreateReturnOrderInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn create_by_order_id_exact_body() {
        let spec = create_return_order(input(
            r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"description":"分账回退"}"#,
        ))
        .unwrap();
        assert_eq!(spec.method, "POST");
        assert_eq!(spec.path_and_query, "/v3/ecommerce/profitsharing/returnorders");
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"description":"分账回退"}"#
            )
        );
        assert!(spec.headers.is_empty());
    }

    #[test]
    fn create_by_out_order_no_with_transaction_id() {
        let spec = create_return_order(input(
            r#"{"transaction_id":"4208450740201411110007820472","description":"退","amount":1,"return_mchid":"86693852","out_return_no":"R-1","out_order_no":"P20150806125346","sub_mchid":"1900000109"}"#,
        ))
        .unwrap();
        // Documented order regardless of input order.
        assert_eq!(
            spec.body.as_deref(),
            Some(
                r#"{"sub_mchid":"1900000109","out_order_no":"P20150806125346","out_return_no":"R-1","return_mchid":"86693852","amount":1,"description":"退","transaction_id":"4208450740201411110007820472"}"#
            )
        );
    }

    /// Row 8 of issue 12: the page says 二选一, the official dev-guide sample
    /// (seed 001) sends both; both are accepted and sent as given.
    #[test]
    fn official_sample_with_both_references_is_sent_as_given() {
        let sample = r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P20150806125346","out_return_no":"R20190516001","return_mchid":"86693852","amount":10,"description":"分账回退"}"#;
        let spec = create_return_order(input(sample)).unwrap();
        assert_eq!(spec.body.as_deref(), Some(sample));
        let spec = query_return_order(QueryReturnOrderInput {
            sub_mchid: Some("1900000109".into()),
            order_id: Some("3008450740201411110007820472".into()),
            out_order_no: Some("P20150806125346".into()),
            out_return_no: Some("R20190516001".into()),
            extra: None,
        })
        .unwrap();
        assert_eq!(
            spec.path_and_query,
            "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&order_id=3008450740201411110007820472&out_order_no=P20150806125346&out_return_no=R20190516001"
        );
    }

    #[test]
    fn create_return_extra_fields_follow_the_documented_ones() {
        let spec = create_return_order(input(
            r#"{"sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_return_no":"R1","return_mchid":"86693852","amount":10,"description":"退","extra":{"future_field":"x"}}"#,
        ))
        .unwrap();
        assert!(spec.body.as_deref().unwrap().ends_with(r#""description":"退","future_field":"x"}"#));
        let err = create_return_order(input(
            r#"{"sub_mchid":"1900000109","order_id":"3","out_return_no":"R1","return_mchid":"86693852","amount":10,"description":"退","extra":{"amount":1}}"#,
        ))
        .unwrap_err();
        assert_eq!(issue_codes(&err), vec![("extra.amount", "shadows_known_field")]);
    }

    #[test]
    fn create_reports_all_issues() {
        let err = create_return_order(input(
            r#"{"sub_mchid":"1900000109","out_return_no":"R 1","return_mchid":"oUpF8u","amount":10.5,"description":"","transaction_id":"x-1"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![
                ("order_id", "required"),
                ("out_return_no", "charset"),
                ("return_mchid", "charset"),
                ("amount", "not_integer"),
                ("description", "required"),
                ("transaction_id", "charset"),
            ]
        );
        let err = create_return_order(CreateReturnOrderInput::default()).unwrap_err();
        assert_eq!(
            issue_codes(&err),
            vec![
                ("sub_mchid", "required"),
                ("order_id", "required"),
                ("out_return_no", "required"),
                ("return_mchid", "required"),
                ("amount", "required"),
                ("description", "required"),
            ]
        );
    }

    #[test]
    fn query_exact_paths() {
        let spec = query_return_order(QueryReturnOrderInput {
            sub_mchid: Some("1900000109".into()),
            out_order_no: Some("P20150806125346".into()),
            out_return_no: Some("R20190516001".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(
            spec.path_and_query,
            "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&out_order_no=P20150806125346&out_return_no=R20190516001"
        );
        assert_eq!(spec.body, None);
        let spec =
            query_return_order(serde_json::from_str(r#"{"out_return_no":"R|1","order_id":"3008450740201411110007820472","sub_mchid":"1900000109"}"#).unwrap())
                .unwrap();
        assert_eq!(
            spec.path_and_query,
            "/v3/ecommerce/profitsharing/returnorders?sub_mchid=1900000109&order_id=3008450740201411110007820472&out_return_no=R%7C1"
        );
    }

    #[test]
    fn query_rules() {
        let err = query_return_order(QueryReturnOrderInput { order_id: Some("1".into()), out_order_no: Some("2 3".into()), ..Default::default() }).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "required"), ("out_order_no", "charset"), ("out_return_no", "required")]);
        let err =
            query_return_order(QueryReturnOrderInput { sub_mchid: Some("1".into()), out_return_no: Some("R1".into()), ..Default::default() }).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("order_id", "required")]);
    }

    #[test]
    fn responses_with_legacy_and_unknown_results() {
        let base = r#""sub_mchid":"1900000109","order_id":"3008450740201411110007820472","out_order_no":"P1","out_return_no":"R1","return_mchid":"86693852","amount":10,"return_no":"3008450740201411110007820472""#;
        let r = parse_create_return_order_response(&format!(r#"{{{base},"result":"PROCESSING"}}"#)).unwrap();
        assert_eq!(r.result, ReturnResult::Processing);
        let r = parse_query_return_order_response(&format!(
            r#"{{{base},"result":"FAIL","fail_reason":"TIME_OUT_CLOSED","finish_time":"2015-05-20T13:29:35.120+08:00"}}"#
        ))
        .unwrap();
        assert_eq!(r.result, ReturnResult::Failed);
        assert_eq!(r.fail_reason, Some(ReturnFailReason::TimeOutClosed));
        let r =
            parse_query_return_order_response(&format!(r#"{{{base},"result":"FAILED","fail_reason":"BALANCE_NOT_ENOUGH","transaction_id":"42"}}"#)).unwrap();
        assert_eq!(r.result, ReturnResult::Failed);
        assert_eq!(r.fail_reason, Some(ReturnFailReason::Other("BALANCE_NOT_ENOUGH".into())));
        assert_eq!(r.extra.get("transaction_id"), Some(&serde_json::json!("42")));
        let r = parse_query_return_order_response(&format!(r#"{{{base},"result":"REVERSED"}}"#)).unwrap();
        assert_eq!(r.result, ReturnResult::Other("REVERSED".into()));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["result"], "REVERSED");
        assert!(parse_query_return_order_response(&format!(r#"{{{base}}}"#)).is_err(), "result is required");
    }
}
