//! End-to-end tests of `kubectl crwatch`, run as `kubectl crwatch` through the real kubectl
//! against the real API server: exact events for scripted changes, no event lost or doubled
//! across server restarts and `410 Gone`, and the same events through a proxy that injects
//! faults as without it. One test binary, one module per topic.

mod endings;
mod filters;
mod harness;
mod help;
mod resilience;
mod script;
