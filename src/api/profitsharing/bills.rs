//! Apply for the profit-sharing bill: `GET /v3/profitsharing/bills` (申请分账账单, partner docs
//! pay.weixin.qq.com/doc/v3/partner/4012715572, 2025.09.29; 平台收付通 chapter7_9_6). The answer
//! names a download URL valid 30 s and the digest of the bill; `crate::bill` checks and parses it.
//! wechatpay-go's `SplitBillRequest` (services/profitsharing) has the same three parameters,
//! `bill_date` alone required, and `SplitBillTarType` the one value `GZIP`.

use serde::{Deserialize, Serialize};

use super::checks;
use super::{parse_response, Extra};
use crate::api::extra_fields::{self, with_query_and_extra};
use crate::api::validate::Issues;
use crate::api::{ExtraFields, RequestSpec};

pub const PATH_BILLS: &str = "/v3/profitsharing/bills";

/// The one documented `tar_type`: "GZIP: 返回格式为.gzip的压缩包账单"; absent means a plain stream.
pub const TAR_TYPE_GZIP: &str = "GZIP";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillInput {
    /// Optional: absent, a service provider gets the bill of all its sub-merchants (string(12)).
    pub sub_mchid: Option<String>,
    /// `YYYY-MM-DD`, a date within the last three months.
    pub bill_date: Option<String>,
    /// `GZIP`, or absent for the uncompressed bill.
    pub tar_type: Option<String>,
    /// Query parameters this version does not know yet, appended to the query.
    pub extra: Option<ExtraFields>,
}

/// `GET /v3/profitsharing/bills?sub_mchid=&bill_date=&tar_type=`, absent parameters left out.
pub fn bill(input: BillInput) -> crate::Result<RequestSpec> {
    let mut issues = Issues::new();
    if input.sub_mchid.is_some() {
        // string(12) on the partner page (string[8,12] on 平台收付通 chapter7_9_6).
        checks::mchid(&mut issues, "sub_mchid", input.sub_mchid.as_deref(), 12);
    }
    bill_date(&mut issues, input.bill_date.as_deref());
    if let Some(t) = input.tar_type.as_deref() {
        if t != TAR_TYPE_GZIP {
            issues.push("tar_type", "invalid_enum", "must be \"GZIP\", or omitted for the uncompressed bill");
        }
    }
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<BillInput>);
    let path = with_query_and_extra(
        &mut issues,
        PATH_BILLS,
        &[("sub_mchid", input.sub_mchid.as_deref()), ("bill_date", input.bill_date.as_deref()), ("tar_type", input.tar_type.as_deref())],
        extra,
    );
    issues.finish()?;
    Ok(RequestSpec::get(path))
}

/// `bill_date`: string(10), "格式YYYY-MM-DD"; a real calendar day.
fn bill_date(issues: &mut Issues, value: Option<&str>) {
    const FIX: &str = "must be a date written YYYY-MM-DD (e.g. 2026-12-01)";
    let Some(v) = value else {
        issues.push("bill_date", "required", "is required (YYYY-MM-DD)");
        return;
    };
    let b = v.as_bytes();
    let shape = b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    let num = |r: core::ops::Range<usize>| v.get(r).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    if !shape {
        issues.push("bill_date", "format", FIX);
        return;
    }
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if d == 0 || d > days {
        issues.push("bill_date", "format", format!("{FIX}; {v} is not a calendar day"));
    }
}

/// The answer: where to download (30 s) and the digest of the bill after gunzip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillResult {
    pub download_url: String,
    /// `SHA1` (the only documented value; kept as given).
    pub hash_type: String,
    pub hash_value: String,
    #[serde(flatten)]
    pub extra: Extra,
}

pub fn parse_bill_response(body: &str) -> crate::Result<BillResult> {
    parse_response(body, "profit-sharing bill")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::profitsharing::test_util::issue_codes;

    fn input(json: &str) -> BillInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn documented_example_query() {
        let spec = bill(input(r#"{"sub_mchid":"19000000001","bill_date":"2019-06-11","tar_type":"GZIP"}"#)).unwrap();
        assert_eq!(spec.method, "GET");
        assert_eq!(spec.path_and_query, "/v3/profitsharing/bills?sub_mchid=19000000001&bill_date=2019-06-11&tar_type=GZIP");
        let spec = bill(input(r#"{"bill_date":"2024-02-29"}"#)).unwrap();
        assert_eq!(spec.path_and_query, "/v3/profitsharing/bills?bill_date=2024-02-29");
    }

    #[test]
    fn validated() {
        assert_eq!(issue_codes(&bill(BillInput::default()).unwrap_err()), vec![("bill_date", "required")]);
        for bad in ["2019-6-11", "20190611", "2019/06/11", "2019-13-01", "2023-02-29", "2019-04-31", "2019-00-10", "２０１９-06-11"] {
            let err = bill(BillInput { bill_date: Some(bad.into()), ..Default::default() }).unwrap_err();
            assert_eq!(issue_codes(&err), vec![("bill_date", "format")], "{bad}");
        }
        let err = bill(input(r#"{"sub_mchid":"abc","bill_date":"2019-06-11","tar_type":"gzip"}"#)).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "charset"), ("tar_type", "invalid_enum")]);
        let err = bill(input(r#"{"sub_mchid":"1234567890123","bill_date":"2019-06-11"}"#)).unwrap_err();
        assert_eq!(issue_codes(&err), vec![("sub_mchid", "too_long")]);
    }

    #[test]
    fn response_keeps_unknown_fields() {
        let r = parse_bill_response(r#"{"download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=x","hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04","new":1}"#).unwrap();
        assert_eq!(r.hash_type, "SHA1");
        assert_eq!(r.extra.get("new"), Some(&serde_json::json!(1)));
        assert!(parse_bill_response(r#"{"download_url":"x"}"#).is_err());
    }
}
