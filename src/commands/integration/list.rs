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
/// Filters match exactly and combine: a record must pass every filter given,
/// and passes a filter holding any of its values (`--provider okta,jira` or
/// `--provider okta --provider jira`). JSON output is
/// `{"items": […], "total": N}`; NDJSON is one record per line.
#[derive(Debug, Args)]
pub struct IntegrationListArgs {
    /// Only these providers (repeat or separate with commas)
    #[arg(long, value_name = "PROVIDER", value_delimiter = ',')]
    pub provider: Vec<String>,
    /// Only these categories (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub category: Vec<Category>,
    /// Only these statuses (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub status: Vec<Status>,
    /// Only these owners (repeat or separate with commas)
    #[arg(long, value_name = "OWNER", value_delimiter = ',')]
    pub owner: Vec<String>,
    /// Only these environments (repeat or separate with commas)
    #[arg(long, value_name = "ENVIRONMENT", value_delimiter = ',')]
    pub environment: Vec<String>,
    /// Only these health statuses (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub health_status: Vec<HealthStatus>,
}

/// `{items, total}`.
#[derive(Serialize)]
pub struct ListOutcome {
    pub items: Vec<Integration>,
    pub total: usize,
}

impl Render for ListOutcome {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.integration.list.v1")
    }
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
        category: args.category.iter().map(|c| c.as_str().to_string()).collect(),
        status: args.status.iter().map(|c| c.as_str().to_string()).collect(),
        owner: args.owner,
        environment: args.environment,
        health_status: args.health_status.iter().map(|c| c.as_str().to_string()).collect(),
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
