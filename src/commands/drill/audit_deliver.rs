use clap::Args;

use super::{SendArgs, parse_time};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::delivery::{AuditDeliverOutcome, Cadence, PlanRequest, audit_deliver, deliver_due};
use crate::output::{Render, TableView, emit};

/// Plan and deliver an acknowledgement audit package (or every plan that is due)
///
/// Records a delivery plan (delivery_id derived from the package, cadence,
/// providers and schedule reference; next_delivery_at by the cadence) and
/// delivers the package through the connector engine
/// (connector_delivery_source go_backend_rollback_drill_acknowledgement_audit;
/// Splunk sourcetype cavra:rollback_drill_ack_audit). --due sends every plan
/// whose next_delivery_at has passed and moves it on by its cadence: what a
/// scheduled CI job runs.
///
/// Exits 1 when a delivery failed.
#[derive(Debug, Args)]
pub struct AuditDeliverArgs {
    /// The package to deliver (from `cavra drill audit`)
    #[arg(long, value_name = "ID", required_unless_present = "due", conflicts_with = "due")]
    pub audit_id: Option<String>,
    /// Send every plan whose next_delivery_at has passed
    #[arg(long)]
    pub due: bool,
    #[arg(long, value_enum, default_value = "on_demand")]
    pub cadence: Cadence,
    /// Providers, in order [default: the package's route providers] (repeat or separate with commas)
    #[arg(long = "provider", value_name = "PROVIDER", value_delimiter = ',')]
    pub providers: Vec<String>,
    /// The schedule the plan belongs to [default: the package's]
    #[arg(long, value_name = "ID")]
    pub schedule_ref: Option<String>,
    /// The first scheduled delivery [default: now + cadence]
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub next_delivery_at: Option<String>,
    #[command(flatten)]
    pub send: SendArgs,
}

#[derive(serde::Serialize)]
#[serde(transparent)]
pub struct View(pub AuditDeliverOutcome);

impl Render for View {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.audit_deliver.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "delivery_id",
            "audit_id",
            "cadence",
            "next_delivery_at",
            "providers",
            "success",
            "failed",
        ]);
        for d in &self.0.items {
            t.row(vec![
                d.delivery_id.clone(),
                d.audit_id.clone(),
                d.cadence.as_str().into(),
                d.next_delivery_at.clone().unwrap_or_default(),
                d.selected_providers.join(","),
                d.delivery_success.map(|b| b.to_string()).unwrap_or_default(),
                d.failed_providers.join(","),
            ]);
        }
        t
    }
}

pub fn cmd_drill_audit_deliver(ctx: &Ctx, args: AuditDeliverArgs) -> Result<ExitCode, CliError> {
    let opts = args.send.options()?;
    let out = match &args.audit_id {
        Some(id) => audit_deliver(
            &ctx.ws,
            &PlanRequest {
                audit_id: id.clone(),
                cadence: args.cadence,
                providers: args.providers.clone(),
                schedule_ref: args.schedule_ref.clone(),
                next_delivery_at: args.next_delivery_at.clone(),
            },
            &opts,
        )?,
        None => deliver_due(&ctx.ws, &opts)?,
    };
    ctx.shell.status(&format!(
        "{} audit deliver{} {}",
        out.total,
        if out.total == 1 { "y" } else { "ies" },
        if out.success {
            "succeeded"
        } else {
            "failed (see failed_providers)"
        }
    ));
    let success = out.success;
    emit(&View(out), ctx.format)?;
    Ok(if success { ExitCode::Success } else { ExitCode::Verdict })
}
