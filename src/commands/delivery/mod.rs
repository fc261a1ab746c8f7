//! `cavra delivery …`: the one delivery history and dashboard over the
//! evidence metadata ledger, and the retry of failed deliveries. The
//! argument groups and views here are shared by the named views of other
//! commands (`cavra release connector-delivery-history`, drills).

pub mod dashboard;
pub mod history;
pub mod render;
pub mod retry;

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::history::dashboard::{AlertRules, DashboardFold, LatestFold, Level};
use crate::ops::history::{Filter, History, PageFold};
use crate::output::emit;
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};

/// Delivery history, dashboards and retries over the evidence metadata ledger
#[derive(Debug, Subcommand)]
pub enum DeliveryCommand {
    History(history::DeliveryHistoryArgs),
    Dashboard(dashboard::DeliveryDashboardArgs),
    Retry(retry::DeliveryRetryArgs),
}

pub fn run(ctx: &Ctx, cmd: DeliveryCommand) -> Result<ExitCode, CliError> {
    match cmd {
        DeliveryCommand::History(args) => history::cmd_delivery_history(ctx, args),
        DeliveryCommand::Dashboard(args) => dashboard::cmd_delivery_dashboard(ctx, args),
        DeliveryCommand::Retry(args) => retry::cmd_delivery_retry(ctx, args),
    }
}

/// The ledger a history reads.
#[derive(Debug, Args, Clone, Default)]
pub struct LedgerArgs {
    /// Evidence metadata ledger [default: .cavra/evidence/metadata/]
    #[arg(long, value_name = "PATH")]
    pub metadata_json: Option<PathBuf>,
}

impl LedgerArgs {
    pub fn location(&self, ctx: &Ctx) -> StoreLocation {
        ledger_location(ctx, self.metadata_json.as_deref())
    }
}

/// The evidence metadata ledger: `--metadata-json` or the workspace's.
pub fn ledger_location(ctx: &Ctx, path: Option<&Path>) -> StoreLocation {
    match path {
        Some(p) => StoreLocation::at(&EVIDENCE_METADATA, p.to_path_buf(), "--metadata-json"),
        None => ctx.ws.locate(&EVIDENCE_METADATA),
    }
}

/// Reads the history once.
pub fn load(ctx: &Ctx, ledger: &LedgerArgs) -> Result<History, CliError> {
    Ok(History::load(&ledger.location(ctx))?)
}

/// The time window every view takes.
#[derive(Debug, Args, Clone, Default)]
pub struct WindowArgs {
    /// Only deliveries at or after this time (RFC 3339, a date, or an age such as 24h or 7d)
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only deliveries at or before this time (RFC 3339, a date, or an age such as 24h)
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
}

impl WindowArgs {
    /// Sets the window of `filter` (ages count back from the clock, CAVRA_NOW when set).
    pub fn apply(&self, filter: &mut Filter) -> Result<(), CliError> {
        filter.since = self.since.as_deref().map(|t| parse_time("--since", t)).transpose()?;
        filter.until = self.until.as_deref().map(|t| parse_time("--until", t)).transpose()?;
        filter.check()?;
        Ok(())
    }
}

/// `TIME` of `--since`/`--until`: RFC 3339, `YYYY-MM-DD` (midnight UTC), or
/// an age `N` + `s|m|h|d` before now. Unix nanoseconds.
fn parse_time(flag: &str, text: &str) -> Result<i128, CliError> {
    if let Some(t) = crate::ops::history::instant(text) {
        return Ok(t);
    }
    if let Some(t) = crate::ops::history::instant(&format!("{text}T00:00:00Z")) {
        return Ok(t);
    }
    let unit = text.chars().last().and_then(|c| match c {
        's' => Some(1i128),
        'm' => Some(60),
        'h' => Some(3600),
        'd' => Some(86_400),
        _ => None,
    });
    if let (Some(unit), Ok(n)) = (unit, text[..text.len().saturating_sub(1)].parse::<u32>()) {
        let now = crate::clock::now()?.unix() as i128;
        return Ok((now - i128::from(n) * unit) * 1_000_000_000);
    }
    Err(
        CliError::usage(format!("{flag} {}: not a time", crate::secrets::excerpt(text)))
            .hint("give an RFC 3339 time (2026-01-01T00:00:00Z), a date (2026-01-01) or an age (24h, 7d)"),
    )
}

/// The event filters of every history view.
#[derive(Debug, Args, Clone, Default)]
pub struct EventFilterArgs {
    /// Only deliveries to these providers (each counted by its own outcome)
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Only these event types (exact)
    #[arg(long, value_name = "TYPE,…", value_delimiter = ',')]
    pub event_type: Vec<String>,
    /// Only these event ids (exact, never a substring)
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub event_id: Vec<String>,
}

impl EventFilterArgs {
    /// `base` (a named view's filter) narrowed by these flags.
    pub fn narrow(&self, base: Filter) -> Filter {
        Filter {
            providers: self.provider.clone(),
            event_types: self.event_type.clone(),
            event_ids: self.event_id.clone(),
            ..base
        }
    }
}

/// The filters of `cavra delivery history` and `dashboard`: the event
/// filters and the kind of delivery.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    #[command(flatten)]
    pub event: EventFilterArgs,
    /// Only ledger entries of these kinds (release-connector-delivery, …)
    #[arg(long, value_name = "KIND,…", value_delimiter = ',')]
    pub metadata_kind: Vec<String>,
    /// Only deliveries from these sources (cli_integration_deliver, release_governance_rollback, …)
    #[arg(long, value_name = "SOURCE,…", value_delimiter = ',')]
    pub source: Vec<String>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        self.event.narrow(Filter {
            metadata_kinds: self.metadata_kind.clone(),
            connector_delivery_sources: self.source.clone(),
            ..Filter::default()
        })
    }
}

/// Prints the page of `filter` (in `window`) that `page` asks for: every
/// history view ends here. The ledger streams by once; only the page is
/// kept (every match when there is no `--limit`).
pub fn show_history(
    ctx: &Ctx,
    mut filter: Filter,
    window: &WindowArgs,
    page: &PageArgs,
    ledger: &LedgerArgs,
) -> Result<ExitCode, CliError> {
    window.apply(&mut filter)?;
    let mut fold = PageFold::new(&filter, page.limit, page.offset);
    History::stream(&ledger.location(ctx), &mut |item| fold.push(item))?;
    let (kept, total) = fold.finish();
    let mut shown = kept.page(&filter, page.limit, page.offset);
    shown.total = total;
    emit(&render::HistoryView(shown), ctx.format)?;
    end_of(kept);
    Ok(ExitCode::Success)
}

/// Prints the dashboard of `filter` (in `window`) under `rules`, with the
/// newest delivery per value of `latest` when given (a view's `latest`
/// figure), and judges the gate: every dashboard view ends here. The
/// ledger streams by once; only the figures are kept.
pub fn show_dashboard(
    ctx: &Ctx,
    title: &str,
    mut filter: Filter,
    args: (&WindowArgs, &GateArgs, &LedgerArgs),
    rules: &AlertRules,
    latest: Option<&[&str]>,
) -> Result<ExitCode, CliError> {
    let (window, gate, ledger) = args;
    window.apply(&mut filter)?;
    let mut fold = DashboardFold::new(&filter, rules);
    let mut newest = latest.map(|keys| LatestFold::new(&filter, keys));
    History::stream(&ledger.location(ctx), &mut |item| {
        fold.push(&item);
        if let Some(n) = &mut newest {
            n.push(&item);
        }
    })?;
    let mut d = fold.finish();
    if let Some(n) = newest {
        d.extra.insert("latest".into(), serde_json::Value::Array(n.finish()));
    }
    render::emit_dashboard(ctx, title, &d, gate)
}

/// Lets a history go without freeing it item by item: the command ends
/// next and the process with it (tens of milliseconds for 100,000 items).
pub fn end_of(history: History) {
    std::mem::forget(history);
}

/// `--success` / `--no-success`.
#[derive(Debug, Args, Clone, Default)]
pub struct SuccessArgs {
    /// Only successful deliveries
    #[arg(long, conflicts_with = "no_success")]
    pub success: bool,
    /// Only failed deliveries
    #[arg(long)]
    pub no_success: bool,
}

impl SuccessArgs {
    pub fn wanted(&self) -> Option<bool> {
        match (self.success, self.no_success) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// `--limit` / `--offset`.
#[derive(Debug, Args, Clone, Default)]
pub struct PageArgs {
    /// Show at most N deliveries (the JSON `total` still counts all) [default: all]
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the N newest matching deliveries
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
}

/// `--fail-on`: the level at which a dashboard exits 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 on a warning or a critical alert
    Warning,
    /// Exit 1 on a critical alert only
    Critical,
}

impl FailOn {
    pub fn level(self) -> Level {
        match self {
            FailOn::Warning => Level::Warning,
            FailOn::Critical => Level::Critical,
        }
    }
}

/// The gate of every dashboard.
#[derive(Debug, Args, Clone, Default)]
pub struct GateArgs {
    /// Exit 1 when the alert level is at or above this one (a CI gate); without it a dashboard exits 0
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}
