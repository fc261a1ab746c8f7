use clap::Args;
use serde::Serialize;

use super::TenantScope;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::health::{HealthOutcome, health};
use crate::output::{Render, TableView, emit};

/// Ingestion health: accepted, duplicates, rejected by reason, storage failures, lag, forwarding lag
#[derive(Debug, Args)]
pub struct HealthArgs {
    #[command(flatten)]
    pub scope: TenantScope,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(HealthOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "tenant",
            "runs",
            "accepted",
            "duplicates",
            "rejected",
            "storage_failures",
            "lag_p50",
            "lag_p95",
            "lag_p99",
            "forwarding_behind",
        ]);
        let opt = |v: Option<i64>| v.map_or("-".to_string(), |s| format!("≤{s}s"));
        for h in &self.0.tenants {
            t.row(vec![
                h.tenant.clone(),
                h.runs.to_string(),
                h.accepted.to_string(),
                h.duplicates.to_string(),
                h.rejected.to_string(),
                h.storage_failures.to_string(),
                opt(h.lag_seconds.p50),
                opt(h.lag_seconds.p95),
                opt(h.lag_seconds.p99),
                h.forwarding
                    .iter()
                    .map(|f| {
                        let secs = f.behind_seconds.map_or("?".to_string(), |s| format!("{s}s"));
                        format!("{}: {} events, {secs}", f.connector, f.behind_events)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
        t
    }
}

pub fn cmd(ctx: &Ctx, args: HealthArgs) -> Result<ExitCode, CliError> {
    let tenant = args.scope.resolve()?;
    emit(&View(health(&ctx.ws.root, tenant)?), ctx.format)?;
    Ok(ExitCode::Success)
}
