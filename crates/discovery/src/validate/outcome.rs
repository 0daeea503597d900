//! What validating one object gives back: findings (field errors located in the source, with
//! their severity), the object as the server would store it, and the options of a validation.

use serde_json::Value;

use super::field::{FieldError, Reason};
use super::manifest::{Position, Positions};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The server would reject the object.
    Error,
    /// The server would accept it with a warning (unknown fields under `--allow-unknown`).
    Warning,
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
    /// The outcome of errors and warnings (in the server's order) about `object`, located
    /// with `positions`.
    pub(crate) fn of(
        errors: &[FieldError],
        warnings: &[FieldError],
        object: Value,
        positions: &Positions,
    ) -> Self {
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

    /// Whether the server would accept the object.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}
