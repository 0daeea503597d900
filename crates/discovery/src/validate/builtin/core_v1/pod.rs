//! The pod spec of the core group (`pkg/apis/core/validation/validation.go`, Kubernetes v1.37):
//! volumes, containers and the pod template every workload carries, and the kinds made of one
//! (Pod, PodTemplate, ReplicationController).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::env::{env, env_from, file_key_ref_volumes};
use super::pod_fields::spec_fields;
use super::probe::{ProbeKind, lifecycle, probe};
use super::resources::container_resource_requirements;
use super::security::container_security_context;
use super::volume::volume_source;
use super::{labels, meta, port_range, s};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::{dns1123_label, port_name};
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

/// The items of the list at `k`, none when it is absent or not a list.
pub(in crate::validate::builtin) fn items<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `ValidateVolumes`: each volume's name (required, a DNS label, unique) and one source
/// (`validateVolumeSource`; the fields of the common sources are checked in `volume`). A volume without a source
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
                    el.extend(volume_source(key, &vol[*key], &ip.child(key)));
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
    // After `SetDefaults_Container` (`File`).
    let tmp = s(c, "terminationMessagePolicy");
    if !matches!(tmp, "" | "File" | "FallbackToLogsOnError") {
        errs.push(FieldError::not_supported(
            &p.child("terminationMessagePolicy"),
            &Value::String(tmp.to_owned()),
            &["File", "FallbackToLogsOnError"],
        ));
    }
    let mut port_names = HashSet::new();
    for (j, port) in items(c, "ports").iter().enumerate() {
        let pp = p.child("ports").index(j);
        let name = s(port, "name");
        if !name.is_empty() {
            let msgs = port_name(name);
            let named = msgs.is_empty();
            for m in msgs {
                errs.push(FieldError::invalid(
                    &pp.child("name"),
                    &Value::String(name.to_owned()),
                    m,
                ));
            }
            if named && !port_names.insert(name.to_owned()) {
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
                &["SCTP", "TCP", "UDP"],
            ));
        }
    }
    errs.extend(env(c, &p.child("env")));
    errs.extend(env_from(c, &p.child("envFrom")));
    volume_mounts(c, &p.child("volumeMounts"), vols, errs);
    if let Some(pol) = c.get("imagePullPolicy").and_then(Value::as_str)
        && !matches!(pol, "Always" | "IfNotPresent" | "Never")
    {
        errs.push(FieldError::not_supported(
            &p.child("imagePullPolicy"),
            &Value::String(pol.to_owned()),
            &["Always", "IfNotPresent", "Never"],
        ));
    }
    if let Some(r) = c.get("resources") {
        errs.extend(container_resource_requirements(r, &p.child("resources")));
    }
}

/// `validateContainerRestartPolicy` with the ContainerRestartRules and
/// RestartAllContainersOnContainerExits gates on, as on the server; for an init container
/// (`init`), `validateInitContainerRestartPolicy`, which checks no rules without a policy.
fn container_restart_policy(c: &Value, p: &FieldPath, init: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules = items(c, "restartPolicyRules");
    let rp = p.child("restartPolicy");
    let policy = c.get("restartPolicy").and_then(Value::as_str);
    if init && policy.is_none() {
        if !rules.is_empty() {
            errs.push(FieldError::required(
                &rp,
                "must specify restartPolicy when restart rules are used",
            ));
        }
        return errs;
    }
    match policy {
        None if !rules.is_empty() => errs.push(FieldError::required(
            &rp,
            "must specify restartPolicy when restart rules are used",
        )),
        Some(policy) if !matches!(policy, "Always" | "Never" | "OnFailure") => {
            errs.push(FieldError::not_supported(
                &rp,
                &Value::String(policy.to_owned()),
                &["Always", "Never", "OnFailure"],
            ));
        }
        _ => {}
    }
    let path = p.child("restartPolicyRules");
    if rules.len() > 20 {
        errs.push(FieldError::too_many(
            &path,
            rules.len().try_into().unwrap_or(i64::MAX),
            20,
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        let rp = path.index(i);
        let action = s(rule, "action");
        if !matches!(action, "Restart" | "RestartAllContainers") {
            errs.push(FieldError::not_supported(
                &rp.child("action"),
                &Value::String(action.to_owned()),
                &["Restart", "RestartAllContainers"],
            ));
        }
        let Some(codes) = rule.get("exitCodes").filter(|e| e.is_object()) else {
            errs.push(FieldError::required(
                &rp.child("exitCodes"),
                "must be specified",
            ));
            continue;
        };
        let ep = rp.child("exitCodes");
        let op = s(codes, "operator");
        if !matches!(op, "In" | "NotIn") {
            errs.push(FieldError::not_supported(
                &ep.child("operator"),
                &Value::String(op.to_owned()),
                &["In", "NotIn"],
            ));
        }
        let values = items(codes, "values").len();
        if values > 255 {
            errs.push(FieldError::too_many(
                &ep.child("values"),
                values.try_into().unwrap_or(i64::MAX),
                255,
            ));
        }
    }
    errs
}

/// `checkHostPortConflicts` (`AccumulateUniqueHostPorts`): a protocol, host IP and host port
/// used once.
fn host_port_conflicts(containers: &[Value], path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut seen = HashSet::new();
    for (i, c) in containers.iter().enumerate() {
        for (j, port) in items(c, "ports").iter().enumerate() {
            let hp = port.get("hostPort").and_then(Value::as_i64).unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let protocol = port
                .get("protocol")
                .and_then(Value::as_str)
                .unwrap_or("TCP");
            let key = format!("{protocol}/{}/{hp}", s(port, "hostIP"));
            if !seen.insert(key.clone()) {
                errs.push(FieldError::duplicate(
                    &path.index(i).child("ports").index(j).child("hostPort"),
                    BadValue::str(key),
                ));
            }
        }
    }
    errs
}

/// The lifecycle hooks and probes of a regular or restartable init container, in
/// `validateContainers`' order.
fn probes(c: &Value, grace: Option<i64>, p: &FieldPath) -> Vec<FieldError> {
    let mut errs = lifecycle(c, grace, p);
    for kind in [
        ProbeKind::Liveness,
        ProbeKind::Readiness,
        ProbeKind::Startup,
    ] {
        errs.extend(probe(c, kind, grace, p));
    }
    errs
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
    validate_pod_spec(spec, pp, extra_volumes, false)
}

/// [`pod_spec`] of a Pod (`is_pod`, Go's `opts.ResourceIsPod`) or of a template.
fn validate_pod_spec(
    spec: &Value,
    pp: &FieldPath,
    extra_volumes: &[&str],
    is_pod: bool,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // `SetDefaults_PodSpec`: 30 seconds.
    let grace = Some(
        spec.get("terminationGracePeriodSeconds")
            .and_then(Value::as_i64)
            .unwrap_or(30),
    );
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
        // The last check of `validateContainerCommon`.
        errs.extend(container_security_context(c, &p));
        let name = s(c, "name");
        if !names.insert(name.to_owned()) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::str(name)));
        }
        errs.extend(probes(c, grace, &p));
        errs.extend(container_restart_policy(c, &p, false));
    }
    errs.extend(host_port_conflicts(list, &cp));
    let ip = pp.child("initContainers");
    for (i, c) in items(spec, "initContainers").iter().enumerate() {
        let p = ip.index(i);
        container_common(c, &p, &vols, &mut errs);
        // The last check of `validateContainerCommon`.
        errs.extend(container_security_context(c, &p));
        errs.extend(container_restart_policy(c, &p, true));
        let name = s(c, "name");
        if names.contains(name) {
            errs.push(FieldError::duplicate(&p.child("name"), BadValue::str(name)));
        } else if !name.is_empty() {
            names.insert(name.to_owned());
        }
        // Go checks each init container alone, as a list of one: its paths say `[0]`.
        errs.extend(host_port_conflicts(std::slice::from_ref(c), &ip));
        if s(c, "restartPolicy") == "Always" {
            errs.extend(probes(c, grace, &p));
        } else {
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
            &["Always", "OnFailure", "Never"],
        ));
    }
    errs.extend(spec_fields(spec, pp, is_pod));
    errs.extend(file_key_ref_volumes(spec, pp));
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
    let mut spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    pod_defaults(&mut spec);
    let spec = &spec;
    let sp = FieldPath::fields(&["spec"]);
    errs.extend(validate_pod_spec(spec, &sp, &[], true));
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

/// The parts of `SetDefaults_Pod` that only pods get, not templates: a negative
/// `terminationGracePeriodSeconds` becomes 1, each container's requests default to its limits,
/// key by key, and with `hostNetwork` host ports default to container ports.
fn pod_defaults(spec: &mut Value) {
    if spec
        .get("terminationGracePeriodSeconds")
        .and_then(Value::as_i64)
        .is_some_and(|g| g < 0)
    {
        spec["terminationGracePeriodSeconds"] = json!(1);
    }
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for list in ["containers", "initContainers"] {
        let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        if host_network {
            // `defaultHostNetworkPorts`
            let ports = cs
                .iter_mut()
                .filter_map(|c| c.get_mut("ports").and_then(Value::as_array_mut))
                .flatten()
                .filter(|p| p.is_object());
            for port in ports {
                if port.get("hostPort").and_then(Value::as_i64).unwrap_or(0) == 0 {
                    port["hostPort"] = port.get("containerPort").cloned().unwrap_or(json!(0));
                }
            }
        }
        for r in cs.iter_mut().filter_map(|c| c.get_mut("resources")) {
            let Some(limits) = r.get("limits").and_then(Value::as_object).cloned() else {
                continue;
            };
            if !r.get("requests").is_some_and(Value::is_object) {
                r["requests"] = json!({});
            }
            if let Some(requests) = r["requests"].as_object_mut() {
                for (k, v) in limits {
                    requests.entry(k).or_insert(v);
                }
            }
        }
    }
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
            &["Always"],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(FieldError::message).collect()
    }

    fn pod_of(containers: &Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": containers}})
    }

    /// As the v1.37.2 server answers: a pod's requests default to its limits, a template's
    /// do not.
    #[test]
    fn pods_default_requests_to_limits() {
        let containers = json!([{"name": "c", "image": "i",
            "resources": {"limits": {"cpu": "500m", "nvidia.com/gpu": 1}, "requests": {"cpu": "600m"}}}]);
        assert_eq!(
            messages(&pod(&pod_of(&containers))),
            [
                r#"spec.containers[0].resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m"#
            ]
        );
        let template = json!({"spec": {"containers": containers}});
        assert_eq!(
            messages(&pod_template_spec(
                &template,
                &FieldPath::fields(&["template"]),
                &[]
            )),
            [
                r#"template.spec.containers[0].resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m"#
            ]
        );
    }

    /// The v1.37.2 server's answer to the same Pod: host ports defaulted from container ports
    /// under `hostNetwork`, conflicts per list (an init container alone, named `[0]`), invalid
    /// port names not counted as duplicates.
    #[test]
    fn container_ports_like_the_server() {
        let obj = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
            "hostNetwork": true,
            "initContainers": [{"name": "i0", "image": "i"}, {"name": "i1", "image": "i",
                "ports": [{"containerPort": 9000}, {"containerPort": 9000, "hostPort": 9000}]}],
            "containers": [
                {"name": "c", "image": "i", "terminationMessagePolicy": "file",
                    "ports": [{"containerPort": 80, "name": "HTTP"}, {"containerPort": 81, "name": "HTTP"}]},
                {"name": "d", "image": "i", "ports": [{"containerPort": 80}]}]}});
        let bad_name = |i: usize| {
            [
                format!(
                    "spec.containers[0].ports[{i}].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
                ),
                format!(
                    "spec.containers[0].ports[{i}].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)"
                ),
            ]
        };
        let mut want = vec![
            r#"spec.containers[0].terminationMessagePolicy: Unsupported value: "file": supported values: "File", "FallbackToLogsOnError""#.to_owned(),
        ];
        want.extend(bad_name(0));
        want.extend(bad_name(1));
        want.push(r#"spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80""#.to_owned());
        want.push(
            r#"spec.initContainers[0].ports[1].hostPort: Duplicate value: "TCP//9000""#.to_owned(),
        );
        assert_eq!(messages(&pod(&obj)), want);
    }

    /// The v1.37.2 server's answer to the same template: container restart policies and
    /// rules, an init container's rules unchecked without a policy.
    #[test]
    fn container_restart_policies_like_the_server() {
        let template = json!({"spec": {
            "initContainers": [
                {"name": "i", "image": "i", "restartPolicy": "Always",
                    "restartPolicyRules": [{"action": "Bogus", "exitCodes": {"operator": "In", "values": [1]}}]},
                {"name": "k", "image": "i", "restartPolicyRules": [{"action": "Restart"}]}],
            "containers": [{"name": "c", "image": "i", "restartPolicy": "Sometimes",
                "restartPolicyRules": [{"action": "Restart"}]}]}});
        assert_eq!(
            messages(&pod_template_spec(
                &template,
                &FieldPath::fields(&["t"]),
                &[]
            )),
            [
                r#"t.spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure""#,
                "t.spec.containers[0].restartPolicyRules[0].exitCodes: Required value: must be specified",
                r#"t.spec.initContainers[0].restartPolicyRules[0].action: Unsupported value: "Bogus": supported values: "Restart", "RestartAllContainers""#,
                "t.spec.initContainers[1].restartPolicy: Required value: must specify restartPolicy when restart rules are used",
            ]
        );
    }
}
