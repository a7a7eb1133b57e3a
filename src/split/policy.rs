//! Limits that a split plan is checked against.

use serde::{Deserialize, Serialize};

/// Per-platform limits. Defaults follow the seed documents (30 %, 5, 20); the
/// current official limits are 50 receivers per request and 50 splits per
/// order, and the ratio is configured per platform, so every value is overridable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Policy {
    /// Cumulative cap on splits of one order, in basis points of the splittable amount (3000 = 30 %).
    pub max_ratio_bp: u32,
    /// Receivers in one split request.
    pub max_receivers_per_request: u32,
    /// Split requests for one order.
    pub max_splits_per_order: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { max_ratio_bp: 3000, max_receivers_per_request: 5, max_splits_per_order: 20 }
    }
}

impl Policy {
    /// The limits WeChat Pay documents for platforms today (2025): 50 / 50, ratio unchanged.
    pub fn official_2025() -> Self {
        Policy { max_receivers_per_request: 50, max_splits_per_order: 50, ..Policy::default() }
    }
}
