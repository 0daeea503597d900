//! How a watch ends: at once with kubectl's message on Forbidden and on a deleted
//! CustomResourceDefinition, with exit 0 on Ctrl-C.

use std::process::Command;
use std::time::Duration;

use crkit_test_support::{TestContext, run};

use crate::harness::{MINUTE, Watch, create, model, models, normalize_text, setup};

/// Forbidden ends the run at once, with kubectl's message and a hint; a CustomResourceDefinition
/// deleted while it is watched ends it after the objects' deletions.
#[test]
fn forbidden_and_deleted_crds_end_the_run() {
    let Some(ctx) = TestContext::new("crwatch-fatal") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "a", "a"));

    // The limited user, chosen by user or by the context that names it.
    for flag in ["--user", "--context"] {
        let out = run(ctx
            .kubectl()
            .args(["crwatch", &res, "-n", &ns, flag, "limited"]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {stderr}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr.starts_with("Error from server (Forbidden): ")
                && stderr.contains("User \"limited\" cannot list resource \"llmmodels\"")
                && stderr.contains("\nhint: an admin can grant it with: kubectl create role"),
            "{flag}: {stderr}"
        );
    }

    let watch = Watch::spawn(&ctx, None, &[&res, "-n", &ns, "--timeout", "90s"]);
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    ctx.kubectl_ok(["delete", "crd", &res, "--wait=false"]);
    let finished = watch.finish(MINUTE);
    assert_eq!(finished.status.code(), Some(1), "{finished:?}");
    assert!(
        finished.stdout[1].contains("DELETED   LLMModel/a"),
        "{finished:?}"
    );
    assert_eq!(
        finished.stderr,
        format!(
            "error: {res} is no longer served (the server answers 404 Not Found: was its CustomResourceDefinition deleted?)\n"
        )
    );
}

/// The Forbidden hint grants every verb crwatch needs (list and watch): an admin running it
/// once is enough for the watch to work.
#[test]
fn following_the_forbidden_hint_once_makes_the_watch_work() {
    let Some(ctx) = TestContext::new("crwatch-hint") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "a", "a"));
    let args = [
        "crwatch",
        res.as_str(),
        "-n",
        &ns,
        "--context",
        "limited",
        "--count",
        "1",
        "--timeout",
        "60s",
    ];
    let out = run(ctx.kubectl().args(args));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        crate::harness::unlocalize(&ctx, &crkit_test_support::render(&out)),
        "exit code: 1
----- stdout -----

----- stderr -----
Error from server (Forbidden): llmmodels.gateway.ai.example.com is forbidden: User \"limited\" cannot list resource \"llmmodels\" in API group \"gateway.ai.example.com\" in the namespace \"NS\"
hint: an admin can grant it with: kubectl create role llmmodels-list-watch --verb=list,watch --resource=llmmodels.gateway.ai.example.com -n NS && kubectl create rolebinding llmmodels-list-watch --role=llmmodels-list-watch --user=limited -n NS
"
    );
    let grant = stderr
        .lines()
        .find_map(|l| l.strip_prefix("hint: an admin can grant it with: "))
        .expect("a hint with the commands");
    // As the admin (the kubeconfig's current context), once.
    let out = run(ctx.command("sh").args(["-c", grant]));
    assert!(out.status.success(), "{out:?}");
    let out = run(ctx.kubectl().args(args));
    let rendered = normalize_text(
        &ctx,
        &[String::from_utf8_lossy(&out.stdout).trim_end().to_owned()],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(rendered, "TIME  ADDED     LLMModel/a  NS\n");
    assert!(out.stderr.is_empty(), "{out:?}");
}

/// Ctrl-C (SIGINT) ends a watch at once with exit 0, its output complete.
#[test]
fn ctrl_c_exits_0_at_once() {
    let Some(ctx) = TestContext::new("crwatch-ctrl-c") else {
        return;
    };
    let ctx = setup(ctx);
    create(&ctx, None, &model(&ctx, "a", "a"));
    let watch = Watch::spawn(&ctx, None, &[&models(&ctx), "-n", &ctx.namespace]);
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    let pid = watch.child.id().to_string();
    assert!(
        run(Command::new("kill").args(["-INT", &pid]))
            .status
            .success()
    );
    let finished = watch.finish(Duration::from_secs(5));
    assert!(finished.status.success(), "{finished:?}");
    assert_eq!(
        normalize_text(&ctx, &finished.stdout),
        "TIME  ADDED     LLMModel/a  NS\n"
    );
    assert!(finished.stderr.is_empty(), "{}", finished.stderr);
}
