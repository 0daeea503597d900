//! Built-in kinds (every kind a v1.37 API server serves, and the kinds of other `/openapi/v3`
//! documents: a user's own, an aggregated API's), validated offline.
//!
//! The API server decodes built-in objects into Go structs and validates them with
//! hand-written Go code, not with a schema. This module reproduces both halves:
//!
//! - decoding (`decode`), from the OpenAPI v3 definitions of the real server (`schemas`):
//!   unknown fields (`strict decoding error`), Go's `cannot unmarshal` type errors, base64
//!   `[]byte` fields, quantities (`quantity`), int-or-string;
//! - the defaults and validation rules most manifests meet, with the server's messages, one
//!   module per API group as the Go sources are split: `core_v1` (`pkg/apis/core`: ConfigMap,
//!   Secret, Service, Pod, PodTemplate, ReplicationController and the pod template every
//!   workload carries), `apps_v1` (`pkg/apis/apps`), `batch_v1` (`pkg/apis/batch`, with `cron`
//!   for schedules and `tz` for time zones), `networking_v1` (Ingress, IngressClass,
//!   NetworkPolicy), `rbac_v1` (roles and bindings), `admissionregistration_v1` (webhook configurations), `apiregistration_v1`
//!   (APIService), `scheduling_v1` (PriorityClass),
//!   `storage_v1` (StorageClass, CSIDriver), `selector` (label selectors against
//!   template labels), `label_selector` (`ValidateLabelSelector`), `ip` (IP and CIDR values of
//!   legacy fields); for every other kind `ValidateObjectMeta` with the kind's own name rule.
//!   Rules not ported are not checked (see the README of the plugin for the list).

mod admissionregistration_v1;
mod apiregistration_v1;
mod apps_v1;
mod autoscaling;
mod batch_v1;
mod core_v1;
mod cron;
mod decode;
mod ip;
mod label_selector;
mod networking_v1;
mod policy_v1;
mod quantity;
mod rbac_v1;
mod scheduling_v1;
mod schemas;
mod selector;
mod storage_v1;
mod tz;

use serde_json::Value;

pub use schemas::{BuiltinKind, Definitions, DocumentError, SchemaSet, kubernetes_version, lookup};

use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::gofmt;
use crate::validate::gvk::Gvk;
use crate::validate::manifest::{Position, Positions};
use crate::validate::objectmeta::NameRule;
use crate::validate::outcome::{Options, Outcome, UnknownFields};
use crate::validate::path::FieldPath;
use decode::Decoder;

/// Validates a built-in object as a create through the API server would.
pub fn validate(
    kind: &BuiltinKind,
    obj: &Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    validate_owned(kind, obj.clone(), positions, duplicates, options)
}

/// [`validate`], taking the object: no copy of it is made.
pub fn validate_owned(
    kind: &BuiltinKind,
    obj: Value,
    positions: &Positions,
    duplicates: &[(FieldPath, Position)],
    options: Options,
) -> Outcome {
    let mut warnings = Vec::new();
    if !kind.creatable {
        // The REST storage has no create: the server answers before decoding the body.
        let mut e = FieldError::new(
            Reason::MethodNotAllowed,
            &FieldPath::root(),
            BadValue::Omit,
            "the server does not allow this method on the requested resource",
        );
        // A status of the whole request, not of a field.
        e.field = String::new();
        return Outcome::of(&[e], &warnings, obj, positions);
    }
    let mut decoder = Decoder::new(&kind.definitions, &kind.definition);
    decoder.object(&obj);
    if let Some(fatal) = decoder.fatal() {
        return Outcome::of(&[fatal], &warnings, obj, positions);
    }
    let mut strict: Vec<FieldError> = duplicates
        .iter()
        .map(|(path, _)| FieldError {
            reason: Reason::FieldValueDuplicateField,
            field: path.openapi(),
            path: path.clone(),
            value: BadValue::Omit,
            detail: format!("duplicate field {}", gofmt::quote(&path.openapi())),
        })
        .collect();
    let mut unknown = decoder.unknown;
    unknown.sort_by_key(|e| e.path.openapi());
    strict.extend(unknown);
    if !strict.is_empty() {
        match options.unknown_fields {
            UnknownFields::Error => return Outcome::of(&strict, &warnings, obj, positions),
            UnknownFields::Warn => warnings.extend(strict),
        }
    }
    let mut obj = obj;
    let gvk = &kind.gvk;
    let errs = match (gvk.group.as_str(), gvk.version.as_str(), gvk.kind.as_str()) {
        ("", "v1", "ConfigMap") => core_v1::config_map(&obj),
        ("", "v1", "Secret") => core_v1::secret(&mut obj),
        ("", "v1", "Service") => core_v1::service(&mut obj),
        ("", "v1", "Namespace") => core_v1::namespace(&mut obj),
        ("", "v1", "Pod") => core_v1::pod(&obj),
        ("", "v1", "PodTemplate") => core_v1::pod_template(&obj),
        ("", "v1", "ReplicationController") => core_v1::replication_controller(&obj),
        ("apps", "v1", "Deployment") => apps_v1::deployment(&mut obj),
        ("apps", "v1", "ReplicaSet") => apps_v1::replica_set(&obj),
        ("apps", "v1", "DaemonSet") => apps_v1::daemon_set(&obj),
        ("apps", "v1", "StatefulSet") => apps_v1::stateful_set(&obj),
        ("batch", "v1", "Job") => batch_v1::job(&obj),
        ("batch", "v1", "CronJob") => batch_v1::cron_job(&obj),
        ("networking.k8s.io", "v1", "Ingress") => networking_v1::ingress(&obj),
        ("networking.k8s.io", "v1", "IngressClass") => networking_v1::ingress_class(&obj),
        ("scheduling.k8s.io", "v1", "PriorityClass") => scheduling_v1::priority_class(&obj),
        ("apiregistration.k8s.io", "v1", "APIService") => apiregistration_v1::api_service(&obj),
        ("storage.k8s.io", "v1", "StorageClass") => storage_v1::storage_class(&obj),
        ("storage.k8s.io", "v1", "CSIDriver") => storage_v1::csi_driver(&obj),
        ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration") => {
            admissionregistration_v1::webhook_configuration(&obj, false)
        }
        ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration") => {
            admissionregistration_v1::webhook_configuration(&obj, true)
        }
        ("networking.k8s.io", "v1", "NetworkPolicy") => networking_v1::network_policy(&mut obj),
        ("rbac.authorization.k8s.io", "v1", "Role") => rbac_v1::role(&obj),
        ("rbac.authorization.k8s.io", "v1", "ClusterRole") => rbac_v1::cluster_role(&obj),
        ("rbac.authorization.k8s.io", "v1", "RoleBinding") => rbac_v1::binding(&mut obj, true),
        ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding") => {
            rbac_v1::binding(&mut obj, false)
        }
        ("policy", "v1", "PodDisruptionBudget") => policy_v1::pod_disruption_budget(&obj),
        ("autoscaling", "v2", "HorizontalPodAutoscaler") => {
            autoscaling::horizontal_pod_autoscaler(&obj, false)
        }
        ("autoscaling", "v1", "HorizontalPodAutoscaler") => {
            autoscaling::horizontal_pod_autoscaler(&obj, true)
        }
        ("", "v1", "PersistentVolumeClaim") => {
            core_v1::persistent_volume::persistent_volume_claim(&obj)
        }
        ("", "v1", "PersistentVolume") => core_v1::persistent_volume::persistent_volume(&obj),
        ("", "v1", "LimitRange") => core_v1::quota::limit_range(&obj),
        ("", "v1", "ResourceQuota") => core_v1::quota::resource_quota(&obj),
        _ => core_v1::meta(&obj, name_rule(gvk)),
    };
    Outcome::of(&errs, &warnings, obj, positions)
}

/// The rule for `metadata.name` of a kind: the `nameFn` its Go validation passes to
/// `ValidateObjectMeta` (`pkg/apis/*/validation/validation.go`, Kubernetes v1.37). Kinds not
/// named here use `NameIsDNSSubdomain`, as most do (`ValidatePodName`, `ValidateConfigMapName`,
/// `ValidateIngressName`, `ValidateClassName`, `validate.LongName`, ...).
fn name_rule(gvk: &Gvk) -> NameRule {
    match (gvk.group.as_str(), gvk.kind.as_str()) {
        // `ValidateNamespaceName`, `ValidateStatefulSetName`: `NameIsDNSLabel`. Services:
        // `NameIsDNSLabel` since RelaxedServiceNameValidation (GA and locked on in v1.37).
        ("", "Namespace" | "Service") | ("apps", "StatefulSet") => NameRule::DnsLabel,
        // `ValidateRBACName`: `IsPathSegmentName` (`system:aggregate-to-edit` is a name).
        (
            "rbac.authorization.k8s.io",
            "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding",
        ) => NameRule::PathSegment,
        // `ValidateCertificateRequestName` accepts any name. `ValidateClusterTrustBundleName`
        // (a prefix derived from the signer name), `ValidateIPAddressName` (an IP address in
        // canonical form) and the CRD's `<plural>.<group>` (checked with the CRD, `crd.rs`)
        // are not a plain rule: not checked here rather than wrongly.
        ("certificates.k8s.io", "CertificateSigningRequest" | "ClusterTrustBundle")
        | ("networking.k8s.io", "IPAddress")
        | ("apiextensions.k8s.io", "CustomResourceDefinition") => NameRule::Any,
        _ => NameRule::DnsSubdomain,
    }
}

/// The messages crvalidate gives for `obj` as the built-in kind `g/v/k`: what the ports'
/// tests compare with the server's answers.
#[cfg(test)]
fn check_messages(g: &str, v: &str, k: &str, obj: &Value) -> Vec<String> {
    let kind = lookup(&Gvk::new(g, v, k)).expect("a built-in kind");
    validate(kind, obj, &Positions::new(), &[], Options::default())
        .findings
        .into_iter()
        .map(|f| f.message)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use super::check_messages as check;

    fn deployment(pod_spec: &Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"selector": {"matchLabels": {"a": "b"}},
                "template": {"metadata": {"labels": {"a": "b"}}, "spec": pod_spec}}})
    }

    #[test]
    fn decoding_errors_like_the_server() {
        let kind = lookup(&Gvk::new("apps", "v1", "Deployment")).unwrap();
        let obj = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
            "spec": {"replicas": "two"}});
        let out = validate(kind, &obj, &Positions::new(), &[], Options::default());
        assert_eq!(out.findings[0].field, "spec.replicas");
        assert_eq!(
            out.findings[0].message,
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"
        );
    }

    /// Each message as the v1.37.2 server answered `kubectl apply --dry-run=server` of the
    /// same Deployment.
    #[test]
    fn go_types_structs_and_embedded_fields_like_the_server() {
        let c = |extra: Value| {
            let mut c = json!({"name": "a", "image": "b"});
            c.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            c
        };
        let cases = [
            (
                json!({"containers": {}}),
                "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
            ),
            (
                json!({"containers": ["x"]}),
                "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type v1.Container",
            ),
            (
                json!({"containers": [c(json!({"securityContext": "x"}))]}),
                "json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.securityContext of type v1.SecurityContext",
            ),
            (
                json!({"containers": [c(json!({"args": "x"}))]}),
                "json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.args of type []string",
            ),
            (
                json!({"containers": [c(json!({"ports": [{"containerPort": 1.5}]}))]}),
                "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
            ),
            (
                json!({"containers": [c(json!({"ports": [{"containerPort": 3_000_000_000_i64}]}))]}),
                "json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
            ),
            (
                json!({"containers": [c(json!({}))], "nodeSelector": []}),
                "json: cannot unmarshal array into Go struct field PodSpec.spec.template.spec.nodeSelector of type map[string]string",
            ),
            (
                json!({"containers": [c(json!({}))], "nodeSelector": {"a": 1}}),
                "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.nodeSelector of type string",
            ),
            (
                json!({"containers": [c(json!({}))], "volumes": [{"name": "v", "secret": {"defaultMode": "0644"}}]}),
                "json: cannot unmarshal string into Go struct field SecretVolumeSource.spec.template.spec.volumes.VolumeSource.secret.defaultMode of type int32",
            ),
            (
                json!({"containers": [c(json!({"livenessProbe": {"httpGet": {"port": true}}}))]}),
                "json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.template.spec.containers.livenessProbe.ProbeHandler.httpGet.port of type int32",
            ),
            (
                json!({"containers": [c(json!({"resources": {"limits": {"cpu": true}}}))]}),
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ),
            (
                // A type error first, then an unknown field: the type error is the answer.
                json!({"containers": [c(json!({}))], "hostPID": "no", "x": 1}),
                "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.hostPID of type bool",
            ),
        ];
        for (spec, want) in cases {
            assert_eq!(
                check("apps", "v1", "Deployment", &deployment(&spec)),
                [want],
                "{spec}"
            );
        }
    }

    #[test]
    fn every_kind_has_its_name_rule() {
        let named = |g: &str, v: &str, k: &str, name: &str| {
            let api_version = if g.is_empty() {
                v.to_owned()
            } else {
                format!("{g}/{v}")
            };
            check(
                g,
                v,
                k,
                &json!({"apiVersion": api_version, "kind": k, "metadata": {"name": name}}),
            )
        };
        assert!(
            named(
                "rbac.authorization.k8s.io",
                "v1",
                "ClusterRole",
                "system:aggregate-to-edit"
            )
            .is_empty()
        );
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "8080-web"},
            "spec": {"ports": [{"port": 80}]}});
        assert!(check("", "v1", "Service", &svc).is_empty());
        assert!(named("", "v1", "ServiceAccount", "my.sa").is_empty());
        assert!(
            named(
                "certificates.k8s.io",
                "v1",
                "CertificateSigningRequest",
                "Any Name"
            )
            .is_empty()
        );
        assert_eq!(
            named("", "v1", "Namespace", "my.ns"),
            [r#"metadata.name: Invalid value: "my.ns": must not contain dots"#]
        );
        assert_eq!(
            named("rbac.authorization.k8s.io", "v1", "Role", "a/b"),
            [r#"metadata.name: Invalid value: "a/b": may not contain '/'"#]
        );
        assert_eq!(
            named("", "v1", "ComponentStatus", "x"),
            ["the server does not allow this method on the requested resource"]
        );
    }

    /// The messages, in their order, of the v1.37.2 server's answer to the same Job.
    #[test]
    fn pod_templates_like_the_server() {
        let job = json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
            "spec": {"template": {"spec": {
                "containers": [{"name": "c", "image": "i", "volumeMounts": [
                    {"name": "nope", "mountPath": "/x"}, {"name": "", "mountPath": "/x"}]}],
                "initContainers": [{"name": "c", "image": "i", "livenessProbe": {"exec": {"command": ["x"]}}}],
                "volumes": [{"name": "a"}, {"name": "b", "emptyDir": {}, "configMap": {"name": "x"}, "downwardAPI": {}},
                    {"name": "b", "emptyDir": {}}, {"name": "Bad_Name", "emptyDir": {}}]}}}});
        let p = "spec.template.spec";
        assert_eq!(
            check("batch", "v1", "Job", &job),
            [
                format!(
                    "{p}.volumes[1].downwarAPI: Forbidden: may not specify more than 1 volume type"
                ),
                format!(
                    "{p}.volumes[1].configMap: Forbidden: may not specify more than 1 volume type"
                ),
                format!(
                    "{p}.volumes[3].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                ),
                format!("{p}.containers[0].volumeMounts[0].name: Not found: \"nope\""),
                format!("{p}.containers[0].volumeMounts[1].name: Required value"),
                format!("{p}.containers[0].volumeMounts[1].name: Not found: \"\""),
                format!(
                    "{p}.containers[0].volumeMounts[1].mountPath: Invalid value: \"/x\": must be unique"
                ),
                format!("{p}.initContainers[0].name: Duplicate value: \"c\""),
                format!(
                    "{p}.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"
                ),
                format!(
                    "{p}.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
                ),
            ]
        );
        // A StatefulSet's pods may mount the volumes of its claim templates.
        let sts = json!({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "serviceName": "db",
                "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [
                    {"name": "c", "image": "i", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                    "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}});
        assert_eq!(
            check("apps", "v1", "StatefulSet", &sts),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_field_named_description_is_a_field() {
        let pc = json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
            "metadata": {"name": "high"}, "value": 1000, "description": "for the API"});
        assert!(check("scheduling.k8s.io", "v1", "PriorityClass", &pc).is_empty());
    }

    #[test]
    fn crds_are_decoded_strictly_where_the_server_is_strict() {
        let crd = |props: Value| {
            json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": "foos.example.com"},
                "spec": {"group": "example.com", "scope": "Namespaced", "names": {"plural": "foos", "kind": "Foo"},
                    "versions": [{"name": "v1", "served": true, "storage": true,
                        "schema": {"openAPIV3Schema": {"type": "object", "properties": props}}}]}})
        };
        let crd_kind = ("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
        assert_eq!(
            check(
                crd_kind.0,
                crd_kind.1,
                crd_kind.2,
                &crd(json!({"a": {"type": "string", "bogus": 1}}))
            ),
            [r#"unknown field "spec.versions[0].schema.openAPIV3Schema.properties.a.bogus""#]
        );
        // `items` and `additionalProperties` are decoded by custom unmarshalers that are not
        // strict: the server accepts unknown keywords there.
        let lax = json!({"l": {"type": "array", "items": {"type": "string", "bogus": 1}},
            "m": {"type": "object", "additionalProperties": {"type": "string", "bogus": 1}},
            "d": {"type": "string", "default": {"any": ["json"]}}});
        assert!(check(crd_kind.0, crd_kind.1, crd_kind.2, &crd(lax)).is_empty());
    }
}
