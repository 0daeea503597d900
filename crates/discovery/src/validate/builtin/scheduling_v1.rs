//! Built-in kinds of the `scheduling.k8s.io/v1` group: the PriorityClass
//! (`ValidatePriorityClass`, `pkg/apis/scheduling/validation/validation.go`, Kubernetes v1.37,
//! after `SetDefaults_PriorityClass`), with the server's messages: the `system-` names reserved
//! for the two system classes, the highest value a user may give, the preemption policy.

use serde_json::Value;

use super::core_v1::meta;
use super::core_v1::pod_fields::preemption_policy;
use crate::validate::field::FieldError;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `HighestUserDefinablePriority`.
const HIGHEST_USER_PRIORITY: i64 = 1_000_000_000;

/// `systemPriorityClasses` (`pkg/apis/scheduling/v1/helpers.go`): name and value; neither is
/// the global default.
const SYSTEM_CLASSES: &[(&str, i64)] = &[
    ("system-node-critical", 2 * HIGHEST_USER_PRIORITY + 1000),
    ("system-cluster-critical", 2 * HIGHEST_USER_PRIORITY),
];

/// `IsKnownSystemPriorityClass`'s error, if any.
fn unknown_system_class(name: &str, value: i64, global_default: bool) -> Option<String> {
    let Some((_, want)) = SYSTEM_CLASSES.iter().find(|(n, _)| *n == name) else {
        return Some(format!("{name} is not a known system priority class"));
    };
    if value != *want {
        return Some(format!("value of {name} PriorityClass must be {want}"));
    }
    global_default.then(|| format!("globalDefault of {name} PriorityClass must be false"))
}

/// `ValidatePriorityClass`.
pub(super) fn priority_class(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let name = obj
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let value = obj.get("value").and_then(Value::as_i64).unwrap_or(0);
    let global_default = obj
        .get("globalDefault")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if name.starts_with("system-") {
        if let Some(e) = unknown_system_class(name, value, global_default) {
            errs.push(FieldError::forbidden(
                &FieldPath::fields(&["metadata", "name"]),
                format!(
                    "priority class names with 'system-' prefix are reserved for system use only. error: {e}"
                ),
            ));
        }
    } else if value > HIGHEST_USER_PRIORITY {
        errs.push(FieldError::forbidden(
            &FieldPath::fields(&["value"]),
            format!("maximum allowed value of a user defined priority is {HIGHEST_USER_PRIORITY}"),
        ));
    }
    errs.extend(preemption_policy(
        obj,
        &FieldPath::fields(&["preemptionPolicy"]),
    ));
    errs
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(name: &str, fields: &Value) -> Vec<String> {
        let mut obj = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": {"name": name}});
        for (k, v) in fields.as_object().unwrap() {
            obj[k] = v.clone();
        }
        check_messages("scheduling.k8s.io", "v1", "PriorityClass", &obj)
    }

    /// The v1.37.2 server's answers to the same PriorityClasses.
    #[test]
    fn priority_classes_like_the_server() {
        assert_eq!(
            check(
                "system-high",
                &json!({"value": 5, "preemptionPolicy": "Sometimes"})
            ),
            [
                "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-high is not a known system priority class",
                r#"preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never""#,
            ]
        );
        assert_eq!(
            check(
                "high",
                &json!({"value": 2_000_000_000, "preemptionPolicy": ""})
            ),
            [
                "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
                "preemptionPolicy: Required value",
            ]
        );
        assert!(check("system-cluster-critical", &json!({"value": 2_000_000_000})).is_empty());
        assert!(
            check(
                "batch-low",
                &json!({"value": -10, "preemptionPolicy": "Never"})
            )
            .is_empty()
        );
    }
}
