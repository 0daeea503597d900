//! Behaviour of the public API that the recorded kubectl sessions do not reach: crkit's own
//! table columns, client-side ages, tables without objects, and error wording.

use std::time::{Duration, UNIX_EPOCH};

use crkit_output::columns::CustomColumns;
use crkit_output::jsonpath::{self, JsonPath};
use crkit_output::table::{self, Column, ExtraColumn, Row, Table, TableOptions};
use crkit_output::{Error, duration, json, name, tabwriter};
use serde_json::json;

fn column(name: &str, kind: &str, format: &str, priority: i32) -> Column {
    Column {
        name: name.to_owned(),
        kind: kind.to_owned(),
        format: format.to_owned(),
        description: String::new(),
        priority,
    }
}

fn models_table() -> Table {
    let object = |name: &str, ns: &str, labels: serde_json::Value, provider: &str| {
        json!({
            "apiVersion": "gateway.ai.example.com/v1",
            "kind": "LLMModel",
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {"provider": provider, "features": ["chat", "tools"], "contextWindow": 8192}
        })
    };
    Table {
        column_definitions: vec![
            column("Name", "string", "name", 0),
            column("Provider", "string", "", 0),
            column("Age", "date", "", 0),
        ],
        rows: vec![
            Row {
                cells: vec![
                    json!("gpt-4o"),
                    json!("openai"),
                    json!("2026-11-24T17:00:00Z"),
                ],
                object: Some(object(
                    "gpt-4o",
                    "default",
                    json!({"tier": "premium"}),
                    "openai",
                )),
            },
            Row {
                cells: vec![
                    json!("llama"),
                    json!("self-hosted"),
                    json!("2026-11-22T17:00:00Z"),
                ],
                object: Some(object("llama", "team-b", json!({}), "self-hosted")),
            },
        ],
    }
}

#[test]
fn date_columns_are_humanized_with_the_given_clock() {
    let now = UNIX_EPOCH + Duration::from_secs(1_795_539_600 + 312);
    let opts = TableOptions {
        now: Some(now),
        ..TableOptions::default()
    };
    let out = table::render(&models_table(), &opts).unwrap();
    assert_eq!(
        out,
        "NAME     PROVIDER      AGE\ngpt-4o   openai        5m12s\nllama    self-hosted   2d\n"
    );
    // Without a clock the cells are printed as the server sent them.
    let raw = table::render(&models_table(), &TableOptions::default()).unwrap();
    assert!(raw.contains("2026-11-24T17:00:00Z"), "{raw}");
}

#[test]
fn extra_columns_come_after_the_servers_and_before_labels() {
    let opts = TableOptions {
        with_namespace: true,
        kind_prefix: Some("llmmodel.gateway.ai.example.com".to_owned()),
        show_labels: true,
        extra_columns: vec![
            ExtraColumn {
                header: "features".to_owned(),
                path: JsonPath::parse("{.spec.features}").unwrap(),
            },
            ExtraColumn {
                header: "ctx".to_owned(),
                path: JsonPath::parse("{.spec.contextWindow}").unwrap(),
            },
            ExtraColumn {
                header: "phase".to_owned(),
                path: JsonPath::parse("{.status.phase}").unwrap(),
            },
        ],
        ..TableOptions::default()
    };
    let out = table::render(&models_table(), &opts).unwrap();
    assert_eq!(
        out,
        "NAMESPACE   NAME                                     PROVIDER      AGE                    FEATURES           CTX    PHASE    LABELS\n\
         default     llmmodel.gateway.ai.example.com/gpt-4o   openai        2026-11-24T17:00:00Z   [\"chat\",\"tools\"]   8192   <none>   tier=premium\n\
         team-b      llmmodel.gateway.ai.example.com/llama    self-hosted   2026-11-22T17:00:00Z   [\"chat\",\"tools\"]   8192   <none>   <none>\n"
    );
}

#[test]
fn rows_without_objects_get_empty_cells_like_kubectl() {
    let mut t = models_table();
    t.rows[1].object = None;
    let opts = TableOptions {
        with_namespace: true,
        label_columns: vec!["tier".to_owned(), "example.com/team".to_owned()],
        ..TableOptions::default()
    };
    let out = table::render(&t, &opts).unwrap();
    // kubectl pads such a row with only half the missing cells (its loop re-reads the length).
    assert_eq!(
        out,
        "NAMESPACE   NAME     PROVIDER      AGE                    TIER      TEAM\n\
         default     gpt-4o   openai        2026-11-24T17:00:00Z   premium   \n\
         \x20           llama    self-hosted   2026-11-22T17:00:00Z   \n"
    );
}

#[test]
fn wide_only_columns_and_cells_with_line_breaks() {
    let t = Table {
        column_definitions: vec![
            column("Name", "string", "name", 0),
            column("Detail", "string", "", 1),
        ],
        rows: vec![Row {
            cells: vec![json!("a\nb"), json!("\u{1b}[1m")],
            object: None,
        }],
    };
    assert_eq!(
        table::render(&t, &TableOptions::default()).unwrap(),
        "NAME\na...\n"
    );
    let wide = TableOptions {
        wide: true,
        ..TableOptions::default()
    };
    assert_eq!(
        table::render(&t, &wide).unwrap(),
        "NAME   DETAIL\na...   ^[[1m\n"
    );
    assert_eq!(
        table::render(&Table::default(), &TableOptions::default()).unwrap(),
        ""
    );
}

#[test]
fn tables_parse_from_server_json() {
    let t = Table::from_json(
        r#"{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{},"columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"","priority":0}],"rows":[{"cells":["x"],"object":{"kind":"PartialObjectMetadata"}}]}"#,
    )
    .unwrap();
    assert_eq!(t.column_definitions[0].kind, "string");
    assert_eq!(t.rows[0].cells, vec![json!("x")]);
}

#[test]
fn custom_columns_errors_are_kubectls() {
    let message = |spec: &str| CustomColumns::parse(spec).unwrap_err().to_string();
    assert_eq!(
        message(""),
        "custom-columns format specified but no custom columns given"
    );
    assert_eq!(
        message("NAME"),
        "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"
    );
    assert_eq!(message("N:.a[0"), "unterminated array");
    assert!(matches!(
        CustomColumns::parse("N:{.a}{.b}"),
        Err(Error::RelaxedPath { .. })
    ));
}

#[test]
fn jsonpath_find_returns_raw_values_per_block() {
    let path = JsonPath::parse("{.a[*]}-{.b}").unwrap();
    let found = path
        .find(&json!({"a": [1, "x"], "b": {"c": null}}))
        .unwrap();
    assert_eq!(
        found,
        vec![
            vec![json!(1), json!("x")],
            vec![json!("-")],
            vec![json!({"c": null})]
        ]
    );
    assert_eq!(jsonpath::relaxed("spec.x").unwrap(), "{.spec.x}");
    let missing = JsonPath::parse("{.nope}").unwrap();
    assert_eq!(
        missing.find(&json!({})).unwrap_err().to_string(),
        "nope is not found"
    );
    assert_eq!(
        missing.allow_missing_keys(true).render(&json!({})).unwrap(),
        ""
    );
}

#[test]
fn jsonpath_execution_errors_read_like_kubectl() {
    let err = JsonPath::parse("{.a[1]}")
        .unwrap()
        .render(&json!({"a": ["x"], "n": null}))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "error executing jsonpath \"{.a[1]}\": Error executing template: array index out of bounds: index 1, length 1. \
         Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.a[1]}\n\tobject given to jsonpath \
         engine was:\n\t\tmap[string]interface {}{\"a\":[]interface {}{\"x\"}, \"n\":interface {}(nil)}\n\n\n"
    );
}

#[test]
fn names_and_lists() {
    let list = json::list(vec![
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "b"}}),
        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {}}),
    ]);
    assert_eq!(
        name::to_name(&list).unwrap(),
        "configmap/a\ndeployment.apps/b\npod/<unknown>\n"
    );
    assert!(name::to_name(&json!({"metadata": {"name": "x"}})).is_err());
    assert_eq!(
        json::to_json(&json::list(Vec::new())),
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
    );
}

#[test]
fn ages_and_alignment() {
    assert_eq!(duration::human_duration(Duration::from_secs(312)), "5m12s");
    assert_eq!(
        duration::human_duration(Duration::from_secs(3 * 86_400)),
        "3d"
    );
    assert_eq!(
        tabwriter::align("NAME\tAGE\nx\t1s\n"),
        "NAME   AGE\nx      1s\n"
    );
}
