//! End-to-end tests of crkit-discovery against the real API server: kubectl is the oracle for
//! name resolution, and the request counter proves what the cache saves.

use std::collections::BTreeSet;
use std::path::Path;

use crkit_discovery::{
    ConnectOptions, Discovery, DiscoveryOptions, Error, KubeClient, Origin, RequestContext,
    RetryPolicy,
};
use crkit_test_support::{DedicatedServer, TestContext, run, workspace_root};

async fn connect(kubeconfig: &Path, context: Option<&str>) -> KubeClient {
    KubeClient::connect(&ConnectOptions {
        kubeconfig: Some(kubeconfig.to_path_buf()),
        context: context.map(str::to_owned),
        ..ConnectOptions::default()
    })
    .await
    .expect("connect to the test server")
}

fn options(root: &Path) -> DiscoveryOptions {
    DiscoveryOptions {
        cache_root: Some(root.to_path_buf()),
        ..DiscoveryOptions::default()
    }
}

/// The (group, version, resource) of every list request in kubectl's `-v=6` log, in order.
fn kubectl_lists(stderr: &str) -> Vec<(String, String, String)> {
    stderr
        .lines()
        .filter(|l| l.contains("\"Response\"") && l.contains("verb=\"GET\""))
        .filter_map(|l| l.split("url=\"").nth(1)?.split('"').next())
        .filter(|url| url.contains("limit=500"))
        .filter_map(|url| {
            let path = url.split("://").nth(1)?.split_once('/')?.1;
            let path = path.split('?').next()?;
            let parts: Vec<&str> = path.split('/').collect();
            let (group, version, rest) = match parts.as_slice() {
                ["api", v, rest @ ..] => (String::new(), (*v).to_owned(), rest),
                ["apis", g, v, rest @ ..] => ((*g).to_owned(), (*v).to_owned(), rest),
                _ => return None,
            };
            let resource = match rest {
                ["namespaces", _, r, ..] | [r, ..] => (*r).to_owned(),
                [] => return None,
            };
            Some((group, version, resource))
        })
        .collect()
}

/// Name forms over built-ins, the example CRDs and CRDs made ambiguous on purpose
/// (`tests/fixtures/extra-crds.yaml`), each checked against kubectl.
const NAME_FORMS: &[&str] = &[
    // The example CRDs in every form.
    "llmmodels",
    "llmmodel",
    "llm",
    "LLMModel",
    "LLMMODELS",
    "LlmModel",
    "llmmodels.gateway.ai.example.com",
    "llmmodel.gateway.ai.example.com",
    "LLMModel.gateway.ai.example.com",
    "llmmodels.v1.gateway.ai.example.com",
    "LLMModel.v1.gateway.ai.example.com",
    "llm.gateway.ai.example.com",
    "llmmodels.gateway",
    "llmroutes",
    "llmr",
    "modelendpoints",
    "mep",
    "gatewayroutes",
    "gwr",
    "tenantconfigurations",
    "tenant",
    "tc",
    "TenantConfiguration",
    // Built-ins, and CRDs that shadow them.
    "po",
    "pods",
    "Pod",
    "PODS",
    "pods.shadow.example.com",
    "deploy",
    "deployments",
    "deployments.apps",
    "deployments.v1.apps",
    "Deployment.apps",
    "deploy.shadow.example.com",
    "deployments.shadow.example.com",
    "hpa",
    "hpa.v1.autoscaling",
    "horizontalpodautoscalers.v1.autoscaling",
    "storageclass.storage",
    "cm",
    "ConfigMap",
    "configmaps",
    "secrets",
    "svc",
    "ns",
    "crd",
    "crds",
    "events",
    "ev",
    "leases",
    // Ambiguous on purpose: two groups, several versions, a short name equal to a plural.
    "widgets",
    "Widget",
    "wd",
    "wdg",
    "widgets.beta.example.com",
    "Widget.beta.example.com",
    "wd.beta.example.com",
    "widgets.gamma.example.com",
    "gadgets",
    "gd",
    "gadgets.v1alpha1.multi.example.com",
    "Gadget.v2beta1.multi.example.com",
    "knobs",
    // Categories.
    "ai-gateway",
    "all",
    "tools",
    "llm,cm",
    // Unknown names.
    "llmodel",
    "llmmodels.nope.example.com",
    "foo.v1.bar",
    "Widgets.Beta",
];

/// For a table of name forms over built-ins, the example CRDs and CRDs made ambiguous on
/// purpose, crkit picks exactly what `kubectl get` picks, and fails where it fails, with the
/// same message.
#[tokio::test(flavor = "multi_thread")]
async fn resolution_matches_kubectl() {
    let Some(dedicated) = DedicatedServer::start(&[]) else {
        return;
    };
    let ctx = TestContext::on(dedicated.server, "discovery-diff");
    let fixtures = workspace_root().join("crates/discovery/tests/fixtures");
    ctx.kubectl_ok([
        "apply",
        "-f",
        workspace_root().join("examples/crds").to_str().unwrap(),
        "-f",
        fixtures.join("extra-crds.yaml").to_str().unwrap(),
        "-f",
        fixtures.join("stale-apiservice.yaml").to_str().unwrap(),
    ]);
    ctx.kubectl_ok([
        "wait",
        "--for=condition=Established",
        "crd",
        "--all",
        "--timeout=60s",
    ]);
    ctx.kubectl_ok([
        "wait",
        "--for=condition=Available=False",
        "apiservice/v1.stale.example.com",
        "--timeout=60s",
    ]);

    let cache = tempfile::TempDir::new().unwrap();
    let client = connect(&dedicated.server.kubeconfig, None).await;
    let discovery = Discovery::load(&client, &options(cache.path()))
        .await
        .expect("discovery");
    let snapshot = discovery.snapshot();
    assert!(
        snapshot
            .failures
            .iter()
            .any(|f| f.group == "stale.example.com"),
        "the unavailable APIService is a partial failure, not a fatal one"
    );

    assert!(NAME_FORMS.len() >= 40);
    let mut mismatches = Vec::new();
    for &name in NAME_FORMS {
        let out = run(ctx.kubectl().args([
            "get",
            name,
            "-n",
            &ctx.namespace,
            "-v=6",
            "--request-timeout=20s",
        ]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let theirs = kubectl_lists(&stderr);
        let ours = snapshot.resolve(name);
        let agree = match (&ours, out.status.success()) {
            (Ok(resolution), true) => {
                let mine: Vec<_> = resolution
                    .resources
                    .iter()
                    .map(|r| (r.group.clone(), r.version.clone(), r.resource.clone()))
                    .collect();
                mine == theirs
            }
            (Err(err @ Error::UnknownResource { .. }), false) => {
                stderr.contains(&format!("error: {err}"))
            }
            _ => false,
        };
        if !agree {
            let kubectl_error: Vec<_> = stderr
                .lines()
                .filter(|l| l.starts_with("error:") || l.starts_with("Error"))
                .collect();
            mismatches.push(format!(
                "{name}: crkit {:?}\n  kubectl {theirs:?} {kubectl_error:?}",
                ours.map(|r| r
                    .resources
                    .iter()
                    .map(|r| format!("{}/{}", r.api_version(), r.resource))
                    .collect::<Vec<_>>())
                    .map_err(|e| e.to_string())
            ));
        }
    }
    println!(
        "name resolution: {} of {} name forms agree with kubectl",
        NAME_FORMS.len() - mismatches.len(),
        NAME_FORMS.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));

    let err = snapshot.resolve("llmodel").unwrap_err();
    assert_eq!(
        err.hint().as_deref(),
        Some("did you mean llmmodels.gateway.ai.example.com?")
    );
}

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

/// The limited user may discover, but a list is Forbidden with a message naming verb, resource,
/// group and namespace, and a hint with the RBAC that would grant it.
#[tokio::test(flavor = "multi_thread")]
async fn forbidden_is_typed_with_an_rbac_hint() {
    let Some(ctx) = TestContext::new("discovery-forbidden") else {
        return;
    };
    ctx.install_example_crds();
    let limited = connect(&ctx.server.kubeconfig, Some("limited")).await;
    let no_cache = DiscoveryOptions {
        use_cache: false,
        ..DiscoveryOptions::default()
    };
    let mut discovery = Discovery::load(&limited, &no_cache).await.unwrap();
    let llm = &discovery
        .resolve(&format!("llm.{}", ctx.group("gateway.ai.example.com")))
        .await
        .unwrap()
        .resources[0];
    let path = format!(
        "/apis/{}/namespaces/{}/{}",
        llm.api_version(),
        ctx.namespace,
        llm.resource
    );
    let err = limited
        .get_raw(
            &path,
            "application/json",
            &[],
            &RequestContext {
                verb: "list".into(),
                resource: llm.group_resource(),
                namespace: Some(ctx.namespace.clone()),
                name: None,
            },
        )
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Forbidden { .. }), "{message}");
    for part in [
        "User \"limited\"",
        "cannot list resource \"llmmodels\"",
        &format!("in API group \"{}\"", llm.group),
        &format!("in the namespace \"{}\"", ctx.namespace),
    ] {
        assert!(message.contains(part), "{message} lacks {part}");
    }
    let hint = err.hint().unwrap();
    assert!(
        hint.contains(&format!(
            "kubectl create role llmmodels-list --verb=list --resource={} -n {}",
            llm.group_resource(),
            ctx.namespace
        )),
        "{hint}"
    );
    // The hint is right: granting exactly that makes the list succeed.
    let grant = hint
        .split("with: ")
        .nth(1)
        .unwrap()
        .replace("<you>", "limited");
    for command in grant.split(" && ") {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        ctx.kubectl_ok(args);
    }
    limited
        .get_raw(&path, "application/json", &[], &RequestContext::default())
        .await
        .expect("the granted role allows the list");
}

/// The CRD that serves a resolved custom resource (kubectl-crvalidate's schemas from the
/// cluster), read with one GET; a built-in resource has none.
#[tokio::test(flavor = "multi_thread")]
async fn crds_of_resolved_resources() {
    let Some(ctx) = TestContext::new("discovery-crds") else {
        return;
    };
    ctx.install_example_crds();
    let cache = tempfile::TempDir::new().unwrap();
    let client = connect(&ctx.server.kubeconfig, None).await;
    let mut discovery = Discovery::load(&client, &options(cache.path()))
        .await
        .unwrap();
    let llm = discovery
        .resolve(&format!("llm.{}", ctx.group("gateway.ai.example.com")))
        .await
        .unwrap()
        .resources
        .remove(0);
    let before = client.stats().requests();
    let crd = crkit_discovery::api::get_crd(&client, &llm).await.unwrap();
    assert_eq!(client.stats().requests() - before, 1, "one GET");
    assert_eq!(crd["metadata"]["name"], llm.group_resource().as_str());
    let version = crd["spec"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == llm.version.as_str())
        .expect("the CRD serves the resolved version");
    assert_eq!(
        version["schema"]["openAPIV3Schema"]["properties"]["spec"]["required"],
        serde_json::json!(["provider", "modelName"])
    );

    let cm = discovery
        .resolve("configmaps")
        .await
        .unwrap()
        .resources
        .remove(0);
    let err = crkit_discovery::api::get_crd(&client, &cm)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "customresourcedefinitions.apiextensions.k8s.io \"configmaps\" not found"
    );
}
