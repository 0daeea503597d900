//! YAML manifests to JSON values with the source position of every node, read the way kubectl
//! reads them: YAML 1.1 scalars as go-yaml v2 resolves them (`yes`/`on`/`no` are booleans,
//! `0x1F` and `0777` integers, `1_000` a thousand), mapping keys made strings, merge keys
//! (`<<`), floats with integral values sent as integers (Go's `json.Marshal` writes `1.0` as
//! `1`), several documents per file, empty ones skipped, `List` kinds expanded.
//!
//! Bad input is an error, never a panic or an unbounded allocation: nesting deeper than
//! [`Limits::max_depth`], more nodes than [`Limits::max_nodes`] (alias bombs), NaN and
//! infinities (which JSON cannot carry) and complex keys end the file with a [`LoadError`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use super::path::{FieldPath, Seg};

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where each node of a document starts, by JSON pointer (`/spec/rules/0`): for a property,
/// its key; for a list item, the item.
///
/// Every node of every document is recorded but only the nodes of findings are ever looked
/// up, so recording is an append to one buffer (no allocation per node) and the lookup index
/// is built on the first lookup of a large document.
#[derive(Debug, Default)]
pub struct Positions {
    /// The pointers, concatenated.
    text: String,
    /// Where each pointer ends in `text` (it starts where the previous one ends), and its
    /// position, in recording order.
    entries: Vec<(usize, Position)>,
    /// Hash of a pointer to the index of its first entry.
    index: OnceLock<HashMap<u64, usize>>,
    /// Lookups so far: the index pays off only for documents with many findings.
    lookups: AtomicUsize,
}

impl Clone for Positions {
    fn clone(&self) -> Self {
        Positions {
            text: self.text.clone(),
            entries: self.entries.clone(),
            index: self.index.clone(),
            lookups: AtomicUsize::new(self.lookups.load(Ordering::Relaxed)),
        }
    }
}

/// Lookups answered by a scan before an index is built.
const SCAN_LOOKUPS: usize = 32;

impl Positions {
    /// An empty map (for objects that did not come from YAML).
    pub fn new() -> Self {
        Positions::default()
    }

    /// An empty map with room for `entries` pointers of `bytes` bytes in all.
    fn with_capacity(entries: usize, bytes: usize) -> Self {
        Positions {
            text: String::with_capacity(bytes),
            entries: Vec::with_capacity(entries),
            ..Positions::default()
        }
    }

    /// Records where the node at `pointer` starts (the first record of a pointer wins).
    pub fn insert(&mut self, pointer: &str, pos: Position) {
        self.push(pointer, pos);
    }

    fn push(&mut self, pointer: &str, pos: Position) {
        self.text.push_str(pointer);
        self.entries.push((self.text.len(), pos));
        self.index = OnceLock::new();
    }

    fn pointer_at(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.entries[i - 1].0 };
        &self.text[start..self.entries[i].0]
    }

    fn hash(pointer: &str) -> u64 {
        // Fixed keys: the index only has to spread pointers, not resist collisions
        // (a collision falls back to a scan).
        let mut h =
            std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
                .build_hasher();
        h.write(pointer.as_bytes());
        h.finish()
    }

    fn scan(&self, pointer: &str) -> Option<Position> {
        (0..self.entries.len())
            .find(|&i| self.pointer_at(i) == pointer)
            .map(|i| self.entries[i].1)
    }

    /// The position of the node at `pointer`, if it came from the source.
    pub fn get(&self, pointer: &str) -> Option<Position> {
        if self.index.get().is_none() && self.lookups.fetch_add(1, Ordering::Relaxed) < SCAN_LOOKUPS
        {
            return self.scan(pointer);
        }
        let index = self.index.get_or_init(|| {
            let mut index = HashMap::with_capacity(self.entries.len());
            for i in 0..self.entries.len() {
                index.entry(Self::hash(self.pointer_at(i))).or_insert(i);
            }
            index
        });
        match index.get(&Self::hash(pointer)) {
            Some(&i) if self.pointer_at(i) == pointer => Some(self.entries[i].1),
            Some(_) => self.scan(pointer),
            None => None,
        }
    }

    /// The position of `path`, or of its closest ancestor that has one (a missing required
    /// field is located at the object that lacks it).
    pub fn locate(&self, path: &FieldPath) -> Option<Position> {
        let mut segs = path.0.clone();
        loop {
            if let Some(p) = self.get(&FieldPath(segs.clone()).pointer()) {
                return Some(p);
            }
            segs.pop()?;
        }
    }

    /// The positions of the first `n` items of a `List` (`/items/<i>/...`), each re-rooted,
    /// in one pass.
    fn split_items(&self, n: usize) -> Vec<Positions> {
        let mut out = vec![Positions::new(); n];
        for i in 0..self.entries.len() {
            let Some(rest) = self.pointer_at(i).strip_prefix("/items/") else {
                continue;
            };
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let (num, rest) = rest.split_at(digits);
            if !(rest.is_empty() || rest.starts_with('/')) {
                continue;
            }
            if let Some(p) = num.parse::<usize>().ok().and_then(|k| out.get_mut(k)) {
                p.push(rest, self.entries[i].1);
            }
        }
        out
    }
}

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

/// Bounds on what one file may make the loader build.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes one document may expand to, aliases included.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 512,
            max_nodes: 2_000_000,
        }
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

enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        /// The length of this node's JSON pointer in `Builder::pointer`.
        len: usize,
    },
    Map {
        map: Map<String, Value>,
        anchor: usize,
        /// The length of this node's JSON pointer in `Builder::pointer`.
        len: usize,
        /// The key read, waiting for its value (key text, where the key is).
        key: Option<(String, Position)>,
        /// The key is `<<`: its value is merged.
        merge: bool,
        /// The keys given explicitly, once a merge has added others (until then, the map's
        /// keys are the explicit ones).
        explicit: Option<HashSet<String>>,
    },
}

struct Builder<'a> {
    limits: Limits,
    stack: Vec<Frame>,
    /// The JSON pointer of the node being built: each frame's node is a prefix of it, and a
    /// child's pointer is written after its parent's (no path is allocated per node).
    pointer: String,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    positions: Positions,
    duplicates: Vec<(FieldPath, Position)>,
    root: Option<(Value, Position)>,
    _text: &'a str,
}

fn pos(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
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
                    hint = (b.positions.entries.len(), b.positions.text.len());
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

type BuildError = (String, Position);

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: Limits, (entries, bytes): (usize, usize)) -> Self {
        Builder {
            limits,
            stack: Vec::new(),
            pointer: String::new(),
            anchors: HashMap::new(),
            nodes: 0,
            positions: Positions::with_capacity(entries, bytes),
            duplicates: Vec::new(),
            root: None,
            _text: text,
        }
    }

    /// Whether the node that starts now is a mapping key.
    fn at_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    /// Writes the JSON pointer of the node that starts now (a list item, or the root) into
    /// `self.pointer`. A mapping's values are written by `value_pointer`.
    fn item_pointer(&mut self) {
        if let Some(Frame::Seq { items, len, .. }) = self.stack.last() {
            let i = items.len();
            self.pointer.truncate(*len);
            self.pointer.push('/');
            push_decimal(&mut self.pointer, i);
        } else if self.stack.is_empty() {
            self.pointer.clear();
        }
    }

    /// The field path of the top frame's node (for the rare duplicate key).
    fn frame_path(&self) -> FieldPath {
        let mut segs = Vec::with_capacity(self.stack.len());
        for f in &self.stack[..self.stack.len().saturating_sub(1)] {
            match f {
                Frame::Seq { items, .. } => segs.push(Seg::Index(items.len())),
                Frame::Map { key, .. } => {
                    segs.push(Seg::Field(
                        key.as_ref().map_or(String::new(), |k| k.0.clone()),
                    ));
                }
            }
        }
        FieldPath(segs)
    }

    /// Records where a node starts, unless it is a mapping's value: properties are located
    /// at their key, recorded when the value completes.
    fn record(&mut self, at: Position) {
        if !matches!(self.stack.last(), Some(Frame::Map { .. })) {
            self.item_pointer();
            self.positions.push(&self.pointer, at);
        }
    }

    fn count(&mut self, n: usize, at: Position) -> Result<(), BuildError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err((
                format!(
                    "yaml: document contains excessive aliasing (more than {} nodes)",
                    self.limits.max_nodes
                ),
                at,
            ));
        }
        Ok(())
    }

    #[allow(clippy::too_many_lines)] // one arm per event kind
    fn event(&mut self, ev: Event<'_>, span: &Span) -> Result<(), BuildError> {
        let at = pos(span);
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, at)?;
                if self.at_key() {
                    let key = resolve_key(&text, style, tag.as_deref(), at)?;
                    if let Some(Frame::Map {
                        key: slot, merge, ..
                    }) = self.stack.last_mut()
                    {
                        *merge = style == ScalarStyle::Plain && tag.is_none() && key == "<<";
                        *slot = Some((key, at));
                    }
                    if anchor > 0 {
                        // An anchored key may be aliased as a value later.
                        let v = resolve_scalar(&text, style, tag.as_deref(), at)?;
                        self.anchors.insert(anchor, (v, 1));
                    }
                    return Ok(());
                }
                let value = resolve_scalar(&text, style, tag.as_deref(), at)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), 1));
                }
                self.record(at);
                self.complete(value, 1, at)
            }
            Event::Alias(id) => {
                let is_key = self.at_key();
                let Some(&(_, size)) = self.anchors.get(&id) else {
                    return Err(("yaml: unknown anchor referenced".to_owned(), at));
                };
                // Counted before the copy: an alias bomb stops here.
                self.count(size, at)?;
                let value = self
                    .anchors
                    .get(&id)
                    .map_or(Value::Null, |(v, _)| v.clone());
                if is_key {
                    let key = match &value {
                        Value::String(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Null => "null".to_owned(),
                        _ => return Err(complex_key(at)),
                    };
                    if let Some(Frame::Map { key: slot, .. }) = self.stack.last_mut() {
                        *slot = Some((key, at));
                    }
                    return Ok(());
                }
                self.record(at);
                self.complete(value, size, at)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.count(1, at)?;
                if self.at_key() {
                    return Err(complex_key(at));
                }
                if self.stack.len() >= self.limits.max_depth {
                    return Err((
                        format!(
                            "yaml: exceeded max depth of {} nested mappings and sequences",
                            self.limits.max_depth
                        ),
                        at,
                    ));
                }
                self.record(at);
                match self.stack.last() {
                    Some(Frame::Map {
                        key: Some((k, _)),
                        len,
                        ..
                    }) => {
                        self.pointer.truncate(*len);
                        self.pointer.push('/');
                        push_token(&mut self.pointer, k);
                    }
                    _ => self.item_pointer(),
                }
                let len = self.pointer.len();
                let frame = if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        len,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        anchor,
                        len,
                        key: None,
                        merge: false,
                        explicit: None,
                    }
                };
                self.stack.push(frame);
                if self.root.is_none() && self.stack.len() == 1 {
                    // Remember where the document's object starts.
                    self.root = Some((Value::Null, at));
                }
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let (value, anchor) = match frame {
                    Frame::Seq { items, anchor, .. } => (Value::Array(items), anchor),
                    Frame::Map { map, anchor, .. } => (Value::Object(map), anchor),
                };
                if anchor > 0 {
                    let size = count_nodes(&value);
                    self.anchors.insert(anchor, (value.clone(), size));
                }
                self.complete(value, 0, at)
            }
            _ => Ok(()),
        }
    }

    /// Hands a finished node to its parent (or makes it the document's root).
    fn complete(&mut self, value: Value, _size: usize, at: Position) -> Result<(), BuildError> {
        match self.stack.last_mut() {
            None => {
                let start = self.root.as_ref().map_or(at, |(_, p)| *p);
                self.root = Some((value, start));
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(value);
                Ok(())
            }
            Some(Frame::Map {
                map,
                key,
                merge,
                explicit,
                len,
                ..
            }) => {
                let Some((k, key_at)) = key.take() else {
                    return Ok(());
                };
                if *merge {
                    *merge = false;
                    let sources: Vec<Value> = match value {
                        Value::Object(_) => vec![value],
                        Value::Array(items) if items.iter().all(Value::is_object) => items,
                        _ => {
                            return Err((
                                "yaml: map merge requires map or sequence of maps as the value"
                                    .to_owned(),
                                key_at,
                            ));
                        }
                    };
                    let explicit = explicit.get_or_insert_with(|| map.keys().cloned().collect());
                    for source in sources {
                        if let Value::Object(m) = source {
                            for (mk, mv) in m {
                                if !explicit.contains(&mk) {
                                    map.insert(mk, mv);
                                }
                            }
                        }
                    }
                    return Ok(());
                }
                let duplicate = match explicit {
                    None => map.contains_key(&k),
                    Some(explicit) => !explicit.insert(k.clone()),
                };
                let len = *len;
                self.pointer.truncate(len);
                self.pointer.push('/');
                push_token(&mut self.pointer, &k);
                self.positions.push(&self.pointer, key_at);
                if duplicate {
                    let mut path = self.frame_path();
                    path.0.push(Seg::Field(k.clone()));
                    self.duplicates.push((path, key_at));
                }
                if let Some(Frame::Map { map, .. }) = self.stack.last_mut() {
                    map.insert(k, value);
                }
                Ok(())
            }
        }
    }
}

/// Appends a JSON pointer token (RFC 6901: `~` as `~0`, `/` as `~1`).
fn push_token(out: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
    } else {
        out.push_str(token);
    }
}

fn push_decimal(out: &mut String, n: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "{n}");
}

fn complex_key(at: Position) -> BuildError {
    (
        "yaml: mapping keys must be scalars (json: unsupported type: map[interface {}]interface {})"
            .to_owned(),
        at,
    )
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// The core-schema tag name (`str`, `int`, ...) of a `!!` tag.
fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    tag.filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str())
}

/// A mapping key as sigs.k8s.io/yaml turns it into a JSON object key.
fn resolve_key(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<String, BuildError> {
    Ok(match resolve_scalar(text, style, tag, at)? {
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(complex_key(at)),
    })
}

/// A scalar as go-yaml v2 resolves it, then as `json.Marshal` and the server's decoder see it.
fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<Value, BuildError> {
    let core = core_tag(tag);
    if style != ScalarStyle::Plain {
        // Quoted and block scalars are strings unless tagged otherwise.
        return match core {
            Some("int" | "float" | "bool" | "null") => typed(text, core.unwrap_or_default(), at),
            _ => Ok(Value::String(text.to_owned())),
        };
    }
    match (tag, core) {
        (Some(_), Some("str" | "binary" | "timestamp")) => Ok(Value::String(text.to_owned())),
        (Some(_), Some(t @ ("int" | "float" | "bool" | "null"))) => typed(text, t, at),
        // Untagged, or a tag go-yaml keeps as it is: the resolved plain value.
        _ => plain(text, at),
    }
}

fn typed(text: &str, tag: &str, at: Position) -> Result<Value, BuildError> {
    let v = plain(text, at)?;
    let ok = match tag {
        "int" => v.is_i64() || v.is_u64(),
        "float" => v.is_number(),
        "bool" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    };
    if ok {
        Ok(v)
    } else {
        Err((
            format!("yaml: cannot decode !!str `{text}` as a !!{tag}"),
            at,
        ))
    }
}

/// go-yaml v2's `resolve` for an untagged plain scalar.
fn plain(text: &str, at: Position) -> Result<Value, BuildError> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Ok(Value::Bool(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Ok(Value::Bool(false));
        }
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        ".nan" | ".NaN" | ".NAN" => {
            return Err(("json: unsupported value: NaN".to_owned(), at));
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Err(("json: unsupported value: +Inf".to_owned(), at));
        }
        "-.inf" | "-.Inf" | "-.INF" => {
            return Err(("json: unsupported value: -Inf".to_owned(), at));
        }
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => {
            if let Some(f) = go_parse_float(text) {
                return Ok(float_value(f));
            }
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                return Ok(Value::Number(i.into()));
            }
            if let Some(u) = go_parse_uint(&plain) {
                // Beyond int64: the server decodes it as a float64.
                #[allow(clippy::cast_precision_loss)]
                return Ok(float_value(u as f64));
            }
            if is_yaml_float(&plain)
                && let Some(f) = go_parse_float(&plain)
            {
                return Ok(float_value(f));
            }
        }
        _ => {}
    }
    Ok(Value::String(text.to_owned()))
}

/// A float as the server receives it after `json.Marshal`: integral values below 1e21 are
/// written without a fraction and decoded as integers.
fn float_value(f: f64) -> Value {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Value::Number((f as i64).into());
        }
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `strconv.ParseFloat(s, 64)` for the decimal forms YAML produces.
fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() || t.contains(['i', 'I', 'n', 'N', 'x', 'X', '_']) {
        return None;
    }
    t.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b` or a leading `0` (octal).
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let magnitude = parse_magnitude(body)?;
    if neg {
        if magnitude == 1u64 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|m| -m)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strconv.ParseUint(s, 0, 64)`.
fn go_parse_uint(s: &str) -> Option<u64> {
    parse_magnitude(s.strip_prefix('+').unwrap_or(s))
}

fn parse_magnitude(body: &str) -> Option<u64> {
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
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
