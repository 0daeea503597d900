//! kube-openapi's `typeValidator` (`pkg/validation/validate/type.go`, as vendored by
//! Kubernetes v1.37): whether a value has the schema's type (and numeric format), seen as Go's
//! reflection sees a decoded JSON value.

use serde_json::Value;

use super::result::{Code, Res, err};
use super::values::is_json_integer;
use crate::validate::gofmt::quote;
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// What Go's reflection sees in a decoded JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Nil,
    Bool,
    Int,
    Float,
    String,
    Slice,
    Map,
}

pub(super) fn kind(v: &Value) -> Kind {
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

fn contains(types: &[String], t: &str) -> bool {
    types.iter().any(|x| x == t)
}

/// `typeValidator.Validate`.
pub(super) fn type_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
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
