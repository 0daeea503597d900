//! `x-kubernetes-validations`: CEL rules evaluated with the Kubernetes CEL libraries (the
//! `kube-cel` crate's functions registered on the `cel` crate's interpreter), in the traversal
//! of apiextensions' `cel.Validator`: a node's rules, its `allOf` branches, then its items or
//! properties; null values skipped; transition rules (`oldSelf`) skipped on create. Messages,
//! `messageExpression`, `reason` and `fieldPath` are handled as the server handles them.
//!
//! Values are converted as the server's `UnstructuredToVal` does: property names escaped
//! (`x-key` is `x__dash__key`), map keys kept, embedded resources given `apiVersion`, `kind`
//! and `metadata`. `type()` is provided (the `cel` crate lacks it) with type names as values,
//! so `type(self.x) == string` works on int-or-string fields.

use std::collections::HashMap;
use std::sync::Arc;

use kube_cel::KubeCelExt as _;
use kube_cel::cel::extractors::Arguments;
use kube_cel::cel::objects::{Key, Map};
use kube_cel::cel::{Context, ResolveResult, Value as Cel};
use serde_json::Value;

use super::field::{BadValue, FieldError, Reason};
use super::path::{FieldPath, Walk};
use super::rules::{CelNode, Rule};
use super::schema::Schema;

/// The CEL name of a value's type, as `type()` returns it here.
fn type_name(v: &Cel) -> &'static str {
    match v {
        Cel::List(_) => "list",
        Cel::Map(_) => "map",
        Cel::Function(..) => "function",
        Cel::Int(_) => "int",
        Cel::UInt(_) => "uint",
        Cel::Float(_) => "double",
        Cel::String(_) => "string",
        Cel::Bytes(_) => "bytes",
        Cel::Bool(_) => "bool",
        Cel::Duration(_) => "google.protobuf.Duration",
        Cel::Timestamp(_) => "google.protobuf.Timestamp",
        Cel::Opaque(_) => "opaque",
        Cel::Null => "null_type",
    }
}

#[allow(clippy::needless_pass_by_value, clippy::unnecessary_wraps)]
fn type_of(Arguments(args): Arguments) -> ResolveResult {
    let name = args.first().map_or("null_type", type_name);
    Ok(Cel::String(Arc::new(name.to_owned())))
}

fn base_context() -> Context<'static> {
    let mut ctx = Context::default().with_all();
    ctx.add_function("type", type_of);
    for t in [
        "int",
        "uint",
        "double",
        "string",
        "bytes",
        "bool",
        "list",
        "map",
        "null_type",
    ] {
        ctx.add_variable_from_value(t, Cel::String(Arc::new(t.to_owned())));
    }
    ctx
}

thread_local! {
    static BASE: Context<'static> = base_context();
}

/// CEL's escaping of property names that are not CEL identifiers.
fn escape(name: &str) -> String {
    const RESERVED: &[&str] = &[
        "true",
        "false",
        "null",
        "in",
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    ];
    if RESERVED.contains(&name) {
        return format!("__{name}__");
    }
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '_' => out.push_str("__"),
            '.' => out.push_str("__dot__"),
            '-' => out.push_str("__dash__"),
            '/' => out.push_str("__slash__"),
            c => out.push(c),
        }
    }
    out
}

/// A JSON value as a CEL value, typed by its schema.
fn to_cel(v: &Value, s: Option<&Schema>) -> Cel {
    match v {
        Value::Null => Cel::Null,
        Value::Bool(b) => Cel::Bool(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Cel::Float(n.as_f64().unwrap_or(0.0)), Cel::Int),
        Value::String(t) => Cel::String(Arc::new(t.clone())),
        Value::Array(items) => {
            let item_schema = s.and_then(|s| s.items.as_deref());
            Cel::List(Arc::new(
                items.iter().map(|i| to_cel(i, item_schema)).collect(),
            ))
        }
        Value::Object(obj) => {
            let mut map: HashMap<Key, Cel> = HashMap::with_capacity(obj.len());
            for (k, val) in obj {
                let sub = s.and_then(|s| s.field_schema(k));
                // Declared properties are fields, named as CEL identifiers; map keys and
                // preserved unknown fields keep their names.
                let key = if s.is_some_and(|s| s.properties.contains_key(k)) {
                    escape(k)
                } else {
                    k.clone()
                };
                map.insert(Key::String(Arc::new(key)), to_cel(val, sub));
            }
            if s.is_some_and(|s| s.embedded_resource) {
                for k in ["apiVersion", "kind"] {
                    map.entry(Key::String(Arc::new(k.to_owned())))
                        .or_insert_with(|| Cel::String(Arc::new(String::new())));
                }
                map.entry(Key::String(Arc::new("metadata".to_owned())))
                    .or_insert_with(|| {
                        Cel::Map(Map {
                            map: Arc::new(HashMap::new()),
                        })
                    });
            }
            Cel::Map(Map { map: Arc::new(map) })
        }
    }
}

/// The result of evaluating the rules of an object.
#[derive(Debug, Default)]
pub struct CelResult {
    /// Rules that failed, and rules that could not be evaluated.
    pub errors: Vec<FieldError>,
    /// Rules this build cannot evaluate (a CEL feature the interpreter lacks): not checked.
    pub unchecked: Vec<FieldError>,
    /// For each of `errors`, the node its rule is attached to (an error is reported at the
    /// rule's `fieldPath` below it; ratcheting goes by the node).
    pub nodes: Vec<FieldPath>,
}

impl CelResult {
    fn error(&mut self, node: &FieldPath, e: FieldError) {
        self.errors.push(e);
        self.nodes.push(node.clone());
    }
}

/// Evaluates every rule that applies to `obj` (a create: no old object).
pub fn validate(root: &Schema, obj: &Value) -> CelResult {
    let mut out = CelResult::default();
    node(root, obj, &Walk::root(), &mut out);
    out
}

fn node(s: &Schema, obj: &Value, walk: &Walk<'_>, out: &mut CelResult) {
    if !s.has_rules || obj.is_null() {
        return;
    }
    if let Some(cel) = &s.cel {
        expressions(s, cel, obj, &walk.to_path(), out);
    }
    for b in &s.all_of {
        node(b, obj, walk, out);
    }
    // Subtrees without rules are skipped before their path is built.
    match obj {
        Value::Array(items) => {
            if let Some(item_schema) = s.items.as_deref().filter(|i| i.has_rules) {
                for (i, v) in items.iter().enumerate() {
                    node(item_schema, v, &walk.index(i), out);
                }
            }
        }
        Value::Object(map) => {
            if let Some(a) = s.additional_schema().filter(|a| a.has_rules) {
                for (k, v) in map {
                    node(a, v, &walk.key(k), out);
                }
            }
            for (k, v) in map {
                if let Some(p) = s.properties.get(k).filter(|p| p.has_rules) {
                    node(p, v, &walk.child(k), out);
                }
            }
        }
        _ => {}
    }
}

fn expressions(s: &Schema, cel: &CelNode, obj: &Value, path: &FieldPath, out: &mut CelResult) {
    let type_value = Value::String(s.type_name.clone());
    let self_value = to_cel(obj, Some(s));
    BASE.with(|base| {
        let mut ctx = base.new_inner_scope();
        ctx.add_variable_from_value("self", self_value);
        for (rule, compiled) in s.rules.iter().zip(&cel.rules) {
            let program = match &compiled.program {
                Ok(p) => p,
                Err(e) => {
                    out.error(path, FieldError::invalid(
                        path,
                        &type_value,
                        format!("rule compile error: {e}"),
                    ));
                    continue;
                }
            };
            if compiled.uses_old_self {
                // Transition rules run only when there is an old object (an update).
                continue;
            }
            match program.execute(&ctx) {
                Ok(Cel::Bool(true)) => {}
                Ok(Cel::Bool(false)) => {
                    let at = rule_path(path, &rule.field_path);
                    let evaluated = match &compiled.message {
                        Some(Ok(m)) => match m.execute(&ctx) {
                            Ok(Cel::String(text)) => Some(text.to_string()),
                            _ => None,
                        },
                        _ => None,
                    };
                    let detail = message(rule, evaluated.as_deref());
                    let value = if s.type_name == "object" || s.type_name == "array" {
                        BadValue::Omit
                    } else {
                        BadValue::Value(obj.clone())
                    };
                    out.error(path, match rule.reason.as_deref() {
                        Some("FieldValueForbidden") => FieldError::forbidden(&at, detail),
                        Some("FieldValueRequired") => FieldError::required(&at, detail),
                        Some("FieldValueDuplicate") => FieldError::duplicate(&at, value),
                        _ => FieldError::new(Reason::FieldValueInvalid, &at, value, detail),
                    });
                }
                Ok(other) => out.error(path, FieldError::invalid(
                    path,
                    &type_value,
                    format!(
                        "rule returned {} instead of a bool: {}",
                        type_name(&other),
                        rule_error_string(rule)
                    ),
                )),
                Err(kube_cel::cel::ExecutionError::UndeclaredReference(name)) => {
                    out.unchecked.push(FieldError::invalid(
                        path,
                        &type_value,
                        format!(
                            "rule not checked: {name:?} is not supported by this CEL interpreter: {}",
                            rule_error_string(rule)
                        ),
                    ));
                }
                Err(e) => {
                    let raw = lower_first(&e.to_string());
                    let detail = if raw.starts_with("no such overload") {
                        format!(
                            "'{raw}': call arguments did not match a supported operator, function or macro signature for rule: {}",
                            rule_error_string(rule)
                        )
                    } else {
                        format!("{raw} evaluating rule: {}", rule_error_string(rule))
                    };
                    out.error(path, FieldError::invalid(path, &type_value, detail));
                }
            }
        }
    });
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The message of a failed rule: its `messageExpression`'s value when usable (trimmed,
/// non-empty, one line), else `message`, else `failed rule: <rule>`.
fn message(rule: &Rule, evaluated: Option<&str>) -> String {
    if let Some(m) = evaluated.map(str::trim)
        && !m.is_empty()
        && !m.contains('\n')
        && m.len() <= 5 * 1024
    {
        return m.to_owned();
    }
    if rule.message.is_empty() {
        format!("failed rule: {}", rule_error_string(rule))
    } else {
        rule.message.trim().to_owned()
    }
}

fn rule_error_string(rule: &Rule) -> String {
    if rule.message.is_empty() {
        rule.rule.trim().to_owned()
    } else {
        rule.message.trim().to_owned()
    }
}

/// The node's path plus the rule's `fieldPath` (`.a.b`, `['a.b']`, `.a['b']`).
fn rule_path(base: &FieldPath, field_path: &str) -> FieldPath {
    let mut path = base.clone();
    let mut rest = field_path.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            path = path.child(&r[..end]);
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix("['") {
            let end = r.find("']").unwrap_or(r.len());
            path = path.child(&r[..end]);
            rest = r.get(end + 2..).unwrap_or("");
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            match r[..end].parse::<usize>() {
                Ok(i) => path = path.index(i),
                Err(_) => path = path.child(&r[..end]),
            }
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            path = path.child(&rest[..end]);
            rest = &rest[end..];
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_of_rules() {
        let base = FieldPath::fields(&["spec", "rules"]).index(0);
        assert_eq!(
            rule_path(&base, ".rewrite").to_string(),
            "spec.rules[0].rewrite"
        );
        assert_eq!(
            rule_path(&base, "['a.b'].c").to_string(),
            "spec.rules[0].a.b.c"
        );
        assert_eq!(rule_path(&base, "").to_string(), "spec.rules[0]");
    }
}
