//! Reading the words typed so far: which subcommand, positional words and flags are on the
//! line, and what the word under the cursor is, as clap would parse them.

use clap::{Arg, Command};

/// The word under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Current {
    /// A flag name (`--con`, `-`).
    Flag(String),
    /// The value of the flag with this id (after `-n `, or `--namespace=`).
    Value {
        /// The flag's clap id.
        flag: String,
        /// What is typed of the value (cobra answers `--flag=val` with values only).
        prefix: String,
    },
    /// A positional argument (or a subcommand name).
    Positional(String),
}

/// What the words before the cursor say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Subcommands entered (`["completion"]`), empty at the plugin's top level.
    pub path: Vec<String>,
    /// Positional words before the cursor, of the innermost command.
    pub positionals: Vec<String>,
    /// Flags given, by clap id, with their values (`"true"` for switches), in order.
    pub flags: Vec<(String, String)>,
    /// The word under the cursor.
    pub current: Current,
}

impl Line {
    /// The last value given for the flag with this id.
    pub fn value(&self, id: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(f, _)| f == id)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a switch is on (`-A`, `--all-namespaces=true`).
    pub fn switch(&self, id: &str) -> bool {
        self.value(id).is_some_and(|v| v != "false")
    }
}

/// Whether the word after this flag is its value: flags with an optional value
/// (`--crds-from-input`) take one only after `=`.
fn takes_separate_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
        && arg
            .get_num_args()
            .is_none_or(|n| n.min_values() > 0 && n.takes_values())
}

fn find_long<'c>(cmd: &'c Command, name: &str) -> Option<&'c Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name)
            || a.get_all_aliases()
                .is_some_and(|aliases| aliases.contains(&name))
    })
}

fn find_short(cmd: &Command, c: char) -> Option<&Arg> {
    cmd.get_arguments().find(|a| a.get_short() == Some(c))
}

/// Reads the words kubectl passes (the last one is the word being completed) against the
/// plugin's built clap command, the way clap would parse them, without failing on partial
/// or wrong input.
pub fn analyze(cmd: &Command, words: &[String]) -> Line {
    let (current, done) = match words.split_last() {
        Some((last, done)) => (last.as_str(), done),
        None => ("", &[][..]),
    };
    let mut cmd = cmd;
    let mut line = Line {
        path: Vec::new(),
        positionals: Vec::new(),
        flags: Vec::new(),
        current: Current::Positional(String::new()),
    };
    let mut pending: Option<String> = None;
    let mut only_positionals = false;
    for word in done {
        if let Some(flag) = pending.take() {
            line.flags.push((flag, word.clone()));
            continue;
        }
        if only_positionals || word == "-" || !word.starts_with('-') {
            // Arguments and subcommands exclude each other (`args_conflicts_with_subcommands`):
            // a subcommand can only be the first word.
            if line.positionals.is_empty()
                && line.flags.is_empty()
                && !only_positionals
                && let Some(sub) = cmd.find_subcommand(word)
            {
                cmd = sub;
                line.path.push(word.clone());
                line.flags.clear();
                continue;
            }
            line.positionals.push(word.clone());
            continue;
        }
        if word == "--" {
            only_positionals = true;
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            // An unknown flag is taken for a switch, as cobra does.
            if let Some(arg) = find_long(cmd, name) {
                let id = arg.get_id().to_string();
                match inline {
                    Some(v) => line.flags.push((id, v.to_owned())),
                    None if takes_separate_value(arg) => pending = Some(id),
                    None => line.flags.push((id, "true".to_owned())),
                }
            }
        } else {
            // A cluster of short flags: `-A`, `-An`, `-nteam`, `-n=team`.
            let cluster = &word[1..];
            for (i, c) in cluster.char_indices() {
                let Some(arg) = find_short(cmd, c) else {
                    continue;
                };
                let id = arg.get_id().to_string();
                if arg.get_action().takes_values() {
                    let rest = &cluster[i + c.len_utf8()..];
                    let rest = rest.strip_prefix('=').unwrap_or(rest);
                    if !rest.is_empty() {
                        line.flags.push((id, rest.to_owned()));
                    } else if takes_separate_value(arg) {
                        pending = Some(id);
                    }
                    break;
                }
                line.flags.push((id, "true".to_owned()));
            }
        }
    }
    line.current = if let Some(flag) = pending {
        Current::Value {
            flag,
            prefix: current.to_owned(),
        }
    } else if only_positionals || current == "-" || !current.starts_with('-') {
        Current::Positional(current.to_owned())
    } else if let Some((name, value)) = current.split_once('=') {
        let arg = match name.strip_prefix("--") {
            Some(long) => find_long(cmd, long),
            None => name.chars().nth(1).and_then(|c| find_short(cmd, c)),
        };
        match arg {
            Some(arg) => Current::Value {
                flag: arg.get_id().to_string(),
                prefix: value.to_owned(),
            },
            None => Current::Flag(current.to_owned()),
        }
    } else {
        Current::Flag(current.to_owned())
    };
    line
}

/// The command the line's subcommand path leads to.
pub(super) fn innermost<'c>(cmd: &'c Command, line: &Line) -> &'c Command {
    let mut cmd = cmd;
    for name in &line.path {
        match cmd.find_subcommand(name) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::completion::fixtures::analyzed;

    #[test]
    fn the_current_word_is_read_as_clap_would() {
        assert_eq!(analyzed("llm").current, Current::Positional("llm".into()));
        assert_eq!(analyzed("").current, Current::Positional(String::new()));
        let line = analyzed("llm -n team gpt ");
        assert_eq!(line.positionals, ["llm", "gpt"]);
        assert_eq!(line.value("namespace"), Some("team"));
        assert_eq!(line.current, Current::Positional(String::new()));
        for typed in ["llm -n ", "llm --namespace ", "-A -n "] {
            assert_eq!(
                analyzed(typed).current,
                Current::Value {
                    flag: "namespace".into(),
                    prefix: String::new()
                },
                "{typed:?}"
            );
        }
        assert_eq!(
            analyzed("llm --namespace=te").current,
            Current::Value {
                flag: "namespace".into(),
                prefix: "te".into()
            }
        );
        assert_eq!(
            analyzed("llm -An ").current,
            Current::Value {
                flag: "namespace".into(),
                prefix: String::new()
            }
        );
        let line = analyzed("-Anteam llm ");
        assert!(line.switch("all_namespaces"));
        assert_eq!(line.value("namespace"), Some("team"));
        assert_eq!(line.positionals, ["llm"]);
        assert_eq!(analyzed("llm --con").current, Current::Flag("--con".into()));
        // A switch does not eat the next word; an optional value is taken only after `=`.
        assert_eq!(analyzed("-A llm ").positionals, ["llm"]);
        assert_eq!(
            analyzed("--crds-from-input a.yaml ").positionals,
            ["a.yaml"]
        );
        // After `--` everything is positional, and a lone `-` (stdin) is too.
        assert_eq!(analyzed("-- -x ").positionals, ["-x"]);
        assert_eq!(analyzed("- ").positionals, ["-"]);
        assert_eq!(analyzed("-- -").current, Current::Positional("-".into()));
        // Subcommands only as the first positional word.
        assert_eq!(analyzed("completion ").path, ["completion"]);
        assert!(analyzed("llm completion ").path.is_empty());
        assert!(analyzed("-A completion ").path.is_empty());
    }
}
