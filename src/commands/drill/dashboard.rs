use clap::Args;

use super::{WindowArgs, parse_time};
use crate::clock::Timestamp;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::AlertLevel;
use crate::ops::drill::views::{Dashboard, dashboard};
use crate::output::{Render, TableView, emit, markdown_table};

/// Drill delivery health: audit package deliveries per provider, notifications, acknowledgements, schedules
///
/// Counted per provider by its own outcome (a delivery to two providers is
/// two deliveries); a failed delivery is recovered when a later delivery of
/// the same event to that provider succeeded. alert_level is critical when a
/// delivery failed unrecovered, a route is unacknowledged or past its SLO.
/// Built from ledger metadata alone (no credential, URL or payload). The
/// whole ledger is read; --since looks at a window.
///
/// Exits 1 with --fail-on LEVEL when alert_level is at or above LEVEL.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// Exit 1 when the alert level is at or above this
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<AlertLevel>,
    /// Only records created at or after this time
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<String>,
    #[command(flatten)]
    pub windows: WindowArgs,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(Dashboard);

impl View {
    fn figures(&self) -> TableView {
        let v = serde_json::to_value(&self.0).expect("serializes");
        let mut t = TableView::new(&["figure", "value"]);
        for (k, val) in v.as_object().into_iter().flatten() {
            if k != "acknowledgement_audit_delivery_providers" && k != "alerts" {
                t.row(vec![k.clone(), crate::output::cell(val)]);
            }
        }
        t
    }
    fn providers(&self) -> TableView {
        let mut t = TableView::new(&[
            "provider",
            "total",
            "success",
            "failed",
            "recovered",
            "attempts",
            "last_delivery_at",
        ]);
        for p in &self.0.acknowledgement_audit_delivery_providers {
            t.row(vec![
                p.provider.clone(),
                p.total.to_string(),
                p.success.to_string(),
                p.failed.to_string(),
                p.recovered.to_string(),
                p.attempt_count.to_string(),
                p.last_delivery_at.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}

impl Render for View {
    fn table(&self) -> TableView {
        self.figures()
    }
    fn text(&self) -> Option<String> {
        let mut s = crate::output::plain_table(&self.figures());
        s.push('\n');
        s.push_str(&crate::output::plain_table(&self.providers()));
        for a in &self.0.alerts {
            s.push_str(&format!("alert: {a}\n"));
        }
        Some(s)
    }
    fn markdown(&self) -> Option<String> {
        let mut s = format!("## Rollback drill delivery health: {}\n\n", self.0.alert_level.as_str());
        s.push_str(&markdown_table(&self.figures()));
        s.push_str("\n### Audit deliveries per provider\n\n");
        s.push_str(&markdown_table(&self.providers()));
        if !self.0.alerts.is_empty() {
            s.push_str("\n### Alerts\n\n");
            for a in &self.0.alerts {
                s.push_str(&format!("- {a}\n"));
            }
        }
        Some(s)
    }
}

pub fn cmd_drill_dashboard(ctx: &Ctx, args: DashboardArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let since = args.since.as_deref().and_then(Timestamp::parse);
    let d = dashboard(&ctx.ws, since, &now, args.windows.windows())?;
    let level = d.alert_level;
    emit(&View(d), ctx.format)?;
    Ok(super::verdict(level, args.fail_on))
}
