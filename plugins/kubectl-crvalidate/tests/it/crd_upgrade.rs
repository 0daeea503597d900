//! `kubectl crvalidate crd-upgrade` against the real API server. The differential test: the
//! server, after the new CRD is applied, is the oracle for every verdict the plugin gave before
//! (a create of a copy with `kubectl apply --dry-run=server`, a label patch and a patch of a
//! sibling field, what a read returns, and the refusal of the CRD itself).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crkit_test_support::{TestContext, run, run_with_stdin, workspace_root};
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/crd_upgrade")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `kubectl crvalidate crd-upgrade` with `args`: exit code, stdout, stderr.
fn crd_upgrade(ctx: &TestContext, args: &[&str]) -> (i32, String, String) {
    let mut cmd = ctx.kubectl();
    cmd.args(["crvalidate", "crd-upgrade"]).args(args);
    let out = run(&mut cmd);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Applies `yaml` with kubectl; (success, stderr).
fn try_apply(ctx: &TestContext, ns: &str, yaml: &str, extra: &[&str]) -> (bool, String) {
    let mut cmd = ctx.kubectl();
    cmd.args(["apply", "-n", ns, "-f", "-"]).args(extra);
    let out = run_with_stdin(&mut cmd, yaml);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn patch(ctx: &TestContext, name: &str, patch: &Value) -> (bool, String) {
    let resource = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let mut cmd = ctx.kubectl();
    cmd.args([
        "patch",
        &resource,
        name,
        "-n",
        &ctx.namespace,
        "--type",
        "merge",
        "-p",
    ])
    .arg(patch.to_string());
    let out = run(&mut cmd);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Polls until the server applies the new schema (it picks up a CRD change asynchronously): a
/// probe that only the new schema rejects is tried until it is rejected.
fn wait_for_new_schema(ctx: &TestContext, group: &str) {
    let probe = format!(
        "apiVersion: {group}/v1\nkind: LLMModel\nmetadata: {{name: probe}}\nspec: {{provider: openai, modelName: a/b}}\n"
    );
    for _ in 0..240 {
        let (ok, stderr) = try_apply(ctx, &ctx.namespace, &probe, &["--dry-run=server"]);
        if !ok {
            assert!(stderr.contains("spec.modelName"), "{stderr}");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    panic!("the server did not take the new schema within a minute");
}

/// Whether an update changing `touched` passes, as the report predicts it.
fn predicted(changes: &[Value], touched: &str) -> bool {
    changes.iter().all(|c| match c["class"].as_str() {
        Some("rejected") => false,
        Some("ratcheted") => c["unchanged"].as_str().is_none_or(|scope| {
            let under = |a: &str, b: &str| {
                a == b || a.starts_with(&format!("{b}.")) || a.starts_with(&format!("{b}["))
            };
            !(under(scope, touched) || under(touched, scope))
        }),
        _ => true,
    })
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one scenario against the server, step by step"
)]
fn verdicts_agree_with_the_api_server_after_the_upgrade() {
    let Some(ctx) = TestContext::new("crd-upgrade-differential") else {
        return;
    };
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let group = ctx.group("gateway.ai.example.com");
    let crd_name = format!("llmmodels.{group}");
    let old = ctx.localize(&fixture("old.yaml"));

    // The old CRD, stored through v1beta1 first, then through v1: storedVersions [v1beta1, v1].
    ctx.apply(
        &old.replace("BETA_STORAGE", "true")
            .replace("V1_STORAGE", "false"),
    );
    ctx.kubectl_ok([
        "wait",
        "--for=condition=Established",
        "--timeout=60s",
        &format!("crd/{crd_name}"),
    ]);
    ctx.apply(
        &old.replace("BETA_STORAGE", "false")
            .replace("V1_STORAGE", "true"),
    );
    let stored = ctx.kubectl_ok([
        "get",
        "crd",
        &crd_name,
        "-o",
        "jsonpath={.status.storedVersions}",
    ]);
    assert_eq!(stored, r#"["v1beta1","v1"]"#);
    ctx.apply(&ctx.localize(&fixture("objects.yaml")));
    ctx.kubectl_ok([
        "patch",
        &crd_name,
        "degraded",
        "-n",
        &ctx.namespace,
        "--subresource=status",
        "--type=merge",
        "-p",
        r#"{"status":{"phase":"Degraded"}}"#,
    ]);
    let before: Value = serde_json::from_str(&ctx.kubectl_ok([
        "get",
        &crd_name,
        "-n",
        &ctx.namespace,
        "-o",
        "json",
    ]))
    .unwrap();
    let before = before["items"].as_array().unwrap().clone();
    assert_eq!(before.len(), 9);

    // The report, before anything changes.
    let dir = tempfile::TempDir::new().unwrap();
    let new_file = dir.path().join("new.yaml");
    let new = ctx.localize(&fixture("new.yaml"));
    std::fs::write(&new_file, &new).unwrap();
    let (code, out, err) = crd_upgrade(
        &ctx,
        &[
            "-f",
            new_file.to_str().unwrap(),
            "-n",
            &ctx.namespace,
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let crd = &report["crds"][0];
    assert_eq!(crd["versionsChecked"], json!(["v1"]));
    assert_eq!(crd["counts"]["checked"], 9);
    let refused: Vec<&str> = crd["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "refused")
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(refused.len(), 1, "{crd}");

    // 1. The CRD-level refusal is the server's answer.
    let (ok, stderr) = try_apply(&ctx, &ctx.namespace, &new, &[]);
    assert!(!ok, "the server took a CRD that drops a stored version");
    assert!(
        stderr.contains(refused[0]),
        "server: {stderr}\ncrd-upgrade: {}",
        refused[0]
    );

    // The accepted variant: v1beta1 stays, not served.
    let accepted = new.replace(
        "  versions:\n",
        "  versions:\n    - name: v1beta1\n      served: false\n      storage: false\n      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n",
    );
    ctx.apply(&accepted);
    wait_for_new_schema(&ctx, &group);

    let objects: BTreeMap<String, &Value> = crd["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap().to_owned(), o))
        .collect();
    let no_changes = Vec::new();
    let changes = |name: &str| {
        objects
            .get(name)
            .map_or(&no_changes, |o| o["changes"].as_array().unwrap())
    };

    // 2. A create of a copy: the same verdict and the same messages.
    let copies = format!("{}-c", ctx.namespace);
    ctx.kubectl_ok(["create", "namespace", &copies]);
    let mut agreed = 0;
    for item in &before {
        let name = item["metadata"]["name"].as_str().unwrap();
        let mut copy = item.clone();
        let meta = copy["metadata"].as_object_mut().unwrap();
        for k in [
            "uid",
            "resourceVersion",
            "creationTimestamp",
            "generation",
            "managedFields",
        ] {
            meta.remove(k);
        }
        meta.insert("namespace".into(), json!(copies));
        let (server_ok, stderr) =
            try_apply(&ctx, &copies, &copy.to_string(), &["--dry-run=server"]);
        let ours = objects
            .get(name)
            .map_or(json!({"accepted": true, "errors": []}), |o| {
                o["create"].clone()
            });
        assert_eq!(
            server_ok,
            ours["accepted"].as_bool().unwrap(),
            "{name}: server {stderr}; crd-upgrade {ours}"
        );
        for m in ours["errors"].as_array().unwrap() {
            assert!(
                stderr.contains(m.as_str().unwrap()),
                "{name}: server {stderr}; crd-upgrade {m}"
            );
        }
        agreed += 1;
    }
    assert_eq!(agreed, 9);

    // 3. A label patch: it passes exactly where the report says ratcheting lets it through;
    // then pruned fields are gone and defaults are there.
    for item in &before {
        let name = item["metadata"]["name"].as_str().unwrap();
        let (ok, stderr) = patch(
            &ctx,
            name,
            &json!({"metadata": {"labels": {"crkit-touched": "yes"}}}),
        );
        assert_eq!(
            ok,
            predicted(changes(name), "metadata.labels"),
            "{name}: {stderr}; {:?}",
            changes(name)
        );
        let now: Value = serde_json::from_str(&ctx.kubectl_ok([
            "get",
            &crd_name,
            name,
            "-n",
            &ctx.namespace,
            "-o",
            "json",
        ]))
        .unwrap();
        for c in changes(name).iter().filter(|c| c["class"] == "pruned") {
            let pointer = c["pointer"].as_str().unwrap();
            assert!(
                item.pointer(pointer).is_some() && now.pointer(pointer).is_none(),
                "{name}: {pointer} still there"
            );
        }
        for d in crd["defaulted"].as_array().unwrap() {
            let pointer = format!("/{}", d["field"].as_str().unwrap().replace('.', "/"));
            assert_eq!(
                now.pointer(&pointer),
                Some(&d["value"]),
                "{name}: {pointer}"
            );
        }
    }

    // 4. A patch of a sibling field under spec: rules of spec and required fields un-ratchet.
    for item in &before {
        let name = item["metadata"]["name"].as_str().unwrap();
        let (ok, stderr) = patch(&ctx, name, &json!({"spec": {"features": ["chat"]}}));
        assert_eq!(
            ok,
            predicted(changes(name), "spec.features"),
            "{name}: {stderr}; {:?}",
            changes(name)
        );
    }
    let failing = |touched: &str| {
        before
            .iter()
            .filter(|i| !predicted(changes(i["metadata"]["name"].as_str().unwrap()), touched))
            .count()
    };
    println!(
        "crd-upgrade differential: {} objects; the CRD refusal, {agreed} create verdicts, {} label patches ({} refused) and {} spec.features patches ({} refused) agree with the server",
        before.len(),
        before.len(),
        failing("metadata.labels"),
        before.len(),
        failing("spec.features"),
    );

    // The report's classes, by object.
    let classes = |name: &str| -> Vec<String> {
        changes(name)
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c["class"].as_str().unwrap(),
                    c["field"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(!objects.contains_key("clean"), "{:?}", classes("clean"));
    assert_eq!(classes("named"), ["pruned spec.displayName"]);
    assert_eq!(classes("slash"), ["ratcheted spec.modelName"]);
    assert_eq!(classes("tmp-model"), ["rejected <nil>"]);
    assert_eq!(classes("no-endpoints"), ["ratcheted spec.endpoints"]);
    assert_eq!(changes("no-endpoints")[0]["unchanged"], "spec");
    assert_eq!(changes("port")[0]["unchanged"], "spec.endpoints[0].port");
    assert_eq!(changes("degraded")[0]["onCreate"], false);
}

#[test]
fn the_demo_upgrade_breaks_two_models_and_prunes_a_third() {
    let Some(ctx) = TestContext::new("crd-upgrade-demo") else {
        return;
    };
    ctx.install_example_crds();
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let objects =
        std::fs::read_to_string(workspace_root().join("examples/objects/llmmodels.yaml")).unwrap();
    ctx.apply(&ctx.localize(&objects));
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("llmmodels.yaml");
    let upgrade = std::fs::read_to_string(
        workspace_root().join("examples/upgrade/gateway.ai.example.com_llmmodels.yaml"),
    )
    .unwrap();
    std::fs::write(&file, ctx.localize(&upgrade)).unwrap();
    let (code, out, err) = crd_upgrade(&ctx, &["-f", file.to_str().unwrap(), "-n", &ctx.namespace]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        out.contains("3 objects checked at v1: 1 with pruned fields, 3 rejected on create"),
        "{out}"
    );
    let (code, out, _) = crd_upgrade(
        &ctx,
        &[
            "-f",
            file.to_str().unwrap(),
            "-n",
            &ctx.namespace,
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let objects = report["crds"][0]["objects"].as_array().unwrap();
    let by_class = |class: &str| -> Vec<&str> {
        objects
            .iter()
            .filter(|o| {
                o["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["class"] == class)
            })
            .map(|o| o["name"].as_str().unwrap())
            .collect()
    };
    assert_eq!(by_class("pruned"), ["gpt-4o"]);
    assert_eq!(by_class("ratcheted"), ["claude-sonnet", "llama-local"]);
    assert_eq!(
        report["crds"][0]["defaulted"][0]["field"],
        "spec.timeoutSeconds"
    );
    assert_eq!(report["crds"][0]["defaulted"][0]["objects"], 3);

    // The narrow ClusterRole of examples/rbac.yaml is enough (bound to the `limited` user, who
    // has no rights otherwise), under a name of this test's own.
    let rbac = std::fs::read_to_string(workspace_root().join("examples/rbac.yaml")).unwrap();
    let role_name = format!("crkit-crd-upgrade-{}", ctx.id);
    let role = rbac
        .split("\n---\n")
        .find(|doc| doc.contains("name: crkit-crd-upgrade\n"))
        .expect("examples/rbac.yaml defines crkit-crd-upgrade")
        .replace("name: crkit-crd-upgrade\n", &format!("name: {role_name}\n"));
    ctx.apply(&ctx.localize(&role));
    ctx.kubectl_ok([
        "create",
        "clusterrolebinding",
        &role_name,
        "--clusterrole",
        &role_name,
        "--user=limited",
    ]);
    let (code, out, err) = crd_upgrade(
        &ctx,
        &[
            "-f",
            file.to_str().unwrap(),
            "--context",
            "limited",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, 1, "{out}\n{err}");
    let limited: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(limited["crds"][0]["counts"]["checked"], 3, "{err}");
}

#[test]
fn a_crd_new_to_the_cluster_has_nothing_stored() {
    let Some(ctx) = TestContext::new("crd-upgrade-new") else {
        return;
    };
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("crd.yaml");
    std::fs::write(&file, ctx.localize(&fixture("new.yaml"))).unwrap();
    let (code, out, err) = crd_upgrade(&ctx, &["-f", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("new CRD, nothing stored"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let Some(ctx) = TestContext::new("crd-upgrade-usage") else {
        return;
    };
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let (code, _, err) = crd_upgrade(&ctx, &["-f", "/no/such/file.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: /no/such/file.yaml"), "{err}");
    let objects = workspace_root().join("examples/objects/llmmodels.yaml");
    let (code, _, err) = crd_upgrade(&ctx, &["-f", objects.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no CustomResourceDefinition"), "{err}");
    let (code, _, err) = crd_upgrade(&ctx, &["-f", objects.to_str().unwrap(), "-A", "-n", "x"]);
    assert_eq!(code, 2, "{err}");
}
