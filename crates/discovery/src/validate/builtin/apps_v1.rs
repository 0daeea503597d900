//! Built-in kinds of the `apps/v1` group: the validation of Deployment, ReplicaSet, DaemonSet
//! and StatefulSet (`pkg/apis/apps/validation/validation.go`, Kubernetes v1.37.2), after the
//! defaults of `pkg/apis/apps/v1/defaults.go`, with the server's messages: selectors, templates,
//! counts, update strategies and their int-or-percent rules, StatefulSet policies and claim
//! templates (whose specs go through `core_v1::persistent_volume`).

use serde_json::{Value, json};

use super::core_v1::persistent_volume::persistent_volume_claim_spec;
use super::core_v1::{always_restarts, items, labels, meta, pod_template_spec};
use super::label_selector::validate_label_selector;
use super::selector::{Selector, as_selector};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::dns1123_label;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `ValidateDeployment`: `ValidateDeploymentSpec`, after `SetDefaults_Deployment`.
pub(super) fn deployment(obj: &mut Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    // Borrowed, not copied: the checks below only read.
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    non_negative(spec, &sp, "replicas", &mut errs);
    required_selector(spec, &sp, "deployment", &mut errs);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    match as_selector(selector) {
        None => errs.push(FieldError::invalid(
            &sp.child("selector"),
            selector.unwrap_or(&Value::Null),
            "invalid label selector",
        )),
        // ValidatePodTemplateSpecForReplicaSet
        Some(sel) => {
            let template = spec.get("template").unwrap_or(&empty);
            let tp = sp.child("template");
            if !sel.is_empty() {
                errs.extend(mismatch(&sel, template, &tp));
            }
            errs.extend(pod_template_spec(template, &tp, &[]));
            // Go names the ReplicaSet here: the Deployment shares its template check.
            errs.extend(always_restarts(template, &tp, "ReplicaSet"));
        }
    }
    errs.extend(deployment_strategy(
        spec.get("strategy"),
        &sp.child("strategy"),
    ));
    non_negative(spec, &sp, "minReadySeconds", &mut errs);
    // SetDefaults_Deployment: revisionHistoryLimit 10, progressDeadlineSeconds 600.
    non_negative(spec, &sp, "revisionHistoryLimit", &mut errs);
    let min_ready = spec
        .get("minReadySeconds")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let deadline = spec
        .get("progressDeadlineSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(600);
    non_negative(spec, &sp, "progressDeadlineSeconds", &mut errs);
    if deadline <= min_ready {
        errs.push(FieldError::invalid(
            &sp.child("progressDeadlineSeconds"),
            &json!(deadline),
            "must be greater than minReadySeconds",
        ));
    }
    errs
}

/// A workload's strategy as its defaults leave it: the type (`RollingUpdate` when unset or
/// empty) and the `rollingUpdate` parameters, if given.
fn strategy_parts(strategy: Option<&Value>) -> (&str, Option<&Value>) {
    let strategy = strategy.filter(|v| v.is_object());
    let ty = strategy
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .unwrap_or("RollingUpdate");
    let rolling = strategy
        .and_then(|s| s.get("rollingUpdate"))
        .filter(|r| !r.is_null());
    (ty, rolling)
}

/// `ValidateDeploymentStrategy` with `ValidateRollingUpdateDeployment`, after
/// `SetDefaults_Deployment` (type `RollingUpdate`, whose `maxUnavailable` and `maxSurge` are
/// `25%`).
fn deployment_strategy(strategy: Option<&Value>, sp: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let (ty, rolling) = strategy_parts(strategy);
    match ty {
        "Recreate" => {
            if rolling.is_some() {
                errs.push(FieldError::forbidden(
                    &sp.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => {
            let rp = sp.child("rollingUpdate");
            let pct = json!("25%");
            let field = |k: &str| {
                rolling
                    .and_then(|r| r.get(k))
                    .filter(|v| !v.is_null())
                    .unwrap_or(&pct)
            };
            let (unavailable, surge) = (field("maxUnavailable"), field("maxSurge"));
            errs.extend(positive_int_or_percent(
                unavailable,
                &rp.child("maxUnavailable"),
            ));
            errs.extend(positive_int_or_percent(surge, &rp.child("maxSurge")));
            if int_or_percent_value(unavailable) == 0 && int_or_percent_value(surge) == 0 {
                errs.push(FieldError::invalid(
                    &rp.child("maxUnavailable"),
                    unavailable,
                    "may not be 0 when `maxSurge` is 0",
                ));
            }
            errs.extend(not_more_than_100_percent(
                unavailable,
                &rp.child("maxUnavailable"),
            ));
        }
        _ => errs.push(FieldError::new(
            Reason::FieldValueNotSupported,
            sp,
            BadValue::Value(
                json!({"Type": ty, "RollingUpdate": rolling.cloned().unwrap_or(Value::Null)}),
            ),
            "supported values: \"Recreate\", \"RollingUpdate\"",
        )),
    }
    errs
}

/// `ValidatePositiveIntOrPercent`: a string is `IsValidPercent`, a number not negative.
fn positive_int_or_percent(v: &Value, path: &FieldPath) -> Vec<FieldError> {
    match v {
        Value::String(s) if percent_value(s).is_none() => vec![FieldError::invalid(
            path,
            v,
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        )],
        Value::Number(n) if n.as_i64().is_some_and(|n| n < 0) => vec![FieldError::invalid(
            path,
            v,
            "must be greater than or equal to 0",
        )],
        _ => Vec::new(),
    }
}

/// `getPercentValue`: the number of a valid percent string (`[0-9]+%`).
fn percent_value(s: &str) -> Option<i64> {
    let digits = s.strip_suffix('%')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Go's Atoi saturates on overflow, and the error is ignored.
    Some(digits.parse().unwrap_or(i64::MAX))
}

/// `getIntOrPercentValue`: a percent's number, else `IntOrString.IntValue()` (a string that is
/// not a number is 0).
fn int_or_percent_value(v: &Value) -> i64 {
    match v {
        Value::String(s) => percent_value(s).unwrap_or_else(|| s.parse().unwrap_or(0)),
        other => other.as_i64().unwrap_or(0),
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(v: &Value, path: &FieldPath) -> Option<FieldError> {
    v.as_str()
        .and_then(percent_value)
        .filter(|p| *p > 100)
        .map(|_| FieldError::invalid(path, v, "must not be greater than 100%"))
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

/// The volumes `ValidateStatefulSetSpec` checks in the template: one per claim template
/// (`volumesToAddForTemplates`: a claim of that name), then the template's own volumes of
/// other names. Go takes the claims from a map, in no fixed order; all are valid alike.
fn claim_volumes(claims: &[&str], own: Option<&Value>) -> Value {
    let mut names: Vec<&str> = Vec::new();
    for c in claims {
        if !names.contains(c) {
            names.push(c);
        }
    }
    let mut volumes: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "persistentVolumeClaim": {"claimName": n}}))
        .collect();
    volumes.extend(
        own.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|v| !names.contains(&str_of(v.get("name"))))
            .cloned(),
    );
    Value::Array(volumes)
}

fn str_of(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or_default()
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
            validate_label_selector(Some(sel), &sp.child("selector"), errs);
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

/// `ValidateDaemonSetSpec`, after `SetDefaults_DaemonSet`.
pub(super) fn daemon_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    validate_label_selector(selector, &sp.child("selector"), &mut errs);
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
    errs.extend(daemon_set_update_strategy(
        spec.get("updateStrategy"),
        &sp.child("updateStrategy"),
    ));
    non_negative(spec, &sp, "revisionHistoryLimit", &mut errs);
    errs
}

/// `ValidateDaemonSetUpdateStrategy` with `ValidateRollingUpdateDaemonSet`, after
/// `SetDefaults_DaemonSet` (type `RollingUpdate`, `maxUnavailable` 1, `maxSurge` 0).
fn daemon_set_update_strategy(strategy: Option<&Value>, sp: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let (ty, rolling) = strategy_parts(strategy);
    match ty {
        "OnDelete" => {}
        "RollingUpdate" => {
            let rp = sp.child("rollingUpdate");
            let (one, zero) = (json!(1), json!(0));
            let field = |k: &str, default| {
                rolling
                    .and_then(|r| r.get(k))
                    .filter(|v| !v.is_null())
                    .unwrap_or(default)
            };
            let unavailable = field("maxUnavailable", &one);
            let surge = field("maxSurge", &zero);
            let (up, spath) = (rp.child("maxUnavailable"), rp.child("maxSurge"));
            errs.extend(positive_int_or_percent(unavailable, &up));
            errs.extend(positive_int_or_percent(surge, &spath));
            errs.extend(not_more_than_100_percent(unavailable, &up));
            errs.extend(not_more_than_100_percent(surge, &spath));
            let has_unavailable = int_or_percent_value(unavailable) != 0;
            let has_surge = int_or_percent_value(surge) != 0;
            if has_unavailable && has_surge {
                errs.push(FieldError::invalid(
                    &spath,
                    surge,
                    "may not be set when maxUnavailable is non-zero",
                ));
            } else if !has_unavailable && !has_surge {
                errs.push(FieldError::required(&up, "cannot be 0 when maxSurge is 0"));
            }
        }
        _ => errs.push(FieldError::not_supported(
            sp,
            &json!({"Type": ty, "RollingUpdate": rolling.cloned().unwrap_or(Value::Null)}),
            &["RollingUpdate", "OnDelete"],
        )),
    }
    errs
}

/// `ValidateStatefulSet`: `ValidateStatefulSetSpec` after `SetDefaults_StatefulSet`
/// (`OrderedReady`, a `RollingUpdate` with partition 0 and, MaxUnavailableStatefulSet being on
/// in v1.37, `maxUnavailable` 1; claims retained), in its order: the policies, the update
/// strategy, the counts, the service name, the selector, the template (which may mount the
/// volumes of `volumeClaimTemplates`; its `hostname` and `subdomain` are the controller's).
#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
pub(super) fn stateful_set(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsLabel);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    match str_of(spec.get("podManagementPolicy")) {
        "" | "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            &sp.child("podManagementPolicy"),
            &json!(other),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let (ty, rolling) = strategy_parts(spec.get("updateStrategy"));
    let up = sp.child("updateStrategy");
    // The internal struct, as json.Marshal prints it in a message.
    let rolling_struct = |r: &Value| {
        json!({"Partition": r.get("partition").cloned().unwrap_or(json!(0)),
            "MaxUnavailable": r.get("maxUnavailable").cloned().unwrap_or(Value::Null)})
    };
    match ty {
        "OnDelete" => {
            if let Some(r) = rolling {
                errs.push(FieldError::invalid(
                    &up.child("rollingUpdate"),
                    &rolling_struct(r),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            let rp = up.child("rollingUpdate");
            let r = rolling.unwrap_or(&empty);
            non_negative(r, &rp, "partition", &mut errs);
            let one = json!(1);
            let max = r
                .get("maxUnavailable")
                .filter(|v| !v.is_null())
                .unwrap_or(&one);
            let mp = rp.child("maxUnavailable");
            errs.extend(positive_int_or_percent(max, &mp));
            if int_or_percent_value(max) == 0 {
                errs.push(FieldError::invalid(&mp, max, "cannot be 0"));
            }
            errs.extend(not_more_than_100_percent(max, &mp));
        }
        // StatefulSetRecreateStrategy is alpha (off) in v1.37: `Recreate` is refused too.
        _ => errs.push(FieldError::invalid(
            &up,
            &json!({"Type": ty, "RollingUpdate": rolling.map_or(Value::Null, rolling_struct)}),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    let retention = spec
        .get("persistentVolumeClaimRetentionPolicy")
        .filter(|v| v.is_object());
    let rp = sp.child("persistentVolumeClaimRetentionPolicy");
    for k in ["whenDeleted", "whenScaled"] {
        match str_of(retention.and_then(|r| r.get(k))) {
            "" | "Retain" | "Delete" => {}
            other => errs.push(FieldError::not_supported(
                &rp.child(k),
                &json!(other),
                &["Retain", "Delete"],
            )),
        }
    }
    // `validateVolumeClaimTemplates`: each claim's spec as a created claim's.
    let vp = sp.child("volumeClaimTemplates");
    for (i, claim) in items(spec, "volumeClaimTemplates").iter().enumerate() {
        let empty_spec = json!({});
        let claim_spec = claim.get("spec").unwrap_or(&empty_spec);
        errs.extend(persistent_volume_claim_spec(
            claim_spec,
            &vp.index(i).child("spec"),
        ));
    }
    non_negative(spec, &sp, "replicas", &mut errs);
    non_negative(spec, &sp, "minReadySeconds", &mut errs);
    if let Some(start) = spec
        .get("ordinals")
        .and_then(|o| o.get("start"))
        .and_then(Value::as_i64)
        && start < 0
    {
        errs.push(FieldError::invalid(
            &sp.child("ordinals").child("start"),
            &json!(start),
            "must be greater than or equal to 0",
        ));
    }
    let service = str_of(spec.get("serviceName"));
    if !service.is_empty() {
        for m in dns1123_label(service) {
            errs.push(FieldError::invalid(
                &sp.child("serviceName"),
                &json!(service),
                m,
            ));
        }
    }
    required_selector(spec, &sp, "statefulset", &mut errs);
    let selector = spec.get("selector").filter(|v| !v.is_null());
    let tp = sp.child("template");
    let mut template = spec.get("template").cloned().unwrap_or_else(|| json!({}));
    let claims: Vec<&str> = spec
        .get("volumeClaimTemplates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| str_of(c.get("metadata").and_then(|m| m.get("name"))))
        .collect();
    if let Some(pod) = template.get_mut("spec").and_then(Value::as_object_mut) {
        pod.remove("hostname");
        pod.remove("subdomain");
        if !claims.is_empty() {
            pod.insert("volumes".into(), claim_volumes(&claims, pod.get("volumes")));
        }
    }
    match as_selector(selector) {
        None => errs.push(FieldError::invalid(
            &sp.child("selector"),
            selector.unwrap_or(&Value::Null),
            "",
        )),
        Some(sel) => {
            // ValidatePodTemplateSpecForStatefulSet
            if !sel.is_empty() {
                errs.extend(mismatch(&sel, &template, &tp));
            }
            errs.extend(pod_template_spec(&template, &tp, &[]));
            labels(
                template.get("metadata").and_then(|m| m.get("labels")),
                &tp.child("labels"),
                &mut errs,
            );
        }
    }
    errs.extend(always_restarts(&template, &tp, "StatefulSet"));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(FieldError::message).collect()
    }

    fn of(kind: &str, name: &str, extra: &Value) -> Value {
        let mut spec = json!({"selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]}}});
        if kind == "StatefulSet" {
            spec["serviceName"] = json!("web");
        }
        spec.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name}, "spec": spec})
    }

    const PERCENT: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    /// Each case as the v1.37.2 server answered `kubectl apply --dry-run=server` of it (Go
    /// prints the internal structs' fields in their declaration order; here keys are sorted).
    #[test]
    fn deployments_like_the_server() {
        let cases: Vec<(Value, Vec<String>)> = vec![
            (json!({"strategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}}), vec![]),
            (
                json!({"minReadySeconds": 900}),
                vec!["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds".into()],
            ),
            (
                json!({"progressDeadlineSeconds": -1, "revisionHistoryLimit": -1, "minReadySeconds": -2}),
                vec![
                    "spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0".into(),
                    "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0".into(),
                    "spec.progressDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0".into(),
                ],
            ),
            (
                json!({"strategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0}}}),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0".into()],
            ),
            (
                json!({"strategy": {"rollingUpdate": {"maxUnavailable": "150%", "maxSurge": "x"}}}),
                vec![
                    format!(r#"spec.strategy.rollingUpdate.maxSurge: Invalid value: "x": {PERCENT}"#),
                    r#"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%"#.into(),
                ],
            ),
            (
                json!({"strategy": {"type": "Recreate", "rollingUpdate": {"maxSurge": 1}}}),
                vec!["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'".into()],
            ),
            (
                json!({"template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"activeDeadlineSeconds": 5, "containers": [{"name": "a", "image": "b"}]}}}),
                vec!["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported".into()],
            ),
            (
                json!({"strategy": {"rollingUpdate": {"maxUnavailable": -1, "maxSurge": "200%"}}}),
                vec!["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0".into()],
            ),
        ];
        for (extra, want) in cases {
            let mut obj = of("Deployment", "d", &extra);
            assert_eq!(messages(&deployment(&mut obj)), want, "{extra}");
        }
    }

    #[test]
    fn daemon_sets_like_the_server() {
        let rp = "spec.updateStrategy.rollingUpdate";
        let cases: Vec<(Value, Vec<String>)> = vec![
            (json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}}}), vec![]),
            (json!({"updateStrategy": {"type": "OnDelete", "rollingUpdate": {"maxSurge": 1}}}), vec![]),
            (
                json!({"updateStrategy": {"rollingUpdate": {"maxSurge": 1}}}),
                vec![format!("{rp}.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero")],
            ),
            (
                json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": 0}}}),
                vec![format!("{rp}.maxUnavailable: Required value: cannot be 0 when maxSurge is 0")],
            ),
            (
                json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "120%", "maxSurge": "5"}}}),
                vec![
                    format!(r#"{rp}.maxSurge: Invalid value: "5": {PERCENT}"#),
                    format!(r#"{rp}.maxUnavailable: Invalid value: "120%": must not be greater than 100%"#),
                    format!(r#"{rp}.maxSurge: Invalid value: "5": may not be set when maxUnavailable is non-zero"#),
                ],
            ),
            (
                json!({"updateStrategy": {"type": "Rolling"}}),
                vec![r#"spec.updateStrategy: Unsupported value: {"RollingUpdate":null,"Type":"Rolling"}: supported values: "RollingUpdate", "OnDelete""#.into()],
            ),
        ];
        for (extra, want) in cases {
            assert_eq!(
                messages(&daemon_set(&of("DaemonSet", "ds", &extra))),
                want,
                "{extra}"
            );
        }
    }

    #[test]
    fn stateful_sets_like_the_server() {
        let claim = json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}});
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%"}},
                    "podManagementPolicy": "Parallel"}),
                vec![],
            ),
            (
                json!({"podManagementPolicy": "parallel"}),
                vec![
                    r#"spec.podManagementPolicy: Invalid value: "parallel": must be 'OrderedReady' or 'Parallel'"#,
                ],
            ),
            (
                json!({"updateStrategy": {"type": "OnDelete", "rollingUpdate": {"partition": 1}}}),
                vec![
                    r#"spec.updateStrategy.rollingUpdate: Invalid value: {"MaxUnavailable":null,"Partition":1}: only allowed for updateStrategy 'RollingUpdate'"#,
                ],
            ),
            (
                json!({"updateStrategy": {"rollingUpdate": {"partition": -1, "maxUnavailable": 0}}}),
                vec![
                    "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
                    "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0",
                ],
            ),
            (
                json!({"updateStrategy": {"type": "Recreate"}}),
                vec![
                    r#"spec.updateStrategy: Invalid value: {"RollingUpdate":null,"Type":"Recreate"}: must be 'RollingUpdate' or 'OnDelete'"#,
                ],
            ),
            (
                json!({"updateStrategy": {"rollingUpdate": {"maxUnavailable": "150%"}}}),
                vec![
                    r#"spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%"#,
                ],
            ),
            (
                json!({"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Remove", "whenScaled": "delete"}}),
                vec![
                    r#"spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Remove": supported values: "Retain", "Delete""#,
                    r#"spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "delete": supported values: "Retain", "Delete""#,
                ],
            ),
            (
                json!({"ordinals": {"start": -1}, "replicas": -1, "minReadySeconds": -1}),
                vec![
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                    "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
                ],
            ),
            (
                json!({"template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                    "volumes": [{"name": "Bad_Name", "emptyDir": {}},
                        {"name": "data", "emptyDir": {}, "configMap": {"name": "x"}}],
                    "containers": [{"name": "a", "image": "b",
                        "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}},
                    "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": claim},
                        {"metadata": {"name": "logs"}, "spec": claim}]}),
                vec![
                    r#"spec.template.spec.volumes[2].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
                ],
            ),
            (
                json!({"volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"resources": {"requests": {"storage": "1Gi"}}}}]}),
                vec![
                    "spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required",
                ],
            ),
            (
                json!({"serviceName": "Web_Svc"}),
                vec![
                    r#"spec.serviceName: Invalid value: "Web_Svc": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"#,
                ],
            ),
            (
                json!({"selector": null, "podManagementPolicy": "x"}),
                vec![
                    r#"spec.podManagementPolicy: Invalid value: "x": must be 'OrderedReady' or 'Parallel'"#,
                    "spec.selector: Required value",
                    r#"spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`"#,
                ],
            ),
        ];
        for (extra, want) in cases {
            assert_eq!(
                messages(&stateful_set(&of("StatefulSet", "ss", &extra))),
                want,
                "{extra}"
            );
        }
    }
}
