//! What the crls tests share: a test context with the plugin (and the examples), runs of
//! `kubectl crls` and `kubectl get`, and the comparison of the two.

use std::process::Output;

use crkit_test_support::{TestContext, run, workspace_root, yaml_files};

pub fn setup(name: &str) -> Option<TestContext> {
    let ctx = TestContext::new(name)?;
    ctx.add_plugin("crls", env!("CARGO_BIN_EXE_kubectl-crls"));
    Some(ctx)
}

pub fn with_examples(name: &str) -> Option<TestContext> {
    let ctx = setup(name)?;
    ctx.install_example_crds();
    for path in yaml_files(&workspace_root().join("examples/objects")) {
        let text = std::fs::read_to_string(&path).expect("read example object");
        ctx.apply(&ctx.localize(&text));
    }
    Some(ctx)
}

pub fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

pub fn crls(ctx: &TestContext, args: &[&str]) -> Output {
    run(ctx.kubectl().arg("crls").args(args))
}

pub fn kubectl_get(ctx: &TestContext, args: &[&str]) -> Output {
    run(ctx.kubectl().arg("get").args(args))
}

/// `kubectl crls ARGS` prints exactly what `kubectl get ARGS` prints. Ages can tick between
/// the two runs, so kubectl runs before and after, and crkit must equal one of them.
pub fn assert_same_as_kubectl(ctx: &TestContext, args: &[&str]) {
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
