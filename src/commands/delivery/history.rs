use clap::Args;

use super::{FilterArgs, LedgerArgs, PageArgs, SuccessArgs, WindowArgs};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};

/// List deliveries of every kind, newest first
///
/// Reads the whole evidence metadata ledger (refusing one whose chain
/// `cavra validate` reports broken) and lists the ledger entries that
/// record a delivery. Filters match exactly; a list flag takes any of its
/// values. A delivery to several providers matches --provider by each
/// provider's own outcome. JSON is {items, total}: total counts every
/// match, whatever --limit shows.
#[derive(Debug, Args)]
pub struct DeliveryHistoryArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub success: SuccessArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub ledger: LedgerArgs,
}

pub fn cmd_delivery_history(ctx: &Ctx, args: DeliveryHistoryArgs) -> Result<ExitCode, CliError> {
    let mut filter = args.filter.filter();
    filter.success = args.success.wanted();
    super::show_history(ctx, filter, &args.window, &args.page, &args.ledger)
}
