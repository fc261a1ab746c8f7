//! Acknowledgements and acknowledgement audit packages.
//!
//! Policy: an acknowledgement is a ledger entry; a route (schedule ×
//! acknowledgement-required provider) is in the state of its latest one,
//! else `outstanding`. An audit package rolls the routes up (critical when
//! anything is escalated or outstanding); its id is derived from its routes
//! and their acknowledgements, so the same state gives the same package and
//! it is recorded once. Acknowledgement notes stay in the ledger: no
//! package or delivered payload carries them.

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
            "acknowledgement_state": state.as_str(),
            "acknowledged_by": by,
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

/// The latest acknowledgement of every route: (state, acknowledgement id).
pub fn route_states<'a>(
    records: impl IntoIterator<Item = &'a Map<String, Value>>,
) -> BTreeMap<(String, String), (String, String)> {
    route_states_by(records, |r: &'a Map<String, Value>, k| r.get(k).and_then(Value::as_str))
}

/// [`route_states`] of records whose string fields `text` reads (a
/// history's items read them without a `Value`).
pub fn route_states_by<'a, R: 'a>(
    records: impl IntoIterator<Item = &'a R>,
    text: impl Fn(&'a R, &str) -> Option<&'a str>,
) -> BTreeMap<(String, String), (String, String)> {
    let mut m = BTreeMap::new();
    for r in records {
        if text(r, "metadata_kind") != Some(KIND_ACKNOWLEDGEMENT) {
            continue;
        }
        if let (Some(s), Some(p), Some(state)) = (
            text(r, "schedule_id"),
            text(r, "provider"),
            text(r, "acknowledgement_state"),
        ) {
            let id = text(r, "acknowledgement_id").unwrap_or_default();
            m.insert((s.to_string(), p.to_string()), (state.to_string(), id.to_string()));
        }
    }
    m
}

/// One route of a package.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub schedule_id: String,
    pub provider: String,
    pub acknowledgement_state: String,
    pub acknowledgement_id: Option<String>,
}

/// An acknowledgement audit package.
#[derive(Debug, Clone, Serialize)]
pub struct Package {
    pub audit_id: String,
    pub schedule_ref: Option<String>,
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

/// `cavra drill audit`.
pub fn audit(ws: &Workspace, schedule_id: Option<&str>, now: &Timestamp) -> Result<Package, DrillError> {
    let all = schedule::load(ws)?;
    let chosen: Vec<Schedule> = match schedule_id {
        Some(id) => vec![schedule::find(&all, ws, id)?],
        None => all,
    };
    let records = super::ledger_records(ws)?;
    let states = route_states(records.iter().filter_map(Value::as_object));
    let mut routes = Vec::new();
    for s in &chosen {
        for p in &s.acknowledgement_required_providers {
            let found = states.get(&(s.schedule_id.clone(), p.clone()));
            routes.push(Route {
                schedule_id: s.schedule_id.clone(),
                provider: p.clone(),
                acknowledgement_state: found.map_or("outstanding".into(), |(st, _)| st.clone()),
                acknowledgement_id: found.map(|(_, id)| id.clone()),
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
    let (escalated, outstanding) = (count("escalated"), count("outstanding"));
    let key: Vec<String> = routes
        .iter()
        .map(|r| {
            format!(
                "{}/{}={}@{}",
                r.schedule_id,
                r.provider,
                r.acknowledgement_state,
                r.acknowledgement_id.as_deref().unwrap_or("-")
            )
        })
        .collect();
    let audit_id = derived_id("rda_", &format!("{}:{}", schedule_id.unwrap_or("*"), key.join(",")));
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
        alert_level: if escalated + outstanding > 0 {
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
            m.insert("schedule_id".into(), json!(schedule_id));
        }
        super::append(ws, &[entry])?;
    } else {
        package.recorded = false;
    }
    Ok(package)
}
