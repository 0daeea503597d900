//! Command-line interface of `kubectl crvalidate`.

use std::path::PathBuf;

use clap::Parser;

/// Validate manifests against CRD OpenAPI v3 schemas and built-in schemas, as the API server would.
#[derive(Debug, Parser)]
#[command(name = "kubectl crvalidate", bin_name = "kubectl crvalidate", version)]
pub struct Cli {
    /// Files or directories of manifests to validate; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Files or directories of manifests to validate (as in `kubectl apply -f`).
    #[arg(short = 'f', long = "filename", value_name = "PATH")]
    pub filenames: Vec<PathBuf>,

    /// Process directories recursively.
    #[arg(short = 'R', long)]
    pub recursive: bool,
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
