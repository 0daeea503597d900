//! LimitRange and ResourceQuota of the core group (`pkg/apis/core/validation/validation.go`
//! and the resource name sets of `pkg/apis/core/helper/helpers.go`, Kubernetes v1.37). Go
//! ranges over resource maps in a random order; the checks of each map run in key order here.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::meta;
use super::resources::{
    container_resource_name, is_overcommit_allowed, is_quota_huge_page, resource_name,
    resource_quantity_value,
};
use crate::validate::builtin::quantity::Quantity;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::names::label_key;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `helper.standardQuotaResources`.
const STANDARD_QUOTA_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
];

/// `helper.IsStandardQuotaResourceName`.
fn is_standard_quota_resource(name: &str) -> bool {
    STANDARD_QUOTA_RESOURCES.contains(&name) || is_quota_huge_page(name)
}

/// `ValidateResourceQuotaResourceName`.
fn resource_quota_resource_name(name: &str, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = resource_name(name, path);
    if !name.contains('/') && !is_standard_quota_resource(name) {
        errs.push(FieldError::invalid(
            path,
            &Value::String(name.to_owned()),
            "must be a standard resource for quota",
        ));
    }
    errs
}

/// The entries of a resource map with their quantities (`None` for one the decoder reported).
fn quantities<'a>(v: &'a Value, k: &str) -> Vec<(&'a str, Option<Quantity>)> {
    v.get(k)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.as_str(), Quantity::of(v)))
                .collect()
        })
        .unwrap_or_default()
}

/// `validateLimitRangeTypeName`.
fn limit_range_type_name(ty: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let v = Value::String(ty.to_owned());
    let before = errs.len();
    for m in label_key(ty) {
        errs.push(FieldError::invalid(path, &v, m));
    }
    if errs.len() == before
        && !ty.contains('/')
        && !matches!(ty, "Pod" | "Container" | "PersistentVolumeClaim")
    {
        errs.push(FieldError::invalid(
            path,
            &v,
            "must be a standard limit type or fully qualified",
        ));
    }
}

/// `validateLimitRangeResourceName`.
fn limit_range_resource_name(ty: &str, name: &str, path: &FieldPath) -> Vec<FieldError> {
    if matches!(ty, "Pod" | "Container") {
        container_resource_name(name, path)
    } else {
        resource_name(name, path)
    }
}

/// `SetDefaults_LimitRangeItem`: a container's default limit is its max, its default request
/// its default limit, else its min.
fn limit_range_item_defaults(limit: &Value) -> Value {
    let mut limit = limit.clone();
    if limit.get("type").and_then(Value::as_str) != Some("Container") {
        return limit;
    }
    let map = |l: &Value, k: &str| {
        l.get(k)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let mut default = map(&limit, "default");
    let mut request = map(&limit, "defaultRequest");
    for (k, v) in map(&limit, "max") {
        default.entry(k).or_insert(v);
    }
    for (k, v) in &default {
        request.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in map(&limit, "min") {
        request.entry(k).or_insert(v);
    }
    limit["default"] = Value::Object(default);
    limit["defaultRequest"] = Value::Object(request);
    limit
}

/// `ValidateLimitRange`.
#[expect(
    clippy::too_many_lines,
    reason = "the Go function's checks, in its order"
)]
pub(in crate::validate::builtin) fn limit_range(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let lp = FieldPath::fields(&["spec", "limits"]);
    let limits = obj
        .get("spec")
        .and_then(|s| s.get("limits"))
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut types = BTreeSet::new();
    for (i, limit) in limits.iter().enumerate() {
        let ip = lp.index(i);
        let defaulted = limit_range_item_defaults(limit);
        let limit = &defaulted;
        let ty = limit
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        limit_range_type_name(ty, &ip.child("type"), &mut errs);
        if !types.insert(ty.to_owned()) {
            errs.push(FieldError::duplicate(&ip.child("type"), BadValue::str(ty)));
        }
        let max = quantities(limit, "max");
        let min = quantities(limit, "min");
        let defaults = quantities(limit, "default");
        let requests = quantities(limit, "defaultRequest");
        let ratios = quantities(limit, "maxLimitRequestRatio");
        let mut keys = BTreeSet::new();
        for (field, list) in [("max", &max), ("min", &min)] {
            for (k, _) in list {
                errs.extend(limit_range_resource_name(ty, k, &ip.child(field).key(k)));
                keys.insert(*k);
            }
        }
        if ty == "Pod" {
            for (field, list) in [("default", &defaults), ("defaultRequest", &requests)] {
                if !list.is_empty() {
                    errs.push(FieldError::forbidden(
                        &ip.child(field),
                        "may not be specified when `type` is 'Pod'",
                    ));
                }
            }
        } else {
            for (field, list) in [("default", &defaults), ("defaultRequest", &requests)] {
                for (k, _) in list {
                    errs.extend(limit_range_resource_name(ty, k, &ip.child(field).key(k)));
                    keys.insert(*k);
                }
            }
        }
        let has = |list: &[(&str, Option<Quantity>)], k: &str| list.iter().any(|(n, _)| *n == k);
        if ty == "PersistentVolumeClaim" && !has(&min, "storage") && !has(&max, "storage") {
            errs.push(FieldError::required(
                &ip.child("limits"),
                "either minimum or maximum storage value is required, but neither was provided",
            ));
        }
        for (k, _) in &ratios {
            errs.extend(limit_range_resource_name(
                ty,
                k,
                &ip.child("maxLimitRequestRatio").key(k),
            ));
            keys.insert(*k);
        }
        let get = |list: &[(&str, Option<Quantity>)], k: &str| {
            list.iter().find(|(n, _)| *n == k).and_then(|(_, q)| *q)
        };
        // Go's map of the entries: the last of a key repeated in YAML wins.
        let (max, min, defaults, requests, ratios) = (
            |k: &str| get(&max, k),
            |k: &str| get(&min, k),
            |k: &str| get(&defaults, k),
            |k: &str| get(&requests, k),
            |k: &str| get(&ratios, k),
        );
        let one = Quantity::parse("1").expect("1 is a quantity");
        for k in keys {
            let invalid = |field: &str, q: Quantity, msg: String| {
                FieldError::invalid(&ip.child(field).key(k), &Value::String(q.canonical()), msg)
            };
            let (lo, hi, dflt, req, ratio) = (min(k), max(k), defaults(k), requests(k), ratios(k));
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo > hi
            {
                errs.push(invalid(
                    "min",
                    lo,
                    format!(
                        "min value {} is greater than max value {}",
                        lo.canonical(),
                        hi.canonical()
                    ),
                ));
            }
            if let (Some(req), Some(lo)) = (req, lo)
                && lo > req
            {
                errs.push(invalid(
                    "defaultRequest",
                    req,
                    format!(
                        "min value {} is greater than default request value {}",
                        lo.canonical(),
                        req.canonical()
                    ),
                ));
            }
            if let (Some(req), Some(hi)) = (req, hi)
                && req > hi
            {
                errs.push(invalid(
                    "defaultRequest",
                    req,
                    format!(
                        "default request value {} is greater than max value {}",
                        req.canonical(),
                        hi.canonical()
                    ),
                ));
            }
            if let (Some(req), Some(d)) = (req, dflt)
                && req > d
            {
                errs.push(invalid(
                    "defaultRequest",
                    req,
                    format!(
                        "default request value {} is greater than default limit value {}",
                        req.canonical(),
                        d.canonical()
                    ),
                ));
            }
            if let (Some(d), Some(lo)) = (dflt, lo)
                && lo > d
            {
                errs.push(invalid(
                    "default",
                    lo,
                    format!(
                        "min value {} is greater than default value {}",
                        lo.canonical(),
                        d.canonical()
                    ),
                ));
            }
            if let (Some(d), Some(hi)) = (dflt, hi)
                && d > hi
            {
                errs.push(invalid(
                    "default",
                    hi,
                    format!(
                        "default value {} is greater than max value {}",
                        d.canonical(),
                        hi.canonical()
                    ),
                ));
            }
            if let Some(r) = ratio
                && r < one
            {
                errs.push(invalid(
                    "maxLimitRequestRatio",
                    r,
                    format!("ratio {} is less than 1", r.canonical()),
                ));
            }
            if let (Some(r), Some(lo), Some(hi)) = (ratio, lo, hi) {
                // Go compares milli-values (as floats) below `MaxMilliValue`, else values.
                let max_milli = i128::from(i64::MAX / 1000);
                let milli = |q: Quantity| q.milli_value();
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "Go's float64 arithmetic, reproduced"
                )]
                let (ratio_value, limit) =
                    if r.value() < max_milli && lo.value() < max_milli && hi.value() < max_milli {
                        (
                            milli(r) as f64 / 1000.0,
                            milli(hi) as f64 / milli(lo) as f64,
                        )
                    } else {
                        (r.value() as f64, hi.value() as f64 / lo.value() as f64)
                    };
                if ratio_value > limit {
                    errs.push(invalid(
                        "maxLimitRequestRatio",
                        r,
                        format!(
                            "ratio {} is greater than max/min = {limit:.6}",
                            r.canonical()
                        ),
                    ));
                }
            }
            if !is_overcommit_allowed(k)
                && let (Some(d), Some(req)) = (dflt, req)
                && d != req
            {
                errs.push(invalid(
                    "defaultRequest",
                    req,
                    format!(
                        "default value {} must equal to defaultRequest value {} in {k}",
                        d.canonical(),
                        req.canonical()
                    ),
                ));
            }
        }
    }
    errs
}

/// `helper.IsStandardResourceQuotaScope`.
fn is_standard_scope(scope: &str) -> bool {
    matches!(
        scope,
        "Terminating"
            | "NotTerminating"
            | "BestEffort"
            | "NotBestEffort"
            | "PriorityClass"
            | "VolumeAttributesClass"
            | "CrossNamespacePodAffinity"
    )
}

/// `helper.IsResourceQuotaScopeValidForResource`.
fn scope_valid_for(scope: &str, resource: &str) -> bool {
    let pod_compute = matches!(
        resource,
        "cpu" | "memory" | "limits.cpu" | "limits.memory" | "requests.cpu" | "requests.memory"
    );
    match scope {
        "Terminating"
        | "NotTerminating"
        | "NotBestEffort"
        | "PriorityClass"
        | "CrossNamespacePodAffinity" => resource == "pods" || pod_compute,
        "BestEffort" => resource == "pods",
        "VolumeAttributesClass" => {
            matches!(resource, "persistentvolumeclaims" | "requests.storage")
        }
        _ => true,
    }
}

/// The scope pairs no quota may hold both of.
const CONFLICTING_SCOPES: [(&str, &str); 2] = [
    ("BestEffort", "NotBestEffort"),
    ("Terminating", "NotTerminating"),
];

/// `validateResourceQuotaScopes`.
fn resource_quota_scopes(spec: &Value, hard: &[&str], fp: &FieldPath, errs: &mut Vec<FieldError>) {
    let scopes: Vec<&str> = spec
        .get("scopes")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|s| s.as_str().unwrap_or_default()).collect())
        .unwrap_or_default();
    if scopes.is_empty() {
        return;
    }
    let sp = fp.child("scopes");
    let value = json!(scopes);
    for scope in &scopes {
        if !is_standard_scope(scope) {
            errs.push(FieldError::invalid(&sp, &value, "unsupported scope"));
        }
        for k in hard {
            if is_standard_quota_resource(k) && !scope_valid_for(scope, k) {
                errs.push(FieldError::invalid(
                    &sp,
                    &value,
                    "unsupported scope applied to resource",
                ));
            }
        }
    }
    for (a, b) in CONFLICTING_SCOPES {
        if scopes.contains(&a) && scopes.contains(&b) {
            errs.push(FieldError::invalid(&sp, &value, "conflicting scopes"));
        }
    }
}

/// The internal `core.ScopeSelector` as Go prints it: Go field names, in their order.
fn scope_selector_printed(exprs: &[Value]) -> String {
    let items: Vec<String> = exprs
        .iter()
        .map(|e| {
            let values = match e.get("values").and_then(Value::as_array) {
                Some(v) => gofmt::json(&Value::Array(v.clone())),
                None => "null".to_owned(),
            };
            format!(
                "{{\"ScopeName\":{},\"Operator\":{},\"Values\":{values}}}",
                gofmt::json(e.get("scopeName").unwrap_or(&json!(""))),
                gofmt::json(e.get("operator").unwrap_or(&json!("")))
            )
        })
        .collect();
    let list = if items.is_empty() {
        "null".to_owned()
    } else {
        format!("[{}]", items.join(","))
    };
    format!("{{\"MatchExpressions\":{list}}}")
}

/// `validateScopeSelector` with `validateScopedResourceSelectorRequirement`.
fn scope_selector(spec: &Value, hard: &[&str], fp: &FieldPath, errs: &mut Vec<FieldError>) {
    let Some(selector) = spec.get("scopeSelector").filter(|s| !s.is_null()) else {
        return;
    };
    let mp = fp.child("scopeSelector").child("matchExpressions");
    let exprs = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut names = Vec::new();
    for e in exprs {
        let scope = e
            .get("scopeName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let operator = e
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let values = e
            .get("values")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        if !is_standard_scope(scope) {
            errs.push(FieldError::invalid(
                &mp.child("scopeName"),
                &Value::String(scope.to_owned()),
                "unsupported scope",
            ));
        }
        for k in hard {
            if is_standard_quota_resource(k) && !scope_valid_for(scope, k) {
                errs.push(FieldError::new(
                    Reason::FieldValueInvalid,
                    &mp,
                    BadValue::Printed(scope_selector_printed(exprs)),
                    "unsupported scope applied to resource",
                ));
            }
        }
        if matches!(
            scope,
            "BestEffort"
                | "NotBestEffort"
                | "Terminating"
                | "NotTerminating"
                | "CrossNamespacePodAffinity"
        ) && operator != "Exists"
        {
            errs.push(FieldError::invalid(
                &mp.child("operator"),
                &Value::String(operator.to_owned()),
                "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
            ));
        }
        match operator {
            "In" | "NotIn" if values.is_empty() => errs.push(FieldError::required(
                &mp.child("values"),
                "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
            )),
            "Exists" | "DoesNotExist" if !values.is_empty() => {
                errs.push(FieldError::invalid(
                    &mp.child("values"),
                    &Value::Array(values.to_vec()),
                    "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
                ));
            }
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => errs.push(FieldError::invalid(
                &mp.child("operator"),
                &Value::String(other.to_owned()),
                "not a valid selector operator",
            )),
        }
        names.push(scope);
    }
    for (a, b) in CONFLICTING_SCOPES {
        if names.contains(&a) && names.contains(&b) {
            // Go prints the quota's `scopes` here, not the selector's.
            let scopes = spec.get("scopes").filter(|s| !s.is_null());
            errs.push(FieldError::invalid(
                &mp,
                scopes.unwrap_or(&Value::Null),
                "conflicting scopes",
            ));
        }
    }
}

/// `ValidateResourceQuota`: the spec (`ValidateResourceQuotaSpec`); a status is dropped on
/// create.
pub(in crate::validate::builtin) fn resource_quota(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let fp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").filter(|s| s.is_object()).unwrap_or(&empty);
    let hard = quantities(spec, "hard");
    let hp = fp.child("hard");
    for (k, q) in &hard {
        let kp = hp.key(k);
        errs.extend(resource_quota_resource_name(k, &kp));
        if let Some(q) = q {
            errs.extend(resource_quantity_value(k, *q, &kp));
        }
    }
    let names: Vec<&str> = hard.iter().map(|(k, _)| *k).collect();
    resource_quota_scopes(spec, &names, &fp, &mut errs);
    scope_selector(spec, &names, &fp, &mut errs);
    // A scope is checked against every resource: the server's aggregate prints each message
    // once.
    let mut seen = std::collections::HashSet::new();
    errs.retain(|e| seen.insert(e.message()));
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(kind: &str, spec: &Value) -> Vec<String> {
        let obj =
            json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": "l"}, "spec": spec});
        let errs = if kind == "LimitRange" {
            limit_range(&obj)
        } else {
            resource_quota(&obj)
        };
        errs.iter().map(FieldError::message).collect()
    }

    /// The v1.37.2 server's answers to the same objects (the order of each map's keys is
    /// Go's random one there, sorted here).
    #[test]
    fn limit_ranges_like_the_server() {
        let spec = json!({"limits": [
            {"type": "Container", "max": {"cpu": "1", "memory": "1Gi"}, "min": {"cpu": "2", "memory": "2Gi"},
                "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "1500m", "storage": "1Gi"},
                "maxLimitRequestRatio": {"cpu": "0.5", "memory": "4"}},
            {"type": "Pod", "default": {"cpu": 1}, "max": {"gpus": 1}},
            {"type": "Container"},
            {"type": "Nodes"},
            {"type": "PersistentVolumeClaim", "max": {"cpu": 1}},
            {"type": "bad type"},
            {"type": "Container", "default": {"nvidia.com/gpu": 2}, "defaultRequest": {"nvidia.com/gpu": 1}}]});
        let l = "spec.limits";
        assert_eq!(
            messages("LimitRange", &spec),
            [
                format!(
                    r#"{l}[0].defaultRequest[storage]: Invalid value: "storage": must be a standard resource for containers"#
                ),
                format!(
                    r#"{l}[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1"#
                ),
                format!(
                    r#"{l}[0].defaultRequest[cpu]: Invalid value: "1500m": min value 2 is greater than default request value 1500m"#
                ),
                format!(
                    r#"{l}[0].defaultRequest[cpu]: Invalid value: "1500m": default request value 1500m is greater than max value 1"#
                ),
                format!(
                    r#"{l}[0].defaultRequest[cpu]: Invalid value: "1500m": default request value 1500m is greater than default limit value 500m"#
                ),
                format!(
                    r#"{l}[0].default[cpu]: Invalid value: "2": min value 2 is greater than default value 500m"#
                ),
                format!(
                    r#"{l}[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1"#
                ),
                format!(
                    r#"{l}[0].min[memory]: Invalid value: "2Gi": min value 2Gi is greater than max value 1Gi"#
                ),
                format!(
                    r#"{l}[0].defaultRequest[memory]: Invalid value: "1Gi": min value 2Gi is greater than default request value 1Gi"#
                ),
                format!(
                    r#"{l}[0].default[memory]: Invalid value: "2Gi": min value 2Gi is greater than default value 1Gi"#
                ),
                format!(
                    r#"{l}[0].maxLimitRequestRatio[memory]: Invalid value: "4": ratio 4 is greater than max/min = 0.500000"#
                ),
                format!(
                    r#"{l}[1].max[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified"#
                ),
                format!(
                    r#"{l}[1].max[gpus]: Invalid value: "gpus": must be a standard resource for containers"#
                ),
                format!("{l}[1].default: Forbidden: may not be specified when `type` is 'Pod'"),
                format!(r#"{l}[2].type: Duplicate value: "Container""#),
                format!(
                    r#"{l}[3].type: Invalid value: "Nodes": must be a standard limit type or fully qualified"#
                ),
                format!(
                    "{l}[4].limits: Required value: either minimum or maximum storage value is required, but neither was provided"
                ),
                format!(
                    r#"{l}[5].type: Invalid value: "bad type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#
                ),
                format!(r#"{l}[6].type: Duplicate value: "Container""#),
                format!(
                    r#"{l}[6].defaultRequest[nvidia.com/gpu]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in nvidia.com/gpu"#
                ),
            ]
        );
        let spec = json!({"limits": [
            {"type": "Container", "max": {"cpu": "4"}, "min": {"cpu": "1"}, "maxLimitRequestRatio": {"cpu": "5"}},
            {"type": "Container", "min": {"memory": "1Gi"}, "default": {"memory": "512Mi"}}]});
        assert_eq!(
            messages("LimitRange", &spec),
            [
                format!(
                    r#"{l}[0].maxLimitRequestRatio[cpu]: Invalid value: "5": ratio 5 is greater than max/min = 4.000000"#
                ),
                format!(r#"{l}[1].type: Duplicate value: "Container""#),
                format!(
                    r#"{l}[1].defaultRequest[memory]: Invalid value: "512Mi": min value 1Gi is greater than default request value 512Mi"#
                ),
                format!(
                    r#"{l}[1].default[memory]: Invalid value: "1Gi": min value 1Gi is greater than default value 512Mi"#
                ),
            ]
        );
    }

    #[test]
    fn resource_quotas_like_the_server() {
        let spec = json!({"hard": {"pods": "1.5", "cpu": "-1", "gpus": "1", "requests.storage": "1Gi", "bad key!": 1},
            "scopes": ["BestEffort", "NotBestEffort", "Foo"]});
        let scopes = r#"spec.scopes: Invalid value: ["BestEffort","NotBestEffort","Foo"]"#;
        assert_eq!(
            messages("ResourceQuota", &spec),
            [
                r#"spec.hard[bad key!]: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#.to_owned(),
                r#"spec.hard[bad key!]: Invalid value: "bad key!": must be a standard resource for quota"#.into(),
                r#"spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0"#.into(),
                r#"spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified"#.into(),
                r#"spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota"#.into(),
                r#"spec.hard[pods]: Invalid value: "1500m": must be an integer"#.into(),
                format!("{scopes}: unsupported scope applied to resource"),
                format!("{scopes}: unsupported scope"),
                format!("{scopes}: conflicting scopes"),
            ]
        );
        let spec = json!({"hard": {"pods": "10", "requests.storage": "10Gi"}, "scopeSelector": {"matchExpressions": [
            {"scopeName": "PriorityClass", "operator": "In"},
            {"scopeName": "Terminating", "operator": "In", "values": ["a"]},
            {"scopeName": "NotTerminating", "operator": "Exists", "values": ["a"]},
            {"scopeName": "Foo", "operator": "Equals"}]}});
        let m = "spec.scopeSelector.matchExpressions";
        assert_eq!(
            messages("ResourceQuota", &spec),
            [
                format!(
                    r#"{m}: Invalid value: {{"MatchExpressions":[{{"ScopeName":"PriorityClass","Operator":"In","Values":null}},{{"ScopeName":"Terminating","Operator":"In","Values":["a"]}},{{"ScopeName":"NotTerminating","Operator":"Exists","Values":["a"]}},{{"ScopeName":"Foo","Operator":"Equals","Values":null}}]}}: unsupported scope applied to resource"#
                ),
                format!(
                    "{m}.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"
                ),
                format!(
                    r#"{m}.operator: Invalid value: "In": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"#
                ),
                format!(
                    r#"{m}.values: Invalid value: ["a"]: must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"#
                ),
                format!(r#"{m}.scopeName: Invalid value: "Foo": unsupported scope"#),
                format!(r#"{m}.operator: Invalid value: "Equals": not a valid selector operator"#),
                format!("{m}: Invalid value: null: conflicting scopes"),
            ]
        );
    }
}
