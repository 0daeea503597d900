//! End-to-end tests of `kubectl crwatch`, run as `kubectl crwatch` through the real kubectl
//! against the real API server: exact events for scripted changes, no event lost or doubled
//! across server restarts and `410 Gone`, and the same events through a proxy that injects
//! faults as without it.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crkit_test_support::proxy::{Fault, FaultProxy, Requests};
use crkit_test_support::{DedicatedServer, TestContext, run, run_with_stdin};
use serde_json::{Value, json};

fn setup(ctx: TestContext) -> TestContext {
    ctx.add_plugin("crwatch", env!("CARGO_BIN_EXE_kubectl-crwatch"));
    ctx.install_example_crds();
    ctx
}

/// `llmmodels.<the test's own group>`.
fn models(ctx: &TestContext) -> String {
    format!("llmmodels.{}", ctx.group("gateway.ai.example.com"))
}

/// An LLMModel in the test's namespace and group.
fn model(ctx: &TestContext, name: &str, display: &str) -> String {
    ctx.localize(&format!(
        "apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: {name}\n  labels:\n    tier: premium\nspec:\n  provider: openai\n  modelName: {name}\n  displayName: {display}\n  rateLimits:\n    requestsPerMinute: 1000\n  features: [chat, vision, tools, json-mode]\n"
    ))
}

/// `kubectl create -f -` (not apply: no last-applied annotation, so objects look the same
/// whichever way they are made).
fn create(ctx: &TestContext, kubeconfig: Option<&Path>, yaml: &str) {
    let mut cmd = ctx.kubectl();
    if let Some(k) = kubeconfig {
        cmd.env("KUBECONFIG", k);
    }
    let out = run_with_stdin(cmd.args(["create", "-n", &ctx.namespace, "-f", "-"]), yaml);
    assert!(
        out.status.success(),
        "kubectl create failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A running `kubectl crwatch` whose stdout and stderr are collected as they come.
struct Watch {
    child: Child,
    stdout: Arc<(Mutex<Vec<String>>, Condvar)>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

/// How a watch ended.
#[derive(Debug)]
struct Finished {
    status: ExitStatus,
    stdout: Vec<String>,
    stderr: String,
}

impl Watch {
    fn spawn(ctx: &TestContext, kubeconfig: Option<&Path>, args: &[&str]) -> Watch {
        let mut cmd: Command = ctx.kubectl();
        if let Some(k) = kubeconfig {
            cmd.env("KUBECONFIG", k);
        }
        cmd.arg("crwatch")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn kubectl crwatch");
        let stdout = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let out = child.stdout.take().expect("stdout");
        let lines = Arc::clone(&stdout);
        let read_out = std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let (lock, cvar) = &*lines;
                lock.lock().unwrap().push(line);
                cvar.notify_all();
            }
        });
        let mut err = child.stderr.take().expect("stderr");
        let text = Arc::clone(&stderr);
        let read_err = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                text.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watch {
            child,
            stdout,
            stderr,
            readers: vec![read_out, read_err],
        }
    }

    fn lines(&self) -> Vec<String> {
        self.stdout.0.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the lines printed so far satisfy `done`; panics after `timeout`.
    fn wait_for(&self, what: &str, timeout: Duration, done: impl Fn(&[String]) -> bool) {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.stdout;
        let mut lines = lock.lock().unwrap();
        while !done(&lines) {
            let now = Instant::now();
            assert!(
                now < deadline,
                "timed out waiting for {what}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                lines.join("\n"),
                self.stderr()
            );
            lines = cvar.wait_timeout(lines, deadline - now).unwrap().0;
        }
    }

    /// Waits until stderr contains `text`; panics after `timeout`.
    fn wait_for_stderr(&self, what: &str, timeout: Duration, text: &str) {
        let deadline = Instant::now() + timeout;
        while !self.stderr().contains(text) {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}\n--- stderr ---\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to exit on its own (`--count`, `--timeout`, an error).
    fn finish(mut self, timeout: Duration) -> Finished {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for crwatch") {
                return self.collect(status);
            }
            assert!(
                Instant::now() < deadline,
                "crwatch did not exit within {timeout:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.lines().join("\n"),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGTERM; crwatch must exit at once.
    fn terminate(self) -> Finished {
        let pid = self.child.id().to_string();
        let out = run(Command::new("kill").args(["-TERM", &pid]));
        assert!(out.status.success(), "kill -TERM {pid}");
        self.finish(Duration::from_secs(5))
    }

    fn collect(mut self, status: ExitStatus) -> Finished {
        for reader in self.readers.drain(..) {
            reader.join().expect("reader thread");
        }
        Finished {
            status,
            stdout: self.lines(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // A failed test must not leave a watch running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Text output with the time column and the test's own names replaced, for snapshots.
fn normalize_text(ctx: &TestContext, lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = if line.starts_with(|c: char| c.is_ascii_digit()) {
            let (time, rest) = line.split_once("  ").expect("time column");
            assert_eq!(time.len(), 8, "time is HH:MM:SS: {line}");
            format!("TIME  {rest}")
        } else {
            line.clone()
        };
        out.push_str(&unlocalize(ctx, &line));
        out.push('\n');
    }
    out
}

fn unlocalize(ctx: &TestContext, text: &str) -> String {
    text.replace(
        &ctx.group("gateway.ai.example.com"),
        "gateway.ai.example.com",
    )
    .replace(&ctx.group("ai.example.com"), "ai.example.com")
    .replace(&ctx.namespace, "NS")
}

/// The JSON lines, parsed.
fn events(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// JSON lines with time and resource versions replaced, for snapshots; the rest as printed
/// (key order included).
fn normalize_json(ctx: &TestContext, lines: &[String]) -> String {
    let mut out = String::new();
    for (line, event) in lines.iter().zip(events(lines)) {
        let time = event["time"].as_str().expect("time");
        assert!(time.ends_with('Z') && time.len() == 24, "{line}");
        let rv = event["resourceVersion"].as_str().expect("resourceVersion");
        assert!(rv.parse::<u64>().is_ok(), "{line}");
        let line = line
            .replacen(&format!(r#""time":"{time}""#), r#""time":"TIME""#, 1)
            .replacen(
                &format!(r#""resourceVersion":"{rv}""#),
                r#""resourceVersion":"RV""#,
                1,
            );
        out.push_str(&unlocalize(ctx, &line));
        out.push('\n');
    }
    out
}

const MINUTE: Duration = Duration::from_secs(60);

/// Server restarts in the restart test.
const ROUNDS: usize = 5;

/// Create, patch spec, patch labels, two status updates through the status subresource,
/// delete: exactly the expected lines, as text, as JSON, with `--no-status` and with
/// `--watch-only`, from four watches running at once.
#[test]
fn scripted_changes_print_exactly_the_expected_events() {
    let Some(ctx) = TestContext::new("crwatch-script") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "claude-sonnet", "Claude"));

    let common = ["-n", &ns, "--timeout", "90s"];
    let spawn = |extra: &[&str]| {
        let mut args = vec![res.as_str()];
        args.extend(common);
        args.extend(extra);
        Watch::spawn(&ctx, None, &args)
    };
    let text = spawn(&["--count", "7"]);
    let json = spawn(&["--count", "7", "-o", "json"]);
    let no_status = spawn(&["--count", "5", "--no-status"]);
    let watch_only = spawn(&["--count", "6", "--watch-only", "-v", "4"]);
    for w in [&text, &json, &no_status] {
        w.wait_for("the initial list", MINUTE, |l| !l.is_empty());
    }
    // --watch-only prints nothing before a change; its list must be over before the first
    // one (changes after the list are found by the watch, which starts at the list's version).
    watch_only.wait_for_stderr("the initial list", MINUTE, "watching from resource version");

    create(&ctx, None, &model(&ctx, "gpt-4o", "GPT-4o"));
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--type=merge",
        "-p",
        r#"{"spec":{"rateLimits":{"requestsPerMinute":500},"features":["chat","vision","tools","json-mode","embeddings"]}}"#,
    ]);
    ctx.kubectl_ok(["label", &res, "gpt-4o", "-n", &ns, "tier-", "team=search"]);
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--subresource=status",
        "--type=merge",
        "-p",
        r#"{"status":{"phase":"Pending","observedGeneration":2}}"#,
    ]);
    ctx.kubectl_ok([
        "patch",
        &res,
        "gpt-4o",
        "-n",
        &ns,
        "--subresource=status",
        "--type=merge",
        "-p",
        r#"{"status":{"phase":"Ready"}}"#,
    ]);
    ctx.kubectl_ok(["delete", &res, "gpt-4o", "-n", &ns]);

    let text = text.finish(MINUTE);
    let json = json.finish(MINUTE);
    let no_status = no_status.finish(MINUTE);
    let watch_only = watch_only.finish(MINUTE);
    for f in [&text, &json, &no_status, &watch_only] {
        assert!(f.status.success(), "{f:?}");
    }
    for f in [&text, &json, &no_status] {
        assert!(f.stderr.is_empty(), "nothing on stderr: {}", f.stderr);
    }
    insta::assert_snapshot!("script_text", normalize_text(&ctx, &text.stdout));
    insta::assert_snapshot!("script_json", normalize_json(&ctx, &json.stdout));
    insta::assert_snapshot!("script_no_status", normalize_text(&ctx, &no_status.stdout));
    // --watch-only: the same as the full text output without the initial list.
    let full = normalize_text(&ctx, &text.stdout);
    let changes = full.split_once('\n').expect("a first line").1;
    assert_eq!(normalize_text(&ctx, &watch_only.stdout), changes);

    // The resource versions printed are the objects' own, in order.
    let rvs: Vec<u64> = events(&json.stdout)
        .iter()
        .map(|e| e["resourceVersion"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(rvs[1..].windows(2).all(|w| w[0] < w[1]), "{rvs:?}");
    let claude = ctx.kubectl_ok([
        "get",
        &res,
        "claude-sonnet",
        "-n",
        &ns,
        "-o",
        "jsonpath={.metadata.resourceVersion}",
    ]);
    assert_eq!(rvs[0].to_string(), claude);
}

/// Names the events of a JSON-lines run: `MODIFIED keep resync /spec/displayName`.
fn summarize(event: &Value) -> String {
    let paths: Vec<&str> = event["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .filter(|p| *p != "/metadata/generation")
        .collect();
    format!(
        "{} {}{}{}",
        event["type"].as_str().unwrap(),
        event["name"].as_str().unwrap(),
        if event["resync"] == json!(true) {
            " resync"
        } else {
            ""
        },
        if paths.is_empty() {
            String::new()
        } else {
            format!(" {}", paths.join(","))
        }
    )
}

/// The objects as the events left them: ADDED and MODIFIED set, DELETED removes.
fn fold(events: &[Value]) -> BTreeMap<String, Value> {
    let mut state = BTreeMap::new();
    for e in events {
        let name = e["name"].as_str().unwrap().to_owned();
        match e["type"].as_str().unwrap() {
            "ADDED" | "MODIFIED" => {
                state.insert(name, e["object"].clone());
            }
            "DELETED" => {
                assert!(state.remove(&name).is_some(), "DELETED of unknown {name}");
            }
            other => panic!("event type {other}"),
        }
    }
    state
}

fn patch_display(ctx: &TestContext, name: &str, display: &str) {
    ctx.kubectl_ok([
        "patch",
        &models(ctx),
        name,
        "-n",
        &ctx.namespace,
        "--type=merge",
        "-p",
        &format!(r#"{{"spec":{{"displayName":"{display}"}}}}"#),
    ]);
}

/// No object version is printed twice.
fn assert_each_version_once(events: &[Value]) {
    let mut seen = HashSet::new();
    for e in events {
        let key = (
            e["type"].clone(),
            e["name"].clone(),
            e["resourceVersion"].clone(),
        );
        assert!(seen.insert(key), "printed twice: {e}");
    }
}

/// A resync diffs against what crwatch had seen: the old value is the one before the outage,
/// the new one the last written during it.
fn assert_resyncs_diff_against_what_was_seen(events: &[Value]) {
    let resyncs: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "MODIFIED" && e["resync"] == json!(true))
        .collect();
    assert_eq!(resyncs.len(), ROUNDS);
    for (round, e) in resyncs.iter().enumerate() {
        let change = e["diff"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == "/spec/displayName")
            .unwrap();
        let old = if round == 0 {
            "keep".to_owned()
        } else {
            format!("down {} again", round - 1)
        };
        assert_eq!(change["old"], json!(old), "{e}");
        assert_eq!(change["new"], json!(format!("down {round} again")), "{e}");
    }
}

/// The objects the events describe are those of a fresh list.
fn assert_state_is_the_servers(ctx: &TestContext, events: &[Value]) {
    let list: Value = serde_json::from_str(&ctx.kubectl_ok([
        "get",
        &models(ctx),
        "-n",
        &ctx.namespace,
        "-o",
        "json",
    ]))
    .expect("kubectl get -o json");
    let mut fresh = BTreeMap::new();
    for item in list["items"].as_array().unwrap() {
        let mut item = item.clone();
        item["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        fresh.insert(item["metadata"]["name"].as_str().unwrap().to_owned(), item);
    }
    assert_eq!(fold(events), fresh);
}

/// While crwatch runs, the API server stops and starts again; while crwatch cannot reach it
/// (the proxy plays the server down a little longer), objects change, vanish and appear, and
/// etcd compacts, so that the resume gets `410 Gone` and crwatch relists. Five times in a row:
/// every change shows up exactly once (deletions included, marked as resyncs where they were
/// found by a relist), and the objects the events describe equal a fresh list.
#[test]
fn restarts_and_410_gone_lose_and_double_nothing() {
    let Some(server) = DedicatedServer::start(&["--compaction-interval", "5s"]) else {
        return;
    };
    let ctx = setup(TestContext::on(server.server, "crwatch-restart"));
    let proxy = FaultProxy::start(&server.server.kubeconfig);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    for name in ["keep", "live", "obj-0"] {
        create(&ctx, None, &model(&ctx, name, name));
    }
    let watch = Watch::spawn(
        &ctx,
        Some(proxy.kubeconfig()),
        &[&res, "-n", &ns, "-o", "json", "--full", "-v", "4"],
    );
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 3);
    let mut expected: Vec<String> = ["ADDED keep", "ADDED live", "ADDED obj-0"]
        .map(String::from)
        .to_vec();

    for round in 0..ROUNDS {
        // A change seen live proves the watch is open before the outage.
        patch_display(&ctx, "live", &format!("live {round}"));
        expected.push("MODIFIED live /spec/displayName".into());
        let n = expected.len();
        watch.wait_for(&format!("round {round}: the live change"), MINUTE, |l| {
            l.len() >= n
        });

        // Down: the proxy first (it cuts the open watch, which would otherwise hold the
        // server's shutdown for 30 s), then the server, which comes back on the same data.
        proxy.set_down(true);
        server.stop();
        server.restart(&["--compaction-interval", "5s"]);
        // Changes crwatch cannot see: two to one object (they show as one), a deletion, a
        // creation.
        patch_display(&ctx, "keep", &format!("down {round}"));
        patch_display(&ctx, "keep", &format!("down {round} again"));
        ctx.kubectl_ok(["delete", &res, &format!("obj-{round}"), "-n", &ns]);
        let next = format!("obj-{}", round + 1);
        create(&ctx, None, &model(&ctx, &next, &next));
        // Two compaction intervals: the resource version crwatch resumes from is compacted.
        std::thread::sleep(Duration::from_secs(11));
        proxy.set_down(false);

        // What the relist finds, in the list's order (by name), deletions last.
        expected.push("MODIFIED keep resync /spec/displayName".into());
        expected.push(format!("ADDED {next} resync"));
        expected.push(format!("DELETED obj-{round} resync"));
        let n = expected.len();
        watch.wait_for(&format!("round {round}: the resync"), MINUTE, |l| {
            l.len() >= n
        });
        let gone = watch.stderr().matches("is gone (410); relisting").count();
        assert_eq!(
            gone,
            round + 1,
            "round {round}: one relist after 410 Gone per round\n{}",
            watch.stderr()
        );
    }
    patch_display(&ctx, "live", "after");
    expected.push("MODIFIED live /spec/displayName".into());
    let n = expected.len();
    watch.wait_for("the last change", MINUTE, |l| l.len() >= n);
    // Nothing late or doubled arrives after a pause.
    std::thread::sleep(Duration::from_secs(2));

    let finished = watch.terminate();
    assert!(finished.status.success(), "SIGTERM exits 0: {finished:?}");
    let events = events(&finished.stdout);
    let got: Vec<String> = events.iter().map(summarize).collect();
    assert_eq!(got, expected, "stderr:\n{}", finished.stderr);

    assert_each_version_once(&events);
    assert_resyncs_diff_against_what_was_seen(&events);
    assert_state_is_the_servers(&ctx, &events);
}

/// The events of a JSON-lines run without their times (the only field that may differ).
fn timeless(lines: &[String]) -> Vec<Value> {
    events(lines)
        .into_iter()
        .map(|mut e| {
            e.as_object_mut().unwrap().remove("time");
            e
        })
        .collect()
}

/// Each resume started right after the last event handled: after the first cut (one event
/// through) from that event's version, twice (the first attempt got 429); after the second cut
/// (two more through) from the third event's, twice (503 first).
fn assert_resumes_after_the_last_event(proxy: &FaultProxy, stdout: &[String]) {
    let watch_versions: Vec<String> = proxy
        .log()
        .iter()
        .filter(|l| l.contains("watch=true"))
        .map(|l| {
            l.split(['?', '&', ' '])
                .find_map(|p| p.strip_prefix("resourceVersion="))
                .expect("a watch names its resource version")
                .to_owned()
        })
        .collect();
    let printed: Vec<String> = events(stdout)
        .iter()
        .map(|e| e["resourceVersion"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        watch_versions[watch_versions.len() - 4..],
        [printed[2].as_str(), &printed[2], &printed[4], &printed[4]],
        "{:#?}",
        proxy.log()
    );
}

/// Through a proxy that answers 429 with Retry-After and 503, plays a `410 Gone`, and cuts the
/// watch stream in the middle of an event (twice), crwatch prints exactly what a watch
/// without faults prints.
#[test]
fn faults_between_crwatch_and_the_server_change_nothing() {
    let Some(ctx) = TestContext::new("crwatch-faults") else {
        return;
    };
    let ctx = setup(ctx);
    let proxy = FaultProxy::start(&ctx.server.kubeconfig);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    for name in ["a", "b"] {
        create(&ctx, None, &model(&ctx, name, name));
    }
    // In the order the requests come: the first list fails three times, the watch after it
    // twice and then expires; the watch after the relist is cut in its second event, its
    // resume is refused once, and the one after that is cut in its third event.
    proxy.inject(Requests::Lists, Fault::too_many_requests(), 2);
    proxy.inject(Requests::Lists, Fault::unavailable(), 1);
    proxy.inject(Requests::Watches, Fault::unavailable(), 1);
    proxy.inject(Requests::Watches, Fault::too_many_requests(), 1);
    proxy.inject(Requests::Watches, Fault::GoneEvent, 1);
    proxy.inject(Requests::Watches, Fault::CutAfterLines(1), 1);
    proxy.inject(Requests::Watches, Fault::too_many_requests(), 1);
    proxy.inject(Requests::Watches, Fault::CutAfterLines(2), 1);
    proxy.inject(Requests::Watches, Fault::unavailable(), 1);

    let args = [
        res.as_str(),
        "-n",
        &ns,
        "-o",
        "json",
        "--count",
        "8",
        "--timeout",
        "120s",
    ];
    let direct = Watch::spawn(&ctx, None, &args);
    let faulty = Watch::spawn(&ctx, Some(proxy.kubeconfig()), &args);
    direct.wait_for("the initial list", MINUTE, |l| l.len() == 2);
    faulty.wait_for("the initial list", MINUTE, |l| l.len() == 2);
    // The relist after the injected 410 must be over before anything changes, or its
    // findings would rightly be marked as resyncs.
    let deadline = Instant::now() + MINUTE;
    while !proxy.log().iter().any(|l| l.contains("(cut in line 2)")) {
        assert!(
            Instant::now() < deadline,
            "no watch after the relist: {:#?}",
            proxy.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    patch_display(&ctx, "a", "one");
    patch_display(&ctx, "b", "two");
    ctx.kubectl_ok(["label", &res, "a", "-n", &ns, "team=x"]);
    create(&ctx, None, &model(&ctx, "c", "c"));
    patch_display(&ctx, "c", "three");
    ctx.kubectl_ok(["delete", &res, "b", "-n", &ns]);

    let direct = direct.finish(MINUTE);
    let faulty = faulty.finish(MINUTE);
    assert!(direct.status.success(), "{direct:?}");
    assert!(faulty.status.success(), "{faulty:?}");
    assert_eq!(
        timeless(&faulty.stdout),
        timeless(&direct.stdout),
        "proxy log: {:#?}\nstderr: {}",
        proxy.log(),
        faulty.stderr
    );
    assert_eq!(
        proxy.pending(),
        0,
        "every fault was used: {:#?}",
        proxy.log()
    );
    let log = proxy.log().join("\n");
    for expected in [
        "-> 429 (injected)",
        "-> 503 (injected)",
        "ERROR 410 event (injected)",
        "(cut in line 2)",
        "(cut in line 3)",
    ] {
        assert!(log.contains(expected), "{expected} missing from\n{log}");
    }
    assert_resumes_after_the_last_event(&proxy, &faulty.stdout);
    // The faults were noticed, once per outage, on stderr only.
    assert!(
        faulty.stderr.contains("warning: watch of"),
        "{}",
        faulty.stderr
    );
    assert!(direct.stderr.is_empty(), "{}", direct.stderr);
}

/// A server that stays down beyond --max-retry-time ends the run with exit 1 and says why.
#[test]
fn max_retry_time_gives_up() {
    let Some(ctx) = TestContext::new("crwatch-give-up") else {
        return;
    };
    let ctx = setup(ctx);
    let proxy = FaultProxy::start(&ctx.server.kubeconfig);
    let res = models(&ctx);
    create(&ctx, None, &model(&ctx, "a", "a"));
    let watch = Watch::spawn(
        &ctx,
        Some(proxy.kubeconfig()),
        &[&res, "-n", &ctx.namespace, "--max-retry-time", "3s"],
    );
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    let down = Instant::now();
    proxy.set_down(true);
    let finished = watch.finish(MINUTE);
    assert_eq!(finished.status.code(), Some(1), "{finished:?}");
    assert!(
        down.elapsed() < Duration::from_secs(15),
        "{:?}",
        down.elapsed()
    );
    assert!(
        finished.stderr.contains("giving up on watch of llmmodels."),
        "{}",
        finished.stderr
    );
}

/// Forbidden ends the run at once, with kubectl's message and a hint; a CustomResourceDefinition
/// deleted while it is watched ends it after the objects' deletions.
#[test]
fn forbidden_and_deleted_crds_end_the_run() {
    let Some(ctx) = TestContext::new("crwatch-fatal") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "a", "a"));

    // The limited user, chosen by user or by the context that names it.
    for flag in ["--user", "--context"] {
        let out = run(ctx
            .kubectl()
            .args(["crwatch", &res, "-n", &ns, flag, "limited"]));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {stderr}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr.starts_with("Error from server (Forbidden): ")
                && stderr.contains("User \"limited\" cannot list resource \"llmmodels\"")
                && stderr.contains("\nhint: an admin can grant it with: kubectl create role"),
            "{flag}: {stderr}"
        );
    }

    let watch = Watch::spawn(&ctx, None, &[&res, "-n", &ns, "--timeout", "90s"]);
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    ctx.kubectl_ok(["delete", "crd", &res, "--wait=false"]);
    let finished = watch.finish(MINUTE);
    assert_eq!(finished.status.code(), Some(1), "{finished:?}");
    assert!(
        finished.stdout[1].contains("DELETED   LLMModel/a"),
        "{finished:?}"
    );
    assert_eq!(
        finished.stderr,
        format!(
            "error: {res} is no longer served (the server answers 404 Not Found: was its CustomResourceDefinition deleted?)\n"
        )
    );
}

/// Several kinds, by full name and comma-separated, merge into one stream; one object by name.
#[test]
fn several_kinds_merge_and_names_filter() {
    let Some(ctx) = TestContext::new("crwatch-kinds") else {
        return;
    };
    let ctx = setup(ctx);
    let res = models(&ctx);
    let routes = format!("llmroutes.{}", ctx.group("gateway.ai.example.com"));
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "a", "a"));
    create(
        &ctx,
        None,
        &ctx.localize(
            "apiVersion: gateway.ai.example.com/v1\nkind: LLMRoute\nmetadata:\n  name: r\nspec:\n  backends:\n    - modelRef: a\n      weight: 100\n",
        ),
    );
    let both = format!("{res},{routes}");
    let merged = Watch::spawn(
        &ctx,
        None,
        &[&both, "-n", &ns, "--count", "3", "--timeout", "60s"],
    );
    let one = Watch::spawn(
        &ctx,
        None,
        &[
            &res,
            "b",
            "-n",
            &ns,
            "--count",
            "2",
            "--timeout",
            "60s",
            "-v",
            "4",
        ],
    );
    merged.wait_for("the initial lists", MINUTE, |l| l.len() == 2);
    one.wait_for_stderr("the initial list", MINUTE, "watching from resource version");
    create(&ctx, None, &model(&ctx, "b", "b"));
    patch_display(&ctx, "a", "not b");
    patch_display(&ctx, "b", "b!");
    let merged = merged.finish(MINUTE);
    let one = one.finish(MINUTE);
    assert!(merged.status.success(), "{merged:?}");
    assert!(one.status.success(), "{one:?}");
    let mut initial = merged.stdout[..2].to_vec();
    initial.sort_by_key(|l| l.contains("LLMRoute"));
    let text = normalize_text(&ctx, &initial) + &normalize_text(&ctx, &merged.stdout[2..]);
    assert_eq!(
        text,
        "TIME  ADDED     LLMModel/a  NS\nTIME  ADDED     LLMRoute/r  NS\nTIME  ADDED     LLMModel/b  NS\n"
    );
    assert_eq!(
        normalize_text(&ctx, &one.stdout),
        "TIME  ADDED     LLMModel/b  NS\nTIME  MODIFIED  LLMModel/b  NS  generation 2\n  spec.displayName: \"b\" → \"b!\"\n"
    );
}

/// Ctrl-C (SIGINT) ends a watch at once with exit 0, its output complete.
#[test]
fn ctrl_c_exits_0_at_once() {
    let Some(ctx) = TestContext::new("crwatch-ctrl-c") else {
        return;
    };
    let ctx = setup(ctx);
    create(&ctx, None, &model(&ctx, "a", "a"));
    let watch = Watch::spawn(&ctx, None, &[&models(&ctx), "-n", &ctx.namespace]);
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    let pid = watch.child.id().to_string();
    assert!(
        run(Command::new("kill").args(["-INT", &pid]))
            .status
            .success()
    );
    let finished = watch.finish(Duration::from_secs(5));
    assert!(finished.status.success(), "{finished:?}");
    assert_eq!(
        normalize_text(&ctx, &finished.stdout),
        "TIME  ADDED     LLMModel/a  NS\n"
    );
    assert!(finished.stderr.is_empty(), "{}", finished.stderr);
}

/// `kubectl crwatch --help`, as users see it.
#[test]
fn help() {
    let out = run(Command::new(env!("CARGO_BIN_EXE_kubectl-crwatch"))
        .arg("--help")
        .env("COLUMNS", "100"));
    assert!(out.status.success());
    insta::assert_snapshot!("help", String::from_utf8_lossy(&out.stdout));
}
