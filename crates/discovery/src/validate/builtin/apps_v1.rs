//! Built-in kinds of the `apps/v1` group: the validation of Deployment, ReplicaSet, DaemonSet
//! and StatefulSet (`pkg/apis/apps/validation/validation.go`, Kubernetes v1.37, after the
//! defaults of `pkg/apis/apps/v1/defaults.go`), for the parts most manifests meet, with the
//! server's messages.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::core_v1::{always_restarts, labels, meta, pod_template_spec};
use super::selector::{Selector, as_selector};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
/// `ValidateDeployment`, after its defaults.
pub(super) fn deployment(obj: &mut Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    // Borrowed, not copied: the checks below only read.
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    if let Some(r) = spec.get("replicas").and_then(Value::as_i64)
        && r < 0
    {
        errs.push(FieldError::invalid(
            &sp.child("replicas"),
            &json!(r),
            "must be greater than or equal to 0",
        ));
    }
    let selector = spec.get("selector").filter(|v| !v.is_null());
    let match_labels: BTreeMap<String, String> = selector
        .and_then(|s| s.get("matchLabels"))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let expressions = selector
        .and_then(|s| s.get("matchExpressions"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    match selector {
        None => errs.push(FieldError::required(&sp.child("selector"), "")),
        Some(_) if match_labels.is_empty() && expressions == 0 => errs.push(FieldError::invalid(
            &sp.child("selector"),
            selector.cloned().as_ref().unwrap_or(&Value::Null),
            "empty selector is invalid for deployment",
        )),
        Some(_) => {
            labels(
                selector.and_then(|s| s.get("matchLabels")),
                &sp.child("selector").child("matchLabels"),
                &mut errs,
            );
        }
    }
    let template = spec.get("template").unwrap_or(&empty);
    let template_labels_value = template.get("metadata").and_then(|m| m.get("labels"));
    let tp = sp.child("template");
    let template_labels: BTreeMap<String, String> = template_labels_value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let matches = !match_labels.is_empty()
        && match_labels
            .iter()
            .all(|(k, v)| template_labels.get(k) == Some(v))
        && expressions == 0;
    if !matches && expressions == 0 {
        errs.push(FieldError::invalid(
            &tp.child("metadata").child("labels"),
            &serde_json::to_value(&template_labels).unwrap_or(Value::Null),
            "`selector` does not match template `labels`",
        ));
    }
    errs.extend(pod_template_spec(template, &tp, &[]));
    errs.extend(always_restarts(template, &tp, "Deployment"));
    if let Some(strategy) = spec.get("strategy").filter(|v| v.is_object()) {
        let ty = strategy
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("RollingUpdate");
        if ty != "Recreate" && ty != "RollingUpdate" {
            let rolling = strategy
                .get("rollingUpdate")
                .cloned()
                .unwrap_or(Value::Null);
            errs.push(FieldError::new(
                Reason::FieldValueNotSupported,
                &sp.child("strategy"),
                BadValue::Value(json!({"Type": ty, "RollingUpdate": rolling})),
                "supported values: \"Recreate\", \"RollingUpdate\"",
            ));
        }
        if ty == "Recreate" && strategy.get("rollingUpdate").is_some_and(|r| !r.is_null()) {
            errs.push(FieldError::forbidden(
                &sp.child("strategy").child("rollingUpdate"),
                "may not be specified when strategy `type` is 'Recreate'",
            ));
        }
    }
    for (k, msg) in [
        ("minReadySeconds", "must be greater than or equal to 0"),
        ("revisionHistoryLimit", "must be greater than or equal to 0"),
    ] {
        if let Some(v) = spec.get(k).and_then(Value::as_i64)
            && v < 0
        {
            errs.push(FieldError::invalid(&sp.child(k), &json!(v), msg));
        }
    }
    errs
}

/// "`selector` does not match template `labels`" when `selector` does not match them.
fn mismatch(selector: &Selector, template: &Value, tp: &FieldPath) -> Option<FieldError> {
    let labels = template.get("metadata").and_then(|m| m.get("labels"));
    (!selector.matches(labels)).then(|| {
        FieldError::invalid(
            &tp.child("metadata").child("labels"),
            labels.unwrap_or(&Value::Null),
            "`selector` does not match template `labels`",
        )
    })
}

/// `ValidateNonnegativeField` of an integer field of `spec`.
pub(super) fn non_negative(spec: &Value, sp: &FieldPath, k: &str, errs: &mut Vec<FieldError>) {
    if let Some(v) = spec.get(k).and_then(Value::as_i64)
        && v < 0
    {
        errs.push(FieldError::invalid(
            &sp.child(k),
            &json!(v),
            "must be greater than or equal to 0",
        ));
    }
}

/// The selector of `spec`: `Required` when absent, its labels checked, `empty selector is
/// invalid for <kind>` when it has no requirement (the ReplicaSet's message says deployment, as
/// Go's does).
fn required_selector(spec: &Value, sp: &FieldPath, word: &str, errs: &mut Vec<FieldError>) {
    match spec.get("selector").filter(|v| !v.is_null()) {
        None => errs.push(FieldError::required(&sp.child("selector"), "")),
        Some(sel) => {
            labels(
                sel.get("matchLabels"),
                &sp.child("selector").child("matchLabels"),
                errs,
            );
            let count = |k: &str| {
                sel.get(k)
                    .and_then(Value::as_object)
                    .map_or(0, serde_json::Map::len)
                    + sel.get(k).and_then(Value::as_array).map_or(0, Vec::len)
            };
            if count("matchLabels") + count("matchExpressions") == 0 {
                errs.push(FieldError::invalid(
                    &sp.child("selector"),
                    sel,
                    format!("empty selector is invalid for {word}"),
                ));
            }
        }
    }
}

/// `ValidateReplicaSetSpec`, with `ValidatePodTemplateSpecForReplicaSet`.
pub(super) fn replica_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    non_negative(spec, &sp, "replicas", &mut errs);
    non_negative(spec, &sp, "minReadySeconds", &mut errs);
    required_selector(spec, &sp, "deployment", &mut errs);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    let Some(sel) = as_selector(selector) else {
        errs.push(FieldError::invalid(
            &sp.child("selector"),
            selector.unwrap_or(&Value::Null),
            "invalid label selector",
        ));
        return errs;
    };
    let template = spec.get("template").unwrap_or(&empty);
    let tp = sp.child("template");
    if !sel.is_empty() {
        errs.extend(mismatch(&sel, template, &tp));
    }
    errs.extend(pod_template_spec(template, &tp, &[]));
    errs.extend(always_restarts(template, &tp, "ReplicaSet"));
    errs
}

/// `ValidateDaemonSetSpec` (the update strategy is not checked).
pub(super) fn daemon_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    if let Some(sel) = selector {
        labels(
            sel.get("matchLabels"),
            &sp.child("selector").child("matchLabels"),
            &mut errs,
        );
    }
    let template = spec.get("template").unwrap_or(&empty);
    let tp = sp.child("template");
    if let Some(sel) = as_selector(selector) {
        errs.extend(mismatch(&sel, template, &tp));
    }
    if let Some(sel) = selector {
        let n = sel
            .get("matchLabels")
            .and_then(Value::as_object)
            .map_or(0, serde_json::Map::len)
            + sel
                .get("matchExpressions")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
        if n == 0 {
            errs.push(FieldError::invalid(
                &sp.child("selector"),
                sel,
                "empty selector is invalid for daemonset",
            ));
        }
    }
    errs.extend(pod_template_spec(template, &tp, &[]));
    errs.extend(always_restarts(template, &tp, "DaemonSet"));
    non_negative(spec, &sp, "minReadySeconds", &mut errs);
    non_negative(spec, &sp, "revisionHistoryLimit", &mut errs);
    errs
}

/// `ValidateStatefulSetSpec` (policies and the update strategy are not checked): the pod
/// template may mount the volumes of `volumeClaimTemplates`.
pub(super) fn stateful_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsLabel);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    non_negative(spec, &sp, "replicas", &mut errs);
    non_negative(spec, &sp, "minReadySeconds", &mut errs);
    required_selector(spec, &sp, "statefulset", &mut errs);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    let template = spec.get("template").unwrap_or(&empty);
    let tp = sp.child("template");
    match as_selector(selector) {
        None => errs.push(FieldError::invalid(
            &sp.child("selector"),
            selector.unwrap_or(&Value::Null),
            "",
        )),
        Some(sel) => {
            if !sel.is_empty() {
                errs.extend(mismatch(&sel, template, &tp));
            }
            let claims: Vec<&str> = spec
                .get("volumeClaimTemplates")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.get("metadata")?.get("name")?.as_str())
                .collect();
            errs.extend(pod_template_spec(template, &tp, &claims));
        }
    }
    errs.extend(always_restarts(template, &tp, "StatefulSet"));
    errs
}
