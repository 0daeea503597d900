//! apimachinery's field errors (`pkg/util/validation/field/errors.go`, k8s.io/apimachinery
//! v0.37.2): the error types of metav1.Status causes and how a `field.Error` prints its bad
//! value and detail, plus the strict-decoding errors the API server reports beside them.

use std::fmt;

use serde_json::Value;

use super::gofmt;
use super::path::FieldPath;

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
    /// The kind cannot be created at all (`ComponentStatus` is read-only): the server answers
    /// `MethodNotAllowed`.
    MethodNotAllowed,
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
            Reason::MethodNotAllowed => "MethodNotAllowed",
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
            Reason::MethodNotAllowed => "Method not allowed",
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
    /// A value already printed as Go prints it: the JSON of a Go struct, whose fields keep
    /// their declaration order (a `Value`'s keys are sorted).
    Printed(String),
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
    pub fn not_supported(path: &FieldPath, value: &Value, valid: &[impl AsRef<str>]) -> Self {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| gofmt::quote(v.as_ref())).collect();
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
            Reason::FieldValueUnknown
            | Reason::FieldValueDuplicateField
            | Reason::DecodeError
            | Reason::MethodNotAllowed => {
                return self.detail.clone();
            }
            _ => match &self.value {
                BadValue::Omit => self.reason.words().to_owned(),
                BadValue::Value(v) => format!("{}: {}", self.reason.words(), gofmt::bad_value(v)),
                BadValue::Printed(p) => format!("{}: {p}", self.reason.words()),
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
            Reason::FieldValueUnknown
            | Reason::FieldValueDuplicateField
            | Reason::DecodeError
            | Reason::MethodNotAllowed => self.detail.clone(),
            _ => format!("{}: {}", self.field, self.body()),
        }
    }

    /// Whether this error type keeps CEL rules from running (`hasBlockingErr` in the
    /// apiextensions strategy).
    pub(crate) fn blocks_cel(&self) -> bool {
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
