//! ObjectMeta and TypeMeta: decoding `metadata` into metav1.ObjectMeta (unknown fields, type
//! errors), the generic ObjectMeta validation of a create (name, labels, annotations, owner
//! references, finalizers) and the checks of `x-kubernetes-embedded-resource` objects, ported
//! from apimachinery's `api/validation` and apiextensions' `schema/objectmeta`.

use serde_json::{Map, Value};

use super::field::{BadValue, FieldError, Reason};
use super::gofmt;
use super::names::{dns1035_label, dns1123_label, dns1123_subdomain, label_key, label_value};
use super::path::{FieldPath, Seg, Walk};
use super::schema::Schema;

/// The Go type of an ObjectMeta field, for decoding checks.
#[derive(Clone, Copy)]
enum GoType {
    Str,
    Int64,
    Time,
    StrMap,
    StrList,
    OwnerRefs,
    ManagedFields,
}

fn object_meta_field(name: &str) -> Option<GoType> {
    Some(match name {
        "name" | "generateName" | "namespace" | "selfLink" | "uid" | "resourceVersion" => {
            GoType::Str
        }
        "generation" | "deletionGracePeriodSeconds" => GoType::Int64,
        "creationTimestamp" | "deletionTimestamp" => GoType::Time,
        "labels" | "annotations" => GoType::StrMap,
        "finalizers" => GoType::StrList,
        "ownerReferences" => GoType::OwnerRefs,
        "managedFields" => GoType::ManagedFields,
        _ => return None,
    })
}

fn go_type_name(t: GoType) -> &'static str {
    match t {
        GoType::Str => "string",
        GoType::Int64 => "int64",
        GoType::Time => "v1.Time",
        GoType::StrMap => "map[string]string",
        GoType::StrList => "[]string",
        GoType::OwnerRefs => "[]v1.OwnerReference",
        GoType::ManagedFields => "[]v1.ManagedFieldsEntry",
    }
}

fn type_error(
    path: &FieldPath,
    go_struct: &str,
    field: &str,
    value: &Value,
    ty: &str,
) -> FieldError {
    // Go's decoder names the struct field (`metadata.labels`), not the map key or index.
    let go_field: Vec<&str> = path
        .0
        .iter()
        .filter_map(|s| match s {
            Seg::Field(f) => Some(f.as_str()),
            _ => None,
        })
        .collect();
    let mut e = FieldError::new(
        Reason::DecodeError,
        path,
        BadValue::Value(value.clone()),
        format!(
            "json: cannot unmarshal {} into Go struct field {go_struct}.{field} of type {ty}",
            gofmt::json_kind(value)
        ),
    );
    e.field = go_field.join(".");
    e
}

/// The decoded metadata: normalised as `SetObjectMeta` writes it back (unknown and null fields
/// dropped), with the unknown fields' paths.
pub struct DecodedMeta {
    /// The metadata object to keep.
    pub meta: Map<String, Value>,
    /// `unknown field` errors for fields ObjectMeta does not have.
    pub unknown: Vec<FieldError>,
}

/// Decodes `metadata` (at `path`) into ObjectMeta as `GetObjectMetaWithOptions` does with
/// strict field checks and malformed fields not dropped (the request decoder's settings).
pub fn decode_meta(meta: &Value, path: &FieldPath) -> Result<DecodedMeta, FieldError> {
    decode_meta_into(meta, path, true)
}

/// [`decode_meta`] for its errors only: the decoded copy of the metadata is not built.
pub fn check_meta(meta: &Value, path: &FieldPath) -> Result<Vec<FieldError>, FieldError> {
    decode_meta_into(meta, path, false).map(|d| d.unknown)
}

fn decode_meta_into(meta: &Value, path: &FieldPath, keep: bool) -> Result<DecodedMeta, FieldError> {
    let Some(map) = meta.as_object() else {
        if meta.is_null() {
            return Ok(DecodedMeta {
                meta: Map::new(),
                unknown: Vec::new(),
            });
        }
        return Err(FieldError::new(
            Reason::DecodeError,
            path,
            BadValue::Value(meta.clone()),
            format!(
                "json: cannot unmarshal {} into Go value of type v1.ObjectMeta",
                gofmt::json_kind(meta)
            ),
        ));
    };
    let mut out = Map::new();
    let mut unknown = Vec::new();
    for (k, v) in map {
        let child = path.child(k);
        let Some(ty) = object_meta_field(k) else {
            unknown.push(unknown_field(&child));
            continue;
        };
        if v.is_null() {
            continue;
        }
        check_go_type(v, ty, &child, "ObjectMeta", k)?;
        if keep {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(DecodedMeta { meta: out, unknown })
}

/// An `unknown field "<path>"` strict-decoding error.
pub fn unknown_field(path: &FieldPath) -> FieldError {
    let name = path.openapi();
    FieldError {
        reason: Reason::FieldValueUnknown,
        field: name.clone(),
        path: path.clone(),
        value: BadValue::Omit,
        detail: format!("unknown field {}", gofmt::quote(&name)),
    }
}

fn check_go_type(
    v: &Value,
    ty: GoType,
    path: &FieldPath,
    go_struct: &str,
    field: &str,
) -> Result<(), FieldError> {
    let name = go_type_name(ty);
    let err = |bad: &Value, p: &FieldPath| Err(type_error(p, go_struct, field, bad, name));
    match ty {
        GoType::Str | GoType::Time => {
            if !v.is_string() {
                return err(v, path);
            }
        }
        GoType::Int64 => {
            if !v.is_i64() {
                return err(v, path);
            }
        }
        GoType::StrMap => {
            let Some(m) = v.as_object() else {
                return err(v, path);
            };
            for (k, item) in m {
                if !item.is_string() && !item.is_null() {
                    return Err(type_error(&path.key(k), go_struct, field, item, "string"));
                }
            }
        }
        GoType::StrList => {
            let Some(items) = v.as_array() else {
                return err(v, path);
            };
            for (i, item) in items.iter().enumerate() {
                if !item.is_string() && !item.is_null() {
                    return Err(type_error(&path.index(i), go_struct, field, item, "string"));
                }
            }
        }
        GoType::OwnerRefs | GoType::ManagedFields => {
            let Some(items) = v.as_array() else {
                return err(v, path);
            };
            for (i, item) in items.iter().enumerate() {
                if !item.is_object() && !item.is_null() {
                    return err(item, &path.index(i));
                }
            }
        }
    }
    Ok(())
}

/// How names are checked: the resource's own name (a DNS subdomain for custom resources) or
/// an embedded object's (a path segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// `NameIsDNSSubdomain`.
    DnsSubdomain,
    /// `NameIsDNSLabel`.
    DnsLabel,
    /// `NameIsDNS1035Label`.
    Dns1035Label,
    /// `IsPathSegmentName` (embedded resources, RBAC kinds).
    PathSegment,
    /// No rule (`ValidateCertificateRequestName`: "We don't care what you call your
    /// certificate requests"), or one crvalidate does not check.
    Any,
}

/// `ValidateNameFunc` of `rule` (`NameIsDNSSubdomain` ...): the messages for `name`.
pub(crate) fn name_errors(rule: NameRule, name: &str, prefix: bool) -> Vec<String> {
    let masked;
    let name = if prefix && name.len() > 1 && name.ends_with('-') && rule != NameRule::PathSegment {
        masked = format!("{}a", &name[..name.len() - 1]);
        masked.as_str()
    } else {
        name
    };
    match rule {
        NameRule::DnsSubdomain => dns1123_subdomain(name),
        NameRule::DnsLabel => dns1123_label(name),
        NameRule::Dns1035Label => dns1035_label(name),
        NameRule::Any => Vec::new(),
        NameRule::PathSegment => {
            if !prefix && (name == "." || name == "..") {
                return vec![format!("may not be '{name}'")];
            }
            let mut e = Vec::new();
            for bad in ["/", "%"] {
                if name.contains(bad) {
                    e.push(format!("may not contain '{bad}'"));
                }
            }
            e
        }
    }
}

/// `content.IsPathSegmentName` (`ValidatePathSegmentName` without a prefix): the messages
/// for a name that cannot be one segment of a URL path.
pub fn path_segment_name(name: &str) -> Vec<String> {
    name_errors(NameRule::PathSegment, name, false)
}

/// `ValidateObjectMetaAccessor` for a create of the root object. kubectl sets the namespace
/// of namespaced objects from its context and clears it for cluster-scoped ones, so it is not
/// checked here.
pub fn validate_root_meta(obj: &Value, _namespaced: bool) -> Vec<FieldError> {
    let empty = Map::new();
    let meta = obj
        .get("metadata")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    validate_object_meta(
        meta,
        &FieldPath::fields(&["metadata"]),
        NameRule::DnsSubdomain,
        None,
    )
}

#[allow(clippy::too_many_lines)] // one Go function, kept whole to compare with it
/// `ValidateObjectMeta`: `requires_namespace` is `None` when the namespace comes from the
/// request (the root object: kubectl fills it) and is not checked for presence.
pub fn validate_object_meta(
    meta: &Map<String, Value>,
    path: &FieldPath,
    rule: NameRule,
    namespaced: Option<bool>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let s = |k: &str| meta.get(k).and_then(Value::as_str).unwrap_or_default();
    let generate_name = s("generateName");
    if !generate_name.is_empty() {
        for msg in name_errors(rule, generate_name, true) {
            errs.push(FieldError::invalid(
                &path.child("generateName"),
                &Value::String(generate_name.to_owned()),
                msg,
            ));
        }
    }
    let name = s("name");
    if name.is_empty() {
        // The server generates a name from generateName before validating.
        if generate_name.is_empty() {
            errs.push(FieldError::required(
                &path.child("name"),
                "name or generateName is required",
            ));
        }
    } else {
        for msg in name_errors(rule, name, false) {
            errs.push(FieldError::invalid(
                &path.child("name"),
                &Value::String(name.to_owned()),
                msg,
            ));
        }
    }
    let namespace = s("namespace");
    match namespaced {
        Some(true) if !namespace.is_empty() => {
            for msg in dns1123_label(namespace) {
                errs.push(FieldError::invalid(
                    &path.child("namespace"),
                    &Value::String(namespace.to_owned()),
                    msg,
                ));
            }
        }
        Some(false) if !namespace.is_empty() => {
            errs.push(FieldError::forbidden(
                &path.child("namespace"),
                "not allowed on this type",
            ));
        }
        _ => {}
    }
    if let Some(g) = meta.get("generation").and_then(Value::as_i64)
        && g < 0
    {
        errs.push(FieldError::invalid(
            &path.child("generation"),
            &Value::from(g),
            "must be greater than or equal to 0",
        ));
    }
    if let Some(labels) = meta.get("labels").and_then(Value::as_object) {
        let lp = path.child("labels");
        for (k, v) in labels {
            for msg in label_key(k) {
                errs.push(FieldError::invalid(&lp, &Value::String(k.clone()), msg));
            }
            let v = v.as_str().unwrap_or_default();
            for msg in label_value(v) {
                errs.push(FieldError::invalid(&lp, &Value::String(v.to_owned()), msg));
            }
        }
    }
    if let Some(annotations) = meta.get("annotations").and_then(Value::as_object) {
        let ap = path.child("annotations");
        let mut total = 0usize;
        for (k, v) in annotations {
            for msg in label_key(&k.to_lowercase()) {
                errs.push(FieldError::invalid(&ap, &Value::String(k.clone()), msg));
            }
            total += k.len() + v.as_str().map_or(0, str::len);
        }
        if total > 256 * 1024 {
            errs.push(FieldError::too_long(&ap, 256 * 1024));
        }
    }
    if let Some(refs) = meta.get("ownerReferences").and_then(Value::as_array) {
        errs.extend(validate_owner_references(
            refs,
            &path.child("ownerReferences"),
        ));
    }
    if let Some(finalizers) = meta.get("finalizers").and_then(Value::as_array) {
        let fp = path.child("finalizers");
        let names: Vec<&str> = finalizers.iter().filter_map(Value::as_str).collect();
        for f in &names {
            for msg in label_key(f) {
                errs.push(FieldError::invalid(
                    &fp,
                    &Value::String((*f).to_owned()),
                    msg,
                ));
            }
        }
        if names.contains(&"orphan") && names.contains(&"foregroundDeletion") {
            errs.push(FieldError::invalid(
                &fp,
                &Value::from(names.clone()),
                "finalizer orphan and foregroundDeletion cannot be both set",
            ));
        }
    }
    errs
}

fn validate_owner_references(refs: &[Value], path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut first_controller = String::new();
    for (i, r) in refs.iter().enumerate() {
        let p = path.index(i);
        let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or_default();
        let api_version = s("apiVersion");
        if api_version.is_empty() {
            errs.push(FieldError::required(
                &p.child("apiVersion"),
                "must not be empty",
            ));
        } else if parse_group_version(api_version).is_err_or_empty_version() {
            errs.push(FieldError::invalid(
                &p.child("apiVersion"),
                &Value::String(api_version.to_owned()),
                "must be <group>/<version> or <version>",
            ));
        }
        for k in ["kind", "name", "uid"] {
            if s(k).is_empty() {
                errs.push(FieldError::required(&p.child(k), "must not be empty"));
            }
        }
        if api_version == "v1" && s("kind") == "Event" {
            errs.push(FieldError::invalid(
                &p,
                r,
                "/v1, Kind=Event is disallowed from being an owner",
            ));
        }
        if r.get("controller").and_then(Value::as_bool) == Some(true) {
            let current = format!("{}/{}", s("kind"), s("name"));
            if first_controller.is_empty() {
                first_controller = current;
            } else {
                errs.push(FieldError::invalid(
                    path,
                    &Value::Array(refs.to_vec()),
                    format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first_controller} and {current}"
                    ),
                ));
            }
        }
    }
    errs
}

/// The outcome of `schema.ParseGroupVersion`.
enum GroupVersion {
    Ok { version_empty: bool },
    Err(String),
}

impl GroupVersion {
    fn is_err_or_empty_version(&self) -> bool {
        match self {
            GroupVersion::Ok { version_empty } => *version_empty,
            GroupVersion::Err(_) => true,
        }
    }
}

/// `schema.ParseGroupVersion`.
fn parse_group_version(gv: &str) -> GroupVersion {
    if gv.is_empty() || gv == "/" {
        return GroupVersion::Ok {
            version_empty: true,
        };
    }
    match gv.matches('/').count() {
        0 => GroupVersion::Ok {
            version_empty: false,
        },
        1 => {
            let (_, v) = gv.split_once('/').unwrap_or_default();
            GroupVersion::Ok {
                version_empty: v.is_empty(),
            }
        }
        _ => GroupVersion::Err(format!("unexpected GroupVersion string: {gv}")),
    }
}

/// `objectmeta.Validate` with `isResourceRoot=false`: every `x-kubernetes-embedded-resource`
/// object below the root.
pub fn validate_embedded(obj: &Value, schema: &Schema) -> Vec<FieldError> {
    let mut errs = Vec::new();
    walk_embedded(obj, schema, &Walk::root(), &mut errs);
    errs
}

fn walk_embedded(x: &Value, s: &Schema, path: &Walk<'_>, errs: &mut Vec<FieldError>) {
    match x {
        Value::Object(map) => {
            if s.embedded_resource {
                validate_embedded_resource(map, &path.to_path(), errs);
            }
            for (k, v) in map {
                if let Some(p) = s.properties.get(k) {
                    walk_embedded(v, p, &path.child(k), errs);
                } else if let Some(a) = s.additional_schema() {
                    walk_embedded(v, a, &path.key(k), errs);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = &s.items {
                for (i, v) in items.iter().enumerate() {
                    walk_embedded(v, item_schema, &path.index(i), errs);
                }
            }
        }
        _ => {}
    }
}

fn validate_embedded_resource(
    x: &Map<String, Value>,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    if !x.contains_key("apiVersion") {
        errs.push(FieldError::required(&path.child("apiVersion"), ""));
    }
    if !x.contains_key("kind") {
        errs.push(FieldError::required(&path.child("kind"), ""));
    }
    for (k, v) in x {
        match k.as_str() {
            "apiVersion" => match v.as_str() {
                None => errs.push(FieldError::invalid(&path.child(k), v, "must be a string")),
                Some("") => errs.push(FieldError::invalid(&path.child(k), v, "must not be empty")),
                Some(gv) => {
                    if let GroupVersion::Err(e) = parse_group_version(gv) {
                        errs.push(FieldError::invalid(&path.child(k), v, e));
                    }
                }
            },
            "kind" => match v.as_str() {
                None => errs.push(FieldError::invalid(&path.child(k), v, "must be a string")),
                Some("") => errs.push(FieldError::invalid(&path.child(k), v, "must not be empty")),
                Some(kind) => {
                    let e = dns1035_label(&kind.to_lowercase());
                    if !e.is_empty() {
                        errs.push(FieldError::invalid(
                            &path.child(k),
                            v,
                            format!(
                                "may have mixed case, but should otherwise match: {}",
                                e.join(",")
                            ),
                        ));
                    }
                }
            },
            "metadata" => {
                let meta_path = path.child("metadata");
                match decode_meta(v, &meta_path) {
                    Err(e) => errs.push(FieldError::invalid(&meta_path, v, e.detail)),
                    Ok(decoded) => {
                        let mut meta = decoded.meta;
                        if meta
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .is_empty()
                        {
                            meta.insert("name".into(), Value::String("fakename".into()));
                        }
                        let namespaced = meta
                            .get("namespace")
                            .and_then(Value::as_str)
                            .is_some_and(|n| !n.is_empty());
                        errs.extend(validate_object_meta(
                            &meta,
                            &meta_path,
                            NameRule::PathSegment,
                            Some(namespaced),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_and_labels_like_apimachinery() {
        let meta = json!({"name": "GPT_4o", "labels": {"a/b/c": "x", "ok": "v@"}, "annotations": {"Bad Key": "x"}});
        let errs: Vec<String> = validate_object_meta(
            meta.as_object().unwrap(),
            &FieldPath::fields(&["metadata"]),
            NameRule::DnsSubdomain,
            None,
        )
        .iter()
        .map(FieldError::message)
        .collect();
        assert_eq!(
            errs[0],
            r#"metadata.name: Invalid value: "GPT_4o": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
        );
        assert!(errs.contains(&r#"metadata.labels: Invalid value: "v@": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#.to_owned()), "{errs:#?}");
        assert!(errs.contains(&r#"metadata.annotations: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#.to_owned()), "{errs:#?}");
        assert_eq!(errs.len(), 4);
    }
}
