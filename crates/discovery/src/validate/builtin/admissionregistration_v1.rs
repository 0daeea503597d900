//! Built-in kinds of the `admissionregistration.k8s.io/v1` group: the validating and mutating
//! webhook configurations operator charts install (`ValidateValidatingWebhookConfiguration`,
//! `ValidateMutatingWebhookConfiguration`, `pkg/apis/admissionregistration/validation/validation.go`,
//! Kubernetes v1.37, with `ValidateWebhookURL` and `ValidateWebhookService` of
//! k8s.io/apiserver `pkg/util/webhook`), after the defaults of
//! `pkg/apis/admissionregistration/v1/defaults.go`, with the server's messages. A match
//! condition's CEL expression is not compiled: its presence and name are checked.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::core_v1::{items, meta};
use super::label_selector::validate_label_selector;
use crate::validate::field::{BadValue, FieldError};
use crate::validate::gofmt;
use crate::validate::names::{dns1035_label, dns1123_subdomain, label_key};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;
use crate::validate::strings;

/// `AcceptedAdmissionReviewVersions`.
const REVIEW_VERSIONS: &[&str] = &["v1", "v1beta1"];

fn text(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// A `field.Invalid` of a whole list, which the server prints as JSON.
fn invalid_list(path: &FieldPath, values: &[String], detail: &str) -> FieldError {
    FieldError::invalid(path, &json!(values), detail)
}

/// `ValidateValidatingWebhookConfiguration` (`mutating` false) or
/// `ValidateMutatingWebhookConfiguration`, with a create's options: unique webhook names, no
/// side effects, a recognized AdmissionReview version, selectors' label values valid.
pub(super) fn webhook_configuration(obj: &Value, mutating: bool) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let mut names = HashSet::new();
    for (i, hook) in items(obj, "webhooks").iter().enumerate() {
        let hp = FieldPath::fields(&["webhooks"]).index(i);
        webhook(hook, mutating, &hp, &mut errs);
        admission_review_versions(
            &strings(hook.get("admissionReviewVersions")),
            &hp.child("admissionReviewVersions"),
            &mut errs,
        );
        let name = hook.get("name").and_then(Value::as_str).unwrap_or_default();
        if !name.is_empty() && !names.insert(name.to_owned()) {
            errs.push(FieldError::duplicate(
                &hp.child("name"),
                BadValue::str(name),
            ));
        }
    }
    errs
}

/// The string at `k`, if it is set (Go's non-nil pointer).
fn opt<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// `validateValidatingWebhook` / `validateMutatingWebhook`, after `SetDefaults_*Webhook`.
fn webhook(hook: &Value, mutating: bool, hp: &FieldPath, errs: &mut Vec<FieldError>) {
    // `IsFullyQualifiedName`.
    let name = opt(hook, "name").unwrap_or_default();
    let np = hp.child("name");
    if name.is_empty() {
        errs.push(FieldError::required(&np, ""));
    } else {
        let bad = dns1123_subdomain(name);
        if !bad.is_empty() {
            errs.push(FieldError::invalid(&np, &text(name), bad.join(",")));
        } else if name.split('.').count() < 3 {
            errs.push(FieldError::invalid(
                &np,
                &text(name),
                "should be a domain with at least three segments separated by dots",
            ));
        }
    }
    for (i, rule) in items(hook, "rules").iter().enumerate() {
        rule_with_operations(rule, &hp.child("rules").index(i), errs);
    }
    let one_of = |k: &str, valid: &[&str], errs: &mut Vec<FieldError>| {
        if let Some(v) = opt(hook, k)
            && !valid.contains(&v)
        {
            errs.push(FieldError::not_supported(&hp.child(k), &text(v), valid));
        }
    };
    one_of("failurePolicy", &["Fail", "Ignore"], errs);
    one_of("matchPolicy", &["Equivalent", "Exact"], errs);
    let side_effects = ["None", "NoneOnDryRun"];
    match opt(hook, "sideEffects") {
        None => errs.push(FieldError::required(
            &hp.child("sideEffects"),
            format!("must specify one of {}", side_effects.join(", ")),
        )),
        Some(_) => one_of("sideEffects", &side_effects, errs),
    }
    if let Some(t) = hook.get("timeoutSeconds").and_then(Value::as_i64)
        && !(1..=30).contains(&t)
    {
        errs.push(FieldError::invalid(
            &hp.child("timeoutSeconds"),
            &json!(t),
            "the timeout value must be between 1 and 30 seconds",
        ));
    }
    for k in ["namespaceSelector", "objectSelector"] {
        validate_label_selector(hook.get(k), &hp.child(k), errs);
    }
    if mutating {
        one_of("reinvocationPolicy", &["IfNeeded", "Never"], errs);
    }
    client_config(hook.get("clientConfig"), &hp.child("clientConfig"), errs);
    match_conditions(
        items(hook, "matchConditions"),
        &hp.child("matchConditions"),
        errs,
    );
}

/// `validateRuleWithOperations` with `validateRule` (subresources allowed), after
/// `SetDefaults_Rule` (scope `*`).
fn rule_with_operations(rule: &Value, rp: &FieldPath, errs: &mut Vec<FieldError>) {
    let ops = strings(rule.get("operations"));
    let op_path = rp.child("operations");
    non_empty_lone_wildcard(&ops, &op_path, "operations", errs);
    let supported = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    for (i, op) in ops.iter().enumerate() {
        if !supported.contains(&op.as_str()) {
            errs.push(FieldError::not_supported(
                &op_path.index(i),
                &text(op),
                &supported,
            ));
        }
    }
    non_empty_lone_wildcard(
        &strings(rule.get("apiGroups")),
        &rp.child("apiGroups"),
        "API groups",
        errs,
    );
    let versions = strings(rule.get("apiVersions"));
    let vp = rp.child("apiVersions");
    non_empty_lone_wildcard(&versions, &vp, "API versions", errs);
    for (i, v) in versions.iter().enumerate() {
        if v.is_empty() {
            errs.push(FieldError::required(&vp.index(i), ""));
        }
    }
    resources(
        &strings(rule.get("resources")),
        &rp.child("resources"),
        errs,
    );
    let scopes = ["*", "Cluster", "Namespaced"];
    if let Some(scope) = opt(rule, "scope")
        && !scopes.contains(&scope)
    {
        errs.push(FieldError::not_supported(
            &rp.child("scope"),
            &text(scope),
            &scopes,
        ));
    }
}

/// A rule's operations, API groups or API versions (`what`): at least one, and `*` only alone
/// (`hasWildcard`).
fn non_empty_lone_wildcard(
    values: &[String],
    path: &FieldPath,
    what: &str,
    errs: &mut Vec<FieldError>,
) {
    if values.is_empty() {
        errs.push(FieldError::required(path, ""));
    }
    if values.len() > 1 && values.iter().any(|v| v == "*") {
        errs.push(invalid_list(
            path,
            values,
            &format!("if '*' is present, must not specify other {what}"),
        ));
    }
}

/// `validateResources`: `resource/subresource` entries and their wildcards.
fn resources(resources: &[String], path: &FieldPath, errs: &mut Vec<FieldError>) {
    if resources.is_empty() {
        errs.push(FieldError::required(path, ""));
    }
    let mut wildcard_sub = HashSet::new();
    let mut wildcard_res = HashSet::new();
    let mut double = false;
    let mut single = false;
    let mut plain = false;
    for (i, res_sub) in resources.iter().enumerate() {
        if res_sub.is_empty() {
            errs.push(FieldError::required(&path.index(i), ""));
            continue;
        }
        double |= res_sub == "*/*";
        single |= res_sub == "*";
        let Some((res, sub)) = res_sub.split_once('/') else {
            // Go assigns, not ORs: the last entry without a subresource decides.
            plain = res_sub != "*";
            continue;
        };
        if wildcard_sub.contains(res) {
            errs.push(FieldError::invalid(
                &path.index(i),
                &text(res_sub),
                format!("if '{res}/*' is present, must not specify {res_sub}"),
            ));
        }
        if wildcard_res.contains(sub) {
            errs.push(FieldError::invalid(
                &path.index(i),
                &text(res_sub),
                format!("if '*/{sub}' is present, must not specify {res_sub}"),
            ));
        }
        if sub == "*" {
            wildcard_sub.insert(res);
        }
        if res == "*" {
            wildcard_res.insert(sub);
        }
    }
    if resources.len() > 1 && double {
        errs.push(invalid_list(
            path,
            resources,
            "if '*/*' is present, must not specify other resources",
        ));
    }
    if single && plain {
        errs.push(invalid_list(
            path,
            resources,
            "if '*' is present, must not specify other resources without subresources",
        ));
    }
}

/// `validateAdmissionReviewVersions`, a recognized version required.
fn admission_review_versions(versions: &[String], path: &FieldPath, errs: &mut Vec<FieldError>) {
    if versions.is_empty() {
        errs.push(FieldError::required(
            path,
            format!("must specify one of {}", REVIEW_VERSIONS.join(", ")),
        ));
        return;
    }
    let mut seen = HashSet::new();
    let mut accepted = false;
    for (i, v) in versions.iter().enumerate() {
        if !seen.insert(v.as_str()) {
            errs.push(FieldError::invalid(
                &path.index(i),
                &text(v),
                "duplicate version",
            ));
            continue;
        }
        for m in dns1035_label(v) {
            errs.push(FieldError::invalid(&path.index(i), &text(v), m));
        }
        accepted |= REVIEW_VERSIONS.contains(&v.as_str());
    }
    if !accepted {
        errs.push(invalid_list(
            path,
            versions,
            &format!(
                "must include at least one of {}",
                REVIEW_VERSIONS.join(", ")
            ),
        ));
    }
}

/// The `clientConfig` switch: exactly one of `url` (`ValidateWebhookURL`, https only) and
/// `service` (`ValidateWebhookService`, after `SetDefaults_ServiceReference`: port 443).
fn client_config(cc: Option<&Value>, path: &FieldPath, errs: &mut Vec<FieldError>) {
    let url = cc.and_then(|c| opt(c, "url"));
    let service = cc.and_then(|c| c.get("service")).filter(|s| !s.is_null());
    match (url, service) {
        (Some(u), None) => webhook_url(u, &path.child("url"), errs),
        (None, Some(s)) => webhook_service(s, &path.child("service"), errs),
        _ => errs.push(FieldError::required(
            path,
            "exactly one of url or service is required",
        )),
    }
}

/// The parts of a URL as Go's `url.Parse` splits an absolute one: scheme, user information,
/// host, query and fragment; `Err` with `url.Parse`'s message.
struct UrlParts<'a> {
    /// Lower-cased, as `url.Parse` keeps it.
    scheme: String,
    user: Option<&'a str>,
    host: &'a str,
    query: &'a str,
    fragment: &'a str,
}

fn split_url(raw: &str) -> Result<UrlParts<'_>, String> {
    let (rest, fragment) = raw.split_once('#').unwrap_or((raw, ""));
    // `getScheme`: letters first, then letters, digits, `+`, `-`, `.`, up to a colon.
    let (scheme, rest) = match rest.find(':') {
        Some(i)
            if rest[..i].starts_with(|c: char| c.is_ascii_alphabetic())
                && rest[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            (rest[..i].to_ascii_lowercase(), &rest[i + 1..])
        }
        Some(0) => {
            return Err(format!(
                "parse {}: missing protocol scheme",
                gofmt::quote(raw)
            ));
        }
        _ => (String::new(), rest),
    };
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let Some(after) = rest.strip_prefix("//") else {
        return Ok(UrlParts {
            scheme,
            user: None,
            host: "",
            query,
            fragment,
        });
    };
    let authority = &after[..after.find('/').unwrap_or(after.len())];
    let (user, host) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    // `parseHost`: a port after the last colon (outside brackets) is digits only.
    let port_at = if host.starts_with('[') {
        host.find(']')
            .and_then(|i| host[i..].find(':').map(|j| i + j))
    } else {
        host.rfind(':')
    };
    if let Some(i) = port_at
        && !host[i + 1..].chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!(
            "parse {}: invalid port {} after host",
            gofmt::quote(raw),
            gofmt::quote(&host[i..])
        ));
    }
    Ok(UrlParts {
        scheme,
        user,
        host,
        query,
        fragment,
    })
}

/// `ValidateWebhookURL` with `forceHttps`.
fn webhook_url(raw: &str, path: &FieldPath, errs: &mut Vec<FieldError>) {
    const FORM: &str = "; desired format: https://host[/path]";
    let u = match split_url(raw) {
        Ok(u) => u,
        Err(e) => {
            errs.push(FieldError::required(
                path,
                format!("url must be a valid URL: {e}{FORM}"),
            ));
            return;
        }
    };
    if u.scheme != "https" {
        errs.push(FieldError::invalid(
            path,
            &text(&u.scheme),
            format!("'https' is the only allowed URL scheme{FORM}"),
        ));
    }
    if u.host.is_empty() {
        errs.push(FieldError::invalid(
            path,
            &text(u.host),
            format!("host must be specified{FORM}"),
        ));
    }
    if let Some(user) = u.user {
        errs.push(FieldError::invalid(
            path,
            &text(user),
            "user information is not permitted in the URL",
        ));
    }
    if !u.fragment.is_empty() {
        errs.push(FieldError::invalid(
            path,
            &text(u.fragment),
            "fragments are not permitted in the URL",
        ));
    }
    if !u.query.is_empty() {
        errs.push(FieldError::invalid(
            path,
            &text(u.query),
            "query parameters are not permitted in the URL",
        ));
    }
}

/// `ValidateWebhookService`: name, namespace, port, and a path of DNS-subdomain segments. The
/// webhook validation passes the service's name and namespace in each other's place, so a
/// missing namespace is reported at `name` and a missing name at `namespace`, as here.
fn webhook_service(svc: &Value, path: &FieldPath, errs: &mut Vec<FieldError>) {
    for (k, reported_at) in [("namespace", "name"), ("name", "namespace")] {
        if opt(svc, k).unwrap_or_default().is_empty() {
            errs.push(FieldError::required(&path.child(reported_at), ""));
        }
    }
    let port = svc.get("port").and_then(Value::as_i64).unwrap_or(443);
    if !(1..=65535).contains(&port) {
        errs.push(FieldError::invalid(
            &path.child("port"),
            &json!(port),
            "port is not valid: must be between 1 and 65535, inclusive",
        ));
    }
    let Some(p) = opt(svc, "path") else {
        return;
    };
    let pp = path.child("path");
    if p.is_empty() || p == "/" {
        return;
    }
    if p == "//" {
        errs.push(FieldError::invalid(
            &pp,
            &text(p),
            "segment[0] may not be empty",
        ));
        return;
    }
    if !p.starts_with('/') {
        errs.push(FieldError::invalid(&pp, &text(p), "must start with a '/'"));
    }
    // Go drops the first byte whether or not it is the slash.
    let rest = p.get(1..).unwrap_or_default();
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    for (i, step) in rest.split('/').enumerate() {
        if step.is_empty() {
            errs.push(FieldError::invalid(
                &pp,
                &text(p),
                format!("segment[{i}] may not be empty"),
            ));
            continue;
        }
        for m in dns1123_subdomain(step) {
            errs.push(FieldError::invalid(
                &pp,
                &text(p),
                format!("segment[{i}]: {m}"),
            ));
        }
    }
}

/// `validateMatchConditions` without compiling the expressions: at most 64, each with an
/// expression and a qualified name, names unique.
fn match_conditions(conditions: &[Value], path: &FieldPath, errs: &mut Vec<FieldError>) {
    if conditions.len() > 64 {
        errs.push(FieldError::too_many(
            path,
            i64::try_from(conditions.len()).unwrap_or(i64::MAX),
            64,
        ));
    }
    let mut names = HashSet::new();
    for (i, c) in conditions.iter().enumerate() {
        let cp = path.index(i);
        if opt(c, "expression").unwrap_or_default().trim().is_empty() {
            errs.push(FieldError::required(&cp.child("expression"), ""));
        }
        let name = opt(c, "name").unwrap_or_default();
        if name.is_empty() {
            errs.push(FieldError::required(&cp.child("name"), ""));
        } else {
            for m in label_key(name) {
                errs.push(FieldError::invalid(&cp.child("name"), &text(name), m));
            }
            if !names.insert(name) {
                errs.push(FieldError::duplicate(
                    &cp.child("name"),
                    BadValue::str(name),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::check_messages;

    fn check(kind: &str, webhooks: &Value) -> Vec<String> {
        let obj = json!({"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind,
            "metadata": {"name": "w"}, "webhooks": webhooks});
        check_messages("admissionregistration.k8s.io", "v1", kind, &obj)
    }

    fn hook(extra: &Value) -> Value {
        let mut h = json!({"name": "check.example.com", "sideEffects": "None",
            "admissionReviewVersions": ["v1"],
            "clientConfig": {"service": {"name": "svc", "namespace": "ns", "path": "/validate"}},
            "rules": [{"operations": ["CREATE"], "apiGroups": ["apps"], "apiVersions": ["v1"],
                "resources": ["deployments"]}]});
        for (k, v) in extra.as_object().unwrap() {
            h[k] = v.clone();
        }
        h
    }

    /// The v1.37.2 server's answer to the same configuration, in its order.
    #[test]
    fn webhooks_like_the_server() {
        let got = check(
            "ValidatingWebhookConfiguration",
            &json!([
                {"name": "a.example", "admissionReviewVersions": ["v2", "v2"], "timeoutSeconds": 0,
                 "clientConfig": {"url": "HTTP://user@:8443/x?q=1#f"},
                 "rules": [{"operations": ["CREATE", "*"], "apiGroups": ["*", "apps"], "apiVersions": ["v1", ""],
                     "resources": ["pods/*", "pods/log", "*"]}]},
                {"name": "b.example.com", "sideEffects": "Some", "admissionReviewVersions": ["v1"],
                 "clientConfig": {"service": {"name": "", "namespace": "n", "path": "x//Y/", "port": 0}},
                 "matchConditions": [{"name": "c", "expression": ""}]}]),
        );
        let (w0, w1) = ("webhooks[0]", "webhooks[1]");
        let url = format!("{w0}.clientConfig.url: Invalid value:");
        let path = format!(r#"{w1}.clientConfig.service.path: Invalid value: "x//Y/":"#);
        assert_eq!(
            got,
            [
                format!(
                    r#"{w0}.name: Invalid value: "a.example": should be a domain with at least three segments separated by dots"#
                ),
                format!(
                    r#"{w0}.rules[0].operations: Invalid value: ["CREATE","*"]: if '*' is present, must not specify other operations"#
                ),
                format!(
                    r#"{w0}.rules[0].apiGroups: Invalid value: ["*","apps"]: if '*' is present, must not specify other API groups"#
                ),
                format!("{w0}.rules[0].apiVersions[1]: Required value"),
                format!(
                    r#"{w0}.rules[0].resources[1]: Invalid value: "pods/log": if 'pods/*' is present, must not specify pods/log"#
                ),
                format!("{w0}.sideEffects: Required value: must specify one of None, NoneOnDryRun"),
                format!(
                    "{w0}.timeoutSeconds: Invalid value: 0: the timeout value must be between 1 and 30 seconds"
                ),
                format!(
                    r#"{url} "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]"#
                ),
                format!(r#"{url} "user": user information is not permitted in the URL"#),
                format!(r#"{url} "f": fragments are not permitted in the URL"#),
                format!(r#"{url} "q=1": query parameters are not permitted in the URL"#),
                format!(
                    r#"{w0}.admissionReviewVersions[1]: Invalid value: "v2": duplicate version"#
                ),
                format!(
                    r#"{w0}.admissionReviewVersions: Invalid value: ["v2","v2"]: must include at least one of v1, v1beta1"#
                ),
                format!(
                    r#"{w1}.sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun""#
                ),
                format!("{w1}.clientConfig.service.namespace: Required value"),
                format!(
                    "{w1}.clientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive"
                ),
                format!("{path} must start with a '/'"),
                format!("{path} segment[0] may not be empty"),
                format!("{path} segment[1] may not be empty"),
                format!(
                    r"{path} segment[2]: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
                ),
                format!("{w1}.matchConditions[0].expression: Required value"),
            ]
        );
    }

    #[test]
    fn a_chart_s_webhook_is_valid() {
        assert!(check("ValidatingWebhookConfiguration", &json!([hook(&json!({}))])).is_empty());
        assert!(check("MutatingWebhookConfiguration", &json!([hook(&json!({}))])).is_empty());
    }
}
