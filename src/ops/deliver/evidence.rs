//! The record of a delivery: the `cavra.connector.delivery.v1` evidence,
//! its file under `--output`, and its entry in the evidence metadata ledger.
//!
//! Policy: whatever was sent is recorded. The evidence file is named from a
//! safe form of the event id (never outside `--output`, never overwriting),
//! and it is committed so that a killed process never leaves evidence
//! without its ledger entry: the bytes go to a hidden temporary file, the
//! ledger entry naming the final file is appended, and only then is the
//! file linked under its name. A kill in between leaves a ledger entry
//! whose file is missing (and a `.tmp` file), never the reverse.

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
use crate::store::registry::StoreLocation;
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

/// Records `evidence`: the file in `dir` (when given) and the ledger entry,
/// in the order the module doc gives. Returns the file and the entry's seq.
pub fn record(
    evidence: &Evidence,
    dir: Option<&Path>,
    loc: &StoreLocation,
    source: &DeliverySource,
    now: &Timestamp,
    extra: &Map<String, Value>,
) -> Result<(Option<PathBuf>, Option<u64>), DeliverError> {
    let Some(dir) = dir else {
        let seq = ledger::append(loc, &[ledger_entry(evidence, None, source, now, extra)])?;
        return Ok((None, seq.first().copied()));
    };
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io("create", dir, e))?;
    let stem = format!("{}-{}", file_stem(&evidence.event_id), source.file_suffix);
    let bytes = crate::store::to_canonical_pretty(evidence);
    let tmp = dir.join(format!(".{stem}.{}.tmp", std::process::id()));
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
        let path = free_name(dir, &stem);
        let seq = ledger::append(loc, &[ledger_entry(evidence, Some(&path), source, now, extra)])?;
        // A hard link never replaces an existing file (unlike rename).
        std::fs::hard_link(&tmp, &path).map_err(|e| StoreError::io("create", &path, e))?;
        Ok((Some(path), seq.first().copied()))
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

/// `{stem}.json`, or `{stem}-2.json`, `{stem}-3.json`, … when taken.
fn free_name(dir: &Path, stem: &str) -> PathBuf {
    (1u32..)
        .map(|n| {
            dir.join(if n == 1 {
                format!("{stem}.json")
            } else {
                format!("{stem}-{n}.json")
            })
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some file name is free")
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
