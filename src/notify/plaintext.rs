//! Typing decrypted JSON: one place for how a payload is read and what its errors may say.
//!
//! Errors never echo the plaintext: serde's messages can quote values ("unknown variant `…`"),
//! so they say only what kind of mistake it was and where.

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::Error;

/// Parses decrypted `plaintext` into `T`.
pub fn from_plaintext<T: DeserializeOwned>(plaintext: &str) -> crate::Result<T> {
    serde_json::from_str(plaintext).map_err(|e| {
        let why = match e.classify() {
            Category::Syntax => "the text is not JSON",
            Category::Eof => "the text ends early",
            // Data (or Io, which a string cannot raise): serde's own words could quote a value.
            _ => "a field has the wrong type, or a required one is missing",
        };
        shape_error(format!("{why} (line {}, column {})", e.line(), e.column()))
    })
}

fn shape_error(why: String) -> Error {
    Error::PayloadInvalid(format!("decrypted payload does not have the documented shape: {why}"))
}

#[cfg(test)]
mod tests {
    use super::from_plaintext;
    use crate::Error;

    #[derive(serde::Deserialize, Debug)]
    struct Order {
        #[allow(dead_code)]
        amount: u64,
    }

    fn message(r: crate::Result<Order>) -> String {
        match r {
            Err(Error::PayloadInvalid(m)) => m,
            other => panic!("expected PayloadInvalid, got {other:?}"),
        }
    }

    #[test]
    fn says_what_kind_of_mistake_without_quoting_the_plaintext() {
        let cases = [
            (r#"{"amount":"SECRET-VALUE"}"#, "a field has the wrong type, or a required one is missing (line 1, column 24)"),
            (r#"{"other":1}"#, "a field has the wrong type, or a required one is missing (line 1, column 11)"),
            ("{\"amount\":\n SECRET", "the text is not JSON (line 2, column 2)"),
            (r#"{"amount":1"#, "the text ends early (line 1, column 11)"),
        ];
        for (text, why) in cases {
            let m = message(from_plaintext(text));
            assert_eq!(m, format!("decrypted payload does not have the documented shape: {why}"), "{text}");
            assert!(!m.contains("SECRET"), "{m}");
        }
        assert_eq!(from_plaintext::<Order>(r#"{"amount":7,"new_field":[1]}"#).map(|o| o.amount).ok(), Some(7));
    }
}
