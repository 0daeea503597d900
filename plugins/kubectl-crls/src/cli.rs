//! Command-line interface of `kubectl crls`.

use clap::Parser;

use crkit_plugin::KubeArgs;
use crkit_plugin::completion::Plugin;

/// What shell completion needs beyond the clap command: `-o` takes free text here, so its
/// values are listed (`jsonpath=` and `custom-columns=` leave the cursor after the `=`).
pub const COMPLETION: Plugin = Plugin {
    name: "crls",
    resources: Some(&["list"]),
    output_formats: &[
        ("wide", "the table with the CRD's low-priority columns"),
        ("name", "kind.group/name lines"),
        ("json", "kubectl's JSON"),
        ("yaml", "kubectl's YAML"),
        ("jsonpath=", "a JSONPath template"),
        ("custom-columns=", "HEADER:PATH columns, comma-separated"),
    ],
};

/// List and get any resource, custom resources first.
///
/// Resolves RESOURCE the way `kubectl get` does (kind, plural, singular, short name,
/// kind.group, resource.version.group, or a category such as `ai-gateway`) and prints the
/// server's own table for it, with the columns the CRD's author chose. Without RESOURCE,
/// prints an inventory of every custom resource type with its object count.
#[derive(Debug, Parser)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "kubectl's flags are booleans"
)]
#[command(
    name = "kubectl crls",
    bin_name = "kubectl crls",
    version,
    after_help = "Examples:\n  kubectl crls                          # inventory of custom resource types\n  kubectl crls llm -A                   # LLMModels in every namespace\n  kubectl crls llm --field .spec.provider --field RPM=.spec.rateLimits.requestsPerMinute\n  kubectl crls ai-gateway -o name       # everything in the category\n  kubectl crls llm --context a,b        # the same query in two clusters\n\nExit codes: 0 success, 1 an error (or a failed context), 2 bad usage."
)]
pub struct Cli {
    /// Resource name forms or categories, comma-separated (`llm`, `llmmodels,llmroutes`,
    /// `ai-gateway`), or TYPE/NAME pairs. Without one, prints the inventory.
    #[arg(value_name = "RESOURCE")]
    pub resource: Option<String>,

    /// Names of objects to get; all objects when none is given.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// List the requested objects across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Selector (label query) to filter on, e.g. -l tier=premium.
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Selector (field query) to filter on, e.g. --field-selector metadata.name=gpt-4o.
    #[arg(long, value_name = "SELECTOR")]
    pub field_selector: Option<String>,

    /// Return large lists in chunks of this size (0 disables chunking).
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub chunk_size: u32,

    /// Sort list types using this field path (e.g. '{.metadata.name}' or .spec.contextWindow).
    #[arg(long, value_name = "PATH")]
    pub sort_by: Option<String>,

    /// Label keys to show as columns (repeatable or comma-separated).
    #[arg(
        short = 'L',
        long = "label-columns",
        value_name = "KEY",
        value_delimiter = ','
    )]
    pub label_columns: Vec<String>,

    /// Show all labels as the last column.
    #[arg(long)]
    pub show_labels: bool,

    /// Print no header line in table output.
    #[arg(long)]
    pub no_headers: bool,

    /// Prefix names with their kind.group (always on when several kinds are listed).
    #[arg(long)]
    pub show_kind: bool,

    /// Do not fail when the named objects do not exist.
    #[arg(long)]
    pub ignore_not_found: bool,

    /// Output format: wide, name, json, yaml, jsonpath=TEMPLATE, custom-columns=SPEC.
    #[arg(short = 'o', long, value_name = "FORMAT")]
    pub output: Option<String>,

    /// Keep metadata.managedFields in JSON and YAML output.
    #[arg(long)]
    pub show_managed_fields: bool,

    /// Extra column from a field path, appended to the table (repeatable); `HEADER=PATH` sets
    /// the header, otherwise it is the last path segment upper-cased.
    #[arg(long = "field", value_name = "[HEADER=]PATH")]
    pub fields: Vec<String>,

    /// Inventory: only custom resource types of this API group.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,

    /// Inventory: include built-in resource types too.
    #[arg(long)]
    pub all_kinds: bool,

    /// Kubeconfig contexts to query (comma-separated); several add a CONTEXT column.
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    pub context: Vec<String>,

    /// Query every context of the kubeconfig.
    #[arg(long, conflicts_with = "context")]
    pub all_contexts: bool,

    #[command(flatten)]
    pub kube: KubeArgs,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

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
}
