//! crkit-gofmt's integration tests: one binary, one module per subject.

mod go_corpus;
