//! `cavra drill …`: rollback drill schedules, notifications,
//! acknowledgements, audit packages and their delivery health.

pub mod ack;
pub mod audit;
pub mod audit_deliver;
pub mod dashboard;
pub mod escalate;
pub mod history;
pub mod notify;
pub mod policy;
pub mod record;
pub mod retry;
pub mod routing_history;
pub mod schedule;

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::notify::SendOptions;
use crate::ops::drill::schedule::Windows;

/// Rollback drills: schedules, due-date notifications, acknowledgements and audit delivery health
///
/// Schedules live in .cavra/drills/schedules.json and the routing policy in
/// .cavra/drills/routing.json (committed table stores); notification plans,
/// acknowledgements, audit packages, audit delivery plans, escalation plans
/// and deliveries are entries of the evidence metadata ledger, each with its
/// metadata_kind. Deliveries go through the connector engine of
/// `cavra integration deliver`.
#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    #[command(subcommand)]
    Schedule(schedule::ScheduleCommand),
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    Notify(notify::NotifyArgs),
    Ack(ack::AckArgs),
    Record(record::RecordArgs),
    Escalate(escalate::EscalateArgs),
    Audit(audit::AuditArgs),
    AuditDeliver(audit_deliver::AuditDeliverArgs),
    Retry(retry::RetryArgs),
    History(history::HistoryArgs),
    RoutingHistory(routing_history::RoutingHistoryArgs),
    Dashboard(dashboard::DashboardArgs),
}

pub fn run(ctx: &Ctx, cmd: DrillCommand) -> Result<ExitCode, CliError> {
    match cmd {
        DrillCommand::Schedule(cmd) => schedule::run(ctx, cmd),
        DrillCommand::Policy(cmd) => policy::run(ctx, cmd),
        DrillCommand::Notify(args) => notify::cmd_drill_notify(ctx, args),
        DrillCommand::Ack(args) => ack::cmd_drill_ack(ctx, args),
        DrillCommand::Record(args) => record::cmd_drill_record(ctx, args),
        DrillCommand::Escalate(args) => escalate::cmd_drill_escalate(ctx, args),
        DrillCommand::Audit(args) => audit::cmd_drill_audit(ctx, args),
        DrillCommand::AuditDeliver(args) => audit_deliver::cmd_drill_audit_deliver(ctx, args),
        DrillCommand::Retry(args) => retry::cmd_drill_retry(ctx, args),
        DrillCommand::History(args) => history::cmd_drill_history(ctx, args),
        DrillCommand::RoutingHistory(args) => routing_history::cmd_drill_routing_history(ctx, args),
        DrillCommand::Dashboard(args) => dashboard::cmd_drill_dashboard(ctx, args),
    }
}

/// The status windows (`--due-soon-days`, `--stale-days`).
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// A schedule due within this many days is due_soon
    #[arg(long, value_name = "DAYS", default_value_t = 14)]
    pub due_soon_days: u32,
    /// A schedule with no drill in this many days needs attention
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub stale_days: u32,
}

impl WindowArgs {
    pub fn windows(&self) -> Windows {
        Windows {
            due_soon_days: self.due_soon_days,
            stale_days: self.stale_days,
        }
    }
}

/// How drill deliveries are sent.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Connector configuration [default: .cavra/connectors.json, or CAVRA_CONNECTOR_CONFIG]
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Retries after the first attempt
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Total time allowed for one request, connect included
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout_seconds: f64,
    /// Write the delivery evidence into this directory (never overwriting)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Plan and show; record and send nothing
    #[arg(long)]
    pub dry_run: bool,
}

impl SendArgs {
    pub fn options(&self) -> Result<SendOptions, CliError> {
        if !(self.timeout_seconds.is_finite() && self.timeout_seconds > 0.0) {
            return Err(CliError::usage(
                "--timeout-seconds must be a positive number of seconds",
            ));
        }
        Ok(SendOptions {
            config: self.config.clone(),
            retries: self.retries,
            timeout: Duration::from_secs_f64(self.timeout_seconds),
            output: self.output.clone(),
            dry_run: self.dry_run,
            now: crate::clock::now()?,
        })
    }
}

/// RFC 3339, normalised to UTC.
pub fn parse_time(text: &str) -> Result<String, String> {
    crate::clock::parse_time(text)
}
