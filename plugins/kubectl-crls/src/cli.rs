//! Command-line interface of `kubectl crls`.

use clap::Parser;

/// List and get any resource, custom resources first.
///
/// Resolves NAME the way `kubectl get` does (kind, plural, singular, short name, kind.group,
/// resource.version.group or category) and prints the server's own table for it.
#[derive(Debug, Parser)]
#[command(name = "kubectl crls", bin_name = "kubectl crls", version)]
pub struct Cli {
    /// Resource name forms, comma-separated, e.g. `llm`, `llmmodels,llmroutes`, `ai-gateway`.
    /// Without one, prints the inventory of custom resource types.
    pub resource: Option<String>,

    /// Names of objects to get; all objects when none is given.
    pub objects: Vec<String>,

    /// The namespace scope for this request.
    #[arg(short, long)]
    pub namespace: Option<String>,

    /// List the requested objects across all namespaces.
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
