//! Golden tests against the real kubectl: every case of `fixtures/cases.json` is rendered from
//! its recorded input and must equal, byte for byte, what kubectl printed (recorded by
//! `fixtures/record.sh`: stdout, and `error: ...` on stderr for the failing ones).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crkit_output::columns::CustomColumns;
use crkit_output::jsonpath::JsonPath;
use crkit_output::table::{self, Table, TableOptions};
use crkit_output::{Error, json, name, yaml};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_opt(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

struct Input {
    args: Vec<String>,
    cluster_scoped: bool,
    value: Value,
}

struct Case {
    name: String,
    input: String,
    flags: Vec<String>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn manifest() -> Value {
    serde_json::from_str(&read(&fixtures().join("cases.json"))).expect("cases.json")
}

fn input(name: &str) -> Input {
    let manifest = manifest();
    let spec = manifest["inputs"]
        .as_array()
        .and_then(|inputs| inputs.iter().find(|i| i["name"] == name))
        .unwrap_or_else(|| panic!("no input {name}"));
    let value = serde_json::from_str(&read(&fixtures().join(format!("inputs/{name}.json"))))
        .expect("input json");
    Input {
        args: strings(&spec["args"]),
        cluster_scoped: spec["scope"] == "Cluster",
        value,
    }
}

fn cases(check: &str) -> Vec<Case> {
    let manifest = manifest();
    let all = manifest["cases"].as_array().expect("cases");
    let selected: Vec<Case> = all
        .iter()
        .filter(|c| c["check"] == check)
        .map(|c| Case {
            name: c["name"].as_str().unwrap_or_default().to_owned(),
            input: c["input"].as_str().unwrap_or_default().to_owned(),
            flags: strings(&c["flags"]),
        })
        .collect();
    assert!(!selected.is_empty(), "no {check} cases");
    selected
}

/// kubectl's stdout, or its stderr when it failed.
fn expected(case: &Case) -> Result<String, String> {
    let base = fixtures().join("cases").join(&case.name);
    let failed = read_opt(&base.with_extension("exit")).is_some();
    if failed {
        Err(read_opt(&base.with_extension("err")).unwrap_or_default())
    } else {
        Ok(read(&base.with_extension("out")))
    }
}

/// How kubectl reports an error: `error: ` and the message, with a final newline.
fn as_kubectl_error(e: &Error) -> String {
    let mut s = format!("error: {e}");
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\n  kubectl: {w:?}\n  ours:    {g:?}", i + 1);
        }
    }
    format!(
        "lengths differ ({} vs {} lines, {} vs {} bytes)\n  kubectl ends {:?}\n  ours ends    {:?}",
        want.lines().count(),
        got.lines().count(),
        want.len(),
        got.len(),
        &want[want.len().saturating_sub(40)..],
        &got[got.len().saturating_sub(40)..]
    )
}

fn check_all(check: &str, render: impl Fn(&Case, &Input) -> Result<String, Error>) {
    let mut failures = String::new();
    let all = cases(check);
    for case in &all {
        let input = input(&case.input);
        let want = expected(case);
        let got = render(case, &input).map_err(|e| as_kubectl_error(&e));
        if want != got {
            let detail = match (&want, &got) {
                (Ok(w), Ok(g)) | (Err(w), Err(g)) => first_difference(w, g),
                (Ok(_), Err(e)) => format!("kubectl succeeded, we failed: {e}"),
                (Err(e), Ok(_)) => format!("kubectl failed ({e}), we succeeded"),
            };
            let _ = writeln!(failures, "{}: {detail}", case.name);
        }
    }
    assert!(
        failures.is_empty(),
        "{check}: cases differing from kubectl:\n{failures}"
    );
    eprintln!("{check}: {} cases identical to kubectl", all.len());
}

fn flag_value<'a>(flags: &'a [String], prefix: &str) -> Option<&'a str> {
    flags.iter().find_map(|f| f.strip_prefix(prefix))
}

#[test]
fn yaml_like_kubectl() {
    check_all("yaml", |_, input| {
        let mut value = input.value.clone();
        json::omit_managed_fields(&mut value);
        yaml::try_to_yaml(&value)
    });
}

#[test]
fn json_like_kubectl() {
    check_all("json", |_, input| {
        let mut value = input.value.clone();
        json::omit_managed_fields(&mut value);
        Ok(json::to_json(&value))
    });
}

#[test]
fn name_like_kubectl() {
    check_all("name", |_, input| name::to_name(&input.value));
}

#[test]
fn jsonpath_like_kubectl() {
    check_all("jsonpath", |case, input| {
        let template = flag_value(&case.flags, "jsonpath=").expect("jsonpath flag");
        JsonPath::parse(template)?
            .allow_missing_keys(true)
            .render(&input.value)
    });
}

#[test]
fn custom_columns_like_kubectl() {
    check_all("custom-columns", |case, input| {
        let spec = flag_value(&case.flags, "custom-columns=").expect("custom-columns flag");
        let columns = CustomColumns::parse(spec)?;
        let no_headers = case.flags.iter().any(|f| f == "--no-headers");
        let objects = match input.value.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![input.value.clone()],
        };
        columns.render(&objects, no_headers)
    });
}

/// `Kind.group` of each kind in the input, in order of appearance (kubectl's request order).
fn kinds(value: &Value) -> Vec<String> {
    let objects = match value.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => vec![value.clone()],
    };
    let mut kinds: Vec<String> = Vec::new();
    for o in objects {
        let kind = o["kind"].as_str().unwrap_or_default().to_lowercase();
        let group = o["apiVersion"]
            .as_str()
            .and_then(|v| v.split_once('/'))
            .map_or("", |(g, _)| g);
        let prefix = if group.is_empty() {
            kind
        } else {
            format!("{kind}.{group}")
        };
        if !kinds.contains(&prefix) {
            kinds.push(prefix);
        }
    }
    kinds
}

#[test]
fn tables_like_kubectl() {
    check_all("table", |case, input| {
        let path = fixtures()
            .join("cases")
            .join(format!("{}.tables.json", case.name));
        let tables: Vec<Table> = serde_json::from_str(&read(&path)).expect("tables");
        let flags = &case.flags;
        let mut opts = TableOptions {
            wide: flags.windows(2).any(|w| w[0] == "-o" && w[1] == "wide"),
            no_headers: flags.iter().any(|f| f == "--no-headers"),
            show_labels: flags.iter().any(|f| f == "--show-labels"),
            with_namespace: input.args.iter().any(|a| a == "-A") && !input.cluster_scoped,
            label_columns: flags
                .windows(2)
                .filter(|w| w[0] == "-L")
                .map(|w| w[1].clone())
                .collect(),
            ..TableOptions::default()
        };
        let kinds = kinds(&input.value);
        let show_kind = flags.iter().any(|f| f == "--show-kind") || kinds.len() > 1;
        let per_table: Vec<TableOptions> = (0..tables.len())
            .map(|i| {
                opts.kind_prefix = show_kind.then(|| kinds.get(i).cloned().unwrap_or_default());
                opts.clone()
            })
            .collect();
        if kinds.len() <= 1 {
            // One kind, several requests (`kubectl get KIND a b c`): one continued table.
            return table::render_chunks(&tables, &per_table[0]);
        }
        table::render_many(tables.iter().zip(per_table.iter()))
    });
}
