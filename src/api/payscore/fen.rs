//! Integer amounts (fen) and counts, accepted as any JSON number and checked later.
//!
//! Deserialising straight into `u64` would stop at the first bad number with
//! no path; keeping the number lets validation report every bad amount at once.

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;

/// Largest accepted integer: 2^53 − 1, the largest integer a JS number holds
/// exactly, far above any real order and well inside WeChat Pay's int64.
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// Why a number is not a usable non-negative integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntProblem {
    NotInteger,
    Negative,
    TooLarge,
}

impl IntProblem {
    pub fn code(self) -> &'static str {
        match self {
            IntProblem::NotInteger => "not_integer",
            IntProblem::Negative => "negative",
            IntProblem::TooLarge => "too_large",
        }
    }

    pub fn message(self) -> String {
        match self {
            IntProblem::NotInteger => "must be an integer (amounts are in fen, not yuan)".to_owned(),
            IntProblem::Negative => "must not be negative".to_owned(),
            IntProblem::TooLarge => format!("must be at most {MAX_SAFE_INTEGER}"),
        }
    }
}

/// The exact non-negative integer a JSON number denotes.
///
/// `4000.0` is accepted as 4000: JS has one number type and the value is exact.
pub fn exact_u64(n: &Number) -> Result<u64, IntProblem> {
    if let Some(u) = n.as_u64() {
        return if u > MAX_SAFE_INTEGER { Err(IntProblem::TooLarge) } else { Ok(u) };
    }
    if n.is_i64() {
        // as_u64 failed, so the integer is negative.
        return Err(IntProblem::Negative);
    }
    match n.as_f64() {
        Some(f) if f.is_finite() => {
            if f.fract() != 0.0 {
                Err(IntProblem::NotInteger)
            } else if f < 0.0 {
                Err(IntProblem::Negative)
            } else if f > MAX_SAFE_INTEGER as f64 {
                Err(IntProblem::TooLarge)
            } else {
                // Integral and ≤ 2^53 − 1, so the cast is exact.
                Ok(f as u64)
            }
        }
        _ => Err(IntProblem::NotInteger),
    }
}

macro_rules! int_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Number);

        impl $name {
            pub fn new(value: u64) -> Self {
                $name(Number::from(value))
            }

            /// The exact integer, or why it is not one.
            pub fn value(&self) -> Result<u64, IntProblem> {
                exact_u64(&self.0)
            }

            /// The number as the caller gave it.
            pub fn raw(&self) -> &Number {
                &self.0
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                $name::new(value)
            }
        }

        impl Serialize for $name {
            // Canonical integer on the wire (4000.0 goes out as 4000); builders
            // validate first, so the raw fallback is never sent.
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.value() {
                    Ok(v) => s.serialize_u64(v),
                    Err(_) => self.0.serialize(s),
                }
            }
        }
    };
}

int_newtype!(
    /// An amount in fen (分), as received.
    Fen
);
int_newtype!(
    /// A quantity, as received.
    Count
);

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Fen {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn integers_pass_and_others_are_classified() {
        assert_eq!(parse("0").value(), Ok(0));
        assert_eq!(parse("4000").value(), Ok(4000));
        assert_eq!(parse("4000.0").value(), Ok(4000));
        assert_eq!(parse("9007199254740991").value(), Ok(MAX_SAFE_INTEGER));
        assert_eq!(parse("9007199254740992").value(), Err(IntProblem::TooLarge));
        assert_eq!(parse("18446744073709551616").value(), Err(IntProblem::TooLarge));
        assert_eq!(parse("1e300").value(), Err(IntProblem::TooLarge));
        assert_eq!(parse("39.9").value(), Err(IntProblem::NotInteger));
        assert_eq!(parse("-0.5").value(), Err(IntProblem::NotInteger));
        assert_eq!(parse("-1").value(), Err(IntProblem::Negative));
        assert_eq!(parse("-1.0").value(), Err(IntProblem::Negative));
        assert_eq!(parse("-0.0").value(), Ok(0));
    }

    #[test]
    fn serialises_as_canonical_integer() {
        assert_eq!(serde_json::to_string(&parse("4000.0")).unwrap(), "4000");
        assert_eq!(serde_json::to_string(&Fen::new(7)).unwrap(), "7");
    }

    #[test]
    fn strings_are_not_numbers() {
        assert!(serde_json::from_str::<Fen>("\"4000\"").is_err());
    }
}
