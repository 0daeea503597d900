//! A container's environment (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37:
//! `ValidateEnv`, `validateEnvVarValueFrom` and the selectors it checks, `ValidateEnvFrom`,
//! `validateFileKeyRefVolumes`), after `SetDefaults_ObjectFieldSelector` (an empty
//! `apiVersion` is `v1`). The server's EnvFiles gate (beta, on) allows `fileKeyRef`; its
//! RelaxedEnvironmentVariableValidation (GA) allows any printable name.

use std::collections::HashMap;

use serde_json::Value;

use super::{items, s};
use crate::validate::builtin::quantity::Quantity;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::{config_key, dns1123_label, label_key, relaxed_env_var_name};
use crate::validate::objectmeta::{NameRule, name_errors};
use crate::validate::path::FieldPath;

/// `validEnvDownwardAPIFieldPathExpressions`, sorted as `sets.List` gives them.
const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validContainerResourceFieldPathExpressions`, sorted.
const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// The divisors of memory, ephemeral storage and hugepages
/// (`validContainerResourceDivisorForMemory` and its siblings).
const BYTE_DIVISORS: &[&str] = &[
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
];
const BYTE_DIVISORS_TEXT: &str = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";

fn set(v: &Value, k: &str) -> bool {
    v.get(k).is_some_and(|x| !x.is_null())
}

fn invalid(path: &FieldPath, value: &str, detail: impl Into<String>) -> FieldError {
    FieldError::invalid(path, &Value::String(value.to_owned()), detail)
}

/// `ValidateEnv`: each variable's name (`IsRelaxedEnvVarName`) and `valueFrom`.
pub(super) fn env(c: &Value, p: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in items(c, "env").iter().enumerate() {
        let ip = p.index(i);
        let name = s(ev, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ip.child("name"), ""));
        } else {
            for m in relaxed_env_var_name(name) {
                errs.push(invalid(&ip.child("name"), name, m));
            }
        }
        if let Some(from) = ev.get("valueFrom").filter(|v| v.is_object()) {
            errs.extend(value_from(
                from,
                !s(ev, "value").is_empty(),
                &ip.child("valueFrom"),
            ));
        }
    }
    errs
}

/// `validateEnvVarValueFrom`: one source, and none beside a `value`.
fn value_from(from: &Value, has_value: bool, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut sources = 0;
    if let Some(f) = from.get("fieldRef").filter(|v| v.is_object()) {
        sources += 1;
        errs.extend(object_field_selector(
            f,
            ENV_FIELD_PATHS,
            &path.child("fieldRef"),
        ));
    }
    if let Some(r) = from.get("resourceFieldRef").filter(|v| v.is_object()) {
        sources += 1;
        errs.extend(resource_field_selector(
            r,
            false,
            &path.child("resourceFieldRef"),
        ));
    }
    for k in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(r) = from.get(k).filter(|v| v.is_object()) {
            sources += 1;
            errs.extend(key_selector(r, &path.child(k)));
        }
    }
    if let Some(r) = from.get("fileKeyRef").filter(|v| v.is_object()) {
        sources += 1;
        errs.extend(file_key_selector(r, &path.child("fileKeyRef")));
    }
    if sources == 0 {
        errs.push(invalid(
            path,
            "",
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`",
        ));
    } else if has_value {
        errs.push(invalid(
            path,
            "",
            "may not be specified when `value` is not empty",
        ));
    } else if sources > 1 {
        errs.push(invalid(
            path,
            "",
            "may not have more than one field specified at a time",
        ));
    }
    errs
}

/// `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` is the path and the key.
fn split_subscript(field_path: &str) -> Option<(&str, &str)> {
    let (path, key) = field_path.strip_suffix("']")?.split_once("['")?;
    (!path.is_empty()).then_some((path, key))
}

/// `validateObjectFieldSelector` with the paths `expressions` allows (sorted, as `sets.List`
/// lists them: an environment variable's or a downward API volume file's), after
/// `ConvertDownwardAPIFieldLabel` (which knows a few more paths, and `spec.host`).
pub(super) fn object_field_selector(
    fs: &Value,
    expressions: &[&str],
    path: &FieldPath,
) -> Vec<FieldError> {
    let api_version = match s(fs, "apiVersion") {
        "" => "v1",
        v => v,
    };
    let field_path = s(fs, "fieldPath");
    let fp = path.child("fieldPath");
    if field_path.is_empty() {
        return vec![FieldError::required(&fp, "")];
    }
    let converted = if api_version != "v1" {
        Err(format!("unsupported pod version: {api_version}"))
    } else if let Some((p, _)) = split_subscript(field_path) {
        if matches!(p, "metadata.annotations" | "metadata.labels") {
            Ok(field_path)
        } else {
            Err(format!(
                "field label does not support subscript: {field_path}"
            ))
        }
    } else {
        match field_path {
            "metadata.annotations"
            | "metadata.labels"
            | "metadata.name"
            | "metadata.namespace"
            | "metadata.uid"
            | "spec.nodeName"
            | "spec.restartPolicy"
            | "spec.serviceAccountName"
            | "spec.schedulerName"
            | "status.phase"
            | "status.hostIP"
            | "status.hostIPs"
            | "status.podIP"
            | "status.podIPs" => Ok(field_path),
            "spec.host" => Ok("spec.nodeName"),
            _ => Err(format!("field label not supported: {field_path}")),
        }
    };
    let internal = match converted {
        Ok(p) => p,
        Err(e) => {
            return vec![invalid(
                &fp,
                field_path,
                format!("error converting fieldPath: {e}"),
            )];
        }
    };
    if let Some((p, key)) = split_subscript(internal) {
        let key = if p == "metadata.annotations" {
            key.to_lowercase()
        } else {
            key.to_owned()
        };
        return label_key(&key)
            .into_iter()
            .map(|m| invalid(path, &key, m))
            .collect();
    }
    if !expressions.contains(&internal) {
        return vec![FieldError::not_supported(
            &fp,
            &Value::String(internal.to_owned()),
            expressions,
        )];
    }
    Vec::new()
}

/// `validateContainerResourceFieldSelector` with `validateContainerResourceDivisor`; a
/// `volume`'s (a downward API file's) names its container.
pub(super) fn resource_field_selector(
    fs: &Value,
    volume: bool,
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let resource = s(fs, "resource");
    if volume && s(fs, "containerName").is_empty() {
        errs.push(FieldError::required(&path.child("containerName"), ""));
    } else if resource.is_empty() {
        errs.push(FieldError::required(&path.child("resource"), ""));
    } else if !RESOURCE_FIELD_PATHS.contains(&resource)
        && !resource.starts_with("limits.hugepages-")
        && !resource.starts_with("requests.hugepages-")
    {
        errs.push(FieldError::not_supported(
            &path.child("resource"),
            &Value::String(resource.to_owned()),
            RESOURCE_FIELD_PATHS,
        ));
    }
    let Some(divisor) = fs.get("divisor").and_then(Quantity::of) else {
        return errs;
    };
    let text = divisor.canonical();
    if text == "0" {
        return errs;
    }
    let dp = path.child("divisor");
    let bytes = |what: &str| {
        format!("only divisor's values {BYTE_DIVISORS_TEXT} are supported with the {what}")
    };
    let msg = match resource {
        "limits.cpu" | "requests.cpu" if !matches!(text.as_str(), "1m" | "1") => {
            Some("only divisor's values 1m and 1 are supported with the cpu resource".to_owned())
        }
        "limits.memory" | "requests.memory" if !BYTE_DIVISORS.contains(&text.as_str()) => {
            Some(bytes("memory resource"))
        }
        "limits.ephemeral-storage" | "requests.ephemeral-storage"
            if !BYTE_DIVISORS.contains(&text.as_str()) =>
        {
            Some(bytes("local ephemeral storage resource"))
        }
        _ => None,
    };
    errs.extend(msg.map(|m| invalid(&dp, resource, m)));
    if (resource.starts_with("requests.hugepages-") || resource.starts_with("limits.hugepages-"))
        && !BYTE_DIVISORS.contains(&text.as_str())
    {
        errs.push(invalid(&dp, resource, bytes("hugepages resource")));
    }
    errs
}

/// `validateConfigMapKeySelector` and `validateSecretKeySelector`: a DNS subdomain name (an
/// empty one too), a config key.
fn key_selector(r: &Value, path: &FieldPath) -> Vec<FieldError> {
    let name = s(r, "name");
    let mut errs: Vec<FieldError> = name_errors(NameRule::DnsSubdomain, name, false)
        .into_iter()
        .map(|m| invalid(&path.child("name"), name, m))
        .collect();
    let key = s(r, "key");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    } else {
        for m in config_key(key) {
            errs.push(invalid(&path.child("key"), key, m));
        }
    }
    errs
}

/// `validateFileKeySelector`: a key (an environment variable name), a volume (a DNS label), a
/// path without `..`.
fn file_key_selector(r: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let key = s(r, "key");
    if key.is_empty() {
        errs.push(FieldError::required(&path.child("key"), ""));
    } else {
        for m in relaxed_env_var_name(key) {
            errs.push(invalid(&path.child("key"), key, m));
        }
    }
    let volume = s(r, "volumeName");
    if volume.is_empty() {
        errs.push(FieldError::required(&path.child("volumeName"), ""));
    } else {
        for m in dns1123_label(volume) {
            errs.push(invalid(&path.child("volumeName"), volume, m));
        }
    }
    let file = s(r, "path");
    if file.is_empty() {
        errs.push(FieldError::required(&path.child("path"), ""));
    } else if file.split('/').any(|part| part == "..") {
        // `validatePathNoBacksteps`
        errs.push(invalid(&path.child("path"), file, "must not contain '..'"));
    }
    errs
}

/// `ValidateEnvFrom`: the prefix, and one source, named.
pub(super) fn env_from(c: &Value, p: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, ev) in items(c, "envFrom").iter().enumerate() {
        let ip = p.index(i);
        let prefix = s(ev, "prefix");
        if !prefix.is_empty() {
            for m in relaxed_env_var_name(prefix) {
                errs.push(invalid(&ip.child("prefix"), prefix, m));
            }
        }
        let mut sources = 0;
        for k in ["configMapRef", "secretRef"] {
            let Some(r) = ev.get(k).filter(|v| v.is_object()) else {
                continue;
            };
            sources += 1;
            let np = ip.child(k).child("name");
            let name = s(r, "name");
            if name.is_empty() {
                errs.push(FieldError::required(&np, ""));
            } else {
                for m in name_errors(NameRule::DnsSubdomain, name, true) {
                    errs.push(invalid(&np, name, m));
                }
            }
        }
        if sources == 0 {
            errs.push(invalid(
                p,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if sources > 1 {
            errs.push(invalid(
                p,
                "",
                "may not have more than one field specified at a time",
            ));
        }
    }
    errs
}

/// `validateFileKeyRefVolumes`: a `fileKeyRef` names an `emptyDir` volume of the pod.
pub(super) fn file_key_ref_volumes(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    let volumes: HashMap<&str, &Value> = items(spec, "volumes")
        .iter()
        .map(|v| (s(v, "name"), v))
        .collect();
    let mut errs = Vec::new();
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for (i, c) in items(spec, list).iter().enumerate() {
            for (j, ev) in items(c, "env").iter().enumerate() {
                let Some(r) = ev
                    .get("valueFrom")
                    .and_then(|f| f.get("fileKeyRef"))
                    .filter(|r| r.is_object())
                else {
                    continue;
                };
                let name = s(r, "volumeName");
                let np = pp
                    .child(list)
                    .index(i)
                    .child("env")
                    .index(j)
                    .child("valueFrom")
                    .child("fileKeyRef")
                    .child("volumeName");
                match volumes.get(name) {
                    None => errs.push(FieldError::new(
                        Reason::FieldValueNotFound,
                        &np,
                        BadValue::str(name),
                        "",
                    )),
                    Some(v) if !set(v, "emptyDir") => errs.push(invalid(
                        &np,
                        name,
                        "referenced volume must be of type emptyDir",
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(c: &Value) -> Vec<String> {
        let p = FieldPath::fields(&["c"]);
        let mut errs = env(c, &p.child("env"));
        errs.extend(env_from(c, &p.child("envFrom")));
        errs.iter().map(FieldError::message).collect()
    }

    /// Each message as the v1.37.2 server answered for the same container.
    #[test]
    fn env_like_the_server() {
        let c = json!({"env": [
            {"name": "A", "valueFrom": {}},
            {"name": "B", "value": "x", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
            {"name": "C", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"},
                "secretKeyRef": {"name": "s", "key": "k"}}},
            {"name": "D", "valueFrom": {"fieldRef": {"fieldPath": "spec.restartPolicy"}}},
            {"name": "E", "valueFrom": {"fieldRef": {"fieldPath": "status.ip"}}},
            {"name": "F", "valueFrom": {"fieldRef": {"apiVersion": "v2", "fieldPath": "metadata.name"}}},
            {"name": "G", "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['a b']"}}},
            {"name": "H", "valueFrom": {"resourceFieldRef": {"resource": "limits.gpu"}}},
            {"name": "I", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1Mi"}}},
            {"name": "J", "valueFrom": {"configMapKeyRef": {"name": "", "key": "a/b"}}},
        ]});
        let sorted = r#""metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs""#;
        assert_eq!(
            messages(&c),
            [
                "c.env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`".to_owned(),
                "c.env[1].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty".to_owned(),
                "c.env[2].valueFrom: Invalid value: \"\": may not have more than one field specified at a time".to_owned(),
                format!("c.env[3].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.restartPolicy\": supported values: {sorted}"),
                "c.env[4].valueFrom.fieldRef.fieldPath: Invalid value: \"status.ip\": error converting fieldPath: field label not supported: status.ip".to_owned(),
                "c.env[5].valueFrom.fieldRef.fieldPath: Invalid value: \"metadata.name\": error converting fieldPath: unsupported pod version: v2".to_owned(),
                "c.env[6].valueFrom.fieldRef: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_owned(),
                "c.env[7].valueFrom.resourceFieldRef.resource: Unsupported value: \"limits.gpu\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", \"requests.memory\"".to_owned(),
                "c.env[8].valueFrom.resourceFieldRef.divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource".to_owned(),
                "c.env[9].valueFrom.configMapKeyRef.name: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_owned(),
                "c.env[9].valueFrom.configMapKeyRef.key: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')".to_owned(),
            ]
        );
    }

    #[test]
    fn env_from_like_the_server() {
        let c = json!({"envFrom": [
            {"prefix": "A=", "configMapRef": {"name": "Cfg"}},
            {},
            {"configMapRef": {"name": "c"}, "secretRef": {"name": ""}},
        ]});
        assert_eq!(
            messages(&c),
            [
                "c.envFrom[0].prefix: Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                "c.envFrom[0].configMapRef.name: Invalid value: \"Cfg\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "c.envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
                "c.envFrom[2].secretRef.name: Required value",
                "c.envFrom: Invalid value: \"\": may not have more than one field specified at a time",
            ]
        );
    }
}
