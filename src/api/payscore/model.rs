//! Request objects shared by several operations, in documented field order.
//!
//! Every field is an `Option` skipped when `None`: requiredness differs per
//! operation and is checked in validation, and bodies never carry `null`.

use serde::{Deserialize, Serialize};

use super::fen::{Count, Fen};

/// One `post_payments[]` item (付费项目).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Total for this item (not a unit price); 0 means free.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Fen>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
}

/// One `post_discounts[]` item (商户优惠).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discount {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Optional at create, required at complete and modify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Fen>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
}

/// `risk_fund` (订单风险金).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskFund {
    /// `DEPOSIT`, `ADVANCE`, `CASH_DEPOSIT` (deposit-free, 先免) or `ESTIMATE_ORDER_COST` (先享).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Fen>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `time_range`: `yyyyMMddHHmmss`, `yyyyMMdd` or (start only, at create) `OnAccept`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    /// Required at create; optional at complete (accepted with or without: doc/v3/partner/4013194080 folds the flags).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// At most 20 characters (doc/v3/partner/4012691326, 2025.04.24).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time_remark: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// At most 20 characters ("不超过20个字符", doc/v3/partner/4012691326, 2025.04.24).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time_remark: Option<String>,
}

/// `location`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_location: Option<String>,
}

/// What the caller knows about the order from earlier calls. Never sent.
///
/// Enables rules that span calls; each is skipped when its field is absent:
/// * `risk_fund` (as created): complete/modify totals must stay within it in
///   deposit-free modes.
/// * `time_range` (as created): complete must send `time_range.end_time` when
///   this has none, and the actual end must not precede the expected start.
/// * `total_amount` (the total at completion): modify may not exceed it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderContext {
    /// As created: in DEPOSIT / ADVANCE / CASH_DEPOSIT mode, complete and modify totals may not exceed its amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_fund: Option<RiskFund>,
    /// As created: complete must send `time_range.end_time` when this has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
    /// Modify: the total at completion; the new total may not exceed it (equal is accepted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<Fen>,
}

wire_enum!(
    /// `risk_fund.name`.
    RiskFundName {
        /// 押金 (deposit-free mode).
        Deposit = "DEPOSIT",
        /// 预付款 (deposit-free mode).
        Advance = "ADVANCE",
        /// 保证金 (deposit-free mode).
        CashDeposit = "CASH_DEPOSIT",
        /// 预估订单费用 (enjoy-first mode).
        EstimateOrderCost = "ESTIMATE_ORDER_COST",
    }
);

impl RiskFundName {
    /// 先免 modes, where the order total may not exceed the risk fund.
    pub fn is_deposit_free(&self) -> bool {
        matches!(self, RiskFundName::Deposit | RiskFundName::Advance | RiskFundName::CashDeposit)
    }
}
