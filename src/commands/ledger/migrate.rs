use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::ledger::{MigrateOutcome, migrate};
use crate::output::{Render, TableView, emit};

/// Move a single-file ledger (`<name>.jsonl`) into segments (`<name>/YYYY-MM/NNNNNN.jsonl`)
///
/// The same records in the same order; entries after the first seal are
/// re-chained through it. The segments are written beside the file, renamed
/// into place, then the file is removed, so a crash leaves the file or the
/// segments, and running it again finishes the job. Until migrated, the single
/// file keeps working. Commit the result (`git add -A .cavra`).
#[derive(Debug, Args)]
pub struct LedgerMigrateArgs {
    /// The ledger to migrate [default: every ledger]
    #[arg(value_name = "LEDGER")]
    pub ledger: Option<String>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(MigrateOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.ledger.migrate.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["ledger", "action", "directory", "entries", "segments", "removed"]);
        for l in &self.0.ledgers {
            t.row(vec![
                l.ledger.clone(),
                l.action.clone(),
                l.directory.clone(),
                l.entries.to_string(),
                l.segments.to_string(),
                l.removed.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}

pub fn cmd_ledger_migrate(ctx: &Ctx, args: LedgerMigrateArgs) -> Result<ExitCode, CliError> {
    let outcome = migrate(&ctx.ws, args.ledger.as_deref())?;
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
