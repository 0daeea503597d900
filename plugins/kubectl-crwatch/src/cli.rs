//! Command-line interface of `kubectl crwatch`.

use std::num::NonZeroU64;
use std::time::Duration;

use clap::{ArgAction, Parser, ValueEnum};

use crkit_plugin::completion::Plugin;
use crkit_plugin::{KubeArgs, parse_duration};

/// What shell completion needs beyond the clap command (`-o` values come from [`Format`]).
pub const COMPLETION: Plugin = Plugin {
    name: "crwatch",
    resources: Some(&["list", "watch"]),
    output_formats: &[],
};

/// Watch resources and print a field-level diff for every change.
///
/// Resolves RESOURCE the way `kubectl get` does (kind, plural, singular, short name,
/// kind.group, resource.version.group, or a category such as `ai-gateway`; several separated
/// by commas merge into one stream), lists the objects, then watches them. Each event is one
/// line: time, type, kind/name, namespace; changed fields follow a MODIFIED line. After a
/// dropped connection the watch resumes where it stopped; when the server has forgotten that
/// point (`410 Gone`) crwatch lists again and prints what it missed, marked `(resync)`.
#[derive(Debug, Parser)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "each bool is one command-line flag"
)]
#[command(
    name = "kubectl crwatch",
    bin_name = "kubectl crwatch",
    version,
    after_help = "Examples:\n  kubectl crwatch llmmodels -A               # every LLMModel, in every namespace\n  kubectl crwatch llm gpt-4o --watch-only    # one object, changes only\n  kubectl crwatch ai-gateway -l tier=premium # every kind of the category\n  kubectl crwatch llm -o json | jq -c '.diff[]'\n\nChanged fields: `  path: old → new`, `+ path: value` (added), `- path` (removed).\nHidden: metadata.resourceVersion, metadata.managedFields and kubectl's last-applied\nannotation; a new metadata.generation shows as `generation N` on the event line.\n\nExit codes: 0 on Ctrl-C, SIGTERM, --count or --timeout; 1 when the watch fails (Forbidden,\na deleted CustomResourceDefinition, or retries beyond --max-retry-time); 2 bad usage."
)]
pub struct Cli {
    /// Resource name forms or categories, comma-separated (`llm`, `llmmodels,llmroutes`,
    /// `ai-gateway`), or TYPE/NAME.
    #[arg(value_name = "RESOURCE")]
    pub resource: String,

    /// Names of objects to watch; all objects when none is given.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,

    /// Watch the requested objects across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Selector (label query) to filter on, e.g. -l tier=premium.
    #[arg(short = 'l', long, value_name = "SELECTOR")]
    pub selector: Option<String>,

    /// Selector (field query) to filter on, e.g. --field-selector metadata.name=gpt-4o.
    #[arg(long, value_name = "SELECTOR")]
    pub field_selector: Option<String>,

    /// Output format: text (the default) or json (one JSON object per line).
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub output: Format,

    /// Skip the initial list: print only changes from now on.
    #[arg(long)]
    pub watch_only: bool,

    /// Exit (with 0) after printing this many events.
    #[arg(long, value_name = "N")]
    pub count: Option<NonZeroU64>,

    /// Exit (with 0) after this long, e.g. 30s, 5m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Print the whole object with each event (without metadata.managedFields).
    #[arg(long)]
    pub full: bool,

    /// Show changes under `status` (the default).
    #[arg(long, overrides_with = "no_status")]
    pub show_status: bool,

    /// Hide changes under `status`; events that change only the status are not printed.
    #[arg(long, overrides_with = "show_status", action = ArgAction::SetTrue)]
    pub no_status: bool,

    /// Give up (exit 1) when the server stays unreachable or failing this long, at the start
    /// (discovery) as during the watch; retries forever by default.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_retry_time: Option<Duration>,

    /// The name of the kubeconfig context to use.
    #[arg(long)]
    pub context: Option<String>,

    #[command(flatten)]
    pub kube: KubeArgs,
}

/// What stdout carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per event, changed fields beneath MODIFIED lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[cfg(test)]
mod tests {
    use super::Cli;
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
    fn status_flags_override_each_other() {
        let cli = Cli::parse_from(["kubectl crwatch", "llm", "--show-status", "--no-status"]);
        assert!(cli.no_status);
        let cli = Cli::parse_from(["kubectl crwatch", "llm", "--no-status", "--show-status"]);
        assert!(!cli.no_status);
        assert!(Cli::try_parse_from(["kubectl crwatch", "llm", "--count", "0"]).is_err());
    }
}
