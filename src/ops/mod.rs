//! The jobs cavra does. Each takes an options value, does the work through
//! `store`, and returns a typed, `Serialize` outcome; no clap, no terminal.

pub mod aispm;
pub mod backup;
pub mod connectors;
pub mod deliver;
pub mod demo;
pub mod demo_receiver;
pub mod diff;
pub mod git_setup;
pub mod init;
pub mod inventory;
pub mod repair;
pub mod restore;
pub mod retention;
pub mod stores;
pub mod validate;
pub mod workspace;

/// The path of the running cavra binary (the demo and the git hooks run it).
pub fn cavra_executable() -> Result<std::path::PathBuf, crate::error::CliError> {
    std::env::current_exe()
        .map_err(|e| crate::error::CliError::internal(format!("cannot find the cavra executable: {e}")))
}
