//! Go's formatting of numbers and untyped values (strconv, fmt's `%v`, `%#v` and `%q`,
//! encoding/json): what kubectl's output formats print of the values it decoded, and what the
//! API server's validation messages quote. One implementation serves crkit's printers
//! (`crkit-output`) and its validator (`crkit-discovery`'s `validate`).
//!
//! Parsing goes the other way: [`strconv`] reads numbers as Go's `strconv` does, and
//! [`yaml_resolve`] decides, as go-yaml does, what a plain YAML scalar means.

use std::fmt::Write as _;

pub mod strconv;
pub mod time;
pub mod yaml_resolve;

use serde_json::{Number, Value};

/// A JSON number as kubectl holds it after decoding an object: `int64` when the text is an
/// integer that fits, `float64` otherwise (apimachinery's JSON decoding).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GoNum {
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other number.
    Float(f64),
}

impl GoNum {
    /// The Go number a decoder makes of `n`.
    pub fn of(n: &Number) -> Self {
        match n.as_i64() {
            Some(i) => GoNum::Int(i),
            None => GoNum::Float(n.as_f64().unwrap_or(f64::NAN)),
        }
    }
}

/// The shortest decimal digits that round-trip `f` (finite, non-zero, positive) and the position
/// of the decimal point, as strconv's `decimalSlice` holds them.
fn shortest_digits(f: f64) -> (Vec<u8>, i32) {
    // Rust's `{:e}` prints the shortest round-trip digits closest to `f`, as Go's Dragonbox
    // (Go 1.26 ftoadbox.go) does, except when two are exactly as close.
    let s = format!("{f:e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    tie_to_even(f, &mut digits, exp);
    (digits, exp + 1)
}

/// Where `f` lies exactly halfway between two shortest candidates, Rust takes the upper one and
/// Dragonbox the even one: `857801761340954.25` is `8.578017613409542e+14` in Go. `digits` and
/// `exp` are Rust's shortest (`d.ddd` times 10^`exp`).
fn tie_to_even(f: f64, digits: &mut [u8], exp: i32) {
    // Two shortest candidates round-trip only with 16 digits or more (any two distinct
    // decimals of up to 15 digits are distinct doubles), and only an odd upper one changes.
    let n = digits.len();
    if n < 16 || digits[n - 1].is_multiple_of(2) {
        return;
    }
    // Exactly halfway: the exact value is the lower candidate followed by a 5 and nothing else.
    // A double's exact decimal expansion has at most 767 significant digits.
    let exact = format!("{f:.800e}");
    let exact_digits: Vec<u8> = exact
        .split('e')
        .next()
        .unwrap_or_default()
        .bytes()
        .filter(u8::is_ascii_digit)
        .collect();
    let mut lower = digits.to_vec();
    lower[n - 1] -= 1;
    let halfway = exact_digits.get(..n) == Some(lower.as_slice())
        && exact_digits.get(n) == Some(&b'5')
        && exact_digits[n + 1..].iter().all(|&d| d == b'0');
    if !halfway {
        return;
    }
    // At a power of two the gap below is half the gap above: the lower candidate must still
    // read back as `f`.
    let mut text = String::with_capacity(n + 8);
    text.push(char::from(lower[0]));
    text.push('.');
    text.extend(lower[1..].iter().map(|&d| char::from(d)));
    let _ = write!(text, "e{exp}");
    if text
        .parse::<f64>()
        .is_ok_and(|back| back.to_bits() == f.to_bits())
    {
        digits[n - 1] -= 1;
    }
}

fn fmt_e(out: &mut String, digits: &[u8], dp: i32, prec: i32) {
    out.push(digits.first().map_or('0', |&d| char::from(d)));
    if prec > 0 {
        out.push('.');
        let nd = i32::try_from(digits.len()).unwrap_or(i32::MAX);
        let mut i = 1;
        let m = nd.min(prec + 1);
        while i < m {
            out.push(char::from(digits[usize::try_from(i).unwrap_or(0)]));
            i += 1;
        }
        while i <= prec {
            out.push('0');
            i += 1;
        }
    }
    out.push('e');
    let mut exp = dp - 1;
    if digits.is_empty() {
        exp = 0;
    }
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
}

fn fmt_f(out: &mut String, digits: &[u8], dp: i32, prec: i32) {
    let nd = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    if dp > 0 {
        let m = nd.min(dp);
        for &d in &digits[..usize::try_from(m).unwrap_or(0)] {
            out.push(char::from(d));
        }
        for _ in m..dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = dp + i - 1;
            if (0..nd).contains(&j) {
                out.push(char::from(digits[usize::try_from(j).unwrap_or(0)]));
            } else {
                out.push('0');
            }
        }
    }
}

/// `strconv.FormatFloat(f, fmt, -1, 64)` for `fmt` one of `e`, `f`, `g`.
pub fn format_float(f: f64, fmt: u8) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let (digits, dp) = if f == 0.0 {
        (Vec::new(), 0)
    } else {
        shortest_digits(f.abs())
    };
    let nd = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    match fmt {
        b'e' => fmt_e(&mut out, &digits, dp, (nd - 1).max(0)),
        b'f' => fmt_f(&mut out, &digits, dp, (nd - dp).max(0)),
        _ => {
            // Shortest %g switches to exponent form from 1e+06 on, unlike JSON's 1e21.
            let exp = dp - 1;
            if (-4..6).contains(&exp) {
                fmt_f(&mut out, &digits, dp, (nd - dp).max(0));
            } else {
                fmt_e(&mut out, &digits, dp, nd - 1);
            }
        }
    }
    out
}

/// How encoding/json writes a number kubectl decoded from `n`.
pub fn json_number(n: &Number) -> String {
    match GoNum::of(n) {
        GoNum::Int(i) => i.to_string(),
        GoNum::Float(f) => json_float(f),
    }
}

/// `encoding/json`'s float64: plain decimal unless tiny or huge (`1e-07`, `1e+21`).
pub fn json_float(f: f64) -> String {
    let abs = f.abs();
    let exp_form = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    let mut s = format_float(f, if exp_form { b'e' } else { b'f' });
    if exp_form {
        // encoding/json trims "e-07" to "e-7" (but keeps "e+21").
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    s
}

/// A JSON string literal as encoding/json writes it (HTML-safe escaping on, as kubectl has it).
pub fn write_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\0'..='\u{1f}' => {
                let b = c as u32;
                out.push_str("\\u00");
                out.push(char::from(HEX[(b >> 4) as usize]));
                out.push(char::from(HEX[(b & 0xf) as usize]));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Keys of a JSON object in Go's map order (byte-wise), whatever order `serde_json` keeps.
pub fn sorted_entries(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// `json.Marshal` of a decoded value: compact, keys sorted.
pub fn write_json_compact(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&json_number(n)),
        Value::String(s) => write_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_compact(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, k);
                out.push(':');
                write_json_compact(out, item);
            }
            out.push('}');
        }
    }
}

/// `fmt.Sprint` of a decoded value (`%v`): `map[k:v]`, `[a b]`, `<nil>`.
pub fn sprint(v: &Value) -> String {
    let mut out = String::new();
    write_sprint(&mut out, v);
    out
}

fn write_sprint(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&sprint_number(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_sprint(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("map[");
            for (i, (k, item)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_sprint(out, item);
            }
            out.push(']');
        }
    }
}

/// `fmt.Sprint` of a decoded number: an integer, or the shortest `%g` of a float.
pub fn sprint_number(n: &Number) -> String {
    match GoNum::of(n) {
        GoNum::Int(i) => i.to_string(),
        GoNum::Float(f) => format_float(f, b'g'),
    }
}

/// `fmt.Sprintf("%#v", v)` of a decoded value, as kubectl dumps an object in jsonpath errors.
pub fn sharp_v(v: &Value) -> String {
    let mut out = String::new();
    write_sharp_v(&mut out, v);
    out
}

fn write_sharp_v(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("interface {}(nil)"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&sprint_number(n)),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Array(items) => {
            out.push_str("[]interface {}{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_sharp_v(out, item);
            }
            out.push('}');
        }
        Value::Object(map) => {
            out.push_str("map[string]interface {}{");
            for (i, (k, item)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(k));
                out.push(':');
                write_sharp_v(out, item);
            }
            out.push('}');
        }
    }
}

/// An approximation of Go's `strconv.IsPrint`: exact for ASCII and Latin-1, close elsewhere
/// (Go consults the full Unicode category tables, which std does not expose).
pub fn is_print(c: char) -> bool {
    let u = c as u32;
    if u < 0x20 || u == 0x7f {
        return false;
    }
    if u < 0x7f {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(
        u,
        0xad | 0x600..=0x605
            | 0x61c
            | 0x6dd
            | 0x70f
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x206f
            | 0xd800..=0xf8ff
            | 0xfeff
            | 0xfff9..=0xfffb
            | 0xfffe..=0xffff
            | 0xf0000..
    )
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `%#U` of a rune: `U+0023 '#'`, or just `U+0009` when not printable.
pub fn sharp_u(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Go's `strings.ToUpper`, rune by rune (Rust's would turn `ß` into `SS`).
pub fn to_upper(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// Go's `strings.ToLower`, rune by rune.
pub fn to_lower(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut low = c.to_lowercase();
            match (low.next(), low.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_strconv() {
        let cases: &[(f64, &str, &str, &str)] = &[
            (0.0, "0e+00", "0", "0"),
            (1.0, "1e+00", "1", "1"),
            (1.5, "1.5e+00", "1.5", "1.5"),
            (1_000_000.5, "1.0000005e+06", "1000000.5", "1.0000005e+06"),
            (123_456.0, "1.23456e+05", "123456", "123456"),
            (1e6, "1e+06", "1000000", "1e+06"),
            (0.0001, "1e-04", "0.0001", "0.0001"),
            (0.00001, "1e-05", "0.00001", "1e-05"),
            (1e21, "1e+21", "1000000000000000000000", "1e+21"),
            (1e300, "1e+300", "", "1e+300"),
            (-2.5, "-2.5e+00", "-2.5", "-2.5"),
        ];
        for &(f, e, fixed, g) in cases {
            assert_eq!(format_float(f, b'e'), e, "{f} e");
            if !fixed.is_empty() {
                assert_eq!(format_float(f, b'f'), fixed, "{f} f");
            }
            assert_eq!(format_float(f, b'g'), g, "{f} g");
        }
    }

    #[test]
    #[expect(
        clippy::excessive_precision,
        reason = "exact values, halfway between two shortest decimals"
    )]
    fn ties_between_shortest_candidates_go_to_even() {
        assert_eq!(
            format_float(857_801_761_340_954.25, b'g'),
            "8.578017613409542e+14"
        );
        assert_eq!(
            format_float(0.023_584_365_844_726_562_5, b'g'),
            "0.023584365844726562"
        );
        assert_eq!(json_float(857_801_761_340_954.25), "857801761340954.2");
        // Not a tie: Rust's choice stands.
        assert_eq!(
            format_float(857_801_761_340_954.75, b'g'),
            "8.578017613409548e+14"
        );
        assert_eq!(
            format_float(0.300_000_000_000_000_04, b'g'),
            "0.30000000000000004"
        );
    }

    #[test]
    fn json_floats_like_encoding_json() {
        assert_eq!(json_float(1e21), "1e+21");
        assert_eq!(json_float(1e20), "100000000000000000000");
        assert_eq!(json_float(1.5e-7), "1.5e-7");
        assert_eq!(json_float(0.000_001), "0.000001");
        assert_eq!(json_float(-0.0), "-0");
    }

    #[test]
    fn quote_like_strconv() {
        assert_eq!(quote("a\"b\\\n\u{1}é\u{a0}"), r#""a\"b\\\n\x01é\u00a0""#);
    }
}
