use clap::Args;
use serde::Serialize;

use super::inventory;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::model::integration::{Category, HealthStatus, Integration, Status};
use crate::output::{Render, TableView, emit};
use crate::store::sqlite::Filter;

/// List integrations, sorted by integration_id
///
/// Filters match exactly and combine (all must match). JSON output is
/// `{"items": […], "total": N}`; NDJSON is one record per line.
#[derive(Debug, Args)]
pub struct IntegrationListArgs {
    /// Only this provider
    #[arg(long)]
    pub provider: Option<String>,
    /// Only this category
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Only this status
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Only this owner
    #[arg(long)]
    pub owner: Option<String>,
    /// Only this environment
    #[arg(long)]
    pub environment: Option<String>,
    /// Only this health status
    #[arg(long, value_enum)]
    pub health_status: Option<HealthStatus>,
}

/// `{items, total}`.
#[derive(Serialize)]
pub struct ListOutcome {
    pub items: Vec<Integration>,
    pub total: usize,
}

impl Render for ListOutcome {
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "integration_id",
            "provider",
            "category",
            "status",
            "health",
            "owner",
            "environment",
        ]);
        for r in &self.items {
            t.row(vec![
                r.integration_id.clone(),
                r.provider.clone(),
                r.category.to_string(),
                r.status.to_string(),
                r.health_status.to_string(),
                r.owner.clone(),
                r.environment.clone(),
            ]);
        }
        t
    }

    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

pub fn cmd_integration_list(ctx: &Ctx, args: IntegrationListArgs) -> Result<ExitCode, CliError> {
    let filter = Filter {
        provider: args.provider,
        category: args.category.map(|c| c.as_str().to_string()),
        status: args.status.map(|c| c.as_str().to_string()),
        owner: args.owner,
        environment: args.environment,
        health_status: args.health_status.map(|c| c.as_str().to_string()),
    };
    let items = inventory(ctx)?.list(&filter)?;
    let outcome = ListOutcome {
        total: items.len(),
        items,
    };
    emit(&outcome, ctx.format)?;
    if outcome.total == 0 && matches!(ctx.format, crate::output::Format::Table | crate::output::Format::Text) {
        ctx.shell.status("no integrations");
    }
    Ok(ExitCode::Success)
}
