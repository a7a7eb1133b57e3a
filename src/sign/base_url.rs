//! The base URL a prepared request goes to: WeChat Pay over https, or the local emulator.

use crate::{Error, Issue, Result};

/// The loopback hosts plain http is allowed for (the emulator); exact host names only, so
/// `http://localhost.evil.example` is not one of them.
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

fn invalid(message: &str) -> Error {
    Error::Validation(vec![Issue::new("baseUrl", "invalid", message)])
}

/// `base` without trailing slashes when it is `https://host[:port]`, or `http://` with a
/// loopback host; anything with a path, query, credentials or whitespace is refused.
pub fn check_base_url(base: &str) -> Result<&str> {
    let b = base.trim_end_matches('/');
    let (https, authority) = match (b.strip_prefix("https://"), b.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return Err(invalid("must be https://host (plain http only for a local emulator on loopback)")),
    };
    if authority.is_empty() || authority.bytes().any(|c| matches!(c, b'/' | b'?' | b'#' | b'@' | b'\\') || c <= b' ' || c >= 0x7f) {
        return Err(invalid("must be scheme and host only, e.g. https://api.mch.weixin.qq.com"));
    }
    let host = host_of(authority).ok_or_else(|| invalid("must be scheme and host only, e.g. https://api.mch.weixin.qq.com"))?;
    if !https && !LOOPBACK_HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Err(invalid("must be https://host (plain http only for a local emulator on loopback)"));
    }
    Ok(b)
}

/// The host of `host[:port]` (IPv6 in brackets); None when the port is not 1 to 5 digits.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (h, rest) = authority.split_at_checked(end + 1)?;
        (h, if rest.is_empty() { None } else { Some(rest.strip_prefix(':')?) })
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() || port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|c| c.is_ascii_digit())) {
        return None;
    }
    Some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_hosts_and_loopback_http_only() {
        for ok in [
            "https://api.mch.weixin.qq.com",
            "https://api2.mch.weixin.qq.com/",
            "https://h:8443",
            "http://127.0.0.1:8080",
            "http://localhost",
            "http://[::1]:9",
            "http://LOCALHOST:1",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example:80",
            "http://evil.example",
            "https://",
            "https://h/path",
            "https://h?x",
            "https://user@h",
            "https://h:",
            "https://h:123456",
            "https://h:8a",
            "ftp://h",
            "https://h x",
            "http://[::1",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
        assert_eq!(check_base_url("https://h///").unwrap(), "https://h");
    }
}
