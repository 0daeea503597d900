//! Built-in kinds of the `rbac.authorization.k8s.io/v1` group: the defaults
//! (`pkg/apis/rbac/v1/defaults.go`) and validation (`pkg/apis/rbac/validation/validation.go`,
//! Kubernetes v1.37) of Role, ClusterRole, RoleBinding and ClusterRoleBinding, with the
//! server's messages. The `Required` errors that declarative validation reports
//! (`zz_generated.validations.go`: a rule's `verbs`, a subject's `name`, `roleRef.name`) come
//! after the hand-written ones, without their detail, as the server lists them.

use serde_json::{Value, json};

use super::core_v1::{items, meta, present, s};
use super::label_selector::validate_label_selector;
use super::selector::as_selector;
use crate::validate::field::FieldError;
use crate::validate::names::{dns1123_subdomain, path_segment_name};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

const GROUP: &str = "rbac.authorization.k8s.io";

fn list_len(v: &Value, k: &str) -> usize {
    items(v, k).len()
}

/// `ValidatePolicyRule`; the missing-verbs error goes to `covered`.
fn policy_rule(
    rule: &Value,
    namespaced: bool,
    rp: &FieldPath,
    errs: &mut Vec<FieldError>,
    covered: &mut Vec<FieldError>,
) {
    if list_len(rule, "verbs") == 0 {
        covered.push(FieldError::required(&rp.child("verbs"), ""));
    }
    if list_len(rule, "nonResourceURLs") > 0 {
        let up = rp.child("nonResourceURLs");
        let urls = Value::Array(items(rule, "nonResourceURLs").to_vec());
        if namespaced {
            errs.push(FieldError::invalid(
                &up,
                &urls,
                "namespaced rules cannot apply to non-resource URLs",
            ));
        }
        if list_len(rule, "apiGroups") > 0
            || list_len(rule, "resources") > 0
            || list_len(rule, "resourceNames") > 0
        {
            errs.push(FieldError::invalid(
                &up,
                &urls,
                "rules cannot apply to both regular resources and non-resource URLs",
            ));
        }
        return;
    }
    if list_len(rule, "apiGroups") == 0 {
        errs.push(FieldError::required(
            &rp.child("apiGroups"),
            "resource rules must supply at least one api group",
        ));
    }
    if list_len(rule, "resources") == 0 {
        errs.push(FieldError::required(
            &rp.child("resources"),
            "resource rules must supply at least one resource",
        ));
    }
}

fn rules(obj: &Value, namespaced: bool, errs: &mut Vec<FieldError>) -> Vec<FieldError> {
    let mut covered = Vec::new();
    for (i, rule) in items(obj, "rules").iter().enumerate() {
        policy_rule(
            rule,
            namespaced,
            &FieldPath::fields(&["rules"]).index(i),
            errs,
            &mut covered,
        );
    }
    covered
}

/// `ValidateRole`.
pub(super) fn role(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::PathSegment);
    let covered = rules(obj, true, &mut errs);
    errs.extend(covered);
    errs
}

/// `ValidateClusterRole`: its rules, then an `aggregationRule`'s selectors (at least one, each
/// valid and convertible by `LabelSelectorAsSelector`).
pub(super) fn cluster_role(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::PathSegment);
    let covered = rules(obj, false, &mut errs);
    if let Some(agg) = present(obj, "aggregationRule") {
        let sp = FieldPath::fields(&["aggregationRule", "clusterRoleSelectors"]);
        let selectors = items(agg, "clusterRoleSelectors");
        if selectors.is_empty() {
            errs.push(FieldError::required(
                &sp,
                "at least one clusterRoleSelector required if aggregationRule is non-nil",
            ));
        }
        for (i, sel) in selectors.iter().enumerate() {
            let ip = sp.index(i);
            let mut sel_errs = Vec::new();
            validate_label_selector(Some(sel), &ip, &mut sel_errs);
            // `LabelSelectorAsSelector` fails on what `ValidateLabelSelector` refuses (its
            // requirements check keys, values and operators the same way); the selector it
            // returns then is nil.
            let fails = !sel_errs.is_empty() || as_selector(Some(sel)).is_none();
            errs.extend(sel_errs);
            if fails {
                errs.push(FieldError::invalid(
                    &ip,
                    &Value::Null,
                    "invalid label selector.",
                ));
            }
        }
    }
    errs.extend(covered);
    errs
}

/// `ValidateRoleBinding` (`namespaced`) or `ValidateClusterRoleBinding`, after
/// `SetDefaults_RoleBinding`/`SetDefaults_ClusterRoleBinding` (`roleRef.apiGroup`) and
/// `SetDefaults_Subject` (`apiGroup` by kind).
pub(super) fn binding(obj: &mut Value, namespaced: bool) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::PathSegment);
    default_binding(obj);
    let empty = json!({});
    let role_ref = obj.get("roleRef").unwrap_or(&empty);
    let rp = FieldPath::fields(&["roleRef"]);
    let group = s(role_ref, "apiGroup");
    if group != GROUP {
        errs.push(FieldError::not_supported(
            &rp.child("apiGroup"),
            &Value::String(group.to_owned()),
            &[GROUP],
        ));
    }
    let kind = s(role_ref, "kind");
    let kinds: &[&str] = if namespaced {
        &["Role", "ClusterRole"]
    } else {
        &["ClusterRole"]
    };
    if !kinds.contains(&kind) {
        errs.push(FieldError::not_supported(
            &rp.child("kind"),
            &Value::String(kind.to_owned()),
            &kinds.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>(),
        ));
    }
    // Declarative validation walks `subjects` before `roleRef`.
    let mut covered = Vec::new();
    let name = s(role_ref, "name");
    let name_required = name.is_empty();
    if !name_required {
        for m in path_segment_name(name) {
            errs.push(FieldError::invalid(
                &rp.child("name"),
                &Value::String(name.to_owned()),
                m,
            ));
        }
    }
    for (i, subject) in items(obj, "subjects").iter().enumerate() {
        role_binding_subject(
            subject,
            namespaced,
            &FieldPath::fields(&["subjects"]).index(i),
            &mut errs,
            &mut covered,
        );
    }
    if name_required {
        covered.push(FieldError::required(&rp.child("name"), ""));
    }
    errs.extend(covered);
    errs
}

fn default_binding(obj: &mut Value) {
    // A missing `roleRef` is Go's zero struct, which the default fills in too.
    if obj.get("roleRef").is_none_or(Value::is_null) {
        obj["roleRef"] = json!({});
    }
    if let Some(r) = obj.get_mut("roleRef").filter(|r| r.is_object())
        && s(r, "apiGroup").is_empty()
    {
        r["apiGroup"] = json!(GROUP);
    }
    let subjects = obj.get_mut("subjects").and_then(Value::as_array_mut);
    for subject in subjects.into_iter().flatten().filter(|x| x.is_object()) {
        if s(subject, "apiGroup").is_empty() && matches!(s(subject, "kind"), "User" | "Group") {
            subject["apiGroup"] = json!(GROUP);
        }
    }
}

/// `ValidateRoleBindingSubject`; the missing-name error goes to `covered`.
fn role_binding_subject(
    subject: &Value,
    namespaced: bool,
    sp: &FieldPath,
    errs: &mut Vec<FieldError>,
    covered: &mut Vec<FieldError>,
) {
    let name = s(subject, "name");
    if name.is_empty() {
        covered.push(FieldError::required(&sp.child("name"), ""));
    }
    let group = s(subject, "apiGroup");
    let group_value = Value::String(group.to_owned());
    match s(subject, "kind") {
        "ServiceAccount" => {
            if !name.is_empty() {
                // `ValidateServiceAccountName`: a DNS subdomain.
                for m in dns1123_subdomain(name) {
                    errs.push(FieldError::invalid(
                        &sp.child("name"),
                        &Value::String(name.to_owned()),
                        m,
                    ));
                }
            }
            if !group.is_empty() {
                errs.push(FieldError::not_supported(
                    &sp.child("apiGroup"),
                    &group_value,
                    &[""],
                ));
            }
            if !namespaced && s(subject, "namespace").is_empty() {
                errs.push(FieldError::required(&sp.child("namespace"), ""));
            }
        }
        "User" | "Group" => {
            if group != GROUP {
                errs.push(FieldError::not_supported(
                    &sp.child("apiGroup"),
                    &group_value,
                    &[GROUP],
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            &sp.child("kind"),
            &Value::String(other.to_owned()),
            &["ServiceAccount", "User", "Group"],
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(kind: &str, fields: &Value) -> Vec<String> {
        let mut obj = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "r"}});
        for (k, v) in fields.as_object().unwrap() {
            obj[k] = v.clone();
        }
        check_messages("rbac.authorization.k8s.io", "v1", kind, &obj)
    }

    /// The v1.37.2 server's answers to the same objects.
    #[test]
    fn roles_like_the_server() {
        assert_eq!(
            check(
                "Role",
                &json!({"rules": [
                    {"apiGroups": [""], "resources": ["pods"]},
                    {"verbs": ["get"], "nonResourceURLs": ["/x"], "resources": ["pods"]},
                    {"verbs": ["get"]},
                    {"verbs": [], "apiGroups": [], "resources": []}]})
            ),
            [
                "rules[1].nonResourceURLs: Invalid value: [\"/x\"]: namespaced rules cannot apply to non-resource URLs",
                "rules[1].nonResourceURLs: Invalid value: [\"/x\"]: rules cannot apply to both regular resources and non-resource URLs",
                "rules[2].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[2].resources: Required value: resource rules must supply at least one resource",
                "rules[3].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[3].resources: Required value: resource rules must supply at least one resource",
                "rules[0].verbs: Required value",
                "rules[3].verbs: Required value",
            ]
        );
        assert_eq!(
            check(
                "ClusterRole",
                &json!({"rules": [
                    {"verbs": ["get"], "nonResourceURLs": ["/x"]},
                    {"verbs": ["get"], "nonResourceURLs": ["/x"], "apiGroups": [""]}],
                    "aggregationRule": {"clusterRoleSelectors": [
                        {"matchLabels": {"a": "b c"}},
                        {"matchExpressions": [{"key": "a", "operator": "In"}]},
                        {"matchLabels": {"rbac.example.com/aggregate-to-view": "true"}}]}})
            ),
            [
                "rules[1].nonResourceURLs: Invalid value: [\"/x\"]: rules cannot apply to both regular resources and non-resource URLs",
                "aggregationRule.clusterRoleSelectors[0].matchLabels: Invalid value: \"b c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "aggregationRule.clusterRoleSelectors[0]: Invalid value: null: invalid label selector.",
                "aggregationRule.clusterRoleSelectors[1].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "aggregationRule.clusterRoleSelectors[1]: Invalid value: null: invalid label selector.",
            ]
        );
        assert_eq!(
            check("ClusterRole", &json!({"aggregationRule": {}})),
            [
                "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"
            ]
        );
    }

    #[test]
    fn bindings_like_the_server() {
        assert_eq!(
            check(
                "RoleBinding",
                &json!({"roleRef": {"apiGroup": "rbac", "kind": "Roles", "name": ""}, "subjects": [
                    {"kind": "ServiceAccount", "name": "A_b", "apiGroup": "rbac.authorization.k8s.io"},
                    {"kind": "User", "name": "", "apiGroup": "x"},
                    {"kind": "user", "name": "u"},
                    {"kind": "Group", "name": "g"},
                    {"kind": "ServiceAccount", "name": "sa"}]})
            ),
            [
                "roleRef.apiGroup: Unsupported value: \"rbac\": supported values: \"rbac.authorization.k8s.io\"",
                "roleRef.kind: Unsupported value: \"Roles\": supported values: \"Role\", \"ClusterRole\"",
                "subjects[0].name: Invalid value: \"A_b\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "subjects[0].apiGroup: Unsupported value: \"rbac.authorization.k8s.io\": supported values: \"\"",
                "subjects[1].apiGroup: Unsupported value: \"x\": supported values: \"rbac.authorization.k8s.io\"",
                "subjects[2].kind: Unsupported value: \"user\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
                "subjects[1].name: Required value",
                "roleRef.name: Required value",
            ]
        );
        assert_eq!(
            check(
                "ClusterRoleBinding",
                &json!({"roleRef": {"kind": "Role", "name": "a/b"}, "subjects": [{"kind": "ServiceAccount", "name": "sa"}]})
            ),
            [
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "roleRef.name: Invalid value: \"a/b\": may not contain '/'",
                "subjects[0].namespace: Required value",
            ]
        );
        assert_eq!(
            check(
                "ClusterRoleBinding",
                &json!({"subjects": [{"kind": "ServiceAccount", "name": "sa"}]})
            ),
            [
                "roleRef.kind: Unsupported value: \"\": supported values: \"ClusterRole\"",
                "subjects[0].namespace: Required value",
                "roleRef.name: Required value",
            ]
        );
        assert!(
            check(
                "RoleBinding",
                &json!({"roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": [
                    {"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "name": "app"}]})
            )
            .is_empty()
        );
    }
}
