//! The integration tests, one binary (each file a module): the real
//! `cavra` binary, real git repositories, real HTTP receivers on loopback.
//! One binary links once: a test build takes a fraction of the disk and
//! time 27 binaries did. `tests/hermetic.rs` stays its own binary: it
//! changes its process environment.

#[path = "../common/mod.rs"]
mod common;

mod aispm;
mod bad_input;
mod console;
mod delivery;
mod drill;
mod edges;
mod examples;
mod forward;
mod generated;
mod git_workflow;
mod hardening;
mod integrity;
mod inventory;
mod ledger;
mod newcomer;
mod ops;
mod properties;
mod providers;
mod prune;
mod readme;
mod release;
mod reliability;
mod restore;
mod retries;
mod schemas;
mod secrets;
mod sent_evidence;
