use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::commands::integration::deliver::{delivery_table, say_outcome};
use crate::error::{CliError, ExitCode};
use crate::ops::deliver::DeliverOptions;
use crate::ops::release::{ReleaseKind, ReleaseOutcome, deliver};
use crate::output::{Render, TableView, emit};

/// The flags of the three release deliveries.
#[derive(Debug, Args)]
pub struct ReleaseDeliverArgs {
    /// The release input (JSON)
    pub input: PathBuf,
    /// Connectors (by name or provider) to deliver to: all, or a comma-separated list; for an export, its providers
    #[arg(long, value_name = "all|NAME,…", value_delimiter = ',', default_value = "all")]
    pub provider: Vec<String>,
    #[command(flatten)]
    pub send: SendArgs,
    /// Print the exact requests (secrets masked) and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Exit 0 even when a delivery failed (the evidence and the ledger still say so)
    #[arg(long)]
    pub allow_failure: bool,
}

/// How to send (shared with `cavra delivery retry`).
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Retries after the first attempt
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Total time allowed for one request, connect included
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout_seconds: f64,
    /// Write the delivery evidence into this directory (never overwriting)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Evidence metadata ledger [default: .cavra/evidence/metadata/]
    #[arg(long, value_name = "PATH")]
    pub metadata_json: Option<PathBuf>,
}

impl SendArgs {
    /// The delivery options of these flags.
    pub fn options(&self, input: PathBuf, select: Vec<String>, dry_run: bool) -> Result<DeliverOptions, CliError> {
        if !(self.timeout_seconds > 0.0 && self.timeout_seconds <= 600.0) {
            return Err(CliError::usage("--timeout-seconds must be more than 0 and at most 600"));
        }
        Ok(DeliverOptions {
            event_file: input,
            config: self.config.clone(),
            select,
            integration: None,
            retries: self.retries,
            timeout: Duration::from_secs_f64(self.timeout_seconds),
            output: self.output.clone(),
            metadata_json: self.metadata_json.clone(),
            dry_run,
            include_disabled: false,
            stream: false,
            now: crate::clock::now()?,
        })
    }
}

#[derive(Serialize)]
#[serde(transparent)]
pub struct ReleaseView<'a>(pub &'a ReleaseOutcome);

impl Render for ReleaseView<'_> {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        delivery_table(&self.0.delivery)
    }
}

pub fn cmd_release_deliver(ctx: &Ctx, kind: ReleaseKind, args: ReleaseDeliverArgs) -> Result<ExitCode, CliError> {
    let opts = args.send.options(args.input, args.provider, args.dry_run)?;
    let progress = crate::progress::bar(ctx.shell.quiet, 10, "Delivering");
    let outcome = deliver(&ctx.ws, kind, &opts, progress.as_ref())?;
    let success = say_outcome(ctx, &outcome.delivery, opts.dry_run);
    emit(&ReleaseView(&outcome), ctx.format)?;
    Ok(if success || opts.dry_run || args.allow_failure {
        ExitCode::Success
    } else {
        ExitCode::Verdict
    })
}
