//! Property tests for the split arithmetic (integer fen, no floats).

use proptest::prelude::*;
use wechatpay_edge::split::{
    allocate_checked, check_plan, largest_remainder, rate_fee, ratio_cap, simulate, AllocationRule, Fee, FinishRequest, Operation, Order, Policy, ReceiverType,
    ReturnRequest, Simulation, SplitReceiver, SplitRequest, BP_ONE, PPM_ONE,
};

fn money() -> impl Strategy<Value = u64> {
    prop_oneof![
        24 => 1u64..1_500,
        1 => Just(0u64),
        1 => Just(u64::MAX),
        1 => any::<u64>(),
    ]
}

fn receiver_type() -> impl Strategy<Value = ReceiverType> {
    prop_oneof![5 => Just(ReceiverType::MerchantId), 1 => Just(ReceiverType::PersonalOpenid)]
}

/// Receivers come from a wider pool than returns target, so duplicates stay occasional
/// while returns still often name a real receiver.
fn account() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"]).prop_map(str::to_owned)
}

fn return_account() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["A", "B", "C", "D"]).prop_map(str::to_owned)
}

fn receiver() -> impl Strategy<Value = SplitReceiver> {
    (receiver_type(), account(), money()).prop_map(|(receiver_type, account, amount)| SplitReceiver { receiver_type, account, amount })
}

fn split_request() -> impl Strategy<Value = SplitRequest> {
    (
        prop::option::weighted(0.9, prop::sample::select(vec!["S0", "S1", "S2", "S3", ""])),
        prop_oneof![8 => prop::collection::vec(receiver(), 1..4), 1 => prop::collection::vec(receiver(), 0..9)],
        prop::bool::weighted(0.03),
    )
        .prop_map(|(no, receivers, finish)| SplitRequest { out_order_no: no.map(str::to_owned), receivers, finish })
}

fn operation() -> impl Strategy<Value = Operation> {
    let ret = (
        prop::sample::select(vec!["R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7"]),
        prop::sample::select(vec!["S0", "S1", "S2", "S3", "F0"]),
        return_account(),
        prop_oneof![8 => 1u64..800, 1 => money()],
    )
        .prop_map(|(r, s, account, amount)| Operation::Return(ReturnRequest { out_return_no: r.into(), out_order_no: s.into(), account, amount }));
    let fin = prop::sample::select(vec!["F0", "F1", "S0"]).prop_map(|no| Operation::Finish(FinishRequest { out_order_no: no.into() }));
    prop_oneof![10 => split_request().prop_map(Operation::Split), 8 => ret, 1 => fin]
}

/// Operations with mostly fresh numbers: split i is `S{i}`, return i is `R{i}` and names
/// an earlier split; `keep` leaves the random (often reused or unknown) number in place.
fn operations() -> impl Strategy<Value = Vec<Operation>> {
    prop::collection::vec((operation(), any::<u8>(), prop::bool::weighted(0.1)), 0..25).prop_map(|v| {
        // (outOrderNo, receiver accounts) of earlier splits.
        let mut splits: Vec<(String, Vec<String>)> = Vec::new();
        let mut out = Vec::with_capacity(v.len());
        for (i, (op, pick, keep)) in v.into_iter().enumerate() {
            out.push(match op {
                Operation::Split(mut r) if !keep && r.out_order_no.is_some() => {
                    r.out_order_no = Some(format!("S{i}"));
                    splits.push((format!("S{i}"), r.receivers.iter().map(|x| x.account.clone()).collect()));
                    Operation::Split(r)
                }
                Operation::Return(mut r) if !keep => {
                    r.out_return_no = format!("R{i}");
                    if let Some((s, accounts)) = splits.get(usize::from(pick) % splits.len().max(1)) {
                        r.out_order_no = s.clone();
                        if let Some(a) = accounts.get(usize::from(pick / 8) % accounts.len().max(1)) {
                            r.account = a.clone();
                        }
                    }
                    Operation::Return(r)
                }
                Operation::Finish(mut r) if !keep => {
                    r.out_order_no = format!("F{i}");
                    Operation::Finish(r)
                }
                other => other,
            });
        }
        out
    })
}

fn order() -> impl Strategy<Value = Order> {
    (
        prop_oneof![8 => 10_000u64..200_000, 1 => 1u64..10_000, 1 => any::<u64>(), 1 => Just(u64::MAX)],
        prop_oneof![
            2 => Just(None),
            2 => (0u32..20_000).prop_map(|p| Some(Fee::RatePpm(p))),
            1 => (0u64..1_000).prop_map(|f| Some(Fee::Amount(f))),
        ],
        prop_oneof![6 => Just(0u64), 2 => 0u64..5_000, 1 => any::<u64>()],
        prop_oneof![6 => Just(0u32), 1 => 0u32..25],
        prop::bool::weighted(0.05),
    )
        .prop_map(|(amount, fee, already_split, split_count, finished)| Order { amount, fee, splittable: None, already_split, split_count, finished })
}

fn policy() -> impl Strategy<Value = Policy> {
    (prop_oneof![4 => Just(3000u32), 1 => 0u32..=10_000, 2 => Just(10_000u32)], prop_oneof![4 => 3u32..8, 1 => 1u32..3], 1u32..25)
        .prop_map(|(max_ratio_bp, max_receivers_per_request, max_splits_per_order)| Policy { max_ratio_bp, max_receivers_per_request, max_splits_per_order })
}

/// k weights that add up to exactly 10000 bp.
fn full_weights() -> impl Strategy<Value = Vec<u32>> {
    prop::collection::vec(0u32..=BP_ONE, 0..6).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(BP_ONE);
        cuts.sort_unstable();
        cuts.windows(2).map(|w| w.get(1).copied().unwrap_or(0) - w.first().copied().unwrap_or(0)).collect()
    })
}

proptest! {
    /// Σshares = ⌊base × Σbp / 10000⌋ exactly, each share is ⌊exact⌋ or ⌊exact⌋ + 1.
    #[test]
    fn largest_remainder_is_exact(base in money(), weights in prop::collection::vec(0u32..=2_500, 0..5)) {
        let shares = largest_remainder(base, &weights).unwrap_or_default();
        prop_assert_eq!(shares.len(), weights.len());
        let sum_bp: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        let total: u128 = shares.iter().map(|s| u128::from(*s)).sum();
        prop_assert_eq!(total, u128::from(base) * sum_bp / u128::from(BP_ONE));
        for (s, w) in shares.iter().zip(&weights) {
            let floor = u128::from(base) * u128::from(*w) / u128::from(BP_ONE);
            prop_assert!(u128::from(*s) == floor || u128::from(*s) == floor + 1);
        }
    }

    /// With Σbp = 10000 the shares add up to the base exactly.
    #[test]
    fn full_percent_conserves_base(base in money(), weights in full_weights()) {
        let shares = largest_remainder(base, &weights).unwrap_or_default();
        let total: u128 = shares.iter().map(|s| u128::from(*s)).sum();
        prop_assert_eq!(total, u128::from(base));
    }

    /// Fee: half up, never above the amount, monotone in the amount.
    #[test]
    fn fee_rounds_half_up(amount in money(), ppm in 0u32..=PPM_ONE) {
        let fee = rate_fee(amount, ppm).unwrap_or(u64::MAX);
        prop_assert!(fee <= amount);
        let exact_x1e6 = u128::from(amount) * u128::from(ppm);
        let fee_x1e6 = u128::from(fee) * u128::from(PPM_ONE);
        let half = u128::from(PPM_ONE / 2);
        // fee − ½ ≤ exact < fee + ½
        prop_assert!(fee_x1e6 <= exact_x1e6 + half && exact_x1e6 < fee_x1e6 + half);
        if let Some(next) = amount.checked_add(1) {
            prop_assert!(rate_fee(next, ppm).unwrap_or(0) >= fee);
        }
    }

    /// allocate never panics, and when it succeeds the totals are exact.
    #[test]
    fn allocate_totals(
        amount in prop_oneof![8 => 1u64..1_000_000, 1 => any::<u64>(), 1 => Just(u64::MAX)],
        fee in prop::option::of((0u32..30_000).prop_map(Fee::RatePpm)),
        rules in prop::collection::vec(
            (
                account(),
                prop_oneof![
                    4 => (prop_oneof![6 => 1u32..2_500, 1 => any::<u32>()]).prop_map(|b| (Some(b), None)),
                    4 => money().prop_map(|f| (None, Some(f))),
                    1 => (any::<u32>(), money()).prop_map(|(b, f)| (Some(b), Some(f))),
                    1 => Just((None, None)),
                ],
            ),
            0..6,
        ),
    ) {
        let rules: Vec<AllocationRule> = rules
            .into_iter()
            .map(|(account, (percent_bp, fixed_amount))| AllocationRule { receiver_type: ReceiverType::MerchantId, account, percent_bp, fixed_amount })
            .collect();
        if let Ok(a) = allocate_checked(amount, &rules, fee) {
            prop_assert_eq!(a.fee + a.splittable, amount);
            let sum: u128 = a.shares.iter().map(|s| u128::from(s.amount)).sum();
            prop_assert_eq!(sum, u128::from(a.allocated));
            prop_assert_eq!(u128::from(a.fixed_total) + u128::from(a.percent_base), u128::from(a.splittable));
            prop_assert_eq!(
                u128::from(a.percent_total),
                u128::from(a.percent_base) * u128::from(a.percent_bp_total) / u128::from(BP_ONE)
            );
            prop_assert_eq!(u128::from(a.allocated) + u128::from(a.unallocated), u128::from(a.splittable));
            if a.percent_bp_total == BP_ONE {
                prop_assert_eq!(a.unallocated, 0);
            }
        }
    }

    /// Fixed amounts plus percentages adding to 100 % use up the splittable amount exactly.
    #[test]
    fn allocate_full_percent_leaves_nothing(
        amount in prop_oneof![8 => 1_000u64..1_000_000, 1 => any::<u64>()],
        ppm in 0u32..10_000,
        fixed in prop::collection::vec(1u64..100, 0..3),
        weights in full_weights(),
    ) {
        let mut rules: Vec<AllocationRule> = fixed
            .iter()
            .map(|f| AllocationRule { receiver_type: ReceiverType::MerchantId, account: "F".into(), percent_bp: None, fixed_amount: Some(*f) })
            .collect();
        // Interleave so fixed rules are not always first: order must not matter for the totals.
        for (i, w) in weights.iter().filter(|w| **w > 0).enumerate() {
            let r = AllocationRule { receiver_type: ReceiverType::PersonalOpenid, account: format!("P{i}"), percent_bp: Some(*w), fixed_amount: None };
            rules.insert(i.min(rules.len()), r);
        }
        let a = allocate_checked(amount, &rules, Some(Fee::RatePpm(ppm)));
        prop_assert!(a.is_ok(), "{:?}", a.err());
        if let Ok(a) = a {
            let sum: u128 = a.shares.iter().map(|s| u128::from(s.amount)).sum();
            prop_assert_eq!(sum, u128::from(a.splittable));
            prop_assert_eq!(a.unallocated, 0);
            prop_assert_eq!(a.percent_bp_total, BP_ONE);
        }
    }

    /// Ledger invariants hold after every step, for any operations.
    #[test]
    fn simulate_conserves_money(o in order(), ops in operations(), p in policy()) {
        let s: Simulation = simulate(&o, &ops, &p);
        prop_assert_eq!(s.ok, s.violations.is_empty());
        let Some(initial) = s.initial.clone() else {
            prop_assert!(s.steps.is_empty() && !s.ok);
            return Ok(());
        };
        let splittable = s.splittable.unwrap_or(0);
        let cap = s.cap.unwrap_or(u64::MAX);
        prop_assert_eq!(s.steps.len(), ops.len());
        let mut prev_remaining = initial.remaining;
        let mut prev_split = initial.split_total;
        for (i, st) in s.steps.iter().enumerate() {
            let x = &st.state;
            let wide = |v: u64| u128::from(v);
            // Every fen of the splittable amount is split out, unfrozen or still frozen.
            prop_assert_eq!(wide(x.split_total) + wide(x.unfrozen) + wide(x.remaining), wide(splittable));
            prop_assert_eq!(
                wide(x.net_split) + wide(x.returned_total) + wide(x.unfrozen) + wide(x.remaining),
                wide(splittable)
            );
            let nets: u128 = x.receivers.iter().map(|r| wide(r.net)).sum();
            prop_assert_eq!(nets + wide(s.prior_split), wide(x.net_split));
            for r in &x.receivers {
                prop_assert_eq!(r.net + r.returned, r.received);
            }
            // Monotone: remaining never grows, split total never shrinks (returns restore nothing).
            prop_assert!(x.remaining <= prev_remaining);
            prop_assert!(x.split_total >= prev_split);
            // What the simulation added stays under the cap.
            if x.split_total > prev_split {
                prop_assert!(x.split_total <= cap);
                prop_assert!(st.applied);
            }
            prev_remaining = x.remaining;
            prev_split = x.split_total;
            // A step is skipped exactly when it has violations, all pointing at it.
            let mine: Vec<_> = s.violations.iter().filter(|v| v.step == Some(i)).collect();
            prop_assert_eq!(st.applied, mine.is_empty());
            let prefix = format!("operations[{i}]");
            for v in mine {
                prop_assert!(v.path.starts_with(&prefix), "{} vs {}", v.path, prefix);
            }
        }
        prop_assert!(s.violations.iter().all(|v| v.step.is_some_and(|i| i < ops.len()) || v.path.starts_with("order") || v.path.starts_with("policy")));
    }

    /// A lone split is accepted by simulate exactly when check_plan finds nothing.
    #[test]
    fn check_plan_agrees_with_simulate(o in order(), req in split_request(), p in policy()) {
        let report = check_plan(&o, &req, &p);
        let sim = simulate(&o, &[Operation::Split(req.clone())], &p);
        prop_assert_eq!(report.ok, sim.ok);
        if report.ok {
            let last = sim.final_state.clone().unwrap_or_else(|| unreachable!());
            prop_assert_eq!(Some(last.remaining), report.remaining_after);
            prop_assert_eq!(last.unfrozen.checked_sub(sim.initial.map(|i| i.unfrozen).unwrap_or(0)), Some(report.unfrozen.unwrap_or(0)));
            prop_assert!(report.cap.is_some_and(|c| u128::from(o.already_split) + u128::from(report.request_total) <= u128::from(c)));
        }
        if let (Some(s), Some(c)) = (report.splittable, report.cap) {
            prop_assert_eq!(ratio_cap(s, p.max_ratio_bp), Some(c));
        }
    }

    /// Inputs come from JavaScript: any JSON number shape must not panic the deserialised call.
    #[test]
    fn serde_round_trip_of_operations(ops in prop::collection::vec(operation(), 0..8)) {
        let json = serde_json::to_string(&ops).unwrap_or_default();
        let back: Vec<Operation> = serde_json::from_str(&json).unwrap_or_default();
        prop_assert_eq!(back, ops);
    }
}
