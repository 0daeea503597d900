//! `kubectl get -o json`: `json.MarshalIndent(obj, "", "    ")` of the decoded object, plus the
//! `List` kubectl wraps several objects in.

use serde_json::{Map, Value};

use crate::gofmt;

/// What `kubectl get -o json` prints for `value`: four-space indentation, keys in Go's map order
/// (sorted byte-wise, whatever order `value` holds them in), `<`, `>`, `&`, U+2028 and U+2029
/// escaped as `\u003c`..., numbers as kubectl decoded them (`1.0` prints as `1`), and a
/// trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    write_indented(&mut out, value, 0);
    out.push('\n');
    out
}

/// `json.Marshal` of the decoded value: compact, as `-o jsonpath` prints maps and lists.
pub fn to_compact_json(value: &Value) -> String {
    let mut out = String::new();
    gofmt::write_json_compact(&mut out, value);
    out
}

/// The object kubectl prints for `-o json`/`-o yaml` when a query returns several objects, or a
/// list: `{"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}`.
pub fn list(items: Vec<Value>) -> Value {
    let mut metadata = Map::new();
    metadata.insert("resourceVersion".to_owned(), Value::String(String::new()));
    let mut list = Map::new();
    list.insert("apiVersion".to_owned(), Value::String("v1".to_owned()));
    list.insert("items".to_owned(), Value::Array(items));
    list.insert("kind".to_owned(), Value::String("List".to_owned()));
    list.insert("metadata".to_owned(), Value::Object(metadata));
    Value::Object(list)
}

/// What `-o json` and `-o yaml` do before printing unless `--show-managed-fields`: drop
/// `metadata.managedFields` of the object, or of each item of a list. (`-o jsonpath`,
/// `-o custom-columns` and `-o name` see the object whole.)
pub fn omit_managed_fields(value: &mut Value) {
    if let Some(Value::Array(items)) = value.get_mut("items") {
        for item in items {
            remove_managed_fields(item);
        }
    } else {
        remove_managed_fields(value);
    }
}

fn remove_managed_fields(value: &mut Value) {
    if let Some(Value::Object(metadata)) = value.get_mut("metadata") {
        metadata.remove("managedFields");
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

fn write_indented(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_indented(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (k, item)) in gofmt::sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                gofmt::write_json_string(out, k);
                out.push_str(": ");
                write_indented(out, item, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        _ => gofmt::write_json_compact(out, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_marshal_indent() {
        let v = json!({"b": [1, 2.5, {}], "a": {"x": "<&>"}, "c": [], "d": 1.0});
        assert_eq!(
            to_json(&v),
            "{\n    \"a\": {\n        \"x\": \"\\u003c\\u0026\\u003e\"\n    },\n    \"b\": [\n        1,\n        2.5,\n        {}\n    ],\n    \"c\": [],\n    \"d\": 1\n}\n"
        );
    }
}
