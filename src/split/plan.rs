//! Checks one split request against an order's current state and a [`Policy`].
//!
//! The cap is cumulative over all splits of the order (spec B.0 "Max ratio"):
//! `Σ splits ≤ ⌊splittable × maxRatioBp / 10000⌋`, rounded down so a plan
//! that passes here cannot be one fen over at WeChat. Returns do not free cap
//! or remaining amount (spec B.0 "Refund interplay", B.5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::allocate::BP_ONE;
use super::fee::{self, Fee};
use super::policy::Policy;
use super::violation::{self, fmt_bp, join, Violation, ViolationCode};
use crate::api::fen::NOT_POSITIVE_MESSAGE;

pub use crate::api::profitsharing::types::ReceiverType;

/// One receiver of a split: who and how many fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SplitReceiver {
    #[serde(rename = "type")]
    pub receiver_type: ReceiverType,
    pub account: String,
    pub amount: u64,
}

/// One split request (spec B.3), reduced to what the arithmetic needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SplitRequest {
    /// Needed in a simulation so returns can name the split; optional for `check_plan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    pub receivers: Vec<SplitReceiver>,
    /// B.3 `finish`: unfreeze the remainder to the sub-merchant after this split.
    #[serde(default)]
    pub finish: bool,
}

impl SplitRequest {
    /// Σ amounts; u128 so any number of u64 amounts adds up without overflow.
    pub fn total(&self) -> u128 {
        self.receivers.iter().map(|r| u128::from(r.amount)).sum()
    }
}

/// An order's money and split state. Give `fee`, `splittable`, both (they must
/// agree) or neither (no fee).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Order {
    /// Order amount in fen.
    pub amount: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// Amount after the fee, when known directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub splittable: Option<u64>,
    /// Σ amounts of earlier splits (gross: returns do not lower it).
    #[serde(default)]
    pub already_split: u64,
    /// Split requests already made on this order.
    #[serde(default)]
    pub split_count: u32,
    /// A finish (or a split with `finish: true`) already happened.
    #[serde(default)]
    pub finished: bool,
}

/// What `check_plan` (`split.checkPlan`) found, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanReport {
    pub ok: bool,
    /// `null` when the order's fee/splittable is invalid.
    pub fee: Option<u64>,
    pub splittable: Option<u64>,
    /// ⌊splittable × maxRatioBp / 10000⌋.
    pub cap: Option<u64>,
    pub already_split: u64,
    /// Σ request amounts (saturated at u64::MAX; a violation gives the exact value).
    pub request_total: u64,
    /// Still frozen and unsplit before this request.
    pub remaining_before: Option<u64>,
    /// After this request if it were accepted (0 when `finish`).
    pub remaining_after: Option<u64>,
    /// Unfrozen to the sub-merchant when the request has `finish: true`.
    pub unfrozen: Option<u64>,
    /// The limits the request was checked against (the defaults filled in), so a
    /// host shows the package's policy instead of keeping its own copy.
    pub policy: Policy,
    pub violations: Vec<Violation>,
}

impl PlanReport {
    /// `Err(Error::Validation)` when anything was found.
    pub fn into_result(self) -> crate::Result<()> {
        violation::into_result(self.violations)
    }
}

/// The order state a split is checked against (shared with the ledger).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SplitState {
    /// `None` when the order itself is invalid: amount checks are skipped.
    pub splittable: Option<u64>,
    pub split_total: u64,
    pub remaining: u64,
    pub split_count: u32,
    pub finished: bool,
}

/// `⌊splittable × ratio / 10000⌋`; `None` for a ratio above 100 %.
pub fn ratio_cap(splittable: u64, max_ratio_bp: u32) -> Option<u64> {
    if max_ratio_bp > BP_ONE {
        return None;
    }
    u64::try_from(u128::from(splittable) * u128::from(max_ratio_bp) / u128::from(BP_ONE)).ok()
}

pub(crate) fn check_policy(policy: &Policy) -> Vec<Violation> {
    if policy.max_ratio_bp > BP_ONE {
        vec![Violation::new(
            "policy.maxRatioBp",
            ViolationCode::PolicyInvalid,
            format!("maxRatioBp {} is above 10000 (100 %); 3000 = 30 %", policy.max_ratio_bp),
        )]
    } else {
        Vec::new()
    }
}

/// The sentence for a receiver type outside [`ReceiverType::KNOWN`], shared with the builders.
pub(crate) fn receiver_type_message(t: &ReceiverType) -> String {
    format!("is {:?}; expected one of {:?}", t.as_str(), ReceiverType::KNOWN)
}

/// One receiver as the receiver rules see it; `None` where the caller's value was
/// missing or unusable (already reported by the caller's own field checks).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReceiverRef<'a> {
    pub receiver_type: Option<&'a ReceiverType>,
    pub account: Option<&'a str>,
    pub amount: Option<u64>,
}

/// The receiver rules of one split request, the same for `split.checkPlan`,
/// `split.simulate` and `profitSharing.createOrder` (one code per mistake):
/// `no_receivers` / `too_many_receivers` at `receivers`, `duplicate_receiver` at
/// `receivers[i]` (same known type and account as an earlier entry), `not_positive`
/// at `receivers[i].amount`.
pub(crate) fn check_receivers(receivers: &[ReceiverRef<'_>], policy: &Policy, receivers_path: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    let n = receivers.len();
    if n == 0 {
        out.push(Violation::new(receivers_path, ViolationCode::NoReceivers, "at least one receiver is required"));
    } else if u64::try_from(n).unwrap_or(u64::MAX) > u64::from(policy.max_receivers_per_request) {
        out.push(Violation::new(receivers_path, ViolationCode::TooManyReceivers, policy.too_many_receivers_message(n)));
    }
    let mut seen: BTreeMap<(&ReceiverType, &str), usize> = BTreeMap::new();
    for (i, r) in receivers.iter().enumerate() {
        // Made only for a violation: formatting it for every receiver was most of this loop.
        let at = || format!("{receivers_path}[{i}]");
        if let (Some(ty), Some(account)) = (r.receiver_type.filter(|t| t.is_known()), r.account.filter(|a| !a.is_empty())) {
            if let Some(first) = seen.get(&(ty, account)) {
                // The account is not echoed: an openid is personal data.
                out.push(Violation::new(
                    at(),
                    ViolationCode::DuplicateReceiver,
                    format!("is the same {ty} account as {receivers_path}[{first}]; merge the amounts into one entry"),
                ));
            } else {
                seen.insert((ty, account), i);
            }
        }
        if r.amount == Some(0) {
            out.push(Violation::new(format!("{}.amount", at()), ViolationCode::NotPositive, NOT_POSITIVE_MESSAGE));
        }
    }
    out
}

/// Every rule one split request can break. `prefix` locates the request
/// (`""` or `operations[3]`); `state_path` is where order-state findings
/// (finished, split count) are reported for this caller.
pub(crate) fn check_split(state: &SplitState, req: &SplitRequest, policy: &Policy, prefix: &str, state_path: &dyn Fn(&str) -> String) -> Vec<Violation> {
    let mut out = Vec::new();
    let receivers_path = join(prefix, "receivers");

    if state.finished {
        out.push(Violation::new(
            state_path("finished"),
            ViolationCode::OrderFinished,
            "the order is already finished (remainder unfrozen); no further split is possible (订单已完结分账，不支持分账)",
        ));
    }
    let count_after = u64::from(state.split_count).saturating_add(1);
    if count_after > u64::from(policy.max_splits_per_order) {
        out.push(Violation::new(state_path("splitCount"), ViolationCode::TooManySplits, policy.too_many_splits_message(count_after)));
    }

    if req.out_order_no.as_deref() == Some("") {
        out.push(Violation::new(join(prefix, "outOrderNo"), ViolationCode::Required, "outOrderNo must be omitted or non-empty"));
    }
    let refs: Vec<ReceiverRef<'_>> = req
        .receivers
        .iter()
        .map(|r| ReceiverRef { receiver_type: Some(&r.receiver_type), account: Some(r.account.as_str()), amount: Some(r.amount) })
        .collect();
    out.extend(check_receivers(&refs, policy, &receivers_path));
    for (i, r) in req.receivers.iter().enumerate() {
        let at = format!("{receivers_path}[{i}]");
        if !r.receiver_type.is_known() {
            out.push(Violation::new(format!("{at}.type"), ViolationCode::InvalidEnum, receiver_type_message(&r.receiver_type)));
        }
        if r.account.is_empty() {
            out.push(Violation::new(format!("{at}.account"), ViolationCode::Required, "account is required"));
        }
    }

    // Amount checks are meaningless once finished (remaining is 0) or without a valid order.
    let Some(splittable) = state.splittable.filter(|_| !state.finished) else { return out };
    let total = req.total();
    let cumulative = u128::from(state.split_total) + total;
    if let Some(cap) = ratio_cap(splittable, policy.max_ratio_bp) {
        if cumulative > u128::from(cap) {
            out.push(Violation::new(
                receivers_path.clone(),
                ViolationCode::RatioCapExceeded,
                format!(
                    "cumulative split {cumulative} fen (already {} + this request {total}) exceeds the {} cap of {cap} fen on splittable {splittable} fen (分账金额超出最大分账比例)",
                    state.split_total,
                    fmt_bp(u64::from(policy.max_ratio_bp))
                ),
            ));
        }
    }
    if total > u128::from(state.remaining) {
        out.push(Violation::new(
            receivers_path,
            ViolationCode::ExceedsRemaining,
            format!(
                "this request splits {total} fen but only {} fen remain unsplit (splittable {splittable} − already split {}) (分账金额不足)",
                state.remaining, state.split_total
            ),
        ));
    }
    out
}

/// Checks `request` against `order` and `policy`, reporting every violation at once.
///
/// Paths: request findings are `receivers`, `receivers[1].amount`; order
/// findings are `order.fee.ratePpm`, `order.alreadySplit`, `order.finished`,
/// `order.splitCount`; policy findings are `policy.maxRatioBp`.
pub fn check_plan(order: &Order, request: &SplitRequest, policy: &Policy) -> PlanReport {
    let mut violations = check_policy(policy);
    let breakdown = match fee::resolve(order.amount, order.fee, order.splittable, "order") {
        Ok(b) => Some(b),
        Err(mut v) => {
            violations.append(&mut v);
            None
        }
    };
    let splittable = match breakdown {
        Some(b) if order.already_split > b.splittable => {
            violations.push(Violation::new(
                "order.alreadySplit",
                ViolationCode::AlreadySplitExceedsSplittable,
                format!("already split {} fen is more than the splittable {} fen", order.already_split, b.splittable),
            ));
            None
        }
        Some(b) => Some(b.splittable),
        None => None,
    };
    let remaining_before = splittable.map(|s| if order.finished { 0 } else { s.saturating_sub(order.already_split) });
    let state = SplitState {
        splittable,
        split_total: order.already_split,
        remaining: remaining_before.unwrap_or(0),
        split_count: order.split_count,
        finished: order.finished,
    };
    violations.append(&mut check_split(&state, request, policy, "", &|f| format!("order.{f}")));

    let total = request.total();
    let request_total = u64::try_from(total).unwrap_or(u64::MAX);
    let left = remaining_before.and_then(|r| u64::try_from(u128::from(r).checked_sub(total)?).ok());
    PlanReport {
        ok: violations.is_empty(),
        fee: breakdown.map(|b| b.fee),
        splittable,
        cap: splittable.and_then(|s| ratio_cap(s, policy.max_ratio_bp)),
        already_split: order.already_split,
        request_total,
        remaining_before,
        remaining_after: left.map(|l| if request.finish { 0 } else { l }),
        unfrozen: if request.finish { left } else { None },
        policy: *policy,
        violations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rcv(account: &str, amount: u64) -> SplitReceiver {
        SplitReceiver { receiver_type: ReceiverType::MerchantId, account: account.into(), amount }
    }
    fn req(receivers: Vec<SplitReceiver>) -> SplitRequest {
        SplitRequest { out_order_no: None, receivers, finish: false }
    }
    fn order(amount: u64) -> Order {
        Order { amount, fee: None, splittable: None, already_split: 0, split_count: 0, finished: false }
    }
    fn codes(r: &PlanReport) -> Vec<(&str, ViolationCode)> {
        r.violations.iter().map(|v| (v.path.as_str(), ViolationCode::parse(v.code).unwrap())).collect()
    }

    #[test]
    fn hand_case_cap_2982() {
        let o = Order { fee: Some(Fee::RatePpm(6000)), ..order(10_000) };
        let ok = check_plan(&o, &req(vec![rcv("a", 2_000), rcv("b", 982)]), &Policy::default());
        assert!(ok.ok, "{:?}", ok.violations);
        assert_eq!((ok.fee, ok.splittable, ok.cap), (Some(60), Some(9_940), Some(2_982)));
        assert_eq!(ok.remaining_after, Some(9_940 - 2_982));

        let over = check_plan(&o, &req(vec![rcv("a", 2_000), rcv("b", 983)]), &Policy::default());
        assert_eq!(codes(&over), vec![("receivers", ViolationCode::RatioCapExceeded)]);
        let msg = over.violations.first().map(|v| v.message.as_str()).unwrap_or("");
        assert!(msg.contains("2983") && msg.contains("2982") && msg.contains("30.00 %"), "{msg}");
    }

    #[test]
    fn cap_is_cumulative() {
        let o = Order { already_split: 2_900, split_count: 3, ..order(10_000) };
        // cap = 3000; 2900 + 100 ok, + 101 not.
        assert!(check_plan(&o, &req(vec![rcv("a", 100)]), &Policy::default()).ok);
        let r = check_plan(&o, &req(vec![rcv("a", 101)]), &Policy::default());
        assert_eq!(codes(&r), vec![("receivers", ViolationCode::RatioCapExceeded)]);
    }

    #[test]
    fn exceeds_remaining_with_full_ratio() {
        let p = Policy { max_ratio_bp: 10_000, ..Policy::default() };
        let o = Order { already_split: 9_000, ..order(10_000) };
        let r = check_plan(&o, &req(vec![rcv("a", 1_001)]), &p);
        assert_eq!(codes(&r), vec![("receivers", ViolationCode::RatioCapExceeded), ("receivers", ViolationCode::ExceedsRemaining)]);
        assert!(check_plan(&o, &req(vec![rcv("a", 1_000)]), &p).ok);
    }

    #[test]
    fn all_request_violations_at_once() {
        let o = Order { split_count: 20, ..order(10_000) };
        let r = check_plan(&o, &req(vec![rcv("a", 1), rcv("b", 0), rcv("a", 1), rcv("", 1), rcv("c", 1), rcv("d", 1)]), &Policy::default());
        assert_eq!(
            codes(&r),
            vec![
                ("order.splitCount", ViolationCode::TooManySplits),
                ("receivers", ViolationCode::TooManyReceivers),
                ("receivers[1].amount", ViolationCode::NotPositive),
                ("receivers[2]", ViolationCode::DuplicateReceiver),
                ("receivers[3].account", ViolationCode::Required),
            ]
        );
    }

    #[test]
    fn empty_out_order_no() {
        let r = SplitRequest { out_order_no: Some(String::new()), ..req(vec![rcv("a", 1)]) };
        let r = check_plan(&order(100), &r, &Policy::default());
        assert_eq!(codes(&r), vec![("outOrderNo", ViolationCode::Required)]);
    }

    #[test]
    fn same_account_different_type_is_not_duplicate() {
        let mut b = rcv("x", 1);
        b.receiver_type = ReceiverType::PersonalOpenid;
        assert!(check_plan(&order(100), &req(vec![rcv("x", 1), b]), &Policy::default()).ok);
    }

    #[test]
    fn finished_order() {
        let o = Order { finished: true, already_split: 10, ..order(100) };
        let r = check_plan(&o, &req(vec![rcv("a", 1)]), &Policy::default());
        assert_eq!(codes(&r), vec![("order.finished", ViolationCode::OrderFinished)]);
        assert_eq!(r.remaining_before, Some(0));
    }

    #[test]
    fn empty_request_and_bad_order() {
        let o = Order { already_split: 101, ..order(100) };
        let r = check_plan(&o, &req(vec![]), &Policy { max_ratio_bp: 10_001, ..Policy::default() });
        assert_eq!(
            codes(&r),
            vec![
                ("policy.maxRatioBp", ViolationCode::PolicyInvalid),
                ("order.alreadySplit", ViolationCode::AlreadySplitExceedsSplittable),
                ("receivers", ViolationCode::NoReceivers),
            ]
        );
        let o = Order { fee: Some(Fee::Amount(5)), splittable: Some(90), ..order(100) };
        let r = check_plan(&o, &req(vec![rcv("a", 1)]), &Policy::default());
        assert_eq!(codes(&r), vec![("order.splittable", ViolationCode::FeeMismatch)]);
    }

    #[test]
    fn finish_flag_reports_unfrozen() {
        // Seed 002 query example: 30 fen order, 9 fen to the platform, 21 unfrozen.
        let o = Order { fee: Some(Fee::RatePpm(6000)), ..order(30) };
        let r = check_plan(&o, &SplitRequest { out_order_no: None, receivers: vec![rcv("1586786671", 9)], finish: true }, &Policy::default());
        assert!(r.ok, "{:?}", r.violations);
        assert_eq!((r.cap, r.unfrozen, r.remaining_after), (Some(9), Some(21), Some(0)));
        let r = check_plan(&o, &req(vec![rcv("1586786671", 10)]), &Policy::default());
        assert_eq!(codes(&r), vec![("receivers", ViolationCode::RatioCapExceeded)]);
    }

    #[test]
    fn u64_max_amounts_do_not_panic() {
        let o = Order { already_split: u64::MAX, split_count: u32::MAX, ..order(u64::MAX) };
        let r = check_plan(&o, &req(vec![rcv("a", u64::MAX), rcv("b", u64::MAX)]), &Policy::default());
        assert_eq!(r.request_total, u64::MAX);
        assert!(codes(&r).contains(&("receivers", ViolationCode::RatioCapExceeded)));
        assert!(codes(&r).contains(&("receivers", ViolationCode::ExceedsRemaining)));
        assert!(codes(&r).contains(&("order.splitCount", ViolationCode::TooManySplits)));
        assert!(r.into_result().is_err());
    }

    #[test]
    fn serde_shape() {
        let o: Result<Order, _> = serde_json::from_str(r#"{"amount":10000,"fee":{"ratePpm":6000},"alreadySplit":5,"splitCount":1}"#);
        assert_eq!(o.ok().map(|o| o.already_split), Some(5));
        assert!(serde_json::from_str::<Order>(r#"{"amount":1,"already_split":5}"#).is_err());
        let r: Result<SplitRequest, _> = serde_json::from_str(r#"{"receivers":[{"type":"PERSONAL_OPENID","account":"o1","amount":5}]}"#);
        assert_eq!(r.ok().and_then(|r| r.receivers.first().map(|x| x.receiver_type.clone())), Some(ReceiverType::PersonalOpenid));
        assert!(serde_json::from_str::<SplitRequest>(r#"{"receivers":[{"type":"MERCHANT_ID","account":"1","amount":-5}]}"#).is_err());
    }
}
