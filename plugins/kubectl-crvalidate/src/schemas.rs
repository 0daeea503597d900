//! The schemas of a run, first match wins: the CRDs of `--crds`, CRD manifests in the input
//! (`--crds-from-input`), the cluster's CRDs of the kinds still without one; then the
//! `/openapi/v3` documents of `--schemas`, the cluster's `/openapi/v3` for kinds of aggregated
//! APIs; the shipped built-ins are the catalog's own.

use std::collections::BTreeSet;

use crkit_discovery::validate::{Catalog, CrdError, Document, Gvk, Position, SchemaSet, crd};

use crate::cli::Cli;
use crate::cluster;
use crate::input;
use crate::pool::parallel;
use crate::slots::Slot;

/// The CRDs of the input that are invalid, with the file and document index of each.
pub type InputCrdErrors = Vec<(usize, usize, CrdError)>;

/// Adds the CRDs of `--crds`; whether any could not be read or is invalid (exit code 2).
pub fn load_crd_files(cli: &Cli, catalog: &mut Catalog) -> bool {
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

/// Adds the kinds of the `/openapi/v3` documents of `--schemas` (directories: their `.json`
/// files), read in parallel; whether any could not be read or is not such a document (exit
/// code 2). The first document that defines a kind wins.
pub fn load_schema_files(cli: &Cli, jobs: usize, catalog: &mut Catalog) -> bool {
    let files: Vec<(String, Option<std::io::Error>)> = input::expand(&cli.schemas, true)
        .into_iter()
        .filter(|(name, err)| {
            // Named on the command line, or a document under a directory.
            err.is_some()
                || std::path::Path::new(name)
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("json"))
                || cli.schemas.iter().any(|p| p.as_os_str() == name.as_str())
        })
        .collect();
    let loaded = parallel(jobs, files, |(name, err)| match err {
        Some(e) => Err(format!("{name}: {e}")),
        None => match std::fs::read(&name) {
            // The parser's errors name the file.
            Ok(bytes) => SchemaSet::from_json(&bytes, &name).map_err(|e| e.to_string()),
            Err(e) => Err(format!("{name}: {e}")),
        },
    });
    let mut usage_error = false;
    let mut all = SchemaSet::default();
    for set in loaded {
        match set {
            Ok(set) => all.merge(set),
            Err(e) => {
                eprintln!("error: --schemas {e}");
                usage_error = true;
            }
        }
    }
    catalog.add_schemas(all, "--schemas");
    usage_error
}

fn pos_suffix(p: Option<Position>) -> String {
    p.map_or_else(String::new, |p| format!(":{}:{}", p.line, p.column))
}

/// Adds the CRDs found in the parsed input files (`--crds` wins); the CRDs that are invalid,
/// by file and document.
pub fn add_input_crds(slots: &[Slot], catalog: &mut Catalog) -> InputCrdErrors {
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

/// Adds the cluster's schemas of the input's kinds that have none yet: their CRDs, and for
/// kinds no CRD serves (aggregated APIs) the cluster's `/openapi/v3` documents.
pub fn add_cluster_schemas<'a>(
    cli: &Cli,
    docs: impl Iterator<Item = &'a Document>,
    catalog: &mut Catalog,
) {
    let missing: BTreeSet<Gvk> = docs
        .filter_map(|d| Gvk::of(&d.value))
        .filter(|g| catalog.get(g).is_none() && !cli.skips(g) && !cli.rejects(g))
        .collect();
    if missing.is_empty() {
        return;
    }
    let wanted: Vec<Gvk> = missing.into_iter().collect();
    match cluster::fetch_schemas(cli, &wanted) {
        Ok(found) => {
            for (gvk, crd) in found.crds {
                if let Err(e) = catalog.add_crd(&crd, "the cluster") {
                    eprintln!("warning: the cluster's CRD for {gvk} cannot be used: {e}");
                }
            }
            let mut set = SchemaSet::default();
            for (path, document) in found.documents {
                match SchemaSet::from_document(document, &format!("/openapi/v3/{path}")) {
                    Ok(s) => set.merge(s),
                    Err(e) => eprintln!("warning: the cluster's {e}"),
                }
            }
            catalog.add_schemas(set, "the cluster");
        }
        Err(e) => {
            eprintln!("warning: cannot read schemas from the cluster: {e:#}");
            eprintln!("hint: pass --offline to validate with --crds and the input's CRDs only");
        }
    }
}
