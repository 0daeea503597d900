//! Schemas from the cluster: the kinds still missing a schema are resolved through discovery
//! (cached on disk); a CRD's kind gets its CRD (one GET), any other (an aggregated API) the
//! `/openapi/v3` document of its group version (cached on disk, one GET per group version).

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::Context as _;
use crkit_discovery::validate::Gvk;
use crkit_discovery::{Discovery, Error, KubeClient, openapi_v3};
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

/// What the cluster has for kinds without a schema yet.
#[derive(Debug, Default)]
pub struct ClusterSchemas {
    /// CRD manifests, by the GVK asked for.
    pub crds: Vec<(Gvk, Value)>,
    /// `/openapi/v3` documents (slimmed) of group versions no CRD serves (aggregated APIs,
    /// built-in versions newer than the shipped schemas), by their path (`apis/<g>/<v>`).
    pub documents: Vec<(String, Value)>,
}

/// The schemas of the `wanted` GVKs in the cluster: the CRD of a kind a CRD serves, else the
/// `/openapi/v3` document of its group version (cached on disk, revalidated with its ETag).
/// GVKs the cluster does not serve are left out.
pub fn fetch_schemas(cli: &Cli, wanted: &[Gvk]) -> anyhow::Result<ClusterSchemas> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(fetch(cli, wanted))
}

async fn fetch(cli: &Cli, wanted: &[Gvk]) -> anyhow::Result<ClusterSchemas> {
    let mut opts = cli.kube.connect_options(cli.context.as_deref());
    // A CI job without a reachable cluster should not wait long for it.
    opts.request_timeout = opts.request_timeout.or(Some(Duration::from_secs(10)));
    let client = KubeClient::connect(&opts).await?;
    let discovery_options = cli.kube.discovery_options();
    let mut discovery = Discovery::load(&client, &discovery_options).await?;
    let served = |discovery: &Discovery, gvk: &Gvk| {
        discovery
            .snapshot()
            .resources()
            .find(|r| r.group == gvk.group && r.version == gvk.version && r.kind == gvk.kind)
            .cloned()
    };
    // A kind missing from a cached snapshot may be a CRD installed since the cache was
    // written: one revalidation for all of them, before answering "not served".
    if wanted.iter().any(|gvk| served(&discovery, gvk).is_none()) {
        discovery.revalidate().await?;
    }
    let mut out = ClusterSchemas::default();
    let mut group_versions = BTreeSet::new();
    for gvk in wanted {
        let Some(resource) = served(&discovery, gvk) else {
            continue;
        };
        if resource.is_custom() {
            match crkit_discovery::api::get_crd(&client, &resource).await {
                Ok(crd) => {
                    out.crds.push((gvk.clone(), crd));
                    continue;
                }
                // Served, but by no CRD: an aggregated API whose group looks custom.
                Err(Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        group_versions.insert((gvk.group.clone(), gvk.version.clone()));
    }
    for (group, version) in group_versions {
        let found =
            openapi_v3::group_version_document(&client, &group, &version, &discovery_options)
                .await?;
        if let Some((document, _origin)) = found {
            let path = openapi_v3::group_version_path(&group, &version);
            out.documents.push((path, document));
        }
    }
    crkit_plugin::report_requests(&cli.kube, client.stats());
    Ok(out)
}
