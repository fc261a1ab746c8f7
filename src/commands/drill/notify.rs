use clap::Args;

use super::{SendArgs, WindowArgs};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::notify::{NotifyOutcome, notify};
use crate::output::{Render, TableView, emit};

/// Plan and send drill notifications for schedules that are due soon or need attention
///
/// One plan per schedule that needs one (--force: every schedule), its
/// plan_id derived from the schedule, due date and status; alert_level
/// critical for needs_attention, warning for due_soon, else healthy. The
/// selected providers are the schedule's acknowledgement-required providers
/// with a configured connector (--provider: only those named);
/// maintenance windows and calendar gaps of the
/// routing policy suppress some (with the reason); the rest are delivered
/// (connector_delivery_source go_backend_rollback_drill_notification).
///
/// Exits 1 when a delivery failed.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Only this schedule
    #[arg(long, value_name = "ID")]
    pub schedule_id: Option<String>,
    /// Only these providers (repeat or separate with commas; each needs a configured connector)
    #[arg(long, value_name = "PROVIDER,…", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Notify on_track schedules too
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub windows: WindowArgs,
    #[command(flatten)]
    pub send: SendArgs,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(NotifyOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.notify.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "plan_id",
            "schedule_id",
            "status",
            "alert_level",
            "deliverable",
            "suppressed",
            "success",
            "failed",
        ]);
        for n in &self.0.items {
            t.row(vec![
                n.plan_id.clone(),
                n.schedule_id.clone(),
                n.status.as_str().into(),
                n.alert_level.as_str().into(),
                n.deliverable_providers.join(","),
                n.suppressed
                    .iter()
                    .map(|s| format!("{} ({}: {})", s.provider, s.suppressed_by, s.reason))
                    .collect::<Vec<_>>()
                    .join("; "),
                n.delivery_success.map(|b| b.to_string()).unwrap_or_default(),
                n.failed_providers.join(","),
            ]);
        }
        t
    }
}

pub fn cmd_drill_notify(ctx: &Ctx, args: NotifyArgs) -> Result<ExitCode, CliError> {
    let opts = args.send.options()?;
    let out = notify(
        &ctx.ws,
        args.schedule_id.as_deref(),
        &args.provider,
        args.force,
        args.windows.windows(),
        &opts,
    )?;
    let failed = out.items.iter().any(|n| n.delivery_success == Some(false));
    ctx.shell.status(&format!("{} notification plan(s)", out.total));
    emit(&View(out), ctx.format)?;
    Ok(if failed { ExitCode::Verdict } else { ExitCode::Success })
}
