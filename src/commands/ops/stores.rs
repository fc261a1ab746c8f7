use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::stores::{StoresOutcome, stores};
use crate::output::{Render, TableView, emit};

/// List every store: kind, path, who configured it, records, size, integrity
#[derive(Debug, Args)]
pub struct OpsStoresArgs {}

#[derive(Serialize)]
#[serde(transparent)]
struct View(StoresOutcome);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "name",
            "kind",
            "path",
            "configured_by",
            "exists",
            "records",
            "bytes",
            "checksum_state",
        ]);
        for s in &self.0.stores {
            t.row(vec![
                s.name.clone(),
                s.kind.clone(),
                s.path.clone(),
                s.configured_by.clone(),
                s.exists.to_string(),
                s.records.to_string(),
                s.bytes.to_string(),
                s.checksum_state.clone(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.0.stores)
    }
}

pub fn cmd_ops_stores(ctx: &Ctx, _args: OpsStoresArgs) -> Result<ExitCode, CliError> {
    emit(&View(stores(&ctx.ws)), ctx.format)?;
    Ok(ExitCode::Success)
}
