//! The bill against what was planned: per order and receiver, every difference in fen.
//!
//! What was planned comes as a split ledger (`wechatpay-edge/split-ledger`, one entry per
//! receiver of each split and per return, any number of payments: what the emulator exports
//! and what a platform's own books can write) or as the admin page's split plan
//! (`wechatpay-edge/split-plan`, one payment). A split is matched on its `out_order_no` and
//! receiver; a return on its `out_return_no` and receiver: a bill row of a return is taken to
//! carry the return's own number in its out_order_no column ("明细数据每一行对应一笔分账或一笔回退";
//! UNCONFIRMED against a real bill: were it the split's number, returns would show as `extra`
//! beside a `missing`, never as silently matched).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::parse::{Bill, RowKind};
use crate::split::Operation;

pub const LEDGER_KIND: &str = "wechatpay-edge/split-ledger";
pub const PLAN_KIND: &str = "wechatpay-edge/split-plan";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Split,
    Return,
    /// A bill row of a business type this version does not know.
    Other,
}

/// One planned money movement: a receiver's share of a split, or a return from a receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlannedEntry {
    pub kind: EntryKind,
    #[serde(default)]
    pub transaction_id: Option<String>,
    /// The split's number (for a return: the split it returns from).
    pub out_order_no: String,
    /// Returns only.
    #[serde(default)]
    pub out_return_no: Option<String>,
    pub account: String,
    /// Fen.
    pub amount: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LedgerFile {
    version: u32,
    entries: Vec<PlannedEntry>,
}

#[derive(Deserialize)]
struct PlanFile {
    operations: Vec<Operation>,
}

/// What was planned, read from either file kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned(pub Vec<PlannedEntry>);

fn planned_invalid(path: &str, code: &'static str, message: impl Into<String>) -> crate::Error {
    crate::Error::Validation(vec![crate::Issue::new(path, code, message)])
}

impl Planned {
    pub fn from_value(v: Value) -> crate::Result<Self> {
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or_default().to_owned();
        let reason = |e: serde_json::Error| crate::error::serde_reason(&e);
        let entries = match kind.as_str() {
            LEDGER_KIND => {
                let f: LedgerFile = serde_json::from_value(v).map_err(|e| planned_invalid("planned", "type", reason(e)))?;
                if f.version != 1 {
                    return Err(planned_invalid("planned.version", "invalid", "must be 1 (the ledger format this version reads)"));
                }
                for (i, e) in f.entries.iter().enumerate() {
                    if e.kind == EntryKind::Other || (e.kind == EntryKind::Return) != e.out_return_no.is_some() {
                        return Err(planned_invalid(
                            &format!("planned.entries[{i}]"),
                            "invalid",
                            "kind must be split or return, and outReturnNo is given for a return only",
                        ));
                    }
                }
                f.entries
            }
            PLAN_KIND => {
                let f: PlanFile = serde_json::from_value(v).map_err(|e| planned_invalid("planned", "type", reason(e)))?;
                from_operations(&f.operations)
            }
            _ => {
                return Err(planned_invalid(
                    "planned.kind",
                    "invalid",
                    format!("must be {LEDGER_KIND:?} or {PLAN_KIND:?} (a split ledger or the admin page's exported split plan)"),
                ))
            }
        };
        Ok(Planned(entries))
    }
}

fn from_operations(ops: &[Operation]) -> Vec<PlannedEntry> {
    let mut out = Vec::new();
    for op in ops {
        match op {
            Operation::Split(s) => {
                let no = s.out_order_no.clone().unwrap_or_default();
                for r in &s.receivers {
                    out.push(PlannedEntry {
                        kind: EntryKind::Split,
                        transaction_id: None,
                        out_order_no: no.clone(),
                        out_return_no: None,
                        account: r.account.clone(),
                        amount: r.amount,
                    });
                }
            }
            Operation::Return(r) => out.push(PlannedEntry {
                kind: EntryKind::Return,
                transaction_id: None,
                out_order_no: r.out_order_no.clone(),
                out_return_no: Some(r.out_return_no.clone()),
                account: r.account.clone(),
                amount: r.amount,
            }),
            // A finish moves money to the sub-merchant, not to a receiver: not a bill row to match.
            Operation::Finish(_) => {}
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineStatus {
    Match,
    /// Planned, not in the bill.
    Missing,
    /// In the bill, not planned.
    Extra,
    /// Both, different amounts.
    Differs,
}

/// One receiver of one split (or return): planned against billed, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// The split's out_order_no: what a page groups lines by.
    pub order: String,
    pub kind: EntryKind,
    /// out_order_no of a split, out_return_no of a return.
    pub out_no: String,
    pub transaction_id: Option<String>,
    pub account: String,
    pub planned: Option<u64>,
    pub billed: Option<u64>,
    /// billed − planned (absent counts as 0).
    pub difference: i64,
    pub status: LineStatus,
    /// Lines of the bill file behind `billed`.
    pub bill_lines: Vec<usize>,
}

/// Planned and billed sums over every line, in fen, and the number of lines that differ.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub planned_split: u64,
    pub billed_split: u64,
    pub planned_return: u64,
    pub billed_return: u64,
    pub differences: usize,
}

/// A bill against a split ledger or plan: every line, their totals, and whether all match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    pub lines: Vec<Line>,
    pub totals: Totals,
    /// No difference at all.
    pub ok: bool,
}

type Key = (EntryKind, String, String);

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

pub fn reconcile(bill: &Bill, planned: &Planned) -> Reconciliation {
    let mut lines: BTreeMap<Key, Line> = BTreeMap::new();
    for e in &planned.0 {
        let out_no = if e.kind == EntryKind::Return { e.out_return_no.clone().unwrap_or_default() } else { e.out_order_no.clone() };
        let line = lines.entry((e.kind, out_no.clone(), e.account.clone())).or_insert_with(|| Line {
            order: e.out_order_no.clone(),
            kind: e.kind,
            out_no,
            transaction_id: e.transaction_id.clone(),
            account: e.account.clone(),
            planned: Some(0),
            billed: None,
            difference: 0,
            status: LineStatus::Match,
            bill_lines: Vec::new(),
        });
        line.planned = Some(line.planned.unwrap_or(0).saturating_add(e.amount));
    }
    for row in &bill.rows {
        let kind = match row.kind {
            RowKind::Split => EntryKind::Split,
            RowKind::Return => EntryKind::Return,
            RowKind::Other => EntryKind::Other,
        };
        let out_no = row.out_order_no.clone().unwrap_or_default();
        let line = lines.entry((kind, out_no.clone(), row.receiver_account.clone())).or_insert_with(|| Line {
            order: out_no.clone(),
            kind,
            out_no,
            transaction_id: None,
            account: row.receiver_account.clone(),
            planned: None,
            billed: None,
            difference: 0,
            status: LineStatus::Extra,
            bill_lines: Vec::new(),
        });
        line.billed = Some(line.billed.unwrap_or(0).saturating_add(row.amount.unsigned_abs()));
        line.bill_lines.push(row.line);
        if line.transaction_id.is_none() {
            line.transaction_id = Some(row.transaction_id.clone());
        }
    }
    let mut totals = Totals::default();
    let mut out: Vec<Line> = lines.into_values().collect();
    for l in &mut out {
        let (p, b) = (l.planned.unwrap_or(0), l.billed.unwrap_or(0));
        l.difference = to_i64(b).saturating_sub(to_i64(p));
        l.status = match (l.planned, l.billed) {
            (Some(_), None) => LineStatus::Missing,
            (None, _) => LineStatus::Extra,
            _ if p == b => LineStatus::Match,
            _ => LineStatus::Differs,
        };
        if l.status != LineStatus::Match {
            totals.differences += 1;
        }
        match l.kind {
            EntryKind::Split => {
                totals.planned_split = totals.planned_split.saturating_add(p);
                totals.billed_split = totals.billed_split.saturating_add(b);
            }
            EntryKind::Return => {
                totals.planned_return = totals.planned_return.saturating_add(p);
                totals.billed_return = totals.billed_return.saturating_add(b);
            }
            EntryKind::Other => {}
        }
    }
    // Grouped by order, its splits before its returns.
    out.sort_by(|a, b| (&a.order, a.kind, &a.out_no, &a.account).cmp(&(&b.order, b.kind, &b.out_no, &b.account)));
    let ok = totals.differences == 0;
    Reconciliation { lines: out, totals, ok }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bill::parse::parse_bill;

    const BILL: &str = include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.csv");
    const LEDGER: &str = include_str!("../../tests/fixtures/bill/profitsharing-2026-12-01.ledger.json");

    #[test]
    fn missing_extra_differs_and_return() {
        let bill = parse_bill(BILL.as_bytes()).unwrap();
        let planned = Planned::from_value(serde_json::from_str(LEDGER).unwrap()).unwrap();
        let r = reconcile(&bill, &planned);
        let view: Vec<(&str, &str, LineStatus, i64)> = r.lines.iter().map(|l| (l.out_no.as_str(), l.account.as_str(), l.status, l.difference)).collect();
        assert_eq!(
            view,
            vec![
                ("P20261201001", "1900000109", LineStatus::Match, 0),
                ("P20261201001", "1900000110", LineStatus::Match, 0),
                ("R20261201001", "1900000109", LineStatus::Match, 0),
                ("P20261201002", "1900000111", LineStatus::Differs, -2),
                ("P20261201003", "1900000109", LineStatus::Missing, -200),
                ("P20261201004", "1900000112", LineStatus::Extra, 13),
            ]
        );
        assert_eq!(r.totals, Totals { planned_split: 2699, billed_split: 2510, planned_return: 300, billed_return: 300, differences: 3 });
        assert!(!r.ok);
        assert_eq!(r.lines[2].order, "P20261201001", "a return is grouped under its split");
    }

    #[test]
    fn split_plan_file_and_bad_inputs() {
        let plan = serde_json::json!({"kind": PLAN_KIND, "version": 1, "order": {"amount": 1}, "operations": [
            {"op":"split","outOrderNo":"P20261201001","receivers":[{"type":"MERCHANT_ID","account":"1900000109","amount":1500},{"type":"MERCHANT_ID","account":"1900000110","amount":500}]},
            {"op":"return","outReturnNo":"R20261201001","outOrderNo":"P20261201001","account":"1900000109","amount":300},
            {"op":"finish","outOrderNo":"F1"}]});
        let p = Planned::from_value(plan).unwrap();
        assert_eq!(p.0.len(), 3);
        let bill = parse_bill(BILL.as_bytes()).unwrap();
        let r = reconcile(&bill, &p);
        assert_eq!(r.totals.differences, 2, "the two other payments' rows are extra");
        assert_eq!(Planned::from_value(serde_json::json!({"kind":"x"})).unwrap_err().code(), "ERR_WXPAY_VALIDATION");
        assert!(Planned::from_value(
            serde_json::json!({"kind":LEDGER_KIND,"version":1,"entries":[{"kind":"split","outOrderNo":"P","account":"a","amount":1.5}]})
        )
        .is_err());
        assert!(Planned::from_value(
            serde_json::json!({"kind":LEDGER_KIND,"version":1,"entries":[{"kind":"return","outOrderNo":"P","account":"a","amount":1}]})
        )
        .is_err());
    }
}
