//! kube-openapi's value checks (`pkg/validation/validate/values.go`, as vendored by Kubernetes
//! v1.37) that the validators share: `IsValueValidAgainstRange`, the comparisons of `Enum` and
//! `UniqueItems` (`reflect.DeepEqual`, with Go's conversions), and swag's
//! `IsFloat64AJSONInteger`.

use serde_json::Value;

/// `swag.IsFloat64AJSONInteger`.
pub(super) fn is_json_integer(f: f64) -> bool {
    if f.is_nan() || f.is_infinite() || f.fract() != 0.0 {
        return false;
    }
    f.abs() <= 9_007_199_254_740_992.0
}

/// `IsValueValidAgainstRange`: whether a number fits the schema's single type and format.
pub(super) fn range_error(
    v: &Value,
    type_name: &str,
    format: &str,
    prefix: &str,
    name: &dyn std::fmt::Display,
) -> Option<String> {
    // The common case, an integer, without formatting it.
    if let Some(i) = v.as_i64() {
        let ok = match (type_name, format) {
            ("integer", "int32") => i32::try_from(i).is_ok(),
            ("integer", "uint32") => u32::try_from(i).is_ok(),
            ("integer", "uint64") => i >= 0,
            _ => true,
        };
        if ok {
            return None;
        }
    }
    let rep = match v {
        Value::Number(n) if n.is_i64() => n.to_string(),
        // swag.FormatFloat64: strconv.FormatFloat(f, 'f', -1, 64).
        Value::Number(n) => format!("{}", n.as_f64().unwrap_or(0.0)),
        _ => {
            return Some(format!(
                "{prefix} value number range checking called with invalid (non numeric) val type in {name}"
            ));
        }
    };
    let ok = match type_name {
        "integer" => match format {
            "int32" => rep.parse::<i32>().is_ok(),
            "uint32" => rep.parse::<u32>().is_ok(),
            "uint64" => rep.parse::<u64>().is_ok(),
            _ => rep.parse::<i64>().is_ok(),
        },
        _ => match format {
            "float" | "float32" => rep
                .parse::<f64>()
                .is_ok_and(|f| f.abs() <= f64::from(f32::MAX)),
            _ => true,
        },
    };
    if ok {
        return None;
    }
    Some(if format.is_empty() {
        format!("{prefix} value must be of type {type_name} (default format) in {name}")
    } else {
        format!("{prefix} value must be of type {type_name} with format {format} in {name}")
    })
}

/// `reflect.DeepEqual` of two decoded JSON values: an int64 never equals a float64.
pub(super) fn go_deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.is_i64() == y.is_i64() && x.as_f64() == y.as_f64() && x.as_i64() == y.as_i64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| go_deep_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| go_deep_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether `data` equals the enum value `e` as kube-openapi compares them: `DeepEqual` after
/// converting `data` to the enum value's Go type when reflection allows it (so 1.5 matches 1,
/// and the integer 65 matches "A").
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
pub(super) fn enum_matches(data: &Value, e: &Value) -> bool {
    match (data, e) {
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Number(d), Value::Number(n)) => {
            if n.is_i64() {
                let di = d
                    .as_i64()
                    .unwrap_or_else(|| d.as_f64().unwrap_or(0.0) as i64);
                Some(di) == n.as_i64()
            } else {
                d.as_f64() == n.as_f64()
            }
        }
        (Value::Number(d), Value::String(s)) if d.is_i64() => {
            let c = d
                .as_i64()
                .and_then(|i| u32::try_from(i).ok())
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            s.chars().eq(std::iter::once(c))
        }
        _ => go_deep_equal(data, e),
    }
}
