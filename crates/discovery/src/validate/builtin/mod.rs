//! Built-in kinds (ConfigMap, Secret, Service, Deployment), validated offline.
//!
//! The API server decodes built-in objects into Go structs and validates them with
//! hand-written Go code, not with a schema. This module reproduces both halves:
//!
//! - decoding (`decode`), from the OpenAPI v3 definitions of the real server (`schemas`):
//!   unknown fields (`strict decoding error`), Go's `cannot unmarshal` type errors, base64
//!   `[]byte` fields, quantities (`quantity`), int-or-string;
//! - the defaults and validation rules most manifests meet, with the server's messages, one
//!   module per API group as the Go sources are split: `core_v1` (`pkg/apis/core`),
//!   `apps_v1` (`pkg/apis/apps`). Rules not ported are not checked (see the README of the
//!   plugin for the list).

mod apps_v1;
mod core_v1;
mod decode;
mod quantity;
mod schemas;

use serde_json::{Value, json};

pub use schemas::{BuiltinKind, kinds, kubernetes_version, lookup};

use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::manifest::{Position, Positions};
use crate::validate::objectmeta::NameRule;
use crate::validate::outcome::{Options, Outcome, UnknownFields};
use crate::validate::path::{FieldPath, Walk};
use decode::Decoder;
use schemas::short;

/// Validates a built-in object as a create through the API server would.
pub fn validate(
    kind: &BuiltinKind,
    obj: &Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    validate_owned(kind, obj.clone(), positions, duplicates, options)
}

/// [`validate`], taking the object: no copy of it is made.
pub fn validate_owned(
    kind: &BuiltinKind,
    obj: Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    let mut warnings = Vec::new();
    let mut decoder = Decoder::default();
    let root_ref = json!({ "$ref": format!("#/components/schemas/{}", kind.definition) });
    decoder.value(&obj, &root_ref, &Walk::root(), short(&kind.definition));
    if let Some(fatal) = decoder.fatal {
        return Outcome::of(&[fatal], &warnings, obj, positions);
    }
    let mut strict: Vec<FieldError> = duplicates
        .iter()
        .map(|(path, _)| FieldError {
            reason: Reason::FieldValueDuplicateField,
            field: path.openapi(),
            path: path.clone(),
            value: BadValue::Omit,
            detail: format!("duplicate field {}", gofmt::quote(&path.openapi())),
        })
        .collect();
    let mut unknown = decoder.unknown;
    unknown.sort_by_key(|e| e.path.openapi());
    strict.extend(unknown);
    if !strict.is_empty() {
        match options.unknown_fields {
            UnknownFields::Error => return Outcome::of(&strict, &warnings, obj, positions),
            UnknownFields::Warn => warnings.extend(strict),
        }
    }
    let mut obj = obj;
    let errs = match kind.gvk.kind.as_str() {
        "ConfigMap" => core_v1::config_map(&obj),
        "Secret" => core_v1::secret(&mut obj),
        "Service" => core_v1::service(&mut obj),
        "Deployment" => apps_v1::deployment(&mut obj),
        _ => core_v1::meta(&obj, NameRule::DnsSubdomain),
    };
    Outcome::of(&errs, &warnings, obj, positions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::gvk::Gvk;

    #[test]
    fn decoding_errors_like_the_server() {
        let kind = lookup(&Gvk::new("apps", "v1", "Deployment")).unwrap();
        let obj = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"replicas": "two"}});
        let out = validate(kind, &obj, &Positions::new(), &[], Options::default());
        assert_eq!(out.findings[0].field, "spec.replicas");
        assert_eq!(
            out.findings[0].message,
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
        );
    }
}
