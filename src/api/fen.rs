//! The one request amount type: integer fen (分), as the caller wrote it.
//!
//! Any JSON value deserialises, so a wrong amount becomes an issue with a path
//! (`receivers[2].amount`) reported together with every other problem instead
//! of aborting deserialisation. One behaviour everywhere: a whole number (also
//! written `4000.0`: JS has one number type and the value is exact) from 0 to
//! [`MAX_FEN`]. Whether 0 is legal is a rule of the field, said at the call
//! site with [`Fen::check_positive`] (a split amount) or [`Fen::check`] (a
//! Payscore discount or total, which may be 0).

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::api::validate::Issues;
use crate::split::ViolationCode;

/// Largest accepted integer: JavaScript's `Number.MAX_SAFE_INTEGER` (2^53 − 1), so a value
/// that reached us through JS is exactly the value the caller meant; well inside WeChat's int64.
pub const MAX_FEN: u64 = 9_007_199_254_740_991;
/// The same bound under the name the Payscore module used.
pub const MAX_SAFE_INTEGER: u64 = MAX_FEN;

/// Why a value is not a usable non-negative integer. Codes: `type`, `not_integer`, `negative`, `too_large`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntProblem {
    /// Not a JSON number (a string such as `"100"`, a boolean, …).
    NotNumber {
        string: bool,
    },
    /// A fraction, e.g. yuan written as `1.5`.
    NotInteger,
    Negative,
    TooLarge,
}

impl IntProblem {
    pub fn code(self) -> &'static str {
        match self {
            IntProblem::NotNumber { .. } => "type",
            IntProblem::NotInteger => "not_integer",
            IntProblem::Negative => "negative",
            IntProblem::TooLarge => "too_large",
        }
    }

    pub fn message(self) -> String {
        match self {
            IntProblem::NotNumber { string: true } => "must be a JSON number of fen (分), not a string".to_owned(),
            IntProblem::NotNumber { string: false } => "must be a JSON number of fen (分)".to_owned(),
            IntProblem::NotInteger => "must be a whole number: amounts are integer fen (分), never decimal yuan (e.g. 1.50 yuan = 150)".to_owned(),
            IntProblem::Negative => "must not be negative".to_owned(),
            IntProblem::TooLarge => format!("must be at most {MAX_FEN}"),
        }
    }
}

/// The exact non-negative integer a JSON value denotes.
pub fn exact_u64(v: &Value) -> Result<u64, IntProblem> {
    let n = match v {
        Value::Number(n) => n,
        Value::String(_) => return Err(IntProblem::NotNumber { string: true }),
        _ => return Err(IntProblem::NotNumber { string: false }),
    };
    if let Some(u) = n.as_u64() {
        return if u > MAX_FEN { Err(IntProblem::TooLarge) } else { Ok(u) };
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
            } else if f > MAX_FEN as f64 {
                Err(IntProblem::TooLarge)
            } else {
                // Integral and ≤ 2^53 − 1, so the cast is exact.
                Ok(f as u64)
            }
        }
        // serde_json parses overflowing literals (1e400) as infinity only with a feature we do not use.
        _ => Err(IntProblem::TooLarge),
    }
}

/// The rule "this amount must be more than 0 fen": the one code and sentence, shared
/// by the builders and the split checks.
pub fn push_not_positive(issues: &mut Issues, path: &str) {
    issues.push(path, ViolationCode::NotPositive.as_str(), NOT_POSITIVE_MESSAGE);
}

/// Message of [`ViolationCode::NotPositive`].
pub const NOT_POSITIVE_MESSAGE: &str = "must be greater than 0 fen";

macro_rules! int_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Value);

        impl $name {
            pub fn new(value: u64) -> Self {
                $name(Value::from(value))
            }

            /// The exact integer, or why it is not one.
            pub fn value(&self) -> Result<u64, IntProblem> {
                exact_u64(&self.0)
            }

            /// The value as the caller gave it.
            pub fn raw(&self) -> &Value {
                &self.0
            }

            /// The integer (0 allowed), or `None` after pushing the problem at `path`.
            pub fn check(&self, path: &str, issues: &mut Issues) -> Option<u64> {
                match self.value() {
                    Ok(v) => Some(v),
                    Err(p) => {
                        issues.push(path, p.code(), p.message());
                        None
                    }
                }
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
    /// A quantity, as received (same number rules as [`Fen`]).
    Count
);

impl Fen {
    /// The amount when it is more than 0 fen, else `None` after pushing an issue at `path`
    /// (`not_positive` for 0, see [`push_not_positive`]).
    pub fn check_positive(&self, path: &str, issues: &mut Issues) -> Option<u64> {
        match self.check(path, issues)? {
            0 => {
                push_not_positive(issues, path);
                None
            }
            v => Some(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Fen {
        serde_json::from_str(s).unwrap()
    }

    fn check(json: &str, positive: bool) -> (Option<u64>, Vec<&'static str>) {
        let f = parse(json);
        let mut i = Issues::new();
        let v = if positive { f.check_positive("amount", &mut i) } else { f.check("amount", &mut i) };
        (v, i.into_vec().into_iter().map(|x| x.code).collect())
    }

    #[test]
    fn one_behaviour_for_every_amount() {
        assert_eq!(check("1", true), (Some(1), vec![]));
        assert_eq!(check("4000.0", true), (Some(4000), vec![]));
        assert_eq!(check("9007199254740991", true), (Some(MAX_FEN), vec![]));
        assert_eq!(check("9007199254740992", true), (None, vec!["too_large"]));
        assert_eq!(check("18446744073709551616", true), (None, vec!["too_large"]));
        assert_eq!(check("1e300", true), (None, vec!["too_large"]));
        assert_eq!(check("-5", true), (None, vec!["negative"]));
        assert_eq!(check("-1.0", true), (None, vec!["negative"]));
        assert_eq!(check("-0.5", true), (None, vec!["not_integer"]));
        assert_eq!(check("1.5", true), (None, vec!["not_integer"]));
        assert_eq!(check("39.9", false), (None, vec!["not_integer"]));
        assert_eq!(check("\"100\"", true), (None, vec!["type"]));
        assert_eq!(check("true", true), (None, vec!["type"]));
        assert_eq!(check("[1]", false), (None, vec!["type"]));
    }

    #[test]
    fn zero_is_a_rule_of_the_call_site() {
        assert_eq!(check("0", true), (None, vec!["not_positive"]));
        assert_eq!(check("0", false), (Some(0), vec![]));
        assert_eq!(check("-0.0", false), (Some(0), vec![]));
        assert_eq!(check("-0.0", true), (None, vec!["not_positive"]));
    }

    #[test]
    fn serialises_as_canonical_integer() {
        assert_eq!(serde_json::to_string(&parse("4000.0")).unwrap(), "4000");
        assert_eq!(serde_json::to_string(&Fen::new(7)).unwrap(), "7");
        let mut i = Issues::new();
        assert_eq!(Fen::from(42).check_positive("a", &mut i), Some(42));
        assert!(i.is_empty());
    }
}
