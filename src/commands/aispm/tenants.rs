use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::tenants::{TenantSummary, overview};
use crate::output::{Render, TableView, emit};

/// Every tenant with its collectors, events and last event
#[derive(Debug, Args)]
pub struct TenantsArgs {}

/// `{items, total}`, as every list.
#[derive(Serialize)]
struct View {
    items: Vec<TenantSummary>,
    total: usize,
}

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.tenants.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "tenant",
            "collectors",
            "active",
            "events",
            "last_seen",
            "retention_days",
            "legal_hold",
        ]);
        for s in &self.items {
            t.row(vec![
                s.tenant.clone(),
                s.collectors.to_string(),
                s.active_collectors.to_string(),
                s.events.to_string(),
                s.last_seen.clone().unwrap_or_default(),
                s.retention_days.to_string(),
                s.legal_hold.to_string(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

pub fn cmd(ctx: &Ctx, _args: TenantsArgs) -> Result<ExitCode, CliError> {
    let items = overview(&ctx.ws.root)?;
    emit(
        &View {
            total: items.len(),
            items,
        },
        ctx.format,
    )?;
    Ok(ExitCode::Success)
}
