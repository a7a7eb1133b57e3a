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
    /// The limits WeChat Pay documents for platforms today (create-order page
    /// doc/v3/partner/4012691594, 2025.09.29): 50 / 50, ratio unchanged.
    pub fn official_2025() -> Self {
        Policy { max_receivers_per_request: 50, max_splits_per_order: 50, ..Policy::default() }
    }

    /// A named policy: `"default"` (the platform policy of seed 002) or `"official"`.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "default" => Some(Policy::default()),
            "official" => Some(Policy::official_2025()),
            _ => None,
        }
    }

    /// The one message for a request over `max_receivers_per_request`, shared by
    /// the builder and the split checker. It says the limit is policy, not WeChat's.
    pub fn too_many_receivers_message(&self, n: usize) -> String {
        format!(
            "has {n} receivers; your split policy allows at most {} per request (policy.maxReceiversPerRequest). \
             WeChat Pay itself allows 50: pass policy: 'official' or a higher maxReceiversPerRequest to use more",
            self.max_receivers_per_request
        )
    }

    /// The one message for a split over `max_splits_per_order`.
    pub fn too_many_splits_message(&self, count_after: u64) -> String {
        format!(
            "this would be split request {count_after} on the order; your split policy allows {} (policy.maxSplitsPerOrder). \
             WeChat Pay itself allows 50: pass policy: 'official' or a higher maxSplitsPerOrder to use more",
            self.max_splits_per_order
        )
    }
}
