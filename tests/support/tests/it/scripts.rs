//! `scripts/apiserver`: idempotent starts, stop, and restarts that keep the cluster's state.

use std::path::Path;

use crkit_test_support::{render, run, workspace_root};

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

/// `scripts/apiserver env` without `--data-dir` neither invents a default server nor creates
/// its directory: with none running it says how to start one (exit 1); with one running (as
/// `scripts/demo` leaves its own) it prints that one's settings.
#[test]
fn scripts_apiserver_env_finds_the_running_server_or_says_so() {
    let Some(server) = crkit_test_support::server() else {
        return;
    };
    let cache = tempfile::TempDir::new().expect("cache dir");
    // The built binaries, where the script looks for them under this cache root.
    let binaries = server.kubectl.parent().and_then(Path::parent).unwrap();
    std::os::unix::fs::symlink(binaries, cache.path().join("apiserver")).unwrap();
    let data = tempfile::TempDir::new().expect("data dir");
    let data_dir = data.path().join("demo-apiserver");
    let script = |args: &[&str]| {
        let mut cmd = std::process::Command::new("bash");
        crkit_test_support::isolate(&mut cmd);
        run(cmd
            .arg(workspace_root().join("scripts/apiserver"))
            .args(args)
            .env("CRKIT_CACHE_DIR", cache.path()))
    };
    let bin_name = server.kubectl.parent().and_then(Path::file_name).unwrap();
    let out = script(&["env"]);
    assert_eq!(
        render(&out),
        "exit code: 1\n----- stdout -----\n\n----- stderr -----\nerror: no API server is running; start one with: scripts/apiserver start (or scripts/demo)\n"
    );
    assert!(
        !cache.path().join("run/default").exists(),
        "no directory made"
    );

    let dir = data_dir.to_str().unwrap();
    let started = script(&["start", "--data-dir", dir]);
    assert!(started.status.success(), "{}", render(&started));
    let out = script(&["env"]);
    let expected = format!(
        "export KUBECONFIG={dir}/kubeconfig\nexport PATH={}:$PATH\n",
        cache.path().join("apiserver").join(bin_name).display()
    );
    assert_eq!(
        render(&out),
        format!("exit code: 0\n----- stdout -----\n{expected}\n----- stderr -----\n")
    );
    let elsewhere = data.path().join("elsewhere");
    let other = elsewhere.to_str().unwrap();
    let out = script(&["env", "--data-dir", other]);
    assert_eq!(
        render(&out),
        format!(
            "exit code: 1\n----- stdout -----\n\n----- stderr -----\nerror: no API server runs in {other}; start one with: scripts/apiserver start --data-dir {other}\n"
        )
    );
    assert!(!elsewhere.exists(), "no directory made");
    let stopped = script(&["stop", "--data-dir", dir]);
    assert!(stopped.status.success(), "{}", render(&stopped));
}
