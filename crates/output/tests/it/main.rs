//! crkit-output's integration tests, one binary: the public API beyond the recorded sessions
//! (`api`), corpora generated with the Go code kubectl runs (`go_corpus`), and golden files
//! recorded from the real kubectl (`kubectl_golden`).

mod api;
mod go_corpus;
mod kubectl_golden;
