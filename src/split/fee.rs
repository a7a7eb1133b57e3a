//! The settlement fee WeChat Pay keeps before anything can be split.
//!
//! 可分金额 = 订单金额 − 手续费 (spec B.0 "Max ratio"; seed 002: 先扣除手续费再算分账比例).
//!
//! Rates are in **parts per million** of the order amount, because WeChat
//! rates have two decimals of a percent (0.6 % = 6000 ppm, 0.38 % = 3800 ppm,
//! 0.25 % = 2500 ppm) and basis points could not carry 0.375 %.
//! Rounding: **half up to whole fen**, `fee = ⌊(amount × ppm + 500 000) / 1 000 000⌋`,
//! so 0.18 fen → 0, 0.5 fen → 1, 59.64 fen → 60.

use serde::{Deserialize, Serialize};

use super::violation::{join, Violation, ViolationCode};

/// 100 % in ppm.
pub const PPM_ONE: u32 = 1_000_000;

/// How the fee is known. JSON: `{"amount": 60}` or `{"ratePpm": 6000}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Fee {
    /// The fee in fen, as WeChat reported it (bill or payment detail).
    Amount(u64),
    /// A rate in parts per million of the order amount (6000 = 0.6 %).
    RatePpm(u32),
}

/// Order amount, fee and what is left to split, all in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeeBreakdown {
    pub amount: u64,
    pub fee: u64,
    pub splittable: u64,
}

/// `amount × ppm / 1 000 000` rounded half up; `None` when ppm > 100 %.
pub fn rate_fee(amount: u64, rate_ppm: u32) -> Option<u64> {
    if rate_ppm > PPM_ONE {
        return None;
    }
    // u128 so that u64::MAX × 1 000 000 cannot overflow.
    let num = u128::from(amount) * u128::from(rate_ppm) + u128::from(PPM_ONE / 2);
    // ppm ≤ 1 000 000 keeps the result ≤ amount, so it fits u64.
    u64::try_from(num / u128::from(PPM_ONE)).ok()
}

/// The fee in fen for `amount`. `prefix` is where `fee` sits in the caller's input.
pub fn fee_fen(amount: u64, fee: Fee, prefix: &str) -> Result<u64, Violation> {
    match fee {
        Fee::Amount(f) if f > amount => {
            Err(Violation::new(join(prefix, "amount"), ViolationCode::FeeExceedsAmount, format!("fee {f} fen is larger than the order amount {amount} fen")))
        }
        Fee::Amount(f) => Ok(f),
        Fee::RatePpm(ppm) => rate_fee(amount, ppm).ok_or_else(|| {
            Violation::new(
                join(prefix, "ratePpm"),
                ViolationCode::FeeRateOutOfRange,
                format!("fee rate {ppm} ppm is above 100 % (1000000 ppm); 0.6 % is 6000 ppm"),
            )
        }),
    }
}

/// Splittable amount after the fee (no fee = nothing deducted).
pub fn splittable(amount: u64, fee: Option<Fee>) -> Result<FeeBreakdown, Violation> {
    let fee = match fee {
        Some(f) => fee_fen(amount, f, "fee")?,
        None => 0,
    };
    Ok(FeeBreakdown { amount, fee, splittable: amount.saturating_sub(fee) })
}

/// Resolves an order that gives a fee, a splittable amount, both (must agree) or neither (fee 0).
/// Paths are `{prefix}.fee…` / `{prefix}.splittable`.
pub(crate) fn resolve(amount: u64, fee: Option<Fee>, given_splittable: Option<u64>, prefix: &str) -> Result<FeeBreakdown, Vec<Violation>> {
    let fee_prefix = join(prefix, "fee");
    let from_fee = match fee {
        Some(f) => Some(fee_fen(amount, f, &fee_prefix).map_err(|v| vec![v])?),
        None => None,
    };
    match (from_fee, given_splittable) {
        (_, Some(s)) if s > amount => Err(vec![Violation::new(
            join(prefix, "splittable"),
            ViolationCode::SplittableExceedsAmount,
            format!("splittable {s} fen is larger than the order amount {amount} fen"),
        )]),
        (Some(f), Some(s)) => {
            let expected = amount.saturating_sub(f);
            if expected == s {
                Ok(FeeBreakdown { amount, fee: f, splittable: s })
            } else {
                Err(vec![Violation::new(
                    join(prefix, "splittable"),
                    ViolationCode::FeeMismatch,
                    format!("splittable {s} fen disagrees with amount {amount} − fee {f} = {expected} fen; give one of fee or splittable"),
                )])
            }
        }
        (None, Some(s)) => Ok(FeeBreakdown { amount, fee: amount.saturating_sub(s), splittable: s }),
        (Some(f), None) => Ok(FeeBreakdown { amount, fee: f, splittable: amount.saturating_sub(f) }),
        (None, None) => Ok(FeeBreakdown { amount, fee: 0, splittable: amount }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_rates() {
        // 100.00 yuan at 0.6 % → 0.60 yuan.
        assert_eq!(rate_fee(10_000, 6000), Some(60));
        // 99.40 yuan at 0.6 % = 59.64 fen → 60 (half up).
        assert_eq!(rate_fee(9_940, 6000), Some(60));
        // 0.38 % of 12 345 fen = 46.911 → 47.
        assert_eq!(rate_fee(12_345, 3800), Some(47));
        // Exactly half a fen rounds up: 0.5 % of 100 fen = 0.5 → 1.
        assert_eq!(rate_fee(100, 5000), Some(1));
        // Just under half rounds down: 0.6 % of 83 fen = 0.498 → 0.
        assert_eq!(rate_fee(83, 6000), Some(0));
        // Seed 002 example order of 30 fen: 0.18 fen → 0.
        assert_eq!(rate_fee(30, 6000), Some(0));
        assert_eq!(rate_fee(10_000, 0), Some(0));
        assert_eq!(rate_fee(10_000, PPM_ONE), Some(10_000));
        assert_eq!(rate_fee(10_000, PPM_ONE + 1), None);
    }

    #[test]
    fn no_overflow_at_u64_max() {
        assert_eq!(rate_fee(u64::MAX, PPM_ONE), Some(u64::MAX));
        assert_eq!(rate_fee(u64::MAX, 0), Some(0));
        let b = splittable(u64::MAX, Some(Fee::RatePpm(6000))).ok();
        assert!(b.is_some_and(|b| b.fee + b.splittable == u64::MAX));
    }

    #[test]
    fn splittable_hand_case() {
        let b = splittable(10_000, Some(Fee::RatePpm(6000)));
        assert_eq!(b, Ok(FeeBreakdown { amount: 10_000, fee: 60, splittable: 9_940 }));
        let b = splittable(10_000, Some(Fee::Amount(38)));
        assert_eq!(b, Ok(FeeBreakdown { amount: 10_000, fee: 38, splittable: 9_962 }));
        assert_eq!(splittable(500, None), Ok(FeeBreakdown { amount: 500, fee: 0, splittable: 500 }));
    }

    #[test]
    fn fee_errors() {
        let e = splittable(100, Some(Fee::Amount(101))).err();
        assert_eq!(e.map(|v| (v.path, ViolationCode::parse(v.code).unwrap())), Some(("fee.amount".to_owned(), ViolationCode::FeeExceedsAmount)));
        let e = splittable(100, Some(Fee::RatePpm(1_000_001))).err();
        assert_eq!(e.map(|v| (v.path, ViolationCode::parse(v.code).unwrap())), Some(("fee.ratePpm".to_owned(), ViolationCode::FeeRateOutOfRange)));
    }

    #[test]
    fn resolve_variants() {
        assert_eq!(resolve(100, None, None, "order").map(|b| b.splittable), Ok(100));
        assert_eq!(resolve(100, None, Some(97), "order").map(|b| b.fee), Ok(3));
        assert_eq!(resolve(10_000, Some(Fee::RatePpm(6000)), Some(9_940), "order").map(|b| b.fee), Ok(60));
        let e = resolve(10_000, Some(Fee::RatePpm(6000)), Some(9_950), "order").err().unwrap_or_default();
        assert_eq!(e.first().map(|v| (v.path.as_str(), ViolationCode::parse(v.code).unwrap())), Some(("order.splittable", ViolationCode::FeeMismatch)));
        let e = resolve(100, None, Some(101), "order").err().unwrap_or_default();
        assert_eq!(e.first().and_then(|v| ViolationCode::parse(v.code)), Some(ViolationCode::SplittableExceedsAmount));
        let e = resolve(100, Some(Fee::Amount(200)), None, "order").err().unwrap_or_default();
        assert_eq!(e.first().map(|v| v.path.as_str()), Some("order.fee.amount"));
    }

    #[test]
    fn serde_shape() {
        let f: Fee = serde_json::from_str(r#"{"ratePpm":6000}"#).unwrap_or(Fee::Amount(0));
        assert_eq!(f, Fee::RatePpm(6000));
        let f: Fee = serde_json::from_str(r#"{"amount":60}"#).unwrap_or(Fee::Amount(0));
        assert_eq!(f, Fee::Amount(60));
        assert!(serde_json::from_str::<Fee>(r#"{"rate":6000}"#).is_err());
        assert!(serde_json::from_str::<Fee>(r#"{"amount":-1}"#).is_err());
    }
}
