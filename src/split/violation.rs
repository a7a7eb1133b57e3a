//! Findings of the split checks: the package's one finding type ([`Issue`]),
//! serialisable both ways so an admin page can store and reload a simulation.

use serde::{Deserialize, Serialize};

use crate::error::Issue;

/// A split finding is an [`Issue`]: `step` is set in a simulation.
pub type Violation = Issue;

/// The codes of the split rules, as a type; serialised in snake_case (`ratio_cap_exceeded`).
/// A builder reports the same mistake with the same code (`not_positive`,
/// `too_many_receivers`, `duplicate_receiver`, `no_receivers`, `invalid_enum`): both go
/// through the same checks ([`check_receivers`](super::plan::check_receivers)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ViolationCode {
    // --- fee / order ---
    /// Explicit fee larger than the order amount.
    FeeExceedsAmount,
    /// Fee rate above 100 % (1 000 000 ppm).
    FeeRateOutOfRange,
    /// Splittable amount given directly is larger than the order amount.
    SplittableExceedsAmount,
    /// Both a fee and a splittable amount were given and they disagree.
    FeeMismatch,
    /// The order says more was already split than it can hold.
    AlreadySplitExceedsSplittable,
    /// Policy ratio above 10 000 bp.
    PolicyInvalid,
    // --- allocate ---
    /// No rules at all.
    Empty,
    /// A rule has both `percentBp` and `fixedAmount`.
    PercentAndFixed,
    /// A rule has neither `percentBp` nor `fixedAmount`.
    PercentOrFixedRequired,
    /// `percentBp` is zero.
    ZeroPercent,
    /// Σ `percentBp` over 10 000.
    PercentSumExceeded,
    /// Σ fixed amounts larger than the splittable amount.
    FixedExceedsSplittable,
    /// A share rounded down to 0 fen (a warning from `allocate`; WeChat rejects 0-fen receivers).
    ZeroShare,
    // --- split request ---
    /// Amount of 0 fen where more is required (builders: also an amount field of 0).
    NotPositive,
    /// A required string is empty.
    Required,
    /// A receiver type this version does not know (kept as `Other` in responses, refused in requests).
    InvalidEnum,
    /// Request without receivers.
    NoReceivers,
    /// More receivers than `policy.maxReceiversPerRequest`.
    TooManyReceivers,
    /// Same type + account twice in one request.
    DuplicateReceiver,
    /// Cumulative split above `floor(splittable × maxRatioBp / 10000)`.
    RatioCapExceeded,
    /// Request total above what is still frozen and unsplit.
    ExceedsRemaining,
    /// More split requests than `policy.maxSplitsPerOrder`.
    TooManySplits,
    /// Split (or second finish) after the order was finished.
    OrderFinished,
    // --- ledger ---
    /// `outOrderNo` reused (it names one split or finish; reuse means "same request").
    DuplicateOutOrderNo,
    /// `outReturnNo` reused.
    DuplicateOutReturnNo,
    /// Return names a split that is not in the ledger (or was rejected).
    UnknownSplit,
    /// Return names an account that was not a receiver of that split.
    ReceiverNotInSplit,
    /// Return from a personal (openid) receiver; WeChat only returns from merchants.
    PersonalReceiverReturn,
    /// Return larger than what the receiver still holds from that split.
    ReturnExceedsReceived,
}

impl ViolationCode {
    /// The code an [`Issue`] carries, when it is one of the split rules.
    pub fn parse(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }

    /// The same string serde writes, and the `code` of the [`Issue`].
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::FeeExceedsAmount => "fee_exceeds_amount",
            ViolationCode::FeeRateOutOfRange => "fee_rate_out_of_range",
            ViolationCode::SplittableExceedsAmount => "splittable_exceeds_amount",
            ViolationCode::FeeMismatch => "fee_mismatch",
            ViolationCode::AlreadySplitExceedsSplittable => "already_split_exceeds_splittable",
            ViolationCode::PolicyInvalid => "policy_invalid",
            ViolationCode::Empty => "empty",
            ViolationCode::PercentAndFixed => "percent_and_fixed",
            ViolationCode::PercentOrFixedRequired => "percent_or_fixed_required",
            ViolationCode::ZeroPercent => "zero_percent",
            ViolationCode::PercentSumExceeded => "percent_sum_exceeded",
            ViolationCode::FixedExceedsSplittable => "fixed_exceeds_splittable",
            ViolationCode::ZeroShare => "zero_share",
            ViolationCode::NotPositive => "not_positive",
            ViolationCode::Required => "required",
            ViolationCode::InvalidEnum => "invalid_enum",
            ViolationCode::NoReceivers => "no_receivers",
            ViolationCode::TooManyReceivers => "too_many_receivers",
            ViolationCode::DuplicateReceiver => "duplicate_receiver",
            ViolationCode::RatioCapExceeded => "ratio_cap_exceeded",
            ViolationCode::ExceedsRemaining => "exceeds_remaining",
            ViolationCode::TooManySplits => "too_many_splits",
            ViolationCode::OrderFinished => "order_finished",
            ViolationCode::DuplicateOutOrderNo => "duplicate_out_order_no",
            ViolationCode::DuplicateOutReturnNo => "duplicate_out_return_no",
            ViolationCode::UnknownSplit => "unknown_split",
            ViolationCode::ReceiverNotInSplit => "receiver_not_in_split",
            ViolationCode::PersonalReceiverReturn => "personal_receiver_return",
            ViolationCode::ReturnExceedsReceived => "return_exceeds_received",
        }
    }
}

impl From<ViolationCode> for &'static str {
    fn from(c: ViolationCode) -> Self {
        c.as_str()
    }
}

impl PartialEq<ViolationCode> for &str {
    fn eq(&self, other: &ViolationCode) -> bool {
        *self == other.as_str()
    }
}

/// `Err(Error::Validation)` carrying every violation, or `Ok(())` when there is none.
pub fn into_result(violations: Vec<Violation>) -> crate::Result<()> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Validation(violations))
    }
}

/// Basis points as a percentage without floats: 3000 → "30.00 %".
pub(crate) fn fmt_bp(bp: u64) -> String {
    format!("{}.{:02} %", bp / 100, bp % 100)
}

/// Joins a prefix and a field: ("operations[2]", "amount") → "operations[2].amount"; ("", "amount") → "amount".
pub(crate) fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else if field.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_strings_match_serde() {
        for code in [
            ViolationCode::RatioCapExceeded,
            ViolationCode::PercentSumExceeded,
            ViolationCode::DuplicateOutReturnNo,
            ViolationCode::AlreadySplitExceedsSplittable,
        ] {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn fmt_bp_has_no_float() {
        assert_eq!(fmt_bp(3000), "30.00 %");
        assert_eq!(fmt_bp(38), "0.38 %");
        assert_eq!(fmt_bp(10000), "100.00 %");
    }

    #[test]
    fn into_result_maps_to_validation() {
        assert!(into_result(Vec::new()).is_ok());
        let err = into_result(vec![Violation::new("rules", ViolationCode::Empty, "x")]);
        match err {
            Err(crate::Error::Validation(issues)) => {
                assert_eq!(issues.len(), 1);
                assert_eq!(issues.first().map(|i| i.code), Some("empty"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
