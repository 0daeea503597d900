//! `ValidateLabelSelector` (k8s.io/apimachinery `pkg/apis/meta/v1/validation/validation.go`,
//! v0.37.2): the labels and requirements of a workload's selector, as written (a selector
//! that `LabelSelectorAsSelector` cannot read is then also refused by the caller).

use serde_json::{Value, json};

use super::core_v1::labels;
use crate::validate::field::FieldError;
use crate::validate::names::{label_key, label_value};
use crate::validate::path::FieldPath;

/// `ValidateLabelSelector` with the create options (`AllowInvalidLabelValueInSelector` and
/// `AllowUnknownOperatorInRequirement` false) of `selector` at `path`; nothing for a nil one.
pub(in crate::validate::builtin) fn validate_label_selector(
    selector: Option<&Value>,
    path: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    let Some(sel) = selector.filter(|s| !s.is_null()) else {
        return;
    };
    labels(sel.get("matchLabels"), &path.child("matchLabels"), errs);
    let exprs = sel
        .get("matchExpressions")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, e) in exprs.iter().enumerate() {
        requirement(e, &path.child("matchExpressions").index(i), errs);
    }
}

/// `ValidateLabelSelectorRequirement`.
fn requirement(r: &Value, p: &FieldPath, errs: &mut Vec<FieldError>) {
    let values = r
        .get("values")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let op = r
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match op {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.push(FieldError::required(
                    &p.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.push(FieldError::forbidden(
                    &p.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        _ => errs.push(FieldError::invalid(
            &p.child("operator"),
            &json!(op),
            "not a valid selector operator",
        )),
    }
    let key = r.get("key").and_then(Value::as_str).unwrap_or_default();
    for m in label_key(key) {
        errs.push(FieldError::invalid(&p.child("key"), &json!(key), m));
    }
    for (i, v) in values.iter().enumerate() {
        let v = v.as_str().unwrap_or_default();
        for m in label_value(v) {
            errs.push(FieldError::invalid(
                &p.child("values").index(i),
                &json!(v),
                m,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_like_apimachinery() {
        let mut errs = Vec::new();
        let sel = json!({"matchExpressions": [
            {"key": "app", "operator": "in", "values": ["web"]},
            {"key": "tier", "operator": "In"},
            {"key": "canary", "operator": "Exists", "values": ["yes"]},
            {"key": "-bad", "operator": "NotIn", "values": ["a b"]}]});
        validate_label_selector(
            Some(&sel),
            &FieldPath::fields(&["spec", "selector"]),
            &mut errs,
        );
        let got: Vec<String> = errs.iter().map(FieldError::message).collect();
        let p = "spec.selector.matchExpressions";
        assert_eq!(
            got,
            [
                format!(r#"{p}[0].operator: Invalid value: "in": not a valid selector operator"#),
                format!(
                    "{p}[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
                ),
                format!(
                    "{p}[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                ),
                format!(
                    r#"{p}[3].key: Invalid value: "-bad": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#
                ),
                format!(
                    r#"{p}[3].values[0]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#
                ),
            ]
        );
    }
}
