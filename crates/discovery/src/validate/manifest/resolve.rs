//! Plain and tagged YAML scalars resolved as go-yaml v2 resolves them (`resolve.go` of
//! gopkg.in/yaml.v2 v2.4.0, which sigs.k8s.io/yaml and so kubectl use): YAML 1.1 booleans, Go's
//! integer syntaxes, floats; then as `json.Marshal` writes them and the API server decodes them
//! (integral floats become integers); mapping keys made strings as sigs.k8s.io/yaml makes them.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

use super::position::Position;

/// An error that ends the file: its message and where.
pub(super) type BuildError = (String, Position);

/// The error for a mapping key that is not a scalar (JSON keys are strings).
pub(super) fn complex_key(at: Position) -> BuildError {
    (
        "yaml: mapping keys must be scalars (json: unsupported type: map[interface {}]interface {})"
            .to_owned(),
        at,
    )
}

/// The core-schema tag name (`str`, `int`, ...) of a `!!` tag.
fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    tag.filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str())
}

/// A mapping key as sigs.k8s.io/yaml turns it into a JSON object key.
pub(super) fn resolve_key(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<String, BuildError> {
    Ok(match resolve_scalar(text, style, tag, at)? {
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(complex_key(at)),
    })
}

/// A scalar as go-yaml v2 resolves it, then as `json.Marshal` and the server's decoder see it.
pub(super) fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<Value, BuildError> {
    let core = core_tag(tag);
    if style != ScalarStyle::Plain {
        // Quoted and block scalars are strings unless tagged otherwise.
        return match core {
            Some("int" | "float" | "bool" | "null") => typed(text, core.unwrap_or_default(), at),
            _ => Ok(Value::String(text.to_owned())),
        };
    }
    match (tag, core) {
        (Some(_), Some("str" | "binary" | "timestamp")) => Ok(Value::String(text.to_owned())),
        (Some(_), Some(t @ ("int" | "float" | "bool" | "null"))) => typed(text, t, at),
        // Untagged, or a tag go-yaml keeps as it is: the resolved plain value.
        _ => plain(text, at),
    }
}

fn typed(text: &str, tag: &str, at: Position) -> Result<Value, BuildError> {
    let v = plain(text, at)?;
    let ok = match tag {
        "int" => v.is_i64() || v.is_u64(),
        "float" => v.is_number(),
        "bool" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    };
    if ok {
        Ok(v)
    } else {
        Err((
            format!("yaml: cannot decode !!str `{text}` as a !!{tag}"),
            at,
        ))
    }
}

/// go-yaml v2's `resolve` for an untagged plain scalar.
fn plain(text: &str, at: Position) -> Result<Value, BuildError> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Ok(Value::Bool(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Ok(Value::Bool(false));
        }
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        ".nan" | ".NaN" | ".NAN" => {
            return Err(("json: unsupported value: NaN".to_owned(), at));
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Err(("json: unsupported value: +Inf".to_owned(), at));
        }
        "-.inf" | "-.Inf" | "-.INF" => {
            return Err(("json: unsupported value: -Inf".to_owned(), at));
        }
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => {
            if let Some(f) = go_parse_float(text) {
                return Ok(float_value(f));
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                return Ok(Value::Number(i.into()));
            }
            if let Some(u) = go_parse_uint(&plain) {
                // Beyond int64: the server decodes it as a float64.
                #[allow(clippy::cast_precision_loss)]
                return Ok(float_value(u as f64));
            }
            if is_yaml_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return Ok(float_value(f));
            }
        }
        _ => {}
    }
    Ok(Value::String(text.to_owned()))
}

/// A float as the server receives it after `json.Marshal`: integral values below 1e21 are
/// written without a fraction and decoded as integers.
fn float_value(f: f64) -> Value {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Value::Number((f as i64).into());
        }
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `strconv.ParseFloat(s, 64)` for the decimal forms YAML produces.
fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() || t.contains(['i', 'I', 'n', 'N', 'x', 'X', '_']) {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b` or a leading `0` (octal).
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_magnitude(body)?;
    if neg {
        if magnitude == 1u64 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|m| -m)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strconv.ParseUint(s, 0, 64)`.
fn go_parse_uint(s: &str) -> Option<u64> {
    parse_magnitude(s.strip_prefix('+').unwrap_or(s))
}

fn parse_magnitude(body: &str) -> Option<u64> {
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}
