//! `cavra drill policy route|window|gap|remove|list`: the routing policy.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::parse_time;
use crate::commands::Ctx;
use crate::error::{CliError, ExitCode};
use crate::ops::drill::routing::{self, Kind, Rule};
use crate::output::{Render, TableView, emit};

/// Manage the drill routing policy (.cavra/drills/routing.json): routes, maintenance windows, calendar gaps
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    Route(RouteArgs),
    Window(WindowArgs),
    Gap(GapArgs),
    Remove(RemoveArgs),
    List(ListArgs),
}

/// Set an owner's route on a provider: its acknowledgement SLO and escalation owner
#[derive(Debug, Args)]
pub struct RouteArgs {
    #[arg(long)]
    pub owner: String,
    #[arg(long)]
    pub provider: String,
    /// Minutes allowed to acknowledge a notification (the SLO)
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..))]
    pub acknowledgement_minutes: u32,
    /// Who is escalated to when the SLO is missed
    #[arg(long, value_name = "OWNER")]
    pub escalation_owner: String,
}

/// Add a maintenance window that suppresses routes while it lasts
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Its id (the rule is window:ID)
    #[arg(long)]
    pub window_id: String,
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub start: String,
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub end: String,
    /// Providers it covers [default: all] (repeat or separate with commas)
    #[arg(long = "provider", value_name = "PROVIDER", value_delimiter = ',')]
    pub providers: Vec<String>,
    /// Owners it covers [default: all] (repeat or separate with commas)
    #[arg(long = "owner", value_name = "OWNER", value_delimiter = ',')]
    pub owners: Vec<String>,
    #[arg(long)]
    pub reason: Option<String>,
}

/// Add an owner's calendar gap that suppresses their routes
#[derive(Debug, Args)]
pub struct GapArgs {
    #[arg(long)]
    pub owner: String,
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub start: String,
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub end: String,
    #[arg(long)]
    pub reason: String,
}

/// Remove a routing rule by its policy_id
#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub policy_id: String,
}

/// List the routing rules
#[derive(Debug, Args)]
pub struct ListArgs {}

#[derive(Serialize)]
struct Rules {
    items: Vec<Rule>,
    total: usize,
}

impl Render for Rules {
    fn schema(&self) -> Option<&'static str> {
        Some("cavra.drill.policy.list.v1")
    }
    fn table(&self) -> TableView {
        let mut t = TableView::new(&[
            "policy_id",
            "owners",
            "providers",
            "ack_minutes",
            "escalation_owner",
            "start",
            "end",
            "reason",
        ]);
        for r in &self.items {
            t.row(vec![
                r.policy_id.clone(),
                r.owners.join(","),
                r.providers.join(","),
                r.acknowledgement_minutes.map(|m| m.to_string()).unwrap_or_default(),
                r.escalation_owner.clone().unwrap_or_default(),
                r.start.clone().unwrap_or_default(),
                r.end.clone().unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
            ]);
        }
        t
    }
    fn ndjson(&self) -> Vec<serde_json::Value> {
        crate::output::ndjson_items(&self.items)
    }
}

fn slug(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

pub fn run(ctx: &Ctx, cmd: PolicyCommand) -> Result<ExitCode, CliError> {
    let rule = match cmd {
        PolicyCommand::List(_) => {
            let items = routing::load(&ctx.ws)?;
            emit(
                &Rules {
                    total: items.len(),
                    items,
                },
                ctx.format,
            )?;
            return Ok(ExitCode::Success);
        }
        PolicyCommand::Remove(a) => {
            let r = routing::remove(&ctx.ws, &a.policy_id)?;
            ctx.shell.status(&format!("Removed routing rule {}", r.policy_id));
            emit(
                &Rules {
                    total: 1,
                    items: vec![r],
                },
                ctx.format,
            )?;
            return Ok(ExitCode::Success);
        }
        PolicyCommand::Route(a) => Rule {
            acknowledgement_minutes: Some(a.acknowledgement_minutes),
            end: None,
            escalation_owner: Some(a.escalation_owner),
            kind: Kind::Route,
            policy_id: format!("route:{}:{}", slug(&a.owner), slug(&a.provider)),
            owners: vec![a.owner],
            providers: vec![a.provider],
            reason: None,
            start: None,
        },
        PolicyCommand::Window(a) => Rule {
            acknowledgement_minutes: None,
            end: Some(a.end),
            escalation_owner: None,
            kind: Kind::MaintenanceWindow,
            policy_id: format!("window:{}", slug(&a.window_id)),
            owners: a.owners,
            providers: a.providers,
            reason: a.reason,
            start: Some(a.start),
        },
        PolicyCommand::Gap(a) => Rule {
            acknowledgement_minutes: None,
            end: Some(a.end),
            escalation_owner: None,
            kind: Kind::CalendarGap,
            policy_id: format!("gap:{}:{}", slug(&a.owner), slug(&a.start)),
            owners: vec![a.owner],
            providers: Vec::new(),
            reason: Some(a.reason),
            start: Some(a.start),
        },
    };
    let changed = routing::put(&ctx.ws, &rule)?;
    ctx.shell.status(&format!(
        "{} routing rule {}",
        if changed { "Saved" } else { "Unchanged" },
        rule.policy_id
    ));
    emit(
        &Rules {
            total: 1,
            items: vec![rule],
        },
        ctx.format,
    )?;
    Ok(ExitCode::Success)
}
