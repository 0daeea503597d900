//! The differential test of the issue: every document of `tests/corpus/cases` is validated by
//! `kubectl crvalidate` (offline, with the example CRDs and the corpus's own CRDs of
//! `tests/corpus/crds`) and by the real API server (`kubectl apply --dry-run=server`, the
//! oracle). Verdicts must agree on every document and the sets of field paths on at least 98%;
//! no document of a kind the server serves may lack a schema; the figures are printed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crkit_test_support::{TestContext, run, workspace_root, yaml_files};

/// One corpus case.
struct Case {
    name: String,
    file: PathBuf,
}

/// The field paths the server names in kubectl's error output.
fn server_fields(stderr: &str) -> BTreeSet<String> {
    let text = stderr.trim();
    let mut fields = BTreeSet::new();
    if let Some((_, rest)) = text.split_once("cannot be handled as a ") {
        let rest = rest.split_once(": ").map_or("", |(_, r)| r);
        if let Some(list) = rest.strip_prefix("strict decoding error: ") {
            for part in list.split(", ") {
                let field = part
                    .split_once(" field \"")
                    .and_then(|(_, f)| f.strip_suffix('"'))
                    .unwrap_or_default();
                fields.insert(field.to_owned());
            }
            return fields;
        }
        if let Some(f) = go_struct_field(rest) {
            fields.insert(f);
            return fields;
        }
        match rest.split_once(": ") {
            Some((f, _)) if !f.contains(' ') => fields.insert(f.to_owned()),
            _ => fields.insert(String::new()),
        };
        return fields;
    }
    if let Some(f) = go_struct_field(text) {
        fields.insert(f);
        return fields;
    }
    if text.contains("Error from server (MethodNotAllowed)") {
        // The whole request is refused (a read-only kind): no field.
        fields.insert(String::new());
        return fields;
    }
    for line in text.lines() {
        let line = line.trim();
        let candidate = match line.split_once(" is invalid: ") {
            Some((_, rest)) if !rest.trim().is_empty() => Some(rest),
            _ => line.strip_prefix("* "),
        };
        if let Some(c) = candidate {
            fields.insert(c.split_once(": ").map_or(c, |(f, _)| f).to_owned());
        }
    }
    fields
}

/// `spec.replicas` of `... Go struct field DeploymentSpec.spec.replicas of type int32`.
fn go_struct_field(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("Go struct field ")?;
    let (path, _) = rest.split_once(" of type")?;
    Some(path.split_once('.')?.1.to_owned())
}

fn cases() -> Vec<Case> {
    yaml_files(&workspace_root().join("tests/corpus/cases"))
        .into_iter()
        .map(|file| Case {
            name: file.file_stem().unwrap().to_string_lossy().into_owned(),
            file,
        })
        .collect()
}

fn write_localized(ctx: &TestContext, from: &Path, to: &Path) {
    let text = std::fs::read_to_string(from).expect("read corpus file");
    std::fs::write(to, ctx.localize(&text)).expect("write localized file");
}

#[test]
fn verdicts_and_field_paths_agree_with_the_api_server() {
    let Some(ctx) = TestContext::new("crvalidate-differential") else {
        return;
    };
    ctx.install_example_crds();
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let dir = tempfile::TempDir::new().unwrap();
    let crds = dir.path().join("crds");
    let docs = dir.path().join("cases");
    std::fs::create_dir_all(&crds).unwrap();
    std::fs::create_dir_all(&docs).unwrap();
    for crd in yaml_files(&workspace_root().join("examples/crds")) {
        write_localized(&ctx, &crd, &crds.join(crd.file_name().unwrap()));
    }
    // The corpus's own CRDs (CEL rules in every place a rule can sit), on the server too.
    for crd in yaml_files(&workspace_root().join("tests/corpus/crds")) {
        let text = ctx.localize(&std::fs::read_to_string(&crd).expect("read corpus CRD"));
        ctx.apply(&text);
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("  name: "))
            .expect("CRD has metadata.name")
            .trim()
            .to_owned();
        ctx.kubectl_ok([
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            &format!("crd/{name}"),
        ]);
        std::fs::write(crds.join(crd.file_name().unwrap()), text).expect("write localized CRD");
    }
    let cases = cases();
    assert!(cases.len() >= 150, "the corpus has {} cases", cases.len());
    for c in &cases {
        write_localized(&ctx, &c.file, &docs.join(format!("{}.yaml", c.name)));
    }

    let oracle = run_oracle(&ctx, &cases, &docs);
    let ours = run_crvalidate(&ctx, &crds, &docs);

    let mut verdicts = 0;
    let mut paths = 0;
    let mut invalid = 0;
    let mut no_schema = Vec::new();
    let mut disagreements = Vec::new();
    for c in &cases {
        let (server_ok, server_fields, stderr) = &oracle[&c.name];
        let (our_ok, our_fields, messages) = ours
            .get(&c.name)
            .unwrap_or_else(|| panic!("no record for {}", c.name));
        if !server_ok {
            invalid += 1;
        }
        if messages.iter().any(|m| m.starts_with("no schema for")) {
            no_schema.push(c.name.clone());
        }
        if server_ok == our_ok {
            verdicts += 1;
        }
        if server_fields == our_fields {
            paths += 1;
        }
        if server_ok != our_ok || server_fields != our_fields {
            disagreements.push(format!(
                "{}: server {} {server_fields:?} ({}); crvalidate {} {our_fields:?} {messages:?}",
                c.name,
                if *server_ok { "accepts" } else { "rejects" },
                stderr.trim().replace('\n', " | "),
                if *our_ok { "accepts" } else { "rejects" },
            ));
        }
    }
    let n = cases.len();
    #[allow(clippy::cast_precision_loss)]
    let pct = |k: usize| 100.0 * k as f64 / n as f64;
    println!(
        "differential corpus: {n} documents ({invalid} rejected by the server); verdicts agree on {verdicts}/{n} ({:.1}%), field paths on {paths}/{n} ({:.1}%); {} answered \"no schema\"",
        pct(verdicts),
        pct(paths),
        no_schema.len()
    );
    for d in &disagreements {
        println!("disagreement: {d}");
    }
    assert_eq!(
        verdicts,
        n,
        "verdicts must agree on every document:\n{}",
        disagreements.join("\n")
    );
    assert!(
        paths * 100 >= n * 98,
        "field paths agree on fewer than 98%:\n{}",
        disagreements.join("\n")
    );
    // Every kind of the corpus is served by the server (it answered each one).
    assert!(no_schema.is_empty(), "no schema for {no_schema:?}");
}

/// The server's verdict, field paths and error output for one case.
type Verdict = (bool, BTreeSet<String>, String);
/// crvalidate's verdict, field paths and messages for one case.
type Ours = (bool, BTreeSet<String>, Vec<String>);

/// Runs `kubectl apply --dry-run=server` on every case, four at a time.
fn run_oracle(ctx: &TestContext, cases: &[Case], docs: &Path) -> BTreeMap<String, Verdict> {
    // The oracle, four kubectl processes at a time.
    let oracle: Mutex<BTreeMap<String, Verdict>> = Mutex::new(BTreeMap::new());
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        *n += 1;
                        *n - 1
                    };
                    let Some(c) = cases.get(i) else { break };
                    let file = docs.join(format!("{}.yaml", c.name));
                    let out = run(ctx
                        .kubectl()
                        .args(["apply", "--dry-run=server", "-n", &ctx.namespace, "-f"])
                        .arg(&file));
                    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                    let ok = out.status.success();
                    let fields = if ok {
                        BTreeSet::new()
                    } else {
                        server_fields(&stderr)
                    };
                    oracle
                        .lock()
                        .unwrap()
                        .insert(c.name.clone(), (ok, fields, stderr));
                }
            });
        }
    });
    oracle.into_inner().unwrap()
}

/// Runs `kubectl crvalidate` once over every case.
fn run_crvalidate(ctx: &TestContext, crds: &Path, docs: &Path) -> BTreeMap<String, Ours> {
    // crvalidate, once over the whole corpus, through kubectl's plugin mechanism.
    let out = run(ctx
        .kubectl()
        .args(["crvalidate", "--offline", "-o", "json", "--crds"])
        .arg(crds)
        .arg("-R")
        .arg(docs));
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "kubectl crvalidate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let mut ours: BTreeMap<String, Ours> = BTreeMap::new();
    for d in report["documents"].as_array().unwrap() {
        let name = Path::new(d["file"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let causes = d["causes"].as_array().unwrap();
        let mut fields: BTreeSet<String> = causes
            .iter()
            .filter(|c| c["severity"] == "error")
            .map(|c| c["field"].as_str().unwrap_or_default().to_owned())
            .collect();
        if d["status"] == "error" && fields.is_empty() {
            fields.insert(String::new());
        }
        let messages = causes
            .iter()
            .map(|c| c["message"].as_str().unwrap_or_default().to_owned())
            .chain(d["message"].as_str().map(str::to_owned))
            .collect();
        ours.insert(name, (d["status"] == "valid", fields, messages));
    }
    ours
}

#[test]
fn schemas_come_from_the_cluster_when_online() {
    let Some(ctx) = TestContext::new("crvalidate-cluster") else {
        return;
    };
    ctx.install_example_crds();
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let dir = tempfile::TempDir::new().unwrap();
    let cases = workspace_root().join("tests/corpus/cases");
    let valid = dir.path().join("valid.yaml");
    let invalid = dir.path().join("invalid.yaml");
    write_localized(&ctx, &cases.join("llm-valid-full.yaml"), &valid);
    write_localized(&ctx, &cases.join("tenant-bad-quota-order.yaml"), &invalid);

    let out = run(ctx.kubectl().args(["crvalidate", "-v", "6"]).arg(&valid));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stderr}\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stderr.contains("requests:"), "{stderr}");

    let out = run(ctx.kubectl().args(["crvalidate"]).arg(&invalid));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "spec.quotas: Invalid value: maxTokensPerDay must be at least maxTokensPerRequest"
        ),
        "{stdout}"
    );

    // Offline, the cluster's CRDs are not used: the kind has no schema.
    let out = run(ctx.kubectl().args(["crvalidate", "--offline"]).arg(&valid));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("no schema for LLMModel"), "{stdout}");
}

/// A kind missing from a discovery cache written before its CRD was installed is looked up
/// again (one refresh), not reported as "not served by the cluster".
#[test]
fn a_crd_installed_after_the_cache_was_written_gives_the_schema() {
    let Some(ctx) = TestContext::new("crvalidate-stale") else {
        return;
    };
    ctx.install_example_crds();
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let dir = tempfile::TempDir::new().unwrap();
    let valid = dir.path().join("valid.yaml");
    write_localized(
        &ctx,
        &workspace_root().join("tests/corpus/cases/llm-valid-full.yaml"),
        &valid,
    );
    // Warm: the cache is written.
    let out = run(ctx.kubectl().args(["crvalidate"]).arg(&valid));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let group = ctx.group("ai.example.com");
    ctx.install_open_crd(&group, "sprockets", "Sprocket", &[]);
    let sprocket = dir.path().join("sprocket.yaml");
    std::fs::write(
        &sprocket,
        format!("apiVersion: {group}/v1\nkind: Sprocket\nmetadata:\n  name: s\nspec:\n  any: 1\n"),
    )
    .unwrap();
    let out = run(ctx.kubectl().args(["crvalidate"]).arg(&sprocket));
    let rendered =
        crkit_test_support::render(&out).replace(&sprocket.display().to_string(), "sprocket.yaml");
    assert_eq!(
        rendered,
        "exit code: 0\n----- stdout -----\n1 document in 1 file: 1 valid, 0 invalid, 0 skipped, 0 errors, 0 warnings\n\n----- stderr -----\n"
    );
}
