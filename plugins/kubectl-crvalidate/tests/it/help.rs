//! The help texts as users read them: exit code, standard output and standard error together.

use crate::{crvalidate, run};

/// `kubectl crvalidate ARGS` at a fixed terminal width, rendered for a snapshot.
fn render(args: &[&str]) -> String {
    let home = tempfile::TempDir::new().unwrap();
    let mut cmd = crvalidate(home.path());
    cmd.args(args).env("COLUMNS", "100");
    // `[env: CRKIT_CACHE_TTL=...]` would show a value set around the test.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("CRKIT_") {
            cmd.env_remove(name);
        }
    }
    let (code, stdout, stderr) = run(&mut cmd);
    format!("exit code: {code}\n----- stdout -----\n{stdout}----- stderr -----\n{stderr}")
}

#[test]
fn help() {
    insta::assert_snapshot!("help", render(&["--help"]));
}

#[test]
fn completion_help() {
    insta::assert_snapshot!("completion_help", render(&["completion", "--help"]));
}

#[test]
fn crd_upgrade_help() {
    insta::assert_snapshot!("crd_upgrade_help", render(&["crd-upgrade", "--help"]));
}
