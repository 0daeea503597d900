//! CRD-level problems of replacing a cluster's CustomResourceDefinition with a new manifest:
//! what the server refuses in the update itself, as k8s.io/apiextensions-apiserver v0.37.2
//! checks it (`pkg/apis/apiextensions/validation/validation.go`:
//! `ValidateCustomResourceDefinitionUpdate`, `ValidateCustomResourceDefinitionStoredVersions`,
//! `validateCustomResourceDefinitionSpecUpdate`; `pkg/registry/customresourcedefinition/
//! strategy.go` `PrepareForUpdate`, which adds a new storage version to
//! `status.storedVersions` before validating and keeps the stored status), and what it accepts
//! but breaks for clients (storage version changed, served versions withdrawn).

use serde_json::Value;

use super::super::crd::compile_crd;
use super::super::field::FieldError;
use super::super::path::FieldPath;

/// How bad a CRD-level problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The server refuses the new CRD.
    Refused,
    /// The server accepts it, and clients or data break.
    Breaking,
    /// Worth knowing before applying; nothing breaks by itself.
    Warning,
}

impl Severity {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Refused => "refused",
            Severity::Breaking => "breaking",
            Severity::Warning => "warning",
        }
    }
}

/// One CRD-level problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// How bad it is.
    pub severity: Severity,
    /// The field of the CRD it is about (`status.storedVersions[0]`).
    pub field: String,
    /// The server's message for refusals (`field: ...`), an explanation otherwise.
    pub message: String,
}

impl Problem {
    fn refused(e: &FieldError) -> Self {
        Problem {
            severity: Severity::Refused,
            field: e.field.clone(),
            message: e.message(),
        }
    }
}

fn versions(crd: &Value) -> &[Value] {
    crd.pointer("/spec/versions")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn name_of(v: &Value) -> &str {
    v.get("name").and_then(Value::as_str).unwrap_or_default()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

/// The versions a CRD serves, in its order.
pub fn served(crd: &Value) -> Vec<String> {
    versions(crd)
        .iter()
        .filter(|v| flag(v, "served"))
        .map(|v| name_of(v).to_owned())
        .collect()
}

/// The storage version of a CRD.
pub fn storage(crd: &Value) -> Option<String> {
    versions(crd)
        .iter()
        .find(|v| flag(v, "storage"))
        .map(|v| name_of(v).to_owned())
}

/// `status.storedVersions` of a CRD from the cluster.
pub fn stored_versions(crd: &Value) -> Vec<String> {
    crate::validate::strings(crd.pointer("/status/storedVersions"))
}

/// The versions whose stored objects can be checked: served by the current CRD (to list them)
/// and by the new one (to have a schema for them), in the new CRD's order.
pub fn versions_to_check(current: &Value, new: &Value) -> Vec<String> {
    let now = served(current);
    served(new)
        .into_iter()
        .filter(|v| now.contains(v))
        .collect()
}

/// Versions the current CRD serves and the new one does not.
pub fn withdrawn(current: &Value, new: &Value) -> Vec<String> {
    let next = served(new);
    served(current)
        .into_iter()
        .filter(|v| !next.contains(v))
        .collect()
}

fn established(crd: &Value) -> bool {
    crd.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|conds| {
            conds.iter().any(|c| {
                c.get("type").and_then(Value::as_str) == Some("Established")
                    && c.get("status").and_then(Value::as_str) == Some("True")
            })
        })
}

/// The problems of replacing `current` (the cluster's CRD, `None` when it has none) with
/// `new`: the new CRD's own errors, then the update's.
pub fn problems(current: Option<&Value>, new: &Value) -> Vec<Problem> {
    let mut out: Vec<Problem> = match compile_crd(new) {
        Ok(_) => Vec::new(),
        Err(e) => e.causes.iter().map(Problem::refused).collect(),
    };
    let Some(current) = current else {
        return out;
    };
    let s = |crd: &Value, p: &str| {
        crd.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };

    // Immutable once Established: they decide where and how objects are stored.
    if established(current) {
        for (ptr, path) in [
            ("/spec/scope", ["spec", "scope"].as_slice()),
            ("/spec/names/kind", ["spec", "names", "kind"].as_slice()),
        ] {
            let (now, next) = (s(current, ptr), s(new, ptr));
            if now != next {
                out.push(Problem::refused(&FieldError::invalid(
                    &FieldPath::fields(path),
                    &Value::String(next),
                    "field is immutable",
                )));
            }
        }
    }

    // Every stored version must stay in spec.versions (the new storage version is added to
    // storedVersions by the strategy before this check).
    let names: Vec<&str> = versions(new).iter().map(name_of).collect();
    for (i, v) in stored_versions(current).iter().enumerate() {
        if !names.contains(&v.as_str()) {
            out.push(Problem::refused(&FieldError::invalid(
                &FieldPath::fields(&["status", "storedVersions"]).index(i),
                &Value::String(v.clone()),
                format!(
                    "missing from spec.versions; {v} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in {v} and removes {v} from status.storedVersions"
                ),
            )));
        }
    }

    if let (Some(now), Some(next)) = (storage(current), storage(new))
        && now != next
    {
        let i = names.iter().position(|n| *n == next).unwrap_or_default();
        out.push(Problem {
            severity: Severity::Warning,
            field: format!("spec.versions[{i}].storage"),
            message: format!(
                "the storage version changes from {now} to {next}: objects stay stored as {now} until each is written again, and {now} must stay in spec.versions until a storage migration removes it from status.storedVersions"
            ),
        });
    }

    let group = s(current, "/spec/group");
    for v in withdrawn(current, new) {
        let i = names.iter().position(|n| *n == v);
        out.push(Problem {
            severity: Severity::Warning,
            field: i.map_or_else(
                || "spec.versions".to_owned(),
                |i| format!("spec.versions[{i}].served"),
            ),
            message: format!(
                "{group}/{v} is no longer served: clients that read or write through it get 404 Not Found"
            ),
        });
    }
    out
}
