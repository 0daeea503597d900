//! Several kinds merge into one stream; names filter it.

use crkit_test_support::TestContext;

use crate::harness::{MINUTE, Watch, create, model, models, normalize_text, patch_display, setup};

/// Several kinds, by full name and comma-separated, merge into one stream; one object by name.
#[test]
fn several_kinds_merge_and_names_filter() {
    let Some(ctx) = TestContext::new("crwatch-kinds") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let routes = format!("llmroutes.{}", ctx.group("gateway.ai.example.com"));
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "a", "a"));
    create(
        &ctx,
        None,
        &ctx.localize(
            "apiVersion: gateway.ai.example.com/v1\nkind: LLMRoute\nmetadata:\n  name: r\nspec:\n  backends:\n    - modelRef: a\n      weight: 100\n",
        ),
    );
    let both = format!("{res},{routes}");
    let merged = Watch::spawn(
        &ctx,
        None,
        &[&both, "-n", &ns, "--count", "3", "--timeout", "60s"],
    );
    let one = Watch::spawn(
        &ctx,
        None,
        &[
            &res,
            "b",
            "-n",
            &ns,
            "--count",
            "2",
            "--timeout",
            "60s",
            "-v",
            "4",
        ],
    );
    merged.wait_for("the initial lists", MINUTE, |l| l.len() == 2);
    one.wait_for_stderr("the initial list", MINUTE, "watching from resource version");
    create(&ctx, None, &model(&ctx, "b", "b"));
    patch_display(&ctx, "a", "not b");
    patch_display(&ctx, "b", "b!");
    let merged = merged.finish(MINUTE);
    let one = one.finish(MINUTE);
    assert!(merged.status.success(), "{merged:?}");
    assert!(one.status.success(), "{one:?}");
    let mut initial = merged.stdout[..2].to_vec();
    initial.sort_by_key(|l| l.contains("LLMRoute"));
    let text = normalize_text(&ctx, &initial) + &normalize_text(&ctx, &merged.stdout[2..]);
    assert_eq!(
        text,
        "TIME  ADDED     LLMModel/a  NS\nTIME  ADDED     LLMRoute/r  NS\nTIME  ADDED     LLMModel/b  NS\n"
    );
    assert_eq!(
        normalize_text(&ctx, &one.stdout),
        "TIME  ADDED     LLMModel/b  NS\nTIME  MODIFIED  LLMModel/b  NS  generation 2\n  spec.displayName: \"b\" → \"b!\"\n"
    );
}
