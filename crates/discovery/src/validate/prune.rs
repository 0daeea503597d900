//! What the apiextensions server does to a custom resource while decoding it, before any
//! validation (`unstructuredSchemaCoercer.apply`, then the defaulter): ObjectMeta decoded,
//! unknown fields pruned and reported (skipping `x-kubernetes-preserve-unknown-fields`
//! subtrees and the TypeMeta/ObjectMeta of embedded resources), non-nullable nulls without a
//! default dropped, embedded resources coerced, then defaults applied.

use serde_json::{Map, Value};

use super::field::FieldError;
use super::objectmeta::{decode_meta, unknown_field};
use super::path::{FieldPath, Walk};
use super::schema::{Additional, Schema};

/// The outcome of decoding.
#[derive(Debug, Default)]
pub struct Decoded {
    /// Unknown fields, sorted as the server sorts their paths.
    pub unknown: Vec<FieldError>,
    /// An error that makes the request undecodable (a BadRequest): ObjectMeta of the wrong
    /// shape, an embedded `apiVersion` that is not a string, ...
    pub fatal: Option<FieldError>,
}

const META_FIELDS: [&str; 3] = ["apiVersion", "kind", "metadata"];

/// Decodes `obj` in place as the server's request decoder does.
pub fn decode(obj: &mut Value, root: &Schema) -> Decoded {
    let mut out = Decoded::default();
    // ObjectMeta first (GetObjectMetaWithOptions on the root).
    let mut meta_unknown = Vec::new();
    if let Some(meta) = obj.get("metadata") {
        match decode_meta(meta, &FieldPath::fields(&["metadata"])) {
            Ok(decoded) => {
                meta_unknown = decoded.unknown;
                obj["metadata"] = Value::Object(decoded.meta);
            }
            Err(e) => {
                out.fatal = Some(e);
                return out;
            }
        }
    }
    // Pruning, with the root treated as an embedded resource.
    let mut unknown = Vec::new();
    prune(obj, Some(root), true, &Walk::root(), &mut unknown);
    unknown.sort_by_key(FieldPath::openapi);
    prune_nulls(obj, Some(root));
    // Embedded resources (not the root).
    let mut coerce_unknown = Vec::new();
    if let Err(e) = coerce(obj, root, &Walk::root(), &mut coerce_unknown) {
        out.fatal = Some(e);
        return out;
    }
    coerce_unknown.sort_by_key(|e| e.path.openapi());
    out.unknown = meta_unknown;
    out.unknown.extend(unknown.iter().map(unknown_field));
    out.unknown.extend(coerce_unknown);
    out
}

/// `pruning.prune`: removes (and records) fields the schema does not declare.
fn prune(
    x: &mut Value,
    s: Option<&Schema>,
    root: bool,
    path: &Walk<'_>,
    unknown: &mut Vec<FieldPath>,
) {
    if let Some(s) = s
        && s.preserve_unknown_fields
    {
        skip_prune(x, s, root, path, unknown);
        return;
    }
    match x {
        Value::Object(map) => {
            let Some(s) = s else {
                for k in map.keys() {
                    unknown.push(path.child(k).to_path());
                }
                map.clear();
                return;
            };
            let embedded = s.embedded_resource || root;
            map.retain(|k, v| {
                if embedded && META_FIELDS.contains(&k.as_str()) {
                    return true;
                }
                if let Some(p) = s.properties.get(k) {
                    prune(v, Some(p), false, &path.child(k), unknown);
                } else if let Some(add) = &s.additional_properties {
                    let sub = match add {
                        Additional::Schema(a) => Some(a.as_ref()),
                        Additional::Allows(_) => None,
                    };
                    prune(v, sub, false, &path.key(k), unknown);
                } else {
                    unknown.push(path.child(k).to_path());
                    return false;
                }
                true
            });
        }
        Value::Array(items) => {
            let item_schema = s.and_then(|s| s.items.as_deref());
            for (i, v) in items.iter_mut().enumerate() {
                prune(v, item_schema, false, &path.index(i), unknown);
            }
        }
        _ => {}
    }
}

/// `pruning.skipPrune`: under preserve-unknown-fields, only declared fields are descended.
fn skip_prune(
    x: &mut Value,
    s: &Schema,
    root: bool,
    path: &Walk<'_>,
    unknown: &mut Vec<FieldPath>,
) {
    match x {
        Value::Object(map) => {
            let embedded = s.embedded_resource || root;
            for (k, v) in map.iter_mut() {
                if embedded && META_FIELDS.contains(&k.as_str()) {
                    continue;
                }
                if let Some(p) = s.properties.get(k) {
                    prune(v, Some(p), false, &path.child(k), unknown);
                } else if let Some(Additional::Schema(a)) = &s.additional_properties {
                    prune(v, Some(a), false, &path.key(k), unknown);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = &s.items {
                for (i, v) in items.iter_mut().enumerate() {
                    skip_prune(v, item_schema, false, &path.index(i), unknown);
                }
            }
        }
        _ => {}
    }
}

/// `PruneNonNullableNullsWithoutDefaults`: a null where the schema allows none and has no
/// default is dropped, not an error.
fn prune_nulls(x: &mut Value, s: Option<&Schema>) {
    match x {
        Value::Object(map) => {
            map.retain(|k, v| {
                let sub = s.and_then(|s| s.field_schema(k));
                if v.is_null() && sub.is_some_and(|p| !p.nullable && p.default.is_none()) {
                    return false;
                }
                prune_nulls(v, sub);
                true
            });
        }
        Value::Array(items) => {
            let sub = s.and_then(|s| s.items.as_deref());
            for v in items {
                prune_nulls(v, sub);
            }
        }
        _ => {}
    }
}

/// `objectmeta.Coerce` below the root: embedded resources' `apiVersion` and `kind` must be
/// strings, their `metadata` decodes as ObjectMeta (unknown fields reported).
fn coerce(
    x: &mut Value,
    s: &Schema,
    path: &Walk<'_>,
    unknown: &mut Vec<FieldError>,
) -> Result<(), FieldError> {
    match x {
        Value::Object(map) => {
            if s.embedded_resource {
                for k in ["apiVersion", "kind"] {
                    if let Some(v) = map.get(k)
                        && !v.is_string()
                    {
                        return Err(FieldError::invalid(
                            &path.child(k).to_path(),
                            v,
                            "must be a string",
                        ));
                    }
                }
                if let Some(meta) = map.get("metadata") {
                    let meta_path = path.child("metadata").to_path();
                    match decode_meta(meta, &meta_path) {
                        Ok(d) => {
                            unknown.extend(d.unknown);
                            map.insert("metadata".into(), Value::Object(d.meta));
                        }
                        Err(e) => return Err(FieldError::invalid(&meta_path, meta, e.detail)),
                    }
                }
            }
            for (k, v) in map.iter_mut() {
                if let Some(p) = s.properties.get(k) {
                    coerce(v, p, &path.child(k), unknown)?;
                } else if let Some(a) = s.additional_schema() {
                    coerce(v, a, &path.key(k), unknown)?;
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = &s.items {
                for (i, v) in items.iter_mut().enumerate() {
                    coerce(v, item_schema, &path.index(i), unknown)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn non_nullable_null(x: &Value, s: Option<&Schema>) -> bool {
    x.is_null() && s.is_some_and(|s| !s.nullable)
}

/// `defaulting.Default`: fills missing (and non-nullable null) fields from their `default`.
pub fn default(x: &mut Value, s: Option<&Schema>) {
    let Some(s) = s else { return };
    match x {
        Value::Object(map) => {
            for (k, prop) in &s.properties {
                let Some(d) = &prop.default else { continue };
                let missing = map.get(k).is_none_or(|v| non_nullable_null(v, Some(prop)));
                if missing {
                    map.insert(k.clone(), d.clone());
                }
            }
            default_map(map, s);
        }
        Value::Array(items) => {
            let item_schema = s.items.as_deref();
            for v in items {
                if non_nullable_null(v, item_schema)
                    && let Some(d) = item_schema.and_then(|i| i.default.as_ref())
                {
                    *v = d.clone();
                }
                default(v, item_schema);
            }
        }
        _ => {}
    }
}

fn default_map(map: &mut Map<String, Value>, s: &Schema) {
    for (k, v) in map.iter_mut() {
        if let Some(p) = s.properties.get(k) {
            default(v, Some(p));
        } else if let Some(a) = s.additional_schema() {
            if non_nullable_null(v, Some(a))
                && let Some(d) = &a.default
            {
                *v = d.clone();
            }
            default(v, Some(a));
        }
    }
}
