//! The Namespace (`ValidateNamespace`, `pkg/apis/core/validation/validation.go`, Kubernetes
//! v1.37), after its defaults and the strategy's `PrepareForCreate`.

use serde_json::{Map, Value};

use super::{items, meta};
use crate::validate::field::FieldError;
use crate::validate::names::label_key;
use crate::validate::objectmeta::NameRule;
use crate::validate::path::FieldPath;

/// `ValidateNamespace`, after `SetDefaults_Namespace` (the `kubernetes.io/metadata.name` label,
/// whose value is the name) and the strategy's `PrepareForCreate` (the `kubernetes` finalizer
/// added): the name a DNS label, each finalizer a qualified name, fully qualified unless it
/// is a standard one (`validateFinalizerName`, all named `spec.finalizers` as in Go).
pub(in crate::validate::builtin) fn namespace(obj: &mut Value) -> Vec<FieldError> {
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !name.is_empty()
        && let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut)
    {
        let labels = m
            .entry("labels")
            .or_insert_with(|| Value::Object(Map::new()));
        if labels.is_null() {
            *labels = Value::Object(Map::new());
        }
        if let Some(l) = labels.as_object_mut() {
            l.insert(
                "kubernetes.io/metadata.name".to_owned(),
                Value::String(name),
            );
        }
    }
    let mut errs = meta(obj, NameRule::DnsLabel);
    let fp = FieldPath::fields(&["spec", "finalizers"]);
    let finalizers: Vec<String> = items(obj.get("spec").unwrap_or(&Value::Null), "finalizers")
        .iter()
        .map(|f| f.as_str().unwrap_or_default().to_owned())
        .collect();
    for f in &finalizers {
        let v = Value::String(f.clone());
        for m in label_key(f) {
            errs.push(FieldError::invalid(&fp, &v, m));
        }
        if !f.contains('/') && !matches!(f.as_str(), "kubernetes" | "orphan" | "foregroundDeletion")
        {
            errs.push(FieldError::invalid(
                &fp,
                &v,
                "name is neither a standard finalizer name nor is it fully qualified",
            ));
        }
    }
    if !finalizers.iter().any(|f| f == "kubernetes")
        && let Some(spec) = obj
            .as_object_mut()
            .map(|o| o.entry("spec").or_insert_with(|| Value::Object(Map::new())))
        && spec.is_object()
    {
        let mut all: Vec<Value> = finalizers.into_iter().map(Value::String).collect();
        all.push(Value::String("kubernetes".to_owned()));
        spec["finalizers"] = Value::Array(all);
    }
    errs
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::validate::builtin::{lookup, validate};
    use crate::validate::gvk::Gvk;
    use crate::validate::manifest::Positions;
    use crate::validate::outcome::Options;

    fn check(obj: &Value) -> (Vec<String>, Value) {
        let kind = lookup(&Gvk::new("", "v1", "Namespace")).unwrap();
        let out = validate(kind, obj, &Positions::new(), &[], Options::default());
        let msgs = out.findings.iter().map(|f| f.message.clone()).collect();
        (msgs, out.object)
    }

    /// The v1.37.2 server's answers to the same Namespaces.
    #[test]
    fn namespaces_like_the_server() {
        let (msgs, _) = check(
            &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-x"},
            "spec": {"finalizers": ["custom", "example.com/x", "Bad Name/x", "orphan"]}}),
        );
        assert_eq!(
            msgs,
            [
                "spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified",
                "spec.finalizers: Invalid value: \"Bad Name/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ]
        );
        let long = "a-very-long-namespace-name-that-goes-beyond-sixty-three-characters-x";
        let (msgs, object) =
            check(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": long}}));
        assert_eq!(
            msgs,
            [
                format!(
                    "metadata.name: Invalid value: \"{long}\": must be no more than 63 characters"
                ),
                format!(
                    "metadata.labels: Invalid value: \"{long}\": must be no more than 63 bytes"
                ),
            ]
        );
        assert_eq!(object["spec"]["finalizers"], json!(["kubernetes"]));
    }
}
