//! What a user without the right RBAC gets: typed Forbidden errors with a hint that works.

use crkit_discovery::{Discovery, DiscoveryOptions, Error, RequestContext};
use crkit_test_support::TestContext;

use crate::connect;

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
