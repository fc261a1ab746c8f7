//! `cavra aispm posture` and `cavra aispm health`: what the committed
//! projection and the run ledger say, without reading the event ledger (so
//! both cost the same for ten events and for a million).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::ingest::LAG_BUCKETS;
use super::posture::{OpenItem, Posture, Seen};
use super::{AispmError, load_tenant, load_tenants};
use crate::model::aispm::CollectorStatus;
use crate::store::aispm::TenantFiles;
use crate::store::ledger;
use crate::store::registry::{AISPM_UNATTRIBUTED, StoreLocation};

/// How grave a posture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Warning,
    Critical,
}

/// One collector's coverage.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub collector_id: String,
    pub status: String,
    pub reporting: bool,
    pub events: u64,
    pub last_event: Option<String>,
}

/// `cavra.aispm.posture_report.v1`.
#[derive(Debug, Serialize)]
pub struct PostureReport {
    pub schema: &'static str,
    pub tenant: String,
    pub level: Level,
    pub events: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub counts: super::posture::Counts,
    pub inventory: super::posture::Inventory,
    /// Inventory items first seen at or after `--new-since`.
    pub new_since: Option<NewSince>,
    pub open_blocks: Vec<OpenItem>,
    pub open_approvals: Vec<OpenItem>,
    pub collectors: Vec<Coverage>,
    pub health: Health,
}

#[derive(Debug, Serialize)]
pub struct NewSince {
    pub since: String,
    pub items: BTreeMap<String, Vec<String>>,
}

/// A tenant's posture from its projection.
pub fn posture(root: &Path, tenant: &str, new_since: Option<&str>) -> Result<PostureReport, AispmError> {
    let t = load_tenant(root, tenant)?;
    let files = TenantFiles::new(root, tenant);
    let p: Posture = super::current_posture(&files)?;
    // The health's forwarding lag reads the same posture (a stale
    // projection is rebuilt from the ledger: once, not twice).
    let health = health_of(root, &files, Some(&p))?;
    let collectors: Vec<Coverage> = t
        .collectors
        .iter()
        .map(|c| {
            let seen = p.inventory.collectors.get(&c.collector_id);
            Coverage {
                collector_id: c.collector_id.clone(),
                status: if c.status == CollectorStatus::Active {
                    "active"
                } else {
                    "revoked"
                }
                .into(),
                reporting: seen.is_some(),
                events: seen.map_or(0, |s| s.events),
                last_event: seen.map(|s| s.last_seen.clone()),
            }
        })
        .collect();
    let open_blocks: Vec<OpenItem> = p.open_blocks.values().cloned().collect();
    let open_approvals: Vec<OpenItem> = p.open_approvals.values().cloned().collect();
    let level = if open_blocks.iter().any(|b| b.severity == "critical") {
        Level::Critical
    } else if !open_blocks.is_empty()
        || !open_approvals.is_empty()
        || collectors.iter().any(|c| c.status == "active" && !c.reporting)
    {
        Level::Warning
    } else {
        Level::Ok
    };
    let new_since = new_since.map(|since| {
        let since = super::posture::normalise(since);
        let pick = |m: &BTreeMap<String, Seen>| {
            m.iter()
                .filter(|(_, s)| s.first_seen >= since)
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>()
        };
        let inv = &p.inventory;
        NewSince {
            items: BTreeMap::from([
                ("agents".to_string(), pick(&inv.agents)),
                ("collectors".to_string(), pick(&inv.collectors)),
                ("connectors".to_string(), pick(&inv.connectors)),
                ("repositories".to_string(), pick(&inv.repositories)),
                ("tools".to_string(), pick(&inv.tools)),
            ]),
            since,
        }
    });
    Ok(PostureReport {
        schema: "cavra.aispm.posture_report.v1",
        tenant: tenant.to_string(),
        level,
        events: p.events,
        first_seen: p.first_seen,
        last_seen: p.last_seen,
        counts: p.counts,
        inventory: p.inventory,
        new_since,
        open_blocks,
        open_approvals,
        collectors,
        health,
    })
}

/// `cavra.aispm.health.v1` for one tenant.
#[derive(Debug, Default, Serialize)]
pub struct Health {
    pub tenant: String,
    /// Events the event ledger holds, each once (from the ledger through
    /// its projection: merge-safe). `accepted` is a run statistic: after a
    /// merge of two branches that ingested the same event it counts it twice.
    pub events: u64,
    pub runs: u64,
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub rejected_by_reason: BTreeMap<String, u64>,
    pub storage_failures: u64,
    pub quarantined: u64,
    pub last_run_at: Option<String>,
    /// Percentiles of `received_at − occurred_at`, in seconds, as the upper
    /// bound of the histogram bucket they fall in (`null` beyond a hundred years).
    pub lag_seconds: Lag,
    pub lag_histogram: BTreeMap<String, u64>,
    /// Per connector, how far forwarding (`cavra aispm forward`) is behind.
    pub forwarding: Vec<super::forward::Lag>,
}

#[derive(Debug, Default, Serialize)]
pub struct Lag {
    pub p50: Option<i64>,
    pub p95: Option<i64>,
    pub p99: Option<i64>,
}

/// The health of one tenant, from its run ledger and quarantine.
pub fn tenant_health(root: &Path, tenant: &str) -> Result<Health, AispmError> {
    health_of(root, &TenantFiles::new(root, tenant), None)
}

/// [`tenant_health`] of `files`, with its current posture when the caller
/// already has it.
fn health_of(root: &Path, files: &TenantFiles, posture: Option<&Posture>) -> Result<Health, AispmError> {
    let tenant = files.tenant.as_str();
    let mut h = Health {
        tenant: tenant.to_string(),
        ..Health::default()
    };
    for e in ledger::read(&files.runs)?
        .into_iter()
        .filter(|e| !ledger::prune::is_prune(&e.record))
    {
        let r = &e.record;
        let n = |k: &str| r[k].as_u64().unwrap_or(0);
        h.runs += 1;
        h.accepted += n("accepted");
        h.duplicates += n("duplicates");
        h.rejected += n("rejected");
        h.storage_failures += n("storage_failures");
        add_counts(&mut h.rejected_by_reason, &r["rejected_by_reason"]);
        add_counts(&mut h.lag_histogram, &r["lag_histogram"]);
        h.last_run_at = r["finished_at"].as_str().map(str::to_string);
    }
    h.quarantined = ledger::inspect(&files.quarantine).records as u64;
    h.lag_seconds = percentiles(&h.lag_histogram);
    let current;
    let p = match posture {
        Some(p) => p,
        None => {
            current = super::current_posture(files)?;
            &current
        }
    };
    h.events = p.events;
    let entries = ledger::checkpoint::size(&files.events)?.unwrap_or(p.ledger_entries);
    h.forwarding = super::forward::lags(root, tenant, entries, p.last_seen.as_deref())?;
    Ok(h)
}

fn add_counts(into: &mut BTreeMap<String, u64>, from: &Value) {
    if let Some(m) = from.as_object() {
        for (k, v) in m {
            *into.entry(k.clone()).or_default() += v.as_u64().unwrap_or(0);
        }
    }
}

fn percentiles(hist: &BTreeMap<String, u64>) -> Lag {
    let total: u64 = hist.values().sum();
    if total == 0 {
        return Lag::default();
    }
    let at = |q: f64| {
        let rank = ((total as f64) * q).ceil().max(1.0) as u64;
        let mut seen = 0;
        for b in LAG_BUCKETS {
            seen += hist.get(&b.to_string()).copied().unwrap_or(0);
            if seen >= rank {
                return Some(*b);
            }
        }
        None
    };
    Lag {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
    }
}

/// `cavra.aispm.health.v1`: one tenant, or every tenant and the unattributed lines.
#[derive(Debug, Serialize)]
pub struct HealthOutcome {
    pub schema: &'static str,
    pub tenants: Vec<Health>,
    /// Lines rejected before any tenant was authenticated (`--all-tenants` only).
    pub unattributed_quarantined: Option<u64>,
}

/// `health --tenant T` or `health --all-tenants`.
pub fn health(root: &Path, tenant: Option<&str>) -> Result<HealthOutcome, AispmError> {
    let (tenants, unattributed) = match tenant {
        Some(t) => {
            load_tenant(root, t)?;
            (vec![tenant_health(root, t)?], None)
        }
        None => {
            let mut all = Vec::new();
            for t in load_tenants(root)? {
                all.push(tenant_health(root, &t.tenant_id)?);
            }
            let loc = StoreLocation::resolve(&AISPM_UNATTRIBUTED, root);
            (all, Some(ledger::inspect(&loc).records as u64))
        }
    };
    Ok(HealthOutcome {
        schema: "cavra.aispm.health.v1",
        tenants,
        unattributed_quarantined: unattributed,
    })
}
