use clap::Args;
use serde::Serialize;

use crate::clock::Timestamp;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::ledger::{PruneOptions, PruneOutcome, prune};
use crate::output::{Render, TableView, emit};

/// Remove a ledger's oldest sealed segments, keeping the chain verifiable
///
/// Removes whole sealed segments from the start of the ledger whose entries
/// are all older than --before; never the active (last) segment, never one
/// holding an entry without a readable time. First it writes (atomically)
/// the prune record `<ledger>/pruned`: how many segments and entries were
/// removed and the seal hash the first remaining entry chains to, so reading,
/// `validate`, `ledger verify` and the merge driver still link the chain, and
/// a committed segment may be missing only when the record covers it. A
/// prune killed half-way leaves segments the record covers; readers skip
/// them and the next prune removes them. Commit the result (`git add -A
/// .cavra`).
///
/// Refused (exit 3) while `.cavra/legal-hold` exists (the hold `ops
/// retention-plan` honours too) or, for an AISPM tenant's ledger
/// (`aispm-events/TENANT`), while the tenant is under legal hold, and (exit 4) while `cavra validate` reports
/// any problem. `ops retention-plan` lists the segments a prune at its
/// retain-from date would remove.
///
/// JSON: `ledger`, `before`, `dry_run`, `segments` (each `name`, `entries`,
/// `last_seq`, `newest`), `entries`, and `record` (`file`, `segments`,
/// `entries`, `last_hash`, `prunes`; null when never pruned).
#[derive(Debug, Args)]
pub struct LedgerPruneArgs {
    /// The ledger to prune (`cavra ops stores` lists them)
    #[arg(value_name = "LEDGER")]
    pub ledger: String,
    /// Remove segments whose entries are all older than this (YYYY-MM-DD or RFC 3339; not in the future)
    #[arg(long, value_name = "DATE", value_parser = crate::clock::parse_date)]
    pub before: Timestamp,
    /// List the segments that would go; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(PruneOutcome);

impl Render for View {
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["segment", "entries", "last_seq", "newest"]);
        for s in &self.0.segments {
            t.row(vec![
                s.name.clone(),
                s.entries.to_string(),
                s.last_seq.to_string(),
                s.newest.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}

pub fn cmd_ledger_prune(ctx: &Ctx, args: LedgerPruneArgs) -> Result<ExitCode, CliError> {
    let opts = PruneOptions {
        before: args.before,
        dry_run: args.dry_run,
        now: crate::clock::now()?,
    };
    let outcome = prune(&ctx.ws, &args.ledger, &opts)?;
    let what = format!(
        "{} segments ({} entries) of ledger {} older than {}",
        outcome.segments.len(),
        outcome.entries,
        outcome.ledger,
        outcome.before
    );
    ctx.shell.status(&match (outcome.dry_run, outcome.segments.is_empty()) {
        (_, true) => format!(
            "Nothing to prune: no sealed segment of ledger {} is wholly older than {}",
            outcome.ledger, outcome.before
        ),
        (true, false) => format!("Would prune {what} (dry run: nothing written)"),
        (false, false) => format!("Pruned {what}; commit the result: git add -A .cavra"),
    });
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
