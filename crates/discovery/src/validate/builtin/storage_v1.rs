//! Built-in kinds of the `storage.k8s.io/v1` group: the StorageClass (`ValidateStorageClass`,
//! `pkg/apis/storage/validation/validation.go`, Kubernetes v1.37, after
//! `SetDefaults_StorageClass`: `Delete`, `Immediate`) and the CSIDriver (`ValidateCSIDriver`,
//! after `SetDefaults_CSIDriver`, which sets every required flag), with the server's messages.
//! The provisioner's `Required` error comes from declarative validation, after the others.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::core_v1::volume::token_expiration;
use super::core_v1::{items, meta};
use crate::validate::field::{BadValue, FieldError};
use crate::validate::names::label_key;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;
use crate::validate::strings;

/// `maxProvisionerParameterLen` and `maxProvisionerParameterSize`.
const MAX_PARAMETERS: i64 = 512;
const MAX_PARAMETERS_SIZE: i64 = 256 * 1024;

fn text(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn one_of(obj: &Value, k: &str, valid: &[&str], errs: &mut Vec<FieldError>) {
    if let Some(v) = obj.get(k).and_then(Value::as_str)
        && !valid.contains(&v)
    {
        errs.push(FieldError::not_supported(
            &FieldPath::fields(&[k]),
            &text(v),
            valid,
        ));
    }
}

/// `ValidateStorageClass`.
pub(super) fn storage_class(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    // `validateProvisioner`: a qualified name once lower-cased.
    let provisioner = obj
        .get("provisioner")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let pp = FieldPath::fields(&["provisioner"]);
    if !provisioner.is_empty() {
        for m in label_key(&provisioner.to_lowercase()) {
            errs.push(FieldError::invalid(&pp, &text(provisioner), m));
        }
    }
    parameters(obj.get("parameters"), &mut errs);
    one_of(obj, "reclaimPolicy", &["Delete", "Retain"], &mut errs);
    one_of(
        obj,
        "volumeBindingMode",
        &["Immediate", "WaitForFirstConsumer"],
        &mut errs,
    );
    allowed_topologies(items(obj, "allowedTopologies"), &mut errs);
    if provisioner.is_empty() {
        errs.push(FieldError::required(&pp, ""));
    }
    errs
}

/// `validateParameters` with empty maps allowed: no empty key, at most 512 entries and 256 kB.
fn parameters(params: Option<&Value>, errs: &mut Vec<FieldError>) {
    let Some(params) = params.and_then(Value::as_object) else {
        return;
    };
    let path = FieldPath::fields(&["parameters"]);
    if i64::try_from(params.len()).unwrap_or(i64::MAX) > MAX_PARAMETERS {
        errs.push(FieldError::too_long(&path, MAX_PARAMETERS));
        return;
    }
    if params.contains_key("") {
        errs.push(FieldError::invalid(
            &path,
            &text(""),
            "field can not be empty.",
        ));
    }
    let size: usize = params
        .iter()
        .map(|(k, v)| k.len() + v.as_str().map_or(0, str::len))
        .sum();
    if i64::try_from(size).unwrap_or(i64::MAX) > MAX_PARAMETERS_SIZE {
        errs.push(FieldError::too_long(&path, MAX_PARAMETERS_SIZE));
    }
}

/// `validateAllowedTopologies` with `ValidateTopologySelectorTerm`. Go compares each term with
/// a list that starts with one empty term per term given (the slice is made with that length
/// before being appended to), so a term without expressions is a duplicate of all of those.
fn allowed_topologies(terms: &[Value], errs: &mut Vec<FieldError>) {
    let path = FieldPath::fields(&["allowedTopologies"]);
    let mut seen: Vec<BTreeMap<String, BTreeSet<String>>> = vec![BTreeMap::new(); terms.len()];
    for (i, term) in terms.iter().enumerate() {
        let ep = path.index(i).child("matchLabelExpressions");
        let mut expressions = BTreeMap::new();
        for (j, rq) in items(term, "matchLabelExpressions").iter().enumerate() {
            let rp = ep.index(j);
            let values = strings(rq.get("values"));
            if values.is_empty() {
                errs.push(FieldError::required(&rp.child("values"), ""));
            }
            let mut set = BTreeSet::new();
            for (k, v) in values.iter().enumerate() {
                if !set.insert(v.clone()) {
                    errs.push(FieldError::duplicate(
                        &rp.child("values").index(k),
                        BadValue::str(v.as_str()),
                    ));
                }
            }
            let key = rq.get("key").and_then(Value::as_str).unwrap_or_default();
            for m in label_key(key) {
                errs.push(FieldError::invalid(&rp.child("key"), &text(key), m));
            }
            if expressions.insert(key.to_owned(), set).is_some() {
                errs.push(FieldError::duplicate(&rp.child("key"), BadValue::str(key)));
            }
        }
        for earlier in &seen {
            if *earlier == expressions {
                errs.push(FieldError::duplicate(&ep, BadValue::str("")));
            }
        }
        seen.push(expressions);
    }
}

/// `validateCSIDriverSpec` for what the defaults leave to the user: the fsGroup policy, the
/// token requests (unique audiences, expirations), the lifecycle modes, the node allocatable
/// update period, `serviceAccountTokenInSecrets` only with token requests.
pub(super) fn csi_driver(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let sp = FieldPath::fields(&["spec"]);
    if let Some(p) = spec.get("fsGroupPolicy").and_then(Value::as_str)
        && !matches!(p, "File" | "None" | "ReadWriteOnceWithFSType")
    {
        errs.push(FieldError::not_supported(
            &sp.child("fsGroupPolicy"),
            &text(p),
            &["File", "None", "ReadWriteOnceWithFSType"],
        ));
    }
    let requests = items(spec, "tokenRequests");
    let mut audiences = BTreeSet::new();
    for (i, r) in requests.iter().enumerate() {
        let rp = sp.child("tokenRequests").index(i);
        let audience = r
            .get("audience")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !audiences.insert(audience) {
            errs.push(FieldError::duplicate(
                &rp.child("audience"),
                BadValue::str(audience),
            ));
            continue;
        }
        let Some(exp) = r.get("expirationSeconds").and_then(Value::as_i64) else {
            continue;
        };
        errs.extend(token_expiration(exp, &rp.child("expirationSeconds")));
    }
    for mode in strings(spec.get("volumeLifecycleModes")) {
        if !matches!(mode.as_str(), "Persistent" | "Ephemeral") {
            errs.push(FieldError::not_supported(
                &sp.child("volumeLifecycleModes"),
                &text(&mode),
                &["Persistent", "Ephemeral"],
            ));
        }
    }
    if let Some(period) = spec
        .get("nodeAllocatableUpdatePeriodSeconds")
        .and_then(Value::as_i64)
        && period < 10
    {
        errs.push(FieldError::invalid(
            &sp.child("nodeAllocatableUpdatePeriodSeconds"),
            &json!(period),
            "must be greater than or equal to 10 seconds",
        ));
    }
    if let Some(in_secrets) = spec
        .get("serviceAccountTokenInSecrets")
        .and_then(Value::as_bool)
        && requests.is_empty()
    {
        errs.push(FieldError::invalid(
            &sp.child("serviceAccountTokenInSecrets"),
            &json!(in_secrets),
            "serviceAccountTokenInSecrets is set but no tokenRequests are specified",
        ));
    }
    errs
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::validate::builtin::check_messages;

    /// The v1.37.2 server's answer to the same StorageClass.
    #[test]
    fn storage_classes_like_the_server() {
        let sc = json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "fast"}, "parameters": {"": "x", "type": "gp3"},
            "reclaimPolicy": "Recycle", "volumeBindingMode": "Later",
            "allowedTopologies": [
                {"matchLabelExpressions": [{"key": "topology.kubernetes.io/zone", "values": []}]},
                {"matchLabelExpressions": [{"key": "bad key", "values": ["a"]}]}]});
        assert_eq!(
            check_messages("storage.k8s.io", "v1", "StorageClass", &sc),
            [
                r#"parameters: Invalid value: "": field can not be empty."#,
                r#"reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain""#,
                r#"volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer""#,
                "allowedTopologies[0].matchLabelExpressions[0].values: Required value",
                r#"allowedTopologies[1].matchLabelExpressions[0].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"#,
                "provisioner: Required value",
            ]
        );
        let ok = json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "gp3"}, "provisioner": "ebs.csi.aws.com",
            "parameters": {"type": "gp3"}, "volumeBindingMode": "WaitForFirstConsumer"});
        assert!(check_messages("storage.k8s.io", "v1", "StorageClass", &ok).is_empty());
    }

    /// The v1.37.2 server's answers to the same CSIDrivers.
    #[test]
    fn csi_drivers_like_the_server() {
        let check = |name: &str, spec: serde_json::Value| {
            let driver = json!({"apiVersion": "storage.k8s.io/v1", "kind": "CSIDriver",
                "metadata": {"name": name}, "spec": spec});
            check_messages("storage.k8s.io", "v1", "CSIDriver", &driver)
        };
        assert_eq!(
            check(
                "ebs.csi.aws.com",
                json!({"fsGroupPolicy": "Always", "volumeLifecycleModes": ["Persistent", "Temporary"],
                    "tokenRequests": [{"audience": "vault", "expirationSeconds": 60}, {"audience": "vault"}],
                    "nodeAllocatableUpdatePeriodSeconds": 5})
            ),
            [
                r#"spec.fsGroupPolicy: Unsupported value: "Always": supported values: "File", "None", "ReadWriteOnceWithFSType""#,
                "spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
                r#"spec.tokenRequests[1].audience: Duplicate value: "vault""#,
                r#"spec.volumeLifecycleModes: Unsupported value: "Temporary": supported values: "Persistent", "Ephemeral""#,
                "spec.nodeAllocatableUpdatePeriodSeconds: Invalid value: 5: must be greater than or equal to 10 seconds",
            ]
        );
        assert_eq!(
            check(
                "ok.csi.example.com",
                json!({"serviceAccountTokenInSecrets": true})
            ),
            [
                "spec.serviceAccountTokenInSecrets: Invalid value: true: serviceAccountTokenInSecrets is set but no tokenRequests are specified"
            ]
        );
        assert!(
            check(
                "ok.csi.example.com",
                json!({"attachRequired": false, "podInfoOnMount": true,
                    "volumeLifecycleModes": ["Persistent", "Ephemeral"]})
            )
            .is_empty()
        );
    }
}
