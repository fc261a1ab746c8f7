//! Retention and legal hold per tenant: which of a tenant's events its
//! retention lets go, and none while the tenant is under legal hold.
//!
//! This is the policy half. Removing events is the ledger's job: a
//! hash-chained, git-anchored ledger drops whole sealed segments, never
//! single lines, so the plan counts events and the removal is the segmented
//! ledger's prune applied to the tenant's event ledger.

use std::path::Path;

use serde::Serialize;

use super::posture::normalise;
use super::{AispmError, load_tenant};
use crate::clock::Timestamp;
use crate::store::aispm::TenantFiles;

/// `cavra.aispm.retention_plan.v1`.
#[derive(Debug, Serialize)]
pub struct RetentionPlan {
    pub schema: &'static str,
    pub tenant: String,
    pub retention_days: u32,
    pub legal_hold: bool,
    /// Events received before this are past retention.
    pub cutoff: String,
    pub events: u64,
    /// Past retention and not held.
    pub prunable: u64,
    /// Past retention but kept by the legal hold.
    pub held: u64,
}

/// The retention plan of one tenant at `now`.
pub fn plan(root: &Path, tenant: &str, now: Timestamp) -> Result<RetentionPlan, AispmError> {
    let t = load_tenant(root, tenant)?;
    let cutoff_unix = now.unix() - i64::from(t.retention_days) * 86_400;
    let cutoff = time::OffsetDateTime::from_unix_timestamp(cutoff_unix)
        .map(|t| Timestamp::from(t).rfc3339())
        .unwrap_or_default();
    let files = TenantFiles::new(root, tenant);
    let mut events = 0;
    let mut expired = 0;
    for e in crate::store::ledger::read(&files.events)?
        .into_iter()
        .filter(|e| !crate::store::ledger::prune::is_prune(&e.record))
    {
        events += 1;
        let at = normalise(e.record["received_at"].as_str().unwrap_or_default());
        if at < cutoff {
            expired += 1;
        }
    }
    Ok(RetentionPlan {
        schema: "cavra.aispm.retention_plan.v1",
        tenant: tenant.to_string(),
        retention_days: t.retention_days,
        legal_hold: t.legal_hold,
        cutoff,
        events,
        prunable: if t.legal_hold { 0 } else { expired },
        held: if t.legal_hold { expired } else { 0 },
    })
}
