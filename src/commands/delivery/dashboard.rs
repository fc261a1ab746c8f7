use clap::Args;

use super::{FilterArgs, GateArgs, LedgerArgs, WindowArgs};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::history::dashboard::DEFAULT_RULES;

/// Delivery figures per provider and the alerts, as a CI gate
///
/// Counts every matching delivery of the evidence metadata ledger (no cap,
/// no sampling): a delivery to two providers is two deliveries, each by its
/// own outcome. A failure a later `cavra delivery retry` recovered is
/// counted as recovered and raises no alert. Every other failure is a
/// warning, except a failed rollback, which is critical (as in every
/// release dashboard). No delivery in the window is a warning; a ledger
/// with no delivery at all is healthy (alert level none) with a note.
/// success_rate is null when nothing was sent. With --fail-on, exits 1 when the alert level is at or above it.
#[derive(Debug, Args)]
pub struct DeliveryDashboardArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub gate: GateArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_delivery_dashboard(ctx: &Ctx, args: DeliveryDashboardArgs) -> Result<ExitCode, CliError> {
    super::show_dashboard(
        ctx,
        "Delivery dashboard",
        args.filter.filter(),
        (&args.window, &args.gate, &args.ledger),
        &DEFAULT_RULES,
        None,
    )
}
