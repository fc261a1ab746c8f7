use clap::Args;

use super::{RecordView, inventory};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::output::emit;

/// Show one integration by its integration_id
#[derive(Debug, Args)]
pub struct IntegrationShowArgs {
    /// The integration_id (matched exactly; never the provider)
    pub id: String,
}

pub fn cmd_integration_show(ctx: &Ctx, args: IntegrationShowArgs) -> Result<ExitCode, CliError> {
    let record = inventory(ctx)?.show(&args.id)?;
    emit(&RecordView(record), ctx.format)?;
    Ok(ExitCode::Success)
}
