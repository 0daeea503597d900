//! Go's formatting of values in the API server's messages: `%q` strings, `%v` floats,
//! `json.Marshal` of objects (sorted keys, HTML-safe escapes). Messages are compared with the
//! server's verbatim, so these follow Go's `strconv` and `encoding/json` exactly.

use std::fmt::Write as _;

use serde_json::Value;

/// `strconv.Quote`: double-quoted, with Go's escapes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
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

/// An approximation of Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols
/// and the ASCII space; not controls, format characters or other spaces.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF_0000..=0x10_FFFF | 0xFFFE | 0xFFFF)
}

/// `fmt.Sprintf("%v", f)` for a float64: the shortest representation, in exponent form when
/// the exponent is below -4 or at least 6 (Go's `%g` rule for the shortest digits).
pub fn float_v(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..6).contains(&exp) {
        format!("{f}")
    } else {
        format_exp(mantissa, exp, true)
    }
}

/// Go's exponent notation: `1.5e+07` (`%v`: at least two exponent digits) or `1.5e+7`
/// (`encoding/json`).
fn format_exp(mantissa: &str, exp: i32, two_digits: bool) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    let abs = exp.unsigned_abs();
    if two_digits {
        format!("{mantissa}e{sign}{abs:02}")
    } else {
        format!("{mantissa}e{sign}{abs}")
    }
}

/// `encoding/json`'s float64: plain decimal unless tiny or huge.
pub fn float_json(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let sci = format!("{f:e}");
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        format_exp(mantissa, exp.parse().unwrap_or(0), false)
    } else if f.fract() == 0.0 && abs < 1e21 {
        // Rust prints 1e20 as "100000000000000000000", as Go does.
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// `json.Marshal` of a JSON value as Go writes it: object keys sorted, `<`, `>`, `&`,
/// U+2028 and U+2029 escaped.
pub fn json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_json(n)),
        Value::String(s) => json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                write_json(&map[k.as_str()], out);
            }
            out.push('}');
        }
    }
}

fn number_json(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        float_json(n.as_f64().unwrap_or(0.0))
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `%v` of a decoded JSON value as the server holds it (int64, float64, bool, string), for
/// messages such as `Invalid value: 512`.
pub fn value_v(v: &Value) -> String {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else {
                float_v(n.as_f64().unwrap_or(0.0))
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        other => json(other),
    }
}

/// How apimachinery's `field.Error` prints a bad value: `%v` for numbers and booleans, `%q`
/// for strings, JSON for everything else.
pub fn bad_value(v: &Value) -> String {
    match v {
        Value::Number(_) | Value::Bool(_) => value_v(v),
        Value::String(s) => quote(s),
        other => json(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_like_go() {
        // Checked against Go 1.26: fmt.Sprintf("%v") and json.Marshal.
        assert_eq!(float_v(1024.0), "1024");
        assert_eq!(float_v(2_000_000.0), "2e+06");
        assert_eq!(float_v(123_456_789.0), "1.23456789e+08");
        assert_eq!(float_v(0.5), "0.5");
        assert_eq!(float_v(0.00001), "1e-05");
        assert_eq!(float_v(65535.0), "65535");
        assert_eq!(float_json(1e21), "1e+21");
        assert_eq!(float_json(1.5), "1.5");
        assert_eq!(float_json(100.0), "100");
    }

    #[test]
    fn quotes_and_json_like_go() {
        assert_eq!(
            quote("a\u{0}b\u{1f}é\u{200b}\"\\'\t\n"),
            r#""a\x00b\x1fé\u200b\"\\'\t\n""#
        );
        assert_eq!(
            json(&json!({"b": "<&>", "a": 1.5})),
            r#"{"a":1.5,"b":"\u003c\u0026\u003e"}"#
        );
        assert_eq!(bad_value(&json!("x")), "\"x\"");
        assert_eq!(bad_value(&json!(512)), "512");
        assert_eq!(bad_value(&json!({"name": "gpu"})), r#"{"name":"gpu"}"#);
    }
}
