//! Go's `strconv` number parsing, ported from Go 1.26's `src/internal/strconv` (the package
//! `strconv` re-exports): `ParseInt`, `ParseUint` and `Atoi` from `atoi.go`, `ParseFloat` from
//! `atof.go`. kubectl's JSONPath reads its number literals and array indices with them, and
//! go-yaml decides with them what a plain YAML scalar is (see [`crate::yaml_resolve`]).
//!
//! Results are 64-bit, as Go's `int` is on every platform kubectl ships for: the `bitSize`
//! argument of the Go functions is always 64 here.

mod atof;
mod atoi;

pub use atof::parse_float;
pub use atoi::{atoi, parse_int, parse_uint};

/// Why a number did not parse: the `Err` of Go's `*strconv.NumError` (which adds the function
/// name and input; callers here word their own messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumError {
    /// `strconv.ErrSyntax`: not a number of the requested form.
    #[error("invalid syntax")]
    Syntax,
    /// `strconv.ErrRange`: a well-formed number that does not fit (Go also returns the
    /// nearest bound, or ±Inf for a float, which no caller here uses).
    #[error("value out of range")]
    Range,
    /// `strconv.ErrBase`: a base other than 0 or 2 to 36.
    #[error("invalid base")]
    Base,
}
