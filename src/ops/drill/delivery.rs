//! Acknowledgement audit delivery: plans, their delivery, `--due` and retries.
//!
//! Policy: an audit delivery plan (`delivery_id` from the package, cadence,
//! providers in the requested order and schedule reference) is recorded and
//! the package delivered through the one engine as [`super::AUDIT_SOURCE`]
//! (Splunk `sourcetype` [`super::AUDIT_SOURCETYPE`]). `--due` re-sends every
//! plan whose `next_delivery_at` has passed and records it again with
//! `next_delivery_at` moved by its cadence (past the clock's time). A retry
//! sends the same package bytes to the connectors that failed, and only
//! those, recorded with `retry_of`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::notify::{SendOptions, failed, send};
use super::{AUDIT_SOURCE, AUDIT_SOURCETYPE, DrillError, KIND_AUDIT, KIND_AUDIT_PLAN, derived_id, of_kind, text};
use crate::clock::Timestamp;
use crate::ops::deliver::DeliverOutcome;
use crate::ops::workspace::Workspace;

/// How often an audit package is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Cadence {
    OnDemand,
    Hourly,
    Daily,
    Weekly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::OnDemand => "on_demand",
            Cadence::Hourly => "hourly",
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
        }
    }
    fn parse(s: &str) -> Option<Cadence> {
        [Cadence::OnDemand, Cadence::Hourly, Cadence::Daily, Cadence::Weekly]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
    fn seconds(self) -> Option<i64> {
        match self {
            Cadence::OnDemand => None,
            Cadence::Hourly => Some(3600),
            Cadence::Daily => Some(86_400),
            Cadence::Weekly => Some(7 * 86_400),
        }
    }
}

/// An audit delivery plan and (unless a dry run) its delivery.
#[derive(Debug, Serialize)]
pub struct AuditDelivery {
    pub delivery_id: String,
    pub audit_id: String,
    pub cadence: Cadence,
    pub schedule_ref: Option<String>,
    pub next_delivery_at: Option<String>,
    pub selected_providers: Vec<String>,
    pub delivery_success: Option<bool>,
    pub failed_providers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliverOutcome>,
}

#[derive(Debug, Serialize)]
pub struct AuditDeliverOutcome {
    pub items: Vec<AuditDelivery>,
    pub total: usize,
    /// Every delivery sent succeeded.
    pub success: bool,
}

/// What `audit-deliver` is asked to do.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub audit_id: String,
    pub cadence: Cadence,
    pub providers: Vec<String>,
    pub schedule_ref: Option<String>,
    pub next_delivery_at: Option<String>,
}

/// The latest recorded package `audit_id`.
fn package(records: &[Value], ws: &Workspace, audit_id: &str) -> Result<Value, DrillError> {
    of_kind(records, KIND_AUDIT)
        .filter(|r| text(r, "audit_id") == Some(audit_id))
        .last()
        .cloned()
        .ok_or_else(|| DrillError::UnknownAudit {
            ledger: ws
                .locate(&crate::store::registry::EVIDENCE_METADATA)
                .display
                .display()
                .to_string(),
            id: audit_id.to_string(),
        })
}

/// `cavra drill audit-deliver --audit-id …`.
pub fn audit_deliver(ws: &Workspace, req: &PlanRequest, opts: &SendOptions) -> Result<AuditDeliverOutcome, DrillError> {
    let records = super::ledger_records(ws)?;
    let pkg = package(&records, ws, &req.audit_id)?;
    let mut providers: Vec<String> = Vec::new();
    let requested: Vec<String> = if req.providers.is_empty() {
        pkg["route_providers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    } else {
        req.providers.clone()
    };
    for p in requested {
        if !providers.contains(&p) {
            providers.push(p);
        }
    }
    if providers.is_empty() {
        return Err(DrillError::NoProvider {
            audit_id: req.audit_id.clone(),
        });
    }
    let schedule_ref = req
        .schedule_ref
        .clone()
        .or_else(|| text(&pkg, "schedule_ref").map(str::to_string));
    let delivery_id = derived_id(
        "rdd_",
        &format!(
            "{}:{}:{}:{}",
            req.audit_id,
            req.cadence.as_str(),
            providers.join(","),
            schedule_ref.as_deref().unwrap_or("")
        ),
    );
    let next = match (&req.next_delivery_at, req.cadence.seconds()) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(s)) => Some(opts.now.plus_seconds(s).rfc3339()),
        (None, None) => None,
    };
    let plan = plan_entry(
        &delivery_id,
        &req.audit_id,
        req.cadence,
        &schedule_ref,
        &next,
        &providers,
        &opts.now,
    );
    let item = deliver_one(ws, &pkg, plan, opts)?;
    Ok(AuditDeliverOutcome {
        success: item.delivery_success != Some(false),
        total: 1,
        items: vec![item],
    })
}

fn plan_entry(
    delivery_id: &str,
    audit_id: &str,
    cadence: Cadence,
    schedule_ref: &Option<String>,
    next: &Option<String>,
    providers: &[String],
    now: &Timestamp,
) -> Value {
    json!({
        "metadata_kind": KIND_AUDIT_PLAN,
        "connector_delivery_source": AUDIT_SOURCE.connector_delivery_source,
        "created_at": now.rfc3339(),
        "delivery_id": delivery_id,
        "audit_id": audit_id,
        "cadence": cadence.as_str(),
        "schedule_ref": schedule_ref,
        "schedule_id": schedule_ref,
        "next_delivery_at": next,
        "selected_providers": providers,
    })
}

/// The package as delivered: its figures and routes, never a note. Built
/// from the recorded package and plan alone, so a retry sends the same
/// bytes (and receivers see the same idempotency key).
fn package_event(pkg: &Value, delivery_id: &str, cadence: Cadence, created_at: &str) -> Value {
    let mut event = Map::new();
    event.insert("event_id".into(), json!(delivery_id));
    event.insert("session_id".into(), json!(delivery_id));
    event.insert("event_type".into(), json!(super::AUDIT_EVENT_TYPE));
    let level = text(pkg, "alert_level").unwrap_or("healthy");
    event.insert(
        "severity".into(),
        json!(if level == "critical" { "high" } else { "info" }),
    );
    for k in [
        "audit_id",
        "schedule_ref",
        "owner",
        "alert_level",
        "route_count",
        "acknowledgement_count",
        "acknowledged_count",
        "resolved_count",
        "escalated_count",
        "dismissed_count",
        "outstanding_count",
        "routes",
    ] {
        event.insert(k.into(), pkg.get(k).cloned().unwrap_or(Value::Null));
    }
    event.insert("delivery_id".into(), json!(delivery_id));
    event.insert("cadence".into(), json!(cadence.as_str()));
    event.insert("created_at".into(), json!(created_at));
    Value::Object(event)
}

/// Records `plan` and delivers the package it names.
fn deliver_one(ws: &Workspace, pkg: &Value, plan: Value, opts: &SendOptions) -> Result<AuditDelivery, DrillError> {
    let s = |k: &str| text(&plan, k).map(str::to_string);
    let providers: Vec<String> = plan["selected_providers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let delivery_id = s("delivery_id").unwrap_or_default();
    let audit_id = s("audit_id").unwrap_or_default();
    let cadence = s("cadence")
        .and_then(|c| Cadence::parse(&c))
        .unwrap_or(Cadence::OnDemand);
    if !opts.dry_run {
        super::append(ws, std::slice::from_ref(&plan))?;
    }
    let level = text(pkg, "alert_level").unwrap_or("healthy");
    let created = text(&plan, "created_at").unwrap_or_default().to_string();
    let event = package_event(pkg, &delivery_id, cadence, &created);
    let mut tags = Map::new();
    for k in ["delivery_id", "audit_id", "cadence", "schedule_ref", "next_delivery_at"] {
        tags.insert(k.into(), plan.get(k).cloned().unwrap_or(Value::Null));
    }
    tags.insert(
        "schedule_id".into(),
        plan.get("schedule_ref").cloned().unwrap_or(Value::Null),
    );
    tags.insert("selected_providers".into(), json!(providers));
    tags.insert(
        "route_providers".into(),
        pkg.get("route_providers").cloned().unwrap_or(json!([])),
    );
    tags.insert("alert_level".into(), json!(level));
    let out = send(
        ws,
        &AUDIT_SOURCE,
        event,
        Some(AUDIT_SOURCETYPE),
        &providers,
        opts,
        &tags,
    )?;
    Ok(AuditDelivery {
        delivery_id,
        audit_id,
        cadence,
        schedule_ref: s("schedule_ref"),
        next_delivery_at: s("next_delivery_at"),
        selected_providers: providers,
        delivery_success: (!opts.dry_run).then_some(out.evidence.success),
        failed_providers: if opts.dry_run { Vec::new() } else { failed(&out) },
        delivery: Some(out),
    })
}

/// `cavra drill audit-deliver --due`: every plan whose `next_delivery_at`
/// has passed, delivered and moved on by its cadence.
pub fn deliver_due(ws: &Workspace, opts: &SendOptions) -> Result<AuditDeliverOutcome, DrillError> {
    let records = super::ledger_records(ws)?;
    let mut latest: BTreeMap<String, Value> = BTreeMap::new();
    for r in of_kind(&records, KIND_AUDIT_PLAN) {
        if let Some(id) = text(r, "delivery_id") {
            latest.insert(id.to_string(), r.clone());
        }
    }
    let mut items = Vec::new();
    for (_, plan) in latest {
        let Some(cadence) = text(&plan, "cadence").and_then(Cadence::parse) else {
            continue;
        };
        let (Some(step), Some(next)) = (
            cadence.seconds(),
            text(&plan, "next_delivery_at").and_then(Timestamp::parse),
        ) else {
            continue;
        };
        if next > opts.now {
            continue;
        }
        let mut moved = next;
        while moved <= opts.now {
            moved = moved.plus_seconds(step);
        }
        let audit_id = text(&plan, "audit_id").unwrap_or_default().to_string();
        let pkg = package(&records, ws, &audit_id)?;
        let mut plan = plan.clone();
        plan["next_delivery_at"] = json!(moved.rfc3339());
        plan["created_at"] = json!(opts.now.rfc3339());
        items.push(deliver_one(ws, &pkg, plan, opts)?);
    }
    Ok(AuditDeliverOutcome {
        success: items.iter().all(|i| i.delivery_success != Some(false)),
        total: items.len(),
        items,
    })
}

/// Re-sends failed audit deliveries (of `delivery_id`, or every one with a
/// failure left) to the connectors that failed and no retry recovered, and
/// only those (tracked by connector, as `delivery retry` does): the same package bytes, so the same idempotency keys; the
/// new ledger entry says `retry_of` (the original's seq) and keeps the
/// original's kind and source, so the history core counts it as recovered.
pub fn retry(ws: &Workspace, delivery_id: Option<&str>, opts: &SendOptions) -> Result<AuditDeliverOutcome, DrillError> {
    let history = super::views::load(ws)?;
    let records = super::ledger_records(ws)?;
    let originals: Vec<&crate::ops::history::Item> = history
        .items
        .iter()
        .filter(|i| i.retry_of.is_none() && super::is_kind(i.metadata_kind(), super::KIND_AUDIT_DELIVERY))
        .filter(|i| delivery_id.is_none_or(|id| i.str("delivery_id") == Some(id)))
        .collect();
    if let Some(id) = delivery_id
        && originals.is_empty()
    {
        return Err(DrillError::UnknownDelivery { id: id.to_string() });
    }
    let mut items = Vec::new();
    for item in originals {
        // By connector, as `delivery retry`: two connectors of one provider
        // are two deliveries, and only the one that failed is re-sent.
        let open = crate::ops::release::retry::open_failures(&history, item);
        if open.is_empty() {
            continue;
        }
        let audit_id = item.str("audit_id").unwrap_or_default().to_string();
        let pkg = package(&records, ws, &audit_id)?;
        let cadence = item
            .str("cadence")
            .and_then(Cadence::parse)
            .unwrap_or(Cadence::OnDemand);
        let id = item.str("delivery_id").unwrap_or_default().to_string();
        let event = package_event(&pkg, &id, cadence, item.created_at());
        let mut tags = Map::new();
        for k in [
            "delivery_id",
            "audit_id",
            "cadence",
            "schedule_ref",
            "schedule_id",
            "next_delivery_at",
            "alert_level",
            "route_providers",
        ] {
            tags.insert(k.into(), item.record.get(k).cloned().unwrap_or(Value::Null));
        }
        tags.insert("selected_providers".into(), json!(item.failed_providers));
        tags.insert("selected_connectors".into(), json!(open));
        tags.insert("retry_of".into(), json!(item.seq));
        let out = send(ws, &AUDIT_SOURCE, event, Some(AUDIT_SOURCETYPE), &open, opts, &tags)?;
        items.push(AuditDelivery {
            delivery_id: id,
            audit_id,
            cadence,
            schedule_ref: item.str("schedule_ref").map(str::to_string),
            next_delivery_at: item.str("next_delivery_at").map(str::to_string),
            selected_providers: open,
            delivery_success: (!opts.dry_run).then_some(out.evidence.success),
            failed_providers: if opts.dry_run { Vec::new() } else { failed(&out) },
            delivery: Some(out),
        });
    }
    Ok(AuditDeliverOutcome {
        success: items.iter().all(|i| i.delivery_success != Some(false)),
        total: items.len(),
        items,
    })
}
