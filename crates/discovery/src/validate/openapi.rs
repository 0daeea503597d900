//! A port of kube-openapi's `validate.SchemaValidator` (the JSON-schema validation the
//! apiextensions server runs) and of `kubeOpenAPIResultToFieldErrors`, which turns its errors
//! into apimachinery field errors. The validators run in kube-openapi's order (type, anyOf /
//! allOf / oneOf / not, string, format, number, items, enum, object) with its messages, its
//! match counting (which picks the anyOf failure reported) and its quirks.

use serde_json::Value;

use super::field::{BadValue, FieldError, Reason};
use super::formats;
use super::gofmt::{float_v, quote};
use super::path::{FieldPath, Walk};
use super::schema::{Additional, Schema};

/// kube-openapi's error codes, as far as they change how an error is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    /// `errors.New(...)` or a plain `fmt` error: reported at the nil path.
    Plain,
    InvalidType,
    Required,
    TooLong,
    Enum,
    MaxItems,
    TooManyProperties,
    /// Every other `*errors.Validation` (pattern, minimum, ...): `field.Invalid`.
    Other,
}

#[derive(Debug, Clone)]
struct OErr {
    code: Code,
    /// Where the error is (for its field name and location).
    path: FieldPath,
    message: String,
    value: Option<Value>,
    /// The limit of length and count errors (`Valid`).
    valid: Option<i64>,
    enum_values: Vec<Value>,
}

#[derive(Debug, Default)]
struct Res {
    errors: Vec<OErr>,
    match_count: usize,
}

impl Res {
    fn add(&mut self, e: OErr) {
        // kube-openapi drops an error whose text was already reported.
        if !self.errors.iter().any(|x| x.message == e.message) {
            self.errors.push(e);
        }
    }

    fn merge(&mut self, other: Res) {
        for e in other.errors {
            self.add(e);
        }
        self.match_count += other.match_count;
    }

    fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    fn one(e: OErr) -> Res {
        Res {
            errors: vec![e],
            match_count: 0,
        }
    }
}

/// Validates `value` (a whole object) against `schema`, returning field errors in
/// kube-openapi's order.
pub fn validate(schema: &Schema, value: &Value) -> Vec<FieldError> {
    let res = validate_schema(schema, value, &Walk::root());
    res.errors.into_iter().map(to_field_error).collect()
}

/// `kubeOpenAPIResultToFieldErrors`.
fn to_field_error(e: OErr) -> FieldError {
    let path = &e.path;
    let value_or_empty = || {
        e.value
            .clone()
            .unwrap_or_else(|| Value::String(String::new()))
    };
    let mut fe = match e.code {
        Code::Plain => {
            return FieldError::invalid(path, &Value::String(String::new()), e.message).at_nil();
        }
        Code::Required => FieldError::required(path, ""),
        Code::Enum => {
            let values: Vec<String> = e
                .enum_values
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => super::gofmt::json(other),
                })
                .collect();
            FieldError::not_supported(path, &e.value.clone().unwrap_or(Value::Null), &values)
        }
        Code::TooLong => FieldError::too_long(path, e.valid.unwrap_or(-1)),
        Code::MaxItems | Code::TooManyProperties => FieldError::too_many(
            path,
            e.value.as_ref().and_then(Value::as_i64).unwrap_or(-1),
            e.valid.unwrap_or(-1),
        ),
        Code::InvalidType => FieldError::new(
            Reason::FieldValueTypeInvalid,
            path,
            BadValue::Value(value_or_empty()),
            e.message,
        ),
        Code::Other => FieldError::invalid(path, &value_or_empty(), e.message),
    };
    // kube-openapi names fields its own way (`spec.headers.x-key`, not `[x-key]`); an error
    // at the root itself is at the nil path.
    if path.is_root() {
        fe = fe.at_nil();
    } else {
        fe.field = path.openapi();
    }
    fe
}

fn err(code: Code, path: &Walk<'_>, message: String, value: Option<Value>) -> OErr {
    OErr {
        code,
        path: path.to_path(),
        message,
        value,
        valid: None,
        enum_values: Vec::new(),
    }
}

/// What Go's reflection sees in a decoded JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Nil,
    Bool,
    Int,
    Float,
    String,
    Slice,
    Map,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Null => Kind::Nil,
        Value::Bool(_) => Kind::Bool,
        Value::Number(n) if n.is_i64() => Kind::Int,
        Value::Number(_) => Kind::Float,
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Slice,
        Value::Object(_) => Kind::Map,
    }
}

/// `SchemaValidator.Validate`.
fn validate_schema(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let mut result = Res::default();
    let k = kind(data);
    if k == Kind::Nil {
        result.merge(type_validator(s, data, path));
        result.merge(enum_validator(s, data, path));
        return result;
    }
    // type
    if !s.types.is_empty() || !s.format.is_empty() {
        result.merge(type_validator(s, data, path));
        result.match_count += 1;
    }
    // schema props (anyOf, allOf, oneOf, not)
    result.merge(props_validator(s, data, path));
    result.match_count += 1;
    // string
    if k == Kind::String {
        result.merge(string_validator(s, data, path));
        result.match_count += 1;
    }
    // format
    if k == Kind::String && !s.format.is_empty() {
        result.merge(format_validator(s, data, path));
        result.match_count += 1;
    }
    // number
    if k == Kind::Int || k == Kind::Float {
        result.merge(number_validator(s, data, path));
        result.match_count += 1;
    }
    // slice
    if k == Kind::Slice {
        result.merge(slice_validator(s, data, path));
        result.match_count += 1;
    }
    // common (enum)
    result.merge(enum_validator(s, data, path));
    result.match_count += 1;
    // object
    if k == Kind::Map {
        result.merge(object_validator(s, data, path));
        result.match_count += 1;
    }
    result.match_count += 1;
    result
}

fn contains(types: &[String], t: &str) -> bool {
    types.iter().any(|x| x == t)
}

/// `swag.IsFloat64AJSONInteger`.
fn is_json_integer(f: f64) -> bool {
    if f.is_nan() || f.is_infinite() || f.fract() != 0.0 {
        return false;
    }
    f.abs() <= 9_007_199_254_740_992.0
}

/// `typeValidator.Validate`.
fn type_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let name = path.raw_name();
    let in_body = |expected: &str, got: &str| {
        err(
            Code::InvalidType,
            path,
            format!("{name} in body must be of type {expected}: {}", quote(got)),
            Some(Value::String(got.to_owned())),
        )
    };
    let k = kind(data);
    if k == Kind::Nil {
        if !s.types.is_empty() && !contains(&s.types, "null") && !s.nullable {
            return Res::one(in_body(&s.types.join(","), "null"));
        }
        return Res {
            errors: Vec::new(),
            match_count: 1,
        };
    }
    let (sch_type, format) = match k {
        Kind::Bool => ("boolean", ""),
        Kind::String => ("string", ""),
        Kind::Int => ("integer", "int64"),
        Kind::Float => ("number", "float64"),
        Kind::Slice => ("array", ""),
        Kind::Map | Kind::Nil => ("object", ""),
    };
    let is_float_int = sch_type == "number"
        && data.as_f64().is_some_and(is_json_integer)
        && contains(&s.types, "integer");
    let is_int_float = sch_type == "integer" && contains(&s.types, "number");
    let is_lower_int = s.format == "int64" && format == "int32";
    let is_lower_float = s.format == "float64" && format == "float32";
    if k != Kind::String
        && k != Kind::Slice
        && !s.format.is_empty()
        && !(contains(&s.types, sch_type)
            || format == s.format
            || is_float_int
            || is_int_float
            || is_lower_int
            || is_lower_float)
    {
        return Res::one(in_body(&s.format, format));
    }
    if !contains(&s.types, "number")
        && !contains(&s.types, "integer")
        && !s.format.is_empty()
        && (k == Kind::String || k == Kind::Slice)
    {
        return Res {
            errors: Vec::new(),
            match_count: 1,
        };
    }
    if !(contains(&s.types, sch_type) || is_float_int || is_int_float) {
        return Res::one(in_body(&s.types.join(","), sch_type));
    }
    Res {
        errors: Vec::new(),
        match_count: 1,
    }
}

/// `schemaPropsValidator.Validate`: anyOf, oneOf, allOf, not.
#[allow(clippy::too_many_lines)] // one Go function, kept whole to compare with it
fn props_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let mut main = Res::default();
    let name = path.raw_name();
    if !s.any_of.is_empty() {
        let mut best: Option<Res> = None;
        let mut first_success: Option<Res> = None;
        let mut succeeded = false;
        for sub in &s.any_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                best = None;
                succeeded = true;
                first_success = Some(r);
                break;
            }
            if best.as_ref().is_none_or(|b| r.match_count > b.match_count) {
                best = Some(r);
            }
        }
        if !succeeded {
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate at least one schema (anyOf)",
                    quote(&name.to_string())
                ),
                None,
            ));
        }
        if let Some(b) = best {
            main.merge(b);
        } else if let Some(f) = first_success {
            main.merge(f);
        }
    }
    if !s.one_of.is_empty() {
        let mut best: Option<Res> = None;
        let mut first_success: Option<Res> = None;
        let mut validated = 0;
        for sub in &s.one_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                validated += 1;
                best = None;
                if first_success.is_none() {
                    first_success = Some(r);
                }
                continue;
            }
            if validated == 0 && best.as_ref().is_none_or(|b| r.match_count > b.match_count) {
                best = Some(r);
            }
        }
        if validated == 1 {
            if let Some(f) = first_success {
                main.merge(f);
            }
        } else {
            let additional = if validated == 0 {
                "Found none valid".to_owned()
            } else {
                format!("Found {validated} valid alternatives")
            };
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate one and only one schema (oneOf). {additional}",
                    quote(&name.to_string())
                ),
                None,
            ));
            if let Some(b) = best {
                main.merge(b);
            }
        }
    }
    if !s.all_of.is_empty() {
        let mut validated = 0;
        for sub in &s.all_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                validated += 1;
            }
            main.merge(r);
        }
        if validated != s.all_of.len() {
            let additional = if validated == 0 {
                ". None validated"
            } else {
                ""
            };
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate all the schemas (allOf){additional}",
                    quote(&name.to_string())
                ),
                None,
            ));
        }
    }
    if let Some(not) = &s.not
        && validate_schema(not, data, path).is_valid()
    {
        main.add(err(
            Code::Plain,
            path,
            format!(
                "{} must not validate the schema (not)",
                quote(&name.to_string())
            ),
            None,
        ));
    }
    main.match_count += 1;
    main
}

/// `stringValidator.Validate`: the first of maxLength, minLength, pattern that fails.
fn string_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
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

/// `formatValidator.Validate`.
fn format_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(text) = data.as_str() else {
        return Res::default();
    };
    if formats::validates(&s.format, text) {
        return Res::default();
    }
    Res::one(err(
        Code::InvalidType,
        path,
        format!(
            "{} in body must be of type {}: {}",
            path.raw_name(),
            s.format,
            quote(text)
        ),
        Some(data.clone()),
    ))
}

/// `IsValueValidAgainstRange`: whether a number fits the schema's single type and format.
fn range_error(
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

/// `numberValidator.Validate`.
#[allow(clippy::too_many_lines)] // one Go function, kept whole to compare with it
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
fn number_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
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

/// `schemaSliceValidator.Validate`.
fn slice_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(items) = data.as_array() else {
        return Res::default();
    };
    let name = path.raw_name();
    let mut result = Res::default();
    if let Some(item_schema) = &s.items {
        for (i, item) in items.iter().enumerate() {
            result.merge(validate_schema(item_schema, item, &path.index(i)));
        }
    }
    let size = i64::try_from(items.len()).unwrap_or(i64::MAX);
    if let Some(min) = s.min_items
        && size < min
    {
        result.add(err(
            Code::Other,
            path,
            format!("{name} in body should have at least {min} items"),
            Some(Value::from(size)),
        ));
    }
    if let Some(max) = s.max_items
        && size > max
    {
        let mut e = err(
            Code::MaxItems,
            path,
            format!("{name} in body should have at most {max} items"),
            Some(Value::from(size)),
        );
        e.valid = Some(max);
        result.add(e);
    }
    if s.unique_items {
        let dup = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[..i].iter().any(|b| go_deep_equal(a, b)));
        if dup {
            result.add(err(
                Code::Other,
                path,
                format!("{name} in body shouldn't contain duplicates"),
                None,
            ));
        }
    }
    result.match_count += 1;
    result
}

/// `reflect.DeepEqual` of two decoded JSON values: an int64 never equals a float64.
fn go_deep_equal(a: &Value, b: &Value) -> bool {
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
fn enum_matches(data: &Value, e: &Value) -> bool {
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

/// `basicCommonValidator.Validate`: enum.
fn enum_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(values) = &s.enum_values else {
        return Res::default();
    };
    if values.is_empty() || values.iter().any(|e| enum_matches(data, e)) {
        return Res::default();
    }
    let rendered: Vec<String> = values.iter().map(super::gofmt::value_v).collect();
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

/// `objectValidator.Validate`.
fn object_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(map) = data.as_object() else {
        return Res::default();
    };
    let name = path.raw_name();
    let mut res = Res::default();
    let n = i64::try_from(map.len()).unwrap_or(i64::MAX);
    if let Some(min) = s.min_properties
        && n < min
    {
        res.add(err(
            Code::Other,
            path,
            format!("{name} in body should have at least {min} properties"),
            Some(Value::from(n)),
        ));
    }
    if let Some(max) = s.max_properties
        && n > max
    {
        let mut e = err(
            Code::TooManyProperties,
            path,
            format!("{name} in body should have at most {max} properties"),
            Some(Value::from(n)),
        );
        e.valid = Some(max);
        res.add(e);
    }
    match &s.additional_properties {
        Some(Additional::Allows(false)) => {
            for k in map.keys() {
                if !s.properties.contains_key(k) {
                    res.add(err(
                        Code::Other,
                        path,
                        format!("{name}.{k} in body is a forbidden property"),
                        Some(Value::String(k.clone())),
                    ));
                }
            }
        }
        Some(Additional::Schema(add)) => {
            for (k, v) in map {
                if !s.properties.contains_key(k) {
                    res.merge(validate_schema(add, v, &path.key(k)));
                }
            }
        }
        _ => {}
    }
    for (p, ps) in &s.properties {
        if let Some(v) = map.get(p) {
            res.merge(validate_schema(ps, v, &path.child(p)));
        }
    }
    for r in &s.required {
        if !map.contains_key(r) {
            let p = path.child(r);
            res.add(err(
                Code::Required,
                &p,
                format!("{} in body is required", p.raw_name()),
                None,
            ));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msgs(schema: &Value, value: &Value) -> Vec<String> {
        validate(&Schema::compile_node(schema), value)
            .iter()
            .map(FieldError::message)
            .collect()
    }

    #[test]
    fn messages_like_the_server() {
        let schema = json!({"type": "object", "required": ["spec"], "properties": {"spec": {
        "type": "object", "required": ["provider"],
        "properties": {
            "contextWindow": {"type": "integer", "format": "int32", "minimum": 1024},
            "provider": {"type": "string", "enum": ["openai", "anthropic"]},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "port": {"x-kubernetes-int-or-string": true,
                     "anyOf": [{"type": "integer"}, {"type": "string"}], "maximum": 65535},
            "list": {"type": "array", "maxItems": 1, "minItems": 1, "items": {"type": "string"}}
        }}}});
        assert_eq!(
            msgs(
                &schema,
                &json!({"spec": {"contextWindow": "128k", "provider": "openia"}})
            ),
            vec![
                r#"spec.contextWindow: Invalid value: "string": spec.contextWindow in body must be of type integer: "string""#,
                r#"spec.provider: Unsupported value: "openia": supported values: "openai", "anthropic""#,
            ]
        );
        assert_eq!(
            msgs(
                &schema,
                &json!({"spec": {"contextWindow": 512, "headers": {"x": 3}, "port": 70000, "list": [], "provider": "openai"}})
            ),
            vec![
                "spec.contextWindow: Invalid value: 512: spec.contextWindow in body should be greater than or equal to 1024",
                r#"spec.headers.x: Invalid value: "integer": spec.headers.x in body must be of type string: "integer""#,
                "spec.list: Invalid value: 0: spec.list in body should have at least 1 items",
                "spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535",
            ]
        );
        assert_eq!(
            msgs(
                &schema,
                &json!({"spec": {"port": true, "list": ["a", "b"]}})
            ),
            vec![
                "spec.list: Too many: 2: must have at most 1 item",
                r#"spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean""#,
                r#"<nil>: Invalid value: "": "spec.port" must validate at least one schema (anyOf)"#,
                r#"spec.port: Invalid value: "boolean": spec.port in body must be of type integer: "boolean""#,
                "spec.provider: Required value",
            ]
        );
        assert_eq!(msgs(&schema, &json!({})), vec!["spec: Required value"]);
    }
}
