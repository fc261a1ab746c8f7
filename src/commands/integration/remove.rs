use clap::Args;

use super::{finish_write, inventory};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};

/// Remove an integration from the inventory
#[derive(Debug, Args)]
pub struct IntegrationRemoveArgs {
    /// The integration_id to remove
    pub id: String,
}

pub fn cmd_integration_remove(ctx: &Ctx, args: IntegrationRemoveArgs) -> Result<ExitCode, CliError> {
    let outcome = inventory(ctx)?.remove(&args.id)?;
    finish_write(ctx, outcome)
}
