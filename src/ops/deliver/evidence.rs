//! The record of a delivery: the `cavra.connector.delivery.v1` evidence,
//! its file under `--output`, and its entry in the evidence metadata ledger.
//!
//! Policy: whatever was sent is recorded, once. Reserve, then send, then
//! record: before any request leaves, [`claim`] takes the ledger's lock,
//! creates the evidence file's name exclusively (a safe form of the event
//! id, never outside `--output`, `-2`, `-3`, … when taken: no two entries
//! ever name one file) and writes a reservation holding the entry of an
//! interrupted delivery. [`record`] then appends the real entry under that
//! lock, releases the reservation and renames the evidence over the claimed
//! name. A kill after sending leaves the reservation, which `cavra ops
//! repair` appends; a kill after the append leaves the entry naming the
//! claimed file (still saying it was reserved). A lock held elsewhere fails
//! the delivery before anything is sent.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::events::file_stem;
use super::{DeliverError, DeliverySource};
use crate::clock::Timestamp;
use crate::connector::providers::Event;
use crate::connector::secret::Redactor;
use crate::connector::send::Delivery;
use crate::error::StoreError;
use crate::store::fsio::{self, StoreLock};
use crate::store::registry::StoreLocation;
use crate::store::reservation::{self, Reservation};
use crate::store::{ledger, sha256_hex};

/// The `cavra.connector.delivery.v1` record (SPEC section 2). Fields are in
/// alphabetical order, so it serializes as canonical JSON without a detour
/// through `Value`; `evidence_serializes_canonically` guards that.
#[derive(Debug, Serialize)]
pub struct Evidence {
    pub deliveries: Vec<Delivery>,
    pub event_count: usize,
    pub event_id: String,
    pub event_type: String,
    pub generated_at: String,
    pub product: &'static str,
    pub schema: &'static str,
    pub session_id: Option<String>,
    pub success: bool,
}

/// The evidence of `deliveries`. What came from the event or a response is
/// scrubbed of every resolved secret here (errors already are). Success:
/// something was sent, and everything sent was delivered.
pub fn evidence(events: &[Event], deliveries: Vec<Delivery>, now: &Timestamp, redactor: &Redactor) -> Evidence {
    let (event_id, event_type, session_id) = match events {
        [one] => (one.id.clone(), one.event_type.clone(), one.session_id.clone()),
        many => {
            let ids: Vec<&str> = many.iter().map(|e| e.id.as_str()).collect();
            let first = &many[0];
            let same_type = many.iter().all(|e| e.event_type == first.event_type);
            let sessions: BTreeSet<Option<&String>> = many.iter().map(|e| e.session_id.as_ref()).collect();
            (
                format!("batch_{}", &sha256_hex(ids.join("\n").as_bytes())[..16]),
                if same_type {
                    first.event_type.clone()
                } else {
                    "cavra.batch".into()
                },
                // One session for every event: the batch is that session's.
                match sessions.into_iter().collect::<Vec<_>>()[..] {
                    [Some(s)] => Some(s.clone()),
                    _ => None,
                },
            )
        }
    };
    let sent: Vec<&Delivery> = deliveries.iter().filter(|d| d.skipped.is_none()).collect();
    Evidence {
        success: !sent.is_empty() && sent.iter().all(|d| d.success),
        deliveries,
        event_count: events.len(),
        event_id: redactor.scrub(&event_id),
        event_type: redactor.scrub(&event_type),
        generated_at: now.rfc3339(),
        product: "cavra",
        schema: "cavra.connector.delivery.v1",
        session_id: session_id.map(|s| redactor.scrub(&s)),
    }
}

/// A delivery's claim on its record, made before anything is sent: the
/// ledger's lock (held until the entry is appended), the evidence file's
/// name (created exclusively, so no two deliveries ever name one file) and
/// a reservation holding the entry that records the delivery as
/// interrupted, which `cavra ops repair` appends if the process dies.
#[derive(Debug)]
pub struct Claim {
    lock: StoreLock,
    path: Option<PathBuf>,
    reservation: Reservation,
}

/// What a reserved entry says until the delivery records its outcome.
pub const INTERRUPTED: &str = "interrupted after the claim: whether a request left is unknown";

/// Claims the record of a delivery of `head` (the evidence without its
/// deliveries) to `planned` (connector, provider) before anything is sent.
pub fn claim(
    head: &Evidence,
    planned: &[(String, &'static str)],
    dir: Option<&Path>,
    loc: &StoreLocation,
    source: &DeliverySource,
    now: &Timestamp,
    extra: &Map<String, Value>,
) -> Result<Claim, DeliverError> {
    let lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let names = |f: fn(&(String, &'static str)) -> String| {
        let set: BTreeSet<String> = planned.iter().map(f).collect();
        json!(set)
    };
    let entry_for = |path: Option<&Path>| -> Result<Value, DeliverError> {
        let mut entry = ledger_entry(head, path, source, now, extra);
        let m = entry.as_object_mut().expect("entries are objects");
        m.insert("providers".into(), names(|p| p.1.to_string()));
        m.insert("failed_providers".into(), names(|p| p.1.to_string()));
        m.insert("connectors".into(), names(|p| p.0.clone()));
        m.insert("failed_connectors".into(), names(|p| p.0.clone()));
        m.insert("delivery_success".into(), json!(false));
        m.insert("interrupted".into(), json!(INTERRUPTED));
        ledger::check_all(loc, std::slice::from_ref(&entry))?;
        Ok(entry)
    };
    let Some(dir) = dir else {
        let reservation = reservation::reserve(loc, &lock, &entry_for(None)?, None)?;
        return Ok(Claim {
            lock,
            path: None,
            reservation,
        });
    };
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create", dir, e))?;
    let stem = format!("{}-{}", file_stem(&head.event_id), source.file_suffix);
    let marker = crate::store::to_canonical_pretty(&json!({
        "event_id": head.event_id,
        "reserved": "claimed before sending; if this is still here the delivery was interrupted (`cavra ops repair` records it)",
    }));
    // The reservation names the file before the file exists, so a kill
    // never leaves a claimed name that nothing records. A name an earlier,
    // killed delivery reserved stays its own until repair settles it.
    let held: BTreeSet<PathBuf> = reservation::pending(loc)?
        .into_iter()
        .filter_map(|(_, r)| r.ok()?.claimed)
        .collect();
    for n in 1u32.. {
        let path = dir.join(if n == 1 {
            format!("{stem}.json")
        } else {
            format!("{stem}-{n}.json")
        });
        let abs = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        if std::fs::symlink_metadata(&path).is_ok() || held.contains(&abs) {
            continue;
        }
        let reservation = reservation::reserve(loc, &lock, &entry_for(Some(&path))?, Some(&path))?;
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                f.write_all(&marker)
                    .and_then(|()| f.sync_all())
                    .map_err(|e| StoreError::io("write", &path, e))?;
                return Ok(Claim {
                    lock,
                    path: Some(path),
                    reservation,
                });
            }
            // Taken meanwhile (by a delivery recording to another ledger).
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => reservation.release()?,
            Err(e) => {
                reservation.release()?;
                return Err(StoreError::io("create", &path, e).into());
            }
        }
    }
    unreachable!("some file name is free")
}

/// Records `evidence` on `claim`: the evidence written beside its claimed
/// name, the ledger entry appended (under the lock taken before sending),
/// the reservation released, then the evidence renamed over the claim. A
/// kill before the append leaves the reservation (repair records it); a
/// kill after it leaves the entry naming the claimed file. Returns the file
/// and the entry's seq.
pub fn record(
    evidence: &Evidence,
    claim: Claim,
    loc: &StoreLocation,
    source: &DeliverySource,
    now: &Timestamp,
    extra: &Map<String, Value>,
) -> Result<(Option<PathBuf>, Option<u64>), DeliverError> {
    let entry = ledger_entry(evidence, claim.path.as_deref(), source, now, extra);
    let Some(path) = claim.path else {
        let seq = ledger::append_locked(loc, &claim.lock, &[entry])?;
        claim.reservation.release()?;
        return Ok((None, seq.first().copied()));
    };
    let bytes = crate::store::to_canonical_pretty(evidence);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(&bytes).and_then(|_| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(StoreError::io("write", &tmp, e).into());
    }
    let result = (|| {
        let seq = ledger::append_locked(loc, &claim.lock, &[entry])?;
        claim.reservation.release()?;
        // The claimed file is this delivery's own: replacing it is safe.
        std::fs::rename(&tmp, &path).map_err(|e| StoreError::io("create", &path, e))?;
        Ok((Some(path.clone()), seq.first().copied()))
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The ledger entry of `evidence`, with the source's `extra` fields.
pub fn ledger_entry(
    evidence: &Evidence,
    path: Option<&Path>,
    source: &DeliverySource,
    now: &Timestamp,
    extra: &Map<String, Value>,
) -> Value {
    let sent: Vec<&Delivery> = evidence.deliveries.iter().filter(|d| d.skipped.is_none()).collect();
    let names = |failed_only: bool, f: fn(&Delivery) -> String| {
        let set: BTreeSet<String> = sent
            .iter()
            .filter(|d| !failed_only || !d.success)
            .map(|d| f(d))
            .collect();
        set.into_iter().collect::<Vec<_>>()
    };
    let skipped: BTreeSet<&str> = evidence
        .deliveries
        .iter()
        .filter(|d| d.skipped.is_some())
        .map(|d| d.connector.as_str())
        .collect();
    let mut m = Map::new();
    m.insert("metadata_kind".into(), json!(source.metadata_kind));
    m.insert(
        "connector_delivery_source".into(),
        json!(source.connector_delivery_source),
    );
    m.insert("created_at".into(), json!(now.rfc3339()));
    m.insert("event_id".into(), json!(evidence.event_id));
    m.insert("event_type".into(), json!(evidence.event_type));
    m.insert("session_id".into(), json!(evidence.session_id));
    m.insert("event_count".into(), json!(evidence.event_count));
    m.insert("delivery_success".into(), json!(evidence.success));
    m.insert(
        "providers".into(),
        json!(names(false, |d| d.provider.as_str().to_string())),
    );
    m.insert(
        "failed_providers".into(),
        json!(names(true, |d| d.provider.as_str().to_string())),
    );
    m.insert("connectors".into(), json!(names(false, |d| d.connector.clone())));
    m.insert("failed_connectors".into(), json!(names(true, |d| d.connector.clone())));
    if !skipped.is_empty() {
        m.insert("skipped_connectors".into(), json!(skipped));
    }
    m.insert(
        "attempt_count".into(),
        json!(sent.iter().map(|d| d.attempt_count).sum::<usize>()),
    );
    // Per provider, so a dashboard counts each provider's own attempts.
    let mut attempt_counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in &sent {
        *attempt_counts.entry(d.provider.as_str()).or_default() += d.attempt_count;
    }
    m.insert("attempt_counts".into(), json!(attempt_counts));
    m.insert(
        "status_codes".into(),
        json!(sent.iter().map(|d| d.status_code).collect::<Vec<_>>()),
    );
    if let Some(p) = path {
        m.insert("evidence_path".into(), json!(p.display().to_string()));
    }
    for (k, v) in extra {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::config::Provider;
    use crate::connector::send::{Attempt, RequestRecord};

    #[test]
    fn evidence_serializes_canonically() {
        // The evidence is written and printed straight from its types; their
        // fields must stay in alphabetical order for that to be canonical.
        let attempt = Attempt {
            completed_at: "2026-01-01T00:00:01.000Z".into(),
            error: Some("HTTP 503".into()),
            retry_after: Some("1".into()),
            started_at: "2026-01-01T00:00:00.000Z".into(),
            status_code: Some(503),
            wait_ms: Some(1000),
        };
        let delivery = Delivery {
            attempt_count: 2,
            attempts: vec![attempt.clone(), attempt],
            completed_at: "2026-01-01T00:00:02.000Z".into(),
            connector: "hook".into(),
            error: None,
            events: 1,
            found_existing: true,
            idempotency_key: "msg_1".into(),
            integration_disabled: false,
            provider: Provider::Webhook,
            reference: Some("OPS-1".into()),
            request: RequestRecord {
                headers: [("webhook-id".to_string(), "msg_1".to_string())].into(),
                method: "POST".into(),
                url: "https://example.test/[REDACTED]".into(),
                url_sha256: "00".into(),
            },
            skipped: Some("disabled".into()),
            started_at: "2026-01-01T00:00:00.000Z".into(),
            status_code: Some(204),
            success: true,
        };
        let evidence = Evidence {
            deliveries: vec![delivery],
            event_count: 1,
            event_id: "evt-1".into(),
            event_type: "policy.decision".into(),
            generated_at: "2026-01-01T00:00:00Z".into(),
            product: "cavra",
            schema: "cavra.connector.delivery.v1",
            session_id: None,
            success: true,
        };
        let direct = crate::store::to_canonical_pretty(&evidence);
        let via_value = crate::store::to_canonical_pretty(&serde_json::to_value(&evidence).unwrap());
        assert_eq!(
            String::from_utf8(direct).unwrap(),
            String::from_utf8(via_value).unwrap()
        );
    }
}
