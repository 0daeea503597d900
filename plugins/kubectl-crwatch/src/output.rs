//! How events are printed: text lines for people (changed fields beneath a MODIFIED line) and
//! JSON lines for programs.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use owo_colors::OwoColorize as _;
use serde::Serialize;
use serde_json::Value;

use crate::diff::{GENERATION, Op};
use crate::store::{Event, EventType};

/// Longest value printed whole on a text line; longer ones are cut (JSON output keeps them).
const MAX_VALUE: usize = 200;

/// Text output settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// ANSI colours (only on a terminal without `NO_COLOR`).
    pub color: bool,
}

/// `15:04:05` in the local time zone (UTC when it cannot be told).
pub fn clock(time: Timestamp, tz: &TimeZone) -> String {
    time.to_zoned(tz.clone()).strftime("%H:%M:%S").to_string()
}

/// `2006-01-02T15:04:05.000Z`.
pub fn rfc3339(time: Timestamp) -> String {
    format!("{time:.3}")
}

impl Text {
    /// One event: its line, the changed fields (MODIFIED), and the object (`--full`), each line
    /// ending in a newline. `time` is the first column.
    pub fn format(self, event: &Event, time: &str) -> String {
        let mut out = String::new();
        let kind = event.kind.as_str();
        let padded = format!("{kind:<8}");
        let kind = if self.color {
            match event.kind {
                EventType::Added => padded.green().to_string(),
                EventType::Modified => padded.yellow().to_string(),
                EventType::Deleted => padded.red().to_string(),
            }
        } else {
            padded
        };
        let _ = write!(out, "{time}  {kind}  {}/{}", event.what.kind, event.name);
        if let Some(ns) = &event.namespace {
            let _ = write!(out, "  {ns}");
        }
        if let Some(generation) = event.generation() {
            let _ = write!(out, "  generation {generation}");
        }
        if event.resync {
            let mark = "(resync)";
            if self.color {
                let _ = write!(out, "  {}", mark.magenta());
            } else {
                let _ = write!(out, "  {mark}");
            }
        }
        out.push('\n');
        for change in event.changes.iter().filter(|c| c.pointer != GENERATION) {
            let line = match change.op {
                Op::Replace => format!(
                    "  {}: {} → {}",
                    change.display,
                    value(change.old.as_ref()),
                    value(change.new.as_ref())
                ),
                Op::Add => format!("+ {}: {}", change.display, value(change.new.as_ref())),
                Op::Remove => format!("- {}", change.display),
            };
            match (self.color, change.op) {
                (true, Op::Add) => {
                    let _ = writeln!(out, "{}", line.green());
                }
                (true, Op::Remove) => {
                    let _ = writeln!(out, "{}", line.red());
                }
                _ => {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
        if let Some(object) = &event.object {
            let pretty = serde_json::to_string_pretty(object).unwrap_or_default();
            for line in pretty.lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
        out
    }
}

/// A value on one line: compact JSON, cut at [`MAX_VALUE`] characters.
fn value(v: Option<&Value>) -> String {
    let s = v.map_or_else(|| "null".to_owned(), Value::to_string);
    if s.chars().count() <= MAX_VALUE {
        return s;
    }
    let cut: String = s.chars().take(MAX_VALUE).collect();
    format!("{cut}… ({} characters)", s.chars().count())
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    time: &'a str,
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    #[serde(rename = "kind")]
    object_kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    #[serde(rename = "resourceVersion")]
    resource_version: &'a str,
    diff: Vec<JsonChange<'a>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    resync: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    object: Option<&'a Value>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    op: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<&'a Value>,
}

/// One event as a JSON line (with its newline): `type`, `time`, `apiVersion`, `kind`,
/// `namespace` (null for cluster-scoped objects), `name`, `resourceVersion`, `diff` (JSON
/// pointers; `old` absent for additions, `new` for removals), `resync` (only when true) and
/// `object` (only with `--full`).
pub fn json(event: &Event, time: &str) -> String {
    let line = JsonEvent {
        kind: event.kind.as_str(),
        time,
        api_version: &event.what.api_version,
        object_kind: &event.what.kind,
        namespace: event.namespace.as_deref(),
        name: &event.name,
        resource_version: &event.resource_version,
        diff: event
            .changes
            .iter()
            .map(|c| JsonChange {
                op: c.op.as_str(),
                path: &c.pointer,
                old: c.old.as_ref(),
                new: c.new.as_ref(),
            })
            .collect(),
        resync: event.resync,
        object: event.object.as_ref(),
    };
    let mut s = serde_json::to_string(&line).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Filter, diff};
    use crate::store::TypeInfo;
    use serde_json::json;
    use std::sync::Arc;

    fn event(kind: EventType, resync: bool, old: &Value, new: &Value) -> Event {
        Event {
            kind,
            what: Arc::new(TypeInfo {
                api_version: "gateway.ai.example.com/v1".into(),
                kind: "LLMModel".into(),
                namespaced: true,
            }),
            namespace: Some("team-a".into()),
            name: "gpt-4o".into(),
            resource_version: "42".into(),
            changes: diff(old, new, Filter { status: true }),
            object: None,
            resync,
            time: Timestamp::UNIX_EPOCH,
        }
    }

    fn pair() -> (Value, Value) {
        let old = json!({
            "metadata": {"generation": 2, "labels": {"tier": "premium"}},
            "spec": {"rateLimits": {"requestsPerMinute": 1000}, "features": ["chat", "tools"]}
        });
        let new = json!({
            "metadata": {"generation": 3, "labels": {}},
            "spec": {"rateLimits": {"requestsPerMinute": 500}, "features": ["chat", "vision", "tools"]}
        });
        (old, new)
    }

    #[test]
    fn text_lines() {
        let (old, new) = pair();
        let text = Text { color: false };
        assert_eq!(
            text.format(&event(EventType::Modified, false, &old, &new), "12:00:00"),
            "12:00:00  MODIFIED  LLMModel/gpt-4o  team-a  generation 3\n\
             - metadata.labels.tier\n\
             + spec.features[1]: \"vision\"\n\
             \x20 spec.rateLimits.requestsPerMinute: 1000 → 500\n"
        );
        let mut added = event(EventType::Added, true, &old, &old);
        added.namespace = None;
        assert_eq!(
            text.format(&added, "12:00:01"),
            "12:00:01  ADDED     LLMModel/gpt-4o  (resync)\n"
        );
        added.object = Some(json!({"spec": {"a": 1}}));
        assert_eq!(
            text.format(&added, "t"),
            "t  ADDED     LLMModel/gpt-4o  (resync)\n    {\n      \"spec\": {\n        \"a\": 1\n      }\n    }\n"
        );
    }

    #[test]
    fn colour_is_never_the_only_signal() {
        let (old, new) = pair();
        let plain =
            Text { color: false }.format(&event(EventType::Modified, true, &old, &new), "t");
        let coloured =
            Text { color: true }.format(&event(EventType::Modified, true, &old, &new), "t");
        assert_ne!(plain, coloured);
        let mut stripped = String::new();
        let mut chars = coloured.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                stripped.push(c);
            }
        }
        assert_eq!(stripped, plain);
    }

    #[test]
    fn long_values_are_cut() {
        let long = Value::String("x".repeat(500));
        let cut = value(Some(&long));
        assert!(cut.starts_with("\"xxx"));
        assert!(cut.ends_with("… (502 characters)"), "{cut}");
    }

    #[test]
    fn json_lines() {
        let (old, new) = pair();
        let line = json(
            &event(EventType::Modified, false, &old, &new),
            "2025-01-01T00:00:00.000Z",
        );
        assert_eq!(
            line,
            concat!(
                r#"{"type":"MODIFIED","time":"2025-01-01T00:00:00.000Z","apiVersion":"gateway.ai.example.com/v1","kind":"LLMModel","namespace":"team-a","name":"gpt-4o","resourceVersion":"42","diff":["#,
                r#"{"op":"replace","path":"/metadata/generation","old":2,"new":3},"#,
                r#"{"op":"remove","path":"/metadata/labels/tier","old":"premium"},"#,
                r#"{"op":"add","path":"/spec/features/1","new":"vision"},"#,
                r#"{"op":"replace","path":"/spec/rateLimits/requestsPerMinute","old":1000,"new":500}]}"#,
                "\n"
            )
        );
        let mut deleted = event(EventType::Deleted, true, &old, &old);
        deleted.namespace = None;
        deleted.object = Some(json!({"kind": "LLMModel"}));
        let line = json(&deleted, "t");
        assert_eq!(
            line,
            r#"{"type":"DELETED","time":"t","apiVersion":"gateway.ai.example.com/v1","kind":"LLMModel","namespace":null,"name":"gpt-4o","resourceVersion":"42","diff":[],"resync":true,"object":{"kind":"LLMModel"}}"#
                .to_owned()
                + "\n"
        );
    }

    #[test]
    fn times() {
        let t: Timestamp = "2025-03-04T05:06:07.891234Z".parse().unwrap();
        assert_eq!(rfc3339(t), "2025-03-04T05:06:07.891Z");
        assert_eq!(clock(t, &TimeZone::UTC), "05:06:07");
    }
}
