use clap::Args;

use super::TenantView;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::revoke_collector;
use crate::output::emit;

/// Revoke a collector: nothing its key signs is accepted any more
#[derive(Debug, Args)]
pub struct CollectorRevokeArgs {
    /// The tenant id
    pub tenant: String,
    /// The collector id
    pub collector: String,
}

pub fn cmd(ctx: &Ctx, args: CollectorRevokeArgs) -> Result<ExitCode, CliError> {
    let out = revoke_collector(&ctx.ws.root, &args.tenant, &args.collector, &ctx.now()?)?;
    ctx.shell.status(&format!(
        "Revoked collector {} of tenant {}",
        args.collector, args.tenant
    ));
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
