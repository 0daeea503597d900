//! Validation of objects against structural CRD schemas (and built-in kinds) the way the API
//! server validates a create: pure, synchronous, no I/O.
//!
//! The server's steps are ported in its order (apiextensions-apiserver v0.37, kube-openapi,
//! apimachinery), each in its own module:
//!
//! 1. decoding: duplicate fields and unknown fields (`strict decoding error`), ObjectMeta
//!    decoding, pruning (with `x-kubernetes-preserve-unknown-fields`), non-nullable nulls
//!    dropped, embedded resources coerced ([`prune`], [`objectmeta`]);
//! 2. defaults applied ([`prune::default`]);
//! 3. validation: ObjectMeta (name, labels, annotations), the OpenAPI schema ([`openapi`],
//!    [`formats`]), embedded resources, list types ([`listtype`]), then CEL rules ([`cel`])
//!    unless an earlier error blocks them.
//!
//! Findings carry the server's field path and message verbatim
//! (`spec.contextWindow: Invalid value: "string": spec.contextWindow in body must be of type
//! integer: "string"`) and the source position of the node, from [`manifest::Positions`].

pub mod builtin;
pub mod catalog;
pub mod cel;
pub mod crd;
pub mod formats;
pub mod gofmt;
pub mod listtype;
pub mod manifest;
pub mod objectmeta;
pub mod openapi;
pub mod path;
pub mod prune;
pub mod schema;

use std::fmt;

use serde_json::Value;

pub use catalog::{Catalog, Gvk, SchemaSource};
pub use crd::{CrdError, CrdSchema};
pub use manifest::{Document, Limits, LoadError, Position, Positions};
pub use path::{FieldPath, Seg, Walk};
pub use schema::Schema;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The server would reject the object.
    Error,
    /// The server would accept it with a warning (unknown fields under `--allow-unknown`).
    Warning,
}

/// The kind of a finding: metav1.Status cause types, plus the two strict-decoding errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Reason {
    /// `FieldValueInvalid` (and `FieldValueTypeInvalid`'s sibling messages).
    FieldValueInvalid,
    /// `FieldValueTypeInvalid`: the value has the wrong type.
    FieldValueTypeInvalid,
    /// `FieldValueRequired`.
    FieldValueRequired,
    /// `FieldValueNotSupported`: not one of an enum.
    FieldValueNotSupported,
    /// `FieldValueDuplicate`: a repeated item of a set or key of a map list.
    FieldValueDuplicate,
    /// `FieldValueTooLong`.
    FieldValueTooLong,
    /// `FieldValueTooMany`.
    FieldValueTooMany,
    /// `FieldValueForbidden`.
    FieldValueForbidden,
    /// `FieldValueNotFound`.
    FieldValueNotFound,
    /// `InternalError`.
    InternalError,
    /// A field the schema does not declare (`unknown field "spec.foo"`).
    FieldValueUnknown,
    /// A key repeated in one object (`duplicate field "spec.foo"`).
    FieldValueDuplicateField,
    /// The object cannot be decoded (`json: cannot unmarshal ...`): a BadRequest.
    DecodeError,
}

impl Reason {
    /// The name used in metav1.Status causes and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::FieldValueInvalid => "FieldValueInvalid",
            Reason::FieldValueTypeInvalid => "FieldValueTypeInvalid",
            Reason::FieldValueRequired => "FieldValueRequired",
            Reason::FieldValueNotSupported => "FieldValueNotSupported",
            Reason::FieldValueDuplicate => "FieldValueDuplicate",
            Reason::FieldValueTooLong => "FieldValueTooLong",
            Reason::FieldValueTooMany => "FieldValueTooMany",
            Reason::FieldValueForbidden => "FieldValueForbidden",
            Reason::FieldValueNotFound => "FieldValueNotFound",
            Reason::InternalError => "InternalError",
            Reason::FieldValueUnknown => "FieldValueUnknown",
            Reason::FieldValueDuplicateField => "FieldValueDuplicateField",
            Reason::DecodeError => "DecodeError",
        }
    }

    /// The words apimachinery's `field.ErrorType.String()` prints (`Invalid value`, ...).
    fn words(self) -> &'static str {
        match self {
            Reason::FieldValueInvalid | Reason::FieldValueTypeInvalid => "Invalid value",
            Reason::FieldValueRequired => "Required value",
            Reason::FieldValueNotSupported => "Unsupported value",
            Reason::FieldValueDuplicate => "Duplicate value",
            Reason::FieldValueTooLong => "Too long",
            Reason::FieldValueTooMany => "Too many",
            Reason::FieldValueForbidden => "Forbidden",
            Reason::FieldValueNotFound => "Not found",
            Reason::InternalError => "Internal error",
            Reason::FieldValueUnknown => "Unknown field",
            Reason::FieldValueDuplicateField => "Duplicate field",
            Reason::DecodeError => "Decode error",
        }
    }
}

/// The bad value of a field error, as apimachinery prints it.
#[derive(Debug, Clone, PartialEq)]
pub enum BadValue {
    /// Not printed (objects and lists in CEL errors).
    Omit,
    /// A value: `%v` for numbers and booleans, `%q` for strings, JSON otherwise.
    Value(Value),
}

impl BadValue {
    /// A string bad value.
    pub fn str(s: impl Into<String>) -> Self {
        BadValue::Value(Value::String(s.into()))
    }
}

/// One apimachinery `field.Error`, before it is located in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The error type.
    pub reason: Reason,
    /// The field as the server names it (`spec.rules[0]`, `<nil>` for none).
    pub field: String,
    /// Where the error is, for locating it in the source.
    pub path: FieldPath,
    /// The value printed after the error type.
    pub value: BadValue,
    /// The detail after the value.
    pub detail: String,
}

impl FieldError {
    /// An error at `path`, named as apimachinery names it.
    pub fn new(
        reason: Reason,
        path: &FieldPath,
        value: BadValue,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            reason,
            field: if path.is_root() {
                "<nil>".to_owned()
            } else {
                path.to_string()
            },
            path: path.clone(),
            value,
            detail: detail.into(),
        }
    }

    /// `field.Invalid`.
    pub fn invalid(path: &FieldPath, value: &Value, detail: impl Into<String>) -> Self {
        Self::new(
            Reason::FieldValueInvalid,
            path,
            BadValue::Value(value.clone()),
            detail,
        )
    }

    /// `field.Required`.
    pub fn required(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(Reason::FieldValueRequired, path, BadValue::str(""), detail)
    }

    /// `field.Forbidden`.
    pub fn forbidden(path: &FieldPath, detail: impl Into<String>) -> Self {
        Self::new(Reason::FieldValueForbidden, path, BadValue::str(""), detail)
    }

    /// `field.Duplicate`.
    pub fn duplicate(path: &FieldPath, value: BadValue) -> Self {
        Self::new(Reason::FieldValueDuplicate, path, value, "")
    }

    /// `field.TooLong` with a byte limit.
    pub fn too_long(path: &FieldPath, max: i64) -> Self {
        let detail = if max >= 0 {
            format!(
                "may not be more than {max} {}",
                if max == 1 { "byte" } else { "bytes" }
            )
        } else {
            "value is too long".to_owned()
        };
        Self::new(
            Reason::FieldValueTooLong,
            path,
            BadValue::str("<value omitted>"),
            detail,
        )
    }

    /// `field.TooMany`.
    pub fn too_many(path: &FieldPath, actual: i64, max: i64) -> Self {
        let detail = if max >= 0 {
            format!(
                "must have at most {max} {}",
                if max == 1 { "item" } else { "items" }
            )
        } else {
            "has too many items".to_owned()
        };
        let value = if actual >= 0 {
            BadValue::Value(Value::from(actual))
        } else {
            BadValue::Omit
        };
        Self::new(Reason::FieldValueTooMany, path, value, detail)
    }

    /// `field.NotSupported`.
    pub fn not_supported(path: &FieldPath, value: &Value, valid: &[String]) -> Self {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| gofmt::quote(v)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(
            Reason::FieldValueNotSupported,
            path,
            BadValue::Value(value.clone()),
            detail,
        )
    }

    /// Names the error `<nil>` (apimachinery's nil path) but keeps `path` for its location.
    #[must_use]
    pub fn at_nil(mut self) -> Self {
        "<nil>".clone_into(&mut self.field);
        self
    }

    /// apimachinery's `ErrorBody()`: the message without the field.
    pub fn body(&self) -> String {
        let mut s = match self.reason {
            Reason::FieldValueRequired
            | Reason::FieldValueForbidden
            | Reason::FieldValueTooLong
            | Reason::InternalError => self.reason.words().to_owned(),
            Reason::FieldValueUnknown | Reason::FieldValueDuplicateField | Reason::DecodeError => {
                return self.detail.clone();
            }
            _ => match &self.value {
                BadValue::Omit => self.reason.words().to_owned(),
                BadValue::Value(v) => format!("{}: {}", self.reason.words(), gofmt::bad_value(v)),
            },
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }

    /// The error as the server prints it: `field: body` (strict-decoding errors are their
    /// message alone).
    pub fn message(&self) -> String {
        match self.reason {
            Reason::FieldValueUnknown | Reason::FieldValueDuplicateField | Reason::DecodeError => {
                self.detail.clone()
            }
            _ => format!("{}: {}", self.field, self.body()),
        }
    }

    /// Whether this error type keeps CEL rules from running (`hasBlockingErr` in the
    /// apiextensions strategy).
    fn blocks_cel(&self) -> bool {
        matches!(
            self.reason,
            Reason::FieldValueNotSupported
                | Reason::FieldValueRequired
                | Reason::FieldValueTooLong
                | Reason::FieldValueTooMany
                | Reason::FieldValueTypeInvalid
        )
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// One finding about a document, located in its source.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The cause type (`FieldValueInvalid`, ...).
    pub reason: Reason,
    /// The field as the server names it (`spec.rules[0].rewrite`; `<nil>` when none).
    pub field: String,
    /// The whole message as the server prints it (`field: body`).
    pub message: String,
    /// The message without the field, as in metav1.Status causes.
    pub body: String,
    /// The JSON pointer of the offending node (or of the closest node that exists).
    pub pointer: String,
    /// Where that node starts in the source, when known.
    pub position: Option<Position>,
}

impl Finding {
    /// Locates a field error with `positions`.
    pub fn from_error(err: &FieldError, severity: Severity, positions: &Positions) -> Self {
        Finding {
            severity,
            reason: err.reason,
            field: err.field.clone(),
            message: err.message(),
            body: err.body(),
            pointer: err.path.pointer(),
            position: positions.locate(&err.path),
        }
    }
}

/// What to do with fields the schema does not declare (and duplicate keys), as the API
/// server's `fieldValidation` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownFields {
    /// `Strict` (kubectl's default): the object is rejected.
    #[default]
    Error,
    /// `Warn`: the fields are dropped with a warning and validation goes on.
    Warn,
}

/// Options of one validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Unknown and duplicate fields: errors or warnings.
    pub unknown_fields: UnknownFields,
}

/// The result of validating one object.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Errors and warnings, in the server's order.
    pub findings: Vec<Finding>,
    /// The object as the server would store it: pruned and defaulted.
    pub object: Value,
}

impl Outcome {
    /// Whether the server would accept the object.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Validates a custom resource against the schema of its CRD version, as a create through the
/// API server would: decoding, pruning, defaulting, then validation.
pub fn validate(
    schema: &CrdSchema,
    object: &Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    validate_owned(schema, object.clone(), positions, duplicates, options)
}

/// [`validate`], taking the object (decoding prunes and defaults it in place; this saves a
/// copy of every document when the caller has no further use for it).
pub fn validate_owned(
    schema: &CrdSchema,
    object: Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    let mut obj = object;
    let mut warnings: Vec<FieldError> = Vec::new();

    // 1. Decoding: duplicates (JSON decoder), ObjectMeta and pruning (unknown fields).
    let mut strict: Vec<FieldError> = duplicates
        .iter()
        .map(|(path, _)| FieldError {
            reason: Reason::FieldValueDuplicateField,
            field: path.to_string(),
            path: path.clone(),
            value: BadValue::Omit,
            detail: format!("duplicate field {}", gofmt::quote(&path.openapi())),
        })
        .collect();
    let decoded = prune::decode(&mut obj, &schema.root);
    if let Some(err) = decoded.fatal {
        // ObjectMeta or an embedded resource's TypeMeta could not be decoded: the request is
        // a BadRequest with this one error.
        return outcome(&[err], &[], obj, positions);
    }
    strict.extend(decoded.unknown);
    if !strict.is_empty() {
        match options.unknown_fields {
            UnknownFields::Error => return outcome(&strict, &[], obj, positions),
            UnknownFields::Warn => warnings.extend(strict),
        }
    }

    // 2. Defaults, then the strategy's PrepareForCreate: with the status subresource, a
    // create ignores `.status`.
    prune::default(&mut obj, Some(&schema.root));
    if schema.status_subresource
        && let Some(map) = obj.as_object_mut()
    {
        map.remove("status");
    }

    // 3. Validation, in the strategy's order.
    let mut errs = Vec::new();
    errs.extend(objectmeta::validate_type_meta(&obj, schema));
    if errs.is_empty() {
        errs.extend(objectmeta::validate_root_meta(&obj, schema.namespaced));
        errs.extend(openapi::validate(&schema.root, &obj));
    }
    errs.extend(objectmeta::validate_embedded(&obj, &schema.root));
    errs.extend(listtype::validate(&schema.root, &obj));
    if schema.root.has_rules {
        if errs.iter().any(FieldError::blocks_cel) {
            errs.push(
                FieldError::invalid(
                    &FieldPath::root(),
                    &Value::Null,
                    "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
                )
                .at_nil(),
            );
        } else {
            let cel = cel::validate(&schema.root, &obj);
            errs.extend(cel.errors);
            warnings.extend(cel.unchecked);
        }
    }
    outcome(&errs, &warnings, obj, positions)
}

fn outcome(
    errors: &[FieldError],
    warnings: &[FieldError],
    object: Value,
    positions: &Positions,
) -> Outcome {
    let mut findings: Vec<Finding> = errors
        .iter()
        .map(|e| Finding::from_error(e, Severity::Error, positions))
        .collect();
    findings.extend(
        warnings
            .iter()
            .map(|e| Finding::from_error(e, Severity::Warning, positions)),
    );
    Outcome { findings, object }
}

#[cfg(test)]
mod tests;
