//! Client set-up shared by the plugins: the kubeconfig and kubectl's global flags as kubectl
//! reads them ([`crate::kubeconfig`], [`crate::client_config`]), the proxy as Go picks it
//! ([`crate::proxy`]), exec credential plugins run once with a deadline, a request counter,
//! retries for idempotent reads, and the mapping of failures to typed errors.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use kube::client::ClientBuilder;
use kube::config::{AuthInfo, ExecInteractiveMode};

use crate::Error;
use crate::client_config::{self, Overrides};
use crate::kubeconfig::{self, Loaded};
use crate::proxy::ProxyEnv;

/// How long an exec credential plugin may take when no `--request-timeout` is given: kubectl
/// waits forever, a CLI should not.
pub const EXEC_TIMEOUT: Duration = Duration::from_secs(30);

/// How to reach the cluster: kubectl's global flags.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// `--kubeconfig`: one file instead of `KUBECONFIG` (which may list several, merged).
    pub kubeconfig: Option<PathBuf>,
    /// `--context`.
    pub context: Option<String>,
    /// `--cluster`.
    pub cluster: Option<String>,
    /// `--user`.
    pub user: Option<String>,
    /// `-n/--namespace`; the context's namespace (or `default`) otherwise.
    pub namespace: Option<String>,
    /// `--request-timeout`; `None` or zero waits as long as the server takes.
    pub request_timeout: Option<Duration>,
    /// `-s/--server`.
    pub server: Option<String>,
    /// `--token`.
    pub token: Option<String>,
    /// `--as`.
    pub impersonate: Option<String>,
    /// `--as-uid`.
    pub impersonate_uid: Option<String>,
    /// `--as-group` (repeatable).
    pub impersonate_groups: Vec<String>,
    /// `--certificate-authority`.
    pub certificate_authority: Option<PathBuf>,
    /// `--client-certificate`.
    pub client_certificate: Option<PathBuf>,
    /// `--client-key`.
    pub client_key: Option<PathBuf>,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_tls_verify: bool,
    /// `--tls-server-name`.
    pub tls_server_name: Option<String>,
    /// `--disable-compression`.
    pub disable_compression: bool,
}

impl ConnectOptions {
    /// The flags as client-go's `ConfigOverrides`.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            context: self.context.clone(),
            cluster: self.cluster.clone(),
            user: self.user.clone(),
            namespace: self.namespace.clone(),
            server: self.server.clone(),
            tls_server_name: self.tls_server_name.clone(),
            insecure_skip_tls_verify: self.insecure_skip_tls_verify,
            certificate_authority: self.certificate_authority.clone(),
            client_certificate: self.client_certificate.clone(),
            client_key: self.client_key.clone(),
            token: self.token.clone(),
            impersonate: self.impersonate.clone(),
            impersonate_uid: self.impersonate_uid.clone(),
            impersonate_groups: self.impersonate_groups.clone(),
            disable_compression: self.disable_compression,
            default_server: None,
        }
    }
}

/// The kubeconfig as kubectl reads it: `explicit` (`--kubeconfig`, which must exist), else
/// every file of `KUBECONFIG` merged (missing ones skipped, the first file wins per name), else
/// `~/.kube/config`.
pub fn load_kubeconfig(explicit: Option<&Path>) -> Result<Loaded, Error> {
    let env = std::env::var("KUBECONFIG").ok();
    let home = std::env::home_dir();
    kubeconfig::load(
        explicit,
        &kubeconfig::precedence(env.as_deref(), home.as_deref()),
    )
}

/// How many HTTP requests a run sent, and how many lookups were answered from the disk cache.
#[derive(Debug, Default)]
pub struct RequestStats {
    requests: AtomicU64,
    from_cache: AtomicU64,
}

impl RequestStats {
    /// HTTP requests sent to the server so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Discovery lookups answered from the disk cache without a request.
    pub fn from_cache(&self) -> u64 {
        self.from_cache.load(Ordering::Relaxed)
    }

    pub(crate) fn count_cache_hit(&self) {
        self.from_cache.fetch_add(1, Ordering::Relaxed);
    }
}

/// Retries of idempotent reads: exponential backoff with full jitter.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts after the first one.
    pub retries: u32,
    /// Delay before the first retry (doubled each time, before jitter).
    pub base: Duration,
    /// Upper bound of one delay.
    pub max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 4,
            base: Duration::from_millis(200),
            max: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `attempt` (0-based): the server's `Retry-After` when it
    /// sent one, else a random delay up to `base * 2^attempt` (capped).
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            // The server knows best, within reason: a minute at most.
            return after.min(Duration::from_secs(60));
        }
        let ceiling = self
            .base
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
            .min(self.max);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(millis / 2..=millis.max(1)))
    }
}

/// Whether a status is worth retrying for an idempotent read.
pub fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// A connected client: kube-rs's, plus what the plugins need around it.
#[derive(Clone)]
pub struct KubeClient {
    inner: kube::Client,
    stats: Arc<RequestStats>,
    server: String,
    namespace: String,
    context: Option<String>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    proxy: Option<String>,
}

impl std::fmt::Debug for KubeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubeClient")
            .field("server", &self.server)
            .field("namespace", &self.namespace)
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

/// A response read whole: status, headers and body.
#[derive(Debug)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// A header's value as text, if present and printable.
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What a request was for, to name it in errors.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The verb (`get`, `list`, `watch`, ...).
    pub verb: String,
    /// `resource.group` asked for.
    pub resource: String,
    /// The namespace, for namespaced requests.
    pub namespace: Option<String>,
    /// The object's name, for requests about one object.
    pub name: Option<String>,
}

impl KubeClient {
    /// Loads the kubeconfig as kubectl would (`--kubeconfig`, else every file in `KUBECONFIG`
    /// merged, else `~/.kube/config`, else the in-cluster service account), applies the flags
    /// of `opts` with kubectl's precedence and connects.
    pub async fn connect(opts: &ConnectOptions) -> Result<Self, Error> {
        let (config, proxy) = kube_config(opts).await?;
        let mut client = Self::from_config(config, opts)?;
        client.proxy = proxy;
        Ok(client)
    }

    /// Builds a client from a loaded kube-rs config (the context name is kept for messages).
    pub fn from_config(mut config: kube::Config, opts: &ConnectOptions) -> Result<Self, Error> {
        // kube 5 retries 429/503/504 up to 15 times with delays growing to 1000 s: right for a
        // controller, a hang for a CLI. Our own bounded policy (get_raw, with_retries) applies.
        config.default_retry = false;
        let timeout = opts.request_timeout.filter(|t| !t.is_zero());
        if let Some(t) = timeout {
            config.read_timeout = Some(t);
            config.connect_timeout = Some(t);
            config.write_timeout = Some(t);
        }
        let namespace = opts
            .namespace
            .clone()
            .unwrap_or_else(|| config.default_namespace.clone());
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_owned();
        let stats = Arc::new(RequestStats::default());
        let proxy = config.proxy_url.as_ref().map(ToString::to_string);
        let builder = ClientBuilder::try_from(config).map_err(|e| Error::Kubeconfig {
            message: error_chain(&e),
        })?;
        let inner = builder.with_layer(&CountLayer(Arc::clone(&stats))).build();
        Ok(KubeClient {
            inner,
            stats,
            server,
            namespace,
            context: opts.context.clone(),
            timeout,
            retry: RetryPolicy::default(),
            proxy,
        })
    }

    /// kube-rs's client, for typed and dynamic APIs (its requests are counted too).
    pub fn kube(&self) -> &kube::Client {
        &self.inner
    }

    /// Requests sent and cache hits so far.
    pub fn stats(&self) -> &RequestStats {
        &self.stats
    }

    /// The namespace requests default to.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The server's URL, e.g. `https://127.0.0.1:6443`.
    pub fn server_url(&self) -> &str {
        &self.server
    }

    /// The context asked for with `--context`, if any.
    pub fn context(&self) -> Option<&str> {
        self.context.as_deref()
    }

    /// The `--request-timeout` in force.
    pub fn request_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Replaces the retry policy (tests shorten it).
    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// GETs `path` with `accept` (and extra headers), retrying 429, 5xx and transport errors
    /// with backoff. Returns 2xx and 304 responses; other statuses become typed errors.
    pub async fn get_raw(
        &self,
        path: &str,
        accept: &str,
        extra: &[(header::HeaderName, String)],
        ctx: &RequestContext,
    ) -> Result<RawResponse, Error> {
        let mut attempt = 0;
        loop {
            let mut builder = Request::get(path).header(header::ACCEPT, accept);
            for (name, value) in extra {
                builder = builder.header(name, value);
            }
            let request = builder.body(Vec::new()).map_err(|e| Error::Unreachable {
                what: describe(ctx),
                server: self.server.clone(),
                message: e.to_string(),
            })?;
            let outcome = self.send_once(request, ctx).await;
            let retry_after = match &outcome {
                Ok(resp) if is_retryable_status(resp.status) => Some(retry_after(&resp.headers)),
                Err(Error::Unreachable { .. } | Error::Timeout { .. }) => Some(None),
                _ => None,
            };
            match retry_after {
                Some(after) if attempt < self.retry.retries => {
                    let delay = self.retry.delay(attempt, after);
                    tracing::debug!(path, attempt, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                _ => {
                    let resp = outcome?;
                    if resp.status.is_success() || resp.status == StatusCode::NOT_MODIFIED {
                        return Ok(resp);
                    }
                    return Err(status_error(resp.status, &resp.body, ctx));
                }
            }
        }
    }

    async fn send_once(
        &self,
        request: Request<Vec<u8>>,
        ctx: &RequestContext,
    ) -> Result<RawResponse, Error> {
        let (parts, body) = request.into_parts();
        let request = Request::from_parts(parts, kube::client::Body::from(body));
        let exchange = async {
            let response = self.inner.send(request).await?;
            let (parts, body) = response.into_parts();
            let bytes = http_body_util::BodyExt::collect(body)
                .await
                .map_err(|e| kube::Error::Service(e.into()))?
                .to_bytes();
            Ok::<_, kube::Error>(RawResponse {
                status: parts.status,
                headers: parts.headers,
                body: bytes.to_vec(),
            })
        };
        let result = match self.timeout {
            Some(t) => tokio::time::timeout(t, exchange)
                .await
                .map_err(|_| Error::Timeout {
                    what: describe(ctx),
                    server: self.server.clone(),
                    after: t,
                })?,
            None => exchange.await,
        };
        result.map_err(|e| self.transport_error(&e, ctx))
    }

    /// Maps a kube-rs error of a request described by `ctx` to a typed error.
    pub fn map_error(&self, err: kube::Error, ctx: &RequestContext) -> Error {
        match err {
            kube::Error::Api(status) => {
                status_error_from(status.code, status.reason, status.message, ctx)
            }
            other => self.transport_error(&other, ctx),
        }
    }

    fn transport_error(&self, err: &kube::Error, ctx: &RequestContext) -> Error {
        let mut message = error_chain(err);
        if let Some(proxy) = &self.proxy {
            // hyper-util's "tunnel error: unsuccessful" alone does not say which hop failed.
            message = format!("through proxy {}: {message}", redact_userinfo(proxy));
        }
        if message.contains("timed out") || message.contains("deadline has elapsed") {
            return Error::Timeout {
                what: describe(ctx),
                server: self.server.clone(),
                after: self.timeout.unwrap_or_default(),
            };
        }
        Error::Unreachable {
            what: describe(ctx),
            server: self.server.clone(),
            message,
        }
    }
}

fn describe(ctx: &RequestContext) -> String {
    use std::fmt::Write as _;
    let mut s = format!("{} {}", ctx.verb, ctx.resource);
    if let Some(name) = &ctx.name {
        let _ = write!(s, " {name:?}");
    }
    if let Some(ns) = &ctx.namespace {
        let _ = write!(s, " in namespace {ns:?}");
    }
    s
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// A typed error from an error status and its (usually `metav1.Status`) body.
pub fn status_error(status: StatusCode, body: &[u8], ctx: &RequestContext) -> Error {
    #[derive(serde::Deserialize, Default)]
    struct Body {
        #[serde(default)]
        reason: String,
        #[serde(default)]
        message: String,
    }
    let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
    let message = if parsed.message.is_empty() {
        String::from_utf8_lossy(body).trim().to_owned()
    } else {
        parsed.message
    };
    let reason = if parsed.reason.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("Unknown")
            .replace(' ', "")
    } else {
        parsed.reason
    };
    status_error_from(status.as_u16(), reason, message, ctx)
}

fn status_error_from(code: u16, reason: String, message: String, ctx: &RequestContext) -> Error {
    match code {
        401 => Error::Unauthorized { message },
        403 => Error::Forbidden {
            message,
            verb: ctx.verb.clone(),
            resource: ctx.resource.clone(),
            namespace: ctx.namespace.clone(),
        },
        404 if ctx.name.is_some() => Error::NotFound {
            resource: ctx.resource.clone(),
            name: ctx.name.clone().unwrap_or_default(),
            namespace: ctx.namespace.clone(),
        },
        _ => Error::Api {
            code,
            reason,
            message,
        },
    }
}

/// An error and its sources, joined with `: `.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut s = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let next = e.to_string();
        if !s.contains(&next) {
            s.push_str(": ");
            s.push_str(&next);
        }
        source = e.source();
    }
    s
}

/// The proxy URL without a password, for messages.
fn redact_userinfo(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(_)) => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{host}")
        }
        _ => url.to_owned(),
    }
}

/// The kube-rs config for `opts` and the proxy it uses: the kubeconfig merged as kubectl merges
/// it, the flags laid over it, the proxy of the cluster's `proxy-url` or of the environment by
/// Go's rules (kube reads no environment variable here), and an exec credential plugin already
/// run once, with a deadline.
pub async fn kube_config(opts: &ConnectOptions) -> Result<(kube::Config, Option<String>), Error> {
    let loaded = load_kubeconfig(opts.kubeconfig.as_deref())?;
    let overrides = opts.overrides();
    if loaded.read.is_empty()
        && overrides.server.as_deref().is_none_or(str::is_empty)
        && std::env::var_os("KUBERNETES_SERVICE_HOST").is_some()
    {
        // client-go's in-cluster fallback: only when nothing at all was configured.
        let mut config = kube::Config::incluster().map_err(|e| Error::Kubeconfig {
            message: format!(
                "no kubeconfig and not usable in the cluster ({})",
                error_chain(&e)
            ),
        })?;
        if let Some(ns) = &opts.namespace {
            config.default_namespace.clone_from(ns);
        }
        return Ok((config, None));
    }
    let selected = client_config::select(&loaded.config, &overrides)?;
    let proxy = client_config::cluster_proxy(&selected.cluster, &ProxyEnv::from_env())?;
    let deadline = opts
        .request_timeout
        .filter(|t| !t.is_zero())
        .unwrap_or(EXEC_TIMEOUT);
    let mut config = client_config::to_kube_config(&selected, proxy.as_deref())?;
    run_exec_plugin(&mut config.auth_info, deadline).await?;
    Ok((config, proxy))
}

/// Starts the plugin and waits for it, `deadline` at most (then it is killed).
async fn exec_output(
    exec: &kube::config::ExecConfig,
    command: &str,
    deadline: Duration,
) -> Result<std::process::Output, Error> {
    let interactive = exec.interactive_mode != Some(ExecInteractiveMode::Never)
        && std::io::IsTerminal::is_terminal(&std::io::stdin());
    let info = serde_json::json!({
        "apiVersion": exec.api_version,
        "kind": "ExecCredential",
        "spec": {
            "interactive": interactive,
            "cluster": if exec.provide_cluster_info { serde_json::to_value(&exec.cluster).ok() } else { None },
        },
    });
    let mut cmd = tokio::process::Command::new(command);
    cmd.args(exec.args.iter().flatten())
        .envs(
            exec.env
                .iter()
                .flatten()
                .filter_map(|e| Some((e.get("name")?, e.get("value")?))),
        )
        .env("KUBERNETES_EXEC_INFO", info.to_string())
        .stdin(if interactive {
            std::process::Stdio::inherit()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .kill_on_drop(true);
    let child = cmd.spawn().map_err(|e| Error::Credentials {
        message: if e.kind() == std::io::ErrorKind::NotFound {
            format!("executable {command} not found")
        } else {
            format!("executable {command}: {}", crate::error::go_io_error(&e))
        },
        install_hint: exec.install_hint.clone(),
    })?;
    let output = match tokio::time::timeout(deadline, child.wait_with_output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => {
            return Err(Error::Credentials {
                message: format!("executable {command}: {}", crate::error::go_io_error(&e)),
                install_hint: None,
            });
        }
        Err(_) => {
            return Err(Error::Credentials {
                message: format!(
                    "executable {command} did not finish within {}s",
                    deadline.as_secs_f64()
                ),
                install_hint: None,
            });
        }
    };
    Ok(output)
}

/// What an exec credential plugin prints (`client.authentication.k8s.io` `ExecCredential`).
#[derive(serde::Deserialize)]
struct ExecCredential {
    status: Option<ExecStatus>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExecStatus {
    token: Option<String>,
    client_certificate_data: Option<String>,
    client_key_data: Option<String>,
    expiration_timestamp: Option<String>,
}

/// Runs the user's exec credential plugin once, the way client-go does (`KUBERNETES_EXEC_INFO`,
/// the kubeconfig's args and env, stderr passed through), but never longer than `deadline`,
/// and puts its token or certificate into `user`. kube would run it three times while
/// building the client, without a deadline. A credential that expires keeps the exec entry
/// so that kube runs the plugin again when it does (long watches). Returns whether it ran.
async fn run_exec_plugin(user: &mut AuthInfo, deadline: Duration) -> Result<bool, Error> {
    let Some(exec) = user.exec.clone() else {
        return Ok(false);
    };
    // client-go uses the plugin only when nothing else authenticates.
    let has_cert = user.client_certificate.is_some() || user.client_certificate_data.is_some();
    if user.token.is_some() || user.token_file.is_some() || user.username.is_some() || has_cert {
        return Ok(false);
    }
    let Some(command) = exec.command.clone().filter(|c| !c.is_empty()) else {
        return Err(Error::Credentials {
            message: "missing \"command\" property on exec config object".to_owned(),
            install_hint: None,
        });
    };
    let output = exec_output(&exec, &command, deadline).await?;
    if !output.status.success() {
        let code = output
            .status
            .code()
            .map_or_else(|| output.status.to_string(), |c| c.to_string());
        return Err(Error::Credentials {
            message: format!("executable {command} failed with exit code {code}"),
            install_hint: None,
        });
    }
    let credential: ExecCredential =
        serde_json::from_slice(&output.stdout).map_err(|e| Error::Credentials {
            message: format!("executable {command}: decoding stdout: {e}"),
            install_hint: None,
        })?;
    let Some(status) = credential.status else {
        return Err(Error::Credentials {
            message: format!("executable {command}: exec plugin didn't return a status field"),
            install_hint: None,
        });
    };
    if status.token.is_none() && status.client_certificate_data.is_none() {
        return Err(Error::Credentials {
            message: format!(
                "executable {command}: exec plugin didn't return a token or cert/key pair"
            ),
            install_hint: None,
        });
    }
    if status.expiration_timestamp.is_some() {
        // kube refreshes an expiring credential through the exec entry; it just worked.
        return Ok(true);
    }
    user.exec = None;
    user.token = status.token.map(Into::into);
    user.client_certificate_data = status.client_certificate_data;
    user.client_key_data = status.client_key_data.map(Into::into);
    Ok(true)
}

/// Counts every request that goes through kube-rs's client.
#[derive(Clone)]
struct CountLayer(Arc<RequestStats>);

impl<S> tower::Layer<S> for CountLayer {
    type Service = Count<S>;

    fn layer(&self, inner: S) -> Count<S> {
        Count {
            inner,
            stats: Arc::clone(&self.0),
        }
    }
}

#[derive(Clone)]
struct Count<S> {
    inner: S,
    stats: Arc<RequestStats>,
}

impl<S, B> tower::Service<Request<B>> for Count<S>
where
    S: tower::Service<Request<B>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(method = %request.method(), uri = %request.uri(), "request");
        Box::pin(self.inner.call(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let p = RetryPolicy::default();
        for attempt in 0..10 {
            let d = p.delay(attempt, None);
            assert!(d <= p.max, "{d:?}");
        }
        assert!(p.delay(0, None) <= Duration::from_millis(200));
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn statuses_map_to_typed_errors() {
        let ctx = RequestContext {
            verb: "list".into(),
            resource: "llmmodels.gateway.ai.example.com".into(),
            namespace: Some("default".into()),
            name: None,
        };
        let body = br#"{"kind":"Status","reason":"Forbidden","message":"llmmodels.gateway.ai.example.com is forbidden: User \"limited\" cannot list resource \"llmmodels\" in API group \"gateway.ai.example.com\" in the namespace \"default\"","code":403}"#;
        let err = status_error(StatusCode::FORBIDDEN, body, &ctx);
        assert!(matches!(err, Error::Forbidden { .. }));
        assert_eq!(err.server_reason(), Some("Forbidden"));
        let hint = err.hint().unwrap();
        assert!(hint.contains("kubectl create role llmmodels-list --verb=list --resource=llmmodels.gateway.ai.example.com -n default"), "{hint}");
        assert!(hint.contains("--user=limited"), "{hint}");
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(!is_retryable_status(StatusCode::NOT_FOUND));
        let gone = status_error(StatusCode::GONE, b"not json", &ctx);
        assert_eq!(gone.server_reason(), Some("Gone"));
    }
}
