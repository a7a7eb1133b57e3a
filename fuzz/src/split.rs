//! `fuzz_split`: split arithmetic (`allocate`, `check_plan`, `simulate`) from
//! JSON as hosts send it, and from binary-built values that reach the u64
//! edges directly. The documented invariants (those `tests/split_props.rs`
//! checks on its narrower input space) are asserted on every run.
//!
//! Framing: `mode:u8`, then by `mode % 6`:
//! 0. `rest` = `{"total":…,"rules":[…],"fee":…}` → allocate;
//! 1. `rest` = `{"order":…,"request":…,"policy":…}` → check_plan (+ simulate);
//! 2. `rest` = `{"order":…,"operations":[…],"policy":…}` → simulate;
//! 3. to 5. the same three built by [`Reader`] (see the `read_*` functions).

use serde_json::Value;
use wechatpay_edge::split::{
    self, allocate_checked, check_plan, largest_remainder, rate_fee, ratio_cap, simulate, AllocationRule, Fee, FinishRequest, Operation, Order, Policy,
    ReceiverType, ReturnRequest, SplitReceiver, SplitRequest, BP_ONE, PPM_ONE,
};

use crate::framing::{Reader, Writer};

pub const ACCOUNTS: &[&str] = &["A", "B", "C", "1900000110", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", ""];
pub const SPLIT_NOS: &[&str] = &["S0", "S1", "S2", "F0", ""];
pub const RETURN_NOS: &[&str] = &["R0", "R1", "R2"];

fn read_type(r: &mut Reader) -> ReceiverType {
    // A type outside the known two (direct sharing's PERSONAL_SUB_OPENID) must be refused, not crash.
    match r.u8() % 3 {
        0 => ReceiverType::MerchantId,
        1 => ReceiverType::PersonalOpenid,
        _ => ReceiverType::Other("PERSONAL_SUB_OPENID".to_owned()),
    }
}

fn read_fee(r: &mut Reader) -> Option<Fee> {
    match r.u8() % 3 {
        0 => None,
        1 => Some(Fee::Amount(r.amount())),
        _ => Some(Fee::RatePpm(r.small_u32())),
    }
}

fn read_policy(r: &mut Reader) -> Policy {
    match r.u8() % 3 {
        0 => Policy::default(),
        1 => Policy::official_2025(),
        _ => Policy { max_ratio_bp: r.small_u32(), max_receivers_per_request: r.small_u32(), max_splits_per_order: r.small_u32() },
    }
}

fn read_order(r: &mut Reader) -> Order {
    let amount = r.amount();
    let fee = read_fee(r);
    let splittable = if r.bool() { Some(r.amount()) } else { None };
    Order { amount, fee, splittable, already_split: r.amount(), split_count: r.small_u32(), finished: r.bool() }
}

fn read_request(r: &mut Reader) -> SplitRequest {
    let out_order_no = if r.bool() { Some(r.choice_or_string(SPLIT_NOS)) } else { None };
    let n = r.u8() % 7;
    let receivers = (0..n).map(|_| SplitReceiver { receiver_type: read_type(r), account: r.choice_or_string(ACCOUNTS), amount: r.amount() }).collect();
    SplitRequest { out_order_no, receivers, finish: r.bool() }
}

fn read_operation(r: &mut Reader) -> Operation {
    match r.u8() % 3 {
        0 => Operation::Split(read_request(r)),
        1 => Operation::Return(ReturnRequest {
            out_return_no: r.choice_or_string(RETURN_NOS),
            out_order_no: r.choice_or_string(SPLIT_NOS),
            account: r.choice_or_string(ACCOUNTS),
            amount: r.amount(),
        }),
        _ => Operation::Finish(FinishRequest { out_order_no: r.choice_or_string(SPLIT_NOS) }),
    }
}

fn read_rules(r: &mut Reader) -> Vec<AllocationRule> {
    let n = r.u8() % 7;
    (0..n)
        .map(|_| AllocationRule {
            receiver_type: read_type(r),
            account: r.choice_or_string(ACCOUNTS),
            percent_bp: if r.bool() { Some(r.small_u32()) } else { None },
            fixed_amount: if r.bool() { Some(r.amount()) } else { None },
        })
        .collect()
}

fn wide(v: u64) -> u128 {
    u128::from(v)
}

fn check_allocate(total: u64, rules: &[AllocationRule], fee: Option<Fee>) {
    let checked = allocate_checked(total, rules, fee);
    let plain = split::allocate(total, rules, fee);
    assert_eq!(checked.is_ok(), plain.is_ok());
    let Ok(a) = checked else { return };
    assert_eq!(wide(a.fee) + wide(a.splittable), wide(total));
    assert_eq!(a.shares.len(), rules.len());
    let sum: u128 = a.shares.iter().map(|s| wide(s.amount)).sum();
    assert_eq!(sum, wide(a.allocated));
    assert_eq!(wide(a.fixed_total) + wide(a.percent_base), wide(a.splittable));
    assert_eq!(wide(a.percent_total), wide(a.percent_base) * u128::from(a.percent_bp_total) / u128::from(BP_ONE));
    assert_eq!(wide(a.allocated) + wide(a.unallocated), wide(a.splittable));
    if a.percent_bp_total == BP_ONE {
        assert_eq!(a.unallocated, 0);
    }
    assert!(a.receivers().iter().all(|s| s.amount > 0));
}

fn check_simulation(order: &Order, ops: &[Operation], policy: &Policy) {
    let s = simulate(order, ops, policy);
    assert_eq!(s.ok, s.violations.is_empty());
    let Some(initial) = s.initial.clone() else {
        assert!(s.steps.is_empty() && !s.ok);
        return;
    };
    let splittable = s.splittable.unwrap_or(0);
    let cap = s.cap.unwrap_or(u64::MAX);
    assert_eq!(s.steps.len(), ops.len());
    let mut prev_remaining = initial.remaining;
    let mut prev_split = initial.split_total;
    for (i, st) in s.steps.iter().enumerate() {
        let x = &st.state;
        assert_eq!(wide(x.split_total) + wide(x.unfrozen) + wide(x.remaining), wide(splittable), "step {i}: {x:?}");
        assert_eq!(wide(x.net_split) + wide(x.returned_total) + wide(x.unfrozen) + wide(x.remaining), wide(splittable), "step {i}");
        let nets: u128 = x.receivers.iter().map(|r| wide(r.net)).sum();
        assert_eq!(nets + wide(s.prior_split), wide(x.net_split), "step {i}");
        for r in &x.receivers {
            assert_eq!(wide(r.net) + wide(r.returned), wide(r.received));
        }
        assert!(x.remaining <= prev_remaining, "step {i}: remaining grew");
        assert!(x.split_total >= prev_split, "step {i}: split total shrank");
        if x.split_total > prev_split {
            assert!(x.split_total <= cap, "step {i}: over the cap");
            assert!(st.applied);
        }
        prev_remaining = x.remaining;
        prev_split = x.split_total;
        let mine: Vec<_> = s.violations.iter().filter(|v| v.step == Some(i)).collect();
        assert_eq!(st.applied, mine.is_empty(), "step {i}");
        let prefix = format!("operations[{i}]");
        for v in mine {
            assert!(v.path.starts_with(&prefix), "{} vs {}", v.path, prefix);
        }
    }
    assert!(s.violations.iter().all(|v| v.step.is_some_and(|i| i < ops.len()) || v.path.starts_with("order") || v.path.starts_with("policy")));
    let _ = serde_json::to_string(&s);
}

fn check_plan_and_simulate(order: &Order, req: &SplitRequest, policy: &Policy) {
    let report = check_plan(order, req, policy);
    let sim = simulate(order, &[Operation::Split(req.clone())], policy);
    assert_eq!(report.ok, sim.ok, "check_plan {:?} vs simulate {:?}", report.violations, sim.violations);
    if report.ok {
        if let Some(last) = sim.final_state.clone() {
            assert_eq!(Some(last.remaining), report.remaining_after);
            let before = sim.initial.as_ref().map(|i| i.unfrozen).unwrap_or(0);
            assert_eq!(last.unfrozen.checked_sub(before), Some(report.unfrozen.unwrap_or(0)));
        }
        assert!(report.cap.is_some_and(|c| wide(order.already_split) + wide(report.request_total) <= wide(c)));
    }
    if let (Some(s), Some(c)) = (report.splittable, report.cap) {
        assert_eq!(ratio_cap(s, policy.max_ratio_bp), Some(c));
    }
    check_simulation(order, &[Operation::Split(req.clone())], policy);
}

fn from<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::from_value(v.clone()).ok()
}

fn policy_of(v: &Value) -> Option<Policy> {
    if v.is_null() {
        Some(Policy::default())
    } else {
        from(v)
    }
}

pub fn run(data: &[u8]) {
    let mut r = Reader::new(data);
    let mode = r.u8() % 6;
    if mode < 3 {
        let Ok(v) = serde_json::from_slice::<Value>(r.rest()) else { return };
        match mode {
            0 => {
                let fee = if v["fee"].is_null() { None } else { from::<Fee>(&v["fee"]) };
                if let (Some(total), Some(rules)) = (from::<u64>(&v["total"]), from::<Vec<AllocationRule>>(&v["rules"])) {
                    check_allocate(total, &rules, fee);
                }
            }
            1 => {
                if let (Some(o), Some(q), Some(p)) = (from::<Order>(&v["order"]), from::<SplitRequest>(&v["request"]), policy_of(&v["policy"])) {
                    check_plan_and_simulate(&o, &q, &p);
                }
            }
            _ => {
                if let (Some(o), Some(ops), Some(p)) = (from::<Order>(&v["order"]), from::<Vec<Operation>>(&v["operations"]), policy_of(&v["policy"])) {
                    check_simulation(&o, &ops, &p);
                }
            }
        }
        return;
    }
    match mode {
        3 => {
            let total = r.amount();
            let fee = read_fee(&mut r);
            let rules = read_rules(&mut r);
            check_allocate(total, &rules, fee);
            let weights: Vec<u32> = rules.iter().filter_map(|x| x.percent_bp).collect();
            if let Some(shares) = largest_remainder(total, &weights) {
                let sum: u128 = shares.iter().map(|s| wide(*s)).sum();
                let bp: u128 = weights.iter().map(|w| u128::from(*w)).sum();
                assert_eq!(sum, wide(total) * bp / u128::from(BP_ONE));
            }
            if let Some(Fee::RatePpm(ppm)) = fee {
                if let Some(f) = rate_fee(total, ppm) {
                    assert!(f <= total && ppm <= PPM_ONE);
                }
            }
        }
        4 => {
            let order = read_order(&mut r);
            let policy = read_policy(&mut r);
            let req = read_request(&mut r);
            check_plan_and_simulate(&order, &req, &policy);
        }
        _ => {
            let order = read_order(&mut r);
            let policy = read_policy(&mut r);
            let n = r.u8() % 12;
            let ops: Vec<Operation> = (0..n).map(|_| read_operation(&mut r)).collect();
            check_simulation(&order, &ops, &policy);
        }
    }
}

fn write_request(w: &mut Writer, no: Option<&str>, receivers: &[(u8, &str, u64)], finish: bool) {
    match no {
        Some(n) => w.bool(true).choose(SPLIT_NOS, n),
        None => w.bool(false),
    };
    w.u8(receivers.len() as u8);
    for (t, a, amount) in receivers {
        w.u8(*t).choose(ACCOUNTS, a).amount(*amount);
    }
    w.bool(finish);
}

fn write_order(w: &mut Writer, amount: u64, rate_ppm: Option<u32>, already_split: u64) {
    w.amount(amount);
    match rate_ppm {
        Some(p) => w.u8(2).small_u32(p),
        None => w.u8(0),
    };
    w.bool(false).amount(already_split).small_u32(0).bool(false);
}

/// Binary seeds for modes 3–5 (the JSON seeds live in fuzz/seeds/fuzz_split).
pub fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new();
    // allocate: 10000 fen, 0.6 % fee, a fixed 100 and 15 % + 85 %.
    w.u8(3).amount(10_000).u8(2).small_u32(6000).u8(3);
    w.u8(0).choice(0).bool(false).bool(true).amount(100);
    w.u8(1).choice(1).bool(true).small_u32(1500).bool(false);
    w.u8(0).choice(2).bool(true).small_u32(8500).bool(false);
    out.push(w.finish());
    w.u8(3).amount(u64::MAX).u8(0).u8(2);
    w.u8(0).choice(0).bool(true).small_u32(10_000).bool(false);
    w.u8(0).choice(1).bool(true).small_u32(u32::MAX).bool(true).amount(u64::MAX);
    out.push(w.finish());
    // check_plan: 100000 fen order, default policy, two receivers.
    w.u8(4);
    write_order(&mut w, 100_000, Some(6000), 0);
    w.u8(0);
    write_request(&mut w, Some("S0"), &[(0, "A", 1000), (1, "B", 2000)], false);
    out.push(w.finish());
    w.u8(4);
    write_order(&mut w, 100_000, None, 29_000);
    w.u8(1);
    write_request(&mut w, Some("S1"), &[(0, "A", 1000)], true);
    out.push(w.finish());
    // simulate: split, partial return, finish.
    w.u8(5);
    write_order(&mut w, 100_000, Some(6000), 0);
    w.u8(1).u8(3);
    w.u8(0);
    write_request(&mut w, Some("S0"), &[(0, "A", 1000), (0, "B", 500)], false);
    w.u8(1).choice(0).choice(0).choice(0).amount(400);
    w.u8(2).choice(3);
    out.push(w.finish());
    out
}
