//! The schemas of kinds the API server decodes into Go structs: the built-in kinds shipped
//! with the project (every kind a v1.37 API server serves, generated from its `/openapi/v3` by
//! `gen-builtin-schemas` in this folder) and kinds read from other `/openapi/v3` documents (a
//! user's own, or an aggregated API's from the cluster).
//!
//! The shipped file is gzip-compressed text: a JSON header (the server version and the kinds),
//! then one line per OpenAPI definition, `<name>\t<JSON>`. It is decompressed on the first
//! lookup of a built-in kind and each definition is parsed only when decoding first reaches it,
//! so that validating a ConfigMap parses a handful of the 600-odd definitions.

use std::collections::HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use crate::validate::gvk::Gvk;

/// The compressed definitions (see the module documentation).
static DATA: &[u8] = include_bytes!("builtin-schemas.gz");

/// Why an OpenAPI v3 document gave no schemas.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The text is not JSON.
    #[error("{origin}: not JSON: {message}")]
    NotJson {
        /// Where the document came from.
        origin: String,
        /// The JSON parser's message.
        message: String,
    },
    /// The document has no `components.schemas` object.
    #[error("{origin}: not an OpenAPI v3 document (no components.schemas)")]
    NoComponents {
        /// Where the document came from.
        origin: String,
    },
}

/// One OpenAPI definition: where its text is, and its value once parsed.
#[derive(Debug)]
struct Definition {
    span: Range<usize>,
    value: OnceLock<Value>,
}

/// The `components.schemas` of one OpenAPI document, by name, parsed on first use.
#[derive(Debug, Default)]
pub struct Definitions {
    /// The text the spans of unparsed definitions point into.
    text: String,
    entries: HashMap<String, Definition>,
}

impl Definitions {
    /// Definitions given as `<name>\t<JSON>` lines of `text` (lines without a tab are skipped).
    fn from_lines(text: String) -> Self {
        let mut entries = HashMap::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            if let Some(tab) = line.find('\t') {
                let name = &line[..tab];
                entries.insert(
                    name.to_owned(),
                    Definition {
                        span: start + tab + 1..end,
                        value: OnceLock::new(),
                    },
                );
            }
            start = end;
        }
        Definitions { text, entries }
    }

    /// Definitions already parsed (from a document read whole).
    fn from_map(map: Map<String, Value>) -> Self {
        let entries = map
            .into_iter()
            .map(|(name, v)| {
                let value = OnceLock::new();
                let _ = value.set(v);
                (name, Definition { span: 0..0, value })
            })
            .collect();
        Definitions {
            text: String::new(),
            entries,
        }
    }

    /// The definition `name` (its key as stored, and its value), parsed on first use. A
    /// definition that does not parse is the empty schema, which accepts anything.
    pub(super) fn get(&self, name: &str) -> Option<(&str, &Value)> {
        let (key, def) = self.entries.get_key_value(name)?;
        let value = def.value.get_or_init(|| {
            self.text
                .get(def.span.clone())
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_else(|| Value::Object(Map::new()))
        });
        Some((key.as_str(), value))
    }

    /// How many definitions have been parsed so far (tests of the laziness).
    #[cfg(test)]
    fn parsed(&self) -> usize {
        self.entries
            .values()
            .filter(|d| d.value.get().is_some())
            .count()
    }
}

/// A kind the API server decodes into a Go struct and validates with Go code: a built-in kind
/// (shipped, or from a user's `/openapi/v3` document), or one served by an aggregated API.
#[derive(Debug)]
pub struct BuiltinKind {
    /// Its GVK.
    pub gvk: Gvk,
    /// Whether its objects live in namespaces.
    pub namespaced: bool,
    /// Whether the server accepts a create of it (`ComponentStatus` is read-only).
    pub creatable: bool,
    /// The name of its OpenAPI definition.
    pub(super) definition: String,
    /// The definitions its `$ref`s resolve in.
    pub(super) definitions: Arc<Definitions>,
}

/// The kinds of one or more OpenAPI v3 documents (or of the shipped file), by GVK.
#[derive(Debug, Default)]
pub struct SchemaSet {
    kinds: HashMap<Gvk, Arc<BuiltinKind>>,
    kubernetes: String,
}

/// A kind as the header of the shipped file lists it.
#[derive(serde::Deserialize)]
struct KindRecord {
    group: String,
    version: String,
    kind: String,
    definition: String,
    namespaced: bool,
    creatable: bool,
}

#[derive(serde::Deserialize)]
struct Header {
    kubernetes: String,
    kinds: Vec<KindRecord>,
}

impl SchemaSet {
    /// The built-in kinds shipped with the project (decompressed on first use).
    pub fn shipped() -> &'static SchemaSet {
        static SHIPPED: OnceLock<SchemaSet> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            let mut text = String::new();
            if flate2::read::GzDecoder::new(DATA)
                .read_to_string(&mut text)
                .is_err()
            {
                return SchemaSet::default();
            }
            let header_end = text.find('\n').unwrap_or(text.len());
            let Ok(header) = serde_json::from_str::<Header>(&text[..header_end]) else {
                return SchemaSet::default();
            };
            let definitions = Arc::new(Definitions::from_lines(text));
            let kinds = header
                .kinds
                .into_iter()
                .map(|k| {
                    let gvk = Gvk::new(&k.group, &k.version, &k.kind);
                    let kind = BuiltinKind {
                        gvk: gvk.clone(),
                        namespaced: k.namespaced,
                        creatable: k.creatable,
                        definition: k.definition,
                        definitions: Arc::clone(&definitions),
                    };
                    (gvk, Arc::new(kind))
                })
                .collect();
            SchemaSet {
                kinds,
                kubernetes: header.kubernetes,
            }
        })
    }

    /// [`SchemaSet::from_document`] of a document's JSON text.
    pub fn from_json(text: &[u8], origin: &str) -> Result<SchemaSet, DocumentError> {
        let doc = serde_json::from_slice(text).map_err(|e| DocumentError::NotJson {
            origin: origin.to_owned(),
            message: e.to_string(),
        })?;
        Self::from_document(doc, origin)
    }

    /// The kinds of one `/openapi/v3` group-version document (as `kubectl get --raw
    /// /openapi/v3/apis/apps/v1` prints it): the components that declare a group, version and
    /// kind of their own (lists and apimachinery's types left out), namespaced and creatable as
    /// the document's paths say (both true when it has none). `origin` names the document in
    /// errors.
    pub fn from_document(doc: Value, origin: &str) -> Result<SchemaSet, DocumentError> {
        let mut doc = crate::openapi_v3::slim(doc);
        let no_components = || DocumentError::NoComponents {
            origin: origin.to_owned(),
        };
        let paths = doc.get("paths").and_then(Value::as_object);
        let ops = operations(paths);
        let has_paths = paths.is_some_and(|p| !p.is_empty());
        let Some(Value::Object(schemas)) = doc
            .get_mut("components")
            .and_then(|c| c.get_mut("schemas"))
            .map(Value::take)
        else {
            return Err(no_components());
        };
        let mut declared = Vec::new();
        for (name, schema) in &schemas {
            if name.starts_with("io.k8s.apimachinery.") {
                continue;
            }
            for gvk in schema
                .get("x-kubernetes-group-version-kind")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let s = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or_default();
                let is_list =
                    s("kind").ends_with("List") && schema.pointer("/properties/items").is_some();
                if s("kind").is_empty() || s("version").is_empty() || is_list {
                    continue;
                }
                declared.push((Gvk::new(s("group"), s("version"), s("kind")), name.clone()));
            }
        }
        let definitions = Arc::new(Definitions::from_map(schemas));
        let kinds = declared
            .into_iter()
            .map(|(gvk, definition)| {
                let (namespaced, creatable) = match ops.get(&gvk) {
                    Some(&(n, c)) => (n, c),
                    None => (!has_paths, !has_paths),
                };
                let kind = BuiltinKind {
                    gvk: gvk.clone(),
                    namespaced,
                    creatable,
                    definition,
                    definitions: Arc::clone(&definitions),
                };
                (gvk, Arc::new(kind))
            })
            .collect();
        Ok(SchemaSet {
            kinds,
            kubernetes: String::new(),
        })
    }

    /// Adds the kinds of `other`; a kind known already keeps its first schema.
    pub fn merge(&mut self, other: SchemaSet) {
        for (gvk, kind) in other.kinds {
            self.kinds.entry(gvk).or_insert(kind);
        }
    }

    /// The schema of `gvk`.
    pub fn get(&self, gvk: &Gvk) -> Option<&Arc<BuiltinKind>> {
        self.kinds.get(gvk)
    }

    /// Every GVK of the set, sorted.
    pub fn gvks(&self) -> Vec<&Gvk> {
        let mut out: Vec<&Gvk> = self.kinds.keys().collect();
        out.sort();
        out
    }

    /// How many kinds the set has.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// Whether the set has no kind.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The Kubernetes release of the shipped set (empty for other sets).
    pub fn kubernetes_version(&self) -> &str {
        &self.kubernetes
    }
}

/// For each GVK the operations of `paths` name: (some operation under
/// `/namespaces/{namespace}/`, some `post`).
fn operations(paths: Option<&Map<String, Value>>) -> HashMap<Gvk, (bool, bool)> {
    let mut out: HashMap<Gvk, (bool, bool)> = HashMap::new();
    for (path, item) in paths.into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            let Some(gvk) = op.get("x-kubernetes-group-version-kind") else {
                continue;
            };
            let s = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or_default();
            let entry = out
                .entry(Gvk::new(s("group"), s("version"), s("kind")))
                .or_default();
            entry.0 |= path.contains("/namespaces/{namespace}/");
            entry.1 |= method == "post";
        }
    }
    out
}

/// The Kubernetes release the shipped schemas come from.
pub fn kubernetes_version() -> &'static str {
    SchemaSet::shipped().kubernetes_version()
}

/// The shipped schema of a built-in kind.
pub fn lookup(gvk: &Gvk) -> Option<&'static Arc<BuiltinKind>> {
    SchemaSet::shipped().get(gvk)
}

/// The definition a schema node refers to (`$ref`, or `allOf: [{$ref}]` in OpenAPI v3), and
/// the node to decode with: the definition, or `node` itself when it refers to none.
pub(super) fn deref<'a>(defs: &'a Definitions, node: &'a Value) -> (Option<&'a str>, &'a Value) {
    // Not `pointer("/allOf/0/$ref")`: it allocates for every token, on every node.
    let r = node
        .get("$ref")
        .or_else(|| node.get("allOf")?.get(0)?.get("$ref"))
        .and_then(Value::as_str);
    match r {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or(r);
            match defs.get(name) {
                Some((k, v)) => (Some(k), v),
                None => (None, node),
            }
        }
        None => (None, node),
    }
}

/// The Go type name of a definition (`io.k8s.api.apps.v1.DeploymentSpec` is `DeploymentSpec`).
pub(super) fn short(def: &str) -> &str {
    def.rsplit('.').next().unwrap_or(def)
}

/// The Go type of a definition as Go's errors print it, with its package's name
/// (`io.k8s.api.core.v1.Container` is `v1.Container`).
pub(super) fn qualified(def: &str) -> String {
    let mut parts = def.rsplit('.');
    let name = parts.next().unwrap_or(def);
    match parts.next() {
        Some(package) => format!("{package}.{name}"),
        None => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shipped_schemas_load() {
        assert!(
            kubernetes_version().starts_with("v1."),
            "{}",
            kubernetes_version()
        );
        for k in [
            "ConfigMap",
            "Secret",
            "Service",
            "Pod",
            "Namespace",
            "Endpoints",
        ] {
            assert!(lookup(&Gvk::new("", "v1", k)).is_some(), "{k}");
        }
        for (g, v, k) in [
            ("apps", "v1", "Deployment"),
            ("apps", "v1", "StatefulSet"),
            ("batch", "v1", "CronJob"),
            ("autoscaling", "v1", "HorizontalPodAutoscaler"),
            ("autoscaling", "v2", "HorizontalPodAutoscaler"),
            ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
            ("apiregistration.k8s.io", "v1", "APIService"),
            ("rbac.authorization.k8s.io", "v1", "ClusterRole"),
            ("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema"),
            ("resource.k8s.io", "v1", "ResourceClaim"),
            ("storage.k8s.io", "v1", "StorageClass"),
            (
                "admissionregistration.k8s.io",
                "v1",
                "ValidatingAdmissionPolicy",
            ),
        ] {
            assert!(lookup(&Gvk::new(g, v, k)).is_some(), "{g}/{v} {k}");
        }
        let shipped = SchemaSet::shipped();
        assert_eq!(shipped.len(), 72);
        // Lists are not kinds of their own; a version the server does not serve is unknown.
        assert!(lookup(&Gvk::new("", "v1", "PodList")).is_none());
        assert!(lookup(&Gvk::new("apps", "v1beta1", "Deployment")).is_none());
        let ns = lookup(&Gvk::new("", "v1", "Namespace")).unwrap();
        assert!(!ns.namespaced && ns.creatable);
        let pod = lookup(&Gvk::new("", "v1", "Pod")).unwrap();
        assert!(pod.namespaced && pod.creatable);
        assert!(
            !lookup(&Gvk::new("", "v1", "ComponentStatus"))
                .unwrap()
                .creatable
        );
    }

    #[test]
    fn definitions_are_parsed_when_first_used() {
        let defs = Definitions::from_lines(
            "{\"header\": true}\na.v1.A\t{\"type\":\"object\"}\na.v1.B\t{\"type\":\"string\"}\nbroken\t{\n"
                .to_owned(),
        );
        assert_eq!(defs.parsed(), 0);
        assert_eq!(defs.get("a.v1.B").unwrap().1, &json!({"type": "string"}));
        assert_eq!(defs.parsed(), 1);
        assert_eq!(defs.get("broken").unwrap().1, &json!({}));
        assert!(defs.get("a.v1.C").is_none());
        let field = json!({"allOf": [{"$ref": "#/components/schemas/a.v1.A"}]});
        let (name, node) = deref(&defs, &field);
        assert_eq!(name, Some("a.v1.A"));
        assert_eq!(node, &json!({"type": "object"}));
        assert_eq!(qualified("io.k8s.api.core.v1.Container"), "v1.Container");
        assert_eq!(short("io.k8s.api.core.v1.Container"), "Container");
    }

    #[test]
    fn kinds_of_a_document() {
        let gvk =
            |k: &str| json!([{"group": "metrics.example.com", "version": "v1beta1", "kind": k}]);
        let doc = json!({
            "paths": {
                "/apis/metrics.example.com/v1beta1/namespaces/{namespace}/podmetrics": {
                    "get": {"x-kubernetes-group-version-kind": gvk("PodMetrics")[0]}
                },
                "/apis/metrics.example.com/v1beta1/nodemetrics": {
                    "post": {"x-kubernetes-group-version-kind": gvk("NodeMetrics")[0]}
                }
            },
            "components": {"schemas": {
                "com.example.metrics.v1beta1.PodMetrics": {"type": "object", "x-kubernetes-group-version-kind": gvk("PodMetrics")},
                "com.example.metrics.v1beta1.PodMetricsList": {"type": "object", "properties": {"items": {}}, "x-kubernetes-group-version-kind": gvk("PodMetricsList")},
                "com.example.metrics.v1beta1.NodeMetrics": {"type": "object", "description": "docs",
                    "properties": {"description": {"type": "string", "description": "docs"}},
                    "x-kubernetes-group-version-kind": gvk("NodeMetrics")},
                "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions": {"type": "object", "x-kubernetes-group-version-kind": gvk("DeleteOptions")}
            }}
        });
        let set = SchemaSet::from_document(doc, "metrics.json").unwrap();
        let names: Vec<&str> = set.gvks().iter().map(|g| g.kind.as_str()).collect();
        assert_eq!(names, ["NodeMetrics", "PodMetrics"]);
        let pod = set
            .get(&Gvk::new("metrics.example.com", "v1beta1", "PodMetrics"))
            .unwrap();
        assert!(pod.namespaced && !pod.creatable);
        let node = set
            .get(&Gvk::new("metrics.example.com", "v1beta1", "NodeMetrics"))
            .unwrap();
        assert!(!node.namespaced && node.creatable);
        // Documentation is dropped, a field named `description` is not.
        let (_, schema) = node.definitions.get(&node.definition).unwrap();
        assert_eq!(
            schema["properties"],
            json!({"description": {"type": "string"}})
        );
        assert!(schema.get("description").is_none());

        let err = SchemaSet::from_document(json!({"swagger": "2.0"}), "old.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "old.json: not an OpenAPI v3 document (no components.schemas)"
        );
    }
}
