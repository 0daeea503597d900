//! `kubectl crls --help` and `kubectl crls completion --help`, as users see them: exit code,
//! stdout and stderr.

use std::process::Command;

use crkit_test_support::{render, run};

fn crls() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kubectl-crls"))
}

#[test]
fn help_text() {
    let out = run(crls().arg("--help"));
    assert!(out.status.success());
    insta::assert_snapshot!(render(&out));
}

#[test]
fn completion_help() {
    let out = run(crls().args(["completion", "--help"]));
    assert!(out.status.success());
    insta::assert_snapshot!(render(&out));
}
