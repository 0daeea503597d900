//! Source positions of the nodes of a loaded document, by JSON pointer, recorded cheaply while
//! loading and looked up only for the nodes that findings name.

use std::collections::HashMap;
use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::validate::path::FieldPath;

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
    pub(super) fn with_capacity(entries: usize, bytes: usize) -> Self {
        Positions {
            text: String::with_capacity(bytes),
            entries: Vec::with_capacity(entries),
            ..Positions::default()
        }
    }

    /// How many pointers, of how many bytes in all, are recorded (to size the next
    /// document's map like this one).
    pub(super) fn size(&self) -> (usize, usize) {
        (self.entries.len(), self.text.len())
    }

    /// Records where the node at `pointer` starts (the first record of a pointer wins).
    pub fn insert(&mut self, pointer: &str, pos: Position) {
        self.push(pointer, pos);
    }

    pub(super) fn push(&mut self, pointer: &str, pos: Position) {
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
    pub(super) fn split_items(&self, n: usize) -> Vec<Positions> {
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
