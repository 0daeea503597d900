//! Schemas by group/version/kind: CRDs (from local manifests, the input itself or the
//! cluster, each compiled once), kinds of `/openapi/v3` documents (a user's own, the
//! cluster's for aggregated APIs) and the built-in kinds the project ships.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::builtin::SchemaSet;
use super::crd::{CrdError, CrdSchema, compile_crd};
use super::gvk::Gvk;
use super::manifest::{Position, Positions};
use super::outcome::{Options, Outcome};
use super::path::FieldPath;
use super::{builtin, strategy};

/// The schema a document is validated with.
#[derive(Debug, Clone)]
pub enum SchemaSource {
    /// A CRD version.
    Crd(Arc<CrdSchema>),
    /// A kind the server decodes into a Go struct: built-in (shipped, or from a `/openapi/v3`
    /// document), or served by an aggregated API.
    Builtin(Arc<builtin::BuiltinKind>),
}

impl SchemaSource {
    /// Validates one object with this schema.
    pub fn validate(
        &self,
        obj: &Value,
        positions: &Positions,
        duplicates: &[(FieldPath, Position)],
        options: Options,
    ) -> Outcome {
        match self {
            SchemaSource::Crd(s) => strategy::validate(s, obj, positions, duplicates, options),
            SchemaSource::Builtin(k) => builtin::validate(k, obj, positions, duplicates, options),
        }
    }

    /// [`SchemaSource::validate`], taking the object: no copy of it is made.
    pub fn validate_owned(
        &self,
        obj: Value,
        positions: &Positions,
        duplicates: &[(FieldPath, Position)],
        options: Options,
    ) -> Outcome {
        match self {
            SchemaSource::Crd(s) => {
                strategy::validate_owned(s, obj, positions, duplicates, options)
            }
            SchemaSource::Builtin(k) => {
                builtin::validate_owned(k, obj, positions, duplicates, options)
            }
        }
    }
}

/// Where the CRD of a GVK came from, for messages.
#[derive(Debug, Clone)]
struct Entry {
    schema: Arc<CrdSchema>,
    origin: String,
}

/// Schemas by GVK.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    crds: HashMap<Gvk, Entry>,
    /// Kinds of `/openapi/v3` documents, searched in the order added, with where each set
    /// came from.
    documents: Vec<(Arc<SchemaSet>, String)>,
    builtins: bool,
}

impl Catalog {
    /// An empty catalog; `builtins` makes the shipped built-in schemas available.
    pub fn new(builtins: bool) -> Self {
        Catalog {
            crds: HashMap::new(),
            documents: Vec::new(),
            builtins,
        }
    }

    /// Adds the kinds of `/openapi/v3` documents; `origin` names where they came from. They
    /// take precedence over the shipped built-ins and over sets added later, never over CRDs
    /// (the server validates a custom resource with its CRD, not with the published OpenAPI).
    pub fn add_schemas(&mut self, set: SchemaSet, origin: &str) {
        if !set.is_empty() {
            self.documents.push((Arc::new(set), origin.to_owned()));
        }
    }

    /// Adds every served version of a CRD manifest; `origin` names where it came from.
    /// A CRD defining a GVK already known replaces it.
    pub fn add_crd(&mut self, doc: &Value, origin: &str) -> Result<Vec<Gvk>, CrdError> {
        let versions = compile_crd(doc)?;
        Ok(versions
            .into_iter()
            .map(|s| self.insert(s, origin))
            .collect())
    }

    /// Adds one compiled CRD version.
    pub fn insert(&mut self, schema: CrdSchema, origin: &str) -> Gvk {
        let gvk = Gvk::new(&schema.group, &schema.version, &schema.kind);
        self.crds.insert(
            gvk.clone(),
            Entry {
                schema: Arc::new(schema),
                origin: origin.to_owned(),
            },
        );
        gvk
    }

    /// Whether a CRD for `gvk` is known.
    pub fn has_crd(&self, gvk: &Gvk) -> bool {
        self.crds.contains_key(gvk)
    }

    /// Where the schema of `gvk` came from: the CRD's file (or `the cluster`), or the origin of
    /// the `/openapi/v3` documents that define it; `None` for the shipped built-ins.
    pub fn origin(&self, gvk: &Gvk) -> Option<&str> {
        if let Some(e) = self.crds.get(gvk) {
            return Some(e.origin.as_str());
        }
        self.documents
            .iter()
            .find(|(set, _)| set.get(gvk).is_some())
            .map(|(_, origin)| origin.as_str())
    }

    /// The schema for `gvk`: a CRD first, then the kinds of added `/openapi/v3` documents, then
    /// a shipped built-in kind.
    pub fn get(&self, gvk: &Gvk) -> Option<SchemaSource> {
        if let Some(e) = self.crds.get(gvk) {
            return Some(SchemaSource::Crd(Arc::clone(&e.schema)));
        }
        for (set, _) in &self.documents {
            if let Some(kind) = set.get(gvk) {
                return Some(SchemaSource::Builtin(Arc::clone(kind)));
            }
        }
        if self.builtins {
            return builtin::lookup(gvk).map(|k| SchemaSource::Builtin(Arc::clone(k)));
        }
        None
    }

    /// How many CRD versions are known.
    pub fn len(&self) -> usize {
        self.crds.len()
    }

    /// Whether no CRD is known.
    pub fn is_empty(&self) -> bool {
        self.crds.is_empty()
    }

    /// Known GVKs of the same kind (for "did you mean" hints on a version or group typo).
    pub fn similar(&self, gvk: &Gvk) -> Vec<Gvk> {
        let mut out: Vec<Gvk> = self
            .crds
            .keys()
            .filter(|k| k.kind.eq_ignore_ascii_case(&gvk.kind) && *k != gvk)
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// Built-in GVKs (shipped or from added documents) of the same kind as `gvk`, another
    /// version or group (`apps/v1` for an `extensions/v1beta1` Deployment).
    pub fn similar_builtin(&self, gvk: &Gvk) -> Vec<Gvk> {
        let same = |k: &&Gvk| k.kind.eq_ignore_ascii_case(&gvk.kind) && *k != gvk;
        let shipped = if self.builtins {
            SchemaSet::shipped().gvks()
        } else {
            Vec::new()
        };
        let mut out: Vec<Gvk> = self
            .documents
            .iter()
            .flat_map(|(set, _)| set.gvks())
            .chain(shipped)
            .filter(same)
            .cloned()
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
