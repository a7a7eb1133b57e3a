//! Yuan text (`0.01`, `-12.30`, `5`) to integer fen, exactly: digits only, no floats.
//!
//! The bill states money in yuan ("对账单中涉及金额的字段单位为“元”", 申请分账账单,
//! pay.weixin.qq.com/doc/v3/partner/4012715572); the package speaks fen everywhere else.

use crate::api::fen::MAX_FEN;

/// Why a cell is not a yuan amount; the sentence goes into `ERR_WXPAY_BILL_INVALID`.
pub fn parse_yuan(text: &str) -> Result<i64, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f) || f.len() > 2) {
        return Err("is not an amount in yuan (digits with at most two decimals, e.g. 0.01)".to_owned());
    }
    let mut fen: u64 = 0;
    let cents = frac.unwrap_or("");
    // Two decimal places exactly: "1.5" is 150 fen, "1" is 100.
    for b in whole.bytes().chain(cents.bytes()).chain(std::iter::repeat_n(b'0', 2 - cents.len())) {
        fen = fen
            .checked_mul(10)
            .and_then(|f| f.checked_add(u64::from(b - b'0')))
            .filter(|f| *f <= MAX_FEN)
            .ok_or_else(|| format!("is more than {MAX_FEN} fen"))?;
    }
    let fen = i64::try_from(fen).map_err(|_| format!("is more than {MAX_FEN} fen"))?;
    Ok(if negative { -fen } else { fen })
}

#[cfg(test)]
mod tests {
    use super::parse_yuan;

    #[test]
    fn exact_fen() {
        assert_eq!(parse_yuan("0.01"), Ok(1));
        assert_eq!(parse_yuan("0.1"), Ok(10));
        assert_eq!(parse_yuan("12.30"), Ok(1230));
        assert_eq!(parse_yuan("5"), Ok(500));
        assert_eq!(parse_yuan("-3.00"), Ok(-300));
        assert_eq!(parse_yuan("0.29"), Ok(29), "0.29 is 28.999… as a float; digits stay exact");
        assert_eq!(parse_yuan("90071992547409.91"), Ok(9_007_199_254_740_991));
    }

    #[test]
    fn refused() {
        for bad in ["", ".5", "1.", "1.234", "1e3", " 1", "1,000.00", "+1", "--1", "0x10", "¥1", "90071992547409.92", "99999999999999999999999"] {
            assert!(parse_yuan(bad).is_err(), "{bad:?}");
        }
    }
}
