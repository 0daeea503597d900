//! No event lost or doubled across server restarts, `410 Gone` and faults injected between
//! crwatch and the server; `--max-retry-time` gives up.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use crkit_test_support::proxy::{Fault, FaultProxy, Requests};
use crkit_test_support::{DedicatedServer, TestContext};
use serde_json::{Value, json};

use crate::harness::{MINUTE, Watch, create, events, model, models, patch_display, setup};

/// Server restarts in the restart test.
const ROUNDS: usize = 5;

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
        // Once the watch runs again, one line at default verbosity says so, with what the
        // relist found (the three changes above).
        watch.wait_for_stderr_count(
            &format!("round {round}: the line saying the watch resumed"),
            MINUTE,
            &format!("resumed watch of {res} after "),
            round + 1,
        );
        let stderr = watch.stderr();
        let resumed: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("resumed "))
            .collect();
        assert_eq!(resumed.len(), round + 1, "{}", watch.stderr());
        assert!(
            resumed[round].ends_with("s; relisted: 3 changes"),
            "{}",
            resumed[round]
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

/// The median of some durations (the upper one of the middle two).
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// The API server stops with crwatch's watch open and starts again, five times. Each stop
/// returns by SIGTERM (the server closes open watches after a short grace; the 30 s kill is
/// not needed), and each time the server is back crwatch resumes, saying so in one line on
/// stderr at default verbosity. The stop and resume times are printed, not asserted.
#[test]
fn resumes_soon_after_a_restart_and_stop_does_not_wait_for_watches() {
    let Some(server) = DedicatedServer::start(&[]) else {
        return;
    };
    let ctx = setup(TestContext::on(server.server, "crwatch-resume"));
    let res = models(&ctx);
    let ns = ctx.namespace.clone();
    create(&ctx, None, &model(&ctx, "live", "live"));
    let watch = Watch::spawn(&ctx, None, &[&res, "-n", &ns, "-o", "json"]);
    watch.wait_for("the initial list", MINUTE, |l| l.len() == 1);
    let mut stops = Vec::new();
    let mut resumes = Vec::new();
    for round in 0..ROUNDS {
        // A change seen live proves the watch is open before the stop.
        patch_display(&ctx, "live", &format!("live {round}"));
        watch.wait_for(&format!("round {round}: the live change"), MINUTE, |l| {
            l.len() > round + 1
        });
        let stopping = Instant::now();
        let said = server.stop();
        stops.push(stopping.elapsed());
        assert!(
            said.contains(") by SIGTERM in ") && !said.contains("SIGKILL"),
            "round {round}: {said}"
        );
        server.restart(&[]);
        let back = Instant::now();
        watch.wait_for_stderr_count(
            &format!("round {round}: the resume"),
            MINUTE,
            "resumed watch of ",
            round + 1,
        );
        resumes.push(back.elapsed());
    }
    patch_display(&ctx, "live", "after");
    watch.wait_for("the change after the last restart", MINUTE, |l| {
        l.len() > ROUNDS + 1
    });
    let finished = watch.terminate();
    assert!(finished.status.success(), "{finished:?}");
    let stderr = finished.stderr;
    let resumed: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("resumed "))
        .collect();
    assert_eq!(resumed.len(), ROUNDS, "one line per outage:\n{stderr}");
    for line in &resumed {
        let rest = line
            .strip_prefix(&format!("resumed watch of {res} after "))
            .unwrap_or_else(|| panic!("{line}"));
        let (secs, how) = rest.split_once('s').unwrap_or_else(|| panic!("{line}"));
        assert!(secs.parse::<f64>().is_ok(), "{line}");
        assert!(
            how.starts_with(" from resource version ") || how.starts_with("; relisted: "),
            "{line}"
        );
    }
    assert_eq!(
        stderr.matches("warning: watch of").count(),
        ROUNDS,
        "one warning per outage:\n{stderr}"
    );
    let events = events(&finished.stdout);
    assert_each_version_once(&events);
    assert_eq!(events.len(), ROUNDS + 2, "{:#?}", finished.stdout);
    println!(
        "scripts/apiserver stop with a watch open: {stops:.2?}, median {:.2?}",
        median(&stops)
    );
    println!(
        "crwatch resumed after the server was back: {resumes:.2?}, median {:.2?}",
        median(&resumes)
    );
}

/// With an empty discovery cache (a fresh `HOME`) and the server down from the start, crwatch
/// retries discovery as `--max-retry-time` documents: it gives up after that long with exit 1;
/// without the flag it waits, and watches once the server is back, saying so.
#[test]
fn discovery_with_an_empty_cache_and_the_server_down_retries() {
    let Some(ctx) = TestContext::new("crwatch-cold-down") else {
        return;
    };
    let ctx = setup(ctx);
    let proxy = FaultProxy::start(&ctx.server.kubeconfig);
    let res = models(&ctx);
    create(&ctx, None, &model(&ctx, "a", "a"));
    proxy.set_down(true);
    let started = Instant::now();
    let out = crkit_test_support::run(ctx.kubectl().env("KUBECONFIG", proxy.kubeconfig()).args([
        "crwatch",
        &res,
        "-n",
        &ctx.namespace,
        "--max-retry-time",
        "3s",
    ]));
    let waited = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.starts_with("warning: discovery: ")
            && stderr.contains("; retrying\nerror: giving up on discovery after retrying for ")
            && stderr.contains("(--max-retry-time): "),
        "{stderr}"
    );
    assert!(waited >= Duration::from_secs(3), "{waited:?}");

    // Without the flag: it waits for the server.
    let watch = Watch::spawn(
        &ctx,
        Some(proxy.kubeconfig()),
        &[&res, "-n", &ctx.namespace, "--count", "1"],
    );
    watch.wait_for_stderr("the warning", MINUTE, "warning: discovery: ");
    std::thread::sleep(Duration::from_secs(2));
    proxy.set_down(false);
    let finished = watch.finish(MINUTE);
    assert!(finished.status.success(), "{finished:?}");
    assert_eq!(finished.stdout.len(), 1, "{finished:?}");
    assert!(
        finished.stdout[0].contains("ADDED     LLMModel/a"),
        "{finished:?}"
    );
    let lines: Vec<&str> = finished.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", finished.stderr);
    assert!(lines[0].starts_with("warning: discovery: "), "{}", lines[0]);
    assert!(
        lines[1].starts_with("resumed discovery after "),
        "{}",
        lines[1]
    );
}
