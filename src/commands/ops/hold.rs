use clap::{Args, Subcommand};
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::hold::{HoldOutcome, set_or_lift};
use crate::output::{Render, TableView, emit};

/// Set or lift a legal hold (the workspace's, or a tenant's), recorded in the evidence ledger
///
/// `set` writes `.cavra/legal-hold` (the reason, who, when); `lift` removes
/// it. With `--tenant ID`, the AISPM tenant's own hold (`legal_hold` in the
/// tenant registry) is set or lifted instead. Each appends an entry to the evidence metadata ledger
/// (`legal-hold-set` or `legal-hold-lift`: reason, by, created_at). Commit
/// the result on its own: a hold holds while the working tree, HEAD or the
/// base revision has it, so a prune, or a commit or `validate --base` that
/// removes ledger segments, fails until the lifting commit is in.
///
/// JSON: `action`, `tenant` (with `--tenant`), `file`, `reason`, `by`, `at`,
/// `recorded_seq`.
#[derive(Debug, Args)]
pub struct OpsHoldArgs {
    #[command(subcommand)]
    pub command: HoldCommand,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// Place the legal hold (replaces the marker's text)
    Set(HoldReason),
    /// Lift the legal hold (exit 3 when it is not in place)
    Lift(HoldReason),
}

#[derive(Debug, Args)]
pub struct HoldReason {
    /// Why (who asked, until when); recorded in the evidence ledger
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The AISPM tenant whose own hold this is (default: the workspace's)
    #[arg(long, value_name = "ID")]
    pub tenant: Option<String>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(HoldOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.persistent_api.hold.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["action", "tenant", "file", "reason", "by", "at", "recorded_seq"]);
        let o = &self.0;
        t.row(vec![
            o.action.clone(),
            o.tenant.clone().unwrap_or_else(|| "-".into()),
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
    let (lift, args) = match args.command {
        HoldCommand::Set(r) => (false, r),
        HoldCommand::Lift(r) => (true, r),
    };
    let outcome = set_or_lift(
        &ctx.ws,
        args.tenant.as_deref(),
        lift,
        &args.reason,
        crate::clock::now()?,
    )?;
    ctx.shell.status(&format!(
        "Legal hold {}; commit it on its own: git add -A .cavra && git commit",
        if lift { "lifted" } else { "set" }
    ));
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
