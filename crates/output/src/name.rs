//! `kubectl get -o name`: one `kind.group/name` line per object (cli-runtime's `NamePrinter`).

use std::fmt::Write as _;

use serde_json::Value;

use crate::Error;
use crate::gofmt;

/// What `kubectl get -o name` prints for an object, or for each item of a list (`items`), e.g.
/// `llmmodel.gateway.ai.example.com/gpt-4o\n` or `configmap/settings\n`.
pub fn to_name(value: &Value) -> Result<String, Error> {
    let mut out = String::new();
    write_names(&mut out, value)?;
    Ok(out)
}

fn is_list(value: &Value) -> bool {
    // meta.IsListType: the object has an `items` field that is a list (or null).
    matches!(value.get("items"), Some(Value::Array(_) | Value::Null))
}

fn write_names(out: &mut String, value: &Value) -> Result<(), Error> {
    if is_list(value) {
        if let Some(Value::Array(items)) = value.get("items") {
            for item in items {
                write_names(out, item)?;
            }
        }
        return Ok(());
    }
    let api_version = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    if api_version.is_empty() && kind.is_empty() {
        return Err(Error::Name {
            message: "missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type"
                .to_owned(),
        });
    }
    let name = value
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .unwrap_or("<unknown>");
    if kind.is_empty() {
        return Err(Error::Name {
            message: format!("missing kind for resource with name {name}"),
        });
    }
    // schema.ParseGroupVersion: "v1" has no group, "g/v" has group g.
    let group = api_version.split_once('/').map_or("", |(g, _)| g);
    let kind = gofmt::to_lower(kind);
    if group.is_empty() {
        let _ = writeln!(out, "{kind}/{name}");
    } else {
        let _ = writeln!(out, "{kind}.{group}/{name}");
    }
    Ok(())
}
