//! Strict typed decoding of a built-in object, as the API server's strict JSON serializer
//! decodes a request body into the kind's Go struct (Go's `encoding/json` `decode.go` type
//! errors, sigs.k8s.io/json's unknown-field errors), driven by the shipped OpenAPI definitions:
//! unknown fields, `cannot unmarshal` type errors, base64 `[]byte` fields, quantities,
//! int-or-string, times and ObjectMeta.

use base64::Engine as _;
use serde_json::Value;

use super::quantity::quantity_error;
use super::schemas::{deref, short};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::objectmeta::{check_meta, unknown_field};
use crate::validate::path::{FieldPath, Seg, Walk};

/// Strict typed decoding.
#[derive(Default)]
pub(super) struct Decoder {
    /// `unknown field` errors, in the order met.
    pub(super) unknown: Vec<FieldError>,
    /// The first error that ends decoding (a type error): the request is a BadRequest.
    pub(super) fatal: Option<FieldError>,
}

/// The fields of the Go path of an error: json names, no indices or map keys.
fn go_path(path: &FieldPath) -> String {
    path.0
        .iter()
        .filter_map(|s| match s {
            Seg::Field(f) => Some(f.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl Decoder {
    fn type_error(&mut self, path: &Walk<'_>, go_struct: &str, v: &Value, ty: &str) {
        if self.fatal.is_some() {
            return;
        }
        let path = &path.to_path();
        let field = go_path(path);
        self.fatal = Some(FieldError {
            reason: Reason::DecodeError,
            field: field.clone(),
            path: path.clone(),
            value: BadValue::Value(v.clone()),
            detail: format!(
                "json: cannot unmarshal {} into Go struct field {go_struct}.{field} of type {ty}",
                gofmt::json_kind(v)
            ),
        });
    }

    fn plain_error(&mut self, path: &Walk<'_>, message: String) {
        if self.fatal.is_none() {
            let path = &path.to_path();
            // The server's message names no field.
            self.fatal = Some(FieldError {
                reason: Reason::DecodeError,
                field: String::new(),
                path: path.clone(),
                value: BadValue::Omit,
                detail: message,
            });
        }
    }

    /// Decodes `v` at `path` against `node` (a property schema), in `go_struct`.
    #[allow(clippy::too_many_lines)] // one arm per JSON type, as Go's decoder
    pub(super) fn value(&mut self, v: &Value, node: &Value, path: &Walk<'_>, go_struct: &str) {
        if v.is_null() {
            return;
        }
        let (def, schema) = deref(node);
        match def {
            Some("io.k8s.apimachinery.pkg.api.resource.Quantity") => {
                match v {
                    Value::String(s) => {
                        if let Some(m) = quantity_error(s) {
                            self.plain_error(path, m.to_owned());
                        }
                    }
                    Value::Number(_) => {}
                    _ => self.plain_error(
                        path,
                        format!(
                            "json: cannot unmarshal {} into Go value of type resource.Quantity",
                            gofmt::json_kind(v)
                        ),
                    ),
                }
                return;
            }
            Some("io.k8s.apimachinery.pkg.util.intstr.IntOrString") => {
                if !(v.is_string() || v.is_i64()) {
                    self.plain_error(
                        path,
                        format!(
                            "json: cannot unmarshal {} into Go value of type int32",
                            gofmt::json_kind(v)
                        ),
                    );
                }
                return;
            }
            Some(
                "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
                | "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            ) => {
                if !v.is_string() {
                    self.plain_error(
                        path,
                        format!(
                            "json: cannot unmarshal {} into Go value of type string",
                            gofmt::json_kind(v)
                        ),
                    );
                }
                return;
            }
            Some("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta") => {
                match check_meta(v, &path.to_path()) {
                    Ok(unknown) => self.unknown.extend(unknown),
                    Err(e) => {
                        if self.fatal.is_none() {
                            self.fatal = Some(e);
                        }
                    }
                }
                return;
            }
            _ => {}
        }
        let go_struct = def.map_or(go_struct, short);
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match ty {
            "object" => {
                let Some(obj) = v.as_object() else {
                    let go_ty = if schema.get("additionalProperties").is_some() {
                        "map[string]string".to_owned()
                    } else {
                        def.map_or("struct".to_owned(), |d| format!("v1.{}", short(d)))
                    };
                    self.type_error(path, go_struct, v, &go_ty);
                    return;
                };
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    for (k, item) in obj {
                        match props.get(k) {
                            Some(p) => self.value(item, p, &path.child(k), go_struct),
                            None => self.unknown.push(unknown_field(&path.child(k).to_path())),
                        }
                    }
                } else if let Some(add) = schema.get("additionalProperties") {
                    for (k, item) in obj {
                        self.value(item, add, &path.key(k), go_struct);
                    }
                }
            }
            "array" => {
                let Some(items) = v.as_array() else {
                    self.type_error(path, go_struct, v, "[]string");
                    return;
                };
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, item_schema, &path.index(i), go_struct);
                    }
                }
            }
            "string" => match v.as_str() {
                None => self.type_error(path, go_struct, v, "string"),
                Some(s) if format == "byte" => {
                    if let Err(e) = base64::engine::general_purpose::STANDARD.decode(s) {
                        let at = match e {
                            base64::DecodeError::InvalidByte(i, _)
                            | base64::DecodeError::InvalidLastSymbol(i, _) => i,
                            base64::DecodeError::InvalidLength(n) => n,
                            base64::DecodeError::InvalidPadding => s.len(),
                        };
                        self.plain_error(path, format!("illegal base64 data at input byte {at}"));
                    }
                }
                Some(_) => {}
            },
            "integer" => {
                let go_ty = if format == "int64" { "int64" } else { "int32" };
                let fits = v
                    .as_i64()
                    .is_some_and(|i| go_ty == "int64" || i32::try_from(i).is_ok());
                if !fits {
                    self.type_error(path, go_struct, v, go_ty);
                }
            }
            "number" if !v.is_number() => self.type_error(path, go_struct, v, "float64"),
            "boolean" if !v.is_boolean() => self.type_error(path, go_struct, v, "bool"),
            _ => {}
        }
    }
}
