//! The watch cache: one copy of each object (for diffs), fed by lists and watch events, and
//! the events to print for each. Pure: the I/O around it lives in `watch`.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Value;

use crate::diff::{self, Change, Filter, GENERATION};

/// What a watched resource's objects are, for the events' `apiVersion` and `kind` (list items
/// of built-in types carry neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeInfo {
    /// `group/version`.
    pub api_version: String,
    /// The kind, e.g. `LLMModel`.
    pub kind: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
}

/// Event types, as the watch API names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// A new object.
    Added,
    /// A changed object.
    Modified,
    /// A deleted object.
    Deleted,
}

impl EventType {
    /// `ADDED`, `MODIFIED` or `DELETED`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One event to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// ADDED, MODIFIED or DELETED.
    pub kind: EventType,
    /// What the object is.
    pub what: Arc<TypeInfo>,
    /// Its namespace (none for cluster-scoped objects).
    pub namespace: Option<String>,
    /// Its name.
    pub name: String,
    /// Its resource version after the event.
    pub resource_version: String,
    /// The changed fields (MODIFIED only), noise filtered.
    pub changes: Vec<Change>,
    /// The object (with `--full` only), without `metadata.managedFields`.
    pub object: Option<Value>,
    /// Found by a relist rather than seen on the watch.
    pub resync: bool,
    /// When crwatch learnt of it.
    pub time: Timestamp,
}

impl Event {
    /// The new `metadata.generation`, when this event changed it.
    pub fn generation(&self) -> Option<&Value> {
        self.changes
            .iter()
            .find(|c| c.pointer == GENERATION)
            .and_then(|c| c.new.as_ref())
    }
}

/// Types of watch events that carry an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchType {
    /// `ADDED`.
    Added,
    /// `MODIFIED`.
    Modified,
    /// `DELETED`.
    Deleted,
}

/// How events are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Which changes count.
    pub filter: Filter,
    /// Whether events carry the whole object.
    pub full: bool,
}

type Key = (String, String);

/// The last known state of every watched object of one resource.
#[derive(Debug)]
pub struct Store {
    what: Arc<TypeInfo>,
    names: Vec<String>,
    options: Options,
    objects: BTreeMap<Key, Value>,
}

fn str_at<'a>(object: &'a Value, pointer: &str) -> &'a str {
    object
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn key_of(object: &Value) -> Key {
    (
        str_at(object, "/metadata/namespace").to_owned(),
        str_at(object, "/metadata/name").to_owned(),
    )
}

impl Store {
    /// An empty store for objects of `what`; only objects called one of `names` are kept
    /// when any are given.
    pub fn new(what: TypeInfo, names: Vec<String>, options: Options) -> Self {
        Store {
            what: Arc::new(what),
            names,
            options,
            objects: BTreeMap::new(),
        }
    }

    /// How many objects the store holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// The objects held, by namespace and name.
    #[cfg(test)]
    pub fn objects(&self) -> impl Iterator<Item = &Value> {
        self.objects.values()
    }

    fn wanted(&self, object: &Value) -> bool {
        self.names.is_empty()
            || self
                .names
                .iter()
                .any(|n| n == str_at(object, "/metadata/name"))
    }

    fn event(
        &self,
        kind: EventType,
        object: &Value,
        changes: Vec<Change>,
        resync: bool,
        time: Timestamp,
    ) -> Event {
        let (namespace, name) = key_of(object);
        Event {
            kind,
            what: Arc::clone(&self.what),
            namespace: (self.what.namespaced || !namespace.is_empty()).then_some(namespace),
            name,
            resource_version: str_at(object, "/metadata/resourceVersion").to_owned(),
            changes,
            object: self.options.full.then(|| without_managed_fields(object)),
            resync,
            time,
        }
    }

    /// Takes the result of the first list: every object is ADDED, unless `announce` is false
    /// (`--watch-only`), when the objects are only remembered for later diffs.
    pub fn initial(&mut self, items: Vec<Value>, announce: bool, time: Timestamp) -> Vec<Event> {
        let mut events = Vec::new();
        for item in items {
            if !self.wanted(&item) {
                continue;
            }
            if announce {
                events.push(self.event(EventType::Added, &item, Vec::new(), false, time));
            }
            self.objects.insert(key_of(&item), item);
        }
        events
    }

    /// Takes the result of a relist after the watch expired: what changed while crwatch could
    /// not see it, each event marked as a resync. Objects replaced by a new one of the same
    /// name (another uid) are DELETED, then ADDED.
    pub fn resync(&mut self, items: Vec<Value>, time: Timestamp) -> Vec<Event> {
        let mut previous = std::mem::take(&mut self.objects);
        let mut events = Vec::new();
        for item in items {
            if !self.wanted(&item) {
                continue;
            }
            let key = key_of(&item);
            match previous.remove(&key) {
                Some(old) if str_at(&old, "/metadata/uid") != str_at(&item, "/metadata/uid") => {
                    events.push(self.event(EventType::Deleted, &old, Vec::new(), true, time));
                    events.push(self.event(EventType::Added, &item, Vec::new(), true, time));
                }
                Some(old) => {
                    if str_at(&old, "/metadata/resourceVersion")
                        != str_at(&item, "/metadata/resourceVersion")
                    {
                        let changes = diff::diff(&old, &item, self.options.filter);
                        if !changes.is_empty() {
                            events.push(self.event(
                                EventType::Modified,
                                &item,
                                changes,
                                true,
                                time,
                            ));
                        }
                    }
                }
                None => events.push(self.event(EventType::Added, &item, Vec::new(), true, time)),
            }
            self.objects.insert(key, item);
        }
        for old in previous.into_values() {
            events.push(self.event(EventType::Deleted, &old, Vec::new(), true, time));
        }
        events
    }

    /// Takes one watch event; returns the event to print, if any. A MODIFIED that changes
    /// nothing visible, or an event already seen (same resource version), prints nothing.
    pub fn apply(&mut self, kind: WatchType, object: Value, time: Timestamp) -> Option<Event> {
        if !self.wanted(&object) {
            return None;
        }
        let key = key_of(&object);
        let rv = str_at(&object, "/metadata/resourceVersion");
        match kind {
            WatchType::Added | WatchType::Modified => {
                let event = match self.objects.get(&key) {
                    Some(old) if str_at(old, "/metadata/resourceVersion") == rv => None,
                    Some(old)
                        if str_at(old, "/metadata/uid") == str_at(&object, "/metadata/uid") =>
                    {
                        let changes = diff::diff(old, &object, self.options.filter);
                        (!changes.is_empty())
                            .then(|| self.event(EventType::Modified, &object, changes, false, time))
                    }
                    // New to crwatch (or a new object under an old name): the user has not
                    // seen it, whatever the server calls it.
                    _ => Some(self.event(EventType::Added, &object, Vec::new(), false, time)),
                };
                self.objects.insert(key, object);
                event
            }
            WatchType::Deleted => {
                self.objects.remove(&key);
                Some(self.event(EventType::Deleted, &object, Vec::new(), false, time))
            }
        }
    }
}

/// The object as printed: `metadata.managedFields` says who wrote what, which nobody reads in
/// a watch (kubectl hides it too).
fn without_managed_fields(object: &Value) -> Value {
    let mut object = object.clone();
    if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn store(full: bool) -> Store {
        Store::new(
            TypeInfo {
                api_version: "gateway.ai.example.com/v1".into(),
                kind: "LLMModel".into(),
                namespaced: true,
            },
            Vec::new(),
            Options {
                filter: Filter { status: true },
                full,
            },
        )
    }

    fn obj(name: &str, uid: &str, rv: &str, rpm: i64) -> Value {
        json!({
            "metadata": {"name": name, "namespace": "ns", "uid": uid, "resourceVersion": rv,
                         "managedFields": [{"manager": "x"}]},
            "spec": {"rpm": rpm}
        })
    }

    fn summary(events: &[Event]) -> Vec<String> {
        events
            .iter()
            .map(|e| {
                let changes: Vec<&str> = e.changes.iter().map(|c| c.display.as_str()).collect();
                format!(
                    "{} {}{}{}",
                    e.kind.as_str(),
                    e.name,
                    if e.resync { " resync" } else { "" },
                    if changes.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", changes.join(","))
                    }
                )
            })
            .collect()
    }

    #[test]
    fn initial_list_then_watch_events() {
        let mut s = store(false);
        let t = Timestamp::UNIX_EPOCH;
        let events = s.initial(
            vec![obj("a", "1", "10", 1), obj("b", "2", "11", 1)],
            true,
            t,
        );
        assert_eq!(summary(&events), ["ADDED a", "ADDED b"]);
        assert!(events[0].object.is_none());

        let e = s
            .apply(WatchType::Modified, obj("a", "1", "12", 2), t)
            .unwrap();
        assert_eq!(summary(&[e]), ["MODIFIED a spec.rpm"]);
        // The same event again (a resumed watch that overlaps): printed once only.
        assert!(
            s.apply(WatchType::Modified, obj("a", "1", "12", 2), t)
                .is_none()
        );
        // Only noise changed: nothing to print.
        assert!(
            s.apply(WatchType::Modified, obj("a", "1", "13", 2), t)
                .is_none()
        );

        let e = s
            .apply(WatchType::Deleted, obj("b", "2", "14", 1), t)
            .unwrap();
        assert_eq!(summary(&[e]), ["DELETED b"]);
        let e = s
            .apply(WatchType::Added, obj("c", "3", "15", 1), t)
            .unwrap();
        assert_eq!(summary(&[e]), ["ADDED c"]);
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn watch_only_remembers_without_announcing() {
        let mut s = store(true);
        let t = Timestamp::UNIX_EPOCH;
        assert!(s.initial(vec![obj("a", "1", "10", 1)], false, t).is_empty());
        let e = s
            .apply(WatchType::Modified, obj("a", "1", "11", 3), t)
            .unwrap();
        assert_eq!(e.changes[0].old, Some(json!(1)));
        let full = e.object.unwrap();
        assert!(full["metadata"].get("managedFields").is_none());
        assert_eq!(full["spec"]["rpm"], 3);
    }

    #[test]
    fn resync_reports_what_was_missed() {
        let mut s = store(false);
        let t = Timestamp::UNIX_EPOCH;
        s.initial(
            vec![
                obj("changed", "1", "10", 1),
                obj("gone", "2", "11", 1),
                obj("same", "3", "12", 1),
                obj("noise", "4", "13", 1),
                obj("recreated", "5", "14", 1),
            ],
            true,
            t,
        );
        let events = s.resync(
            vec![
                obj("changed", "1", "20", 2),
                obj("new", "6", "21", 1),
                obj("noise", "4", "22", 1),
                obj("recreated", "7", "23", 1),
                obj("same", "3", "12", 1),
            ],
            t,
        );
        assert_eq!(
            summary(&events),
            [
                "MODIFIED changed resync spec.rpm",
                "ADDED new resync",
                "DELETED recreated resync",
                "ADDED recreated resync",
                "DELETED gone resync",
            ]
        );
        let names: Vec<&str> = s
            .objects()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["changed", "new", "noise", "recreated", "same"]);
        // A second relist with nothing new says nothing.
        let again: Vec<Value> = s.objects().cloned().collect();
        assert!(s.resync(again, t).is_empty());
    }

    #[test]
    fn names_restrict_the_objects() {
        let mut s = Store::new(
            TypeInfo {
                api_version: "v1".into(),
                kind: "Namespace".into(),
                namespaced: false,
            },
            vec!["b".into()],
            Options {
                filter: Filter { status: true },
                full: false,
            },
        );
        let t = Timestamp::UNIX_EPOCH;
        let mut a = obj("a", "1", "1", 1);
        a["metadata"].as_object_mut().unwrap().remove("namespace");
        let mut b = obj("b", "2", "2", 1);
        b["metadata"].as_object_mut().unwrap().remove("namespace");
        let events = s.initial(vec![a.clone(), b], true, t);
        assert_eq!(summary(&events), ["ADDED b"]);
        assert_eq!(events[0].namespace, None);
        assert!(s.apply(WatchType::Modified, a, t).is_none());
    }
}
