//! Schemas by group/version/kind: CRDs (from local manifests, the input itself or the
//! cluster, each compiled once) and the built-in kinds the project ships.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

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
    /// A built-in kind.
    Builtin(&'static builtin::BuiltinKind),
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
    builtins: bool,
}

impl Catalog {
    /// An empty catalog; `builtins` makes the shipped built-in schemas available.
    pub fn new(builtins: bool) -> Self {
        Catalog {
            crds: HashMap::new(),
            builtins,
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

    /// Where the CRD for `gvk` came from.
    pub fn origin(&self, gvk: &Gvk) -> Option<&str> {
        self.crds.get(gvk).map(|e| e.origin.as_str())
    }

    /// The schema for `gvk`: a CRD first, then a built-in kind.
    pub fn get(&self, gvk: &Gvk) -> Option<SchemaSource> {
        if let Some(e) = self.crds.get(gvk) {
            return Some(SchemaSource::Crd(Arc::clone(&e.schema)));
        }
        if self.builtins {
            return builtin::lookup(gvk).map(SchemaSource::Builtin);
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
}
