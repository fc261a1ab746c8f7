use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::migrate::{MigrateOutcome, migrate};
use crate::output::{Render, TableView, emit};

/// Rewrite existing stores once to the current layout (table records key first, ledgers in segments)
///
/// Each store is read through its verified reader first: a store that does
/// not verify (a hand edit, a conflict left in it) is refused with its
/// problem and nothing of it is rewritten. A ledger still kept as one file
/// is moved into segments, as `cavra ledger migrate` does. Stores already in
/// the current layout are left untouched, so running it twice changes
/// nothing.
#[derive(Debug, Args)]
pub struct OpsMigrateArgs {}

#[derive(Serialize)]
#[serde(transparent)]
struct View(MigrateOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.persistent_api.migrate.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["store", "action", "records", "path"]);
        for m in &self.0.stores {
            t.row(vec![
                m.store.clone(),
                m.action.clone(),
                m.records.map_or_else(String::new, |n| n.to_string()),
                m.path.clone(),
            ]);
        }
        t
    }
}

pub fn cmd_ops_migrate(ctx: &Ctx, _args: OpsMigrateArgs) -> Result<ExitCode, CliError> {
    let outcome = migrate(&ctx.ws)?;
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
