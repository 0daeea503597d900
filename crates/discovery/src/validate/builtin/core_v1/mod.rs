//! Built-in kinds of the core group (`v1`): the defaults (`pkg/apis/core/v1/defaults.go`) and
//! validation (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37) of ConfigMap,
//! Secret and Service, for the parts most manifests meet, with the server's messages; the pod
//! spec and the kinds made of one are in `pod`.

pub(super) mod persistent_volume;
mod pod;
pub(super) mod quota;
mod resources;

pub(super) use pod::{
    always_restarts, pod, pod_template, pod_template_spec, replication_controller, restart_policy,
    template_spec,
};
pub(super) use resources::container_resource_name;

use std::collections::HashSet;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use crate::validate::field::{BadValue, FieldError};
use crate::validate::names::{
    config_key, dns1123_label, dns1123_subdomain, label_key, label_value, port_name,
};
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

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
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

#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
/// `ValidateService`, after its defaults (type, protocols, target ports).
pub(super) fn service(obj: &mut Value) -> Vec<FieldError> {
    // `ValidateServiceCreate`: names are DNS labels since RelaxedServiceNameValidation (KEP-5311,
    // GA and locked on in v1.37), so `8080-web` is a name.
    let mut errs = meta(obj, NameRule::DnsLabel);
    let spec_path = FieldPath::fields(&["spec"]);
    let mut spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    if s(&spec, "type").is_empty() {
        spec["type"] = json!("ClusterIP");
    }
    if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter(|p| p.is_object()) {
            if p.get("protocol").is_none_or(Value::is_null) {
                p["protocol"] = json!("TCP");
            }
            if p.get("targetPort").is_none_or(Value::is_null) {
                p["targetPort"] = p.get("port").cloned().unwrap_or(Value::Null);
            }
        }
    }
    let ty = s(&spec, "type").to_owned();
    if !matches!(
        ty.as_str(),
        "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort"
    ) {
        errs.push(FieldError::not_supported(
            &spec_path.child("type"),
            &Value::String(ty.clone()),
            &[
                "ClusterIP".into(),
                "ExternalName".into(),
                "LoadBalancer".into(),
                "NodePort".into(),
            ],
        ));
    }
    let ports: Vec<Value> = spec
        .get("ports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let headless = s(&spec, "clusterIP") == "None";
    if ty == "ExternalName" {
        let name = s(&spec, "externalName");
        if name.is_empty() {
            errs.push(FieldError::required(&spec_path.child("externalName"), ""));
        } else {
            for m in dns1123_subdomain(&name.trim_end_matches('.').to_lowercase()) {
                errs.push(FieldError::invalid(
                    &spec_path.child("externalName"),
                    &Value::String(name.to_owned()),
                    m,
                ));
            }
        }
    } else if ports.is_empty() && !headless {
        errs.push(FieldError::required(&spec_path.child("ports"), ""));
    }
    let ports_path = spec_path.child("ports");
    let mut names = HashSet::new();
    let mut keys = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let pp = ports_path.index(i);
        let name = s(p, "name");
        if ports.len() > 1 && name.is_empty() {
            errs.push(FieldError::required(&pp.child("name"), ""));
        } else if !name.is_empty() {
            for m in dns1123_label(name) {
                errs.push(FieldError::invalid(
                    &pp.child("name"),
                    &Value::String(name.to_owned()),
                    m,
                ));
            }
            if !names.insert(name.to_owned()) {
                errs.push(FieldError::duplicate(
                    &pp.child("name"),
                    BadValue::str(name),
                ));
            }
        }
        let protocol = s(p, "protocol");
        if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
            errs.push(FieldError::not_supported(
                &pp.child("protocol"),
                &Value::String(protocol.to_owned()),
                &["SCTP".into(), "TCP".into(), "UDP".into()],
            ));
        }
        let port = p.get("port").cloned().unwrap_or(json!(0));
        errs.extend(port_range(&pp.child("port"), &port));
        match p.get("targetPort") {
            Some(Value::String(t)) => {
                for m in port_name(t) {
                    errs.push(FieldError::invalid(
                        &pp.child("targetPort"),
                        &Value::String(t.clone()),
                        m,
                    ));
                }
            }
            Some(t @ Value::Number(_)) => errs.extend(port_range(&pp.child("targetPort"), t)),
            _ => {}
        }
        if let Some(np) = p
            .get("nodePort")
            .filter(|n| n.as_i64().is_some_and(|n| n != 0))
        {
            errs.extend(port_range(&pp.child("nodePort"), np));
        }
        if !keys.insert((port.as_i64(), protocol.to_owned())) {
            errs.push(FieldError::duplicate(
                &pp,
                BadValue::Value(json!({"port": port, "protocol": protocol})),
            ));
        }
    }
    labels(
        spec.get("selector"),
        &spec_path.child("selector"),
        &mut errs,
    );
    obj["spec"] = spec;
    errs
}
