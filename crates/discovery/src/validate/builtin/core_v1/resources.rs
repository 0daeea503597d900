//! Resource names and quantities of the core group (`pkg/apis/core/validation/validation.go` and
//! `pkg/apis/core/helper/helpers.go`, Kubernetes v1.37): the checks of a container's
//! `resources`, shared with the kinds that hold resource lists (LimitRange, ResourceQuota,
//! PersistentVolumeClaim).

use serde_json::Value;

use crate::validate::builtin::quantity::Quantity;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::label_key;
use crate::validate::path::FieldPath;

/// `core.ResourceHugePagesPrefix`.
const HUGE_PAGES_PREFIX: &str = "hugepages-";

/// `helper.standardResources`.
const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

/// `helper.integerResources`.
const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

/// `helper.IsHugePageResourceName`.
pub(in crate::validate::builtin) fn is_huge_page(name: &str) -> bool {
    name.starts_with(HUGE_PAGES_PREFIX)
}

/// `helper.IsQuotaHugePageResourceName`.
pub(in crate::validate::builtin) fn is_quota_huge_page(name: &str) -> bool {
    is_huge_page(name) || name.starts_with("requests.hugepages-")
}

/// `helper.IsStandardResourceName`.
pub(in crate::validate::builtin) fn is_standard_resource(name: &str) -> bool {
    STANDARD_RESOURCES.contains(&name) || is_quota_huge_page(name)
}

/// `helper.IsStandardContainerResourceName`.
pub(in crate::validate::builtin) fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || is_huge_page(name)
}

/// `helper.IsNativeResource`: unprefixed, or in a `kubernetes.io/` namespace.
pub(in crate::validate::builtin) fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `helper.IsExtendedResourceName`.
pub(in crate::validate::builtin) fn is_extended(name: &str) -> bool {
    !is_native(name)
        && !name.starts_with("requests.")
        && label_key(&format!("requests.{name}")).is_empty()
}

/// `helper.IsOvercommitAllowed`.
pub(in crate::validate::builtin) fn is_overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_huge_page(name)
}

/// `helper.IsIntegerResourceName`.
pub(in crate::validate::builtin) fn is_integer_resource(name: &str) -> bool {
    INTEGER_RESOURCES.contains(&name) || is_extended(name)
}

/// `validateResourceName`: a qualified name, and a standard one if unprefixed.
pub(in crate::validate::builtin) fn resource_name(name: &str, path: &FieldPath) -> Vec<FieldError> {
    let v = Value::String(name.to_owned());
    let errs: Vec<FieldError> = label_key(name)
        .into_iter()
        .map(|m| FieldError::invalid(path, &v, m))
        .collect();
    if errs.is_empty() && !name.contains('/') && !is_standard_resource(name) {
        return vec![FieldError::invalid(
            path,
            &v,
            "must be a standard resource type or fully qualified",
        )];
    }
    errs
}

/// `ValidateContainerResourceName`.
pub(in crate::validate::builtin) fn container_resource_name(
    name: &str,
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = resource_name(name, path);
    let v = Value::String(name.to_owned());
    if !name.contains('/') {
        if !is_standard_container_resource(name) {
            errs.push(FieldError::invalid(
                path,
                &v,
                "must be a standard resource for containers",
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        errs.push(FieldError::invalid(
            path,
            &v,
            "doesn't follow extended resource name standard",
        ));
    }
    errs
}

/// `ValidateNonnegativeQuantity`.
pub(in crate::validate::builtin) fn nonnegative_quantity(
    q: Quantity,
    path: &FieldPath,
) -> Vec<FieldError> {
    if q.is_negative() {
        return vec![FieldError::new(
            Reason::FieldValueInvalid,
            path,
            BadValue::str(q.canonical()),
            "must be greater than or equal to 0",
        )];
    }
    Vec::new()
}

/// `ValidateResourceQuantityValue`: not negative, and whole for the resources counted in
/// units (`pods`, extended resources, ...).
pub(in crate::validate::builtin) fn resource_quantity_value(
    name: &str,
    q: Quantity,
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = nonnegative_quantity(q, path);
    if is_integer_resource(name) && q.is_fractional() {
        errs.push(FieldError::new(
            Reason::FieldValueInvalid,
            path,
            BadValue::str(q.canonical()),
            "must be an integer",
        ));
    }
    errs
}

/// `validateResourceQuantityHugePageValue` on create: a whole number of pages of the size the
/// name gives (`helper.IsHugePageResourceValueDivisible`).
fn huge_page_value(name: &str, q: Quantity, path: &FieldPath) -> Option<FieldError> {
    let page = name
        .strip_prefix(HUGE_PAGES_PREFIX)
        .and_then(Quantity::parse)
        .filter(|p| p.value() > 0 && !p.is_fractional());
    let divisible = page.is_some_and(|p| q.value() % p.value() == 0);
    (!divisible).then(|| {
        FieldError::new(
            Reason::FieldValueInvalid,
            path,
            BadValue::str(q.canonical()),
            format!(
                "{} is not positive integer multiple of {name}",
                q.canonical()
            ),
        )
    })
}

/// The entries of a resource list with their parsed quantities; a quantity the decoder let
/// through always parses, others are left to it.
pub(in crate::validate::builtin) fn resource_list(list: Option<&Value>) -> Vec<(&str, Quantity)> {
    list.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.as_str(), Quantity::of(v)?)))
                .collect()
        })
        .unwrap_or_default()
}

/// `ValidateContainerResourceRequirements` (`validateResourceRequirements` with
/// `ValidateContainerResourceName`): names, quantities, requests within limits (equal to them
/// for hugepages and extended resources), hugepages with cpu or memory. Go walks the maps in
/// random order; the keys are taken in order here. Claims are not checked.
pub(in crate::validate::builtin) fn container_resource_requirements(
    requirements: &Value,
    path: &FieldPath,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let limits = resource_list(requirements.get("limits"));
    let requests = resource_list(requirements.get("requests"));
    let mut cpu_or_memory = false;
    let mut huge_pages = false;
    for &(name, q) in &limits {
        let p = lim_path.key(name);
        errs.extend(container_resource_name(name, &p));
        errs.extend(resource_quantity_value(name, q, &p));
        if is_huge_page(name) {
            huge_pages = true;
            errs.extend(huge_page_value(name, q, &p));
        }
        cpu_or_memory |= matches!(name, "cpu" | "memory");
    }
    for &(name, q) in &requests {
        let p = req_path.key(name);
        errs.extend(container_resource_name(name, &p));
        errs.extend(resource_quantity_value(name, q, &p));
        let value = BadValue::str(q.canonical());
        match limits.iter().find(|(l, _)| *l == name) {
            Some((_, limit)) => {
                if q != *limit && !is_overcommit_allowed(name) {
                    errs.push(FieldError::new(
                        Reason::FieldValueInvalid,
                        &req_path,
                        value,
                        format!("must be equal to {name} limit of {}", limit.canonical()),
                    ));
                } else if q > *limit {
                    errs.push(FieldError::new(
                        Reason::FieldValueInvalid,
                        &req_path,
                        value,
                        format!(
                            "must be less than or equal to {name} limit of {}",
                            limit.canonical()
                        ),
                    ));
                }
            }
            None if !is_overcommit_allowed(name) => errs.push(FieldError::required(
                &lim_path,
                "Limit must be set for non overcommitable resources",
            )),
            None => {}
        }
        if is_huge_page(name) {
            huge_pages = true;
            errs.extend(huge_page_value(name, q, &p));
        }
        cpu_or_memory |= matches!(name, "cpu" | "memory");
    }
    if !cpu_or_memory && huge_pages {
        errs.push(FieldError::forbidden(
            path,
            "HugePages require cpu or memory",
        ));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(requirements: &Value) -> Vec<String> {
        container_resource_requirements(requirements, &FieldPath::fields(&["resources"]))
            .iter()
            .map(FieldError::message)
            .collect()
    }

    #[test]
    fn requests_within_limits() {
        assert!(
            messages(&json!({"limits": {"cpu": "1", "memory": "1Gi"},
                "requests": {"cpu": "500m", "memory": "1024Mi"}}))
            .is_empty()
        );
        assert_eq!(
            messages(&json!({"limits": {"cpu": "500m", "memory": "128Mi"},
                "requests": {"cpu": 1, "memory": "0.25Gi"}})),
            [
                r#"resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m"#,
                r#"resources.requests: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi"#,
            ]
        );
    }

    #[test]
    fn names_and_values() {
        assert_eq!(
            messages(&json!({"limits": {"cpus": "1", "example.com/gpu": "1.5"},
                "requests": {"memory": "-1"}})),
            [
                r#"resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified"#,
                r#"resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers"#,
                r#"resources.limits[example.com/gpu]: Invalid value: "1500m": must be an integer"#,
                r#"resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0"#,
            ]
        );
        assert_eq!(
            messages(&json!({"requests": {"example.com/gpu": "1"}})),
            [
                "resources.limits: Required value: Limit must be set for non overcommitable resources"
            ]
        );
        assert_eq!(
            messages(
                &json!({"limits": {"example.com/gpu": "2"}, "requests": {"example.com/gpu": "1"}})
            ),
            [
                r#"resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2"#
            ]
        );
    }

    #[test]
    fn huge_pages() {
        assert_eq!(
            messages(&json!({"limits": {"hugepages-2Mi": "3Mi"}})),
            [
                r#"resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi"#,
                "resources: Forbidden: HugePages require cpu or memory",
            ]
        );
        assert!(messages(&json!({"limits": {"hugepages-2Mi": "4Mi", "memory": "1Gi"}})).is_empty());
    }
}
