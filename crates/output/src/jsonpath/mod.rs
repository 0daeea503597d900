//! client-go's `util/jsonpath` (v0.37.2) as `kubectl -o jsonpath`, custom columns and
//! `--sort-by` use it, ported function by function so that output and error wording match:
//! `parser` (`parser.go`) reads a template into `node`s (`node.go`), `eval` (`jsonpath.go`)
//! walks them over an object, comparing filter operands with `funcs` (client-go's fork of
//! text/template's `funcs.go`).
//!
//! Where Go iterates a map (`*` and `..` over an object) its order is random; here it is the
//! keys' byte order, one of the orders kubectl may print.

mod eval;
mod funcs;
mod node;
mod parser;

use serde_json::Value;

pub(crate) use eval::Item;
use node::Node;

use crate::Error;
use crate::gofmt;

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
        let nodes = parser::parse(template).map_err(|message| Error::JsonPathParse {
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
            eval::print_results(&mut out, block);
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
        eval::find_results(&self.nodes, value, self.allow_missing_keys)
    }
}

/// kubectl's `RelaxedJSONPathExpression` (`pkg/cmd/get/customcolumn.go`): `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become
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
}
