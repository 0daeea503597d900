//! The pod spec's own fields after its containers (`ValidatePodSpec`,
//! `pkg/apis/core/validation/validation.go`, Kubernetes v1.37), in its order, for the ones
//! manifests often carry: `dnsPolicy`, `nodeSelector`, the security context (in `security`),
//! `shareProcessNamespace`, affinity and topology spread (in `affinity`), `hostNetwork` ports,
//! service account, node and priority class names, `activeDeadlineSeconds`, `hostname`, `subdomain`,
//! tolerations, host aliases, `preemptionPolicy`, DNS config, readiness and scheduling gates.

use serde_json::{Value, json};

use super::affinity::{affinity, topology_spread};
use super::labels;
use super::security::pod_security_context;
use super::{items, s};
use crate::validate::builtin::ip::ip_for_legacy_field;
use crate::validate::field::FieldError;
use crate::validate::names::{dns1123_label, dns1123_subdomain, label_key, label_value};
use crate::validate::path::FieldPath;

/// The checks of `ValidatePodSpec` that follow `validateRestartPolicy`. `is_pod`: the spec is
/// a Pod's (`opts.ResourceIsPod`), not a template's.
pub(super) fn spec_fields(spec: &Value, pp: &FieldPath, is_pod: bool) -> Vec<FieldError> {
    let mut errs = host_network_ports(spec, pp, is_pod);
    // `validateDNSPolicy`, after `SetDefaults_PodSpec` (`ClusterFirst`).
    let dns = match s(spec, "dnsPolicy") {
        "" => "ClusterFirst",
        d => d,
    };
    if !matches!(
        dns,
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
    ) {
        errs.push(FieldError::not_supported(
            &pp.child("dnsPolicy"),
            &Value::String(dns.to_owned()),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        ));
    }
    labels(
        spec.get("nodeSelector"),
        &pp.child("nodeSelector"),
        &mut errs,
    );
    errs.extend(pod_security_context(spec, pp));
    // `validateShareProcessNamespace`
    if spec.get("shareProcessNamespace").and_then(Value::as_bool) == Some(true)
        && spec.get("hostPID").and_then(Value::as_bool) == Some(true)
    {
        errs.push(FieldError::invalid(
            &pp.child("shareProcessNamespace"),
            &json!(true),
            "ShareProcessNamespace and HostPID cannot both be enabled",
        ));
    }
    errs.extend(affinity(spec, pp));
    errs.extend(dns_config(spec, dns, &pp.child("dnsConfig")));
    errs.extend(gates(spec, pp));
    errs.extend(topology_spread(spec, pp));
    // `SetDefaults_PodSpec` copies `serviceAccount` into an empty `serviceAccountName`.
    let sa = match s(spec, "serviceAccountName") {
        "" => s(spec, "serviceAccount"),
        sa => sa,
    };
    for (field, value) in [
        ("serviceAccountName", sa),
        ("nodeName", s(spec, "nodeName")),
    ] {
        if !value.is_empty() {
            for m in dns1123_subdomain(value) {
                errs.push(FieldError::invalid(
                    &pp.child(field),
                    &Value::String(value.to_owned()),
                    m,
                ));
            }
        }
    }
    if let Some(v) = spec.get("activeDeadlineSeconds").and_then(Value::as_i64)
        && !(1..=i64::from(i32::MAX)).contains(&v)
    {
        errs.push(FieldError::invalid(
            &pp.child("activeDeadlineSeconds"),
            &json!(v),
            format!("must be between 1 and {}, inclusive", i32::MAX),
        ));
    }
    for field in ["hostname", "subdomain"] {
        let value = s(spec, field);
        if !value.is_empty() {
            for m in dns1123_label(value) {
                errs.push(FieldError::invalid(
                    &pp.child(field),
                    &Value::String(value.to_owned()),
                    m,
                ));
            }
        }
    }
    errs.extend(tolerations(spec, &pp.child("tolerations")));
    // `ValidateHostAliases`.
    for (i, alias) in items(spec, "hostAliases").iter().enumerate() {
        let ap = pp.child("hostAliases").index(i);
        errs.extend(ip_for_legacy_field(&ap.child("ip"), s(alias, "ip")));
        for (j, host) in items(alias, "hostnames").iter().enumerate() {
            let host = host.as_str().unwrap_or_default();
            for m in dns1123_subdomain(host) {
                errs.push(FieldError::invalid(
                    &ap.child("hostnames").index(j),
                    &Value::String(host.to_owned()),
                    m,
                ));
            }
        }
    }
    let pc = s(spec, "priorityClassName");
    if !pc.is_empty() {
        for m in dns1123_subdomain(pc) {
            errs.push(FieldError::invalid(
                &pp.child("priorityClassName"),
                &Value::String(pc.to_owned()),
                m,
            ));
        }
    }
    errs.extend(preemption_policy(spec, &pp.child("preemptionPolicy")));
    errs
}

/// `ValidatePreemptionPolicy` of the `preemptionPolicy` of `v` (a pod spec, a PriorityClass),
/// when set.
pub(in crate::validate::builtin) fn preemption_policy(
    v: &Value,
    path: &FieldPath,
) -> Option<FieldError> {
    let p = v.get("preemptionPolicy").and_then(Value::as_str)?;
    match p {
        "PreemptLowerPriority" | "Never" => None,
        "" => Some(FieldError::required(path, "")),
        _ => Some(FieldError::not_supported(
            path,
            &Value::String(p.to_owned()),
            &["PreemptLowerPriority", "Never"],
        )),
    }
}

/// `validateReadinessGates` and `validateSchedulingGates`: qualified names, scheduling gates
/// once each.
fn gates(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    // `validateReadinessGates`
    for (i, g) in items(spec, "readinessGates").iter().enumerate() {
        let ct = s(g, "conditionType");
        for m in label_key(ct) {
            errs.push(FieldError::invalid(
                &pp.child("readinessGates").index(i).child("conditionType"),
                &Value::String(ct.to_owned()),
                m,
            ));
        }
    }
    // `validateSchedulingGates`
    let mut gates = std::collections::HashSet::new();
    for (i, g) in items(spec, "schedulingGates").iter().enumerate() {
        let name = s(g, "name");
        let ip = pp.child("schedulingGates").index(i);
        for m in label_key(name) {
            errs.push(FieldError::invalid(&ip, &Value::String(name.to_owned()), m));
        }
        if !gates.insert(name) {
            errs.push(FieldError::duplicate(
                &ip,
                crate::validate::field::BadValue::str(name),
            ));
        }
    }
    errs
}

/// `validatePodDNSConfig`, without the nameservers' IP syntax (`IsValidIPForLegacyField`).
fn dns_config(spec: &Value, policy: &str, path: &FieldPath) -> Vec<FieldError> {
    let config = spec.get("dnsConfig").filter(|c| c.is_object());
    let nameservers: Vec<Value> = config
        .map(|c| items(c, "nameservers").to_vec())
        .unwrap_or_default();
    if policy == "None" {
        let Some(_) = config else {
            return vec![FieldError::required(
                path,
                "must provide `dnsConfig` when `dnsPolicy` is None",
            )];
        };
        if nameservers.is_empty() {
            return vec![FieldError::required(
                &path.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            )];
        }
    }
    let Some(config) = config else {
        return Vec::new();
    };
    let mut errs = Vec::new();
    if nameservers.len() > 3 {
        errs.push(FieldError::invalid(
            &path.child("nameservers"),
            &Value::Array(nameservers),
            "must not have more than 3 nameservers",
        ));
    }
    let searches = items(config, "searches");
    let names: Vec<&str> = searches
        .iter()
        .map(|v| v.as_str().unwrap_or_default())
        .collect();
    if names.len() > 32 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            &Value::Array(searches.to_vec()),
            "must not have more than 32 search paths",
        ));
    }
    if names.join(" ").len() > 2048 {
        errs.push(FieldError::invalid(
            &path.child("searches"),
            &Value::Array(searches.to_vec()),
            "must not have more than 2048 characters (including spaces) in the search list",
        ));
    }
    for (i, search) in names.iter().enumerate() {
        if *search == "." {
            continue;
        }
        // `IsDNS1123SubdomainWithUnderscore`
        let search = search.strip_suffix('.').unwrap_or(search);
        let sp = path.child("searches").index(i);
        if search.len() > 253 {
            errs.push(FieldError::invalid(
                &sp,
                &Value::String(search.to_owned()),
                "must be no more than 253 bytes",
            ));
        }
        if !SUBDOMAIN_WITH_UNDERSCORE.is_match(search) {
            errs.push(FieldError::invalid(
                &sp,
                &Value::String(search.to_owned()),
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
            ));
        }
    }
    for (i, option) in items(config, "options").iter().enumerate() {
        if s(option, "name").is_empty() {
            errs.push(FieldError::required(
                &path.child("options").index(i),
                "must not be empty",
            ));
        }
    }
    errs
}

static SUBDOMAIN_WITH_UNDERSCORE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$",
        )
        .expect("subdomain regex compiles")
    });

/// `validatePodHostNetworkDeps`: with `hostNetwork`, a host port is the container port (or,
/// outside a Pod, unset).
fn host_network_ports(spec: &Value, pp: &FieldPath, is_pod: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if spec.get("hostNetwork").and_then(Value::as_bool) != Some(true) {
        return errs;
    }
    for (i, c) in items(spec, "containers").iter().enumerate() {
        for (j, port) in items(c, "ports").iter().enumerate() {
            let hp = port.get("hostPort").and_then(Value::as_i64).unwrap_or(0);
            let cp = port
                .get("containerPort")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            if (is_pod || hp != 0) && hp != cp {
                errs.push(FieldError::invalid(
                    &pp.child("containers")
                        .index(i)
                        .child("ports")
                        .index(j)
                        .child("hostPort"),
                    &json!(hp),
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

/// `ValidateTolerations`, with the comparison operators' gate off, as on the server.
fn tolerations(spec: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, t) in items(spec, "tolerations").iter().enumerate() {
        let ip = path.index(i);
        let key = s(t, "key");
        let operator = s(t, "operator");
        let value = s(t, "value");
        let effect = s(t, "effect");
        if !key.is_empty() {
            // `ValidateLabelName`
            for m in label_key(key) {
                errs.push(FieldError::invalid(
                    &ip.child("key"),
                    &Value::String(key.to_owned()),
                    m,
                ));
            }
        }
        if key.is_empty() && operator != "Exists" {
            errs.push(FieldError::invalid(
                &ip.child("operator"),
                &Value::String(operator.to_owned()),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.get("tolerationSeconds").is_some_and(|v| !v.is_null()) && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                &ip.child("effect"),
                &Value::String(effect.to_owned()),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match operator {
            "Equal" | "" => {
                let msgs = label_value(value);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(
                        &ip.child("operator"),
                        &Value::String(value.to_owned()),
                        msgs.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    errs.push(FieldError::invalid(
                        &ip.child("operator"),
                        &Value::String(value.to_owned()),
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            "Lt" | "Gt" => errs.push(FieldError::not_supported(
                &ip.child("operator"),
                &Value::String(operator.to_owned()),
                &["Equal", "Exists", "Lt", "Gt"],
            )),
            _ => errs.push(FieldError::not_supported(
                &ip.child("operator"),
                &Value::String(operator.to_owned()),
                &["Equal", "Exists"],
            )),
        }
        // `validateTaintEffect`, an empty effect allowed.
        if !effect.is_empty() && !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute")
        {
            errs.push(FieldError::not_supported(
                &ip.child("effect"),
                &Value::String(effect.to_owned()),
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
            ));
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(spec: &Value, is_pod: bool) -> Vec<String> {
        spec_fields(spec, &FieldPath::fields(&["spec"]), is_pod)
            .iter()
            .map(FieldError::message)
            .collect()
    }

    /// Each message as the v1.37.2 server answered for the same pod spec.
    #[test]
    fn pod_spec_fields_like_the_server() {
        let spec = json!({
            "hostNetwork": true,
            "containers": [{"ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 81}]}],
            "dnsPolicy": "ClusterFirstWithHostNetwork",
            "nodeSelector": {"disktype": "fast ssd"},
            "serviceAccountName": "My_SA",
            "activeDeadlineSeconds": 0,
            "hostname": "web.1",
            "tolerations": [
                {"operator": "Equal", "value": "x"},
                {"key": "k", "operator": "Exists", "value": "v", "effect": "NoExec"},
                {"key": "k", "value": "v", "tolerationSeconds": 60},
                {"key": "k", "operator": "Lt", "value": "5"},
            ],
            "priorityClassName": "High",
            "preemptionPolicy": "Always",
        });
        let subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        assert_eq!(
            messages(&spec, false),
            [
                "spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true".to_owned(),
                r#"spec.dnsPolicy: Unsupported value: "ClusterFirstWithHostNetwork": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None""#.to_owned(),
                r#"spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"#.to_owned(),
                format!(r#"spec.serviceAccountName: Invalid value: "My_SA": {subdomain}"#),
                "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive".to_owned(),
                r#"spec.hostname: Invalid value: "web.1": must not contain dots"#.to_owned(),
                r#"spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys""#.to_owned(),
                r#"spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is 'Exists'"#.to_owned(),
                r#"spec.tolerations[1].effect: Unsupported value: "NoExec": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#.to_owned(),
                r#"spec.tolerations[2].effect: Invalid value: "": effect must be 'NoExecute' when `tolerationSeconds` is set"#.to_owned(),
                r#"spec.tolerations[3].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt""#.to_owned(),
                format!(r#"spec.priorityClassName: Invalid value: "High": {subdomain}"#),
                r#"spec.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never""#.to_owned(),
            ]
        );
    }

    /// As the v1.37.2 server answers: `dnsPolicy: None` needs a config with a nameserver;
    /// search domains may hold underscores.
    #[test]
    fn dns_config_like_the_server() {
        assert_eq!(
            messages(&json!({"dnsPolicy": "None"}), true),
            ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]
        );
        assert_eq!(
            messages(&json!({"dnsPolicy": "None", "dnsConfig": {}}), true),
            [
                "spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when `dnsPolicy` is None"
            ]
        );
        let spec = json!({"dnsConfig": {"searches": ["_srv.example.com", "svc.cluster.local.", "My.Domain"],
            "options": [{"value": "2"}]}});
        assert_eq!(
            messages(&spec, false),
            [
                r#"spec.dnsConfig.searches[2]: Invalid value: "My.Domain": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')"#,
                "spec.dnsConfig.options[0]: Required value: must not be empty",
            ]
        );
    }

    /// The v1.37.2 server's answers for host aliases.
    #[test]
    fn host_aliases_like_the_server() {
        let spec = json!({"hostAliases": [
            {"ip": "010.0.0.1", "hostnames": ["ok.internal", "My_Host"]},
            {"ip": "10.0.0.300"}]});
        assert_eq!(
            messages(&spec, true),
            [
                r#"spec.hostAliases[0].ip: Invalid value: "010.0.0.1": must not have leading 0s"#,
                r#"spec.hostAliases[0].hostnames[1]: Invalid value: "My_Host": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#,
                r#"spec.hostAliases[1].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"#,
            ]
        );
    }
}
