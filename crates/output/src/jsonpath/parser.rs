//! client-go v0.37.2 `util/jsonpath/parser.go`: a template as text and `{...}` actions, each a
//! list of nodes; errors worded as Go's.

use super::node::{Node, Param};
use crate::gofmt::{self, strconv};

fn is_terminator(r: Option<char>) -> bool {
    match r {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

fn is_go_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

fn is_alpha_numeric(r: Option<char>) -> bool {
    r.is_some_and(|c| c == '_' || c.is_alphabetic() || is_go_digit(c))
}

struct Parser<'s> {
    input: &'s str,
    pos: usize,
    start: usize,
    width: usize,
}

impl<'s> Parser<'s> {
    fn new(input: &'s str) -> Self {
        Parser {
            input,
            pos: 0,
            start: 0,
            width: 0,
        }
    }

    fn next(&mut self) -> Option<char> {
        match self.input[self.pos..].chars().next() {
            None => {
                self.width = 0;
                None
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let r = self.next();
        self.backup();
        r
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn consume_text(&mut self) -> String {
        let value = self.input[self.start..self.pos].to_owned();
        self.start = self.pos;
        value
    }

    fn rest(&self) -> &str {
        &self.input[self.pos..]
    }

    /// The root list: text nodes and one list node per action.
    fn parse(mut self) -> Result<Vec<Node>, String> {
        let mut root = Vec::new();
        loop {
            // parseText
            let mut found = false;
            loop {
                if self.rest().starts_with('{') {
                    found = true;
                    break;
                }
                if self.next().is_none() {
                    break;
                }
            }
            if self.pos > self.start {
                root.push(Node::Text(self.consume_text()));
            }
            if !found {
                return Ok(root);
            }
            // parseLeftDelim
            self.pos += 1;
            self.consume_text();
            let mut action = Vec::new();
            let closed = self.parse_inside_action(&mut action);
            root.push(Node::List(action));
            closed?;
        }
    }

    /// Parses up to and including the closing `}`.
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            if self.rest().starts_with('}') {
                self.pos += 1;
                self.consume_text();
                return Ok(());
            }
            if self.rest().starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if self.rest().starts_with("..") {
                self.parse_recursive(cur)?;
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err("unclosed action".to_owned()),
                Some(' ' | '@' | '$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || is_go_digit(c) => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                r if is_alpha_numeric(r) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => {
                    return Err(format!(
                        "unrecognized character in action: {}",
                        gofmt::sharp_u(c)
                    ));
                }
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let r = self.next();
            if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        match value.as_str() {
            "true" => cur.push(Node::Bool(true)),
            "false" => cur.push(Node::Bool(false)),
            _ => cur.push(Node::Identifier(value)),
        }
    }

    fn parse_recursive(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if cur.last() == Some(&Node::Recursive) {
            return Err("invalid multiple recursive descent".to_owned());
        }
        self.pos += 2;
        self.consume_text();
        cur.push(Node::Recursive);
        if is_alpha_numeric(self.peek()) {
            self.parse_field(cur);
        }
        Ok(())
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || is_go_digit(c) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Ok(i) = strconv::atoi(&value) {
            cur.push(Node::Int(i));
            return Ok(());
        }
        if let Ok(f) = strconv::parse_float(&value) {
            cur.push(Node::Float(f));
            return Ok(());
        }
        Err(format!("cannot parse number {value}"))
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".to_owned()),
                Some(']') => break,
                _ => {}
            }
        }
        let consumed = self.consume_text();
        let inner = &consumed[1..consumed.len() - 1];
        let text = if inner == "*" { ":" } else { inner }.to_owned();

        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for part in parts {
                union.push(parse_action(&format!("[{}]", part.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }

        // `^'([^']*)'$`: a quoted key, as in ['a.b']; re-parsed as `.a.b` like Go does.
        if text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'')
        {
            let nodes = parse_action(&format!(".{}", &text[1..text.len() - 1]))?;
            cur.extend(nodes);
            return Ok(());
        }

        let Some(groups) = match_slice(&text) else {
            return Err(format!("invalid array index {text}"));
        };
        let mut params = [Param::default(); 3];
        for i in 0..3 {
            let mut v = groups[i].clone();
            if v.is_empty() {
                if i == 1 {
                    params[i] = Param {
                        value: params[0].value + 1,
                        known: true,
                        derived: true,
                    };
                } else {
                    params[i] = Param::default();
                }
                continue;
            }
            if i > 0 {
                v.remove(0);
            }
            if i > 0 && v.is_empty() {
                params[i].known = false;
            } else {
                params[i].known = true;
                params[i].value =
                    strconv::atoi(&v).map_err(|_| format!("array index {v} is not a number"))?;
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume_text();
        let mut begin = false;
        let mut end = false;
        let mut pair = '\0';
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated filter".to_owned()),
                Some(r @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if self.input.as_bytes()[self.pos - 2] != b'\\' && r == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".to_owned());
        }
        let text = self.consume_text();
        let text = &text[..text.len() - 2];
        if let Some((left, op, right)) = split_filter(text) {
            let left = parse_action(left)?;
            let right = parse_action(right)?;
            cur.push(Node::Filter {
                left,
                right,
                op: op.to_owned(),
            });
        } else {
            let left = parse_action(text)?;
            cur.push(Node::Filter {
                left,
                right: Vec::new(),
                op: "exists".to_owned(),
            });
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".to_owned()),
                Some(c) if c == end && self.input.as_bytes()[self.pos - 2] != b'\\' => break,
                _ => {}
            }
        }
        let value = self.consume_text();
        let s = unquote_extend(&value).map_err(|e| format!("unquote string {value} error {e}"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume_text();
        loop {
            let r = self.next();
            if r == Some('\\') {
                self.next();
            } else if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }
}

/// `Parse`: the root list of `template`, text nodes and one list node per action.
pub(super) fn parse(template: &str) -> Result<Vec<Node>, String> {
    Parser::new(template).parse()
}

/// `parseAction`: parses `{text}` as a template and returns its first action's nodes.
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let template = format!("{{{text}}}");
    let nodes = Parser::new(&template).parse()?;
    match nodes.into_iter().next() {
        Some(Node::List(nodes)) => Ok(nodes),
        _ => Ok(Vec::new()),
    }
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`: the three groups, empty when absent.
fn match_slice(text: &str) -> Option<[String; 3]> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut groups: [String; 3] = Default::default();
    let group = |i: &mut usize, colon: bool| -> Option<String> {
        let start = *i;
        if colon {
            if b.get(*i) != Some(&b':') {
                return None;
            }
            *i += 1;
        }
        if b.get(*i) == Some(&b'-') {
            *i += 1;
        }
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        Some(text[start..*i].to_owned())
    };
    groups[0] = group(&mut i, false)?;
    if let Some(g) = group(&mut i, true) {
        groups[1] = g;
        if let Some(g) = group(&mut i, true) {
            groups[2] = g;
        }
    }
    (i == b.len()).then_some(groups)
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`: left operand, operator, right operand.
fn split_filter(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let a = text.find(is_op)?;
    if a == 0 {
        return None;
    }
    let op_len = text[a..]
        .find(|c: char| !is_op(c))
        .unwrap_or(text.len() - a);
    let mut b = a + op_len;
    if b == text.len() {
        // The operand needs a character: the operator gives up its last one.
        if op_len < 2 {
            return None;
        }
        b -= 1;
    }
    let right = &text[b..];
    if right.contains('\n') {
        return None;
    }
    Some((&text[..a], &text[a..b], right))
}

/// jsonpath's `UnquoteExtend`: Go's `strconv.Unquote` for `"..."` and `'...'` strings.
#[expect(
    clippy::many_single_char_names,
    reason = "kept close to Go's strconv.UnquoteChar"
)]
fn unquote_extend(s: &str) -> Result<String, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let b = s.as_bytes();
    let n = b.len();
    if n < 2 {
        return Err(SYNTAX);
    }
    let quote = b[0];
    if quote != b[n - 1] || (quote != b'"' && quote != b'\'') {
        return Err(SYNTAX);
    }
    let inner = &s[1..n - 1];
    if !inner.contains('\\') && !inner.contains(char::from(quote)) {
        return Ok(inner.to_owned());
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        let rb = rest.as_bytes();
        let c = rb[0];
        if c == quote {
            return Err(SYNTAX);
        }
        if c >= 0x80 {
            let ch = rest.chars().next().unwrap_or('\u{fffd}');
            let mut tmp = [0u8; 4];
            buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
            rest = &rest[ch.len_utf8()..];
            continue;
        }
        if c != b'\\' {
            buf.push(c);
            rest = &rest[1..];
            continue;
        }
        if rb.len() <= 1 {
            return Err(SYNTAX);
        }
        let e = rb[1];
        rest = &rest[2..];
        match e {
            b'a' => buf.push(7),
            b'b' => buf.push(8),
            b'f' => buf.push(12),
            b'n' => buf.push(b'\n'),
            b'r' => buf.push(b'\r'),
            b't' => buf.push(b'\t'),
            b'v' => buf.push(11),
            b'x' | b'u' | b'U' => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                if rest.len() < n {
                    return Err(SYNTAX);
                }
                let mut v: u32 = 0;
                for &h in &rest.as_bytes()[..n] {
                    let x = char::from(h).to_digit(16).ok_or(SYNTAX)?;
                    v = (v << 4) | x;
                }
                rest = &rest[n..];
                if e == b'x' {
                    // A single byte, possibly not UTF-8 on its own.
                    buf.push(u8::try_from(v).unwrap_or(0));
                } else {
                    let ch = char::from_u32(v).ok_or(SYNTAX)?;
                    let mut tmp = [0u8; 4];
                    buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
            }
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                if rest.len() < 2 {
                    return Err(SYNTAX);
                }
                for &d in &rest.as_bytes()[..2] {
                    if !(b'0'..=b'7').contains(&d) {
                        return Err(SYNTAX);
                    }
                    v = (v << 3) | u32::from(d - b'0');
                }
                rest = &rest[2..];
                buf.push(u8::try_from(v).map_err(|_| SYNTAX)?);
            }
            b'\\' => buf.push(b'\\'),
            b'\'' | b'"' => {
                if e != quote {
                    return Err(SYNTAX);
                }
                buf.push(e);
            }
            _ => return Err(SYNTAX),
        }
    }
    Ok(String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_split() {
        assert_eq!(split_filter("@.a==\"x\""), Some(("@.a", "==", "\"x\"")));
        assert_eq!(split_filter("@.a=="), Some(("@.a", "=", "=")));
        assert_eq!(split_filter("@.a"), None);
        assert_eq!(split_filter("==1"), None);
    }
}
