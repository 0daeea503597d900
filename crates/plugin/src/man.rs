//! Hidden `--generate-man DIR`: writes a plugin's man pages (its own and one per subcommand)
//! from its clap `Cli`, for `scripts/package`. The plugins are binary-only crates, so their
//! `Cli` cannot be reached from a separate generator; the flag is checked before clap parses,
//! so it shows in no `--help` and needs no exemption from required arguments.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

/// The first argument that asks for man pages instead of running the plugin.
const FLAG: &str = "--generate-man";

/// When the command line is exactly `--generate-man DIR`, writes the man pages of `cli()` into
/// DIR (created if missing) and returns the outcome; `None` when the plugin should run normally.
pub fn generate_if_requested(
    cli: impl FnOnce() -> clap::Command,
) -> Option<anyhow::Result<ExitCode>> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != FLAG {
        return None;
    }
    let (Some(dir), None) = (args.next(), args.next()) else {
        return Some(Err(anyhow::anyhow!(
            "usage: {FLAG} DIR (writes the man pages into DIR)"
        )));
    };
    Some(write(cli(), Path::new(&dir)).map(|()| ExitCode::SUCCESS))
}

fn write(cli: clap::Command, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Users type `kubectl crls` (the synopsis keeps it); the executable, and so the page that
    // `man` finds, is `kubectl-crls`, and subcommands' pages become `kubectl-crls-<name>`.
    let page = cli.get_name().replace(' ', "-");
    clap_mangen::generate_to(cli.display_name(page), dir)
        .with_context(|| format!("cannot write man pages into {}", dir.display()))
}
