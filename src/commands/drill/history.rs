use clap::Args;

use crate::commands::Ctx;
use crate::commands::delivery::render::HistoryView;
use crate::commands::delivery::{PageArgs, WindowArgs};
use crate::error::{CliError, ExitCode};
use crate::ops::drill::AlertLevel;
use crate::ops::drill::audit::AckState;
use crate::ops::drill::delivery::Cadence;
use crate::ops::drill::views::{DrillFilter, history, load};
use crate::output::emit;

/// The drill entries of the evidence ledger, newest first, filtered
///
/// A named view of `cavra delivery history`: schedules' changes,
/// notification plans, acknowledgements, audit packages, audit delivery
/// plans, escalation plans and the drill deliveries. Filters match exactly
/// and combine; a filter with several values passes any of them (repeat the
/// flag or separate with commas). --provider matches a delivery's providers,
/// a plan's selected providers and a package's route providers;
/// --delivery-id matches a delivery id, event id or session id. JSON is
/// {items, total} (total counts every match, before --limit/--offset).
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only these schedules
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub schedule_id: Vec<String>,
    /// Only entries about these providers (deliveries by their own outcome)
    #[arg(long, value_name = "PROVIDER,…", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Only entries of these kinds
    #[arg(long, value_name = "KIND,…", value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::ops::drill::ACCEPTED_KINDS))]
    pub metadata_kind: Vec<String>,
    /// Only acknowledgements in these states
    #[arg(long, value_enum, value_name = "STATE,…", value_delimiter = ',')]
    pub acknowledgement_state: Vec<AckState>,
    /// Only deliveries from these sources
    #[arg(long, value_name = "SOURCE,…", value_delimiter = ',', value_parser = [
        crate::ops::drill::NOTIFICATION_SOURCE.connector_delivery_source,
        crate::ops::drill::AUDIT_SOURCE.connector_delivery_source,
    ])]
    pub connector_delivery_source: Vec<String>,
    /// Only deliveries with this outcome (with --provider: that provider's own)
    #[arg(long, value_name = "BOOL")]
    pub delivery_success: Option<bool>,
    /// Only entries at these alert levels
    #[arg(long, value_enum, value_name = "LEVEL,…", value_delimiter = ',')]
    pub alert_level: Vec<AlertLevel>,
    /// Only entries about these audit packages
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub audit_id: Vec<String>,
    /// Only entries with this delivery id, event id or session id
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub delivery_id: Vec<String>,
    /// Only audit delivery plans and deliveries of these cadences
    #[arg(long, value_enum, value_name = "CADENCE,…", value_delimiter = ',')]
    pub cadence: Vec<Cadence>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub page: PageArgs,
}

pub fn cmd_drill_history(ctx: &Ctx, args: HistoryArgs) -> Result<ExitCode, CliError> {
    let mut f = DrillFilter {
        delivery_id: args.delivery_id,
        ..DrillFilter::default()
    };
    f.core.providers = args.provider;
    f.core.metadata_kinds = args.metadata_kind;
    f.core.connector_delivery_sources = args.connector_delivery_source;
    f.core.success = args.delivery_success;
    args.window.apply(&mut f.core)?;
    f.field("schedule_id", args.schedule_id);
    f.field(
        "acknowledgement_state",
        args.acknowledgement_state
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
    );
    f.field(
        "alert_level",
        args.alert_level.iter().map(|s| s.as_str().to_string()).collect(),
    );
    f.field("audit_id", args.audit_id);
    f.field("cadence", args.cadence.iter().map(|s| s.as_str().to_string()).collect());
    let mut drill = load(&ctx.ws)?;
    let page = history(&mut drill, &f, args.page.limit, args.page.offset);
    emit(&HistoryView(page), ctx.format)?;
    crate::commands::delivery::end_of(drill);
    Ok(ExitCode::Success)
}
