//! What the completion tests share: words as kubectl passes them, a recorded discovery
//! snapshot, and a clap command shaped like the plugins'.

use std::path::PathBuf;

use clap::{Arg, ArgAction, Command};
use crkit_discovery::Snapshot;

use super::completion_command;
use super::line::{Line, analyze};
use super::plan::{Task, plan};
use super::{Candidate, Plugin};

pub(super) fn words(line: &str) -> Vec<String> {
    // The test lines end in a space when the cursor is on a new, empty word.
    let mut w: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    if line.ends_with(' ') || line.is_empty() {
        w.push(String::new());
    }
    w
}

pub(super) fn snapshot() -> Snapshot {
    crkit_discovery::parse::aggregated(
        include_bytes!("../../../discovery/tests/fixtures/aggregated-api.json"),
        include_bytes!("../../../discovery/tests/fixtures/aggregated-apis.json"),
    )
    .expect("the recorded discovery parses")
}

pub(super) fn values(candidates: &[Candidate]) -> Vec<&str> {
    candidates.iter().map(|c| c.value.as_str()).collect()
}

/// A command shaped like the plugins' (the real ones are checked by [`super::debug_assert`]
/// in each plugin's tests).
pub(super) fn plugin_command() -> Command {
    let mut cmd = Command::new("kubectl demo")
        .arg(Arg::new("resource"))
        .arg(Arg::new("names").num_args(0..))
        .arg(
            Arg::new("all_namespaces")
                .short('A')
                .long("all-namespaces")
                .action(ArgAction::SetTrue),
        )
        .arg(
            Arg::new("namespace")
                .short('n')
                .long("namespace")
                .global(true),
        )
        .arg(
            Arg::new("context")
                .long("context")
                .value_delimiter(',')
                .action(ArgAction::Append),
        )
        .arg(
            Arg::new("kubeconfig")
                .long("kubeconfig")
                .value_parser(clap::value_parser!(PathBuf)),
        )
        .arg(
            Arg::new("output")
                .short('o')
                .long("output")
                .value_parser(["text", "json"]),
        )
        .arg(
            Arg::new("filename")
                .short('f')
                .long("filename")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append),
        )
        .arg(
            Arg::new("crds_from_input")
                .long("crds-from-input")
                .num_args(0..=1)
                .default_missing_value("true")
                .value_parser(clap::value_parser!(bool)),
        )
        .arg(
            Arg::new("selector")
                .short('l')
                .long("selector")
                .help("Selector (label query).\nMore."),
        )
        .args_conflicts_with_subcommands(true)
        .subcommand(completion_command("demo"));
    cmd.build();
    cmd
}

pub(super) const RESOURCES: Plugin = Plugin {
    name: "demo",
    resources: Some(&["list"]),
    output_formats: &[],
};

pub(super) fn analyzed(line: &str) -> Line {
    analyze(&plugin_command(), &words(line))
}

pub(super) fn planned(line: &str) -> Task {
    let cmd = plugin_command();
    plan(&RESOURCES, &cmd, &analyze(&cmd, &words(line)))
}
