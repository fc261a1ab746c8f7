use std::path::PathBuf;

use clap::Args;

use super::View;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::connectors::connectors;
use crate::output::emit;

/// List the configured connectors (URLs masked, references by name)
#[derive(Debug, Args)]
pub struct ConnectorListArgs {
    /// Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

pub fn cmd_connector_list(ctx: &Ctx, args: ConnectorListArgs) -> Result<ExitCode, CliError> {
    let outcome = connectors(&ctx.ws, args.config.as_deref(), false)?;
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
