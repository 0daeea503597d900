//! A container's probes and lifecycle hooks (`pkg/apis/core/validation/validation.go`,
//! Kubernetes v1.37: `validateLivenessProbe` and its siblings, `validateHandler`,
//! `validateLifecycle`), after `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`
//! (`pkg/apis/core/v1/defaults.go`). `httpGet.protocol` and `lifecycle.stopSignal` are behind
//! alpha feature gates, off on the server, which drops them: not checked.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::port_range;
use crate::validate::field::FieldError;
use crate::validate::names::port_name;
use crate::validate::path::FieldPath;

/// Which probe: each adds its own check to `validateProbe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ProbeKind {
    /// `livenessProbe`.
    Liveness,
    /// `readinessProbe`.
    Readiness,
    /// `startupProbe`.
    Startup,
}

impl ProbeKind {
    /// The container field that holds the probe.
    pub(super) fn field(self) -> &'static str {
        match self {
            ProbeKind::Liveness => "livenessProbe",
            ProbeKind::Readiness => "readinessProbe",
            ProbeKind::Startup => "startupProbe",
        }
    }
}

/// The handler fields of a probe (`handlerFromProbe`) and of a lifecycle hook
/// (`handlerFromLifecycle`), in `validateHandler`'s order.
const PROBE_HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS: &[&str] = &["exec", "httpGet", "tcpSocket", "sleep"];

fn set(v: &Value, k: &str) -> bool {
    v.get(k).is_some_and(|x| !x.is_null())
}

/// `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`: the probe of
/// the container `c`, if it has one.
pub(super) fn probe(
    c: &Value,
    kind: ProbeKind,
    grace: Option<i64>,
    cp: &FieldPath,
) -> Vec<FieldError> {
    let Some(probe) = c.get(kind.field()).filter(|p| p.is_object()) else {
        return Vec::new();
    };
    let path = cp.child(kind.field());
    let mut probe = probe.clone();
    probe_defaults(&mut probe);
    let mut errs = validate_probe(&probe, grace, &path);
    let success = probe.get("successThreshold").cloned().unwrap_or(json!(0));
    match kind {
        ProbeKind::Liveness | ProbeKind::Startup if success.as_i64() != Some(1) => {
            errs.push(FieldError::invalid(
                &path.child("successThreshold"),
                &success,
                "must be 1",
            ));
        }
        ProbeKind::Readiness if set(&probe, "terminationGracePeriodSeconds") => {
            errs.push(FieldError::invalid(
                &path.child("terminationGracePeriodSeconds"),
                &probe["terminationGracePeriodSeconds"],
                "must not be set for readinessProbes",
            ));
        }
        _ => {}
    }
    errs
}

/// `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`: zero periods and thresholds take their
/// defaults, an empty path is `/`, an empty scheme `HTTP`.
fn probe_defaults(probe: &mut Value) {
    for (k, d) in [
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ] {
        if probe.get(k).and_then(Value::as_i64).unwrap_or(0) == 0 {
            probe[k] = json!(d);
        }
    }
    http_get_defaults(probe);
}

/// `SetDefaults_HTTPGetAction` on the `httpGet` of a probe or hook.
fn http_get_defaults(handler: &mut Value) {
    if let Some(h) = handler.get_mut("httpGet").filter(|h| h.is_object()) {
        for (k, d) in [("path", "/"), ("scheme", "HTTP")] {
            if h.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .is_empty()
            {
                h[k] = json!(d);
            }
        }
    }
}

/// `validateProbe`: one handler, no negative periods or thresholds, a positive grace period.
fn validate_probe(probe: &Value, grace: Option<i64>, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = handler(probe, PROBE_HANDLERS, grace, path);
    for k in [
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ] {
        if let Some(v) = probe.get(k).filter(|v| v.as_i64().is_some_and(|n| n < 0)) {
            errs.push(FieldError::invalid(
                &path.child(k),
                v,
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(g) = probe
        .get("terminationGracePeriodSeconds")
        .filter(|g| g.as_i64().is_some_and(|n| n <= 0))
    {
        errs.push(FieldError::invalid(
            &path.child("terminationGracePeriodSeconds"),
            g,
            "must be greater than 0",
        ));
    }
    errs
}

/// `validateLifecycle`: its `postStart` and `preStop` hooks, after `SetDefaults_HTTPGetAction`.
pub(super) fn lifecycle(c: &Value, grace: Option<i64>, cp: &FieldPath) -> Vec<FieldError> {
    let Some(lc) = c.get("lifecycle").filter(|l| l.is_object()) else {
        return Vec::new();
    };
    let path = cp.child("lifecycle");
    let mut errs = Vec::new();
    for hook in ["postStart", "preStop"] {
        if let Some(h) = lc.get(hook).filter(|h| h.is_object()) {
            let mut h = h.clone();
            http_get_defaults(&mut h);
            errs.extend(handler(&h, LIFECYCLE_HANDLERS, grace, &path.child(hook)));
        }
    }
    errs
}

/// `validateHandler`: exactly one of `kinds`, and that one valid.
fn handler(h: &Value, kinds: &[&str], grace: Option<i64>, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut found = false;
    for &k in kinds {
        if !set(h, k) {
            continue;
        }
        let kp = path.child(k);
        if found {
            errs.push(FieldError::forbidden(
                &kp,
                "may not specify more than 1 handler type",
            ));
            continue;
        }
        found = true;
        let action = &h[k];
        match k {
            "exec" => {
                if action
                    .get("command")
                    .and_then(Value::as_array)
                    .is_none_or(Vec::is_empty)
                {
                    errs.push(FieldError::required(&kp.child("command"), ""));
                }
            }
            "httpGet" => errs.extend(http_get(action, &kp)),
            "tcpSocket" => errs.extend(port_num_or_name(action.get("port"), &kp.child("port"))),
            "grpc" => errs.extend(grpc(action, &kp)),
            _ => errs.extend(sleep(action, grace, &kp)),
        }
    }
    if !found {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
    errs
}

static HTTP_HEADER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[-A-Za-z0-9]+$").expect("header name regex compiles"));

/// `validateHTTPGetAction` (after its defaults): the port, the scheme, the header names
/// (`IsHTTPHeaderName`).
fn http_get(http: &Value, path: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if http
        .get("path")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .is_empty()
    {
        errs.push(FieldError::required(&path.child("path"), ""));
    }
    errs.extend(port_num_or_name(http.get("port"), &path.child("port")));
    let scheme = http.get("scheme").and_then(Value::as_str).unwrap_or("HTTP");
    if !matches!(scheme, "HTTP" | "HTTPS") {
        errs.push(FieldError::not_supported(
            &path.child("scheme"),
            &Value::String(scheme.to_owned()),
            &["HTTP", "HTTPS"],
        ));
    }
    for header in http
        .get("httpHeaders")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        let name = header
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !HTTP_HEADER_NAME.is_match(name) {
            errs.push(FieldError::invalid(
                &path.child("httpHeaders"),
                &Value::String(name.to_owned()),
                "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')",
            ));
        }
    }
    errs
}

/// `ValidatePortNumOrName`: a port number in range, or an IANA service name. A missing port
/// is the number 0.
pub(super) fn port_num_or_name(port: Option<&Value>, path: &FieldPath) -> Vec<FieldError> {
    match port {
        Some(Value::String(name)) => port_name(name)
            .into_iter()
            .map(|m| FieldError::invalid(path, &Value::String(name.clone()), m))
            .collect(),
        Some(n @ Value::Number(_)) => port_range(path, n).into_iter().collect(),
        _ => port_range(path, &json!(0)).into_iter().collect(),
    }
}

/// `validateGRPCAction`: the port, the mode.
fn grpc(action: &Value, path: &FieldPath) -> Vec<FieldError> {
    let port = action.get("port").cloned().unwrap_or(json!(0));
    port_range(&path.child("port"), &port).into_iter().collect()
}

/// `validateSleepAction`: no longer than the pod's grace period.
fn sleep(action: &Value, grace: Option<i64>, path: &FieldPath) -> Option<FieldError> {
    let grace = grace?;
    let seconds = action.get("seconds").and_then(Value::as_i64).unwrap_or(0);
    (seconds < 0 || seconds > grace).then(|| {
        FieldError::invalid(
            path,
            &json!(seconds),
            format!("must be non-negative and less than terminationGracePeriodSeconds ({grace})"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(c: &Value, grace: Option<i64>) -> Vec<String> {
        let cp = FieldPath::fields(&["c"]);
        let mut errs = lifecycle(c, grace, &cp);
        for kind in [
            ProbeKind::Liveness,
            ProbeKind::Readiness,
            ProbeKind::Startup,
        ] {
            errs.extend(probe(c, kind, grace, &cp));
        }
        errs.iter().map(FieldError::message).collect()
    }

    /// Each message as the v1.37.2 server answered for the same container.
    #[test]
    fn probes_like_the_server() {
        let c = json!({
            "livenessProbe": {"httpGet": {"port": "http"}, "exec": {"command": ["x"]}, "successThreshold": 2},
            "readinessProbe": {"tcpSocket": {"port": 70000}, "periodSeconds": -1, "terminationGracePeriodSeconds": 5},
            "startupProbe": {"failureThreshold": 3}});
        assert_eq!(
            messages(&c, Some(30)),
            [
                "c.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
                "c.livenessProbe.successThreshold: Invalid value: 2: must be 1",
                "c.readinessProbe.tcpSocket.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "c.readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
                "c.readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
                "c.startupProbe: Required value: must specify a handler type",
            ]
        );
        let c = json!({"livenessProbe": {"httpGet": {"port": "HTTP", "scheme": "http",
            "httpHeaders": [{"name": "X Auth", "value": "v"}]}}});
        assert_eq!(
            messages(&c, Some(30)),
            [
                r#"c.livenessProbe.httpGet.port: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"#,
                r#"c.livenessProbe.httpGet.port: Invalid value: "HTTP": must contain at least one letter (a-z)"#,
                r#"c.livenessProbe.httpGet.scheme: Unsupported value: "http": supported values: "HTTP", "HTTPS""#,
                r#"c.livenessProbe.httpGet.httpHeaders: Invalid value: "X Auth": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"#,
            ]
        );
    }

    #[test]
    fn lifecycle_hooks_like_the_server() {
        let c = json!({"lifecycle": {
            "postStart": {"exec": {}},
            "preStop": {"sleep": {"seconds": 60}}}});
        assert_eq!(
            messages(&c, Some(30)),
            [
                "c.lifecycle.postStart.exec.command: Required value",
                "c.lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)",
            ]
        );
        let c = json!({"lifecycle": {"preStop": {}}});
        assert_eq!(
            messages(&c, Some(30)),
            ["c.lifecycle.preStop: Required value: must specify a handler type"]
        );
    }
}
