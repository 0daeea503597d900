//! CRD schemas from the cluster: the kinds still missing a schema are resolved through
//! discovery (cached on disk) and their CRDs read with one GET each.

use std::time::Duration;

use anyhow::Context as _;
use crkit_discovery::validate::Gvk;
use crkit_discovery::{Discovery, KubeClient};
use serde_json::Value;

use crate::cli::Cli;

/// Whether a cluster is there to be asked: `--server`, a kubeconfig file that kubectl would
/// read (`--kubeconfig`, `KUBECONFIG`'s existing files, `~/.kube/config`), or the in-cluster
/// service account. A kubeconfig that cannot be read counts as present, so that its error is
/// reported when the cluster is asked.
pub fn kubeconfig_present(cli: &Cli) -> bool {
    if cli.kube.kubeconfig.is_some() || cli.kube.server.is_some() {
        return true;
    }
    if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() {
        return true;
    }
    !crkit_discovery::client::load_kubeconfig(None).is_ok_and(|loaded| loaded.read.is_empty())
}

/// The CRD manifests defining `wanted` GVKs in the cluster; GVKs the cluster does not serve
/// are left out.
pub fn fetch_crds(cli: &Cli, wanted: &[Gvk]) -> anyhow::Result<Vec<(Gvk, Value)>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(fetch(cli, wanted))
}

async fn fetch(cli: &Cli, wanted: &[Gvk]) -> anyhow::Result<Vec<(Gvk, Value)>> {
    let mut opts = cli.kube.connect_options(cli.context.as_deref());
    // A CI job without a reachable cluster should not wait long for it.
    opts.request_timeout = opts.request_timeout.or(Some(Duration::from_secs(10)));
    let client = KubeClient::connect(&opts).await?;
    let mut discovery = Discovery::load(&client, &cli.kube.discovery_options()).await?;
    let served = |discovery: &Discovery, gvk: &Gvk| {
        discovery
            .snapshot()
            .resources()
            .find(|r| {
                r.group == gvk.group
                    && r.version == gvk.version
                    && r.kind == gvk.kind
                    && r.is_custom()
            })
            .cloned()
    };
    // A kind missing from a cached snapshot may be a CRD installed since the cache was
    // written: one revalidation for all of them, before answering "not served".
    if wanted.iter().any(|gvk| served(&discovery, gvk).is_none()) {
        discovery.revalidate().await?;
    }
    let mut out = Vec::new();
    for gvk in wanted {
        let Some(resource) = served(&discovery, gvk) else {
            continue;
        };
        let crd = crkit_discovery::api::get_crd(&client, &resource).await?;
        out.push((gvk.clone(), crd));
    }
    crkit_plugin::report_requests(&cli.kube, client.stats());
    Ok(out)
}
