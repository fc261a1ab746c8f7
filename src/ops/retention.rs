//! `cavra ops retention-plan`: how long each store's records are kept, what
//! protects them from deletion, what would expire when, and which ledger
//! segments `cavra ledger prune` would remove.
//!
//! A legal hold is in place when `--legal-hold` says so or the workspace
//! holds `.cavra/legal-hold` in the working tree or at HEAD (the hold that
//! stops `cavra ledger prune`):
//! then nothing expires and no segment would be pruned.
//!
//! The plan is a pure function of the stores, the options and `--as-of`
//! (default: now, pinned by `CAVRA_NOW`), written as JSON and Markdown, so
//! the same inputs give byte-identical files and a pull request shows
//! exactly what changed. A plan deletes nothing.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::workspace::Workspace;
use crate::clock::Timestamp;
use crate::error::StoreError;
use crate::store::registry::StoreKind;
use crate::store::{fsio, ledger, table};

/// What a retention plan can fail with: a store it cannot read, or plan
/// files it cannot write.
#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for RetentionError {
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            RetentionError::Store(e) => Some(e),
        }
    }
}

/// How sensitive the governed data is; sets backup and restore-test cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// Public data: monthly backups, yearly restore tests
    Public,
    /// Internal data (the default): weekly backups, quarterly restore tests
    Internal,
    /// Confidential data: daily backups, quarterly restore tests
    Confidential,
    /// Restricted data: daily backups, monthly restore tests
    Restricted,
}

impl Classification {
    fn cadence(self) -> (&'static str, &'static str) {
        match self {
            Classification::Public => ("monthly", "yearly"),
            Classification::Internal => ("weekly", "quarterly"),
            Classification::Confidential => ("daily", "quarterly"),
            Classification::Restricted => ("daily", "monthly"),
        }
    }
}

/// What the plan is for.
#[derive(Debug, Clone)]
pub struct RetentionOptions {
    pub retention_days: u32,
    pub legal_hold: bool,
    pub classification: Classification,
    pub as_of: Timestamp,
}

/// `cavra.persistent_api.retention.v1`.
#[derive(Debug, Serialize)]
pub struct RetentionPlan {
    pub schema: &'static str,
    pub as_of: String,
    pub retention_days: u32,
    pub retain_until: String,
    pub classification: Classification,
    pub legal_hold: bool,
    /// The `--before` date of a prune that keeps `retention_days` and the
    /// ledgers' own retention (365 days): `as_of` minus the longer.
    pub prune_before: String,
    pub delete_protection: DeleteProtection,
    pub backup_frequency: String,
    pub restore_test_frequency: String,
    pub stores: Vec<StorePlan>,
}

#[derive(Debug, Serialize)]
pub struct DeleteProtection {
    pub protected: bool,
    /// Why: `legal_hold`, `retention_at_least_365_days`, or null.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StorePlan {
    pub name: String,
    pub kind: String,
    pub path: String,
    pub records: usize,
    pub dated_by: String,
    pub oldest: Option<String>,
    pub newest: Option<String>,
    /// Records by age on `as_of`: `0-30`, `31-90`, `91-365`, `366+` days.
    pub by_age: BTreeMap<String, usize>,
    /// Records already past retention on `as_of` (0 under legal hold).
    pub expired: usize,
    /// Records whose retention ends in each of the next 12 months (`YYYY-MM`).
    pub expiring: BTreeMap<String, usize>,
    /// Ledgers: the sealed segments `cavra ledger prune NAME --before
    /// <prune_before>` would remove (`YYYY-MM/NNNNNN.jsonl`, oldest first;
    /// none under a legal hold). Empty for other kinds.
    pub prunable_segments: Vec<String>,
}

/// How many days a ledger keeps its entries unless its own policy says
/// otherwise: the registry's ledgers (evidence metadata among them). A
/// prune never removes younger entries; a plan never lists them.
pub const LEDGER_RETENTION_DAYS: u32 = 365;

/// How many days ledger `name` keeps its entries: an AISPM tenant's ledger
/// (`aispm-events/acme`) its tenant's `retention_days` (the longest
/// allowed, 36,500, when the tenant cannot be read), any other ledger
/// [`LEDGER_RETENTION_DAYS`]. `cavra ledger prune` and every anchoring
/// check use this one answer.
pub fn ledger_retention_days(ws: &Workspace, name: &str) -> u32 {
    match crate::store::registry::tenant_store(name) {
        Some((_, tenant)) => crate::ops::aispm::load_tenant(&ws.root, tenant).map_or(36_500, |t| t.retention_days),
        None => LEDGER_RETENTION_DAYS,
    }
}

/// The latest `--before` a prune of ledger `name` may use on `now`: `now`
/// minus the ledger's retention.
pub fn ledger_prune_before(ws: &Workspace, name: &str, now: Timestamp) -> Timestamp {
    now.plus_seconds(-i64::from(ledger_retention_days(ws, name)) * 86_400)
}

/// Builds the plan for every store of `ws`.
pub fn plan(ws: &Workspace, opts: &RetentionOptions) -> Result<RetentionPlan, RetentionError> {
    let as_of = OffsetDateTime::from_unix_timestamp(opts.as_of.unix()).expect("a valid time");
    let keep = Duration::days(i64::from(opts.retention_days));
    // Saturating: a store dated at the end of the calendar is no crash.
    let horizon = as_of.saturating_add(Duration::days(366));
    // A hold counts in the working tree and at HEAD, as for a prune.
    let held = crate::ops::hold::held(ws, None, None).map_or(true, |h| !h.is_empty());
    let legal_hold = opts.legal_hold || held;
    // Ledgers keep their own retention too: a prune never goes further.
    let prune_before = Timestamp::from(as_of.saturating_sub(keep)).min(ledger_prune_before(
        ws,
        crate::store::registry::EVIDENCE_METADATA.name,
        opts.as_of,
    ));
    let mut stores = Vec::new();
    for def in crate::store::registry::stores()
        .into_iter()
        .filter(|d| d.kind != StoreKind::Config)
    {
        let loc = ws.locate(def);
        let times: Vec<OffsetDateTime> = match def.kind {
            StoreKind::Table => table::records(&loc)?
                .iter()
                .filter_map(|r| parse(&r[def.time_field]))
                .collect(),
            StoreKind::Config | StoreKind::External => Vec::new(),
            StoreKind::Sqlite => crate::store::sqlite::read_values(&loc.path)?
                .iter()
                .filter_map(|r| parse(&r[def.time_field]))
                .collect(),
            StoreKind::Ledger => ledger::read(&loc)?
                .iter()
                .filter_map(|e| parse(&e.record[def.time_field]))
                .collect(),
        };
        let mut by_age: BTreeMap<String, usize> = ["0-30", "31-90", "91-365", "366+"]
            .iter()
            .map(|b| (b.to_string(), 0))
            .collect();
        let (mut expired, mut expiring) = (0, BTreeMap::new());
        for t in &times {
            let age = (as_of - *t).whole_days();
            let bucket = match age {
                ..=30 => "0-30",
                31..=90 => "31-90",
                91..=365 => "91-365",
                _ => "366+",
            };
            *by_age.get_mut(bucket).expect("all buckets exist") += 1;
            if legal_hold {
                continue;
            }
            let ends = t.saturating_add(keep);
            if ends <= as_of {
                expired += 1;
            } else if ends < horizon {
                *expiring
                    .entry(format!("{:04}-{:02}", ends.year(), u8::from(ends.month())))
                    .or_insert(0) += 1;
            }
        }
        stores.push(StorePlan {
            name: def.name.into(),
            kind: def.kind.as_str().into(),
            path: super::stores::shown_path(&loc).display().to_string(),
            records: times.len(),
            dated_by: def.time_field.into(),
            oldest: times.iter().min().map(|t| rfc3339(*t)),
            newest: times.iter().max().map(|t| rfc3339(*t)),
            by_age,
            expired,
            expiring,
            prunable_segments: match def.kind {
                StoreKind::Ledger if !legal_hold => ledger::prune::plan(&loc, prune_before)?
                    .into_iter()
                    .map(|s| s.name)
                    .collect(),
                _ => Vec::new(),
            },
        });
    }
    let (backup, restore_test) = opts.classification.cadence();
    let reason = if legal_hold {
        Some("legal_hold".to_string())
    } else if opts.retention_days >= 365 {
        Some("retention_at_least_365_days".to_string())
    } else {
        None
    };
    Ok(RetentionPlan {
        schema: "cavra.persistent_api.retention.v1",
        as_of: opts.as_of.rfc3339(),
        retention_days: opts.retention_days,
        retain_until: rfc3339(as_of.saturating_add(keep)),
        classification: opts.classification,
        legal_hold,
        prune_before: prune_before.rfc3339(),
        delete_protection: DeleteProtection {
            protected: reason.is_some(),
            reason,
        },
        backup_frequency: backup.into(),
        restore_test_frequency: restore_test.into(),
        stores,
    })
}

fn parse(v: &Value) -> Option<OffsetDateTime> {
    v.as_str()
        .and_then(Timestamp::parse)
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t.unix()).ok())
}

fn rfc3339(t: OffsetDateTime) -> String {
    Timestamp::from(t).rfc3339()
}

/// The plan as Markdown, for a pull request.
pub fn markdown(plan: &RetentionPlan) -> String {
    let mut s = String::from("# cavra retention plan\n\n");
    s.push_str(&format!("- As of: {}\n", plan.as_of));
    s.push_str(&format!(
        "- Retention: {} days (retain until {})\n",
        plan.retention_days, plan.retain_until
    ));
    s.push_str(&format!(
        "- Classification: {}\n",
        format!("{:?}", plan.classification).to_lowercase()
    ));
    s.push_str(&format!(
        "- Legal hold: {}\n",
        if plan.legal_hold { "yes" } else { "no" }
    ));
    s.push_str(&format!(
        "- Delete protection: {}\n",
        match &plan.delete_protection.reason {
            Some(r) => format!("yes ({})", r.replace('_', " ")),
            None => "no".into(),
        }
    ));
    s.push_str(&format!(
        "- Backups: {}; restore tests: {}\n\n",
        plan.backup_frequency, plan.restore_test_frequency
    ));
    s.push_str("| store | path | records | oldest | newest | 0-30 d | 31-90 d | 91-365 d | 366+ d | expired |\n");
    s.push_str("|---|---|---:|---|---|---:|---:|---:|---:|---:|\n");
    for st in &plan.stores {
        s.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            st.name,
            st.path,
            st.records,
            st.oldest.as_deref().unwrap_or("-"),
            st.newest.as_deref().unwrap_or("-"),
            st.by_age["0-30"],
            st.by_age["31-90"],
            st.by_age["91-365"],
            st.by_age["366+"],
            st.expired
        ));
    }
    let expiring: Vec<&StorePlan> = plan.stores.iter().filter(|s| !s.expiring.is_empty()).collect();
    s.push_str("\n## Expiring in the next 12 months\n\n");
    if plan.legal_hold {
        s.push_str("Nothing expires while the legal hold is in place.\n");
    } else if expiring.is_empty() {
        s.push_str("Nothing.\n");
    } else {
        s.push_str("| store | month | records |\n|---|---|---:|\n");
        for st in expiring {
            for (month, n) in &st.expiring {
                s.push_str(&format!("| {} | {month} | {n} |\n", st.name));
            }
        }
    }
    s.push_str("\n## Ledger segments a prune would remove\n\n");
    let prunable: Vec<&StorePlan> = plan.stores.iter().filter(|s| !s.prunable_segments.is_empty()).collect();
    if plan.legal_hold {
        s.push_str("None while the legal hold is in place.\n");
    } else if prunable.is_empty() {
        s.push_str("None.\n");
    } else {
        for st in prunable {
            s.push_str(&format!(
                "`cavra ledger prune {} --before {}` removes {} sealed segments:\n\n",
                st.name,
                plan.prune_before,
                st.prunable_segments.len()
            ));
            for seg in &st.prunable_segments {
                s.push_str(&format!("- `{seg}`\n"));
            }
            s.push('\n');
        }
    }
    s
}

/// Writes `retention-plan.json` and `retention-plan.md` into `dir`.
pub fn write(plan: &RetentionPlan, dir: &Path) -> Result<Vec<String>, RetentionError> {
    fsio::check_output(dir)?;
    let json = dir.join("retention-plan.json");
    let md = dir.join("retention-plan.md");
    fsio::atomic_write(
        &json,
        &crate::store::to_canonical_pretty(&serde_json::to_value(plan).expect("plans serialize")),
    )?;
    fsio::atomic_write(&md, markdown(plan).as_bytes())?;
    Ok(vec![json.display().to_string(), md.display().to_string()])
}
