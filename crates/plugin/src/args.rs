//! kubectl's global flags every crkit plugin takes (connection, discovery cache, verbosity),
//! and kubectl-style durations for them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use crkit_discovery::{ConnectOptions, DiscoveryOptions};

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

    /// The address and port of the Kubernetes API server.
    #[arg(short = 's', long, global = true, value_name = "URL")]
    pub server: Option<String>,

    /// Bearer token for authentication to the API server.
    #[arg(long, global = true, value_name = "TOKEN")]
    pub token: Option<String>,

    /// Username to impersonate for the operation. User could be a regular user or a service
    /// account in a namespace.
    #[arg(long = "as", global = true, value_name = "USER")]
    pub as_user: Option<String>,

    /// Group to impersonate for the operation, this flag can be repeated to specify multiple
    /// groups.
    #[arg(long = "as-group", global = true, value_name = "GROUP")]
    pub as_group: Vec<String>,

    /// UID to impersonate for the operation.
    #[arg(long = "as-uid", global = true, value_name = "UID")]
    pub as_uid: Option<String>,

    /// Path to a cert file for the certificate authority.
    #[arg(long, global = true, value_name = "PATH")]
    pub certificate_authority: Option<PathBuf>,

    /// Path to a client certificate file for TLS.
    #[arg(long, global = true, value_name = "PATH")]
    pub client_certificate: Option<PathBuf>,

    /// Path to a client key file for TLS.
    #[arg(long, global = true, value_name = "PATH")]
    pub client_key: Option<PathBuf>,

    /// If true, the server's certificate will not be checked for validity. This will make your
    /// HTTPS connections insecure.
    #[arg(long, global = true)]
    pub insecure_skip_tls_verify: bool,

    /// Server name to use for server certificate validation. If it is not provided, the
    /// hostname used to contact the server is used.
    #[arg(long, global = true, value_name = "NAME")]
    pub tls_server_name: Option<String>,

    /// If true, opt-out of response compression for all requests to the server.
    #[arg(long, global = true)]
    pub disable_compression: bool,

    /// Default cache directory (the discovery cache lives under it; default: $CRKIT_CACHE_DIR,
    /// else the user cache directory of the OS + /crkit).
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

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
            server: self.server.clone(),
            token: self.token.clone(),
            impersonate: self.as_user.clone(),
            impersonate_uid: self.as_uid.clone(),
            impersonate_groups: self.as_group.clone(),
            certificate_authority: self.certificate_authority.clone(),
            client_certificate: self.client_certificate.clone(),
            client_key: self.client_key.clone(),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            tls_server_name: self.tls_server_name.clone(),
            disable_compression: self.disable_compression,
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
        if let Some(dir) = &self.cache_dir {
            opts.cache_root = Some(dir.clone());
        }
        opts
    }

    /// Sets up logging on stderr for `-v`: 4 shows what the plugin decides (a relist, a
    /// retry), 6 each request. kube-rs's own line for every failed connection stays out below
    /// 6: the plugin says once what failed, in kubectl's words. Colours only on a terminal
    /// without `NO_COLOR`. `plugin` is the plugin's crate name, whose log lines `-v 4` to
    /// `-v 7` show: pass `env!("CARGO_CRATE_NAME")`.
    pub fn init_logging(&self, plugin: &str) {
        crate::logging::init(self.verbosity, plugin);
    }
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

#[cfg(test)]
mod tests {
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
