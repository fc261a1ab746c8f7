use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{LedgerArgs, WindowArgs};
use crate::commands::Ctx;
use crate::commands::integration::deliver::say_outcome;
use crate::error::{CliError, ExitCode};
use crate::ops::history::Filter;
use crate::ops::release::retry::{RetryOutcome, Which, retry};
use crate::output::{Render, TableView, emit};

/// Re-send failed release deliveries to the providers that failed
///
/// --event-id ID retries that event's open failures; --failed retries every
/// open failure of a release delivery (within --since/--until). The input is re-read from the
/// path the ledger recorded and refused when its sha256 changed; the event
/// is rebuilt from it, so each provider gets the same idempotency key as
/// before, and only the connectors that failed (and no retry recovered)
/// are sent to. The new ledger entry says retry_of (the original's seq);
/// dashboards count the failure as recovered when the retry succeeded.
///
/// Exits 1 when a retry failed, unless --allow-failure.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["event_id", "failed"]))]
pub struct DeliveryRetryArgs {
    /// The event whose failed deliveries to retry (exact)
    #[arg(long, value_name = "ID")]
    pub event_id: Option<String>,
    /// Retry every failed delivery no retry has recovered yet
    #[arg(long)]
    pub failed: bool,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub send: crate::commands::release::deliver::SendArgs,
    /// Exit 0 even when a retry failed
    #[arg(long)]
    pub allow_failure: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(RetryOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.delivery.retry.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "retry_of",
            "event_id",
            "connector",
            "success",
            "status",
            "attempts",
            "error",
        ]);
        for r in &self.0.retried {
            for d in &r.outcome.delivery.evidence.deliveries {
                t.row(vec![
                    r.retry_of.to_string(),
                    r.event_id.clone(),
                    d.connector.clone(),
                    d.success.to_string(),
                    d.status_code.map(|c| c.to_string()).unwrap_or_default(),
                    d.attempt_count.to_string(),
                    d.error.clone().unwrap_or_default(),
                ]);
            }
        }
        t
    }
}

pub fn cmd_delivery_retry(ctx: &Ctx, args: DeliveryRetryArgs) -> Result<ExitCode, CliError> {
    let which = match args.event_id {
        Some(id) => Which::EventId(id),
        None => {
            let mut filter = Filter::default();
            args.window.apply(&mut filter)?;
            Which::Failed(filter)
        }
    };
    let opts = args.send.options(PathBuf::new(), Vec::new(), false)?;
    let ledger = LedgerArgs {
        metadata_json: args.send.metadata_json.clone(),
    };
    let history = super::load(ctx, &ledger)?;
    let progress = crate::progress::bar(ctx.shell.quiet, 10, "Retrying");
    let outcome = retry(&ctx.ws, &history, &which, &opts, progress.as_ref())?;
    for r in &outcome.retried {
        ctx.shell
            .status(&format!("Retry of {} (seq {}):", r.event_id, r.retry_of));
        say_outcome(ctx, &r.outcome.delivery, false);
    }
    if outcome.retried.is_empty() {
        ctx.shell.status("No failed delivery left to retry");
    }
    let success = outcome.success;
    emit(&View(outcome), ctx.format)?;
    Ok(if success || args.allow_failure {
        ExitCode::Success
    } else {
        ExitCode::Verdict
    })
}
