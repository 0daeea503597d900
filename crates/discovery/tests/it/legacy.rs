//! Legacy per-group discovery, for servers without aggregated discovery.

use std::collections::BTreeSet;

use crkit_discovery::{Discovery, DiscoveryOptions, RetryPolicy};

use crate::connect;

/// Legacy per-group discovery (for servers without aggregated discovery) finds the same
/// built-in resources, one request per group version.
#[tokio::test(flavor = "multi_thread")]
async fn legacy_discovery_agrees_with_aggregated() {
    let Some(server) = crkit_test_support::server() else {
        return;
    };
    let aggregated_client = connect(&server.kubeconfig, None).await;
    let no_cache = DiscoveryOptions {
        use_cache: false,
        ..DiscoveryOptions::default()
    };
    let aggregated = Discovery::load(&aggregated_client, &no_cache)
        .await
        .unwrap();
    // No retries, so that an unavailable group version costs exactly one request.
    let legacy_client = connect(&server.kubeconfig, None)
        .await
        .with_retry(RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        });
    let legacy = Discovery::load(
        &legacy_client,
        &DiscoveryOptions {
            force_legacy: true,
            ..no_cache
        },
    )
    .await
    .unwrap();
    let builtins = |d: &Discovery| -> BTreeSet<(String, String, Vec<String>)> {
        d.snapshot()
            .resources()
            .filter(|r| !r.is_custom())
            .map(|r| {
                let mut subs = r.subresources.clone();
                subs.sort();
                (r.api_version(), r.resource.clone(), subs)
            })
            .collect()
    };
    assert_eq!(builtins(&legacy), builtins(&aggregated));
    let group_versions: usize = legacy
        .snapshot()
        .groups
        .iter()
        .map(|g| g.versions.len())
        .sum::<usize>()
        + legacy.snapshot().failures.len();
    assert_eq!(
        usize::try_from(legacy_client.stats().requests()).unwrap(),
        2 + group_versions
    );
    for name in ["po", "deploy", "hpa", "crd", "all"] {
        assert_eq!(
            legacy.snapshot().resolve(name).unwrap().resources,
            aggregated.snapshot().resolve(name).unwrap().resources,
            "{name}"
        );
    }
}
