//! Starting the watch: resolves what the command line names to API resources, checks that each
//! can be listed and watched, and starts one reflector per resource, all sending to one
//! channel.

use crkit_discovery::api::Scope;
use crkit_discovery::{Discovery, KubeClient, Resolution};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::cli::Cli;
use crate::diff;
use crate::store::{Options, Store, TypeInfo};
use crate::watch::{self, Backoff, Message, Settings, Target};

/// Events buffered between the reflectors and the printer; a slow stdout slows the
/// reflectors rather than growing memory.
const CHANNEL: usize = 1024;

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
pub fn split_resource(cli: &Cli) -> (String, Vec<String>) {
    match cli.resource.split_once('/') {
        Some((kind, name)) => {
            let mut names = vec![name.to_owned()];
            names.extend(cli.names.iter().cloned());
            (kind.to_owned(), names)
        }
        None => (cli.resource.clone(), cli.names.clone()),
    }
}

/// Discovery (from the cache, or the server) and the resources `resource` names.
async fn resolve(
    cli: &Cli,
    client: &KubeClient,
    resource: &str,
) -> Result<Resolution, crkit_discovery::Error> {
    let mut discovery = Discovery::load(client, &cli.kube.discovery_options()).await?;
    discovery.resolve(resource).await
}

/// Whether discovery failed for a reason time may cure: no server answering, or one
/// answering 429 or 5xx.
fn worth_retrying(err: &crkit_discovery::Error) -> bool {
    use crkit_discovery::Error;
    match err {
        Error::Unreachable { .. } | Error::Timeout { .. } => true,
        Error::Api { code, .. } => http::StatusCode::from_u16(*code)
            .is_ok_and(crkit_discovery::client::is_retryable_status),
        _ => false,
    }
}

/// Resolves the resources and starts one reflector each; their events come on the receiver.
/// The reflectors run in the returned set, which the caller shuts down before the runtime: a
/// runtime dropped under a reflector ends kube's request worker first, and the reflector would
/// report that as a failed watch on its way out.
pub async fn start(
    cli: &Cli,
    resource: &str,
    names: &[String],
) -> anyhow::Result<(KubeClient, mpsc::Receiver<Message>, JoinSet<()>)> {
    let client = KubeClient::connect(&cli.kube.connect_options(cli.context.as_deref())).await?;
    // A server that cannot be reached yet is waited for as a watch waits for one that went
    // away: with the same back-off, forever unless --max-retry-time.
    let mut backoff = Backoff::new(cli.max_retry_time);
    let resolution = loop {
        match resolve(cli, &client, resource).await {
            Ok(resolution) => break resolution,
            Err(err) if worth_retrying(&err) => {
                backoff.wait("discovery", err.into(), None).await?;
            }
            Err(err) => return Err(err.into()),
        }
    };
    backoff.recovered("discovery", None);
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
    let mut reflectors = JoinSet::new();
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
        reflectors.spawn(watch::run(
            client.clone(),
            target,
            store,
            settings,
            tx.clone(),
        ));
    }
    Ok((client, rx, reflectors))
}
