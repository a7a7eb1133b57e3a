//! String enums of the profit-sharing API that stay open: a value we do not
//! know yet is kept as `Other(raw)` instead of failing the whole response,
//! because WeChat Pay adds enum values without notice (spec A.1).

/// Declares an enum that (de)serialises as its wire string and keeps unknown values.
/// `Variant = "WIRE" | "ALIAS"` also maps legacy spellings onto one variant.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire spelling (the canonical one for aliased variants).
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s,
                }
            }

            /// Never fails: unknown spellings become `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $( $wire $(| $alias)* => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }

            /// Known wire values, for messages.
            pub const KNOWN: &'static [&'static str] = &[$( $wire ),+];
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&s))
            }
        }
    };
}

open_enum! {
    /// Receiver kind (`type`): the package's one receiver type, used by the builders, the
    /// responses, the notifications and the split checks. Platform (ecommerce) profit sharing
    /// knows these two; anything else (`PERSONAL_SUB_OPENID` of direct sharing included) is
    /// kept as `Other` in a response and refused with `invalid_enum` in a request or a plan.
    ReceiverType {
        /// A merchant number (mchid).
        MerchantId = "MERCHANT_ID",
        /// An openid under the platform's `appid`.
        PersonalOpenid = "PERSONAL_OPENID",
    }
}

open_enum! {
    /// Relation between receiver and platform (`relation_type`, add-receiver only).
    RelationType {
        Supplier = "SUPPLIER",
        Distributor = "DISTRIBUTOR",
        ServiceProvider = "SERVICE_PROVIDER",
        Platform = "PLATFORM",
        Others = "OTHERS",
    }
}

open_enum! {
    /// Split order state (`status`). `ACCEPTED`/`CLOSED` are from the 2020 docs.
    OrderStatus {
        Processing = "PROCESSING",
        Finished = "FINISHED",
        Accepted = "ACCEPTED",
        Closed = "CLOSED",
    }
}

open_enum! {
    /// Per-receiver outcome (`receivers[].result`); only `SUCCESS` means money arrived.
    ReceiverResult {
        Pending = "PENDING",
        Success = "SUCCESS",
        Closed = "CLOSED",
        /// Legacy: failed, waiting for adjustment.
        Adjust = "ADJUST",
        /// Legacy: returned to the payer.
        Returned = "RETURNED",
    }
}

open_enum! {
    /// Why a receiver's split was closed (`receivers[].fail_reason`).
    ReceiverFailReason {
        AccountAbnormal = "ACCOUNT_ABNORMAL",
        NoRelation = "NO_RELATION",
        ReceiverHighRisk = "RECEIVER_HIGH_RISK",
        ReceiverRealNameNotVerified = "RECEIVER_REAL_NAME_NOT_VERIFIED",
        NoAuth = "NO_AUTH",
        ReceiverReceiptLimit = "RECEIVER_RECEIPT_LIMIT",
        PayerAccountAbnormal = "PAYER_ACCOUNT_ABNORMAL",
        InvalidRequest = "INVALID_REQUEST",
    }
}

open_enum! {
    /// Split-return outcome (`result`). Legacy docs spell the failure `FAIL`;
    /// both spellings mean the same final state, so they share `Failed`.
    ReturnResult {
        Processing = "PROCESSING",
        Success = "SUCCESS",
        Failed = "FAILED" | "FAIL",
    }
}

open_enum! {
    /// Why a split return failed (`fail_reason`).
    ReturnFailReason {
        AccountAbnormal = "ACCOUNT_ABNORMAL",
        TimeOutClosed = "TIME_OUT_CLOSED",
        PayerAccountAbnormal = "PAYER_ACCOUNT_ABNORMAL",
        InvalidRequest = "INVALID_REQUEST",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_unknown_and_alias_round_trip() {
        assert_eq!(ReturnResult::parse("FAIL"), ReturnResult::Failed);
        assert_eq!(ReturnResult::parse("FAILED"), ReturnResult::Failed);
        assert_eq!(ReturnResult::Failed.as_str(), "FAILED");
        let odd: ReceiverResult = serde_json::from_str("\"ABNORMAL\"").unwrap();
        assert_eq!(odd, ReceiverResult::Other("ABNORMAL".into()));
        assert!(!odd.is_known());
        assert_eq!(serde_json::to_string(&odd).unwrap(), "\"ABNORMAL\"");
        assert_eq!(serde_json::to_string(&OrderStatus::Finished).unwrap(), "\"FINISHED\"");
        assert_eq!(ReceiverType::KNOWN, &["MERCHANT_ID", "PERSONAL_OPENID"]);
    }

    #[test]
    fn escaped_strings_deserialise() {
        // Cow handles strings that cannot be borrowed (escapes).
        let t: ReceiverType = serde_json::from_str("\"MERCHANT\\u005fID\"").unwrap();
        assert_eq!(t, ReceiverType::MerchantId);
    }
}
