//! Output formats of `kubectl crls` (`-o`), and the pieces of kubectl's printing they share:
//! `kind.group/name`, the `List` wrapper, sorting by a field path.

use std::cmp::Ordering;

use anyhow::Context as _;
use crkit_discovery::ApiResource;
use crkit_output::columns::CustomColumns;
use crkit_output::jsonpath::{self, JsonPath};
use serde_json::Value;

/// What `-o` asked for.
pub enum Format {
    /// The server's table (`-o wide` adds its low-priority columns).
    Table {
        /// `-o wide`.
        wide: bool,
    },
    /// `kind.group/name` lines.
    Name,
    /// kubectl's JSON.
    Json,
    /// kubectl's YAML.
    Yaml,
    /// `-o jsonpath=TEMPLATE`.
    JsonPath(JsonPath),
    /// `-o custom-columns=SPEC`.
    CustomColumns(CustomColumns),
}

impl Format {
    /// Parses the value of `-o`.
    pub fn parse(output: Option<&str>) -> anyhow::Result<Format> {
        let Some(output) = output else {
            return Ok(Format::Table { wide: false });
        };
        // kubectl's words for a template format without its template (`-o jsonpath`,
        // `-o jsonpath=`), rather than a list of allowed formats that names it.
        match output {
            "jsonpath" | "jsonpath=" => {
                anyhow::bail!("template format specified but no template given")
            }
            "custom-columns" | "custom-columns=" => {
                anyhow::bail!("custom-columns format specified but no custom columns given")
            }
            _ => {}
        }
        if let Some(template) = output.strip_prefix("jsonpath=") {
            let path = JsonPath::parse(template)
                .with_context(|| format!("invalid jsonpath template {template:?}"))?
                .allow_missing_keys(true);
            return Ok(Format::JsonPath(path));
        }
        if let Some(spec) = output.strip_prefix("custom-columns=") {
            let columns = CustomColumns::parse(spec)
                .with_context(|| format!("invalid custom-columns spec {spec:?}"))?;
            return Ok(Format::CustomColumns(columns));
        }
        Ok(match output {
            "wide" => Format::Table { wide: true },
            "name" => Format::Name,
            "json" => Format::Json,
            "yaml" => Format::Yaml,
            other => anyhow::bail!(
                "unable to match a printer suitable for the output format {other:?}, allowed formats are: custom-columns,json,jsonpath,name,wide,yaml"
            ),
        })
    }

    /// Whether this prints the server's table.
    pub fn is_table(&self) -> bool {
        matches!(self, Format::Table { .. })
    }
}

/// `kind.group` as kubectl prints it before `/name` (lower-cased kind; core kinds alone).
pub fn kind_prefix(resource: &ApiResource) -> String {
    let kind = resource.kind.to_lowercase();
    if resource.group.is_empty() {
        kind
    } else {
        format!("{kind}.{}", resource.group)
    }
}

/// Sorts values by a field path the way kubectl's `--sort-by` does: numbers by value,
/// strings in natural order, objects without the field first; ties keep their order.
pub fn sort_by_path<T>(
    items: Vec<T>,
    path: &str,
    object: impl Fn(&T) -> Option<&Value>,
) -> anyhow::Result<Vec<T>> {
    let template =
        jsonpath::relaxed(path).with_context(|| format!("invalid --sort-by {path:?}"))?;
    let parsed = JsonPath::parse(&template)
        .with_context(|| format!("invalid --sort-by {path:?}"))?
        .allow_missing_keys(true);
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let key = match object(&item) {
            Some(obj) => parsed.find(obj)?.into_iter().flatten().next(),
            None => None,
        };
        keyed.push((key, item));
    }
    keyed.sort_by(|(a, _), (b, _)| compare(a.as_ref(), b.as_ref()));
    Ok(keyed.into_iter().map(|(_, item)| item).collect())
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or_default()
            .partial_cmp(&y.as_f64().unwrap_or_default())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => natural(x, y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x), Some(y)) => natural(&x.to_string(), &y.to_string()),
    }
}

/// Natural order: runs of digits compare by value (`model-9` before `model-10`).
fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let ea = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
                let eb = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
                let (na, nb) = (
                    a[..ea].trim_start_matches('0'),
                    b[..eb].trim_start_matches('0'),
                );
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[ea..];
                b = &b[eb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                a = &a[x.len_utf8()..];
                b = &b[y.len_utf8()..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut v = vec!["model-10", "model-9", "model-1", "alpha"];
        v.sort_by(|a, b| natural(a, b));
        assert_eq!(v, ["alpha", "model-1", "model-9", "model-10"]);
    }

    #[test]
    fn sort_by_a_field_path_with_missing_values_first() {
        let items = vec![
            serde_json::json!({"spec": {"n": 10}}),
            serde_json::json!({"spec": {}}),
            serde_json::json!({"spec": {"n": 2}}),
        ];
        let items = sort_by_path(items, ".spec.n", |v| Some(v)).unwrap();
        assert_eq!(items[0], serde_json::json!({"spec": {}}));
        assert_eq!(items[1]["spec"]["n"], 2);
        assert_eq!(items[2]["spec"]["n"], 10);
    }

    #[test]
    fn unknown_output_formats_are_usage_errors() {
        assert!(Format::parse(Some("xml")).is_err());
        for (format, message) in [
            (
                "jsonpath",
                "template format specified but no template given",
            ),
            (
                "jsonpath=",
                "template format specified but no template given",
            ),
            (
                "custom-columns",
                "custom-columns format specified but no custom columns given",
            ),
        ] {
            let Err(err) = Format::parse(Some(format)) else {
                panic!("-o {format} parsed");
            };
            assert_eq!(err.to_string(), message);
        }
        assert!(matches!(
            Format::parse(Some("wide")).unwrap(),
            Format::Table { wide: true }
        ));
    }
}
