use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::AlertLevel;
use crate::ops::drill::notify::{EscalationPlan, escalate};
use crate::output::{Render, TableView, emit};

/// Plan escalations of drill notification routes left unacknowledged
///
/// For each schedule's latest notification: a route unacknowledged past its
/// SLO (the routing policy's acknowledgement_minutes, default 60) is
/// breached (critical, recommended_action escalate_missed_drill_notification,
/// to the escalation owner); one within it is a warning; with nothing
/// outstanding, healthy. The plan is recorded in the ledger.
#[derive(Debug, Args)]
pub struct EscalateArgs {
    #[arg(long, value_name = "ID")]
    pub schedule_id: Option<String>,
    /// Show the plan without recording it
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub gate: crate::commands::delivery::GateArgs,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(EscalationPlan);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.escalate.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "schedule_id",
            "provider",
            "state",
            "slo_minutes",
            "minutes",
            "alert_level",
            "escalate_to",
            "action",
        ]);
        for r in &self.0.routes {
            t.row(vec![
                r.schedule_id.clone(),
                r.provider.clone(),
                r.acknowledgement_state.clone(),
                r.acknowledgement_minutes.to_string(),
                r.minutes_since_notification.to_string(),
                r.alert_level.as_str().into(),
                r.escalation_owner.clone().unwrap_or_default(),
                r.recommended_action.unwrap_or_default().into(),
            ]);
        }
        t
    }
}

pub fn cmd_drill_escalate(ctx: &Ctx, args: EscalateArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let plan = escalate(&ctx.ws, args.schedule_id.as_deref(), &now, args.dry_run)?;
    ctx.shell.status(&format!(
        "Escalation plan {}: {} ({} breached, {} warning)",
        plan.escalation_id,
        plan.alert_level.as_str(),
        plan.breached_count,
        plan.warning_count
    ));
    let level = plan.alert_level;
    emit(&View(plan), ctx.format)?;
    let core = match level {
        AlertLevel::Healthy => crate::ops::history::dashboard::Level::None,
        AlertLevel::Warning => crate::ops::history::dashboard::Level::Warning,
        AlertLevel::Critical => crate::ops::history::dashboard::Level::Critical,
    };
    let failing = crate::ops::history::dashboard::fails(core, args.gate.fail_on.map(|f| f.level()));
    Ok(if failing { ExitCode::Verdict } else { ExitCode::Success })
}
