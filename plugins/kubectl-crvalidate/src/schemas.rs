//! The schemas of a run, first match wins: the CRDs of `--crds`, CRD manifests in the input
//! (`--crds-from-input`), the cluster's CRDs of the kinds still without one; the shipped
//! built-ins are the catalog's own.

use std::collections::BTreeSet;

use crkit_discovery::validate::{Catalog, CrdError, Document, Gvk, Position, crd};

use crate::cli::Cli;
use crate::cluster;
use crate::input;
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

/// Adds the cluster's CRDs of the input's custom kinds that have no schema yet.
pub fn add_cluster_crds<'a>(
    cli: &Cli,
    docs: impl Iterator<Item = &'a Document>,
    catalog: &mut Catalog,
) {
    let missing: BTreeSet<Gvk> = docs
        .filter_map(|d| Gvk::of(&d.value))
        .filter(|g| catalog.get(g).is_none() && !cli.skips(g) && !cli.rejects(g))
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
