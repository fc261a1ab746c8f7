use std::path::PathBuf;

use clap::Args;

use super::View;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::connectors::connectors;
use crate::output::emit;

/// Check that every enabled connector's references resolve (nothing is sent)
///
/// Resolves environment variables, secret files, the CA file and the URL
/// rules (https, or http only to loopback), and builds a request for a
/// sample event (provider options, webhook secret encoding). A disabled
/// connector is reported as disabled. Exits 1 when an enabled connector
/// would not start a delivery.
#[derive(Debug, Args)]
pub struct ConnectorCheckArgs {
    /// Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

pub fn cmd_connector_check(ctx: &Ctx, args: ConnectorCheckArgs) -> Result<ExitCode, CliError> {
    let outcome = connectors(&ctx.ws, args.config.as_deref(), true)?;
    let ok = outcome.ok == Some(true);
    emit(&View(outcome), ctx.format)?;
    Ok(if ok { ExitCode::Success } else { ExitCode::Verdict })
}
