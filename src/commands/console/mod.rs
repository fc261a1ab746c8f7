//! `cavra console …`: the evidence console, a static page built from the stores.

pub mod build;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// The evidence console: one static HTML page built from the stores
#[derive(Debug, Subcommand)]
pub enum ConsoleCommand {
    Build(build::ConsoleBuildArgs),
}

pub fn run(ctx: &Ctx, cmd: ConsoleCommand) -> Result<ExitCode, CliError> {
    match cmd {
        ConsoleCommand::Build(args) => build::cmd_console_build(ctx, args),
    }
}
