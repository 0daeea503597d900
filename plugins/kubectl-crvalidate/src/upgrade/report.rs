//! The reports of `crd-upgrade`: text grouped by CRD then object (data loss first), JSON for
//! scripts, SARIF for code-scanning UIs and JUnit for CI dashboards.

use std::io::{self, Write};

use crkit_discovery::validate::upgrade::crd::Severity;
use crkit_discovery::validate::upgrade::{Change, Class, Update};
use serde_json::{Value, json};

use super::CrdRun;
use super::scan::Object;

/// Counts of one CRD's objects.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    checked: usize,
    pruned: usize,
    rejected_on_create: usize,
    updates_fail: usize,
    ratcheted: usize,
    defaulted: usize,
}

impl Counts {
    fn of(run: &CrdRun) -> Self {
        let objects = &run.scan.objects;
        let count = |f: &dyn Fn(&Object) -> bool| objects.iter().filter(|o| f(o)).count();
        Counts {
            checked: run.scan.checked,
            pruned: count(&|o| o.check.has(Class::Pruned)),
            rejected_on_create: count(&|o| o.check.rejected_on_create()),
            updates_fail: count(&|o| o.check.has(Class::Rejected)),
            ratcheted: count(&|o| o.check.has(Class::Ratcheted)),
            defaulted: run.scan.objects_defaulted,
        }
    }

    fn add(&mut self, o: Counts) {
        self.checked += o.checked;
        self.pruned += o.pruned;
        self.rejected_on_create += o.rejected_on_create;
        self.updates_fail += o.updates_fail;
        self.ratcheted += o.ratcheted;
        self.defaulted += o.defaulted;
    }

    fn text(self) -> String {
        format!(
            "{} with pruned fields, {} rejected on create, {} failing every update, {} ratcheted, {} defaulted",
            self.pruned, self.rejected_on_create, self.updates_fail, self.ratcheted, self.defaulted
        )
    }

    fn json(self) -> Value {
        json!({
            "checked": self.checked,
            "pruned": self.pruned,
            "rejectedOnCreate": self.rejected_on_create,
            "updatesFail": self.updates_fail,
            "ratcheted": self.ratcheted,
            "defaulted": self.defaulted,
        })
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The objects of a run in report order: those losing data first, then by namespace and name.
fn ordered(run: &CrdRun) -> Vec<&Object> {
    let mut objects: Vec<&Object> = run.scan.objects.iter().collect();
    objects.sort_by_key(|o| !o.check.has(Class::Pruned));
    objects
}

fn object_name(o: &Object) -> String {
    if o.namespace.is_empty() {
        o.name.clone()
    } else {
        format!("{}/{}", o.namespace, o.name)
    }
}

/// A value on one line, cut to a readable length.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// What an update does about a change, in words.
fn update_text(c: &Change) -> String {
    let mut s = match &c.update {
        Update::Fails => "every update of the object fails".to_owned(),
        Update::PassesUnlessChanged(scope) => {
            format!("ratcheted: updates pass while {scope} is unchanged")
        }
        Update::Passes => {
            "ratcheted: updates pass (list types are not checked while the stored object breaks them)"
                .to_owned()
        }
    };
    if !c.on_create {
        s.push_str("; a create ignores status");
    }
    s
}

/// Text, grouped by CRD then object.
pub fn text(out: &mut impl Write, runs: &[CrdRun], color: bool) -> io::Result<()> {
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut total = Counts::default();
    let mut problems = 0;
    for run in runs {
        writeln!(out, "{} ({})", bold(&run.name), run.file)?;
        for p in &run.problems {
            writeln!(out, "  {:<10} {}", p.severity.as_str(), p.message)?;
            if p.severity != Severity::Warning {
                problems += 1;
            }
        }
        if let Some(note) = &run.note {
            writeln!(out, "  {note}")?;
        }
        if !run.versions.is_empty() {
            let counts = Counts::of(run);
            total.add(counts);
            writeln!(
                out,
                "  {} checked at {}: {}",
                plural(counts.checked, "object", "objects"),
                run.versions.join(", "),
                counts.text()
            )?;
        }
        let several = run.versions.len() > 1;
        for o in ordered(run) {
            let mut head = format!("  {}", object_name(o));
            if several {
                head = format!("{head} at {}", o.version);
            }
            if o.check.rejected_on_create() {
                head.push_str(": a create of a copy is refused");
            }
            writeln!(out, "{head}")?;
            for c in &o.check.changes {
                match c.class {
                    Class::Pruned => writeln!(
                        out,
                        "    pruned     {}: {}: not in the new schema: gone from reads, and from storage at the next write",
                        c.field,
                        c.value.as_ref().map_or_else(String::new, short)
                    )?,
                    Class::Rejected | Class::Ratcheted => {
                        writeln!(out, "    {:<10} {}", c.class.as_str(), c.message)?;
                        writeln!(out, "               {}", update_text(c))?;
                    }
                    Class::Defaulted => {}
                }
            }
        }
        for (field, (n, value)) in &run.scan.defaulted {
            writeln!(
                out,
                "  defaulted  {field}: {} (on the next read of {})",
                short(value),
                plural(*n, "object", "objects")
            )?;
        }
    }
    writeln!(
        out,
        "{} checked, {} with a CRD-level problem; {}: {}",
        plural(runs.len(), "CRD", "CRDs"),
        problems,
        plural(total.checked, "object", "objects"),
        total.text()
    )
}

fn change_json(c: &Change) -> Value {
    let mut v = json!({
        "class": c.class.as_str(),
        "field": c.field,
        "pointer": c.path.pointer(),
    });
    let m = v.as_object_mut().expect("an object");
    if let Some(r) = c.reason {
        m.insert("reason".into(), json!(r.as_str()));
    }
    if !c.message.is_empty() {
        m.insert("message".into(), json!(c.message));
    }
    if matches!(c.class, Class::Rejected | Class::Ratcheted) {
        m.insert("onCreate".into(), json!(c.on_create));
        m.insert(
            "unchanged".into(),
            match &c.update {
                Update::PassesUnlessChanged(scope) => json!(scope.to_string()),
                _ => Value::Null,
            },
        );
    }
    if let Some(value) = &c.value {
        m.insert("value".into(), value.clone());
    }
    v
}

fn run_json(run: &CrdRun) -> Value {
    let counts = Counts::of(run);
    json!({
        "name": run.name,
        "file": run.file,
        "current": run.current,
        "versionsChecked": run.versions,
        "note": run.note,
        "problems": run.problems.iter().map(|p| json!({
            "severity": p.severity.as_str(),
            "field": p.field,
            "message": p.message,
        })).collect::<Vec<_>>(),
        "counts": counts.json(),
        "defaulted": run.scan.defaulted.iter().map(|(field, (n, value))| json!({
            "field": field, "value": value, "objects": n,
        })).collect::<Vec<_>>(),
        "objects": ordered(run).into_iter().map(|o| json!({
            "namespace": o.namespace,
            "name": o.name,
            "version": o.version,
            "create": {
                "accepted": !o.check.rejected_on_create(),
                "errors": o.check.create.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
            },
            "changes": o.check.changes.iter().map(change_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// One JSON document: every CRD with its problems, counts, defaults and objects.
pub fn json(out: &mut impl Write, runs: &[CrdRun]) -> io::Result<()> {
    let mut total = Counts::default();
    for run in runs {
        total.add(Counts::of(run));
    }
    let doc = json!({
        "crds": runs.iter().map(run_json).collect::<Vec<_>>(),
        "summary": total.json(),
        "failed": runs.iter().any(super::CrdRun::failed),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn level(c: &Change) -> &'static str {
    match c.class {
        Class::Pruned | Class::Rejected => "error",
        Class::Ratcheted if c.on_create => "error",
        Class::Ratcheted => "warning",
        Class::Defaulted => "note",
    }
}

/// SARIF 2.1.0: one result per CRD problem (located in its file) and per change of an object
/// (located by a logical location, `crd/namespace/name`).
pub fn sarif(out: &mut impl Write, runs: &[CrdRun]) -> io::Result<()> {
    let mut results = Vec::new();
    for run in runs {
        for p in &run.problems {
            results.push(json!({
                "ruleId": format!("crd-upgrade/crd-{}", p.severity.as_str()),
                "level": if p.severity == Severity::Warning { "warning" } else { "error" },
                "message": {"text": p.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": run.file}}}],
            }));
        }
        for o in ordered(run) {
            for c in &o.check.changes {
                let text = match c.class {
                    Class::Pruned => format!(
                        "{}: not in the new schema: pruned at the next write",
                        c.field
                    ),
                    _ => format!("{} ({})", c.message, update_text(c)),
                };
                results.push(json!({
                    "ruleId": format!("crd-upgrade/{}", c.class.as_str()),
                    "level": level(c),
                    "message": {"text": text},
                    "locations": [{"logicalLocations": [{
                        "fullyQualifiedName": format!("{}/{}", run.name, object_name(o)),
                        "kind": "object",
                    }]}],
                }));
            }
        }
    }
    let rules: Vec<Value> = [
        ("crd-upgrade/crd-refused", "The server refuses the new CRD"),
        ("crd-upgrade/crd-breaking", "The new CRD breaks clients"),
        ("crd-upgrade/crd-warning", "A CRD change worth knowing"),
        ("crd-upgrade/pruned", "A stored field the new schema prunes"),
        (
            "crd-upgrade/rejected",
            "A stored object every update of which fails",
        ),
        (
            "crd-upgrade/ratcheted",
            "A stored object a create of which fails",
        ),
    ]
    .iter()
    .map(|(id, text)| json!({"id": id, "shortDescription": {"text": text}}))
    .collect();
    let doc = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "kubectl-crvalidate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: a test suite per CRD, a test case for the CRD itself and one per object with
/// something to report.
pub fn junit(out: &mut impl Write, runs: &[CrdRun]) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites>")?;
    for run in runs {
        let failing: Vec<&Object> = ordered(run)
            .into_iter()
            .filter(|o| o.check.rejected_on_create() || o.check.has(Class::Pruned))
            .collect();
        let crd_failed = run.problems.iter().any(|p| p.severity != Severity::Warning);
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}">"#,
            xml(&run.name),
            1 + run.scan.objects.len(),
            failing.len() + usize::from(crd_failed)
        )?;
        writeln!(
            out,
            r#"    <testcase classname="{}" name="CustomResourceDefinition">"#,
            xml(&run.name)
        )?;
        if crd_failed {
            let text: Vec<String> = run
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.severity.as_str(), p.message))
                .collect();
            writeln!(
                out,
                r#"      <failure message="the CRD change is refused or breaking">{}</failure>"#,
                xml(&text.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")?;
        for o in ordered(run) {
            writeln!(
                out,
                r#"    <testcase classname="{}" name="{}">"#,
                xml(&run.name),
                xml(&object_name(o))
            )?;
            let lines: Vec<String> = o
                .check
                .changes
                .iter()
                .map(|c| match c.class {
                    Class::Pruned => format!("pruned: {}", c.field),
                    _ => format!("{}: {} ({})", c.class.as_str(), c.message, update_text(c)),
                })
                .collect();
            let tag = if failing.iter().any(|f| std::ptr::eq(*f, o)) {
                "failure"
            } else {
                "system-out"
            };
            if tag == "failure" {
                writeln!(
                    out,
                    r#"      <failure message="rejected on create or pruned">{}</failure>"#,
                    xml(&lines.join("\n"))
                )?;
            } else {
                writeln!(
                    out,
                    "      <system-out>{}</system-out>",
                    xml(&lines.join("\n"))
                )?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
