//! One document checked: its kind filtered (`--skip-kinds`, `--reject-kinds`), a CRD decoded and
//! checked as a CRD, any other object validated with the schema of its kind, into one report
//! record.

use crkit_discovery::validate::{
    Catalog, CrdError, Document, Finding, Gvk, Options, Reason, Severity, crd,
};
use serde_json::Value;

use crate::cli::Cli;
use crate::cluster;
use crate::report::{Record, Status};

/// Validates one document of `file`; `crd_error` is its own error when it is an invalid CRD.
pub fn check(
    cli: &Cli,
    catalog: &Catalog,
    file: &str,
    doc: Document,
    crd_error: Option<&CrdError>,
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
    if cli.rejects(&gvk) {
        record.status = Status::Error;
        record.message = Some(format!("kind {} is rejected (--reject-kinds)", gvk.kind));
        return record;
    }
    if cli.skips(&gvk) {
        record.status = Status::Skipped;
        record.message = Some("kind skipped (--skip-kinds)".to_owned());
        return record;
    }
    if crd::is_crd(&doc.value)
        && let Some(schema) = catalog.get(&gvk)
    {
        // Decoded first, as the server does: an unknown field of a CRD (outside `items` and
        // `additionalProperties`, which Go decodes leniently) is a strict decoding error.
        let outcome = schema.validate(&doc.value, &doc.positions, &doc.duplicates, options);
        if !outcome.is_valid() {
            record.status = Status::Invalid;
            record.findings = outcome.findings;
            return record;
        }
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
            let builtin = catalog.similar_builtin(&gvk);
            let hint = if let Some(s) = similar.first() {
                format!("; a CRD defines {s}")
            } else if let Some(b) = builtin.first() {
                format!(
                    "; the built-in schemas have {} as {}",
                    b.kind,
                    b.api_version()
                )
            } else if cli.offline || !cluster::kubeconfig_present(cli) {
                "; pass its CRD with --crds, its /openapi/v3 with --schemas, or --ignore-missing-schemas"
                    .to_owned()
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
fn crd_findings(e: &CrdError, doc: &Document) -> Vec<Finding> {
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
