//! The one error type of the discovery crate.

/// Everything that can go wrong while resolving names, talking to the API server or reading the
/// discovery cache.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The name the user typed matches no resource the server serves.
    #[error("the server doesn't have a resource type \"{name}\"")]
    UnknownResource {
        /// The name as typed.
        name: String,
    },
}
