//! `kubectl crvalidate crd-upgrade`: what applying new CustomResourceDefinitions would do to the
//! objects the cluster already stores. For each CRD in the files: the cluster's current CRD
//! (one GET), the CRD-level problems of the change, then every stored object, listed page by
//! page at each version both CRDs serve, checked against the new schema
//! (`crkit_discovery::validate::upgrade`). Read-only: GET on CRDs, LIST on their kinds.

mod report;
mod scan;

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use crkit_discovery::api::{self, ListParams, Scope};
use crkit_discovery::model::ApiResource;
use crkit_discovery::validate::crd;
use crkit_discovery::validate::upgrade::crd::{
    Problem, Severity, problems, versions_to_check, withdrawn,
};
use crkit_discovery::validate::upgrade::{Checker, Class};
use crkit_discovery::{Error, KubeClient};
use serde_json::Value;

use crate::cli::{CrdUpgradeArgs, UpgradeFormat as Format};
use crate::input;
use crkit_plugin::{Exit, KubeArgs};

/// What one CRD of the files gave.
#[derive(Debug)]
pub struct CrdRun {
    /// The CRD's name.
    pub name: String,
    /// The file it came from.
    pub file: String,
    /// Whether the cluster has a CRD of that name.
    pub current: bool,
    /// CRD-level problems.
    pub problems: Vec<Problem>,
    /// The versions whose objects were checked.
    pub versions: Vec<String>,
    /// Why objects were not checked, when they were not.
    pub note: Option<String>,
    /// The objects.
    pub scan: scan::Scan,
}

impl CrdRun {
    /// Whether the change would be refused, break clients, reject a create or lose data.
    fn failed(&self) -> bool {
        self.problems
            .iter()
            .any(|p| matches!(p.severity, Severity::Refused | Severity::Breaking))
            || self
                .scan
                .objects
                .iter()
                .any(|o| o.check.rejected_on_create() || o.check.has(Class::Pruned))
    }
}

/// Runs the subcommand.
pub fn run(args: &CrdUpgradeArgs, kube: &KubeArgs) -> anyhow::Result<ExitCode> {
    kube.init_logging(env!("CARGO_CRATE_NAME"));
    let Some(crds) = read_crds(args) else {
        return Ok(Exit::Usage.into());
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut opts = kube.connect_options(args.context.as_deref());
    opts.request_timeout = opts.request_timeout.or(Some(Duration::from_secs(60)));
    let client = runtime.block_on(KubeClient::connect(&opts))?;
    let scope = match &kube.namespace {
        Some(ns) if !args.all_namespaces => Scope::Namespace(ns.clone()),
        _ => Scope::AllNamespaces,
    };
    let mut runs = Vec::new();
    for (file, new) in &crds {
        runs.push(check_crd(&runtime, &client, args, &scope, jobs, file, new)?);
    }
    crkit_plugin::report_requests(kube, client.stats());

    let stdout = std::io::stdout();
    let color = crkit_plugin::use_color(stdout.is_terminal());
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.output {
        Format::Text => report::text(&mut out, &runs, color)?,
        Format::Json => report::json(&mut out, &runs)?,
        Format::Sarif => report::sarif(&mut out, &runs)?,
        Format::Junit => report::junit(&mut out, &runs)?,
    }
    out.flush()?;
    Ok(if runs.iter().any(CrdRun::failed) {
        Exit::Failure
    } else {
        Exit::Success
    }
    .into())
}

/// The CRD manifests of `-f`, with their file; `None` (after saying why) when a file cannot be
/// read or holds no CRD.
fn read_crds(args: &CrdUpgradeArgs) -> Option<Vec<(String, Value)>> {
    let mut crds = Vec::new();
    let mut bad = false;
    for (name, err) in input::expand(&args.filenames, args.recursive) {
        let file = match err {
            Some(e) => input::unreadable(name, e.to_string()),
            None => input::load(name),
        };
        if let Some(e) = &file.io_error {
            eprintln!("error: {}: {e}", file.name);
            bad = true;
        }
        for e in &file.errors {
            let at = e
                .position
                .map_or_else(String::new, |p| format!(":{}:{}", p.line, p.column));
            eprintln!("error: {}{at}: {}", file.name, e.message);
            bad = true;
        }
        for doc in file.documents {
            if crd::is_crd(&doc.value) {
                crds.push((file.name.clone(), doc.value));
            }
        }
    }
    if bad {
        return None;
    }
    if crds.is_empty() {
        eprintln!("error: no CustomResourceDefinition in the files given");
        eprintln!("hint: kubectl crvalidate crd-upgrade -f crds/ -R");
        return None;
    }
    Some(crds)
}

fn check_crd(
    runtime: &tokio::runtime::Runtime,
    client: &KubeClient,
    args: &CrdUpgradeArgs,
    scope: &Scope,
    jobs: usize,
    file: &str,
    new: &Value,
) -> anyhow::Result<CrdRun> {
    let name = str_at(new, "/metadata/name");
    let current = match runtime.block_on(api::get_crd_named(client, &name)) {
        Ok(crd) => Some(crd),
        Err(Error::NotFound { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let mut run = CrdRun {
        problems: problems(current.as_ref(), new),
        name,
        file: file.to_owned(),
        current: current.is_some(),
        versions: Vec::new(),
        note: None,
        scan: scan::Scan::default(),
    };
    let Some(current) = current else {
        run.note = Some("new CRD, nothing stored".to_owned());
        return Ok(run);
    };
    let Ok(schemas) = crd::compile_crd(new) else {
        run.note = Some("objects not checked: the new CRD is invalid".to_owned());
        return Ok(run);
    };
    run.versions = versions_to_check(&current, new);
    if run.versions.is_empty() {
        run.note = Some(
            "objects not checked: no version is served by both the current and the new CRD"
                .to_owned(),
        );
    }
    for version in &run.versions {
        let Some(schema) = schemas.iter().find(|s| &s.version == version) else {
            continue;
        };
        let resource = ApiResource {
            group: str_at(&current, "/spec/group"),
            version: version.clone(),
            resource: str_at(&current, "/spec/names/plural"),
            kind: str_at(&current, "/spec/names/kind"),
            singular: str_at(&current, "/spec/names/singular"),
            namespaced: str_at(&current, "/spec/scope") == "Namespaced",
            verbs: vec!["list".to_owned()],
            short_names: Vec::new(),
            categories: Vec::new(),
            subresources: Vec::new(),
        };
        let params = ListParams {
            label_selector: args.selector.clone(),
            limit: args.chunk_size,
            ..ListParams::default()
        };
        let checker = Checker::new(schema);
        let scanned = scan::scan(runtime, client, &resource, scope, params, &checker, jobs)?;
        run.scan.merge(scanned);
    }
    // A withdrawn version that objects were written through: its writers break.
    let group = str_at(&current, "/spec/group");
    for v in withdrawn(&current, new) {
        let api_version = format!("{group}/{v}");
        if let Some(n) = run.scan.writers.get(&api_version) {
            run.problems.push(Problem {
                severity: Severity::Breaking,
                field: "spec.versions".to_owned(),
                message: format!(
                    "{api_version} is no longer served, and {n} of the objects checked were written through it (metadata.managedFields): those writers get 404 Not Found"
                ),
            });
        }
    }
    Ok(run)
}

fn str_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
