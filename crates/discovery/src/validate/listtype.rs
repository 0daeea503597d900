//! `x-kubernetes-list-type` `set` and `map` uniqueness (apiextensions' `listtype`
//! validation): the second occurrence of an item or key is a `Duplicate value`.

use serde_json::{Map, Value};

use super::field::{BadValue, FieldError};
use super::gofmt;
use super::path::Walk;
use super::schema::Schema;

/// `ValidateListSetsAndMaps` from the root.
pub fn validate(s: &Schema, obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if !s.has_list_types {
        return errs;
    }
    if let Some(map) = obj.as_object() {
        object(&Walk::root(), s, map, &mut errs);
    }
    errs
}

fn object(path: &Walk<'_>, s: &Schema, obj: &Map<String, Value>, errs: &mut Vec<FieldError>) {
    // Subtrees without list types are skipped.
    if let Some(a) = s.additional_schema().filter(|a| a.has_list_types) {
        for (k, v) in obj {
            value(&path.key(k), a, v, errs);
        }
    }
    for (k, v) in obj {
        if let Some(p) = s.properties.get(k).filter(|p| p.has_list_types) {
            value(&path.child(k), p, v, errs);
        }
    }
}

fn value(path: &Walk<'_>, s: &Schema, v: &Value, errs: &mut Vec<FieldError>) {
    match v {
        Value::Array(items) => array(path, s, items, errs),
        Value::Object(map) => object(path, s, map, errs),
        _ => {}
    }
}

fn array(path: &Walk<'_>, s: &Schema, items: &[Value], errs: &mut Vec<FieldError>) {
    match s.list_type.as_deref() {
        Some("set") => {
            for i in non_unique(items) {
                errs.push(FieldError::duplicate(
                    &path.index(i).to_path(),
                    BadValue::Value(items[i].clone()),
                ));
            }
        }
        Some("map") => list_map(path, s, items, errs),
        _ => {}
    }
    if let Some(item_schema) = s.items.as_deref().filter(|i| i.has_list_types) {
        for (i, item) in items.iter().enumerate() {
            value(&path.index(i), item_schema, item, errs);
        }
    }
}

/// A key of `validateListSet`: scalars compare as Go interface values (an int64 never equals
/// a float64), objects and lists by their JSON.
#[derive(PartialEq)]
enum Key {
    Scalar(Value),
    Compound(String),
    Unspecified,
}

fn key_of(v: &Value) -> Key {
    match v {
        Value::Object(_) | Value::Array(_) => Key::Compound(gofmt::json(v)),
        other => Key::Scalar(other.clone()),
    }
}

fn same(a: &Key, b: &Key) -> bool {
    match (a, b) {
        (Key::Scalar(Value::Number(x)), Key::Scalar(Value::Number(y))) => {
            x.is_i64() == y.is_i64() && x.as_f64() == y.as_f64()
        }
        _ => a == b,
    }
}

/// Indices of second occurrences (third and later ones are not reported again).
fn non_unique_keys(keys: &[Key]) -> Vec<usize> {
    let mut out = Vec::new();
    if keys.len() <= 1 {
        return out;
    }
    for (i, k) in keys.iter().enumerate() {
        let before = keys[..i].iter().filter(|p| same(p, k)).count();
        if before == 1 {
            out.push(i);
        }
    }
    out
}

fn non_unique(items: &[Value]) -> Vec<usize> {
    let keys: Vec<Key> = items.iter().map(key_of).collect();
    non_unique_keys(&keys)
}

fn list_map(path: &Walk<'_>, s: &Schema, items: &[Value], errs: &mut Vec<FieldError>) {
    for (i, x) in items.iter().enumerate() {
        if !x.is_null() && !x.is_object() {
            errs.push(FieldError::invalid(
                &path.index(i).to_path(),
                x,
                "must be an object for an array of list-type map",
            ));
            return;
        }
    }
    if items.len() <= 1 {
        return;
    }
    if s.list_map_keys.len() == 1 {
        let field = &s.list_map_keys[0];
        let keys: Vec<Key> = items
            .iter()
            .map(|x| x.get(field).map_or(Key::Unspecified, key_of))
            .collect();
        for i in non_unique_keys(&keys) {
            let mut m = Map::new();
            if let Some(k) = items[i].get(field) {
                m.insert(field.clone(), k.clone());
            }
            errs.push(FieldError::duplicate(
                &path.index(i).to_path(),
                BadValue::Value(Value::Object(m)),
            ));
        }
        return;
    }
    let composite: Vec<Value> = items
        .iter()
        .map(|x| {
            let mut m = Map::new();
            for k in &s.list_map_keys {
                if let Some(v) = x.get(k) {
                    m.insert(k.clone(), v.clone());
                }
            }
            Value::Object(m)
        })
        .collect();
    for i in non_unique(&composite) {
        errs.push(FieldError::duplicate(
            &path.index(i).to_path(),
            BadValue::Value(composite[i].clone()),
        ));
    }
}
