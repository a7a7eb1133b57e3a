//! The bill file (CSV as WeChat Pay writes it) into typed rows.
//!
//! Documented shape (申请分账账单, "文件格式说明", pay.weixin.qq.com/doc/v3/partner/4012715572):
//! a detail part and a summary part, each one header row and then data rows; every data value
//! is prefixed with a backtick (`` ` ``) so spreadsheets keep long numbers as text; amounts are
//! yuan. The backtick is dropped here when present (bills before 2025-01-15 lacked it on some
//! values, says the same page), amounts become integer fen, and a line that does not fit is
//! `ERR_WXPAY_BILL_INVALID` naming it. Values are never echoed in errors: a receiver account
//! may be a person's openid.

use std::collections::BTreeMap;

use serde::Serialize;

use super::columns::{self, COLUMNS, RETURN_WORDS, SPLIT_WORDS};
use super::yuan::parse_yuan;
use super::MAX_BILL_LEN;

/// Whether a detail row moves money to the receiver or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Split,
    Return,
    /// A `business_type` this version does not know: kept, not refused.
    Other,
}

/// One detail row. `amount` is fen, with the sign the bill wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillRow {
    /// 1-based line in the file.
    pub line: usize,
    pub create_time: Option<String>,
    pub initiator: Option<String>,
    pub sponsor: Option<String>,
    pub sub_mchid: Option<String>,
    pub transaction_id: String,
    pub order_id: Option<String>,
    /// A split's out_order_no; on a return row, the return's number.
    pub out_order_no: Option<String>,
    pub detail_id: Option<String>,
    pub receiver_account: String,
    /// Integer fen (the bill writes yuan), with the sign the bill wrote.
    pub amount: i64,
    pub business_type: String,
    /// From `business_type`; an unknown type is `other`, kept.
    pub kind: RowKind,
    pub status: Option<String>,
    pub description: Option<String>,
    /// Columns this version does not type, by header as written.
    pub extra: BTreeMap<String, String>,
}

/// One cell of the summary row: header, value as written, and fen when the column is money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryCell {
    pub name: String,
    pub value: String,
    pub fen: Option<i64>,
}

/// A parsed profit-sharing bill: its detail rows and its summary row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bill {
    pub rows: Vec<BillRow>,
    /// Line of the summary data row.
    pub summary_line: usize,
    pub summary: Vec<SummaryCell>,
}

fn invalid(line: usize, reason: impl Into<String>) -> crate::Error {
    crate::Error::BillInvalid { line: Some(line), reason: reason.into() }
}

/// A data cell without its spreadsheet-guard backtick.
fn value(cell: &str) -> &str {
    cell.strip_prefix('`').unwrap_or(cell)
}

fn cells(line: &str) -> Vec<&str> {
    line.split(',').collect()
}

/// The typed columns' positions in the header.
struct Layout {
    /// Per header cell: the typed column it is, if any, and its name as written.
    cells: Vec<(Option<usize>, String)>,
}

impl Layout {
    fn read(line_no: usize, line: &str) -> crate::Result<Self> {
        let mut seen = [false; COLUMNS.len()];
        let mut out = Vec::new();
        for cell in cells(line) {
            let name = value(cell).trim().to_owned();
            let typed = columns::typed(&name);
            if let Some(i) = typed {
                let slot = seen.get_mut(i).ok_or_else(|| crate::Error::Internal("column index".into()))?;
                if *slot {
                    return Err(invalid(line_no, format!("the header names column {} twice", COLUMNS.get(i).map_or("?", |c| c.field))));
                }
                *slot = true;
            }
            out.push((typed, name));
        }
        let missing: Vec<String> = COLUMNS.iter().zip(seen).filter(|(c, seen)| c.required && !seen).map(|(c, _)| c.names.join(" / ")).collect();
        if !missing.is_empty() {
            return Err(invalid(line_no, format!("the detail header lacks column {}: the first line must be the bill's header row", missing.join(", "))));
        }
        Ok(Layout { cells: out })
    }

    fn row(&self, line_no: usize, line: &str) -> crate::Result<BillRow> {
        let mut cells = cells(line);
        if cells.len() != self.cells.len() && line.starts_with('`') {
            // A comma inside a value (a description): every value starts with a backtick, so
            // the separators are the commas followed by one.
            let guarded: Vec<&str> = line.split(",`").collect();
            if guarded.len() == self.cells.len() {
                cells = guarded;
            }
        }
        if cells.len() != self.cells.len() {
            return Err(invalid(line_no, format!("has {} values, the header has {} columns", cells.len(), self.cells.len())));
        }
        let mut typed: [Option<&str>; COLUMNS.len()] = [None; COLUMNS.len()];
        let mut extra = BTreeMap::new();
        for ((col, name), cell) in self.cells.iter().zip(cells) {
            // After a ",`" split only the first value still has its backtick.
            let v = value(cell);
            match col.and_then(|i| typed.get_mut(i)) {
                Some(slot) => *slot = Some(v),
                None => {
                    extra.insert(name.clone(), v.to_owned());
                }
            }
        }
        let get = |field: &str| -> Option<&str> { COLUMNS.iter().position(|c| c.field == field).and_then(|i| typed.get(i).copied().flatten()) };
        let opt = |field: &str| get(field).filter(|v| !v.is_empty()).map(str::to_owned);
        let req = |field: &str| -> crate::Result<String> {
            get(field).filter(|v| !v.is_empty()).map(str::to_owned).ok_or_else(|| invalid(line_no, format!("column {field} is empty")))
        };
        let amount_text = req("amount")?;
        let amount = parse_yuan(&amount_text).map_err(|why| invalid(line_no, format!("column amount {why}")))?;
        let business_type = req("business_type")?;
        let kind = if SPLIT_WORDS.contains(&business_type.as_str()) {
            RowKind::Split
        } else if RETURN_WORDS.contains(&business_type.as_str()) {
            RowKind::Return
        } else {
            RowKind::Other
        };
        Ok(BillRow {
            line: line_no,
            create_time: opt("create_time"),
            initiator: opt("initiator"),
            sponsor: opt("sponsor"),
            sub_mchid: opt("sub_mchid"),
            transaction_id: req("transaction_id")?,
            order_id: opt("order_id"),
            out_order_no: opt("out_order_no"),
            detail_id: opt("detail_id"),
            receiver_account: req("receiver_account")?,
            amount,
            business_type,
            kind,
            status: opt("status"),
            description: opt("description"),
            extra,
        })
    }
}

/// Whether a summary column holds money: a yuan unit or an amount in its name.
fn is_money(header: &str) -> bool {
    header.contains("元") || header.contains("金额") || header.to_ascii_lowercase().contains("amount")
}

enum State {
    Header,
    Detail(Layout),
    SummaryHeader(Vec<String>),
    Done,
}

/// A bill over [`MAX_BILL_LEN`] bytes (the host stops inflating there and reports it too).
pub fn too_large(len: usize) -> crate::Error {
    crate::Error::BillInvalid {
        line: None,
        reason: format!("is over {MAX_BILL_LEN} bytes ({len} read); download one sub-merchant's bill at a time (sub_mchid)"),
    }
}

/// Parses the whole (gunzipped, hash-checked) bill.
pub fn parse_bill(bytes: &[u8]) -> crate::Result<Bill> {
    if bytes.len() > MAX_BILL_LEN {
        return Err(too_large(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes.get(..e.valid_up_to()).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) + 1;
        invalid(line, "is not UTF-8 text: pass the bill's bytes as downloaded (after gunzip), not re-encoded")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut state = State::Header;
    let mut rows = Vec::new();
    let mut summary = None;
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        state = match state {
            State::Header => State::Detail(Layout::read(line_no, line)?),
            // Data rows carry backticks; the summary's header row is the first line without any.
            State::Detail(layout) if line.contains('`') => {
                rows.push(layout.row(line_no, line)?);
                State::Detail(layout)
            }
            State::Detail(_) => State::SummaryHeader(cells(line).into_iter().map(|c| c.trim().to_owned()).collect()),
            State::SummaryHeader(names) => {
                let values = cells(line);
                if values.len() != names.len() {
                    return Err(invalid(line_no, format!("summary row has {} values, its header has {} columns", values.len(), names.len())));
                }
                let mut cells_out = Vec::with_capacity(names.len());
                for (name, cell) in names.into_iter().zip(values) {
                    let v = value(cell).to_owned();
                    let fen =
                        if is_money(&name) { Some(parse_yuan(&v).map_err(|why| invalid(line_no, format!("summary column {name} {why}")))?) } else { None };
                    cells_out.push(SummaryCell { name, value: v, fen });
                }
                summary = Some((line_no, cells_out));
                State::Done
            }
            State::Done => return Err(invalid(line_no, "comes after the summary row, which ends the bill")),
        };
    }
    match (state, summary) {
        (State::Done, Some((summary_line, summary))) => Ok(Bill { rows, summary_line, summary }),
        (State::Header, _) => Err(crate::Error::BillInvalid { line: None, reason: "is empty".to_owned() }),
        _ => Err(crate::Error::BillInvalid {
            line: Some(text.split('\n').count()),
            reason: "the file ends before the summary row (a bill is its detail rows, then a summary header and row): it is cut short".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const FIXTURE: &str = include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.csv");

    #[test]
    fn fixture_rows_in_fen() {
        let bill = parse_bill(FIXTURE.as_bytes()).unwrap();
        assert_eq!(bill.rows.len(), 5);
        let r = &bill.rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.transaction_id, "4200000000202612010000000001");
        assert_eq!(r.out_order_no.as_deref(), Some("P20261201001"));
        assert_eq!(r.receiver_account, "1900000109");
        assert_eq!(r.amount, 1500);
        assert_eq!(r.kind, RowKind::Split);
        let ret = bill.rows.iter().find(|r| r.kind == RowKind::Return).unwrap();
        assert_eq!(ret.amount, 300);
        assert_eq!(bill.summary.iter().filter_map(|c| c.fen).collect::<Vec<_>>(), vec![2510, 300]);
    }

    /// The golden rows Node, workerd and Chromium compare with (tests/js/bill.test.mjs, tests/www/reconcile.test.mjs).
    #[test]
    fn fixture_is_the_golden_every_runtime_compares_with() {
        let golden: serde_json::Value = serde_json::from_str(include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.parsed.json")).unwrap();
        assert_eq!(serde_json::to_value(parse_bill(FIXTURE.as_bytes()).unwrap()).unwrap(), golden);
    }

    #[test]
    fn chinese_headers_and_no_backticks_and_unknown_columns() {
        let csv = "分账发起时间,微信订单号,商户分账单号,分账接收方,分账金额(元),业务类型,新列\n`2026-12-01 10:00:00,`42,`P1,`1900000109,`0.29,`分账,`x\n总笔数,分账金额(元)\n`1,`0.29\n";
        let bill = parse_bill(csv.as_bytes()).unwrap();
        assert_eq!(bill.rows[0].amount, 29);
        assert_eq!(bill.rows[0].extra.get("新列").map(String::as_str), Some("x"));
        assert_eq!(bill.summary[1].fen, Some(29));
        assert_eq!(bill.summary[0].fen, None);
    }

    fn err_line(csv: &str) -> (Option<usize>, String) {
        match parse_bill(csv.as_bytes()).unwrap_err() {
            crate::Error::BillInvalid { line, reason } => (line, reason),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_failure_names_its_line() {
        let head = "transaction_id,receiver_account,amount,business_type\n";
        let (line, why) = err_line(&format!("{head}`1,`a,`1.5,`分账\n`2,`b,`1.234,`分账\nsum\n`1\n"));
        assert_eq!(line, Some(3));
        assert!(why.contains("amount"), "{why}");
        assert_eq!(err_line(&format!("{head}`1,`a,`1\nsum\n`1\n")).0, Some(2));
        assert_eq!(err_line(&format!("{head}`,`a,`1,`分账\nsum\n`1\n")).0, Some(2));
        assert_eq!(err_line(&format!("{head}`1,`a,`1,`分账\n")).0, Some(3), "cut short before the summary");
        assert_eq!(err_line(&format!("{head}`1,`a,`1,`分账\nsum\n`1\n`x\n")).0, Some(5));
        assert_eq!(err_line("amount,business_type\n").0, Some(1));
        assert_eq!(err_line(&format!("{head}`1,`a,`1,`分账\n`2,`b,`2,`\u{5206}\u{8d26}\nsum,total(元)\n`1,`1.0.0\n")).0, Some(5));
        let mut bad = format!("{head}`1,`a,`1,`分账\n").into_bytes();
        bad.extend_from_slice(&[0xff, b'\n']);
        assert_eq!(
            parse_bill(&bad).unwrap_err().to_string(),
            "profit-sharing bill line 3: is not UTF-8 text: pass the bill's bytes as downloaded (after gunzip), not re-encoded"
        );
        assert_eq!(parse_bill(b"").unwrap_err().code(), "ERR_WXPAY_BILL_INVALID");
    }

    #[test]
    fn a_comma_inside_a_value_is_kept_when_every_value_is_guarded() {
        let head = "transaction_id,receiver_account,amount,business_type,description\n";
        let bill = parse_bill(format!("{head}`1,`a,`1.00,`分账,`运费,含税\ns\n`1\n").as_bytes()).unwrap();
        assert_eq!(bill.rows[0].description.as_deref(), Some("运费,含税"));
        assert_eq!(bill.rows[0].amount, 100);
        // Without the guards the row cannot be split unambiguously: refused, naming the line.
        assert_eq!(err_line(&format!("{head}`1,a,1.00,分账,运费,含税\ns\n`1\n")).0, Some(2));
    }

    #[test]
    fn openids_are_never_echoed() {
        let csv = "transaction_id,receiver_account,amount,business_type\n`1,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`x,`分账\ns\n`1\n";
        let e = parse_bill(csv.as_bytes()).unwrap_err().to_string();
        assert!(!e.contains("oUpF8"), "{e}");
    }
}
