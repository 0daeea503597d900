//! The pod spec of the core group (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37):
//! volumes, containers and the pod template every workload carries, and the kinds made of one
//! (Pod, PodTemplate, ReplicationController).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::resources::container_resource_requirements;
use super::{labels, meta, port_range, s};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::{dns1123_label, port_name, relaxed_env_var_name};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// The sources of a `VolumeSource`, in the order `validateVolumeSource` checks them, with the
/// field its "may not specify more than 1 volume type" error names (Go's own spelling, so
/// `cephFS` and `downwarAPI`).
const VOLUME_SOURCES: &[(&str, &str)] = &[
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

fn items<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `ValidateVolumes`: each volume's name (required, a DNS label, unique) and one source
/// (`validateVolumeSource`; the sources' own fields are not checked). A volume without a source
/// is not an error: the defaults give it an `emptyDir`. Returns the names of the volumes without
/// errors, the ones volume mounts may name, as Go's map of valid volumes.
fn volumes(spec: &Value, vp: &FieldPath, errs: &mut Vec<FieldError>) -> HashSet<String> {
    let mut valid = HashSet::new();
    for (i, vol) in items(spec, "volumes").iter().enumerate() {
        let ip = vp.index(i);
        let mut el = Vec::new();
        let mut sources = 0;
        for (key, named) in VOLUME_SOURCES {
            if vol.get(*key).is_some_and(|v| !v.is_null()) {
                if sources > 0 {
                    el.push(FieldError::forbidden(
                        &ip.child(named),
                        "may not specify more than 1 volume type",
                    ));
                } else {
                    sources += 1;
                }
            }
        }
        let name = s(vol, "name");
        let np = ip.child("name");
        if name.is_empty() {
            el.push(FieldError::required(&np, ""));
        } else {
            for m in dns1123_label(name) {
                el.push(FieldError::invalid(&np, &Value::String(name.to_owned()), m));
            }
        }
        if valid.contains(name) {
            el.push(FieldError::duplicate(&np, BadValue::str(name)));
        }
        if el.is_empty() {
            valid.insert(name.to_owned());
        } else {
            errs.append(&mut el);
        }
    }
    valid
}

/// `ValidateVolumeMounts`: each mount names a volume of the pod and a path of its own.
fn volume_mounts(c: &Value, mp: &FieldPath, vols: &HashSet<String>, errs: &mut Vec<FieldError>) {
    let mut paths = HashSet::new();
    for (i, m) in items(c, "volumeMounts").iter().enumerate() {
        let ip = mp.index(i);
        let name = s(m, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ip.child("name"), ""));
        }
        if !vols.contains(name) {
            errs.push(FieldError::new(
                Reason::FieldValueNotFound,
                &ip.child("name"),
                BadValue::str(name),
                "",
            ));
        }
        let path = s(m, "mountPath");
        if path.is_empty() {
            errs.push(FieldError::required(&ip.child("mountPath"), ""));
        }
        if !paths.insert(path.to_owned()) {
            errs.push(FieldError::invalid(
                &ip.child("mountPath"),
                &Value::String(path.to_owned()),
                "must be unique",
            ));
        }
    }
}

/// `validateContainerCommon` for the parts most manifests meet: name, image, ports, env names,
/// volume mounts, pull policy.
fn container_common(c: &Value, p: &FieldPath, vols: &HashSet<String>, errs: &mut Vec<FieldError>) {
    let name = s(c, "name");
    if name.is_empty() {
        errs.push(FieldError::required(&p.child("name"), ""));
    } else {
        for m in dns1123_label(name) {
            errs.push(FieldError::invalid(
                &p.child("name"),
                &Value::String(name.to_owned()),
                m,
            ));
        }
    }
    // An image of spaces is accepted: Go checks the length only.
    if s(c, "image").is_empty() {
        errs.push(FieldError::required(&p.child("image"), ""));
    }
    let mut port_names = HashSet::new();
    for (j, port) in items(c, "ports").iter().enumerate() {
        let pp = p.child("ports").index(j);
        let name = s(port, "name");
        if !name.is_empty() {
            for m in port_name(name) {
                errs.push(FieldError::invalid(
                    &pp.child("name"),
                    &Value::String(name.to_owned()),
                    m,
                ));
            }
            if !port_names.insert(name.to_owned()) {
                errs.push(FieldError::duplicate(
                    &pp.child("name"),
                    BadValue::str(name),
                ));
            }
        }
        let cport = port.get("containerPort").cloned().unwrap_or(json!(0));
        if cport.as_i64() == Some(0) {
            errs.push(FieldError::required(&pp.child("containerPort"), ""));
        } else {
            errs.extend(port_range(&pp.child("containerPort"), &cport));
        }
        if let Some(hp) = port
            .get("hostPort")
            .filter(|h| h.as_i64().is_some_and(|h| h != 0))
        {
            errs.extend(port_range(&pp.child("hostPort"), hp));
        }
        let protocol = port
            .get("protocol")
            .and_then(Value::as_str)
            .unwrap_or("TCP");
        if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
            errs.push(FieldError::not_supported(
                &pp.child("protocol"),
                &Value::String(protocol.to_owned()),
                &["SCTP".into(), "TCP".into(), "UDP".into()],
            ));
        }
    }
    for (j, env) in items(c, "env").iter().enumerate() {
        let ep = p.child("env").index(j).child("name");
        let name = s(env, "name");
        if name.is_empty() {
            errs.push(FieldError::required(&ep, ""));
        } else {
            for m in relaxed_env_var_name(name) {
                errs.push(FieldError::invalid(&ep, &Value::String(name.to_owned()), m));
            }
        }
    }
    volume_mounts(c, &p.child("volumeMounts"), vols, errs);
    if let Some(pol) = c.get("imagePullPolicy").and_then(Value::as_str)
        && !matches!(pol, "Always" | "IfNotPresent" | "Never")
    {
        errs.push(FieldError::not_supported(
            &p.child("imagePullPolicy"),
            &Value::String(pol.to_owned()),
            &["Always".into(), "IfNotPresent".into(), "Never".into()],
        ));
    }
    if let Some(r) = c.get("resources") {
        errs.extend(container_resource_requirements(r, &p.child("resources")));
    }
}

/// `ValidatePodTemplateSpec` (`pkg/apis/core/validation/validation.go`, v1.37): the template's
/// labels (at `<template>.labels`, as Go names them), its pod spec, no ephemeral containers.
/// `extra_volumes` are volumes the workload adds (a StatefulSet's claim templates).
pub(in crate::validate::builtin) fn pod_template_spec(
    template: &Value,
    tp: &FieldPath,
    extra_volumes: &[&str],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    labels(
        template.get("metadata").and_then(|m| m.get("labels")),
        &tp.child("labels"),
        &mut errs,
    );
    let empty = json!({});
    let spec = template.get("spec").unwrap_or(&empty);
    errs.extend(pod_spec(spec, &tp.child("spec"), extra_volumes));
    if !items(spec, "ephemeralContainers").is_empty() {
        errs.push(FieldError::forbidden(
            &tp.child("spec").child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// `ValidatePodSpec` for the parts most manifests meet, in its order: volumes, containers
/// (`validateContainers`), init containers (`validateInitContainers`: names unique with the
/// regular ones; no probes or lifecycle unless `restartPolicy: Always`), the restart policy
/// (`validateRestartPolicy`, after its default `Always`).
pub(in crate::validate::builtin) fn pod_spec(
    spec: &Value,
    pp: &FieldPath,
    extra_volumes: &[&str],
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut vols = volumes(spec, &pp.child("volumes"), &mut errs);
    vols.extend(extra_volumes.iter().map(|v| (*v).to_owned()));
    let list = items(spec, "containers");
    let cp = pp.child("containers");
    if list.is_empty() {
        errs.push(FieldError::required(&cp, ""));
    }
    let mut names = HashSet::new();
    for (i, c) in list.iter().enumerate() {
        let p = cp.index(i);
        container_common(c, &p, &vols, &mut errs);
        let name = s(c, "name");
        if !names.insert(name.to_owned()) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::str(name)));
        }
    }
    let ip = pp.child("initContainers");
    for (i, c) in items(spec, "initContainers").iter().enumerate() {
        let p = ip.index(i);
        container_common(c, &p, &vols, &mut errs);
        let name = s(c, "name");
        if names.contains(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::str(name)));
        } else if !name.is_empty() {
            names.insert(name.to_owned());
        }
        if s(c, "restartPolicy") != "Always" {
            for k in [
                "lifecycle",
                "livenessProbe",
                "readinessProbe",
                "startupProbe",
            ] {
                if c.get(k).is_some_and(|v| !v.is_null()) {
                    errs.push(FieldError::forbidden(
                        &p.child(k),
                        "may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
    let restart = restart_policy(spec);
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        errs.push(FieldError::not_supported(
            &pp.child("restartPolicy"),
            &Value::String(restart.to_owned()),
            &["Always".into(), "OnFailure".into(), "Never".into()],
        ));
    }
    errs
}

/// A pod spec's restart policy after `SetDefaults_PodSpec` (`Always`).
pub(in crate::validate::builtin) fn restart_policy(spec: &Value) -> &str {
    match s(spec, "restartPolicy") {
        "" => "Always",
        p => p,
    }
}

/// The pod spec of a template, or an empty one.
pub(in crate::validate::builtin) fn template_spec(template: &Value) -> &Value {
    static EMPTY: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| json!({}));
    template.get("spec").unwrap_or(&EMPTY)
}

/// `ValidatePodCreate`: the pod spec at `spec`, plus what only pods check (no leading or
/// trailing spaces in images: `validateContainersOnlyForPod`; no ephemeral containers on
/// create).
pub(in crate::validate::builtin) fn pod(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let sp = FieldPath::fields(&["spec"]);
    errs.extend(pod_spec(spec, &sp, &[]));
    for list in ["containers", "initContainers"] {
        for (i, c) in items(spec, list).iter().enumerate() {
            let image = s(c, "image");
            if image.len() != image.trim().len() {
                errs.push(FieldError::invalid(
                    &sp.child(list).index(i).child("image"),
                    &Value::String(image.to_owned()),
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    if !items(spec, "ephemeralContainers").is_empty() {
        errs.push(FieldError::forbidden(
            &sp.child("ephemeralContainers"),
            "cannot be set on create",
        ));
    }
    errs
}

/// `ValidatePodTemplate`: the template at `template`.
pub(in crate::validate::builtin) fn pod_template(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let template = obj.get("template").unwrap_or(&empty);
    errs.extend(pod_template_spec(
        template,
        &FieldPath::fields(&["template"]),
        &[],
    ));
    errs
}

/// `ValidateReplicationControllerSpec` with `ValidatePodTemplateSpecForRC`, after
/// `SetDefaults_ReplicationController` (an empty selector becomes the template's labels).
pub(in crate::validate::builtin) fn replication_controller(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let template = spec.get("template").filter(|t| !t.is_null());
    let template_labels = template
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("labels"))
        .and_then(Value::as_object);
    let selector = spec
        .get("selector")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        .or(template_labels);
    if let Some(v) = spec.get("minReadySeconds").and_then(Value::as_i64)
        && v < 0
    {
        errs.push(FieldError::invalid(
            &sp.child("minReadySeconds"),
            &json!(v),
            "must be greater than or equal to 0",
        ));
    }
    if selector.is_none_or(Map::is_empty) {
        errs.push(FieldError::required(&sp.child("selector"), ""));
    }
    if let Some(v) = spec.get("replicas").and_then(Value::as_i64)
        && v < 0
    {
        errs.push(FieldError::invalid(
            &sp.child("replicas"),
            &json!(v),
            "must be greater than or equal to 0",
        ));
    }
    let tp = sp.child("template");
    let Some(template) = template else {
        errs.push(FieldError::required(&tp, ""));
        return errs;
    };
    if let Some(sel) = selector.filter(|m| !m.is_empty()) {
        let matches = sel.iter().all(|(k, v)| {
            template_labels
                .and_then(|l| l.get(k))
                .and_then(Value::as_str)
                == v.as_str()
        });
        if !matches {
            errs.push(FieldError::invalid(
                &tp.child("metadata").child("labels"),
                &template_labels.map_or(Value::Null, |l| Value::Object(l.clone())),
                "`selector` does not match template `labels`",
            ));
        }
    }
    errs.extend(pod_template_spec(template, &tp, &[]));
    errs.extend(always_restarts(template, &tp, "ReplicationController"));
    errs
}

/// The checks of a template that every replicating workload (ReplicationController and the
/// apps/v1 ones) makes after `ValidatePodTemplateSpec`: `restartPolicy: Always`, no
/// `activeDeadlineSeconds`.
pub(in crate::validate::builtin) fn always_restarts(
    template: &Value,
    tp: &FieldPath,
    kind: &str,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let pod = template_spec(template);
    let restart = restart_policy(pod);
    if restart != "Always" {
        errs.push(FieldError::not_supported(
            &tp.child("spec").child("restartPolicy"),
            &Value::String(restart.to_owned()),
            &["Always".into()],
        ));
    }
    if pod
        .get("activeDeadlineSeconds")
        .is_some_and(|v| !v.is_null())
    {
        errs.push(FieldError::forbidden(
            &tp.child("spec").child("activeDeadlineSeconds"),
            format!("activeDeadlineSeconds in {kind} is not Supported"),
        ));
    }
    errs
}
