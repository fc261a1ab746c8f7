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
/// holding an entry without a readable time. First it appends a
/// `ledger-prune` entry to the ledger's own chain (cavra.ledger-prune.v1:
/// each removed segment's name, seal hash, entry count and last seq, the
/// --before date, who ran it and when), then removes the segments. Readers
/// accept the missing prefix only when the chain's prune entries name it,
/// and `validate`, the pre-commit hook, `validate --base` and `ledger
/// verify` accept a committed segment gone only when a prune entry names the
/// seal git committed for it, its entries are older than the entry's
/// --before and that --before keeps the ledger's retention. A prune killed
/// half-way leaves segments the entry covers; the next prune removes them.
/// Commit the result (`git add -A .cavra`).
///
/// Refused (exit 3) while a legal hold is in place in the working tree or
/// at HEAD (`.cavra/legal-hold`, the hold `ops retention-plan` honours too,
/// or for an AISPM tenant's ledger `aispm-events/TENANT` the tenant's own),
/// when --before is later than the ledger's retention allows (the tenant's
/// retention_days; 365 days for the other ledgers), and (exit 4) while
/// `cavra validate` reports any problem. `ops retention-plan` lists the
/// segments a prune at its prune_before date would remove.
///
/// JSON: `ledger`, `before`, `retention_before` (the latest --before the
/// retention allows), `dry_run`, `segments` (each `name`, `entries`,
/// `last_seq`, `newest`), `entries`, and `entry` (the prune entry's record;
/// null with --dry-run or when nothing went).
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
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.ledger.prune.v1")
    }
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
