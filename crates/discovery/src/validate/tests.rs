//! The validator over the example CRDs: every invalid example gives the server's message named
//! on its `# expect:` line, every valid example passes.

use std::path::{Path, PathBuf};

use super::catalog::Catalog;
use super::gvk::Gvk;
use super::manifest::{self, Limits};
use super::outcome::{Options, Severity};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

pub(crate) fn example_catalog() -> Catalog {
    let mut catalog = Catalog::new(true);
    for path in yaml_files(&examples().join("crds")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in manifest::load(&text, Limits::default()).documents {
            catalog
                .add_crd(&doc.value, &path.display().to_string())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    catalog
}

/// Every finding of every document of a file, as `severity message`.
fn findings(catalog: &Catalog, path: &Path) -> Vec<(Severity, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let loaded = manifest::load(&text, Limits::default());
    assert!(
        loaded.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        loaded.errors
    );
    let mut out = Vec::new();
    for doc in loaded.documents {
        let gvk = Gvk::of(&doc.value).expect("apiVersion and kind");
        let schema = catalog
            .get(&gvk)
            .unwrap_or_else(|| panic!("no schema for {gvk}"));
        let outcome = schema.validate(
            &doc.value,
            &doc.positions,
            &doc.duplicates,
            Options::default(),
        );
        out.extend(
            outcome
                .findings
                .into_iter()
                .map(|f| (f.severity, f.message)),
        );
    }
    out
}

#[test]
fn every_invalid_example_gives_the_servers_message() {
    let catalog = example_catalog();
    let files = yaml_files(&examples().join("invalid"));
    assert!(files.len() >= 20);
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let expect = text
            .lines()
            .find_map(|l| l.strip_prefix("# expect: "))
            .expect("an # expect: line");
        let found = findings(&catalog, path);
        if !found
            .iter()
            .any(|(s, m)| *s == Severity::Error && m.contains(expect))
        {
            failures.push(format!(
                "{}: expected {expect:?}, got {found:#?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_valid_example_passes() {
    let catalog = example_catalog();
    for path in yaml_files(&examples().join("objects")) {
        let found = findings(&catalog, &path);
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
}

#[test]
fn findings_are_located_in_the_source() {
    let catalog = example_catalog();
    let text = "apiVersion: gateway.ai.example.com/v1\nkind: LLMModel\nmetadata:\n  name: x\nspec:\n  provider: openai\n  modelName: gpt-4o\n  contextWindow: 512\n";
    let doc = manifest::load(text, Limits::default()).documents.remove(0);
    let schema = catalog.get(&Gvk::of(&doc.value).unwrap()).unwrap();
    let outcome = schema.validate(
        &doc.value,
        &doc.positions,
        &doc.duplicates,
        Options::default(),
    );
    assert_eq!(outcome.findings.len(), 1);
    let f = &outcome.findings[0];
    assert_eq!(f.field, "spec.contextWindow");
    assert_eq!(f.pointer, "/spec/contextWindow");
    assert_eq!(f.position.map(|p| (p.line, p.column)), Some((8, 3)));
    // Defaults are applied before validation and kept in the outcome.
    assert_eq!(outcome.object["spec"]["deprecated"], false);
}

/// CEL rules wherever a rule can sit, over the corpus CRD that holds them
/// (`tests/corpus/crds`), with the messages and paths the v1.37.2 server answered.
#[test]
fn rules_at_the_root_in_nested_arrays_map_values_and_embedded_resources() {
    let crd = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/corpus/crds/gateway.ai.example.com_routingpolicies.yaml");
    let mut catalog = Catalog::new(false);
    let text = std::fs::read_to_string(&crd).unwrap();
    for doc in manifest::load(&text, Limits::default()).documents {
        catalog.add_crd(&doc.value, "corpus").unwrap();
    }
    let check = |name: &str, spec: &str| -> Vec<String> {
        let doc = format!(
            "apiVersion: gateway.ai.example.com/v1\nkind: RoutingPolicy\nmetadata: {{name: {name}}}\nspec: {spec}\n"
        );
        let loaded = manifest::load(&doc, Limits::default());
        let doc = &loaded.documents[0];
        let schema = catalog.get(&Gvk::of(&doc.value).unwrap()).unwrap();
        schema
            .validate(
                &doc.value,
                &doc.positions,
                &doc.duplicates,
                Options::default(),
            )
            .findings
            .into_iter()
            .map(|f| f.message)
            .collect()
    };
    assert_eq!(
        check(
            "acme-a",
            "{tenant: acme, weights: [[50, 50]], headers: {x: v}, fallback: {apiVersion: v1, kind: Secret}}"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        check("other", "{tenant: acme}"),
        ["<nil>: Invalid value: the name of a policy starts with its tenant: acme-"]
    );
    assert_eq!(
        check("acme-a", "{tenant: acme, weights: [[100], [-10, 110]]}"),
        [
            "spec.weights[1][0]: Invalid value: -10: each weight is a percentage",
            "spec.weights[1][1]: Invalid value: 110: each weight is a percentage",
        ]
    );
    assert_eq!(
        check("acme-a", "{tenant: acme, weights: [[50, 40]]}"),
        ["spec.weights[0]: Invalid value: a row of weights sums to 100"]
    );
    assert_eq!(
        check("acme-a", r#"{tenant: acme, headers: {x-a: "a b"}}"#),
        [r#"spec.headers[x-a]: Invalid value: "a b": header values have no spaces"#]
    );
    assert_eq!(
        check("acme-a", "{tenant: acme, tiers: {gold: {min: 5, max: 1}}}"),
        ["spec.tiers[gold].min: Invalid value: min must not exceed max"]
    );
    assert_eq!(
        check(
            "acme-a",
            "{tenant: acme, fallback: {apiVersion: apps/v1, kind: Deployment, metadata: {name: f}}}"
        ),
        ["spec.fallback: Invalid value: the fallback is a ConfigMap or a Secret"]
    );
}
