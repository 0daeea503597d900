//! Failures as kubectl reports them: Forbidden with a hint, a dead context as an error row.

use crkit_test_support::run;

use crate::harness::{crls, text, with_examples};

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

/// A template format without its template gets kubectl's message (not a list of the allowed
/// formats, which names it); crls keeps its usage exit code, 2, where kubectl exits 1.
#[test]
fn a_template_format_without_a_template_says_so_as_kubectl() {
    let Some(ctx) = crate::harness::setup("crls-no-template") else {
        return;
    };
    for (format, message) in [
        (
            "jsonpath",
            "template format specified but no template given",
        ),
        (
            "jsonpath=",
            "template format specified but no template given",
        ),
        (
            "custom-columns",
            "custom-columns format specified but no custom columns given",
        ),
    ] {
        let ours = crate::harness::crls(&ctx, &["configmaps", "-o", format]);
        assert_eq!(
            crkit_test_support::render(&ours),
            format!("exit code: 2\n----- stdout -----\n\n----- stderr -----\nerror: {message}\n")
        );
        let kubectl = crate::harness::kubectl_get(&ctx, &["configmaps", "-o", format]);
        assert_eq!(
            crkit_test_support::render(&kubectl),
            format!("exit code: 1\n----- stdout -----\n\n----- stderr -----\nerror: {message}\n"),
            "kubectl's own wording"
        );
    }
}
