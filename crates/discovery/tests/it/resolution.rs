//! Name resolution against the real server: kubectl is the oracle for every name form.

use crkit_discovery::{Discovery, Error};
use crkit_test_support::{DedicatedServer, TestContext, run, workspace_root};

use crate::{connect, options};

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
