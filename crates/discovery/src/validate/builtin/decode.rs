//! Strict typed decoding of a built-in object, as the API server's strict JSON serializer
//! decodes a request body into the kind's Go struct (Go's `encoding/json` `decode.go` type
//! errors, sigs.k8s.io/json's unknown-field errors), driven by the kind's OpenAPI definitions:
//! unknown fields, `cannot unmarshal` type errors, base64 `[]byte` fields, and the custom
//! `UnmarshalJSON` of quantities, int-or-string, times and ObjectMeta.
//!
//! Go keeps decoding after a type error and reports the first one at the end (`saveError`);
//! an error returned by a custom `UnmarshalJSON` (a quantity that does not parse) ends
//! decoding at once and wins over a type error saved before it.

use base64::Engine as _;
use serde_json::Value;

use super::quantity::quantity_error;
use super::schemas::{Definitions, deref, qualified, short};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::objectmeta::{check_meta, unknown_field};
use crate::validate::path::{FieldPath, Seg, Walk};

const QUANTITY: &str = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING: &str = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
const OBJECT_META: &str = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/// Strict typed decoding of one object.
pub(super) struct Decoder<'a> {
    defs: &'a Definitions,
    /// The definition of the kind: the root of Go field paths.
    root: &'a str,
    /// `unknown field` errors, in the order met.
    pub(super) unknown: Vec<FieldError>,
    /// The first type error (Go's `savedError`).
    saved: Option<FieldError>,
    /// An error that ended decoding.
    aborted: Option<FieldError>,
}

impl<'a> Decoder<'a> {
    /// A decoder for objects of the definition `root` in `defs`.
    pub(super) fn new(defs: &'a Definitions, root: &'a str) -> Self {
        Decoder {
            defs,
            root,
            unknown: Vec::new(),
            saved: None,
            aborted: None,
        }
    }

    /// Decodes a whole object.
    pub(super) fn object(&mut self, obj: &Value) {
        let Some((name, schema)) = self.defs.get(self.root) else {
            return;
        };
        self.decode(obj, Some(name), schema, &Walk::root(), short(name));
    }

    /// The error that makes the request a BadRequest, if any.
    pub(super) fn fatal(&mut self) -> Option<FieldError> {
        self.aborted.take().or_else(|| self.saved.take())
    }

    /// The field path Go's errors print: json names from the root, with the names of
    /// embedded structs (`volumes.VolumeSource.secret`), without indices or map keys.
    fn go_field(&self, path: &FieldPath) -> String {
        let mut out: Vec<&str> = Vec::new();
        let mut node = self.defs.get(self.root).map(|(_, v)| v);
        for seg in &path.0 {
            let schema = node.map(|n| deref(self.defs, n).1);
            node = match seg {
                Seg::Field(f) => {
                    if let Some(embedded) = schema
                        .and_then(|s| s.get("x-crkit-go-embedded"))
                        .and_then(|e| e.get(f.as_str()))
                        .and_then(Value::as_str)
                    {
                        out.extend(embedded.split('.'));
                    }
                    out.push(f);
                    schema.and_then(|s| s.get("properties")?.get(f.as_str()))
                }
                Seg::Index(_) => schema.and_then(|s| s.get("items")),
                Seg::Key(_) => schema.and_then(|s| s.get("additionalProperties")),
            };
        }
        out.join(".")
    }

    /// A type error (`UnmarshalTypeError`) at `path`, in the Go struct `go_struct`.
    fn type_error(&self, path: &Walk<'_>, go_struct: &str, v: &Value, ty: &str) -> FieldError {
        let path = path.to_path();
        let field = self.go_field(&path);
        FieldError {
            reason: Reason::DecodeError,
            field: field.clone(),
            path,
            value: BadValue::Value(v.clone()),
            detail: format!(
                "json: cannot unmarshal {} into Go struct field {go_struct}.{field} of type {ty}",
                value_kind(v, ty)
            ),
        }
    }

    /// Go's `saveError`: the first type error is kept, decoding goes on.
    fn save(&mut self, e: FieldError) {
        if self.saved.is_none() {
            self.saved = Some(e);
        }
    }

    /// An error of a custom `UnmarshalJSON`: decoding ends.
    fn abort(&mut self, e: FieldError) {
        if self.aborted.is_none() {
            self.aborted = Some(e);
        }
    }

    /// An error whose message names no field (a quantity, base64).
    fn plain(path: &Walk<'_>, message: String) -> FieldError {
        FieldError {
            reason: Reason::DecodeError,
            field: String::new(),
            path: path.to_path(),
            value: BadValue::Omit,
            detail: message,
        }
    }

    /// Decodes `v` at `path` against the schema `node` of a field of the Go struct `go_struct`.
    fn value(&mut self, v: &Value, node: &Value, path: &Walk<'_>, go_struct: &str) {
        let (def, schema) = deref(self.defs, node);
        self.decode(v, def, schema, path, go_struct);
    }

    /// [`Decoder::value`] with the reference resolved: `def` names the definition of
    /// `schema`, if it is one.
    #[allow(clippy::too_many_lines)] // one arm per JSON type, as Go's decoder
    fn decode(
        &mut self,
        v: &Value,
        def: Option<&str>,
        schema: &Value,
        path: &Walk<'_>,
        go_struct: &str,
    ) {
        if v.is_null() || self.aborted.is_some() {
            return;
        }
        match def {
            Some(QUANTITY) => {
                // `Quantity.UnmarshalJSON` parses the JSON text, unquoted: any value but a
                // string or a number fails its regular expression.
                let text = match v {
                    Value::String(s) => Some(s.trim()),
                    Value::Number(_) => None,
                    _ => Some("{"),
                };
                if let Some(m) = text.and_then(quantity_error) {
                    self.abort(Self::plain(path, m.to_owned()));
                }
                return;
            }
            Some(INT_OR_STRING) => {
                // `IntOrString.UnmarshalJSON`: a string, else an int32 (its type error is
                // returned, so it ends decoding).
                if !v.is_string() && v.as_i64().is_none_or(|i| i32::try_from(i).is_err()) {
                    let e = self.type_error(path, go_struct, v, "int32");
                    self.abort(e);
                }
                return;
            }
            Some(
                "io.k8s.apimachinery.pkg.apis.meta.v1.Time"
                | "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
            ) => {
                if !v.is_string() {
                    let e = self.type_error(path, go_struct, v, "string");
                    self.abort(e);
                }
                return;
            }
            Some(
                "io.k8s.apimachinery.pkg.runtime.RawExtension"
                | "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1"
                | "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
            ) => return, // any JSON value
            Some(OBJECT_META) => {
                if !v.is_object() {
                    let e = self.type_error(path, go_struct, v, "v1.ObjectMeta");
                    self.save(e);
                    return;
                }
                match check_meta(v, &path.to_path()) {
                    Ok(unknown) => self.unknown.extend(unknown),
                    Err(e) => self.save(e),
                }
                return;
            }
            _ => {}
        }
        let ty = schema
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let flag = |k: &str| schema.get(k).and_then(Value::as_bool) == Some(true);
        if flag("x-kubernetes-int-or-string") {
            if !v.is_string() && !v.is_i64() {
                let e = self.type_error(path, go_struct, v, "int32");
                self.abort(e);
            }
            return;
        }
        match ty {
            "object" => {
                let Some(obj) = v.as_object() else {
                    let go_ty = go_type(self.defs, def, schema);
                    let e = self.type_error(path, go_struct, v, &go_ty);
                    self.save(e);
                    return;
                };
                // The fields of a struct belong to it; a map's values to the struct holding it.
                let inner = def.map_or(go_struct, short);
                if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                    let open = flag("x-kubernetes-preserve-unknown-fields")
                        || flag("x-kubernetes-embedded-resource");
                    for (k, item) in obj {
                        match props.get(k) {
                            Some(p) => self.value(item, p, &path.child(k), inner),
                            None if open => {}
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
                    let go_ty = go_type(self.defs, def, schema);
                    let e = self.type_error(path, go_struct, v, &go_ty);
                    self.save(e);
                    return;
                };
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, item_schema, &path.index(i), go_struct);
                    }
                }
            }
            "string" => match v.as_str() {
                None => {
                    let go_ty = if format == "byte" {
                        "[]uint8"
                    } else {
                        "string"
                    };
                    let e = self.type_error(path, go_struct, v, go_ty);
                    self.save(e);
                }
                Some(s) if format == "byte" => {
                    if let Err(e) = base64::engine::general_purpose::STANDARD.decode(s) {
                        let at = match e {
                            base64::DecodeError::InvalidByte(i, _)
                            | base64::DecodeError::InvalidLastSymbol(i, _) => i,
                            base64::DecodeError::InvalidLength(n) => n,
                            base64::DecodeError::InvalidPadding => s.len(),
                        };
                        self.save(Self::plain(
                            path,
                            format!("illegal base64 data at input byte {at}"),
                        ));
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
                    let e = self.type_error(path, go_struct, v, go_ty);
                    self.save(e);
                }
            }
            "number" if !v.is_number() => {
                let go_ty = if format == "float" {
                    "float32"
                } else {
                    "float64"
                };
                let e = self.type_error(path, go_struct, v, go_ty);
                self.save(e);
            }
            "boolean" if !v.is_boolean() => {
                let e = self.type_error(path, go_struct, v, "bool");
                self.save(e);
            }
            _ => {}
        }
    }
}

/// How `encoding/json` names a JSON value in "cannot unmarshal" errors: `number`, but
/// `number <literal>` for a number that an integer field cannot hold (a fraction, out of
/// range), as `literalStore` says.
fn value_kind(v: &Value, go_ty: &str) -> String {
    match v {
        Value::Number(n) if (n.is_i64() || n.is_u64()) && go_ty.starts_with("int") => {
            format!("number {n}")
        }
        other => gofmt::json_kind(other),
    }
}

/// The Go type of a schema node as Go's errors print it: `v1.Container` for a definition,
/// `[]v1.Container`, `map[string]string`, `int32`, ...
fn go_type(defs: &Definitions, def: Option<&str>, schema: &Value) -> String {
    if let Some(d) = def {
        return match d {
            QUANTITY => "resource.Quantity".to_owned(),
            INT_OR_STRING => "intstr.IntOrString".to_owned(),
            _ if schema.get("type").and_then(Value::as_str) == Some("object") => qualified(d),
            _ => go_type(defs, None, schema),
        };
    }
    let of = |node: Option<&Value>| match node {
        Some(n) => {
            let (d, s) = deref(defs, n);
            go_type(defs, d, s)
        }
        None => "interface {}".to_owned(),
    };
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
    {
        "object" => format!("map[string]{}", of(schema.get("additionalProperties"))),
        "array" => format!("[]{}", of(schema.get("items"))),
        "string" if format == "byte" => "[]uint8".to_owned(),
        "string" => "string".to_owned(),
        "integer" if format == "int64" => "int64".to_owned(),
        "integer" => "int32".to_owned(),
        "number" if format == "float" => "float32".to_owned(),
        "number" => "float64".to_owned(),
        "boolean" => "bool".to_owned(),
        _ => "interface {}".to_owned(),
    }
}
