//! Scheduling constraints of a pod spec (`pkg/apis/core/validation/validation.go`, Kubernetes
//! v1.37): `validateAffinity` (node affinity in full; pod affinity and anti-affinity with their
//! label and namespace selectors, without `matchLabelKeys`/`mismatchLabelKeys`) and
//! `validateTopologySpreadConstraints` (with `labelSelector`, without `matchLabelKeys`). The
//! selectors are checked as a create checks them: invalid label values refused.

use serde_json::{Value, json};

use super::{items, s};
use crate::validate::builtin::label_selector::validate_label_selector;
use crate::validate::field::FieldError;
use crate::validate::names::{dns1123_label, dns1123_subdomain, label_key, label_value};
use crate::validate::path::FieldPath;

fn strs(v: &Value, k: &str) -> Vec<String> {
    items(v, k)
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn text(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// `ValidateLabelName` at `path`.
fn label_name(key: &str, path: &FieldPath) -> Vec<FieldError> {
    label_key(key)
        .into_iter()
        .map(|m| FieldError::invalid(path, &text(key), m))
        .collect()
}

/// A weight outside 1..=100 (`ValidatePreferredSchedulingTerms`,
/// `validateWeightedPodAffinityTerms`).
fn weight(term: &Value, path: &FieldPath) -> Option<FieldError> {
    let w = term.get("weight").and_then(Value::as_i64).unwrap_or(0);
    (!(1..=100).contains(&w)).then(|| {
        FieldError::invalid(
            &path.child("weight"),
            &json!(w),
            "must be in the range 1-100",
        )
    })
}

/// `validateAffinity`.
pub(super) fn affinity(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    let Some(a) = spec.get("affinity").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = pp.child("affinity");
    let mut errs = Vec::new();
    if let Some(na) = a.get("nodeAffinity").filter(|v| v.is_object()) {
        errs.extend(node_affinity(na, &path.child("nodeAffinity")));
    }
    for k in ["podAffinity", "podAntiAffinity"] {
        if let Some(pa) = a.get(k).filter(|v| v.is_object()) {
            errs.extend(pod_affinity(pa, &path.child(k)));
        }
    }
    errs
}

/// `validateNodeAffinity`.
fn node_affinity(na: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let required = "requiredDuringSchedulingIgnoredDuringExecution";
    if let Some(ns) = na.get(required).filter(|v| v.is_object()) {
        errs.extend(node_selector(ns, &path.child(required)));
    }
    let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    for (i, term) in items(na, preferred).iter().enumerate() {
        let ip = path.child(preferred).index(i);
        errs.extend(weight(term, &ip));
        // Preferred terms allow any label value.
        let empty = json!({});
        let pref = term.get("preference").unwrap_or(&empty);
        errs.extend(node_selector_term(pref, true, &ip.child("preference")));
    }
    errs
}

/// `ValidateNodeSelector` of a create (invalid label values refused): a pod's required node
/// affinity, a PersistentVolume's node affinity.
pub(in crate::validate::builtin) fn node_selector(ns: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let tp = path.child("nodeSelectorTerms");
    let terms = items(ns, "nodeSelectorTerms");
    if terms.is_empty() {
        errs.push(FieldError::required(
            &tp,
            "must have at least one node selector term",
        ));
    }
    for (i, term) in terms.iter().enumerate() {
        errs.extend(node_selector_term(term, false, &tp.index(i)));
    }
    errs
}

/// `ValidateNodeSelectorTerm`.
fn node_selector_term(term: &Value, any_value: bool, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (j, rq) in items(term, "matchExpressions").iter().enumerate() {
        errs.extend(node_selector_requirement(
            rq,
            any_value,
            &path.child("matchExpressions").index(j),
        ));
    }
    for (j, rq) in items(term, "matchFields").iter().enumerate() {
        errs.extend(node_field_requirement(
            rq,
            &path.child("matchFields").index(j),
        ));
    }
    errs
}

/// `ValidateNodeSelectorRequirement`.
fn node_selector_requirement(rq: &Value, any_value: bool, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let values = strs(rq, "values");
    let vp = path.child("values");
    match s(rq, "operator") {
        "In" | "NotIn" if values.is_empty() => errs.push(FieldError::required(
            &vp,
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if !values.is_empty() => errs.push(FieldError::forbidden(
            &vp,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "Gt" | "Lt" if values.len() != 1 => errs.push(FieldError::required(
            &vp,
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt" => {}
        op => errs.push(FieldError::invalid(
            &path.child("operator"),
            &text(op),
            "not a valid selector operator",
        )),
    }
    errs.extend(label_name(s(rq, "key"), &path.child("key")));
    if !any_value {
        for (i, v) in values.iter().enumerate() {
            for m in label_value(v) {
                errs.push(FieldError::invalid(&vp.index(i), &text(v), m));
            }
        }
    }
    errs
}

/// `ValidateNodeFieldSelectorRequirement`: `metadata.name` only, one node name.
fn node_field_requirement(rq: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let values = strs(rq, "values");
    match s(rq, "operator") {
        "In" | "NotIn" if values.len() != 1 => errs.push(FieldError::required(
            &path.child("values"),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        )),
        "In" | "NotIn" => {}
        op => errs.push(FieldError::invalid(
            &path.child("operator"),
            &text(op),
            "not a valid selector operator",
        )),
    }
    let key = s(rq, "key");
    if key == "metadata.name" {
        for (i, v) in values.iter().enumerate() {
            for m in dns1123_subdomain(v) {
                errs.push(FieldError::invalid(
                    &path.child("values").index(i),
                    &text(v),
                    m,
                ));
            }
        }
    } else {
        errs.push(FieldError::invalid(
            &path.child("key"),
            &text(key),
            "not a valid field selector key",
        ));
    }
    errs
}

/// `validatePodAffinity` and `validatePodAntiAffinity`.
fn pod_affinity(pa: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let required = "requiredDuringSchedulingIgnoredDuringExecution";
    for (i, term) in items(pa, required).iter().enumerate() {
        errs.extend(pod_affinity_term(term, &path.child(required).index(i)));
    }
    let preferred = "preferredDuringSchedulingIgnoredDuringExecution";
    for (i, term) in items(pa, preferred).iter().enumerate() {
        let ip = path.child(preferred).index(i);
        errs.extend(weight(term, &ip));
        let empty = json!({});
        let t = term.get("podAffinityTerm").unwrap_or(&empty);
        errs.extend(pod_affinity_term(t, &ip.child("podAffinityTerm")));
    }
    errs
}

/// `validatePodAffinityTerm` without `matchLabelKeys`/`mismatchLabelKeys`: the selectors
/// (`ValidatePodAffinityTermSelector`), namespace names, the topology key.
fn pod_affinity_term(term: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in ["labelSelector", "namespaceSelector"] {
        validate_label_selector(term.get(k), &path.child(k), &mut errs);
    }
    for ns in strs(term, "namespaces") {
        // `ValidateNamespaceName`; Go names the field `namespace`.
        for m in dns1123_label(&ns) {
            errs.push(FieldError::invalid(&path.child("namespace"), &text(&ns), m));
        }
    }
    let key = s(term, "topologyKey");
    let kp = path.child("topologyKey");
    if key.is_empty() {
        errs.push(FieldError::required(&kp, "can not be empty"));
    }
    errs.extend(label_name(key, &kp));
    errs
}

/// `validateTopologySpreadConstraints` without `matchLabelKeys`.
pub(super) fn topology_spread(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    let constraints = items(spec, "topologySpreadConstraints");
    let path = pp.child("topologySpreadConstraints");
    let mut errs = Vec::new();
    for (i, c) in constraints.iter().enumerate() {
        let ip = path.index(i);
        let skew = c.get("maxSkew").and_then(Value::as_i64).unwrap_or(0);
        if skew <= 0 {
            errs.push(FieldError::invalid(
                &ip.child("maxSkew"),
                &json!(skew),
                "must be greater than zero",
            ));
        }
        let key = s(c, "topologyKey");
        if key.is_empty() {
            errs.push(FieldError::required(
                &ip.child("topologyKey"),
                "can not be empty",
            ));
        }
        let action = s(c, "whenUnsatisfiable");
        if !matches!(action, "DoNotSchedule" | "ScheduleAnyway") {
            errs.push(FieldError::not_supported(
                &ip.child("whenUnsatisfiable"),
                &text(action),
                &["DoNotSchedule", "ScheduleAnyway"],
            ));
        }
        // `ValidateSpreadConstraintNotRepeat`
        if constraints[i + 1..]
            .iter()
            .any(|r| s(r, "topologyKey") == key && s(r, "whenUnsatisfiable") == action)
        {
            errs.push(FieldError::duplicate(
                &ip.child("{topologyKey, whenUnsatisfiable}"),
                crate::validate::field::BadValue::str(format!("{{{key}, {action}}}")),
            ));
        }
        // `validateMinDomains`
        if let Some(min) = c.get("minDomains").and_then(Value::as_i64) {
            let mp = ip.child("minDomains");
            if min <= 0 {
                errs.push(FieldError::invalid(
                    &mp,
                    &json!(min),
                    "must be greater than zero",
                ));
            }
            if action != "DoNotSchedule" {
                errs.push(FieldError::invalid(
                    &mp,
                    &json!(min),
                    format!(
                        "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}"
                    ),
                ));
            }
        }
        // `validateNodeInclusionPolicy`
        for k in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
            if let Some(p) = c.get(k).and_then(Value::as_str)
                && !matches!(p, "Honor" | "Ignore")
            {
                errs.push(FieldError::not_supported(
                    &ip.child(k),
                    &text(p),
                    &["Honor", "Ignore"],
                ));
            }
        }
        validate_label_selector(
            c.get("labelSelector"),
            &ip.child("labelSelector"),
            &mut errs,
        );
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(spec: &Value) -> Vec<String> {
        let pp = FieldPath::fields(&["spec"]);
        let mut errs = affinity(spec, &pp);
        errs.extend(topology_spread(spec, &pp));
        errs.iter().map(FieldError::message).collect()
    }

    /// The v1.37.2 server's answers for the selectors of affinity terms and spread
    /// constraints: the term's selectors come before its topology key, a constraint's last.
    #[test]
    fn selectors_like_the_server() {
        let spec = json!({
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "", "labelSelector": {"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]},
                 "namespaceSelector": {"matchLabels": {"team": "a b"}}}]}},
            "topologySpreadConstraints": [{"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                "labelSelector": {"matchExpressions": [{"key": "app", "operator": "In"}]}}]});
        let p = "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
        assert_eq!(
            messages(&spec),
            [
                format!(r#"{p}.labelSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator"#),
                format!(r#"{p}.namespaceSelector.matchLabels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#),
                format!("{p}.topologyKey: Required value: can not be empty"),
                format!(r#"{p}.topologyKey: Invalid value: "": name part must be non-empty"#),
                format!(r#"{p}.topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#),
                "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero".to_owned(),
                "spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".to_owned(),
            ]
        );
    }

    /// Each message as the v1.37.2 server answered for the same pod spec.
    #[test]
    fn scheduling_constraints_like_the_server() {
        let spec = json!({
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{
                        "matchExpressions": [{"key": "zone", "operator": "In"},
                            {"key": "disk", "operator": "Equals", "values": ["ssd"]}],
                        "matchFields": [{"key": "metadata.namespace", "operator": "In", "values": ["a"]}]}]},
                    "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 0,
                        "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a b"]}]}}]},
                "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"namespaces": ["ns"]}]}},
            "topologySpreadConstraints": [
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedul"},
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedul", "minDomains": 2}]});
        let a = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]";
        let t = "spec.topologySpreadConstraints";
        assert_eq!(
            messages(&spec),
            [
                format!("{a}.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
                format!("{a}.matchExpressions[1].operator: Invalid value: \"Equals\": not a valid selector operator"),
                format!("{a}.matchFields[0].key: Invalid value: \"metadata.namespace\": not a valid field selector key"),
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100".to_owned(),
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty".to_owned(),
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty".to_owned(),
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_owned(),
                format!("{t}[0].whenUnsatisfiable: Unsupported value: \"DoNotSchedul\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
                format!("{t}[0].{{topologyKey, whenUnsatisfiable}}: Duplicate value: \"{{zone, DoNotSchedul}}\""),
                format!("{t}[1].whenUnsatisfiable: Unsupported value: \"DoNotSchedul\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\""),
                format!("{t}[1].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not DoNotSchedul"),
            ]
        );
    }
}
