//! A discovery cache written before a CRD was installed never hides it: the inventory (with
//! and without `--group`) and categories revalidate the cache, as `kubectl api-resources`
//! does; and tests never share a cache through an exported `CRKIT_CACHE_DIR`.

use std::path::Path;
use std::process::Command;

use crkit_test_support::{TestContext, render, run};

use crate::harness::{crls, setup};

/// The output with the test's own group, namespace and ages made stable.
fn normalized(ctx: &TestContext, out: &std::process::Output) -> String {
    render(out)
        .replace(&ctx.group("ai.example.com"), "GROUP")
        .replace(&ctx.namespace, "NS")
}

/// The inventory of one group, then of all groups, after a CRD was installed into a group the
/// warm cache already knows as empty.
#[test]
fn inventory_lists_a_crd_installed_after_the_cache_was_written() {
    let Some(ctx) = setup("crls-stale-inventory") else {
        return;
    };
    let group = ctx.group("ai.example.com");
    // Warm: the cache is written, and knows no kind of the group.
    let before = crls(&ctx, &["--group", &group]);
    assert_eq!(
        normalized(&ctx, &before),
        "exit code: 0\n----- stdout -----\n\n----- stderr -----\nNo custom resource types found\n"
    );
    ctx.install_open_crd(&group, "sprockets", "Sprocket", &["spr"]);
    let after = crls(&ctx, &["--group", &group]);
    // The table's columns are as wide as the test's own group name: compare the cells.
    let rendered = normalized(&ctx, &after);
    let cells: Vec<Vec<&str>> = rendered
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        cells,
        [
            vec!["exit", "code:", "0"],
            vec!["-----", "stdout", "-----"],
            vec![
                "NAME",
                "KIND",
                "VERSION",
                "SCOPE",
                "SHORTNAMES",
                "CATEGORIES",
                "COUNT"
            ],
            vec![
                "sprockets.GROUP",
                "Sprocket",
                "v1*",
                "Namespaced",
                "spr",
                "<none>",
                "0"
            ],
            vec![],
            vec!["-----", "stderr", "-----"],
        ],
        "{rendered}"
    );
    ctx.install_open_crd(&group, "cogs", "Cog", &[]);
    let all = crls(&ctx, &["-o", "name"]);
    assert!(all.status.success(), "{}", render(&all));
    let names = String::from_utf8_lossy(&all.stdout);
    for crd in [format!("sprockets.{group}"), format!("cogs.{group}")] {
        assert!(
            names.lines().any(|l| l == crd),
            "{crd} missing from\n{names}"
        );
    }
}

/// A category that gained a member since the cache was written lists the new member's objects.
#[test]
fn a_category_lists_a_member_added_after_the_cache_was_written() {
    let Some(ctx) = setup("crls-stale-category") else {
        return;
    };
    let group = ctx.group("ai.example.com");
    let category = format!("c-{}", ctx.id);
    ctx.install_open_crd_in_categories(&group, "sprockets", "Sprocket", &[], &[&category]);
    ctx.apply(&format!(
        "apiVersion: {group}/v1\nkind: Sprocket\nmetadata:\n  name: first\n"
    ));
    let before = crls(&ctx, &[&category, "-n", &ctx.namespace, "-o", "name"]);
    assert_eq!(
        normalized(&ctx, &before),
        "exit code: 0\n----- stdout -----\nsprocket.GROUP/first\n\n----- stderr -----\n"
    );
    ctx.install_open_crd_in_categories(&group, "cogs", "Cog", &[], &[&category]);
    ctx.apply(&format!(
        "apiVersion: {group}/v1\nkind: Cog\nmetadata:\n  name: second\n"
    ));
    let after = crls(&ctx, &[&category, "-n", &ctx.namespace, "-o", "name"]);
    let kubectl = run(ctx
        .kubectl()
        .args(["get", &category, "-n", &ctx.namespace, "-o", "name"]));
    assert_eq!(render(&after), render(&kubectl), "the same as kubectl get");
    let rendered = normalized(&ctx, &after);
    assert!(
        rendered.contains("sprocket.GROUP/first\n") && rendered.contains("cog.GROUP/second\n"),
        "{rendered}"
    );
}

/// With `CRKIT_CACHE_DIR` exported around the tests, a plugin run through a test context still
/// writes its discovery cache under the test's own `HOME`, and sees no `CRKIT_*` variable.
#[test]
fn an_exported_cache_dir_is_not_shared_by_tests() {
    const PROBE: &str = "CRKIT_ISOLATION_PROBE";
    if let Some(shared) = std::env::var_os(PROBE) {
        // The inner run: the parent exported CRKIT_CACHE_DIR=<shared>.
        assert_eq!(std::env::var_os("CRKIT_CACHE_DIR").as_ref(), Some(&shared));
        let Some(ctx) = setup("crls-isolated") else {
            return;
        };
        let out = crls(&ctx, &["--all-kinds", "-o", "name"]);
        assert!(out.status.success(), "{}", render(&out));
        let own = ctx.home().join(".cache/crkit/discovery");
        assert!(own.is_dir(), "the cache is under the test's HOME");
        assert!(
            !Path::new(&shared).join("discovery").exists(),
            "no discovery cache in the exported CRKIT_CACHE_DIR"
        );
        let env = run(&mut ctx.command("env"));
        let env = String::from_utf8_lossy(&env.stdout);
        let leaked: Vec<&str> = env
            .lines()
            .filter(|l| l.starts_with("CRKIT_") || l.starts_with("NO_COLOR="))
            .collect();
        assert!(leaked.is_empty(), "{leaked:?}");
        return;
    }
    // The outer run: this test again, in a child with the variable exported.
    let Some(server) = crkit_test_support::server() else {
        return;
    };
    let shared = std::env::temp_dir().join(format!("crkit-shared-cache-{}", std::process::id()));
    std::fs::create_dir_all(&shared).unwrap();
    // The harness finds the API server's binaries under CRKIT_CACHE_DIR too: the built ones.
    let binaries = server.kubectl.parent().and_then(Path::parent).unwrap();
    std::os::unix::fs::symlink(binaries, shared.join("apiserver")).unwrap();
    let out = run(Command::new(std::env::current_exe().unwrap())
        .args([
            "stale::an_exported_cache_dir_is_not_shared_by_tests",
            "--exact",
            "--nocapture",
        ])
        .env("CRKIT_CACHE_DIR", &shared)
        .env("NO_COLOR", "1")
        .env(PROBE, &shared));
    let _ = std::fs::remove_dir_all(&shared);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", render(&out));
    assert!(stdout.contains("1 passed"), "the inner test ran: {stdout}");
}
