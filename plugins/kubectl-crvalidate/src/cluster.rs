//! CRD schemas from the cluster: the kinds still missing a schema are resolved through
//! discovery (cached on disk) and their CRDs read with one GET each.

use std::time::Duration;

use anyhow::Context as _;
use crkit_discovery::validate::Gvk;
use crkit_discovery::{Discovery, KubeClient};
use serde_json::Value;

use crate::cli::Cli;

/// Whether a kubeconfig is there to be used: `--kubeconfig`, `KUBECONFIG`, `~/.kube/config`,
/// or the in-cluster service account.
pub fn kubeconfig_present(cli: &Cli) -> bool {
    if cli.kube.kubeconfig.is_some() {
        return true;
    }
    if std::env::var_os("KUBECONFIG").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() {
        return true;
    }
    std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .is_some_and(|h| h.join(".kube/config").is_file())
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
