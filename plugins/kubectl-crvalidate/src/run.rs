//! One run of `kubectl crvalidate`, in order: read every input (in parallel), parse the files
//! that may give schemas, gather the schemas, validate every document, write the report.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use crkit_discovery::validate::{Catalog, Options, UnknownFields};

use crate::cli::{Cli, Format};

use crate::input;
use crate::pool::parallel;
use crate::report::{self, Record, Summary};
use crate::schedule::Validator;
use crate::slots::{Keyed, Slot, Source, parse_slots};
use crate::{cluster, schemas};

/// What a run found, for the exit code.
pub struct Ran {
    /// The counts of the report.
    pub summary: Summary,
    /// A file or `--crds` CRD could not be read or is invalid.
    pub usage_error: bool,
}

/// Validates `inputs` as the command line says and writes the report to standard output.
pub fn run(cli: &Cli, inputs: &[PathBuf]) -> anyhow::Result<Ran> {
    let jobs = cli
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let mut usage_error = false;

    // Every input is read first (in parallel). The files that may hold CRDs are parsed before
    // anything is validated (they give schemas to the others, --crds-from-input), and all of
    // them in cluster mode (the cluster is asked about the kinds of the whole input); the rest
    // are dropped and read again when validated, in batches, so that one batch of them is in
    // memory at a time.
    let names = input::expand(inputs, cli.recursive);
    let cluster = !cli.offline && cluster::kubeconfig_present(cli);
    let read: Vec<(Slot, bool)> = parallel(jobs, names, |(name, err)| {
        let read = match err {
            Some(e) => Err(input::ReadError::Io(e.to_string())),
            None => input::read(&name),
        };
        let early = read
            .as_ref()
            .is_ok_and(|b| cluster || (cli.crds_from_input && input::may_hold_crd(b)));
        match read {
            // Standard input cannot be read twice.
            Ok(bytes) if !early && name != "-" => (Slot::Unread(name, bytes.len()), false),
            read => (Slot::Read(name, read), early),
        }
    });
    let early: Vec<usize> = (0..read.len()).filter(|&fi| read[fi].1).collect();
    let mut slots: Vec<Slot> = read.into_iter().map(|(slot, _)| slot).collect();
    parse_slots(jobs, &mut slots, early);

    // Schemas: --crds first, then CRDs in the input; --schemas before the shipped built-ins.
    let mut catalog = Catalog::new(true);
    usage_error |= schemas::load_crd_files(cli, &mut catalog);
    usage_error |= schemas::load_schema_files(cli, jobs, &mut catalog);
    let input_crd_errors = if cli.crds_from_input {
        schemas::add_input_crds(&slots, &mut catalog)
    } else {
        Vec::new()
    };

    // The cluster, for kinds still without a schema: CRDs, aggregated APIs' /openapi/v3.
    if cluster {
        let docs = slots.iter().flat_map(|s| match s {
            Slot::Parsed(f) => f.documents.as_slice(),
            _ => &[],
        });
        schemas::add_cluster_schemas(cli, docs, &mut catalog);
    }

    // Validation, one record per document.
    let options = Options {
        unknown_fields: if cli.allow_unknown {
            UnknownFields::Warn
        } else {
            UnknownFields::Error
        },
    };
    let file_count = slots.len();
    let validator = Validator {
        cli,
        jobs,
        catalog: &catalog,
        crd_errors: &input_crd_errors,
        options,
    };
    let (mut records, bad) = validator.run(&mut slots);
    usage_error |= bad;
    let order = |k: &Keyed| (k.file, k.record.document.unwrap_or(0), k.source);
    // Usually in order already; a stable sort's buffer of half the records is then not needed.
    if !records.is_sorted_by_key(order) {
        records.sort_by_key(order);
    }
    // An unreadable file is said once, on stderr (exit 2): it holds no document to report.
    let mut unreadable = 0;
    for k in &records {
        if k.source == Source::Unreadable {
            unreadable += 1;
            eprintln!(
                "error: {}: {}",
                k.record.file,
                k.record.message.as_deref().unwrap_or_default()
            );
            if let Some(near) = input::near_file(Path::new(&k.record.file)) {
                eprintln!("hint: did you mean {}?", near.display());
            }
        }
    }
    let records: Vec<Record> = records
        .into_iter()
        .filter(|k| k.source != Source::Unreadable)
        .map(|k| k.record)
        .collect();

    // Report.
    let summary = Summary::of(&records, file_count - unreadable);
    let stdout = std::io::stdout();
    let color = crkit_plugin::use_color(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cli.output {
        Format::Text => report::text(&mut out, &records, &summary, color, cli.show_valid)?,
        Format::Json => report::json(&mut out, &records, &summary)?,
        Format::Junit => report::junit(&mut out, &records, &summary)?,
        Format::Sarif => report::sarif(&mut out, &records)?,
    }
    out.flush()?;
    Ok(Ran {
        summary,
        usage_error,
    })
}
