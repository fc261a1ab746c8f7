//! `cavra aispm quarantine list|show`: the lines a tenant's ingests
//! rejected (or, without a tenant, those no tenant could be established
//! for), as their quarantine ledger holds them: reason, position, sha256 of
//! the exact bytes. Quarantine records never hold a secret (their writes
//! are scanned); what is shown is scrubbed again all the same, since a
//! ledger can be edited by hand.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{AispmError, load_tenant};
use crate::store::registry::{AISPM_QUARANTINE, AISPM_UNATTRIBUTED, StoreLocation, tenant_location};

/// One quarantined line.
#[derive(Debug, Serialize)]
pub struct Quarantined {
    /// The entry's position in the quarantine ledger (`show` takes it).
    pub seq: u64,
    pub received_at: String,
    pub reason: String,
    pub collector_id: Option<String>,
    /// The input it came from (a file, or `-`).
    pub input: String,
    /// Its line number in that input.
    pub line: u64,
    pub line_sha256: String,
    pub detail: String,
    /// Whether the record holds the redacted envelope (`show` prints it).
    pub has_envelope: bool,
}

/// The quarantine ledger of `tenant` (which must be registered), or the
/// unattributed one.
fn location(root: &Path, tenant: Option<&str>) -> Result<StoreLocation, AispmError> {
    Ok(match tenant {
        Some(t) => {
            load_tenant(root, t)?;
            tenant_location(&AISPM_QUARANTINE, root, t)
        }
        None => StoreLocation::resolve(&AISPM_UNATTRIBUTED, root),
    })
}

fn text(v: &Value) -> String {
    crate::secrets::scrub(v.as_str().unwrap_or_default())
}

/// Every quarantined line, oldest first.
pub fn list(root: &Path, tenant: Option<&str>) -> Result<Vec<Quarantined>, AispmError> {
    let loc = location(root, tenant)?;
    Ok(crate::store::ledger::read(&loc)?
        .into_iter()
        .map(|e| {
            let r = &e.record;
            Quarantined {
                seq: e.seq,
                received_at: text(&r["received_at"]),
                reason: text(&r["reason"]),
                collector_id: r["collector_id"].as_str().map(crate::secrets::scrub),
                input: text(&r["input"]),
                line: r["line"].as_u64().unwrap_or_default(),
                line_sha256: text(&r["line_sha256"]),
                detail: text(&r["detail"]),
                has_envelope: r.get("envelope").is_some(),
            }
        })
        .collect())
}

/// The quarantine record at `seq`, with `seq`; every string scrubbed.
pub fn show(root: &Path, tenant: Option<&str>, seq: u64) -> Result<Value, AispmError> {
    let loc = location(root, tenant)?;
    let entry = crate::store::ledger::read(&loc)?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or_else(|| AispmError::BadInput {
            path: loc.display.display().to_string(),
            message: format!("no quarantined line at seq {seq} (`cavra aispm quarantine list` shows them)"),
        })?;
    let mut record = scrubbed(Value::clone(&entry.record));
    if let Value::Object(m) = &mut record {
        m.insert("seq".into(), seq.into());
    }
    Ok(record)
}

fn scrubbed(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(crate::secrets::scrub(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(scrubbed).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (crate::secrets::scrub(&k), scrubbed(v)))
                .collect(),
        ),
        other => other,
    }
}
