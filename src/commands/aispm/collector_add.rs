use std::path::PathBuf;

use clap::Args;

use super::TenantView;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::model::aispm::Allow;
use crate::ops::aispm::tenants::{CollectorKey, add_collector};
use crate::output::emit;

/// Register a collector of a tenant: its key and what it may send
///
/// An Ed25519 public key (base64, as `cavra aispm keygen` writes FILE.pub)
/// is committed; a weak or invalid key is refused. An HMAC collector names
/// the environment variable holding its secret; the secret is never stored.
/// Each --allow-* may repeat; a list not given allows any value.
#[derive(Debug, Args)]
pub struct CollectorAddArgs {
    /// The tenant id
    pub tenant: String,
    /// The collector id (its key identifies it: no envelope field names it)
    pub collector: String,
    /// File holding the base64 Ed25519 public key
    #[arg(long, value_name = "FILE", required_unless_present = "hmac_secret_env")]
    pub ed25519_public_key_file: Option<PathBuf>,
    /// Environment variable holding the HMAC-SHA256 secret
    #[arg(long, value_name = "VAR", conflicts_with = "ed25519_public_key_file")]
    pub hmac_secret_env: Option<String>,
    /// Connector types it may send (codex, claude_code, mcp_server, …)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub allow_connector_type: Vec<String>,
    /// Connector ids it may send
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub allow_connector: Vec<String>,
    /// Event types it may send (tool_call, policy_decision, approval_event, …)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub allow_event_type: Vec<String>,
    /// Repositories (event.repository) it may report on
    #[arg(long, value_name = "REPO,…", value_delimiter = ',')]
    pub allow_repository: Vec<String>,
    /// Environments (tenant.environment) it may report on
    #[arg(long, value_name = "ENV,…", value_delimiter = ',')]
    pub allow_environment: Vec<String>,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub fn cmd(ctx: &Ctx, args: CollectorAddArgs) -> Result<ExitCode, CliError> {
    let key = match (&args.ed25519_public_key_file, &args.hmac_secret_env) {
        (Some(path), _) => CollectorKey::Ed25519(
            std::fs::read_to_string(path)
                .map_err(|e| CliError::io(path, "read", &e))?
                .trim()
                .to_string(),
        ),
        (None, Some(var)) => CollectorKey::HmacEnv(var.clone()),
        (None, None) => return Err(CliError::usage("give --ed25519-public-key-file or --hmac-secret-env")),
    };
    let allow = Allow {
        connector_ids: sorted(args.allow_connector),
        connector_types: sorted(args.allow_connector_type),
        environments: sorted(args.allow_environment),
        event_types: sorted(args.allow_event_type),
        repositories: sorted(args.allow_repository),
    };
    let out = add_collector(&ctx.ws.root, &args.tenant, &args.collector, &key, allow, &ctx.now()?)?;
    ctx.shell
        .status(&format!("Added collector {} to tenant {}", args.collector, args.tenant));
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
