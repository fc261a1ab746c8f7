//! The jobs cavra does. Each takes an options value, does the work through
//! `store`, and returns a typed, `Serialize` outcome or its own error enum
//! (`thiserror`, carrying data); no argument parsing, no exit codes, no
//! terminal. `error.rs` turns each error into a message, hints and an exit
//! code.

pub mod aispm;
pub mod backup;
pub mod connectors;
pub mod console;
pub mod deliver;
pub mod demo;
pub mod demo_receiver;
pub mod diff;
pub mod drill;
pub mod git_setup;
pub mod history;
pub mod hold;
pub mod init;
pub mod inventory;
pub mod ledger;
pub mod migrate;
pub mod release;
pub mod repair;
pub mod restore;
pub mod retention;
pub mod stores;
pub mod validate;
pub mod workspace;

/// The path of the running cavra binary (the demo and the git hooks run it).
pub fn cavra_executable() -> std::io::Result<std::path::PathBuf> {
    std::env::current_exe()
}
