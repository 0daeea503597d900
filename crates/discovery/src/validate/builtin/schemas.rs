//! The built-in kinds the project ships, and their OpenAPI v3 definitions: generated from a
//! v1.37 API server's `/openapi/v3` by `gen-builtin-schemas` (in this folder), shipped
//! gzip-compressed and decompressed on first use.

use std::io::Read as _;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::validate::gvk::Gvk;

/// The compressed definitions (see the module documentation of `builtin`).
static DATA: &[u8] = include_bytes!("builtin-schemas.json.gz");

/// One built-in kind the project ships a schema for.
#[derive(Debug)]
pub struct BuiltinKind {
    /// Its GVK.
    pub gvk: Gvk,
    /// Whether its objects live in namespaces.
    pub namespaced: bool,
    /// The name of its OpenAPI definition.
    pub(super) definition: String,
}

struct Builtins {
    kubernetes: String,
    kinds: Vec<BuiltinKind>,
    definitions: Map<String, Value>,
}

fn data() -> &'static Builtins {
    static BUILTINS: OnceLock<Builtins> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let mut text = Vec::new();
        let parsed: Value = flate2::read::GzDecoder::new(DATA)
            .read_to_end(&mut text)
            .ok()
            .and_then(|_| serde_json::from_slice(&text).ok())
            .unwrap_or(Value::Null);
        let kinds = parsed
            .get("kinds")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|k| {
                        let s = |f: &str| k.get(f).and_then(Value::as_str).unwrap_or_default();
                        BuiltinKind {
                            gvk: Gvk::new(s("group"), s("version"), s("kind")),
                            namespaced: k
                                .get("namespaced")
                                .and_then(Value::as_bool)
                                .unwrap_or(true),
                            definition: s("definition").to_owned(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Builtins {
            kubernetes: parsed
                .get("kubernetes")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            kinds,
            definitions: parsed
                .get("definitions")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        }
    })
}

/// The Kubernetes release the shipped schemas come from.
pub fn kubernetes_version() -> &'static str {
    &data().kubernetes
}

/// The built-in kinds shipped.
pub fn kinds() -> impl Iterator<Item = &'static Gvk> {
    data().kinds.iter().map(|k| &k.gvk)
}

/// The shipped schema of a built-in kind.
pub fn lookup(gvk: &Gvk) -> Option<&'static BuiltinKind> {
    data().kinds.iter().find(|k| &k.gvk == gvk)
}

/// The definition a schema node refers to (`$ref`, or `allOf: [{$ref}]` in OpenAPI v3).
pub(super) fn deref(node: &Value) -> (Option<&'static str>, &Value) {
    // Not `pointer("/allOf/0/$ref")`: it allocates for every token, on every node.
    let r = node
        .get("$ref")
        .or_else(|| node.get("allOf")?.get(0)?.get("$ref"))
        .and_then(Value::as_str);
    match r {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or(r);
            match data().definitions.get_key_value(name) {
                Some((k, v)) => (Some(k.as_str()), v),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schemas_load() {
        assert!(
            kubernetes_version().starts_with("v1."),
            "{}",
            kubernetes_version()
        );
        for k in ["ConfigMap", "Secret", "Service"] {
            assert!(lookup(&Gvk::new("", "v1", k)).is_some(), "{k}");
        }
        assert!(lookup(&Gvk::new("apps", "v1", "Deployment")).is_some());
        assert!(lookup(&Gvk::new("", "v1", "Pod")).is_none());
    }
}
