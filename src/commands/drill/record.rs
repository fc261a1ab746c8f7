use clap::Args;

use super::parse_time;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::record::{Given, Outcome, RecordOutcome, record};
use crate::output::{Render, TableView, emit};

/// Record a completed rollback drill of a schedule
///
/// One ledger entry (metadata_kind go-backend-rollback-drill-record) with
/// the first CAVRA's fields: drill_id, executed_at, actor, status (pass or
/// fail), fallback_verified, recovery_minutes and max_recovery_minutes. A
/// drill id is recorded once per schedule. A passing drill later than the
/// schedule's last drill moves last_drill_at (and next_due_at). The
/// schedule then shows latest_drill_id and drill_history_status (ready
/// within 90 days of a passing, fallback-verified drill on target).
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The schedule drilled
    pub schedule_id: String,
    /// The drill's id
    #[arg(long, value_name = "ID")]
    pub drill_id: String,
    #[arg(long, value_enum)]
    pub outcome: Outcome,
    /// The fallback was verified restored
    #[arg(long)]
    pub fallback_verified: bool,
    /// Minutes the rollback took
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub minutes: u32,
    /// Minutes the rollback may take
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub target_minutes: u32,
    /// When the drill ran [default: now]; never in the future
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub executed_at: Option<String>,
    /// Who ran it
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(RecordOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.record.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("serializes"))
    }
}

pub fn cmd_drill_record(ctx: &Ctx, args: RecordArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let given = Given {
        drill_id: args.drill_id,
        outcome: args.outcome,
        fallback_verified: args.fallback_verified,
        minutes: args.minutes,
        target_minutes: args.target_minutes,
        executed_at: args.executed_at,
        actor: args.by,
    };
    let out = record(&ctx.ws, &args.schedule_id, &given, &now)?;
    ctx.shell.status(&format!(
        "Recorded drill {} of {} ({})",
        out.drill.drill_id, args.schedule_id, out.drill.status
    ));
    emit(&View(out), ctx.format)?;
    Ok(ExitCode::Success)
}
