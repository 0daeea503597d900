//! kube-openapi's validation result (`pkg/validation/validate/result.go`) and, of its errors
//! (`pkg/validation/errors/schema.go`), what changes how apiextensions reports them; as
//! vendored by Kubernetes v1.37.

use serde_json::Value;

use crate::validate::path::{FieldPath, Walk};
use crate::validate::schema::Schema;

/// How a validator validates a value against a sub-schema (`NewSchemaValidator(...).Validate`
/// in Go): validators that recurse are handed `schema_validator::validate_schema` as this,
/// so that no validator module imports the one that calls it.
pub(super) type SubValidate = fn(&Schema, &Value, &Walk<'_>) -> Res;

/// kube-openapi's error codes, as far as they change how an error is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
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
pub(super) struct OErr {
    pub(super) code: Code,
    /// Where the error is (for its field name and location).
    pub(super) path: FieldPath,
    pub(super) message: String,
    pub(super) value: Option<Value>,
    /// The limit of length and count errors (`Valid`).
    pub(super) valid: Option<i64>,
    pub(super) enum_values: Vec<Value>,
}

#[derive(Debug, Default)]
pub(super) struct Res {
    pub(super) errors: Vec<OErr>,
    pub(super) match_count: usize,
}

impl Res {
    pub(super) fn add(&mut self, e: OErr) {
        // kube-openapi drops an error whose text was already reported.
        if !self.errors.iter().any(|x| x.message == e.message) {
            self.errors.push(e);
        }
    }

    pub(super) fn merge(&mut self, other: Res) {
        for e in other.errors {
            self.add(e);
        }
        self.match_count += other.match_count;
    }

    pub(super) fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    pub(super) fn one(e: OErr) -> Res {
        Res {
            errors: vec![e],
            match_count: 0,
        }
    }
}

pub(super) fn err(code: Code, path: &Walk<'_>, message: String, value: Option<Value>) -> OErr {
    OErr {
        code,
        path: path.to_path(),
        message,
        value,
        valid: None,
        enum_values: Vec::new(),
    }
}
