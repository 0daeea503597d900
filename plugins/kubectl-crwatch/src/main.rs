//! Entry point of `kubectl crwatch`: resolves what to watch, runs one reflector per resource,
//! prints their events as one stream, and ends on Ctrl-C, SIGTERM, `--count` or `--timeout`.

mod cli;
mod diff;
mod output;
mod reflectors;
mod store;
mod watch;

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use crkit_plugin::Exit;
use crkit_plugin::completion::{self, Parsed};
use jiff::tz::TimeZone;

use crate::cli::{Cli, Format};
use crate::watch::Message;

/// What crwatch asks of every resource it watches: a Forbidden hint grants both.
const VERBS: [&str; 2] = ["list", "watch"];

fn main() -> ExitCode {
    crkit_plugin::main_needing(&VERBS, run)
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = match completion::parse_or_answer::<Cli>(&cli::COMPLETION)? {
        Parsed::Run(cli) => cli,
        Parsed::Exit(code) => return Ok(code),
    };
    cli.kube.init_logging(env!("CARGO_CRATE_NAME"));
    // Reflectors may be waiting on the network: the runtime does not wait for them.
    crkit_plugin::block_on(async_main(cli))?
}

async fn async_main(cli: Cli) -> anyhow::Result<ExitCode> {
    let (resource, names) = reflectors::split_resource(&cli);
    if resource.is_empty() || names.iter().any(String::is_empty) {
        eprintln!("error: invalid resource {:?}", cli.resource);
        return Ok(Exit::Usage.into());
    }
    // Before anything slow, so that Ctrl-C and SIGTERM end discovery as well with exit 0.
    let mut stop = Stop::new()?;
    // --timeout counts from the start, discovery included.
    let deadline = cli.timeout.map(|t| tokio::time::Instant::now() + t);
    let timeout = async {
        match deadline {
            Some(d) => tokio::time::sleep_until(d).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(timeout);
    let (client, mut rx, mut reflectors) = tokio::select! {
        started = reflectors::start(&cli, &resource, &names) => started?,
        () = &mut timeout => return Ok(Exit::Success.into()),
        () = stop.recv() => return Ok(Exit::Success.into()),
    };

    let color = crkit_plugin::use_color(std::io::stdout().is_terminal());
    let text = output::Text { color };
    let tz = TimeZone::try_system().unwrap_or(TimeZone::UTC);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut printed: u64 = 0;
    let outcome: anyhow::Result<Exit> = async {
        loop {
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
                            break Ok(Exit::Success);
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
                    None => break Ok(Exit::Success),
                },
                () = &mut timeout => break Ok(Exit::Success),
                () = stop.recv() => break Ok(Exit::Success),
            }
        }
    }
    .await;
    // While the runtime still runs: see `reflectors::start`.
    reflectors.shutdown().await;
    let code = outcome?;
    out.flush()?;
    crkit_plugin::report_requests(&cli.kube, client.stats());
    Ok(code.into())
}

/// What ends a watch with exit 0: Ctrl-C and SIGTERM on Unix, Ctrl-C and closing the console
/// on Windows. Registered at once, so that a signal during discovery is not lost.
struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(windows)]
    interrupt: tokio::signal::windows::CtrlC,
    #[cfg(windows)]
    terminate: tokio::signal::windows::CtrlClose,
}

impl Stop {
    #[cfg(unix)]
    fn new() -> anyhow::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Stop {
            interrupt: signal(SignalKind::interrupt()).context("cannot handle SIGINT")?,
            terminate: signal(SignalKind::terminate()).context("cannot handle SIGTERM")?,
        })
    }

    #[cfg(windows)]
    fn new() -> anyhow::Result<Self> {
        Ok(Stop {
            interrupt: tokio::signal::windows::ctrl_c().context("cannot handle Ctrl-C")?,
            terminate: tokio::signal::windows::ctrl_close()
                .context("cannot handle the console closing")?,
        })
    }

    /// Waits for the next one.
    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}
