//! Acknowledgements and acknowledgement audit packages.
//!
//! Policy (SPEC 10.2): a route is a (schedule, owner, provider) that a
//! recorded notification plan selected (one suppressed by a maintenance
//! window included); a provider never notified is no route, so it is
//! never outstanding. An acknowledgement is a ledger entry;
//! a route is in the state of its latest one, else `outstanding`, and only
//! `acknowledged` and `resolved` close it (`escalated` and `dismissed` keep
//! the alert). An audit package rolls the routes up (critical while any
//! route is open), each route with who acknowledged it, when, its change
//! record (`external_ref`) and the acknowledgement id; its id is derived
//! from its routes and their acknowledgements, so the same state gives the
//! same package and it is recorded once. Acknowledgement notes stay in the
//! ledger: no package or delivered payload carries them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::schedule::{self, Schedule};
use super::{AlertLevel, DrillError, KIND_ACKNOWLEDGEMENT, KIND_AUDIT, derived_id, of_kind, text};
use crate::clock::Timestamp;
use crate::ops::workspace::Workspace;

/// An acknowledgement's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum AckState {
    Acknowledged,
    Dismissed,
    Escalated,
    Resolved,
}

impl AckState {
    pub fn as_str(self) -> &'static str {
        match self {
            AckState::Acknowledged => "acknowledged",
            AckState::Dismissed => "dismissed",
            AckState::Escalated => "escalated",
            AckState::Resolved => "resolved",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AckOutcome {
    pub acknowledgement_id: String,
    pub schedule_id: String,
    pub provider: String,
    pub acknowledgement_state: AckState,
    pub acknowledged_by: String,
    pub external_ref: Option<String>,
    pub created_at: String,
}

/// `cavra drill ack`.
#[allow(clippy::too_many_arguments)]
pub fn ack(
    ws: &Workspace,
    schedule_id: &str,
    provider: &str,
    state: AckState,
    by: &str,
    external_ref: Option<&str>,
    note: Option<&str>,
    now: &Timestamp,
) -> Result<AckOutcome, DrillError> {
    let s = schedule::show(ws, schedule_id)?;
    if !s.acknowledgement_required_providers.iter().any(|p| p == provider) {
        return Err(DrillError::ProviderNotOnSchedule {
            schedule: s.schedule_id,
            provider: provider.to_string(),
            providers: s.acknowledgement_required_providers,
        });
    }
    if by.trim().is_empty() {
        return Err(DrillError::BadField {
            field: "--by",
            reason: "is empty".into(),
        });
    }
    let id = derived_id(
        "rdk_",
        &format!("{schedule_id}:{provider}:{}:{by}:{}", state.as_str(), now.rfc3339()),
    );
    super::append(
        ws,
        &[json!({
            "metadata_kind": KIND_ACKNOWLEDGEMENT,
            "created_at": now.rfc3339(),
            "acknowledgement_id": id,
            "schedule_id": schedule_id,
            "provider": provider,
            "owner": s.owner,
            "acknowledgement_state": state.as_str(),
            "acknowledged_by": by,
            "acknowledged_at": now.rfc3339(),
            "external_ref": external_ref,
            "note": note,
        })],
    )?;
    Ok(AckOutcome {
        acknowledgement_id: id,
        schedule_id: schedule_id.into(),
        provider: provider.into(),
        acknowledgement_state: state,
        acknowledged_by: by.into(),
        external_ref: external_ref.map(str::to_string),
        created_at: now.rfc3339(),
    })
}

/// The latest acknowledgement of a (schedule, provider).
#[derive(Debug, Clone, Default)]
pub struct AckInfo {
    pub state: String,
    pub id: String,
    pub by: Option<String>,
    pub at: Option<String>,
    pub external_ref: Option<String>,
    /// The schedule's owner when it was recorded (absent in older entries).
    pub owner: Option<String>,
}

/// Whether an acknowledgement in `state` closes its route: only
/// `acknowledged` and `resolved` do; `escalated` and `dismissed` keep it open.
pub fn closes(state: &str) -> bool {
    matches!(state, "acknowledged" | "resolved")
}

/// A route: a (schedule, owner, provider) a notification plan selected.
pub type RouteKey = (String, String, String);

/// The latest acknowledgement of every (schedule, provider).
pub fn route_states<'a>(
    records: impl IntoIterator<Item = &'a Map<String, Value>>,
) -> BTreeMap<(String, String), AckInfo> {
    route_states_by(records, |r: &'a Map<String, Value>, k| r.get(k).and_then(Value::as_str))
}

/// [`route_states`] of records whose string fields `text` reads (a
/// history's items read them without a `Value`).
pub fn route_states_by<'a, R: 'a>(
    records: impl IntoIterator<Item = &'a R>,
    text: impl Fn(&'a R, &str) -> Option<&'a str>,
) -> BTreeMap<(String, String), AckInfo> {
    let mut m = BTreeMap::new();
    for r in records {
        if !super::is_kind(text(r, "metadata_kind"), KIND_ACKNOWLEDGEMENT) {
            continue;
        }
        if let (Some(s), Some(p), Some(state)) = (
            text(r, "schedule_id"),
            text(r, "provider"),
            text(r, "acknowledgement_state"),
        ) {
            let own = |k: &str| text(r, k).map(str::to_string);
            let info = AckInfo {
                state: state.to_string(),
                id: own("acknowledgement_id").unwrap_or_default(),
                by: own("acknowledged_by"),
                at: own("acknowledged_at").or_else(|| own("created_at")),
                external_ref: own("external_ref"),
                owner: own("owner"),
            };
            m.insert((s.to_string(), p.to_string()), info);
        }
    }
    m
}

/// The acknowledgement that decides `route`'s state (one recorded for
/// another owner of the schedule does not).
pub fn ack_of<'m>(states: &'m BTreeMap<(String, String), AckInfo>, route: &RouteKey) -> Option<&'m AckInfo> {
    states
        .get(&(route.0.clone(), route.2.clone()))
        .filter(|a| a.owner.as_deref().is_none_or(|o| o == route.1))
}

/// The routes the recorded notification plans selected (a plan's
/// `selected_providers`: the schedule's required providers with a
/// connector, a route in a maintenance window included), in the order
/// first selected. A provider no plan selected is no route.
pub fn routes_by<'a, R: 'a>(
    plans: impl IntoIterator<Item = &'a R>,
    text: impl Fn(&'a R, &str) -> Option<&'a str>,
    selected: impl Fn(&'a R) -> Vec<String>,
) -> Vec<RouteKey> {
    let mut routes: Vec<RouteKey> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for plan in plans {
        let (Some(s), Some(owner)) = (text(plan, "schedule_id"), text(plan, "owner")) else {
            continue;
        };
        for p in selected(plan) {
            let key = (s.to_string(), owner.to_string(), p);
            if seen.insert(key.clone()) {
                routes.push(key);
            }
        }
    }
    routes
}

/// The providers a recorded plan selected.
pub fn selected(plan: &Value) -> Vec<String> {
    plan.get("selected_providers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// One route of a package.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub schedule_id: String,
    pub owner: String,
    pub provider: String,
    pub acknowledgement_state: String,
    pub acknowledgement_id: Option<String>,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<String>,
    pub external_ref: Option<String>,
}

/// An acknowledgement audit package.
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub audit_id: String,
    pub schedule_ref: Option<String>,
    pub owner: Option<String>,
    pub alert_level: AlertLevel,
    pub route_count: usize,
    pub acknowledgement_count: usize,
    pub acknowledged_count: usize,
    pub resolved_count: usize,
    pub escalated_count: usize,
    pub dismissed_count: usize,
    pub outstanding_count: usize,
    pub routes: Vec<Route>,
    pub route_providers: Vec<String>,
    pub created_at: String,
    /// Whether this call recorded it (false: the same package was already).
    pub recorded: bool,
}

/// `cavra drill audit`: the routes notification plans selected (of one
/// schedule, one owner, or all), each in the state of its latest
/// acknowledgement, else outstanding.
pub fn audit(
    ws: &Workspace,
    schedule_id: Option<&str>,
    owner: Option<&str>,
    now: &Timestamp,
) -> Result<Package, DrillError> {
    let all = schedule::load(ws)?;
    let chosen: Vec<Schedule> = match schedule_id {
        Some(id) => vec![schedule::find(&all, ws, id)?],
        None => all,
    };
    let records = super::ledger_records(ws)?;
    let states = route_states(records.iter().filter_map(Value::as_object));
    let plans = of_kind(&records, super::KIND_NOTIFICATION_PLAN);
    let notified_routes = routes_by(plans, |r: &Value, k| text(r, k), selected);
    let mut routes = Vec::new();
    for s in &chosen {
        for key in notified_routes
            .iter()
            .filter(|k| k.0 == s.schedule_id && owner.is_none_or(|o| o == k.1))
        {
            let found = ack_of(&states, key);
            routes.push(Route {
                schedule_id: key.0.clone(),
                owner: key.1.clone(),
                provider: key.2.clone(),
                acknowledgement_state: found.map_or("outstanding".into(), |a| a.state.clone()),
                acknowledgement_id: found.map(|a| a.id.clone()),
                acknowledged_by: found.and_then(|a| a.by.clone()),
                acknowledged_at: found.and_then(|a| a.at.clone()),
                external_ref: found.and_then(|a| a.external_ref.clone()),
            });
        }
    }
    let count = |state: &str| routes.iter().filter(|r| r.acknowledgement_state == state).count();
    let acknowledgement_count = of_kind(&records, KIND_ACKNOWLEDGEMENT)
        .filter(|r| {
            routes.iter().any(|x| {
                Some(x.schedule_id.as_str()) == text(r, "schedule_id")
                    && Some(x.provider.as_str()) == text(r, "provider")
            })
        })
        .count();
    let open = routes.iter().filter(|r| !closes(&r.acknowledgement_state)).count();
    let (escalated, outstanding) = (count("escalated"), count("outstanding"));
    let key: Vec<String> = routes
        .iter()
        .map(|r| {
            format!(
                "{}/{}/{}={}@{}",
                r.schedule_id,
                r.owner,
                r.provider,
                r.acknowledgement_state,
                r.acknowledgement_id.as_deref().unwrap_or("-")
            )
        })
        .collect();
    let audit_id = derived_id(
        "rda_",
        &format!(
            "{}:{}:{}",
            schedule_id.unwrap_or("*"),
            owner.unwrap_or("*"),
            key.join(",")
        ),
    );
    let mut route_providers: Vec<String> = Vec::new();
    for r in &routes {
        if !route_providers.contains(&r.provider) {
            route_providers.push(r.provider.clone());
        }
    }
    let existing = of_kind(&records, KIND_AUDIT).any(|r| text(r, "audit_id") == Some(&audit_id));
    let mut package = Package {
        audit_id,
        schedule_ref: schedule_id.map(str::to_string),
        owner: owner.map(str::to_string),
        alert_level: if open > 0 {
            AlertLevel::Critical
        } else {
            AlertLevel::Healthy
        },
        route_count: routes.len(),
        acknowledgement_count,
        acknowledged_count: count("acknowledged"),
        resolved_count: count("resolved"),
        escalated_count: escalated,
        dismissed_count: count("dismissed"),
        outstanding_count: outstanding,
        routes,
        route_providers,
        created_at: now.rfc3339(),
        recorded: !existing,
    };
    if !existing {
        let mut entry = serde_json::to_value(&package).expect("packages serialize");
        if let Value::Object(m) = &mut entry {
            m.remove("recorded");
            m.insert("metadata_kind".into(), json!(KIND_AUDIT));
            m.insert(
                "connector_delivery_source".into(),
                json!(super::AUDIT_SOURCE.connector_delivery_source),
            );
            m.insert("schedule_id".into(), json!(schedule_id));
        }
        super::append(ws, &[entry])?;
    } else {
        package.recorded = false;
    }
    Ok(package)
}
