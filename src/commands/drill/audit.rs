use clap::Args;

use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::audit::{Package, audit};
use crate::output::{Render, TableView, emit};

/// Build an acknowledgement audit package (recorded once per distinct state)
///
/// A route is a (schedule, owner, provider) that a notification plan
/// selected (a provider never notified is no route), in the state of its
/// latest acknowledgement, else outstanding; each carries acknowledged_by,
/// acknowledged_at, external_ref and the acknowledgement_id. Only
/// acknowledged and resolved close a route: alert_level is critical while
/// any route is outstanding, escalated or dismissed. The audit_id is
/// derived from the routes and their acknowledgements.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this schedule's routes [default: every schedule]
    #[arg(long, value_name = "ID")]
    pub schedule_id: Option<String>,
    /// Only this owner's routes [default: every owner]
    #[arg(long, value_name = "OWNER")]
    pub owner: Option<String>,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct View(Package);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.audit.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "audit_id",
            "schedule_id",
            "owner",
            "provider",
            "acknowledgement_state",
            "acknowledged_by",
            "external_ref",
        ]);
        for r in &self.0.routes {
            t.row(vec![
                self.0.audit_id.clone(),
                r.schedule_id.clone(),
                r.owner.clone(),
                r.provider.clone(),
                r.acknowledgement_state.clone(),
                r.acknowledged_by.clone().unwrap_or_default(),
                r.external_ref.clone().unwrap_or_default(),
            ]);
        }
        t
    }
}

pub fn cmd_drill_audit(ctx: &Ctx, args: AuditArgs) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    let p = audit(&ctx.ws, args.schedule_id.as_deref(), args.owner.as_deref(), &now)?;
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
