//! `cavra ledger …`: ledgers as segments (migration).

pub mod migrate;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// Ledgers: move a single-file ledger into segments
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    Migrate(migrate::LedgerMigrateArgs),
}

pub fn run(ctx: &Ctx, cmd: LedgerCommand) -> Result<ExitCode, CliError> {
    match cmd {
        LedgerCommand::Migrate(args) => migrate::cmd_ledger_migrate(ctx, args),
    }
}
