//! Deciding what completing the current word needs: a reply known at once (flags, possible
//! values, files), or what to fetch (resources, object names, namespaces, API groups, kubeconfig
//! names). Pure: no I/O.

use clap::{Arg, ArgAction, Command, ValueHint};

use super::line::{Current, Line, innermost};
use super::reply::{Candidate, Reply, finish, split_list};
use super::{Plugin, directive};

/// Which names a kubeconfig lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KubeconfigNames {
    /// `contexts[].name`.
    Contexts,
    /// `clusters[].name`.
    Clusters,
    /// `users[].name` (`AuthInfo`s).
    Users,
}

/// What completing the current word needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Nothing more: the reply is known.
    Done(Reply),
    /// Resource name forms from discovery (`RESOURCE`, comma lists).
    Resources {
        /// Typed part kept in front of every candidate (`llmmodels,`).
        keep: String,
        /// What is typed of the name.
        prefix: String,
        /// Subcommands offered too (`completion`, for a first word that starts like it).
        subcommands: Vec<Candidate>,
    },
    /// Names of objects of a resource, from one list request.
    Objects {
        /// The resource as typed (`llm`, `llmmodels.gateway.ai.example.com`).
        resource: String,
        /// Typed part kept in front of every candidate (`llm/` of `TYPE/NAME`).
        keep: String,
        /// What is typed of the name.
        prefix: String,
        /// Names already on the line.
        exclude: Vec<String>,
    },
    /// Namespaces, from one list request.
    Namespaces {
        /// What is typed.
        prefix: String,
    },
    /// API groups of custom resources, from discovery (`crls --group`).
    Groups {
        /// What is typed.
        prefix: String,
    },
    /// Names from the kubeconfig.
    Kubeconfig {
        /// Which names.
        names: KubeconfigNames,
        /// Typed part kept in front (`a,` of `--context a,b`).
        keep: String,
        /// What is typed.
        prefix: String,
    },
}

fn help_line(text: Option<&clap::builder::StyledStr>) -> String {
    text.map(|t| t.to_string().lines().next().unwrap_or_default().to_owned())
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_owned()
}

/// Decides what completing the line needs (pure: no I/O).
pub fn plan(plugin: &Plugin, cmd: &Command, line: &Line) -> Task {
    let inner = innermost(cmd, line);
    match &line.current {
        Current::Flag(prefix) => Task::Done(Reply::new(
            flag_candidates(inner, line, prefix),
            directive::NO_FILE_COMP,
        )),
        Current::Value { flag, prefix } => plan_value(plugin, inner, flag, prefix),
        Current::Positional(prefix) if !line.path.is_empty() => {
            // Inside `completion`: its subcommands, then nothing (install takes no
            // positional argument).
            let subcommands = subcommand_candidates(inner);
            if line.positionals.is_empty() && !subcommands.is_empty() {
                Task::Done(Reply::new(
                    finish(subcommands, "", prefix),
                    directive::NO_FILE_COMP,
                ))
            } else {
                Task::Done(Reply::nothing())
            }
        }
        Current::Positional(word) => match plugin.resources {
            None => Task::Done(Reply::manifests()),
            Some(_) => plan_resource_positional(inner, line, word),
        },
    }
}

fn plan_resource_positional(cmd: &Command, line: &Line, word: &str) -> Task {
    if let Some((resource, name)) = word.split_once('/') {
        return Task::Objects {
            resource: resource.to_owned(),
            keep: format!("{resource}/"),
            prefix: name.to_owned(),
            exclude: typed_names(line, Some(resource)),
        };
    }
    let (keep, prefix) = split_list(word);
    match line.positionals.first() {
        None => {
            // Only a first word can be a subcommand, and only once something is typed: an
            // empty word lists resources alone.
            let subcommands = if line.flags.is_empty() && keep.is_empty() && !prefix.is_empty() {
                finish(subcommand_candidates(cmd), "", prefix)
            } else {
                Vec::new()
            };
            Task::Resources {
                keep: keep.to_owned(),
                prefix: prefix.to_owned(),
                subcommands,
            }
        }
        // `TYPE/NAME` pairs: the next word is another pair, starting with a type.
        Some(first) if first.contains('/') => Task::Resources {
            keep: keep.to_owned(),
            prefix: prefix.to_owned(),
            subcommands: Vec::new(),
        },
        Some(resource) => Task::Objects {
            resource: resource.clone(),
            keep: String::new(),
            prefix: word.to_owned(),
            exclude: typed_names(line, None),
        },
    }
}

/// Object names already typed (for `TYPE/NAME` pairs, those of the same type).
fn typed_names(line: &Line, resource: Option<&str>) -> Vec<String> {
    match resource {
        None => line.positionals.iter().skip(1).cloned().collect(),
        Some(resource) => line
            .positionals
            .iter()
            .filter_map(|w| w.split_once('/'))
            .filter(|(r, _)| *r == resource)
            .map(|(_, n)| n.to_owned())
            .collect(),
    }
}

fn plan_value(plugin: &Plugin, cmd: &Command, flag: &str, prefix: &str) -> Task {
    let arg = cmd.get_arguments().find(|a| a.get_id() == flag);
    let (keep, last) = match arg.and_then(Arg::get_value_delimiter) {
        Some(_) => split_list(prefix),
        None => ("", prefix),
    };
    let (keep, last) = (keep.to_owned(), last.to_owned());
    match flag {
        "namespace" => return Task::Namespaces { prefix: last },
        "context" => {
            return Task::Kubeconfig {
                names: KubeconfigNames::Contexts,
                keep,
                prefix: last,
            };
        }
        "cluster" => {
            return Task::Kubeconfig {
                names: KubeconfigNames::Clusters,
                keep,
                prefix: last,
            };
        }
        "user" => {
            return Task::Kubeconfig {
                names: KubeconfigNames::Users,
                keep,
                prefix: last,
            };
        }
        "group" => return Task::Groups { prefix: last },
        _ => {}
    }
    let Some(arg) = arg else {
        return Task::Done(Reply::nothing());
    };
    let possible: Vec<Candidate> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| Candidate::new(v.get_name(), help_line(v.get_help())))
        .collect();
    if !possible.is_empty() {
        return Task::Done(Reply::new(
            finish(possible, &keep, &last),
            directive::NO_FILE_COMP,
        ));
    }
    if flag == "output" && !plugin.output_formats.is_empty() {
        let formats = plugin
            .output_formats
            .iter()
            .map(|(v, d)| Candidate::new(*v, *d))
            .collect();
        return Task::Done(Reply::new(
            finish(formats, &keep, &last),
            directive::NO_FILE_COMP,
        ));
    }
    match arg.get_value_hint() {
        ValueHint::DirPath => Task::Done(Reply::new(Vec::new(), directive::FILTER_DIRS)),
        ValueHint::AnyPath | ValueHint::FilePath if flag == "kubeconfig" => {
            Task::Done(Reply::new(Vec::new(), directive::DEFAULT))
        }
        ValueHint::AnyPath | ValueHint::FilePath => Task::Done(Reply::manifests()),
        _ => Task::Done(Reply::nothing()),
    }
}

/// Long flags (and short ones for a bare `-`), without those given already that cannot repeat.
fn flag_candidates(cmd: &Command, line: &Line, prefix: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for arg in cmd.get_arguments() {
        if arg.is_hide_set() || arg.is_positional() {
            continue;
        }
        let repeatable = matches!(
            arg.get_action(),
            ArgAction::Append | ArgAction::Count | ArgAction::Help | ArgAction::HelpLong
        );
        let id = arg.get_id().as_str();
        if !repeatable && line.flags.iter().any(|(f, _)| f == id) {
            continue;
        }
        let help = help_line(arg.get_help());
        if let Some(long) = arg.get_long() {
            out.push(Candidate::new(format!("--{long}"), help.clone()));
        }
        if prefix == "-"
            && let Some(short) = arg.get_short()
        {
            out.push(Candidate::new(format!("-{short}"), help));
        }
    }
    finish(out, "", prefix)
}

fn subcommand_candidates(cmd: &Command) -> Vec<Candidate> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| Candidate::new(s.get_name(), help_line(s.get_about())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::completion::fixtures::{RESOURCES, planned, plugin_command, values, words};
    use crate::completion::line::analyze;
    use crate::completion::reply::MANIFEST_EXTENSIONS;

    #[test]
    fn flags_values_and_subcommands_are_planned() {
        assert_eq!(
            planned("llm -n te"),
            Task::Namespaces {
                prefix: "te".into()
            }
        );
        assert_eq!(
            planned("--context admin,li"),
            Task::Kubeconfig {
                names: KubeconfigNames::Contexts,
                keep: "admin,".into(),
                prefix: "li".into()
            }
        );
        let Task::Done(reply) = planned("-o j") else {
            panic!("possible values need no I/O")
        };
        assert_eq!(values(&reply.candidates), ["json"]);
        assert_eq!(reply.directive, directive::NO_FILE_COMP);
        let Task::Done(reply) = planned("-f ") else {
            panic!()
        };
        assert_eq!(reply.directive, directive::FILTER_FILE_EXT);
        assert_eq!(values(&reply.candidates), MANIFEST_EXTENSIONS);
        let Task::Done(reply) = planned("--kubeconfig ") else {
            panic!()
        };
        assert_eq!(reply, Reply::new(Vec::new(), directive::DEFAULT));
        let Task::Done(reply) = planned("-l ") else {
            panic!()
        };
        assert_eq!(reply, Reply::nothing());
        let Task::Done(reply) = planned("llm --s") else {
            panic!()
        };
        assert_eq!(values(&reply.candidates), ["--selector"]);
        assert_eq!(reply.candidates[0].description, "Selector (label query)");
        // A flag given already is not offered again, unless it repeats.
        let Task::Done(reply) = planned("-n x -f a.yaml --") else {
            panic!()
        };
        let offered = values(&reply.candidates);
        assert!(!offered.contains(&"--namespace"), "{offered:?}");
        assert!(offered.contains(&"--filename"), "{offered:?}");
        let Task::Done(reply) = planned("completion ") else {
            panic!()
        };
        assert_eq!(
            values(&reply.candidates),
            ["bash", "fish", "install", "powershell", "zsh"]
        );
        let Task::Done(reply) = planned("completion install --d") else {
            panic!()
        };
        assert_eq!(values(&reply.candidates), ["--dir"]);
        let Task::Done(reply) = planned("completion install --dir ") else {
            panic!()
        };
        assert_eq!(reply.directive, directive::FILTER_DIRS);
    }

    #[test]
    fn positionals_are_resources_then_object_names() {
        assert_eq!(
            planned("ll"),
            Task::Resources {
                keep: String::new(),
                prefix: "ll".into(),
                subcommands: Vec::new()
            }
        );
        assert_eq!(
            planned("llmmodels,llmr"),
            Task::Resources {
                keep: "llmmodels,".into(),
                prefix: "llmr".into(),
                subcommands: Vec::new()
            }
        );
        assert_eq!(
            planned("llm -n team gpt-4o "),
            Task::Objects {
                resource: "llm".into(),
                keep: String::new(),
                prefix: String::new(),
                exclude: vec!["gpt-4o".into()]
            }
        );
        assert_eq!(
            planned("llm/a llm/o"),
            Task::Objects {
                resource: "llm".into(),
                keep: "llm/".into(),
                prefix: "o".into(),
                exclude: vec!["a".into()]
            }
        );
        assert_eq!(
            planned("llm/a ll"),
            Task::Resources {
                keep: String::new(),
                prefix: "ll".into(),
                subcommands: Vec::new()
            }
        );
        // The subcommand, for a first word that starts like it.
        let Task::Resources { subcommands, .. } = planned("comp") else {
            panic!()
        };
        assert_eq!(values(&subcommands), ["completion"]);
        for typed in ["-A comp", "llm comp", "pods,comp", ""] {
            if let Task::Resources { subcommands, .. } = planned(typed) {
                assert!(subcommands.is_empty(), "{typed:?}");
            }
        }
        let files = Plugin {
            resources: None,
            ..RESOURCES
        };
        let cmd = plugin_command();
        let Task::Done(reply) = plan(&files, &cmd, &analyze(&cmd, &words("a.yaml "))) else {
            panic!()
        };
        assert_eq!(reply.directive, directive::FILTER_FILE_EXT);
    }
}
