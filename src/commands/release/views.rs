use clap::Args;

use crate::commands::Ctx;
use crate::commands::delivery::{
    EventFilterArgs, GateArgs, LedgerArgs, PageArgs, SuccessArgs, WindowArgs, show_dashboard, show_history,
};
use crate::error::{CliError, ExitCode};
use crate::ops::history::Filter;
use crate::ops::release::views::{LATEST_KEYS, RELEASE_RULES, publication_filter, release_filter};

/// List promotion-audit and rollback deliveries, newest first
///
/// A named view of `cavra delivery history` (metadata_kind
/// release-connector-delivery). Filters match exactly; a delivery to
/// several providers matches --provider by that provider's own outcome.
/// JSON is {items, total}; total counts every match, whatever --limit shows.
#[derive(Debug, Args)]
pub struct ConnectorDeliveryHistoryArgs {
    #[command(flatten)]
    pub event: EventFilterArgs,
    #[command(flatten)]
    pub success: SuccessArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_connector_delivery_history(ctx: &Ctx, args: ConnectorDeliveryHistoryArgs) -> Result<ExitCode, CliError> {
    let mut filter = args.event.narrow(release_filter());
    filter.success = args.success.wanted();
    show_history(ctx, filter, &args.window, &args.page, &args.ledger)
}

/// Promotion-audit and rollback delivery figures, as a CI gate
///
/// A named view of `cavra delivery dashboard` over every release connector
/// delivery (no cap): per provider, counted by its own outcome; event
/// types; alerts. A failed rollback delivery that no retry recovered is
/// critical, any other unrecovered failure a warning (the same rule as
/// `cavra delivery dashboard`); no delivery in the window a warning, but no
/// release delivery ever recorded is healthy (alert level none) with a note. success_rate is null when nothing was sent. With --fail-on,
/// exits 1 when the alert level is at or above it (0 below).
#[derive(Debug, Args)]
pub struct ConnectorDeliveryDashboardArgs {
    #[command(flatten)]
    pub event: EventFilterArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_connector_delivery_dashboard(ctx: &Ctx, args: ConnectorDeliveryDashboardArgs) -> Result<ExitCode, CliError> {
    show_dashboard(
        ctx,
        "Release connector delivery dashboard",
        args.event.narrow(release_filter()),
        (&args.window, &args.gate, &args.ledger),
        &RELEASE_RULES,
        None,
    )
}

/// List endpoint-management publications, newest first
///
/// A named view of `cavra delivery history` (metadata_kind
/// endpoint-management-publication-delivery). JSON is {items, total}.
#[derive(Debug, Args)]
pub struct EndpointPublicationHistoryArgs {
    /// Only publications to these providers (jamf, intune, linux)
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Only these exports (eme_…; exact)
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub export_id: Vec<String>,
    /// Only these channels (exact)
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    pub channel: Vec<String>,
    #[command(flatten)]
    pub success: SuccessArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_endpoint_publication_history(ctx: &Ctx, args: EndpointPublicationHistoryArgs) -> Result<ExitCode, CliError> {
    let filter = Filter {
        providers: args.provider,
        success: args.success.wanted(),
        ..publication_filter(&args.export_id, &args.channel)
    };
    show_history(ctx, filter, &args.window, &args.page, &args.ledger)
}

/// Endpoint publication figures with the latest publication per channel and provider
///
/// A named view of `cavra delivery dashboard` over every endpoint-management
/// publication (no cap), with `latest`: the newest publication per channel
/// and provider and whether it succeeded. An unrecovered failure is a
/// warning, and so is no publication in the window; a repository that never
/// published is healthy (alert level none) with a note. With --fail-on,
/// exits 1 when the alert level is at or above it.
#[derive(Debug, Args)]
pub struct EndpointPublicationDashboardArgs {
    /// Only publications to these providers (jamf, intune, linux)
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Only these channels (exact)
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    pub channel: Vec<String>,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_endpoint_publication_dashboard(
    ctx: &Ctx,
    args: EndpointPublicationDashboardArgs,
) -> Result<ExitCode, CliError> {
    let filter = Filter {
        providers: args.provider,
        ..publication_filter(&[], &args.channel)
    };
    show_dashboard(
        ctx,
        "Endpoint publication dashboard",
        filter,
        (&args.window, &args.gate, &args.ledger),
        &RELEASE_RULES,
        Some(LATEST_KEYS),
    )
}
