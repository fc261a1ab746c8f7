//! `drill history` and `drill dashboard`: named filters and extra figures
//! of the one delivery history and dashboard ([`crate::ops::history`]).
//!
//! Policy: the ledger is read once, through the history core's reader
//! rules (a broken chain is refused with validate's hint). The drill
//! history is the core's [`History`] of every drill entry — deliveries and
//! also the plans, acknowledgements and packages the drill commands record
//! — paged by the core (`{items, total}`, newest first, no cap) under a
//! core [`Filter`]: exact matches on the drill fields, `--provider` on a
//! delivery's providers, a plan's selected providers and a package's route
//! providers. `--delivery-id` (a delivery id, event id or session id: three
//! fields, any of them) is the one match the core filter cannot say, and is
//! applied to the items first. The drill dashboard is the core dashboard of
//! the drill deliveries (each provider by its own outcome, recovered
//! retries), with the audit and notification figures from the same core
//! function under narrower filters, and the drill's own figures (schedules,
//! acknowledgements, suppressions, breaches) as its `extra`. Figures come
//! from metadata alone: no credential, URL or payload.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::routing_history::{Plan, counts, plan};
use super::schedule::{self, Windows};
use super::{ACCEPTED_KINDS, DrillError, KIND_AUDIT_DELIVERY, KIND_NOTIFICATION_DELIVERY, canonical_kind, is_kind};
use crate::clock::Timestamp;
use crate::ops::history::dashboard::{Alert, AlertRules, Dashboard, Level, dashboard as core_dashboard};
use crate::ops::history::{Filter, History, Item, Page, fields};
use crate::ops::workspace::Workspace;
use crate::store::ledger;
use crate::store::registry::EVIDENCE_METADATA;

/// The drill history filters beyond the core's.
#[derive(Debug, Clone, Default)]
pub struct DrillFilter {
    /// The core filter (providers, success, window, kinds, sources, fields).
    pub core: Filter,
    /// Delivery id, event id or session id.
    pub delivery_id: Vec<String>,
}

impl DrillFilter {
    /// Adds an exact match on a record field (nothing when `values` is empty).
    pub fn field(&mut self, name: &str, values: Vec<String>) {
        if !values.is_empty() {
            self.core.fields.push((name.to_string(), values));
        }
    }
}

/// A drill ledger entry as a history item: its providers are a delivery's
/// providers, a plan's selected providers, a package's route providers or
/// an acknowledgement's provider.
pub fn item(e: &ledger::Entry) -> Option<Item> {
    // Every drill kind (present or legacy name) holds this, and a record's
    // canonical text spells its kind as it is: the rest of the ledger is
    // passed over without a walk.
    if !e.record.text().contains("rollback-drill-") {
        return None;
    }
    let wanted = [
        "delivery_success",
        "providers",
        "selected_providers",
        "route_providers",
        "provider",
    ];
    let item = Item::new(e, &wanted, |found| {
        // A delivery's providers are those it delivered to; a plan's,
        // package's or acknowledgement's are those it names.
        let lists = match found[0] {
            Some(_) => &found[1..2],
            None => &found[2..4],
        };
        let own = match found[4].map(fields::as_str) {
            Some(fields::Read::Str(p)) => Some(p.to_string()),
            Some(fields::Read::Escaped) => e.record.get("provider").and_then(Value::as_str).map(String::from),
            _ => None,
        };
        let mut providers: Vec<String> = Vec::new();
        for p in lists.iter().flatten().flat_map(|l| fields::strings(l)).chain(own) {
            if !providers.contains(&p) {
                providers.push(p);
            }
        }
        providers
    });
    // A drill view keeps every drill entry: each on its own text, none
    // holding the segment it was read from.
    item.metadata_kind()
        .is_some_and(|k| ACCEPTED_KINDS.contains(&k))
        .then(|| item.detached())
}

/// Every drill entry of the ledger (read once, verified). The core's
/// dashboard takes it as it is: its filters name the delivery kinds, and
/// only deliveries (and their retries, recorded under the same kind) say
/// `delivery_success` and `retry_of`.
pub fn load(ws: &Workspace) -> Result<History, DrillError> {
    let loc = ws.locate(&EVIDENCE_METADATA);
    let mut drill = History::default();
    History::stream_items(&loc, &item, &mut |i| drill.items.push(i))?;
    Ok(drill)
}

/// The drill entries among verified ledger `entries` (for a caller that
/// has read the ledger already, such as the evidence console).
pub fn from_entries(entries: &[ledger::Entry]) -> History {
    History::select(entries, item)
}

/// `cavra drill history`. A kind given by its present or legacy name finds
/// the entries written under both; the audit source also finds audit
/// packages and delivery plans recorded before they carried it.
pub fn history<'a>(drill: &'a mut History, filter: &DrillFilter, limit: Option<usize>, offset: usize) -> Page<'a> {
    if !filter.delivery_id.is_empty() {
        drill.items.retain(|i| {
            ["delivery_id", "event_id", "session_id"]
                .iter()
                .any(|f| i.str(f).is_some_and(|v| filter.delivery_id.iter().any(|x| x == v)))
        });
    }
    if filter.core.success.is_some() {
        // Only deliveries have an outcome.
        drill.items.retain(|i| i.has("delivery_success"));
    }
    let mut core = filter.core.clone();
    core.metadata_kinds = super::with_aliases(&core.metadata_kinds);
    let sources = std::mem::take(&mut core.connector_delivery_sources);
    if !sources.is_empty() {
        let audit = sources
            .iter()
            .any(|s| s == super::AUDIT_SOURCE.connector_delivery_source);
        drill.items.retain(|i| {
            i.source().is_some_and(|s| sources.iter().any(|x| x == s))
                || (audit
                    && (is_kind(i.metadata_kind(), super::KIND_AUDIT)
                        || is_kind(i.metadata_kind(), super::KIND_AUDIT_PLAN)))
        });
    }
    drill.page(&core, limit, offset)
}

/// A drill delivery that failed and was not recovered is critical; no
/// delivery yet is no finding of its own (schedules say what is due).
const DRILL_RULES: AlertRules<'static> = AlertRules {
    failure: &|_| Level::Critical,
    empty: Level::None,
};

fn kind_filter(kind: &str, since: Option<i128>) -> Filter {
    Filter {
        metadata_kinds: vec![kind.to_string()],
        since,
        ..Filter::default()
    }
}

fn alert(level: Level, message: String) -> Alert {
    Alert {
        level,
        message,
        provider: None,
        event_type: None,
        failures: 0,
        last_event_id: None,
        last_failed_at: None,
    }
}

/// `cavra drill dashboard`.
pub fn dashboard(
    ws: &Workspace,
    since: Option<i128>,
    now: &Timestamp,
    windows: Windows,
) -> Result<Dashboard, DrillError> {
    dashboard_of(ws, &load(ws)?, since, now, windows)
}

/// `cavra drill dashboard` over the drill entries `drill` ([`load`]ed already).
pub fn dashboard_of(
    ws: &Workspace,
    drill: &History,
    since: Option<i128>,
    now: &Timestamp,
    windows: Windows,
) -> Result<Dashboard, DrillError> {
    let deliveries = drill;
    let base = Filter {
        metadata_kinds: vec![KIND_NOTIFICATION_DELIVERY.into(), KIND_AUDIT_DELIVERY.into()],
        since,
        ..Filter::default()
    };
    base.check()?;
    // Three independent passes over the same items: on every core.
    let (mut d, (audit, notif)) = rayon::join(
        || core_dashboard(deliveries, &base, &DRILL_RULES),
        || {
            rayon::join(
                || core_dashboard(deliveries, &kind_filter(KIND_AUDIT_DELIVERY, since), &DRILL_RULES),
                || {
                    core_dashboard(
                        deliveries,
                        &kind_filter(KIND_NOTIFICATION_DELIVERY, since),
                        &DRILL_RULES,
                    )
                },
            )
        },
    );
    let in_window: Vec<&Item> = drill
        .items
        .iter()
        .filter(|i| since.is_none_or(|s| i.created >= s))
        .collect();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &in_window {
        *kinds
            .entry(canonical_kind(i.metadata_kind().unwrap_or_default()))
            .or_default() += 1;
    }
    let count = |kind: &str| kinds.get(kind).copied().unwrap_or(0);
    let of = |kind: &'static str| {
        in_window
            .iter()
            .copied()
            .filter(move |i| is_kind(i.metadata_kind(), kind))
    };

    // Read as stored: a schedule whose dates are wrong is a critical
    // finding here (its status is needs_attention), not a refusal, so the
    // dashboard and the console still show everything else.
    let schedules = schedule::load(ws)?;
    let bad_dates: Vec<String> = schedules
        .iter()
        .filter_map(|s| schedule::dates_problem(s, now).map(|(_, m)| format!("{}: {m}", s.schedule_id)))
        .collect();
    let mut by_status: BTreeMap<&'static str, usize> = ["on_track", "due_soon", "needs_attention"]
        .into_iter()
        .map(|s| (s, 0))
        .collect();
    for s in &schedules {
        *by_status.entry(s.status(now, windows).as_str()).or_default() += 1;
    }
    let states = super::audit::route_states_by(of(super::KIND_ACKNOWLEDGEMENT), |i: &Item, k| i.str(k));
    // Each notification and escalation plan read once, for its routes,
    // suppressions, breaches and routing decisions alike.
    let plans: Vec<Plan> = in_window.iter().copied().filter_map(plan).collect();
    // Routes are what plans selected, of the schedules there are; a route
    // is open until acknowledged or resolved.
    let routes: Vec<_> = super::audit::routes_by(&plans, Plan::text, |p: &Plan| p.selected.clone())
        .into_iter()
        .filter(|r| schedules.iter().any(|s| s.schedule_id == r.0))
        .collect();
    let open_routes: Vec<Value> = routes
        .iter()
        .filter(|r| super::audit::ack_of(&states, r).is_none_or(|a| !super::audit::closes(&a.state)))
        .map(|(schedule_id, owner, provider)| json!({"schedule_id": schedule_id, "owner": owner, "provider": provider}))
        .collect();
    let outstanding = open_routes.len();
    // Drill history readiness of every schedule (recorded drills at any
    // time count: readiness is about the latest one).
    let drills = super::record::of_items(
        ws,
        drill
            .items
            .iter()
            .filter(|i| is_kind(i.metadata_kind(), super::KIND_DRILL_RECORD)),
    )?;
    let max_age = super::record::max_age_days();
    let histories: Vec<Value> = schedules
        .iter()
        .map(|s| {
            let r = super::record::readiness(s, &drills, now, max_age);
            json!({
                "schedule_id": s.schedule_id,
                "latest_drill_id": r.latest_drill_id,
                "latest_drill_at": r.latest_drill_at,
                "drill_history_status": r.drill_history_status,
            })
        })
        .collect();
    let ready = histories
        .iter()
        .filter(|h| h["drill_history_status"] == "ready")
        .count();
    let suppressed: usize = plans.iter().map(|p| p.suppressed).sum();
    let routing = counts(plans.iter().flat_map(|p| &p.decisions));
    let breached = plans
        .iter()
        .rfind(|p| p.escalation)
        .and_then(|p| p.breached_count)
        .unwrap_or(0);
    let unrecovered = audit.failed_deliveries - audit.recovered_deliveries;
    let health = if unrecovered > 0 {
        "critical"
    } else if audit.total_deliveries == 0 {
        "warning"
    } else {
        "healthy"
    };

    let mut x = Map::new();
    let mut put = |k: &str, v: Value| {
        x.insert(k.to_string(), v);
    };
    put("acknowledgement_audit_package_count", json!(count(super::KIND_AUDIT)));
    put(
        "acknowledgement_audit_delivery_plan_count",
        json!(count(super::KIND_AUDIT_PLAN)),
    );
    put("acknowledgement_audit_delivery_count", json!(audit.total_deliveries));
    put(
        "failed_acknowledgement_audit_delivery_count",
        json!(audit.failed_deliveries),
    );
    put(
        "acknowledgement_audit_delivery_success_count",
        json!(audit.successful_deliveries),
    );
    put("acknowledgement_audit_delivery_success_rate", json!(audit.success_rate));
    put(
        "acknowledgement_audit_delivery_recovered_count",
        json!(audit.recovered_deliveries),
    );
    put("acknowledgement_audit_delivery_providers", json!(audit.providers));
    put("acknowledgement_audit_delivery_health", json!(health));
    put("notification_plan_count", json!(count(super::KIND_NOTIFICATION_PLAN)));
    put("notification_delivery_count", json!(notif.total_deliveries));
    put("failed_notification_delivery_count", json!(notif.failed_deliveries));
    put("notification_delivery_success_rate", json!(notif.success_rate));
    put("suppressed_route_count", json!(suppressed));
    put("suppression_event_count", json!(routing.suppression_event_count));
    put("category_counts", json!(routing.category_counts));
    put("escalation_plan_count", json!(count(super::KIND_ESCALATION)));
    put("breached_route_count", json!(breached));
    put("acknowledgement_count", json!(count(super::KIND_ACKNOWLEDGEMENT)));
    put("route_count", json!(routes.len()));
    put("outstanding_route_count", json!(outstanding));
    put("outstanding_routes", Value::Array(open_routes));
    put("schedule_count", json!(schedules.len()));
    put("drill_record_count", json!(count(super::KIND_DRILL_RECORD)));
    put("drill_history_ready_count", json!(ready));
    put("drill_history_stale_count", json!(schedules.len() - ready));
    put("drill_histories", json!(histories));
    put("schedules_by_status", json!(by_status));
    d.extra = x;

    if outstanding > 0 {
        d.alerts.push(alert(
            Level::Critical,
            format!("{outstanding} drill notification route(s) not acknowledged"),
        ));
    }
    for problem in &bad_dates {
        d.alerts
            .push(alert(Level::Critical, format!("drill schedule {problem}")));
    }
    if breached > 0 {
        d.alerts.push(alert(
            Level::Critical,
            format!("{breached} route(s) past their acknowledgement SLO"),
        ));
    }
    for (status, what) in [("needs_attention", "need attention"), ("due_soon", "are due soon")] {
        let n = by_status.get(status).copied().unwrap_or(0);
        if n > 0 {
            d.alerts
                .push(alert(Level::Warning, format!("{n} drill schedule(s) {what}")));
        }
    }
    d.alert_level = d.alerts.iter().map(|a| a.level).max().unwrap_or(Level::None);
    Ok(d)
}
