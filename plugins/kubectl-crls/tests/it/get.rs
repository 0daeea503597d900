//! `kubectl crls RESOURCE` prints what `kubectl get` prints: built-in and custom kinds, every
//! output format, extra columns, chunked lists, unknown kinds and empty lists.

use crate::harness::{assert_same_as_kubectl, crls, kubectl_get, setup, text, with_examples};

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
    // `.spec.provider` is the CRD's PROVIDER column already: not added a second time (issue
    // 14), which a warning says.
    assert_eq!(
        &header[header.len() - 4..],
        ["AGE", "RPM", "ENDPOINTS", "NOTHING"],
        "{stdout}"
    );
    assert_eq!(
        header.iter().filter(|h| **h == "PROVIDER").count(),
        1,
        "{stdout}"
    );
    assert_eq!(
        text(&out.stderr),
        "warning: the table has a PROVIDER column already; --field PROVIDER is not added again\n"
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

/// `--field .spec.provider` where the CRD prints a Provider column already: the table is
/// kubectl's own (no second PROVIDER), and a warning says the column was not added again.
#[test]
fn a_field_the_table_prints_already_is_not_added_twice() {
    let Some(ctx) = crate::harness::with_examples("crls-dup-field") else {
        return;
    };
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let ns = ctx.namespace.as_str();
    let before = crate::harness::kubectl_get(&ctx, &[&llm, "-n", ns]);
    let ours = crate::harness::crls(&ctx, &[&llm, "-n", ns, "--field", ".spec.provider"]);
    let after = crate::harness::kubectl_get(&ctx, &[&llm, "-n", ns]);
    assert_eq!(ours.status.code(), Some(0));
    assert!(
        ours.stdout == before.stdout || ours.stdout == after.stdout,
        "{}",
        crkit_test_support::render(&ours)
    );
    assert_eq!(
        String::from_utf8_lossy(&ours.stderr),
        "warning: the table has a PROVIDER column already; --field PROVIDER is not added again\n"
    );
    let header = String::from_utf8_lossy(&ours.stdout)
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(header.matches("PROVIDER").count(), 1, "{header}");
}
