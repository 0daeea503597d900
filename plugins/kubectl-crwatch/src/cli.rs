//! Command-line interface of `kubectl crwatch`.

use clap::Parser;

/// Watch custom resources and print a field-level diff for every change.
///
/// Resumes after dropped connections and relists after `410 Gone`, so that no change is lost.
#[derive(Debug, Parser)]
#[command(name = "kubectl crwatch", bin_name = "kubectl crwatch", version)]
pub struct Cli {
    /// Resource name forms to watch, comma-separated, e.g. `llmmodels,llmroutes` or `ai-gateway`.
    pub resource: String,

    /// Names of objects to watch; all objects when none is given.
    pub objects: Vec<String>,

    /// The namespace scope for this request.
    #[arg(short, long)]
    pub namespace: Option<String>,

    /// Watch the requested objects across all namespaces.
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
