//! The example CRDs, objects and RBAC on the real server: valid examples are served as
//! written, invalid ones rejected with the message their `# expect:` line names.

use std::collections::BTreeSet;
use std::path::Path;

use crkit_test_support::{TestContext, run_with_stdin, workspace_root, yaml_files};
use kube::api::{Api, DynamicObject, GroupVersionKind, ListParams};
use kube::discovery::ApiResource;

#[tokio::test(flavor = "multi_thread")]
async fn example_crds_objects_and_rbac_on_the_real_server() {
    let Some(ctx) = TestContext::new("harness-examples") else {
        return;
    };
    assert_eq!(ctx.kubectl_ok(["get", "--raw", "/readyz"]), "ok");

    ctx.install_example_crds();
    for path in yaml_files(&workspace_root().join("examples/objects")) {
        let text = std::fs::read_to_string(&path).expect("read example object");
        ctx.apply(&ctx.localize(&text));
    }

    let gvk = GroupVersionKind::gvk(&ctx.group("gateway.ai.example.com"), "v1", "LLMModel");
    let resource = ApiResource::from_gvk_with_plural(&gvk, "llmmodels");
    let admin = ctx.client("admin").await;
    let models: Api<DynamicObject> = Api::namespaced_with(admin, &ctx.namespace, &resource);
    let list = models
        .list(&ListParams::default())
        .await
        .expect("list LLMModels");
    let names: BTreeSet<_> = list
        .items
        .iter()
        .filter_map(|o| o.metadata.name.clone())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "claude-sonnet".into(),
            "gpt-4o".into(),
            "llama-local".into()
        ])
    );
    let gpt = models.get("gpt-4o").await.expect("get gpt-4o");
    assert_eq!(gpt.data["spec"]["provider"], "openai");
    // Schema defaults are applied by the server, not by the manifest.
    assert_eq!(gpt.data["spec"]["pricing"]["currency"], "USD");
    assert_eq!(gpt.data["spec"]["deprecated"], false);

    let limited = ctx.client("limited").await;
    let forbidden: Api<DynamicObject> = Api::namespaced_with(limited, &ctx.namespace, &resource);
    match forbidden.list(&ListParams::default()).await {
        Err(kube::Error::Api(status)) => {
            assert_eq!(status.code, 403, "{status:?}");
            assert!(status.message.contains("\"limited\""), "{status:?}");
        }
        other => panic!("the limited user must be Forbidden, got {other:?}"),
    }
}

/// Every invalid example is rejected by the server with the message its `# expect:` line names,
/// and every valid one is accepted.
#[test]
fn invalid_examples_are_rejected_with_the_expected_message() {
    let Some(ctx) = TestContext::new("harness-invalid") else {
        return;
    };
    ctx.install_example_crds();
    let files = yaml_files(&workspace_root().join("examples/invalid"));
    assert!(
        files.len() >= 20,
        "expected the invalid examples, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read invalid example");
        let expect = expectation(path, &text);
        let out = dry_run(&ctx, &ctx.localize(&text));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() || !stderr.contains(&ctx.localize(&expect)) {
            failures.push(format!(
                "{}: expected rejection containing {expect:?}; kubectl exited {} with:\n{stderr}",
                path.display(),
                out.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn expectation(path: &Path, text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("# expect: "))
        .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()))
        .to_owned()
}

fn dry_run(ctx: &TestContext, yaml: &str) -> std::process::Output {
    run_with_stdin(
        ctx.kubectl()
            .args(["apply", "--dry-run=server", "-n", &ctx.namespace, "-f", "-"]),
        yaml,
    )
}
