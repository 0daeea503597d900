//! `kubectl crls --help`, as users see it.

use crkit_test_support::run;

use crate::harness::text;

#[test]
fn help_text() {
    let out = run(std::process::Command::new(env!("CARGO_BIN_EXE_kubectl-crls")).arg("--help"));
    assert!(out.status.success());
    insta::assert_snapshot!(text(&out.stdout));
}
