use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::TenantView;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::{CollectorChange, update_collector};
use crate::output::emit;

/// Change a collector: its allow-lists, or its key (rotation)
///
/// Each --allow-* given replaces that list (repeat it, or separate values
/// with commas); a list not given is kept; `--allow-any LIST` empties one,
/// so it allows any value. `--ed25519-public-key-file` rotates the key: the
/// current key is revoked now and kept in the registry, so what it signed
/// before keeps verifying, and the new key takes over the collector (and
/// the lists). An HMAC collector is rotated by adding a collector with a
/// new secret variable and revoking this one. A revoked collector is not
/// changed (exit 3).
#[derive(Debug, Args)]
pub struct CollectorUpdateArgs {
    /// The tenant id
    pub tenant: String,
    /// The collector id
    pub collector: String,
    /// File holding the new base64 Ed25519 public key (rotates the key)
    #[arg(long, value_name = "FILE")]
    pub ed25519_public_key_file: Option<PathBuf>,
    /// Connector types it may send (replaces the list)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub allow_connector_type: Option<Vec<String>>,
    /// Connector ids it may send (replaces the list)
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub allow_connector: Option<Vec<String>>,
    /// Event types it may send (replaces the list)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub allow_event_type: Option<Vec<String>>,
    /// Repositories (event.repository) it may report on (replaces the list)
    #[arg(long, value_name = "REPO,…", value_delimiter = ',')]
    pub allow_repository: Option<Vec<String>>,
    /// Environments (tenant.environment) it may report on (replaces the list)
    #[arg(long, value_name = "ENV,…", value_delimiter = ',')]
    pub allow_environment: Option<Vec<String>>,
    /// Empty a list, so it allows any value
    #[arg(long, value_name = "LIST,…", value_delimiter = ',')]
    pub allow_any: Vec<AllowList>,
}

/// An allow-list of a collector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AllowList {
    ConnectorType,
    Connector,
    EventType,
    Repository,
    Environment,
}

pub fn cmd(ctx: &Ctx, args: CollectorUpdateArgs) -> Result<ExitCode, CliError> {
    let rotate_to = match &args.ed25519_public_key_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| CliError::io(path, "read", &e))?
                .trim()
                .to_string(),
        ),
        None => None,
    };
    let any = |list: AllowList, given: Option<Vec<String>>| -> Result<Option<Vec<String>>, CliError> {
        match (args.allow_any.contains(&list), given) {
            (true, Some(_)) => Err(CliError::usage(format!(
                "--allow-any {} and a list for it were both given",
                list.to_possible_value().expect("no skipped variant").get_name()
            ))),
            (true, None) => Ok(Some(Vec::new())),
            (false, given) => Ok(given),
        }
    };
    let change = CollectorChange {
        rotate_to,
        connector_types: any(AllowList::ConnectorType, args.allow_connector_type.clone())?,
        connector_ids: any(AllowList::Connector, args.allow_connector.clone())?,
        event_types: any(AllowList::EventType, args.allow_event_type.clone())?,
        repositories: any(AllowList::Repository, args.allow_repository.clone())?,
        environments: any(AllowList::Environment, args.allow_environment.clone())?,
    };
    if change.is_empty() {
        return Err(CliError::usage(
            "nothing to change: give --ed25519-public-key-file, an --allow-* list or --allow-any",
        ));
    }
    let out = update_collector(&ctx.ws.root, &args.tenant, &args.collector, change, &ctx.now()?)?;
    ctx.shell.status(&match out.action {
        "collector_key_rotated" => format!(
            "Rotated the key of collector {} of tenant {}; the old key is revoked and kept",
            args.collector, args.tenant
        ),
        _ => format!("Updated collector {} of tenant {}", args.collector, args.tenant),
    });
    emit(&TenantView(out.tenant), ctx.format)?;
    Ok(ExitCode::Success)
}
