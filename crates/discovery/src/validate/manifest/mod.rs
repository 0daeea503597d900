//! YAML manifests to JSON values with the source position of every node, read the way kubectl
//! reads them: YAML 1.1 scalars as go-yaml v2 resolves them (`yes`/`on`/`no` are booleans,
//! `0x1F` and `0777` integers, `1_000` a thousand), mapping keys made strings, merge keys
//! (`<<`), floats with integral values sent as integers (Go's `json.Marshal` writes `1.0` as
//! `1`), several documents per file, empty ones skipped, `List` kinds expanded.
//!
//! Bad input is an error, never a panic or an unbounded allocation: nesting deeper than
//! [`Limits::max_depth`], more nodes than [`Limits::max_nodes`] (alias bombs), NaN and
//! infinities (which JSON cannot carry) and complex keys end the file with a [`LoadError`].

mod builder;
mod position;
mod resolve;

use std::borrow::Cow;

use saphyr_parser::{Event, Parser};
use serde_json::Value;

pub use builder::Limits;
pub use position::{Position, Positions};

use crate::validate::path::{FieldPath, Seg};
use builder::Builder;

/// One object read from a file.
#[derive(Debug, Clone)]
pub struct Document {
    /// 0-based index of the YAML document in its file.
    pub index: usize,
    /// For items of an expanded `List`, their index in `items`.
    pub list_item: Option<usize>,
    /// The object.
    pub value: Value,
    /// Where its nodes start.
    pub positions: Positions,
    /// Keys that appeared twice in one mapping (the last value is kept, as kubectl does; the
    /// API server's strict decoding reports them).
    pub duplicates: Vec<(FieldPath, Position)>,
    /// Where the object starts.
    pub start: Position,
}

/// A document or file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// What went wrong, in go-yaml's or kubectl's words where they have some.
    pub message: String,
    /// Where, when known.
    pub position: Option<Position>,
    /// The 0-based index of the document, when the error belongs to one.
    pub document: Option<usize>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Everything read from one file: its objects in order, and the errors that stopped or
/// skipped parts of it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Objects, `List`s expanded.
    pub documents: Vec<Document>,
    /// Documents that were not objects, and the error that ended the file, if any.
    pub errors: Vec<LoadError>,
}

fn err(message: impl Into<String>, position: Option<Position>, document: usize) -> LoadError {
    LoadError {
        message: message.into(),
        position,
        document: Some(document),
    }
}

/// Reads every document of `text`.
pub fn load(text: &str, limits: Limits) -> Loaded {
    let mut out = Loaded::default();
    let parser = Parser::new_from_str(text);
    let mut doc_index: usize = 0;
    let mut hint = (64, 1024);
    let mut builder: Option<Builder<'_>> = None;
    let mut in_doc = false;
    for next in parser {
        let (event, span) = match next {
            Ok(e) => e,
            Err(e) => {
                let m = e.marker();
                let position = Position {
                    line: m.line(),
                    column: m.col() + 1,
                };
                out.errors.push(err(
                    format!("yaml: line {}: {}", m.line(), e.info()),
                    Some(position),
                    doc_index,
                ));
                return out;
            }
        };
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                in_doc = true;
                builder = Some(Builder::new(text, limits, hint));
            }
            Event::DocumentEnd => {
                if let Some(b) = builder.take() {
                    // Documents of one file tend to be alike: size the next one's positions
                    // like this one's.
                    hint = b.positions.size();
                    finish_document(b, doc_index, &mut out);
                }
                doc_index += 1;
                in_doc = false;
            }
            ev => {
                let Some(b) = builder.as_mut() else { continue };
                if let Err(e) = b.event(ev, &span) {
                    out.errors.push(err(e.0, Some(e.1), doc_index));
                    return out;
                }
            }
        }
    }
    if in_doc && let Some(b) = builder.take() {
        finish_document(b, doc_index, &mut out);
    }
    out
}

fn finish_document(b: Builder<'_>, index: usize, out: &mut Loaded) {
    let Some((value, start)) = b.root else {
        return; // empty or comment-only
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            let value = Value::Object(map);
            let is_list = value
                .get("kind")
                .and_then(Value::as_str)
                .is_some_and(|k| k.ends_with("List"))
                && value.get("items").is_some_and(Value::is_array);
            if is_list {
                let Value::Object(mut map) = value else {
                    return;
                };
                let Some(Value::Array(items)) = map.remove("items") else {
                    return;
                };
                let mut item_positions = b.positions.split_items(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    let positions = std::mem::take(&mut item_positions[i]);
                    let start = positions.get("").unwrap_or(start);
                    if !item.is_object() {
                        out.errors.push(err(
                            format!(
                                "items[{i}]: expected an object, got {}",
                                json_type_name(&item)
                            ),
                            Some(start),
                            index,
                        ));
                        continue;
                    }
                    let prefix = FieldPath(vec![Seg::Field("items".into()), Seg::Index(i)]);
                    let duplicates = b
                        .duplicates
                        .iter()
                        .filter(|(p, _)| p.0.starts_with(&prefix.0))
                        .map(|(p, at)| (FieldPath(p.0[2..].to_vec()), *at))
                        .collect();
                    out.documents.push(Document {
                        index,
                        list_item: Some(i),
                        value: item,
                        positions,
                        duplicates,
                        start,
                    });
                }
            } else {
                out.documents.push(Document {
                    index,
                    list_item: None,
                    value,
                    positions: b.positions,
                    duplicates: b.duplicates,
                    start,
                });
            }
        }
        other => out.errors.push(err(
            format!(
                "error unmarshaling JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                go_json_type(&other)
            ),
            Some(start),
            index,
        )),
    }
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// How Go's `encoding/json` names a JSON value's type in "cannot unmarshal X" messages.
fn go_json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reads a file's bytes as text: invalid UTF-8 and NUL bytes (binary files) are errors.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].split(|b| *b == b'\n').count();
        LoadError {
            message: format!(
                "invalid UTF-8 at byte {} (is this a binary file?)",
                e.valid_up_to()
            ),
            position: Some(Position { line, column: 1 }),
            document: None,
        }
    })?;
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(LoadError {
            message: "the file contains NUL bytes (is this a binary file?)".to_owned(),
            position: Some(Position { line, column: 1 }),
            document: None,
        });
    }
    // A byte-order mark is not part of the first key.
    Ok(Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(text: &str) -> Value {
        let loaded = load(text, Limits::default());
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert_eq!(loaded.documents.len(), 1);
        loaded.documents.into_iter().next().unwrap().value
    }

    #[test]
    fn yaml_1_1_scalars_as_kubectl_reads_them() {
        let v = one(
            "a: yes\nb: on\nc: no\nd: 0x1F\ne: 0777\nf: 1_000\ng: 1.0\nh: 1.5\ni: ~\nj: '1'\nk: 08\nl: +12\nm: 2024-01-02\nnn: 1e3\no: 12:30\np: .5\nn: key\n",
        );
        assert_eq!(
            v,
            json!({"a": true, "b": true, "c": false, "d": 31, "e": 511, "f": 1000, "g": 1,
                   "h": 1.5, "i": null, "j": "1", "k": 8, "l": 12, "m": "2024-01-02",
                   "o": "12:30", "p": 0.5, "nn": 1000, "false": "key"})
        );
    }

    #[test]
    fn positions_duplicates_and_documents() {
        let text = "# comment only\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: yy\ndata:\n  - a\n  - b\n---\n# nothing\n";
        let loaded = load(text, Limits::default());
        assert!(loaded.errors.is_empty());
        assert_eq!(loaded.documents.len(), 1);
        let d = &loaded.documents[0];
        // The comment-only and empty documents are skipped.
        assert!(d.index >= 1);
        assert_eq!(d.value["metadata"]["name"], "yy");
        assert_eq!(
            d.positions.get("/metadata/name"),
            Some(Position { line: 7, column: 3 })
        );
        assert_eq!(
            d.positions.get("/data/1"),
            Some(Position {
                line: 11,
                column: 5
            })
        );
        assert_eq!(d.duplicates.len(), 1);
        assert_eq!(d.duplicates[0].0.to_string(), "metadata.name");
        assert_eq!(
            d.positions.locate(&FieldPath::fields(&["spec", "x"])),
            Some(Position { line: 4, column: 1 })
        );
    }

    #[test]
    fn lists_merges_and_anchors() {
        let text =
            "apiVersion: v1\nkind: List\nitems:\n- &a {kind: A, x: 1}\n- <<: *a\n  kind: B\n";
        let loaded = load(text, Limits::default());
        assert_eq!(loaded.documents.len(), 2);
        assert_eq!(loaded.documents[1].value, json!({"kind": "B", "x": 1}));
        assert_eq!(loaded.documents[1].list_item, Some(1));
        assert_eq!(
            loaded.documents[1].positions.get("/kind"),
            Some(Position { line: 6, column: 3 })
        );
    }

    #[test]
    fn hostile_input_is_an_error() {
        use std::fmt::Write as _;
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("b{}", i - 1)
            };
            let refs = vec![format!("*{prev}"); 10].join(", ");
            let _ = writeln!(bomb, "b{i}: &b{i} [{refs}]");
        }
        let loaded = load(&bomb, Limits::default());
        assert!(
            loaded.errors[0].message.contains("excessive aliasing"),
            "{:?}",
            loaded.errors
        );

        let deep = "[".repeat(10_000);
        let loaded = load(&deep, Limits::default());
        assert_eq!(loaded.errors.len(), 1);

        assert!(decode_text(b"a: \xff\xfe").is_err());
        assert!(decode_text(b"\x00\x01binary").is_err());
        let loaded = load("a: .nan\n", Limits::default());
        assert_eq!(loaded.errors.len(), 1);
        let loaded = load("just a string\n", Limits::default());
        assert_eq!(loaded.errors.len(), 1);
        let loaded = load("? [a]\n: b\n", Limits::default());
        assert_eq!(loaded.errors.len(), 1);
    }
}
