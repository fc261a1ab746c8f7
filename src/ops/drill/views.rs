//! `drill history` and `drill dashboard`: the drill records of the evidence
//! metadata ledger, filtered, and the drill figures over them.
//!
//! Policy: filters match exactly and combine (a record passes every filter
//! given, and a filter when any of its values match). `--provider` matches
//! a delivery's providers, a plan's selected providers and a package's route
//! providers; `--delivery-id` a delivery id, event id or session id. The
//! dashboard reads the whole ledger (no cap) and counts a delivery to two
//! providers as two deliveries, each by its own outcome. A failed provider
//! is recovered when a later delivery of the same event to it succeeded.
//! Figures come from metadata alone: no credential, URL or payload.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::schedule::{self, Windows};
use super::{AlertLevel, DrillError, KINDS, text};
use crate::clock::Timestamp;
use crate::ops::workspace::Workspace;

/// The history filters (empty: no filter).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub schedule_id: Vec<String>,
    pub provider: Vec<String>,
    pub metadata_kind: Vec<String>,
    pub acknowledgement_state: Vec<String>,
    pub connector_delivery_source: Vec<String>,
    pub delivery_success: Option<bool>,
    pub alert_level: Vec<String>,
    pub audit_id: Vec<String>,
    pub delivery_id: Vec<String>,
    pub cadence: Vec<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

fn strings<'a>(r: &'a Value, field: &str) -> impl Iterator<Item = &'a str> + use<'a> {
    r.get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

impl Filter {
    pub fn matches(&self, r: &Value) -> bool {
        let one = |values: &[String], field: &str| {
            values.is_empty() || text(r, field).is_some_and(|v| values.iter().any(|x| x == v))
        };
        let providers = || {
            text(r, "provider")
                .into_iter()
                .chain(strings(r, "providers"))
                .chain(strings(r, "selected_providers"))
                .chain(strings(r, "route_providers"))
        };
        let created = text(r, "created_at").and_then(Timestamp::parse);
        one(&self.schedule_id, "schedule_id")
            && (self.provider.is_empty() || providers().any(|p| self.provider.iter().any(|x| x == p)))
            && one(&self.metadata_kind, "metadata_kind")
            && one(&self.acknowledgement_state, "acknowledgement_state")
            && one(&self.connector_delivery_source, "connector_delivery_source")
            && self
                .delivery_success
                .is_none_or(|want| r.get("delivery_success").and_then(Value::as_bool) == Some(want))
            && one(&self.alert_level, "alert_level")
            && one(&self.audit_id, "audit_id")
            && (self.delivery_id.is_empty()
                || ["delivery_id", "event_id", "session_id"]
                    .iter()
                    .any(|f| text(r, f).is_some_and(|v| self.delivery_id.iter().any(|x| x == v))))
            && one(&self.cadence, "cadence")
            && self.since.is_none_or(|s| created.is_some_and(|c| c >= s))
            && self.until.is_none_or(|u| created.is_some_and(|c| c < u))
    }
}

/// Whether a ledger record is a drill record.
pub fn is_drill(r: &Value) -> bool {
    text(r, "metadata_kind").is_some_and(|k| KINDS.contains(&k))
}

/// `{items, total}`: newest first; `total` counts every match.
#[derive(Debug, Serialize)]
pub struct History {
    pub items: Vec<Value>,
    pub total: usize,
}

/// `cavra drill history`.
pub fn history(ws: &Workspace, filter: &Filter, limit: Option<usize>, offset: usize) -> Result<History, DrillError> {
    let records = super::ledger_records(ws)?;
    let matched: Vec<&Value> = records
        .iter()
        .rev()
        .filter(|r| is_drill(r) && filter.matches(r))
        .collect();
    Ok(History {
        total: matched.len(),
        items: matched
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .cloned()
            .collect(),
    })
}

/// One provider's audit deliveries, each counted by its own outcome.
#[derive(Debug, Default, Serialize)]
pub struct ProviderFigures {
    pub provider: String,
    pub total: usize,
    pub success: usize,
    pub failed: usize,
    pub recovered: usize,
    pub attempt_count: u64,
    pub last_delivery_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub alert_level: AlertLevel,
    pub alerts: Vec<String>,
    pub schedule_count: usize,
    pub schedules_by_status: BTreeMap<&'static str, usize>,
    pub notification_plan_count: usize,
    pub notification_delivery_count: usize,
    pub failed_notification_delivery_count: usize,
    pub suppressed_route_count: usize,
    pub escalation_plan_count: usize,
    pub breached_route_count: usize,
    pub acknowledgement_count: usize,
    pub outstanding_route_count: usize,
    pub acknowledgement_audit_package_count: usize,
    pub acknowledgement_audit_delivery_plan_count: usize,
    pub acknowledgement_audit_delivery_count: usize,
    pub failed_acknowledgement_audit_delivery_count: usize,
    pub acknowledgement_audit_delivery_success_count: usize,
    pub acknowledgement_audit_delivery_success_rate: Option<f64>,
    pub acknowledgement_audit_delivery_providers: Vec<ProviderFigures>,
    pub acknowledgement_audit_delivery_health: AlertLevel,
}

/// Per-provider outcomes of deliveries of `kind` (recovered when a later
/// delivery of the same event to that provider succeeded).
fn per_provider(records: &[Value], kind: &str) -> BTreeMap<String, ProviderFigures> {
    let deliveries: Vec<&Value> = super::of_kind(records, kind).collect();
    let mut ok_later: BTreeSet<(String, String)> = BTreeSet::new();
    let mut out: BTreeMap<String, ProviderFigures> = BTreeMap::new();
    for r in deliveries.iter().rev() {
        let event = text(r, "event_id").unwrap_or_default().to_string();
        let failed: BTreeSet<&str> = strings(r, "failed_providers").collect();
        let attempts = r.get("attempt_count").and_then(Value::as_u64).unwrap_or(0);
        let providers: Vec<&str> = strings(r, "providers").collect();
        let n = providers.len().max(1) as u64;
        for p in providers {
            let f = out.entry(p.to_string()).or_insert_with(|| ProviderFigures {
                provider: p.to_string(),
                ..ProviderFigures::default()
            });
            f.total += 1;
            f.attempt_count += attempts / n;
            if f.last_delivery_at.is_none() {
                f.last_delivery_at = text(r, "created_at").map(str::to_string);
            }
            let key = (event.clone(), p.to_string());
            if failed.contains(p) {
                f.failed += 1;
                if ok_later.contains(&key) {
                    f.recovered += 1;
                }
            } else {
                f.success += 1;
                ok_later.insert(key);
            }
        }
    }
    out
}

/// `cavra drill dashboard`.
pub fn dashboard(
    ws: &Workspace,
    since: Option<Timestamp>,
    now: &Timestamp,
    windows: Windows,
) -> Result<Dashboard, DrillError> {
    let all = super::ledger_records(ws)?;
    let records: Vec<Value> = all
        .into_iter()
        .filter(|r| is_drill(r))
        .filter(|r| since.is_none_or(|s| text(r, "created_at").and_then(Timestamp::parse).is_some_and(|c| c >= s)))
        .collect();
    let count = |kind: &str| super::of_kind(&records, kind).count();
    let schedules = schedule::load(ws)?;
    let mut by_status: BTreeMap<&'static str, usize> = ["on_track", "due_soon", "needs_attention"]
        .into_iter()
        .map(|s| (s, 0))
        .collect();
    for s in &schedules {
        *by_status.entry(s.status(now, windows).as_str()).or_default() += 1;
    }
    let states = super::audit::route_states(&records);
    let outstanding = schedules
        .iter()
        .flat_map(|s| {
            s.acknowledgement_required_providers
                .iter()
                .map(move |p| (s.schedule_id.clone(), p.clone()))
        })
        .filter(|k| !states.contains_key(k))
        .count();
    let audit = per_provider(&records, super::KIND_AUDIT_DELIVERY);
    let notif = per_provider(&records, super::KIND_NOTIFICATION_DELIVERY);
    let sum =
        |m: &BTreeMap<String, ProviderFigures>, f: fn(&ProviderFigures) -> usize| m.values().map(f).sum::<usize>();
    let audit_total = sum(&audit, |f| f.total);
    let audit_failed = sum(&audit, |f| f.failed);
    let audit_unrecovered = audit_failed - sum(&audit, |f| f.recovered);
    let notif_failed = sum(&notif, |f| f.failed);
    let notif_unrecovered = notif_failed - sum(&notif, |f| f.recovered);
    let suppressed = super::of_kind(&records, super::KIND_NOTIFICATION_PLAN)
        .map(|r| r.get("suppressed").and_then(Value::as_array).map_or(0, Vec::len))
        .sum();
    let breached = super::of_kind(&records, super::KIND_ESCALATION)
        .last()
        .and_then(|r| r.get("breached_count").and_then(Value::as_u64))
        .unwrap_or(0) as usize;
    let health = if audit_unrecovered > 0 {
        AlertLevel::Critical
    } else if audit_total == 0 {
        AlertLevel::Warning
    } else {
        AlertLevel::Healthy
    };
    let mut alerts = Vec::new();
    if audit_unrecovered > 0 {
        alerts.push(format!(
            "{audit_unrecovered} acknowledgement audit deliveries failed and were not recovered"
        ));
    }
    if notif_unrecovered > 0 {
        alerts.push(format!(
            "{notif_unrecovered} drill notification deliveries failed and were not recovered"
        ));
    }
    if outstanding > 0 {
        alerts.push(format!("{outstanding} drill notification routes are not acknowledged"));
    }
    if breached > 0 {
        alerts.push(format!("{breached} routes are past their acknowledgement SLO"));
    }
    let needs = by_status.get("needs_attention").copied().unwrap_or(0);
    if needs > 0 {
        alerts.push(format!("{needs} drill schedules need attention"));
    }
    let critical = audit_unrecovered > 0 || notif_unrecovered > 0 || outstanding > 0 || breached > 0;
    let warning = needs > 0 || by_status.get("due_soon").copied().unwrap_or(0) > 0;
    Ok(Dashboard {
        alert_level: if critical {
            AlertLevel::Critical
        } else if warning {
            AlertLevel::Warning
        } else {
            AlertLevel::Healthy
        },
        alerts,
        schedule_count: schedules.len(),
        schedules_by_status: by_status,
        notification_plan_count: count(super::KIND_NOTIFICATION_PLAN),
        notification_delivery_count: sum(&notif, |f| f.total),
        failed_notification_delivery_count: notif_failed,
        suppressed_route_count: suppressed,
        escalation_plan_count: count(super::KIND_ESCALATION),
        breached_route_count: breached,
        acknowledgement_count: count(super::KIND_ACKNOWLEDGEMENT),
        outstanding_route_count: outstanding,
        acknowledgement_audit_package_count: count(super::KIND_AUDIT),
        acknowledgement_audit_delivery_plan_count: count(super::KIND_AUDIT_PLAN),
        acknowledgement_audit_delivery_count: audit_total,
        failed_acknowledgement_audit_delivery_count: audit_failed,
        acknowledgement_audit_delivery_success_count: audit_total - audit_failed,
        acknowledgement_audit_delivery_success_rate: (audit_total > 0)
            .then(|| (audit_total - audit_failed) as f64 / audit_total as f64),
        acknowledgement_audit_delivery_providers: audit.into_values().collect(),
        acknowledgement_audit_delivery_health: health,
    })
}
