//! `fuzz_bill`: the profit-sharing bill (issue 19): `bill::parse_bill` over any bytes,
//! `bill::check_hash`, `bill::reconcile` against a fuzzer-made ledger, and the bill builder and
//! response parser.
//!
//! Framing: `op:u8` (mod 4: parse, hash, reconcile, builder/response), then per op:
//! * parse: `rest` = the bill bytes;
//! * hash: `hash_type`, `hash_value`, `actual` (choice_or_string);
//! * reconcile: `ledger` (bytes, JSON text), then `rest` = the bill;
//! * builder: `rest` = JSON input of `profitSharing.bill`, also tried as a response body.
//!
//! Invariants: no panic; a parsed row's line is within the file and after the header, its
//! amount within ±`MAX_FEN`, its kind agrees with its business type; parsing twice agrees; a
//! reconciliation's difference is billed − planned on every line and `ok` means no difference.

use wechatpay_edge::api::fen::MAX_FEN;
use wechatpay_edge::api::profitsharing as ps;
use wechatpay_edge::bill::{self, reconcile::LineStatus, RowKind};

use crate::framing::{Reader, Writer};
use crate::spec::check_spec;

const HASH_TYPES: &[&str] = &["SHA1", "sha1", "SHA256", ""];
const HEX: &[&str] = &["74768903b285f9146c499c637d38f27d7dffda93", "74768903B285F9146C499C637D38F27D7DFFDA93", "da39a3ee5e6b4b0d3255bfef95601890afd80709", ""];
const FIXTURE: &str = include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.csv");
const LEDGER: &str = include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.ledger.json");

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    match r.u8() % 4 {
        0 => parse(r.rest()),
        1 => {
            let (t, v, a) = (r.choice_or_string(HASH_TYPES), r.choice_or_string(HEX), r.choice_or_string(HEX));
            if bill::check_hash(&t, &v, &a).is_ok() {
                assert_eq!(t, "SHA1");
                assert!(v.eq_ignore_ascii_case(&a) && v.len() == 40);
            }
        }
        2 => {
            let ledger = String::from_utf8_lossy(r.bytes()).into_owned();
            let bytes = r.rest();
            let Ok(value) = serde_json::from_str(&ledger) else { return };
            let (Ok(planned), Ok(parsed)) = (bill::Planned::from_value(value), bill::parse_bill(bytes)) else { return };
            let rec = bill::reconcile(&parsed, &planned);
            let mut differences = 0;
            for l in &rec.lines {
                let (p, b) = (i128::from(l.planned.unwrap_or(0)), i128::from(l.billed.unwrap_or(0)));
                assert_eq!(i128::from(l.difference), (b - p).clamp(i128::from(i64::MIN), i128::from(i64::MAX)));
                if l.status != LineStatus::Match {
                    differences += 1;
                }
            }
            assert_eq!(rec.totals.differences, differences);
            assert_eq!(rec.ok, differences == 0);
        }
        _ => {
            let text = String::from_utf8_lossy(r.rest()).into_owned();
            if let Ok(input) = serde_json::from_str::<ps::BillInput>(&text) {
                let result = ps::bill(input);
                if let Ok(spec) = &result {
                    assert!(spec.path_and_query.starts_with("/v3/profitsharing/bills?"));
                }
                check_spec(result);
            }
            let _ = ps::parse_bill_response(&text);
        }
    }
}

fn parse(bytes: &[u8]) {
    let Ok(parsed) = bill::parse_bill(bytes) else { return };
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    for row in &parsed.rows {
        assert!(row.line >= 2 && row.line <= lines, "row line {} of {lines}", row.line);
        assert!(row.amount.unsigned_abs() <= MAX_FEN);
        assert!(!row.transaction_id.is_empty() && !row.receiver_account.is_empty());
        if row.kind != RowKind::Other {
            assert!(!row.business_type.is_empty());
        }
    }
    assert!(parsed.summary_line <= lines);
    assert_eq!(bill::parse_bill(bytes).ok().as_ref(), Some(&parsed), "parsing is deterministic");
}

pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = vec![
        Writer::new().u8(0).rest(FIXTURE.as_bytes()).finish(),
        Writer::new().u8(0).rest(FIXTURE.replace("\r\n", "\n").as_bytes()).finish(),
        Writer::new().u8(0).rest("分账发起时间,微信订单号,商户分账单号,分账接收方,分账金额(元),业务类型\n`2026-12-01 10:00:00,`42,`P1,`1900000109,`0.29,`分账\n总笔数,分账金额(元)\n`1,`0.29\n".as_bytes()).finish(),
        Writer::new().u8(1).choice(0).choice(0).choice(1).finish(),
        Writer::new().u8(2).bytes(LEDGER.as_bytes()).rest(FIXTURE.as_bytes()).finish(),
        Writer::new().u8(3).rest(br#"{"sub_mchid":"19000000001","bill_date":"2019-06-11","tar_type":"GZIP"}"#).finish(),
        Writer::new().u8(3).rest(br#"{"download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=x","hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04"}"#).finish(),
    ];
    out.push(Writer::new().u8(0).rest(&FIXTURE.as_bytes()[..FIXTURE.len() / 2]).finish());
    out
}
