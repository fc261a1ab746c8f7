use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::inventory;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::inventory::{ImportOutcome, OnExisting};
use crate::output::{Render, TableView, emit};

/// Import integrations from a file (JSON array, NDJSON, one object, or a cavra store file)
///
/// Every record is checked before anything is written: one bad record and
/// nothing changes (exit 4). Records identical to the stored ones are left
/// alone, so importing the same file twice changes nothing. An existing id
/// with other values is a conflict (exit 3) unless --upsert. An input that is
/// not JSON or NDJSON, or holds no records, is refused (exit 4).
#[derive(Debug, Args)]
pub struct IntegrationImportArgs {
    /// The file to import; `-` reads standard input
    pub file: PathBuf,
    /// Replace existing records with the file's (created_at is kept)
    #[arg(long)]
    pub upsert: bool,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(ImportOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.integration.import.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["integration_id", "change"]);
        for (ids, word) in [
            (&self.0.added, "added"),
            (&self.0.updated, "updated"),
            (&self.0.unchanged, "unchanged"),
        ] {
            for id in ids {
                t.row(vec![id.clone(), word.into()]);
            }
        }
        t.rows.sort();
        t
    }
}

pub fn cmd_integration_import(ctx: &Ctx, args: IntegrationImportArgs) -> Result<ExitCode, CliError> {
    let text = if args.file.as_os_str() == "-" {
        crate::store::fsio::read_stdin_text().map_err(|e| CliError::io(&args.file, "read", &e))?
    } else {
        crate::store::fsio::read_input_text(&args.file).map_err(|e| {
            CliError::io(&args.file, "read", &e).hint("give the path of a JSON array, NDJSON or cavra store file")
        })?
    };
    let on_existing = if args.upsert {
        OnExisting::Replace
    } else {
        OnExisting::Fail
    };
    let outcome = inventory(ctx)?.import(&args.file, &text, on_existing)?;
    ctx.shell.status(&format!(
        "Imported {} record{} from {}: {} added, {} updated, {} unchanged",
        outcome.total,
        if outcome.total == 1 { "" } else { "s" },
        args.file.display(),
        outcome.added.len(),
        outcome.updated.len(),
        outcome.unchanged.len()
    ));
    emit(&View(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
