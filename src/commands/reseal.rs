use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::output::{Render, TableView, emit};
use crate::store::registry::{STORES, StoreKind, find};
use crate::store::table::{Resealed, reseal};

/// Accept a reviewed hand edit of a table store: re-check it and rewrite its checksum
///
/// Every record is validated against its schema first (and scanned for
/// secrets); nothing is written while any is invalid. The file is rewritten
/// in canonical form (records sorted by key, keys sorted) with a new checksum.
/// Review the change (`git diff`) before resealing: resealing is how you say
/// the edit is intended.
#[derive(Debug, Args)]
pub struct ResealArgs {
    /// The table store to reseal
    #[arg(value_parser = table_names())]
    pub store: String,
}

fn table_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(STORES.iter().filter(|s| s.kind == StoreKind::Table).map(|s| s.name))
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(Resealed);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.reseal.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("outcomes serialize"))
    }
}

pub fn run(ctx: &Ctx, args: ResealArgs) -> Result<ExitCode, CliError> {
    let def = find(&args.store)
        .ok_or_else(|| CliError::usage(format!("no table store {}", crate::secrets::excerpt(&args.store))))?;
    let loc = ctx.ws.locate(def);
    let outcome = reseal(&loc)?;
    ctx.shell.status(&if outcome.changed {
        format!("Resealed {} ({} records)", outcome.path, outcome.records)
    } else {
        format!("{} was already sealed; nothing changed", outcome.path)
    });
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
