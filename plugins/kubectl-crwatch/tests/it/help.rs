//! `kubectl crwatch --help`, as users see it.

use std::process::Command;

use crkit_test_support::run;

/// `kubectl crwatch --help`, as users see it.
#[test]
fn help() {
    let out = run(Command::new(env!("CARGO_BIN_EXE_kubectl-crwatch"))
        .arg("--help")
        .env("COLUMNS", "100"));
    assert!(out.status.success());
    insta::assert_snapshot!("help", String::from_utf8_lossy(&out.stdout));
}
