//! Scripted changes print exactly the expected events, in every output format.

use crkit_test_support::TestContext;

use crate::harness::{
    MINUTE, Watch, create, events, model, models, normalize_json, normalize_text, setup,
};

/// Create, patch spec, patch labels, two status updates through the status subresource,
/// delete: exactly the expected lines, as text, as JSON, with `--no-status` and with
/// `--watch-only`, from four watches running at once.
#[test]
fn scripted_changes_print_exactly_the_expected_events() {
    let Some(ctx) = TestContext::new("crwatch-script") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "claude-sonnet", "Claude"));

    let common = ["-n", &ns, "--timeout", "90s"];
    let spawn = |extra: &[&str]| {
        let mut args = vec![res.as_str()];
        args.extend(common);
        args.extend(extra);
        Watch::spawn(&ctx, None, &args)
    };
    let text = spawn(&["--count", "7"]);
    let json = spawn(&["--count", "7", "-o", "json"]);
    let no_status = spawn(&["--count", "5", "--no-status"]);
    let watch_only = spawn(&["--count", "6", "--watch-only", "-v", "4"]);
    for w in [&text, &json, &no_status] {
        w.wait_for("the initial list", MINUTE, |l| !l.is_empty());
    }
    // --watch-only prints nothing before a change; its list must be over before the first
    // one (changes after the list are found by the watch, which starts at the list's version).
    watch_only.wait_for_stderr("the initial list", MINUTE, "watching from resource version");

    create(&ctx, None, &model(&ctx, "gpt-4o", "GPT-4o"));
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--type=merge",
        "-p",
        r#"{"spec":{"rateLimits":{"requestsPerMinute":500},"features":["chat","vision","tools","json-mode","embeddings"]}}"#,
    ]);
    ctx.kubectl_ok(["label", &res, "gpt-4o", "-n", &ns, "tier-", "team=search"]);
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--subresource=status",
        "--type=merge",
        "-p",
        r#"{"status":{"phase":"Pending","observedGeneration":2}}"#,
    ]);
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--subresource=status",
        "--type=merge",
        "-p",
        r#"{"status":{"phase":"Ready"}}"#,
    ]);
    ctx.kubectl_ok(["delete", &res, "gpt-4o", "-n", &ns]);

    let text = text.finish(MINUTE);
    let json = json.finish(MINUTE);
    let no_status = no_status.finish(MINUTE);
    let watch_only = watch_only.finish(MINUTE);
    for f in [&text, &json, &no_status, &watch_only] {
        assert!(f.status.success(), "{f:?}");
    }
    for f in [&text, &json, &no_status] {
        assert!(f.stderr.is_empty(), "nothing on stderr: {}", f.stderr);
    }
    insta::assert_snapshot!("script_text", normalize_text(&ctx, &text.stdout));
    insta::assert_snapshot!("script_json", normalize_json(&ctx, &json.stdout));
    insta::assert_snapshot!("script_no_status", normalize_text(&ctx, &no_status.stdout));
    // --watch-only: the same as the full text output without the initial list.
    let full = normalize_text(&ctx, &text.stdout);
    let changes = full.split_once('\n').expect("a first line").1;
    assert_eq!(normalize_text(&ctx, &watch_only.stdout), changes);

    // The resource versions printed are the objects' own, in order.
    let rvs: Vec<u64> = events(&json.stdout)
        .iter()
        .map(|e| e["resourceVersion"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(rvs[1..].windows(2).all(|w| w[0] < w[1]), "{rvs:?}");
    let claude = ctx.kubectl_ok([
        "get",
        &res,
        "claude-sonnet",
        "-n",
        &ns,
        "-o",
        "jsonpath={.metadata.resourceVersion}",
    ]);
    assert_eq!(rvs[0].to_string(), claude);
}
