//! Entry point of `kubectl crvalidate`: reads the manifests, gathers schemas (local CRDs, CRDs
//! in the input, the cluster, shipped built-ins), validates every document in parallel and
//! writes the report; the exit code says whether everything was valid.

#[path = "../../shared/common.rs"]
mod common;
#[path = "../../shared/completion.rs"]
mod completion;
#[path = "../../shared/man.rs"]
mod man;

mod cli;
mod cluster;
mod input;
mod report;

use std::collections::BTreeSet;
use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crkit_discovery::validate::{
    Catalog, Document, Finding, Gvk, Options, Reason, Severity, UnknownFields, crd,
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
    match completion::parse_or_answer::<Cli>(&cli::COMPLETION)? {
        completion::Parsed::Run(cli) => validate(&cli),
        completion::Parsed::Exit(code) => Ok(code),
    }
}

/// Validates what the command line names and reports it.
fn validate(cli: &Cli) -> anyhow::Result<ExitCode> {
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

    // Every input is read first (in parallel). The files that may hold CRDs are parsed before
    // anything is validated (they give schemas to the others, --crds-from-input), and all of
    // them in cluster mode (the cluster is asked about the kinds of the whole input); the rest
    // are parsed and validated in batches, so that one batch of parsed documents is in memory
    // at a time.
    let names = input::expand(&inputs, cli.recursive);
    let cluster = !cli.offline && cluster::kubeconfig_present(cli);
    let read: Vec<(Slot, bool)> = parallel(jobs, names, |(name, err)| {
        let read = match err {
            Some(e) => Err(input::ReadError::Io(e.to_string())),
            None => input::read(&name),
        };
        let early = read
            .as_ref()
            .is_ok_and(|b| cluster || (cli.crds_from_input && input::may_hold_crd(b)));
        (Slot::Read(name, read), early)
    });
    let early: Vec<usize> = (0..read.len()).filter(|&fi| read[fi].1).collect();
    let mut slots: Vec<Slot> = read.into_iter().map(|(slot, _)| slot).collect();
    parse_slots(jobs, &mut slots, early);

    // Schemas: --crds first, then CRDs in the input.
    let mut catalog = Catalog::new(true);
    usage_error |= load_crd_files(cli, &mut catalog);
    let input_crd_errors = if cli.crds_from_input {
        add_input_crds(&slots, &mut catalog)
    } else {
        Vec::new()
    };

    // The cluster, for custom kinds still without a schema.
    if cluster {
        let docs = slots.iter().flat_map(|s| match s {
            Slot::Parsed(f) => f.documents.as_slice(),
            _ => &[],
        });
        add_cluster_crds(cli, docs, &mut catalog);
    }

    // Validation, one record per document: file by file when there are many files of
    // comparable size, else batch by batch.
    let options = Options {
        unknown_fields: if cli.allow_unknown {
            UnknownFields::Warn
        } else {
            UnknownFields::Error
        },
    };
    let file_count = slots.len();
    let sizes: Vec<usize> = slots
        .iter()
        .map(|s| match s {
            Slot::Read(_, Ok(b)) => b.len(),
            _ => 0,
        })
        .collect();
    let total: usize = sizes.iter().sum();
    let run = Run {
        cli,
        jobs,
        catalog: &catalog,
        crd_errors: &input_crd_errors,
        options,
    };
    let (mut records, bad) = if sizes.iter().all(|&n| n.saturating_mul(4 * jobs) <= total) {
        // Many files of comparable size: each worker parses and validates whole files.
        run.by_file(&mut slots)
    } else {
        run.by_batch(&mut slots)
    };
    usage_error |= bad;
    records.sort_by_key(|(fi, di, r)| (*fi, r.document.unwrap_or(0), *di));
    for (_, di, r) in &records {
        if *di == usize::MAX {
            eprintln!(
                "error: {}: {}",
                r.file,
                r.message.as_deref().unwrap_or_default()
            );
        }
    }
    let records: Vec<Record> = records.into_iter().map(|(_, _, r)| r).collect();

    // Report.
    let summary = Summary::of(&records, file_count);
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

/// What validating the documents of the input needs.
struct Run<'a> {
    cli: &'a Cli,
    jobs: usize,
    catalog: &'a Catalog,
    /// Invalid CRDs of the input, by file and document.
    crd_errors: &'a [(usize, usize, crd::CrdError)],
    options: Options,
}

/// Records by file and document index, and whether a file could not be read.
type Validated = (Vec<(usize, usize, Record)>, bool);

impl Run<'_> {
    fn check(&self, fi: usize, di: usize, name: &str, doc: Document) -> Record {
        let crd_error = self
            .crd_errors
            .iter()
            .find(|(f, d, _)| *f == fi && *d == di)
            .map(|(_, _, e)| e);
        check(self.cli, self.catalog, name, doc, crd_error, self.options)
    }

    /// Each worker parses and validates whole files: no pause between parsing and
    /// validating, and one file's documents in memory per worker. For many files of
    /// comparable size.
    fn by_file(&self, slots: &mut [Slot]) -> Validated {
        let work: Vec<(usize, Slot)> = slots
            .iter_mut()
            .enumerate()
            .map(|(fi, s)| (fi, std::mem::replace(s, Slot::Done)))
            .collect();
        let done = parallel(self.jobs, work, |(fi, slot)| {
            let file = match slot {
                Slot::Read(name, read) => input::from_read(name, read),
                Slot::Parsed(file) => file,
                Slot::Done => return (Vec::new(), false),
            };
            let mut one = [Slot::Parsed(file)];
            let mut records = Vec::new();
            let mut bad = false;
            let (jobs_list, names) = take_batch(&mut one, 0, 1, &mut records, &mut bad);
            for (_, di, doc) in jobs_list {
                records.push((0, di, self.check(fi, di, &names[0], doc)));
            }
            for r in &mut records {
                r.0 = fi;
            }
            (records, bad)
        });
        let mut records = Vec::new();
        let mut usage_error = false;
        for (r, bad) in done {
            records.extend(r);
            usage_error |= bad;
        }
        (records, usage_error)
    }

    /// Files parsed, then their documents validated, in parallel, batch by batch: documents
    /// are spread over the workers even when one file holds most of them.
    fn by_batch(&self, slots: &mut [Slot]) -> Validated {
        let mut records = Vec::new();
        let mut usage_error = false;
        let mut start = 0;
        while start < slots.len() {
            let mut end = start;
            let mut bytes = 0;
            while end < slots.len() && (end == start || bytes < BATCH_BYTES) {
                if let Slot::Read(_, Ok(b)) = &slots[end] {
                    bytes += b.len();
                }
                end += 1;
            }
            parse_slots(self.jobs, slots, (start..end).collect());
            let (jobs_list, names) = take_batch(slots, start, end, &mut records, &mut usage_error);
            records.extend(parallel(self.jobs, jobs_list, |(fi, di, doc)| {
                (fi, di, self.check(fi, di, &names[fi - start], doc))
            }));
            start = end;
        }
        (records, usage_error)
    }
}

/// Input bytes parsed and validated together: enough to keep every core busy, small enough
/// that the parsed documents of a batch (some 30 times their text) stay around 10 MiB.
const BATCH_BYTES: usize = 256 << 10;

/// One input file on its way through the run.
enum Slot {
    /// Read (or not readable), not parsed yet.
    Read(String, Result<Vec<u8>, input::ReadError>),
    /// Parsed, documents not validated yet.
    Parsed(File),
    /// Its documents were handed to validation.
    Done,
}

/// Parses the files of `which` that are read and not parsed yet, in parallel.
fn parse_slots(jobs: usize, slots: &mut [Slot], which: Vec<usize>) {
    let todo: Vec<(usize, String, Result<Vec<u8>, input::ReadError>)> = which
        .into_iter()
        .filter_map(|fi| match std::mem::replace(&mut slots[fi], Slot::Done) {
            Slot::Read(name, read) => Some((fi, name, read)),
            other => {
                slots[fi] = other;
                None
            }
        })
        .collect();
    for (fi, file) in parallel(jobs, todo, |(fi, name, read)| {
        (fi, input::from_read(name, read))
    }) {
        slots[fi] = Slot::Parsed(file);
    }
}

/// Takes the parsed files `start..end` for validation: their file-level errors become records
/// (an unreadable file is a usage error, its record's document index `usize::MAX`), their
/// documents jobs. Each job owns its document:
/// validation prunes and defaults it in place, without a copy, and it is freed on the worker
/// thread. Returns the jobs and the files' names.
fn take_batch(
    slots: &mut [Slot],
    start: usize,
    end: usize,
    records: &mut Vec<(usize, usize, Record)>,
    usage_error: &mut bool,
) -> (Vec<(usize, usize, Document)>, Vec<String>) {
    let mut jobs_list = Vec::new();
    let mut names = Vec::with_capacity(end - start);
    for (fi, slot) in slots.iter_mut().enumerate().take(end).skip(start) {
        let Slot::Parsed(mut file) = std::mem::replace(slot, Slot::Done) else {
            names.push(String::new());
            continue;
        };
        if let Some(e) = &file.io_error {
            // Printed after the run, in file order.
            *usage_error = true;
            records.push((fi, usize::MAX, file_record(&file, None, e.clone())));
        }
        for e in &file.errors {
            let mut r = file_record(&file, e.position, e.message.clone());
            r.document = e.document;
            records.push((fi, usize::MAX - 1, r));
        }
        for (di, doc) in std::mem::take(&mut file.documents).into_iter().enumerate() {
            jobs_list.push((fi, di, doc));
        }
        names.push(file.name);
    }
    (jobs_list, names)
}

/// Adds the CRDs found in the parsed input files (`--crds` wins); the CRDs that are invalid,
/// by file and document.
fn add_input_crds(slots: &[Slot], catalog: &mut Catalog) -> Vec<(usize, usize, crd::CrdError)> {
    let mut errors = Vec::new();
    for (fi, slot) in slots.iter().enumerate() {
        let Slot::Parsed(file) = slot else { continue };
        for (di, doc) in file.documents.iter().enumerate() {
            if !crd::is_crd(&doc.value) {
                continue;
            }
            match crd::compile_crd(&doc.value) {
                Ok(versions) => {
                    for v in versions {
                        let gvk = Gvk::new(&v.group, &v.version, &v.kind);
                        if !catalog.has_crd(&gvk) {
                            catalog.insert(v, &file.name);
                        }
                    }
                }
                Err(e) => errors.push((fi, di, e)),
            }
        }
    }
    errors
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
fn add_cluster_crds<'a>(
    cli: &Cli,
    docs: impl Iterator<Item = &'a Document>,
    catalog: &mut Catalog,
) {
    let missing: BTreeSet<Gvk> = docs
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
    file: &str,
    doc: Document,
    crd_error: Option<&crd::CrdError>,
    options: Options,
) -> Record {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_owned();
    let meta = doc.value.get("metadata");
    let mut record = Record {
        file: file.to_owned(),
        document: Some(doc.index),
        position: Some(doc.start),
        api_version: s(doc.value.get("apiVersion")),
        kind: s(doc.value.get("kind")),
        name: s(meta.and_then(|m| m.get("name"))),
        namespace: s(meta.and_then(|m| m.get("namespace"))),
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
        record.findings = crd_findings(e, &doc);
        return record;
    }
    if crd::is_crd(&doc.value) {
        // A CRD is checked as a CRD (its schema is what matters here).
        match crd::compile_crd(&doc.value) {
            Ok(_) => record.status = Status::Valid,
            Err(e) => {
                record.status = Status::Invalid;
                record.findings = crd_findings(&e, &doc);
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
    let outcome = schema.validate_owned(doc.value, &doc.positions, &doc.duplicates, options);
    record.status = if outcome.is_valid() {
        Status::Valid
    } else {
        Status::Invalid
    };
    record.findings = outcome.findings;
    record
}

/// A CRD's own errors as findings, located at the start of the CRD.
fn crd_findings(e: &crd::CrdError, doc: &crkit_discovery::validate::Document) -> Vec<Finding> {
    e.causes
        .iter()
        .map(|c| Finding {
            severity: Severity::Error,
            // The reports have always typed a CRD's errors FieldValueInvalid; `c.reason` (the
            // server's own type) would change the JSON, JUnit and SARIF output.
            reason: Reason::FieldValueInvalid,
            field: c.field.clone(),
            message: format!(
                "CustomResourceDefinition {:?} is invalid: {}",
                e.name,
                c.message()
            ),
            body: c.body(),
            pointer: String::new(),
            position: Some(doc.start),
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
