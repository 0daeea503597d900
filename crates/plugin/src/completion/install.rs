//! `completion install`: links `kubectl_complete-<plugin>` next to the plugin, so that
//! kubectl's completion finds the helper on `PATH`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::{HELPER_PREFIX, Plugin};

/// kubectl's helper name for a plugin file name (`kubectl-crls` → `kubectl_complete-crls`,
/// as `lookupCompletionExec` derives it), `None` for a file not named like a plugin.
pub fn helper_name(plugin_file: &str) -> Option<String> {
    let rest = plugin_file.strip_prefix("kubectl-")?;
    (!rest.is_empty()).then(|| format!("{HELPER_PREFIX}{rest}"))
}

/// What is at the helper's path before `completion install`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    /// Nothing.
    Nothing,
    /// A symbolic link to this target.
    Link(PathBuf),
    /// Something other than a link (a copy of the binary, a script).
    Other,
}

/// What `completion install` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallAction {
    /// Create the link.
    Create,
    /// The link is already right.
    Unchanged,
    /// Replace a link to somewhere else (or a file, with `--force`).
    Replace,
    /// Keep a file that is not a link (no `--force`).
    Keep,
}

/// Decides `completion install`'s action.
pub fn install_action(existing: &Existing, target: &Path, force: bool) -> InstallAction {
    match existing {
        Existing::Nothing => InstallAction::Create,
        Existing::Link(to) if to == target => InstallAction::Unchanged,
        Existing::Link(_) => InstallAction::Replace,
        Existing::Other if force => InstallAction::Replace,
        Existing::Other => InstallAction::Keep,
    }
}

/// Where the running plugin was found, without resolving links: kubectl starts a plugin with
/// the path it found on `PATH` as argv\[0\] (k8s.io/kubectl v0.37.2, `pkg/cmd/plugin.go`,
/// `DefaultPluginHandler.Execute`: `syscall.Exec(executablePath, append([]string{executablePath},
/// ...))`), e.g. `~/.krew/bin/kubectl-crls`, a link krew points at its store. A shell passes
/// the bare name instead, which is looked up on `PATH` the same way.
fn plugin_path(arg0: &OsStr) -> anyhow::Result<PathBuf> {
    let arg0 = Path::new(arg0);
    if arg0.components().count() > 1 {
        return std::path::absolute(arg0)
            .with_context(|| format!("cannot make {} absolute", arg0.display()));
    }
    if let Some(found) = find_on_path(arg0.as_os_str()) {
        return std::path::absolute(&found)
            .with_context(|| format!("cannot make {} absolute", found.display()));
    }
    std::env::current_exe().context("cannot tell where this plugin's executable is")
}

/// The first executable file named `name` in a `PATH` directory, as `exec.LookPath` finds it.
fn find_on_path(name: &OsStr) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

/// Unix: a file with an execute bit.
#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Elsewhere (Windows), as Go's `exec.LookPath`: a file whose extension `PATHEXT` lists.
#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    let exts = std::env::var("PATHEXT").unwrap_or_else(|_| ".com;.exe;.bat;.cmd".to_owned());
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()).to_ascii_lowercase());
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && ext.is_some_and(|e| exts.to_ascii_lowercase().split(';').any(|x| x == e))
}

pub(super) fn install(
    plugin: &Plugin,
    dir: Option<PathBuf>,
    force: bool,
) -> anyhow::Result<ExitCode> {
    let arg0 = std::env::args_os().next().unwrap_or_default();
    let exe = plugin_path(&arg0)?;
    let file = exe
        .file_name()
        .and_then(OsStr::to_str)
        .map(str::to_owned)
        .with_context(|| format!("{} has no file name", exe.display()))?;
    let helper = helper_name(&file).unwrap_or_else(|| format!("{HELPER_PREFIX}{}", plugin.name));
    // Next to the plugin, a relative link follows whatever the plugin's name points at after
    // an upgrade (krew re-points ~/.krew/bin/kubectl-crls); elsewhere it needs the full path.
    let (dir, target) = match dir {
        Some(dir) => (dir, exe.clone()),
        None => (
            exe.parent()
                .map(Path::to_path_buf)
                .with_context(|| format!("{} has no directory", exe.display()))?,
            PathBuf::from(&file),
        ),
    };
    let link = dir.join(&helper);
    let existing = match std::fs::symlink_metadata(&link) {
        Ok(meta) if meta.file_type().is_symlink() => Existing::Link(
            std::fs::read_link(&link).with_context(|| format!("cannot read {}", link.display()))?,
        ),
        Ok(_) => Existing::Other,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Existing::Nothing,
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", link.display())),
    };
    let shown = target.display();
    match install_action(&existing, &target, force) {
        InstallAction::Unchanged => {
            eprintln!(
                "unchanged: {} -> {shown} (already installed)",
                link.display()
            );
        }
        InstallAction::Keep => {
            eprintln!(
                "kept: {} exists and is not a link; left as it is (--force replaces it)",
                link.display()
            );
        }
        action @ (InstallAction::Create | InstallAction::Replace) => {
            replace_link(&target, &link)?;
            let verb = if action == InstallAction::Create {
                "created"
            } else {
                "replaced"
            };
            eprintln!("{verb}: {} -> {shown}", link.display());
        }
    }
    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| same_file(&d, &dir)));
    if !on_path {
        eprintln!(
            "hint: {} is not on PATH, so kubectl will not find {helper} there; add it to PATH",
            dir.display()
        );
    }
    if let Some(found) = find_on_path(OsStr::new(&helper))
        && !same_file(&found, &link)
    {
        eprintln!(
            "warning: kubectl runs {} (first on PATH), not {}",
            found.display(),
            link.display()
        );
    }
    eprintln!(
        "hint: `kubectl {} <TAB>` completes in shells that load kubectl's completion, e.g. `source <(kubectl completion bash)`",
        plugin.name
    );
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Puts a link at `link` atomically: a temporary link renamed over it, so that a completion
/// running meanwhile finds the old link or the new one.
fn replace_link(target: &Path, link: &Path) -> anyhow::Result<()> {
    let dir = link.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{HELPER_PREFIX}{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    make_link(target, &tmp)
        .with_context(|| format!("cannot create a link in {}", dir.display()))?;
    std::fs::rename(&tmp, link).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::Error::new(e).context(format!("cannot create {}", link.display()))
    })
}

#[cfg(unix)]
fn make_link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

/// Windows: symbolic links need a privilege most users lack, so a hard link (same volume),
/// else a copy; a relative target is relative to the link's directory, as for a symlink.
#[cfg(not(unix))]
fn make_link(target: &Path, link: &Path) -> std::io::Result<()> {
    let target = link.parent().unwrap_or(Path::new(".")).join(target);
    std::fs::hard_link(&target, link).or_else(|_| std::fs::copy(&target, link).map(drop))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::completion::is_helper;

    #[test]
    fn install_is_idempotent() {
        assert_eq!(
            helper_name("kubectl-crls").as_deref(),
            Some("kubectl_complete-crls")
        );
        assert_eq!(
            helper_name("kubectl-get_all").as_deref(),
            Some("kubectl_complete-get_all")
        );
        assert_eq!(helper_name("crls"), None);
        assert_eq!(helper_name("kubectl-"), None);
        let target = Path::new("kubectl-crls");
        assert_eq!(
            install_action(&Existing::Nothing, target, false),
            InstallAction::Create
        );
        assert_eq!(
            install_action(&Existing::Link(target.into()), target, false),
            InstallAction::Unchanged
        );
        assert_eq!(
            install_action(&Existing::Link("/old/kubectl-crls".into()), target, false),
            InstallAction::Replace
        );
        assert_eq!(
            install_action(&Existing::Other, target, false),
            InstallAction::Keep
        );
        assert_eq!(
            install_action(&Existing::Other, target, true),
            InstallAction::Replace
        );
        assert!(is_helper(OsStr::new(
            "/home/u/.krew/bin/kubectl_complete-crls"
        )));
        assert!(!is_helper(OsStr::new("/home/u/.krew/bin/kubectl-crls")));
    }
}
