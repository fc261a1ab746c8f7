use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::audit::{AckOutcome, AckState, ack};
use crate::output::{Render, TableView, emit};

/// Record an acknowledgement of a drill notification route (schedule × provider)
///
/// A route is in the state of its latest acknowledgement, else outstanding.
/// The note stays in the repository's ledger: no delivered payload carries it.
#[derive(Debug, Args)]
pub struct AckArgs {
    pub schedule_id: String,
    /// The provider acknowledged on (one of the schedule's acknowledgement-required providers)
    #[arg(long)]
    pub provider: String,
    #[arg(long, value_enum, default_value = "acknowledged")]
    pub state: AckState,
    /// Who acknowledges
    #[arg(long, value_name = "WHO")]
    pub by: String,
    /// A reference in the provider (ticket key, message id)
    #[arg(long, value_name = "REF")]
    pub external_ref: Option<String>,
    /// A note (kept in the repository, never delivered)
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(AckOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.ack.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("serializes"))
    }
}

pub fn cmd_drill_ack(ctx: &Ctx, args: AckArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let out = ack(
        &ctx.ws,
        &args.schedule_id,
        &args.provider,
        args.state,
        &args.by,
        args.external_ref.as_deref(),
        args.note.as_deref(),
        &now,
    )?;
    ctx.shell.status(&format!(
        "Recorded {} of {} on {}",
        out.acknowledgement_state.as_str(),
        out.schedule_id,
        out.provider
    ));
    emit(&View(out), ctx.format)?;
    Ok(ExitCode::Success)
}
