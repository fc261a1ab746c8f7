use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::ledger::{VerifyOutcome, verify};
use crate::output::{Render, TableView, emit};

/// Check a ledger's git history: every commit extends the one before
///
/// Walks HEAD's first-parent history (every commit reachable from HEAD with
/// --all-history) and compares each commit's ledger with its parent's: every
/// line the parent committed is still there byte for byte, sealed segments
/// never change, no segment is deleted. Only segments whose blob changed are
/// read. Each problem names the file, the line and the commit. Exits 1 when
/// any is found.
#[derive(Debug, Args)]
pub struct LedgerVerifyArgs {
    /// The ledger to verify [default: every ledger]
    #[arg(value_name = "LEDGER")]
    pub ledger: Option<String>,
    /// Walk every commit reachable from HEAD, not only the first-parent line
    #[arg(long)]
    pub all_history: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(VerifyOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.ledger.verify.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["file", "line", "problem"]);
        for p in &self.0.problems {
            t.row(vec![
                p.file.clone(),
                p.line.map(|l| l.to_string()).unwrap_or_default(),
                p.message.clone(),
            ]);
        }
        t
    }

    fn text(&self) -> Option<String> {
        let mut s: String = self.0.problems.iter().map(|p| format!("{p}\n")).collect();
        for l in &self.0.ledgers {
            s.push_str(&format!(
                "{}: {} commits checked, {} problems\n",
                l.ledger, l.commits, l.problems
            ));
        }
        Some(s)
    }
}

pub fn cmd_ledger_verify(ctx: &Ctx, args: LedgerVerifyArgs) -> Result<ExitCode, CliError> {
    let outcome = verify(&ctx.ws, args.ledger.as_deref(), args.all_history)?;
    let ok = outcome.ok;
    emit(&View(outcome), ctx.format)?;
    Ok(if ok { ExitCode::Success } else { ExitCode::Verdict })
}
