use clap::Args;

use super::{TenantView, parse_days};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::{TenantFields, update};
use crate::output::emit;

/// Change a tenant's retention, legal hold or tenant refs
#[derive(Debug, Args)]
pub struct TenantUpdateArgs {
    /// The tenant id
    pub tenant: String,
    /// How many days its events are kept
    #[arg(long, value_name = "N", value_parser = parse_days)]
    pub retention_days: Option<u32>,
    /// Set or lift the legal hold
    #[arg(long, value_name = "BOOL")]
    pub legal_hold: Option<bool>,
    /// Another envelope tenant.tenant_ref it answers to (repeatable)
    #[arg(long = "tenant-ref", value_name = "REF,…", value_delimiter = ',')]
    pub tenant_refs: Vec<String>,
}

pub fn cmd(ctx: &Ctx, args: TenantUpdateArgs) -> Result<ExitCode, CliError> {
    let fields = TenantFields {
        retention_days: args.retention_days,
        legal_hold: args.legal_hold,
        tenant_refs: args.tenant_refs,
    };
    let out = update(&ctx.ws.root, &args.tenant, &fields, &ctx.now()?)?;
    ctx.shell.status(&format!("Updated tenant {}", out.tenant.tenant_id));
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
