use clap::Args;

use super::WindowArgs;
use crate::commands::Ctx;
use crate::commands::delivery::GateArgs;
use crate::commands::delivery::render::emit_dashboard;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::views::{dashboard_of, load};

/// Drill delivery health: audit deliveries per provider, notifications, acknowledgements, schedules
///
/// A named view of `cavra delivery dashboard` over the drill deliveries,
/// with the drill's figures: acknowledgement_audit_package_count,
/// acknowledgement_audit_delivery_plan_count,
/// acknowledgement_audit_delivery_count (a delivery to two providers is two,
/// each by its own outcome), failed_…, …_success_count, …_success_rate (null
/// when nothing was sent), acknowledgement_audit_delivery_providers,
/// acknowledgement_audit_delivery_health (critical when an audit delivery
/// failed and no retry recovered it), notification counts, suppressed and
/// breached routes, route_count and outstanding_route_count (a route is a
/// schedule, owner and provider a plan selected; only acknowledged or
/// resolved closes it), suppression_event_count and category_counts of the
/// routing history, schedules by status, and each schedule's drill history
/// (latest_drill_id, ready or stale). alert_level is critical when a
/// delivery failed unrecovered or a route is open or past its SLO.
/// Built from ledger metadata alone (no credential, URL or payload); the
/// whole ledger is read.
///
/// With --fail-on, exits 1 when the alert level is at or above it.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    #[command(flatten)]
    pub gate: GateArgs,
    /// Only entries at or after this time (RFC 3339, a date, or an age such as 7d)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    #[command(flatten)]
    pub windows: WindowArgs,
}

pub fn cmd_drill_dashboard(ctx: &Ctx, args: DashboardArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let mut f = crate::ops::history::Filter::default();
    crate::commands::delivery::WindowArgs {
        since: args.since,
        until: None,
    }
    .apply(&mut f)?;
    let drill = load(&ctx.ws)?;
    let d = dashboard_of(&ctx.ws, &drill, f.since, &now, args.windows.windows())?;
    let shown = emit_dashboard(ctx, "Rollback drill dashboard", &d, &args.gate);
    crate::commands::delivery::end_of(drill);
    shown
}
