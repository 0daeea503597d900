//! Built-in kinds of the `autoscaling` group: the HorizontalPodAutoscaler of `autoscaling/v2` and
//! `autoscaling/v1` (`pkg/apis/autoscaling/validation/validation.go`, Kubernetes v1.37, after the
//! defaults of `pkg/apis/autoscaling/v2/defaults.go` and, for v1, the conversion to the internal
//! type of `pkg/apis/autoscaling/v1/conversion.go`), with the server's messages and field paths.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::core_v1::{container_resource_name, meta};
use super::quantity::Quantity;
use crate::validate::field::FieldError;
use crate::validate::names::dns1123_label;
use crate::validate::objectmeta::{NameRule, path_segment_name};
use crate::validate::path::FieldPath;

/// `MaxPeriodSeconds`.
const MAX_PERIOD_SECONDS: i64 = 1800;
/// `MaxStabilizationWindowSeconds`.
const MAX_STABILIZATION_WINDOW_SECONDS: i64 = 3600;

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// A field that is set (JSON `null` is Go's nil pointer).
fn set<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    v.get(k).filter(|x| !x.is_null())
}

/// `Quantity.Sign()` and `Quantity.String()` of a quantity the decoder let through (`None`
/// beyond the range compared exactly).
fn quantity(v: &Value) -> Option<(std::cmp::Ordering, String)> {
    let q = Quantity::of(v)?;
    let zero = Quantity::parse("0")?;
    Some((q.partial_cmp(&zero)?, q.canonical()))
}

/// `ValidateNonnegativeQuantity`.
fn nonnegative_quantity(v: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if let Some((Ordering::Less, text)) = quantity(v) {
        errs.push(FieldError::invalid(
            path,
            &Value::String(text),
            "must be greater than or equal to 0",
        ));
    }
}

/// The group of `schema.ParseGroupVersion(gv)`, or its error.
fn api_group(gv: &str) -> Result<&str, String> {
    if gv.is_empty() || gv == "/" {
        return Ok("");
    }
    match gv.matches('/').count() {
        0 => Ok(""),
        1 => Ok(gv.split_once('/').map_or("", |(g, _)| g)),
        _ => Err(format!("unexpected GroupVersion string: {gv}")),
    }
}

/// `ValidateCrossVersionObjectReference`, with `ValidateAPIVersion`: an empty API group is
/// allowed when `allow_empty_group`.
fn cross_version_object_reference(
    r: &Value,
    path: &FieldPath,
    allow_empty_group: bool,
    errs: &mut Vec<FieldError>,
) {
    for k in ["kind", "name"] {
        let v = s(r, k);
        if v.is_empty() {
            errs.push(FieldError::required(&path.child(k), ""));
        } else {
            for m in path_segment_name(v) {
                errs.push(FieldError::invalid(
                    &path.child(k),
                    &Value::String(v.to_owned()),
                    m,
                ));
            }
        }
    }
    let api_version = s(r, "apiVersion");
    let err = match api_group(api_version) {
        Err(e) => Some(e),
        Ok("") if !allow_empty_group => Some("apiVersion must specify API group".to_owned()),
        Ok(_) => None,
    };
    if let Some(e) = err {
        errs.push(FieldError::invalid(
            &path.child("apiVersion"),
            &Value::String(api_version.to_owned()),
            e,
        ));
    }
}

/// `validateMetricIdentifier`.
fn metric_identifier(id: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let name = s(id, "name");
    let np = path.child("name");
    if name.is_empty() {
        errs.push(FieldError::required(&np, "must specify a metric name"));
    } else {
        for m in path_segment_name(name) {
            errs.push(FieldError::invalid(&np, &Value::String(name.to_owned()), m));
        }
    }
}

/// `validateMetricTarget`.
fn metric_target(t: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let ty = s(t, "type");
    if ty.is_empty() {
        errs.push(FieldError::required(
            &path.child("type"),
            "must specify a metric target type",
        ));
    }
    if !matches!(ty, "Utilization" | "Value" | "AverageValue") {
        errs.push(FieldError::invalid(
            &path.child("type"),
            &Value::String(ty.to_owned()),
            "must be either Utilization, Value, or AverageValue",
        ));
    }
    for k in ["value", "averageValue"] {
        if let Some((sign, text)) = set(t, k).and_then(quantity)
            && sign != Ordering::Greater
        {
            errs.push(FieldError::invalid(
                &path.child(k),
                &Value::String(text),
                "must be positive",
            ));
        }
    }
    if let Some(u) = set(t, "averageUtilization").and_then(Value::as_i64)
        && u < 1
    {
        errs.push(FieldError::invalid(
            &path.child("averageUtilization"),
            &json!(u),
            "must be greater than 0",
        ));
    }
}

/// The target of a metric source, or an empty one.
fn target(src: &Value) -> &Value {
    static EMPTY: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| json!({}));
    src.get("target")
        .filter(|t| t.is_object())
        .unwrap_or(&EMPTY)
}

/// `validateObjectSource`, `validateExternalSource`, `validatePodsSource`,
/// `validateResourceSource` and `validateContainerResourceSource`, by the source's field name.
fn metric_source(kind: &str, src: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let t = target(src);
    let tp = path.child("target");
    let has = |k: &str| set(t, k).is_some();
    match kind {
        "object" => {
            let empty = json!({});
            cross_version_object_reference(
                set(src, "describedObject").unwrap_or(&empty),
                &path.child("describedObject"),
                true,
                errs,
            );
            metric_identifier(
                set(src, "metric").unwrap_or(&empty),
                &path.child("metric"),
                errs,
            );
            metric_target(t, &tp, errs);
            if !has("value") && !has("averageValue") {
                errs.push(FieldError::required(
                    &tp.child("averageValue"),
                    "must set either a target value or averageValue",
                ));
            }
        }
        "external" | "pods" => {
            let empty = json!({});
            metric_identifier(
                set(src, "metric").unwrap_or(&empty),
                &path.child("metric"),
                errs,
            );
            metric_target(t, &tp, errs);
            if kind == "pods" {
                if !has("averageValue") {
                    errs.push(FieldError::required(
                        &tp.child("averageValue"),
                        "must specify a positive target averageValue",
                    ));
                }
            } else {
                if !has("value") && !has("averageValue") {
                    errs.push(FieldError::required(
                        &tp.child("averageValue"),
                        "must set either a target value for metric or a per-pod target",
                    ));
                }
                if has("value") && has("averageValue") {
                    errs.push(FieldError::forbidden(
                        &tp.child("value"),
                        "may not set both a target value for metric and a per-pod target",
                    ));
                }
            }
        }
        _ => {
            let name = s(src, "name");
            let np = path.child("name");
            if name.is_empty() {
                errs.push(FieldError::required(&np, "must specify a resource name"));
            } else if kind == "containerResource" {
                errs.extend(container_resource_name(name, &np));
            }
            if kind == "containerResource" {
                let container = s(src, "container");
                let cp = path.child("container");
                if container.is_empty() {
                    errs.push(FieldError::required(&cp, "must specify a container"));
                } else {
                    for m in dns1123_label(container) {
                        errs.push(FieldError::invalid(
                            &cp,
                            &Value::String(container.to_owned()),
                            m,
                        ));
                    }
                }
            }
            metric_target(t, &tp, errs);
            if !has("averageUtilization") && !has("averageValue") {
                errs.push(FieldError::required(
                    &tp.child("averageUtilization"),
                    "must set either a target raw value or a target utilization",
                ));
            }
            if has("averageUtilization") && has("averageValue") {
                errs.push(FieldError::forbidden(
                    &tp.child("averageValue"),
                    "may not set both a target raw value and a target utilization",
                ));
            }
        }
    }
}

/// The metric source types, in `validMetricSourceTypesList` order (sorted).
const METRIC_SOURCE_TYPES: [&str; 5] = [
    "ContainerResource",
    "External",
    "Object",
    "Pods",
    "Resource",
];

/// `validateMetricSpec`. Its `default:` branch repeats the `NotSupported` error it has already
/// made, which the server's aggregate drops: it is made once here.
fn metric_spec(m: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let ty = s(m, "type");
    if ty.is_empty() {
        errs.push(FieldError::required(
            &path.child("type"),
            "must specify a metric source type",
        ));
    }
    if !METRIC_SOURCE_TYPES.contains(&ty) {
        errs.push(FieldError::not_supported(
            &path.child("type"),
            &Value::String(ty.to_owned()),
            &METRIC_SOURCE_TYPES.map(str::to_owned),
        ));
    }
    // Go's order of checking the sources; only the first one present is validated.
    let mut present = Vec::new();
    for k in [
        "object",
        "external",
        "pods",
        "resource",
        "containerResource",
    ] {
        if let Some(src) = set(m, k) {
            present.push(k);
            if present.len() == 1 {
                metric_source(k, src, &path.child(k), errs);
            }
        }
    }
    let expected = match ty {
        "Object" => "object",
        "Pods" => "pods",
        "Resource" => "resource",
        "External" => "external",
        "ContainerResource" => "containerResource",
        _ => "",
    };
    if !expected.is_empty() && set(m, expected).is_none() {
        errs.push(FieldError::required(
            &path.child(expected),
            "must populate information for the given metric source",
        ));
    }
    if present.len() != 1 {
        // Go ranges over a set (a map): the order is random; sorted here.
        present.retain(|k| *k != expected);
        present.sort_unstable();
        for k in present {
            errs.push(FieldError::forbidden(
                &path.child(k),
                "must populate the given metric source only",
            ));
        }
    }
}

/// `validateMetrics`, after the defaults (no metrics: a CPU utilization of 80%, which is valid).
fn metrics(spec: &Value, min_replicas: i64, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let list = spec
        .get("metrics")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut object_or_external = false;
    for (i, m) in list.iter().enumerate() {
        metric_spec(m, &path.index(i), errs);
        object_or_external |= matches!(s(m, "type"), "Object" | "External");
    }
    if min_replicas == 0 && !object_or_external {
        errs.push(FieldError::forbidden(
            path,
            "must specify at least one Object or External metric to support scaling to zero replicas",
        ));
    }
}

/// `validateScalingRules` of rules after `copyHPAScalingRules` onto the defaults: a field not
/// set takes the default's (valid) value.
fn scaling_rules(rules: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    if let Some(w) = set(rules, "stabilizationWindowSeconds").and_then(Value::as_i64) {
        let wp = path.child("stabilizationWindowSeconds");
        if w < 0 {
            errs.push(FieldError::invalid(
                &wp,
                &json!(w),
                "must be greater than or equal to zero",
            ));
        }
        if w > MAX_STABILIZATION_WINDOW_SECONDS {
            errs.push(FieldError::invalid(
                &wp,
                &json!(w),
                format!("must be less than or equal to {MAX_STABILIZATION_WINDOW_SECONDS}"),
            ));
        }
    }
    if let Some(p) = set(rules, "selectPolicy").and_then(Value::as_str)
        && !matches!(p, "Max" | "Min" | "Disabled")
    {
        errs.push(FieldError::not_supported(
            &path.child("selectPolicy"),
            &Value::String(p.to_owned()),
            &["Disabled", "Max", "Min"],
        ));
    }
    if let Some(policies) = set(rules, "policies").and_then(Value::as_array) {
        let pp = path.child("policies");
        if policies.is_empty() {
            errs.push(FieldError::required(
                &pp,
                "must specify at least one Policy",
            ));
        }
        for (i, p) in policies.iter().enumerate() {
            scaling_policy(p, &pp.index(i), errs);
        }
    }
    if let Some(t) = set(rules, "tolerance") {
        nonnegative_quantity(t, &path.child("tolerance"), errs);
    }
}

/// `validateScalingPolicy`.
fn scaling_policy(p: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let ty = s(p, "type");
    if !matches!(ty, "Pods" | "Percent") {
        errs.push(FieldError::not_supported(
            &path.child("type"),
            &Value::String(ty.to_owned()),
            &["Percent", "Pods"],
        ));
    }
    let value = p.get("value").and_then(Value::as_i64).unwrap_or(0);
    if value <= 0 {
        errs.push(FieldError::invalid(
            &path.child("value"),
            &json!(value),
            "must be greater than zero",
        ));
    }
    let period = p.get("periodSeconds").and_then(Value::as_i64).unwrap_or(0);
    if period <= 0 {
        errs.push(FieldError::invalid(
            &path.child("periodSeconds"),
            &json!(period),
            "must be greater than zero",
        ));
    }
    if period > MAX_PERIOD_SECONDS {
        errs.push(FieldError::invalid(
            &path.child("periodSeconds"),
            &json!(period),
            format!("must be less than or equal to {MAX_PERIOD_SECONDS}"),
        ));
    }
}

/// `Convert_v1_HorizontalPodAutoscalerSpec_To_autoscaling_HorizontalPodAutoscalerSpec`: the v1
/// spec in the shape of the internal (v2) one. `targetCPUUtilizationPercentage` becomes a
/// Resource metric. The metrics and behavior of the `autoscaling.alpha.kubernetes.io/*`
/// annotations are not read.
fn v1_spec(spec: &Value) -> Value {
    let mut out = json!({});
    for k in ["scaleTargetRef", "minReplicas", "maxReplicas"] {
        if let Some(v) = spec.get(k) {
            out[k] = v.clone();
        }
    }
    if let Some(cpu) = set(spec, "targetCPUUtilizationPercentage") {
        out["metrics"] = json!([{"type": "Resource", "resource": {"name": "cpu",
            "target": {"type": "Utilization", "averageUtilization": cpu}}}]);
    }
    out
}

/// `ValidateHorizontalPodAutoscaler` with the options of the strategy's create
/// (`validationOptionsForHorizontalPodAutoscaler`: HPAScaleToZero is on in v1.37, so
/// `minReplicas` may be 0; an empty API group for a ReplicationController only), then the
/// declarative rules of `minReplicas` and `maxReplicas` (beta, enforced: the server lists their
/// errors last, in place of the handwritten ones they cover).
pub(super) fn horizontal_pod_autoscaler(obj: &Value, v1: bool) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let raw = obj.get("spec").filter(|v| v.is_object()).unwrap_or(&empty);
    let converted;
    let spec = if v1 {
        converted = v1_spec(raw);
        &converted
    } else {
        raw
    };
    // `SetDefaults_HorizontalPodAutoscaler`: minReplicas 1.
    let min = set(spec, "minReplicas")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let max = spec.get("maxReplicas").and_then(Value::as_i64).unwrap_or(0);
    let mut declarative = Vec::new();
    if min < 0 {
        declarative.push(FieldError::invalid(
            &sp.child("minReplicas"),
            &json!(min),
            "must be greater than or equal to 0",
        ));
    }
    if max == 0 {
        declarative.push(FieldError::required(&sp.child("maxReplicas"), ""));
    } else if max < 0 {
        declarative.push(FieldError::invalid(
            &sp.child("maxReplicas"),
            &json!(max),
            "must be greater than or equal to 1",
        ));
    }
    if max < min {
        errs.push(FieldError::invalid(
            &sp.child("maxReplicas"),
            &json!(max),
            "must be greater than or equal to `minReplicas`",
        ));
    }
    let target = set(spec, "scaleTargetRef").unwrap_or(&empty);
    cross_version_object_reference(
        target,
        &sp.child("scaleTargetRef"),
        s(target, "kind") == "ReplicationController",
        &mut errs,
    );
    metrics(spec, min, &sp.child("metrics"), &mut errs);
    if let Some(behavior) = set(spec, "behavior") {
        let bp = sp.child("behavior");
        for k in ["scaleUp", "scaleDown"] {
            if let Some(rules) = set(behavior, k) {
                scaling_rules(rules, &bp.child(k), &mut errs);
            }
        }
    }
    errs.extend(declarative);
    // The server's aggregate prints each message once.
    let mut seen = std::collections::HashSet::new();
    errs.retain(|e| seen.insert(e.message()));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(obj: &Value, v1: bool) -> Vec<String> {
        horizontal_pod_autoscaler(obj, v1)
            .iter()
            .map(FieldError::message)
            .collect()
    }

    fn hpa(spec: &Value) -> Value {
        json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "h"}, "spec": spec})
    }

    /// The v1.37.2 server's answer to the same objects.
    #[test]
    fn specs_like_the_server() {
        let obj = hpa(&json!({
            "scaleTargetRef": {"kind": "", "name": "a/b", "apiVersion": "v1"},
            "minReplicas": -1, "maxReplicas": 0,
            "metrics": [
                {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilizaton", "averageUtilization": 0, "averageValue": "-1"}}},
                {"type": "Pods", "resource": {"name": "cpu", "target": {"type": "Value"}},
                    "external": {"metric": {"name": "x"}, "target": {"type": "Value"}}},
                {"type": "Foo"},
                {}],
            "behavior": {
                "scaleUp": {"stabilizationWindowSeconds": 4000, "selectPolicy": "Maxx",
                    "policies": [{"type": "Pod", "value": 0, "periodSeconds": 2000}], "tolerance": "-1"},
                "scaleDown": {"policies": []}}}));
        let m = "spec.metrics";
        let supported =
            r#"supported values: "ContainerResource", "External", "Object", "Pods", "Resource""#;
        assert_eq!(
            messages(&obj, false),
            [
                "spec.scaleTargetRef.kind: Required value".to_owned(),
                r#"spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/'"#.into(),
                r#"spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group"#.into(),
                format!(r#"{m}[0].resource.target.type: Invalid value: "Utilizaton": must be either Utilization, Value, or AverageValue"#),
                format!(r#"{m}[0].resource.target.averageValue: Invalid value: "-1": must be positive"#),
                format!("{m}[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"),
                format!("{m}[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization"),
                format!("{m}[1].external.target.averageValue: Required value: must set either a target value for metric or a per-pod target"),
                format!("{m}[1].pods: Required value: must populate information for the given metric source"),
                format!("{m}[1].external: Forbidden: must populate the given metric source only"),
                format!("{m}[1].resource: Forbidden: must populate the given metric source only"),
                format!(r#"{m}[2].type: Unsupported value: "Foo": {supported}"#),
                format!("{m}[3].type: Required value: must specify a metric source type"),
                format!(r#"{m}[3].type: Unsupported value: "": {supported}"#),
                "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600".into(),
                r#"spec.behavior.scaleUp.selectPolicy: Unsupported value: "Maxx": supported values: "Disabled", "Max", "Min""#.into(),
                r#"spec.behavior.scaleUp.policies[0].type: Unsupported value: "Pod": supported values: "Percent", "Pods""#.into(),
                "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero".into(),
                "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800".into(),
                r#"spec.behavior.scaleUp.tolerance: Invalid value: "-1": must be greater than or equal to 0"#.into(),
                "spec.behavior.scaleDown.policies: Required value: must specify at least one Policy".into(),
                "spec.minReplicas: Invalid value: -1: must be greater than or equal to 0".into(),
                "spec.maxReplicas: Required value".into(),
            ]
        );
    }

    #[test]
    fn v1_converts_its_cpu_target_to_a_metric() {
        let obj = json!({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "h"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"},
                "minReplicas": 5, "maxReplicas": 3, "targetCPUUtilizationPercentage": 0}});
        assert_eq!(
            messages(&obj, true),
            [
                "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`",
                r#"spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group"#,
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
            ]
        );
    }

    #[test]
    fn scale_to_zero_needs_an_object_or_external_metric() {
        let obj = hpa(
            &json!({"scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
            "minReplicas": 0, "maxReplicas": -2,
            "metrics": [{"type": "Object", "object": {"describedObject": {"kind": "Service", "name": "s", "apiVersion": "a/b/c"},
                "metric": {"name": "x/y"}, "target": {"type": "Utilization", "value": "0.5"}}}]}),
        );
        assert_eq!(
            messages(&obj, false),
            [
                "spec.maxReplicas: Invalid value: -2: must be greater than or equal to `minReplicas`",
                r#"spec.metrics[0].object.describedObject.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c"#,
                r#"spec.metrics[0].object.metric.name: Invalid value: "x/y": may not contain '/'"#,
                "spec.maxReplicas: Invalid value: -2: must be greater than or equal to 1",
            ]
        );
        let obj = hpa(
            &json!({"scaleTargetRef": {"kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
            "minReplicas": 0, "maxReplicas": 2}),
        );
        assert_eq!(
            messages(&obj, false),
            [
                "spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas"
            ]
        );
    }
}
