//! End-to-end tests of crkit-discovery against the real API server, one binary: name
//! resolution with kubectl as the oracle (`resolution`), what the discovery cache saves and
//! survives (`cache`), legacy discovery (`legacy`), typed RBAC errors (`rbac`) and the reads
//! of `crkit_discovery::api` (`api`).

mod api;
mod cache;
mod legacy;
mod rbac;
mod resolution;

use std::path::Path;

use crkit_discovery::{ConnectOptions, DiscoveryOptions, KubeClient};

/// A client of the test server, through `kubeconfig` (and `context`).
pub async fn connect(kubeconfig: &Path, context: Option<&str>) -> KubeClient {
    KubeClient::connect(&ConnectOptions {
        kubeconfig: Some(kubeconfig.to_path_buf()),
        context: context.map(str::to_owned),
        ..ConnectOptions::default()
    })
    .await
    .expect("connect to the test server")
}

/// Discovery options with the cache under `root`.
pub fn options(root: &Path) -> DiscoveryOptions {
    DiscoveryOptions {
        cache_root: Some(root.to_path_buf()),
        ..DiscoveryOptions::default()
    }
}
