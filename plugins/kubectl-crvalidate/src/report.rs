//! Reports: one record per document (or unreadable part of a file), written as text grouped
//! per file, JSON (causes shaped like metav1.Status causes), JUnit XML or SARIF 2.1.0.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use crkit_discovery::validate::{Finding, Position, Severity};
use owo_colors::OwoColorize as _;
use serde_json::json;

/// What became of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The server would accept it.
    Valid,
    /// The server would reject it.
    Invalid,
    /// Not validated (`--skip-kinds`, or no schema with `--ignore-missing-schemas`).
    Skipped,
    /// It could not be checked: unreadable, unparsable, no schema, rejected kind.
    Error,
}

/// The result for one document.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file.
    pub file: String,
    /// Index of the document in the file (`None` for the file as a whole).
    pub document: Option<usize>,
    /// Where the document (or the error) starts.
    pub position: Option<Position>,
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// The verdict.
    pub status: Status,
    /// Findings (errors and warnings).
    pub findings: Vec<Finding>,
    /// Why the document could not be checked (status `error` or `skipped`).
    pub message: Option<String>,
}

impl Record {
    /// `Kind/name`, or what is known of it.
    pub fn title(&self) -> String {
        match (self.kind.is_empty(), self.name.is_empty()) {
            (true, _) => match self.document {
                Some(d) => format!("document {}", d + 1),
                None => "file".to_owned(),
            },
            (false, true) => self.kind.clone(),
            (false, false) => format!("{}/{}", self.kind, self.name),
        }
    }
}

/// Counts over all records.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Documents (records).
    pub documents: usize,
    /// Valid documents.
    pub valid: usize,
    /// Invalid documents.
    pub invalid: usize,
    /// Skipped documents.
    pub skipped: usize,
    /// Documents or files that could not be checked.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
}

impl Summary {
    /// Counts `records` from `files` files.
    pub fn of(records: &[Record], files: usize) -> Self {
        let mut s = Summary {
            files,
            documents: records.len(),
            ..Summary::default()
        };
        for r in records {
            match r.status {
                Status::Valid => s.valid += 1,
                Status::Invalid => s.invalid += 1,
                Status::Skipped => s.skipped += 1,
                Status::Error => s.errors += 1,
            }
            s.warnings += r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count();
        }
        s
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn at(p: Option<Position>) -> String {
    p.map_or_else(String::new, |p| format!("{}:{}", p.line, p.column))
}

/// Text: records with findings grouped per file, then a summary line.
pub fn text(
    out: &mut dyn Write,
    records: &[Record],
    summary: &Summary,
    color: bool,
    show_valid: bool,
) -> std::io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for r in records {
        let shown = show_valid || r.status != Status::Valid || !r.findings.is_empty();
        if !shown {
            continue;
        }
        if !by_file.contains_key(r.file.as_str()) {
            order.push(&r.file);
        }
        by_file.entry(&r.file).or_default().push(r);
    }
    for file in order {
        if color {
            writeln!(out, "{}", file.bold())?;
        } else {
            writeln!(out, "{file}")?;
        }
        for r in &by_file[file] {
            let title = r.title();
            if let Some(m) = &r.message {
                let (label, line) = match r.status {
                    Status::Skipped => ("skipped", m.clone()),
                    _ => ("error", m.clone()),
                };
                write_line(out, color, &at(r.position), label, &title, &line)?;
            }
            for f in &r.findings {
                let label = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                write_line(
                    out,
                    color,
                    &at(f.position.or(r.position)),
                    label,
                    &title,
                    &f.message,
                )?;
            }
            if r.status == Status::Valid && r.findings.is_empty() && r.message.is_none() {
                write_line(out, color, &at(r.position), "valid", &title, "")?;
            }
        }
    }
    let line = format!(
        "{} in {}: {} valid, {} invalid, {} skipped, {}, {}",
        plural(summary.documents, "document"),
        plural(summary.files, "file"),
        summary.valid,
        summary.invalid,
        summary.skipped,
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
    );
    if !color {
        writeln!(out, "{line}")
    } else if summary.invalid + summary.errors > 0 {
        writeln!(out, "{}", line.red().bold())
    } else {
        writeln!(out, "{}", line.green().bold())
    }
}

fn write_line(
    out: &mut dyn Write,
    color: bool,
    pos: &str,
    label: &str,
    title: &str,
    msg: &str,
) -> std::io::Result<()> {
    let sep = if msg.is_empty() { "" } else { ": " };
    if color {
        let label = match label {
            "error" => label.red().bold().to_string(),
            "warning" => label.yellow().bold().to_string(),
            "valid" => label.green().to_string(),
            _ => label.dimmed().to_string(),
        };
        writeln!(
            out,
            "  {:<8} {label} {}{sep}{msg}",
            pos.dimmed(),
            title.cyan()
        )
    } else {
        writeln!(out, "  {pos:<8} {label} {title}{sep}{msg}")
    }
}

fn cause(f: &Finding) -> serde_json::Value {
    json!({
        "reason": f.reason.as_str(),
        "message": f.body,
        "field": f.field,
        "severity": f.severity,
        "line": f.position.map(|p| p.line),
        "column": f.position.map(|p| p.column),
    })
}

/// JSON: `{"documents": [...], "summary": {...}}`.
pub fn json(out: &mut dyn Write, records: &[Record], summary: &Summary) -> std::io::Result<()> {
    let docs: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            json!({
                "file": r.file,
                "document": r.document,
                "line": r.position.map(|p| p.line),
                "column": r.position.map(|p| p.column),
                "apiVersion": r.api_version,
                "kind": r.kind,
                "name": r.name,
                "namespace": r.namespace,
                "status": r.status,
                "message": r.message,
                "causes": r.findings.iter().map(cause).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({"documents": docs, "summary": summary});
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {
                let _ = write!(o, "&#{};", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML: a test suite per file, a test case per document.
pub fn junit(out: &mut dyn Write, records: &[Record], summary: &Summary) -> std::io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_file.entry(&r.file).or_default().push(r);
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="kubectl-crvalidate" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
        summary.documents, summary.invalid, summary.errors, summary.skipped
    )?;
    for (file, recs) in by_file {
        let count = |s: Status| recs.iter().filter(|r| r.status == s).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
            xml(file),
            recs.len(),
            count(Status::Invalid),
            count(Status::Error),
            count(Status::Skipped)
        )?;
        for r in recs {
            let name = match r.document {
                Some(d) => format!("{} (document {})", r.title(), d + 1),
                None => r.title(),
            };
            write!(
                out,
                r#"    <testcase name="{}" classname="{}""#,
                xml(&name),
                xml(&r.api_version)
            )?;
            let errors: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            match r.status {
                Status::Valid => writeln!(out, "/>")?,
                Status::Skipped => writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(r.message.as_deref().unwrap_or("skipped"))
                )?,
                Status::Error => writeln!(
                    out,
                    ">\n      <error message=\"{}\" type=\"error\"/>\n    </testcase>",
                    xml(r.message.as_deref().unwrap_or("error"))
                )?,
                Status::Invalid => {
                    let body: Vec<String> = errors
                        .iter()
                        .map(|f| format!("{}:{} {}", r.file, at(f.position), f.message))
                        .collect();
                    writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"invalid\">{}</failure>\n    </testcase>",
                        xml(&plural(errors.len(), "error")),
                        xml(&body.join("\n"))
                    )?;
                }
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// SARIF 2.1.0: one result per finding (and per document that could not be checked).
pub fn sarif(out: &mut dyn Write, records: &[Record]) -> std::io::Result<()> {
    let mut rules: BTreeMap<String, String> = BTreeMap::new();
    let mut results = Vec::new();
    let location = |file: &str, pos: Option<Position>| {
        let mut region = serde_json::Map::new();
        if let Some(p) = pos {
            region.insert("startLine".into(), json!(p.line));
            region.insert("startColumn".into(), json!(p.column));
        }
        json!([{"physicalLocation": {
            "artifactLocation": {"uri": if file == "-" { "stdin" } else { file }},
            "region": region,
        }}])
    };
    for r in records {
        if let (Some(m), Status::Error) = (&r.message, r.status) {
            rules.insert(
                "document-not-checked".into(),
                "The document could not be validated".into(),
            );
            results.push(json!({
                "ruleId": "document-not-checked",
                "level": "error",
                "message": {"text": format!("{}: {m}", r.title())},
                "locations": location(&r.file, r.position),
            }));
        }
        for f in &r.findings {
            rules
                .entry(f.reason.as_str().to_owned())
                .or_insert_with(|| rule_description(f.reason.as_str()));
            results.push(json!({
                "ruleId": f.reason.as_str(),
                "level": match f.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": format!("{}: {}", r.title(), f.message)},
                "locations": location(&r.file, f.position.or(r.position)),
                "properties": {"field": f.field, "kind": r.kind, "apiVersion": r.api_version, "name": r.name},
            }));
        }
    }
    let rules: Vec<serde_json::Value> = rules
        .into_iter()
        .map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}}))
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kubectl-crvalidate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn rule_description(reason: &str) -> String {
    match reason {
        "FieldValueInvalid" => "A field has an invalid value",
        "FieldValueTypeInvalid" => "A field has a value of the wrong type",
        "FieldValueRequired" => "A required field is missing",
        "FieldValueNotSupported" => "A field has a value outside its enum",
        "FieldValueDuplicate" => "A list repeats an item or key that must be unique",
        "FieldValueTooLong" => "A value is too long",
        "FieldValueTooMany" => "A list or object has too many items",
        "FieldValueForbidden" => "A field is not allowed here",
        "FieldValueUnknown" => "A field is not declared by the schema",
        "FieldValueDuplicateField" => "A key appears twice in one object",
        _ => "Validation error",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crkit_discovery::validate::Reason;

    fn records() -> Vec<Record> {
        let finding = |severity, reason, field: &str, body: &str, line| Finding {
            severity,
            reason,
            field: field.to_owned(),
            message: if matches!(reason, Reason::FieldValueUnknown) {
                body.to_owned()
            } else {
                format!("{field}: {body}")
            },
            body: body.to_owned(),
            pointer: format!("/{}", field.replace('.', "/")),
            position: Some(Position { line, column: 3 }),
        };
        let base = |file: &str, doc, kind: &str, name: &str, status| Record {
            file: file.to_owned(),
            document: Some(doc),
            position: Some(Position {
                line: 1 + doc * 10,
                column: 1,
            }),
            api_version: "gateway.ai.example.com/v1".to_owned(),
            kind: kind.to_owned(),
            name: name.to_owned(),
            namespace: String::new(),
            status,
            findings: Vec::new(),
            message: None,
        };
        let mut invalid = base(
            "models.yaml",
            0,
            "LLMModel",
            "tiny-context",
            Status::Invalid,
        );
        invalid.findings.push(finding(
            Severity::Error,
            Reason::FieldValueInvalid,
            "spec.contextWindow",
            "Invalid value: 512: spec.contextWindow in body should be greater than or equal to 1024",
            9,
        ));
        invalid.findings.push(finding(
            Severity::Error,
            Reason::FieldValueNotSupported,
            "spec.provider",
            r#"Unsupported value: "openia": supported values: "openai", "anthropic""#,
            7,
        ));
        let valid = base("models.yaml", 1, "LLMModel", "gpt-4o", Status::Valid);
        let mut warned = base("routes.yaml", 0, "LLMRoute", "chat", Status::Valid);
        warned.findings.push(finding(
            Severity::Warning,
            Reason::FieldValueUnknown,
            "spec.color",
            r#"unknown field "spec.color""#,
            6,
        ));
        let mut missing = base("routes.yaml", 1, "Widget", "w", Status::Error);
        missing.api_version = "example.com/v1".to_owned();
        missing.message = Some("no schema for Widget (example.com/v1)".to_owned());
        let mut skipped = base("routes.yaml", 2, "Secret", "s", Status::Skipped);
        skipped.api_version = "v1".to_owned();
        skipped.message = Some("kind skipped (--skip-kinds)".to_owned());
        let broken = Record {
            file: "broken.yaml".to_owned(),
            document: None,
            position: Some(Position { line: 4, column: 7 }),
            api_version: String::new(),
            kind: String::new(),
            name: String::new(),
            namespace: String::new(),
            status: Status::Error,
            findings: Vec::new(),
            message: Some(
                "yaml: line 4: mapping values are not allowed in this context".to_owned(),
            ),
        };
        vec![invalid, valid, warned, missing, skipped, broken]
    }

    fn render(f: impl Fn(&mut Vec<u8>, &[Record], &Summary)) -> String {
        let recs = records();
        let summary = Summary::of(&recs, 3);
        let mut out = Vec::new();
        f(&mut out, &recs, &summary);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_report() {
        insta::assert_snapshot!(render(|o, r, s| text(o, r, s, false, false).unwrap()));
    }

    #[test]
    fn text_report_with_colour() {
        let coloured = render(|o, r, s| text(o, r, s, true, false).unwrap());
        assert!(coloured.contains("\u{1b}["), "{coloured}");
    }

    #[test]
    fn json_report() {
        insta::assert_snapshot!(render(|o, r, s| json(o, r, s).unwrap()));
    }

    #[test]
    fn junit_report() {
        insta::assert_snapshot!(render(|o, r, s| junit(o, r, s).unwrap()));
    }

    #[test]
    fn sarif_report() {
        insta::assert_snapshot!(render(|o, r, _| sarif(o, r).unwrap()));
    }
}
