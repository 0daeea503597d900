//! Entry point of `kubectl crvalidate`: parses the command line (or answers shell completion),
//! runs the validation (the `run` module) and turns what it found into the exit code.

use crkit_plugin::completion;

mod check;
mod cli;
mod cluster;
mod input;
mod pool;
mod report;
mod run;
mod schedule;
mod schemas;
mod slots;
mod upgrade;

use std::process::ExitCode;

use crate::cli::Cli;
use crkit_plugin::Exit;

fn main() -> ExitCode {
    crkit_plugin::main_with(run)
}

fn run() -> anyhow::Result<ExitCode> {
    match completion::parse_or_answer::<Cli>(&cli::COMPLETION)? {
        completion::Parsed::Run(cli) => match &cli.command {
            Some(cli::Command::CrdUpgrade(args)) => upgrade::run(args, &cli.kube),
            None => validate(&cli),
        },
        completion::Parsed::Exit(code) => Ok(code),
    }
}

/// Validates what the command line names and reports it: exit 0 when every document is valid,
/// 1 when some document is invalid or could not be checked (or has warnings, with `--strict`),
/// 2 for bad usage or a file or `--crds` CRD that could not be read.
fn validate(cli: &Cli) -> anyhow::Result<ExitCode> {
    cli.kube.init_logging(env!("CARGO_CRATE_NAME"));
    let inputs = cli.inputs();
    if inputs.is_empty() {
        eprintln!("error: nothing to validate: give files, directories, or - for standard input");
        eprintln!("hint: kubectl crvalidate -f manifests/ -R");
        return Ok(Exit::Usage.into());
    }
    let ran = run::run(cli, &inputs)?;
    if ran.usage_error {
        return Ok(Exit::Usage.into());
    }
    let s = ran.summary;
    let failed = s.invalid + s.errors > 0 || (cli.strict && s.warnings > 0);
    Ok(if failed { Exit::Failure } else { Exit::Success }.into())
}
