//! End-to-end tests of `kubectl crls`, run as `kubectl crls` through the real kubectl against
//! the real API server; `kubectl get` on the same server is the oracle for every output it
//! must reproduce. One test binary, one module per topic.

mod connection;
mod errors;
mod get;
mod harness;
mod help;
mod inventory;
mod stale;
