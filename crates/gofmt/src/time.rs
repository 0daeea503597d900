//! The parts of Go's `time` package the ports rely on (Go 1.26 `src/time/time.go` and
//! `src/time/format.go`): `daysIn`, and whether `time.Parse` accepts a text under one of the
//! four layouts go-yaml v2 tries on a scalar that looks like a timestamp.

/// `daysIn`: the days of `month` (1 to 12) in `year`, leap years as the Gregorian calendar has
/// them.
pub fn days_in(month: u32, year: i64) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The layouts of go-yaml v2's `allowedTimestampFormats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// `2006-1-2T15:4:5.999999999Z07:00`
    T,
    /// `2006-1-2t15:4:5.999999999Z07:00`
    LowerT,
    /// `2006-1-2 15:4:5.999999999`
    Space,
    /// `2006-1-2`
    DateOnly,
}

/// Go's `getnum(s, false)`: one or two digits.
fn getnum(b: &[u8], i: &mut usize) -> Option<u32> {
    let d0 = *b.get(*i)?;
    if !d0.is_ascii_digit() {
        return None;
    }
    match b.get(*i + 1) {
        Some(&d1) if d1.is_ascii_digit() => {
            *i += 2;
            Some(u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'))
        }
        _ => {
            *i += 1;
            Some(u32::from(d0 - b'0'))
        }
    }
}

/// Whether `time.Parse(layout, s)` succeeds, for `s` that starts with four digits and `-`.
pub(crate) fn parses(b: &[u8], layout: Layout) -> bool {
    let year = i64::from(
        b[..4]
            .iter()
            .fold(0u32, |a, &d| a * 10 + u32::from(d - b'0')),
    );
    let mut i = 5;
    let Some(month) = getnum(b, &mut i) else {
        return false;
    };
    if !(1..=12).contains(&month) {
        return false;
    }
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = getnum(b, &mut i) else {
        return false;
    };
    if layout != Layout::DateOnly {
        match layout {
            Layout::T | Layout::LowerT => {
                let want = if layout == Layout::T { b'T' } else { b't' };
                if b.get(i) != Some(&want) {
                    return false;
                }
                i += 1;
            }
            _ => {
                // A space in a Go layout matches any run of spaces, or none at the end.
                if i < b.len() && b[i] != b' ' {
                    return false;
                }
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
            }
        }
        let Some(hour) = getnum(b, &mut i) else {
            return false;
        };
        if hour >= 24 || b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        let Some(minute) = getnum(b, &mut i) else {
            return false;
        };
        if minute >= 60 || b.get(i) != Some(&b':') {
            return false;
        }
        i += 1;
        let Some(second) = getnum(b, &mut i) else {
            return false;
        };
        if second >= 60 {
            return false;
        }
        if b.len() - i >= 2 && matches!(b[i], b'.' | b',') && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        if layout != Layout::Space {
            if b.get(i) == Some(&b'Z') {
                i += 1;
            } else {
                let rest = &b[i..];
                if rest.len() < 6 || rest[3] != b':' {
                    return false;
                }
                let two = |x: &[u8]| {
                    (x[0].is_ascii_digit() && x[1].is_ascii_digit())
                        .then(|| u32::from(x[0] - b'0') * 10 + u32::from(x[1] - b'0'))
                };
                let (Some(hr), Some(mm)) = (two(&rest[1..3]), two(&rest[4..6])) else {
                    return false;
                };
                if hr > 24 || mm > 60 || !matches!(rest[0], b'+' | b'-') {
                    return false;
                }
                i += 6;
            }
        }
    }
    if i != b.len() {
        return false;
    }
    (1..=days_in(month, year)).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_months_and_leap_years() {
        assert_eq!(days_in(2, 2024), 29);
        assert_eq!(days_in(2, 2023), 28);
        assert_eq!(days_in(2, 2100), 28);
        assert_eq!(days_in(2, 2000), 29);
        assert_eq!(days_in(4, 2024), 30);
        assert_eq!(days_in(12, 2024), 31);
    }
}
