//! `cavra ops …`: store operations for operators at a terminal.

pub mod backup;
pub mod hold;
pub mod migrate;
pub mod repair;
pub mod restore;
pub mod retention_plan;
pub mod stores;

use clap::Subcommand;

use super::Ctx;
use crate::error::{CliError, ExitCode};

/// Store operations: status, backup, restore, retention plans, legal hold, repair, migrate
#[derive(Debug, Subcommand)]
pub enum OpsCommand {
    Stores(stores::OpsStoresArgs),
    Backup(backup::OpsBackupArgs),
    Restore(restore::OpsRestoreArgs),
    RetentionPlan(retention_plan::OpsRetentionPlanArgs),
    Hold(hold::OpsHoldArgs),
    Repair(repair::OpsRepairArgs),
    Migrate(migrate::OpsMigrateArgs),
}

pub fn run(ctx: &Ctx, cmd: OpsCommand) -> Result<ExitCode, CliError> {
    match cmd {
        OpsCommand::Stores(args) => stores::cmd_ops_stores(ctx, args),
        OpsCommand::Backup(args) => backup::cmd_ops_backup(ctx, args),
        OpsCommand::Restore(args) => restore::cmd_ops_restore(ctx, args),
        OpsCommand::RetentionPlan(args) => retention_plan::cmd_ops_retention_plan(ctx, args),
        OpsCommand::Hold(args) => hold::cmd_ops_hold(ctx, args),
        OpsCommand::Repair(args) => repair::cmd_ops_repair(ctx, args),
        OpsCommand::Migrate(args) => migrate::cmd_ops_migrate(ctx, args),
    }
}
