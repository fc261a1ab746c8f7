//! `cavra ledger …`: segmented ledgers: migration and verification against git history.

pub mod migrate;
pub mod resolve;
pub mod verify;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// Ledgers: migrate to segments, verify git history, resolve a merge
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    Migrate(migrate::LedgerMigrateArgs),
    Verify(verify::LedgerVerifyArgs),
    Resolve(resolve::LedgerResolveArgs),
}

pub fn run(ctx: &Ctx, cmd: LedgerCommand) -> Result<ExitCode, CliError> {
    match cmd {
        LedgerCommand::Migrate(args) => migrate::cmd_ledger_migrate(ctx, args),
        LedgerCommand::Verify(args) => verify::cmd_ledger_verify(ctx, args),
        LedgerCommand::Resolve(args) => resolve::cmd_ledger_resolve(ctx, args),
    }
}
