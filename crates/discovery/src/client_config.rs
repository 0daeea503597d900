//! kubectl's global flags over a merged kubeconfig, and the kube-rs `Config` that results: a
//! port of k8s.io/client-go v0.37.2 `tools/clientcmd/client_config.go` (`DirectClientConfig`:
//! `getContextName`, `getContext`, `getAuthInfo`, `getCluster`, `ConfirmUsable`, `ClientConfig`)
//! with the messages of `validation.go` that `ConfirmUsable` reports.
//!
//! [`select`] is pure: it picks the context, cluster and user (`--context`, `--cluster`,
//! `--user`) and lays the flags over them with client-go's precedence. [`to_kube_config`] then
//! builds `kube::Config` field by field, as kube's `Config::new_from_loader` does (kube-client
//! 5.0.0 `config/mod.rs`), without kube's loader, so that kube reads no `HTTPS_PROXY` or
//! `NO_PROXY` of its own; the proxy is [`cluster_proxy`]'s decision.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use kube::config::{AuthInfo, Cluster, Context, ExecAuthCluster, Kubeconfig};

use crate::Error;
use crate::error::go_io_error;
use crate::proxy::ProxyEnv;

/// kubectl's global flags that choose and change the connection (`ConfigOverrides`, bound by
/// cli-runtime's `ConfigFlags`). Empty strings count as unset, as in Go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--context`.
    pub context: Option<String>,
    /// `--cluster`.
    pub cluster: Option<String>,
    /// `--user`.
    pub user: Option<String>,
    /// `-n/--namespace`.
    pub namespace: Option<String>,
    /// `-s/--server`.
    pub server: Option<String>,
    /// `--tls-server-name`.
    pub tls_server_name: Option<String>,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_tls_verify: bool,
    /// `--certificate-authority`.
    pub certificate_authority: Option<PathBuf>,
    /// `--client-certificate`.
    pub client_certificate: Option<PathBuf>,
    /// `--client-key`.
    pub client_key: Option<PathBuf>,
    /// `--token`.
    pub token: Option<String>,
    /// `--as`.
    pub impersonate: Option<String>,
    /// `--as-uid`.
    pub impersonate_uid: Option<String>,
    /// `--as-group` (repeatable).
    pub impersonate_groups: Vec<String>,
    /// `--disable-compression`.
    pub disable_compression: bool,
    /// `ClusterDefaults`: the server when neither kubeconfig nor `--server` names one
    /// (kubectl: `$KUBERNETES_MASTER`, else `http://localhost:8080`). `None` makes that case an
    /// error instead.
    pub default_server: Option<String>,
}

/// What [`select`] chose, flags applied.
#[derive(Debug, Clone)]
pub struct Selected {
    /// The context's name (empty when there is none, e.g. `--server` without a kubeconfig).
    pub context_name: String,
    /// The context, with `--cluster`, `--user` and `--namespace` applied.
    pub context: Context,
    /// The cluster's name.
    pub cluster_name: String,
    /// The cluster, with the cluster flags applied.
    pub cluster: Cluster,
    /// The user's name.
    pub user_name: String,
    /// The user's credentials, with the credential flags applied.
    pub auth_info: AuthInfo,
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

fn path_text(path: Option<&Path>) -> Option<String> {
    path.map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
}

/// Picks the context, cluster and user and applies the flags, with client-go's rules and
/// messages: a missing `--context` (or current context) is `context was not found for
/// specified context: <name>`, a missing `--cluster` `no server found for cluster "<name>"`,
/// a missing `--user` `auth info "<name>" does not exist`.
pub fn select(config: &Kubeconfig, overrides: &Overrides) -> Result<Selected, Error> {
    // getContextName: the flag, else current-context.
    let context_name = non_empty(overrides.context.as_deref())
        .or(non_empty(config.current_context.as_deref()))
        .unwrap_or_default()
        .to_owned();
    let context_entry = config
        .contexts
        .iter()
        .find(|c| c.name == context_name)
        .map(|c| c.context.clone().unwrap_or_default());

    if !context_name.is_empty() && context_entry.is_none() {
        return Err(Error::ContextNotFound {
            name: context_name,
            known: config.contexts.iter().map(|c| c.name.clone()).collect(),
        });
    }
    let mut errors = Vec::new();

    // getContext: the entry, then the context flags.
    let mut context = context_entry.unwrap_or_default();
    if let Some(cluster) = non_empty(overrides.cluster.as_deref()) {
        cluster.clone_into(&mut context.cluster);
    }
    if let Some(user) = non_empty(overrides.user.as_deref()) {
        context.user = Some(user.to_owned());
    }
    if let Some(namespace) = non_empty(overrides.namespace.as_deref()) {
        context.namespace = Some(namespace.to_owned());
    }

    // getAuthInfo.
    let user_name = context.user.clone().unwrap_or_default();
    let user_entry = config
        .auth_infos
        .iter()
        .find(|u| u.name == user_name)
        .map(|u| u.auth_info.clone().unwrap_or_default());
    let user_required = non_empty(overrides.user.as_deref()).is_some();
    if user_required && user_entry.is_none() {
        return Err(Error::Configuration {
            messages: vec![format!("auth info {user_name:?} does not exist")],
        });
    }
    let auth_info = apply_user_flags(user_entry.unwrap_or_default(), overrides);

    // getCluster.
    let cluster_name = context.cluster.clone();
    let cluster_entry = config
        .clusters
        .iter()
        .find(|c| c.name == cluster_name)
        .map(|c| c.cluster.clone().unwrap_or_default());
    let cluster_required = non_empty(overrides.cluster.as_deref()).is_some();
    let cluster = match (cluster_entry, cluster_required) {
        (Some(entry), _) => Some(apply_cluster_flags(Some(entry), overrides)),
        // A required cluster that is missing reads as an empty one in ConfirmUsable.
        (None, true) => None,
        (None, false) => Some(apply_cluster_flags(None, overrides)),
    };

    errors.extend(validate_auth_info(&user_name, &auth_info));
    match &cluster {
        Some(cluster) => errors.extend(validate_cluster(&cluster_name, cluster)),
        None => errors.push(format!("no server found for cluster {cluster_name:?}")),
    }
    // kubectl always has a default server (ClusterDefaults), so an empty cluster is never its
    // complaint next to others; alone it means that nothing is configured at all.
    if errors.len() > 1 {
        errors.retain(|e| e != EMPTY_CLUSTER);
    }
    if errors == [EMPTY_CLUSTER] {
        // ConfirmUsable's ErrEmptyConfig: nothing to connect to at all.
        errors = vec![
            "no configuration has been provided, try setting KUBERNETES_MASTER environment variable"
                .to_owned(),
        ];
    }
    if !errors.is_empty() {
        return Err(Error::Configuration { messages: errors });
    }
    let cluster = cluster.unwrap_or_default();
    Ok(Selected {
        context_name,
        context,
        cluster_name,
        cluster,
        user_name,
        auth_info,
    })
}

/// `getAuthInfo`'s overrides: non-empty flags win; a client certificate or key flag also
/// drops the kubeconfig's inline data for it.
fn apply_user_flags(mut user: AuthInfo, overrides: &Overrides) -> AuthInfo {
    if let Some(token) = non_empty(overrides.token.as_deref()) {
        user.token = Some(token.to_owned().into());
    }
    if let Some(name) = non_empty(overrides.impersonate.as_deref()) {
        user.impersonate = Some(name.to_owned());
    }
    if let Some(uid) = non_empty(overrides.impersonate_uid.as_deref()) {
        user.impersonate_uid = Some(uid.to_owned());
    }
    if !overrides.impersonate_groups.is_empty() {
        user.impersonate_groups = Some(overrides.impersonate_groups.clone());
    }
    if let Some(cert) = path_text(overrides.client_certificate.as_deref()) {
        user.client_certificate = Some(cert);
        user.client_certificate_data = None;
    }
    if let Some(key) = path_text(overrides.client_key.as_deref()) {
        user.client_key = Some(key);
        user.client_key_data = None;
    }
    user
}

/// `getCluster`: defaults, the entry, the flags; then `--insecure-skip-tls-verify` or
/// `--certificate-authority` replace all three TLS trust settings, and `--server` without
/// `--tls-server-name` clears the kubeconfig's server name.
fn apply_cluster_flags(entry: Option<Cluster>, overrides: &Overrides) -> Cluster {
    let mut cluster = Cluster {
        server: non_empty(overrides.default_server.as_deref()).map(str::to_owned),
        ..Cluster::default()
    };
    if let Some(entry) = entry {
        let server = entry.server.clone().filter(|s| !s.is_empty());
        cluster = Cluster {
            server: server.or(cluster.server),
            ..entry
        };
    }
    if let Some(server) = non_empty(overrides.server.as_deref()) {
        cluster.server = Some(server.to_owned());
    }
    let ca = path_text(overrides.certificate_authority.as_deref());
    if overrides.insecure_skip_tls_verify || ca.is_some() {
        cluster.insecure_skip_tls_verify = Some(overrides.insecure_skip_tls_verify);
        cluster.certificate_authority = ca;
        cluster.certificate_authority_data = None;
    }
    let tls_name = non_empty(overrides.tls_server_name.as_deref());
    if tls_name.is_some() || non_empty(overrides.server.as_deref()).is_some() {
        cluster.tls_server_name = tls_name.map(str::to_owned);
    }
    if overrides.disable_compression {
        cluster.disable_compression = Some(true);
    }
    cluster
}

/// The checks of `validateAuthInfo` that apply to kube's credentials.
fn validate_auth_info(name: &str, user: &AuthInfo) -> Vec<String> {
    let mut errors = Vec::new();
    let has_cert = user.client_certificate.is_some() || user.client_certificate_data.is_some();
    if has_cert {
        if user.client_key.is_none() && user.client_key_data.is_none() {
            errors.push(format!(
                "client-key-data or client-key must be specified for {name} to use the clientCert authentication method."
            ));
        }
        for (what, path) in [
            ("client-cert", user.client_certificate.as_deref()),
            ("client-key", user.client_key.as_deref()),
        ] {
            if let Some(path) = path
                && let Err(err) = std::fs::File::open(path)
            {
                errors.push(format!(
                    "unable to read {what} {path} for {name} due to open {path}: {}",
                    go_io_error(&err)
                ));
            }
        }
    }
    let mut methods = Vec::new();
    if user.token.is_some() {
        methods.push("token");
    }
    if user.username.is_some() || user.password.is_some() {
        methods.push("basicAuth");
    }
    if methods.len() > 1 {
        errors.push(format!(
            "more than one authentication method found for {name}; found [{}], only one is allowed",
            methods.join(" ")
        ));
    }
    if user.exec.is_some() && user.auth_provider.is_some() {
        errors.push(format!(
            "authProvider cannot be provided in combination with an exec plugin for {name}"
        ));
    }
    let asks_more = user.impersonate_uid.is_some()
        || user
            .impersonate_groups
            .as_ref()
            .is_some_and(|g| !g.is_empty())
        || user
            .impersonate_user_extra
            .as_ref()
            .is_some_and(|e| !e.is_empty());
    if asks_more && user.impersonate.as_deref().is_none_or(str::is_empty) {
        errors.push(format!(
            "requesting uid, groups or user-extra for {name} without impersonating a user"
        ));
    }
    errors
}

/// client-go's `ErrEmptyCluster`.
const EMPTY_CLUSTER: &str = "cluster has no server defined";

/// Whether nothing at all is set (Go compares with `NewCluster()`).
fn is_empty_cluster(c: &Cluster) -> bool {
    c.server.is_none()
        && c.insecure_skip_tls_verify.is_none()
        && c.certificate_authority.is_none()
        && c.certificate_authority_data.is_none()
        && c.proxy_url.is_none()
        && c.tls_server_name.is_none()
        && c.disable_compression.is_none()
        && c.extensions.as_ref().is_none_or(Vec::is_empty)
        && c.other.is_empty()
}

/// The checks of `validateClusterInfo`.
fn validate_cluster(name: &str, cluster: &Cluster) -> Vec<String> {
    if is_empty_cluster(cluster) {
        return vec![EMPTY_CLUSTER.to_owned()];
    }
    let mut errors = Vec::new();
    if non_empty(cluster.server.as_deref()).is_none() {
        errors.push(if name.is_empty() {
            "default cluster has no server defined".to_owned()
        } else {
            format!("no server found for cluster {name:?}")
        });
    }
    if let Some(proxy) = non_empty(cluster.proxy_url.as_deref())
        && let Err(why) = proxy_url_scheme(proxy)
    {
        errors.push(format!(
            "invalid 'proxy-url' {proxy:?} for cluster {name:?}: {why}"
        ));
    }
    if cluster.certificate_authority.is_some() && cluster.certificate_authority_data.is_some() {
        errors.push(format!(
            "certificate-authority-data and certificate-authority are both specified for {name}. certificate-authority-data will override."
        ));
    }
    if let Some(path) = cluster.certificate_authority.as_deref()
        && let Err(err) = std::fs::File::open(path)
    {
        errors.push(format!(
            "unable to read certificate-authority {path} for {name} due to open {path}: {}",
            go_io_error(&err)
        ));
    }
    let has_ca =
        cluster.certificate_authority.is_some() || cluster.certificate_authority_data.is_some();
    if cluster.insecure_skip_tls_verify == Some(true) && has_ca {
        errors.push(
            "specifying a root certificates file with the insecure flag is not allowed".to_owned(),
        );
    }
    errors
}

/// `parseProxyURL` of client-go's helpers.go: only http, https and socks5.
fn proxy_url_scheme(proxy: &str) -> Result<(), String> {
    let scheme = proxy.split_once("://").map_or("", |(s, _)| s);
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "socks5" => Ok(()),
        _ => Err(format!(
            "unsupported scheme {scheme:?}, must be http, https, or socks5"
        )),
    }
}

/// The proxy for the selected cluster as kubectl picks it: the kubeconfig's `proxy-url`
/// always (no `NO_PROXY`, loopback included), else the environment by Go's rules
/// ([`crate::proxy`]).
pub fn cluster_proxy(cluster: &Cluster, env: &ProxyEnv) -> Result<Option<String>, Error> {
    if let Some(proxy) = non_empty(cluster.proxy_url.as_deref()) {
        return Ok(Some(proxy.to_owned()));
    }
    let server = cluster.server.as_deref().unwrap_or_default();
    crate::proxy::proxy_for(server, env)
}

/// The kube-rs client configuration of a selection, built as kube's `new_from_loader` builds
/// it (server, namespace, CA, TLS flags, credentials) plus `proxy` (see [`cluster_proxy`]).
/// Reads the CA file, if one is named.
pub fn to_kube_config(selected: &Selected, proxy: Option<&str>) -> Result<kube::Config, Error> {
    let server = selected.cluster.server.clone().unwrap_or_default();
    let url = server
        .parse::<http::Uri>()
        .map_err(|e| other(format!("invalid server URL {server:?}: {e}")))?;
    let mut config = kube::Config::new(url);
    config.default_namespace = selected
        .context
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".to_owned());
    config.accept_invalid_certs = selected.cluster.insecure_skip_tls_verify.unwrap_or(false);
    config.disable_compression = selected.cluster.disable_compression.unwrap_or(false);
    config
        .tls_server_name
        .clone_from(&selected.cluster.tls_server_name);
    config.root_cert = root_certificates(&selected.cluster, &selected.cluster_name)?;
    let mut auth_info = selected.auth_info.clone();
    if let Some(exec) = auth_info.exec.as_mut()
        && exec.provide_cluster_info
    {
        exec.cluster = Some(
            ExecAuthCluster::try_from(&selected.cluster)
                .map_err(|e| other(crate::client::error_chain(&e)))?,
        );
    }
    config.auth_info = auth_info;
    config.proxy_url = match proxy {
        Some(proxy) => Some(
            proxy
                .parse::<http::Uri>()
                .map_err(|e| other(format!("invalid proxy URL {proxy:?}: {e}")))?,
        ),
        None => None,
    };
    Ok(config)
}

fn other(message: String) -> Error {
    Error::Configuration {
        messages: vec![message],
    }
}

/// The CA certificates (DER) of `certificate-authority-data` (which wins) or
/// `certificate-authority`, as kube's `ca_bundle`: every `CERTIFICATE` block of the PEM.
fn root_certificates(cluster: &Cluster, name: &str) -> Result<Option<Vec<Vec<u8>>>, Error> {
    let pem = if let Some(data) = &cluster.certificate_authority_data {
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|e| {
                other(format!(
                    "invalid certificate-authority-data for {name}: {e}"
                ))
            })?
    } else if let Some(path) = &cluster.certificate_authority {
        std::fs::read(path).map_err(|e| {
            other(format!(
                "unable to read certificate-authority {path} for {name} due to open {path}: {}",
                go_io_error(&e)
            ))
        })?
    } else {
        return Ok(None);
    };
    let certs = pem_certificates(&String::from_utf8_lossy(&pem)).map_err(|()| {
        other(format!(
            "unable to load root certificates for {name}: malformed PEM"
        ))
    })?;
    Ok(Some(certs))
}

/// The DER bodies of the `CERTIFICATE` blocks of a PEM text.
fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, ()> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut certs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let body_and_rest = &rest[start + BEGIN.len()..];
        let end = body_and_rest.find(END).ok_or(())?;
        let body: String = body_and_rest[..end]
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        certs.push(
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .map_err(|_| ())?,
        );
        rest = &body_and_rest[end + END.len()..];
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r"
clusters:
- name: crkit
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: Y2E=
    tls-server-name: kubernetes
- name: proxied
  cluster: {server: 'https://10.0.0.1:6443', proxy-url: 'socks5://127.0.0.1:1080'}
users:
- name: admin
  user: {token: admin-token}
- name: certs
  user: {client-certificate-data: Y2VydA==, client-key-data: a2V5}
- name: basic
  user: {username: bob, password: pw}
contexts:
- name: admin
  context: {cluster: crkit, user: admin, namespace: team}
- name: certs
  context: {cluster: crkit, user: certs}
- name: dangling
  context: {cluster: crkit, user: nobody}
- name: basic
  context: {cluster: crkit, user: basic}
current-context: admin
";

    fn config() -> Kubeconfig {
        Kubeconfig::from_yaml(CONFIG).unwrap()
    }

    fn messages(err: &Error) -> Vec<String> {
        match err {
            Error::Configuration { messages } => messages.clone(),
            other => vec![other.to_string()],
        }
    }

    #[test]
    fn current_context_without_flags() {
        let s = select(&config(), &Overrides::default()).unwrap();
        assert_eq!(
            (
                s.context_name.as_str(),
                s.cluster_name.as_str(),
                s.user_name.as_str()
            ),
            ("admin", "crkit", "admin")
        );
        assert_eq!(s.cluster.tls_server_name.as_deref(), Some("kubernetes"));
        assert_eq!(s.context.namespace.as_deref(), Some("team"));
    }

    #[test]
    fn missing_names_in_kubectls_words() {
        let with = |o: Overrides| select(&config(), &o).unwrap_err();
        let err = with(Overrides {
            context: Some("prod".into()),
            ..Overrides::default()
        });
        assert_eq!(
            err.to_string(),
            "context was not found for specified context: prod"
        );
        let err = with(Overrides {
            cluster: Some("nope".into()),
            ..Overrides::default()
        });
        assert_eq!(err.to_string(), "no server found for cluster \"nope\"");
        let err = with(Overrides {
            user: Some("nope".into()),
            ..Overrides::default()
        });
        assert_eq!(err.to_string(), "auth info \"nope\" does not exist");
        // A context's user that does not exist is no error: no credentials (as client-go).
        let s = select(
            &config(),
            &Overrides {
                context: Some("dangling".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert!(s.auth_info.token.is_none());
    }

    #[test]
    fn credential_flags_win_and_validate_like_kubectl() {
        let s = select(
            &config(),
            &Overrides {
                token: Some("flag-token".into()),
                impersonate: Some("limited".into()),
                impersonate_groups: vec!["a".into(), "b".into()],
                impersonate_uid: Some("u-1".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        // kube serialises the secret in clear, as a kubeconfig holds it.
        let user = serde_json::to_value(&s.auth_info).unwrap();
        assert_eq!(user["token"], "flag-token");
        assert_eq!(user["as-uid"], "u-1");
        assert_eq!(s.auth_info.impersonate.as_deref(), Some("limited"));
        assert_eq!(
            s.auth_info.impersonate_groups,
            Some(vec!["a".into(), "b".into()])
        );

        let err = select(
            &config(),
            &Overrides {
                impersonate_groups: vec!["g".into()],
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "requesting uid, groups or user-extra for admin without impersonating a user"
        );
        let err = select(
            &config(),
            &Overrides {
                context: Some("basic".into()),
                token: Some("t".into()),
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "more than one authentication method found for basic; found [token basicAuth], only one is allowed"
            ]
        );
    }

    #[test]
    fn certificate_flags_replace_inline_data_and_missing_files_are_reported() {
        let err = select(
            &config(),
            &Overrides {
                context: Some("certs".into()),
                client_certificate: Some("/nope.crt".into()),
                client_key: Some("/nope.key".into()),
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            messages(&err),
            [
                "unable to read client-cert /nope.crt for certs due to open /nope.crt: no such file or directory",
                "unable to read client-key /nope.key for certs due to open /nope.key: no such file or directory",
            ]
        );
        assert_eq!(
            err.to_string(),
            "invalid configuration:\n* unable to read client-cert /nope.crt for certs due to open /nope.crt: no such file or directory\n* unable to read client-key /nope.key for certs due to open /nope.key: no such file or directory"
        );
        let err = select(
            &config(),
            &Overrides {
                certificate_authority: Some("/nope-ca.crt".into()),
                ..Overrides::default()
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unable to read certificate-authority /nope-ca.crt for crkit due to open /nope-ca.crt: no such file or directory"
        );
    }

    #[test]
    fn tls_flags_replace_the_kubeconfigs_trust_settings() {
        let s = select(
            &config(),
            &Overrides {
                insecure_skip_tls_verify: true,
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(s.cluster.insecure_skip_tls_verify, Some(true));
        assert_eq!(
            s.cluster.certificate_authority_data, None,
            "no 'both set' error"
        );
        assert_eq!(s.cluster.tls_server_name.as_deref(), Some("kubernetes"));

        let ca = tempfile::NamedTempFile::new().unwrap();
        let s = select(
            &config(),
            &Overrides {
                certificate_authority: Some(ca.path().to_owned()),
                server: Some("https://10.1.1.1:6443".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(
            s.cluster.certificate_authority.as_deref(),
            ca.path().to_str()
        );
        assert_eq!(s.cluster.certificate_authority_data, None);
        assert_eq!(s.cluster.insecure_skip_tls_verify, Some(false));
        assert_eq!(s.cluster.server.as_deref(), Some("https://10.1.1.1:6443"));
        assert_eq!(
            s.cluster.tls_server_name, None,
            "--server clears tls-server-name"
        );
        let s = select(
            &config(),
            &Overrides {
                server: Some("https://10.1.1.1:6443".into()),
                tls_server_name: Some("api".into()),
                disable_compression: true,
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(s.cluster.tls_server_name.as_deref(), Some("api"));
        assert_eq!(s.cluster.disable_compression, Some(true));
    }

    #[test]
    fn server_and_token_without_any_kubeconfig() {
        let empty = Kubeconfig::default();
        let err = select(&empty, &Overrides::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no configuration has been provided")
        );
        let s = select(
            &empty,
            &Overrides {
                server: Some("https://127.0.0.1:6443".into()),
                token: Some("t".into()),
                insecure_skip_tls_verify: true,
                ..Overrides::default()
            },
        )
        .unwrap();
        let config = to_kube_config(&s, None).unwrap();
        assert_eq!(config.cluster_url.to_string(), "https://127.0.0.1:6443/");
        assert!(config.accept_invalid_certs);
        assert_eq!(config.default_namespace, "default");
        let defaulted = select(
            &empty,
            &Overrides {
                default_server: Some("http://localhost:8080".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(
            defaulted.cluster.server.as_deref(),
            Some("http://localhost:8080")
        );
    }

    #[test]
    fn proxies_kubeconfig_first_then_environment() {
        let env = ProxyEnv {
            https_proxy: "http://proxy.corp:3128".into(),
            no_proxy: "10.0.0.0/8".into(),
            ..ProxyEnv::default()
        };
        let proxied = select(
            &config(),
            &Overrides {
                cluster: Some("proxied".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(
            cluster_proxy(&proxied.cluster, &env).unwrap().as_deref(),
            Some("socks5://127.0.0.1:1080"),
            "proxy-url ignores NO_PROXY"
        );
        let local = select(&config(), &Overrides::default()).unwrap();
        assert_eq!(
            cluster_proxy(&local.cluster, &env).unwrap(),
            None,
            "loopback"
        );
        let remote = select(
            &config(),
            &Overrides {
                server: Some("https://api.example.com".into()),
                ..Overrides::default()
            },
        )
        .unwrap();
        let proxy = cluster_proxy(&remote.cluster, &env).unwrap();
        assert_eq!(proxy.as_deref(), Some("http://proxy.corp:3128"));
        let config = to_kube_config(&remote, proxy.as_deref()).unwrap();
        assert_eq!(
            config.proxy_url.map(|u| u.to_string()).as_deref(),
            Some("http://proxy.corp:3128/")
        );
        let bad = Kubeconfig::from_yaml(
            "clusters:\n- name: c\n  cluster: {server: 'https://x', proxy-url: 'ftp://p'}\ncontexts:\n- name: c\n  context: {cluster: c}\ncurrent-context: c\n",
        )
        .unwrap();
        assert_eq!(
            select(&bad, &Overrides::default()).unwrap_err().to_string(),
            "invalid 'proxy-url' \"ftp://p\" for cluster \"c\": unsupported scheme \"ftp\", must be http, https, or socks5"
        );
    }

    #[test]
    fn kube_config_carries_namespace_ca_and_credentials() {
        let pem = "-----BEGIN CERTIFICATE-----\nAAEC\nAw==\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nBQ==\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nBAU=\n-----END CERTIFICATE-----\n";
        let data = base64::engine::general_purpose::STANDARD.encode(pem);
        let yaml = CONFIG.replace("Y2E=", &data);
        let s = select(
            &Kubeconfig::from_yaml(&yaml).unwrap(),
            &Overrides::default(),
        )
        .unwrap();
        let config = to_kube_config(&s, None).unwrap();
        assert_eq!(config.default_namespace, "team");
        assert_eq!(config.root_cert, Some(vec![vec![0, 1, 2, 3], vec![4, 5]]));
        assert_eq!(config.tls_server_name.as_deref(), Some("kubernetes"));
        assert!(config.auth_info.token.is_some());
        assert!(config.proxy_url.is_none());
        assert!(pem_certificates("-----BEGIN CERTIFICATE-----\nAAEC").is_err());
    }
}
