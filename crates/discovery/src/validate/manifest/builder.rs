//! YAML parser events to one document's JSON value, as go-yaml v2's decoder builds it
//! (`decode.go` of gopkg.in/yaml.v2 v2.4.0: anchors and aliases, `<<` merge keys, the last of
//! duplicate keys kept), bounded by [`Limits`], with the position of every node recorded and
//! duplicate keys reported as the API server's strict decoding does.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, ScalarStyle, Span};
use serde_json::{Map, Value};

use super::position::{Position, Positions};
use super::resolve::{BuildError, complex_key, resolve_key, resolve_scalar};
use crate::validate::path::{FieldPath, Seg};

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

/// Builds one document's value from parser events: anchors, aliases, merge keys, the JSON
/// pointer and position of every node, duplicate keys.
pub(super) struct Builder<'a> {
    limits: Limits,
    stack: Vec<Frame>,
    /// The JSON pointer of the node being built: each frame's node is a prefix of it, and a
    /// child's pointer is written after its parent's (no path is allocated per node).
    pointer: String,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    pub(super) positions: Positions,
    pub(super) duplicates: Vec<(FieldPath, Position)>,
    /// The document's value once complete, and where it starts.
    pub(super) root: Option<(Value, Position)>,
    _text: &'a str,
}

/// Where a parser event starts.
pub(super) fn pos(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, limits: Limits, (entries, bytes): (usize, usize)) -> Self {
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
    pub(super) fn event(&mut self, ev: Event<'_>, span: &Span) -> Result<(), BuildError> {
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

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}
