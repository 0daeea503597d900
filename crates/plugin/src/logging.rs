//! Diagnostics on stderr: the `-v` log levels, colour only where a person reads it, and the
//! request count at `-v 6`.

use std::io::IsTerminal as _;

use crate::KubeArgs;

/// Sets up logging on stderr for `-v LEVEL`; `plugin` is the plugin's crate name (its
/// `CARGO_CRATE_NAME`, the target of its own log lines), which this crate cannot know.
pub(crate) fn init(verbosity: u8, plugin: &str) {
    let filter = match verbosity {
        0..=3 => "warn,kube_client=off".to_owned(),
        4..=5 => format!("warn,kube_client=off,{plugin}=info"),
        6..=7 => format!("warn,crkit_discovery=debug,{plugin}=debug"),
        _ => "debug".to_owned(),
    };
    let color = use_color(std::io::stderr().is_terminal());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .without_time()
        .try_init();
}

/// Whether to colour a stream: only a terminal, and never when `NO_COLOR` is set to a
/// non-empty value (no-color.org).
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints the request count at `-v 6` and above.
pub fn report_requests(args: &KubeArgs, stats: &crkit_discovery::RequestStats) {
    if args.verbosity >= 6 {
        eprintln!(
            "requests: {} sent, {} discovery lookups from cache",
            stats.requests(),
            stats.from_cache()
        );
    }
}
