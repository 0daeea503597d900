//! kubectl-crvalidate's integration tests, one binary: the command line without a cluster
//! (`cli`), its `--help` texts (`help`), the differential test against the real API server
//! (`differential`), `crd-upgrade` against the real API server (`crd_upgrade`), the built-in
//! kinds the server serves and `--schemas` (`builtins`), and the kind of an aggregated API
//! validated from the cluster's `/openapi/v3` (`aggregated`).

mod aggregated;
mod builtins;
mod cli;
mod crd_upgrade;
mod differential;
mod help;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where the plugin runs (the examples are under it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The plugin with no kubeconfig anywhere, so it never looks for a cluster.
pub fn crvalidate(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    crkit_test_support::isolate(&mut cmd);
    cmd.current_dir(root())
        .env_remove("KUBECONFIG")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env("HOME", home)
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd`: exit code, standard output, standard error.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.output().expect("run kubectl-crvalidate");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
