//! The volume sources manifests mostly use (`validateVolumeSource`,
//! `pkg/apis/core/validation/validation.go`, Kubernetes v1.37): `emptyDir`, `hostPath`,
//! `secret`, `configMap`, `persistentVolumeClaim`. Go checks only the first source a volume
//! names; the others are "may not specify more than 1 volume type". The fields behind alpha
//! gates (`emptyDir.mode`, `defaultUser`, `items[].user`) are dropped by the server: not checked.

use serde_json::{Value, json};

use super::s;
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
        _ => Vec::new(),
    }
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
    let items = source
        .get("items")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, kp) in items.iter().enumerate() {
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
    if p.starts_with('/') {
        errs.push(invalid(&pp, p, "must be a relative path"));
    }
    if p.split('/').any(|part| part == "..") {
        errs.push(invalid(&pp, p, "must not contain '..'"));
    }
    if p.starts_with("..") && !p.starts_with("../") {
        errs.push(invalid(&pp, p, "must not start with '..'"));
    }
    errs.extend(file_mode(kp.get("mode"), &path.child("mode")));
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
}
