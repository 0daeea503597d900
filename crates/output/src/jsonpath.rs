//! client-go's `util/jsonpath` (parser and evaluator) as `kubectl -o jsonpath`, custom columns and
//! `--sort-by` use it, ported function by function so that output and error wording match.
//!
//! Where Go iterates a map (`*` and `..` over an object) its order is random; here it is the
//! keys' byte order, one of the orders kubectl may print.

use std::fmt::Write as _;

use serde_json::Value;

use crate::Error;
use crate::gofmt::{self, GoNum, strconv};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Identifier(String),
}

/// A parsed JSONPath template (`{.metadata.name}`, `{range .items[*]}{.x}{"\n"}{end}`, ...).
#[derive(Debug, Clone)]
pub struct JsonPath {
    template: String,
    nodes: Vec<Node>,
    allow_missing_keys: bool,
}

impl JsonPath {
    /// Parses a template as client-go's `jsonpath.Parse` does: text outside `{...}` is printed as
    /// is, so a bare `.a.b` prints `.a.b` (kubectl wraps bare paths only for custom columns and
    /// `--sort-by`, see [`relaxed`]). Missing keys are errors until
    /// [`JsonPath::allow_missing_keys`] (kubectl's `-o jsonpath` allows them).
    pub fn parse(template: &str) -> Result<Self, Error> {
        let nodes = Parser::new(template)
            .parse()
            .map_err(|message| Error::JsonPathParse {
                template: template.to_owned(),
                message,
            })?;
        Ok(JsonPath {
            template: template.to_owned(),
            nodes,
            allow_missing_keys: false,
        })
    }

    /// Whether a missing field gives no result (`true`, kubectl's `-o jsonpath` and custom
    /// columns) or the error `<field> is not found` (client-go's default).
    #[must_use]
    pub fn allow_missing_keys(mut self, allow: bool) -> Self {
        self.allow_missing_keys = allow;
        self
    }

    /// The template as given.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// What `kubectl -o jsonpath=TEMPLATE` prints for `value` (the object, or the `List` of
    /// several); on failure, kubectl's whole error message.
    pub fn render(&self, value: &Value) -> Result<String, Error> {
        let blocks = self
            .find_items(value)
            .map_err(|message| Error::JsonPathExecute {
                template: self.template.clone(),
                message,
                object: gofmt::sharp_v(value),
            })?;
        let mut out = String::new();
        for block in &blocks {
            print_results(&mut out, block);
        }
        Ok(out)
    }

    /// The raw results of each top-level part of the template (text and `{...}` blocks, with
    /// ranges expanded), as client-go's `FindResults` returns them.
    pub fn find(&self, value: &Value) -> Result<Vec<Vec<Value>>, Error> {
        let blocks = self
            .find_items(value)
            .map_err(|message| Error::JsonPathEval { message })?;
        Ok(blocks
            .into_iter()
            .map(|block| block.iter().map(Item::to_value).collect())
            .collect())
    }

    pub(crate) fn find_items<'a>(&self, value: &'a Value) -> Result<Vec<Vec<Item<'a>>>, String> {
        let mut eval = Eval {
            allow_missing_keys: self.allow_missing_keys,
            begin_range: 0,
            in_range: 0,
            end_range: 0,
            last_end_node: None,
        };
        eval.find_results(Item::Ref(value), &self.nodes, 0)
            .map_err(|e| e.message)
    }
}

/// kubectl's `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become
/// `{.a.b}` (custom columns and `--sort-by` accept any of them).
pub fn relaxed(expr: &str) -> Result<String, Error> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let no_braces = |s: &str| !s.is_empty() && !s.contains(['{', '}']);
    // `\.?` is optional: it gives way when nothing would be left for `([^{}]+)`.
    let field = |s: &str| -> String {
        match s.strip_prefix('.') {
            Some(rest) if !rest.is_empty() => rest.to_owned(),
            _ => s.to_owned(),
        }
    };
    if let Some(inner) = expr.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        let spec = field(inner);
        if no_braces(&spec) {
            return Ok(format!("{{.{spec}}}"));
        }
    }
    let spec = field(expr);
    if no_braces(&spec) {
        return Ok(format!("{{.{spec}}}"));
    }
    Err(Error::RelaxedPath {
        expression: expr.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// parser.go

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

// ---------------------------------------------------------------------------------------------
// jsonpath.go

/// One value flowing through the evaluator, with the Go type it would have there.
#[derive(Debug, Clone)]
pub(crate) enum Item<'a> {
    /// A value of the object (an `interface{}` in Go).
    Ref(&'a Value),
    /// A string, float or bool made by the template (text, literals).
    Own(Value),
    /// An integer literal of the template (Go `int`).
    Int(i64),
    /// A byte of a string (`*` or `..` over a string yields `uint8`s).
    Byte(u8),
    /// The zero `reflect.Value` (the data of a range over nothing, or over a null item).
    Invalid,
}

/// Go's view of an item after `template.Indirect`.
enum Kind<'v> {
    Nil,
    Invalid,
    Map,
    Slice(&'v [Value]),
    Str(&'v str),
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
}

impl<'a> Item<'a> {
    fn kind(&self) -> Kind<'_> {
        let v = match self {
            Item::Ref(v) => *v,
            Item::Own(v) => v,
            Item::Int(i) => return Kind::Int(*i),
            Item::Byte(b) => return Kind::Uint(u64::from(*b)),
            Item::Invalid => return Kind::Invalid,
        };
        match v {
            Value::Null => Kind::Nil,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => match GoNum::of(n) {
                GoNum::Int(i) => Kind::Int(i),
                GoNum::Float(f) => Kind::Float(f),
            },
            Value::String(s) => Kind::Str(s),
            Value::Array(items) => Kind::Slice(items),
            Value::Object(_) => Kind::Map,
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        match self {
            Item::Ref(v) => (*v).clone(),
            Item::Own(v) => v.clone(),
            Item::Int(i) => Value::from(*i),
            Item::Byte(b) => Value::from(*b),
            Item::Invalid => Value::Null,
        }
    }

    /// Children of a map (values), slice (items) or string (bytes), as `*` and `..` see them.
    fn children(&self) -> Vec<Item<'a>> {
        let own = |v: &Value| Item::Own(v.clone());
        match self {
            Item::Ref(Value::Object(map)) => gofmt::sorted_entries(map)
                .into_iter()
                .map(|(_, v)| Item::Ref(v))
                .collect(),
            Item::Ref(Value::Array(items)) => items.iter().map(Item::Ref).collect(),
            Item::Ref(Value::String(s)) | Item::Own(Value::String(s)) => {
                s.bytes().map(Item::Byte).collect()
            }
            Item::Own(Value::Object(map)) => map.values().map(own).collect(),
            Item::Own(Value::Array(items)) => items.iter().map(own).collect(),
            _ => Vec::new(),
        }
    }

    fn index(&self, i: usize) -> Item<'a> {
        match self {
            Item::Ref(Value::Array(items)) => Item::Ref(&items[i]),
            Item::Own(Value::Array(items)) => Item::Own(items[i].clone()),
            _ => Item::Invalid,
        }
    }

    fn field(&self, name: &str) -> Option<Item<'a>> {
        match self {
            Item::Ref(Value::Object(map)) => map.get(name).map(Item::Ref),
            Item::Own(Value::Object(map)) => map.get(name).map(|v| Item::Own(v.clone())),
            _ => None,
        }
    }

    /// The Go type name errors mention.
    fn type_name(&self) -> &'static str {
        match self.kind() {
            Kind::Nil | Kind::Invalid => "<nil>",
            Kind::Map => "map[string]interface {}",
            Kind::Slice(_) => "[]interface {}",
            Kind::Str(_) => "string",
            Kind::Int(_) if matches!(self, Item::Int(_)) => "int",
            Kind::Int(_) => "int64",
            Kind::Uint(_) => "uint8",
            Kind::Float(_) => "float64",
            Kind::Bool(_) => "bool",
        }
    }

    /// `fmt.Sprint` of the item (`%v`), as custom columns print values.
    pub(crate) fn sprint(&self) -> String {
        match self {
            Item::Ref(v) => gofmt::sprint(v),
            Item::Own(v) => gofmt::sprint(v),
            Item::Int(i) => i.to_string(),
            Item::Byte(b) => b.to_string(),
            Item::Invalid => "<invalid reflect.Value>".to_owned(),
        }
    }
}

/// `PrintResults`: maps and lists as compact JSON, everything else as text, space-separated.
fn print_results(out: &mut String, results: &[Item<'_>]) {
    for (i, r) in results.iter().enumerate() {
        match r.kind() {
            Kind::Map | Kind::Slice(_) => gofmt::write_json_compact(out, &r.to_value()),
            Kind::Invalid => out.push_str("<no value>"),
            Kind::Nil => out.push_str("null"),
            Kind::Str(s) => out.push_str(s),
            Kind::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Kind::Uint(n) => {
                let _ = write!(out, "{n}");
            }
            Kind::Float(f) => out.push_str(&gofmt::format_float(f, b'g')),
            Kind::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        }
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
}

struct EvalError<'a> {
    /// What Go returns alongside the error (an exists-filter still looks at it).
    partial: Vec<Item<'a>>,
    message: String,
}

fn fail<T>(partial: Vec<Item<'_>>, message: impl Into<String>) -> Result<T, EvalError<'_>> {
    Err(EvalError {
        partial,
        message: message.into(),
    })
}

type EvalResult<'a> = Result<Vec<Item<'a>>, EvalError<'a>>;

struct Eval {
    allow_missing_keys: bool,
    begin_range: usize,
    in_range: usize,
    end_range: usize,
    last_end_node: Option<usize>,
}

impl Eval {
    fn find_results<'a>(
        &mut self,
        data: Item<'a>,
        nodes: &[Node],
        start: usize,
    ) -> Result<Vec<Vec<Item<'a>>>, EvalError<'a>> {
        let cur = vec![data];
        let mut full = Vec::new();
        let mut i = start;
        while i < nodes.len() {
            let results = self.walk(cur.clone(), &nodes[i])?;

            // An `end` closes the innermost range.
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end_node = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    // Walk the body once anyway, to find where the range ends.
                    self.find_results(Item::Invalid, nodes, i + 1)?;
                } else {
                    for value in results {
                        let value = match value {
                            Item::Ref(Value::Null) | Item::Own(Value::Null) => Item::Invalid,
                            other => other,
                        };
                        let next = self.find_results(value, nodes, i + 1)?;
                        full.extend(next);
                    }
                }
                self.in_range -= 1;
                if let Some(k) = (i + 1..nodes.len()).find(|&k| self.last_end_node == Some(k)) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk<'a>(&mut self, input: Vec<Item<'a>>, node: &Node) -> EvalResult<'a> {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(s) => Ok(vec![Item::Own(Value::String(s.clone()))]),
            Node::Field(name) => self.eval_field(&input, name),
            Node::Array(params) => eval_array(&input, *params),
            Node::Filter { left, right, op } => self.eval_filter(&input, left, right, op),
            Node::Int(n) => Ok(vec![Item::Int(*n); input.len()]),
            Node::Float(f) => Ok(vec![Item::Own(Value::from(*f)); input.len()]),
            Node::Bool(b) => Ok(vec![Item::Own(Value::Bool(*b)); input.len()]),
            Node::Wildcard => Ok(eval_wildcard(&input)),
            Node::Recursive => Ok(eval_recursive(&input)),
            Node::Union(lists) => {
                let mut result = Vec::new();
                for list in lists {
                    match self.eval_list(input.clone(), list) {
                        Ok(items) => result.extend(items),
                        Err(e) => return fail(input, e.message),
                    }
                }
                Ok(result)
            }
            Node::Identifier(name) => self.eval_identifier(input, name),
        }
    }

    fn eval_list<'a>(&mut self, input: Vec<Item<'a>>, nodes: &[Node]) -> EvalResult<'a> {
        let mut cur = input;
        for node in nodes {
            cur = self.walk(cur, node)?;
        }
        Ok(cur)
    }

    fn eval_identifier<'a>(&mut self, input: Vec<Item<'a>>, name: &str) -> EvalResult<'a> {
        match name {
            "range" => {
                self.begin_range += 1;
                Ok(input)
            }
            "end" => {
                if self.in_range > 0 {
                    self.end_range += 1;
                    Ok(Vec::new())
                } else {
                    fail(Vec::new(), "not in range, nothing to end")
                }
            }
            _ => fail(input, format!("unrecognized identifier {name}")),
        }
    }

    fn eval_field<'a>(&mut self, input: &[Item<'a>], name: &str) -> EvalResult<'a> {
        let mut results = Vec::new();
        if input.is_empty() {
            return Ok(results);
        }
        for value in input {
            if matches!(value.kind(), Kind::Nil) {
                continue;
            }
            if let Some(found) = value.field(name) {
                results.push(found);
            }
        }
        if results.is_empty() && !self.allow_missing_keys {
            return fail(results, format!("{name} is not found"));
        }
        Ok(results)
    }

    fn eval_filter<'a>(
        &mut self,
        input: &[Item<'a>],
        left: &[Node],
        right: &[Node],
        op: &str,
    ) -> EvalResult<'a> {
        let mut results = Vec::new();
        for value in input {
            let Kind::Slice(items) = value.kind() else {
                let shown = match value.kind() {
                    Kind::Invalid => "<invalid reflect.Value>".to_owned(),
                    _ => value.sprint(),
                };
                return fail(
                    input.to_vec(),
                    format!("{shown} is not array or slice and cannot be filtered"),
                );
            };
            for i in 0..items.len() {
                let element = value.index(i);
                let temp = vec![element.clone()];
                let lefts = self.eval_list(temp.clone(), left);
                if op == "exists" {
                    let found = match &lefts {
                        Ok(items) => !items.is_empty(),
                        Err(e) => !e.partial.is_empty(),
                    };
                    if found {
                        results.push(element);
                    }
                    continue;
                }
                let lefts = match lefts {
                    Ok(items) => items,
                    Err(e) => return fail(input.to_vec(), e.message),
                };
                match lefts.len() {
                    0 => continue,
                    1 => {}
                    _ => return fail(input.to_vec(), "can only compare one element at a time"),
                }
                let rights = match self.eval_list(temp, right) {
                    Ok(items) => items,
                    Err(e) => return fail(input.to_vec(), e.message),
                };
                match rights.len() {
                    0 => continue,
                    1 => {}
                    _ => return fail(input.to_vec(), "can only compare one element at a time"),
                }
                let (l, r) = (&lefts[0], &rights[0]);
                let pass = match op {
                    "<" => less(l, r),
                    ">" => less_equal(l, r).map(|le| !le),
                    "==" => equal(l, r),
                    "!=" => equal(l, r).map(|eq| !eq),
                    "<=" => less_equal(l, r),
                    ">=" => less(l, r).map(|lt| !lt),
                    _ => return fail(results, format!("unrecognized filter operator {op}")),
                };
                match pass {
                    Ok(true) => results.push(element),
                    Ok(false) => {}
                    Err(message) => return fail(results, message),
                }
            }
        }
        Ok(results)
    }
}

fn eval_array<'a>(input: &[Item<'a>], node_params: [Param; 3]) -> EvalResult<'a> {
    let mut result = Vec::new();
    for value in input {
        let len = match value.kind() {
            Kind::Nil => continue,
            Kind::Slice(items) => i64::try_from(items.len()).unwrap_or(i64::MAX),
            _ => {
                let message = format!("{} is not array or slice", value.type_name());
                return fail(input.to_vec(), message);
            }
        };
        let mut params = node_params;
        if !params[0].known {
            params[0].value = 0;
        }
        if params[0].value < 0 {
            params[0].value += len;
        }
        if !params[1].known {
            params[1].value = len;
        }
        if params[1].value < 0 || (params[1].value == 0 && params[1].derived) {
            params[1].value += len;
        }
        if params[1].value == params[0].value {
            // Zero elements requested: Go returns what it has, skipping the remaining inputs.
            return Ok(result);
        }
        if params[0].value >= len || params[0].value < 0 {
            let message = format!(
                "array index out of bounds: index {}, length {len}",
                params[0].value
            );
            return fail(input.to_vec(), message);
        }
        if params[1].value > len || params[1].value < 0 {
            let message = format!(
                "array index out of bounds: index {}, length {len}",
                params[1].value - 1
            );
            return fail(input.to_vec(), message);
        }
        if params[0].value > params[1].value {
            let message = format!(
                "starting index {} is greater than ending index {}",
                params[0].value, params[1].value
            );
            return fail(input.to_vec(), message);
        }
        let step = if params[2].known {
            if params[2].value <= 0 {
                return fail(input.to_vec(), "step must be > 0");
            }
            params[2].value
        } else {
            1
        };
        let mut i = params[0].value;
        while i < params[1].value {
            result.push(value.index(usize::try_from(i).unwrap_or(0)));
            i += step;
        }
    }
    Ok(result)
}

fn eval_wildcard<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    input.iter().flat_map(Item::children).collect()
}

fn eval_recursive<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut result = Vec::new();
    for value in input {
        let children = value.children();
        if !children.is_empty() {
            result.push(value.clone());
            result.extend(eval_recursive(&children));
        }
    }
    result
}

// third_party/forked/golang/template/funcs.go

#[derive(PartialEq, Eq, Clone, Copy)]
enum BasicKind {
    Bool,
    Int,
    Uint,
    Float,
    Str,
}

const BAD_TYPE: &str = "invalid type for comparison";
const INCOMPATIBLE: &str = "incompatible types for comparison";

fn basic<'b>(item: &'b Item<'_>) -> Result<(BasicKind, Kind<'b>), &'static str> {
    let kind = item.kind();
    let basic = match kind {
        Kind::Bool(_) => BasicKind::Bool,
        Kind::Int(_) => BasicKind::Int,
        Kind::Uint(_) => BasicKind::Uint,
        Kind::Float(_) => BasicKind::Float,
        Kind::Str(_) => BasicKind::Str,
        _ => return Err(BAD_TYPE),
    };
    Ok((basic, kind))
}

#[expect(
    clippy::float_cmp,
    reason = "Go's template.Equal compares floats exactly"
)]
fn equal(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let (_, ka) = basic(a)?;
    let (_, kb) = basic(b)?;
    Ok(match (ka, kb) {
        (Kind::Int(x), Kind::Uint(y)) | (Kind::Uint(y), Kind::Int(x)) => {
            x >= 0 && u64::try_from(x).is_ok_and(|x| x == y)
        }
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Float(x), Kind::Float(y)) => x == y,
        (Kind::Int(x), Kind::Int(y)) => x == y,
        (Kind::Uint(x), Kind::Uint(y)) => x == y,
        (Kind::Str(x), Kind::Str(y)) => x == y,
        _ => return Err(INCOMPATIBLE.to_owned()),
    })
}

fn less(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let (ba, ka) = basic(a)?;
    let (bb, kb) = basic(b)?;
    if ba == bb && ba == BasicKind::Bool {
        return Err(BAD_TYPE.to_owned());
    }
    Ok(match (ka, kb) {
        (Kind::Int(x), Kind::Uint(y)) => x < 0 || u64::try_from(x).is_ok_and(|x| x < y),
        (Kind::Uint(x), Kind::Int(y)) => y >= 0 && u64::try_from(y).is_ok_and(|y| x < y),
        (Kind::Float(x), Kind::Float(y)) => x < y,
        (Kind::Int(x), Kind::Int(y)) => x < y,
        (Kind::Uint(x), Kind::Uint(y)) => x < y,
        (Kind::Str(x), Kind::Str(y)) => x < y,
        _ => return Err(INCOMPATIBLE.to_owned()),
    })
}

fn less_equal(a: &Item<'_>, b: &Item<'_>) -> Result<bool, String> {
    let lt = less(a, b)?;
    if lt {
        return Ok(true);
    }
    equal(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_like_kubectl() {
        assert_eq!(relaxed(".a.b").unwrap(), "{.a.b}");
        assert_eq!(relaxed("a.b").unwrap(), "{.a.b}");
        assert_eq!(relaxed("{a.b}").unwrap(), "{.a.b}");
        assert_eq!(relaxed("{.a.b}").unwrap(), "{.a.b}");
        assert_eq!(relaxed(".").unwrap(), "{..}");
        assert_eq!(relaxed("").unwrap(), "");
        assert!(relaxed("{}").is_err());
        assert!(relaxed("{.a}{.b}").is_err());
    }

    #[test]
    fn filter_split() {
        assert_eq!(split_filter("@.a==\"x\""), Some(("@.a", "==", "\"x\"")));
        assert_eq!(split_filter("@.a=="), Some(("@.a", "=", "=")));
        assert_eq!(split_filter("@.a"), None);
        assert_eq!(split_filter("==1"), None);
    }
}
