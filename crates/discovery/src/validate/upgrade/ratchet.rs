//! Which errors an update of a stored object lets through: the CRD validation ratcheting of
//! KEP-4008 (`CRDValidationRatcheting`, on by default since Kubernetes 1.30, GA in 1.33), as
//! k8s.io/apiextensions-apiserver v0.37.2 implements it in `pkg/apiserver/validation/
//! ratcheting.go` (OpenAPI errors), `pkg/apiserver/schema/cel/validation.go`
//! (`ratchetingOptions`, CEL rules) and k8s.io/apiserver's `pkg/cel/common/equality.go`
//! (`CorrelatedObject`: which nodes of the new object have an old counterpart).
//!
//! An error of a node is ratcheted when that node, or the nearest ancestor the server can
//! correlate with the old object, is unchanged by the update. Object properties and map keys
//! correlate; list items only in `x-kubernetes-list-type: map` lists (by key); `apiVersion` and
//! `kind` at the root never; the root itself changes in every update that changes anything.

use super::super::path::{FieldPath, Seg};
use super::super::schema::Schema;

/// The node an update must leave unchanged for an error emitted at `node` to be ratcheted:
/// `node` itself when it correlates, else its nearest correlatable ancestor; `None` when that
/// is the root (no update that changes the object ratchets the error).
pub fn scope(root: &Schema, node: &FieldPath) -> Option<FieldPath> {
    let mut schema = Some(root);
    let mut len = 0;
    for (i, seg) in node.0.iter().enumerate() {
        let correlates = match seg {
            Seg::Field(k) | Seg::Key(k) => !(i == 0 && (k == "apiVersion" || k == "kind")),
            Seg::Index(_) => schema.is_some_and(|s| s.list_type.as_deref() == Some("map")),
        };
        if !correlates {
            break;
        }
        len = i + 1;
        schema = schema.and_then(|s| match seg {
            Seg::Field(k) | Seg::Key(k) => s.field_schema(k),
            Seg::Index(_) => s.items.as_deref(),
        });
    }
    (len > 0).then(|| FieldPath(node.0[..len].to_vec()))
}

/// The node that emits an OpenAPI error reported at `path`: a missing required property is
/// reported at the property but found by its parent object's validator.
pub fn emitting_node(path: &FieldPath, required: bool) -> FieldPath {
    if required && !path.is_root() {
        FieldPath(path.0[..path.0.len() - 1].to_vec())
    } else {
        path.clone()
    }
}

/// Whether an update that changes `touched` (and whatever is below it) changes `scope`.
pub fn touches(scope: &FieldPath, touched: &FieldPath) -> bool {
    scope.0.starts_with(&touched.0) || touched.0.starts_with(&scope.0)
}
