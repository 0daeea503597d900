//! The volume sources manifests mostly use (`validateVolumeSource`,
//! `pkg/apis/core/validation/validation.go`, Kubernetes v1.37): `emptyDir`, `hostPath`,
//! `secret`, `configMap`, `persistentVolumeClaim`, `downwardAPI` and `projected` (its secret,
//! config map, downward API and service account token sources; a cluster trust bundle or pod
//! certificate source counts as a source, its fields are not checked). Go checks only the
//! first source a volume names; the others are "may not specify more than 1 volume type". The
//! fields behind alpha gates (`emptyDir.mode`, `defaultUser`, `items[].user`) are dropped by
//! the server: not checked.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::env::{object_field_selector, resource_field_selector};
use super::{items, s};
use crate::validate::builtin::quantity::Quantity;
use crate::validate::field::FieldError;
use crate::validate::path::FieldPath;

/// `fileModeErrorMsg`.
const FILE_MODE: &str = "must be a number between 0 and 0777 (octal), both inclusive";

fn invalid(path: &FieldPath, value: &str, detail: &str) -> FieldError {
    FieldError::invalid(path, &Value::String(value.to_owned()), detail)
}

/// The checks of the volume source `key` (the first a volume names), at `path` (the source's
/// own path).
pub(super) fn volume_source(key: &str, source: &Value, path: &FieldPath) -> Vec<FieldError> {
    match key {
        "emptyDir" => empty_dir(source, path),
        "hostPath" => host_path(source, path),
        "secret" => {
            let mut errs = Vec::new();
            if s(source, "secretName").is_empty() {
                errs.push(FieldError::required(&path.child("secretName"), ""));
            }
            errs.extend(modes_and_items(source, path));
            errs
        }
        "configMap" => {
            let mut errs = Vec::new();
            if s(source, "name").is_empty() {
                errs.push(FieldError::required(&path.child("name"), ""));
            }
            errs.extend(modes_and_items(source, path));
            errs
        }
        "persistentVolumeClaim" if s(source, "claimName").is_empty() => {
            vec![FieldError::required(&path.child("claimName"), "")]
        }
        "downwardAPI" => downward_api(source, path),
        "projected" => projected(source, path),
        _ => Vec::new(),
    }
}

/// `validDownwardAPIFieldPathExpressions` of a volume file, sorted as `sets.List` lists them.
const VOLUME_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

fn present<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|x| !x.is_null())
}

/// `validateDownwardAPIVolumeSource`. Go checks each file at the source's own path, not at
/// `items[i]`: so do the messages.
fn downward_api(source: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs: Vec<FieldError> =
        file_mode(source.get("defaultMode"), &path.child("defaultMode"))
            .into_iter()
            .collect();
    for file in items(source, "items") {
        errs.extend(downward_api_file(file, path));
    }
    errs
}

/// `validateDownwardAPIVolumeFile`: a local path, one of `fieldRef` (a volume's paths) and
/// `resourceFieldRef` (naming its container), a file mode.
fn downward_api_file(file: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let p = s(file, "path");
    if p.is_empty() {
        errs.push(FieldError::required(&path.child("path"), ""));
    }
    errs.extend(local_non_reserved_path(p, &path.child("path")));
    let field_ref = present(file, "fieldRef");
    let resource_ref = present(file, "resourceFieldRef");
    if let Some(fr) = field_ref {
        errs.extend(object_field_selector(
            fr,
            VOLUME_FIELD_PATHS,
            &path.child("fieldRef"),
        ));
        if resource_ref.is_some() {
            errs.push(invalid(
                path,
                "resource",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            ));
        }
    } else if let Some(rr) = resource_ref {
        errs.extend(resource_field_selector(
            rr,
            true,
            &path.child("resourceFieldRef"),
        ));
    } else {
        errs.push(FieldError::required(
            path,
            "one of fieldRef and resourceFieldRef is required",
        ));
    }
    errs.extend(file_mode(file.get("mode"), &path.child("mode")));
    errs
}

/// `validateProjectedVolumeSource` with `validateProjectionSources`, after
/// `SetDefaults_ServiceAccountTokenProjection` (an hour). A path used twice is reported at
/// the projected source's path with Go's values (a secret's or config map's name, a file's
/// path), as are a token's missing or non-local `path`.
fn projected(source: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs: Vec<FieldError> =
        file_mode(source.get("defaultMode"), &path.child("defaultMode"))
            .into_iter()
            .collect();
    let mut paths = HashSet::new();
    for (i, src) in items(source, "sources").iter().enumerate() {
        let sp = path.child("sources").index(i);
        let mut sources = 0;
        for key in ["secret", "configMap"] {
            let Some(v) = present(src, key) else {
                continue;
            };
            sources += 1;
            let pp = sp.child(key);
            let name = s(v, "name");
            if name.is_empty() {
                errs.push(FieldError::required(&pp.child("name"), ""));
            }
            for (j, kp) in items(v, "items").iter().enumerate() {
                errs.extend(key_to_path(kp, &pp.child("items").index(j)));
                let p = s(kp, "path");
                if !p.is_empty() && !paths.insert(p.to_owned()) {
                    errs.push(invalid(path, name, "conflicting duplicate paths"));
                }
            }
        }
        if let Some(v) = present(src, "downwardAPI") {
            sources += 1;
            let pp = sp.child("downwardAPI");
            for file in items(v, "items") {
                errs.extend(downward_api_file(file, &pp));
                let p = s(file, "path");
                if !p.is_empty() && !paths.insert(p.to_owned()) {
                    errs.push(invalid(path, p, "conflicting duplicate paths"));
                }
            }
        }
        if let Some(v) = present(src, "serviceAccountToken") {
            sources += 1;
            let ep = sp.child("serviceAccountToken").child("expirationSeconds");
            let exp = v
                .get("expirationSeconds")
                .and_then(Value::as_i64)
                .unwrap_or(3600);
            errs.extend(token_expiration(exp, &ep));
            let p = s(v, "path");
            if p.is_empty() {
                errs.push(FieldError::required(&path.child("path"), ""));
            } else {
                errs.extend(local_non_reserved_path(p, &path.child("path")));
            }
        }
        sources += ["clusterTrustBundle", "podCertificate"]
            .iter()
            .filter(|k| present(src, k).is_some())
            .count();
        if sources > 1 {
            errs.push(FieldError::forbidden(
                &sp,
                "may not specify more than 1 volume type per source",
            ));
        }
    }
    errs
}

/// `validateVolumeSource`'s `emptyDir`: a size limit not below zero.
fn empty_dir(source: &Value, path: &FieldPath) -> Vec<FieldError> {
    let negative = source
        .get("sizeLimit")
        .and_then(Quantity::of)
        .is_some_and(Quantity::is_negative);
    if negative {
        return vec![FieldError::forbidden(
            &path.child("sizeLimit"),
            "SizeLimit field must be a valid resource quantity",
        )];
    }
    Vec::new()
}

/// `validateHostPathVolumeSource` with `validatePathNoBacksteps` and `validateHostPathType`.
pub(super) fn host_path(source: &Value, path: &FieldPath) -> Vec<FieldError> {
    let p = s(source, "path");
    if p.is_empty() {
        return vec![FieldError::required(&path.child("path"), "")];
    }
    let mut errs = Vec::new();
    if p.split('/').any(|part| part == "..") {
        errs.push(invalid(&path.child("path"), p, "must not contain '..'"));
    }
    if let Some(ty) = source.get("type").and_then(Value::as_str)
        && !matches!(
            ty,
            "" | "DirectoryOrCreate"
                | "Directory"
                | "FileOrCreate"
                | "File"
                | "Socket"
                | "CharDevice"
                | "BlockDevice"
        )
    {
        errs.push(FieldError::not_supported(
            &path.child("type"),
            &Value::String(ty.to_owned()),
            &[
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ]
            .map(str::to_owned),
        ));
    }
    errs
}

/// A file mode out of `0..=0o777`, as an error at `path`.
fn file_mode(v: Option<&Value>, path: &FieldPath) -> Option<FieldError> {
    let mode = v.and_then(Value::as_i64)?;
    (!(0..=0o777).contains(&mode)).then(|| FieldError::invalid(path, &json!(mode), FILE_MODE))
}

/// The `defaultMode` and `items` of `validateSecretVolumeSource` and
/// `validateConfigMapVolumeSource`.
fn modes_and_items(source: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs: Vec<FieldError> =
        file_mode(source.get("defaultMode"), &path.child("defaultMode"))
            .into_iter()
            .collect();
    for (i, kp) in items(source, "items").iter().enumerate() {
        errs.extend(key_to_path(kp, &path.child("items").index(i)));
    }
    errs
}

/// `validateKeyToPath` with `ValidateLocalNonReservedPath`.
fn key_to_path(kp: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if s(kp, "key").is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    }
    let p = s(kp, "path");
    let pp = path.child("path");
    if p.is_empty() {
        errs.push(FieldError::required(&pp, ""));
    }
    errs.extend(local_non_reserved_path(p, &pp));
    errs.extend(file_mode(kp.get("mode"), &path.child("mode")));
    errs
}

/// A service account token's lifetime, as projected volumes and CSI drivers request it: ten
/// minutes to 2^32 seconds.
pub(in crate::validate::builtin) fn token_expiration(
    exp: i64,
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if exp < 10 * 60 {
        errs.push(FieldError::invalid(
            path,
            &json!(exp),
            "may not specify a duration less than 10 minutes",
        ));
    }
    if exp > 1 << 32 {
        errs.push(FieldError::invalid(
            path,
            &json!(exp),
            "may not specify a duration larger than 2^32 seconds",
        ));
    }
    errs
}

/// `ValidateLocalNonReservedPath`: relative, without a `..` element, not starting with `..`.
fn local_non_reserved_path(p: &str, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if p.starts_with('/') {
        errs.push(invalid(path, p, "must be a relative path"));
    }
    if p.split('/').any(|part| part == "..") {
        errs.push(invalid(path, p, "must not contain '..'"));
    }
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push(invalid(path, p, "must not start with '..'"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(key: &str, source: &Value) -> Vec<String> {
        volume_source(key, source, &FieldPath::fields(&["v"]).child(key))
            .iter()
            .map(FieldError::message)
            .collect()
    }

    /// Each message as the v1.37.2 server answered for the same volume.
    #[test]
    fn volume_sources_like_the_server() {
        assert_eq!(
            messages(
                "secret",
                &json!({"defaultMode": 644, "items": [
                {"key": "", "path": "/etc/x"}, {"key": "k", "path": "..data", "mode": -1}]})
            ),
            [
                "v.secret.secretName: Required value",
                "v.secret.defaultMode: Invalid value: 644: must be a number between 0 and 0777 (octal), both inclusive",
                "v.secret.items[0].key: Required value",
                r#"v.secret.items[0].path: Invalid value: "/etc/x": must be a relative path"#,
                r#"v.secret.items[1].path: Invalid value: "..data": must not start with '..'"#,
                "v.secret.items[1].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive",
            ]
        );
        assert_eq!(
            messages("hostPath", &json!({"path": "/var/../etc", "type": "Dir"})),
            [
                r#"v.hostPath.path: Invalid value: "/var/../etc": must not contain '..'"#,
                r#"v.hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket""#,
            ]
        );
        assert_eq!(
            messages("emptyDir", &json!({"sizeLimit": "-1Gi"})),
            ["v.emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity"]
        );
        assert_eq!(
            messages("persistentVolumeClaim", &json!({})),
            ["v.persistentVolumeClaim.claimName: Required value"]
        );
    }

    /// The v1.37.2 server's answers for downward API and projected volumes (its paths keep
    /// Go's quirks: files at the source's path, a token's `path` at the projection's).
    #[test]
    fn downward_api_and_projected_like_the_server() {
        assert_eq!(
            messages(
                "downwardAPI",
                &json!({"items": [
                    {"path": "/etc/l", "fieldRef": {"fieldPath": "spec.nodeName"}},
                    {"path": "m", "resourceFieldRef": {"resource": "limits.memory"}},
                    {"path": "x"}]})
            ),
            [
                r#"v.downwardAPI.path: Invalid value: "/etc/l": must be a relative path"#,
                r#"v.downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid""#,
                "v.downwardAPI.resourceFieldRef.containerName: Required value",
                "v.downwardAPI: Required value: one of fieldRef and resourceFieldRef is required",
            ]
        );
        assert_eq!(
            messages(
                "projected",
                &json!({"sources": [
                    {"secret": {"items": [{"key": "k", "path": "conf"}]}},
                    {"configMap": {"name": "b", "items": [{"key": "k", "path": "conf"}]}},
                    {"serviceAccountToken": {"expirationSeconds": 300}},
                    {"secret": {"name": "a"}, "configMap": {"name": "b"}}]})
            ),
            [
                "v.projected.sources[0].secret.name: Required value",
                r#"v.projected: Invalid value: "b": conflicting duplicate paths"#,
                "v.projected.sources[2].serviceAccountToken.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes",
                "v.projected.path: Required value",
                "v.projected.sources[3]: Forbidden: may not specify more than 1 volume type per source",
            ]
        );
    }
}
