use clap::Args;

use super::SendArgs;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::delivery::retry;
use crate::output::emit;

/// Re-send failed acknowledgement audit deliveries to the providers that failed
///
/// Only the providers whose delivery failed and no retry recovered get the
/// package again, with the same bytes and idempotency key; the ledger entry
/// says retry_of (the original's seq), so the dashboards count the failure
/// as recovered. Without --delivery-id, every audit delivery with a failure
/// left is retried.
///
/// Exits 1 when a retry failed.
#[derive(Debug, Args)]
pub struct RetryArgs {
    /// Only this audit delivery
    #[arg(long, value_name = "ID")]
    pub delivery_id: Option<String>,
    #[command(flatten)]
    pub send: SendArgs,
}

pub fn cmd_drill_retry(ctx: &Ctx, args: RetryArgs) -> Result<ExitCode, CliError> {
    let opts = args.send.options()?;
    let out = retry(&ctx.ws, args.delivery_id.as_deref(), &opts)?;
    ctx.shell.status(&format!(
        "{} audit deliver{} retried{}",
        out.total,
        if out.total == 1 { "y" } else { "ies" },
        if out.success { "" } else { ": a retry failed" }
    ));
    let success = out.success;
    emit(&super::audit_deliver::View(out), ctx.format)?;
    Ok(if success { ExitCode::Success } else { ExitCode::Verdict })
}
