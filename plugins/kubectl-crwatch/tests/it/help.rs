//! `kubectl crwatch --help` and `kubectl crwatch completion --help`, as users see them: exit
//! code, stdout and stderr.

use std::process::Command;

use crkit_test_support::{render, run};

fn crwatch() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-crwatch"));
    cmd.env("COLUMNS", "100");
    cmd
}

/// `kubectl crwatch --help`, as users see it.
#[test]
fn help() {
    let out = run(crwatch().arg("--help"));
    assert!(out.status.success());
    insta::assert_snapshot!("help", render(&out));
}

#[test]
fn completion_help() {
    let out = run(crwatch().args(["completion", "--help"]));
    assert!(out.status.success());
    insta::assert_snapshot!("completion_help", render(&out));
}
