//! Entry point of `kubectl crvalidate`: reads the manifests, gathers schemas (local CRDs, CRDs
//! in the input, the cluster, shipped built-ins), validates every document in parallel and
//! writes the report; the exit code says whether everything was valid.

#[path = "../../shared/common.rs"]
mod common;

mod cli;
mod cluster;
mod input;
mod report;

use std::collections::BTreeSet;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser;
use crkit_discovery::validate::{
    Catalog, Finding, Gvk, Options, Reason, Severity, UnknownFields, crd,
};
use serde_json::Value;

use crate::cli::{Cli, Format};
use crate::common::Exit;
use crate::input::File;
use crate::report::{Record, Status, Summary};

fn main() -> ExitCode {
    common::main_with(run)
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    cli.kube.init_logging();
    let inputs = cli.inputs();
    if inputs.is_empty() {
        eprintln!("error: nothing to validate: give files, directories, or - for standard input");
        eprintln!("hint: kubectl crvalidate -f manifests/ -R");
        return Ok(Exit::Usage.into());
    }
    let jobs = cli
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let mut usage_error = false;

    // Inputs, read and parsed in parallel.
    let names = input::expand(&inputs, cli.recursive);
    let files: Vec<File> = parallel(jobs, names, |(name, err)| match err {
        Some(e) => input::unreadable(name, e.to_string()),
        None => input::load(name),
    });

    // Schemas: --crds first, then CRDs in the input.
    let mut catalog = Catalog::new(true);
    usage_error |= load_crd_files(&cli, &mut catalog);
    let mut input_crd_errors: Vec<(usize, usize, crd::CrdError)> = Vec::new();
    if cli.crds_from_input {
        for (fi, file) in files.iter().enumerate() {
            for (di, doc) in file.documents.iter().enumerate() {
                if !crd::is_crd(&doc.value) {
                    continue;
                }
                match crd::compile_crd(&doc.value) {
                    Ok(versions) => {
                        for v in versions {
                            let gvk = Gvk::new(&v.group, &v.version, &v.kind);
                            // --crds wins over the input.
                            if !catalog.has_crd(&gvk) {
                                catalog.insert(v, &file.name);
                            }
                        }
                    }
                    Err(e) => input_crd_errors.push((fi, di, e)),
                }
            }
        }
    }

    // The cluster, for custom kinds still without a schema.
    if !cli.offline && cluster::kubeconfig_present(&cli) {
        add_cluster_crds(&cli, &files, &mut catalog);
    }

    // Validation, one record per document.
    let options = Options {
        unknown_fields: if cli.allow_unknown {
            UnknownFields::Warn
        } else {
            UnknownFields::Error
        },
    };
    let mut jobs_list: Vec<(usize, usize)> = Vec::new();
    let mut records: Vec<(usize, usize, Record)> = Vec::new();
    for (fi, file) in files.iter().enumerate() {
        if let Some(e) = &file.io_error {
            eprintln!("error: {}: {e}", file.name);
            usage_error = true;
            records.push((fi, usize::MAX, file_record(file, None, e.clone())));
        }
        for e in &file.errors {
            let mut r = file_record(file, e.position, e.message.clone());
            r.document = e.document;
            records.push((fi, usize::MAX - 1, r));
        }
        for di in 0..file.documents.len() {
            jobs_list.push((fi, di));
        }
    }
    let crd_errors = &input_crd_errors;
    let validated = parallel(jobs, jobs_list, |(fi, di)| {
        let file = &files[fi];
        let doc = &file.documents[di];
        let crd_error = crd_errors
            .iter()
            .find(|(f, d, _)| *f == fi && *d == di)
            .map(|(_, _, e)| e);
        (fi, di, check(&cli, &catalog, file, doc, crd_error, options))
    });
    records.extend(validated);
    records.sort_by_key(|(fi, di, r)| (*fi, r.document.unwrap_or(0), *di));
    let records: Vec<Record> = records.into_iter().map(|(_, _, r)| r).collect();

    // Report.
    let summary = Summary::of(&records, files.len());
    let stdout = std::io::stdout();
    let color = common::use_color(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cli.output {
        Format::Text => report::text(&mut out, &records, &summary, color, cli.show_valid)?,
        Format::Json => report::json(&mut out, &records, &summary)?,
        Format::Junit => report::junit(&mut out, &records, &summary)?,
        Format::Sarif => report::sarif(&mut out, &records)?,
    }
    out.flush()?;

    if usage_error {
        return Ok(Exit::Usage.into());
    }
    let failed = summary.invalid + summary.errors > 0 || (cli.strict && summary.warnings > 0);
    Ok(if failed { Exit::Failure } else { Exit::Success }.into())
}

/// Adds the CRDs of `--crds`; whether any could not be read or is invalid (exit code 2).
fn load_crd_files(cli: &Cli, catalog: &mut Catalog) -> bool {
    let mut usage_error = false;
    for (name, err) in input::expand(&cli.crds, true) {
        let file = match err {
            Some(e) => input::unreadable(name, e.to_string()),
            None => input::load(name),
        };
        if let Some(e) = &file.io_error {
            eprintln!("error: --crds {}: {e}", file.name);
            usage_error = true;
        }
        for e in &file.errors {
            eprintln!("error: --crds {}{}: {e}", file.name, pos_suffix(e.position));
            usage_error = true;
        }
        for doc in &file.documents {
            if !crd::is_crd(&doc.value) {
                continue;
            }
            if let Err(e) = catalog.add_crd(&doc.value, &file.name) {
                eprintln!("error: --crds {}: {e}", file.name);
                usage_error = true;
            }
        }
    }
    usage_error
}

/// Adds the cluster's CRDs of the input's custom kinds that have no schema yet.
fn add_cluster_crds(cli: &Cli, files: &[File], catalog: &mut Catalog) {
    let missing: BTreeSet<Gvk> = files
        .iter()
        .flat_map(|f| f.documents.iter())
        .filter_map(|d| Gvk::of(&d.value))
        .filter(|g| catalog.get(g).is_none() && !skipped(cli, g) && !rejected(cli, g))
        .collect();
    if !missing.is_empty() {
        let wanted: Vec<Gvk> = missing.into_iter().collect();
        match cluster::fetch_crds(cli, &wanted) {
            Ok(crds) => {
                for (gvk, crd) in crds {
                    if let Err(e) = catalog.add_crd(&crd, "the cluster") {
                        eprintln!("warning: the cluster's CRD for {gvk} cannot be used: {e}");
                    }
                }
            }
            Err(e) => {
                eprintln!("warning: cannot read CRDs from the cluster: {e:#}");
                eprintln!("hint: pass --offline to validate with --crds and the input's CRDs only");
            }
        }
    }
}

fn pos_suffix(p: Option<crkit_discovery::validate::Position>) -> String {
    p.map_or_else(String::new, |p| format!(":{}:{}", p.line, p.column))
}

/// A record for a file (or part of one) that yielded no document.
fn file_record(
    file: &File,
    position: Option<crkit_discovery::validate::Position>,
    message: String,
) -> Record {
    Record {
        file: file.name.clone(),
        document: None,
        position,
        api_version: String::new(),
        kind: String::new(),
        name: String::new(),
        namespace: String::new(),
        status: Status::Error,
        findings: Vec::new(),
        message: Some(message),
    }
}

/// Whether `filter` (`Kind` or `group/version/Kind`) names `gvk`.
fn matches_kind(filter: &str, gvk: &Gvk) -> bool {
    match filter.rsplit_once('/') {
        None => filter == gvk.kind,
        Some((api_version, kind)) => kind == gvk.kind && api_version == gvk.api_version(),
    }
}

fn skipped(cli: &Cli, gvk: &Gvk) -> bool {
    cli.skip_kinds.iter().any(|f| matches_kind(f, gvk))
}

fn rejected(cli: &Cli, gvk: &Gvk) -> bool {
    cli.reject_kinds.iter().any(|f| matches_kind(f, gvk))
}

/// Validates one document.
fn check(
    cli: &Cli,
    catalog: &Catalog,
    file: &File,
    doc: &crkit_discovery::validate::Document,
    crd_error: Option<&crd::CrdError>,
    options: Options,
) -> Record {
    let s = |p: &str| {
        doc.value
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut record = Record {
        file: file.name.clone(),
        document: Some(doc.index),
        position: Some(doc.start),
        api_version: s("/apiVersion"),
        kind: s("/kind"),
        name: s("/metadata/name"),
        namespace: s("/metadata/namespace"),
        status: Status::Valid,
        findings: Vec::new(),
        message: None,
    };
    let Some(gvk) = Gvk::of(&doc.value) else {
        record.status = Status::Error;
        record.message = Some(
            if record.api_version.is_empty() {
                "apiVersion not set: every object needs apiVersion and kind"
            } else {
                "kind not set: every object needs apiVersion and kind"
            }
            .to_owned(),
        );
        return record;
    };
    if rejected(cli, &gvk) {
        record.status = Status::Error;
        record.message = Some(format!("kind {} is rejected (--reject-kinds)", gvk.kind));
        return record;
    }
    if skipped(cli, &gvk) {
        record.status = Status::Skipped;
        record.message = Some("kind skipped (--skip-kinds)".to_owned());
        return record;
    }
    if let Some(e) = crd_error {
        record.status = Status::Invalid;
        record.findings = crd_findings(e, doc);
        return record;
    }
    if crd::is_crd(&doc.value) {
        // A CRD is checked as a CRD (its schema is what matters here).
        match crd::compile_crd(&doc.value) {
            Ok(_) => record.status = Status::Valid,
            Err(e) => {
                record.status = Status::Invalid;
                record.findings = crd_findings(&e, doc);
            }
        }
        return record;
    }
    let Some(schema) = catalog.get(&gvk) else {
        if cli.ignore_missing_schemas {
            record.status = Status::Skipped;
            record.message = Some(format!("no schema for {gvk} (--ignore-missing-schemas)"));
        } else {
            record.status = Status::Error;
            let similar = catalog.similar(&gvk);
            let hint = if let Some(s) = similar.first() {
                format!("; a CRD defines {s}")
            } else if cli.offline || !cluster::kubeconfig_present(cli) {
                "; pass its CRD with --crds, or --ignore-missing-schemas".to_owned()
            } else {
                "; the cluster does not serve it either".to_owned()
            };
            record.message = Some(format!("no schema for {gvk}{hint}"));
        }
        return record;
    };
    let outcome = schema.validate(&doc.value, &doc.positions, &doc.duplicates, options);
    record.status = if outcome.is_valid() {
        Status::Valid
    } else {
        Status::Invalid
    };
    record.findings = outcome.findings;
    record
}

/// A CRD's own errors as findings.
fn crd_findings(e: &crd::CrdError, doc: &crkit_discovery::validate::Document) -> Vec<Finding> {
    e.causes
        .iter()
        .map(|c| {
            let field = c.split_once(": ").map_or("", |(f, _)| f).to_owned();
            Finding {
                severity: Severity::Error,
                reason: Reason::FieldValueInvalid,
                body: c.split_once(": ").map_or(c.as_str(), |(_, b)| b).to_owned(),
                message: format!("CustomResourceDefinition {:?} is invalid: {c}", e.name),
                pointer: String::new(),
                position: Some(doc.start),
                field,
            }
        })
        .collect()
}

/// Runs `f` over `items` on `jobs` threads, keeping the order of `items`.
fn parallel<T: Send, R: Send>(jobs: usize, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(n) {
            std::thread::Builder::new()
                // Deep (but bounded) documents recurse in the validator.
                .stack_size(32 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let item = slots[i].lock().ok().and_then(|mut s| s.take());
                        if let Some(item) = item {
                            let r = f(item);
                            if let Ok(mut slot) = results[i].lock() {
                                *slot = Some(r);
                            }
                        }
                    }
                })
                .expect("spawn a worker thread");
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}
