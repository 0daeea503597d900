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
