//! The strings that get signed. Every line ends in `\n`, the last one included.

use crate::{Error, Result};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
pub const MAX_NONCE_LEN: usize = 64;

/// The longest request body signed, in UTF-8 bytes. APIv3 request bodies are JSON documents of
/// a few KB (the largest a builder makes, a profit-sharing order with 50 receivers and legacy
/// encrypted names, is under 40 KB; a builder's input is capped at 256 Ki characters of JSON);
/// 1 MiB, the same as the response cap, is generous for any hand-made body.
pub const MAX_BODY_LEN: usize = 1024 * 1024;
/// The longest URL (or path and query) signed, in bytes. APIv3 paths and queries are under
/// 300 bytes; 8 KiB is what common HTTP servers accept for a whole request line.
pub const MAX_URL_LEN: usize = 8 * 1024;
/// The longest HTTP method taken (`DELETE`): anything longer is refused before it is copied.
pub const MAX_METHOD_LEN: usize = 6;
/// The longest message signed or verified: a request's method, URL, timestamp and nonce lines
/// around the longest body (a response's message, around a body of at most 1 MiB, is shorter).
pub const MAX_MESSAGE_LEN: usize = MAX_BODY_LEN + MAX_URL_LEN + 128;

/// A validation error for an input of `len` bytes over `max`, with what to do about it.
pub(crate) fn too_large(path: &str, len: usize, max: usize, fix: &str) -> Error {
    Error::Validation(vec![crate::Issue::new(path, "too_large", format!("is {len} bytes, over the {max}-byte limit; {fix}"))])
}

/// Refuses a request body of `len` bytes over [`MAX_BODY_LEN`].
pub fn check_body_len(len: usize) -> Result<()> {
    if len > MAX_BODY_LEN {
        return Err(too_large("body", len, MAX_BODY_LEN, "sign the exact JSON text you send (APIv3 request bodies are a few KB)"));
    }
    Ok(())
}

/// Refuses a URL of `len` bytes over [`MAX_URL_LEN`].
pub fn check_url_len(len: usize) -> Result<()> {
    if len > MAX_URL_LEN {
        return Err(too_large("url", len, MAX_URL_LEN, "pass the request's path and query (/v3/…) or its full URL, nothing else"));
    }
    Ok(())
}

/// Refuses an HTTP method of `len` bytes over [`MAX_METHOD_LEN`].
pub fn check_method_len(len: usize) -> Result<()> {
    if len > MAX_METHOD_LEN {
        return Err(too_large("method", len, MAX_METHOD_LEN, "use one of GET, POST, PUT, PATCH, DELETE"));
    }
    Ok(())
}

/// Refuses a message to sign or verify of `len` bytes over [`MAX_MESSAGE_LEN`].
pub fn check_message_len(len: usize) -> Result<()> {
    if len > MAX_MESSAGE_LEN {
        return Err(too_large("message", len, MAX_MESSAGE_LEN, "pass the signed message (request or response lines around its body), not a file"));
    }
    Ok(())
}

/// Refuses a nonce of `len` bytes over [`MAX_NONCE_LEN`] with the nonce's own error.
pub fn check_nonce_len(len: usize) -> Result<()> {
    if len > MAX_NONCE_LEN {
        return Err(nonce_error("nonce"));
    }
    Ok(())
}

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
        return Err(url_error("contains whitespace, control or non-ASCII characters; percent-encode (UTF-8) the path and query exactly as they are sent"));
    }
    Ok(path)
}

fn url_error(reason: &str) -> Error {
    Error::Validation(vec![crate::Issue::new("url", "invalid", reason)])
}

pub(crate) fn method(m: &str) -> Result<&'static str> {
    METHODS
        .iter()
        .find(|x| x.eq_ignore_ascii_case(m))
        .copied()
        .ok_or_else(|| Error::Validation(vec![crate::Issue::new("method", "invalid", format!("{m:?} is not one of GET, POST, PUT, PATCH, DELETE"))]))
}

/// Nonces go into a header between quotes and into a line of the message.
pub(crate) fn check_nonce(nonce: &str, path: &str) -> Result<()> {
    if nonce.is_empty() || nonce.len() > MAX_NONCE_LEN || !nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(nonce_error(path));
    }
    Ok(())
}

fn nonce_error(path: &str) -> Error {
    Error::Validation(vec![crate::Issue::new(path, "invalid", format!("must be 1 to {MAX_NONCE_LEN} ASCII letters or digits"))])
}

/// `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
pub fn request_message(method_in: &str, url: &str, timestamp: u64, nonce: &str, body: &str) -> Result<String> {
    check_method_len(method_in.len())?;
    check_url_len(url.len())?;
    check_body_len(body.len())?;
    let m = method(method_in)?;
    let path = canonical_url(url)?;
    check_nonce(nonce, "nonce")?;
    let mut s = String::with_capacity(m.len() + path.len() + 20 + nonce.len() + body.len() + 5);
    for part in [m, path] {
        s.push_str(part);
        s.push('\n');
    }
    crate::decimal::push_decimal(&mut s, timestamp);
    for part in ["", nonce, body] {
        s.push_str(part);
        s.push('\n');
    }
    Ok(s)
}

/// What follows the body in a response or callback message.
pub const RESPONSE_TAIL: &str = "\n";

/// `TIMESTAMP\nNONCE\n`: what precedes the body in a response or callback message.
pub fn response_head(timestamp: &str, nonce: &str) -> String {
    let mut head = String::with_capacity(timestamp.len() + nonce.len() + 2);
    head.push_str(timestamp);
    head.push('\n');
    head.push_str(nonce);
    head.push('\n');
    head
}

/// `TIMESTAMP\nNONCE\nBODY\n` over the raw body bytes, for responses and callbacks.
pub fn response_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let head = response_head(timestamp, nonce);
    let mut v = Vec::with_capacity(head.len() + body.len() + RESPONSE_TAIL.len());
    v.extend_from_slice(head.as_bytes());
    v.extend_from_slice(body);
    v.extend_from_slice(RESPONSE_TAIL.as_bytes());
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

    #[test]
    fn inputs_are_capped() {
        let body = "x".repeat(MAX_BODY_LEN + 1);
        let e = request_message("POST", "/v3/x", 1, "n", &body).unwrap_err();
        assert!(e.to_string().contains("1048576-byte limit"), "{e}");
        assert!(request_message("POST", "/v3/x", 1, "n", &body[1..]).is_ok());
        let url = format!("/v3/{}", "x".repeat(MAX_URL_LEN));
        assert_eq!(request_message("GET", &url, 1, "n", "").unwrap_err().code(), "ERR_WXPAY_VALIDATION");
        assert!(request_message("OPTIONS", "/v3/x", 1, "n", "").is_err());
        assert!(check_method_len(6).is_ok() && check_method_len(7).is_err());
        assert!(check_nonce_len(MAX_NONCE_LEN).is_ok() && check_nonce_len(MAX_NONCE_LEN + 1).is_err());
        assert!(check_message_len(MAX_MESSAGE_LEN).is_ok() && check_message_len(MAX_MESSAGE_LEN + 1).is_err());
        // The longest response message (body cap plus its two head lines) verifies.
        const { assert!(MAX_MESSAGE_LEN > crate::verify::response::MAX_BODY_LEN + 64) };
    }
}
