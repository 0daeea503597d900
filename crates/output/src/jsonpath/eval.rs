//! client-go v0.37.2 `util/jsonpath/jsonpath.go`: the evaluator (`FindResults`, `walk` and the
//! `eval*` functions, `PrintResults`), over items that carry the Go type a value would have
//! after `template.Indirect` (client-go's fork of text/template's `exec.go`).

use std::fmt::Write as _;

use serde_json::Value;

use super::funcs::{equal, less, less_equal};
use super::node::{Node, Param};
use crate::gofmt::{self, GoNum};

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
pub(super) enum Kind<'v> {
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
    pub(super) fn kind(&self) -> Kind<'_> {
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
pub(super) fn print_results(out: &mut String, results: &[Item<'_>]) {
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

/// `FindResults`: the results of each top-level node of a template over `value`, ranges
/// expanded; on failure, Go's error message.
pub(super) fn find_results<'a>(
    nodes: &[Node],
    value: &'a Value,
    allow_missing_keys: bool,
) -> Result<Vec<Vec<Item<'a>>>, String> {
    let mut eval = Eval {
        allow_missing_keys,
        begin_range: 0,
        in_range: 0,
        end_range: 0,
        last_end_node: None,
    };
    eval.find_results(Item::Ref(value), nodes, 0)
        .map_err(|e| e.message)
}

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
