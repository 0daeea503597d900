//! A create of a custom resource, step by step in the order of the apiextensions server's
//! `customResourceStrategy` (`pkg/registry/customresource/strategy.go` and `validator.go`,
//! k8s.io/apiextensions-apiserver v0.37.2): decoding (duplicate and unknown fields, ObjectMeta,
//! pruning), defaulting, `PrepareForCreate`, then validation (TypeMeta, ObjectMeta, the OpenAPI
//! schema, embedded resources, list types, CEL rules).

use serde_json::Value;

use super::crd::CrdSchema;
use super::field::{BadValue, FieldError, Reason};
use super::manifest::{Position, Positions};
use super::outcome::{Options, Outcome, UnknownFields};
use super::path::FieldPath;
use super::{cel, gofmt, listtype, objectmeta, openapi, prune};

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
        return Outcome::of(&[err], &[], obj, positions);
    }
    strict.extend(decoded.unknown);
    if !strict.is_empty() {
        match options.unknown_fields {
            UnknownFields::Error => return Outcome::of(&strict, &[], obj, positions),
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
    errs.extend(validate_type_meta(&obj, schema));
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
    Outcome::of(&errs, &warnings, obj, positions)
}

/// `ValidateTypeMeta`: kind and apiVersion are the CRD's.
fn validate_type_meta(obj: &Value, schema: &CrdSchema) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    if kind != schema.kind {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["kind"]),
            &Value::String(kind.to_owned()),
            format!("must be {}", schema.kind),
        ));
    }
    let want = format!("{}/{}", schema.group, schema.version);
    let api_version = obj
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if api_version != want {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["apiVersion"]),
            &Value::String(api_version.to_owned()),
            format!("must be {want}"),
        ));
    }
    errs
}
