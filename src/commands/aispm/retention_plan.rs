use clap::Args;
use serde::Serialize;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::aispm::prune::{RetentionPlan, plan};
use crate::output::{Render, TableView, emit};

/// A tenant's retention: events past its retention days, none under legal hold
///
/// Deletes nothing: events leave a tenant's ledger through the ledger's
/// segment prune, which honours the same policy.
#[derive(Debug, Args)]
pub struct RetentionPlanArgs {
    /// The tenant
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,
}

#[derive(Serialize)]
#[serde(transparent)]
struct View(RetentionPlan);

impl Render for View {
    /// It carries its own `schema` member.
    fn schema(&self) -> Option<&'static str> {
        None
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("serializes"))
    }
}

pub fn cmd(ctx: &Ctx, args: RetentionPlanArgs) -> Result<ExitCode, CliError> {
    emit(
        &View(plan(&ctx.ws.root, &args.tenant, crate::clock::now()?)?),
        ctx.format,
    )?;
    Ok(ExitCode::Success)
}
