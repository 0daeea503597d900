//! Shared core of the crkit plugins: resolving what a user typed (`llm`, `llmmodels.gateway.ai.example.com`,
//! `ai-gateway`) to the API resources it names, caching discovery on disk, and validating objects
//! against their schemas.
//!
//! The crate holds no command-line parsing and prints nothing; every failure is an [`Error`].

mod error;

pub use error::Error;
