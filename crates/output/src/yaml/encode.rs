//! go-yaml v2 (v2.4.4) `encode.go`, with the `yaml.Marshal` entry of `yaml.go`: a decoded JSON
//! value as the events the emitter writes, each string in the scalar style `encoder.stringv`
//! picks (quoted only if, plain, it would read back as something else) and each number as go-yaml
//! decoded and formats it back.

use serde_json::Value;

use super::emitterc::Emitter;
use super::readback::fold_json_breaks;
use super::sorter::sort_keys;
use super::yamlh::{Event, Style};
use crate::gofmt;
use crate::gofmt::yaml_resolve::{self, Resolved};

/// `yaml.Marshal`: the whole document.
pub(super) fn emit(value: &Value) -> String {
    let mut events = vec![Event::StreamStart, Event::DocumentStart];
    push_events(&mut events, value);
    events.push(Event::DocumentEnd);
    events.push(Event::StreamEnd);
    let mut emitter = Emitter::new(events);
    emitter.run();
    emitter.out
}

fn push_events(events: &mut Vec<Event>, value: &Value) {
    match value {
        Value::Null => events.push(Event::Scalar("null".to_owned(), Style::Plain)),
        Value::Bool(b) => events.push(Event::Scalar(b.to_string(), Style::Plain)),
        Value::Number(n) => events.push(Event::Scalar(number_text(n), Style::Plain)),
        Value::String(s) => events.push(string_event(fold_json_breaks(s))),
        Value::Array(items) => {
            events.push(Event::SequenceStart);
            for item in items {
                push_events(events, item);
            }
            events.push(Event::SequenceEnd);
        }
        Value::Object(map) => {
            events.push(Event::MappingStart);
            let mut entries: Vec<(String, &Value)> =
                map.iter().map(|(k, v)| (fold_json_breaks(k), v)).collect();
            sort_keys(&mut entries);
            for (k, v) in entries {
                events.push(string_event(k));
                push_events(events, v);
            }
            events.push(Event::MappingEnd);
        }
    }
}

/// A number as it reaches the YAML: go-yaml resolves encoding/json's text as an int, a uint or
/// (only then) a float, and `encoder.floatv` formats a float back.
fn number_text(n: &serde_json::Number) -> String {
    let text = gofmt::json_number(n);
    match yaml_resolve::resolve(&text) {
        Resolved::Int(i) => i.to_string(),
        Resolved::Uint(u) => u.to_string(),
        Resolved::Float(f) => float_text(f),
        // Out of range for a float64: go-yaml keeps the text as a string.
        _ => text,
    }
}

/// `encoder.floatv` for a float64.
fn float_text(f: f64) -> String {
    match gofmt::format_float(f, b'g').as_str() {
        "+Inf" => ".inf".to_owned(),
        "-Inf" => "-.inf".to_owned(),
        "NaN" => ".nan".to_owned(),
        s => s.to_owned(),
    }
}

/// `encoder.stringv`: quote a string only if, unquoted, it would read back as something else.
fn string_event(s: String) -> Event {
    let style = if s.contains('\n') {
        Style::Literal
    } else if yaml_resolve::resolve(&s) == Resolved::Str && !is_base60_float(&s) {
        Style::Plain
    } else {
        Style::DoubleQuoted
    };
    Event::Scalar(s, style)
}

/// `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`, still quoted for
/// YAML 1.1 readers.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    if !(c == b'+' || c == b'-' || c.is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    let mut i = 0;
    if c == b'+' || c == b'-' {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let d0 = b.get(i).copied();
        let d1 = b.get(i + 1).copied();
        if matches!(d0, Some(b'0'..=b'5')) && d1.is_some_and(|d| d.is_ascii_digit()) {
            i += 2;
        } else if d0.is_some_and(|d| d.is_ascii_digit()) {
            i += 1;
        } else {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encoder.stringv`'s test: quoted unless it resolves to a string and is no base-60 float.
    fn needs_quotes(s: &str) -> bool {
        yaml_resolve::resolve(s) != Resolved::Str || is_base60_float(s)
    }

    #[test]
    fn scalars_that_need_quotes() {
        for s in [
            "",
            "yes",
            "No",
            "on",
            "~",
            "null",
            "true",
            "1",
            "-1",
            "0x1F",
            "0o17",
            "017",
            "08",
            "1.0",
            ".5",
            "1e3",
            "1_000",
            "2024-01-01",
            "2024-1-2T3:4:5Z",
            "2024-01-01 10:00:00",
            "12:30:45",
            "1:20",
            "+.inf",
            ".NaN",
            "0b101",
            "-0b1",
            ".5_0",
        ] {
            assert!(needs_quotes(s), "{s:?} should be quoted");
        }
        for s in [
            "a",
            "yes please",
            "1.0.0",
            "1e",
            "0x",
            "2024-13-01",
            "2024-02-30",
            "1:60",
            "<<",
            ".",
            "-",
            "1e400",
            "._5",
        ] {
            assert!(!needs_quotes(s), "{s:?} should be plain");
        }
    }
}
