use clap::{Args, Subcommand};
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::hold::{HoldOutcome, set_or_lift};
use crate::output::{Render, TableView, emit};

/// Set or lift the workspace's legal hold, recorded in the evidence ledger
///
/// `set` writes `.cavra/legal-hold` (the reason, who, when); `lift` removes
/// it. Each appends an entry to the evidence metadata ledger
/// (`legal-hold-set` or `legal-hold-lift`: reason, by, created_at). Commit
/// the result on its own: a hold holds while the working tree, HEAD or the
/// base revision has it, so a prune, or a commit or `validate --base` that
/// removes ledger segments, fails until the lifting commit is in.
///
/// JSON: `action`, `file`, `reason`, `by`, `at`, `recorded_seq`.
#[derive(Debug, Args)]
pub struct OpsHoldArgs {
    #[command(subcommand)]
    pub command: HoldCommand,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// Place the legal hold (replaces the marker's text)
    Set(HoldReason),
    /// Lift the legal hold (exit 3 when none is in place)
    Lift(HoldReason),
}

#[derive(Debug, Args)]
pub struct HoldReason {
    /// Why (who asked, until when); recorded in the evidence ledger
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(HoldOutcome);

impl Render for View {
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["action", "file", "reason", "by", "at", "recorded_seq"]);
        let o = &self.0;
        t.row(vec![
            o.action.clone(),
            o.file.clone(),
            o.reason.clone(),
            o.by.clone(),
            o.at.clone(),
            o.recorded_seq.to_string(),
        ]);
        t
    }
}

pub fn cmd_ops_hold(ctx: &Ctx, args: OpsHoldArgs) -> Result<ExitCode, CliError> {
    let (lift, reason) = match args.command {
        HoldCommand::Set(r) => (false, r.reason),
        HoldCommand::Lift(r) => (true, r.reason),
    };
    let outcome = set_or_lift(&ctx.ws, lift, &reason, crate::clock::now()?)?;
    ctx.shell.status(&format!(
        "Legal hold {}; commit it on its own: git add -A .cavra && git commit",
        if lift { "lifted" } else { "set" }
    ));
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
