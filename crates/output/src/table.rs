//! kubectl's default (human-readable) output of the `meta.k8s.io/v1` Tables the API server
//! returns: cli-runtime's `HumanReadablePrinter` (`decorateTable`, `printTable`) over kubectl's
//! tabwriter.

use std::time::SystemTime;

use serde_json::Value;

use crate::Error;
use crate::duration;
use crate::gofmt;
use crate::jsonpath::{Item, JsonPath};
use crate::tabwriter::TabWriter;

/// A `meta.k8s.io/v1` Table as the server sends it (`Accept:
/// application/json;as=Table;v=v1;g=meta.k8s.io`).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// The columns, including those only `-o wide` shows (`priority` > 0).
    #[serde(default)]
    pub column_definitions: Vec<Column>,
    /// One row per object.
    #[serde(default)]
    pub rows: Vec<Row>,
}

/// A Table column definition.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Column {
    /// The header, printed upper-cased.
    #[serde(default)]
    pub name: String,
    /// OpenAPI type: `string`, `integer`, `number`, `boolean`, `date`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// OpenAPI format; `name` marks the column `--show-kind` prefixes.
    #[serde(default)]
    pub format: String,
    /// Human-readable description.
    #[serde(default)]
    pub description: String,
    /// 0 for columns always shown, higher for `-o wide` only.
    #[serde(default)]
    pub priority: i32,
}

/// A Table row.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Row {
    /// One cell per column definition: strings, numbers, booleans or null.
    #[serde(default)]
    pub cells: Vec<Value>,
    /// The object (`PartialObjectMetadata` by default, the full object with
    /// `includeObject=Object`); kubectl reads namespace and labels from it.
    #[serde(default)]
    pub object: Option<Value>,
}

/// A column crkit adds (`--field`): a JSONPath evaluated on each row's full object.
#[derive(Debug, Clone)]
pub struct ExtraColumn {
    /// Column header (upper-cased when printed, like every table header).
    pub header: String,
    /// Path into the row's object; nothing found or null prints `<none>`, maps and lists print
    /// as compact JSON, several values are joined with `,`.
    pub path: JsonPath,
}

/// How to print a table: kubectl's `get` flags.
#[derive(Debug, Clone, Default)]
#[expect(clippy::struct_excessive_bools, reason = "one field per kubectl flag")]
pub struct TableOptions {
    /// `-o wide`: include columns with priority > 0.
    pub wide: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-A`: a NAMESPACE column first, from each row's `object.metadata.namespace`.
    pub with_namespace: bool,
    /// `--show-kind` (or several kinds queried): NAME cells become `<prefix>/<name>`, the prefix
    /// being kubectl's lower-cased `Kind.group`, e.g. `llmmodel.gateway.ai.example.com`.
    pub kind_prefix: Option<String>,
    /// `--show-labels`: a LABELS column last, `k=v,k2=v2` or `<none>`.
    pub show_labels: bool,
    /// `-L key`: one column per key, headed by the key's last `/` segment upper-cased.
    pub label_columns: Vec<String>,
    /// crkit's own columns, after the server's and before label columns.
    pub extra_columns: Vec<ExtraColumn>,
    /// The clock for `date` columns whose cells hold RFC 3339 timestamps rather than the ages
    /// the server computes (tables built client-side); `None` leaves cells as they are.
    pub now: Option<SystemTime>,
}

/// kubectl flushes its tabwriter every 100 rows; with remembered widths that shapes columns.
const FLUSH_INTERVAL: usize = 100;

/// What kubectl prints for one resource type's table: the header line (unless `no_headers`)
/// and one line per row, aligned; nothing at all for a table without rows.
pub fn render(table: &Table, opts: &TableOptions) -> Result<String, Error> {
    render_chunks(std::slice::from_ref(table), opts)
}

/// What kubectl prints for several Tables of one resource type received in turn (the pages of a
/// list fetched in chunks, or `kubectl get KIND a b c`, one request per name): one aligned
/// block, the header printed once, each table's widest cells padding its first line as kubectl
/// does.
pub fn render_chunks(tables: &[Table], opts: &TableOptions) -> Result<String, Error> {
    let mut w = TabWriter::kubectl();
    let mut last_columns: Vec<Column> = Vec::new();
    let mut printed_headers = false;
    for table in tables {
        let mut local = opts.clone();
        let mut columns = table.column_definitions.clone();
        if printed_headers && (columns.is_empty() || columns == last_columns) {
            local.no_headers = true;
        }
        if columns.is_empty() {
            columns.clone_from(&last_columns);
        } else if columns != last_columns {
            last_columns.clone_from(&columns);
            printed_headers = false;
        }
        if !table.rows.is_empty() {
            printed_headers = true;
        }

        let mut rows: Vec<Row> = table.rows.clone();
        humanize_dates(&columns, &mut rows, local.now);
        add_extra_columns(&mut columns, &mut rows, &local.extra_columns);
        let columns = decorate(&columns, &mut rows, &local);
        print_table(&mut w, &columns, &rows, &local);
    }
    w.flush();
    Ok(w.take_output())
}

/// What kubectl prints for several resource types in one `get` (e.g. `kubectl get
/// llmmodels,llmroutes`): each table in turn, with a blank line before each table after the
/// first unless `no_headers`. kubectl shows the kind when several types are queried, so each
/// table's options should carry its `kind_prefix`.
pub fn render_many<'a>(
    tables: impl IntoIterator<Item = (&'a Table, &'a TableOptions)>,
) -> Result<String, Error> {
    let mut out = String::new();
    let mut previous = false;
    for (table, opts) in tables {
        let text = render(table, opts)?;
        if previous && !opts.no_headers && !out.is_empty() && !text.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
        previous = true;
    }
    Ok(out)
}

fn humanize_dates(columns: &[Column], rows: &mut [Row], now: Option<SystemTime>) {
    let Some(now) = now else {
        return;
    };
    for (i, column) in columns.iter().enumerate() {
        if column.kind != "date" {
            continue;
        }
        for row in rows.iter_mut() {
            if let Some(Value::String(ts)) = row.cells.get(i)
                && duration::parse_rfc3339(ts).is_some()
            {
                row.cells[i] = Value::String(duration::age_since(ts, now));
            }
        }
    }
}

/// Like cli-runtime's `addColumns(end, ...)`: short rows are padded with nulls first.
fn add_extra_columns(columns: &mut Vec<Column>, rows: &mut [Row], extra: &[ExtraColumn]) {
    if extra.is_empty() {
        return;
    }
    let paths: Vec<JsonPath> = extra
        .iter()
        .map(|c| c.path.clone().allow_missing_keys(true))
        .collect();
    for row in rows.iter_mut() {
        while row.cells.len() < columns.len() {
            row.cells.push(Value::Null);
        }
        for path in &paths {
            let cell = match &row.object {
                Some(object) => extra_cell(path, object),
                None => "<none>".to_owned(),
            };
            row.cells.push(Value::String(cell));
        }
    }
    columns.extend(extra.iter().map(|c| Column {
        name: c.header.clone(),
        kind: "string".to_owned(),
        ..Column::default()
    }));
}

fn extra_cell(path: &JsonPath, object: &Value) -> String {
    let Ok(blocks) = path.find_items(object) else {
        return "<none>".to_owned();
    };
    let values: Vec<String> = blocks
        .iter()
        .flatten()
        .filter_map(|item: &Item<'_>| match item.to_value() {
            Value::Null => None,
            Value::String(s) => Some(s),
            v @ (Value::Object(_) | Value::Array(_)) => Some(crate::json::to_compact_json(&v)),
            v => Some(gofmt::sprint(&v)),
        })
        .collect();
    if values.is_empty() {
        "<none>".to_owned()
    } else {
        values.join(",")
    }
}

/// The metadata kubectl reads through `meta.Accessor` of a row's object.
struct Meta<'a> {
    object: &'a serde_json::Map<String, Value>,
}

impl Meta<'_> {
    fn namespace(&self) -> String {
        self.object
            .get("metadata")
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }

    /// `GetLabels`: nothing at all when any label value is not a string.
    fn labels(&self) -> Vec<(String, String)> {
        let Some(Value::Object(labels)) = self.object.get("metadata").and_then(|m| m.get("labels"))
        else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(labels.len());
        for (k, v) in labels {
            match v {
                Value::String(s) => out.push((k.clone(), s.clone())),
                _ => return Vec::new(),
            }
        }
        out
    }
}

/// `labels.FormatLabels`: `k=v` pairs sorted as whole strings, or `<none>`.
fn format_labels(labels: &[(String, String)]) -> String {
    let mut pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    pairs.sort();
    if pairs.is_empty() {
        "<none>".to_owned()
    } else {
        pairs.join(",")
    }
}

fn label_cells(labels: &[(String, String)], opts: &TableOptions) -> Vec<Value> {
    let mut cells = Vec::new();
    for key in &opts.label_columns {
        let value = labels
            .iter()
            .find(|(k, _)| k == key)
            .map_or(String::new(), |(_, v)| v.clone());
        cells.push(Value::String(value));
    }
    if opts.show_labels {
        cells.push(Value::String(format_labels(labels)));
    }
    cells
}

/// Go's `%s` of a cell, as the `--show-kind` prefix is formatted.
fn percent_s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "%!s(<nil>)".to_owned(),
        Value::Bool(b) => format!("%!s(bool={b})"),
        Value::Number(n) => match gofmt::GoNum::of(n) {
            gofmt::GoNum::Int(i) => format!("%!s(int64={i})"),
            gofmt::GoNum::Float(f) => format!("%!s(float64={})", gofmt::format_float(f, b'g')),
        },
        other => gofmt::sprint(other),
    }
}

/// cli-runtime's `decorateTable`.
fn decorate(columns: &[Column], rows: &mut [Row], opts: &TableOptions) -> Vec<Column> {
    let mut width = columns.len() + opts.label_columns.len();
    if opts.with_namespace {
        width += 1;
    }
    if opts.show_labels {
        width += 1;
    }

    let name_column = opts.kind_prefix.as_ref().and_then(|_| {
        columns
            .iter()
            .position(|c| c.format == "name" && c.kind == "string")
    });

    let mut decorated = columns.to_vec();
    if width != columns.len() {
        decorated = Vec::with_capacity(width);
        if opts.with_namespace {
            decorated.push(Column {
                name: "Namespace".to_owned(),
                kind: "string".to_owned(),
                ..Column::default()
            });
        }
        decorated.extend(columns.iter().cloned());
        for label in &opts.label_columns {
            let last = label.rsplit('/').next().unwrap_or(label);
            decorated.push(Column {
                name: gofmt::to_upper(last),
                kind: "string".to_owned(),
                ..Column::default()
            });
        }
        if opts.show_labels {
            decorated.push(Column {
                name: "Labels".to_owned(),
                kind: "string".to_owned(),
                ..Column::default()
            });
        }
    }

    let include_labels = !opts.label_columns.is_empty() || opts.show_labels;
    if include_labels || opts.with_namespace || name_column.is_some() {
        for row in rows.iter_mut() {
            if let (Some(i), Some(prefix)) = (name_column, &opts.kind_prefix)
                && let Some(cell) = row.cells.get(i)
            {
                row.cells[i] = Value::String(format!("{prefix}/{}", percent_s(cell)));
            }
            let meta = match &row.object {
                Some(Value::Object(object)) => Some(Meta { object }),
                _ => None,
            };
            let Some(meta) = meta else {
                if opts.with_namespace {
                    row.cells.insert(0, Value::Null);
                }
                // Go's loop re-reads len(row.Cells) as it appends, so it pads only half the gap.
                let mut j = 0;
                while j < width.saturating_sub(row.cells.len()) {
                    row.cells.push(Value::Null);
                    j += 1;
                }
                continue;
            };
            if opts.with_namespace {
                row.cells.insert(0, Value::String(meta.namespace()));
            }
            if include_labels {
                row.cells.extend(label_cells(&meta.labels(), opts));
            }
        }
    }
    decorated
}

fn cell_string(cell: &Value) -> Option<String> {
    match cell {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(gofmt::sprint(other)),
    }
}

/// cli-runtime's `appendCellValue`: a cell ends at its first line break, marked `...`; ESC and
/// CR are made visible.
fn cell_text(s: &str) -> String {
    if !s.contains(['\x0c', '\n', '\r', '\x1b']) {
        return s.to_owned();
    }
    match s.find(['\x0c', '\n', '\r']) {
        Some(i) => format!("{}...", crate::columns::escape_terminal(&s[..i])),
        None => crate::columns::escape_terminal(s),
    }
}

/// cli-runtime's `printTable`, writing into kubectl's tabwriter.
fn print_table(w: &mut TabWriter, columns: &[Column], rows: &[Row], opts: &TableOptions) {
    let visible = |i: usize| opts.wide || columns[i].priority == 0;

    // Header and first-row padding use the widest cell in bytes, as kubectl measures them.
    let mut max_cell_widths: Vec<usize> = Vec::new();
    if !rows.is_empty() {
        max_cell_widths = vec![0; columns.len()];
        for row in rows {
            for (i, cell) in row.cells.iter().enumerate().take(columns.len()) {
                if !visible(i) {
                    continue;
                }
                if let Some(s) = cell_string(cell) {
                    max_cell_widths[i] = max_cell_widths[i].max(s.len());
                }
            }
        }
    }
    let last_visible = (0..columns.len()).rev().find(|&i| visible(i));

    if !opts.no_headers {
        if rows.is_empty() {
            return;
        }
        let mut line = String::new();
        let mut first = true;
        for (i, column) in columns.iter().enumerate() {
            if !visible(i) {
                continue;
            }
            if !first {
                line.push('\t');
            }
            first = false;
            let name = gofmt::to_upper(&column.name);
            line.push_str(&name);
            if Some(i) != last_visible && i < max_cell_widths.len() {
                let pad = max_cell_widths[i].saturating_sub(name.len());
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        line.push('\n');
        w.write(&line);
    }

    let pad_first_row = opts.no_headers && !max_cell_widths.is_empty();
    for (ri, row) in rows.iter().enumerate() {
        let mut line = String::new();
        let mut first = true;
        for (i, cell) in row.cells.iter().enumerate().take(columns.len()) {
            if !visible(i) {
                continue;
            }
            if !first {
                line.push('\t');
            }
            first = false;
            let mut cell_len = 0;
            if let Some(s) = cell_string(cell) {
                cell_len = s.len();
                line.push_str(&cell_text(&s));
            }
            if pad_first_row && ri == 0 && Some(i) != last_visible && i < max_cell_widths.len() {
                let pad = max_cell_widths[i].saturating_sub(cell_len);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        line.push('\n');
        w.write(&line);
        if (ri + 1) % FLUSH_INTERVAL == 0 {
            w.flush();
        }
    }
}

impl Table {
    /// Parses the server's Table JSON.
    pub fn from_json(json: &str) -> Result<Table, serde_json::Error> {
        serde_json::from_str(json)
    }
}
