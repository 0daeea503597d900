//! End-to-end tests of the harness itself: the Go-built API server serves the example CRDs,
//! enforces their schemas and RBAC, and keeps its state across restarts. One test binary,
//! one module per topic.

mod examples;
mod scripts;
