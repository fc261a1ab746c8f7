use clap::Args;

use super::TenantView;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::show;
use crate::output::emit;

/// Show one tenant: retention, legal hold, collectors, keys and allowed lists
#[derive(Debug, Args)]
pub struct TenantShowArgs {
    /// The tenant id
    pub tenant: String,
}

pub fn cmd(ctx: &Ctx, args: TenantShowArgs) -> Result<ExitCode, CliError> {
    emit(&TenantView(show(&ctx.ws.root, &args.tenant)?), ctx.format)?;
    Ok(ExitCode::Success)
}
