//! PEM framing shared by all key formats: find the label, give precise errors.

use crate::{Error, Result};

/// The longest PEM text taken for one key or certificate, in UTF-8 bytes. A 4096-bit PKCS#8
/// private key is about 3.3 KB and a WeChat Pay platform certificate about 1.5 KB; 16 KiB leaves
/// room for comments, CRLF line ends and a certificate with long extensions, and refuses a
/// bundle or a binary file before it is copied or parsed.
pub const MAX_PEM_LEN: usize = 16 * 1024;

/// Refuses PEM text of `len` bytes if it is over [`MAX_PEM_LEN`] (before any copy or parse).
pub fn check_len(len: usize) -> Result<()> {
    if len > MAX_PEM_LEN {
        return Err(Error::KeyInvalid(format!(
            "the PEM text is {len} bytes, over the {MAX_PEM_LEN}-byte limit for one key or certificate; \
             pass the text of the single key or certificate file (apiclient_key.pem, pub_key.pem or the platform certificate), not a bundle or a binary file"
        )));
    }
    Ok(())
}

/// The label of the first `-----BEGIN …-----` line, or `None` for bare base64.
pub fn label(pem: &str) -> Result<Option<&str>> {
    check_len(pem.len())?;
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
pub fn normalise(pem: &str) -> Result<String> {
    check_len(pem.len())?;
    let mut s = pem.trim().replace("\r\n", "\n").replace("\\n", "\n");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_text_is_capped() {
        assert!(check_len(MAX_PEM_LEN).is_ok());
        let e = check_len(MAX_PEM_LEN + 1).unwrap_err();
        assert_eq!(e.code(), "ERR_WXPAY_KEY_INVALID");
        assert!(e.to_string().contains("16384-byte limit"), "{e}");
        let big = "A".repeat(MAX_PEM_LEN + 1);
        assert!(normalise(&big).is_err());
        assert!(label(&big).is_err());
    }
}
