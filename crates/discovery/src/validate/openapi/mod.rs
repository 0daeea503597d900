//! The OpenAPI schema validation of a custom resource: apiextensions' `ValidateCustomResource`
//! and `kubeOpenAPIResultToFieldErrors` (`pkg/apiserver/validation/validation.go`,
//! k8s.io/apiextensions-apiserver v0.37.2), over a port of kube-openapi's
//! `validate.SchemaValidator` (`pkg/validation/validate`, as vendored by Kubernetes v1.37), one
//! module per Go file. The validators run in kube-openapi's order (type, anyOf / allOf / oneOf /
//! not, string, format, number, items, enum, object) with its messages, its match counting
//! (which picks the anyOf failure reported) and its quirks.

mod format_validator;
mod object_validator;
mod result;
mod schema_props;
mod schema_validator;
mod slice_validator;
mod type_validator;
mod validator;
mod values;

use serde_json::Value;

use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::path::Walk;
use crate::validate::schema::Schema;
use result::{Code, OErr};
use schema_validator::validate_schema;

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
                    other => gofmt::json(other),
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
