//! `kubectl get -o yaml`: sigs.k8s.io/yaml's `JSONToYAML` (decode the JSON kubectl marshalled
//! with go-yaml v2, then marshal that with go-yaml v2), ported where it decides a byte.
//!
//! The emitter below follows `go.yaml.in/yaml/v2/emitterc.go` state by state, restricted to what
//! `yaml.Marshal` of decoded JSON can produce (no anchors, tags, flow styles requested, or
//! canonical mode); the scalar style choice follows `encode.go` and `resolve.go`.

use serde_json::Value;

use crate::Error;
use crate::gofmt;
use crate::gofmt::yaml_resolve::{self, Resolved};

/// What `kubectl get -o yaml` prints for `value` (the object, or the `List` kubectl builds for
/// several objects; see [`crate::json::list`]).
///
/// For the rare values kubectl refuses to print (see [`try_to_yaml`]) this still emits the YAML
/// go-yaml would write for them; use [`try_to_yaml`] to get kubectl's error instead.
pub fn to_yaml(value: &Value) -> String {
    emit(value)
}

/// [`to_yaml`], or the error kubectl prints when go-yaml cannot read back the JSON kubectl hands
/// it: `yaml: control characters are not allowed` for a raw U+007F, C1 control (but U+0085),
/// U+FFFE or U+FFFF in a string; `yaml: line N: did not find expected ',' or '}'` for a key
/// holding U+0085, which go-yaml reads as a line break.
pub fn try_to_yaml(value: &Value) -> Result<String, Error> {
    match read_back_error(value) {
        Some(message) => Err(Error::Yaml { message }),
        None => Ok(emit(value)),
    }
}

/// Scans the JSON encoding/json produces for what go-yaml's reader or parser rejects. When both
/// occur, the earlier one wins (go-yaml's reader runs a little ahead of its parser, so for two
/// problems within a few hundred bytes of each other this may pick the other one than kubectl).
fn read_back_error(value: &Value) -> Option<String> {
    const NEL: char = '\u{85}';
    let mut text = String::new();
    gofmt::write_json_compact(&mut text, value);
    let mut reader_error = None;
    let mut parse_error = None;
    let mut breaks = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_has_break = false;
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if reader_error.is_none() && matches!(c as u32, 0x7f..=0x84 | 0x86..=0x9f | 0xfffe | 0xffff)
        {
            reader_error = Some(pos);
        }
        if c == NEL {
            breaks += 1;
            string_has_break = true;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                let is_key = chars.peek().is_some_and(|&(_, next)| next == ':');
                if is_key && string_has_break && parse_error.is_none() {
                    parse_error = Some((pos, breaks));
                }
            }
        } else if c == '"' {
            in_string = true;
            string_has_break = false;
        }
    }
    match (reader_error, parse_error) {
        (Some(r), Some((p, _))) if r <= p => {
            Some("yaml: control characters are not allowed".to_owned())
        }
        (_, Some((_, line))) => Some(format!(
            "yaml: line {line}: did not find expected ',' or '}}'"
        )),
        (Some(_), None) => Some("yaml: control characters are not allowed".to_owned()),
        (None, None) => None,
    }
}

// ---------------------------------------------------------------------------------------------
// From JSON to go-yaml events.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    Scalar(String, Style),
}

impl Event {
    fn same_kind(&self, other: &Event) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

fn emit(value: &Value) -> String {
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

/// go-yaml reads the JSON string back as a double-quoted YAML scalar: the only raw line break
/// encoding/json leaves in a string, NEL (U+0085), is folded like any YAML line break (spaces
/// before it dropped, one break becomes a space, n breaks become n-1 newlines).
fn fold_json_breaks(s: &str) -> String {
    const NEL: char = '\u{85}';
    if !s.contains(NEL) {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i] != ' ' && chars[i] != NEL {
            out.push(chars[i]);
            i += 1;
        }
        if i == chars.len() {
            break;
        }
        let mut leading_blanks = false;
        let mut whitespaces = String::new();
        let mut trailing_breaks = String::new();
        while i < chars.len() && (chars[i] == ' ' || chars[i] == NEL) {
            if chars[i] == ' ' {
                if !leading_blanks {
                    whitespaces.push(' ');
                }
            } else if !leading_blanks {
                whitespaces.clear();
                leading_blanks = true;
            } else {
                trailing_breaks.push('\n');
            }
            i += 1;
        }
        if leading_blanks {
            if trailing_breaks.is_empty() {
                out.push(' ');
            } else {
                out.push_str(&trailing_breaks);
            }
        } else {
            out.push_str(&whitespaces);
        }
    }
    out
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

// ---------------------------------------------------------------------------------------------
// sorter.go: go-yaml's "natural" key order.

fn is_letter(c: char) -> bool {
    // Go's unicode.IsLetter; `is_alphabetic` also admits a few non-letters outside ASCII.
    c.is_alphabetic()
}

fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// `keyList.Less` for two string keys.
fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u32) - i64::from(b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u32) - i64::from(b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts like Go's `sort.Sort` would: its insertion sort for short lists (the exact swaps, in
/// case `key_less` is not transitive on odd keys), a stable merge otherwise.
fn sort_keys<T>(entries: &mut Vec<(String, T)>) {
    if entries.len() <= 12 {
        for i in 1..entries.len() {
            let mut j = i;
            while j > 0 && key_less(&entries[j].0, &entries[j - 1].0) {
                entries.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let items = std::mem::take(entries);
    *entries = merge_sort(items);
}

fn merge_sort<T>(mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items);
    let right = merge_sort(right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => key_less(&b.0, &a.0),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        out.extend(next);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// emitterc.go

const BEST_INDENT: i32 = 2;
const BEST_WIDTH: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    FirstDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    FlowSequenceFirstItem,
    FlowSequenceItem,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingSimpleValue,
    FlowMappingValue,
    BlockSequenceFirstItem,
    BlockSequenceItem,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingSimpleValue,
    BlockMappingValue,
    End,
}

#[derive(Debug, Default, Clone, Copy)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "go-yaml's scalar analysis flags"
)]
struct ScalarAnalysis {
    multiline: bool,
    flow_plain_allowed: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

#[expect(
    clippy::struct_excessive_bools,
    reason = "go-yaml's emitter state, field for field"
)]
struct Emitter {
    events: Vec<Event>,
    head: usize,
    out: String,

    state: State,
    states: Vec<State>,
    indent: i32,
    indents: Vec<i32>,
    flow_level: i32,

    root_context: bool,
    sequence_context: bool,
    mapping_context: bool,
    simple_key_context: bool,

    column: usize,
    whitespace: bool,
    indention: bool,
    open_ended: bool,

    scalar: ScalarAnalysis,
    scalar_style: Style,
}

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xe0 == 0xc0 {
        2
    } else if b & 0xf0 == 0xe0 {
        3
    } else if b & 0xf8 == 0xf0 {
        4
    } else {
        0
    }
}

fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(at(b, i), b' ' | b'\t')
}

fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xc2 && at(b, i + 1) == 0x85)
        || (c == 0xe2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xa8)
        || (c == 0xe2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xa9)
}

fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || at(b, i) == 0
}

fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    let c1 = at(b, i + 1);
    let c2 = at(b, i + 2);
    c == 0x0a
        || (0x20..=0x7e).contains(&c)
        || (c == 0xc2 && c1 >= 0xa0)
        || (c > 0xc2 && c < 0xed)
        || (c == 0xed && c1 < 0xa0)
        || c == 0xee
        || (c == 0xef && !(c1 == 0xbb && c2 == 0xbf) && !(c1 == 0xbf && (c2 == 0xbe || c2 == 0xbf)))
}

/// go-yaml's `is_bom` looks at the start of the value whatever `i` is; kept as is, since it
/// decides the escaping of every character of a value that starts with U+FEFF.
fn is_bom(b: &[u8]) -> bool {
    at(b, 0) == 0xef && at(b, 1) == 0xbb && at(b, 2) == 0xbf
}

impl Emitter {
    fn new(events: Vec<Event>) -> Self {
        Emitter {
            events,
            head: 0,
            out: String::new(),
            state: State::StreamStart,
            states: Vec::new(),
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            root_context: false,
            sequence_context: false,
            mapping_context: false,
            simple_key_context: false,
            column: 0,
            whitespace: true,
            indention: true,
            open_ended: false,
            scalar: ScalarAnalysis::default(),
            scalar_style: Style::Plain,
        }
    }

    fn run(&mut self) {
        while self.head < self.events.len() {
            if let Event::Scalar(value, _) = &self.events[self.head] {
                self.scalar = analyze_scalar(value.as_bytes());
            }
            self.state_machine();
            self.head += 1;
        }
    }

    fn event(&self) -> &Event {
        &self.events[self.head]
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    // Output primitives.

    fn put(&mut self, c: u8) {
        self.out.push(char::from(c));
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write(&mut self, s: &[u8], i: &mut usize) {
        let w = width(s[*i]).max(1);
        let end = (*i + w).min(s.len());
        self.out
            .push_str(std::str::from_utf8(&s[*i..end]).unwrap_or("\u{fffd}"));
        self.column += 1;
        *i = end;
    }

    fn write_all(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() {
            self.write(s, &mut i);
        }
    }

    fn write_break(&mut self, s: &[u8], i: &mut usize) {
        if s[*i] == b'\n' {
            self.put_break();
            *i += 1;
        } else {
            self.write(s, i);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(b' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &[u8],
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(b' ');
        }
        self.write_all(indicator);
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    // The state machine.

    fn state_machine(&mut self) {
        match self.state {
            State::StreamStart => {
                self.indent = -1;
                self.column = 0;
                self.whitespace = true;
                self.indention = true;
                self.state = State::FirstDocumentStart;
            }
            State::FirstDocumentStart => self.emit_document_start(true),
            State::DocumentStart => self.emit_document_start(false),
            State::DocumentContent => {
                self.states.push(State::DocumentEnd);
                self.emit_node(true, false, false, false);
            }
            State::DocumentEnd => {
                self.write_indent();
                self.state = State::DocumentStart;
            }
            State::FlowSequenceFirstItem => self.emit_flow_sequence_item(true),
            State::FlowSequenceItem => self.emit_flow_sequence_item(false),
            State::FlowMappingFirstKey => self.emit_flow_mapping_key(true),
            State::FlowMappingKey => self.emit_flow_mapping_key(false),
            State::FlowMappingSimpleValue => self.emit_flow_mapping_value(true),
            State::FlowMappingValue => self.emit_flow_mapping_value(false),
            State::BlockSequenceFirstItem => self.emit_block_sequence_item(true),
            State::BlockSequenceItem => self.emit_block_sequence_item(false),
            State::BlockMappingFirstKey => self.emit_block_mapping_key(true),
            State::BlockMappingKey => self.emit_block_mapping_key(false),
            State::BlockMappingSimpleValue => self.emit_block_mapping_value(true),
            State::BlockMappingValue => self.emit_block_mapping_value(false),
            State::End => {}
        }
    }

    fn emit_document_start(&mut self, first: bool) {
        match self.event() {
            Event::DocumentStart => {
                if !first {
                    self.write_indent();
                    self.write_indicator(b"---", true, false, false);
                }
                self.state = State::DocumentContent;
            }
            _ => {
                // STREAM-END: yaml.Marshal clears open_ended first, so no "..." is written.
                self.state = State::End;
            }
        }
    }

    fn emit_flow_sequence_item(&mut self, first: bool) {
        if first {
            self.write_indicator(b"[", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *self.event() == Event::SequenceEnd {
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator(b"]", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(b",", false, false, false);
        }
        if self.column > BEST_WIDTH {
            self.write_indent();
        }
        self.states.push(State::FlowSequenceItem);
        self.emit_node(false, true, false, false);
    }

    fn emit_flow_mapping_key(&mut self, first: bool) {
        if first {
            self.write_indicator(b"{", true, true, false);
            self.increase_indent(true, false);
            self.flow_level += 1;
        }
        if *self.event() == Event::MappingEnd {
            self.flow_level -= 1;
            self.pop_indent();
            self.write_indicator(b"}", false, false, false);
            self.pop_state();
            return;
        }
        if !first {
            self.write_indicator(b",", false, false, false);
        }
        if self.column > BEST_WIDTH {
            self.write_indent();
        }
        if self.check_simple_key() {
            self.states.push(State::FlowMappingSimpleValue);
            self.emit_node(false, false, true, true);
            return;
        }
        self.write_indicator(b"?", true, false, false);
        self.states.push(State::FlowMappingValue);
        self.emit_node(false, false, true, false);
    }

    fn emit_flow_mapping_value(&mut self, simple: bool) {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            if self.column > BEST_WIDTH {
                self.write_indent();
            }
            self.write_indicator(b":", true, false, false);
        }
        self.states.push(State::FlowMappingKey);
        self.emit_node(false, false, true, false);
    }

    fn emit_block_sequence_item(&mut self, first: bool) {
        if first {
            let indentless = self.mapping_context && !self.indention;
            self.increase_indent(false, indentless);
        }
        if *self.event() == Event::SequenceEnd {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        self.write_indicator(b"-", true, false, true);
        self.states.push(State::BlockSequenceItem);
        self.emit_node(false, true, false, false);
    }

    fn emit_block_mapping_key(&mut self, first: bool) {
        if first {
            self.increase_indent(false, false);
        }
        if *self.event() == Event::MappingEnd {
            self.pop_indent();
            self.pop_state();
            return;
        }
        self.write_indent();
        if self.check_simple_key() {
            self.states.push(State::BlockMappingSimpleValue);
            self.emit_node(false, false, true, true);
            return;
        }
        self.write_indicator(b"?", true, false, true);
        self.states.push(State::BlockMappingValue);
        self.emit_node(false, false, true, false);
    }

    fn emit_block_mapping_value(&mut self, simple: bool) {
        if simple {
            self.write_indicator(b":", false, false, false);
        } else {
            self.write_indent();
            self.write_indicator(b":", true, false, true);
        }
        self.states.push(State::BlockMappingKey);
        self.emit_node(false, false, true, false);
    }

    #[expect(
        clippy::fn_params_excessive_bools,
        reason = "yaml_emitter_emit_node's signature"
    )]
    fn emit_node(&mut self, root: bool, sequence: bool, mapping: bool, simple_key: bool) {
        self.root_context = root;
        self.sequence_context = sequence;
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match self.event() {
            Event::Scalar(..) => self.emit_scalar(),
            Event::SequenceStart => {
                self.state = if self.flow_level > 0 || self.check_empty(&Event::SequenceEnd) {
                    State::FlowSequenceFirstItem
                } else {
                    State::BlockSequenceFirstItem
                };
            }
            Event::MappingStart => {
                self.state = if self.flow_level > 0 || self.check_empty(&Event::MappingEnd) {
                    State::FlowMappingFirstKey
                } else {
                    State::BlockMappingFirstKey
                };
            }
            _ => {}
        }
    }

    fn check_empty(&self, end: &Event) -> bool {
        self.events
            .get(self.head + 1)
            .is_some_and(|next| next.same_kind(end))
    }

    fn check_simple_key(&self) -> bool {
        let length = match self.event() {
            Event::Scalar(value, _) => {
                if self.scalar.multiline {
                    return false;
                }
                value.len()
            }
            Event::SequenceStart => {
                if !self.check_empty(&Event::SequenceEnd) {
                    return false;
                }
                0
            }
            Event::MappingStart => {
                if !self.check_empty(&Event::MappingEnd) {
                    return false;
                }
                0
            }
            _ => return false,
        };
        length <= 128
    }

    fn emit_scalar(&mut self) {
        self.select_scalar_style();
        self.increase_indent(true, false);
        self.process_scalar();
        self.pop_indent();
        self.pop_state();
    }

    fn select_scalar_style(&mut self) {
        let (empty, requested) = match self.event() {
            Event::Scalar(value, style) => (value.is_empty(), *style),
            _ => (false, Style::Plain),
        };
        let mut style = requested;
        if self.simple_key_context && self.scalar.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            if (self.flow_level > 0 && !self.scalar.flow_plain_allowed)
                || (self.flow_level == 0 && !self.scalar.block_plain_allowed)
            {
                style = Style::SingleQuoted;
            }
            if empty && (self.flow_level > 0 || self.simple_key_context) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !self.scalar.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal
            && (!self.scalar.block_allowed || self.flow_level > 0 || self.simple_key_context)
        {
            style = Style::DoubleQuoted;
        }
        self.scalar_style = style;
    }

    fn process_scalar(&mut self) {
        let value = match self.event() {
            Event::Scalar(value, _) => value.clone().into_bytes(),
            _ => Vec::new(),
        };
        let allow_breaks = !self.simple_key_context;
        match self.scalar_style {
            Style::Plain => self.write_plain_scalar(&value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted_scalar(&value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted_scalar(&value, allow_breaks),
            Style::Literal => self.write_literal_scalar(&value),
        }
    }

    fn write_plain_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        if !self.whitespace {
            self.put(b' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !is_space(value, i + 1) {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
        if self.root_context {
            self.open_ended = true;
        }
    }

    fn write_single_quoted_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        self.write_indicator(b"'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < value.len() - 1
                    && !is_space(value, i + 1)
                {
                    self.write_indent();
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else if is_break(value, i) {
                if !breaks && value[i] == b'\n' {
                    self.put_break();
                }
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if value[i] == b'\'' {
                    self.put(b'\'');
                }
                self.write(value, &mut i);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator(b"'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted_scalar(&mut self, value: &[u8], allow_breaks: bool) {
        let mut spaces = false;
        self.write_indicator(b"\"", true, false, false);
        let mut i = 0;
        while i < value.len() {
            if !is_printable(value, i)
                || is_bom(value)
                || is_break(value, i)
                || value[i] == b'"'
                || value[i] == b'\\'
            {
                let w = width(value[i]).max(1);
                let end = (i + w).min(value.len());
                let v = std::str::from_utf8(&value[i..end])
                    .ok()
                    .and_then(|s| s.chars().next())
                    .map_or(u32::from(value[i]), |c| c as u32);
                i = end;
                self.put(b'\\');
                match v {
                    0x00 => self.put(b'0'),
                    0x07 => self.put(b'a'),
                    0x08 => self.put(b'b'),
                    0x09 => self.put(b't'),
                    0x0a => self.put(b'n'),
                    0x0b => self.put(b'v'),
                    0x0c => self.put(b'f'),
                    0x0d => self.put(b'r'),
                    0x1b => self.put(b'e'),
                    0x22 => self.put(b'"'),
                    0x5c => self.put(b'\\'),
                    0x85 => self.put(b'N'),
                    0xa0 => self.put(b'_'),
                    0x2028 => self.put(b'L'),
                    0x2029 => self.put(b'P'),
                    _ => {
                        let (letter, digits) = if v <= 0xff {
                            (b'x', 2)
                        } else if v <= 0xffff {
                            (b'u', 4)
                        } else {
                            (b'U', 8)
                        };
                        self.put(letter);
                        for k in (0..digits).rev() {
                            let digit = u8::try_from((v >> (k * 4)) & 0x0f).unwrap_or(0);
                            self.put(if digit < 10 {
                                digit + b'0'
                            } else {
                                digit + b'A' - 10
                            });
                        }
                    }
                }
                spaces = false;
            } else if is_space(value, i) {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < value.len() - 1
                {
                    self.write_indent();
                    if is_space(value, i + 1) {
                        self.put(b'\\');
                    }
                    i += width(value[i]);
                } else {
                    self.write(value, &mut i);
                }
                spaces = true;
            } else {
                self.write(value, &mut i);
                spaces = false;
            }
        }
        self.write_indicator(b"\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_block_scalar_hints(&mut self, value: &[u8]) {
        if is_space(value, 0) || is_break(value, 0) {
            let hint = [b'0' + u8::try_from(BEST_INDENT).unwrap_or(2)];
            self.write_indicator(&hint, false, false, false);
        }
        self.open_ended = false;
        let mut chomp = None;
        if value.is_empty() {
            chomp = Some(b'-');
        } else {
            let mut i = value.len() - 1;
            while i > 0 && value[i] & 0xc0 == 0x80 {
                i -= 1;
            }
            if !is_break(value, i) {
                chomp = Some(b'-');
            } else if i == 0 {
                chomp = Some(b'+');
                self.open_ended = true;
            } else {
                i -= 1;
                while i > 0 && value[i] & 0xc0 == 0x80 {
                    i -= 1;
                }
                if is_break(value, i) {
                    chomp = Some(b'+');
                    self.open_ended = true;
                }
            }
        }
        if let Some(c) = chomp {
            self.write_indicator(&[c], false, false, false);
        }
    }

    fn write_literal_scalar(&mut self, value: &[u8]) {
        self.write_indicator(b"|", true, false, false);
        self.write_block_scalar_hints(value);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        let mut i = 0;
        while i < value.len() {
            if is_break(value, i) {
                self.write_break(value, &mut i);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.write(value, &mut i);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// `yaml_emitter_analyze_scalar`: which styles can carry the value.
#[expect(
    clippy::too_many_lines,
    reason = "a line-by-line port of yaml_emitter_analyze_scalar"
)]
fn analyze_scalar(value: &[u8]) -> ScalarAnalysis {
    if value.is_empty() {
        return ScalarAnalysis {
            multiline: false,
            flow_plain_allowed: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = false;
    let mut flow_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    if value.starts_with(b"---") || value.starts_with(b"...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    let mut i = 0;
    while i < value.len() {
        let w = width(value[i]).max(1);
        let followed_by_whitespace = i + w >= value.len() || is_blank(value, i + w);
        if i == 0 {
            match value[i] {
                b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>'
                | b'\'' | b'"' | b'%' | b'@' | b'`' => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                b'?' | b':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                b'-' if followed_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        } else {
            match value[i] {
                b',' | b'?' | b'[' | b']' | b'{' | b'}' => flow_indicators = true,
                b':' => {
                    flow_indicators = true;
                    if followed_by_whitespace {
                        block_indicators = true;
                    }
                }
                b'#' if preceded_by_whitespace => {
                    flow_indicators = true;
                    block_indicators = true;
                }
                _ => {}
            }
        }
        if !is_printable(value, i) {
            special_characters = true;
        }
        if is_space(value, i) {
            if i == 0 {
                leading_space = true;
            }
            if i + w == value.len() {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(value, i) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + w == value.len() {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(value, i);
        i += w;
    }

    let mut a = ScalarAnalysis {
        multiline: line_breaks,
        flow_plain_allowed: true,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.flow_plain_allowed = false;
        a.block_plain_allowed = false;
    }
    if flow_indicators {
        a.flow_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn natural_key_order() {
        let mut keys: Vec<(String, ())> = ["b", "a10", "a2", "A", "a", "a1", "_x", "1", "10", "9"]
            .iter()
            .map(|k| ((*k).to_owned(), ()))
            .collect();
        sort_keys(&mut keys);
        let got: Vec<&str> = keys.iter().map(|(k, ())| k.as_str()).collect();
        assert_eq!(
            got,
            ["_x", "1", "9", "10", "A", "a", "a1", "a2", "a10", "b"]
        );
    }

    #[test]
    fn small_documents() {
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
        assert_eq!(to_yaml(&json!("x")), "x\n");
        assert_eq!(
            to_yaml(&json!({"a": [1, {"b": null}], "c": {}})),
            "a:\n- 1\n- b: null\nc: {}\n"
        );
        assert_eq!(to_yaml(&json!({"s": "a\nb\n"})), "s: |\n  a\n  b\n");
        assert_eq!(to_yaml(&json!({"s": "a\nb"})), "s: |-\n  a\n  b\n");
        assert_eq!(to_yaml(&json!({"s": " a\n"})), "s: |2\n   a\n");
        assert_eq!(to_yaml(&json!({"s": "a\n\n"})), "s: |+\n  a\n\n");
        assert!(try_to_yaml(&json!({"a": "\u{7f}"})).is_err());
    }
}
