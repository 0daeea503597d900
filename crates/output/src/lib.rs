//! kubectl's output formats, byte for byte as kubectl v1.37 prints them, for the crkit plugins:
//! tables from server-side Tables, `-o yaml`, `-o json`, `-o name`, `-o jsonpath`,
//! `-o custom-columns`, and the tabwriter and age formatting under them.
//!
//! Everything here is pure and synchronous: values in, strings out. Each module ports the Go
//! code kubectl runs (named in its documentation) rather than imitating its output, and the
//! tests compare against output recorded from the real kubectl (`tests/fixtures/record.sh`).
//!
//! What the caller must do as kubectl does:
//! - several objects are printed as one `List` ([`json::list`]);
//! - `-o json` and `-o yaml` drop `metadata.managedFields` first ([`json::omit_managed_fields`]),
//!   `-o jsonpath`, `-o custom-columns` and `-o name` do not;
//! - `-o jsonpath` allows missing keys ([`jsonpath::JsonPath::allow_missing_keys`]).
//!
//! Where Go itself is not deterministic (map iteration under JSONPath `*` and `..`; go-yaml's
//! key order for the rare key sets it does not order transitively, such as `a1`, `a001`,
//! `a00b`), the output is one of those kubectl may print.

mod error;
use crkit_gofmt as gofmt;

pub mod columns;
pub mod duration;
pub mod json;
pub mod jsonpath;
pub mod name;
pub mod table;
pub mod tabwriter;
pub mod yaml;

pub use error::Error;
