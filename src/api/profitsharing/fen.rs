//! Request amounts in fen, checked as validation issues rather than serde errors.

use serde::Deserialize;

use crate::api::validate::Issues;

/// Largest amount accepted: JavaScript's `Number.MAX_SAFE_INTEGER`, so a value
/// that reached us through JS is exactly the value the caller meant.
pub const MAX_FEN: u64 = 9_007_199_254_740_991;

/// An amount as the caller wrote it. Any JSON value deserialises, so a wrong
/// amount becomes an issue with a path (`receivers[2].amount`) reported
/// together with every other problem, instead of aborting deserialisation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Fen(serde_json::Value);

impl From<u64> for Fen {
    fn from(v: u64) -> Self {
        Fen(serde_json::Value::from(v))
    }
}

impl Fen {
    /// The positive integer amount, or `None` after pushing an issue at `path`.
    ///
    /// Codes: `type` (not a JSON number), `not_integer` (a decimal, e.g. yuan),
    /// `not_positive` (≤ 0), `too_large` (> [`MAX_FEN`]).
    pub fn check(&self, path: &str, issues: &mut Issues) -> Option<u64> {
        let n = match &self.0 {
            serde_json::Value::Number(n) => n,
            serde_json::Value::String(_) => {
                issues.push(path, "type", "must be a JSON number of fen (分), not a string");
                return None;
            }
            _ => {
                issues.push(path, "type", "must be a JSON number of fen (分)");
                return None;
            }
        };
        if let Some(v) = n.as_u64() {
            if v == 0 {
                issues.push(path, "not_positive", "must be greater than 0 fen");
                return None;
            }
            if v > MAX_FEN {
                issues.push(path, "too_large", format!("is {v} fen, more than the maximum {MAX_FEN}"));
                return None;
            }
            return Some(v);
        }
        if n.as_i64().is_some() {
            issues.push(path, "not_positive", format!("is {n}; amounts must be greater than 0 fen"));
            return None;
        }
        // Only a decimal or exponent literal gets here. We never compute with it,
        // we only decide which message fits.
        let v = n.as_f64().unwrap_or(0.0);
        if v <= 0.0 {
            issues.push(path, "not_positive", format!("is {n}; amounts must be greater than 0 fen"));
        } else if v > 9_007_199_254_740_991.0 {
            issues.push(path, "too_large", format!("is {n}, more than the maximum {MAX_FEN} fen"));
        } else {
            issues.push(
                path,
                "not_integer",
                format!("is {n}; amounts are integer fen (分), never decimal yuan (e.g. 1.50 yuan = 150)"),
            );
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str) -> (Option<u64>, Vec<&'static str>) {
        let f: Fen = serde_json::from_str(json).unwrap();
        let mut i = Issues::new();
        let v = f.check("amount", &mut i);
        (v, i.into_vec().into_iter().map(|x| x.code).collect())
    }

    #[test]
    fn accepts_positive_integers_only() {
        assert_eq!(check("1"), (Some(1), vec![]));
        assert_eq!(check("9007199254740991"), (Some(MAX_FEN), vec![]));
        assert_eq!(check("9007199254740992"), (None, vec!["too_large"]));
        assert_eq!(check("18446744073709551616"), (None, vec!["too_large"]));
        assert_eq!(check("1e300"), (None, vec!["too_large"]));
        assert_eq!(check("0"), (None, vec!["not_positive"]));
        assert_eq!(check("-5"), (None, vec!["not_positive"]));
        assert_eq!(check("-0.5"), (None, vec!["not_positive"]));
        assert_eq!(check("1.5"), (None, vec!["not_integer"]));
        assert_eq!(check("100.0"), (None, vec!["not_integer"]));
        assert_eq!(check("\"100\""), (None, vec!["type"]));
        assert_eq!(check("true"), (None, vec!["type"]));
        assert_eq!(check("[1]"), (None, vec!["type"]));
    }

    #[test]
    fn from_u64() {
        let mut i = Issues::new();
        assert_eq!(Fen::from(42).check("a", &mut i), Some(42));
        assert!(i.is_empty());
    }
}
