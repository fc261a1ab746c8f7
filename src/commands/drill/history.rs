use clap::Args;

use super::parse_time;
use crate::clock::Timestamp;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::AlertLevel;
use crate::ops::drill::audit::{AckState, Cadence};
use crate::ops::drill::views::{Filter, History, history};
use crate::output::{Render, TableView, cell, emit};

/// The drill records of the evidence ledger, newest first, filtered
///
/// Filters match exactly and combine; a filter with several values passes
/// any of them (repeat the flag or separate with commas). --provider matches
/// a delivery's providers, a plan's selected providers and a package's route
/// providers; --delivery-id matches a delivery id, event id or session id.
/// JSON is {items, total} (total counts every match, before --limit/--offset).
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub schedule_id: Vec<String>,
    #[arg(long, value_name = "PROVIDER", value_delimiter = ',')]
    pub provider: Vec<String>,
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::ops::drill::KINDS))]
    pub metadata_kind: Vec<String>,
    #[arg(long, value_enum, value_delimiter = ',')]
    pub acknowledgement_state: Vec<AckState>,
    #[arg(long, value_name = "SOURCE", value_delimiter = ',', value_parser = ["go_backend_rollback_drill_notification", "go_backend_rollback_drill_acknowledgement_audit"])]
    pub connector_delivery_source: Vec<String>,
    #[arg(long, value_name = "BOOL")]
    pub delivery_success: Option<bool>,
    #[arg(long, value_enum, value_delimiter = ',')]
    pub alert_level: Vec<AlertLevel>,
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub audit_id: Vec<String>,
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub delivery_id: Vec<String>,
    #[arg(long, value_enum, value_delimiter = ',')]
    pub cadence: Vec<Cadence>,
    /// Only records created at or after this time
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<String>,
    /// Only records created before this time
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub until: Option<String>,
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(History);

impl Render for View {
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "created_at",
            "metadata_kind",
            "schedule_id",
            "id",
            "providers",
            "alert_level",
            "success",
        ]);
        for r in &self.0.items {
            let id = [
                "delivery_id",
                "audit_id",
                "plan_id",
                "acknowledgement_id",
                "escalation_id",
                "event_id",
            ]
            .iter()
            .find_map(|k| r.get(*k).and_then(|v| v.as_str()))
            .unwrap_or_default();
            let providers = ["providers", "selected_providers", "route_providers"]
                .iter()
                .find_map(|k| r.get(*k))
                .map(cell)
                .or_else(|| r.get("provider").map(cell))
                .unwrap_or_default();
            let f = |k: &str| r.get(k).map(cell).unwrap_or_default();
            t.row(vec![
                f("created_at"),
                f("metadata_kind"),
                f("schedule_id"),
                id.into(),
                providers,
                f("alert_level"),
                f("delivery_success"),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        self.0.items.clone()
    }
}

pub fn cmd_drill_history(ctx: &Ctx, args: HistoryArgs) -> Result<ExitCode, CliError> {
    let filter = Filter {
        schedule_id: args.schedule_id,
        provider: args.provider,
        metadata_kind: args.metadata_kind,
        acknowledgement_state: args
            .acknowledgement_state
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        connector_delivery_source: args.connector_delivery_source,
        delivery_success: args.delivery_success,
        alert_level: args.alert_level.iter().map(|s| s.as_str().to_string()).collect(),
        audit_id: args.audit_id,
        delivery_id: args.delivery_id,
        cadence: args.cadence.iter().map(|s| s.as_str().to_string()).collect(),
        since: args.since.as_deref().and_then(Timestamp::parse),
        until: args.until.as_deref().and_then(Timestamp::parse),
    };
    let out = history(&ctx.ws, &filter, args.limit, args.offset)?;
    emit(&View(out), ctx.format)?;
    Ok(ExitCode::Success)
}
