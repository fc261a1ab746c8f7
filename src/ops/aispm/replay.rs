//! `cavra aispm replay`: a tenant's stored events in ledger order, filtered;
//! with `--verify`, the posture projection and the dedupe index rebuilt from
//! the ledger and compared with the stored ones (`--rebuild` replaces them,
//! e.g. after a merge of two branches' ledgers).
//!
//! Each event is its stored record with the envelope its payload holds
//! beside it as `envelope` ([`super::proof::envelope`]): the ledger keeps
//! the signed bytes once, a reader of the replay wants the fields.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::posture::normalise;
use super::{AispmError, load_tenant, rebuild};
use crate::store::aispm::{self as files, TenantFiles};

/// Which events.
#[derive(Debug, Default)]
pub struct ReplayFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub event_types: Vec<String>,
}

/// `cavra.aispm.replay.v1`.
#[derive(Debug, Serialize)]
pub struct ReplayOutcome {
    pub schema: &'static str,
    pub tenant: String,
    pub events: Vec<Value>,
    pub verify: Option<Verification>,
}

/// What `--verify` found.
#[derive(Debug, Serialize)]
pub struct Verification {
    pub ledger_events: u64,
    pub posture_matches: bool,
    pub index_matches: bool,
    /// Top-level posture fields that differ.
    pub differences: Vec<String>,
    pub rebuilt: bool,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.posture_matches && self.index_matches
    }
}

/// Replays (and verifies) one tenant.
pub fn replay(
    root: &Path,
    tenant: &str,
    filter: &ReplayFilter,
    verify: bool,
    rebuild_stored: bool,
) -> Result<ReplayOutcome, AispmError> {
    load_tenant(root, tenant)?;
    let tf = TenantFiles::new(root, tenant);
    let since = filter.since.as_deref().map(normalise);
    let until = filter.until.as_deref().map(normalise);
    let mut seen = std::collections::HashSet::new();
    let events = super::ledger_events(&tf)?
        .into_iter()
        .filter(|e| !crate::store::ledger::prune::is_prune(&e.record))
        // An event a merge of two branches holds twice is replayed once.
        .filter(|e| seen.insert(e.record["dedupe_key"].as_str().unwrap_or_default().to_string()))
        .filter_map(|e| {
            let mut record = e.record.into_value();
            let envelope = super::proof::envelope(&record).unwrap_or(Value::Null);
            let s = |p: &str| envelope.pointer(p).and_then(Value::as_str).unwrap_or_default();
            let at = normalise(s("/event/occurred_at"));
            let ty = s("/event/event_type");
            let wanted = since.as_ref().is_none_or(|s| at >= *s)
                && until.as_ref().is_none_or(|u| at < *u)
                && (filter.event_types.is_empty() || filter.event_types.iter().any(|t| t == ty));
            wanted.then(|| {
                record["envelope"] = envelope;
                record
            })
        })
        .collect();
    let verify = (verify || rebuild_stored)
        .then(|| check(&tf, rebuild_stored))
        .transpose()?;
    Ok(ReplayOutcome {
        schema: "cavra.aispm.replay.v1",
        tenant: tenant.to_string(),
        events,
        verify,
    })
}

fn check(tf: &TenantFiles, rebuild_stored: bool) -> Result<Verification, AispmError> {
    let (posture, keys) = rebuild(tf)?;
    let stored = files::read_projection(&tf.posture)?;
    let rebuilt_value = serde_json::to_value(&posture).expect("posture serializes");
    let differences: Vec<String> = match (&stored, rebuilt_value.as_object()) {
        (Some(Value::Object(s)), Some(r)) => {
            let mut names: Vec<String> = s.keys().chain(r.keys()).cloned().collect();
            names.sort();
            names.dedup();
            names.into_iter().filter(|k| s.get(k) != r.get(k)).collect()
        }
        _ if posture.events == 0 && stored.is_none() => Vec::new(),
        _ => vec!["(no stored projection)".to_string()],
    };
    let index = files::read_index(&tf.index)?;
    let index_matches = index.as_deref() == Some(keys.as_slice()) || (keys.is_empty() && index.is_none());
    let mut v = Verification {
        ledger_events: posture.events,
        posture_matches: differences.is_empty(),
        index_matches,
        differences,
        rebuilt: false,
    };
    if rebuild_stored && !v.ok() {
        tf.prepare()?;
        let _lock = crate::store::fsio::lock(&tf.index, crate::store::fsio::lock_timeout())?;
        files::write_index(&tf.index, &keys)?;
        super::record_index_head(tf)?;
        files::write_projection(&tf.posture, &posture)?;
        v.rebuilt = true;
    }
    Ok(v)
}
