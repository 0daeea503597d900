//! `scripts/apiserver`: idempotent starts, stop, and restarts that keep the cluster's state.

use crkit_test_support::{run, workspace_root};

/// `scripts/apiserver start` twice gives the same kubeconfig, and a restart on the same data
/// directory and port keeps the objects.
#[test]
fn scripts_apiserver_is_idempotent_and_restarts_keep_state() {
    // Share the build (and the skip decision) with the other tests.
    let Some(server) = crkit_test_support::server() else {
        return;
    };
    let data = tempfile::TempDir::new().expect("data dir");
    let data_dir = data.path().to_str().expect("UTF-8 temp path");
    let script = |args: &[&str]| {
        let out = run(std::process::Command::new("bash")
            .arg(workspace_root().join("scripts/apiserver"))
            .args(args));
        assert!(
            out.status.success(),
            "scripts/apiserver {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .expect("UTF-8")
            .trim()
            .to_owned()
    };
    let kubectl = |kubeconfig: &str, args: &[&str]| {
        let out = run(std::process::Command::new(&server.kubectl)
            .env("KUBECONFIG", kubeconfig)
            .args(args));
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    let first = script(&["start", "--data-dir", data_dir]);
    let second = script(&["start", "--data-dir", data_dir]);
    assert_eq!(first, second, "a second start reuses the running server");
    let status = script(&["status", "--data-dir", data_dir]);
    assert!(status.starts_with("running pid="), "{status}");
    let (ok, _, err) = kubectl(
        &first,
        &["create", "configmap", "survivor", "--from-literal=k=v"],
    );
    assert!(ok, "{err}");
    let (ok, _, err) = kubectl(&first, &["--context", "limited", "get", "configmaps"]);
    assert!(!ok && err.contains("Forbidden"), "{err}");

    let port = status
        .split("server=https://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("status names the server URL")
        .to_owned();
    script(&["stop", "--data-dir", data_dir]);
    let (ok, _, _) = kubectl(&first, &["get", "--raw", "/readyz", "--request-timeout=2s"]);
    assert!(!ok, "the server answers after stop");

    let again = script(&["start", "--data-dir", data_dir, "--port", &port]);
    assert_eq!(again, first);
    let (ok, out, err) = kubectl(
        &again,
        &["get", "configmap", "survivor", "-o", "jsonpath={.data.k}"],
    );
    assert!(ok, "{err}");
    assert_eq!(out, "v");
    script(&["stop", "--data-dir", data_dir]);
}
