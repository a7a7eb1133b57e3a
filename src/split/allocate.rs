//! Turns allocation rules (fixed fen or basis points) into whole-fen shares.
//!
//! Order of work:
//! 1. splittable = amount − fee (see [`super::fee`]);
//! 2. fixed amounts are taken first;
//! 3. percentages apply to what is left, `percent_base = splittable − Σfixed`.
//!
//! Percent rounding is **largest remainder**: every share starts at
//! `⌊percent_base × bp / 10000⌋`, then the fen still missing to reach
//! `⌊percent_base × Σbp / 10000⌋` go one each to the largest remainders;
//! equal remainders go to the **earlier rule**. So Σ percent shares is exactly
//! `⌊percent_base × Σbp / 10000⌋`, and with Σbp = 10000 the shares add up to
//! the splittable amount exactly.

use serde::{Deserialize, Serialize};

use super::fee::{self, Fee};
use super::plan::{ReceiverType, SplitReceiver};
use super::violation::{self, Violation, ViolationCode};

/// 100 % in basis points.
pub const BP_ONE: u32 = 10_000;

/// One receiver's rule: exactly one of `percentBp` or `fixedAmount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocationRule {
    #[serde(rename = "type")]
    pub receiver_type: ReceiverType,
    pub account: String,
    /// Share of the percent base in basis points (1500 = 15 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_bp: Option<u32>,
    /// Fixed amount in fen, taken before any percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_amount: Option<u64>,
}

/// The result: one share per rule, in rule order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Allocation {
    pub amount: u64,
    pub fee: u64,
    pub splittable: u64,
    /// Σ fixed amounts.
    pub fixed_total: u64,
    /// What percentages apply to: splittable − fixed_total.
    pub percent_base: u64,
    /// Σ percentBp.
    pub percent_bp_total: u32,
    /// Σ percent shares = ⌊percent_base × percent_bp_total / 10000⌋.
    pub percent_total: u64,
    /// fixed_total + percent_total.
    pub allocated: u64,
    /// splittable − allocated (stays with the sub-merchant).
    pub unallocated: u64,
    /// Receivers with their amounts, rule order; 0-fen shares are kept (see `warnings`).
    pub shares: Vec<SplitReceiver>,
    /// Non-fatal findings, e.g. a percentage that rounds to 0 fen.
    #[serde(default)]
    pub warnings: Vec<Violation>,
}

impl Allocation {
    /// The shares WeChat would accept as `receivers` (amount > 0).
    pub fn receivers(&self) -> Vec<SplitReceiver> {
        self.shares.iter().filter(|s| s.amount > 0).cloned().collect()
    }
}

/// Splits `base` by basis-point weights with largest remainder (ties: lower index).
///
/// Returns `None` when Σweights > 10000. Otherwise Σresult is exactly
/// `⌊base × Σweights / 10000⌋` and each share is within 1 fen of its exact value
/// (`⌊exact⌋` or `⌊exact⌋ + 1`).
pub fn largest_remainder(base: u64, weights_bp: &[u32]) -> Option<Vec<u64>> {
    // u128: Σ of u32 cannot overflow it for any slice that fits in memory.
    let sum_bp: u128 = weights_bp.iter().map(|w| u128::from(*w)).sum();
    if sum_bp > u128::from(BP_ONE) {
        return None;
    }
    let one = u128::from(BP_ONE);
    let base = u128::from(base);
    let target = base * sum_bp / one;
    let mut shares: Vec<u128> = Vec::with_capacity(weights_bp.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights_bp.len());
    for (i, w) in weights_bp.iter().enumerate() {
        let exact = base * u128::from(*w);
        shares.push(exact / one);
        remainders.push((exact % one, i));
    }
    let floor_sum: u128 = shares.iter().sum();
    // Σfloor ≤ target < Σfloor + n, so fewer than n fen are left to hand out.
    let mut left = target.saturating_sub(floor_sum);
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        if let Some(s) = shares.get_mut(i) {
            *s += 1;
            left -= 1;
        }
    }
    // Each share ≤ base ≤ u64::MAX.
    shares.into_iter().map(|s| u64::try_from(s).ok()).collect()
}

/// Allocates `total_fen` (the order amount) over `rules` after `fee`.
///
/// Every problem is reported at once as `Error::Validation` with paths such
/// as `rules[2].percentBp`, `fee.ratePpm`.
pub fn allocate(total_fen: u64, rules: &[AllocationRule], fee: Option<Fee>) -> crate::Result<Allocation> {
    allocate_checked(total_fen, rules, fee).map_err(|v| match violation::into_result(v) {
        Err(e) => e,
        Ok(()) => crate::Error::Internal("allocation failed without a reason".into()),
    })
}

/// [`allocate`] with the findings as [`Violation`]s (for the admin page).
pub fn allocate_checked(total_fen: u64, rules: &[AllocationRule], fee: Option<Fee>) -> Result<Allocation, Vec<Violation>> {
    let mut errs = Vec::new();
    let breakdown = match fee::splittable(total_fen, fee) {
        Ok(b) => Some(b),
        Err(v) => {
            errs.push(v);
            None
        }
    };
    if rules.is_empty() {
        errs.push(Violation::new("rules", ViolationCode::Empty, "at least one rule is required"));
    }

    let mut sum_bp: u64 = 0;
    let mut sum_fixed: u128 = 0;
    let mut bp_reported = false;
    let mut fixed_reported = false;
    for (i, r) in rules.iter().enumerate() {
        let at = format!("rules[{i}]");
        if !r.receiver_type.is_known() {
            errs.push(Violation::new(format!("{at}.type"), ViolationCode::InvalidEnum, super::plan::receiver_type_message(&r.receiver_type)));
        }
        if r.account.is_empty() {
            errs.push(Violation::new(format!("{at}.account"), ViolationCode::Required, "account is required"));
        }
        match (r.percent_bp, r.fixed_amount) {
            (Some(_), Some(_)) => errs.push(Violation::new(at.clone(), ViolationCode::PercentAndFixed, "give either percentBp or fixedAmount, not both")),
            (None, None) => {
                errs.push(Violation::new(at.clone(), ViolationCode::PercentOrFixedRequired, "give percentBp (basis points, 1500 = 15 %) or fixedAmount (fen)"))
            }
            (Some(0), None) => errs.push(Violation::new(format!("{at}.percentBp"), ViolationCode::ZeroPercent, "percentBp must be > 0")),
            (None, Some(0)) => errs.push(Violation::new(format!("{at}.fixedAmount"), ViolationCode::NotPositive, "fixedAmount must be > 0 fen")),
            (Some(bp), None) => {
                sum_bp = sum_bp.saturating_add(u64::from(bp));
                // Point at the rule where the running sum first goes over 100 %.
                if sum_bp > u64::from(BP_ONE) && !bp_reported {
                    bp_reported = true;
                    errs.push(Violation::new(
                        format!("{at}.percentBp"),
                        ViolationCode::PercentSumExceeded,
                        format!("percentages add up to {} here, over 100.00 %", violation::fmt_bp(sum_bp)),
                    ));
                }
            }
            (None, Some(f)) => {
                sum_fixed += u128::from(f);
                if let Some(b) = breakdown {
                    if sum_fixed > u128::from(b.splittable) && !fixed_reported {
                        fixed_reported = true;
                        errs.push(Violation::new(
                            format!("{at}.fixedAmount"),
                            ViolationCode::FixedExceedsSplittable,
                            format!(
                                "fixed amounts add up to {sum_fixed} fen here, over the splittable {} fen (amount {} − fee {})",
                                b.splittable, b.amount, b.fee
                            ),
                        ));
                    }
                }
            }
        }
    }

    let Some(b) = breakdown else { return Err(errs) };
    if !errs.is_empty() {
        return Err(errs);
    }
    // Both checked above: Σfixed ≤ splittable, Σbp ≤ 10000.
    let fixed_total = u64::try_from(sum_fixed).unwrap_or(u64::MAX);
    let percent_base = b.splittable.saturating_sub(fixed_total);
    let weights: Vec<u32> = rules.iter().filter_map(|r| r.percent_bp).collect();
    let Some(pct) = largest_remainder(percent_base, &weights) else {
        return Err(vec![Violation::new("rules", ViolationCode::PercentSumExceeded, "percentages add up to over 100.00 %")]);
    };
    let percent_total: u64 = pct.iter().fold(0u64, |a, s| a.saturating_add(*s));
    let mut pct_iter = pct.into_iter();
    let mut shares = Vec::with_capacity(rules.len());
    let mut warnings = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let amount = match r.fixed_amount {
            Some(f) => f,
            None => pct_iter.next().unwrap_or(0),
        };
        if amount == 0 {
            warnings.push(Violation::new(
                format!("rules[{i}].percentBp"),
                ViolationCode::ZeroShare,
                format!(
                    "{} of {percent_base} fen rounds to 0 fen; WeChat rejects 0-fen receivers, so it is left out of receivers()",
                    violation::fmt_bp(u64::from(r.percent_bp.unwrap_or(0)))
                ),
            ));
        }
        shares.push(SplitReceiver { receiver_type: r.receiver_type.clone(), account: r.account.clone(), amount });
    }
    let allocated = fixed_total.saturating_add(percent_total);
    Ok(Allocation {
        amount: b.amount,
        fee: b.fee,
        splittable: b.splittable,
        fixed_total,
        percent_base,
        percent_bp_total: u32::try_from(sum_bp).unwrap_or(u32::MAX),
        percent_total,
        allocated,
        unallocated: b.splittable.saturating_sub(allocated),
        shares,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(account: &str, bp: u32) -> AllocationRule {
        AllocationRule { receiver_type: ReceiverType::MerchantId, account: account.into(), percent_bp: Some(bp), fixed_amount: None }
    }
    fn fixed(account: &str, fen: u64) -> AllocationRule {
        AllocationRule { receiver_type: ReceiverType::MerchantId, account: account.into(), percent_bp: None, fixed_amount: Some(fen) }
    }
    fn amounts(a: &Allocation) -> Vec<u64> {
        a.shares.iter().map(|s| s.amount).collect()
    }
    fn codes(r: Result<Allocation, Vec<Violation>>) -> Vec<(String, ViolationCode)> {
        r.err().unwrap_or_default().into_iter().map(|v| (v.path, ViolationCode::parse(v.code).unwrap())).collect()
    }

    #[test]
    fn hand_case_fee_then_30_percent() {
        // 100.00 yuan, 0.6 % fee → 60 fen; splittable 9940; 30 % → 2982.
        let a = allocate_checked(10_000, &[pct("p", 3000)], Some(Fee::RatePpm(6000)));
        let a = a.ok();
        assert_eq!(a.as_ref().map(|a| (a.fee, a.splittable, a.percent_total)), Some((60, 9_940, 2_982)));
        assert_eq!(a.map(|a| a.unallocated), Some(9_940 - 2_982));
    }

    #[test]
    fn fixed_first_then_percent_of_rest() {
        let a = allocate_checked(10_000, &[pct("a", 5000), fixed("b", 1_000), pct("c", 5000)], None).ok();
        // percent base = 10000 − 1000 = 9000 → 4500 / 1000 / 4500.
        assert_eq!(a.as_ref().map(amounts), Some(vec![4_500, 1_000, 4_500]));
        assert_eq!(a.map(|a| (a.allocated, a.unallocated)), Some((10_000, 0)));
    }

    #[test]
    fn thirds_sum_to_floor_target() {
        // 3 × 3333 bp of 100 fen: exact 33.33 each; Σbp 9999 → target ⌊99.99⌋ = 99.
        assert_eq!(largest_remainder(100, &[3333, 3333, 3333]), Some(vec![33, 33, 33]));
        // 3333/3333/3334 of 10 fen: remainders .333/.333/.334 → the 10th fen goes to the last.
        assert_eq!(largest_remainder(10, &[3333, 3333, 3334]), Some(vec![3, 3, 4]));
    }

    #[test]
    fn ties_go_to_earlier_rule() {
        // ½ fen each, one fen to hand out: the first rule wins.
        assert_eq!(largest_remainder(1, &[5000, 5000]), Some(vec![1, 0]));
        // .6666/.6666/.6668 of 2 fen: largest (third) first, then the earlier of the tie.
        assert_eq!(largest_remainder(2, &[3333, 3333, 3334]), Some(vec![1, 0, 1]));
        // Order of equal rules decides, not the account.
        assert_eq!(largest_remainder(5, &[2500, 2500, 2500, 2500]), Some(vec![2, 1, 1, 1]));
    }

    #[test]
    fn full_percent_sums_to_base_even_at_u64_max() {
        let s = largest_remainder(u64::MAX, &[3333, 3333, 3334]).unwrap_or_default();
        let total: u128 = s.iter().map(|x| u128::from(*x)).sum();
        assert_eq!(total, u128::from(u64::MAX));
        assert_eq!(largest_remainder(7, &[10_001]), None);
        assert_eq!(largest_remainder(7, &[]), Some(vec![]));
    }

    #[test]
    fn zero_share_is_a_warning() {
        let a = allocate_checked(10, &[pct("a", 9999), pct("b", 1)], None).ok();
        assert_eq!(a.as_ref().map(amounts), Some(vec![10, 0]));
        let w = a.as_ref().map(|a| a.warnings.iter().map(|w| (w.path.clone(), w.code)).collect::<Vec<_>>());
        assert_eq!(w, Some(vec![("rules[1].percentBp".to_owned(), ViolationCode::ZeroShare.as_str())]));
        assert_eq!(a.map(|a| a.receivers().len()), Some(1));
    }

    #[test]
    fn every_error_kind() {
        assert_eq!(codes(allocate_checked(100, &[], None)), vec![("rules".to_owned(), ViolationCode::Empty)]);
        let both = AllocationRule { percent_bp: Some(10), ..fixed("a", 5) };
        let neither = AllocationRule { fixed_amount: None, ..fixed("b", 5) };
        assert_eq!(
            codes(allocate_checked(100, &[both, neither], None)),
            vec![("rules[0]".to_owned(), ViolationCode::PercentAndFixed), ("rules[1]".to_owned(), ViolationCode::PercentOrFixedRequired)]
        );
        assert_eq!(
            codes(allocate_checked(100, &[pct("a", 0), fixed("b", 0)], None)),
            vec![("rules[0].percentBp".to_owned(), ViolationCode::ZeroPercent), ("rules[1].fixedAmount".to_owned(), ViolationCode::NotPositive)]
        );
        assert_eq!(
            codes(allocate_checked(100, &[pct("a", 6000), pct("b", 3000), pct("c", 2000)], None)),
            vec![("rules[2].percentBp".to_owned(), ViolationCode::PercentSumExceeded)]
        );
        // Fixed checked against the splittable amount after the fee: 10000 − 60 = 9940.
        assert_eq!(
            codes(allocate_checked(10_000, &[fixed("a", 9_000), fixed("b", 941)], Some(Fee::RatePpm(6000)))),
            vec![("rules[1].fixedAmount".to_owned(), ViolationCode::FixedExceedsSplittable)]
        );
        assert!(allocate_checked(10_000, &[fixed("a", 9_000), fixed("b", 940)], Some(Fee::RatePpm(6000))).is_ok());
        assert_eq!(
            codes(allocate_checked(100, &[pct("", 10)], Some(Fee::Amount(101)))),
            vec![("fee.amount".to_owned(), ViolationCode::FeeExceedsAmount), ("rules[0].account".to_owned(), ViolationCode::Required)]
        );
    }

    #[test]
    fn huge_inputs_do_not_panic() {
        let rules = [fixed("a", u64::MAX), fixed("b", u64::MAX), pct("c", u32::MAX), pct("d", u32::MAX)];
        let c = codes(allocate_checked(u64::MAX, &rules, None));
        assert!(c.contains(&("rules[1].fixedAmount".to_owned(), ViolationCode::FixedExceedsSplittable)));
        assert!(c.contains(&("rules[2].percentBp".to_owned(), ViolationCode::PercentSumExceeded)));
        let a = allocate_checked(u64::MAX, &[fixed("a", u64::MAX - 1), pct("b", 10_000)], Some(Fee::Amount(0))).ok();
        assert_eq!(a.map(|a| amounts(&a)), Some(vec![u64::MAX - 1, 1]));
    }

    #[test]
    fn allocate_maps_to_validation_error() {
        match allocate(100, &[], None) {
            Err(crate::Error::Validation(issues)) => assert_eq!(issues.first().map(|i| i.path.as_str()), Some("rules")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn serde_shape() {
        let r: Result<AllocationRule, _> = serde_json::from_str(r#"{"type":"MERCHANT_ID","account":"1900000110","percentBp":1500}"#);
        assert_eq!(r.ok().and_then(|r| r.percent_bp), Some(1500));
        assert!(serde_json::from_str::<AllocationRule>(r#"{"type":"MERCHANT_ID","account":"1","percent":1}"#).is_err());
        let a = allocate_checked(100, &[pct("a", 1000)], None).ok();
        let v = a.map(|a| serde_json::to_value(a).unwrap_or_default()).unwrap_or_default();
        assert_eq!(v["percentTotal"], 10);
        assert_eq!(v["shares"][0]["type"], "MERCHANT_ID");
    }
}
