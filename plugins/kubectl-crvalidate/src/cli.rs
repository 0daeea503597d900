//! Command-line interface of `kubectl crvalidate`.

use std::path::PathBuf;

use clap::{ArgAction, Parser, ValueEnum};
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
