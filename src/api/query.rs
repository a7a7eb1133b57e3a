//! Canonical query strings, defined once.
//!
//! Every byte outside RFC 3986 "unreserved" is percent-encoded with upper-case
//! hex, parameters keep the order given. The string produced here is both
//! sent and signed, so the two can never differ.

/// Percent-encodes one component (path segment or query key/value).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 0x0f));
        }
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + (n - 10) })
}

/// `path?k=v&k2=v2`, skipping absent values; no `?` when nothing is left.
pub fn with_query(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut out = String::from(path);
    let mut first = true;
    for (key, value) in params {
        if let Some(v) = value {
            out.push(if first { '?' } else { '&' });
            first = false;
            out.push_str(&encode_component(key));
            out.push('=');
            out.push_str(&encode_component(v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_pass_through_and_others_are_upper_hex() {
        assert_eq!(encode_component("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(encode_component("a b/c?d=e&f|g*h@"), "a%20b%2Fc%3Fd%3De%26f%7Cg%2Ah%40");
        assert_eq!(encode_component("分"), "%E5%88%86");
    }

    #[test]
    fn query_keeps_order_and_skips_absent() {
        assert_eq!(with_query("/v3/x", &[("b", Some("2")), ("a", None), ("c", Some("x y"))]), "/v3/x?b=2&c=x%20y");
        assert_eq!(with_query("/v3/x", &[("a", None)]), "/v3/x");
    }
}
