//! Command-line interface of `kubectl crvalidate`.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use crkit_discovery::validate::Gvk;

use crkit_plugin::KubeArgs;
use crkit_plugin::completion::Plugin;

/// What shell completion needs beyond the clap command: positional arguments are manifests
/// (`-o` values come from [`Format`]).
pub const COMPLETION: Plugin = Plugin {
    name: "crvalidate",
    resources: None,
    output_formats: &[],
};

/// Validate manifests against CRD schemas and built-in schemas, as the API server would.
///
/// Each document is decoded, pruned, defaulted and validated the way a create through the API
/// server is (unknown fields, types, enums, patterns, formats, list types, embedded resources,
/// metadata names and labels, CEL rules), and every error is reported with its file:line:col
/// and the server's field path and message. CRD schemas come from --crds files, from CRD
/// manifests in the input itself, and from the cluster when a kubeconfig is present (unless
/// --offline). Every built-in kind of Kubernetes v1.37 is checked from schemas shipped with the
/// plugin, or from the /openapi/v3 documents given with --schemas; in cluster mode, kinds of
/// aggregated APIs from the cluster's /openapi/v3.
#[derive(Debug, Parser)]
#[allow(clippy::struct_excessive_bools)] // one per flag
#[command(
    name = "kubectl crvalidate",
    bin_name = "kubectl crvalidate",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  kubectl crvalidate -f manifests/ -R --crds crds/ --offline\n  helm template chart | kubectl crvalidate -\n  kubectl crvalidate app.yaml -o sarif > results.sarif\n\nExit codes: 0 every document is valid, 1 some document is invalid or could not be checked,\n2 bad usage or a file or CRD that could not be read."
)]
pub struct Cli {
    /// Files or directories of manifests to validate; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Files or directories of manifests to validate (as in `kubectl apply -f`; repeatable).
    #[arg(short = 'f', long = "filename", value_name = "PATH")]
    pub filenames: Vec<PathBuf>,

    /// Process directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,

    /// CRD manifests (files or directories) to use as schemas; repeatable. The CRDs are
    /// checked themselves: an invalid CRD is an error naming it.
    #[arg(long = "crds", value_name = "PATH")]
    pub crds: Vec<PathBuf>,

    /// OpenAPI v3 documents (files, or directories of .json files) as `kubectl get --raw
    /// /openapi/v3/apis/apps/v1` writes them; repeatable. Their kinds take precedence over the
    /// built-in schemas shipped with the plugin, to check manifests against the exact version
    /// of a cluster, or kinds of aggregated APIs offline.
    #[arg(long = "schemas", value_name = "PATH")]
    pub schemas: Vec<PathBuf>,

    /// Never contact a cluster: schemas come from --crds, --schemas, the input and the shipped
    /// built-ins.
    #[arg(long)]
    pub offline: bool,

    /// Use CRD manifests found in the input as schemas for the other documents.
    #[arg(
        long,
        value_name = "BOOL",
        default_value_t = true,
        action = ArgAction::Set,
        num_args = 0..=1,
        default_missing_value = "true"
    )]
    pub crds_from_input: bool,

    /// Kinds not to validate, comma-separated: `Kind` or `group/version/Kind`.
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub skip_kinds: Vec<String>,

    /// Kinds to reject outright, comma-separated: `Kind` or `group/version/Kind`.
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub reject_kinds: Vec<String>,

    /// Skip documents whose kind has no schema instead of failing them.
    #[arg(long)]
    pub ignore_missing_schemas: bool,

    /// Fail on warnings too (unknown fields are errors already, as with kubectl's default
    /// --validate=strict).
    #[arg(long, conflicts_with = "allow_unknown")]
    pub strict: bool,

    /// Report unknown and duplicate fields as warnings and validate the rest, as the API
    /// server does with --validate=warn.
    #[arg(long)]
    pub allow_unknown: bool,

    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Text)]
    pub output: Format,

    /// Print valid documents too (text output).
    #[arg(long)]
    pub show_valid: bool,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// The name of the kubeconfig context to use.
    #[arg(long)]
    pub context: Option<String>,

    /// Connection and cache flags shared with kubectl.
    #[command(flatten)]
    pub kube: KubeArgs,

    /// A subcommand instead of validating manifests.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check what applying new CRDs would do to the objects the cluster already stores.
    ///
    /// For each CustomResourceDefinition in the files, the cluster's current CRD of the same name is
    /// read and compared: what the server would refuse (a stored version dropped, scope or kind
    /// changed, an invalid CRD) and what breaks clients (a served version withdrawn). Then every
    /// stored object (all namespaces unless -n; listed in pages, at each version both CRDs serve)
    /// is checked against the new schema the way the server will treat it: fields the new schema
    /// prunes at the next write (silent data loss, reported first), errors that make a create of
    /// a copy fail (a re-sync to a fresh cluster, a restore) with the server's field path and
    /// message, whether CRD validation ratcheting lets updates through (and while which field
    /// stays unchanged), and fields the new defaults add. Nothing is written to the cluster.
    CrdUpgrade(CrdUpgradeArgs),
}

/// The options of `crd-upgrade`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kubectl crvalidate crd-upgrade -f crds/ -R\n  kubectl crvalidate crd-upgrade -f llmmodels.yaml -n team-a -l tier=premium -o json\n\nExit codes: 0 nothing would be refused, rejected on create or pruned, 1 otherwise,\n2 bad usage, an unreadable file or no CRD in the files.\n\nNeeds get on customresourcedefinitions and list on the kinds they define (examples/rbac.yaml)."
)]
pub struct CrdUpgradeArgs {
    /// Files or directories holding the new CRD manifests (repeatable).
    #[arg(
        short = 'f',
        long = "filename",
        value_name = "FILE_OR_DIR",
        required = true
    )]
    pub filenames: Vec<PathBuf>,

    /// Process directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,

    /// Check the objects of every namespace (the default; -n checks one).
    #[arg(short = 'A', long, conflicts_with = "namespace")]
    pub all_namespaces: bool,

    /// Only objects whose labels match this selector (e.g. -l tier=premium).
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = UpgradeFormat::Text)]
    pub output: UpgradeFormat,

    /// Objects per list request.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub chunk_size: u32,

    /// Worker threads checking objects (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,

    /// The name of the kubeconfig context to use.
    #[arg(long)]
    pub context: Option<String>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Grouped per file, coloured on a terminal, with a summary line.
    Text,
    /// One record per document, causes shaped like metav1.Status causes.
    Json,
    /// JUnit XML: a test suite per file, a test case per document.
    Junit,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
}

/// Report formats of `crd-upgrade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UpgradeFormat {
    /// Grouped by CRD, then object (data loss first), with counts.
    Text,
    /// One document: per CRD its problems, counts, defaults and objects with their changes.
    Json,
    /// JUnit XML: a test suite per CRD, a test case for the CRD and per object.
    Junit,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
}

impl Cli {
    /// Every input path, positional ones first.
    pub fn inputs(&self) -> Vec<PathBuf> {
        self.paths
            .iter()
            .chain(self.filenames.iter())
            .cloned()
            .collect()
    }

    /// Whether `--skip-kinds` names `gvk`.
    pub fn skips(&self, gvk: &Gvk) -> bool {
        self.skip_kinds.iter().any(|f| matches_kind(f, gvk))
    }

    /// Whether `--reject-kinds` names `gvk`.
    pub fn rejects(&self, gvk: &Gvk) -> bool {
        self.reject_kinds.iter().any(|f| matches_kind(f, gvk))
    }
}

/// Whether `filter` (`Kind` or `group/version/Kind`) names `gvk`.
fn matches_kind(filter: &str, gvk: &Gvk) -> bool {
    match filter.rsplit_once('/') {
        None => filter == gvk.kind,
        Some((api_version, kind)) => kind == gvk.kind && api_version == gvk.api_version(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Cli, Format, Gvk};
    use clap::{CommandFactory, Parser};

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    /// The `completion` subcommand fits this command, and what completion reads from it is
    /// there.
    #[test]
    fn completion_fits_the_cli() {
        crkit_plugin::completion::debug_assert::<Cli>(&super::COMPLETION);
    }

    #[test]
    fn parses_crd_upgrade() {
        let cli = Cli::try_parse_from([
            "kubectl-crvalidate",
            "crd-upgrade",
            "-f",
            "crds",
            "-R",
            "-n",
            "team-a",
            "-l",
            "tier=premium",
            "-o",
            "json",
        ])
        .unwrap();
        let Some(super::Command::CrdUpgrade(args)) = cli.command else {
            panic!("no subcommand: {cli:?}");
        };
        assert_eq!(args.filenames.len(), 1);
        assert!(args.recursive && !args.all_namespaces);
        assert_eq!(cli.kube.namespace.as_deref(), Some("team-a"));
        assert_eq!(args.output, super::UpgradeFormat::Json);
        assert!(Cli::try_parse_from(["x", "crd-upgrade", "-f", "a", "-A", "-n", "b"]).is_err());
        assert!(Cli::try_parse_from(["x", "crd-upgrade"]).is_err());
    }

    #[test]
    fn parses_the_documented_flags() {
        let cli = Cli::try_parse_from([
            "kubectl-crvalidate",
            "a.yaml",
            "-f",
            "dir",
            "-R",
            "--crds",
            "crds",
            "--crds",
            "more.yaml",
            "--schemas",
            "openapi",
            "--offline",
            "--crds-from-input=false",
            "--skip-kinds",
            "Secret,apps/v1/Deployment",
            "--allow-unknown",
            "-o",
            "sarif",
        ])
        .unwrap();
        assert_eq!(cli.inputs().len(), 2);
        assert_eq!(cli.crds.len(), 2);
        assert_eq!(cli.schemas, [std::path::PathBuf::from("openapi")]);
        assert!(!cli.crds_from_input);
        assert_eq!(cli.skip_kinds, ["Secret", "apps/v1/Deployment"]);
        assert_eq!(cli.output, Format::Sarif);
        assert!(Cli::try_parse_from(["x", "--strict", "--allow-unknown"]).is_err());
    }

    #[test]
    fn kind_filters_name_a_kind_or_a_group_version_kind() {
        let cli = Cli::try_parse_from([
            "x",
            "--skip-kinds",
            "Secret,apps/v1/Deployment",
            "--reject-kinds",
            "v1/ConfigMap",
        ])
        .unwrap();
        assert!(cli.skips(&Gvk::new("", "v1", "Secret")));
        assert!(cli.skips(&Gvk::new("apps", "v1", "Deployment")));
        assert!(!cli.skips(&Gvk::new("apps", "v1beta1", "Deployment")));
        assert!(cli.rejects(&Gvk::new("", "v1", "ConfigMap")));
        assert!(!cli.rejects(&Gvk::new("example.com", "v1", "ConfigMap")));
    }
}
