use clap::Args;

use crate::commands::Ctx;
use crate::commands::delivery::{PageArgs, WindowArgs};
use crate::error::{CliError, ExitCode};
use crate::ops::drill::routing_history::{Category, Query, RoutingHistory, decisions, query};
use crate::ops::drill::views::load;
use crate::output::{Render, TableView, emit};

/// Route decisions: delivered, suppressed by a maintenance window or an owner's calendar, escalated
///
/// Read from the notification and escalation plans of the evidence metadata
/// ledger, newest first: each with schedule_id, owner, provider, category,
/// window_id (a maintenance window's id; an owner calendar gap's rule id),
/// the rule's reason and the plan that decided. Filters match exactly and
/// combine; a filter with several values passes any of them (repeat the flag
/// or separate with commas). JSON is {items, total, suppression_event_count,
/// category_counts, trend} (the counts and the per-day trend are of every
/// match, before --limit/--offset).
#[derive(Debug, Args)]
pub struct RoutingHistoryArgs {
    /// Only these owners
    #[arg(long, value_name = "OWNER,…", value_delimiter = ',')]
    pub owner: Vec<String>,
    /// Only these categories
    #[arg(long, value_enum, value_name = "CATEGORY,…", value_delimiter = ',')]
    pub category: Vec<Category>,
    /// Only decisions of these maintenance windows (or calendar gap rules)
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub window_id: Vec<String>,
    /// Only these schedules
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub schedule_id: Vec<String>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub page: PageArgs,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(RoutingHistory);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.routing_history.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "created_at",
            "category",
            "schedule_id",
            "owner",
            "provider",
            "window_id",
            "reason",
        ]);
        for d in &self.0.items {
            t.row(vec![
                d.created_at.clone(),
                d.category.as_str().into(),
                d.schedule_id.clone(),
                d.owner.clone(),
                d.provider.clone(),
                d.window_id.clone().unwrap_or_default(),
                d.reason.clone().unwrap_or_default(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0.items)
    }
}

pub fn cmd_drill_routing_history(ctx: &Ctx, args: RoutingHistoryArgs) -> Result<ExitCode, CliError> {
    let mut window = crate::ops::history::Filter::default();
    args.window.apply(&mut window)?;
    let q = Query {
        owners: args.owner,
        categories: args.category,
        window_ids: args.window_id,
        schedule_ids: args.schedule_id,
        since: window.since,
        until: window.until,
    };
    let drill = load(&ctx.ws)?;
    let out = query(decisions(drill.items.iter()), &q, args.page.limit, args.page.offset);
    emit(&View(out), ctx.format)?;
    Ok(ExitCode::Success)
}
