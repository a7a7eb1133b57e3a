//! The integrity check of a downloaded bill, decided here, computed by the host.
//!
//! `hash_type` / `hash_value` describe the original bill, after gunzip ("原始账单(gzip需要解压缩)的
//! 摘要值"); the only documented `hash_type` is `SHA1` (申请分账账单, pay.weixin.qq.com/doc/v3/partner/4012715572).
//! wechatpay-java does the same: `BillDownloadServiceExtension` wraps the download in a
//! `GZIPInputStream` and `DigestBillEntity` digests what comes out; wechatpay-go's
//! `SplitBillHashType` has the one value `SHA1`.

/// The one digest the bill API documents.
pub const HASH_TYPE_SHA1: &str = "SHA1";

/// `Ok` when `actual_hex` (SHA-1 of the gunzipped bytes, from the host) equals `hash_value`.
pub fn check_hash(hash_type: &str, hash_value: &str, actual_hex: &str) -> crate::Result<()> {
    if hash_type != HASH_TYPE_SHA1 {
        return Err(crate::Error::PayloadInvalid(format!(
            "hash_type {:?} is not supported: the bill API documents SHA1 only, so this bill cannot be checked",
            truncated(hash_type)
        )));
    }
    let is_hex40 = |s: &str| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !is_hex40(hash_value) {
        return Err(crate::Error::PayloadInvalid("hash_value is not a SHA1 digest (40 hexadecimal digits)".to_owned()));
    }
    if !is_hex40(actual_hex) {
        return Err(crate::Error::Internal("the host's SHA-1 of the bill is not 40 hexadecimal digits".to_owned()));
    }
    if hash_value.eq_ignore_ascii_case(actual_hex) {
        Ok(())
    } else {
        Err(crate::Error::BillHashMismatch { expected: hash_value.to_ascii_lowercase(), actual: actual_hex.to_ascii_lowercase() })
    }
}

fn truncated(s: &str) -> String {
    s.chars().take(32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // SHA-1 of "abc" (FIPS 180-2 appendix A).
    const ABC: &str = "a9993e364706816aba3e25717850c26c9cd0d89d";

    #[test]
    fn matches_in_either_case() {
        assert!(check_hash("SHA1", ABC, ABC).is_ok());
        assert!(check_hash("SHA1", &ABC.to_ascii_uppercase(), ABC).is_ok());
    }

    #[test]
    fn mismatch_and_unknown_type_are_typed() {
        let e = check_hash("SHA1", ABC, "da39a3ee5e6b4b0d3255bfef95601890afd80709").unwrap_err();
        assert_eq!(e.code(), "ERR_WXPAY_BILL_HASH_MISMATCH");
        assert!(e.to_string().contains("download again"), "{e}");
        assert_eq!(check_hash("SHA256", ABC, ABC).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert_eq!(check_hash("sha1", ABC, ABC).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
        assert_eq!(check_hash("SHA1", "xyz", ABC).unwrap_err().code(), "ERR_WXPAY_PAYLOAD_INVALID");
    }
}
