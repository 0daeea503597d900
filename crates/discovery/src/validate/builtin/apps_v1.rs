//! Built-in kinds of the `apps/v1` group: the validation of a Deployment
//! (`pkg/apis/apps/validation/validation.go`, Kubernetes v1.37, after the defaults of
//! `pkg/apis/apps/v1/defaults.go`), for the parts most manifests meet, with the server's
//! messages.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::core_v1::{containers, labels, meta};
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
    labels(
        template_labels_value,
        &tp.child("metadata").child("labels"),
        &mut errs,
    );
    let pod = template.get("spec").unwrap_or(&empty);
    let pp = tp.child("spec");
    errs.extend(containers(pod, &pp));
    let restart = pod
        .get("restartPolicy")
        .and_then(Value::as_str)
        .unwrap_or("Always");
    if restart != "Always" {
        errs.push(FieldError::not_supported(
            &pp.child("restartPolicy"),
            &Value::String(restart.to_owned()),
            &["Always".into()],
        ));
    }
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
