//! The reads of `crkit_discovery::api` against the server.

use crkit_discovery::{Discovery, Error};
use crkit_test_support::TestContext;

use crate::{connect, options};

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
