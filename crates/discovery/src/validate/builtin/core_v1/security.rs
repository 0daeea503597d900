//! Security contexts of the pod and its containers (`validatePodSpecSecurityContext` and
//! `ValidateSecurityContext`, `pkg/apis/core/validation/validation.go`, Kubernetes v1.37), for
//! their common fields: user and group IDs, sysctls, `fsGroupChangePolicy`,
//! `supplementalGroupsPolicy`, seccomp and AppArmor profiles. `privileged` depends on the
//! server's `--allow-privileged` flag; Windows options, `procMount` and the
//! `allowPrivilegeEscalation` combinations are not checked.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::{items, s};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::path::FieldPath;

/// `IsValidUserID` / `IsValidGroupID`: `0..=MaxInt32`.
fn id(v: Option<&Value>, path: &FieldPath) -> Option<FieldError> {
    let n = v?.as_i64()?;
    (!(0..=i64::from(i32::MAX)).contains(&n)).then(|| {
        FieldError::invalid(
            path,
            &Value::from(n),
            format!("must be between 0 and {}, inclusive", i32::MAX),
        )
    })
}

/// A value of `value` at `path` outside `supported` (sorted as Go lists them).
fn enum_value(sc: &Value, key: &str, supported: &[&str], path: &FieldPath) -> Option<FieldError> {
    let v = sc.get(key)?.as_str()?;
    (!supported.contains(&v)).then(|| {
        FieldError::not_supported(&path.child(key), &Value::String(v.to_owned()), supported)
    })
}

/// `validatePodSpecSecurityContext`.
pub(super) fn pod_security_context(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    let Some(sc) = spec.get("securityContext").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = pp.child("securityContext");
    let mut errs = Vec::new();
    for k in ["fsGroup", "runAsUser", "runAsGroup"] {
        errs.extend(id(sc.get(k), &path.child(k)));
    }
    let groups = sc
        .get("supplementalGroups")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (i, g) in groups.iter().enumerate() {
        errs.extend(id(Some(g), &path.child("supplementalGroups").index(i)));
    }
    errs.extend(sysctls(sc, spec, &path.child("sysctls")));
    errs.extend(enum_value(
        sc,
        "fsGroupChangePolicy",
        &["Always", "OnRootMismatch"],
        &path,
    ));
    errs.extend(seccomp_profile(sc, &path));
    errs.extend(app_armor_profile(sc, &path));
    errs.extend(enum_value(
        sc,
        "supplementalGroupsPolicy",
        &["Merge", "Strict"],
        &path,
    ));
    errs
}

/// `ValidateSecurityContext` of a container.
pub(super) fn container_security_context(c: &Value, p: &FieldPath) -> Vec<FieldError> {
    let Some(sc) = c.get("securityContext").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = p.child("securityContext");
    let mut errs = Vec::new();
    for k in ["runAsUser", "runAsGroup"] {
        errs.extend(id(sc.get(k), &path.child(k)));
    }
    errs.extend(seccomp_profile(sc, &path));
    errs.extend(app_armor_profile(sc, &path));
    errs
}

/// `sysctlContainSlashRegexp`: `SysctlContainSlashFmt` anchored, as the message prints it.
const SYSCTL_PATTERN: &str =
    r"^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

static SYSCTL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(SYSCTL_PATTERN).expect("the sysctl regex compiles"));

/// The namespace of a sysctl that a pod sharing the host's network or IPC namespace may not
/// set (`GetNamespace` of k8s.io/component-helpers `node/util/sysctl`, v0.37.2), after
/// `NormalizeName` (`net/ipv4/ip_forward` is `net.ipv4.ip_forward`).
fn sysctl_namespace(name: &str) -> Option<&'static str> {
    let normalized: String = match name.find(['.', '/']) {
        Some(i) if name.as_bytes()[i] == b'/' => name
            .chars()
            .map(|c| match c {
                '.' => '/',
                '/' => '.',
                c => c,
            })
            .collect(),
        _ => name.to_owned(),
    };
    let prefix = normalized.split('*').next().unwrap_or_default();
    let ipc = [
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
        "kernel.shm",
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.msg",
    ];
    if ipc.contains(&prefix) || prefix.starts_with("fs.mqueue.") {
        Some("IPC")
    } else if prefix.starts_with("net.") {
        Some("Net")
    } else {
        None
    }
}

/// `validateSysctls` with a create's options: valid, unique names, none of the host's network
/// or IPC namespace when the pod shares it (`ValidateHostSysctl`).
fn sysctls(sc: &Value, spec: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut names = HashSet::new();
    let host = |k: &str| spec.get(k).and_then(Value::as_bool).unwrap_or(false);
    for (i, sysctl) in items(sc, "sysctls").iter().enumerate() {
        let np = path.index(i).child("name");
        let name = s(sysctl, "name");
        let value = Value::String(name.to_owned());
        if name.is_empty() {
            errs.push(FieldError::required(&np, ""));
        } else if name.len() > 253 || !SYSCTL.is_match(name) {
            errs.push(FieldError::invalid(
                &np,
                &value,
                format!("must have at most 253 characters and match regex {SYSCTL_PATTERN}"),
            ));
        } else if names.contains(name) {
            errs.push(FieldError::duplicate(&np, BadValue::str(name)));
        }
        match sysctl_namespace(name) {
            Some("Net") if host("hostNetwork") => errs.push(FieldError::invalid(
                &np,
                &value,
                "may not be specified when 'hostNetwork' is true",
            )),
            Some("IPC") if host("hostIPC") => errs.push(FieldError::invalid(
                &np,
                &value,
                "may not be specified when 'hostIPC' is true",
            )),
            _ => {}
        }
        names.insert(name);
    }
    errs
}

/// `ValidateAppArmorProfileField`.
fn app_armor_profile(sc: &Value, path: &FieldPath) -> Vec<FieldError> {
    let Some(profile) = sc.get("appArmorProfile").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = path.child("appArmorProfile");
    let lp = path.child("localhostProfile");
    let local = profile.get("localhostProfile").and_then(Value::as_str);
    let mut errs = Vec::new();
    match s(profile, "type") {
        "Localhost" => match local {
            None => errs.push(FieldError::required(
                &lp,
                "must be set when AppArmor type is Localhost",
            )),
            Some(l) => {
                if l.trim() != l {
                    errs.push(FieldError::invalid(
                        &lp,
                        &Value::String(l.to_owned()),
                        "must not be padded with whitespace",
                    ));
                } else if l.is_empty() {
                    errs.push(FieldError::required(
                        &lp,
                        "must be set when AppArmor type is Localhost",
                    ));
                }
                if l.len() > 4095 {
                    errs.push(FieldError::too_long(&lp, 4095));
                }
            }
        },
        "RuntimeDefault" | "Unconfined" => {
            if let Some(l) = local {
                errs.push(FieldError::invalid(
                    &lp,
                    &Value::String(l.to_owned()),
                    "can only be set when AppArmor type is Localhost",
                ));
            }
        }
        "" => errs.push(FieldError::required(
            &path.child("type"),
            "type is required when appArmorProfile is set",
        )),
        other => errs.push(FieldError::not_supported(
            &path.child("type"),
            &Value::String(other.to_owned()),
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    errs
}

/// `validateSeccompProfileField` with `validateSeccompProfileType`.
fn seccomp_profile(sc: &Value, path: &FieldPath) -> Vec<FieldError> {
    let Some(sp) = sc.get("seccompProfile").filter(|v| v.is_object()) else {
        return Vec::new();
    };
    let path = path.child("seccompProfile");
    let mut errs = Vec::new();
    let ty = s(sp, "type");
    match ty {
        "Localhost" | "RuntimeDefault" | "Unconfined" => {}
        "" => errs.push(FieldError::required(
            &path.child("type"),
            "type is required when seccompProfile is set",
        )),
        _ => errs.push(FieldError::not_supported(
            &path.child("type"),
            &Value::String(ty.to_owned()),
            &["Localhost", "RuntimeDefault", "Unconfined"],
        )),
    }
    let local = sp.get("localhostProfile").and_then(Value::as_str);
    let lp = path.child("localhostProfile");
    match (ty, local) {
        ("Localhost", None) => errs.push(FieldError::required(
            &lp,
            "must be set when seccomp type is Localhost",
        )),
        ("Localhost", Some(p)) => {
            // `validateLocalDescendingPath`
            if p.starts_with('/') {
                errs.push(FieldError::invalid(
                    &lp,
                    &Value::String(p.to_owned()),
                    "must be a relative path",
                ));
            }
            if p.split('/').any(|part| part == "..") {
                errs.push(FieldError::invalid(
                    &lp,
                    &Value::String(p.to_owned()),
                    "must not contain '..'",
                ));
            }
        }
        (_, Some(local)) => {
            // Go prints the internal struct, which has no JSON tags: its field names, in its
            // order, which a JSON map cannot keep; the value goes into the detail.
            let printed = format!(
                "{{\"Type\":{},\"LocalhostProfile\":{}}}",
                Value::String(ty.to_owned()),
                Value::String(local.to_owned())
            );
            errs.push(FieldError::new(
                Reason::FieldValueInvalid,
                &lp,
                BadValue::Omit,
                format!("{printed}: can only be set when seccomp type is Localhost"),
            ));
        }
        _ => {}
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each message as the v1.37.2 server answered for the same pod spec.
    #[test]
    fn security_contexts_like_the_server() {
        let spec = json!({"securityContext": {
            "runAsUser": -1, "fsGroup": 3_000_000_000_i64, "supplementalGroups": [1, -2],
            "fsGroupChangePolicy": "Never", "seccompProfile": {"type": "runtime/default"},
            "supplementalGroupsPolicy": "Loose"}});
        let range = "must be between 0 and 2147483647, inclusive";
        let got: Vec<String> = pod_security_context(&spec, &FieldPath::fields(&["spec"]))
            .iter()
            .map(FieldError::message)
            .collect();
        assert_eq!(
            got,
            [
                format!("spec.securityContext.fsGroup: Invalid value: 3000000000: {range}"),
                format!("spec.securityContext.runAsUser: Invalid value: -1: {range}"),
                format!("spec.securityContext.supplementalGroups[1]: Invalid value: -2: {range}"),
                r#"spec.securityContext.fsGroupChangePolicy: Unsupported value: "Never": supported values: "Always", "OnRootMismatch""#.to_owned(),
                r#"spec.securityContext.seccompProfile.type: Unsupported value: "runtime/default": supported values: "Localhost", "RuntimeDefault", "Unconfined""#.to_owned(),
                r#"spec.securityContext.supplementalGroupsPolicy: Unsupported value: "Loose": supported values: "Merge", "Strict""#.to_owned(),
            ]
        );
        let c = json!({"securityContext": {"runAsGroup": -5,
            "seccompProfile": {"type": "Localhost"}}});
        let got: Vec<String> = container_security_context(&c, &FieldPath::fields(&["c"]))
            .iter()
            .map(FieldError::message)
            .collect();
        assert_eq!(
            got,
            [
                format!("c.securityContext.runAsGroup: Invalid value: -5: {range}"),
                "c.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost".to_owned(),
            ]
        );
        let c = json!({"securityContext": {"seccompProfile": {"type": "RuntimeDefault", "localhostProfile": "x"}}});
        assert_eq!(
            container_security_context(&c, &FieldPath::fields(&["c"]))[0].message(),
            r#"c.securityContext.seccompProfile.localhostProfile: Invalid value: {"Type":"RuntimeDefault","LocalhostProfile":"x"}: can only be set when seccomp type is Localhost"#
        );
    }

    /// The v1.37.2 server's answer for sysctls and AppArmor profiles, in its order.
    #[test]
    fn sysctls_and_app_armor_like_the_server() {
        let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "sec"},
            "spec": {"hostNetwork": true, "securityContext": {
                "sysctls": [{"name": "net.core.somaxconn", "value": "1024"}, {"name": "Kernel.Bad", "value": "1"},
                    {"name": "kernel/shm_rmid_forced", "value": "1"}, {"name": "kernel/shm_rmid_forced", "value": "1"},
                    {"name": "", "value": "1"}],
                "appArmorProfile": {"type": "runtime/default"}},
            "containers": [
                {"name": "app", "image": "nginx", "securityContext": {"appArmorProfile": {"type": "RuntimeDefault", "localhostProfile": "x"}}},
                {"name": "b", "image": "nginx", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": " p "}}},
                {"name": "c", "image": "nginx", "securityContext": {"appArmorProfile": {"localhostProfile": "p"}}}]}});
        let c = "spec.containers";
        let s = "spec.securityContext";
        assert_eq!(
            crate::validate::builtin::check_messages("", "v1", "Pod", &pod),
            [
                format!(
                    r#"{c}[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "x": can only be set when AppArmor type is Localhost"#
                ),
                format!(
                    r#"{c}[1].securityContext.appArmorProfile.localhostProfile: Invalid value: " p ": must not be padded with whitespace"#
                ),
                format!(
                    "{c}[2].securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set"
                ),
                format!(
                    r#"{s}.sysctls[0].name: Invalid value: "net.core.somaxconn": may not be specified when 'hostNetwork' is true"#
                ),
                format!(
                    r#"{s}.sysctls[1].name: Invalid value: "Kernel.Bad": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"#
                ),
                format!(r#"{s}.sysctls[3].name: Duplicate value: "kernel/shm_rmid_forced""#),
                format!("{s}.sysctls[4].name: Required value"),
                format!(
                    r#"{s}.appArmorProfile.type: Unsupported value: "runtime/default": supported values: "Localhost", "RuntimeDefault", "Unconfined""#
                ),
            ]
        );
    }
}
