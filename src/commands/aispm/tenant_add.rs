use clap::Args;

use super::{TenantView, parse_days};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::{TenantFields, add};
use crate::output::emit;

/// Register a tenant (id: lower-case letters, digits and '-')
#[derive(Debug, Args)]
pub struct TenantAddArgs {
    /// The tenant id (^[a-z0-9][a-z0-9-]{0,62}$)
    pub tenant: String,
    /// How many days its events are kept [default: 365]
    #[arg(long, value_name = "N", value_parser = parse_days)]
    pub retention_days: Option<u32>,
    /// An envelope tenant.tenant_ref it answers to (repeatable; default: its id)
    #[arg(long = "tenant-ref", value_name = "REF,…", value_delimiter = ',')]
    pub tenant_refs: Vec<String>,
    /// Put the tenant under legal hold (nothing of it expires)
    #[arg(long)]
    pub legal_hold: bool,
}

pub fn cmd(ctx: &Ctx, args: TenantAddArgs) -> Result<ExitCode, CliError> {
    let fields = TenantFields {
        retention_days: args.retention_days,
        legal_hold: Some(args.legal_hold),
        tenant_refs: args.tenant_refs,
    };
    let out = add(&ctx.ws.root, &args.tenant, &fields, &ctx.now()?)?;
    ctx.shell.status(&format!("Added tenant {}", out.tenant.tenant_id));
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
