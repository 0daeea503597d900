//! What the end-to-end tests prepare once per test run and share between modules: the plugin
//! archives and filled krew manifests from `scripts/package` (quick dev profile), served over
//! loopback HTTP so that krew's own download path can fetch them; krew's binaries, built from
//! its Go module into crkit's tools cache; and a temporary `KREW_ROOT` per test.

use std::ffi::OsStr;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crkit_test_support::{TestContext, run, workspace_root};
use tempfile::TempDir;

/// The krew release whose Go module (`sigs.k8s.io/krew`) the tests build.
pub const KREW_VERSION: &str = "v0.4.3";

/// krew's names of crkit's plugins.
pub const PLUGINS: [&str; 3] = ["crls", "crwatch", "crvalidate"];

/// The plugins' version: the workspace's, which this package shares.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A loopback port nothing listens on. As `HTTP(S)_PROXY` it makes every request to another
/// host fail at once (Go never proxies loopback addresses), so a command that succeeds with
/// it did not need the network.
pub const DEAD_PROXY: &str = "http://127.0.0.1:9";

/// Text of a command's output stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Panics with the command's stderr unless it succeeded.
#[track_caller]
pub fn assert_success(what: &str, out: &Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// krew's os/arch names of this machine.
pub fn host_platform() -> (&'static str, &'static str) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    (os, arch)
}

/// The release archive name `scripts/package` gives a plugin on one platform.
pub fn archive_name(plugin: &str, os: &str, arch: &str) -> String {
    format!("kubectl-{plugin}_{VERSION}_{os}_{arch}.tar.gz")
}

/// What one `scripts/package --profile dev` run wrote.
#[derive(Debug)]
pub struct Package {
    /// The output directory: archives, their `.sha256` files, filled manifests.
    pub dir: PathBuf,
    /// What the filled manifests' `uri`s start with: a loopback server of this test process
    /// that serves `dir`.
    pub base_url: String,
}

impl Package {
    /// The archive of `plugin` for this machine.
    pub fn archive(&self, plugin: &str) -> PathBuf {
        let (os, arch) = host_platform();
        self.dir.join(archive_name(plugin, os, arch))
    }

    /// The filled krew manifest of `plugin`.
    pub fn manifest(&self, plugin: &str) -> PathBuf {
        self.dir.join(format!("{plugin}.yaml"))
    }
}

/// Runs `scripts/package --profile dev` with `args` into `out`, in the target directory of
/// this test run (so the plugins' debug build is shared with `cargo test`).
pub fn run_package(out: &Path, args: &[&str]) -> Output {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target_dir = tmp
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target dir>/tmp");
    run(Command::new("bash")
        .arg(workspace_root().join("scripts/package"))
        .args(["--profile", "dev", "--out"])
        .arg(out)
        .args(args)
        .env("CARGO_TARGET_DIR", target_dir))
}

/// The plugins packaged once per test run; the first caller waits for the build.
pub fn package() -> &'static Package {
    static PACKAGE: OnceLock<Result<Package, String>> = OnceLock::new();
    let package = PACKAGE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("crkit-package");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        let base_url = serve(dir.clone());
        let out = run_package(&dir, &["--base-url", &base_url]);
        if !out.status.success() {
            return Err(format!(
                "scripts/package failed ({}):\n{}",
                out.status,
                text(&out.stderr)
            ));
        }
        Ok(Package { dir, base_url })
    });
    package.as_ref().unwrap_or_else(|err| panic!("{err}"))
}

/// Serves the files of `dir` (by file name, nothing below it) over HTTP on a loopback port for
/// the rest of the test run; returns the base URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || respond(&stream, &dir));
        }
    });
    url
}

fn respond(stream: &TcpStream, dir: &Path) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let name = request
        .split_whitespace()
        .nth(1)
        .and_then(|path| path.strip_prefix('/'))
        .unwrap_or_default();
    let body = (!name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']))
        .then(|| std::fs::read(dir.join(name)).ok())
        .flatten();
    let mut stream = stream;
    let _ = match body {
        Some(body) => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .and_then(|()| stream.write_all(&body)),
        None => stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

/// krew's binaries, built once from its Go module into crkit's tools cache.
#[derive(Debug)]
pub struct Krew {
    /// Holds `krew`, `kubectl-krew` (the same program, under the name kubectl looks for) and
    /// `validate-krew-manifest`.
    pub dir: PathBuf,
}

impl Krew {
    /// krew's manifest checker.
    pub fn validate_krew_manifest(&self) -> PathBuf {
        self.dir.join("validate-krew-manifest")
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// `${CRKIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crkit}`, as the plugins and
/// `scripts/apiserver` use it.
fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CRKIT_CACHE_DIR").filter(|d| !d.is_empty()) {
        return dir.into();
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map_or_else(
            || PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache"),
            PathBuf::from,
        );
    base.join("crkit")
}

/// krew, built with `go install` on first use (later runs find it in the cache); `None`, after
/// one printed line, when Go is missing outside CI.
pub fn krew() -> Option<&'static Krew> {
    static KREW: OnceLock<Result<Option<Krew>, String>> = OnceLock::new();
    KREW.get_or_init(|| {
        let go = Command::new("go").arg("version").output();
        if !go.is_ok_and(|o| o.status.success()) {
            if in_ci() {
                return Err(
                    "CI=true but Go is not installed: krew is built from its Go module".into(),
                );
            }
            eprintln!("skipped: Go is not installed, so krew cannot be built");
            return Ok(None);
        }
        let dir = cache_dir().join(format!("tools/krew-{KREW_VERSION}"));
        install_krew(&dir)?;
        Ok(Some(Krew { dir }))
    })
    .as_ref()
    .unwrap_or_else(|err| panic!("{err}"))
    .as_ref()
}

fn install_krew(dir: &Path) -> Result<(), String> {
    const BINARIES: [&str; 2] = ["krew", "validate-krew-manifest"];
    if BINARIES.iter().all(|b| dir.join(b).is_file()) && dir.join("kubectl-krew").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    // Built into a directory of its own, then renamed into place: another test run that
    // finds the binaries never sees half-written ones.
    let staging =
        TempDir::new_in(dir).map_err(|e| format!("temporary dir in {}: {e}", dir.display()))?;
    let packages = BINARIES.map(|b| format!("sigs.k8s.io/krew/cmd/{b}@{KREW_VERSION}"));
    let out = run(Command::new("go")
        .current_dir(staging.path())
        .env("GOBIN", staging.path())
        .arg("install")
        .args(&packages));
    if !out.status.success() {
        return Err(format!(
            "go install {} failed ({}): {}",
            packages.join(" "),
            out.status,
            text(&out.stderr)
        ));
    }
    // kubectl runs `kubectl krew` as the executable `kubectl-krew` from PATH.
    std::os::unix::fs::symlink("krew", staging.path().join("kubectl-krew"))
        .map_err(|e| format!("link kubectl-krew: {e}"))?;
    for name in BINARIES.iter().copied().chain(["kubectl-krew"]) {
        std::fs::rename(staging.path().join(name), dir.join(name))
            .map_err(|e| format!("move {name} into {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// A krew installation of one test: `KREW_ROOT` in a temporary directory.
#[derive(Debug)]
pub struct KrewRoot {
    root: TempDir,
    krew: &'static Krew,
}

impl KrewRoot {
    /// An empty `KREW_ROOT`, ready for `kubectl krew install --manifest` and `kubectl krew list`.
    pub fn new(krew: &'static Krew) -> Self {
        let root = TempDir::new().expect("temporary KREW_ROOT");
        // `kubectl krew list` insists on a local plugin index, which `kubectl krew update`
        // would clone from GitHub; an empty git repository in its place is all it checks.
        let index = root.path().join("index/default");
        let out = run(Command::new("git").args(["init", "--quiet"]).arg(&index));
        assert_success("git init of the krew index", &out);
        KrewRoot { root, krew }
    }

    /// The `KREW_ROOT` directory.
    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// Where krew links the plugins it installs (`$KREW_ROOT/bin`).
    pub fn bin(&self) -> PathBuf {
        self.root.path().join("bin")
    }

    /// `program` with the test's environment, `KREW_ROOT`, and krew's `bin` directory then the
    /// krew plugin first on `PATH`, as after krew's own set-up.
    pub fn command(&self, ctx: &TestContext, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = ctx.command(program);
        let path = cmd
            .get_envs()
            .find(|(key, _)| *key == "PATH")
            .and_then(|(_, value)| value)
            .unwrap_or_default()
            .to_owned();
        let path = std::env::join_paths(
            [self.bin(), self.krew.dir.clone()]
                .into_iter()
                .chain(std::env::split_paths(&path)),
        )
        .expect("PATH entries without separators");
        cmd.env("PATH", path)
            .env("KREW_ROOT", self.root.path())
            .env("KREW_NO_UPGRADE_CHECK", "1");
        cmd
    }

    /// kubectl with [`KrewRoot::command`]'s environment.
    pub fn kubectl(&self, ctx: &TestContext) -> Command {
        self.command(ctx, &ctx.server.kubectl)
    }

    /// kubectl as [`KrewRoot::kubectl`], with every proxy pointing nowhere: anything it would
    /// fetch from outside this machine fails.
    pub fn kubectl_offline(&self, ctx: &TestContext) -> Command {
        let mut cmd = self.kubectl(ctx);
        for var in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"] {
            cmd.env(var, DEAD_PROXY);
        }
        cmd.env_remove("NO_PROXY").env_remove("no_proxy");
        cmd
    }

    /// Installs `plugin` offline as a user of a release would: `kubectl krew install
    /// --manifest=<manifest> --archive=<archive>`, with the manifest's `uri`s pointing at the
    /// GitHub release (unreachable here) rather than at the test's server.
    pub fn install(&self, ctx: &TestContext, package: &Package, plugin: &str) -> Output {
        let filled = std::fs::read_to_string(package.manifest(plugin)).expect("filled manifest");
        let release = format!("https://github.com/crkit/crkit/releases/download/v{VERSION}");
        let manifest = self.root.path().join(format!("{plugin}.yaml"));
        std::fs::write(&manifest, filled.replace(&package.base_url, &release))
            .expect("write the release manifest");
        let mut manifest_arg = std::ffi::OsString::from("--manifest=");
        manifest_arg.push(&manifest);
        let mut archive_arg = std::ffi::OsString::from("--archive=");
        archive_arg.push(package.archive(plugin));
        run(self
            .kubectl_offline(ctx)
            .args(["krew", "install"])
            .arg(manifest_arg)
            .arg(archive_arg))
    }
}
