use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::audit::{Package, audit};
use crate::output::{Render, TableView, emit};

/// Build an acknowledgement audit package (recorded once per distinct state)
///
/// Routes are each schedule's acknowledgement-required providers, in the
/// state of their latest acknowledgement, else outstanding; alert_level is
/// critical when anything is escalated or outstanding. The audit_id is
/// derived from the routes and their acknowledgements.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this schedule's routes [default: every schedule]
    #[arg(long, value_name = "ID")]
    pub schedule_id: Option<String>,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(Package);

impl Render for View {
    fn table(&self) -> TableView {
        let mut t = TableView::new(&["audit_id", "schedule_id", "provider", "acknowledgement_state"]);
        for r in &self.0.routes {
            t.row(vec![
                self.0.audit_id.clone(),
                r.schedule_id.clone(),
                r.provider.clone(),
                r.acknowledgement_state.clone(),
            ]);
        }
        t
    }
}

pub fn cmd_drill_audit(ctx: &Ctx, args: AuditArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let p = audit(&ctx.ws, args.schedule_id.as_deref(), &now)?;
    ctx.shell.status(&format!(
        "Audit package {}: {} ({} routes, {} outstanding)",
        p.audit_id,
        p.alert_level.as_str(),
        p.route_count,
        p.outstanding_count
    ));
    emit(&View(p), ctx.format)?;
    Ok(ExitCode::Success)
}
