//! The command line without a cluster: exit codes, inputs (files, directories, stdin), kind
//! filters, unknown-field modes, CRDs from the input, and hostile input that must give an
//! error for its file while the run goes on.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::Stdio;

use crate::{crvalidate, root, run};

/// A missing file is reported once, on stderr, with a near file name as a "did you mean"; the
/// summary counts the documents and files that were read (no phantom document).
#[test]
fn a_missing_file_is_reported_once_with_a_near_name() {
    let home = tempfile::TempDir::new().unwrap();
    let out = crvalidate(home.path())
        .args([
            "--offline",
            "--crds",
            "examples/crds",
            "examples/objects/llmmodel.yaml",
            "examples/objects/llmroutes.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(
        crkit_test_support::render(&out),
        "exit code: 2
----- stdout -----
2 documents in 1 file: 2 valid, 0 invalid, 0 skipped, 0 errors, 0 warnings

----- stderr -----
error: examples/objects/llmmodel.yaml: No such file or directory (os error 2)
hint: did you mean examples/objects/llmmodels.yaml?
"
    );
    // Nothing near: no hint; nothing read: an empty summary.
    let out = crvalidate(home.path())
        .args(["--offline", "no/such/file.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        crkit_test_support::render(&out),
        "exit code: 2
----- stdout -----
0 documents in 0 files: 0 valid, 0 invalid, 0 skipped, 0 errors, 0 warnings

----- stderr -----
error: no/such/file.yaml: No such file or directory (os error 2)
"
    );
}

#[test]
fn exit_codes_and_inputs() {
    let home = tempfile::TempDir::new().unwrap();
    let h = home.path();
    let (code, out, _) =
        run(crvalidate(h).args(["--crds", "examples/crds", "-f", "examples/objects"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("10 valid, 0 invalid"), "{out}");

    let (code, out, _) =
        run(crvalidate(h).args(["--crds", "examples/crds", "-R", "examples/invalid"]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("examples/invalid/llmmodel-context-minimum.yaml\n  10:3"),
        "{out}"
    );

    let (code, _, err) = run(crvalidate(h).args(["no/such/file.yaml"]));
    assert_eq!(code, 2);
    assert!(err.contains("error: no/such/file.yaml"), "{err}");
    let (code, _, err) = run(&mut crvalidate(h));
    assert_eq!(code, 2, "{err}");

    // Standard input, with the CRD in the same stream.
    let crd =
        std::fs::read_to_string(root().join("examples/crds/gateway.ai.example.com_llmmodels.yaml"))
            .unwrap();
    let doc = format!(
        "{crd}\n---\napiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata: {{name: x}}\nspec: {{provider: openai, modelName: m, contextWindow: 1}}\n"
    );
    let mut child = crvalidate(h)
        .args(["-", "-o", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["status"], "valid");
    assert_eq!(docs[1]["causes"][0]["field"], "spec.contextWindow");
    assert_eq!(docs[1]["causes"][0]["reason"], "FieldValueInvalid");
    // Lines count from the top of the stream: the CRD comes first.
    assert!(docs[1]["causes"][0]["line"].as_u64().unwrap() > 100);
}

#[test]
fn kind_filters_and_unknown_fields() {
    let home = tempfile::TempDir::new().unwrap();
    let h = home.path();
    let unknown = "examples/invalid/llmmodel-unknown-field.yaml";
    let (code, out, _) =
        run(crvalidate(h).args(["--crds", "examples/crds", "--allow-unknown", unknown]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning LLMModel/hot: unknown field \"spec.temperature\""),
        "{out}"
    );
    let (code, _, _) = run(crvalidate(h).args([
        "--crds",
        "examples/crds",
        "--strict",
        "--allow-unknown",
        unknown,
    ]));
    assert_eq!(code, 2);

    let (code, out, _) = run(crvalidate(h).args(["--skip-kinds", "LLMModel", unknown]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 skipped"), "{out}");
    let (code, out, _) = run(crvalidate(h).args([
        "--crds",
        "examples/crds",
        "--reject-kinds",
        "gateway.ai.example.com/v1/LLMModel",
        "examples/objects/llmmodels.yaml",
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("rejected (--reject-kinds)"), "{out}");

    let (code, out, _) = run(crvalidate(h).args([unknown]));
    assert_eq!(code, 1);
    assert!(
        out.contains("no schema for LLMModel (gateway.ai.example.com/v1)"),
        "{out}"
    );
    let (code, out, _) = run(crvalidate(h).args(["--ignore-missing-schemas", unknown]));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_bad_crd_is_an_error_naming_it() {
    let home = tempfile::TempDir::new().unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let crd = std::fs::read_to_string(
        root().join("examples/crds/ai.example.com_tenantconfigurations.yaml"),
    )
    .unwrap()
    .replace("pattern: '^[a-z][a-z0-9-]{2,30}$'", "pattern: '^[a-z'")
    .replace(
        "type: integer\n                      minimum: 1",
        "type: int\n                      minimum: 1",
    );
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, crd).unwrap();
    let (code, _, err) = run(crvalidate(home.path())
        .arg("--crds")
        .arg(&path)
        .arg("examples/objects/tenantconfigurations.yaml"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("CustomResourceDefinition.apiextensions.k8s.io \"tenantconfigurations.ai.example.com\" is invalid"), "{err}");
    assert!(err.contains("properties[tenantId].pattern"), "{err}");
    assert!(
        err.contains("properties[maxTokensPerRequest].type: Unsupported value: \"int\""),
        "{err}"
    );
}

#[test]
fn hostile_input_is_an_error_for_its_file_only() {
    let home = tempfile::TempDir::new().unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("binary.yaml"),
        [0x7fu8, b'E', b'L', b'F', 0, 1, 2, 3, 0xff],
    )
    .unwrap();
    std::fs::write(d.join("latin1.yaml"), b"a: caf\xe9\n").unwrap();
    std::fs::write(d.join("deep.yaml"), "[".repeat(10_000)).unwrap();
    std::fs::write(d.join("deep-map.yaml"), "a: ".repeat(10_000)).unwrap();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..10 {
        let prev = if i == 0 {
            "a".to_owned()
        } else {
            format!("b{}", i - 1)
        };
        let refs = vec![format!("*{prev}"); 10].join(", ");
        let _ = writeln!(bomb, "b{i}: &b{i} [{refs}]");
    }
    std::fs::write(d.join("bomb.yaml"), bomb).unwrap();
    std::fs::write(d.join("syntax.yaml"), "a: [1, 2\nb: }\n").unwrap();
    std::fs::File::create(d.join("huge.yaml"))
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    std::fs::copy(
        root().join("examples/objects/llmroutes.yaml"),
        d.join("ok.yaml"),
    )
    .unwrap();

    let (code, out, err) = run(crvalidate(home.path())
        .args(["--crds", "examples/crds", "-o", "json"])
        .arg(d));
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let docs = report["documents"].as_array().unwrap();
    let status = |file: &str| -> Vec<String> {
        docs.iter()
            .filter(|r| r["file"].as_str().unwrap().ends_with(file))
            .map(|r| {
                format!(
                    "{} {}",
                    r["status"].as_str().unwrap(),
                    r["message"].as_str().unwrap_or_default()
                )
            })
            .collect()
    };
    for file in [
        "binary.yaml",
        "latin1.yaml",
        "deep.yaml",
        "deep-map.yaml",
        "bomb.yaml",
        "syntax.yaml",
        "huge.yaml",
    ] {
        let s = status(file);
        assert_eq!(s.len(), 1, "{file}: {s:?}");
        assert!(s[0].starts_with("error "), "{file}: {s:?}");
    }
    assert_eq!(status("ok.yaml"), ["valid ", "valid "]);
}

#[test]
fn crds_in_any_input_file_apply_to_every_batch() {
    // Documents are validated in batches of some 256 KiB of input: the CRD in the last file
    // (and one spelled with an escape) must still be the schema of a CR in the first batch.
    let home = tempfile::TempDir::new().unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a-model.yaml"),
        "apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata: {name: m}\nspec: {provider: openai, modelName: m, contextWindow: 1}\n",
    )
    .unwrap();
    let mut padding = String::new();
    for i in 0..6000 {
        let _ = writeln!(
            padding,
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: pad-{i}}}\ndata: {{text: \"{}\"}}",
            "x".repeat(200)
        );
    }
    assert!(padding.len() > 1 << 20);
    std::fs::write(d.join("m-padding.yaml"), padding).unwrap();
    let crd =
        std::fs::read_to_string(root().join("examples/crds/gateway.ai.example.com_llmmodels.yaml"))
            .unwrap()
            .replacen(
                "kind: CustomResourceDefinition",
                "kind: \"CustomResource\\x44efinition\"",
                1,
            );
    assert!(!crd.contains("CustomResourceDefinition"));
    std::fs::write(d.join("z-crd.yaml"), crd).unwrap();

    let (code, out, err) = run(crvalidate(home.path()).args(["-o", "json"]).arg(d));
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 6002);
    assert_eq!(docs[0]["status"], "invalid", "{}", docs[0]);
    assert_eq!(docs[0]["causes"][0]["field"], "spec.contextWindow");
    assert!(docs[1..].iter().all(|r| r["status"] == "valid"));
}
