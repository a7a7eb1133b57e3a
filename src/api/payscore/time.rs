//! Payscore times: `yyyyMMddHHmmss`, `yyyyMMdd` or `OnAccept` (Beijing time),
//! plus a shape check for the RFC 3339 `complete_time`.
//!
//! Hand-written so the core needs no date crate; only what validation needs.

/// Calendar date and time of day; field order makes the derived `Ord` chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilTime {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

/// A parsed `time_range` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayscoreTime {
    /// The literal `OnAccept`: starts when the user confirms.
    OnAccept,
    /// A fixed instant; `yyyyMMdd` means 00:00:00 of that day.
    At(CivilTime),
}

/// Why a time string was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    /// Not 8 or 14 digits (or `OnAccept` where allowed).
    Format,
    /// Right shape, but no such date or time (e.g. 20230230).
    Calendar,
}

impl PayscoreTime {
    /// Parses `yyyyMMddHHmmss`, `yyyyMMdd` or `OnAccept`.
    pub fn parse(s: &str) -> Result<PayscoreTime, TimeProblem> {
        if s == "OnAccept" {
            return Ok(PayscoreTime::OnAccept);
        }
        let b = s.as_bytes();
        if !(b.len() == 8 || b.len() == 14) || !b.iter().all(u8::is_ascii_digit) {
            return Err(TimeProblem::Format);
        }
        let year = digits(b, 0, 4);
        let month = digits(b, 4, 2);
        let day = digits(b, 6, 2);
        let (hour, minute, second) = if b.len() == 14 { (digits(b, 8, 2), digits(b, 10, 2), digits(b, 12, 2)) } else { (0, 0, 0) };
        civil(year, month, day, hour, minute, second).map(PayscoreTime::At).ok_or(TimeProblem::Calendar)
    }
}

/// Builds a checked `CivilTime`; `None` when any field is out of range.
fn civil(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<CivilTime> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    if day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(CivilTime {
        year: u16::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        hour: u8::try_from(hour).ok()?,
        minute: u8::try_from(minute).ok()?,
        second: u8::try_from(second).ok()?,
    })
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Decimal value of `len` ASCII digits at `start`; callers checked they are digits.
fn digits(b: &[u8], start: usize, len: usize) -> u32 {
    b.iter().skip(start).take(len).fold(0, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// RFC 3339 date-time with an offset (`2019-11-11T16:24:05+08:00`, fraction optional).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    // Fixed part: yyyy-MM-ddTHH:mm:ss
    if b.len() < 20 {
        return false;
    }
    let shape_ok = b.iter().take(19).enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        10 => *c == b'T' || *c == b't',
        13 | 16 => *c == b':',
        _ => c.is_ascii_digit(),
    });
    if !shape_ok {
        return false;
    }
    let date_ok = civil(digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2), digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2)).is_some();
    if !date_ok {
        return false;
    }
    let mut rest = b.get(19..).unwrap_or_default();
    if let Some((b'.', frac)) = rest.split_first() {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = frac.get(n..).unwrap_or_default();
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()) && digits(&[*h1, *h2], 0, 2) <= 23 && digits(&[*m1, *m2], 0, 2) <= 59
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> CivilTime {
        match PayscoreTime::parse(s).unwrap() {
            PayscoreTime::At(t) => t,
            PayscoreTime::OnAccept => panic!("expected a fixed time"),
        }
    }

    #[test]
    fn accepts_the_three_forms() {
        assert_eq!(PayscoreTime::parse("OnAccept"), Ok(PayscoreTime::OnAccept));
        assert_eq!(at("20091225091010"), CivilTime { year: 2009, month: 12, day: 25, hour: 9, minute: 10, second: 10 });
        assert_eq!(at("20091225"), CivilTime { year: 2009, month: 12, day: 25, hour: 0, minute: 0, second: 0 });
    }

    #[test]
    fn rejects_bad_shapes() {
        for s in ["", "onaccept", "OnAccept ", "2009122509101", "200912250910100", "2009-12-25", "2009122５", "+0091225"] {
            assert_eq!(PayscoreTime::parse(s), Err(TimeProblem::Format), "{s:?}");
        }
    }

    #[test]
    fn rejects_impossible_dates_and_times() {
        for s in ["20230229", "19000229", "20091301", "20090001", "20091200", "20090431", "00001225", "20091225240000", "20091225236000", "20091225235960"] {
            assert_eq!(PayscoreTime::parse(s), Err(TimeProblem::Calendar), "{s:?}");
        }
        assert!(PayscoreTime::parse("20240229").is_ok());
        assert!(PayscoreTime::parse("20000229235959").is_ok());
    }

    #[test]
    fn date_only_sorts_as_midnight() {
        assert!(at("20091225") < at("20091225000001"));
        assert_eq!(at("20091225"), at("20091225000000"));
        assert!(at("20091224235959") < at("20091225"));
    }

    #[test]
    fn rfc3339_shapes() {
        for ok in ["2019-11-11T16:24:05+08:00", "2015-05-20T13:29:35.120+08:00", "2019-11-11T08:24:05Z", "2019-11-11t08:24:05-00:30"] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2019-11-11 16:24:05+08:00",
            "2019-11-11T16:24:05",
            "2019-02-30T16:24:05+08:00",
            "2019-11-11T16:24:05.+08:00",
            "2019-11-11T16:24:05+0800",
            "20191111162405",
            "2019-11-11T16:24:05+24:00",
            "",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
