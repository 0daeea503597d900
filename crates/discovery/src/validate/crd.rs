//! CustomResourceDefinition manifests: the schema of each served version, compiled, and the
//! checks the API server makes of a CRD itself that matter for using it as a schema (names,
//! scope, versions, structural schema, patterns, CEL rules), reported as errors naming the CRD.

use serde_json::Value;

use super::field::{BadValue, FieldError, Reason};
use super::names::{dns1035_label, dns1123_subdomain};
use super::path::FieldPath;
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

/// A CRD that is not valid, with the server's field errors.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "CustomResourceDefinition.apiextensions.k8s.io {name:?} is invalid: {}",
    aggregate(causes)
)]
pub struct CrdError {
    /// The CRD's `metadata.name` (empty when it has none).
    pub name: String,
    /// The field errors (paths in the CRD manifest), in the server's order.
    pub causes: Vec<FieldError>,
}

/// apimachinery's `ToAggregate` text: one error as it is, several in brackets.
fn aggregate(causes: &[FieldError]) -> String {
    if causes.len() == 1 {
        causes[0].message()
    } else {
        let messages: Vec<String> = causes.iter().map(FieldError::message).collect();
        format!("[{}]", messages.join(", "))
    }
}

/// `field.Invalid` with no value printed (`path: Invalid value: detail`), as apiextensions
/// reports a schema node that is wrong as a whole.
fn invalid_node(path: &FieldPath, detail: impl Into<String>) -> FieldError {
    FieldError::new(Reason::FieldValueInvalid, path, BadValue::Omit, detail)
}

fn string(s: &str) -> Value {
    Value::String(s.to_owned())
}

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
        causes.push(FieldError::not_supported(
            &FieldPath::fields(&["apiVersion"]),
            &string(&s(doc.get("apiVersion"))),
            &["apiextensions.k8s.io/v1"],
        ));
        return Err(CrdError { name, causes });
    }
    let spec = doc.get("spec").cloned().unwrap_or(Value::Null);
    let group = s(spec.get("group"));
    let kind = s(spec.pointer("/names/kind"));
    let plural = s(spec.pointer("/names/plural"));
    let scope = s(spec.get("scope"));
    let group_path = FieldPath::fields(&["spec", "group"]);
    if group.is_empty() {
        causes.push(FieldError::required(&group_path, ""));
    } else {
        for m in dns1123_subdomain(&group) {
            causes.push(FieldError::invalid(&group_path, &string(&group), m));
        }
        if !group.contains('.') {
            causes.push(FieldError::invalid(
                &group_path,
                &string(&group),
                "should be a domain with at least one dot",
            ));
        }
    }
    let plural_path = FieldPath::fields(&["spec", "names", "plural"]);
    if plural.is_empty() {
        causes.push(FieldError::required(&plural_path, ""));
    } else {
        for m in dns1035_label(&plural) {
            causes.push(FieldError::invalid(&plural_path, &string(&plural), m));
        }
    }
    let kind_path = FieldPath::fields(&["spec", "names", "kind"]);
    if kind.is_empty() {
        causes.push(FieldError::required(&kind_path, ""));
    } else if !dns1035_label(&kind.to_lowercase()).is_empty() {
        causes.push(FieldError::invalid(
            &kind_path,
            &string(&kind),
            "may have mixed case, but should otherwise match: a DNS-1035 label",
        ));
    }
    if s(spec.pointer("/names/listKind")).is_empty() && !kind.is_empty() {
        // The server defaults listKind to <kind>List: not an error.
    }
    if !plural.is_empty() && !group.is_empty() && name != format!("{plural}.{group}") {
        causes.push(FieldError::invalid(
            &FieldPath::fields(&["metadata", "name"]),
            &string(&name),
            "must be spec.names.plural+\".\"+spec.group",
        ));
    }
    let scope_path = FieldPath::fields(&["spec", "scope"]);
    let namespaced = match scope.as_str() {
        "Namespaced" => true,
        "Cluster" => false,
        "" => {
            causes.push(FieldError::required(&scope_path, ""));
            true
        }
        other => {
            causes.push(FieldError::not_supported(
                &scope_path,
                &string(other),
                &["Cluster", "Namespaced"],
            ));
            true
        }
    };
    if spec.get("preserveUnknownFields").and_then(Value::as_bool) == Some(true) {
        causes.push(FieldError::invalid(
            &FieldPath::fields(&["spec", "preserveUnknownFields"]),
            &Value::Bool(true),
            "must be false in order to use defaults in the schema",
        ));
    }
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let versions_path = FieldPath::fields(&["spec", "versions"]);
    if versions.is_empty() {
        causes.push(FieldError::invalid(
            &versions_path,
            &Value::Null,
            "must have exactly one version marked as storage version",
        ));
    }
    let storage = versions
        .iter()
        .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
        .count();
    if !versions.is_empty() && storage != 1 {
        causes.push(FieldError::invalid(
            &versions_path,
            &Value::from(versions.len()),
            "must have exactly one version marked as storage version",
        ));
    }
    let mut out = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let vname = s(v.get("name"));
        let vpath = versions_path.index(i);
        if vname.is_empty() {
            causes.push(FieldError::required(&vpath.child("name"), ""));
        } else {
            for m in dns1035_label(&vname) {
                causes.push(FieldError::invalid(
                    &vpath.child("name"),
                    &string(&vname),
                    m,
                ));
            }
        }
        let spath = vpath.child("schema").child("openAPIV3Schema");
        let Some(schema) = v.pointer("/schema/openAPIV3Schema") else {
            causes.push(FieldError::required(&spath, "schemas are required"));
            continue;
        };
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
fn check_structural(s: &Value, path: &FieldPath, root: bool, causes: &mut Vec<FieldError>) {
    let Some(obj) = s.as_object() else {
        causes.push(invalid_node(path, "must be an object"));
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
    let type_path = path.child("type");
    if root && ty != "object" {
        causes.push(FieldError::invalid(
            &type_path,
            &string(ty),
            "must be object at the root",
        ));
    }
    if ty.is_empty() && !int_or_string && !preserve {
        causes.push(FieldError::required(
            &type_path,
            "must not be empty for specified object fields",
        ));
    }
    if !ty.is_empty()
        && !matches!(
            ty,
            "object" | "array" | "string" | "integer" | "number" | "boolean"
        )
    {
        let supported = ["array", "boolean", "integer", "number", "object", "string"];
        causes.push(FieldError::not_supported(
            &type_path,
            &string(ty),
            &supported.map(str::to_owned),
        ));
    }
    if ty == "array" && obj.get("items").is_none() {
        causes.push(FieldError::required(
            &path.child("items"),
            "must be specified",
        ));
    }
    if obj.get("properties").is_some()
        && obj
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(true))
    {
        causes.push(FieldError::forbidden(
            &path.child("additionalProperties"),
            "additionalProperties and properties are mutual exclusive",
        ));
    }
    if obj.get("additionalProperties") == Some(&Value::Bool(false)) {
        causes.push(FieldError::forbidden(
            &path.child("additionalProperties"),
            "must not be false",
        ));
    }
    if let Some(p) = obj.get("pattern").and_then(Value::as_str)
        && let Err(e) = go_regex(p)
    {
        causes.push(FieldError::invalid(
            &path.child("pattern"),
            &string(p),
            format!("must be a valid regular expression, but isn't: {e}"),
        ));
    }
    check_list_type(s, path, causes);
    check_junctors(obj, path, causes);
    if let Some(props) = obj.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p = path.child("properties").key(k);
            if root && k == "metadata" {
                check_root_metadata(v, &p, causes);
                continue;
            }
            check_structural(v, &p, false, causes);
        }
    }
    if let Some(items) = obj.get("items").filter(|i| i.is_object()) {
        check_structural(items, &path.child("items"), false, causes);
    }
    if let Some(a) = obj.get("additionalProperties").filter(|a| a.is_object()) {
        check_structural(a, &path.child("additionalProperties"), false, causes);
    }
}

/// `validateValueValidation`'s logic junctors (apiextensions-apiserver
/// `pkg/apiserver/schema/validation.go`): a CEL rule inside `allOf`, `anyOf`, `oneOf` or `not`,
/// at any depth, makes the schema non-structural (the validator of junctors knows no CEL), so
/// the server rejects the CRD rather than evaluating such rules.
fn check_junctors(
    obj: &serde_json::Map<String, Value>,
    path: &FieldPath,
    causes: &mut Vec<FieldError>,
) {
    for junctor in ["anyOf", "allOf", "oneOf"] {
        for (i, branch) in obj
            .get(junctor)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check_nested(branch, &path.child(junctor).index(i), causes);
        }
    }
    if let Some(not) = obj.get("not") {
        check_nested(not, &path.child("not"), causes);
    }
}

/// `validateNestedValueValidation`, for the CEL rules it forbids.
fn check_nested(v: &Value, path: &FieldPath, causes: &mut Vec<FieldError>) {
    let Some(obj) = v.as_object() else { return };
    check_junctors(obj, path, causes);
    if let Some(items) = obj.get("items") {
        check_nested(items, &path.child("items"), causes);
    }
    for (k, p) in obj
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        check_nested(p, &path.child("properties").key(k), causes);
    }
    if let Some(a) = obj.get("additionalProperties") {
        check_nested(a, &path.child("additionalProperties"), causes);
    }
    if obj
        .get("x-kubernetes-validations")
        .and_then(Value::as_array)
        .is_some_and(|rules| !rules.is_empty())
    {
        causes.push(FieldError::forbidden(
            &path.child("x-kubernetes-validations"),
            "must be empty to be structural",
        ));
    }
}

/// `validateStructuralMetadataInvariants` at the root: `metadata` may be an object whose
/// `name` and `generateName` are restricted, nothing else (no rules, no other field, no
/// description); the server fills in the rest.
fn check_root_metadata(v: &Value, path: &FieldPath, causes: &mut Vec<FieldError>) {
    let Some(obj) = v.as_object() else { return };
    let ty = obj.get("type").and_then(Value::as_str).unwrap_or_default();
    if ty != "object" {
        causes.push(FieldError::invalid(
            &path.child("type"),
            &string(ty),
            "must be object",
        ));
    }
    let only_names = obj
        .get("properties")
        .and_then(Value::as_object)
        .is_none_or(|p| p.keys().all(|k| k == "name" || k == "generateName"));
    let other = obj
        .keys()
        .any(|k| !matches!(k.as_str(), "type" | "default" | "properties"));
    if other || !only_names {
        causes.push(FieldError::forbidden(
            path,
            "must not specify anything other than name and generateName, but metadata is implicitly specified",
        ));
    }
}

/// `x-kubernetes-list-type` is one the server knows, and a `map` list has keys and object
/// items.
fn check_list_type(s: &Value, path: &FieldPath, causes: &mut Vec<FieldError>) {
    match s.get("x-kubernetes-list-type").and_then(Value::as_str) {
        Some("map") => {
            let keys = s
                .get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if keys == 0 {
                causes.push(FieldError::required(
                    &path.child("x-kubernetes-list-map-keys"),
                    "must not be empty if x-kubernetes-list-type is map",
                ));
            }
            if s.pointer("/items/type").and_then(Value::as_str) != Some("object") {
                causes.push(invalid_node(
                    &path.child("items").child("type"),
                    "must be object if parent array's x-kubernetes-list-type is map",
                ));
            }
        }
        Some("set" | "atomic") | None => {}
        Some(other) => causes.push(FieldError::not_supported(
            &path.child("x-kubernetes-list-type"),
            &string(other),
            &["atomic", "map", "set"],
        )),
    }
}

fn collect_cel_errors(s: &Schema, path: &FieldPath, causes: &mut Vec<FieldError>) {
    if let Some(cel) = &s.cel {
        for e in cel.compile_errors() {
            causes.push(invalid_node(
                &path.child("x-kubernetes-validations"),
                format!("compilation failed: {e}"),
            ));
        }
    }
    for (k, p) in &s.properties {
        collect_cel_errors(p, &path.child("properties").key(k), causes);
    }
    if let Some(i) = &s.items {
        collect_cel_errors(i, &path.child("items"), causes);
    }
    if let Some(a) = s.additional_schema() {
        collect_cel_errors(a, &path.child("additionalProperties"), causes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Messages as the v1.37.2 server answered a create of the same CRD (which names the
    /// schema `spec.validation.openAPIV3Schema` when every version has the same one).
    #[test]
    fn rules_where_the_server_forbids_them_and_root_metadata() {
        let crd = |metadata: Value| {
            json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "foos.example.com"},
            "spec": {"group": "example.com", "scope": "Namespaced", "names": {"plural": "foos", "kind": "Foo"},
                "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "x-kubernetes-validations": [{"rule": "self.metadata.name.size() < 10"}],
                    "properties": {"metadata": metadata, "spec": {"type": "object", "properties": {"a": {
                        "type": "integer",
                        "allOf": [{"x-kubernetes-validations": [{"rule": "self > 1"}]}],
                        "anyOf": [{"x-kubernetes-validations": [{"rule": "self > 1"}]}],
                        "not": {"x-kubernetes-validations": [{"rule": "self > 1"}]},
                        "oneOf": [{"properties": {"q": {"x-kubernetes-validations": [{"rule": "true"}]}}}]
                    }}}}
                }}}]}})
        };
        let messages = |metadata: Value| -> Vec<String> {
            compile_crd(&crd(metadata))
                .unwrap_err()
                .causes
                .iter()
                .map(FieldError::message)
                .collect()
        };
        let p = "spec.versions[0].schema.openAPIV3Schema";
        let junctors = [
            format!(
                "{p}.properties[spec].properties[a].anyOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural"
            ),
            format!(
                "{p}.properties[spec].properties[a].allOf[0].x-kubernetes-validations: Forbidden: must be empty to be structural"
            ),
            format!(
                "{p}.properties[spec].properties[a].oneOf[0].properties[q].x-kubernetes-validations: Forbidden: must be empty to be structural"
            ),
            format!(
                "{p}.properties[spec].properties[a].not.x-kubernetes-validations: Forbidden: must be empty to be structural"
            ),
        ];
        assert_eq!(
            messages(
                json!({"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}})
            ),
            junctors
        );
        let metadata = format!(
            "{p}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"
        );
        for forbidden in [
            json!({"type": "object", "description": "x"}),
            json!({"type": "object", "properties": {"labels": {"type": "object"}}}),
            json!({"type": "object", "x-kubernetes-validations": [{"rule": "true"}]}),
            json!({"type": "object", "maxProperties": 3}),
        ] {
            let got = messages(forbidden.clone());
            assert_eq!(got[0], metadata, "{forbidden}");
            assert_eq!(got[1..], junctors, "{forbidden}");
        }
    }

    #[test]
    fn crd_errors_are_field_errors_as_the_server_prints_them() {
        let doc = json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": "things.example"},
            "spec": {
                "group": "example",
                "scope": "Galaxy",
                "names": {"plural": "things", "kind": "Thing"},
                "versions": [{"name": "v1", "served": true, "storage": true, "schema": {
                    "openAPIV3Schema": {"type": "object", "properties": {
                        "spec": {"properties": {"n": {"type": "int"}}}
                    }}
                }}]
            }
        });
        let err = compile_crd(&doc).unwrap_err();
        let messages: Vec<String> = err.causes.iter().map(FieldError::message).collect();
        assert_eq!(
            messages,
            [
                r#"spec.group: Invalid value: "example": should be a domain with at least one dot"#,
                r#"spec.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespaced""#,
                "spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields",
                r#"spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[n].type: Unsupported value: "int": supported values: "array", "boolean", "integer", "number", "object", "string""#,
            ]
        );
        assert_eq!(err.name, "things.example");
        assert_eq!(err.causes[0].field, "spec.group");
        assert_eq!(err.causes[1].reason, Reason::FieldValueNotSupported);
        assert_eq!(
            err.causes[2].body(),
            "Required value: must not be empty for specified object fields"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "CustomResourceDefinition.apiextensions.k8s.io \"things.example\" is invalid: [{}]",
                messages.join(", ")
            )
        );
    }
}
