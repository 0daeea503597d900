//! Entry point of `kubectl crvalidate`: parses the command line and maps the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    anyhow::bail!("kubectl crvalidate is not implemented yet ({cli:?})")
}
