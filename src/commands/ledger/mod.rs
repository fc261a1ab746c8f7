//! `cavra ledger …`: segmented ledgers: migration, verification against git history, merge resolution and pruning.

pub mod migrate;
pub mod prune;
pub mod resolve;
pub mod verify;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// Ledgers: migrate to segments, verify git history, resolve a merge, prune
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    Migrate(migrate::LedgerMigrateArgs),
    Verify(verify::LedgerVerifyArgs),
    Resolve(resolve::LedgerResolveArgs),
    Prune(prune::LedgerPruneArgs),
}

pub fn run(ctx: &Ctx, cmd: LedgerCommand) -> Result<ExitCode, CliError> {
    match cmd {
        LedgerCommand::Migrate(args) => migrate::cmd_ledger_migrate(ctx, args),
        LedgerCommand::Verify(args) => verify::cmd_ledger_verify(ctx, args),
        LedgerCommand::Resolve(args) => resolve::cmd_ledger_resolve(ctx, args),
        LedgerCommand::Prune(args) => prune::cmd_ledger_prune(ctx, args),
    }
}
