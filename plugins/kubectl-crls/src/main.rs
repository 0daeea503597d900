//! Entry point of `kubectl crls`: parses the command line, runs the query on one or several
//! contexts, and maps the outcome to an exit code.

mod cli;
mod get;
mod inventory;
mod output;

use std::process::ExitCode;

use crkit_plugin::completion::{self, Parsed};
use crkit_plugin::{Exit, KubeArgs};

use crate::cli::Cli;

fn main() -> ExitCode {
    crkit_plugin::main_with(run)
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = match completion::parse_or_answer::<Cli>(&cli::COMPLETION)? {
        Parsed::Run(cli) => cli,
        Parsed::Exit(code) => return Ok(code),
    };
    cli.kube.init_logging(env!("CARGO_CRATE_NAME"));
    crkit_plugin::block_on(async_main(cli))?
}

async fn async_main(cli: Cli) -> anyhow::Result<ExitCode> {
    let format = match output::Format::parse(cli.output.as_deref()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(Exit::Usage.into());
        }
    };
    let contexts = contexts(&cli)?;
    if contexts.len() > 1 && !format.is_table() {
        eprintln!(
            "error: several contexts print a table only; use -o wide or no -o (got -o {})",
            cli.output.as_deref().unwrap_or_default()
        );
        return Ok(Exit::Usage.into());
    }
    match &cli.resource {
        None => inventory::run(&cli, &contexts, &format).await,
        Some(resource) => get::run(&cli, resource, &contexts, &format).await,
    }
}

/// The contexts to query: `None` alone means the kubeconfig's current context.
fn contexts(cli: &Cli) -> anyhow::Result<Vec<Option<String>>> {
    if cli.all_contexts {
        let kubeconfig = read_kubeconfig(&cli.kube)?;
        let names: Vec<Option<String>> = kubeconfig
            .contexts
            .iter()
            .map(|c| Some(c.name.clone()))
            .collect();
        anyhow::ensure!(!names.is_empty(), "the kubeconfig has no contexts");
        return Ok(names);
    }
    if cli.context.is_empty() {
        return Ok(vec![None]);
    }
    Ok(cli.context.iter().cloned().map(Some).collect())
}

/// The kubeconfig merged as every connection reads it (`--kubeconfig`, else `KUBECONFIG`'s
/// files with missing ones skipped, else `~/.kube/config`).
fn read_kubeconfig(args: &KubeArgs) -> anyhow::Result<kube::config::Kubeconfig> {
    Ok(crkit_discovery::client::load_kubeconfig(args.kubeconfig.as_deref())?.config)
}
