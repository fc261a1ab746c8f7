use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::ledger::{ResolveOutcome, resolve};
use crate::output::{Render, TableView, emit};

/// Finish a `git merge` that stopped on a segmented ledger
///
/// git hands a merge driver one file at a time, so when a side rotated the
/// active segment (or both created the same new one) the segments stay
/// conflicted. This rebuilds the ledger from the three commits: our segments
/// as HEAD has them, then their entries that ours does not hold, re-chained
/// and sealed where a segment fills, with a new checkpoint, and stages it.
/// Then `git commit`.
#[derive(Debug, Args)]
pub struct LedgerResolveArgs {
    /// The ledger to resolve [default: every ledger]
    #[arg(value_name = "LEDGER")]
    pub ledger: Option<String>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ResolveOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.ledger.resolve.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["ledger", "ours", "theirs_added", "segments"]);
        for l in &self.0.ledgers {
            t.row(vec![
                l.ledger.clone(),
                l.ours.to_string(),
                l.theirs_added.to_string(),
                l.segments.to_string(),
            ]);
        }
        t
    }
}

pub fn cmd_ledger_resolve(ctx: &Ctx, args: LedgerResolveArgs) -> Result<ExitCode, CliError> {
    let outcome = resolve(&ctx.ws, args.ledger.as_deref())?;
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
