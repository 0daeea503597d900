//! Built-in kinds of the core group (`v1`): the defaults (`pkg/apis/core/v1/defaults.go`) and
//! validation (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37) of ConfigMap,
//! Secret (ServiceAccount: its metadata only, as Go), for the parts most manifests meet, with
//! the server's messages; the pod spec and the kinds made of one are in `pod`, the Service in
//! `service`, the Namespace in `namespace`.

mod affinity;
mod env;
mod namespace;
pub(super) mod persistent_volume;
mod pod;
pub(super) mod pod_fields;
mod probe;
pub(super) mod quota;
mod resources;
mod security;
mod service;
pub(super) mod volume;

pub(super) use namespace::namespace;
pub(super) use pod::{
    always_restarts, items, pod, pod_template, pod_template_spec, replication_controller,
    restart_policy, template_spec,
};
pub(super) use resources::container_resource_name;
pub(super) use service::service;

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::validate::field::FieldError;
use crate::validate::names::{config_key, label_key, label_value};
use crate::validate::objectmeta::{self, NameRule};
use crate::validate::path::FieldPath;

/// `ValidateObjectMeta` of the object's `metadata`, names checked with `rule`.
pub(super) fn meta(obj: &Value, rule: NameRule) -> Vec<FieldError> {
    let empty = Map::new();
    let m = obj
        .get("metadata")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    objectmeta::validate_object_meta(m, &FieldPath::fields(&["metadata"]), rule, None)
}

/// The string at `k`, empty when it is absent or not a string (Go's zero value).
pub(in crate::validate::builtin) fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn keys_of(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// `ValidateConfigMap`.
pub(super) fn config_map(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let data = keys_of(obj.get("data"));
    let binary = keys_of(obj.get("binaryData"));
    let mut total = 0usize;
    for k in &data {
        for m in config_key(k) {
            errs.push(FieldError::invalid(
                &FieldPath::root().child("data").key(k),
                &Value::String(k.clone()),
                m,
            ));
        }
        total += obj["data"][k].as_str().map_or(0, str::len);
    }
    for k in &binary {
        for m in config_key(k) {
            errs.push(FieldError::invalid(
                &FieldPath::root().child("binaryData").key(k),
                &Value::String(k.clone()),
                m,
            ));
        }
        if data.contains(k) {
            errs.push(FieldError::invalid(
                &FieldPath::root().child("data").key(k),
                &Value::String(k.clone()),
                "duplicate of key present in binaryData",
            ));
        }
        total += obj["binaryData"][k].as_str().map_or(0, |b| b.len() * 3 / 4);
    }
    if total > 1024 * 1024 {
        errs.push(FieldError::too_long(&FieldPath::root(), 1024 * 1024).at_nil());
    }
    errs
}

/// `ValidateSecret`, after `stringData` is merged into `data`.
pub(super) fn secret(obj: &mut Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    if let Some(Value::Object(string_data)) = obj.get("stringData").cloned() {
        let data = obj
            .as_object_mut()
            .map(|o| o.entry("data").or_insert_with(|| Value::Object(Map::new())));
        if let Some(Value::Object(d)) = data {
            for (k, v) in string_data {
                let encoded = base64::engine::general_purpose::STANDARD
                    .encode(v.as_str().unwrap_or_default());
                d.insert(k, Value::String(encoded));
            }
        }
    }
    let data = keys_of(obj.get("data"));
    let data_path = FieldPath::root().child("data");
    for k in &data {
        for m in config_key(k) {
            errs.push(FieldError::invalid(
                &data_path.key(k),
                &Value::String(k.clone()),
                m,
            ));
        }
    }
    let has = |k: &str| data.iter().any(|d| d == k);
    match s(obj, "type") {
        "kubernetes.io/service-account-token" => {
            let name = obj
                .pointer("/metadata/annotations/kubernetes.io~1service-account.name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if name.is_empty() {
                errs.push(FieldError::required(
                    &FieldPath::fields(&["metadata", "annotations"])
                        .key("kubernetes.io/service-account.name"),
                    "",
                ));
            }
        }
        "kubernetes.io/dockercfg" if !has(".dockercfg") => {
            errs.push(FieldError::required(&data_path.key(".dockercfg"), ""));
        }
        "kubernetes.io/dockerconfigjson" if !has(".dockerconfigjson") => {
            errs.push(FieldError::required(
                &data_path.key(".dockerconfigjson"),
                "",
            ));
        }
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            errs.push(FieldError::required(&data_path.key("username"), ""));
            errs.push(FieldError::required(&data_path.key("password"), ""));
        }
        "kubernetes.io/ssh-auth" if !has("ssh-privatekey") => {
            errs.push(FieldError::required(&data_path.key("ssh-privatekey"), ""));
        }
        "kubernetes.io/tls" => {
            for k in ["tls.key", "tls.crt"] {
                if !has(k) {
                    errs.push(FieldError::required(&data_path.key(k), ""));
                }
            }
        }
        _ => {}
    }
    errs
}

/// The field at `k` unless absent or null (a Go pointer or slice that is set).
pub(in crate::validate::builtin) fn present<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|x| !x.is_null())
}

/// A `field.Invalid` at `path` for each message of a string validator.
pub(in crate::validate::builtin) fn invalid_all(
    errs: &mut Vec<FieldError>,
    path: &FieldPath,
    value: &str,
    msgs: Vec<String>,
) {
    for m in msgs {
        errs.push(FieldError::invalid(
            path,
            &Value::String(value.to_owned()),
            m,
        ));
    }
}

/// The port number checks of `validation.IsValidPortNum`, as a field error.
pub(super) fn port_range(path: &FieldPath, v: &Value) -> Option<FieldError> {
    let n = v.as_i64().unwrap_or(0);
    (!(1..=65535).contains(&n))
        .then(|| FieldError::invalid(path, v, "must be between 1 and 65535, inclusive"))
}

/// `ValidateLabels` of a label map at `path`.
pub(super) fn labels(map: Option<&Value>, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if let Some(m) = map.and_then(Value::as_object) {
        for (k, v) in m {
            for msg in label_key(k) {
                errs.push(FieldError::invalid(path, &Value::String(k.clone()), msg));
            }
            let v = v.as_str().unwrap_or_default();
            for msg in label_value(v) {
                errs.push(FieldError::invalid(path, &Value::String(v.to_owned()), msg));
            }
        }
    }
}
