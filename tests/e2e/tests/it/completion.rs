//! Shell completion as users meet it: `completion install` puts the `kubectl_complete-*`
//! helpers next to the plugins, kubectl's own `__complete` runs them (the protocol, against the
//! real API server), and a real bash in tmux, with kubectl's completion script sourced,
//! completes `kubectl crls llm<TAB><TAB>` and `kubectl crls llmmodels op<TAB>`.

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crkit_test_support::{DedicatedServer, TestContext, run, workspace_root, yaml_files};

const PLUGINS: [&str; 3] = ["crls", "crwatch", "crvalidate"];

/// How long a poll waits before failing with what it saw: generous, for a loaded machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// bash-completion's loader: kubectl's bash script calls its `_get_comp_words_by_ref`.
const BASH_COMPLETION: &str = "/usr/share/bash-completion/bash_completion";

/// An LLMModel named as in the issue's example.
const OPENAI_GPT4: &str = "apiVersion: gateway.ai.example.com/v1
kind: LLMModel
metadata:
  name: openai-gpt4
spec:
  provider: openai
  modelName: gpt-4
  contextWindow: 8192
";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The directory holding the plugins' executables, built by cargo for this run. The build
/// is `--workspace --tests` into this test's own target directory: exactly what
/// `cargo test --workspace` has built already (so it costs nothing then), and what a
/// `cargo test -p crkit-e2e` alone needs.
pub(crate) fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test's own path");
        // <target>/<profile>/deps/it-<hash>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("tests run from <target>/<profile>/deps")
            .to_path_buf();
        let target_dir = profile_dir.parent().expect("a target directory");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace_root())
            .args(["build", "--workspace", "--tests", "--target-dir"])
            .arg(target_dir);
        // Cargo's variables for this test process (CARGO_MANIFEST_DIR, ...) would reach build
        // scripts that watch them (ring's does) and rebuild half the tree, twice per run.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if name.starts_with("CARGO_PKG_")
                || name.starts_with("CARGO_BIN_")
                || [
                    "CARGO_MANIFEST_DIR",
                    "CARGO_MANIFEST_PATH",
                    "CARGO_CRATE_NAME",
                    "CARGO_PRIMARY_PACKAGE",
                    "CARGO_TARGET_TMPDIR",
                    "CARGO_RUSTC_CURRENT_DIR",
                    "OUT_DIR",
                ]
                .contains(&name.as_ref())
            {
                cmd.env_remove(name.as_ref());
            }
        }
        match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => {}
            Some("release") => {
                cmd.arg("--release");
            }
            Some(other) => {
                cmd.args(["--profile", other]);
            }
        }
        let out = run(&mut cmd);
        assert!(
            out.status.success(),
            "building the plugins failed: {}",
            text(&out.stderr)
        );
        profile_dir
    })
}

/// A test context whose `PATH` holds the three plugins and, through the real
/// `kubectl <plugin> completion install`, their completion helpers.
fn with_plugins(ctx: &TestContext) {
    for plugin in PLUGINS {
        ctx.add_plugin(plugin, plugin_dir().join(format!("kubectl-{plugin}")));
        let out = run(ctx.kubectl().args([plugin, "completion", "install"]));
        assert!(out.status.success(), "{}", text(&out.stderr));
        let said = text(&out.stderr);
        assert!(
            said.contains("created: ")
                && said.contains(&format!("/kubectl_complete-{plugin} -> kubectl-{plugin}")),
            "{said}"
        );
        assert!(out.stdout.is_empty(), "install prints on stderr only");
    }
}

/// `kubectl __complete <words>`: kubectl's own entry point for shell completion, which runs
/// the plugin's `kubectl_complete-*` helper. Returns the candidates (without descriptions)
/// and the directive.
fn complete(ctx: &TestContext, words: &[&str]) -> (Vec<String>, u8) {
    let out = run(ctx
        .kubectl()
        // Under a loaded test run the default budget (0.75 s) could run out.
        .env("CRKIT_COMPLETION_TIMEOUT", "30s")
        .arg("__complete")
        .args(words));
    parse_reply(words, &out)
}

fn parse_reply(words: &[&str], out: &Output) -> (Vec<String>, u8) {
    assert!(
        out.status.success(),
        "kubectl __complete {words:?}: {}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    let mut lines: Vec<&str> = stdout.lines().collect();
    let directive = lines
        .pop()
        .and_then(|l| l.strip_prefix(':'))
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("no directive for {words:?}: {stdout}"));
    let candidates = lines
        .iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect();
    (candidates, directive)
}

#[track_caller]
fn assert_has(candidates: &[String], wanted: &[&str]) {
    for w in wanted {
        assert!(
            candidates.iter().any(|c| c == w),
            "{w} missing from {candidates:?}"
        );
    }
}

#[test]
fn kubectl_completes_plugin_arguments_through_the_helpers() {
    let Some(ctx) = TestContext::new("completion-kubectl") else {
        return;
    };
    with_plugins(&ctx);
    ctx.install_example_crds();
    ctx.apply(&ctx.localize(OPENAI_GPT4));
    let llm = format!("llmmodels.{}", ctx.group("gateway.ai.example.com"));
    let ns = ctx.namespace.as_str();

    // A second install changes nothing.
    let again = run(ctx.kubectl().args(["crls", "completion", "install"]));
    assert!(
        text(&again.stderr).contains("unchanged: "),
        "{}",
        text(&again.stderr)
    );

    // Name forms. Every test installs its own copy of the example groups on the shared
    // server, so `llm` is a short name in many groups here: plurals are offered once each.
    let (names, directive) = complete(&ctx, &["crls", "llm"]);
    assert_has(&names, &["llmmodels", "llmroutes", "llm", "llmr"]);
    assert!(names.iter().all(|n| n.starts_with("llm")), "{names:?}");
    assert_eq!(
        names.iter().filter(|n| *n == "llmmodels").count(),
        1,
        "{names:?}"
    );
    assert_eq!(directive, 4, "no file names in place of resources");
    let (names, _) = complete(&ctx, &["crwatch", "LLM"]);
    assert_has(&names, &["LLMModel", "LLMRoute"]);
    let (names, _) = complete(&ctx, &["crls", "ai-g"]);
    assert_eq!(names, ["ai-gateway"]);
    // plural.group: this test's own group, completed.
    let typed = format!("llmmodels.gateway.{}.", ctx.id);
    let (names, _) = complete(&ctx, &["crls", &typed]);
    assert_eq!(names, [llm.as_str()]);
    let (names, _) = complete(&ctx, &["crls", &format!("{llm},llmr")]);
    assert_has(&names, &[&format!("{llm},llmroutes")]);

    // Object names of the typed kind, in the namespace of -n (the kubeconfig's otherwise).
    for words in [
        vec!["crls", &llm, "-n", ns, "op"],
        vec!["crls", "-n", ns, &llm, "op"],
        vec!["crls", &llm, "-A", "op"],
        vec!["crwatch", &llm, &format!("--namespace={ns}"), "op"],
    ] {
        let (names, directive) = complete(&ctx, &words);
        assert_eq!(names, ["openai-gpt4"], "{words:?}");
        assert_eq!(directive, 4);
    }
    let (names, _) = complete(&ctx, &["crls", &llm, "op"]);
    assert!(names.is_empty(), "not in the default namespace: {names:?}");
    let (names, _) = complete(&ctx, &["crls", &llm, "-n", ns, "openai-gpt4", ""]);
    assert!(
        !names.contains(&"openai-gpt4".to_owned()),
        "names already typed are not offered again: {names:?}"
    );
    let (names, _) = complete(&ctx, &["crls", "-n", ns, &format!("{llm}/op")]);
    assert_eq!(names, [format!("{llm}/openai-gpt4")]);

    // Flag values: namespaces, contexts, output formats, manifest files.
    let (names, directive) = complete(&ctx, &["crls", "-n", "t-completion-kub"]);
    assert_has(&names, &[ns]);
    assert!(
        names.iter().all(|n| n.starts_with("t-completion-kub")),
        "{names:?}"
    );
    assert_eq!(directive, 4);
    // (crwatch has no --context.)
    for plugin in ["crls", "crvalidate"] {
        let (names, _) = complete(&ctx, &[plugin, "--context", ""]);
        assert_eq!(names, ["admin", "limited"], "{plugin}");
    }
    let (names, _) = complete(&ctx, &["crls", "--context", "admin,"]);
    assert_eq!(names, ["admin,admin", "admin,limited"]);
    let (names, directive) = complete(&ctx, &["crls", "-o", "jsonp"]);
    assert_eq!((names, directive), (vec!["jsonpath=".to_owned()], 4 | 2));
    let (names, _) = complete(&ctx, &["crwatch", "llm", "-o", ""]);
    assert_eq!(names, ["json", "text"]);
    let (names, _) = complete(&ctx, &["crvalidate", "-o", ""]);
    assert_eq!(names, ["json", "junit", "sarif", "text"]);
    for words in [
        &["crvalidate", "-f", ""][..],
        &["crvalidate", "--crds", "cr"],
        &["crvalidate", "a.yaml", ""],
    ] {
        let (names, directive) = complete(&ctx, words);
        assert_eq!(names, ["json", "yaml", "yml"], "{words:?}");
        assert_eq!(
            directive, 8,
            "file completion by extension, as kubectl's -f"
        );
    }
    // Flags, and the completion subcommand.
    let (names, _) = complete(&ctx, &["crwatch", "llm", "--watch-o"]);
    assert_eq!(names, ["--watch-only"]);
    let (names, _) = complete(&ctx, &["crls", "completion", ""]);
    assert_eq!(names, ["bash", "fish", "install", "powershell", "zsh"]);
}

#[test]
fn each_plugin_prints_static_scripts_for_four_shells() {
    let Some(ctx) = TestContext::new("completion-scripts") else {
        return;
    };
    with_plugins(&ctx);
    for plugin in PLUGINS {
        let exe = format!("kubectl-{plugin}");
        for shell in ["bash", "zsh", "fish", "powershell"] {
            let out = run(ctx.command(&exe).args(["completion", shell]));
            assert!(
                out.status.success(),
                "{exe} completion {shell}: {}",
                text(&out.stderr)
            );
            let script = text(&out.stdout);
            assert!(script.contains(&exe), "{exe} completion {shell}:\n{script}");
            assert!(script.contains("namespace"), "{exe} completion {shell}");
        }
        // The bash script parses, and registers the completion for the binary's name.
        let script = ctx.home().join(format!("{plugin}.bash"));
        let out = run(ctx.command(&exe).args(["completion", "bash"]));
        std::fs::write(&script, &out.stdout).unwrap();
        let check = format!(
            "source {} && complete -p {exe}",
            script.to_str().expect("UTF-8 path")
        );
        let out = run(ctx
            .command("bash")
            .args(["--norc", "--noprofile", "-c", &check]));
        assert!(out.status.success(), "{exe}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(&exe), "{}", text(&out.stdout));
    }
}

#[test]
fn a_crd_created_after_the_cache_was_written_completes_after_one_refresh() {
    let Some(ctx) = TestContext::new("completion-refresh") else {
        return;
    };
    with_plugins(&ctx);
    ctx.install_example_crds();
    // Warm the discovery cache.
    let (names, _) = complete(&ctx, &["crls", "llmr"]);
    assert_has(&names, &["llmroutes"]);
    let group = ctx.group("ai.example.com");
    ctx.install_open_crd(&group, "zebras", "Zebra", &[]);
    let (names, _) = complete(&ctx, &["crls", &format!("zebras.{}.", ctx.id)]);
    assert_eq!(names, [format!("zebras.{group}")]);
}

/// A cache that knows names matching the prefix, but not a CRD installed since, and a group
/// created since: completion revalidates the cache, so the new names are offered too.
#[test]
fn names_and_groups_newer_than_the_cache_complete_with_the_cached_ones() {
    let Some(ctx) = TestContext::new("completion-stale") else {
        return;
    };
    with_plugins(&ctx);
    ctx.install_example_crds();
    let gateway = ctx.group("gateway.ai.example.com");
    // Warm the discovery cache: the prefix has candidates already.
    let (names, _) = complete(&ctx, &["crls", "llmr"]);
    assert_has(&names, &["llmroutes"]);
    let (groups, _) = complete(&ctx, &["crls", "--group", &format!("extra.{}", ctx.id)]);
    assert!(groups.is_empty(), "{groups:?}");
    ctx.install_open_crd(&gateway, "llmrankers", "LLMRanker", &[]);
    let extra = format!("extra.{}.example.com", ctx.id);
    ctx.install_open_crd(&extra, "gears", "Gear", &[]);
    let (names, _) = complete(&ctx, &["crls", "llmr"]);
    assert_has(&names, &["llmroutes", "llmrankers"]);
    let (groups, _) = complete(&ctx, &["crls", "--group", &format!("extra.{}", ctx.id)]);
    assert_eq!(groups, [extra]);
}

/// A server that accepts connections and never answers (a hung API server).
struct Silent {
    listener: TcpListener,
}

impl Silent {
    fn new() -> Self {
        Silent {
            listener: TcpListener::bind("127.0.0.1:0").expect("a loopback port"),
        }
    }

    fn url(&self) -> String {
        format!(
            "https://127.0.0.1:{}",
            self.listener.local_addr().expect("bound").port()
        )
    }
}

/// Runs a command, failing the test (instead of hanging) if it has not ended after
/// [`PATIENCE`].
fn run_bounded(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(status) = child.try_wait().expect("wait for the command") {
            let mut stdout = Vec::new();
            let mut stderr = Vec::new();
            let _ = child.stdout.take().map(|mut s| s.read_to_end(&mut stdout));
            let _ = child.stderr.take().map(|mut s| s.read_to_end(&mut stderr));
            return Output {
                status,
                stdout,
                stderr,
            };
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} still runs after {PATIENCE:?}: completion must never hang");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_hung_server_gives_no_candidates_and_names_still_come_from_the_cache() {
    let Some(ctx) = TestContext::new("completion-hung") else {
        return;
    };
    with_plugins(&ctx);
    ctx.install_example_crds();
    let cache = ctx.home().join("crkit-cache");
    let (names, _) = {
        let out = run(ctx
            .kubectl()
            .env("CRKIT_CACHE_DIR", &cache)
            .env("CRKIT_COMPLETION_TIMEOUT", "30s")
            .args(["__complete", "crls", "llmr"]));
        parse_reply(&["crls", "llmr"], &out)
    };
    assert_has(&names, &["llmroutes"]);

    // The same cluster, behind an address that never answers, with the cache copied to it.
    let silent = Silent::new();
    let kubeconfig = std::fs::read_to_string(&ctx.server.kubeconfig).expect("read kubeconfig");
    let server = kubeconfig
        .lines()
        .find_map(|l| l.trim().strip_prefix("server: "))
        .expect("the kubeconfig names its server")
        .to_owned();
    let hung_config = ctx.home().join("hung.kubeconfig");
    std::fs::write(&hung_config, kubeconfig.replace(&server, &silent.url())).unwrap();
    let dir_name = |url: &str| url.trim_start_matches("https://").replace(':', "_");
    let from = cache.join("discovery").join(dir_name(&server));
    let to = cache.join("discovery").join(dir_name(&silent.url()));
    std::fs::create_dir_all(&to).unwrap();
    std::fs::copy(from.join("discovery.json"), to.join("discovery.json"))
        .expect("the discovery cache was written where the README says");

    let hung = |words: &[&str]| {
        // A budget of a few seconds: long enough for a loaded machine to read the cache,
        // short enough to see the hung requests given up.
        let out = run_bounded(
            ctx.kubectl()
                .env("CRKIT_COMPLETION_TIMEOUT", "3s")
                .env("CRKIT_CACHE_DIR", &cache)
                .env("KUBECONFIG", &hung_config)
                .arg("__complete")
                .args(words),
        );
        parse_reply(words, &out)
    };
    // Names need no request when the cache is warm.
    let (names, directive) = hung(&["crls", "llmr"]);
    assert_has(&names, &["llmroutes"]);
    assert_eq!(directive, 4);
    // Object names and namespaces need one: it is given up, with no file names instead.
    for words in [&["crls", "llmroutes", ""][..], &["crls", "-n", ""]] {
        assert_eq!(hung(words), (Vec::new(), 4), "{words:?}");
    }
}

/// A tmux server of the test's own, running one bash session with the test's environment.
pub(crate) struct Tmux {
    socket: PathBuf,
}

/// tmux's command line on `socket`, with an empty configuration.
fn tmux_command(socket: &Path) -> Command {
    let mut cmd = Command::new("tmux");
    cmd.arg("-S").arg(socket).args(["-f", "/dev/null"]);
    cmd
}

impl Tmux {
    /// Whether tmux and bash-completion are here; prints why not (and fails in CI, where the
    /// test must run).
    pub(crate) fn available() -> bool {
        let tmux = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        let bash_completion = Path::new(BASH_COMPLETION).exists();
        if tmux && bash_completion {
            return true;
        }
        let missing = if tmux { "bash-completion" } else { "tmux" };
        assert!(
            !in_ci(),
            "CI=true but {missing} is missing: the shell completion test needs tmux and bash-completion"
        );
        eprintln!(
            "skipped: {missing} is not installed, so completion is not tested in a real bash"
        );
        false
    }

    /// Starts `bash --norc --noprofile` in a new tmux server whose environment is `env`'s
    /// (`PATH`, `KUBECONFIG`, `HOME`), then loads bash-completion and kubectl's completion,
    /// as a user's `.bashrc` would.
    pub(crate) fn start(mut env: Command, socket: &Path) -> Self {
        // `env` carries the environment; tmux's server inherits it.
        env.arg("-S")
            .arg(socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "crkit"])
            .args(["-x", "200", "-y", "50"])
            .args(["bash", "--norc", "--noprofile"])
            .env("TERM", "xterm-256color")
            .env("INPUTRC", "/dev/null")
            // The helper's default budget (0.75 s) is for people; a loaded test run needs more.
            .env("CRKIT_COMPLETION_TIMEOUT", "30s");
        let out = run(&mut env);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            text(&out.stderr)
        );
        let tmux = Tmux {
            socket: socket.to_path_buf(),
        };
        tmux.line("PS1='$ '");
        tmux.line(&format!("source {BASH_COMPLETION}"));
        tmux.line("source <(kubectl completion bash)");
        tmux.line("echo ready-$((40 + 2))");
        tmux.wait_for("the shell to be ready", |pane| pane.contains("ready-42"));
        tmux
    }

    fn tmux(&self) -> Command {
        tmux_command(&self.socket)
    }

    fn send(&self, args: &[&str]) {
        let out = run(self.tmux().args(["send-keys", "-t", "crkit"]).args(args));
        assert!(
            out.status.success(),
            "tmux send-keys: {}",
            text(&out.stderr)
        );
    }

    /// Types `text` literally.
    pub(crate) fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    /// Presses keys by tmux's names (`Tab`, `Enter`, `C-u`).
    pub(crate) fn keys(&self, keys: &[&str]) {
        self.send(keys);
    }

    /// Types a command line and runs it.
    pub(crate) fn line(&self, text: &str) {
        self.type_text(text);
        self.keys(&["Enter"]);
    }

    /// The visible pane, wrapped lines joined.
    pub(crate) fn pane(&self) -> String {
        let out = run(self
            .tmux()
            .args(["capture-pane", "-p", "-J", "-t", "crkit"]));
        text(&out.stdout)
    }

    /// Polls the pane until `done` holds; fails with the pane after [`PATIENCE`].
    pub(crate) fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let pane = self.pane();
            if done(&pane) {
                return pane;
            }
            assert!(
                Instant::now() < deadline,
                "waited {PATIENCE:?} for {what}; the pane shows:\n{pane}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clears the command line and the screen.
    pub(crate) fn reset(&self) {
        self.keys(&["C-u"]);
        self.line("clear");
        self.wait_for("a clear screen", |pane| pane.trim() == "$");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").output();
    }
}

/// The issue's two checks, typed into `tmux`'s bash: `kubectl crls llm<TAB><TAB>` lists
/// `llmmodels` and `llmroutes`; `kubectl crls llmmodels op<TAB>` completes `openai-gpt4` (an
/// LLMModel of the example group in the kubeconfig's namespace).
pub(crate) fn assert_issue_examples_complete(tmux: &Tmux) {
    tmux.type_text("kubectl crls llm");
    tmux.keys(&["Tab", "Tab"]);
    tmux.wait_for("llmmodels and llmroutes listed", |pane| {
        pane.contains("llmmodels") && pane.contains("llmroutes")
    });
    tmux.reset();
    tmux.type_text("kubectl crls llmmodels op");
    tmux.keys(&["Tab"]);
    tmux.wait_for("openai-gpt4 completed on the command line", |pane| {
        pane.contains("$ kubectl crls llmmodels openai-gpt4")
    });
    tmux.reset();
}

/// A server of its own holding the examples under their own group names, with the LLMModel
/// `openai-gpt4` in the kubeconfig's namespace (`default`), and a test context on it: on the
/// shared server every test has its own copy of the groups, and `llmmodels` alone would mean
/// one of theirs. `None` when end-to-end tests are skipped.
pub(crate) fn example_cluster(name: &str) -> Option<(DedicatedServer, TestContext)> {
    let dedicated = DedicatedServer::start(&[])?;
    let ctx = TestContext::on(dedicated.server, name);
    let crds = workspace_root().join("examples/crds");
    let names: Vec<String> = yaml_files(&crds)
        .iter()
        .map(|p| {
            let file = p.file_stem().and_then(|s| s.to_str()).expect("UTF-8 name");
            // <group>_<plural>.yaml
            let (group, plural) = file.split_once('_').expect("group_plural.yaml");
            format!("crd/{plural}.{group}")
        })
        .collect();
    ctx.kubectl_ok(["apply", "-f", crds.to_str().expect("UTF-8 path")]);
    let mut wait = vec!["wait", "--for=condition=Established", "--timeout=60s"];
    wait.extend(names.iter().map(String::as_str));
    ctx.kubectl_ok(wait);
    let manifest = ctx.home().join("openai-gpt4.yaml");
    std::fs::write(&manifest, OPENAI_GPT4).expect("write the manifest");
    let manifest = manifest.to_str().expect("UTF-8 path");
    ctx.kubectl_ok(["apply", "-n", "default", "-f", manifest]);
    Some((dedicated, ctx))
}

#[test]
fn bash_completes_the_issues_examples_in_tmux() {
    if !Tmux::available() {
        return;
    }
    let Some((_server, ctx)) = example_cluster("completion-tmux") else {
        return;
    };
    with_plugins(&ctx);
    let tmux = Tmux::start(ctx.command("tmux"), &ctx.home().join("tmux.sock"));
    assert_issue_examples_complete(&tmux);
    // The first round filled the discovery cache; the second completes from it.
    assert_issue_examples_complete(&tmux);
}
