//! Built-in kinds against the real server: every kind it serves has a shipped schema, and
//! `--schemas` documents written by `kubectl get --raw /openapi/v3/...` take precedence over
//! the shipped ones.

use std::collections::BTreeSet;

use crkit_test_support::{TestContext, run};
use serde_json::{Value, json};

/// The built-in groups: the core group, `*.k8s.io`, and the unqualified ones (`apps`, ...);
/// not the groups other tests create with CRDs or aggregated APIs.
fn built_in(group: &str) -> bool {
    group.is_empty() || group.ends_with(".k8s.io") || !group.contains('.')
}

/// Every (apiVersion, kind) the server serves in a built-in group, from legacy discovery.
fn served_kinds(ctx: &TestContext) -> BTreeSet<(String, String)> {
    let versions = ctx.kubectl_ok(["api-versions"]);
    let mut kinds = BTreeSet::new();
    for gv in versions.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let group = gv.rsplit_once('/').map_or("", |(g, _)| g);
        if !built_in(group) {
            continue;
        }
        let path = if gv.contains('/') {
            format!("/apis/{gv}")
        } else {
            format!("/api/{gv}")
        };
        let list: Value = serde_json::from_str(&ctx.kubectl_ok(["get", "--raw", &path]))
            .expect("APIResourceList");
        for r in list["resources"].as_array().into_iter().flatten() {
            let name = r["name"].as_str().unwrap_or_default();
            if !name.contains('/') {
                kinds.insert((gv.to_owned(), r["kind"].as_str().unwrap().to_owned()));
            }
        }
    }
    kinds
}

#[test]
fn every_kind_the_server_serves_has_a_schema() {
    let Some(ctx) = TestContext::new("crvalidate-every-kind") else {
        return;
    };
    let kinds = served_kinds(&ctx);
    assert!(kinds.len() >= 69, "{kinds:?}");
    let docs: Vec<String> = kinds
        .iter()
        .map(|(api_version, kind)| {
            json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}).to_string()
        })
        .collect();
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("kinds.yaml");
    std::fs::write(&file, docs.join("\n---\n")).unwrap();
    let out = run(
        std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-crvalidate"))
            .args(["--offline", "-o", "json"])
            .arg(&file)
            .env("HOME", ctx.home()),
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let documents = report["documents"].as_array().unwrap();
    assert_eq!(documents.len(), kinds.len());
    let missing: Vec<String> = documents
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("no schema"))
        })
        .map(|d| format!("{} {}", d["apiVersion"], d["kind"]))
        .collect();
    assert!(missing.is_empty(), "no schema for {missing:?}");
}

#[test]
fn schemas_documents_take_precedence_over_the_shipped_ones() {
    let Some(ctx) = TestContext::new("crvalidate-schemas-flag") else {
        return;
    };
    let dir = tempfile::TempDir::new().unwrap();
    let served = ctx.kubectl_ok(["get", "--raw", "/openapi/v3/apis/apps/v1"]);
    let exact = dir.path().join("exact");
    std::fs::create_dir(&exact).unwrap();
    std::fs::write(exact.join("apps_v1.json"), &served).unwrap();
    // The same document as an older server without `spec.paused` would serve it.
    let mut older: Value = serde_json::from_str(&served).unwrap();
    let spec = &mut older["components"]["schemas"]["io.k8s.api.apps.v1.DeploymentSpec"];
    assert!(spec["properties"]["paused"].is_object());
    spec["properties"].as_object_mut().unwrap().remove("paused");
    let older_file = dir.path().join("apps_v1-older.json");
    std::fs::write(&older_file, older.to_string()).unwrap();

    let manifest = dir.path().join("deployment.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  paused: true\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n",
    )
    .unwrap();
    let crvalidate = |schemas: &[&std::path::Path]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-crvalidate"));
        cmd.arg("--offline").env("HOME", ctx.home());
        for s in schemas {
            cmd.arg("--schemas").arg(s);
        }
        let out = run(cmd.arg(&manifest));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = crvalidate(&[]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = crvalidate(&[&exact]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = crvalidate(&[&older_file]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("5:3      error Deployment/web: unknown field \"spec.paused\""),
        "{out}"
    );
    // The first document that defines a kind wins.
    let (code, out, _) = crvalidate(&[&exact, &older_file]);
    assert_eq!(code, Some(0), "{out}");

    // A file that is not an /openapi/v3 document is a usage error.
    let swagger = dir.path().join("swagger.json");
    std::fs::write(&swagger, r#"{"swagger": "2.0", "definitions": {}}"#).unwrap();
    let (code, _, err) = crvalidate(&[&swagger]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("not an OpenAPI v3 document (no components.schemas)"),
        "{err}"
    );
}
