//! Security contexts of the pod and its containers (`validatePodSpecSecurityContext` and
//! `ValidateSecurityContext`, `pkg/apis/core/validation/validation.go`, Kubernetes v1.37), for
//! their common fields: user and group IDs, `fsGroupChangePolicy`,
//! `supplementalGroupsPolicy`, seccomp profiles. `privileged` depends on the server's
//! `--allow-privileged` flag, sysctls, Windows options, AppArmor profiles and `procMount` are not
//! checked.

use serde_json::Value;

use super::s;
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::path::FieldPath;

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

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
        FieldError::not_supported(
            &path.child(key),
            &Value::String(v.to_owned()),
            &strings(supported),
        )
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
    errs.extend(enum_value(
        sc,
        "fsGroupChangePolicy",
        &["Always", "OnRootMismatch"],
        &path,
    ));
    errs.extend(seccomp_profile(sc, &path));
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
            &strings(&["Localhost", "RuntimeDefault", "Unconfined"]),
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
}
