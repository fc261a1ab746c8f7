use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::init::{InitOutcome, init};
use crate::output::{Render, TableView, emit};

/// Create .cavra/ in this repository (safe to run again)
///
/// Creates `.cavra/` at the top of the repository (the git work tree when
/// inside one, else the current directory) with its store directories and a
/// `.gitignore` for lock and temporary files. Running it again changes nothing.
#[derive(Debug, Args)]
pub struct InitArgs {}

#[derive(Serialize)]
struct Outcome(InitOutcome);

impl Render for Outcome {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.init.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["path", "state"]);
        for p in &self.0.created {
            t.row(vec![p.clone(), "created".into()]);
        }
        for p in &self.0.already_present {
            t.row(vec![p.clone(), "already present".into()]);
        }
        t
    }
}

pub fn run(ctx: &Ctx, _args: InitArgs) -> Result<ExitCode, CliError> {
    let outcome = init(&ctx.ws)?;
    if outcome.created.is_empty() {
        ctx.shell
            .status(&format!("cavra is already initialised in {}", outcome.root));
    } else {
        ctx.shell
            .status(&format!("Initialised cavra in {}/.cavra", outcome.root));
    }
    emit(&Outcome(outcome), ctx.format)?;
    Ok(ExitCode::Success)
}
