//! What go-yaml v2 (v2.4.4) does to the JSON kubectl hands sigs.k8s.io/yaml before anything is
//! marshalled: `JSONToYAML` reads the JSON back as YAML, so `readerc.go` rejects control
//! characters, the parser trips over a key holding U+0085 (a YAML line break), and
//! `scannerc.go` folds that line break inside a double-quoted string.

use serde_json::Value;

use crate::gofmt;

/// Scans the JSON encoding/json produces for what go-yaml's reader or parser rejects. When both
/// occur, the earlier one wins (go-yaml's reader runs a little ahead of its parser, so for two
/// problems within a few hundred bytes of each other this may pick the other one than kubectl).
pub(super) fn read_back_error(value: &Value) -> Option<String> {
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

/// go-yaml reads the JSON string back as a double-quoted YAML scalar: the only raw line break
/// encoding/json leaves in a string, NEL (U+0085), is folded like any YAML line break (spaces
/// before it dropped, one break becomes a space, n breaks become n-1 newlines).
pub(super) fn fold_json_breaks(s: &str) -> String {
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
