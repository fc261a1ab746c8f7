//! `cavra drill schedule add|update|remove|list|show`.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::{WindowArgs, parse_time};
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::record::{Shown, shown};
use crate::ops::drill::schedule::{self, Fields, Status, WriteOutcome};
use crate::output::{Render, TableView, emit};

/// Manage rollback drill schedules (.cavra/drills/schedules.json)
#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    Add(AddArgs),
    Update(UpdateArgs),
    Remove(RemoveArgs),
    List(ListArgs),
    Show(ShowArgs),
}

pub fn run(ctx: &Ctx, cmd: ScheduleCommand) -> Result<ExitCode, CliError> {
    let now = crate::clock::now()?;
    match cmd {
        ScheduleCommand::Add(a) => {
            let out = schedule::add(&ctx.ws, &a.schedule_id, &a.fields.fields(true), &now)?;
            finish(ctx, out)
        }
        ScheduleCommand::Update(a) => {
            let out = schedule::update(&ctx.ws, &a.schedule_id, &a.fields.fields(false), &now)?;
            finish(ctx, out)
        }
        ScheduleCommand::Remove(a) => finish(ctx, schedule::remove(&ctx.ws, &a.schedule_id, &now)?),
        ScheduleCommand::List(a) => {
            let items: Vec<Shown> = shown(
                &ctx.ws,
                schedule::load_checked(&ctx.ws, &now)?,
                &now,
                a.windows.windows(),
            )?
            .into_iter()
            .filter(|s| a.status.is_empty() || a.status.contains(&s.schedule.status))
            .filter(|s| a.owner.is_empty() || a.owner.contains(&s.schedule.schedule.owner))
            .collect();
            emit(
                &List {
                    total: items.len(),
                    items,
                },
                ctx.format,
            )?;
            Ok(ExitCode::Success)
        }
        ScheduleCommand::Show(a) => {
            let s = schedule::show(&ctx.ws, &a.schedule_id)?;
            schedule::check_stored(&ctx.ws, std::slice::from_ref(&s), &now)?;
            let one = shown(&ctx.ws, vec![s], &now, a.windows.windows())?.remove(0);
            emit(&One(one), ctx.format)?;
            Ok(ExitCode::Success)
        }
    }
}

/// The fields add and update take.
#[derive(Debug, Args)]
pub struct FieldArgs {
    /// The service drilled [add: required]
    #[arg(long)]
    pub service: Option<String>,
    /// Its environment [add: required]
    #[arg(long)]
    pub environment: Option<String>,
    /// The owning team [add: required]
    #[arg(long)]
    pub owner: Option<String>,
    /// Days between drills [add: required]
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub cadence_days: Option<u32>,
    /// When the last drill happened (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub last_drill_at: Option<String>,
    /// When the next drill is due [default: last drill + cadence, or now without a drill]
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub next_due_at: Option<String>,
    /// Providers that must acknowledge its notifications (repeat or separate with commas; update replaces the list)
    #[arg(
        long = "acknowledgement-required-provider",
        value_name = "PROVIDER",
        value_delimiter = ','
    )]
    pub providers: Vec<String>,
    /// Free-text notes (kept in the repository, never delivered)
    #[arg(long)]
    pub notes: Option<String>,
}

impl FieldArgs {
    fn fields(&self, adding: bool) -> Fields {
        Fields {
            service: self.service.clone(),
            environment: self.environment.clone(),
            owner: self.owner.clone(),
            cadence_days: self.cadence_days,
            last_drill_at: self.last_drill_at.clone(),
            next_due_at: self.next_due_at.clone(),
            providers: (adding || !self.providers.is_empty()).then(|| self.providers.clone()),
            notes: self.notes.clone(),
        }
    }
}

/// Add a drill schedule
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Stable id of the schedule
    #[arg(long)]
    pub schedule_id: String,
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// Change a drill schedule (a new last drill or cadence moves next_due_at)
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The schedule to change
    pub schedule_id: String,
    #[command(flatten)]
    pub fields: FieldArgs,
}

/// Remove a drill schedule
#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub schedule_id: String,
}

/// List drill schedules with their status at the clock's time (CAVRA_NOW)
///
/// Status: overdue, or no drill within --stale-days → needs_attention; due
/// within --due-soon-days → due_soon; else on_track. Each schedule also
/// shows latest_drill_id and drill_history_status: ready when its latest
/// recorded drill (`cavra drill record`, or CAVRA_GO_ROLLBACK_DRILL_HISTORY)
/// passed, verified the fallback, met its target minutes and is within
/// CAVRA_GO_ROLLBACK_DRILL_MAX_AGE_DAYS (90), else stale with the reason.
/// JSON is {items, total}.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these statuses (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub status: Vec<Status>,
    /// Only these owners (repeat or separate with commas)
    #[arg(long, value_name = "OWNER", value_delimiter = ',')]
    pub owner: Vec<String>,
    #[command(flatten)]
    pub windows: WindowArgs,
}

/// Show one drill schedule with its status and drill history readiness
#[derive(Debug, Args)]
pub struct ShowArgs {
    pub schedule_id: String,
    #[command(flatten)]
    pub windows: WindowArgs,
}

#[derive(Serialize)]
struct List {
    items: Vec<Shown>,
    total: usize,
}

impl Render for List {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.schedule.list.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "schedule_id",
            "service",
            "environment",
            "owner",
            "next_due_at",
            "status",
            "providers",
            "latest_drill_id",
            "drill_history",
        ]);
        for i in &self.items {
            let s = &i.schedule;
            t.row(vec![
                s.schedule.schedule_id.clone(),
                s.schedule.service.clone(),
                s.schedule.environment.clone(),
                s.schedule.owner.clone(),
                s.schedule.next_due_at.clone(),
                s.status.as_str().into(),
                s.schedule.acknowledgement_required_providers.join(","),
                i.readiness.latest_drill_id.clone().unwrap_or_default(),
                i.readiness.drill_history_status.into(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct One(Shown);

impl Render for One {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.schedule.record.v1")
    }
    fn table(&self) -> TableView {
        TableView::fields(&serde_json::to_value(&self.0).expect("records serialize"))
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct Written(WriteOutcome);

impl Render for Written {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.schedule.change.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::fields(&serde_json::to_value(&self.0.schedule).expect("records serialize"));
        let change = serde_json::to_value(self.0.change).expect("serializes");
        t.rows.insert(0, vec!["change".into(), crate::output::cell(&change)]);
        t
    }
}

fn finish(ctx: &Ctx, out: WriteOutcome) -> Result<ExitCode, CliError> {
    let change = serde_json::to_value(out.change).expect("serializes");
    ctx.shell.status(&format!(
        "{} drill schedule {}",
        crate::output::cell(&change),
        out.schedule.schedule_id
    ));
    emit(&Written(out), ctx.format)?;
    Ok(ExitCode::Success)
}
