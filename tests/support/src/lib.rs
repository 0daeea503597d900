//! Test support for crkit's end-to-end tests: one real kube-apiserver per test run, and for each
//! test its own namespace, API groups, `$HOME` and `PATH`, so that tests run in parallel
//! without seeing each other.
//!
//! The server is the one named by `CRKIT_TEST_KUBECONFIG` (as `scripts/test` sets it), or else
//! one started through `scripts/apiserver start` on a data directory under `target/`. When the
//! server cannot be built because Go is missing, tests print one line and pass, except with
//! `CI=true`, where that is a failure.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use tempfile::TempDir;

pub mod connect_proxy;
pub mod proxy;
pub mod socks5_proxy;

/// The two example API groups, and the suffix every test's own copy of them ends with.
const EXAMPLE_GROUPS: [&str; 2] = ["gateway.ai.example.com", "ai.example.com"];

/// A running API server and the binaries that talk to it.
#[derive(Debug)]
pub struct Server {
    /// Kubeconfig with the contexts `admin` (current) and `limited`.
    pub kubeconfig: PathBuf,
    /// The kubectl built from the same Kubernetes release as the server.
    pub kubectl: PathBuf,
}

/// Root of the workspace (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/support sits two levels below the workspace root")
        .to_path_buf()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn run_script(args: &[&str]) -> Result<String, String> {
    run_script_full(args).map(|(stdout, _)| stdout)
}

/// Runs `scripts/apiserver` with `args`; its stdout and stderr, trimmed, when it succeeds.
fn run_script_full(args: &[&str]) -> Result<(String, String), String> {
    let script = workspace_root().join("scripts/apiserver");
    let out = Command::new("bash")
        .arg(&script)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if out.status.success() {
        Ok((
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ))
    } else {
        Err(format!(
            "scripts/apiserver {} failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn go_available() -> bool {
    Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn start_server() -> Result<Server, String> {
    let bin_dir = PathBuf::from(run_script(&["build"])?);
    let kubectl = bin_dir.join("kubectl");
    let kubeconfig = if let Some(path) = std::env::var_os("CRKIT_TEST_KUBECONFIG") {
        PathBuf::from(path)
    } else {
        let data = workspace_root().join("target/crkit-test-apiserver");
        let data = data.to_str().ok_or("non-UTF-8 workspace path")?;
        PathBuf::from(run_script(&["start", "--data-dir", data])?)
    };
    Ok(Server {
        kubeconfig,
        kubectl,
    })
}

/// The shared server of this test run, or `None` (after one printed line) when it cannot be
/// built here because Go is missing. Panics in CI, where a missing server is a failure.
pub fn server() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            if std::env::var_os("CRKIT_TEST_KUBECONFIG").is_none() && !go_available() {
                assert!(
                    !in_ci(),
                    "CI=true but Go is not installed: the end-to-end tests need the API server built from Go modules"
                );
                eprintln!("skipped: Go is not installed, so the end-to-end tests cannot build the real API server");
                return None;
            }
            match start_server() {
                Ok(server) => Some(server),
                Err(err) => panic!("the test API server could not start: {err}"),
            }
        })
        .as_ref()
}

/// One test's slice of the cluster: its namespace, its copy of the example API groups, a fresh
/// `$HOME` (so discovery caches are its own) and a `PATH` holding the plugins under test.
#[derive(Debug)]
pub struct TestContext {
    /// The server shared by the run.
    pub server: &'static Server,
    /// Unique, DNS-label-safe id of this test (also used in its namespace and groups).
    pub id: String,
    /// The namespace created for this test.
    pub namespace: String,
    home: TempDir,
    bin: TempDir,
}

impl TestContext {
    /// Creates the namespace for the test `name` on the shared server; `None` when the server
    /// is skipped (see [`server`]).
    pub fn new(name: &str) -> Option<Self> {
        Some(Self::on(server()?, name))
    }

    /// Creates the namespace for the test `name` on `server`.
    pub fn on(server: &'static Server, name: &str) -> Self {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(30)
            .collect();
        let id = format!(
            "{}-{:x}{:x}{}",
            slug.trim_matches('-'),
            std::process::id() % 0xfff,
            nanos % 0xfff,
            SEQ.fetch_add(1, Ordering::Relaxed)
        );
        let ctx = TestContext {
            server,
            namespace: format!("t-{id}"),
            id,
            home: TempDir::new().expect("temporary HOME"),
            bin: TempDir::new().expect("temporary bin dir"),
        };
        ctx.kubectl_ok(["create", "namespace", &ctx.namespace]);
        ctx
    }

    /// The test's `$HOME` (also its `XDG_CACHE_HOME` parent).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Makes `exe` callable as `kubectl <plugin>` (and as `kubectl-<plugin>` on `PATH`).
    pub fn add_plugin(&self, plugin: &str, exe: impl AsRef<Path>) {
        let link = self.bin.path().join(format!("kubectl-{plugin}"));
        #[cfg(unix)]
        std::os::unix::fs::symlink(exe.as_ref(), &link).expect("link plugin into the test's PATH");
        // Windows: symbolic links need a privilege; a copy does the same here.
        #[cfg(not(unix))]
        std::fs::copy(exe.as_ref(), link.with_extension("exe"))
            .expect("copy plugin into the test's PATH");
    }

    /// A command with the test's environment: the server's kubeconfig, the test's `HOME` and
    /// cache, nothing of the user's (see [`isolate`]), and `PATH` = plugins, kubectl, then the
    /// system's.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        let kubectl_dir = self
            .server
            .kubectl
            .parent()
            .expect("kubectl has a directory");
        let path = std::env::join_paths(
            [self.bin.path(), kubectl_dir]
                .into_iter()
                .map(Path::to_path_buf)
                .chain(std::env::split_paths(
                    &std::env::var_os("PATH").unwrap_or_default(),
                )),
        )
        .expect("PATH entries without separators");
        isolate(&mut cmd);
        cmd.env("PATH", path)
            .env("KUBECONFIG", &self.server.kubeconfig)
            .env("HOME", self.home.path())
            .env("XDG_CACHE_HOME", self.home.path().join(".cache"));
        cmd
    }

    /// `kubectl` with the test's environment.
    pub fn kubectl(&self) -> Command {
        self.command(&self.server.kubectl)
    }

    /// Runs kubectl with `args`, panics with its stderr unless it succeeds, returns stdout.
    pub fn kubectl_ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.kubectl();
        cmd.args(args);
        let out = run(&mut cmd);
        assert!(
            out.status.success(),
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("kubectl prints UTF-8")
    }

    /// Runs `kubectl apply -f -` in the test's namespace with `yaml` on stdin.
    pub fn apply(&self, yaml: &str) -> String {
        let out = run_with_stdin(
            self.kubectl()
                .args(["apply", "-n", &self.namespace, "-f", "-"]),
            yaml,
        );
        assert!(
            out.status.success(),
            "kubectl apply failed: {}\n--- manifest ---\n{yaml}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The test's own name for one of the example API groups (`gateway.ai.example.com` becomes
    /// `gateway.<id>.example.com`, `ai.example.com` becomes `<id>.example.com`).
    pub fn group(&self, example_group: &str) -> String {
        assert!(
            EXAMPLE_GROUPS.contains(&example_group),
            "{example_group} is not an example group"
        );
        example_group.replacen("ai.example.com", &format!("{}.example.com", self.id), 1)
    }

    /// Rewrites the example API groups in `text` to the test's own.
    pub fn localize(&self, text: &str) -> String {
        // Placeholders first, so that `ai.example.com` inside `gateway.ai.example.com` is
        // rewritten once.
        let marked = text
            .replace("gateway.ai.example.com", "\u{1}GW\u{1}")
            .replace("ai.example.com", "\u{1}AI\u{1}");
        marked
            .replace("\u{1}GW\u{1}", &self.group("gateway.ai.example.com"))
            .replace("\u{1}AI\u{1}", &self.group("ai.example.com"))
    }

    /// Installs the example CRDs under the test's own groups and waits until they are
    /// Established; returns the CRD names.
    pub fn install_example_crds(&self) -> Vec<String> {
        let dir = workspace_root().join("examples/crds");
        let mut names = Vec::new();
        let mut all = String::new();
        for path in yaml_files(&dir) {
            let text = std::fs::read_to_string(&path).expect("read example CRD");
            let text = self.localize(&text);
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("  name: "))
                .expect("CRD has metadata.name")
                .trim()
                .to_owned();
            names.push(name);
            all.push_str(&text);
            all.push_str("\n---\n");
        }
        self.apply(&all);
        let mut args = vec!["wait", "--for=condition=Established", "--timeout=60s"];
        let refs: Vec<String> = names.iter().map(|n| format!("crd/{n}")).collect();
        args.extend(refs.iter().map(String::as_str));
        self.kubectl_ok(args);
        names
    }

    /// Creates a namespaced CRD `<plural>.<group>` of kind `kind` (v1, any fields accepted)
    /// and waits until it is Established: a name the discovery cache has not seen yet.
    pub fn install_open_crd(&self, group: &str, plural: &str, kind: &str, short_names: &[&str]) {
        self.install_open_crd_in_categories(group, plural, kind, short_names, &[]);
    }

    /// [`TestContext::install_open_crd`] with the kind in `categories` as well.
    pub fn install_open_crd_in_categories(
        &self,
        group: &str,
        plural: &str,
        kind: &str,
        short_names: &[&str],
        categories: &[&str],
    ) {
        let singular = kind.to_lowercase();
        let short_names = short_names.join(", ");
        let categories = categories.join(", ");
        self.apply(&format!(
            "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: {plural}.{group}
spec:
  group: {group}
  scope: Namespaced
  names: {{kind: {kind}, plural: {plural}, singular: {singular}, shortNames: [{short_names}], categories: [{categories}]}}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {{openAPIV3Schema: {{type: object, x-kubernetes-preserve-unknown-fields: true}}}}
"
        ));
        self.kubectl_ok([
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            &format!("crd/{plural}.{group}"),
        ]);
    }

    /// A kube client for one of the kubeconfig's contexts (`admin` or `limited`).
    pub async fn client(&self, context: &str) -> kube::Client {
        let kubeconfig = kube::config::Kubeconfig::read_from(&self.server.kubeconfig)
            .expect("read the test kubeconfig");
        let options = kube::config::KubeConfigOptions {
            context: Some(context.to_owned()),
            ..Default::default()
        };
        let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options)
            .await
            .expect("kubeconfig context");
        kube::Client::try_from(config).expect("kube client")
    }
}

/// Variables that are not `CRKIT_*` or `XDG_*` but point at the user's state or change what
/// the plugins print: kubeconfigs, in-cluster configuration, colour, kubectl's own settings.
const USER_STATE: [&str; 7] = [
    "KUBECONFIG",
    "KUBERNETES_SERVICE_HOST",
    "KUBERNETES_SERVICE_PORT",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "KUBECTL_COMMAND_HEADERS",
];

/// Clears from `cmd`'s environment every variable that points at the user's state or settings:
/// every `CRKIT_*` (an exported `CRKIT_CACHE_DIR` would make tests share, and read each other's
/// stale, discovery caches, and write into the user's), every `XDG_*`, every `KUBECTL_*`, and
/// [`USER_STATE`]. Proxy variables stay: they describe the network, not the user, and the
/// plugins must work with them. Callers set `HOME` and whatever else the test needs after this.
pub fn isolate(cmd: &mut Command) -> &mut Command {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else {
            continue;
        };
        if name.starts_with("CRKIT_")
            || name.starts_with("XDG_")
            || name.starts_with("KUBECTL_")
            || USER_STATE.contains(&name)
        {
            cmd.env_remove(name);
        }
    }
    for name in USER_STATE {
        cmd.env_remove(name);
    }
    cmd
}

/// The `.yaml` files of a directory, sorted by name.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

/// Runs a command to completion, panicking only when it cannot be started.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// A command's outcome as CLI snapshots show it: the exit code, then stdout and stderr.
pub fn render(out: &Output) -> String {
    let code = out
        .status
        .code()
        .map_or_else(|| format!("none ({})", out.status), |c| c.to_string());
    format!(
        "exit code: {code}\n----- stdout -----\n{}\n----- stderr -----\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs a command to completion with `input` on its stdin (a manifest for `kubectl ... -f -`),
/// collecting stdout and stderr; panics only when it cannot be run.
pub fn run_with_stdin(cmd: &mut Command, input: &str) -> Output {
    use std::io::Write as _;
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    // Dropped once written: the command sees the end of its input.
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .unwrap_or_else(|e| panic!("cannot write the input of {cmd:?}: {e}"));
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("{cmd:?} did not finish: {e}"))
}

/// A server of one test's own (own data directory and ports), for tests that stop and restart
/// it or need a cluster nobody else changes. Stopped when dropped.
#[derive(Debug)]
pub struct DedicatedServer {
    /// The server (leaked, so that contexts on it can be `'static`).
    pub server: &'static Server,
    data: TempDir,
    port: String,
}

impl DedicatedServer {
    /// Starts a server with `args` for `scripts/apiserver start` (e.g. a compaction interval);
    /// `None` when end-to-end tests are skipped (see [`server`]).
    pub fn start(args: &[&str]) -> Option<Self> {
        let shared = server()?;
        let data = TempDir::new().expect("temporary data dir");
        let kubeconfig = PathBuf::from(
            run_script(&Self::start_args(data.path(), args)).unwrap_or_else(|e| panic!("{e}")),
        );
        let status = run_script(&["status", "--data-dir", path_str(data.path())])
            .unwrap_or_else(|e| panic!("{e}"));
        let port = status
            .split("server=https://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("status names the server URL")
            .to_owned();
        let server = Box::leak(Box::new(Server {
            kubeconfig,
            kubectl: shared.kubectl.clone(),
        }));
        Some(DedicatedServer { server, data, port })
    }

    fn start_args<'a>(data: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["start", "--data-dir", path_str(data)];
        all.extend_from_slice(args);
        all
    }

    /// Stops the server; its data stays for [`DedicatedServer::restart`]. Returns what
    /// `scripts/apiserver stop` said on stderr (`stopped (<dir>) by SIGTERM in 2.1 s, ...`).
    pub fn stop(&self) -> String {
        run_script_full(&["stop", "--data-dir", path_str(self.data.path())])
            .unwrap_or_else(|e| panic!("{e}"))
            .1
    }

    /// Starts the server again on the same data and port (with `args` added).
    pub fn restart(&self, args: &[&str]) {
        let mut all = Self::start_args(self.data.path(), args);
        all.extend(["--port", &self.port]);
        let kubeconfig = run_script(&all).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Path::new(&kubeconfig), self.server.kubeconfig);
    }

    /// The server's data directory.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }
}

impl Drop for DedicatedServer {
    fn drop(&mut self) {
        let _ = run_script(&["stop", "--data-dir", path_str(self.data.path())]);
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}
