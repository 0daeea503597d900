//! The Service: its defaults (`SetDefaults_Service`, `pkg/apis/core/v1/defaults.go`), the REST
//! storage's `beginCreate` (`pkg/registry/core/service/storage`: `normalizeClusterIPs`, then
//! `initIPFamilyFields`, whose `ValidateServiceClusterIPsRelatedFields` errors are the whole
//! answer) and `ValidateServiceCreate` (`pkg/apis/core/validation/validation.go`, Kubernetes
//! v1.37). What depends on the cluster (the service CIDRs and node port range the allocators
//! check, single- or dual-stack) is not checked.

use std::collections::HashSet;
use std::net::IpAddr;

use serde_json::{Value, json};

use super::{invalid_all, items, labels, meta, port_range, present, s};
use crate::validate::builtin::ip::{cidr_for_legacy_field, ip_for_legacy_field, parse_ip_sloppy};
use crate::validate::field::{BadValue, FieldError};
use crate::validate::names::{dns1123_label, dns1123_subdomain, label_key, port_name};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `apiservice.ExternallyAccessible`.
fn externally_accessible(spec: &Value) -> bool {
    match s(spec, "type") {
        "LoadBalancer" | "NodePort" => true,
        "ClusterIP" => !items(spec, "externalIPs").is_empty(),
        _ => false,
    }
}

/// `SetDefaults_Service` (the fields validation reads), then `normalizeClusterIPs` of a create.
fn default_service(spec: &mut Value) {
    if s(spec, "sessionAffinity").is_empty() {
        spec["sessionAffinity"] = json!("None");
    }
    match s(spec, "sessionAffinity") {
        "None" => {
            if let Some(o) = spec.as_object_mut() {
                o.remove("sessionAffinityConfig");
            }
        }
        "ClientIP"
            if spec
                .pointer("/sessionAffinityConfig/clientIP/timeoutSeconds")
                .is_none_or(Value::is_null) =>
        {
            spec["sessionAffinityConfig"] = json!({"clientIP": {"timeoutSeconds": 10800}});
        }
        _ => {}
    }
    if s(spec, "type").is_empty() {
        spec["type"] = json!("ClusterIP");
    }
    if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter(|p| p.is_object()) {
            if s(p, "protocol").is_empty() {
                p["protocol"] = json!("TCP");
            }
            if matches!(p.get("targetPort"), None | Some(Value::Null))
                || p["targetPort"] == json!(0)
                || p["targetPort"] == json!("")
            {
                p["targetPort"] = p.get("port").cloned().unwrap_or(json!(0));
            }
        }
    }
    if externally_accessible(spec) && s(spec, "externalTrafficPolicy").is_empty() {
        spec["externalTrafficPolicy"] = json!("Cluster");
    }
    let ty = s(spec, "type").to_owned();
    if present(spec, "internalTrafficPolicy").is_none()
        && matches!(ty.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP")
    {
        spec["internalTrafficPolicy"] = json!("Cluster");
    }
    if ty == "LoadBalancer" && present(spec, "allocateLoadBalancerNodePorts").is_none() {
        spec["allocateLoadBalancerNodePorts"] = json!(true);
    }
    let cluster_ip = s(spec, "clusterIP").to_owned();
    if !cluster_ip.is_empty() && items(spec, "clusterIPs").is_empty() {
        spec["clusterIPs"] = json!([cluster_ip]);
    }
}

fn strings(v: &Value, k: &str) -> Vec<String> {
    items(v, k)
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn is_headless(spec: &Value) -> bool {
    strings(spec, "clusterIPs") == ["None"]
}

/// `netutils.IsIPv6String`: a valid address that is not IPv4 (IPv4-mapped ones are IPv4).
fn is_ipv6(ip: &str) -> bool {
    match parse_ip_sloppy(ip) {
        Some(IpAddr::V6(a)) => a.to_ipv4_mapped().is_none(),
        _ => false,
    }
}

#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
/// `ValidateServiceClusterIPsRelatedFields` of a create (not called for ExternalName).
fn cluster_ips_related_fields(spec: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let sp = FieldPath::fields(&["spec"]);
    let ips_path = sp.child("clusterIPs");
    let ips = strings(spec, "clusterIPs");
    let ips_value = Value::Array(items(spec, "clusterIPs").to_vec());
    let cluster_ip = s(spec, "clusterIP");
    if cluster_ip.is_empty() {
        if !ips.is_empty() {
            errs.push(FieldError::invalid(
                &ips_path,
                &ips_value,
                "must be empty when `clusterIP` is not specified",
            ));
        }
    } else if ips.is_empty() {
        errs.push(FieldError::required(&ips_path, ""));
    } else if ips[0] != cluster_ip {
        errs.push(FieldError::invalid(
            &ips_path,
            &ips_value,
            "first value must match `clusterIP`",
        ));
    }
    let families = strings(spec, "ipFamilies");
    let mut seen = HashSet::new();
    for (i, f) in families.iter().enumerate() {
        let fp = sp.child("ipFamilies").index(i);
        if !matches!(f.as_str(), "IPv4" | "IPv6") {
            errs.push(FieldError::not_supported(
                &fp,
                &Value::String(f.clone()),
                &["IPv4", "IPv6"],
            ));
        }
        if !seen.insert(f.clone()) {
            errs.push(FieldError::duplicate(&fp, BadValue::str(f.clone())));
        }
    }
    if let Some(policy) = present(spec, "ipFamilyPolicy").and_then(Value::as_str)
        && !matches!(
            policy,
            "PreferDualStack" | "RequireDualStack" | "SingleStack"
        )
    {
        errs.push(FieldError::not_supported(
            &sp.child("ipFamilyPolicy"),
            &Value::String(policy.to_owned()),
            &["PreferDualStack", "RequireDualStack", "SingleStack"],
        ));
    }
    let mut invalid_ips = false;
    for (i, ip) in ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if ips.len() > 1 {
                invalid_ips = true;
                errs.push(FieldError::invalid(
                    &ips_path,
                    &ips_value,
                    "'None' must be the first and only value",
                ));
            }
            continue;
        }
        let e = ip_for_legacy_field(&ips_path.index(i), ip);
        invalid_ips |= !e.is_empty();
        errs.extend(e);
    }
    if ips.len() > 2 {
        errs.push(FieldError::invalid(
            &ips_path,
            &ips_value,
            "may only hold up to 2 values",
        ));
    }
    if invalid_ips {
        return errs;
    }
    if ips.len() > 1 {
        let v6 = ips.iter().filter(|ip| is_ipv6(ip)).count();
        if v6 == 0 || v6 == ips.len() {
            errs.push(FieldError::invalid(
                &ips_path,
                &ips_value,
                "may specify no more than one IP for each IP family",
            ));
        }
    }
    if !is_headless(spec) {
        for (i, (ip, family)) in ips.iter().zip(&families).enumerate() {
            let expected = match (family.as_str(), is_ipv6(ip)) {
                ("IPv4", true) => "IPv4",
                ("IPv6", false) => "IPv6",
                _ => continue,
            };
            errs.push(FieldError::invalid(
                &ips_path.index(i),
                &Value::String(ip.clone()),
                format!("expected an {expected} value as indicated by `ipFamilies[{i}]`"),
            ));
        }
    }
    errs
}

/// The Service of a create: defaults, `beginCreate`'s pre-validation, then
/// `ValidateServiceCreate`. Names are DNS labels since RelaxedServiceNameValidation (KEP-5311,
/// GA and locked on in v1.37), so `8080-web` is a name.
pub(in crate::validate::builtin) fn service(obj: &mut Value) -> Vec<FieldError> {
    let mut spec = obj.get("spec").cloned().unwrap_or_else(|| json!({}));
    default_service(&mut spec);
    if s(&spec, "type") != "ExternalName" {
        let early = cluster_ips_related_fields(&spec);
        if !early.is_empty() {
            obj["spec"] = spec;
            return early;
        }
    }
    if let Some(e) = node_port_allocation(&spec) {
        obj["spec"] = spec;
        return vec![e];
    }
    let mut errs = meta(obj, NameRule::DnsLabel);
    let annotations = obj.pointer("/metadata/annotations").cloned();
    validate_service(&spec, annotations.as_ref(), &mut errs);
    obj["spec"] = spec;
    errs
}

#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
/// `validateService` of a create.
fn validate_service(spec: &Value, annotations: Option<&Value>, errs: &mut Vec<FieldError>) {
    let annotation = |k: &str| annotations.and_then(|a| a.get(k)).and_then(Value::as_str);
    let hints_key = "service.kubernetes.io/topology-aware-hints";
    let mode_key = "service.kubernetes.io/topology-mode";
    if let (Some(hints), Some(mode)) = (annotation(hints_key), annotation(mode_key))
        && hints != mode
    {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["metadata", "annotations"]).key(mode_key),
            &Value::String(mode.to_owned()),
            format!("must match annotations[{hints_key}] when both are specified"),
        ));
    }
    let sp = FieldPath::fields(&["spec"]);
    let ty = s(spec, "type");
    let ports = items(spec, "ports");
    let headless = is_headless(spec);
    if ports.is_empty() && !headless && ty != "ExternalName" {
        errs.push(FieldError::required(&sp.child("ports"), ""));
    }
    match ty {
        "LoadBalancer" | "NodePort" if headless => errs.push(FieldError::invalid(
            &sp.child("clusterIPs").index(0),
            &json!("None"),
            format!("may not be set to 'None' for {ty} services"),
        )),
        "ExternalName" => {
            for (k, present) in [
                ("clusterIPs", !items(spec, "clusterIPs").is_empty()),
                ("ipFamilies", !items(spec, "ipFamilies").is_empty()),
                ("ipFamilyPolicy", present(spec, "ipFamilyPolicy").is_some()),
            ] {
                if present {
                    errs.push(FieldError::forbidden(
                        &sp.child(k),
                        "may not be set for ExternalName services",
                    ));
                }
            }
            let name = s(spec, "externalName");
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                errs.push(FieldError::required(&sp.child("externalName"), ""));
            } else {
                invalid_all(
                    errs,
                    &sp.child("externalName"),
                    cname,
                    dns1123_subdomain(cname),
                );
            }
        }
        _ => {}
    }
    let pp = sp.child("ports");
    let mut names = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        service_port(p, ports.len() > 1, &mut names, &pp.index(i), errs);
    }
    if let Some(sel) = present(spec, "selector") {
        labels(Some(sel), &sp.child("selector"), errs);
    }
    let affinity = s(spec, "sessionAffinity");
    if !matches!(affinity, "ClientIP" | "None") {
        errs.push(FieldError::not_supported(
            &sp.child("sessionAffinity"),
            &Value::String(affinity.to_owned()),
            &["ClientIP", "None"],
        ));
    }
    // `validateClientIPAffinityConfig`: the defaults leave a timeout in place.
    if affinity == "ClientIP"
        && let Some(t) = spec.pointer("/sessionAffinityConfig/clientIP/timeoutSeconds")
        && !(1..=86400).contains(&t.as_i64().unwrap_or(0))
    {
        errs.push(FieldError::invalid(
            &sp.child("sessionAffinityConfig")
                .child("clientIP")
                .child("timeoutSeconds"),
            t,
            "must be greater than 0 and less than 86400",
        ));
    }
    for (i, ip) in strings(spec, "externalIPs").iter().enumerate() {
        let ip_path = sp.child("externalIPs").index(i);
        let e = ip_for_legacy_field(&ip_path, ip);
        if e.is_empty() {
            errs.extend(endpoint_ip(ip, &ip_path));
        } else {
            errs.extend(e);
        }
    }
    if !matches!(
        ty,
        "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort"
    ) {
        errs.push(FieldError::not_supported(
            &sp.child("type"),
            &Value::String(ty.to_owned()),
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        ));
    }
    let node_port = |p: &Value| p.get("nodePort").and_then(Value::as_i64).unwrap_or(0);
    if ty == "ClusterIP" {
        for (i, p) in ports.iter().enumerate() {
            if node_port(p) != 0 {
                errs.push(FieldError::forbidden(
                    &pp.index(i).child("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let np = node_port(p);
        if np != 0 && !node_ports.insert((s(p, "protocol").to_owned(), np)) {
            errs.push(FieldError::duplicate(
                &pp.index(i).child("nodePort"),
                BadValue::Value(json!(np)),
            ));
        }
    }
    let mut keys = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        let protocol = s(p, "protocol");
        if !keys.insert((port, protocol.to_owned())) {
            // Go prints the key, a whole `core.ServicePort`, as JSON in its fields' order
            // (zero fields too); `serde_json` sorts keys, so the text is the detail.
            let mut e = FieldError::duplicate(&pp.index(i), BadValue::Omit);
            e.detail = format!(
                r#"{{"Name":"","Protocol":{},"AppProtocol":null,"Port":{port},"TargetPort":0,"NodePort":0}}"#,
                Value::String(protocol.to_owned())
            );
            errs.push(e);
        }
    }
    let ranges = strings(spec, "loadBalancerSourceRanges");
    let lb = ty == "LoadBalancer";
    if !ranges.is_empty() {
        // Go's own spelling of the field.
        let rp = sp.child("LoadBalancerSourceRanges");
        if !lb {
            errs.push(FieldError::forbidden(
                &rp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        for (i, r) in ranges.iter().enumerate() {
            errs.extend(cidr_for_legacy_field(&rp.index(i), r.trim()));
        }
    } else if let Some(v) = annotation("service.beta.kubernetes.io/load-balancer-source-ranges") {
        let ap = FieldPath::fields(&["metadata", "annotations"])
            .key("service.beta.kubernetes.io/load-balancer-source-ranges");
        if !lb {
            errs.push(FieldError::forbidden(
                &ap,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        let v = v.trim();
        if !v.is_empty() {
            for r in v.split(',') {
                errs.extend(cidr_for_legacy_field(&ap, r.trim()));
            }
        }
    }
    if present(spec, "allocateLoadBalancerNodePorts").is_some() && !lb {
        errs.push(FieldError::forbidden(
            &sp.child("allocateLoadBalancerNodePorts"),
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    // `validateLoadBalancerClassField`.
    if let Some(class) = present(spec, "loadBalancerClass").and_then(Value::as_str) {
        let cp = sp.child("loadBalancerClass");
        if lb {
            invalid_all(errs, &cp, class, label_key(class));
        } else {
            errs.push(FieldError::forbidden(
                &cp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
    }
    traffic_policies(spec, &sp, errs);
}

/// `initNodePorts` of the allocator (NodePort and LoadBalancer Services): ports of one number
/// share the node port requested for it; a node port requested twice is already allocated.
/// The allocator's error is the whole answer. Its range (a flag of the server) is not checked.
fn node_port_allocation(spec: &Value) -> Option<FieldError> {
    let ty = s(spec, "type");
    if !matches!(ty, "NodePort" | "LoadBalancer") {
        return None;
    }
    let allocate_all =
        ty == "NodePort" || spec.get("allocateLoadBalancerNodePorts") == Some(&Value::Bool(true));
    let ports = items(spec, "ports");
    let number = |p: &Value, k: &str| p.get(k).and_then(Value::as_i64).unwrap_or(0);
    let mut allocated = HashSet::new();
    let mut by_port = std::collections::HashMap::new();
    for (i, p) in ports.iter().enumerate() {
        let node_port = number(p, "nodePort");
        if node_port == 0 && !allocate_all {
            continue;
        }
        let port = number(p, "port");
        let bad = |np: i64| {
            FieldError::invalid(
                &FieldPath::fields(&["spec", "ports"])
                    .index(i)
                    .child("nodePort"),
                &json!(np),
                "provided port is already allocated",
            )
        };
        match by_port.get(&port).copied() {
            None => {
                // `findRequestedNodePort`: the first node port asked for this port number.
                let requested = ports
                    .iter()
                    .filter(|q| number(q, "port") == port)
                    .map(|q| number(q, "nodePort"))
                    .find(|&n| n != 0);
                match requested {
                    Some(np) => {
                        if !allocated.insert(np) {
                            return Some(bad(np));
                        }
                        by_port.insert(port, np);
                    }
                    // `AllocateNext`: a free port, never one asked for.
                    None => {
                        by_port.insert(port, -1 - i64::try_from(i).unwrap_or(0));
                    }
                }
            }
            Some(np) if node_port != 0 && node_port != np => {
                if !allocated.insert(node_port) {
                    return Some(bad(node_port));
                }
            }
            Some(_) => {}
        }
    }
    None
}

/// `validateServicePort`.
fn service_port(
    p: &Value,
    require_name: bool,
    names: &mut HashSet<String>,
    pp: &FieldPath,
    errs: &mut Vec<FieldError>,
) {
    let name = s(p, "name");
    if require_name && name.is_empty() {
        errs.push(FieldError::required(&pp.child("name"), ""));
    } else if !name.is_empty() {
        invalid_all(errs, &pp.child("name"), name, dns1123_label(name));
        if !names.insert(name.to_owned()) {
            errs.push(FieldError::duplicate(
                &pp.child("name"),
                BadValue::str(name),
            ));
        }
    }
    errs.extend(port_range(
        &pp.child("port"),
        p.get("port").unwrap_or(&json!(0)),
    ));
    let protocol = s(p, "protocol");
    if !matches!(protocol, "TCP" | "UDP" | "SCTP") {
        errs.push(FieldError::not_supported(
            &pp.child("protocol"),
            &Value::String(protocol.to_owned()),
            &["SCTP", "TCP", "UDP"],
        ));
    }
    match p.get("targetPort") {
        Some(Value::String(t)) => invalid_all(errs, &pp.child("targetPort"), t, port_name(t)),
        Some(t @ Value::Number(_)) => errs.extend(port_range(&pp.child("targetPort"), t)),
        _ => {}
    }
    if let Some(app) = present(p, "appProtocol").and_then(Value::as_str) {
        invalid_all(errs, &pp.child("appProtocol"), app, label_key(app));
    }
}

/// `ValidateEndpointIP` of an external IP already valid as an address.
fn endpoint_ip(ip: &str, path: &FieldPath) -> Vec<FieldError> {
    let Some(addr) = parse_ip_sloppy(ip) else {
        return Vec::new();
    };
    let addr = match addr {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    };
    let v = Value::String(ip.to_owned());
    let mut errs = Vec::new();
    let (link_local, link_local_multicast) = match addr {
        IpAddr::V4(a) => (a.is_link_local(), a.octets()[..3] == [224, 0, 0]),
        IpAddr::V6(a) => (
            a.segments()[0] & 0xffc0 == 0xfe80,
            a.segments()[0] & 0xff0f == 0xff02,
        ),
    };
    if addr.is_unspecified() {
        errs.push(FieldError::invalid(
            path,
            &v,
            format!("may not be unspecified ({ip})"),
        ));
    }
    if addr.is_loopback() {
        errs.push(FieldError::invalid(
            path,
            &v,
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
        ));
    }
    if link_local {
        errs.push(FieldError::invalid(
            path,
            &v,
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        ));
    }
    if link_local_multicast {
        errs.push(FieldError::invalid(
            path,
            &v,
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
        ));
    }
    errs
}

/// `validateServiceExternalTrafficPolicy`, `validateServiceInternalTrafficFieldsValue` and
/// `validateServiceTrafficDistribution` (PreferSameTrafficDistribution is on in v1.37). The
/// defaults fill in the policies where they are required; the allocator a health check port.
fn traffic_policies(spec: &Value, sp: &FieldPath, errs: &mut Vec<FieldError>) {
    let external = s(spec, "externalTrafficPolicy");
    let ep = sp.child("externalTrafficPolicy");
    if !externally_accessible(spec) {
        if !external.is_empty() {
            errs.push(FieldError::invalid(
                &ep,
                &Value::String(external.to_owned()),
                "may only be set for externally-accessible services",
            ));
        }
    } else if !matches!(external, "Cluster" | "Local") {
        errs.push(FieldError::not_supported(
            &ep,
            &Value::String(external.to_owned()),
            &["Cluster", "Local"],
        ));
    }
    let needs_health_check = s(spec, "type") == "LoadBalancer" && external == "Local";
    if let Some(h) = spec
        .get("healthCheckNodePort")
        .filter(|h| h.as_i64().unwrap_or(0) != 0)
    {
        let hp = sp.child("healthCheckNodePort");
        if needs_health_check {
            errs.extend(port_range(&hp, h));
        } else {
            errs.push(FieldError::invalid(
                &hp,
                h,
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            ));
        }
    }
    if let Some(internal) = present(spec, "internalTrafficPolicy").and_then(Value::as_str)
        && !matches!(internal, "Cluster" | "Local")
    {
        errs.push(FieldError::not_supported(
            &sp.child("internalTrafficPolicy"),
            &Value::String(internal.to_owned()),
            &["Cluster", "Local"],
        ));
    }
    if let Some(td) = present(spec, "trafficDistribution").and_then(Value::as_str)
        && !matches!(td, "PreferClose" | "PreferSameZone" | "PreferSameNode")
    {
        errs.push(FieldError::not_supported(
            &sp.child("trafficDistribution"),
            &Value::String(td.to_owned()),
            &["PreferClose", "PreferSameZone", "PreferSameNode"],
        ));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(spec: Value) -> Vec<String> {
        let mut obj = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}});
        obj["spec"] = spec;
        check_messages("", "v1", "Service", &obj)
    }

    /// The v1.37.2 server's answers to the same Services.
    #[test]
    fn services_like_the_server() {
        assert_eq!(
            check(
                json!({"ports": [{"port": 80, "nodePort": 30080, "appProtocol": "a b"}],
                "sessionAffinity": "Sticky", "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Node",
                "loadBalancerSourceRanges": ["10.0.0.1/8"], "allocateLoadBalancerNodePorts": true,
                "externalIPs": ["1.2.3"], "trafficDistribution": "Nearest"})
            ),
            [
                "spec.ports[0].appProtocol: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"",
                "spec.externalIPs[0]: Invalid value: \"1.2.3\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
                "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
                "spec.LoadBalancerSourceRanges[0]: Invalid value: \"10.0.0.1/8\": must not have bits set beyond the prefix length",
                "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
                "spec.internalTrafficPolicy: Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\"",
                "spec.trafficDistribution: Unsupported value: \"Nearest\": supported values: \"PreferClose\", \"PreferSameZone\", \"PreferSameNode\"",
            ]
        );
        assert_eq!(
            check(
                json!({"type": "ExternalName", "externalName": "x.com", "clusterIP": "10.0.0.5",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack"})
            ),
            [
                "spec.clusterIPs: Forbidden: may not be set for ExternalName services",
                "spec.ipFamilies: Forbidden: may not be set for ExternalName services",
                "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services",
            ]
        );
        // `beginCreate`'s pre-validation answers alone.
        assert_eq!(
            check(json!({"clusterIP": "10.0.0.300", "ports": [{"port": 80}], "type": "Bad"})),
            [
                "spec.clusterIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
            ]
        );
        assert_eq!(
            check(
                json!({"ipFamilyPolicy": "Dual", "ipFamilies": ["IPv5"], "ports": [{"port": 80}]})
            ),
            [
                "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\"",
                "spec.ipFamilyPolicy: Unsupported value: \"Dual\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\"",
            ]
        );
        assert_eq!(
            check(
                json!({"ports": [{"port": 80, "name": "a"}, {"port": 80, "name": "b"}],
                "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 0}}})
            ),
            [
                "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
                r#"spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}"#,
            ]
        );
        // The node port allocator answers alone, before validation.
        assert_eq!(
            check(json!({"type": "NodePort", "clusterIP": "None", "ports": [
                {"port": 80, "nodePort": 30080, "name": "a"}, {"port": 81, "nodePort": 30080, "name": "b"}]})),
            ["spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated"]
        );
        assert!(
            check(json!({"type": "LoadBalancer", "externalTrafficPolicy": "Local",
                "loadBalancerSourceRanges": ["203.0.113.0/24"], "ports": [{"port": 443, "name": "https"}, {"port": 80, "name": "http"}]}))
            .is_empty()
        );
    }
}
