use clap::Args;

use super::TenantView;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::remove;
use crate::output::emit;

/// Remove a tenant and its stores (refused under legal hold)
///
/// The only way a tenant's evidence goes: the registry records the removal
/// (removed_at), so `cavra validate` stops requiring its ledgers; deleting
/// its directory instead is reported as evidence removed. Refused (exit 3)
/// while the tenant or the workspace (.cavra/legal-hold) is under legal hold.
#[derive(Debug, Args)]
pub struct TenantRemoveArgs {
    /// The tenant id
    pub tenant: String,
}

pub fn cmd(ctx: &Ctx, args: TenantRemoveArgs) -> Result<ExitCode, CliError> {
    let out = remove(&ctx.ws.root, &args.tenant, &ctx.now()?)?;
    ctx.shell.status(&format!("Removed tenant {}", out.tenant.tenant_id));
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
