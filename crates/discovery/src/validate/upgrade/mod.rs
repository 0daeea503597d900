//! What applying a new version of a CustomResourceDefinition does to the objects the cluster
//! already stores (`kubectl crvalidate crd-upgrade`): pure, synchronous, no I/O.
//!
//! The API server never re-validates stored objects when a CRD changes; it finds out object by
//! object, at the next write. Each stored object is classified here the way the server will
//! treat it under the new schema (k8s.io/apiextensions-apiserver v0.37.2):
//!
//! - **pruned**: fields the new schema does not declare. The storage decoder prunes them from
//!   every read (`customresource_handler.go`, `crdConversionRESTOptionsGetter`) and the next
//!   write of the object drops them from etcd: silent data loss;
//! - **rejected** / **ratcheted**: validation errors of the object under the new schema. A
//!   create of a copy (a re-sync to a fresh cluster, a restore) is refused
//!   (`strategy.go` `Validate`); an update passes while the node of a ratcheted error is left
//!   unchanged ([`ratchet`]), and fails whatever it touches for a rejected one;
//! - **defaulted**: fields the new schema's defaults add on the next read
//!   (`unstructuredDefaulter` of the storage codec).
//!
//! CRD-level problems (what the server refuses in the CRD update itself) are in [`crd`].
//! Every step reuses the create path's modules ([`prune`], [`openapi`], [`objectmeta`],
//! [`listtype`], [`cel`], [`strategy`]); nothing here validates by itself.

pub mod crd;
pub mod ratchet;

use serde_json::Value;

use super::crd::CrdSchema;
use super::field::{FieldError, Reason};
use super::manifest::Positions;
use super::outcome::{Finding, Options, Severity};
use super::path::{FieldPath, Seg};
use super::schema::Schema;
use super::{cel, listtype, objectmeta, openapi, prune, strategy};

/// How a stored object's field fares under the new schema, in the order a report lists them
/// (data loss first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Not declared by the new schema: gone from reads, and from storage at the next write.
    Pruned,
    /// A validation error no update ratchets: every update of the object fails.
    Rejected,
    /// A validation error updates let through while they leave its node unchanged.
    Ratcheted,
    /// Added by the new schema's defaults on the next read.
    Defaulted,
}

impl Class {
    /// The name used in reports (`pruned`, `rejected`, `ratcheted`, `defaulted`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Pruned => "pruned",
            Class::Rejected => "rejected",
            Class::Ratcheted => "ratcheted",
            Class::Defaulted => "defaulted",
        }
    }
}

/// What an update of the object does about one change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Updates pass (pruning and defaults never fail a write; list-type errors of the stored
    /// object switch list-type validation off for its updates).
    Passes,
    /// Updates pass while they leave this node unchanged.
    PassesUnlessChanged(FieldPath),
    /// Every update fails.
    Fails,
}

/// One change the new schema makes to one stored object.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// How the field fares.
    pub class: Class,
    /// The field as the server names it (`spec.displayName`).
    pub field: String,
    /// Where it is in the stored object.
    pub path: FieldPath,
    /// The error type, for validation errors.
    pub reason: Option<Reason>,
    /// The server's message for validation errors and pruned fields (`unknown field ...`).
    pub message: String,
    /// Whether a create of a copy of the object reports it (status errors do not when the
    /// status subresource is on: a create drops `.status`).
    pub on_create: bool,
    /// What updates of the object do about it.
    pub update: Update,
    /// The value that is lost (pruned) or added (defaulted).
    pub value: Option<Value>,
}

/// The verdict on one stored object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectCheck {
    /// The server's answer to a create of a copy ([`create_copy`]), errors only, exactly as a
    /// create through the API server reports them; empty when it would be accepted.
    pub create: Vec<Finding>,
    /// Pruned fields, validation errors and defaults, in report order.
    pub changes: Vec<Change>,
}

impl ObjectCheck {
    /// Whether a create of a copy is refused.
    pub fn rejected_on_create(&self) -> bool {
        !self.create.is_empty()
    }

    /// Whether any change is of `class`.
    pub fn has(&self, class: Class) -> bool {
        self.changes.iter().any(|c| c.class == class)
    }

    /// Whether an update that changes `touched` (and what is below it) passes validation.
    pub fn update_passes(&self, touched: &FieldPath) -> bool {
        self.changes.iter().all(|c| match &c.update {
            Update::Passes => true,
            Update::PassesUnlessChanged(scope) => !ratchet::touches(scope, touched),
            Update::Fails => false,
        })
    }
}

/// Checks stored objects of one CRD version against its new schema.
#[derive(Debug)]
pub struct Checker<'a> {
    schema: &'a CrdSchema,
    defaults: bool,
}

impl<'a> Checker<'a> {
    /// A checker for the new schema of one version.
    pub fn new(schema: &'a CrdSchema) -> Self {
        Checker {
            schema,
            defaults: has_defaults(&schema.root),
        }
    }

    /// Classifies what the new schema does to `stored` (an object as the cluster returns it).
    pub fn check(&self, stored: &Value) -> ObjectCheck {
        let schema = self.schema;
        let mut obj = stored.clone();
        let mut changes = Vec::new();
        let decoded = prune::decode(&mut obj, &schema.root);
        if let Some(fatal) = &decoded.fatal {
            changes.push(error_change(fatal, true, Update::Fails));
            return self.finish(stored, changes);
        }
        for e in &decoded.unknown {
            changes.push(Change {
                class: Class::Pruned,
                field: e.field.clone(),
                path: e.path.clone(),
                reason: None,
                message: e.message(),
                on_create: true,
                update: Update::Passes,
                value: stored.pointer(&e.path.pointer()).cloned(),
            });
        }
        let mut defaulted = Vec::new();
        if self.defaults {
            let before = obj.clone();
            prune::default(&mut obj, Some(&schema.root));
            added(&before, &obj, &FieldPath::root(), &mut defaulted);
        }

        // Validation, each step's errors with what an update does about them. Status stays:
        // an update of the main resource keeps the stored status, and validates it.
        let on_create = |p: &FieldPath| {
            !(schema.status_subresource
                && matches!(p.0.first(), Some(Seg::Field(f)) if f == "status"))
        };
        let ratcheted = |node: &FieldPath| {
            ratchet::scope(&schema.root, node).map_or(Update::Fails, Update::PassesUnlessChanged)
        };
        for e in openapi::validate(&schema.root, &obj) {
            let node = ratchet::emitting_node(&e.path, e.reason == Reason::FieldValueRequired);
            changes.push(error_change(&e, on_create(&e.path), ratcheted(&node)));
        }
        // Embedded resources' metadata: "no difference between update and create".
        for e in objectmeta::validate_embedded(&obj, &schema.root) {
            changes.push(error_change(&e, on_create(&e.path), Update::Fails));
        }
        // List types: when the old object breaks them, updates are not checked for them.
        for e in listtype::validate(&schema.root, &obj) {
            changes.push(error_change(&e, on_create(&e.path), Update::Passes));
        }
        // CEL rules: ratcheted by the node the rule is attached to, not by its fieldPath.
        // Run even when a create would skip them for a blocking error: ratcheted errors do
        // not block an update's rules.
        if schema.root.has_rules {
            let result = cel::validate(&schema.root, &obj);
            for (e, node) in result.errors.iter().zip(&result.nodes) {
                changes.push(error_change(e, on_create(&e.path), ratcheted(node)));
            }
        }
        changes.extend(defaulted.into_iter().map(|(path, value)| Change {
            class: Class::Defaulted,
            field: path.to_string(),
            path,
            reason: None,
            message: String::new(),
            on_create: false,
            update: Update::Passes,
            value: Some(value),
        }));
        self.finish(stored, changes)
    }

    fn finish(&self, stored: &Value, mut changes: Vec<Change>) -> ObjectCheck {
        changes.sort_by_key(|c| c.class);
        let create = if changes
            .iter()
            .any(|c| c.on_create && c.class != Class::Defaulted)
        {
            // The exact answer (strict decoding errors alone, CEL blocked by a type error, ...)
            // only when there is one to give: most stored objects pass.
            strategy::validate_owned(
                self.schema,
                create_copy(stored),
                &Positions::new(),
                &[],
                Options::default(),
            )
            .findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect()
        } else {
            Vec::new()
        };
        ObjectCheck { create, changes }
    }
}

fn error_change(e: &FieldError, on_create: bool, update: Update) -> Change {
    Change {
        class: if update == Update::Fails {
            Class::Rejected
        } else {
            Class::Ratcheted
        },
        field: e.field.clone(),
        path: e.path.clone(),
        reason: Some(e.reason),
        message: e.message(),
        on_create,
        update,
        value: None,
    }
}

/// The object as a backup restore or a re-sync to a fresh cluster would create it: without
/// the metadata the server sets (uid, resourceVersion, creationTimestamp, generation,
/// managedFields, ...).
pub fn create_copy(stored: &Value) -> Value {
    let mut obj = stored.clone();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
        ] {
            meta.remove(k);
        }
    }
    obj
}

/// A field path with list indices as `[*]` (`spec.endpoints[*].weight`), for counting the same
/// change over many objects.
pub fn pattern(path: &FieldPath) -> String {
    FieldPath(
        path.0
            .iter()
            .map(|s| match s {
                Seg::Index(_) => Seg::Key("*".to_owned()),
                other => other.clone(),
            })
            .collect(),
    )
    .to_string()
}

/// Whether any node of `s` has a default (objects of a schema without any skip defaulting).
fn has_defaults(s: &Schema) -> bool {
    s.default.is_some()
        || s.properties.values().any(has_defaults)
        || s.items.as_deref().is_some_and(has_defaults)
        || s.additional_schema().is_some_and(has_defaults)
}

/// Fields present in `after` and missing (or null) in `before`: what defaulting added.
fn added(before: &Value, after: &Value, path: &FieldPath, out: &mut Vec<(FieldPath, Value)>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, av) in a {
                match b.get(k) {
                    Some(bv) if !bv.is_null() => added(bv, av, &path.child(k), out),
                    _ if !av.is_null() => out.push((path.child(k), av.clone())),
                    _ => {}
                }
            }
        }
        (Value::Array(b), Value::Array(a)) => {
            for (i, (bv, av)) in b.iter().zip(a).enumerate() {
                if bv.is_null() && !av.is_null() {
                    out.push((path.index(i), av.clone()));
                } else {
                    added(bv, av, &path.index(i), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
