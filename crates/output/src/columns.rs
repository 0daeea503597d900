//! `kubectl get -o custom-columns=HEADER:PATH,...` (kubectl's `CustomColumnsPrinter`).

use serde_json::Value;

use crate::Error;
use crate::jsonpath::{self, JsonPath};
use crate::tabwriter::TabWriter;

/// A parsed `-o custom-columns=` specification.
#[derive(Debug, Clone)]
pub struct CustomColumns {
    columns: Vec<(String, JsonPath)>,
}

impl CustomColumns {
    /// Parses `NAME:.metadata.name,PROVIDER:.spec.provider`; each path may be written `a.b`,
    /// `.a.b`, `{a.b}` or `{.a.b}`.
    pub fn parse(spec: &str) -> Result<Self, Error> {
        let message = |m: String| Error::CustomColumns { message: m };
        if spec.is_empty() {
            return Err(message(
                "custom-columns format specified but no custom columns given".to_owned(),
            ));
        }
        let mut columns = Vec::new();
        for part in spec.split(',') {
            let Some((header, path)) = part.split_once(':') else {
                return Err(message(format!(
                    "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
                )));
            };
            let template = jsonpath::relaxed(path)?;
            let path = JsonPath::parse(&template)
                .map_err(|e| match e {
                    // kubectl parses the columns when printing and reports the bare message.
                    Error::JsonPathParse { message: m, .. } => message(m),
                    other => other,
                })?
                .allow_missing_keys(true);
            columns.push((header.to_owned(), path));
        }
        Ok(CustomColumns { columns })
    }

    /// The headers, in order.
    pub fn headers(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(h, _)| h.as_str())
    }

    /// What kubectl prints for these objects (the items of a list, or the one object of
    /// `kubectl get KIND NAME`): the header line unless `no_headers`, then one aligned line per
    /// object, `<none>` where a path finds nothing, several values joined with `,`, values
    /// printed as Go's `%v` does (`map[k:v]`, `[a b]`, `<nil>` for null).
    pub fn render(&self, objects: &[Value], no_headers: bool) -> Result<String, Error> {
        let mut w = TabWriter::kubectl();
        if !no_headers {
            let headers: Vec<&str> = self.headers().collect();
            w.write(&headers.join("\t"));
            w.write("\n");
        }
        for object in objects {
            let mut cells = Vec::with_capacity(self.columns.len());
            for (_, path) in &self.columns {
                let blocks = path
                    .find_items(object)
                    .map_err(|message| Error::JsonPathEval { message })?;
                let mut values = Vec::new();
                if blocks.first().is_none_or(Vec::is_empty) {
                    values.push("<none>".to_owned());
                }
                for item in blocks.iter().flatten() {
                    values.push(escape_terminal(&item.sprint()));
                }
                cells.push(values.join(","));
            }
            w.write(&cells.join("\t"));
            w.write("\n");
        }
        w.flush();
        Ok(w.take_output())
    }
}

/// cli-runtime's `EscapeTerminal`: ESC and CR made visible.
pub(crate) fn escape_terminal(s: &str) -> String {
    if !s.contains(['\x1b', '\r']) {
        return s.to_owned();
    }
    s.replace('\x1b', "^[").replace('\r', "\\r")
}
