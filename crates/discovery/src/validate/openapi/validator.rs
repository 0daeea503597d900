//! kube-openapi's validators of one value (`pkg/validation/validate/validator.go`, as vendored
//! by Kubernetes v1.37): `stringValidator`, `numberValidator` and `basicCommonValidator` (enum).

use serde_json::Value;

use super::result::{Code, Res, err};
use super::values::{enum_matches, is_json_integer, range_error};
use crate::validate::gofmt::{self, float_v};
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// `stringValidator.Validate`: the first of maxLength, minLength, pattern that fails.
pub(super) fn string_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(text) = data.as_str() else {
        return Res::default();
    };
    let name = path.raw_name();
    let len = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
    if let Some(max) = s.max_length
        && len > max
    {
        let mut e = err(
            Code::TooLong,
            path,
            format!("{name} in body should be at most {max} chars long"),
            Some(data.clone()),
        );
        e.valid = Some(max);
        return Res::one(e);
    }
    if let Some(min) = s.min_length
        && len < min
    {
        return Res::one(err(
            Code::Other,
            path,
            format!("{name} in body should be at least {min} chars long"),
            Some(data.clone()),
        ));
    }
    if let Some(p) = &s.pattern {
        match &p.regex {
            Err(e) => {
                return Res::one(err(
                    Code::Other,
                    path,
                    format!(
                        "{name} in body should match '{}, but pattern is invalid: {e}'",
                        p.source
                    ),
                    Some(data.clone()),
                ));
            }
            Ok(re) if !re.is_match(text) => {
                return Res::one(err(
                    Code::Other,
                    path,
                    format!("{name} in body should match '{}'", p.source),
                    Some(data.clone()),
                ));
            }
            Ok(_) => {}
        }
    }
    Res::default()
}

/// `numberValidator.Validate`.
#[allow(clippy::too_many_lines)] // one Go function, kept whole to compare with it
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
pub(super) fn number_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let name = path.raw_name();
    let (type_name, format) = if s.types.len() == 1 {
        match s.types[0].as_str() {
            "integer" => (
                "integer",
                if s.format == "int32" || s.format == "int64" {
                    s.format.as_str()
                } else {
                    ""
                },
            ),
            "number" => (
                "number",
                if s.format == "float" || s.format == "double" {
                    s.format.as_str()
                } else {
                    ""
                },
            ),
            _ => ("", ""),
        }
    } else {
        ("", "")
    };
    let is_int = data.is_i64();
    let as_f = data.as_f64().unwrap_or(0.0);
    let plain = |m: String| err(Code::Plain, path, m, None);
    let mut res = Res::default();
    if let Some(m) = range_error(data, type_name, format, "Checked", &name) {
        res.add(plain(m));
    }
    let bound = |b: f64| serde_json::Number::from_f64(b).map_or(Value::Null, Value::Number);
    let mut multiple = Res::default();
    if let Some(factor) = s.multiple_of {
        if let Some(m) = range_error(&bound(factor), type_name, format, "MultipleOf", &name) {
            multiple.add(plain(m));
        }
        let fails = if multiple.is_valid() && is_int {
            let f = factor as i64;
            if f <= 0 {
                Some(format!(
                    "factor MultipleOf declared for {name} must be positive: {f}"
                ))
            } else {
                let d = data.as_i64().unwrap_or(0);
                (d / f * f != d).then(|| format!("{name} in body should be a multiple of {f}"))
            }
        } else if factor <= 0.0 {
            Some(format!(
                "factor MultipleOf declared for {name} must be positive: {}",
                float_v(factor)
            ))
        } else {
            let mult = if factor < 1.0 {
                1.0 / factor * as_f
            } else {
                as_f / factor
            };
            (!is_json_integer(mult))
                .then(|| format!("{name} in body should be a multiple of {}", float_v(factor)))
        };
        if let Some(m) = fails {
            multiple.add(err(Code::Other, path, m, Some(data.clone())));
        }
    }
    let mut minimum = Res::default();
    if let Some(min) = s.minimum {
        if let Some(m) = range_error(&bound(min), type_name, format, "Minimum boundary", &name) {
            minimum.add(plain(m));
        }
        let cmp = if s.exclusive_minimum {
            "greater than"
        } else {
            "greater than or equal to"
        };
        let fails = if minimum.is_valid() && is_int {
            let (d, m) = (data.as_i64().unwrap_or(0), min as i64);
            ((!s.exclusive_minimum && d < m) || (s.exclusive_minimum && d <= m))
                .then(|| format!("{name} in body should be {cmp} {m}"))
        } else {
            ((!s.exclusive_minimum && as_f < min) || (s.exclusive_minimum && as_f <= min))
                .then(|| format!("{name} in body should be {cmp} {}", float_v(min)))
        };
        if let Some(m) = fails {
            minimum.add(err(Code::Other, path, m, Some(data.clone())));
        }
    }
    let mut maximum = Res::default();
    if let Some(max) = s.maximum {
        if let Some(m) = range_error(&bound(max), type_name, format, "Maximum boundary", &name) {
            maximum.add(plain(m));
        }
        let cmp = if s.exclusive_maximum {
            "less than"
        } else {
            "less than or equal to"
        };
        let fails = if maximum.is_valid() && is_int {
            let (d, m) = (data.as_i64().unwrap_or(0), max as i64);
            ((!s.exclusive_maximum && d > m) || (s.exclusive_maximum && d >= m))
                .then(|| format!("{name} in body should be {cmp} {m}"))
        } else {
            ((!s.exclusive_maximum && as_f > max) || (s.exclusive_maximum && as_f >= max))
                .then(|| format!("{name} in body should be {cmp} {}", float_v(max)))
        };
        if let Some(m) = fails {
            maximum.add(err(Code::Other, path, m, Some(data.clone())));
        }
    }
    res.merge(multiple);
    res.merge(minimum);
    res.merge(maximum);
    res.match_count += 1;
    res
}

/// `basicCommonValidator.Validate`: enum.
pub(super) fn enum_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(values) = &s.enum_values else {
        return Res::default();
    };
    if values.is_empty() || values.iter().any(|e| enum_matches(data, e)) {
        return Res::default();
    }
    let rendered: Vec<String> = values.iter().map(gofmt::value_v).collect();
    let mut e = err(
        Code::Enum,
        path,
        format!(
            "{} in body should be one of [{}]",
            path.raw_name(),
            rendered.join(" ")
        ),
        Some(data.clone()),
    );
    e.enum_values.clone_from(values);
    Res::one(e)
}
