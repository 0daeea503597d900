//! The helper's answer as cobra's `__complete` prints it: candidates with descriptions, then
//! the directive line.

use std::fmt::Write as _;

use super::directive;

/// Manifest extensions, as kubectl's `-f` completes them (`kubectl __complete apply -f ''`
/// answers `json`, `yaml`, `yml` and `:8`).
pub(super) const MANIFEST_EXTENSIONS: [&str; 3] = ["json", "yaml", "yml"];

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the shell inserts.
    pub value: String,
    /// Shown next to it by shells that show descriptions.
    pub description: String,
}

impl Candidate {
    pub(super) fn new(value: impl Into<String>, description: impl Into<String>) -> Self {
        Candidate {
            value: value.into(),
            description: description.into(),
        }
    }
}

/// The helper's answer: candidates and a directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The candidates, already filtered by what was typed.
    pub candidates: Vec<Candidate>,
    /// A [`directive`] bitmask.
    pub directive: u8,
}

impl Reply {
    pub(super) fn new(candidates: Vec<Candidate>, directive: u8) -> Self {
        // A single `jsonpath=` must leave the cursor after the `=`.
        let no_space = candidates.iter().any(|c| c.value.ends_with('='));
        Reply {
            candidates,
            directive: if no_space {
                directive | directive::NO_SPACE
            } else {
                directive
            },
        }
    }

    /// Nothing to offer, and no file names either.
    pub(super) fn nothing() -> Self {
        Reply::new(Vec::new(), directive::NO_FILE_COMP)
    }

    /// Files with a manifest extension (and directories), as kubectl's `-f`.
    pub(super) fn manifests() -> Self {
        Reply {
            candidates: MANIFEST_EXTENSIONS
                .iter()
                .map(|e| Candidate::new(*e, ""))
                .collect(),
            directive: directive::FILTER_FILE_EXT,
        }
    }

    /// cobra's `__complete` output: `value<TAB>description` lines, then `:<directive>`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for c in &self.candidates {
            // A line break or tab inside would split the candidate: cobra keeps line one.
            let clean = |s: &str| s.replace(['\n', '\t', '\r'], " ");
            out.push_str(&clean(&c.value));
            if !c.description.is_empty() {
                out.push('\t');
                out.push_str(&clean(&c.description));
            }
            out.push('\n');
        }
        let _ = writeln!(out, ":{}", self.directive);
        out
    }
}

/// Keeps the candidates starting with `prefix`, sorted and each value once (the first
/// description wins), with `keep` put back in front of each.
pub(super) fn finish(mut candidates: Vec<Candidate>, keep: &str, prefix: &str) -> Vec<Candidate> {
    candidates.retain(|c| c.value.starts_with(prefix));
    candidates.sort_by(|a, b| a.value.cmp(&b.value));
    candidates.dedup_by(|later, first| later.value == first.value);
    for c in &mut candidates {
        c.value.insert_str(0, keep);
    }
    candidates
}

/// Splits a comma-separated word at its last comma: what stays, and what is being typed.
pub(super) fn split_list(word: &str) -> (&str, &str) {
    match word.rfind(',') {
        Some(i) => word.split_at(i + 1),
        None => ("", word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_speak_cobras_protocol() {
        let reply = Reply::new(
            vec![
                Candidate::new("json", ""),
                Candidate::new("jsonpath=", "a\ttemplate\nsecond line"),
            ],
            directive::NO_FILE_COMP,
        );
        assert_eq!(
            reply.render(),
            "json\njsonpath=\ta template second line\n:6\n"
        );
        assert_eq!(Reply::nothing().render(), ":4\n");
    }
}
