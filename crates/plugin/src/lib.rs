//! Command-line plumbing every crkit plugin shares: kubectl's global connection and cache flags
//! ([`KubeArgs`]), exit codes and how errors are printed ([`Exit`], [`main_with`]), logging
//! set-up, the async runtime ([`block_on`]), man pages and shell completion ([`completion`]).
//!
//! This is the one crkit library that knows clap: the libraries that model Kubernetes
//! (discovery, output, gofmt) hold no command-line parsing, and each plugin's `main.rs` stays
//! a thin binary over them and this crate (as ripgrep's binary over `grep-cli`).

mod args;
pub mod completion;
mod exit;
mod logging;
mod man;
mod runtime;

pub use args::{KubeArgs, parse_duration};
pub use exit::{Exit, is_broken_pipe, main_needing, main_with, report, report_needing};
pub use logging::{report_requests, use_color};
pub use runtime::block_on;
