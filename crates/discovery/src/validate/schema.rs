//! A structural schema (one CRD version's `openAPIV3Schema`) compiled once for validating many
//! objects: its keywords typed, `pattern`s compiled, unsupported formats stripped as the server
//! strips them, and CEL rules compiled per node.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::rules::{CelNode, Rule};

/// `additionalProperties`: a boolean or a schema.
#[derive(Debug, Clone)]
pub enum Additional {
    /// `true` or `false`.
    Allows(bool),
    /// A schema for every value not named in `properties`.
    Schema(Box<Schema>),
}

/// A compiled `pattern`: the regex, or why it does not compile.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written.
    pub source: String,
    /// The compiled regex (RE2 semantics, as Go's `regexp`), or the compile error.
    pub regex: Result<regex::Regex, String>,
}

/// A schema node, with what the structural algorithms (pruning, defaulting, list types) and
/// kube-openapi's validator need.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // one per JSON-schema keyword
pub struct Schema {
    /// `type`, empty when absent.
    pub type_name: String,
    /// The type list kube-openapi checks (`["integer", "string"]` for int-or-string).
    pub types: Vec<String>,
    /// `nullable`.
    pub nullable: bool,
    /// `format`, empty when the server ignores it for this type.
    pub format: String,
    /// `default`.
    pub default: Option<Value>,
    /// `properties`, sorted by name.
    pub properties: BTreeMap<String, Schema>,
    /// `additionalProperties`.
    pub additional_properties: Option<Additional>,
    /// `items`.
    pub items: Option<Box<Schema>>,
    /// `required`.
    pub required: Vec<String>,
    /// `enum`.
    pub enum_values: Option<Vec<Value>>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: bool,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `maxLength`.
    pub max_length: Option<i64>,
    /// `minLength`.
    pub min_length: Option<i64>,
    /// `pattern`.
    pub pattern: Option<Pattern>,
    /// `maxItems`.
    pub max_items: Option<i64>,
    /// `minItems`.
    pub min_items: Option<i64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `maxProperties`.
    pub max_properties: Option<i64>,
    /// `minProperties`.
    pub min_properties: Option<i64>,
    /// `allOf`.
    pub all_of: Vec<Schema>,
    /// `anyOf`.
    pub any_of: Vec<Schema>,
    /// `oneOf`.
    pub one_of: Vec<Schema>,
    /// `not`.
    pub not: Option<Box<Schema>>,
    /// `x-kubernetes-preserve-unknown-fields`.
    pub preserve_unknown_fields: bool,
    /// `x-kubernetes-embedded-resource`.
    pub embedded_resource: bool,
    /// `x-kubernetes-int-or-string`.
    pub int_or_string: bool,
    /// `x-kubernetes-list-type`.
    pub list_type: Option<String>,
    /// `x-kubernetes-list-map-keys`.
    pub list_map_keys: Vec<String>,
    /// `x-kubernetes-map-type`.
    pub map_type: Option<String>,
    /// `x-kubernetes-validations`.
    pub rules: Vec<Rule>,
    /// The rules compiled with this node's schema, when there are rules.
    pub cel: Option<Arc<CelNode>>,
    /// Whether this node or one below has rules (CEL traversal skips the rest).
    pub has_rules: bool,
    /// Whether this node or one below has an `x-kubernetes-list-type` of `set` or `map`
    /// (the list-type traversal skips the rest).
    pub has_list_types: bool,
}

/// Formats CRD schemas may use for strings (as Kubernetes 1.37 supports them, with dashes
/// removed as go-openapi normalises names).
const STRING_FORMATS: &[&str] = &[
    "bsonobjectid",
    "uri",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "cidr",
    "mac",
    "uuid",
    "uuid3",
    "uuid4",
    "uuid5",
    "isbn",
    "isbn10",
    "isbn13",
    "creditcard",
    "ssn",
    "hexcolor",
    "rgbcolor",
    "byte",
    "password",
    "date",
    "duration",
    "datetime",
    "k8sshortname",
    "k8slongname",
];

/// The format kube-openapi will check for a schema of `types`, as the apiextensions server's
/// `StripUnsupportedFormatsPostProcessor` leaves it: unknown string formats, and any format on
/// other types but int32/int64/float/double, become empty.
fn supported_format(format: &str, types: &[String]) -> String {
    if format.is_empty() {
        return String::new();
    }
    let single = if types.len() == 1 {
        types[0].as_str()
    } else {
        ""
    };
    let keep = match single {
        "" | "string" => STRING_FORMATS.contains(&format.replace('-', "").as_str()),
        "integer" => format == "int32" || format == "int64",
        "number" => format == "float" || format == "double",
        _ => false,
    };
    if keep {
        format.to_owned()
    } else {
        String::new()
    }
}

fn int(v: Option<&Value>) -> Option<i64> {
    // Limits are whole numbers; a float such as `5.0` is the same limit.
    #[allow(clippy::cast_possible_truncation)]
    v.and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

impl Schema {
    /// Compiles a schema from its JSON form (`openAPIV3Schema` or any node of it).
    pub fn compile(json: &Value) -> Schema {
        let mut s = Self::compile_node(json);
        attach_cel(&mut s);
        mark_list_types(&mut s);
        s
    }

    /// Compiles without CEL (value-validation branches and tests).
    #[allow(clippy::too_many_lines)] // one field per keyword
    pub(crate) fn compile_node(json: &Value) -> Schema {
        let Some(obj) = json.as_object() else {
            return Schema::default();
        };
        let str_of = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or_default();
        let bool_of = |k: &str| obj.get(k).and_then(Value::as_bool).unwrap_or(false);
        let type_name = str_of("type").to_owned();
        let int_or_string = bool_of("x-kubernetes-int-or-string");
        let types = if int_or_string {
            vec!["integer".to_owned(), "string".to_owned()]
        } else if type_name.is_empty() {
            Vec::new()
        } else {
            vec![type_name.clone()]
        };
        let format = supported_format(str_of("format"), &types);
        let list = |k: &str| -> Vec<Schema> {
            obj.get(k)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(Schema::compile_node).collect())
                .unwrap_or_default()
        };
        let properties = obj
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| (k.clone(), Schema::compile_node(v)))
                    .collect()
            })
            .unwrap_or_default();
        let additional_properties = match obj.get("additionalProperties") {
            Some(Value::Bool(b)) => Some(Additional::Allows(*b)),
            Some(v @ Value::Object(_)) => {
                Some(Additional::Schema(Box::new(Schema::compile_node(v))))
            }
            _ => None,
        };
        let pattern = obj.get("pattern").and_then(Value::as_str).map(|p| Pattern {
            source: p.to_owned(),
            regex: go_regex(p),
        });
        let rules = obj
            .get("x-kubernetes-validations")
            .and_then(|v| serde_json::from_value::<Vec<Rule>>(v.clone()).ok())
            .unwrap_or_default();
        Schema {
            type_name,
            nullable: bool_of("nullable"),
            format,
            default: obj.get("default").cloned(),
            properties,
            additional_properties,
            items: obj
                .get("items")
                .filter(|v| v.is_object())
                .map(|v| Box::new(Schema::compile_node(v))),
            required: crate::validate::strings(obj.get("required")),
            enum_values: obj.get("enum").and_then(Value::as_array).cloned(),
            maximum: obj.get("maximum").and_then(Value::as_f64),
            exclusive_maximum: bool_of("exclusiveMaximum"),
            minimum: obj.get("minimum").and_then(Value::as_f64),
            exclusive_minimum: bool_of("exclusiveMinimum"),
            multiple_of: obj.get("multipleOf").and_then(Value::as_f64),
            max_length: int(obj.get("maxLength")),
            min_length: int(obj.get("minLength")),
            pattern,
            max_items: int(obj.get("maxItems")),
            min_items: int(obj.get("minItems")),
            unique_items: bool_of("uniqueItems"),
            max_properties: int(obj.get("maxProperties")),
            min_properties: int(obj.get("minProperties")),
            all_of: list("allOf"),
            any_of: list("anyOf"),
            one_of: list("oneOf"),
            not: obj
                .get("not")
                .filter(|v| v.is_object())
                .map(|v| Box::new(Schema::compile_node(v))),
            preserve_unknown_fields: bool_of("x-kubernetes-preserve-unknown-fields"),
            embedded_resource: bool_of("x-kubernetes-embedded-resource"),
            int_or_string,
            list_type: obj
                .get("x-kubernetes-list-type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            list_map_keys: crate::validate::strings(obj.get("x-kubernetes-list-map-keys")),
            map_type: obj
                .get("x-kubernetes-map-type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            types,
            rules,
            cel: None,
            has_rules: false,
            has_list_types: false,
        }
    }

    /// The schema of `additionalProperties` when it is one.
    pub fn additional_schema(&self) -> Option<&Schema> {
        match &self.additional_properties {
            Some(Additional::Schema(s)) => Some(s),
            _ => None,
        }
    }

    /// The schema that structural algorithms use for key `k` of an object: its property, or
    /// `additionalProperties`.
    pub fn field_schema(&self, k: &str) -> Option<&Schema> {
        self.properties.get(k).or_else(|| self.additional_schema())
    }
}

/// Compiles a pattern with Go's (RE2) semantics: the `regex` crate is RE2-like, but its
/// `\d`, `\w`, `\s` and `\b` are Unicode-aware where Go's are ASCII-only.
pub fn go_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(&translate_go_regex(pattern)).map_err(|e| go_regex_error(pattern, &e))
}

/// Rewrites Perl classes to their ASCII meaning: `(?-u:\d)` outside brackets, `0-9` inside.
fn translate_go_regex(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(&n) = chars.peek() else {
                    out.push(c);
                    break;
                };
                chars.next();
                match (n, in_class) {
                    ('D', false) => out.push_str("[^0-9]"),
                    ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                    ('S', false) => out.push_str("[^\\t\\n\\x0C\\r ]"),
                    ('d' | 'w' | 's' | 'b' | 'B', false) => {
                        out.push_str("(?-u:\\");
                        out.push(n);
                        out.push(')');
                    }
                    ('d', true) => out.push_str("0-9"),
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('s', true) => out.push_str("\\t\\n\\x0C\\r "),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` first in a class (or after `^`) is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str("\\]");
                    chars.next();
                }
            }
            '[' if in_class && chars.peek() == Some(&':') => {
                // A POSIX class such as [:alpha:] inside brackets.
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Go's regexp compile error text for a pattern the `regex` crate rejects.
fn go_regex_error(pattern: &str, e: &regex::Error) -> String {
    // Go: "error parsing regexp: <reason>: `<fragment>`". Reasons differ between engines;
    // the pattern is what a user needs.
    let reason = e.to_string();
    let last = reason.lines().last().unwrap_or_default().trim();
    format!(
        "error parsing regexp: {}: `{pattern}`",
        last.trim_start_matches("error: ")
    )
}

/// Compiles the rules of `s` and of every node below it.
fn attach_cel(s: &mut Schema) {
    let mut has = !s.rules.is_empty();
    for p in s.properties.values_mut() {
        attach_cel(p);
        has |= p.has_rules;
    }
    if let Some(items) = s.items.as_deref_mut() {
        attach_cel(items);
        has |= items.has_rules;
    }
    if let Some(Additional::Schema(a)) = s.additional_properties.as_mut() {
        attach_cel(a);
        has |= a.has_rules;
    }
    for b in &mut s.all_of {
        attach_cel(b);
        has |= b.has_rules;
    }
    if !s.rules.is_empty() {
        s.cel = Some(Arc::new(CelNode::compile(&s.rules)));
    }
    s.has_rules = has;
}

/// Sets [`Schema::has_list_types`] on `s` and every node below it.
fn mark_list_types(s: &mut Schema) -> bool {
    let mut has = matches!(s.list_type.as_deref(), Some("set" | "map"));
    for p in s.properties.values_mut() {
        has |= mark_list_types(p);
    }
    if let Some(items) = s.items.as_deref_mut() {
        has |= mark_list_types(items);
    }
    if let Some(Additional::Schema(a)) = s.additional_properties.as_mut() {
        has |= mark_list_types(a);
    }
    for b in &mut s.all_of {
        mark_list_types(b);
    }
    s.has_list_types = has;
    has
}
