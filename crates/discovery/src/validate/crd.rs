//! CustomResourceDefinition manifests: the schema of each served version, compiled, and the
//! checks the API server makes of a CRD itself that matter for using it as a schema (names,
//! scope, versions, structural schema, patterns, CEL rules), reported as errors naming the CRD.

use serde_json::Value;

use super::names::{dns1035_label, dns1123_subdomain};
use super::schema::{Schema, go_regex};

/// One served version of a CRD, ready for validating objects.
#[derive(Debug)]
pub struct CrdSchema {
    /// The CRD's name (`llmmodels.gateway.ai.example.com`).
    pub crd_name: String,
    /// API group.
    pub group: String,
    /// Version.
    pub version: String,
    /// Kind.
    pub kind: String,
    /// Plural resource name.
    pub plural: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// The compiled `openAPIV3Schema`.
    pub root: Schema,
    /// Whether the version has the status subresource (a create then drops `.status`).
    pub status_subresource: bool,
}

impl CrdSchema {
    /// A schema for `group/version` `kind` from an `openAPIV3Schema` alone (tests, callers
    /// that fetched only a schema).
    pub fn from_schema(
        group: &str,
        version: &str,
        kind: &str,
        namespaced: bool,
        schema: &Value,
    ) -> Self {
        CrdSchema {
            crd_name: String::new(),
            group: group.to_owned(),
            version: version.to_owned(),
            kind: kind.to_owned(),
            plural: String::new(),
            namespaced,
            root: Schema::compile(schema),
            status_subresource: false,
        }
    }
}

/// A CRD that is not valid, with the server-style reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdError {
    /// The CRD's `metadata.name` (empty when it has none).
    pub name: String,
    /// Field errors, `path: message`.
    pub causes: Vec<String>,
}

impl std::fmt::Display for CrdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CustomResourceDefinition.apiextensions.k8s.io {:?} is invalid: ",
            self.name
        )?;
        if self.causes.len() == 1 {
            f.write_str(&self.causes[0])
        } else {
            write!(f, "[{}]", self.causes.join(", "))
        }
    }
}

impl std::error::Error for CrdError {}

/// Whether a document is a CRD manifest.
pub fn is_crd(doc: &Value) -> bool {
    doc.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition")
        && doc
            .get("apiVersion")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("apiextensions.k8s.io/"))
}

#[allow(clippy::too_many_lines)] // the checks in the server's order
/// The served versions of a CRD manifest (`apiextensions.k8s.io/v1`), each compiled, after
/// checking the CRD.
pub fn compile_crd(doc: &Value) -> Result<Vec<CrdSchema>, CrdError> {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let name = s(doc.pointer("/metadata/name"));
    let mut causes = Vec::new();
    if doc.get("apiVersion").and_then(Value::as_str) != Some("apiextensions.k8s.io/v1") {
        causes.push(format!(
            "apiVersion: Unsupported value: {:?}: supported values: \"apiextensions.k8s.io/v1\"",
            s(doc.get("apiVersion"))
        ));
        return Err(CrdError { name, causes });
    }
    let spec = doc.get("spec").cloned().unwrap_or(Value::Null);
    let group = s(spec.get("group"));
    let kind = s(spec.pointer("/names/kind"));
    let plural = s(spec.pointer("/names/plural"));
    let scope = s(spec.get("scope"));
    if group.is_empty() {
        causes.push("spec.group: Required value".to_owned());
    } else {
        for m in dns1123_subdomain(&group) {
            causes.push(format!("spec.group: Invalid value: {group:?}: {m}"));
        }
        if !group.contains('.') {
            causes.push(format!(
                "spec.group: Invalid value: {group:?}: should be a domain with at least one dot"
            ));
        }
    }
    if plural.is_empty() {
        causes.push("spec.names.plural: Required value".to_owned());
    } else {
        for m in dns1035_label(&plural) {
            causes.push(format!("spec.names.plural: Invalid value: {plural:?}: {m}"));
        }
    }
    if kind.is_empty() {
        causes.push("spec.names.kind: Required value".to_owned());
    } else if !dns1035_label(&kind.to_lowercase()).is_empty() {
        causes.push(format!(
            "spec.names.kind: Invalid value: {kind:?}: may have mixed case, but should otherwise match: a DNS-1035 label"
        ));
    }
    if s(spec.pointer("/names/listKind")).is_empty() && !kind.is_empty() {
        // The server defaults listKind to <kind>List: not an error.
    }
    if !plural.is_empty() && !group.is_empty() && name != format!("{plural}.{group}") {
        causes.push(format!(
            "metadata.name: Invalid value: {name:?}: must be spec.names.plural+\".\"+spec.group"
        ));
    }
    let namespaced = match scope.as_str() {
        "Namespaced" => true,
        "Cluster" => false,
        "" => {
            causes.push("spec.scope: Required value".to_owned());
            true
        }
        other => {
            causes.push(format!(
                "spec.scope: Unsupported value: {other:?}: supported values: \"Cluster\", \"Namespaced\""
            ));
            true
        }
    };
    if spec.get("preserveUnknownFields").and_then(Value::as_bool) == Some(true) {
        causes.push(
            "spec.preserveUnknownFields: Invalid value: true: must be false in order to use defaults in the schema"
                .to_owned(),
        );
    }
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if versions.is_empty() {
        causes.push("spec.versions: Invalid value: null: must have exactly one version marked as storage version".to_owned());
    }
    let storage = versions
        .iter()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .count();
    if !versions.is_empty() && storage != 1 {
        causes.push(format!(
            "spec.versions: Invalid value: {}: must have exactly one version marked as storage version",
            versions.len()
        ));
    }
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let vname = s(v.get("name"));
        let vpath = format!("spec.versions[{i}]");
        if vname.is_empty() {
            causes.push(format!("{vpath}.name: Required value"));
        } else {
            for m in dns1035_label(&vname) {
                causes.push(format!("{vpath}.name: Invalid value: {vname:?}: {m}"));
            }
        }
        let Some(schema) = v.pointer("/schema/openAPIV3Schema") else {
            causes.push(format!(
                "{vpath}.schema.openAPIV3Schema: Required value: schemas are required"
            ));
            continue;
        };
        let spath = format!("{vpath}.schema.openAPIV3Schema");
        check_structural(schema, &spath, true, &mut causes);
        if v.get("served").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let root = Schema::compile(schema);
        collect_cel_errors(&root, &spath, &mut causes);
        out.push(CrdSchema {
            crd_name: name.clone(),
            group: group.clone(),
            version: vname,
            kind: kind.clone(),
            plural: plural.clone(),
            namespaced,
            root,
            status_subresource: v.pointer("/subresources/status").is_some(),
        });
    }
    if causes.is_empty() {
        Ok(out)
    } else {
        Err(CrdError { name, causes })
    }
}

/// The structural-schema rules a CRD's schema must follow, as far as they are cheap to check:
/// every specified field has a type, arrays have items, the root is an object, list types
/// are consistent, patterns compile.
fn check_structural(s: &Value, path: &str, root: bool, causes: &mut Vec<String>) {
    let Some(obj) = s.as_object() else {
        causes.push(format!("{path}: Invalid value: must be an object"));
        return;
    };
    let ty = obj.get("type").and_then(Value::as_str).unwrap_or_default();
    let int_or_string = obj
        .get("x-kubernetes-int-or-string")
        .and_then(Value::as_bool)
        == Some(true);
    let preserve = obj
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        == Some(true);
    if root && ty != "object" {
        causes.push(format!(
            "{path}.type: Invalid value: {ty:?}: must be object at the root"
        ));
    }
    if ty.is_empty() && !int_or_string && !preserve {
        causes.push(format!(
            "{path}.type: Required value: must not be empty for specified object fields"
        ));
    }
    if !ty.is_empty()
        && !matches!(
            ty,
            "object" | "array" | "string" | "integer" | "number" | "boolean"
        )
    {
        causes.push(format!(
            "{path}.type: Unsupported value: {ty:?}: supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\""
        ));
    }
    if ty == "array" && obj.get("items").is_none() {
        causes.push(format!("{path}.items: Required value: must be specified"));
    }
    if obj.get("properties").is_some()
        && obj
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(true))
    {
        causes.push(format!(
            "{path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
        ));
    }
    if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
        causes.push(format!(
            "{path}.additionalProperties: Forbidden: must not be false"
        ));
    }
    if let Some(p) = obj.get("pattern").and_then(Value::as_str)
        && let Err(e) = go_regex(p)
    {
        causes.push(format!(
            "{path}.pattern: Invalid value: {p:?}: must be a valid regular expression, but isn't: {e}"
        ));
    }
    match obj.get("x-kubernetes-list-type").and_then(Value::as_str) {
        Some("map") => {
            let keys = obj
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if keys == 0 {
                causes.push(format!(
                    "{path}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"
                ));
            }
            if s.pointer("/items/type").and_then(Value::as_str) != Some("object") {
                causes.push(format!(
                    "{path}.items.type: Invalid value: must be object if parent array's x-kubernetes-list-type is map"
                ));
            }
        }
        Some("set" | "atomic") | None => {}
        Some(other) => causes.push(format!(
            "{path}.x-kubernetes-list-type: Unsupported value: {other:?}: supported values: \"atomic\", \"map\", \"set\""
        )),
    }
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            if root && k == "metadata" {
                continue;
            }
            check_structural(v, &format!("{path}.properties[{k}]"), false, causes);
        }
    }
    if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
        check_structural(items, &format!("{path}.items"), false, causes);
    }
    if let Some(a) = obj.get("additionalProperties").filter(|a| a.is_object()) {
        check_structural(a, &format!("{path}.additionalProperties"), false, causes);
    }
}

fn collect_cel_errors(s: &Schema, path: &str, causes: &mut Vec<String>) {
    if let Some(cel) = &s.cel {
        for e in cel.compile_errors() {
            causes.push(format!(
                "{path}.x-kubernetes-validations: Invalid value: compilation failed: {e}"
            ));
        }
    }
    for (k, p) in &s.properties {
        collect_cel_errors(p, &format!("{path}.properties[{k}]"), causes);
    }
    if let Some(i) = &s.items {
        collect_cel_errors(i, &format!("{path}.items"), causes);
    }
    if let Some(a) = s.additional_schema() {
        collect_cel_errors(a, &format!("{path}.additionalProperties"), causes);
    }
}
