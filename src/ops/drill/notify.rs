//! Drill notifications and escalation plans.
//!
//! Policy: a schedule needs a notification when its status is not
//! `on_track` (`--force`: every schedule). The plan's selected providers
//! are the schedule's acknowledgement-required providers that have a
//! configured connector (and, with `--provider`, are among those asked
//! for; a provider asked for without a connector is refused before
//! anything is recorded); the routing policy then suppresses some (a
//! maintenance window or the owner's calendar gap, with the rule and its
//! reason) and the rest are delivered through the one engine as
//! [`super::NOTIFICATION_SOURCE`]. The plan id is derived from the schedule,
//! its due date and its status, so notifying twice about the same state
//! names the same plan (and the engine's idempotency keys make receivers
//! see one message).
//!
//! An escalation plan looks at every route of the latest notification of
//! each schedule: unacknowledged past its SLO → breached (critical,
//! `escalate_missed_drill_notification` to the escalation owner); within it
//! → warning; nothing outstanding → healthy.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::routing::{self, Suppression};
use super::schedule::{self, Schedule, Windows};
use super::{AlertLevel, DrillError, KIND_ESCALATION, KIND_NOTIFICATION_PLAN, derived_id, text};
use crate::clock::Timestamp;
use crate::connector::config;
use crate::ops::deliver::{self, DeliverOptions, DeliverOutcome, DeliverySource};
use crate::ops::workspace::Workspace;

/// How drill deliveries are sent (the engine's options a drill command takes).
#[derive(Debug, Clone)]
pub struct SendOptions {
    pub config: Option<PathBuf>,
    pub retries: u32,
    pub timeout: Duration,
    pub output: Option<PathBuf>,
    pub dry_run: bool,
    pub now: Timestamp,
}

/// The providers that have a configured connector (none without a
/// configuration file).
pub fn configured(ws: &Workspace, config_path: Option<&std::path::Path>) -> Result<Vec<String>, DrillError> {
    let path = config::locate(&ws.root, config_path);
    if config_path.is_none() && !path.exists() {
        return Ok(Vec::new());
    }
    let all = config::load(&path).map_err(deliver::DeliverError::from)?;
    let mut providers: Vec<String> = Vec::new();
    for c in &all {
        if !providers.iter().any(|p| p == c.provider.as_str()) {
            providers.push(c.provider.as_str().to_string());
        }
    }
    Ok(providers)
}

/// Delivers one drill event to `providers` through the engine.
pub fn send(
    ws: &Workspace,
    source: &DeliverySource,
    value: Value,
    sourcetype: Option<&'static str>,
    providers: &[String],
    opts: &SendOptions,
    tags: &Map<String, Value>,
) -> Result<DeliverOutcome, DrillError> {
    let raw = serde_json::to_string(&value).expect("values serialize");
    let mut event = deliver::events::event(value, &raw, &opts.now)
        .map_err(|(field, reason)| DrillError::BadField { field, reason })?;
    event.sourcetype = sourcetype;
    let d = DeliverOptions {
        event_file: PathBuf::from(source.file_suffix),
        config: opts.config.clone(),
        select: providers.to_vec(),
        integration: None,
        retries: opts.retries,
        timeout: opts.timeout,
        output: opts.output.clone(),
        metadata_json: None,
        dry_run: opts.dry_run,
        include_disabled: false,
        stream: false,
        now: opts.now,
    };
    let origin = PathBuf::from(source.file_suffix);
    Ok(deliver::run_recorded(
        ws,
        source,
        &[event],
        &origin,
        &d,
        &crate::progress::Silent,
        tags,
    )?)
}

/// One schedule's notification.
#[derive(Debug, Serialize)]
pub struct Notification {
    pub plan_id: String,
    pub schedule_id: String,
    pub status: schedule::Status,
    pub alert_level: AlertLevel,
    pub next_due_at: String,
    pub selected_providers: Vec<String>,
    pub suppressed: Vec<Suppression>,
    pub deliverable_providers: Vec<String>,
    pub delivery_success: Option<bool>,
    pub failed_providers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliverOutcome>,
}

#[derive(Debug, Serialize)]
pub struct NotifyOutcome {
    pub items: Vec<Notification>,
    pub total: usize,
    pub dry_run: bool,
}

/// `cavra drill notify`.
pub fn notify(
    ws: &Workspace,
    schedule_id: Option<&str>,
    providers: &[String],
    force: bool,
    windows: Windows,
    opts: &SendOptions,
) -> Result<NotifyOutcome, DrillError> {
    let all = schedule::load(ws)?;
    let chosen: Vec<Schedule> = match schedule_id {
        Some(id) => vec![schedule::find(&all, ws, id)?],
        None => all,
    };
    schedule::check_stored(ws, &chosen, &opts.now)?;
    let rules = routing::load(ws)?;
    let configured = configured(ws, opts.config.as_deref())?;
    if let Some(p) = providers.iter().find(|p| !configured.contains(p)) {
        return Err(DrillError::BadField {
            field: "--provider",
            reason: format!(
                "{} has no configured connector (configured: {})",
                crate::secrets::label(p),
                if configured.is_empty() {
                    "none".to_string()
                } else {
                    configured.join(", ")
                }
            ),
        });
    }
    let now = opts.now;
    let mut items = Vec::new();
    for s in chosen {
        let status = s.status(&now, windows);
        if status == schedule::Status::OnTrack && !force {
            continue;
        }
        let alert = status.alert_level();
        let plan_id = derived_id(
            "rdn_",
            &format!("{}:{}:{}", s.schedule_id, s.next_due_at, status.as_str()),
        );
        let selected: Vec<String> = s
            .acknowledgement_required_providers
            .iter()
            .filter(|p| configured.contains(p) && (providers.is_empty() || providers.contains(p)))
            .cloned()
            .collect();
        let suppressed: Vec<Suppression> = selected
            .iter()
            .filter_map(|p| routing::suppression(&rules, &s.owner, p, &now))
            .collect();
        let deliverable: Vec<String> = selected
            .iter()
            .filter(|p| !suppressed.iter().any(|x| &x.provider == *p))
            .cloned()
            .collect();
        let plan = json!({
            "metadata_kind": KIND_NOTIFICATION_PLAN,
            "created_at": now.rfc3339(),
            "plan_id": plan_id,
            "schedule_id": s.schedule_id,
            "owner": s.owner,
            "status": status.as_str(),
            "alert_level": alert.as_str(),
            "next_due_at": s.next_due_at,
            "selected_providers": selected,
            "suppressed": suppressed,
            "deliverable_providers": deliverable,
        });
        let mut n = Notification {
            plan_id: plan_id.clone(),
            schedule_id: s.schedule_id.clone(),
            status,
            alert_level: alert,
            next_due_at: s.next_due_at.clone(),
            selected_providers: selected,
            suppressed,
            deliverable_providers: deliverable.clone(),
            delivery_success: None,
            failed_providers: Vec::new(),
            delivery: None,
        };
        if !opts.dry_run {
            super::append(ws, &[plan])?;
        }
        if !deliverable.is_empty() {
            let event = json!({
                "event_id": plan_id,
                "event_type": super::NOTIFICATION_EVENT_TYPE,
                "severity": match alert { AlertLevel::Critical => "critical", AlertLevel::Warning => "medium", AlertLevel::Healthy => "info" },
                "summary": format!("rollback drill {} of {} ({}) is {}, due {}", s.schedule_id, s.service, s.environment, status.as_str(), s.next_due_at),
                "plan_id": plan_id,
                "schedule_id": s.schedule_id,
                "service": s.service,
                "environment": s.environment,
                "owner": s.owner,
                "status": status.as_str(),
                "alert_level": alert.as_str(),
                "last_drill_at": s.last_drill_at,
                "next_due_at": s.next_due_at,
                "created_at": now.rfc3339(),
            });
            let mut tags = Map::new();
            tags.insert("plan_id".into(), json!(plan_id));
            tags.insert("schedule_id".into(), json!(s.schedule_id));
            tags.insert("alert_level".into(), json!(alert.as_str()));
            let out = send(ws, &super::NOTIFICATION_SOURCE, event, None, &deliverable, opts, &tags)?;
            if !opts.dry_run {
                n.delivery_success = Some(out.evidence.success);
                n.failed_providers = failed(&out);
            }
            n.delivery = Some(out);
        }
        items.push(n);
    }
    Ok(NotifyOutcome {
        total: items.len(),
        items,
        dry_run: opts.dry_run,
    })
}

/// The providers whose delivery failed.
pub fn failed(out: &DeliverOutcome) -> Vec<String> {
    let mut v: Vec<String> = out
        .evidence
        .deliveries
        .iter()
        .filter(|d| d.skipped.is_none() && !d.success)
        .map(|d| d.provider.as_str().to_string())
        .collect();
    v.dedup();
    v
}

/// One route of an escalation plan.
#[derive(Debug, Serialize)]
pub struct EscalationRoute {
    pub schedule_id: String,
    pub provider: String,
    pub owner: String,
    pub acknowledgement_state: String,
    pub acknowledgement_minutes: u32,
    pub minutes_since_notification: i64,
    pub alert_level: AlertLevel,
    pub escalation_owner: Option<String>,
    pub recommended_action: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct EscalationPlan {
    pub escalation_id: String,
    pub alert_level: AlertLevel,
    pub breached_count: usize,
    pub warning_count: usize,
    pub routes: Vec<EscalationRoute>,
}

/// `cavra drill escalate`: routes of each schedule's latest delivered
/// notification, judged against their SLO at the clock's time.
pub fn escalate(
    ws: &Workspace,
    schedule_id: Option<&str>,
    now: &Timestamp,
    dry_run: bool,
) -> Result<EscalationPlan, DrillError> {
    let all = schedule::load(ws)?;
    if let Some(id) = schedule_id {
        schedule::find(&all, ws, id)?;
    }
    let rules = routing::load(ws)?;
    let records = super::ledger_records(ws)?;
    let states = super::audit::route_states(records.iter().filter_map(Value::as_object));
    let mut routes = Vec::new();
    for s in all.iter().filter(|s| schedule_id.is_none_or(|id| id == s.schedule_id)) {
        let Some(plan) = super::of_kind(&records, KIND_NOTIFICATION_PLAN)
            .filter(|r| text(r, "schedule_id") == Some(&s.schedule_id))
            .last()
        else {
            continue;
        };
        let sent_at = text(plan, "created_at").and_then(Timestamp::parse).unwrap_or(*now);
        let minutes = (now.unix() - sent_at.unix()) / 60;
        for p in plan["deliverable_providers"].as_array().into_iter().flatten() {
            let Some(p) = p.as_str() else { continue };
            let owner = text(plan, "owner").unwrap_or(&s.owner).to_string();
            let key = (s.schedule_id.clone(), owner.clone(), p.to_string());
            let state = super::audit::ack_of(&states, &key)
                .map(|a| a.state.clone())
                .unwrap_or_else(|| "outstanding".into());
            let (slo, escalation_owner) = routing::route(&rules, &owner, p);
            // Only acknowledged and resolved close a route.
            let outstanding = !super::audit::closes(&state);
            let breached = outstanding && minutes > i64::from(slo);
            routes.push(EscalationRoute {
                schedule_id: s.schedule_id.clone(),
                provider: p.to_string(),
                owner,
                acknowledgement_state: state,
                acknowledgement_minutes: slo,
                minutes_since_notification: minutes,
                alert_level: if breached {
                    AlertLevel::Critical
                } else if outstanding {
                    AlertLevel::Warning
                } else {
                    AlertLevel::Healthy
                },
                escalation_owner: breached.then_some(escalation_owner),
                recommended_action: breached.then_some("escalate_missed_drill_notification"),
            });
        }
    }
    let breached_count = routes.iter().filter(|r| r.alert_level == AlertLevel::Critical).count();
    let warning_count = routes.iter().filter(|r| r.alert_level == AlertLevel::Warning).count();
    let alert_level = routes
        .iter()
        .map(|r| r.alert_level)
        .max()
        .unwrap_or(AlertLevel::Healthy);
    let key: Vec<String> = routes
        .iter()
        .map(|r| format!("{}/{}={}", r.schedule_id, r.provider, r.alert_level.as_str()))
        .collect();
    let escalation_id = derived_id("rde_", &format!("{}:{}", now.rfc3339(), key.join(",")));
    let plan = EscalationPlan {
        escalation_id,
        alert_level,
        breached_count,
        warning_count,
        routes,
    };
    if !dry_run {
        let mut entry = serde_json::to_value(&plan).expect("plans serialize");
        if let Value::Object(m) = &mut entry {
            m.insert("metadata_kind".into(), json!(KIND_ESCALATION));
            m.insert("created_at".into(), json!(now.rfc3339()));
            m.insert("schedule_id".into(), json!(schedule_id));
        }
        super::append(ws, &[entry])?;
    }
    Ok(plan)
}
