//! Field paths as the API server renders them (`spec.rules[0].rewrite`, `spec.headers[x-key]`),
//! kept as segments so that a finding can also be located in the source by JSON pointer.

use std::fmt;

/// One step into a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A property of an object (`.name`).
    Field(String),
    /// A key of a map (`[key]` in Go field paths; apimachinery's `Path.Key`).
    Key(String),
    /// An index of a list (`[3]`).
    Index(usize),
}

impl Seg {
    /// The object key or list index this segment steps into, for JSON pointers.
    fn pointer_token(&self) -> String {
        match self {
            Seg::Field(k) | Seg::Key(k) => k.replace('~', "~0").replace('/', "~1"),
            Seg::Index(i) => i.to_string(),
        }
    }
}

/// A path from the root of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Seg>);

impl FieldPath {
    /// The root.
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// A path from dotted field names (`["spec", "rules"]`).
    pub fn fields(names: &[&str]) -> Self {
        FieldPath(names.iter().map(|n| Seg::Field((*n).to_owned())).collect())
    }

    /// This path plus a property.
    #[must_use]
    pub fn child(&self, name: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Field(name.to_owned()));
        FieldPath(v)
    }

    /// This path plus a map key.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(key.to_owned()));
        FieldPath(v)
    }

    /// This path plus a list index.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        FieldPath(v)
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The RFC 6901 JSON pointer of the path (`/spec/rules/0/rewrite`).
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            out.push('/');
            out.push_str(&seg.pointer_token());
        }
        out
    }

    /// The path as kube-openapi writes it in messages: properties and map keys joined with
    /// `.`, indices in brackets (`spec.headers.x-retries`, `spec.rules[0]`).
    pub fn openapi(&self) -> String {
        let mut out = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Field(k) | Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The path as kube-openapi's map-key form, where a map key at the root still gets a
    /// leading dot (`.key`): only used to reproduce its messages exactly.
    pub fn openapi_raw(&self) -> String {
        self.raw_name().to_string()
    }

    /// [`FieldPath::openapi_raw`], written only when displayed (validators name every node
    /// they check, but only failing ones are printed).
    pub fn raw_name(&self) -> RawName<'_> {
        RawName(self)
    }
}

/// See [`FieldPath::raw_name`].
#[derive(Debug, Clone, Copy)]
pub struct RawName<'a>(&'a FieldPath);

impl fmt::Display for RawName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.0.iter().enumerate() {
            match seg {
                Seg::Field(k) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => {
                    f.write_str(".")?;
                    f.write_str(k)?;
                }
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// The path of the node a traversal is at, borrowed from the traversal's own stack frames:
/// stepping into a child allocates nothing, and the path becomes a [`FieldPath`] only when an
/// error names it (most nodes of most documents never do).
#[derive(Debug, Clone, Copy)]
pub enum Walk<'a> {
    /// Where the walk starts.
    Base(&'a FieldPath),
    /// A property of the parent.
    Field(&'a Walk<'a>, &'a str),
    /// A map key of the parent.
    Key(&'a Walk<'a>, &'a str),
    /// An item of the parent.
    Index(&'a Walk<'a>, usize),
}

static ROOT: FieldPath = FieldPath(Vec::new());

impl<'a> Walk<'a> {
    /// A walk from the root.
    pub fn root() -> Walk<'static> {
        Walk::Base(&ROOT)
    }

    /// A walk from `base`.
    pub fn from(base: &'a FieldPath) -> Self {
        Walk::Base(base)
    }

    /// This path plus a property.
    #[must_use]
    pub fn child<'b>(&'b self, name: &'b str) -> Walk<'b> {
        Walk::Field(self, name)
    }

    /// This path plus a map key.
    #[must_use]
    pub fn key<'b>(&'b self, key: &'b str) -> Walk<'b> {
        Walk::Key(self, key)
    }

    /// This path plus a list index.
    #[must_use]
    pub fn index(&self, i: usize) -> Walk<'_> {
        Walk::Index(self, i)
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        matches!(self, Walk::Base(p) if p.is_root())
    }

    /// The path, owned.
    pub fn to_path(&self) -> FieldPath {
        let mut segs = Vec::new();
        self.collect(&mut segs);
        FieldPath(segs)
    }

    fn collect(&self, out: &mut Vec<Seg>) {
        match self {
            Walk::Base(p) => out.extend(p.0.iter().cloned()),
            Walk::Field(parent, name) => {
                parent.collect(out);
                out.push(Seg::Field((*name).to_owned()));
            }
            Walk::Key(parent, key) => {
                parent.collect(out);
                out.push(Seg::Key((*key).to_owned()));
            }
            Walk::Index(parent, i) => {
                parent.collect(out);
                out.push(Seg::Index(*i));
            }
        }
    }

    /// [`FieldPath::raw_name`] of this path, built only when displayed.
    pub fn raw_name(&self) -> WalkName<'_> {
        WalkName(self)
    }
}

/// See [`Walk::raw_name`].
#[derive(Debug, Clone, Copy)]
pub struct WalkName<'a>(&'a Walk<'a>);

impl fmt::Display for WalkName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.to_path().raw_name(), f)
    }
}

/// Renders as apimachinery's `field.Path.String()`: `spec.rules[0].rewrite`, map keys in
/// brackets.
impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Field(k) => {
                    if n > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Seg::Key(k) => write!(f, "[{k}]")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_apimachinery_and_kube_openapi() {
        let p = FieldPath::fields(&["spec", "headers"]).key("x-a/b");
        assert_eq!(p.to_string(), "spec.headers[x-a/b]");
        assert_eq!(p.openapi(), "spec.headers.x-a/b");
        assert_eq!(p.pointer(), "/spec/headers/x-a~1b");
        let q = FieldPath::fields(&["spec", "rules"])
            .index(0)
            .child("rewrite");
        assert_eq!(q.to_string(), "spec.rules[0].rewrite");
        assert_eq!(q.openapi(), "spec.rules[0].rewrite");
        assert_eq!(FieldPath::root().key("k").openapi_raw(), ".k");
    }

    #[test]
    fn walks_become_the_same_paths() {
        let base = FieldPath::fields(&["spec"]);
        let w = Walk::from(&base);
        let headers = w.child("headers");
        let key = headers.key("x-a/b");
        assert_eq!(key.to_path(), base.child("headers").key("x-a/b"));
        let rules = w.child("rules");
        let item = rules.index(0);
        assert_eq!(
            item.child("rewrite").to_path().to_string(),
            "spec.rules[0].rewrite"
        );
        assert_eq!(Walk::root().key("k").raw_name().to_string(), ".k");
        assert!(Walk::root().is_root() && !w.is_root());
    }
}
