//! Command-line plumbing every crkit plugin shares: kubectl's global flags, cache flags,
//! verbosity, durations, exit codes and how errors are printed. Included by each plugin with
//! `#[path]` because libraries in `crates/` hold no clap.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use crkit_discovery::{ConnectOptions, DiscoveryOptions};

/// Exit codes shared by the plugins (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// The request failed or some objects had errors (as kubectl's exit 1).
    Failure = 1,
    /// Bad usage or input that could not be read.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// kubectl's global connection flags, plus the discovery cache's.
#[derive(Debug, Clone, Args)]
pub struct KubeArgs {
    /// Path to the kubeconfig file to use (instead of $KUBECONFIG or ~/.kube/config).
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// The name of the kubeconfig cluster to use.
    #[arg(long, global = true)]
    pub cluster: Option<String>,

    /// The name of the kubeconfig user to use.
    #[arg(long, global = true)]
    pub user: Option<String>,

    /// If present, the namespace scope for this request.
    #[arg(short, long, global = true)]
    pub namespace: Option<String>,

    /// How long to wait for a server response before giving up (e.g. 1s, 2m, 3h; 0 waits
    /// forever).
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub request_timeout: Option<Duration>,

    /// How long discovery results are used from the disk cache before asking the server again.
    #[arg(long, global = true, value_name = "DURATION", env = "CRKIT_CACHE_TTL", value_parser = parse_duration)]
    pub cache_ttl: Option<Duration>,

    /// Neither read nor write the discovery cache.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Log verbosity: 6 and above print every request and the request count.
    #[arg(
        short = 'v',
        long = "v",
        global = true,
        value_name = "LEVEL",
        default_value_t = 0
    )]
    pub verbosity: u8,
}

impl KubeArgs {
    /// Connection options for one context (`None`: the kubeconfig's current one).
    pub fn connect_options(&self, context: Option<&str>) -> ConnectOptions {
        ConnectOptions {
            kubeconfig: self.kubeconfig.clone(),
            context: context.map(str::to_owned),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            namespace: self.namespace.clone(),
            request_timeout: self.request_timeout,
        }
    }

    /// Discovery cache options.
    pub fn discovery_options(&self) -> DiscoveryOptions {
        let mut opts = DiscoveryOptions {
            use_cache: !self.no_cache,
            ..DiscoveryOptions::default()
        };
        if let Some(ttl) = self.cache_ttl {
            opts.ttl = ttl;
        }
        opts
    }

    /// Sets up logging on stderr for `-v`: 4 shows what the plugin decides (a relist, a
    /// retry), 6 each request. kube-rs's own line for every failed connection stays out below
    /// 6: the plugin says once what failed, in kubectl's words. Colours only on a terminal
    /// without `NO_COLOR`.
    pub fn init_logging(&self) {
        let plugin = env!("CARGO_CRATE_NAME");
        let filter = match self.verbosity {
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
}

/// Whether to colour a stream: only a terminal, and never when `NO_COLOR` is set to a
/// non-empty value (no-color.org).
pub fn use_color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Parses kubectl-style durations: `30s`, `5m`, `1h30m`, `500ms`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    if rest.is_empty() {
        return Err("empty duration".to_owned());
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .ok_or_else(|| format!("missing unit in duration {text:?} (use s, m or h)"))?;
        let (number, after) = rest.split_at(digits);
        let value: f64 = number
            .parse()
            .map_err(|_| format!("invalid duration {text:?}"))?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let seconds = match unit {
            "ms" => value / 1000.0,
            "s" => value,
            "m" => value * 60.0,
            "h" => value * 3600.0,
            _ => {
                return Err(format!(
                    "unknown unit {unit:?} in duration {text:?} (use ms, s, m or h)"
                ));
            }
        };
        total += Duration::from_secs_f64(seconds);
        rest = next;
    }
    Ok(total)
}

/// Prints an error the way kubectl does for server errors (`Error from server (Reason): ...`),
/// as `error: ...` otherwise, with a `hint:` line when there is advice.
pub fn report(err: &anyhow::Error) {
    let mut stderr = std::io::stderr().lock();
    if let Some(e) = err.downcast_ref::<crkit_discovery::Error>() {
        match e.server_reason() {
            Some(reason) => {
                let _ = writeln!(stderr, "Error from server ({reason}): {e}");
            }
            None => {
                let _ = writeln!(stderr, "error: {err:#}");
            }
        }
        if let Some(hint) = e.hint() {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    } else {
        let _ = writeln!(stderr, "error: {err:#}");
    }
}

/// Whether an error is a closed stdout (`| head`): that is success, not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The shared `main`: runs `run`, prints its error, maps it to an exit code.
pub fn main_with(run: impl FnOnce() -> anyhow::Result<ExitCode>) -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            report(&err);
            Exit::Failure.into()
        }
    }
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

#[cfg(test)]
mod common_tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_like_kubectl() {
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("5 minutes").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("10").is_ok());
    }
}
