//! Validation of objects against structural CRD schemas (and built-in kinds) the way the API
//! server validates a create: pure, synchronous, no I/O.
//!
//! The server's steps are ported in its order (apiextensions-apiserver v0.37, kube-openapi,
//! apimachinery), each in its own module:
//!
//! 1. decoding: duplicate fields and unknown fields (`strict decoding error`), ObjectMeta
//!    decoding, pruning (with `x-kubernetes-preserve-unknown-fields`), non-nullable nulls
//!    dropped, embedded resources coerced ([`prune`], [`objectmeta`]);
//! 2. defaults applied ([`prune::default`]);
//! 3. validation: TypeMeta, ObjectMeta (name, labels, annotations), the OpenAPI schema
//!    ([`openapi`], [`formats`]), embedded resources, list types ([`listtype`]), then CEL rules
//!    ([`cel`]) unless an earlier error blocks them ([`strategy`] runs the steps in order).
//!
//! Findings carry the server's field path and message verbatim
//! (`spec.contextWindow: Invalid value: "string": spec.contextWindow in body must be of type
//! integer: "string"`) and the source position of the node, from [`manifest::Positions`].
//!
//! The modules form layers; each uses only modules of the layers below it (this file only
//! declares them and re-exports the names callers need):
//!
//! 1. building blocks: [`path`], [`gofmt`], [`gvk`], [`names`], [`formats`], [`rules`];
//! 2. [`field`] (field errors), [`manifest`] (the loader), [`schema`] (compiled schemas);
//! 3. [`outcome`] (findings located in the source); the steps [`objectmeta`], [`openapi`],
//!    [`listtype`], [`cel`], [`crd`], then [`prune`] (which decodes ObjectMeta);
//! 4. the two kinds of validation: [`strategy`] (custom resources), [`builtin`] (built-ins);
//! 5. [`catalog`]: schemas by GVK, validating with either; [`upgrade`]: what a new version of a
//!    CRD does to the objects a cluster stores, over the steps of [`strategy`].

pub mod builtin;
pub mod catalog;
pub mod cel;
pub mod crd;
pub mod field;
pub mod formats;
pub mod gofmt;
pub mod gvk;
pub mod listtype;
pub mod manifest;
pub mod names;
pub mod objectmeta;
pub mod openapi;
pub mod outcome;
pub mod path;
pub mod prune;
pub mod rules;
pub mod schema;
pub mod strategy;
pub mod upgrade;

pub use builtin::{BuiltinKind, DocumentError, SchemaSet};
pub use catalog::{Catalog, SchemaSource};
pub use crd::{CrdError, CrdSchema};
pub use field::{BadValue, FieldError, Reason};
pub use gvk::Gvk;
pub use manifest::{Document, Limits, LoadError, Position, Positions};
pub use outcome::{Finding, Options, Outcome, Severity, UnknownFields};
pub use path::{FieldPath, Seg, Walk};
pub use schema::Schema;
pub use strategy::{validate, validate_owned};

/// The strings of a JSON array, other items skipped; none when `v` is not an array.
pub(crate) fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
