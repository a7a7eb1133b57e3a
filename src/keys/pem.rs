//! PEM framing shared by all key formats: find the label, give precise errors.

use crate::{Error, Result};

/// Inputs larger than this are not keys or certificates.
pub const MAX_PEM_LEN: usize = 64 * 1024;

/// The label of the first `-----BEGIN …-----` line, or `None` for bare base64.
pub fn label(pem: &str) -> Result<Option<&str>> {
    if pem.len() > MAX_PEM_LEN {
        return Err(Error::KeyInvalid(format!("input is {} bytes; a PEM key or certificate is under {MAX_PEM_LEN}", pem.len())));
    }
    let Some(start) = pem.find("-----BEGIN ") else {
        return Ok(None);
    };
    let rest = pem.get(start + "-----BEGIN ".len()..).unwrap_or("");
    match rest.find("-----") {
        Some(end) => Ok(rest.get(..end)),
        None => Err(Error::KeyInvalid("PEM BEGIN line is not terminated by -----".into())),
    }
}

/// Normalises line endings and surrounding whitespace (keys pasted from Windows or env vars).
pub fn normalise(pem: &str) -> String {
    let mut s = pem.trim().replace("\r\n", "\n").replace("\\n", "\n");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
