//! Entry point of `kubectl crwatch`: resolves what to watch, runs one reflector per resource,
//! prints their events as one stream, and ends on Ctrl-C, SIGTERM, `--count` or `--timeout`.

#[path = "../../shared/common.rs"]
mod common;
#[path = "../../shared/completion.rs"]
mod completion;
#[path = "../../shared/man.rs"]
mod man;

mod cli;
mod diff;
mod output;
mod store;
mod watch;

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use crkit_discovery::api::Scope;
use crkit_discovery::{Discovery, KubeClient};
use jiff::tz::TimeZone;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::cli::{Cli, Format};
use crate::common::Exit;
use crate::store::{Options, Store, TypeInfo};
use crate::watch::{Message, Settings, Target};

/// Events buffered between the reflectors and the printer; a slow stdout slows the
/// reflectors rather than growing memory.
const CHANNEL: usize = 1024;

fn main() -> ExitCode {
    common::main_with(run)
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = match completion::parse_or_answer::<Cli>(&cli::COMPLETION)? {
        completion::Parsed::Run(cli) => cli,
        completion::Parsed::Exit(code) => return Ok(code),
    };
    cli.kube.init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async_main(cli));
    // Reflectors may be waiting on the network: do not wait for them.
    runtime.shutdown_background();
    outcome
}

/// Where the objects are: every namespace with `-A`, else `-n` or the context's namespace.
fn scope(cli: &Cli, client: &KubeClient) -> Scope {
    if cli.all_namespaces {
        Scope::AllNamespaces
    } else {
        Scope::Namespace(
            cli.kube
                .namespace
                .clone()
                .unwrap_or_else(|| client.namespace().to_owned()),
        )
    }
}

/// `TYPE/NAME` as kubectl accepts it, or `TYPE` and the names after it.
fn split_resource(cli: &Cli) -> (String, Vec<String>) {
    match cli.resource.split_once('/') {
        Some((kind, name)) => {
            let mut names = vec![name.to_owned()];
            names.extend(cli.names.iter().cloned());
            (kind.to_owned(), names)
        }
        None => (cli.resource.clone(), cli.names.clone()),
    }
}

/// Resolves the resources and starts one reflector each; their events come on the receiver.
async fn start(
    cli: &Cli,
    resource: &str,
    names: &[String],
) -> anyhow::Result<(KubeClient, mpsc::Receiver<Message>)> {
    let client = KubeClient::connect(&cli.kube.connect_options(cli.context.as_deref())).await?;
    let mut discovery = Discovery::load(&client, &cli.kube.discovery_options()).await?;
    let resolution = discovery.resolve(resource).await?;
    for warning in &resolution.warnings {
        eprintln!("warning: {warning}");
    }
    for r in &resolution.resources {
        anyhow::ensure!(
            r.supports("list") && r.supports("watch"),
            "{} cannot be watched (the server offers no list and watch for it)",
            r.group_resource()
        );
    }
    let scope = scope(cli, &client);
    // One name and no field selector of the user's: let the server filter.
    let field_selector = match (&cli.field_selector, names) {
        (None, [name]) => Some(format!("metadata.name={name}")),
        (selector, _) => selector.clone(),
    };
    let options = Options {
        filter: diff::Filter {
            status: !cli.no_status,
        },
        full: cli.full,
    };
    let settings = Settings {
        announce_initial: !cli.watch_only,
        max_retry_time: cli.max_retry_time,
    };
    let (tx, rx) = mpsc::channel(CHANNEL);
    for r in &resolution.resources {
        let target = Target {
            resource: r.clone(),
            scope: scope.clone(),
            label_selector: cli.selector.clone(),
            field_selector: field_selector.clone(),
        };
        let store = Store::new(
            TypeInfo {
                api_version: r.api_version(),
                kind: r.kind.clone(),
                namespaced: r.namespaced,
            },
            names.to_vec(),
            options,
        );
        tokio::spawn(watch::run(
            client.clone(),
            target,
            store,
            settings,
            tx.clone(),
        ));
    }
    Ok((client, rx))
}

async fn async_main(cli: Cli) -> anyhow::Result<ExitCode> {
    let (resource, names) = split_resource(&cli);
    if resource.is_empty() || names.iter().any(String::is_empty) {
        eprintln!("error: invalid resource {:?}", cli.resource);
        return Ok(Exit::Usage.into());
    }
    // Before anything slow, so that Ctrl-C and SIGTERM end discovery as well with exit 0.
    let mut sigint = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    let mut sigterm = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    // --timeout counts from the start, discovery included.
    let deadline = cli.timeout.map(|t| tokio::time::Instant::now() + t);
    let timeout = async {
        match deadline {
            Some(d) => tokio::time::sleep_until(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(timeout);
    let (client, mut rx) = tokio::select! {
        started = start(&cli, &resource, &names) => started?,
        () = &mut timeout => return Ok(Exit::Success.into()),
        _ = sigint.recv() => return Ok(Exit::Success.into()),
        _ = sigterm.recv() => return Ok(Exit::Success.into()),
    };

    let color = common::use_color(std::io::stdout().is_terminal());
    let text = output::Text { color };
    let tz = TimeZone::try_system().unwrap_or(TimeZone::UTC);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut printed: u64 = 0;
    let code = loop {
        tokio::select! {
            message = rx.recv() => match message {
                Some(Message::Event(event)) => {
                    let line = match cli.output {
                        Format::Text => text.format(&event, &output::clock(event.time, &tz)),
                        Format::Json => output::json(&event, &output::rfc3339(event.time)),
                    };
                    out.write_all(line.as_bytes())?;
                    printed += 1;
                    if cli.count.is_some_and(|n| printed >= n.get()) {
                        break Exit::Success;
                    }
                    // Batch writes while events pour in; flush as soon as none are waiting.
                    if rx.is_empty() {
                        out.flush()?;
                    }
                }
                Some(Message::Fatal(err)) => {
                    out.flush()?;
                    return Err(err);
                }
                // Every reflector stopped without an error: nothing more will come.
                None => break Exit::Success,
            },
            () = &mut timeout => break Exit::Success,
            _ = sigint.recv() => break Exit::Success,
            _ = sigterm.recv() => break Exit::Success,
        }
    };
    out.flush()?;
    common::report_requests(&cli.kube, client.stats());
    Ok(code.into())
}
