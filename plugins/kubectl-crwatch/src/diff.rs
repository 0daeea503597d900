//! Field-level differences between two versions of an object: which fields were added, removed
//! or replaced, with JSON-pointer paths for machines and dotted paths for people, and the
//! noise that changes on every write filtered out.

use std::sync::LazyLock;

use serde_json::{Map, Value};

/// What happened to one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// The field is new.
    Add,
    /// The field is gone.
    Remove,
    /// The field's value changed.
    Replace,
}

impl Op {
    /// The name JSON output uses (as in JSON Patch).
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Remove => "remove",
            Op::Replace => "replace",
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Added, removed or replaced.
    pub op: Op,
    /// JSON pointer (RFC 6901), e.g. `/spec/features/2`. Indexes of removed array elements
    /// count in the old array, all others in the new one.
    pub pointer: String,
    /// The same path for people, e.g. `spec.features[2]`.
    pub display: String,
    /// The value before (none when added).
    pub old: Option<Value>,
    /// The value after (none when removed).
    pub new: Option<Value>,
}

/// Pointer of `metadata.generation`, which text output shows on the event line instead.
pub const GENERATION: &str = "/metadata/generation";

/// Which changes count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// Whether changes under `status` are kept.
    pub status: bool,
}

/// Arrays longer than this (old × new elements) are compared position by position instead of
/// by longest common subsequence, to keep a diff cheap.
const LCS_LIMIT: usize = 250_000;

/// The changes from `old` to `new`, in document order (object keys sorted), without noise:
/// `metadata.resourceVersion`, `metadata.managedFields`, kubectl's last-applied annotation,
/// and `status` unless the filter keeps it.
pub fn diff(old: &Value, new: &Value, filter: Filter) -> Vec<Change> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(old, new, &mut path, filter, &mut out);
    out
}

#[derive(Debug, Clone)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Whether the key `key` under `path` is noise that is never shown.
fn hidden(path: &[Seg<'_>], key: &str, filter: Filter) -> bool {
    match path {
        [] => key == "status" && !filter.status,
        [Seg::Key("metadata")] => key == "resourceVersion" || key == "managedFields",
        [Seg::Key("metadata"), Seg::Key("annotations")] => {
            key == "kubectl.kubernetes.io/last-applied-configuration"
        }
        _ => false,
    }
}

/// Whether noise may hide below `path`: a whole object added or removed there is expanded
/// field by field so that the noise inside it stays out.
fn holds_noise(path: &[Seg<'_>]) -> bool {
    matches!(
        path,
        [] | [Seg::Key("metadata")] | [Seg::Key("metadata"), Seg::Key("annotations")]
    )
}

fn walk<'a>(
    old: &'a Value,
    new: &'a Value,
    path: &mut Vec<Seg<'a>>,
    filter: Filter,
    out: &mut Vec<Change>,
) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => objects(a, b, path, filter, out),
        (Value::Array(a), Value::Array(b)) => arrays(a, b, path, filter, out),
        _ if old != new => out.push(change(Op::Replace, path, Some(old), Some(new))),
        _ => {}
    }
}

/// An empty object, the other side of a whole object added or removed.
static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

fn objects<'a>(
    a: &'a Map<String, Value>,
    b: &'a Map<String, Value>,
    path: &mut Vec<Seg<'a>>,
    filter: Filter,
    out: &mut Vec<Change>,
) {
    let mut keys: Vec<&'a String> = a
        .keys()
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .collect();
    keys.sort();
    for key in keys {
        if hidden(path, key, filter) {
            continue;
        }
        let expand = holds_noise(path);
        path.push(Seg::Key(key));
        match (a.get(key), b.get(key)) {
            (Some(x), Some(y)) => walk(x, y, path, filter, out),
            (Some(Value::Object(x)), None) if expand => objects(x, &EMPTY, path, filter, out),
            (None, Some(Value::Object(y))) if expand => objects(&EMPTY, y, path, filter, out),
            (Some(x), None) => out.push(change(Op::Remove, path, Some(x), None)),
            (None, Some(y)) => out.push(change(Op::Add, path, None, Some(y))),
            (None, None) => {}
        }
        path.pop();
    }
}

/// Arrays of equal length are compared element by element (a changed field inside a list
/// item stays one change). Otherwise elements are matched by longest common subsequence, so
/// that an insertion shows as one `+`, and a removed element next to an added one is diffed
/// as a change of that element.
fn arrays<'a>(
    a: &'a [Value],
    b: &'a [Value],
    path: &mut Vec<Seg<'a>>,
    filter: Filter,
    out: &mut Vec<Change>,
) {
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            path.push(Seg::Index(i));
            walk(x, y, path, filter, out);
            path.pop();
        }
        return;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let script = if mid_a.len().saturating_mul(mid_b.len()) <= LCS_LIMIT {
        lcs_script(mid_a, mid_b)
    } else {
        positional_script(mid_a.len(), mid_b.len())
    };
    // Consecutive removals and insertions between two kept elements: pair them up as changed
    // elements, then the rest are plain removals or additions.
    let mut removed: Vec<usize> = Vec::new();
    let mut added: Vec<usize> = Vec::new();
    for step in script.into_iter().chain([Step::End]) {
        match step {
            Step::Remove(i) => removed.push(prefix + i),
            Step::Insert(j) => added.push(prefix + j),
            Step::Keep | Step::End => {
                let paired = removed.len().min(added.len());
                for (&i, &j) in removed.iter().zip(&added) {
                    path.push(Seg::Index(j));
                    walk(&a[i], &b[j], path, filter, out);
                    path.pop();
                }
                for &i in &removed[paired..] {
                    path.push(Seg::Index(i));
                    out.push(change(Op::Remove, path, Some(&a[i]), None));
                    path.pop();
                }
                for &j in &added[paired..] {
                    path.push(Seg::Index(j));
                    out.push(change(Op::Add, path, None, Some(&b[j])));
                    path.pop();
                }
                removed.clear();
                added.clear();
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Keep,
    Remove(usize),
    Insert(usize),
    End,
}

/// An edit script from `old` to `new` that keeps a longest common subsequence.
fn lcs_script(old: &[Value], new: &[Value]) -> Vec<Step> {
    let (rows, cols) = (old.len(), new.len());
    // table[at(r, c)]: length of the LCS of old[r..] and new[c..].
    let mut table = vec![0u32; (rows + 1) * (cols + 1)];
    let at = |row: usize, col: usize| row * (cols + 1) + col;
    for row in (0..rows).rev() {
        for col in (0..cols).rev() {
            table[at(row, col)] = if old[row] == new[col] {
                table[at(row + 1, col + 1)] + 1
            } else {
                table[at(row + 1, col)].max(table[at(row, col + 1)])
            };
        }
    }
    let mut steps = Vec::with_capacity(rows + cols);
    let (mut row, mut col) = (0, 0);
    while row < rows && col < cols {
        if old[row] == new[col] {
            steps.push(Step::Keep);
            row += 1;
            col += 1;
        } else if table[at(row + 1, col)] >= table[at(row, col + 1)] {
            steps.push(Step::Remove(row));
            row += 1;
        } else {
            steps.push(Step::Insert(col));
            col += 1;
        }
    }
    steps.extend((row..rows).map(Step::Remove));
    steps.extend((col..cols).map(Step::Insert));
    steps
}

/// A script that pairs elements by position: cheap for huge arrays.
fn positional_script(n: usize, m: usize) -> Vec<Step> {
    (0..n)
        .map(Step::Remove)
        .chain((0..m).map(Step::Insert))
        .collect()
}

fn change(op: Op, path: &[Seg<'_>], old: Option<&Value>, new: Option<&Value>) -> Change {
    Change {
        op,
        pointer: pointer(path),
        display: display(path),
        old: old.cloned(),
        new: new.cloned(),
    }
}

fn pointer(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

/// `spec.rateLimits.requestsPerMinute`, `spec.features[2]`,
/// `metadata.labels["app.kubernetes.io/name"]`.
fn display(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if is_plain(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Key(k) => {
                s.push('[');
                s.push_str(&Value::String((*k).to_owned()).to_string());
                s.push(']');
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ALL: Filter = Filter { status: true };

    /// Each change as one line, the way the text output prints it.
    fn lines(old: &Value, new: &Value, filter: Filter) -> Vec<String> {
        diff(old, new, filter)
            .into_iter()
            .map(|c| match c.op {
                Op::Add => format!("+ {} {} = {}", c.display, c.pointer, c.new.unwrap()),
                Op::Remove => format!("- {} {} (was {})", c.display, c.pointer, c.old.unwrap()),
                Op::Replace => format!(
                    "  {} {}: {} -> {}",
                    c.display,
                    c.pointer,
                    c.old.unwrap(),
                    c.new.unwrap()
                ),
            })
            .collect()
    }

    fn model() -> Value {
        json!({
            "apiVersion": "gateway.ai.example.com/v1",
            "kind": "LLMModel",
            "metadata": {
                "name": "gpt-4o", "namespace": "default", "generation": 1,
                "resourceVersion": "100", "uid": "u1",
                "labels": {"tier": "premium"},
                "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{...}"},
                "managedFields": [{"manager": "kubectl", "operation": "Update"}]
            },
            "spec": {
                "provider": "openai",
                "rateLimits": {"requestsPerMinute": 1000},
                "features": ["chat", "vision", "tools"],
                "endpoints": [{"name": "a", "weight": 1}, {"name": "b", "weight": 2}]
            }
        })
    }

    #[test]
    fn scalars_added_removed_and_replaced() {
        let old = model();
        let mut new = model();
        new["spec"]["rateLimits"]["requestsPerMinute"] = json!(500);
        new["spec"]["displayName"] = json!("GPT-4o");
        new["metadata"]["labels"] = json!({"team": "search"});
        new["metadata"]["generation"] = json!(2);
        assert_eq!(
            lines(&old, &new, ALL),
            [
                "  metadata.generation /metadata/generation: 1 -> 2",
                "+ metadata.labels.team /metadata/labels/team = \"search\"",
                "- metadata.labels.tier /metadata/labels/tier (was \"premium\")",
                "+ spec.displayName /spec/displayName = \"GPT-4o\"",
                "  spec.rateLimits.requestsPerMinute /spec/rateLimits/requestsPerMinute: 1000 -> 500",
            ]
        );
    }

    #[test]
    fn noise_is_hidden() {
        let old = model();
        let mut new = model();
        new["metadata"]["resourceVersion"] = json!("101");
        new["metadata"]["managedFields"] = json!([{"manager": "other"}]);
        new["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] =
            json!("{changed}");
        assert!(diff(&old, &new, ALL).is_empty());

        // Status is shown by default and hidden on request. A whole new top-level section
        // shows field by field.
        new["status"] = json!({"phase": "Ready", "conditions": [{"type": "Ready"}]});
        assert_eq!(
            lines(&old, &new, ALL),
            [
                "+ status.conditions /status/conditions = [{\"type\":\"Ready\"}]",
                "+ status.phase /status/phase = \"Ready\"",
            ]
        );
        assert!(diff(&old, &new, Filter { status: false }).is_empty());
    }

    #[test]
    fn whole_metadata_maps_added_keep_noise_out() {
        let mut old = model();
        old["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("annotations");
        let mut new = model();
        new["metadata"]["annotations"]["example.com/owner"] = json!("team-a");
        assert_eq!(
            lines(&old, &new, ALL),
            [
                "+ metadata.annotations[\"example.com/owner\"] /metadata/annotations/example.com~1owner = \"team-a\""
            ]
        );
    }

    #[test]
    fn array_insertions_and_removals_are_single_changes() {
        let old = model();
        let mut new = model();
        new["spec"]["features"] = json!(["chat", "embeddings", "vision", "tools"]);
        assert_eq!(
            lines(&old, &new, ALL),
            ["+ spec.features[1] /spec/features/1 = \"embeddings\""]
        );
        new["spec"]["features"] = json!(["chat", "tools"]);
        assert_eq!(
            lines(&old, &new, ALL),
            ["- spec.features[1] /spec/features/1 (was \"vision\")"]
        );
        new["spec"]["features"] = json!(["chat", "vision", "tools", "json-mode"]);
        assert_eq!(
            lines(&old, &new, ALL),
            ["+ spec.features[3] /spec/features/3 = \"json-mode\""]
        );
    }

    #[test]
    fn changed_list_items_diff_inside_the_item() {
        let old = model();
        let mut new = model();
        new["spec"]["endpoints"][1]["weight"] = json!(5);
        assert_eq!(
            lines(&old, &new, ALL),
            ["  spec.endpoints[1].weight /spec/endpoints/1/weight: 2 -> 5"]
        );
        // One item replaced and one appended: the replaced one is diffed in place.
        new["spec"]["endpoints"] =
            json!([{"name": "a", "weight": 1}, {"name": "c", "weight": 2}, {"name": "d"}]);
        assert_eq!(
            lines(&old, &new, ALL),
            [
                "  spec.endpoints[1].name /spec/endpoints/1/name: \"b\" -> \"c\"",
                "+ spec.endpoints[2] /spec/endpoints/2 = {\"name\":\"d\"}",
            ]
        );
    }

    #[test]
    fn type_changes_and_odd_keys() {
        let old = json!({"spec": {"rpm": "50%", "a/b~c": 1, "": 1}});
        let new = json!({"spec": {"rpm": 100, "a/b~c": 2, "": 2}});
        assert_eq!(
            lines(&old, &new, ALL),
            [
                "  spec[\"\"] /spec/: 1 -> 2",
                "  spec[\"a/b~c\"] /spec/a~1b~0c: 1 -> 2",
                "  spec.rpm /spec/rpm: \"50%\" -> 100",
            ]
        );
    }

    #[test]
    fn large_arrays_fall_back_to_positions() {
        let old = Value::Array((0..600).map(|i| json!(i)).collect());
        let new = Value::Array((0..601).map(|i| json!(i + 1000)).collect());
        let changes = diff(&json!({"x": old}), &json!({"x": new}), ALL);
        assert_eq!(changes.len(), 601);
        assert_eq!(changes[0].op, Op::Replace);
        assert_eq!(changes[600].op, Op::Add);
        assert_eq!(changes[600].pointer, "/x/600");
    }
}
