//! The strings that get signed. Every line ends in `\n`, the last one included.

use crate::{Error, Result};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
pub const MAX_NONCE_LEN: usize = 64;

/// `https://host/v3/x?y` or `/v3/x?y` → `/v3/x?y`, byte for byte (no re-encoding).
pub fn canonical_url(url: &str) -> Result<&str> {
    let path = match url.find("://") {
        Some(i) => {
            let after_scheme = url.get(i + 3..).unwrap_or("");
            match after_scheme.find('/') {
                Some(j) => after_scheme.get(j..).unwrap_or(""),
                None => return Err(url_error("the URL has no path; WeChat Pay paths start with /v3/")),
            }
        }
        None => url,
    };
    if !path.starts_with('/') {
        return Err(url_error("must be an absolute URL or a path starting with /"));
    }
    if path.contains('#') {
        return Err(url_error("must not contain a #fragment"));
    }
    // fetch and every HTTP client percent-encode non-ASCII before sending, so signing the
    // raw form could never match what WeChat Pay receives.
    if path.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || !b.is_ascii()) {
        return Err(url_error(
            "contains whitespace, control or non-ASCII characters; percent-encode (UTF-8) the path and query exactly as they are sent",
        ));
    }
    Ok(path)
}

fn url_error(reason: &str) -> Error {
    Error::Validation(vec![crate::Issue::new("url", "invalid", reason)])
}

fn method(m: &str) -> Result<&'static str> {
    METHODS
        .iter()
        .find(|x| x.eq_ignore_ascii_case(m))
        .copied()
        .ok_or_else(|| Error::Validation(vec![crate::Issue::new("method", "invalid", format!("{m:?} is not one of GET, POST, PUT, PATCH, DELETE"))]))
}

/// Nonces go into a header between quotes and into a line of the message.
pub(crate) fn check_nonce(nonce: &str, path: &str) -> Result<()> {
    if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN || !nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::Validation(vec![crate::Issue::new(
            path,
            "invalid",
            format!("must be 1 to {MAX_NONCE_LEN} ASCII letters or digits"),
        )]));
    }
    Ok(())
}

/// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
pub fn request_message(method_in: &str, url: &str, timestamp: u64, nonce: &str, body: &str) -> Result<String> {
    let m = method(method_in)?;
    let path = canonical_url(url)?;
    check_nonce(nonce, "nonce")?;
    let ts = timestamp.to_string();
    let mut s = String::with_capacity(m.len() + path.len() + ts.len() + nonce.len() + body.len() + 5);
    for part in [m, path, &ts, nonce, body] {
        s.push_str(part);
        s.push('\n');
    }
    Ok(s)
}

/// `TIMESTAMP\nNONCE\nBODY\n` over the raw body bytes, for responses and callbacks.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    v.extend_from_slice(timestamp.as_bytes());
    v.push(b'\n');
    v.extend_from_slice(nonce.as_bytes());
    v.push(b'\n');
    v.extend_from_slice(body);
    v.push(b'\n');
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_get_example() {
        // The GET /v3/certificates example from the signing guide: empty body line.
        assert_eq!(
            request_message("GET", "https://api.mch.weixin.qq.com/v3/certificates", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", "").unwrap(),
            "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
        );
    }

    #[test]
    fn url_is_kept_byte_for_byte() {
        assert_eq!(canonical_url("https://api.mch.weixin.qq.com/v3/a?b=%E5%88%86&c=1").unwrap(), "/v3/a?b=%E5%88%86&c=1");
        assert_eq!(canonical_url("/v3/a").unwrap(), "/v3/a");
        assert!(canonical_url("https://api.mch.weixin.qq.com").is_err());
        assert!(canonical_url("v3/a").is_err());
        assert!(canonical_url("/v3/a b").is_err());
        assert!(canonical_url("/v3/a\n").is_err());
        assert!(canonical_url("/v3/a?name=分账").is_err());
    }

    #[test]
    fn body_ending_in_newline_still_gets_its_separator() {
        let m = request_message("post", "/v3/x", 1, "n", "{}\n").unwrap();
        assert_eq!(m, "POST\n/v3/x\n1\nn\n{}\n\n");
    }

    #[test]
    fn bad_method_and_nonce_are_validation_errors() {
        assert_eq!(request_message("TRACE", "/v3/x", 1, "n", "").unwrap_err().code(), "ERR_WXPAY_VALIDATION");
        assert_eq!(request_message("GET", "/v3/x", 1, "a\"b", "").unwrap_err().code(), "ERR_WXPAY_VALIDATION");
        assert_eq!(request_message("GET", "/v3/x", 1, "", "").unwrap_err().code(), "ERR_WXPAY_VALIDATION");
    }
}
