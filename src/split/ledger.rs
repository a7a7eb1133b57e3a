//! Replays splits, returns and finishes on one order and records the money after each step.
//!
//! Invariants after every step (checked by the property tests):
//! * `splitTotal + unfrozen + remaining = splittable`: each fen of the
//!   splittable amount is split out, unfrozen to the sub-merchant, or still frozen;
//! * `netSplit = splitTotal − returnedTotal`, so
//!   `netSplit + returnedTotal + unfrozen + remaining = splittable`
//!   (returned money goes to the sub-merchant's available balance, spec B.0);
//! * `Σ receivers[].net = netSplit − priorSplit` (splits made before the
//!   simulation have no per-receiver detail);
//! * `remaining` never increases: returns do not restore it (spec B.0, B.5).
//!
//! An operation that breaks a rule is skipped as a whole and the replay goes on,
//! so one run shows every problem; each violation carries its `step`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::fee;
use super::plan::{self, Order, ReceiverType, SplitRequest, SplitState};
use super::policy::Policy;
use super::violation::{Violation, ViolationCode};

/// Split return (spec B.5): pull `amount` back from merchant receiver `account` of split `outOrderNo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReturnRequest {
    pub out_return_no: String,
    /// `outOrderNo` of the split being returned.
    pub out_order_no: String,
    /// The receiver merchant (`return_mchid`).
    pub account: String,
    pub amount: u64,
}

/// Finish (spec B.7): unfreeze everything still unsplit to the sub-merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FinishRequest {
    /// A new number, not a split's (spec B.7).
    pub out_order_no: String,
}

/// One operation. JSON: `{"op":"split","outOrderNo":"P1","receivers":[…]}`,
/// `{"op":"return",…}`, `{"op":"finish","outOrderNo":"F1"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Operation {
    Split(SplitRequest),
    Return(ReturnRequest),
    Finish(FinishRequest),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    Split,
    Return,
    Finish,
}

/// One receiver's running totals over the simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverBalance {
    #[serde(rename = "type")]
    pub receiver_type: ReceiverType,
    pub account: String,
    pub received: u64,
    pub returned: u64,
    /// received − returned.
    pub net: u64,
}

/// The order's money at one point, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub splittable: u64,
    /// Σ accepted split amounts, including `priorSplit`; returns do not lower it.
    pub split_total: u64,
    pub returned_total: u64,
    /// split_total − returned_total.
    pub net_split: u64,
    /// Frozen and not yet split (0 after finish).
    pub remaining: u64,
    /// Unfrozen to the sub-merchant by a finish.
    pub unfrozen: u64,
    pub split_count: u32,
    pub finished: bool,
    /// Receivers in order of first appearance.
    pub receivers: Vec<ReceiverBalance>,
}

/// What happened at `operations[index]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepRecord {
    pub index: usize,
    pub op: OperationKind,
    /// `false` when the operation broke a rule and was skipped.
    pub applied: bool,
    /// Amount unfrozen to the sub-merchant by this step (finish, or split with `finish`).
    pub unfrozen_now: u64,
    pub state: Snapshot,
}

/// The whole replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub ok: bool,
    pub amount: u64,
    /// `null` when the order is invalid; then there are no steps.
    pub fee: Option<u64>,
    pub splittable: Option<u64>,
    pub cap: Option<u64>,
    /// `order.alreadySplit`: split before the simulation.
    pub prior_split: u64,
    pub initial: Option<Snapshot>,
    pub steps: Vec<StepRecord>,
    pub final_state: Option<Snapshot>,
    /// The limits the operations were checked against (the defaults filled in).
    pub policy: Policy,
    pub violations: Vec<Violation>,
}

impl Simulation {
    /// `Err(Error::Validation)` when anything was found.
    pub fn into_result(self) -> crate::Result<()> {
        super::violation::into_result(self.violations)
    }
}

/// Per-split record of who got what, for returns.
struct SplitEntry {
    step: usize,
    receivers: Vec<(ReceiverType, String, u64 /* received */, u64 /* returned */)>,
}

struct Ledger {
    splittable: u64,
    split_total: u64,
    returned_total: u64,
    remaining: u64,
    unfrozen: u64,
    split_count: u32,
    finished: bool,
    /// Step that finished the order; `None` with `finished` = before the simulation.
    finished_at: Option<usize>,
    balances: Vec<ReceiverBalance>,
    balance_index: BTreeMap<(ReceiverType, String), usize>,
    splits: BTreeMap<String, SplitEntry>,
    /// outOrderNo of accepted splits and finishes → step.
    order_nos: BTreeMap<String, usize>,
    /// outOrderNo of rejected splits → step, for a clearer message on returns.
    rejected: BTreeMap<String, usize>,
    return_nos: BTreeMap<String, usize>,
}

impl Ledger {
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            splittable: self.splittable,
            split_total: self.split_total,
            returned_total: self.returned_total,
            net_split: self.split_total.saturating_sub(self.returned_total),
            remaining: self.remaining,
            unfrozen: self.unfrozen,
            split_count: self.split_count,
            finished: self.finished,
            receivers: self.balances.clone(),
        }
    }

    fn state(&self) -> SplitState {
        SplitState {
            splittable: Some(self.splittable),
            split_total: self.split_total,
            remaining: self.remaining,
            split_count: self.split_count,
            finished: self.finished,
        }
    }

    fn duplicate_order_no(&self, no: &str, at: &str, step: usize) -> Option<Violation> {
        self.order_nos.get(no).map(|first| {
            Violation::new(
                format!("{at}.outOrderNo"),
                ViolationCode::DuplicateOutOrderNo,
                format!("outOrderNo {no:?} was already used at operations[{first}]; every split and finish needs a new number"),
            )
            .at_step(Some(step))
        })
    }

    /// Moves all remaining frozen money to the sub-merchant; returns the amount.
    fn finish(&mut self, step: usize) -> u64 {
        let now = self.remaining;
        self.unfrozen = self.unfrozen.saturating_add(now);
        self.remaining = 0;
        self.finished = true;
        self.finished_at = Some(step);
        now
    }

    fn split(&mut self, i: usize, req: &SplitRequest, policy: &Policy) -> Result<u64, Vec<Violation>> {
        let at = format!("operations[{i}]");
        let mut v = plan::check_split(&self.state(), req, policy, &at, &|_| at.clone());
        if self.finished {
            // Say which step finished it.
            if let Some(first) = v.iter_mut().find(|x| x.code == ViolationCode::OrderFinished) {
                first.message = match self.finished_at {
                    Some(s) => format!("the order was finished at operations[{s}]; no further split is possible"),
                    None => "the order was finished before the simulation; no further split is possible".into(),
                };
            }
        }
        if let Some(d) = req.out_order_no.as_ref().and_then(|no| self.duplicate_order_no(no, &at, i)) {
            v.push(d);
        }
        if !v.is_empty() {
            if let Some(no) = &req.out_order_no {
                self.rejected.entry(no.clone()).or_insert(i);
            }
            return Err(v.into_iter().map(|x| x.at_step(Some(i))).collect());
        }

        // check_split guaranteed total ≤ remaining ≤ splittable, so all of this fits u64.
        let total = u64::try_from(req.total()).unwrap_or(u64::MAX);
        self.split_total = self.split_total.saturating_add(total);
        self.remaining = self.remaining.saturating_sub(total);
        self.split_count = self.split_count.saturating_add(1);
        let mut entry = SplitEntry { step: i, receivers: Vec::with_capacity(req.receivers.len()) };
        for r in &req.receivers {
            let key = (r.receiver_type.clone(), r.account.clone());
            let idx = match self.balance_index.get(&key) {
                Some(idx) => *idx,
                None => {
                    self.balances.push(ReceiverBalance {
                        receiver_type: r.receiver_type.clone(),
                        account: r.account.clone(),
                        received: 0,
                        returned: 0,
                        net: 0,
                    });
                    let idx = self.balances.len().saturating_sub(1);
                    self.balance_index.insert(key, idx);
                    idx
                }
            };
            if let Some(b) = self.balances.get_mut(idx) {
                b.received = b.received.saturating_add(r.amount);
                b.net = b.received.saturating_sub(b.returned);
            }
            entry.receivers.push((r.receiver_type.clone(), r.account.clone(), r.amount, 0));
        }
        if let Some(no) = &req.out_order_no {
            self.order_nos.insert(no.clone(), i);
            self.splits.insert(no.clone(), entry);
        }
        Ok(if req.finish { self.finish(i) } else { 0 })
    }

    fn give_back(&mut self, i: usize, req: &ReturnRequest) -> Result<(), Vec<Violation>> {
        let at = format!("operations[{i}]");
        let mut v = Vec::new();
        if req.amount == 0 {
            v.push(Violation::new(format!("{at}.amount"), ViolationCode::NotPositive, "amount must be > 0 fen"));
        }
        if req.out_return_no.is_empty() {
            v.push(Violation::new(format!("{at}.outReturnNo"), ViolationCode::Required, "outReturnNo is required"));
        } else if let Some(first) = self.return_nos.get(&req.out_return_no) {
            v.push(Violation::new(
                format!("{at}.outReturnNo"),
                ViolationCode::DuplicateOutReturnNo,
                format!("outReturnNo {:?} was already used at operations[{first}]; the same number means the same return", req.out_return_no),
            ));
        }
        // Where the receiver sits inside the split entry, once all checks pass.
        let mut slot = None;
        match self.splits.get(&req.out_order_no) {
            None => {
                let why = if let Some(s) = self.rejected.get(&req.out_order_no) {
                    format!("split {:?} at operations[{s}] was rejected, so there is nothing to return", req.out_order_no)
                } else if self.order_nos.contains_key(&req.out_order_no) {
                    format!("{:?} is a finish, not a split", req.out_order_no)
                } else {
                    format!("no split with outOrderNo {:?} in this simulation", req.out_order_no)
                };
                v.push(Violation::new(format!("{at}.outOrderNo"), ViolationCode::UnknownSplit, why));
            }
            Some(entry) => {
                let pos = entry.receivers.iter().position(|(t, a, _, _)| *t == ReceiverType::MerchantId && *a == req.account);
                match pos.and_then(|p| entry.receivers.get(p).map(|r| (p, r))) {
                    Some((p, (_, _, received, returned))) => {
                        let holds = received.saturating_sub(*returned);
                        if req.amount > holds {
                            v.push(Violation::new(
                                format!("{at}.amount"),
                                ViolationCode::ReturnExceedsReceived,
                                format!(
                                    "returns {} fen but {} holds {holds} fen from split {:?} (received {received}, already returned {returned})",
                                    req.amount, req.account, req.out_order_no
                                ),
                            ));
                        }
                        slot = Some(p);
                    }
                    None => {
                        let personal = entry.receivers.iter().any(|(_, a, _, _)| *a == req.account);
                        v.push(if personal {
                            Violation::new(
                                format!("{at}.account"),
                                ViolationCode::PersonalReceiverReturn,
                                format!("{} is a personal receiver in split {:?}; only merchant receivers can be returned", req.account, req.out_order_no),
                            )
                        } else {
                            Violation::new(
                                format!("{at}.account"),
                                ViolationCode::ReceiverNotInSplit,
                                format!("{} was not a receiver of split {:?} (operations[{}])", req.account, req.out_order_no, entry.step),
                            )
                        });
                    }
                }
            }
        }
        if !v.is_empty() {
            return Err(v.into_iter().map(|x| x.at_step(Some(i))).collect());
        }

        // Checked above: amount ≤ what the receiver still holds from that split.
        if let Some(r) = self.splits.get_mut(&req.out_order_no).and_then(|e| slot.and_then(|p| e.receivers.get_mut(p))) {
            r.3 = r.3.saturating_add(req.amount);
        }
        if let Some(b) = self.balance_index.get(&(ReceiverType::MerchantId, req.account.clone())).and_then(|idx| self.balances.get_mut(*idx)) {
            b.returned = b.returned.saturating_add(req.amount);
            b.net = b.received.saturating_sub(b.returned);
        }
        self.returned_total = self.returned_total.saturating_add(req.amount);
        self.return_nos.insert(req.out_return_no.clone(), i);
        Ok(())
    }

    fn finish_op(&mut self, i: usize, req: &FinishRequest) -> Result<u64, Vec<Violation>> {
        let at = format!("operations[{i}]");
        let mut v = Vec::new();
        if self.finished {
            let when = match self.finished_at {
                Some(s) => format!("at operations[{s}]"),
                None => "before the simulation".into(),
            };
            v.push(Violation::new(at.clone(), ViolationCode::OrderFinished, format!("the order was already finished {when}")));
        }
        if req.out_order_no.is_empty() {
            v.push(Violation::new(format!("{at}.outOrderNo"), ViolationCode::Required, "outOrderNo is required"));
        } else if let Some(d) = self.duplicate_order_no(&req.out_order_no, &at, i) {
            v.push(d);
        }
        if !v.is_empty() {
            return Err(v.into_iter().map(|x| x.at_step(Some(i))).collect());
        }
        self.order_nos.insert(req.out_order_no.clone(), i);
        Ok(self.finish(i))
    }
}

/// Replays `operations` on `order` under `policy`. Never panics; every broken
/// rule is reported with its step and the offending operation is skipped.
pub fn simulate(order: &Order, operations: &[Operation], policy: &Policy) -> Simulation {
    let mut violations = plan::check_policy(policy);
    let breakdown = match fee::resolve(order.amount, order.fee, order.splittable, "order") {
        Ok(b) => Some(b),
        Err(mut v) => {
            violations.append(&mut v);
            None
        }
    };
    let valid = breakdown.filter(|b| {
        let fits = order.already_split <= b.splittable;
        if !fits {
            violations.push(Violation::new(
                "order.alreadySplit",
                ViolationCode::AlreadySplitExceedsSplittable,
                format!("already split {} fen is more than the splittable {} fen", order.already_split, b.splittable),
            ));
        }
        fits
    });
    let Some(b) = valid else {
        return Simulation {
            ok: false,
            amount: order.amount,
            fee: breakdown.map(|b| b.fee),
            splittable: breakdown.map(|b| b.splittable),
            cap: None,
            prior_split: order.already_split,
            initial: None,
            steps: Vec::new(),
            final_state: None,
            policy: *policy,
            violations,
        };
    };

    let open = b.splittable.saturating_sub(order.already_split);
    let mut ledger = Ledger {
        splittable: b.splittable,
        split_total: order.already_split,
        returned_total: 0,
        // A finished order has unfrozen whatever had not been split.
        remaining: if order.finished { 0 } else { open },
        unfrozen: if order.finished { open } else { 0 },
        split_count: order.split_count,
        finished: order.finished,
        finished_at: None,
        balances: Vec::new(),
        balance_index: BTreeMap::new(),
        splits: BTreeMap::new(),
        order_nos: BTreeMap::new(),
        rejected: BTreeMap::new(),
        return_nos: BTreeMap::new(),
    };
    let initial = ledger.snapshot();
    let mut steps = Vec::with_capacity(operations.len());
    for (i, op) in operations.iter().enumerate() {
        let (kind, outcome) = match op {
            Operation::Split(r) => (OperationKind::Split, ledger.split(i, r, policy)),
            Operation::Return(r) => (OperationKind::Return, ledger.give_back(i, r).map(|()| 0)),
            Operation::Finish(r) => (OperationKind::Finish, ledger.finish_op(i, r)),
        };
        let (applied, unfrozen_now) = match outcome {
            Ok(u) => (true, u),
            Err(mut v) => {
                violations.append(&mut v);
                (false, 0)
            }
        };
        steps.push(StepRecord { index: i, op: kind, applied, unfrozen_now, state: ledger.snapshot() });
    }
    Simulation {
        ok: violations.is_empty(),
        amount: b.amount,
        fee: Some(b.fee),
        splittable: Some(b.splittable),
        cap: plan::ratio_cap(b.splittable, policy.max_ratio_bp),
        prior_split: order.already_split,
        initial: Some(initial),
        steps,
        final_state: Some(ledger.snapshot()),
        policy: *policy,
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::fee::Fee;
    use crate::split::plan::SplitReceiver;

    fn order(amount: u64) -> Order {
        Order { amount, fee: None, splittable: None, already_split: 0, split_count: 0, finished: false }
    }
    fn m(account: &str, amount: u64) -> SplitReceiver {
        SplitReceiver { receiver_type: ReceiverType::MerchantId, account: account.into(), amount }
    }
    fn split(no: &str, receivers: Vec<SplitReceiver>) -> Operation {
        Operation::Split(SplitRequest { out_order_no: Some(no.into()), receivers, finish: false })
    }
    fn ret(no: &str, of: &str, account: &str, amount: u64) -> Operation {
        Operation::Return(ReturnRequest { out_return_no: no.into(), out_order_no: of.into(), account: account.into(), amount })
    }
    fn finish(no: &str) -> Operation {
        Operation::Finish(FinishRequest { out_order_no: no.into() })
    }
    fn codes(s: &Simulation) -> Vec<(Option<usize>, &str, ViolationCode)> {
        s.violations.iter().map(|v| (v.step, v.path.as_str(), ViolationCode::parse(v.code).unwrap())).collect()
    }
    fn last(s: &Simulation) -> Snapshot {
        s.final_state.clone().unwrap_or_else(|| panic!("no final state"))
    }

    #[test]
    fn hand_case_split_return_finish() {
        // 10000 fen, 0.6 % fee → splittable 9940, cap 2982.
        let o = Order { fee: Some(Fee::RatePpm(6000)), ..order(10_000) };
        let ops = [
            split("P1", vec![m("A", 1_000), m("B", 500)]),
            ret("R1", "P1", "A", 300),
            split("P2", vec![m("A", 1_482)]),
            finish("F1"),
            ret("R2", "P2", "A", 1_482),
        ];
        let s = simulate(&o, &ops, &Policy::default());
        assert!(s.ok, "{:?}", s.violations);
        assert_eq!((s.fee, s.splittable, s.cap), (Some(60), Some(9_940), Some(2_982)));
        let remaining: Vec<u64> = s.steps.iter().map(|st| st.state.remaining).collect();
        // The return at step 1 does not give back splittable amount.
        assert_eq!(remaining, vec![8_440, 8_440, 6_958, 0, 0]);
        assert_eq!(s.steps.get(3).map(|st| st.unfrozen_now), Some(6_958));
        let f = last(&s);
        assert_eq!((f.split_total, f.returned_total, f.net_split, f.unfrozen), (2_982, 1_782, 1_200, 6_958));
        let nets: Vec<(&str, u64, u64, u64)> = f.receivers.iter().map(|r| (r.account.as_str(), r.received, r.returned, r.net)).collect();
        assert_eq!(nets, vec![("A", 2_482, 1_782, 700), ("B", 500, 0, 500)]);
        assert_eq!(f.net_split + f.returned_total + f.unfrozen + f.remaining, 9_940);
    }

    #[test]
    fn seed_002_example_split_with_finish() {
        // 30 fen order: 9 fen (30 %) to the platform, 21 fen unfrozen to the sub-merchant.
        let o = Order { fee: Some(Fee::RatePpm(6000)), ..order(30) };
        let op = Operation::Split(SplitRequest { out_order_no: Some("20200527584262".into()), receivers: vec![m("1586786671", 9)], finish: true });
        let s = simulate(&o, &[op, split("again", vec![m("1586786671", 1)])], &Policy::default());
        assert_eq!(s.steps.first().map(|st| (st.applied, st.unfrozen_now)), Some((true, 21)));
        assert_eq!(codes(&s), vec![(Some(1), "operations[1]", ViolationCode::OrderFinished)]);
        let msg = s.violations.first().map(|v| v.message.clone()).unwrap_or_default();
        assert!(msg.contains("operations[0]"), "{msg}");
    }

    #[test]
    fn every_ledger_violation() {
        let mut p1 = m("P", 5);
        p1.receiver_type = ReceiverType::PersonalOpenid;
        let ops = [
            split("S1", vec![m("A", 100), p1]), // 0 ok
            split("S1", vec![m("A", 1)]),       // 1 duplicate outOrderNo
            ret("R1", "S1", "A", 101),          // 2 more than received
            ret("R2", "S1", "P", 1),            // 3 personal
            ret("R3", "S1", "Z", 1),            // 4 not in split
            ret("R4", "NOPE", "A", 1),          // 5 unknown split
            ret("R5", "S1", "A", 60),           // 6 ok
            ret("R5", "S1", "A", 1),            // 7 duplicate outReturnNo
            ret("R6", "S1", "A", 41),           // 8 only 40 left
            ret("R7", "S1", "A", 0),            // 9 zero
            split("S2", vec![m("A", 3_000)]),   // 10 over cap and remaining? cap 3000, split 105
            ret("R8", "S2", "A", 1),            // 11 split S2 was rejected
            finish("S1"),                       // 12 duplicate outOrderNo
            finish("F1"),                       // 13 ok
            finish("F2"),                       // 14 already finished
            split("S3", vec![m("A", 1)]),       // 15 after finish
            ret("R9", "S1", "A", 40),           // 16 ok: returns allowed after finish
        ];
        let s = simulate(&order(10_000), &ops, &Policy::default());
        assert_eq!(
            codes(&s),
            vec![
                (Some(1), "operations[1].outOrderNo", ViolationCode::DuplicateOutOrderNo),
                (Some(2), "operations[2].amount", ViolationCode::ReturnExceedsReceived),
                (Some(3), "operations[3].account", ViolationCode::PersonalReceiverReturn),
                (Some(4), "operations[4].account", ViolationCode::ReceiverNotInSplit),
                (Some(5), "operations[5].outOrderNo", ViolationCode::UnknownSplit),
                (Some(7), "operations[7].outReturnNo", ViolationCode::DuplicateOutReturnNo),
                (Some(8), "operations[8].amount", ViolationCode::ReturnExceedsReceived),
                (Some(9), "operations[9].amount", ViolationCode::NotPositive),
                (Some(10), "operations[10].receivers", ViolationCode::RatioCapExceeded),
                (Some(11), "operations[11].outOrderNo", ViolationCode::UnknownSplit),
                (Some(12), "operations[12].outOrderNo", ViolationCode::DuplicateOutOrderNo),
                (Some(14), "operations[14]", ViolationCode::OrderFinished),
                (Some(15), "operations[15]", ViolationCode::OrderFinished),
            ]
        );
        let applied: Vec<usize> = s.steps.iter().filter(|st| st.applied).map(|st| st.index).collect();
        assert_eq!(applied, vec![0, 6, 13, 16]);
        let f = last(&s);
        assert_eq!((f.split_total, f.returned_total, f.unfrozen, f.remaining, f.split_count), (105, 100, 9_895, 0, 1));
        assert!(s.violations.iter().any(|v| v.message.contains("was rejected")));
    }

    #[test]
    fn split_request_rules_carry_step_paths() {
        let p = Policy { max_receivers_per_request: 2, max_splits_per_order: 2, ..Policy::default() };
        let ops = [
            split("S1", vec![m("A", 1), m("A", 0), m("B", 1)]),
            split("S2", vec![m("A", 1)]),
            split("S3", vec![m("A", 1)]),
            split("S4", vec![m("A", 1)]),
            split("S5", vec![]),
        ];
        let s = simulate(&Order { split_count: 1, ..order(100) }, &ops, &p);
        assert_eq!(
            codes(&s),
            vec![
                (Some(0), "operations[0].receivers", ViolationCode::TooManyReceivers),
                (Some(0), "operations[0].receivers[1]", ViolationCode::DuplicateReceiver),
                (Some(0), "operations[0].receivers[1].amount", ViolationCode::NotPositive),
                (Some(2), "operations[2]", ViolationCode::TooManySplits),
                (Some(3), "operations[3]", ViolationCode::TooManySplits),
                (Some(4), "operations[4]", ViolationCode::TooManySplits),
                (Some(4), "operations[4].receivers", ViolationCode::NoReceivers),
            ]
        );
    }

    #[test]
    fn remaining_check_with_prior_state() {
        let p = Policy { max_ratio_bp: 10_000, ..Policy::default() };
        let o = Order { splittable: Some(1_000), already_split: 900, split_count: 1, ..order(1_010) };
        let s = simulate(&o, &[split("S", vec![m("A", 101)]), split("T", vec![m("A", 100)])], &p);
        assert_eq!(
            codes(&s),
            vec![(Some(0), "operations[0].receivers", ViolationCode::RatioCapExceeded), (Some(0), "operations[0].receivers", ViolationCode::ExceedsRemaining),]
        );
        let f = last(&s);
        assert_eq!((f.split_total, f.remaining, f.split_count), (1_000, 0, 2));
        // Σ receivers' net covers only splits made inside the simulation.
        let net: u64 = f.receivers.iter().map(|r| r.net).sum();
        assert_eq!(net, f.net_split - s.prior_split);
    }

    #[test]
    fn finished_order_input() {
        let o = Order { already_split: 100, finished: true, ..order(1_000) };
        let s = simulate(&o, &[finish("F"), split("S", vec![m("A", 1)])], &Policy::default());
        let init = s.initial.clone().unwrap_or_else(|| panic!("no initial"));
        assert_eq!((init.remaining, init.unfrozen), (0, 900));
        assert_eq!(codes(&s), vec![(Some(0), "operations[0]", ViolationCode::OrderFinished), (Some(1), "operations[1]", ViolationCode::OrderFinished)]);
        assert!(s.violations.iter().all(|v| v.message.contains("before the simulation")));
    }

    #[test]
    fn invalid_order_has_no_steps() {
        let o = Order { fee: Some(Fee::Amount(2_000)), ..order(1_000) };
        let s = simulate(&o, &[finish("F")], &Policy::default());
        assert!(!s.ok && s.steps.is_empty() && s.final_state.is_none());
        assert_eq!(codes(&s), vec![(None, "order.fee.amount", ViolationCode::FeeExceedsAmount)]);
        let s = simulate(&Order { already_split: 2, ..order(1) }, &[], &Policy::default());
        assert_eq!(codes(&s), vec![(None, "order.alreadySplit", ViolationCode::AlreadySplitExceedsSplittable)]);
    }

    #[test]
    fn empty_numbers_are_required() {
        let ops =
            [Operation::Split(SplitRequest { out_order_no: Some(String::new()), receivers: vec![m("A", 1)], finish: false }), ret("", "x", "A", 1), finish("")];
        let s = simulate(&order(100), &ops, &Policy::default());
        let c = codes(&s);
        assert!(c.contains(&(Some(0), "operations[0].outOrderNo", ViolationCode::Required)));
        assert!(c.contains(&(Some(1), "operations[1].outReturnNo", ViolationCode::Required)));
        assert!(c.contains(&(Some(2), "operations[2].outOrderNo", ViolationCode::Required)));
    }

    #[test]
    fn u64_max_does_not_panic() {
        let p = Policy { max_ratio_bp: 10_000, ..Policy::default() };
        let o = order(u64::MAX);
        let ops = [
            split("A", vec![m("A", u64::MAX), m("B", u64::MAX)]),
            split("B", vec![m("A", u64::MAX)]),
            ret("R", "B", "A", u64::MAX),
            ret("R2", "B", "A", 1),
            finish("F"),
        ];
        let s = simulate(&o, &ops, &p);
        let f = last(&s);
        assert_eq!((f.split_total, f.returned_total, f.remaining, f.unfrozen), (u64::MAX, u64::MAX, 0, 0));
        assert_eq!(codes(&s).len(), 3);
    }

    #[test]
    fn serde_round_trip() {
        let json = r#"[
            {"op":"split","outOrderNo":"P1","receivers":[{"type":"MERCHANT_ID","account":"1900000110","amount":100}]},
            {"op":"return","outReturnNo":"R1","outOrderNo":"P1","account":"1900000110","amount":10},
            {"op":"finish","outOrderNo":"F1"}
        ]"#;
        let ops: Vec<Operation> = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(ops.len(), 3);
        // Unknown fields are refused inside tagged variants too.
        let bad = r#"[{"op":"finish","outOrderNo":"F1","description":"x"}]"#;
        assert!(serde_json::from_str::<Vec<Operation>>(bad).is_err());
        let bad = r#"[{"op":"refund","outOrderNo":"F1"}]"#;
        assert!(serde_json::from_str::<Vec<Operation>>(bad).is_err());

        let s = simulate(&order(1_000), &ops, &Policy::default());
        let v = serde_json::to_value(&s).unwrap_or_default();
        assert_eq!(v["finalState"]["unfrozen"], 900);
        assert_eq!(v["steps"][1]["op"], "return");
        assert_eq!(v["steps"][0]["state"]["receivers"][0]["type"], "MERCHANT_ID");
        let back: Result<Simulation, _> = serde_json::from_value(v);
        assert_eq!(back.ok(), Some(s));
    }
}
