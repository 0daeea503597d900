//! `strconv.ParseUint`, `strconv.ParseInt` and `strconv.Atoi`: Go 1.26
//! `src/internal/strconv/atoi.go`, function by function, with `bitSize` 64.

use super::NumError;

/// Go's `lower`: a lower-case letter if and only if `c` is that letter in either case (other
/// bytes map to other non-letters).
pub(super) fn lower(c: u8) -> u8 {
    c | (b'x' - b'X')
}

/// `strconv.ParseUint(s, base, 64)`: no sign; for base 0 the prefix picks the base (`0b`,
/// `0o`, `0x`, a bare leading `0` for octal, decimal otherwise) and underscores may separate
/// digits as in Go literals.
pub fn parse_uint(s: &str, base: u32) -> Result<u64, NumError> {
    let s = s.as_bytes();
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let base0 = base == 0;
    let s0 = s;
    let (base, digits) = match base {
        2..=36 => (base, s),
        0 => {
            if s[0] == b'0' {
                match s.get(1).map(|&c| lower(c)) {
                    Some(b'b') if s.len() >= 3 => (2, &s[2..]),
                    Some(b'o') if s.len() >= 3 => (8, &s[2..]),
                    Some(b'x') if s.len() >= 3 => (16, &s[2..]),
                    _ => (8, &s[1..]),
                }
            } else {
                (10, s)
            }
        }
        _ => return Err(NumError::Base),
    };

    // The smallest number such that cutoff*base overflows.
    let cutoff = u64::MAX / u64::from(base) + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            _ if lower(c).is_ascii_lowercase() => lower(c) - b'a' + 10,
            _ => return Err(NumError::Syntax),
        };
        if u32::from(d) >= base {
            return Err(NumError::Syntax);
        }
        // As in Go, an overflow is reported at once, before the rest is looked at.
        if n >= cutoff {
            return Err(NumError::Range);
        }
        n *= u64::from(base);
        n = n.checked_add(u64::from(d)).ok_or(NumError::Range)?;
    }
    if underscores && !underscore_ok(s0) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// `strconv.ParseInt(s, base, 64)`: an optional `+` or `-`, then what [`parse_uint`] reads.
pub fn parse_int(s: &str, base: u32) -> Result<i64, NumError> {
    const CUTOFF: u64 = 1 << 63;
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let (neg, rest) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint(rest, base) {
        Ok(un) => un,
        Err(NumError::Range) => u64::MAX,
        Err(e) => return Err(e),
    };
    if (!neg && un >= CUTOFF) || (neg && un > CUTOFF) {
        return Err(NumError::Range);
    }
    Ok(if neg {
        0i64.wrapping_sub_unsigned(un)
    } else {
        i64::try_from(un).map_err(|_| NumError::Range)?
    })
}

/// `strconv.Atoi`: `ParseInt(s, 10, 0)` with Go's 64-bit `int` (its fast path for short input
/// gives the same answers).
pub fn atoi(s: &str) -> Result<i64, NumError> {
    parse_int(s, 10)
}

/// `underscoreOK`: underscores only between digits, or between a base prefix and a digit.
pub(super) fn underscore_ok(s: &[u8]) -> bool {
    // What was seen last: b'^' the beginning, b'0' a digit or base prefix, b'_' an underscore,
    // b'!' anything else.
    let mut saw = b'^';
    let mut i = 0;
    let s = match s.first() {
        Some(b'-' | b'+') => &s[1..],
        _ => s,
    };
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(lower(s[1]), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = lower(s[1]) == b'x';
    }
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&lower(c))) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_like_go() {
        assert_eq!(parse_int("0x1F", 0), Ok(31));
        assert_eq!(parse_int("-0b101", 0), Ok(-5));
        assert_eq!(parse_int("0o17", 0), Ok(15));
        assert_eq!(parse_int("017", 0), Ok(15));
        assert_eq!(parse_int("08", 0), Err(NumError::Syntax));
        assert_eq!(parse_int("0", 0), Ok(0));
        assert_eq!(parse_int("0x", 0), Err(NumError::Syntax));
        assert_eq!(parse_int("1_000", 0), Ok(1000));
        assert_eq!(parse_int("1_000", 10), Err(NumError::Syntax));
        assert_eq!(parse_int("_1", 0), Err(NumError::Syntax));
        assert_eq!(parse_int("0x_1F", 0), Ok(31));
        assert_eq!(parse_int("-9223372036854775808", 0), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808", 0), Err(NumError::Range));
        assert_eq!(parse_int("-9223372036854775809", 10), Err(NumError::Range));
        // Overflow wins over a later syntax error, as Go checks digit by digit.
        assert_eq!(parse_int("99999999999999999999x", 10), Err(NumError::Range));
        assert_eq!(parse_int("+", 0), Err(NumError::Syntax));
        assert_eq!(parse_int("--1", 0), Err(NumError::Syntax));
        assert_eq!(parse_int("z", 36), Ok(35));
        assert_eq!(parse_int("1", 1), Err(NumError::Base));
        assert_eq!(parse_int("1", 37), Err(NumError::Base));
    }

    #[test]
    fn parse_uint_and_atoi_like_go() {
        assert_eq!(parse_uint("18446744073709551615", 0), Ok(u64::MAX));
        assert_eq!(parse_uint("18446744073709551616", 0), Err(NumError::Range));
        assert_eq!(parse_uint("+1", 0), Err(NumError::Syntax));
        assert_eq!(parse_uint("0xFFFFFFFFFFFFFFFF", 0), Ok(u64::MAX));
        assert_eq!(parse_uint("", 10), Err(NumError::Syntax));
        assert_eq!(atoi("-12"), Ok(-12));
        assert_eq!(atoi("+12"), Ok(12));
        assert_eq!(atoi("1_2"), Err(NumError::Syntax));
        assert_eq!(atoi("0x1"), Err(NumError::Syntax));
        assert_eq!(atoi("\u{663}"), Err(NumError::Syntax));
        assert_eq!(atoi("99999999999999999999"), Err(NumError::Range));
    }
}
