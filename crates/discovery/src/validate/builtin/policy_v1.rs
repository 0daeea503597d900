//! Built-in kinds of the `policy/v1` group: the PodDisruptionBudget
//! (`pkg/apis/policy/validation/validation.go`, Kubernetes v1.37), with the int-or-percent
//! checks it borrows from `pkg/apis/apps/validation/validation.go`; its selector goes through
//! `label_selector`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::core_v1::meta;
use super::label_selector::validate_label_selector;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]+%$").expect("percent regex compiles"));

/// `validation.IsValidPercent`.
fn percent_error(v: &str) -> Option<&'static str> {
    (!PERCENT.is_match(v)).then_some(
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    )
}

/// `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent`, in that order.
pub(in crate::validate::builtin) fn positive_int_or_percent(
    v: &Value,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    if let Value::String(p) = v {
        if let Some(m) = percent_error(p) {
            errs.push(FieldError::invalid(path, v, m));
        } else if p[..p.len() - 1].parse::<u64>().unwrap_or(u64::MAX) > 100 {
            errs.push(FieldError::invalid(
                path,
                v,
                "must not be greater than 100%",
            ));
        }
    } else if let Some(n) = v.as_i64()
        && n < 0
    {
        errs.push(FieldError::invalid(
            path,
            v,
            "must be greater than or equal to 0",
        ));
    }
}

/// A `metav1.LabelSelector` as `encoding/json` writes it: fields in declaration order,
/// `omitempty` ones left out, map keys sorted.
fn selector_json(sel: &Value) -> String {
    let mut fields = Vec::new();
    if let Some(m) = sel
        .get("matchLabels")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    {
        fields.push(format!(
            "\"matchLabels\":{}",
            gofmt::json(&Value::Object(m.clone()))
        ));
    }
    if let Some(exprs) = sel
        .get("matchExpressions")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
    {
        let exprs: Vec<String> = exprs
            .iter()
            .map(|e| {
                let mut r = format!(
                    "{{\"key\":{},\"operator\":{}",
                    gofmt::json(e.get("key").unwrap_or(&json!(""))),
                    gofmt::json(e.get("operator").unwrap_or(&json!("")))
                );
                if let Some(v) = e
                    .get("values")
                    .and_then(Value::as_array)
                    .filter(|a| !a.is_empty())
                {
                    r.push_str(",\"values\":");
                    r.push_str(&gofmt::json(&Value::Array(v.clone())));
                }
                r.push('}');
                r
            })
            .collect();
        fields.push(format!("\"matchExpressions\":[{}]", exprs.join(",")));
    }
    format!("{{{}}}", fields.join(","))
}

/// `ValidatePodDisruptionBudgetSpec`. Its "both set" error prints the internal spec, whose
/// fields have no JSON tags: Go's field names.
fn pod_disruption_budget_spec(spec: &Value, sp: &FieldPath, errs: &mut Vec<FieldError>) {
    let field = |k: &str| spec.get(k).filter(|v| !v.is_null());
    let min = field("minAvailable");
    let max = field("maxUnavailable");
    let selector = field("selector");
    if min.is_some() && max.is_some() {
        let or_null = |v: Option<&Value>| v.map_or_else(|| "null".to_owned(), gofmt::json);
        let internal = format!(
            "{{\"MinAvailable\":{},\"Selector\":{},\"MaxUnavailable\":{},\"UnhealthyPodEvictionPolicy\":{}}}",
            or_null(min),
            selector.map_or_else(|| "null".to_owned(), selector_json),
            or_null(max),
            or_null(field("unhealthyPodEvictionPolicy")),
        );
        errs.push(FieldError::new(
            Reason::FieldValueInvalid,
            sp,
            BadValue::Printed(internal),
            "minAvailable and maxUnavailable cannot be both set",
        ));
    }
    if let Some(v) = min {
        positive_int_or_percent(v, &sp.child("minAvailable"), errs);
    }
    if let Some(v) = max {
        positive_int_or_percent(v, &sp.child("maxUnavailable"), errs);
    }
    validate_label_selector(selector, &sp.child("selector"), errs);
    if let Some(p) = field("unhealthyPodEvictionPolicy").and_then(Value::as_str)
        && !matches!(p, "AlwaysAllow" | "IfHealthyBudget")
    {
        errs.push(FieldError::not_supported(
            &sp.child("unhealthyPodEvictionPolicy"),
            &Value::String(p.to_owned()),
            &["AlwaysAllow", "IfHealthyBudget"],
        ));
    }
}

/// `ValidatePodDisruptionBudget`, which does not check the metadata: as for every kind,
/// `rest.ValidateCreate` then checks it when the spec is valid, with names that are path
/// segments (`p_q` is a name).
pub(super) fn pod_disruption_budget(obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let empty = json!({});
    let spec = obj.get("spec").filter(|s| s.is_object()).unwrap_or(&empty);
    pod_disruption_budget_spec(spec, &FieldPath::fields(&["spec"]), &mut errs);
    if errs.is_empty() {
        errs = meta(obj, NameRule::PathSegment);
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(name: &str, spec: &Value) -> Vec<String> {
        let obj = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name}, "spec": spec});
        pod_disruption_budget(&obj)
            .iter()
            .map(FieldError::message)
            .collect()
    }

    /// The v1.37.2 server's answers to the same objects.
    #[test]
    fn budgets_like_the_server() {
        let spec = json!({"minAvailable": "50", "maxUnavailable": -1,
            "selector": {"matchLabels": {"a b": "c"}, "matchExpressions": [
                {"key": "app", "operator": "In"},
                {"key": "app", "operator": "Exists", "values": ["x"]},
                {"key": "-x", "operator": "Inn", "values": ["a b"]}]},
            "unhealthyPodEvictionPolicy": "Always"});
        let name_part = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        assert_eq!(
            messages("p.q", &spec),
            [
                r#"spec: Invalid value: {"MinAvailable":"50","Selector":{"matchLabels":{"a b":"c"},"matchExpressions":[{"key":"app","operator":"In"},{"key":"app","operator":"Exists","values":["x"]},{"key":"-x","operator":"Inn","values":["a b"]}]},"MaxUnavailable":-1,"UnhealthyPodEvictionPolicy":"Always"}: minAvailable and maxUnavailable cannot be both set"#.to_owned(),
                r#"spec.minAvailable: Invalid value: "50": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"#.into(),
                "spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0".into(),
                format!(r#"spec.selector.matchLabels: Invalid value: "a b": {name_part}"#),
                "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".into(),
                "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".into(),
                r#"spec.selector.matchExpressions[2].operator: Invalid value: "Inn": not a valid selector operator"#.into(),
                format!(r#"spec.selector.matchExpressions[2].key: Invalid value: "-x": {name_part}"#),
                r#"spec.selector.matchExpressions[2].values[0]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#.into(),
                r#"spec.unhealthyPodEvictionPolicy: Unsupported value: "Always": supported values: "AlwaysAllow", "IfHealthyBudget""#.into(),
            ]
        );
        assert_eq!(
            messages(
                "p_q",
                &json!({"minAvailable": 1, "maxUnavailable": "10%", "selector": {"matchLabels": {"a": "b"}}})
            ),
            [
                r#"spec: Invalid value: {"MinAvailable":1,"Selector":{"matchLabels":{"a":"b"}},"MaxUnavailable":"10%","UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set"#
            ]
        );
        assert_eq!(
            messages("P-Q", &json!({"minAvailable": "101%"})),
            [r#"spec.minAvailable: Invalid value: "101%": must not be greater than 100%"#]
        );
        assert!(messages("p_q", &json!({"minAvailable": "15%"})).is_empty());
    }
}
