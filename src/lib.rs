//! cavra: the governance state of an organisation's AI coding agents, kept in
//! the repository it governs as checksummed, schema-validated JSON.
//!
//! Layers: `commands` (clap, rendering) → `ops` (the jobs, typed outcomes) →
//! `store` (the only code touching `.cavra/`).

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
