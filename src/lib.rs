//! cavra: the governance state of an organisation's AI coding agents, kept in
//! the repository it governs as checksummed, schema-validated JSON.
//!
//! Layers: `commands` (clap, rendering) → `ops` (the jobs, typed outcomes) →
//! `store` (the only code touching `.cavra/`).

/// The version `cavra --version` shows: the package version, then the git
/// commit and its date the binary was built from (see `build.rs`).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CAVRA_BUILD_COMMIT"), ")");

pub mod clock;
pub mod commands;
pub mod connector;
pub mod env;
pub mod error;
pub mod git;
pub mod model;
pub mod ops;
pub mod output;
pub mod progress;
pub mod secrets;
pub mod store;
pub mod suggest;
