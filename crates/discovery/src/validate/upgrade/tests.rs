//! The classification of stored objects and the CRD-level checks, on a small CRD whose new
//! version changes one thing per field.

use serde_json::{Value, json};

use super::super::crd::compile_crd;
use super::super::path::FieldPath;
use super::crd::{Severity, problems, versions_to_check};
use super::{Checker, Class, ObjectCheck, Update, pattern};

/// The new schema: `spec.model` pattern tightened, `spec.tier` enum, `spec.replicas` maximum
/// lowered, `spec.region` required, `spec.timeout` defaulted, `spec.legacy` gone, a `spec`
/// rule reported at `spec.endpoints`, a root rule, a set, an atomic list and a map list.
fn new_crd() -> Value {
    let spec_properties = json!({
        "model": {"type": "string", "pattern": "^[a-z]+$"},
        "tier": {"type": "string", "enum": ["gold", "silver"]},
        "replicas": {"type": "integer", "maximum": 10},
        "region": {"type": "string"},
        "timeout": {"type": "integer", "default": 30},
        "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
        "zones": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
        "endpoints": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            "items": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "port": {"type": "integer", "maximum": 9000}
            }}
        }
    });
    let spec = json!({
        "type": "object",
        "required": ["region"],
        "x-kubernetes-validations": [{
            "rule": "!has(self.tier) || self.tier != 'gold' || has(self.endpoints)",
            "message": "gold widgets need endpoints",
            "fieldPath": ".endpoints"
        }],
        "properties": spec_properties
    });
    let schema = json!({
        "type": "object",
        "x-kubernetes-validations": [{"rule": "self.metadata.name != 'forbidden'", "message": "name is reserved"}],
        "properties": {
            "spec": spec,
            "status": {"type": "object", "properties": {"phase": {"type": "string", "enum": ["Ready"]}}}
        }
    });
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"kind": "Widget", "plural": "widgets", "singular": "widget", "listKind": "WidgetList"},
            "versions": [{
                "name": "v1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": schema}
            }]
        }
    })
}

fn stored(spec: Value) -> Value {
    let mut obj = json!({
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {
            "name": "w", "namespace": "default", "uid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "resourceVersion": "42", "generation": 3, "creationTimestamp": "2026-01-01T00:00:00Z",
            "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "example.com/v1", "fieldsType": "FieldsV1", "fieldsV1": {}}]
        }
    });
    obj["spec"] = spec;
    obj
}

fn check(obj: &Value) -> ObjectCheck {
    let schemas = compile_crd(&new_crd()).unwrap();
    Checker::new(&schemas[0]).check(obj)
}

fn path(dotted: &str) -> FieldPath {
    let parts: Vec<&str> = dotted.split('.').collect();
    FieldPath::fields(&parts)
}

fn only(check: &ObjectCheck, class: Class) -> Vec<(String, Update)> {
    check
        .changes
        .iter()
        .filter(|c| c.class == class)
        .map(|c| (c.field.clone(), c.update.clone()))
        .collect()
}

#[test]
fn a_valid_object_gets_only_its_defaults() {
    let c = check(&stored(json!({"model": "m", "region": "eu"})));
    assert!(!c.rejected_on_create());
    assert_eq!(c.changes.len(), 1);
    assert_eq!(c.changes[0].class, Class::Defaulted);
    assert_eq!(c.changes[0].field, "spec.timeout");
    assert_eq!(c.changes[0].value, Some(json!(30)));
    assert!(c.update_passes(&path("metadata.labels")));
}

#[test]
fn removed_fields_are_pruned_and_a_copy_is_a_strict_decoding_error() {
    let c = check(&stored(
        json!({"model": "m", "region": "eu", "legacy": {"x": 1}}),
    ));
    assert_eq!(
        only(&c, Class::Pruned),
        [("spec.legacy".to_owned(), Update::Passes)]
    );
    assert_eq!(c.changes[0].class, Class::Pruned, "data loss comes first");
    assert_eq!(c.changes[0].value, Some(json!({"x": 1})));
    let create: Vec<&str> = c.create.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(create, [r#"unknown field "spec.legacy""#]);
    assert!(c.update_passes(&path("spec.model")));
}

#[test]
fn leaf_errors_ratchet_while_the_field_is_unchanged() {
    let c = check(&stored(
        json!({"model": "M-1", "tier": "bronze", "replicas": 12, "region": "eu"}),
    ));
    let r = only(&c, Class::Ratcheted);
    let scopes: Vec<(&str, &Update)> = r.iter().map(|(f, u)| (f.as_str(), u)).collect();
    assert_eq!(
        scopes,
        [
            (
                "spec.model",
                &Update::PassesUnlessChanged(path("spec.model"))
            ),
            (
                "spec.replicas",
                &Update::PassesUnlessChanged(path("spec.replicas"))
            ),
            ("spec.tier", &Update::PassesUnlessChanged(path("spec.tier"))),
        ]
    );
    assert!(c.rejected_on_create());
    assert!(
        c.create[0]
            .message
            .starts_with("spec.model: Invalid value: \"M-1\""),
        "{:?}",
        c.create
    );
    assert!(c.update_passes(&path("metadata.labels")));
    assert!(c.update_passes(&path("spec.region")));
    assert!(!c.update_passes(&path("spec.model")));
    assert!(!c.update_passes(&path("spec")));
}

#[test]
fn required_errors_ratchet_by_the_parent_and_rules_by_their_node() {
    let c = check(&stored(json!({"model": "m", "tier": "gold"})));
    let r = only(&c, Class::Ratcheted);
    assert_eq!(
        r,
        [
            (
                "spec.region".to_owned(),
                Update::PassesUnlessChanged(path("spec"))
            ),
            (
                "spec.endpoints".to_owned(),
                Update::PassesUnlessChanged(path("spec"))
            ),
        ]
    );
    // The create stops at the blocking Required error, as the server does.
    let create: Vec<&str> = c.create.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        create,
        [
            "spec.region: Required value",
            "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"
        ]
    );
    assert!(c.update_passes(&path("metadata.labels")));
    assert!(
        !c.update_passes(&path("spec.model")),
        "a sibling under spec un-ratchets both"
    );
}

#[test]
fn root_rules_and_list_items_follow_the_server_correlation() {
    let mut obj = stored(json!({
        "model": "m", "region": "eu",
        "tags": ["x", "x"],
        "zones": ["a", "c"],
        "endpoints": [{"name": "e", "port": 9999}]
    }));
    obj["metadata"]["name"] = json!("forbidden");
    let c = check(&obj);
    assert_eq!(
        only(&c, Class::Rejected),
        [("<nil>".to_owned(), Update::Fails)],
        "a rule at the root: every update changes the root"
    );
    let r = only(&c, Class::Ratcheted);
    assert!(
        r.contains(&(
            "spec.zones[1]".to_owned(),
            Update::PassesUnlessChanged(path("spec.zones"))
        )),
        "{r:?}"
    );
    assert!(
        r.contains(&(
            "spec.endpoints[0].port".to_owned(),
            Update::PassesUnlessChanged(path("spec.endpoints").index(0).child("port"))
        )),
        "{r:?}"
    );
    assert!(
        r.contains(&("spec.tags[1]".to_owned(), Update::Passes)),
        "{r:?}"
    );
    assert!(!c.update_passes(&path("metadata.labels")));
}

#[test]
fn status_errors_do_not_reject_a_create_with_the_status_subresource() {
    let mut obj = stored(json!({"model": "m", "region": "eu", "timeout": 5}));
    obj["status"] = json!({"phase": "Pending"});
    let c = check(&obj);
    assert!(!c.rejected_on_create());
    let r: Vec<_> = c
        .changes
        .iter()
        .filter(|c| c.class == Class::Ratcheted)
        .collect();
    assert_eq!(r.len(), 1);
    assert!(!r[0].on_create);
    assert_eq!(
        r[0].update,
        Update::PassesUnlessChanged(path("status.phase"))
    );
}

#[test]
fn patterns_count_list_items_together() {
    assert_eq!(
        pattern(&path("spec.endpoints").index(3).child("weight")),
        "spec.endpoints[*].weight"
    );
}

fn with_versions(mut crd: Value, versions: Value, stored: &[&str]) -> Value {
    crd["spec"]["versions"] = versions;
    crd["status"] = json!({
        "storedVersions": stored,
        "conditions": [{"type": "Established", "status": "True"}]
    });
    crd
}

fn version(name: &str, served: bool, storage: bool) -> Value {
    let mut v = new_crd()["spec"]["versions"][0].clone();
    v["name"] = json!(name);
    v["served"] = json!(served);
    v["storage"] = json!(storage);
    v
}

#[test]
fn dropping_a_stored_version_is_refused_with_the_servers_message() {
    let current = with_versions(
        new_crd(),
        json!([version("v1beta1", true, false), version("v1", true, true)]),
        &["v1beta1", "v1"],
    );
    let p = problems(Some(&current), &new_crd());
    assert_eq!(p[0].severity, Severity::Refused);
    assert_eq!(
        p[0].message,
        "status.storedVersions[0]: Invalid value: \"v1beta1\": missing from spec.versions; v1beta1 was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in v1beta1 and removes v1beta1 from status.storedVersions"
    );
    assert_eq!(p[1].severity, Severity::Warning);
    assert_eq!(
        p[1].message,
        "example.com/v1beta1 is no longer served: clients that read or write through it get 404 Not Found"
    );
    assert_eq!(versions_to_check(&current, &new_crd()), ["v1"]);
}

#[test]
fn scope_kind_storage_and_an_invalid_new_crd() {
    let current = with_versions(new_crd(), json!([version("v1", true, true)]), &["v1"]);
    let mut next = with_versions(
        new_crd(),
        json!([version("v1", true, false), version("v2", true, true)]),
        &[],
    );
    next["spec"]["scope"] = json!("Cluster");
    next["spec"]["names"]["kind"] = json!("Gadget");
    let p = problems(Some(&current), &next);
    let messages: Vec<(Severity, &str)> =
        p.iter().map(|p| (p.severity, p.message.as_str())).collect();
    assert_eq!(
        messages[0],
        (
            Severity::Refused,
            "spec.scope: Invalid value: \"Cluster\": field is immutable"
        )
    );
    assert_eq!(
        messages[1],
        (
            Severity::Refused,
            "spec.names.kind: Invalid value: \"Gadget\": field is immutable"
        )
    );
    assert_eq!(messages[2].0, Severity::Warning);
    assert!(
        messages[2]
            .1
            .starts_with("the storage version changes from v1 to v2"),
        "{messages:?}"
    );
    assert_eq!(p.len(), 3);

    let mut broken = new_crd();
    broken["spec"]["versions"][0]["storage"] = json!(false);
    let p = problems(None, &broken);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].severity, Severity::Refused);
    assert!(
        p[0].message
            .contains("must have exactly one version marked as storage version"),
        "{p:?}"
    );
    assert!(
        problems(None, &new_crd()).is_empty(),
        "a new CRD: nothing stored"
    );
}
