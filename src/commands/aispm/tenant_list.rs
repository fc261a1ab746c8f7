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

#[derive(Serialize)]
#[serde(transparent)]
struct View(Vec<Tenant>);

impl Render for View {
    fn table(&self) -> TableView {
        super::tenants_table(&self.0)
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0)
    }
}

pub fn cmd(ctx: &Ctx, _args: TenantListArgs) -> Result<ExitCode, CliError> {
    emit(&View(list(&ctx.ws.root)?), ctx.format)?;
    Ok(ExitCode::Success)
}
