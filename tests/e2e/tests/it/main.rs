//! End-to-end tests of crkit as users meet it: one test binary, one module per topic.

mod completion;
mod krew;
mod tools;
