//! Shared core of the crkit plugins: resolving what a user typed (`llm`,
//! `llmmodels.gateway.ai.example.com`, `ai-gateway`) to the API resources it names exactly as
//! kubectl does, through aggregated discovery cached on disk, and the reads the plugins share
//! ([`api`]: lists, objects, the CRD of a custom resource).
//!
//! The pure parts (parsing discovery documents, resolving names) work on a [`Snapshot`] and are
//! unit-tested over documents recorded from a real API server; [`Discovery`] and [`KubeClient`]
//! wrap them with I/O. The crate holds no command-line parsing and prints nothing; every
//! failure is an [`Error`].
//!
//! With the cargo feature `validate` (off by default; kubectl-crvalidate turns it on), the
//! `validate` module checks manifests offline against CRD and built-in schemas the way the API
//! server does, at the cost of compiling CEL, a YAML parser and regexes; `openapi_v3` reads
//! the server's `/openapi/v3` documents for kinds of aggregated APIs.

pub mod api;
pub mod cache;
pub mod client;
pub mod client_config;
mod discovery;
mod error;
pub mod kubeconfig;
pub mod model;
#[cfg(feature = "validate")]
pub mod openapi_v3;
pub mod parse;
pub mod proxy;
mod resolve;
#[cfg(feature = "validate")]
pub mod validate;

pub use client::{ConnectOptions, KubeClient, RequestContext, RequestStats, RetryPolicy};
pub use discovery::{DEFAULT_TTL, Discovery, DiscoveryOptions, Origin};
pub use error::Error;
pub use model::{ApiGroup, ApiResource, GroupFailure, GroupVersion, Snapshot};
pub use resolve::{Resolution, edit_distance};
