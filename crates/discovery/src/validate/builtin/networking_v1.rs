//! Built-in kinds of the `networking.k8s.io/v1` group: the defaults
//! (`pkg/apis/networking/v1/defaults.go`) and validation (`pkg/apis/networking/validation/validation.go`,
//! Kubernetes v1.37) of Ingress, IngressClass and NetworkPolicy, with the server's messages.
//! The options of a create apply: no invalid secret names or wildcard-host rules kept from an
//! old object, relaxed (DNS label) Service names (RelaxedServiceNameValidation, locked on).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::core_v1::{invalid_all, items, meta, port_range, present, s};
use super::ip::{cidr_for_legacy_field, parse_cidr_sloppy, parse_ip_sloppy};
use super::label_selector::validate_label_selector;
use crate::validate::field::FieldError;
use crate::validate::names::{
    dns1123_label, dns1123_subdomain, path_segment_name, port_name, wildcard_dns1123_subdomain,
};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `ValidateIngressCreate`: `ValidateObjectMeta`, `ValidateIngressSpec`, then the
/// `kubernetes.io/ingress.class` annotation against `ingressClassName` (named `annotations...`
/// without `metadata`, as Go names it).
pub(super) fn ingress(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    ingress_spec(spec, &FieldPath::fields(&["spec"]), &mut errs);
    let annotation = obj
        .pointer("/metadata/annotations/kubernetes.io~1ingress.class")
        .and_then(Value::as_str);
    if let (Some(a), Some(class)) = (
        annotation,
        present(spec, "ingressClassName").and_then(Value::as_str),
    ) && a != class
    {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["annotations"]).child("kubernetes.io/ingress.class"),
            &Value::String(a.to_owned()),
            "must match `ingressClassName` when both are specified",
        ));
    }
    errs
}

/// `ValidateIngressSpec`.
fn ingress_spec(spec: &Value, sp: &FieldPath, errs: &mut Vec<FieldError>) {
    let rules = items(spec, "rules");
    let default_backend = present(spec, "defaultBackend");
    if rules.is_empty() && default_backend.is_none() {
        errs.push(FieldError::invalid(
            sp,
            spec.get("rules").unwrap_or(&Value::Null),
            "either `defaultBackend` or `rules` must be specified",
        ));
    }
    if let Some(b) = default_backend {
        ingress_backend(b, &sp.child("defaultBackend"), errs);
    }
    for (i, rule) in rules.iter().enumerate() {
        ingress_rule(rule, &sp.child("rules").index(i), errs);
    }
    for (ti, tls) in items(spec, "tls").iter().enumerate() {
        let tp = sp.child("tls").index(ti);
        for (i, host) in items(tls, "hosts").iter().enumerate() {
            let host = host.as_str().unwrap_or_default();
            let msgs = if host.contains('*') {
                wildcard_dns1123_subdomain(host)
            } else {
                dns1123_subdomain(host)
            };
            invalid_all(errs, &tp.child("hosts").index(i), host, msgs);
        }
        // `validateTLSSecretName`: `ValidateSecretName` of a non-empty name.
        let secret = s(tls, "secretName");
        if !secret.is_empty() {
            invalid_all(
                errs,
                &tp.child("secretName"),
                secret,
                dns1123_subdomain(secret),
            );
        }
    }
    if let Some(class) = present(spec, "ingressClassName").and_then(Value::as_str) {
        invalid_all(
            errs,
            &sp.child("ingressClassName"),
            class,
            dns1123_subdomain(class),
        );
    }
}

/// One rule of `validateIngressRules`: the host (a DNS name, not an IP address; a wildcard
/// one as `IsWildcardDNS1123Subdomain`), then `validateHTTPIngressRuleValue`.
fn ingress_rule(rule: &Value, rp: &FieldPath, errs: &mut Vec<FieldError>) {
    let host = s(rule, "host");
    if !host.is_empty() {
        let hp = rp.child("host");
        if parse_ip_sloppy(host).is_some() {
            errs.push(FieldError::invalid(
                &hp,
                &Value::String(host.to_owned()),
                "must be a DNS name, not an IP address",
            ));
        }
        let msgs = if host.contains('*') {
            wildcard_dns1123_subdomain(host)
        } else {
            dns1123_subdomain(host)
        };
        invalid_all(errs, &hp, host, msgs);
    }
    let Some(http) = present(rule, "http") else {
        return;
    };
    let pp = rp.child("http").child("paths");
    let paths = items(http, "paths");
    if paths.is_empty() {
        errs.push(FieldError::required(&pp, ""));
    }
    for (i, path) in paths.iter().enumerate() {
        http_ingress_path(path, &pp.index(i), errs);
    }
}

/// `validateHTTPIngressPath`.
fn http_ingress_path(path: &Value, fp: &FieldPath, errs: &mut Vec<FieldError>) {
    let Some(path_type) = present(path, "pathType").and_then(Value::as_str) else {
        errs.push(FieldError::required(
            &fp.child("pathType"),
            "pathType must be specified",
        ));
        return;
    };
    let p = s(path, "path");
    let pp = fp.child("path");
    let bad = |errs: &mut Vec<FieldError>, detail: String| {
        errs.push(FieldError::invalid(
            &pp,
            &Value::String(p.to_owned()),
            detail,
        ));
    };
    match path_type {
        "Exact" | "Prefix" => {
            if !p.starts_with('/') {
                bad(errs, "must be an absolute path".to_owned());
            }
            if !p.is_empty() {
                for seq in ["//", "/./", "/../", "%2f", "%2F"] {
                    if p.contains(seq) {
                        bad(errs, format!("must not contain '{seq}'"));
                    }
                }
                for suffix in ["/..", "/."] {
                    if p.ends_with(suffix) {
                        bad(errs, format!("cannot end with '{suffix}'"));
                    }
                }
            }
        }
        "ImplementationSpecific" => {
            if !p.is_empty() && !p.starts_with('/') {
                bad(errs, "must be an absolute path".to_owned());
            }
        }
        other => errs.push(FieldError::not_supported(
            &fp.child("pathType"),
            &Value::String(other.to_owned()),
            &["Exact", "ImplementationSpecific", "Prefix"],
        )),
    }
    let empty = json!({});
    ingress_backend(
        path.get("backend").unwrap_or(&empty),
        &fp.child("backend"),
        errs,
    );
}

/// `validateIngressBackend`: a resource or a Service (a DNS-label name, a port name or number).
fn ingress_backend(backend: &Value, bp: &FieldPath, errs: &mut Vec<FieldError>) {
    let empty_value = Value::String(String::new());
    match (present(backend, "resource"), present(backend, "service")) {
        (Some(_), Some(_)) => errs.push(FieldError::invalid(
            bp,
            &empty_value,
            "cannot set both resource and service backends",
        )),
        (Some(r), None) => typed_local_object_reference(r, &bp.child("resource"), errs, None),
        (None, Some(svc)) => {
            let sp = bp.child("service");
            let name = s(svc, "name");
            if name.is_empty() {
                errs.push(FieldError::required(&sp.child("name"), ""));
            } else {
                invalid_all(errs, &sp.child("name"), name, dns1123_label(name));
            }
            let empty = json!({});
            let port = svc.get("port").unwrap_or(&empty);
            let port_name_value = s(port, "name");
            let number = port.get("number").and_then(Value::as_i64).unwrap_or(0);
            match (port_name_value.is_empty(), number == 0) {
                (false, false) => errs.push(FieldError::invalid(
                    bp,
                    &empty_value,
                    "cannot set both port name & port number",
                )),
                (false, true) => invalid_all(
                    errs,
                    &sp.child("port").child("name"),
                    port_name_value,
                    port_name(port_name_value),
                ),
                (true, false) => {
                    errs.extend(port_range(
                        &sp.child("port").child("number"),
                        &json!(number),
                    ));
                }
                (true, true) => {
                    errs.push(FieldError::required(bp, "port name or number is required"));
                }
            }
        }
        (None, None) => errs.push(FieldError::invalid(
            bp,
            &empty_value,
            "resource or service backend is required",
        )),
    }
}

/// `validateIngressTypedLocalObjectReference` (and the first half of
/// `validateIngressClassParametersReference`): `apiGroup` a DNS subdomain, `kind` and `name`
/// required path segments. The `Required` errors go to `covered` when declarative validation
/// reports them (IngressClass parameters): the server lists those after the others.
fn typed_local_object_reference(
    r: &Value,
    rp: &FieldPath,
    errs: &mut Vec<FieldError>,
    mut covered: Option<&mut Vec<FieldError>>,
) {
    if let Some(group) = present(r, "apiGroup").and_then(Value::as_str) {
        invalid_all(errs, &rp.child("apiGroup"), group, dns1123_subdomain(group));
    }
    for key in ["kind", "name"] {
        let v = s(r, key);
        if v.is_empty() {
            let e = FieldError::required(&rp.child(key), "");
            match covered.as_deref_mut() {
                Some(late) => late.push(e),
                None => errs.push(e),
            }
        } else {
            invalid_all(errs, &rp.child(key), v, path_segment_name(v));
        }
    }
}

const HTTP_PATH_FMT: &str = r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+";
static HTTP_PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{HTTP_PATH_FMT}$")).expect("http path regex compiles"));

/// `IsDomainPrefixedPath` (`k8s.io/apimachinery/pkg/util/validation`).
fn domain_prefixed_path(path: &FieldPath, v: &str, errs: &mut Vec<FieldError>) {
    if v.is_empty() {
        errs.push(FieldError::required(path, ""));
        return;
    }
    let Some((host, rest)) = v
        .split_once('/')
        .filter(|(h, r)| !h.is_empty() && !r.is_empty())
    else {
        errs.push(FieldError::invalid(
            path,
            &Value::String(v.to_owned()),
            "must be a domain-prefixed path (such as \"acme.io/foo\")",
        ));
        return;
    };
    invalid_all(errs, path, host, dns1123_subdomain(host));
    if !HTTP_PATH.is_match(rest) {
        errs.push(FieldError::invalid(
            path,
            &Value::String(rest.to_owned()),
            format!("Invalid path (regex used for validation is '{HTTP_PATH_FMT}')"),
        ));
    }
}

/// `ValidateIngressClass`, after `SetDefaults_IngressClass` (a parameters reference without a
/// scope is `Cluster`).
pub(super) fn ingress_class(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let empty = json!({});
    let spec = obj.get("spec").unwrap_or(&empty);
    let controller = s(spec, "controller");
    let cp = sp.child("controller");
    if controller.len() > 250 {
        errs.push(FieldError::too_long(&cp, 250));
    }
    domain_prefixed_path(&cp, controller, &mut errs);
    let Some(params) = present(spec, "parameters") else {
        return errs;
    };
    let pp = sp.child("parameters");
    let mut covered = Vec::new();
    typed_local_object_reference(params, &pp, &mut errs, Some(&mut covered));
    let scope = present(params, "scope")
        .and_then(Value::as_str)
        .unwrap_or("Cluster");
    let namespace = present(params, "namespace").and_then(Value::as_str);
    match scope {
        "Namespace" => match namespace {
            None => errs.push(FieldError::required(
                &pp.child("namespace"),
                "`parameters.scope` is set to 'Namespace'",
            )),
            Some(ns) => invalid_all(&mut errs, &pp.child("namespace"), ns, dns1123_label(ns)),
        },
        "Cluster" => {
            if namespace.is_some() {
                errs.push(FieldError::forbidden(
                    &pp.child("namespace"),
                    "`parameters.scope` is set to 'Cluster'",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            &pp.child("scope"),
            &Value::String(other.to_owned()),
            &["Cluster", "Namespace"],
        )),
    }
    errs.extend(covered);
    errs
}

/// `ValidateNetworkPolicy` (`ValidateNetworkPolicySpec`), after `SetDefaults_NetworkPolicy`
/// (no `policyTypes`: `Ingress`, and `Egress` when there are egress rules) and
/// `SetDefaults_NetworkPolicyPort` (protocol `TCP`). A missing `ipBlock.cidr` is reported by
/// declarative validation (`Validate_IPBlock`), after the hand-written errors.
pub(super) fn network_policy(obj: &mut Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let sp = FieldPath::fields(&["spec"]);
    let mut spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    default_network_policy(&mut spec);
    validate_label_selector(spec.get("podSelector"), &sp.child("podSelector"), &mut errs);
    let mut covered = Vec::new();
    for (dir, peers) in [("ingress", "from"), ("egress", "to")] {
        for (i, rule) in items(&spec, dir).iter().enumerate() {
            let rp = sp.child(dir).index(i);
            for (pi, port) in items(rule, "ports").iter().enumerate() {
                network_policy_port(port, &rp.child("ports").index(pi), &mut errs);
            }
            for (pi, peer) in items(rule, peers).iter().enumerate() {
                network_policy_peer(peer, &rp.child(peers).index(pi), &mut errs, &mut covered);
            }
        }
    }
    let types = items(&spec, "policyTypes");
    let tp = sp.child("policyTypes");
    if types.len() > 2 {
        errs.push(FieldError::invalid(
            &tp,
            &Value::Array(types.to_vec()),
            "may not specify more than two policyTypes",
        ));
    } else {
        for (i, t) in types.iter().enumerate() {
            let t = t.as_str().unwrap_or_default();
            if !matches!(t, "Ingress" | "Egress") {
                errs.push(FieldError::not_supported(
                    &tp.index(i),
                    &Value::String(t.to_owned()),
                    &["Ingress", "Egress"],
                ));
            }
        }
    }
    errs.extend(covered);
    obj["spec"] = spec;
    errs
}

/// `SetDefaults_NetworkPolicy` and `SetDefaults_NetworkPolicyPort`.
fn default_network_policy(spec: &mut Value) {
    if items(spec, "policyTypes").is_empty() {
        let mut types = vec![json!("Ingress")];
        if !items(spec, "egress").is_empty() {
            types.push(json!("Egress"));
        }
        spec["policyTypes"] = Value::Array(types);
    }
    for dir in ["ingress", "egress"] {
        let rules = spec.get_mut(dir).and_then(Value::as_array_mut);
        for rule in rules.into_iter().flatten() {
            let ports = rule.get_mut("ports").and_then(Value::as_array_mut);
            for port in ports.into_iter().flatten().filter(|p| p.is_object()) {
                if port.get("protocol").is_none_or(Value::is_null) {
                    port["protocol"] = json!("TCP");
                }
            }
        }
    }
}

/// `ValidateNetworkPolicyPort`.
fn network_policy_port(port: &Value, pp: &FieldPath, errs: &mut Vec<FieldError>) {
    if let Some(proto) = present(port, "protocol").and_then(Value::as_str)
        && !matches!(proto, "TCP" | "UDP" | "SCTP")
    {
        errs.push(FieldError::not_supported(
            &pp.child("protocol"),
            &Value::String(proto.to_owned()),
            &["TCP", "UDP", "SCTP"],
        ));
    }
    let end_port = present(port, "endPort");
    let ep = pp.child("endPort");
    match present(port, "port") {
        Some(Value::String(name)) => {
            if let Some(end) = end_port {
                errs.push(FieldError::invalid(
                    &ep,
                    end,
                    "may not be specified when `port` is non-numeric",
                ));
            }
            invalid_all(errs, &pp.child("port"), name, port_name(name));
        }
        Some(n) => {
            errs.extend(port_range(&pp.child("port"), n));
            if let Some(end) = end_port {
                if end.as_i64() < n.as_i64() {
                    errs.push(FieldError::invalid(
                        &ep,
                        end,
                        "must be greater than or equal to `port`",
                    ));
                }
                errs.extend(port_range(&ep, end));
            }
        }
        None => {
            if let Some(end) = end_port {
                errs.push(FieldError::invalid(
                    &ep,
                    end,
                    "may not be specified when `port` is not specified",
                ));
            }
        }
    }
}

/// `ValidateNetworkPolicyPeer`: at least one peer, and an `ipBlock` alone.
fn network_policy_peer(
    peer: &Value,
    pp: &FieldPath,
    errs: &mut Vec<FieldError>,
    covered: &mut Vec<FieldError>,
) {
    let mut peers = 0;
    for key in ["podSelector", "namespaceSelector"] {
        if let Some(sel) = present(peer, key) {
            peers += 1;
            validate_label_selector(Some(sel), &pp.child(key), errs);
        }
    }
    let ip_block = present(peer, "ipBlock");
    if let Some(b) = ip_block {
        peers += 1;
        validate_ip_block(b, &pp.child("ipBlock"), errs, covered);
    }
    if peers == 0 {
        errs.push(FieldError::required(pp, "must specify a peer"));
    } else if peers > 1 && ip_block.is_some() {
        errs.push(FieldError::forbidden(
            pp,
            "may not specify both ipBlock and another peer",
        ));
    }
}

/// `ValidateIPBlock`: `cidr` required and valid, each `except` valid and a strict subset of it.
fn validate_ip_block(
    block: &Value,
    bp: &FieldPath,
    errs: &mut Vec<FieldError>,
    covered: &mut Vec<FieldError>,
) {
    let cidr = s(block, "cidr");
    if cidr.is_empty() {
        covered.push(FieldError::required(&bp.child("cidr"), ""));
        return;
    }
    errs.extend(cidr_for_legacy_field(&bp.child("cidr"), cidr));
    let Some(net) = parse_cidr_sloppy(cidr) else {
        return;
    };
    for (i, except) in items(block, "except").iter().enumerate() {
        let ep = bp.child("except").index(i);
        let except = except.as_str().unwrap_or_default();
        errs.extend(cidr_for_legacy_field(&ep, except));
        let Some(ex) = parse_cidr_sloppy(except) else {
            continue;
        };
        if !net.contains(ex.network()) || net.prefix() >= ex.prefix() {
            errs.push(FieldError::invalid(
                &ep,
                &Value::String(except.to_owned()),
                "must be a strict subset of `cidr`",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(kind: &str, obj: &Value) -> Vec<String> {
        check_messages("networking.k8s.io", "v1", kind, obj)
    }

    fn ingress(metadata: Value, spec: Value) -> Value {
        let mut o = json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress"});
        o["metadata"] = metadata;
        o["spec"] = spec;
        o
    }

    const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const WILDCARD: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// The v1.37.2 server's answers to the same Ingresses.
    #[test]
    fn ingress_like_the_server() {
        let got = check(
            "Ingress",
            &ingress(
                json!({"name": "i", "annotations": {"kubernetes.io/ingress.class": "x"}}),
                json!({"ingressClassName": "Y_", "tls": [{"hosts": ["*.a.com", "*x.com", "A.com"], "secretName": "S_"}]}),
            ),
        );
        assert_eq!(
            got,
            [
                "spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"
                    .to_owned(),
                format!("spec.tls[0].hosts[1]: Invalid value: \"*x.com\": {WILDCARD}"),
                format!("spec.tls[0].hosts[2]: Invalid value: \"A.com\": {SUBDOMAIN}"),
                format!("spec.tls[0].secretName: Invalid value: \"S_\": {SUBDOMAIN}"),
                format!("spec.ingressClassName: Invalid value: \"Y_\": {SUBDOMAIN}"),
                "annotations.kubernetes.io/ingress.class: Invalid value: \"x\": must match `ingressClassName` when both are specified".to_owned(),
            ]
        );
        let got = check(
            "Ingress",
            &ingress(
                json!({"name": "i"}),
                json!({"defaultBackend": {"service": {"name": "8web", "port": {}}}, "rules": [
                    {"host": "1.2.3.4", "http": {"paths": [
                        {"path": "a", "backend": {}},
                        {"path": "a//./..", "pathType": "Exact", "backend": {"service": {"name": "Web", "port": {"name": "h", "number": 8}}}},
                        {"pathType": "Foo", "backend": {"resource": {"kind": "", "name": "a/b"}}},
                        {"pathType": "ImplementationSpecific", "path": "x", "backend": {
                            "service": {"name": "w", "port": {"number": 70000}}, "resource": {"kind": "K", "name": "n"}}}]}},
                    {"host": "*.x.com", "http": {"paths": []}},
                    {"host": "*"}]}),
            ),
        );
        let p = "spec.rules[0].http.paths";
        assert_eq!(
            got,
            [
                "spec.defaultBackend: Required value: port name or number is required".to_owned(),
                "spec.rules[0].host: Invalid value: \"1.2.3.4\": must be a DNS name, not an IP address".to_owned(),
                format!("{p}[0].pathType: Required value: pathType must be specified"),
                format!("{p}[1].path: Invalid value: \"a//./..\": must be an absolute path"),
                format!("{p}[1].path: Invalid value: \"a//./..\": must not contain '//'"),
                format!("{p}[1].path: Invalid value: \"a//./..\": must not contain '/./'"),
                format!("{p}[1].path: Invalid value: \"a//./..\": cannot end with '/..'"),
                format!("{p}[1].backend.service.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                format!("{p}[1].backend: Invalid value: \"\": cannot set both port name & port number"),
                format!("{p}[2].pathType: Unsupported value: \"Foo\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""),
                format!("{p}[2].backend.resource.kind: Required value"),
                format!("{p}[2].backend.resource.name: Invalid value: \"a/b\": may not contain '/'"),
                format!("{p}[3].path: Invalid value: \"x\": must be an absolute path"),
                format!("{p}[3].backend: Invalid value: \"\": cannot set both resource and service backends"),
                "spec.rules[1].http.paths: Required value".to_owned(),
                format!("spec.rules[2].host: Invalid value: \"*\": {WILDCARD}"),
            ]
        );
        let ok = ingress(
            json!({"name": "i"}),
            json!({"ingressClassName": "nginx", "rules": [{"host": "*.example.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "8080-web", "port": {"name": "http"}}}}]}}]}),
        );
        assert!(check("Ingress", &ok).is_empty());
    }

    #[test]
    fn ingress_class_like_the_server() {
        let class = |spec: Value| {
            check(
                "IngressClass",
                &json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "c"}, "spec": spec}),
            )
        };
        assert!(
            class(json!({"controller": "example.com/ingress", "parameters": {"kind": "P", "name": "p"}}))
                .is_empty()
        );
        assert_eq!(
            class(
                json!({"controller": "nginx", "parameters": {"kind": "P", "name": "p", "scope": "Namespace"}})
            ),
            [
                "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")",
                "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
            ]
        );
        assert_eq!(
            class(json!({"parameters": {"kind": "P", "name": "p", "namespace": "x"}})),
            [
                "spec.controller: Required value",
                "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'",
            ]
        );
        assert_eq!(
            class(json!({"controller": "a.com/b", "parameters": {"name": "a/b", "scope": "x"}})),
            [
                "spec.parameters.name: Invalid value: \"a/b\": may not contain '/'",
                "spec.parameters.scope: Unsupported value: \"x\": supported values: \"Cluster\", \"Namespace\"",
                "spec.parameters.kind: Required value",
            ]
        );
    }

    /// The v1.37.2 server's answer to the same NetworkPolicy.
    #[test]
    fn network_policy_like_the_server() {
        let np = |spec: Value| {
            check(
                "NetworkPolicy",
                &json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n"}, "spec": spec}),
            )
        };
        assert!(
            np(json!({"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}],
                "ports": [{"port": 8000, "endPort": 9000}, {"port": "http", "protocol": "UDP"}]}]}))
            .is_empty()
        );
        assert_eq!(
            np(json!({
                "podSelector": {"matchExpressions": [{"key": "a", "operator": "In"}, {"key": "b", "operator": "Exists", "values": ["x"]}, {"key": "c", "operator": "Is"}]},
                "ingress": [{"from": [{}, {"podSelector": {}, "ipBlock": {"cidr": "10.0.0.1/8", "except": ["10.0.0.0/8", "11.0.0.0/16", "x"]}}],
                    "ports": [{"port": 9000, "endPort": 8000, "protocol": "HTTP"}, {"port": "web_", "endPort": 10}, {"endPort": 10}]}],
                "policyTypes": ["Ingress", "Outbound"]})),
            [
                "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                "spec.podSelector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                "spec.podSelector.matchExpressions[2].operator: Invalid value: \"Is\": not a valid selector operator",
                "spec.ingress[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
                "spec.ingress[0].ports[0].endPort: Invalid value: 8000: must be greater than or equal to `port`",
                "spec.ingress[0].ports[1].endPort: Invalid value: 10: may not be specified when `port` is non-numeric",
                "spec.ingress[0].ports[1].port: Invalid value: \"web_\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.ingress[0].ports[2].endPort: Invalid value: 10: may not be specified when `port` is not specified",
                "spec.ingress[0].from[0]: Required value: must specify a peer",
                "spec.ingress[0].from[1].ipBlock.cidr: Invalid value: \"10.0.0.1/8\": must not have bits set beyond the prefix length",
                "spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`",
                "spec.ingress[0].from[1].ipBlock.except[1]: Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`",
                "spec.ingress[0].from[1].ipBlock.except[2]: Invalid value: \"x\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
                "spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer",
                "spec.policyTypes[1]: Unsupported value: \"Outbound\": supported values: \"Ingress\", \"Egress\"",
            ]
        );
        assert_eq!(
            np(
                json!({"podSelector": {}, "ingress": [{"from": [{"ipBlock": {}}]}],
                "egress": [{"to": [{"ipBlock": {}}, {}]}], "policyTypes": ["X"]})
            ),
            [
                "spec.egress[0].to[1]: Required value: must specify a peer",
                "spec.policyTypes[0]: Unsupported value: \"X\": supported values: \"Ingress\", \"Egress\"",
                "spec.ingress[0].from[0].ipBlock.cidr: Required value",
                "spec.egress[0].to[0].ipBlock.cidr: Required value",
            ]
        );
    }
}
