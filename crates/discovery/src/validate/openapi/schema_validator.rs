//! kube-openapi's `SchemaValidator.Validate` (`pkg/validation/validate/schema.go`, as vendored
//! by Kubernetes v1.37): the validators of one schema node in kube-openapi's order (type, schema
//! props, string, format, number, slice, enum, object) and the match count that picks which
//! `anyOf`/`oneOf` failure is reported.

use serde_json::Value;

use super::format_validator::format_validator;
use super::object_validator::object_validator;
use super::result::Res;
use super::schema_props::props_validator;
use super::slice_validator::slice_validator;
use super::type_validator::{Kind, kind, type_validator};
use super::validator::{enum_validator, number_validator, string_validator};
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// `SchemaValidator.Validate`.
pub(super) fn validate_schema(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
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
    result.merge(props_validator(s, data, path, validate_schema));
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
        result.merge(slice_validator(s, data, path, validate_schema));
        result.match_count += 1;
    }
    // common (enum)
    result.merge(enum_validator(s, data, path));
    result.match_count += 1;
    // object
    if k == Kind::Map {
        result.merge(object_validator(s, data, path, validate_schema));
        result.match_count += 1;
    }
    result.match_count += 1;
    result
}
