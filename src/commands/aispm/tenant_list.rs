use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::model::aispm::Tenant;
use crate::ops::aispm::tenants::list;
use crate::output::{Render, TableView, emit};

/// List the registered tenants and their collectors
#[derive(Debug, Args)]
pub struct TenantListArgs {}

/// `{items, total}`, as every list.
#[derive(Serialize)]
struct View {
    items: Vec<Tenant>,
    total: usize,
}

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.aispm.tenant.list.v1")
    }
    fn table(&self) -> TableView {
        super::tenants_table(&self.items)
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

pub fn cmd(ctx: &Ctx, _args: TenantListArgs) -> Result<ExitCode, CliError> {
    let items = list(&ctx.ws.root)?;
    emit(
        &View {
            total: items.len(),
            items,
        },
        ctx.format,
    )?;
    Ok(ExitCode::Success)
}
