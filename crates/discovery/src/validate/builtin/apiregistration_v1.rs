//! Built-in kinds of the `apiregistration.k8s.io/v1` group: the APIService that registers an
//! aggregated API, as metrics-server and other charts ship it (`ValidateAPIService`,
//! k8s.io/kube-aggregator `pkg/apis/apiregistration/validation/validation.go`, v0.37.2, after
//! `SetDefaults_ServiceReference`: port 443), with the server's messages.

use base64::Engine as _;
use serde_json::{Value, json};

use super::core_v1::meta;
use crate::validate::field::FieldError;
use crate::validate::gofmt;
use crate::validate::names::{dns1035_label, dns1123_subdomain};
use crate::validate::objectmeta::{NameRule, name_errors};
use crate::validate::path::FieldPath;

fn path(fields: &[&str]) -> FieldPath {
    FieldPath::fields(fields)
}

fn text(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// `ValidateAPIService`: the name is a path segment and `<version>.<group>`, the group a DNS
/// subdomain (empty only for `v1`), the version a DNS-1035 label, the priorities in range, a
/// service reference complete, or none for a local APIService without TLS settings.
pub(super) fn api_service(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::PathSegment);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let field = |k: &str| spec.get(k).and_then(Value::as_str).unwrap_or_default();
    let (group, version) = (field("group"), field("version"));
    let name = obj
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let required = format!("{version}.{group}");
    if !name.is_empty()
        && name_errors(NameRule::PathSegment, name, false).is_empty()
        && name != required
    {
        // The name function's message comes where ObjectMeta's name checks are: after those
        // of `generateName`, which an APIService rarely has.
        errs.insert(
            0,
            FieldError::invalid(
                &path(&["metadata", "name"]),
                &text(name),
                format!(
                    "must be `spec.version+\".\"+spec.group`: {}",
                    gofmt::quote(&required)
                ),
            ),
        );
    }
    if group.is_empty() && version != "v1" {
        errs.push(FieldError::required(
            &path(&["spec", "group"]),
            "only v1 may have an empty group and it better be legacy kube",
        ));
    }
    if !group.is_empty() {
        for m in dns1123_subdomain(group) {
            errs.push(FieldError::invalid(
                &path(&["spec", "group"]),
                &text(group),
                m,
            ));
        }
    }
    for m in dns1035_label(version) {
        errs.push(FieldError::invalid(
            &path(&["spec", "version"]),
            &text(version),
            m,
        ));
    }
    let number = |k: &str| spec.get(k).and_then(Value::as_i64).unwrap_or(0);
    for (k, max, detail) in [
        (
            "groupPriorityMinimum",
            20000,
            "must be positive and less than 20000",
        ),
        (
            "versionPriority",
            1000,
            "must be positive and less than 1000",
        ),
    ] {
        let n = number(k);
        if n <= 0 || n > max {
            errs.push(FieldError::invalid(&path(&["spec", k]), &json!(n), detail));
        }
    }
    service_and_tls(spec, &mut errs);
    errs
}

/// The end of `ValidateAPIService`: a local APIService (no service) has no TLS settings; a
/// service reference has a namespace, a name and a port, and `insecureSkipTLSVerify` excludes a
/// CA bundle.
fn service_and_tls(spec: &Value, errs: &mut Vec<FieldError>) {
    let ca_len = spec
        .get("caBundle")
        .and_then(Value::as_str)
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .map_or(0, |b| b.len());
    let insecure = spec
        .get("insecureSkipTLSVerify")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let Some(service) = spec.get("service").filter(|s| !s.is_null()) else {
        if ca_len != 0 {
            errs.push(FieldError::invalid(
                &path(&["spec", "caBundle"]),
                &text(&format!("{ca_len} bytes")),
                "local APIServices may not have a caBundle",
            ));
        }
        if insecure {
            errs.push(FieldError::invalid(
                &path(&["spec", "insecureSkipTLSVerify"]),
                &json!(true),
                "local APIServices may not have insecureSkipTLSVerify",
            ));
        }
        return;
    };
    for k in ["namespace", "name"] {
        if service
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .is_empty()
        {
            errs.push(FieldError::required(&path(&["spec", "service", k]), ""));
        }
    }
    let port = service.get("port").and_then(Value::as_i64).unwrap_or(443);
    if !(1..=65535).contains(&port) {
        errs.push(FieldError::invalid(
            &path(&["spec", "service", "port"]),
            &json!(port),
            "port is not valid: must be between 1 and 65535, inclusive",
        ));
    }
    if insecure && ca_len > 0 {
        errs.push(FieldError::invalid(
            &path(&["spec", "insecureSkipTLSVerify"]),
            &json!(true),
            "may not be true if caBundle is present",
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(name: &str, spec: &Value) -> Vec<String> {
        let obj = json!({"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
            "metadata": {"name": name}, "spec": spec});
        check_messages("apiregistration.k8s.io", "v1", "APIService", &obj)
    }

    /// The v1.37.2 server's answers to the same APIServices.
    #[test]
    fn api_services_like_the_server() {
        let metrics = json!({"group": "metrics.k8s.io", "version": "v1beta1",
            "groupPriorityMinimum": 100, "versionPriority": 100, "insecureSkipTLSVerify": true,
            "service": {"name": "metrics-server", "namespace": "kube-system"}});
        assert!(check("v1beta1.metrics.k8s.io", &metrics).is_empty());
        assert_eq!(
            check("metrics", &metrics),
            [
                r#"metadata.name: Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io""#
            ]
        );
        assert_eq!(
            check(
                "v1.",
                &json!({"version": "V1", "groupPriorityMinimum": 0, "versionPriority": 2000,
                    "service": {"name": "s", "port": 0}, "caBundle": "YWJj", "insecureSkipTLSVerify": true})
            ),
            [
                r#"metadata.name: Invalid value: "v1.": must be `spec.version+"."+spec.group`: "V1.""#,
                "spec.group: Required value: only v1 may have an empty group and it better be legacy kube",
                r#"spec.version: Invalid value: "V1": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"#,
                "spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000",
                "spec.versionPriority: Invalid value: 2000: must be positive and less than 1000",
                "spec.service.namespace: Required value",
                "spec.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive",
                "spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present",
            ]
        );
    }
}
