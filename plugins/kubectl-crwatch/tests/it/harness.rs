//! What the crwatch tests share: a test context with the plugin and the example CRDs, objects
//! made with `kubectl create`, a running `kubectl crwatch` whose output is read as it comes,
//! and output normalized for snapshots.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crkit_test_support::{TestContext, run, run_with_stdin};
use serde_json::Value;

pub fn setup(ctx: TestContext) -> TestContext {
    ctx.add_plugin("crwatch", env!("CARGO_BIN_EXE_kubectl-crwatch"));
    ctx.install_example_crds();
    ctx
}

/// `llmmodels.<the test's own group>`.
pub fn models(ctx: &TestContext) -> String {
    format!("llmmodels.{}", ctx.group("gateway.ai.example.com"))
}

/// An LLMModel in the test's namespace and group.
pub fn model(ctx: &TestContext, name: &str, display: &str) -> String {
    ctx.localize(&format!(
        "apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: {name}\n  labels:\n    tier: premium\nspec:\n  provider: openai\n  modelName: {name}\n  displayName: {display}\n  rateLimits:\n    requestsPerMinute: 1000\n  features: [chat, vision, tools, json-mode]\n"
    ))
}

/// `kubectl create -f -` (not apply: no last-applied annotation, so objects look the same
/// whichever way they are made).
pub fn create(ctx: &TestContext, kubeconfig: Option<&Path>, yaml: &str) {
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
pub struct Watch {
    pub child: Child,
    pub stdout: Arc<(Mutex<Vec<String>>, Condvar)>,
    pub stderr: Arc<Mutex<String>>,
    pub readers: Vec<std::thread::JoinHandle<()>>,
}

/// How a watch ended.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<String>,
    pub stderr: String,
}

impl Watch {
    pub fn spawn(ctx: &TestContext, kubeconfig: Option<&Path>, args: &[&str]) -> Watch {
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

    pub fn lines(&self) -> Vec<String> {
        self.stdout.0.lock().unwrap().clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the lines printed so far satisfy `done`; panics after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, done: impl Fn(&[String]) -> bool) {
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
    pub fn wait_for_stderr(&self, what: &str, timeout: Duration, text: &str) {
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

    /// Waits until stderr contains `text` `n` times; panics after `timeout`.
    pub fn wait_for_stderr_count(&self, what: &str, timeout: Duration, text: &str, n: usize) {
        let deadline = Instant::now() + timeout;
        while self.stderr().matches(text).count() < n {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}\n--- stderr ---\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to exit on its own (`--count`, `--timeout`, an error).
    pub fn finish(mut self, timeout: Duration) -> Finished {
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
    pub fn terminate(self) -> Finished {
        let pid = self.child.id().to_string();
        let out = run(Command::new("kill").args(["-TERM", &pid]));
        assert!(out.status.success(), "kill -TERM {pid}");
        self.finish(Duration::from_secs(5))
    }

    pub fn collect(mut self, status: ExitStatus) -> Finished {
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
pub fn normalize_text(ctx: &TestContext, lines: &[String]) -> String {
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

pub fn unlocalize(ctx: &TestContext, text: &str) -> String {
    text.replace(
        &ctx.group("gateway.ai.example.com"),
        "gateway.ai.example.com",
    )
    .replace(&ctx.group("ai.example.com"), "ai.example.com")
    .replace(&ctx.namespace, "NS")
}

/// The JSON lines, parsed.
pub fn events(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// JSON lines with time and resource versions replaced, for snapshots; the rest as printed
/// (key order included).
pub fn normalize_json(ctx: &TestContext, lines: &[String]) -> String {
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

pub const MINUTE: Duration = Duration::from_secs(60);

pub fn patch_display(ctx: &TestContext, name: &str, display: &str) {
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
