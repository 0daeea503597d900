//! End-to-end tests of `kubectl crls`, run as `kubectl crls` through the real kubectl against
//! the real API server; `kubectl get` on the same server is the oracle for every output it
//! must reproduce.

use std::process::Output;

use crkit_test_support::{TestContext, run, workspace_root, yaml_files};

fn setup(name: &str) -> Option<TestContext> {
    let ctx = TestContext::new(name)?;
    ctx.add_plugin("crls", env!("CARGO_BIN_EXE_kubectl-crls"));
    Some(ctx)
}

fn with_examples(name: &str) -> Option<TestContext> {
    let ctx = setup(name)?;
    ctx.install_example_crds();
    for path in yaml_files(&workspace_root().join("examples/objects")) {
        let text = std::fs::read_to_string(&path).expect("read example object");
        ctx.apply(&ctx.localize(&text));
    }
    Some(ctx)
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

fn crls(ctx: &TestContext, args: &[&str]) -> Output {
    run(ctx.kubectl().arg("crls").args(args))
}

fn kubectl_get(ctx: &TestContext, args: &[&str]) -> Output {
    run(ctx.kubectl().arg("get").args(args))
}

/// `kubectl crls ARGS` prints exactly what `kubectl get ARGS` prints. Ages can tick between
/// the two runs, so kubectl runs before and after, and crkit must equal one of them.
fn assert_same_as_kubectl(ctx: &TestContext, args: &[&str]) {
    let before = kubectl_get(ctx, args);
    let ours = crls(ctx, args);
    let after = kubectl_get(ctx, args);
    assert!(
        before.status.success(),
        "kubectl get {args:?} failed: {}",
        text(&before.stderr)
    );
    assert!(
        ours.status.success(),
        "kubectl crls {args:?} failed: {}",
        text(&ours.stderr)
    );
    assert!(
        same_but_for_ticking_ages(&ours.stdout, &before.stdout, &after.stdout),
        "kubectl crls {args:?} differs from kubectl get\n--- kubectl get ---\n{}\n--- kubectl crls ---\n{}",
        text(&before.stdout),
        text(&ours.stdout)
    );
}

/// Whether `ours` equals kubectl's output taken just before or just after it, line by line:
/// each object's AGE ticks on its own second, so with many objects created over several
/// seconds neither whole output may match, while every line matches one of them.
fn same_but_for_ticking_ages(ours: &[u8], before: &[u8], after: &[u8]) -> bool {
    if ours == before || ours == after {
        return true;
    }
    let (ours, before, after) = (text(ours), text(before), text(after));
    let (o, b, a): (Vec<&str>, Vec<&str>, Vec<&str>) = (
        ours.split('\n').collect(),
        before.split('\n').collect(),
        after.split('\n').collect(),
    );
    o.len() == b.len()
        && o.len() == a.len()
        && o.iter()
            .zip(b.iter().zip(&a))
            .all(|(o, (b, a))| o == b || o == a)
}

#[test]
fn outputs_equal_kubectl_get_for_custom_and_built_in_kinds() {
    let Some(ctx) = with_examples("crls-outputs") else {
        return;
    };
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let routes = format!("llmroutes.{}", ctx.group("gateway.ai.example.com"));
    let tenants = format!("tenantconfigurations.{}", ctx.group("ai.example.com"));
    let endpoints = format!("modelendpoints.{}", ctx.group("ai.example.com"));
    ctx.kubectl_ok([
        "create",
        "configmap",
        "settings",
        "-n",
        &ctx.namespace,
        "--from-literal=mode=yes",
        "--from-literal=ratio=1.0",
        "--from-literal=motd=line one\nline two",
    ]);
    ctx.kubectl_ok([
        "label",
        "configmap",
        "settings",
        "-n",
        &ctx.namespace,
        "tier=internal",
    ]);
    let ns = ctx.namespace.as_str();
    let cases: Vec<Vec<&str>> = vec![
        vec![&llm, "-n", ns],
        vec![&llm, "-n", ns, "-o", "wide"],
        vec![&llm, "-n", ns, "-o", "name"],
        vec![&llm, "-n", ns, "-o", "yaml"],
        vec![&llm, "-n", ns, "-o", "json"],
        vec![&llm, "-n", ns, "-o", "jsonpath={.items[*].metadata.name}"],
        vec![
            &llm,
            "-n",
            ns,
            "-o",
            "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.spec.provider}{\"\\n\"}{end}",
        ],
        vec![
            &llm,
            "-n",
            ns,
            "-o",
            "custom-columns=NAME:.metadata.name,PROVIDER:.spec.provider,FEATURES:.spec.features,MISSING:.spec.nothing",
        ],
        vec![&llm, "gpt-4o", "-n", ns],
        vec![&llm, "gpt-4o", "-n", ns, "-o", "yaml"],
        vec![&llm, "-n", ns, "--show-labels"],
        vec![&llm, "-n", ns, "-L", "tier"],
        vec![&llm, "-n", ns, "--show-kind"],
        vec![&llm, "-n", ns, "--no-headers"],
        vec![&llm, "-n", ns, "-l", "tier=premium"],
        vec![&llm, "-n", ns, "--sort-by", ".spec.contextWindow"],
        vec![&routes, "-n", ns],
        vec![&routes, "-n", ns, "-o", "yaml"],
        vec![&endpoints, "-n", ns, "-o", "yaml"],
        vec![&tenants],
        vec![&tenants, "-o", "json"],
        vec!["configmaps", "-n", ns],
        vec!["configmaps", "settings", "-n", ns, "-o", "yaml"],
        vec!["configmaps", "-n", ns, "-o", "json"],
        vec!["namespaces", ns],
        vec!["namespaces", ns, "-o", "wide"],
    ];
    for args in &cases {
        assert_same_as_kubectl(&ctx, args);
    }
    let both = format!("{llm},{routes}");
    assert_same_as_kubectl(&ctx, &[&both, "-n", ns]);
    assert_same_as_kubectl(&ctx, &[&both, "-n", ns, "-o", "name"]);
}

#[test]
fn extra_field_columns() {
    let Some(ctx) = with_examples("crls-fields") else {
        return;
    };
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let out = crls(
        &ctx,
        &[
            &llm,
            "-n",
            &ctx.namespace,
            "--field",
            ".spec.provider",
            "--field",
            "RPM=.spec.rateLimits.requestsPerMinute",
            "--field",
            ".spec.endpoints[0]",
            "--field",
            ".spec.nothing",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        &header[header.len() - 4..],
        ["PROVIDER", "RPM", "ENDPOINTS", "NOTHING"],
        "{stdout}"
    );
    let row = |name: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{stdout}"))
            .to_string()
    };
    let gpt = row("gpt-4o");
    assert!(gpt.contains("openai") && gpt.contains("1000"), "{gpt}");
    let cells: Vec<&str> = gpt.split_whitespace().collect();
    assert_eq!(&cells[cells.len() - 2..], ["<none>", "<none>"], "{gpt}");
    let llama = row("llama-local");
    assert!(
        llama.contains(r#"{"name":"gpu-a","url":"http://llama-a.models.svc:8000/v1","weight":3}"#),
        "an object field prints as JSON: {llama}"
    );
    let claude = row("claude-sonnet");
    assert!(
        claude.contains("50%"),
        "int-or-string prints as it is: {claude}"
    );
}

#[test]
fn chunked_lists_arrive_whole_in_order_in_the_expected_requests() {
    let Some(ctx) = setup("crls-chunks") else {
        return;
    };
    let mut list = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..2000 {
        let item = format!(
            "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-{i:04}\n  data:\n    i: \"{i}\"\n"
        );
        list.push_str(&item);
    }
    ctx.apply(&list);
    let ns = ctx.namespace.as_str();
    // Warm the discovery cache, so that the counted run makes list requests only.
    let warm = crls(
        &ctx,
        &["configmaps", "-n", ns, "-o", "name", "--chunk-size", "100"],
    );
    assert!(warm.status.success(), "{}", text(&warm.stderr));
    let out = crls(
        &ctx,
        &[
            "configmaps",
            "-n",
            ns,
            "-o",
            "name",
            "--chunk-size",
            "100",
            "-v",
            "6",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    let expected: Vec<String> = std::iter::once("configmap/kube-root-ca.crt".to_owned())
        .filter(|_| names.iter().any(|n| n == "configmap/kube-root-ca.crt"))
        .chain((0..2000).map(|i| format!("configmap/cm-{i:04}")))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "in the server's order (by name)");
    let ours: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("configmap/cm-"))
        .collect();
    assert_eq!(ours.len(), 2000, "every object once");
    assert_eq!(names.len(), expected.len());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("requests: 20 sent"),
        "2000 objects in pages of 100 are 20 list requests:\n{stderr}"
    );
    // The pages print as one table, aligned over all rows, headers once, as kubectl prints
    // them. The server fills a ConfigMap's AGE itself, per page, and 2,000 objects made over
    // several seconds age while the three runs go: AGE, the last column, is left out.
    let args = ["configmaps", "-n", ns, "--chunk-size", "100"];
    let before = kubectl_get(&ctx, &args);
    let ours = crls(&ctx, &args);
    let after = kubectl_get(&ctx, &args);
    let (before, ours, after) = (
        without_last_column(&before.stdout),
        without_last_column(&ours.stdout),
        without_last_column(&after.stdout),
    );
    assert_eq!(
        ours.lines().count(),
        2001,
        "a header and 2000 rows:\n{ours}"
    );
    assert!(
        ours == before || ours == after,
        "kubectl crls {args:?} differs from kubectl get\n--- kubectl get ---\n{before}\n--- kubectl crls ---\n{ours}"
    );
}

/// Each line of a table without its last column and the padding before it.
fn without_last_column(table: &[u8]) -> String {
    text(table)
        .lines()
        .map(|line| {
            line.trim_end()
                .rsplit_once(' ')
                .map_or(line, |(rest, _)| rest.trim_end())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn forbidden_names_verb_resource_group_and_namespace() {
    let Some(ctx) = with_examples("crls-forbidden") else {
        return;
    };
    let group = ctx.group("gateway.ai.example.com");
    let llm = format!("llmmodels.{group}");
    let out = crls(&ctx, &[&llm, "-n", &ctx.namespace, "--context", "limited"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let expected = format!(
        "Error from server (Forbidden): {llm} is forbidden: User \"limited\" cannot list resource \"llmmodels\" in API group \"{group}\" in the namespace \"{}\"",
        ctx.namespace
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "hint: an admin can grant it with: kubectl create role llmmodels-list --verb=list --resource={llm} -n {}",
            ctx.namespace
        )),
        "{stderr}"
    );
    assert!(text(&out.stdout).is_empty(), "nothing on stdout");
}

#[test]
fn a_dead_context_is_an_error_row_not_a_failed_run() {
    let Some(ctx) = with_examples("crls-contexts") else {
        return;
    };
    // A copy of the kubeconfig with one more context, pointing at a port nothing listens on.
    let kubeconfig = std::fs::read_to_string(&ctx.server.kubeconfig).unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let extended = kubeconfig
        .replace(
            "contexts:\n",
            &format!(
                "contexts:\n- name: dead\n  context:\n    cluster: dead\n    user: admin\n    namespace: {}\n",
                ctx.namespace
            ),
        )
        .replace(
            "clusters:\n",
            &format!("clusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:{port}\n    insecure-skip-tls-verify: true\n"),
        );
    let path = ctx.home().join("kubeconfig-with-dead");
    std::fs::write(&path, extended).unwrap();
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let out = run(ctx.kubectl().env("KUBECONFIG", &path).args([
        "crls",
        &llm,
        "-n",
        &ctx.namespace,
        "--context",
        "admin,dead",
        "--request-timeout",
        "5s",
    ]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("CONTEXT"), "{stdout}");
    for model in ["gpt-4o", "claude-sonnet", "llama-local"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with("admin") && l.contains(model)),
            "{model} from the live context:\n{stdout}"
        );
    }
    let dead_row = stdout
        .lines()
        .find(|l| l.starts_with("dead"))
        .unwrap_or_else(|| panic!("an error row for the dead context:\n{stdout}"));
    assert!(dead_row.contains("<error:"), "{dead_row}");
    assert!(text(&out.stderr).contains("context \"dead\""));
}

#[test]
fn inventory_lists_custom_kinds_with_counts() {
    let Some(ctx) = with_examples("crls-inventory") else {
        return;
    };
    let group = ctx.group("gateway.ai.example.com");
    let out = crls(&ctx, &["--group", &group, "-n", &ctx.namespace]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        [
            "NAME",
            "KIND",
            "VERSION",
            "SCOPE",
            "SHORTNAMES",
            "CATEGORIES",
            "COUNT"
        ]
    );
    assert_eq!(
        lines[1],
        [
            format!("llmmodels.{group}").as_str(),
            "LLMModel",
            "v1*",
            "Namespaced",
            "llm",
            "ai-gateway",
            "3"
        ]
    );
    assert_eq!(
        lines[2],
        [
            format!("llmroutes.{group}").as_str(),
            "LLMRoute",
            "v1*",
            "Namespaced",
            "llmr",
            "ai-gateway",
            "2"
        ]
    );
    assert_eq!(lines.len(), 3, "{stdout}");
    let tenants = ctx.group("ai.example.com");
    let out = crls(&ctx, &["--group", &tenants, "-o", "name"]);
    assert_eq!(
        text(&out.stdout),
        format!(
            "gatewayroutes.{tenants}\nmodelendpoints.{tenants}\ntenantconfigurations.{tenants}\n"
        )
    );
}

#[test]
fn unknown_kinds_and_empty_lists_speak_like_kubectl() {
    let Some(ctx) = with_examples("crls-unknown") else {
        return;
    };
    let out = crls(&ctx, &["llmodels.nope.example.com"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).lines().next(),
        Some(
            "error: the server doesn't have a resource type \"llmodels\" in group \"nope.example.com\""
        )
    );
    let group = ctx.group("gateway.ai.example.com");
    let out = crls(&ctx, &[&format!("llmodels.{group}")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!("hint: did you mean llmmodels.{group}?")),
        "{}",
        text(&out.stderr)
    );
    ctx.kubectl_ok(["create", "namespace", &format!("{}-empty", ctx.namespace)]);
    let empty = format!("{}-empty", ctx.namespace);
    let out = crls(&ctx, &[&format!("llmmodels.{group}"), "-n", &empty]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!("No resources found in {empty} namespace.\n")
    );
    let out = crls(
        &ctx,
        &[
            &format!("llmmodels.{group}"),
            "missing",
            "-n",
            &ctx.namespace,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!("Error from server (NotFound): llmmodels.{group} \"missing\" not found\n")
    );
}

#[test]
fn help_text() {
    let out = run(std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-crls")).arg("--help"));
    assert!(out.status.success());
    insta::assert_snapshot!(text(&out.stdout));
}
