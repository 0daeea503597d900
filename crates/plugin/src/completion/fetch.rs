//! The helper: answers kubectl's completion request, fetching what the plan needs from the
//! kubeconfig or the cluster within a time budget, and never failing.

use std::path::PathBuf;
use std::time::Duration;

use clap::Command;
use crkit_discovery::client::RetryPolicy;
use crkit_discovery::{ConnectOptions, Discovery, KubeClient, Origin};

use super::candidates::{
    group_candidates, kubeconfig_candidates, list_names, name_candidates, resource_candidates,
};
use super::line::{Line, analyze};
use super::plan::{Task, plan};
use super::reply::Reply;
use super::{Plugin, directive};

/// The longest the helper spends on the network before answering with what it has; kubectl's
/// own start adds a few tens of milliseconds, so the shell waits about a second at most.
const DEFAULT_BUDGET: Duration = Duration::from_millis(750);
/// Overrides [`DEFAULT_BUDGET`] (a duration such as `3s`); tests on a loaded machine raise it.
const BUDGET_ENV: &str = "CRKIT_COMPLETION_TIMEOUT";
/// At most this many object names are asked for: a completion list longer than that is of no
/// use in a shell, and the request stays small.
const LIST_LIMIT: &str = "1000";
/// Metadata-only lists: names without specs.
const ACCEPT_METADATA: &str =
    "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";

/// How to reach the cluster, from the flags on the line.
fn connect_options(line: &Line) -> ConnectOptions {
    ConnectOptions {
        kubeconfig: line.value("kubeconfig").map(PathBuf::from),
        // crls takes several contexts: the first one is asked.
        context: line
            .value("context")
            .and_then(|c| c.split(',').next())
            .filter(|c| !c.is_empty())
            .map(str::to_owned),
        cluster: line.value("cluster").map(str::to_owned),
        user: line.value("user").map(str::to_owned),
        namespace: line.value("namespace").map(str::to_owned),
        server: line.value("server").map(str::to_owned),
        token: line.value("token").map(str::to_owned),
        impersonate: line.value("as_user").map(str::to_owned),
        certificate_authority: line.value("certificate_authority").map(PathBuf::from),
        insecure_skip_tls_verify: line.switch("insecure_skip_tls_verify"),
        tls_server_name: line.value("tls_server_name").map(str::to_owned),
        ..ConnectOptions::default()
    }
}

fn budget() -> Duration {
    std::env::var(BUDGET_ENV)
        .ok()
        .and_then(|v| crate::parse_duration(&v).ok())
        .filter(|d| !d.is_zero())
        .unwrap_or(DEFAULT_BUDGET)
}

/// Completes the words kubectl passed: the whole helper, never failing (an error or a timeout
/// gives no candidates, and no file names in their place).
pub fn complete(plugin: &Plugin, cmd: &Command, words: &[String]) -> Reply {
    let line = analyze(cmd, words);
    match plan(plugin, cmd, &line) {
        Task::Done(reply) => reply,
        Task::Kubeconfig {
            names,
            keep,
            prefix,
        } => {
            let explicit = line.value("kubeconfig").map(PathBuf::from);
            match crkit_discovery::client::load_kubeconfig(explicit.as_deref()) {
                Ok(loaded) => Reply::new(
                    kubeconfig_candidates(&loaded.config, names, &keep, &prefix),
                    directive::NO_FILE_COMP,
                ),
                Err(_) => Reply::nothing(),
            }
        }
        task => with_cluster(plugin, &line, task),
    }
}

/// Runs a task that talks to the cluster on a small runtime, giving up after the budget: the
/// work runs as a spawned task, so even a worker stuck in blocking code (an exec credential
/// plugin, say) cannot hold the answer back.
fn with_cluster(plugin: &Plugin, line: &Line, task: Task) -> Reply {
    let budget = budget();
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    else {
        return Reply::nothing();
    };
    let mut options = connect_options(line);
    options.request_timeout = Some(budget);
    let all_namespaces = line.switch("all_namespaces");
    let verbs = plugin.resources.unwrap_or_default();
    let work =
        runtime.spawn(async move { fetch(task, options, all_namespaces, verbs, budget).await });
    let reply = runtime
        .block_on(async { tokio::time::timeout(budget, work).await })
        .ok()
        .and_then(Result::ok)
        .unwrap_or_else(Reply::nothing);
    runtime.shutdown_background();
    reply
}

async fn fetch(
    task: Task,
    options: ConnectOptions,
    all_namespaces: bool,
    verbs: &'static [&'static str],
    budget: Duration,
) -> Reply {
    let Ok(client) = KubeClient::connect(&options).await else {
        return Reply::nothing();
    };
    // The budget is short: a retry would not fit in it.
    let client = client.with_retry(RetryPolicy {
        retries: 0,
        ..RetryPolicy::default()
    });
    // The cache is used whatever its age (names change rarely, and a completion must not wait
    // for a revalidation); a name it does not know triggers the one refresh below.
    let discovery_options = crkit_discovery::DiscoveryOptions {
        ttl: Duration::MAX,
        ..crkit_discovery::DiscoveryOptions::default()
    };
    match task {
        Task::Namespaces { prefix } => {
            let names = list(&client, "/api/v1/namespaces", "namespaces").await;
            Reply::new(
                name_candidates(&names, "namespace", "", &prefix, &[]),
                directive::NO_FILE_COMP,
            )
        }
        Task::Groups { prefix } => match Discovery::load(&client, &discovery_options).await {
            Ok(mut discovery) => {
                revalidate_within(&mut discovery, budget).await;
                Reply::new(
                    group_candidates(discovery.snapshot(), &prefix),
                    directive::NO_FILE_COMP,
                )
            }
            Err(_) => Reply::nothing(),
        },
        Task::Resources {
            keep,
            prefix,
            subcommands,
        } => {
            let Ok(mut discovery) = Discovery::load(&client, &discovery_options).await else {
                return Reply::new(subcommands, directive::NO_FILE_COMP);
            };
            let word = format!("{keep}{prefix}");
            // Candidates are a list of what the cluster serves: a cache that predates a CRD
            // would leave it out although other names match the prefix.
            revalidate_within(&mut discovery, budget).await;
            let mut candidates = resource_candidates(discovery.snapshot(), verbs, &word);
            candidates.extend(subcommands);
            Reply::new(candidates, directive::NO_FILE_COMP)
        }
        Task::Objects {
            resource,
            keep,
            prefix,
            exclude,
        } => {
            let Ok(mut discovery) = Discovery::load(&client, &discovery_options).await else {
                return Reply::nothing();
            };
            let Ok(resolution) = discovery.resolve(&resource).await else {
                return Reply::nothing();
            };
            // One list request: a category or a list of kinds gets no names.
            let [resource] = resolution.resources.as_slice() else {
                return Reply::nothing();
            };
            let scope = if all_namespaces {
                crkit_discovery::api::Scope::AllNamespaces
            } else {
                crkit_discovery::api::Scope::Namespace(
                    options
                        .namespace
                        .clone()
                        .unwrap_or_else(|| client.namespace().to_owned()),
                )
            };
            let path = crkit_discovery::api::collection_path(resource, &scope);
            let names = list(&client, &path, &resource.group_resource()).await;
            Reply::new(
                name_candidates(&names, &resource.kind, &keep, &prefix, &exclude),
                directive::NO_FILE_COMP,
            )
        }
        Task::Done(reply) => reply,
        Task::Kubeconfig { .. } => Reply::nothing(),
    }
}

/// Revalidates a snapshot read from the cache (one conditional round trip), within half the
/// budget: when the server is slow, the cached candidates are still offered in time.
async fn revalidate_within(discovery: &mut Discovery, budget: Duration) {
    if discovery.origin() != Origin::Cache {
        return;
    }
    // A failure or a timeout leaves the cached snapshot as it was.
    let _ = tokio::time::timeout(budget / 2, discovery.revalidate()).await;
}

/// Names of the objects of a collection path; none when the request fails.
async fn list(client: &KubeClient, path: &str, resource: &str) -> Vec<String> {
    let ctx = crkit_discovery::RequestContext {
        verb: "list".to_owned(),
        resource: resource.to_owned(),
        ..crkit_discovery::RequestContext::default()
    };
    let url = format!("{path}?limit={LIST_LIMIT}");
    match client.get_raw(&url, ACCEPT_METADATA, &[], &ctx).await {
        Ok(resp) => list_names(&resp.body),
        Err(_) => Vec::new(),
    }
}
