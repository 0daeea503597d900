//! How crls reaches the cluster, as kubectl does, on the real server: proxies (HTTPS_PROXY and
//! NO_PROXY, a kubeconfig's proxy-url, SOCKS5, a proxy that refuses), KUBECONFIG merging, the
//! global flags (--as, -s/--server, --token, TLS flags), exec credential plugins, and what
//! kubectl would say for a bad kubeconfig or context. The flags live in crates/plugin and the
//! logic in crates/discovery; crls is the plugin that runs them here.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crkit_test_support::connect_proxy::{Refusal, TestProxy, refusing_url};
use crkit_test_support::{TestContext, run};

use crate::harness::{setup, text};

/// The server's kubeconfig, with what the tests take apart.
struct Kubeconfig {
    text: String,
    /// `https://127.0.0.1:<port>`.
    server: String,
    addr: SocketAddr,
    admin_token: String,
    ca: PathBuf,
}

fn kubeconfig(ctx: &TestContext) -> Kubeconfig {
    let text = std::fs::read_to_string(&ctx.server.kubeconfig).expect("read kubeconfig");
    let server = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("server: "))
        .expect("a server line")
        .trim()
        .to_owned();
    let addr = server
        .trim_start_matches("https://")
        .parse()
        .expect("server is https://<ip>:<port>");
    let admin_token = text
        .split("- name: admin\n")
        .nth(1)
        .and_then(|rest| rest.lines().find_map(|l| l.trim().strip_prefix("token: ")))
        .expect("the admin user's token")
        .trim()
        .to_owned();
    let ca = ctx
        .server
        .kubeconfig
        .parent()
        .expect("data dir")
        .join("pki/ca.crt");
    assert!(ca.is_file(), "{} missing", ca.display());
    Kubeconfig {
        text,
        server,
        addr,
        admin_token,
        ca,
    }
}

impl Kubeconfig {
    /// A copy in the test's home with `edit` applied.
    fn write(&self, ctx: &TestContext, name: &str, edit: impl FnOnce(&str) -> String) -> PathBuf {
        let path = ctx.home().join(name);
        std::fs::write(&path, edit(&self.text)).expect("write kubeconfig");
        path
    }

    /// A copy whose cluster also has `proxy-url: <proxy>`.
    fn with_proxy_url(&self, ctx: &TestContext, name: &str, proxy: &str) -> PathBuf {
        self.write(ctx, name, |t| {
            t.replacen(
                &format!("server: {}", self.server),
                &format!("server: {}\n    proxy-url: {proxy}", self.server),
                1,
            )
        })
    }
}

/// `kubectl crls ARGS` with `KUBECONFIG=kubeconfig` and no proxy variables but `env`.
fn crls_with(ctx: &TestContext, kubeconfig: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = ctx.kubectl();
    cmd.env("KUBECONFIG", kubeconfig);
    clear_proxy_env(&mut cmd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd.arg("crls").args(args))
}

fn clear_proxy_env(cmd: &mut Command) {
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
}

fn assert_lists_namespace(out: &Output, ctx: &TestContext) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains(&ctx.namespace),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn https_proxy_carries_requests_and_no_proxy_bypasses_it() {
    let Some(ctx) = setup("crls-https-proxy") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    // kubectl never proxies loopback from the environment: name the server `kubernetes` (its
    // certificate has that name), which only the proxy resolves.
    let by_name = kc.write(&ctx, "by-name", |t| {
        t.replace(
            &kc.server,
            &format!("https://kubernetes:{}", kc.addr.port()),
        )
    });
    let proxy = TestProxy::connect();
    proxy.resolve("kubernetes", kc.addr);
    let url = proxy.url();
    let args = ["namespaces", &ctx.namespace];
    let out = crls_with(&ctx, &by_name, &[("HTTPS_PROXY", &url)], &args);
    assert_lists_namespace(&out, &ctx);
    assert!(proxy.connects() > 0, "no CONNECT went through the proxy");
    let target = format!("kubernetes:{}", kc.addr.port());
    assert!(
        proxy.targets().iter().all(|t| *t == target),
        "{:?}",
        proxy.targets()
    );
    // Lower case works as well, as in Go.
    let before = proxy.connects();
    let out = crls_with(&ctx, &by_name, &[("https_proxy", &url)], &args);
    assert_lists_namespace(&out, &ctx);
    assert!(proxy.connects() > before);

    // NO_PROXY entries as Go's httpproxy matches them: a name, a suffix, `*`.
    for no_proxy in [
        "kubernetes",
        "example.com,kubernetes",
        "*",
        ".svc,kubernetes:443,kubernetes",
    ] {
        let before = proxy.connects();
        let out = crls_with(
            &ctx,
            &by_name,
            &[("HTTPS_PROXY", &url), ("NO_PROXY", no_proxy)],
            &args,
        );
        // Bypassed: the client resolves `kubernetes` itself, which this machine cannot.
        assert_eq!(out.status.code(), Some(1), "NO_PROXY={no_proxy}");
        assert_eq!(
            proxy.connects(),
            before,
            "NO_PROXY={no_proxy} was not honoured"
        );
    }
    // An entry for another port or another domain does not bypass it.
    let before = proxy.connects();
    let out = crls_with(
        &ctx,
        &by_name,
        &[
            ("HTTPS_PROXY", &url),
            ("NO_PROXY", "kubernetes:1,.example.com,10.0.0.0/8,,"),
        ],
        &args,
    );
    assert_lists_namespace(&out, &ctx);
    assert!(proxy.connects() > before);

    // The loopback server itself is never proxied from the environment, as kubectl.
    let before = proxy.connects();
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[("HTTPS_PROXY", &url)],
        &args,
    );
    assert_lists_namespace(&out, &ctx);
    assert_eq!(
        proxy.connects(),
        before,
        "a loopback server went through the proxy"
    );
}

#[test]
fn kubeconfig_proxy_url_http_and_socks5() {
    let Some(ctx) = setup("crls-proxy-url") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let args = ["namespaces", &ctx.namespace];
    let proxy = TestProxy::connect();
    let path = kc.with_proxy_url(&ctx, "http-proxy-url", &proxy.url());
    // proxy-url wins over NO_PROXY and applies to loopback too, as in client-go.
    let out = crls_with(&ctx, &path, &[("NO_PROXY", "127.0.0.1,localhost")], &args);
    assert_lists_namespace(&out, &ctx);
    assert!(proxy.connects() > 0);
    assert!(
        proxy.targets().iter().all(|t| *t == kc.addr.to_string()),
        "{:?}",
        proxy.targets()
    );

    let socks = TestProxy::socks5();
    let path = kc.with_proxy_url(&ctx, "socks-proxy-url", &socks.url());
    let out = crls_with(&ctx, &path, &[], &args);
    assert_lists_namespace(&out, &ctx);
    assert!(
        socks.connects() > 0,
        "nothing went through the SOCKS5 proxy"
    );
    assert!(
        socks.targets().iter().all(|t| *t == kc.addr.to_string()),
        "{:?}",
        socks.targets()
    );

    let path = kc.with_proxy_url(&ctx, "ftp-proxy-url", "ftp://127.0.0.1:21");
    let out = crls_with(&ctx, &path, &[], &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unsupported scheme \"ftp\", must be http, https, or socks5"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_proxy_that_refuses_is_a_clear_error_not_a_hang() {
    let Some(ctx) = setup("crls-proxy-refuses") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let args = ["namespaces", &ctx.namespace, "--request-timeout", "10s"];
    let dead = refusing_url();
    let forbidding = TestProxy::connect();
    forbidding.set_refusal(Refusal::Status(403));
    let socks = TestProxy::socks5();
    socks.set_refusal(Refusal::Status(403));
    for (name, proxy) in [
        ("dead", dead.clone()),
        ("forbidding", forbidding.url()),
        ("socks", socks.url()),
    ] {
        let path = kc.with_proxy_url(&ctx, name, &proxy);
        let started = Instant::now();
        let out = crls_with(&ctx, &path, &[], &args);
        let took = started.elapsed();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(&format!("through proxy {proxy}")),
            "{name}: {stderr}"
        );
        assert!(took < Duration::from_secs(30), "{name} took {took:?}");
        assert!(text(&out.stdout).is_empty());
    }
}

#[test]
fn kubeconfig_lists_merge_like_kubectl() {
    let Some(ctx) = setup("crls-kubeconfig-merge") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let real = ctx.server.kubeconfig.display().to_string();
    let args = ["namespaces", &ctx.namespace];
    let missing = ctx.home().join("missing/config");
    let list = format!("{}:{real}", missing.display());
    let out = crls_with(&ctx, Path::new(&list), &[], &args);
    assert_lists_namespace(&out, &ctx);
    let out = crls_with(&ctx, Path::new(&list), &[], &["--all-contexts"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The first file wins per name: a copy with a wrong admin token first is used whole.
    let wrong = kc.write(&ctx, "wrong-token", |t| {
        t.replace(&kc.admin_token, "not-the-token")
    });
    let first_real = format!("{real}:{}", wrong.display());
    let out = crls_with(&ctx, Path::new(&first_real), &[], &args);
    assert_lists_namespace(&out, &ctx);
    let first_wrong = format!("{}:{real}", wrong.display());
    let out = crls_with(&ctx, Path::new(&first_wrong), &[], &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Unauthorized"),
        "{}",
        text(&out.stderr)
    );

    // --kubeconfig is one file that must exist.
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &["namespaces", "--kubeconfig", &missing.display().to_string()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: stat {}: no such file or directory\n",
            missing.display()
        )
    );

    // A malformed file is named, once, with plain quotes.
    let bad = kc.write(&ctx, "bad.yaml", |_| "clusters: [\n  - {".to_owned());
    let list = format!("{real}:{}", bad.display());
    let out = crls_with(&ctx, Path::new(&list), &[], &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: error loading config file \"{}\": ",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("'\""), "doubled quotes: {stderr}");
}

#[test]
fn unknown_context_says_so_and_lists_the_known_ones() {
    let Some(ctx) = setup("crls-context-prod") else {
        return;
    };
    let out = crls_with(&ctx, &ctx.server.kubeconfig, &[], &["--context", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: context was not found for specified context: prod\nhint: known contexts: admin, limited\n"
    );
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn impersonation_flags() {
    let Some(ctx) = setup("crls-as-limited") else {
        return;
    };
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &["configmaps", "-n", &ctx.namespace, "--as", "limited"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "Error from server (Forbidden): configmaps is forbidden: User \"limited\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"{}\"",
            ctx.namespace
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "hint: an admin can grant it with: kubectl create role configmaps-list --verb=list --resource=configmaps -n {} && kubectl create rolebinding configmaps-list --role=configmaps-list --user=limited -n {}",
            ctx.namespace, ctx.namespace
        )),
        "{stderr}"
    );
    // Groups without a user are refused before any request, in kubectl's words.
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &["namespaces", "--as-group", "system:masters"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "requesting uid, groups or user-extra for admin without impersonating a user"
        ),
        "{}",
        text(&out.stderr)
    );
    // --as with a group the admin may impersonate works (admin is cluster-admin).
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &[
            "namespaces",
            &ctx.namespace,
            "--as",
            "someone",
            "--as-group",
            "system:masters",
        ],
    );
    assert_lists_namespace(&out, &ctx);
}

#[test]
fn server_token_and_tls_flags_without_a_kubeconfig() {
    let Some(ctx) = setup("crls-server-token") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let none = ctx.home().join("no-such-kubeconfig");
    let base = ["namespaces", &ctx.namespace, "-s", &kc.server, "--token"];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.push(&kc.admin_token);
        args.extend_from_slice(extra);
        crls_with(&ctx, &none, &[], &args)
    };
    let ca = kc.ca.display().to_string();
    assert_lists_namespace(&with(&["--insecure-skip-tls-verify"]), &ctx);
    assert_lists_namespace(&with(&["--certificate-authority", &ca]), &ctx);
    // --tls-server-name checks the certificate against another of its names.
    assert_lists_namespace(
        &with(&[
            "--certificate-authority",
            &ca,
            "--tls-server-name",
            "kubernetes",
        ]),
        &ctx,
    );
    let out = with(&[
        "--certificate-authority",
        &ca,
        "--tls-server-name",
        "wrong.example",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Without a CA the server's certificate is not trusted.
    let out = with(&["--request-timeout", "10s"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("certificate"),
        "{}",
        text(&out.stderr)
    );
    // A missing CA file in kubectl's words.
    let out = with(&["--certificate-authority", "/nope/ca.crt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "unable to read certificate-authority /nope/ca.crt for  due to open /nope/ca.crt: no such file or directory"
        ),
        "{}",
        text(&out.stderr)
    );
    // --token wins over the kubeconfig's user.
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &[
            "namespaces",
            &ctx.namespace,
            "--context",
            "limited",
            "--token",
            &kc.admin_token,
        ],
    );
    assert_lists_namespace(&out, &ctx);
    let out = crls_with(
        &ctx,
        &ctx.server.kubeconfig,
        &[],
        &["namespaces", "--token", "wrong"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Unauthorized"),
        "{}",
        text(&out.stderr)
    );
}

fn script(ctx: &TestContext, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = ctx.home().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// A copy of the kubeconfig whose admin user is an exec plugin running `command`.
fn with_exec(ctx: &TestContext, kc: &Kubeconfig, name: &str, command: &Path) -> PathBuf {
    kc.write(ctx, name, |t| {
        t.replace(
            &format!("token: {}", kc.admin_token),
            &format!(
                "exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {}\n      interactiveMode: Never\n      installHint: install the test login plugin",
                command.display()
            ),
        )
    })
}

#[test]
fn exec_credential_plugins_work_fail_clearly_and_never_hang() {
    let Some(ctx) = setup("crls-exec-plugin") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let args = ["namespaces", &ctx.namespace, "--request-timeout", "3s"];
    let good = script(
        &ctx,
        "login.sh",
        &format!(
            "echo run >> \"$0.runs\"\necho '{{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{{\"token\":\"{}\"}}}}'",
            kc.admin_token
        ),
    );
    let path = with_exec(&ctx, &kc, "exec-good", &good);
    let out = crls_with(&ctx, &path, &[], &args);
    assert_lists_namespace(&out, &ctx);
    let runs = std::fs::read_to_string(format!("{}.runs", good.display())).unwrap();
    assert_eq!(runs.lines().count(), 1, "the plugin runs once per command");
    // -v 9 shows the requests, never the token the plugin printed.
    let mut verbose: Vec<&str> = args.to_vec();
    verbose.extend(["-v", "9"]);
    let out = crls_with(&ctx, &path, &[], &verbose);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("/api/v1/namespaces"), "{stderr}");
    assert!(!stderr.contains(&kc.admin_token), "-v 9 printed the token");

    let failing = script(&ctx, "fail.sh", "echo 'plugin: cannot log in' >&2\nexit 3");
    let path = with_exec(&ctx, &kc, "exec-fail", &failing);
    let out = crls_with(&ctx, &path, &[], &args);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("plugin: cannot log in"),
        "stderr passed through: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: getting credentials: exec: executable {} failed with exit code 3",
            failing.display()
        )),
        "{stderr}"
    );

    let garbage = script(&ctx, "garbage.sh", "echo not json");
    let path = with_exec(&ctx, &kc, "exec-garbage", &garbage);
    let out = crls_with(&ctx, &path, &[], &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("decoding stdout"),
        "{}",
        text(&out.stderr)
    );

    let path = with_exec(&ctx, &kc, "exec-missing", Path::new("kubectl-nope-login"));
    let out = crls_with(&ctx, &path, &[], &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: getting credentials: exec: executable kubectl-nope-login not found\nhint: install the test login plugin\n"
    );

    let hanging = script(&ctx, "hang.sh", "exec sleep 600");
    let path = with_exec(&ctx, &kc, "exec-hang", &hanging);
    let started = Instant::now();
    let out = crls_with(&ctx, &path, &[], &args);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(&format!(
            "executable {} did not finish within 3s",
            hanging.display()
        )),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn tokens_never_appear_at_v9() {
    let Some(ctx) = setup("crls-v9-token") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    for extra in [&[][..], &["--token", kc.admin_token.as_str()][..]] {
        let mut args = vec![
            "namespaces",
            ctx.namespace.as_str(),
            "-v",
            "9",
            "--no-cache",
        ];
        args.extend_from_slice(extra);
        let out = crls_with(&ctx, &ctx.server.kubeconfig, &[], &args);
        assert_lists_namespace(&out, &ctx);
        let stderr = text(&out.stderr);
        assert!(stderr.contains("request"), "-v 9 logs requests: {stderr}");
        assert!(!stderr.contains(&kc.admin_token), "-v 9 printed the token");
    }
}

/// gzip is asked for unless `--disable-compression`: the bytes the server sends for one list of
/// ConfigMaps, through the counting proxy, with and without it. The README's figures come from
/// this test with `CRKIT_TEST_GZIP_OBJECTS=10000` (default 1000: the server compresses only replies over 128 KiB) and `--nocapture`.
#[test]
fn gzip_unless_disable_compression() {
    let Some(ctx) = setup("crls-gzip") else {
        return;
    };
    let kc = kubeconfig(&ctx);
    let objects: usize = std::env::var("CRKIT_TEST_GZIP_OBJECTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut list = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..objects {
        let _ = write!(
            list,
            "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {{name: cm-{i:05}, namespace: {}, labels: {{app: gzip-test}}}}\n  data: {{key: value-{i}}}\n",
            ctx.namespace
        );
    }
    let file = ctx.home().join("list.yaml");
    std::fs::write(&file, list).unwrap();
    ctx.kubectl_ok(["create", "-f", &file.display().to_string(), "-o", "name"]);
    let mut received_bytes = Vec::new();
    for flags in [&["--disable-compression"][..], &[][..]] {
        let proxy = TestProxy::connect();
        let path = kc.with_proxy_url(&ctx, "gzip-proxy", &proxy.url());
        let mut args = vec![
            "configmaps",
            "-n",
            ctx.namespace.as_str(),
            "--no-cache",
            "-o",
            "name",
        ];
        args.extend_from_slice(flags);
        let out = crls_with(&ctx, &path, &[], &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let (sent, received) = proxy.bytes();
        let lines = text(&out.stdout).lines().count();
        assert_eq!(lines, objects, "every ConfigMap listed");
        eprintln!(
            "gzip measurement {flags:?}: {lines} lines; client sent {sent} B, server sent {received} B"
        );
        received_bytes.push(received);
    }
    let (plain, gzip) = (received_bytes[0], received_bytes[1]);
    assert!(
        gzip * 2 < plain,
        "the server's reply is compressed unless --disable-compression: {gzip} B vs {plain} B"
    );
}
