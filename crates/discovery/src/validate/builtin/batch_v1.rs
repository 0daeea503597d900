//! Built-in kinds of the `batch/v1` group: the validation of a Job and a CronJob
//! (`pkg/apis/batch/validation/validation.go`, Kubernetes v1.37.2), after the defaults of
//! `pkg/apis/batch/v1/defaults.go` and the Job strategy's generated selector
//! (`pkg/registry/batch/job/strategy.go`), with the server's messages. Schedules are parsed by
//! `cron`, time zones looked up in `tz`.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::apps_v1::non_negative;
use super::core_v1::{meta, pod_template_spec, restart_policy, template_spec};
use super::label_selector::validate_label_selector;
use super::selector::as_selector;
use super::{cron, tz};
use crate::validate::field::{BadValue, FieldError, Reason};
use crate::validate::names::{dns1123_label, dns1123_subdomain, label_key};
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// The UID the server gives a new Job, unknown offline: the generated selector and labels carry
/// this stand-in, which no label a user writes equals, as no real UID would.
const UID: &str = "00000000-0000-0000-0000-000000000000";
const LEGACY_CONTROLLER_UID: &str = "controller-uid";
const LEGACY_JOB_NAME: &str = "job-name";
const CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
const JOB_NAME: &str = "batch.kubernetes.io/job-name";

const MAX_PARALLELISM_FOR_INDEXED_JOB: i64 = 100_000;
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
const MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES: usize = 255;
const MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS: usize = 20;
const MAX_MANAGED_BY_LENGTH: usize = 63;
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;
const MAX_SUCCESS_POLICY_RULES: usize = 20;

fn int(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

fn set(v: &Value, k: &str) -> bool {
    v.get(k).is_some_and(|x| !x.is_null())
}

fn string<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn list<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A length or limit as the `int` Go's field errors take.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `%q` of a `[]string`, as `fmt.Sprintf("valid values: %q", sets.List(...))` prints it.
fn quoted_list(values: &[&str]) -> String {
    let q: Vec<String> = values
        .iter()
        .map(|v| crate::validate::gofmt::quote(v))
        .collect();
    format!("[{}]", q.join(" "))
}

/// `SetDefaults_Job` (`pkg/apis/batch/v1/defaults.go`): of the spec, what validation reads.
fn job_defaults(spec: &mut Map<String, Value>) {
    let unset = |spec: &Map<String, Value>, k: &str| spec.get(k).is_none_or(Value::is_null);
    if unset(spec, "completions") && unset(spec, "parallelism") {
        spec.insert("completions".into(), json!(1));
        spec.insert("parallelism".into(), json!(1));
    }
    if unset(spec, "parallelism") {
        spec.insert("parallelism".into(), json!(1));
    }
    if unset(spec, "backoffLimit") {
        let limit = if unset(spec, "backoffLimitPerIndex") {
            6
        } else {
            i64::from(i32::MAX)
        };
        spec.insert("backoffLimit".into(), json!(limit));
    }
    if unset(spec, "completionMode") {
        spec.insert("completionMode".into(), json!("NonIndexed"));
    }
    if unset(spec, "podReplacementPolicy") {
        let policy = if unset(spec, "podFailurePolicy") {
            "TerminatingOrFailed"
        } else {
            "Failed"
        };
        spec.insert("podReplacementPolicy".into(), json!(policy));
    }
    if unset(spec, "manualSelector") {
        spec.insert("manualSelector".into(), json!(false));
    }
}

/// `SetDefaults_PodFailurePolicyOnPodConditionsPattern`: a pattern's status is `True`.
fn pod_failure_policy_defaults(spec: &mut Value) {
    let Some(rules) = spec
        .pointer_mut("/podFailurePolicy/rules")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for rule in rules {
        let Some(patterns) = rule
            .get_mut("onPodConditions")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for p in patterns.iter_mut().filter(|p| p.is_object()) {
            if string(p, "status").unwrap_or_default().is_empty() {
                p["status"] = json!("True");
            }
        }
    }
}

/// `generateSelector` (`pkg/registry/batch/job/strategy.go`): the template gets the job-name
/// and controller-uid labels the user did not set, the selector the controller-uid one.
fn generate_selector(spec: &mut Value, name: &str) {
    let template = spec
        .as_object_mut()
        .map(|s| s.entry("template").or_insert_with(|| json!({})));
    if let Some(Value::Object(t)) = template {
        let meta = t.entry("metadata").or_insert_with(|| json!({}));
        if let Value::Object(m) = meta {
            let labels = m.entry("labels").or_insert_with(|| json!({}));
            if labels.is_null() {
                *labels = json!({});
            }
            if let Value::Object(l) = labels {
                for (k, v) in [
                    (LEGACY_JOB_NAME, name),
                    (JOB_NAME, name),
                    (LEGACY_CONTROLLER_UID, UID),
                    (CONTROLLER_UID, UID),
                ] {
                    l.entry(k).or_insert_with(|| json!(v));
                }
            }
        }
    }
    if !set(spec, "selector") {
        spec["selector"] = json!({});
    }
    if !set(&spec["selector"], "matchLabels") {
        spec["selector"]["matchLabels"] = json!({});
    }
    if let Value::Object(m) = &mut spec["selector"]["matchLabels"] {
        m.entry(CONTROLLER_UID).or_insert_with(|| json!(UID));
    }
}

/// `ValidateHasLabel` (`pkg/apis/core/validation/validation.go`) of a template's labels.
fn has_label(template: &Value, mp: &FieldPath, key: &str, want: &str) -> Option<FieldError> {
    let labels = template.get("metadata").and_then(|m| m.get("labels"));
    let path = mp.child("labels").key(key);
    match labels.and_then(|l| l.get(key)) {
        None => Some(FieldError::required(&path, format!("must be '{want}'"))),
        Some(v) if v.as_str() != Some(want) => Some(FieldError::invalid(
            &path,
            labels.unwrap_or(&Value::Null),
            format!("must be '{want}'"),
        )),
        Some(_) => None,
    }
}

/// `validateGeneratedSelector`, with the prefixed labels required (`RequirePrefixedLabels` is
/// true on create).
fn generated_selector(spec: &Value, name: &str) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) || !set(spec, "selector") {
        return errs;
    }
    let template = spec.get("template").unwrap_or(&Value::Null);
    let mp = FieldPath::fields(&["spec", "template", "metadata"]);
    for (k, v) in [
        (LEGACY_CONTROLLER_UID, UID),
        (LEGACY_JOB_NAME, name),
        (CONTROLLER_UID, UID),
        (JOB_NAME, name),
    ] {
        errs.extend(has_label(template, &mp, k, v));
    }
    let expected = json!({LEGACY_CONTROLLER_UID: UID, LEGACY_JOB_NAME: name,
        CONTROLLER_UID: UID, JOB_NAME: name});
    if let Some(sel) = as_selector(spec.get("selector"))
        && !sel.matches(Some(&expected))
    {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["spec", "selector"]),
            &spec["selector"],
            "`selector` not auto-generated",
        ));
    }
    errs
}

/// `validateJobSpec`: the counts and limits, the completion mode and its Indexed rules, the pod
/// failure, success and replacement policies, the template and its restart policy.
#[allow(clippy::too_many_lines)] // the Go function's checks, in its order
fn job_spec(spec: &Value, sp: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for k in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
    ] {
        non_negative(spec, sp, k, &mut errs);
    }
    let parallelism = int(spec, "parallelism");
    let completions = int(spec, "completions");
    let per_index = int(spec, "backoffLimitPerIndex");
    let max_failed = int(spec, "maxFailedIndexes");
    if max_failed.is_some() {
        non_negative(spec, sp, "maxFailedIndexes", &mut errs);
        if per_index.is_none() {
            errs.push(FieldError::required(
                &sp.child("backoffLimitPerIndex"),
                "when maxFailedIndexes is specified",
            ));
        }
    }
    if let Some(by) = string(spec, "managedBy") {
        errs.extend(domain_prefixed_path(&sp.child("managedBy"), by));
        if by.len() > MAX_MANAGED_BY_LENGTH {
            errs.push(FieldError::too_long(
                &sp.child("managedBy"),
                count(MAX_MANAGED_BY_LENGTH),
            ));
        }
    }
    let mode = string(spec, "completionMode");
    let indexed = mode == Some("Indexed");
    if let Some(mode) = mode {
        if mode != "NonIndexed" && mode != "Indexed" {
            errs.push(FieldError::not_supported(
                &sp.child("completionMode"),
                &json!(mode),
                &["NonIndexed", "Indexed"],
            ));
        }
        if indexed {
            if completions.is_none() {
                errs.push(FieldError::required(
                    &sp.child("completions"),
                    "when completion mode is Indexed",
                ));
            }
            if let Some(p) = parallelism.filter(|p| *p > MAX_PARALLELISM_FOR_INDEXED_JOB) {
                errs.push(FieldError::invalid(
                    &sp.child("parallelism"),
                    &json!(p),
                    format!("must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed"),
                ));
            }
            if let (Some(c), Some(m)) = (completions, max_failed)
                && m > c
            {
                errs.push(FieldError::invalid(
                    &sp.child("maxFailedIndexes"),
                    &json!(m),
                    "must be less than or equal to completions",
                ));
            }
            if let Some(m) = max_failed.filter(|m| *m > MAX_FAILED_INDEXES_FOR_INDEXED_JOB) {
                errs.push(FieldError::invalid(
                    &sp.child("maxFailedIndexes"),
                    &json!(m),
                    format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}"),
                ));
            }
            if completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT) && per_index.is_some() {
                let high = format!(
                    "when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
                );
                if max_failed.is_none() {
                    errs.push(FieldError::required(
                        &sp.child("maxFailedIndexes"),
                        format!(
                            "must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"
                        ),
                    ));
                }
                if let Some(p) = parallelism.filter(|p| *p > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS)
                {
                    errs.push(FieldError::invalid(
                        &sp.child("parallelism"),
                        &json!(p),
                        format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {high}"),
                    ));
                }
                if let Some(m) =
                    max_failed.filter(|m| *m > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS)
                {
                    errs.push(FieldError::invalid(
                        &sp.child("maxFailedIndexes"),
                        &json!(m),
                        format!("must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} {high}"),
                    ));
                }
            }
        }
    }
    if mode.is_none_or(|m| m == "NonIndexed") {
        for (k, v) in [
            ("backoffLimitPerIndex", per_index),
            ("maxFailedIndexes", max_failed),
        ] {
            if let Some(v) = v {
                errs.push(FieldError::invalid(
                    &sp.child(k),
                    &json!(v),
                    "requires indexed completion mode",
                ));
            }
        }
    }
    let failure_policy = set(spec, "podFailurePolicy");
    if failure_policy {
        errs.extend(pod_failure_policy(spec, &sp.child("podFailurePolicy")));
    }
    if let Some(policy) = spec.get("successPolicy").filter(|p| !p.is_null()) {
        if indexed {
            errs.extend(success_policy(
                policy,
                completions,
                &sp.child("successPolicy"),
            ));
        } else {
            errs.push(FieldError::invalid(
                &sp.child("successPolicy"),
                &go_struct(policy),
                "requires indexed completion mode",
            ));
        }
    }
    if let Some(p) = string(spec, "podReplacementPolicy") {
        let rp = sp.child("podReplacementPolicy");
        if failure_policy {
            if p != "Failed" {
                errs.push(FieldError::not_supported(&rp, &json!(p), &["Failed"]));
            }
        } else if p != "Failed" && p != "TerminatingOrFailed" {
            errs.push(FieldError::not_supported(
                &rp,
                &json!(p),
                &["Failed", "TerminatingOrFailed"],
            ));
        }
    }
    // validateGangMinCount and validateJobScheduling read `spec.scheduling`, which the strategy
    // drops on create while WorkloadWithJob is off (alpha in v1.37): not checked.
    let empty = json!({});
    let template = spec.get("template").unwrap_or(&empty);
    let tp = sp.child("template");
    errs.extend(pod_template_spec(template, &tp, &[]));
    let rp = tp.child("spec").child("restartPolicy");
    match restart_policy(template_spec(template)) {
        "Always" => errs.push(FieldError::required(
            &rp,
            r#"valid values: "OnFailure", "Never""#,
        )),
        "OnFailure" if failure_policy => {
            errs.push(FieldError::invalid(
                &rp,
                &json!("OnFailure"),
                r#"only "Never" is supported when podFailurePolicy is specified"#,
            ));
        }
        "OnFailure" | "Never" => {}
        other => errs.push(FieldError::not_supported(
            &rp,
            &json!(other),
            &["OnFailure", "Never"],
        )),
    }
    errs
}

/// An internal Go struct as `json.Marshal` prints it in a message: its fields have no JSON tags,
/// so their names are the Go ones (`{"Rules":[{"SucceededIndexes":"0","SucceededCount":null}]}`).
fn go_struct(policy: &Value) -> Value {
    let rules: Vec<Value> = list(policy, "rules")
        .iter()
        .map(|r| {
            json!({"SucceededIndexes": r.get("succeededIndexes").cloned().unwrap_or(Value::Null),
                "SucceededCount": r.get("succeededCount").cloned().unwrap_or(Value::Null)})
        })
        .collect();
    json!({ "Rules": if rules.is_empty() { Value::Null } else { Value::Array(rules) } })
}

/// `IsDomainPrefixedPath` (k8s.io/apimachinery `pkg/util/validation/validation.go`).
fn domain_prefixed_path(path: &FieldPath, v: &str) -> Vec<FieldError> {
    if v.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    let Some((host, rest)) = v
        .split_once('/')
        .filter(|(h, r)| !h.is_empty() && !r.is_empty())
    else {
        return vec![FieldError::invalid(
            path,
            &json!(v),
            "must be a domain-prefixed path (such as \"acme.io/foo\")",
        )];
    };
    let mut errs: Vec<FieldError> = dns1123_subdomain(host)
        .into_iter()
        .map(|m| FieldError::invalid(path, &json!(host), m))
        .collect();
    // httpPathFmt: `[A-Za-z0-9/\-._~%!$&'()*+,;=:]+`
    let http = rest
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c));
    if !http {
        errs.push(FieldError::invalid(
            path,
            &json!(rest),
            r"Invalid path (regex used for validation is '[A-Za-z0-9/\-._~%!$&'()*+,;=:]+')",
        ));
    }
    errs
}

/// `validatePodFailurePolicy`, with `validatePodFailurePolicyRule` and its `OnExitCodes` and
/// `OnPodConditions` checks.
fn pod_failure_policy(spec: &Value, pp: &FieldPath) -> Vec<FieldError> {
    const ACTIONS: [&str; 4] = ["Count", "FailIndex", "FailJob", "Ignore"];
    let mut errs = Vec::new();
    let rules = list(&spec["podFailurePolicy"], "rules");
    let rp = pp.child("rules");
    if rules.len() > MAX_POD_FAILURE_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rp,
            count(rules.len()),
            count(MAX_POD_FAILURE_POLICY_RULES),
        ));
    }
    let pod = template_spec(spec.get("template").unwrap_or(&Value::Null));
    let names: BTreeSet<&str> = list(pod, "containers")
        .iter()
        .chain(list(pod, "initContainers"))
        .filter_map(|c| string(c, "name"))
        .collect();
    for (i, rule) in rules.iter().enumerate() {
        let rp = rp.index(i);
        let ap = rp.child("action");
        match string(rule, "action").unwrap_or_default() {
            "" => errs.push(FieldError::required(
                &ap,
                format!("valid values: {}", quoted_list(&ACTIONS)),
            )),
            "FailIndex" if !set(spec, "backoffLimitPerIndex") => {
                errs.push(FieldError::invalid(
                    &ap,
                    &json!("FailIndex"),
                    "requires the backoffLimitPerIndex to be set",
                ));
            }
            a if !ACTIONS.contains(&a) => {
                errs.push(FieldError::not_supported(&ap, &json!(a), &ACTIONS));
            }
            _ => {}
        }
        let exit_codes = rule.get("onExitCodes").filter(|v| !v.is_null());
        if let Some(codes) = exit_codes {
            errs.extend(on_exit_codes(codes, &rp.child("onExitCodes"), &names));
        }
        let conditions = list(rule, "onPodConditions");
        if !conditions.is_empty() {
            errs.extend(on_pod_conditions(conditions, &rp.child("onPodConditions")));
        }
        if exit_codes.is_some() && !conditions.is_empty() {
            errs.push(FieldError::new(
                Reason::FieldValueInvalid,
                &rp,
                BadValue::Omit,
                "specifying both OnExitCodes and OnPodConditions is not supported",
            ));
        }
        if exit_codes.is_none() && conditions.is_empty() {
            errs.push(FieldError::new(
                Reason::FieldValueInvalid,
                &rp,
                BadValue::Omit,
                "specifying one of OnExitCodes and OnPodConditions is required",
            ));
        }
    }
    errs
}

/// `validatePodFailurePolicyRuleOnPodConditions`.
fn on_pod_conditions(patterns: &[Value], cp: &FieldPath) -> Vec<FieldError> {
    const STATUSES: [&str; 3] = ["False", "True", "Unknown"];
    let mut errs = Vec::new();
    if patterns.len() > MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS {
        errs.push(FieldError::too_many(
            cp,
            count(patterns.len()),
            count(MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS),
        ));
    }
    for (j, p) in patterns.iter().enumerate() {
        let pp = cp.index(j);
        let ty = string(p, "type").unwrap_or_default();
        for m in label_key(ty) {
            errs.push(FieldError::invalid(&pp.child("type"), &json!(ty), m));
        }
        let sp = pp.child("status");
        match string(p, "status").unwrap_or_default() {
            "" => errs.push(FieldError::required(
                &sp,
                format!("valid values: {}", quoted_list(&STATUSES)),
            )),
            s if !STATUSES.contains(&s) => {
                errs.push(FieldError::not_supported(&sp, &json!(s), &STATUSES));
            }
            _ => {}
        }
    }
    errs
}

/// `validatePodFailurePolicyRuleOnExitCodes`.
fn on_exit_codes(codes: &Value, cp: &FieldPath, names: &BTreeSet<&str>) -> Vec<FieldError> {
    const OPERATORS: [&str; 2] = ["In", "NotIn"];
    let mut errs = Vec::new();
    let op = string(codes, "operator").unwrap_or_default();
    let opp = cp.child("operator");
    if op.is_empty() {
        errs.push(FieldError::required(
            &opp,
            format!("valid values: {}", quoted_list(&OPERATORS)),
        ));
    } else if !OPERATORS.contains(&op) {
        errs.push(FieldError::not_supported(&opp, &json!(op), &OPERATORS));
    }
    if let Some(name) = string(codes, "containerName")
        && !names.contains(name)
    {
        errs.push(FieldError::invalid(
            &cp.child("containerName"),
            &json!(name),
            "must be one of the container or initContainer names in the pod template",
        ));
    }
    let vp = cp.child("values");
    let values = list(codes, "values");
    if values.is_empty() {
        errs.push(FieldError::invalid(
            &vp,
            codes.get("values").unwrap_or(&Value::Null),
            "at least one value is required",
        ));
    } else if values.len() > MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES {
        errs.push(FieldError::too_many(
            &vp,
            count(values.len()),
            count(MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES),
        ));
    }
    let mut ordered = true;
    let mut seen = BTreeSet::new();
    for (j, v) in values.iter().enumerate() {
        let n = v.as_i64().unwrap_or_default();
        if op == "In" && n == 0 {
            errs.push(FieldError::invalid(
                &vp.index(j),
                &json!(n),
                "must not be 0 for the In operator",
            ));
        }
        if !seen.insert(n) {
            errs.push(FieldError::duplicate(
                &vp.index(j),
                BadValue::Value(json!(n)),
            ));
        }
        if j > 0 && values[j - 1].as_i64().unwrap_or_default() > n {
            ordered = false;
        }
    }
    if !ordered {
        errs.push(FieldError::invalid(
            &vp,
            codes.get("values").unwrap_or(&Value::Null),
            "must be ordered",
        ));
    }
    errs
}

/// `validateSuccessPolicy` and `validateSuccessPolicyRule`. Go reads `*spec.Completions`
/// there; without completions (an Indexed Job without them, already an error) the comparisons
/// are skipped.
fn success_policy(policy: &Value, completions: Option<i64>, pp: &FieldPath) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules = list(policy, "rules");
    let rp = pp.child("rules");
    if rules.is_empty() {
        errs.push(FieldError::required(
            &rp,
            "at least one rules must be specified when the successPolicy is specified",
        ));
    }
    if rules.len() > MAX_SUCCESS_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rp,
            count(rules.len()),
            count(MAX_SUCCESS_POLICY_RULES),
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        let rp = rp.index(i);
        let indexes = string(rule, "succeededIndexes");
        let succeeded = int(rule, "succeededCount");
        if indexes.is_none() && succeeded.is_none() {
            errs.push(FieldError::required(
                &rp,
                "at least one of succeededCount or succeededIndexes must be specified",
            ));
        }
        let mut total = 0;
        if let Some(ix) = indexes {
            let ip = rp.child("succeededIndexes");
            if ix.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
                errs.push(FieldError::too_long(
                    &ip,
                    count(MAX_SUCCEEDED_INDEXES_LENGTH),
                ));
            }
            match indexes_format(ix, completions.unwrap_or_default()) {
                Ok(t) => total = t,
                Err(e) => errs.push(FieldError::invalid(
                    &ip,
                    &json!(ix),
                    format!("error parsing succeededIndexes: {e}"),
                )),
            }
        }
        if let Some(c) = succeeded {
            let cp = rp.child("succeededCount");
            non_negative(rule, &rp, "succeededCount", &mut errs);
            if let Some(n) = completions.filter(|n| c > *n) {
                errs.push(FieldError::invalid(
                    &cp,
                    &json!(c),
                    format!(
                        "must be less than or equal to {n} (the number of specified completions)"
                    ),
                ));
            }
            if indexes.is_some() && c > total {
                errs.push(FieldError::invalid(
                    &cp,
                    &json!(c),
                    format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
                ));
            }
        }
    }
    errs
}

/// Go's `strconv.Atoi`: an optional sign, then decimal digits, within int64.
fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `validateIndexesFormat` with `parseIndexInterval`: the number of indexes of `0,2-5`.
fn indexes_format(s: &str, completions: i64) -> Result<i64, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in s.split(',') {
        let limits: Vec<&str> = interval.split('-').collect();
        if limits.len() > 2 {
            return Err(format!(
                "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
                crate::validate::gofmt::quote(interval)
            ));
        }
        let parse = |l: &str| {
            let q = crate::validate::gofmt::quote(l);
            let n = atoi(l)
                .ok_or_else(|| format!("cannot convert string to integer for index: {q}"))?;
            if n >= completions {
                return Err(format!("too large index: {q}"));
            }
            Ok(n)
        };
        let x = parse(limits[0])?;
        let y = match limits.get(1) {
            Some(l) => {
                let y = parse(l)?;
                if x >= y {
                    return Err(format!("non-increasing order, previous: {x}, current: {y}"));
                }
                y
            }
            None => x,
        };
        if let Some(l) = last
            && l >= x
        {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// `ValidateJobCreate`, after `SetDefaults_Job` and the strategy's `generateSelectorIfNeeded`:
/// `ValidateObjectMeta`, `validateGeneratedSelector`, `ValidateJobSpec` (the selector required
/// and matching the template's labels), `validateNameAllowsCompletions`.
pub(super) fn job(obj: &Value) -> Vec<FieldError> {
    let mut obj = obj.clone();
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !obj.get("spec").is_some_and(Value::is_object) {
        obj["spec"] = json!({});
    }
    if let Value::Object(spec) = &mut obj["spec"] {
        job_defaults(spec);
    }
    pod_failure_policy_defaults(&mut obj["spec"]);
    // The template's labels become the Job's when it has none.
    let template_labels = obj
        .pointer("/spec/template/metadata/labels")
        .filter(|l| !l.is_null())
        .cloned();
    if let Some(l) = template_labels
        && obj
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .is_none_or(Map::is_empty)
        && obj.get("metadata").is_some_and(Value::is_object)
    {
        obj["metadata"]["labels"] = l;
    }
    if obj["spec"].get("manualSelector").and_then(Value::as_bool) != Some(true) {
        generate_selector(&mut obj["spec"], &name);
    }
    let mut errs = meta(&obj, NameRule::DnsSubdomain);
    let spec = &obj["spec"];
    let sp = FieldPath::fields(&["spec"]);
    errs.extend(generated_selector(spec, &name));
    errs.extend(job_spec(spec, &sp));
    match spec.get("selector").filter(|s| !s.is_null()) {
        None => errs.push(FieldError::required(&sp.child("selector"), "")),
        Some(sel) => validate_label_selector(Some(sel), &sp.child("selector"), &mut errs),
    }
    let template_labels = spec.pointer("/template/metadata/labels");
    if let Some(sel) = as_selector(spec.get("selector"))
        && !sel.matches(template_labels)
    {
        errs.push(FieldError::invalid(
            &sp.child("template").child("metadata").child("labels"),
            template_labels.unwrap_or(&Value::Null),
            "`selector` does not match template `labels`",
        ));
    }
    // validateNameAllowsCompletions: an Indexed Job's last pod hostname is `<name>-<n-1>`.
    if string(spec, "completionMode") == Some("Indexed")
        && let Some(c) = int(spec, "completions").filter(|c| *c > 0)
    {
        let host = format!("{name}-{}", c - 1);
        if !dns1123_label(&host).is_empty() {
            errs.push(FieldError::invalid(
                &FieldPath::fields(&["metadata", "name"]),
                &json!(name),
                format!("will not able to create pod with invalid DNS label: {host}"),
            ));
        }
    }
    errs
}

/// `ValidateJobTemplateSpec`: the job spec without defaults (the CronJob's defaults do not
/// reach it), no selector, no `manualSelector: true`.
fn job_template(template: &Value, tp: &FieldPath) -> Vec<FieldError> {
    let mut spec = template.get("spec").cloned().unwrap_or_else(|| json!({}));
    if !spec.is_object() {
        spec = json!({});
    }
    pod_failure_policy_defaults(&mut spec);
    let sp = tp.child("spec");
    let mut errs = job_spec(&spec, &sp);
    if let Some(sel) = spec.get("selector").filter(|s| !s.is_null()) {
        errs.push(FieldError::invalid(
            &sp.child("selector"),
            sel,
            "`selector` will be auto-generated",
        ));
    }
    if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) {
        errs.push(FieldError::not_supported(
            &sp.child("manualSelector"),
            &json!(true),
            &["nil", "false"],
        ));
    }
    errs
}

/// `ValidateCronJobCreate`, after `SetDefaults_CronJob`: `ValidateObjectMeta`,
/// `validateCronJobSpec`, then a name of at most 52 characters (the controller appends an
/// 11-character suffix to name its Jobs).
pub(super) fn cron_job(obj: &Value) -> Vec<FieldError> {
    let mut errs = meta(obj, NameRule::DnsSubdomain);
    let empty = json!({});
    let spec = obj.get("spec").filter(|s| s.is_object()).unwrap_or(&empty);
    let sp = FieldPath::fields(&["spec"]);
    let schedule = string(spec, "schedule").unwrap_or_default();
    let schp = sp.child("schedule");
    if !schedule.is_empty() {
        // validateScheduleFormat, on create (`allowTZInSchedule` false).
        if let Err(e) = cron::parse_standard(schedule) {
            errs.push(FieldError::invalid(&schp, &json!(schedule), e));
        }
        if schedule.contains("TZ") {
            errs.push(FieldError::invalid(
                &schp,
                &json!(schedule),
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    non_negative(spec, &sp, "startingDeadlineSeconds", &mut errs);
    if let Some(tz) = spec.get("timeZone").and_then(Value::as_str) {
        errs.extend(time_zone(tz, &sp.child("timeZone")));
    }
    // validateConcurrencyPolicy, after its default `Allow`.
    let policy = string(spec, "concurrencyPolicy")
        .filter(|p| !p.is_empty())
        .unwrap_or("Allow");
    if !matches!(policy, "Allow" | "Forbid" | "Replace") {
        errs.push(FieldError::not_supported(
            &sp.child("concurrencyPolicy"),
            &json!(policy),
            &["Allow", "Forbid", "Replace"],
        ));
    }
    errs.extend(job_template(
        spec.get("jobTemplate").unwrap_or(&empty),
        &sp.child("jobTemplate"),
    ));
    non_negative(spec, &sp, "successfulJobsHistoryLimit", &mut errs);
    non_negative(spec, &sp, "failedJobsHistoryLimit", &mut errs);
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if name.len() > 52 {
        errs.push(FieldError::invalid(
            &FieldPath::fields(&["metadata", "name"]),
            &json!(name),
            "must be no more than 52 characters",
        ));
    }
    // A missing schedule is reported by the declarative validation, whose errors the server
    // appends after the hand-written ones.
    if schedule.is_empty() {
        errs.push(FieldError::required(&schp, ""));
    }
    errs
}

/// `validateTimeZone`: IANA's naming rules, not `Local`, then Go's `time.LoadLocation`.
fn time_zone(tz: &str, path: &FieldPath) -> Vec<FieldError> {
    let bad = |m: String| vec![FieldError::invalid(path, &json!(tz), m)];
    if tz.is_empty() {
        return bad("timeZone must be nil or non-empty string".into());
    }
    for part in tz.split('/') {
        let chars = (1..=14).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-_+".contains(&b));
        if part == "." || part == ".." || part.starts_with('-') || !chars {
            return bad(format!("unknown time zone {tz}"));
        }
    }
    let mut errs = Vec::new();
    if tz.eq_ignore_ascii_case("Local") {
        errs.extend(bad(
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"
                .into(),
        ));
    }
    if let Err(e) = tz::load_location(tz) {
        errs.extend(bad(e));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(FieldError::message).collect()
    }

    fn job_of(extra: &Value) -> Value {
        let mut spec = json!({"template": {"spec": {"restartPolicy": "Never",
            "containers": [{"name": "app", "image": "busybox"}]}}});
        spec.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": spec})
    }

    fn cron_of(extra: &Value) -> Value {
        let mut spec = json!({"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {
            "restartPolicy": "Never", "containers": [{"name": "app", "image": "busybox"}]}}}}});
        spec.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": spec})
    }

    /// Each case as the v1.37.2 server answered `kubectl apply --dry-run=server` of it (the
    /// server's UIDs replaced by the stand-in).
    #[test]
    fn jobs_like_the_server() {
        let nonneg = |f: &str, v: i64| {
            format!("spec.{f}: Invalid value: {v}: must be greater than or equal to 0")
        };
        let cases: Vec<(Value, Vec<String>)> = vec![
            (json!({"completionMode": "Indexed"}), vec![]),
            (
                json!({"parallelism": -1, "completions": -2, "activeDeadlineSeconds": -3,
                    "backoffLimit": -4, "ttlSecondsAfterFinished": -5}),
                vec![
                    nonneg("parallelism", -1),
                    nonneg("completions", -2),
                    nonneg("activeDeadlineSeconds", -3),
                    nonneg("backoffLimit", -4),
                    nonneg("ttlSecondsAfterFinished", -5),
                ],
            ),
            (
                json!({"maxFailedIndexes": 3}),
                vec![
                    "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified".into(),
                    "spec.maxFailedIndexes: Invalid value: 3: requires indexed completion mode".into(),
                ],
            ),
            (
                json!({"completionMode": "indexed"}),
                vec![r#"spec.completionMode: Unsupported value: "indexed": supported values: "NonIndexed", "Indexed""#.into()],
            ),
            (
                json!({"completionMode": "Indexed", "completions": 3, "maxFailedIndexes": 5, "backoffLimitPerIndex": 1}),
                vec!["spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions".into()],
            ),
            (
                json!({"selector": {"matchLabels": {"app": "x"}}}),
                vec![
                    format!(r#"spec.selector: Invalid value: {{"matchLabels":{{"app":"x","batch.kubernetes.io/controller-uid":"{UID}"}}}}: `selector` not auto-generated"#),
                    format!(r#"spec.template.metadata.labels: Invalid value: {{"batch.kubernetes.io/controller-uid":"{UID}","batch.kubernetes.io/job-name":"j","controller-uid":"{UID}","job-name":"j"}}: `selector` does not match template `labels`"#),
                ],
            ),
            (
                json!({"manualSelector": true}),
                vec![
                    "spec.selector: Required value".into(),
                    "spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`".into(),
                ],
            ),
            (
                json!({"completionMode": "Indexed", "completions": 3, "successPolicy": {"rules": [
                    {"succeededIndexes": "0-5"}, {}, {"succeededIndexes": "0,1", "succeededCount": 3}]}}),
                vec![
                    r#"spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error parsing succeededIndexes: too large index: "5""#.into(),
                    "spec.successPolicy.rules[1]: Required value: at least one of succeededCount or succeededIndexes must be specified".into(),
                    "spec.successPolicy.rules[2].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)".into(),
                ],
            ),
            (
                json!({"podFailurePolicy": {"rules": [
                    {"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [0, 3, 2, 2]}},
                    {"action": "Retry", "onPodConditions": [{"type": "DisruptionTarget"}]},
                    {"action": "", "onExitCodes": {"containerName": "x", "operator": "Has", "values": []}},
                    {"action": "Ignore"}]}}),
                vec![
                    r#"spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set"#.into(),
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator".into(),
                    "spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 2".into(),
                    "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [0,3,2,2]: must be ordered".into(),
                    r#"spec.podFailurePolicy.rules[1].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore""#.into(),
                    r#"spec.podFailurePolicy.rules[2].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]"#.into(),
                    r#"spec.podFailurePolicy.rules[2].onExitCodes.operator: Unsupported value: "Has": supported values: "In", "NotIn""#.into(),
                    r#"spec.podFailurePolicy.rules[2].onExitCodes.containerName: Invalid value: "x": must be one of the container or initContainer names in the pod template"#.into(),
                    "spec.podFailurePolicy.rules[2].onExitCodes.values: Invalid value: []: at least one value is required".into(),
                    "spec.podFailurePolicy.rules[3]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required".into(),
                ],
            ),
            (
                json!({"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
                    "podReplacementPolicy": "TerminatingOrFailed"}),
                vec![r#"spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed""#.into()],
            ),
            (
                json!({"managedBy": "kueue"}),
                vec![r#"spec.managedBy: Invalid value: "kueue": must be a domain-prefixed path (such as "acme.io/foo")"#.into()],
            ),
            (
                json!({"template": {"metadata": {"labels": {"job-name": "other"}},
                    "spec": {"restartPolicy": "Never", "containers": [{"name": "app", "image": "busybox"}]}}}),
                vec![format!(r#"spec.template.metadata.labels[job-name]: Invalid value: {{"batch.kubernetes.io/controller-uid":"{UID}","batch.kubernetes.io/job-name":"j","controller-uid":"{UID}","job-name":"other"}}: must be 'j'"#)],
            ),
        ];
        for (extra, want) in cases {
            assert_eq!(messages(&job(&job_of(&extra))), want, "{extra}");
        }
        let mut long = job_of(&json!({"completionMode": "Indexed", "completions": 200}));
        let name = "a".repeat(60);
        long["metadata"]["name"] = json!(name);
        assert_eq!(
            messages(&job(&long)),
            [format!(
                r#"metadata.name: Invalid value: "{name}": will not able to create pod with invalid DNS label: {name}-199"#
            )]
        );
    }

    #[test]
    fn cron_jobs_like_the_server() {
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"timeZone": "Europe/Berlin", "concurrencyPolicy": "Forbid"}),
                vec![],
            ),
            (
                json!({"schedule": "0 3 * *"}),
                vec![
                    r#"spec.schedule: Invalid value: "0 3 * *": expected exactly 5 fields, found 4: [0 3 * *]"#,
                ],
            ),
            (
                json!({"schedule": "CRON_TZ=UTC 0 3 * * *"}),
                vec![
                    r#"spec.schedule: Invalid value: "CRON_TZ=UTC 0 3 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"#,
                ],
            ),
            (
                json!({"schedule": "TZ=0"}),
                vec![
                    r#"spec.schedule: Invalid value: "TZ=0": invalid schedule format: runtime error: slice bounds out of range [:-1]"#,
                    r#"spec.schedule: Invalid value: "TZ=0": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"#,
                ],
            ),
            (
                json!({"schedule": "", "timeZone": "America"}),
                vec![
                    r#"spec.timeZone: Invalid value: "America": is a directory"#,
                    "spec.schedule: Required value",
                ],
            ),
            (
                json!({"timeZone": "Europe/../x"}),
                vec![
                    r#"spec.timeZone: Invalid value: "Europe/../x": unknown time zone Europe/../x"#,
                ],
            ),
            (
                json!({"timeZone": "Local"}),
                vec![
                    r#"spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"#,
                ],
            ),
            (
                json!({"timeZone": ""}),
                vec![
                    r#"spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string"#,
                ],
            ),
            (
                json!({"concurrencyPolicy": "forbid"}),
                vec![
                    r#"spec.concurrencyPolicy: Unsupported value: "forbid": supported values: "Allow", "Forbid", "Replace""#,
                ],
            ),
            (
                json!({"startingDeadlineSeconds": -1, "successfulJobsHistoryLimit": -1, "failedJobsHistoryLimit": -1}),
                vec![
                    "spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0",
                    "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
                    "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
                ],
            ),
            (
                json!({"jobTemplate": {"spec": {"selector": {"matchLabels": {"a": "b"}}, "manualSelector": true,
                    "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "app", "image": "busybox"}]}}}}}),
                vec![
                    r#"spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated"#,
                    r#"spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false""#,
                ],
            ),
            (
                json!({"jobTemplate": {"spec": {"completionMode": "Indexed",
                    "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "app", "image": "busybox"}]}}}}}),
                vec![
                    "spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed",
                ],
            ),
        ];
        for (extra, want) in cases {
            assert_eq!(messages(&cron_job(&cron_of(&extra))), want, "{extra}");
        }
        let mut long = cron_of(&json!({}));
        let name = "n".repeat(53);
        long["metadata"]["name"] = json!(name);
        assert_eq!(
            messages(&cron_job(&long)),
            [format!(
                r#"metadata.name: Invalid value: "{name}": must be no more than 52 characters"#
            )]
        );
    }
}
