use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::repair::{RepairOutcome, repair};
use crate::output::{Render, TableView, emit};

/// Truncate torn ledger tails (never acknowledged); report every other problem
///
/// A last ledger line without its newline that is not a complete, hash-valid
/// entry was never acknowledged, so removing it loses nothing that was
/// promised; repair says how many bytes it removed. A complete entry that
/// only lost its newline is kept and the newline added.
/// Anything else (a broken chain, a checksum mismatch, an invalid record) is
/// reported and left alone. Exits 1 while problems remain.
#[derive(Debug, Args)]
pub struct OpsRepairArgs {}

#[derive(Serialize)]
#[serde(transparent)]
struct View(RepairOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.persistent_api.repair.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "path", "result"]);
        for r in &self.0.repaired {
            t.row(vec![
                r.store.clone(),
                r.path.clone(),
                if r.bytes_added > 0 {
                    format!("{} ({} byte added)", r.action, r.bytes_added)
                } else {
                    format!("{} ({} bytes)", r.action, r.bytes_removed)
                },
            ]);
        }
        for p in &self.0.remaining {
            t.row(vec![String::new(), p.file.clone(), format!("left for a person: {p}")]);
        }
        t
    }
    fn text(&self) -> Option<String> {
        if self.0.repaired.is_empty() && self.0.remaining.is_empty() {
            Some("nothing to repair\n".into())
        } else {
            None
        }
    }
}

pub fn cmd_ops_repair(ctx: &Ctx, _args: OpsRepairArgs) -> Result<ExitCode, CliError> {
    let outcome = repair(&ctx.ws)?;
    let ok = outcome.remaining.is_empty();
    emit(&View(outcome), ctx.format)?;
    Ok(if ok { ExitCode::Success } else { ExitCode::Verdict })
}
