//! `cavra evidence …`: evidence storage beyond the JSON stores.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::output::{Render, TableView, emit};
use crate::store::sqlite::{Db, MigrateOutcome};

/// Manage evidence databases
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    Migrate(EvidenceMigrateArgs),
}

/// Create or upgrade a SQLite evidence database
///
/// Applies cavra's numbered migrations (embedded in the binary) that the
/// database lacks, each in one transaction with its row in
/// `schema_migrations`. Safe to run again. Point CAVRA_INTEGRATION_DB at the
/// database to keep the integration inventory there.
#[derive(Debug, Args)]
pub struct EvidenceMigrateArgs {
    /// The SQLite database file (created when absent)
    #[arg(long, value_name = "PATH")]
    pub sqlite: PathBuf,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(MigrateOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.evidence.migrate.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["migration", "state"]);
        for m in &self.0.already_applied {
            t.row(vec![m.clone(), "already applied".into()]);
        }
        for m in &self.0.applied {
            t.row(vec![m.clone(), "applied".into()]);
        }
        t
    }
}

pub fn run(ctx: &Ctx, cmd: EvidenceCommand) -> Result<ExitCode, CliError> {
    match cmd {
        EvidenceCommand::Migrate(args) => {
            let (_, outcome) = Db::open(&args.sqlite, &ctx.now()?)?;
            ctx.shell.status(&format!(
                "{}: {} migrations applied, {} already applied",
                args.sqlite.display(),
                outcome.applied.len(),
                outcome.already_applied.len()
            ));
            emit(&View(outcome), ctx.format)?;
            Ok(ExitCode::Success)
        }
    }
}
