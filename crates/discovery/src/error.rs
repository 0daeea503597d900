//! The one error type of the discovery crate: every failure names what it was doing (verb,
//! resource, group, namespace, file) so that the plugins can print it as it is.

use std::path::PathBuf;
use std::time::Duration;

/// Everything that can go wrong while setting up a client, discovering the server's resources,
/// resolving names or reading resources.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The name the user typed matches no resource the server serves.
    #[error("the server doesn't have a resource type {name:?}{}", group.as_ref().map(|g| format!(" in group {g:?}")).unwrap_or_default())]
    UnknownResource {
        /// The resource part of the name as typed.
        name: String,
        /// The group part of the name, when one was typed.
        group: Option<String>,
        /// The closest known `resource.group`, if one is close.
        suggestion: Option<String>,
        /// Group versions discovery could not read, where the name might live.
        unavailable: Vec<String>,
    },

    /// No kubeconfig could be loaded and the process does not run in a cluster, or the
    /// client could not be built from it.
    #[error("cannot load a kubeconfig: {message}")]
    Kubeconfig {
        /// What went wrong, with the file or variable involved.
        message: String,
    },

    /// The file given with `--kubeconfig` does not exist or cannot be looked at (kubectl prints
    /// Go's `os.Stat` error: `stat /nope/config: no such file or directory`).
    #[error("stat {}: {}", path.display(), go_io_error(error))]
    KubeconfigMissing {
        /// The path as given.
        path: PathBuf,
        /// Why (in the message, not as a source: Go's words replace Rust's).
        error: std::io::Error,
    },

    /// A kubeconfig file exists but cannot be read or parsed (kubectl: `error loading config
    /// file "<path>": <why>`).
    #[error("error loading config file \"{}\": {message}", path.display())]
    KubeconfigFile {
        /// The path as listed.
        path: PathBuf,
        /// What the reader or parser said.
        message: String,
    },

    /// `--context` (or the current context) names no context of the kubeconfig.
    #[error("context was not found for specified context: {name}")]
    ContextNotFound {
        /// The name asked for.
        name: String,
        /// The contexts the kubeconfig has, for the hint.
        known: Vec<String>,
    },

    /// What client-go's `ConfirmUsable` reports about the selected context, cluster and user
    /// with the flags applied, or a `--user` that does not exist; one message, or several as
    /// kubectl lists them (`\n* a\n* b`).
    #[error("{}", join_messages(messages))]
    Configuration {
        /// The messages, in kubectl's words.
        messages: Vec<String>,
    },

    /// `HTTP_PROXY` refused in a CGI environment (`REQUEST_METHOD` set), as Go refuses it.
    #[error("refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy")]
    CgiProxyRefused,

    /// An exec credential plugin failed, printed garbage, is missing or did not answer in time.
    #[error("getting credentials: exec: {message}")]
    Credentials {
        /// What went wrong, naming the command.
        message: String,
        /// The kubeconfig's `installHint`, for a missing command.
        install_hint: Option<String>,
    },

    /// The server answered `404 Not Found` for a named object.
    #[error("{resource} {name:?} not found")]
    NotFound {
        /// `resource.group` of the object.
        resource: String,
        /// The object's name.
        name: String,
        /// The namespace looked in, for namespaced resources.
        namespace: Option<String>,
    },

    /// The server answered `403 Forbidden`.
    #[error("{message}")]
    Forbidden {
        /// The server's message, which names user, verb, resource, group and namespace.
        message: String,
        /// The verb that was refused (`list`, `watch`, ...).
        verb: String,
        /// `resource.group` that was asked for.
        resource: String,
        /// The namespace, unless the request spanned the cluster.
        namespace: Option<String>,
    },

    /// The server answered `401 Unauthorized`: the credentials were rejected.
    #[error("the server has asked for the client to provide credentials ({message})")]
    Unauthorized {
        /// The server's message.
        message: String,
    },

    /// Any other error status from the server.
    #[error("{message}")]
    Api {
        /// HTTP status code.
        code: u16,
        /// The status reason (`Invalid`, `Conflict`, `Gone`, `TooManyRequests`, ...).
        reason: String,
        /// The server's message.
        message: String,
    },

    /// The request did not finish in time.
    #[error("{what}: no answer from {server} within {}", humantime(*after))]
    Timeout {
        /// What was being done.
        what: String,
        /// The server's URL.
        server: String,
        /// How long we waited.
        after: Duration,
    },

    /// The server could not be reached at all.
    #[error("{what}: cannot reach {server}: {message}")]
    Unreachable {
        /// What was being done.
        what: String,
        /// The server's URL.
        server: String,
        /// The transport error.
        message: String,
    },

    /// A response could not be decoded.
    #[error("cannot decode {what}")]
    Decode {
        /// Which document.
        what: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },

    /// A local file (a CRD, a cache entry) could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

fn join_messages(list: &[String]) -> String {
    match list {
        [one] => one.clone(),
        many => many
            .iter()
            .fold("invalid configuration:".to_owned(), |mut out, m| {
                out.push_str("\n* ");
                out.push_str(m);
                out
            }),
    }
}

/// An I/O error in Go's words where they differ (`no such file or directory`), without Rust's
/// `(os error N)` suffix, for messages that quote kubectl's.
pub(crate) fn go_io_error(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = err.to_string();
            match text.rfind(" (os error ") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

fn humantime(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

impl Error {
    /// A line of advice to print after the error (`hint: ...`), when there is one.
    pub fn hint(&self) -> Option<String> {
        self.hint_needing(&[])
    }

    /// [`Error::hint`] for a command that needs `verbs` on the resource as well as the one
    /// refused (crwatch lists, then watches): a Forbidden hint grants all of them, so that
    /// following it once makes the command work.
    pub fn hint_needing(&self, verbs: &[&str]) -> Option<String> {
        match self {
            Error::UnknownResource {
                suggestion,
                unavailable,
                ..
            } => match suggestion {
                Some(s) => Some(format!("did you mean {s}?")),
                None if !unavailable.is_empty() => Some(format!(
                    "discovery failed for {}; the resource may be served there",
                    unavailable.join(", ")
                )),
                None => None,
            },
            Error::Forbidden {
                verb,
                resource,
                namespace,
                message,
            } => {
                let mut all = vec![verb.as_str()];
                all.extend(verbs.iter().filter(|v| **v != verb));
                Some(rbac_hint(&all, resource, namespace.as_deref(), user_of(message)))
            }
            Error::Unauthorized { .. } => Some(
                "your credentials were rejected: check the user of the current context (kubectl config view --minify)"
                    .to_owned(),
            ),
            Error::ContextNotFound { known, .. } => Some(if known.is_empty() {
                "the kubeconfig has no contexts (kubectl config get-contexts)".to_owned()
            } else {
                format!("known contexts: {}", known.join(", "))
            }),
            Error::Credentials {
                install_hint: Some(hint),
                ..
            } => Some(hint.trim().to_owned()),
            Error::Unreachable { message, .. } if message.starts_with("through proxy ") => Some(
                "check the proxy (the cluster's proxy-url in the kubeconfig, or HTTPS_PROXY and NO_PROXY) and that the cluster is running"
                    .to_owned(),
            ),
            Error::Unreachable { .. } | Error::Timeout { .. } => Some(
                "check that the cluster is running and the kubeconfig points at it (kubectl config view --minify)"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    /// The status reason kubectl prints in `Error from server (Reason): ...`, for errors the
    /// server returned.
    pub fn server_reason(&self) -> Option<&str> {
        match self {
            Error::NotFound { .. } => Some("NotFound"),
            Error::Forbidden { .. } => Some("Forbidden"),
            Error::Unauthorized { .. } => Some("Unauthorized"),
            Error::Api { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// The user a Forbidden message names (`User "limited" cannot list ...`).
fn user_of(message: &str) -> &str {
    message
        .split_once("User \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("<you>", |(user, _)| user)
}

/// The `kubectl create role` line an admin would run to grant `verbs` on `resource`.
fn rbac_hint(verbs: &[&str], resource: &str, namespace: Option<&str>, user: &str) -> String {
    let short = resource.split('.').next().unwrap_or(resource);
    // The role is named after what it grants: `llmmodels-list-watch`.
    let verb = verbs.join(",");
    let named = verbs.join("-");
    let short = &format!("{short}-{named}");
    match namespace {
        Some(ns) => format!(
            "an admin can grant it with: kubectl create role {short} --verb={verb} --resource={resource} -n {ns} && kubectl create rolebinding {short} --role={short} --user={user} -n {ns}"
        ),
        None => format!(
            "an admin can grant it with: kubectl create clusterrole {short} --verb={verb} --resource={resource} && kubectl create clusterrolebinding {short} --clusterrole={short} --user={user}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forbidden(namespace: Option<&str>) -> Error {
        Error::Forbidden {
            message: "llmmodels.gateway.ai.example.com is forbidden: User \"limited\" cannot list resource \"llmmodels\"".into(),
            verb: "list".into(),
            resource: "llmmodels.gateway.ai.example.com".into(),
            namespace: namespace.map(str::to_owned),
        }
    }

    #[test]
    fn forbidden_hints_grant_every_verb_the_command_needs() {
        let err = forbidden(Some("team-a"));
        assert_eq!(
            err.hint_needing(&["list", "watch"]).unwrap(),
            "an admin can grant it with: kubectl create role llmmodels-list-watch --verb=list,watch --resource=llmmodels.gateway.ai.example.com -n team-a && kubectl create rolebinding llmmodels-list-watch --role=llmmodels-list-watch --user=limited -n team-a"
        );
        assert_eq!(
            forbidden(None).hint_needing(&["watch"]).unwrap(),
            "an admin can grant it with: kubectl create clusterrole llmmodels-list-watch --verb=list,watch --resource=llmmodels.gateway.ai.example.com && kubectl create clusterrolebinding llmmodels-list-watch --clusterrole=llmmodels-list-watch --user=limited"
        );
        // The refused verb alone, as before, when nothing more is needed.
        assert_eq!(err.hint(), err.hint_needing(&["list"]));
        assert!(
            err.hint()
                .unwrap()
                .contains("kubectl create role llmmodels-list --verb=list ")
        );
    }
}
