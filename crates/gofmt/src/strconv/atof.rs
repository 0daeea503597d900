//! `strconv.ParseFloat(s, 64)`: Go 1.26 `src/internal/strconv/atof.go`. The syntax (`special`,
//! `readFloat`, underscores) and hexadecimal rounding (`atofHex`) are ported function by
//! function; decimal conversion is std's, which rounds correctly as Go's Eisel-Lemire and
//! slow-path conversions do.

use super::NumError;
use super::atoi::{lower, underscore_ok};

/// `strconv.ParseFloat(s, 64)`: decimal and hexadecimal Go float literals (underscores
/// between digits allowed), `inf`, `infinity` and `nan` in any case (the infinities signed).
/// Overflow is [`NumError::Range`]; underflow rounds to zero without error, as in Go.
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    let (f, n) = atof64(s);
    // A number followed by more is a syntax error, even one out of range.
    if n != s.len() {
        return Err(NumError::Syntax);
    }
    f
}

/// `atof64`: the value of the longest prefix that reads as a number, and that prefix's length.
fn atof64(s: &str) -> (Result<f64, NumError>, usize) {
    let b = s.as_bytes();
    if let Some((f, n)) = special(b) {
        return (Ok(f), n);
    }
    let Some(r) = read_float(b) else {
        return (Err(NumError::Syntax), 0);
    };
    if r.hex {
        return (atof_hex(r), r.n);
    }
    // `readFloat` accepted the prefix, so without its underscores it is in std's grammar.
    let text = &s[..r.n];
    let f = if r.underscores {
        text.replace('_', "").parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    let f = match f {
        Ok(f) if f.is_infinite() => Err(NumError::Range),
        Ok(f) => Ok(f),
        Err(_) => Err(NumError::Syntax),
    };
    (f, r.n)
}

/// `commonPrefixLenIgnoreCase` against a lower-case `prefix`.
fn common_prefix_len_ignore_case(s: &[u8], prefix: &[u8]) -> usize {
    s.iter()
        .zip(prefix)
        .take_while(|(c, p)| c.to_ascii_lowercase() == **p)
        .count()
}

/// `special`: a possibly signed `inf` or `infinity`, or an unsigned `nan`, at the start of `s`.
fn special(s: &[u8]) -> Option<(f64, usize)> {
    let (sign, nsign, rest) = match s.first()? {
        b'+' => (1.0, 1, &s[1..]),
        b'-' => (-1.0, 1, &s[1..]),
        b'n' | b'N' => {
            return (common_prefix_len_ignore_case(s, b"nan") == 3).then_some((f64::NAN, 3));
        }
        _ => (1.0, 0, s),
    };
    if nsign == 0 && !matches!(rest.first(), Some(b'i' | b'I')) {
        return None;
    }
    let mut n = common_prefix_len_ignore_case(rest, b"infinity");
    // Anything longer than "inf" is fine, but short of "infinity" only "inf" is taken.
    if 3 < n && n < 8 {
        n = 3;
    }
    (n == 3 || n == 8).then_some((sign * f64::INFINITY, nsign + n))
}

/// What `readFloat` returns.
#[derive(Debug, Clone, Copy)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "readFloat's results, one for one"
)]
struct ReadFloat {
    mantissa: u64,
    exp: i32,
    neg: bool,
    trunc: bool,
    hex: bool,
    underscores: bool,
    /// Bytes read.
    n: usize,
}

/// `readFloat`: the mantissa and exponent of a decimal or hexadecimal number at the start of
/// `s` (which may go on with other bytes), or `None` when it is not well formed.
#[expect(clippy::too_many_lines, reason = "a line-by-line port of readFloat")]
fn read_float(s: &[u8]) -> Option<ReadFloat> {
    let mut underscores = false;
    let mut i = 0;
    let neg = match s.first()? {
        b'+' => {
            i += 1;
            false
        }
        b'-' => {
            i += 1;
            true
        }
        _ => false,
    };

    let mut base: u64 = 10;
    let mut max_mant_digits = 19; // 10^19 fits in a u64
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && lower(s[i + 1]) == b'x' {
        base = 16;
        max_mant_digits = 16; // 16^16 fits in a u64
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let mut sawdot = false;
    let mut sawdigits = false;
    let mut nd: i32 = 0;
    let mut nd_mant: i32 = 0;
    let mut dp: i32 = 0;
    let mut mantissa: u64 = 0;
    let mut trunc = false;
    while i < s.len() {
        let c = s[i];
        if c == b'_' {
            underscores = true;
        } else if c == b'.' {
            if sawdot {
                break;
            }
            sawdot = true;
            dp = nd;
        } else if c.is_ascii_digit() {
            sawdigits = true;
            if c == b'0' && nd == 0 {
                // Leading zeros move the point only.
                dp -= 1;
            } else {
                nd += 1;
                if nd_mant < max_mant_digits {
                    mantissa = mantissa * base + u64::from(c - b'0');
                    nd_mant += 1;
                } else if c != b'0' {
                    trunc = true;
                }
            }
        } else if base == 16 && (b'a'..=b'f').contains(&lower(c)) {
            sawdigits = true;
            nd += 1;
            if nd_mant < max_mant_digits {
                mantissa = mantissa * 16 + u64::from(lower(c) - b'a' + 10);
                nd_mant += 1;
            } else {
                trunc = true;
            }
        } else {
            break;
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }

    if i < s.len() && lower(s[i]) == exp_char {
        i += 1;
        let esign = match s.get(i)? {
            b'+' => {
                i += 1;
                1
            }
            b'-' => {
                i += 1;
                -1
            }
            _ => 1,
        };
        if !s.get(i)?.is_ascii_digit() {
            return None;
        }
        // A huge exponent only needs to be huge: it is capped, as in Go.
        let mut e: i32 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i32::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        // A hexadecimal float must have an exponent.
        return None;
    }

    let exp = if mantissa == 0 { 0 } else { dp - nd_mant };
    if underscores && !underscore_ok(&s[..i]) {
        return None;
    }
    Some(ReadFloat {
        mantissa,
        exp,
        neg,
        trunc,
        hex,
        underscores,
        n: i,
    })
}

/// `atofHex` for float64: `mantissa * 2^exp` rounded to the nearest even, ±Inf beyond range.
fn atof_hex(r: ReadFloat) -> Result<f64, NumError> {
    const MANTBITS: i32 = 52;
    const EXPBITS: i32 = 11;
    const BIAS: i32 = -1023;
    const MAX_EXP: i32 = (1 << EXPBITS) + BIAS - 2;
    const MIN_EXP: i32 = BIAS + 1;

    let mut mantissa = r.mantissa;
    // The mantissa is now implicitly divided by 2^MANTBITS.
    let mut exp = r.exp + MANTBITS;

    // Bring the mantissa to a leading 1 followed by MANTBITS bits and two rounding bits, the
    // lower of which says whether anything below it was non-zero.
    while mantissa != 0 && mantissa >> (MANTBITS + 2) == 0 {
        mantissa <<= 1;
        exp -= 1;
    }
    if r.trunc {
        mantissa |= 1;
    }
    while mantissa >> (1 + MANTBITS + 2) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }

    // Too small an exponent: denormalize in hopes of making it representable.
    while mantissa > 1 && exp < MIN_EXP - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exp += 1;
    }

    // Round using the two bottom bits (to even: up if the mantissa is odd).
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exp += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (1 + MANTBITS) {
            mantissa >>= 1;
            exp += 1;
        }
    }

    if mantissa >> MANTBITS == 0 {
        // Denormal or zero.
        exp = BIAS;
    }
    if exp > MAX_EXP {
        return Err(NumError::Range);
    }
    let mut bits = mantissa & ((1 << MANTBITS) - 1);
    bits |= u64::from((exp - BIAS).cast_unsigned() & ((1 << EXPBITS) - 1)) << MANTBITS;
    if r.neg {
        bits |= 1 << 63;
    }
    Ok(f64::from_bits(bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_like_go() {
        assert_eq!(parse_float("1.5"), Ok(1.5));
        assert_eq!(parse_float("9e999x"), Err(NumError::Syntax));
        assert_eq!(parse_float("1."), Ok(1.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("+.5e1"), Ok(5.0));
        assert_eq!(parse_float("1_000.5"), Ok(1000.5));
        assert_eq!(parse_float(".5_0"), Ok(0.5));
        assert_eq!(parse_float("._5"), Err(NumError::Syntax));
        assert_eq!(parse_float("1_"), Err(NumError::Syntax));
        assert_eq!(parse_float("."), Err(NumError::Syntax));
        assert_eq!(parse_float("1e"), Err(NumError::Syntax));
        assert_eq!(parse_float("1.2.3"), Err(NumError::Syntax));
        assert_eq!(parse_float("1e400"), Err(NumError::Range));
        assert_eq!(parse_float("1e-400"), Ok(0.0));
        assert_eq!(parse_float("0e99999999999"), Ok(0.0));
        assert!(parse_float("-0").is_ok_and(|f| f == 0.0 && f.is_sign_negative()));
        assert_eq!(parse_float(""), Err(NumError::Syntax));
    }

    #[test]
    fn specials_and_hex_like_go() {
        assert_eq!(parse_float("-Infinity"), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_float("+inf"), Ok(f64::INFINITY));
        assert_eq!(parse_float("infx"), Err(NumError::Syntax));
        assert_eq!(parse_float("infinit"), Err(NumError::Syntax));
        assert!(parse_float("NaN").is_ok_and(f64::is_nan));
        assert_eq!(parse_float("-nan"), Err(NumError::Syntax));
        assert_eq!(parse_float("0x1p-2"), Ok(0.25));
        assert_eq!(parse_float("0x1.8p1"), Ok(3.0));
        assert_eq!(parse_float("0x1"), Err(NumError::Syntax));
        assert_eq!(parse_float("0x1p1024"), Err(NumError::Range));
        assert_eq!(parse_float("-0x1p-1074"), Ok(-f64::from_bits(1)));
        assert_eq!(parse_float("0x1p-1075"), Ok(0.0));
    }
}
