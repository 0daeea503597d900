//! Which kubeconfig files kubectl reads and how it merges them: a port of k8s.io/client-go
//! v0.37.2 `tools/clientcmd/loader.go` (`NewDefaultClientConfigLoadingRules`, `deduplicate`,
//! `ClientConfigLoadingRules.Load`, with the field rules of `merge.go`), over kube's parsed
//! [`Kubeconfig`].
//!
//! kube 5 differs (`kube-client` 5.0.0, `config/file_config.rs`, `Kubeconfig::from_env` and
//! `merge`): a missing file in `KUBECONFIG` is an error, the list is not deduplicated, an empty
//! `current-context` in an early file hides a later one, and mismatched `kind`s are an error.
//!
//! The rules are pure functions ([`precedence`], [`split_path_list`], [`merge`]); [`load`] is
//! the thin part that reads files.

use std::io;
use std::path::{Path, PathBuf};

use kube::config::{Kubeconfig, KubeconfigError, NamedExtension, Preferences};

use crate::Error;
use crate::error::go_io_error;

/// How a platform separates the entries of a path list (`filepath.SplitList`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathListStyle {
    /// `:`-separated, no quoting (Unix, macOS).
    Unix,
    /// `;`-separated; `"` quotes a part that contains `;` and is removed (Windows).
    Windows,
}

impl PathListStyle {
    /// The style of the platform this was compiled for.
    pub const NATIVE: PathListStyle = if cfg!(windows) {
        PathListStyle::Windows
    } else {
        PathListStyle::Unix
    };
}

/// Go's `filepath.SplitList`: an empty value is an empty list; empty entries are kept.
pub fn split_path_list(value: &str, style: PathListStyle) -> Vec<String> {
    if value.is_empty() {
        return Vec::new();
    }
    match style {
        PathListStyle::Unix => value.split(':').map(str::to_owned).collect(),
        PathListStyle::Windows => {
            let mut list = Vec::new();
            let mut current = String::new();
            let mut quoted = false;
            for c in value.chars() {
                match c {
                    '"' => quoted = !quoted,
                    ';' if !quoted => list.push(std::mem::take(&mut current)),
                    c => current.push(c),
                }
            }
            list.push(current);
            list
        }
    }
}

/// The files to read when no `--kubeconfig` is given, in order of precedence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedence {
    /// The files, deduplicated, without empty entries.
    pub files: Vec<PathBuf>,
    /// Whether they came from `KUBECONFIG`, where kubectl warns (at `-v 1`) when none exists.
    pub from_env: bool,
}

/// Go's `NewDefaultClientConfigLoadingRules`: the files of a non-empty `KUBECONFIG` (split as
/// the platform splits path lists, duplicates dropped, first occurrence kept, compared as
/// written), else `<home>/.kube/config`, else nothing.
pub fn precedence(kubeconfig_env: Option<&str>, home: Option<&Path>) -> Precedence {
    match kubeconfig_env.filter(|v| !v.is_empty()) {
        Some(value) => Precedence {
            files: deduplicate(split_path_list(value, PathListStyle::NATIVE))
                .into_iter()
                // `Load` skips empty names.
                .filter(|f| !f.is_empty())
                .map(PathBuf::from)
                .collect(),
            from_env: true,
        },
        None => Precedence {
            files: home
                .map(|h| h.join(".kube").join("config"))
                .into_iter()
                .collect(),
            from_env: false,
        },
    }
}

/// Go's `deduplicate`: the first occurrence of each entry, in order.
pub fn deduplicate(list: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

/// Merges kubeconfigs read in order of precedence as `ClientConfigLoadingRules.Load` does:
/// the first file to name a cluster, user, context or extension wins, whole (a later file's
/// fields for the same name are discarded, not merged in). `current-context`, `kind` and `apiVersion`
/// come from the first file that sets them to a non-empty value; `preferences.colors` is true
/// when any file sets it. Entries keep the order in which they were first seen.
pub fn merge(configs: impl IntoIterator<Item = Kubeconfig>) -> Kubeconfig {
    let mut merged = Kubeconfig::default();
    let mut preferences: Option<Preferences> = None;
    for config in configs {
        append_new(&mut merged.clusters, config.clusters, |c| &c.name);
        append_new(&mut merged.auth_infos, config.auth_infos, |u| &u.name);
        append_new(&mut merged.contexts, config.contexts, |c| &c.name);
        first_non_empty(&mut merged.current_context, config.current_context);
        first_non_empty(&mut merged.kind, config.kind);
        first_non_empty(&mut merged.api_version, config.api_version);
        merge_extensions(&mut merged.extensions, config.extensions);
        if let Some(next) = config.preferences {
            let current = preferences.get_or_insert_with(Preferences::default);
            current.colors = match (current.colors, next.colors) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (a, b) => a.or(b),
            };
            merge_extensions(&mut current.extensions, next.extensions);
            for (key, value) in next.other {
                current.other.entry(key).or_insert(value);
            }
        }
        for (key, value) in config.other {
            merged.other.entry(key).or_insert(value);
        }
    }
    merged.preferences = preferences;
    merged
}

/// kubectl refuses a file that names a cluster, user or context twice (its lists become
/// maps): `error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name "c"
/// in list: ...`, shortened here to what names the problem.
fn duplicate_name(config: &Kubeconfig) -> Option<String> {
    fn first_duplicate<'a>(names: impl Iterator<Item = &'a String>) -> Option<&'a String> {
        let mut seen = std::collections::HashSet::new();
        names.into_iter().find(|n| !seen.insert(*n))
    }
    let found = [
        (
            "clusters",
            first_duplicate(config.clusters.iter().map(|c| &c.name)),
        ),
        (
            "users",
            first_duplicate(config.auth_infos.iter().map(|u| &u.name)),
        ),
        (
            "contexts",
            first_duplicate(config.contexts.iter().map(|c| &c.name)),
        ),
    ];
    found
        .into_iter()
        .find_map(|(list, name)| name.map(|n| format!("duplicate name {n:?} in {list}")))
}

fn append_new<T>(base: &mut Vec<T>, next: Vec<T>, name: impl Fn(&T) -> &String) {
    for item in next {
        if !base.iter().any(|b| name(b) == name(&item)) {
            base.push(item);
        }
    }
}

fn first_non_empty(current: &mut Option<String>, next: Option<String>) {
    if current.as_deref().is_none_or(str::is_empty)
        && let Some(next) = next.filter(|n| !n.is_empty())
    {
        *current = Some(next);
    }
}

fn merge_extensions(current: &mut Option<Vec<NamedExtension>>, next: Option<Vec<NamedExtension>>) {
    if let Some(next) = next {
        append_new(current.get_or_insert_with(Vec::new), next, |e| &e.name);
    }
}

/// What [`load`] read.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The merged kubeconfig (empty when no file exists).
    pub config: Kubeconfig,
    /// The files that were read, in order.
    pub read: Vec<PathBuf>,
    /// Listed files that do not exist (skipped).
    pub missing: Vec<PathBuf>,
}

/// Reads the kubeconfig as kubectl does: with `explicit` (`--kubeconfig`), that one file,
/// which must exist; else every file of `precedence`, skipping those that do not exist, and
/// failing on the first one that cannot be read or parsed (kubectl reports all of them; the
/// first is enough to act on).
pub fn load(explicit: Option<&Path>, precedence: &Precedence) -> Result<Loaded, Error> {
    let files: Vec<&Path> = match explicit {
        Some(path) => {
            std::fs::metadata(path).map_err(|error| Error::KubeconfigMissing {
                path: path.to_owned(),
                error,
            })?;
            vec![path]
        }
        None => precedence.files.iter().map(PathBuf::as_path).collect(),
    };
    let mut loaded = Loaded::default();
    let mut configs = Vec::new();
    for path in files {
        match Kubeconfig::read_from(path) {
            Ok(config) => {
                if let Some(message) = duplicate_name(&config) {
                    return Err(Error::KubeconfigFile {
                        path: path.to_owned(),
                        message,
                    });
                }
                configs.push(config);
                loaded.read.push(path.to_owned());
            }
            Err(KubeconfigError::ReadConfig(err, _))
                if err.kind() == io::ErrorKind::NotFound && explicit.is_none() =>
            {
                loaded.missing.push(path.to_owned());
            }
            Err(KubeconfigError::ReadConfig(err, _)) => {
                return Err(Error::KubeconfigFile {
                    path: path.to_owned(),
                    message: go_io_error(&err),
                });
            }
            Err(err) => {
                return Err(Error::KubeconfigFile {
                    path: path.to_owned(),
                    message: crate::client::error_chain(&err),
                });
            }
        }
    }
    loaded.config = merge(configs);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Kubeconfig {
        Kubeconfig::from_yaml(text).unwrap()
    }

    fn names<T>(list: &[T], name: impl Fn(&T) -> &String) -> Vec<&str> {
        list.iter().map(|x| name(x).as_str()).collect()
    }

    const A: &str = r"
apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: https://a.example:6443}
users:
- name: shared
  user: {token: from-a}
contexts:
- name: shared
  context: {cluster: shared, user: shared, namespace: a-ns}
current-context: ''
extensions:
- name: ext
  extension: {from: a}
";

    const B: &str = r"
apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: https://b.example:6443, insecure-skip-tls-verify: true}
- name: only-b
  cluster: {server: https://onlyb.example}
users:
- name: shared
  user: {token: from-b, username: bob}
contexts:
- name: shared
  context: {cluster: only-b, user: shared}
- name: b
  context: {cluster: only-b, user: shared}
current-context: b
preferences: {colors: true}
extensions:
- name: ext
  extension: {from: b}
- name: ext-b
  extension: {from: b}
";

    /// The same files through kubectl v1.37 (`KUBECONFIG=/nope:a:empty::b:a kubectl config
    /// view --raw`) give exactly this: first file wins per name, whole; the first non-empty
    /// current-context; b's preferences.
    #[test]
    fn first_file_wins_per_name_like_kubectl() {
        let merged = merge([yaml(A), Kubeconfig::default(), yaml(B), yaml(A)]);
        assert_eq!(names(&merged.clusters, |c| &c.name), ["shared", "only-b"]);
        let shared = merged.clusters[0].cluster.as_ref().unwrap();
        assert_eq!(shared.server.as_deref(), Some("https://a.example:6443"));
        assert_eq!(
            shared.insecure_skip_tls_verify, None,
            "not merged field by field"
        );
        let user = merged.auth_infos[0].auth_info.as_ref().unwrap();
        assert_eq!(user.username, None);
        assert_eq!(names(&merged.auth_infos, |u| &u.name), ["shared"]);
        assert_eq!(names(&merged.contexts, |c| &c.name), ["shared", "b"]);
        let context = merged.contexts[0].context.as_ref().unwrap();
        assert_eq!(
            (context.cluster.as_str(), context.namespace.as_deref()),
            ("shared", Some("a-ns"))
        );
        assert_eq!(merged.current_context.as_deref(), Some("b"));
        assert_eq!(merged.preferences.unwrap().colors, Some(true));
        let ext = merged.extensions.unwrap();
        assert_eq!(names(&ext, |e| &e.name), ["ext", "ext-b"]);
        assert_eq!(ext[0].extension, serde_json::json!({"from": "a"}));
        assert_eq!(merged.kind.as_deref(), Some("Config"));
    }

    #[test]
    fn first_non_empty_current_context_and_no_kind_conflicts() {
        let first = yaml("current-context: one\nkind: Config\n");
        let second = yaml("current-context: two\nkind: Other\napiVersion: v2\n");
        let merged = merge([Kubeconfig::default(), first, second]);
        assert_eq!(merged.current_context.as_deref(), Some("one"));
        assert_eq!(merged.kind.as_deref(), Some("Config"));
        assert_eq!(merged.api_version.as_deref(), Some("v2"));
        assert_eq!(merge([]).current_context, None);
    }

    #[test]
    fn a_name_twice_in_one_file_is_an_error_as_in_kubectl() {
        let dir = tempfile::TempDir::new().unwrap();
        let dup = dir.path().join("dup.yaml");
        std::fs::write(
            &dup,
            "clusters:\n- name: c\n  cluster: {server: https://first}\n- name: d\n  cluster: {server: https://d}\n- name: c\n  cluster: {server: https://last}\n",
        )
        .unwrap();
        let p = Precedence {
            files: vec![dup.clone()],
            from_env: true,
        };
        assert_eq!(
            load(None, &p).unwrap_err().to_string(),
            format!(
                "error loading config file \"{}\": duplicate name \"c\" in clusters",
                dup.display()
            )
        );
    }

    #[test]
    fn colors_is_true_when_any_file_says_so() {
        let off = yaml("preferences: {colors: false}\n");
        let on = yaml("preferences: {colors: true}\n");
        let merged = merge([off.clone(), on]);
        assert_eq!(merged.preferences.unwrap().colors, Some(true));
        assert_eq!(merge([off]).preferences.unwrap().colors, Some(false));
    }

    #[test]
    fn path_lists_split_like_go() {
        use PathListStyle::{Unix, Windows};
        assert_eq!(split_path_list("", Unix), Vec::<String>::new());
        assert_eq!(split_path_list("a::b:", Unix), ["a", "", "b", ""]);
        assert_eq!(
            split_path_list(r#"C:\k\a;"C:\odd;dir\b";;c"#, Windows),
            [r"C:\k\a", r"C:\odd;dir\b", "", "c"]
        );
        assert_eq!(
            deduplicate(vec!["a".into(), "b".into(), "a".into(), "./a".into()]),
            ["a", "b", "./a"],
            "compared as written"
        );
    }

    #[test]
    fn precedence_is_kubeconfig_else_home() {
        let sep = if cfg!(windows) { ";" } else { ":" };
        let env = ["/missing/file", "", "/home/u/.kube/config", "/missing/file"].join(sep);
        let p = precedence(Some(&env), Some(Path::new("/home/u")));
        assert_eq!(
            p.files,
            [
                PathBuf::from("/missing/file"),
                PathBuf::from("/home/u/.kube/config")
            ]
        );
        assert!(p.from_env);
        let p = precedence(Some(""), Some(Path::new("/home/u")));
        assert_eq!(p.files, [Path::new("/home/u").join(".kube").join("config")]);
        assert!(!p.from_env);
        assert!(precedence(None, None).files.is_empty());
    }

    #[test]
    fn load_skips_missing_files_but_not_a_missing_explicit_one() {
        let dir = tempfile::TempDir::new().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        std::fs::write(&a, A).unwrap();
        std::fs::write(&b, B).unwrap();
        let missing = dir.path().join("missing.yaml");
        let p = Precedence {
            files: vec![missing.clone(), b.clone(), a.clone()],
            from_env: true,
        };
        let loaded = load(None, &p).unwrap();
        assert_eq!(loaded.missing, std::slice::from_ref(&missing));
        assert_eq!(loaded.read, [b.clone(), a.clone()]);
        assert_eq!(loaded.config.current_context.as_deref(), Some("b"));
        let shared = loaded.config.clusters[0].cluster.as_ref().unwrap();
        assert_eq!(shared.server.as_deref(), Some("https://b.example:6443"));

        // All missing: an empty config, as kubectl (which then talks to localhost:8080).
        let none = load(
            None,
            &Precedence {
                files: vec![missing.clone()],
                from_env: true,
            },
        )
        .unwrap();
        assert!(none.config.clusters.is_empty() && none.read.is_empty());

        let err = load(Some(&missing), &p).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("stat {}: no such file or directory", missing.display())
        );
        let loaded = load(Some(&a), &p).unwrap();
        assert_eq!(loaded.read, std::slice::from_ref(&a));
        assert_eq!(loaded.config.current_context, None, "a alone sets none");
    }

    #[test]
    fn a_malformed_file_is_an_error_naming_it() {
        let dir = tempfile::TempDir::new().unwrap();
        let bad = dir.path().join("bad.yaml");
        std::fs::write(
            &bad,
            "apiVersion: v1\nkind: Config\nclusters: [\n  - oops\n",
        )
        .unwrap();
        let p = Precedence {
            files: vec![dir.path().join("missing"), bad.clone()],
            from_env: true,
        };
        let err = load(None, &p).unwrap_err().to_string();
        let want = format!("error loading config file \"{}\": ", bad.display());
        assert!(err.starts_with(&want), "{err}");
        let err = load(Some(&bad), &p).unwrap_err().to_string();
        assert!(err.starts_with(&want), "{err}");
        // A directory is no file.
        let err = load(Some(dir.path()), &p).unwrap_err().to_string();
        assert!(err.starts_with("error loading config file"), "{err}");
    }

    #[test]
    fn relative_paths_resolve_against_each_file() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("k.yaml");
        std::fs::write(
            &file,
            "clusters:\n- name: c\n  cluster: {server: https://x, certificate-authority: ca.crt}\n",
        )
        .unwrap();
        let p = Precedence {
            files: vec![file],
            from_env: true,
        };
        let loaded = load(None, &p).unwrap();
        let ca = loaded.config.clusters[0]
            .cluster
            .as_ref()
            .unwrap()
            .certificate_authority
            .clone()
            .unwrap();
        assert_eq!(PathBuf::from(ca), dir.path().join("ca.crt"));
    }
}
