//! Exit codes shared by the plugins, and how a plugin's `main` turns an error into one: a
//! closed stdout is success, a server error reads as kubectl's, anything else as `error: ...`.

use std::io::Write as _;
use std::process::ExitCode;

/// Exit codes shared by the plugins (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// The request failed or some objects had errors (as kubectl's exit 1).
    Failure = 1,
    /// Bad usage or input that could not be read.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// Prints an error the way kubectl does for server errors (`Error from server (Reason): ...`),
/// as `error: ...` otherwise, with a `hint:` line when there is advice.
pub fn report(err: &anyhow::Error) {
    report_needing(err, &[]);
}

/// [`report`] for a command that needs `verbs` on its resources: a Forbidden hint grants them
/// all (see [`crkit_discovery::Error::hint_needing`]).
pub fn report_needing(err: &anyhow::Error, verbs: &[&str]) {
    let mut stderr = std::io::stderr().lock();
    if let Some(e) = err.downcast_ref::<crkit_discovery::Error>() {
        match e.server_reason() {
            Some(reason) => {
                let _ = writeln!(stderr, "Error from server ({reason}): {e}");
            }
            None => {
                let _ = writeln!(stderr, "error: {err:#}");
            }
        }
        if let Some(hint) = e.hint_needing(verbs) {
            let _ = writeln!(stderr, "hint: {hint}");
        }
    } else {
        let _ = writeln!(stderr, "error: {err:#}");
    }
}

/// Whether an error is a closed stdout (`| head`): that is success, not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The shared `main`: runs `run`, prints its error, maps it to an exit code.
pub fn main_with(run: impl FnOnce() -> anyhow::Result<ExitCode>) -> ExitCode {
    main_needing(&[], run)
}

/// [`main_with`] for a plugin that needs `verbs` on the resources it reads (named in the hint
/// after Forbidden).
pub fn main_needing(verbs: &[&str], run: impl FnOnce() -> anyhow::Result<ExitCode>) -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            report_needing(&err, verbs);
            Exit::Failure.into()
        }
    }
}
