//! Go's formatting of values in the API server's messages: `%q` strings, `%v` floats,
//! `json.Marshal` of objects (sorted keys, HTML-safe escapes). Messages are compared with the
//! server's verbatim; the Go formatting itself is `crkit-gofmt`'s, shared with the printers.

use serde_json::Value;

pub use crkit_gofmt::{json_float as float_json, quote};

/// `fmt.Sprintf("%v", f)` for a float64: the shortest representation, in exponent form when
/// the exponent is below -4 or at least 6.
pub fn float_v(f: f64) -> String {
    crkit_gofmt::format_float(f, b'g')
}

/// `json.Marshal` of a JSON value as Go writes it: object keys sorted, `<`, `>`, `&`,
/// U+2028 and U+2029 escaped.
pub fn json(v: &Value) -> String {
    let mut out = String::new();
    crkit_gofmt::write_json_compact(&mut out, v);
    out
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

/// How `encoding/json` names the JSON type of a value in "cannot unmarshal" errors.
pub fn json_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(n) => {
            if n.is_i64() {
                "number".into()
            } else {
                format!("number {}", float_json(n.as_f64().unwrap_or(0.0)))
            }
        }
        Value::String(_) => "string".into(),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
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
