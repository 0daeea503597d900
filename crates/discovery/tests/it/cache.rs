//! The discovery cache: the requests it saves (cold, warm, one refresh, revalidation) and the
//! corrupt files and concurrent writers it survives.

use crkit_discovery::{Discovery, DiscoveryOptions, Error, Origin};
use crkit_test_support::{DedicatedServer, TestContext};

use crate::{connect, options};

/// Cold: two requests. Warm: none. A name added after the cache was written: one refresh.
#[tokio::test(flavor = "multi_thread")]
async fn request_counts_cold_warm_and_one_refresh() {
    let Some(ctx) = TestContext::new("discovery-counts") else {
        return;
    };
    ctx.install_example_crds();
    let kubeconfig = &ctx.server.kubeconfig;
    let cache = tempfile::TempDir::new().unwrap();
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));

    let cold = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&cold, &options(cache.path()))
        .await
        .unwrap();
    assert_eq!(discovery.origin(), Origin::Fetched);
    assert_eq!(
        cold.stats().requests(),
        2,
        "aggregated discovery maps the cluster in 2 requests"
    );
    let resolved = discovery.resolve(&llm).await.unwrap();
    assert_eq!(resolved.resources[0].kind, "LLMModel");
    assert_eq!(cold.stats().requests(), 2);

    let warm = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&warm, &options(cache.path()))
        .await
        .unwrap();
    assert_eq!(discovery.origin(), Origin::Cache);
    discovery.resolve(&llm).await.unwrap();
    assert_eq!(
        warm.stats().requests(),
        0,
        "a warm cache answers without a request"
    );
    assert_eq!(warm.stats().from_cache(), 1);

    // A CRD created after the cache was written resolves after exactly one refresh.
    let group = ctx.group("ai.example.com");
    ctx.install_open_crd(&group, "sprockets", "Sprocket", &["spr"]);
    let later = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&later, &options(cache.path()))
        .await
        .unwrap();
    let sprockets = discovery
        .resolve(&format!("sprockets.{group}"))
        .await
        .expect("a new CRD resolves after one refresh");
    assert_eq!(sprockets.resources[0].kind, "Sprocket");
    assert_eq!(later.stats().requests(), 1, "one refresh of /apis");
    // The refresh was written back: the next run finds it without asking.
    let next = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&next, &options(cache.path()))
        .await
        .unwrap();
    discovery
        .resolve(&format!("sprockets.{group}"))
        .await
        .unwrap();
    assert_eq!(next.stats().requests(), 0);
    // A name that exists nowhere costs one refresh, then fails.
    let err = discovery.resolve("nosuchthings").await.unwrap_err();
    assert!(matches!(err, Error::UnknownResource { .. }), "{err}");
    assert_eq!(next.stats().requests(), 1);

    // Past the TTL the cache is revalidated (If-None-Match), not used blind.
    let stale = connect(kubeconfig, None).await;
    let expired = DiscoveryOptions {
        ttl: std::time::Duration::ZERO,
        ..options(cache.path())
    };
    let discovery = Discovery::load(&stale, &expired).await.unwrap();
    assert_ne!(discovery.origin(), Origin::Cache);
    assert_eq!(stale.stats().requests(), 2);

    // --no-cache neither reads nor writes.
    let bypass = connect(kubeconfig, None).await;
    let before = std::fs::metadata(cache.path().join("discovery")).is_ok();
    let no_cache = DiscoveryOptions {
        use_cache: false,
        ..options(cache.path())
    };
    let discovery = Discovery::load(&bypass, &no_cache).await.unwrap();
    assert_eq!(discovery.origin(), Origin::Fetched);
    assert_eq!(bypass.stats().requests(), 2);
    assert!(before);
}

/// `revalidate` on a snapshot from a warm cache asks the server (two conditional requests)
/// and finds a CRD installed after the cache was written; on a snapshot already asked for it
/// costs nothing. A category that gained a member is revalidated when resolved.
#[tokio::test(flavor = "multi_thread")]
async fn revalidate_finds_crds_newer_than_the_cache() {
    let Some(ctx) = TestContext::new("discovery-revalidate") else {
        return;
    };
    let kubeconfig = &ctx.server.kubeconfig;
    let cache = tempfile::TempDir::new().unwrap();
    let group = ctx.group("ai.example.com");
    let category = format!("cat-{}", ctx.id);
    ctx.install_open_crd_in_categories(&group, "widgets", "Widget", &[], &[&category]);
    let warm = connect(kubeconfig, None).await;
    Discovery::load(&warm, &options(cache.path()))
        .await
        .unwrap();

    ctx.install_open_crd(&group, "gadgets", "Gadget", &[]);
    ctx.install_open_crd_in_categories(&group, "gizmos", "Gizmo", &[], &[&category]);
    let stale = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&stale, &options(cache.path()))
        .await
        .unwrap();
    assert_eq!(discovery.origin(), Origin::Cache);
    let has_gadgets = |d: &Discovery| {
        d.snapshot()
            .resources()
            .any(|r| r.group == group && r.resource == "gadgets")
    };
    assert!(!has_gadgets(&discovery), "the cache predates the CRD");
    discovery.revalidate().await.unwrap();
    assert_ne!(discovery.origin(), Origin::Cache);
    assert!(has_gadgets(&discovery), "revalidated: the new CRD is there");
    assert_eq!(stale.stats().requests(), 2, "/api and /apis, once each");
    discovery.revalidate().await.unwrap();
    assert_eq!(stale.stats().requests(), 2, "asked already: no request");

    // The category, from a cache written before its second member existed.
    let cache = tempfile::TempDir::new().unwrap();
    ctx.install_open_crd_in_categories(&group, "doohickeys", "Doohickey", &[], &[]);
    let first = connect(kubeconfig, None).await;
    Discovery::load(&first, &options(cache.path()))
        .await
        .unwrap();
    ctx.install_open_crd_in_categories(&group, "thingamajigs", "Thingamajig", &[], &[&category]);
    let later = connect(kubeconfig, None).await;
    let mut discovery = Discovery::load(&later, &options(cache.path()))
        .await
        .unwrap();
    assert_eq!(discovery.origin(), Origin::Cache);
    let members: Vec<String> = discovery
        .resolve(&category)
        .await
        .unwrap()
        .resources
        .iter()
        .map(|r| r.resource.clone())
        .collect();
    let mut members = members;
    members.sort();
    assert_eq!(members, ["gizmos", "thingamajigs", "widgets"]);
}

/// Unchanged discovery past the TTL costs two `304 Not Modified` answers.
#[tokio::test(flavor = "multi_thread")]
async fn revalidation_gets_not_modified() {
    let Some(dedicated) = DedicatedServer::start(&[]) else {
        return;
    };
    let cache = tempfile::TempDir::new().unwrap();
    let kubeconfig = &dedicated.server.kubeconfig;
    let first = connect(kubeconfig, None).await;
    Discovery::load(&first, &options(cache.path()))
        .await
        .unwrap();
    let again = connect(kubeconfig, None).await;
    let expired = DiscoveryOptions {
        ttl: std::time::Duration::ZERO,
        ..options(cache.path())
    };
    let discovery = Discovery::load(&again, &expired).await.unwrap();
    assert_eq!(discovery.origin(), Origin::Revalidated);
    assert_eq!(again.stats().requests(), 2);
    assert!(discovery.snapshot().resolve("pods").is_ok());
}

/// A corrupt cache file is rebuilt, and several processes writing the cache at once never fail.
#[test]
fn corrupt_cache_and_concurrent_writers_never_fail_a_run() {
    let Some(server) = crkit_test_support::server() else {
        return;
    };
    let cache = tempfile::TempDir::new().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = runtime.block_on(connect(&server.kubeconfig, None));
    let file = crkit_discovery::cache::DiskCache::new(cache.path(), client.server_url()).path();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"{\"format\":1,\"fetched_at\":").unwrap();
    let discovery = runtime
        .block_on(Discovery::load(&client, &options(cache.path())))
        .expect("a truncated cache is discarded, not an error");
    assert_eq!(discovery.origin(), Origin::Fetched);
    assert!(discovery.snapshot().resolve("configmaps").is_ok());

    let expired = DiscoveryOptions {
        ttl: std::time::Duration::ZERO,
        ..options(cache.path())
    };
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let rt = tokio::runtime::Runtime::new().unwrap();
                for _ in 0..5 {
                    let client = rt.block_on(connect(&server.kubeconfig, None));
                    let d = rt
                        .block_on(Discovery::load(&client, &expired))
                        .expect("concurrent writers");
                    assert!(d.snapshot().resolve("deploy").is_ok());
                }
            });
        }
    });
    let client = runtime.block_on(connect(&server.kubeconfig, None));
    let d = runtime
        .block_on(Discovery::load(&client, &options(cache.path())))
        .unwrap();
    assert_eq!(
        d.origin(),
        Origin::Cache,
        "the cache file is whole afterwards"
    );
}
