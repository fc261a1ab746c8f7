//! The common case of [`super::inspect`], without a `Value`: an envelope
//! that parses into the contract's own shape ([`shape`]), passes every
//! check and becomes its ledger record's canonical text in one pass. It
//! only accepts: for anything it does not accept (a schema violation, a
//! secret, a collector sending what it may not, an unusual spelling) it
//! says nothing, and the full path decides and words the reject, so a line
//! gets the verdict it would get without it (`fast_path_agrees_with_the_full_path`
//! and the property test in `tests`).

use std::borrow::Cow;

use serde::Serialize;

use super::{Candidate, KeyEntry, Keyring, dedupe_key};
use crate::clock::Timestamp;
use crate::model::aispm::Allow;
use crate::ops::aispm::dsse;
use crate::ops::aispm::posture::Event;
use crate::store::ledger::Checked;
use crate::store::registry::AISPM_EVENTS;

pub(crate) mod shape;
mod strings;
#[cfg(test)]
mod tests;

use shape::{Envelope, Text, conforms, object};

/// The `cavra.aispm.event.v1` record of an envelope, members in key order
/// (so its serialisation is the canonical text).
#[derive(Serialize)]
struct Record<'r> {
    collector_id: &'r str,
    dedupe_key: &'r str,
    dsse: Dsse<'r>,
    key_id: &'r str,
    received_at: &'r str,
}

/// The DSSE envelope as verified, as the record stores it.
#[derive(Serialize)]
struct Dsse<'r> {
    payload: &'r str,
    #[serde(rename = "payloadType")]
    payload_type: &'static str,
    signatures: [Signature<'r>; 1],
}

#[derive(Serialize)]
struct Signature<'r> {
    keyid: &'r str,
    sig: &'r str,
}

/// The candidate for a verified `payload` signed by `key` (its signature
/// `sig_text`), when it passes every check; `None` leaves the line to the
/// full path.
pub(super) fn accept(
    ring: &Keyring,
    key: &KeyEntry,
    payload: &[u8],
    payload_text: &str,
    sig_text: &str,
    received_at: &str,
) -> Option<Candidate> {
    let mut de = serde_json::Deserializer::from_slice(payload);
    let e: Envelope<'_> = object(&mut de).ok()?;
    de.end().ok()?;
    if !conforms(&e) {
        return None;
    }
    if ring.tenant_of(&e.tenant.tenant_ref) != Some(key.tenant.as_str()) {
        return None;
    }
    let allow = &key.allow;
    let none = Text(Cow::Borrowed(""));
    let permitted = [
        (&allow.connector_types, &e.source.connector_type),
        (&allow.connector_ids, &e.source.connector_id),
        (&allow.repositories, e.event.repository.as_ref().unwrap_or(&none)),
        (&allow.environments, &e.tenant.environment),
        (&allow.event_types, &e.event.event_type),
    ]
    .into_iter()
    .all(|(list, value)| Allow::permits(list, value));
    if !permitted {
        return None;
    }
    let redactions = 0;
    let dedupe = dedupe_key(
        &key.tenant,
        &key.collector,
        e.transport.idempotency_key.as_deref(),
        &e.source.connector_id,
        &e.event.event_id,
    );
    let dedupe_hex = crate::store::hex(&dedupe);
    // Sized for the record at once (the payload is most of it).
    let mut text = Vec::with_capacity(payload_text.len() + sig_text.len() + 384);
    serde_json::to_writer(
        &mut text,
        &Record {
            collector_id: &key.collector,
            dedupe_key: &dedupe_hex,
            dsse: Dsse {
                payload: payload_text,
                payload_type: dsse::PAYLOAD_TYPE,
                signatures: [Signature {
                    keyid: &key.key_id,
                    sig: sig_text,
                }],
            },
            key_id: &key.key_id,
            received_at,
        },
    )
    .expect("records serialize");
    let text = String::from_utf8(text).expect("serde_json writes UTF-8");
    // A secret in any string of the envelope is the full path's reject
    // (the signed bytes are stored as sent, so nothing is scrubbed; the
    // shape admits no member name of the sender's). The record holds the
    // envelope only as base64, so it is scanned here, on the parsed shape.
    if strings::any_str(&e, &|s| crate::secrets::detect(s).is_some()) {
        return None;
    }
    // The record's schema and canonical form.
    let record = Checked::from_text(&AISPM_EVENTS, text).ok()?;
    let ev = &e.event;
    let owned = |t: &Text<'_>| Cow::Owned(t.to_string());
    let opt = |t: &Option<Text<'_>>| Cow::Owned(t.as_deref().unwrap_or_default().to_string());
    Some(Candidate {
        tenant: key.tenant.clone(),
        dedupe,
        redactions,
        occurred: Timestamp::parse(&ev.occurred_at),
        event: Event {
            agent_id: owned(&ev.agent_id),
            collector_id: Cow::Owned(key.collector.clone()),
            connector_id: owned(&e.source.connector_id),
            decision: opt(&ev.decision),
            environment: owned(&e.tenant.environment),
            event_id: owned(&ev.event_id),
            event_type: owned(&ev.event_type),
            occurred_at: owned(&ev.occurred_at),
            received_at: Cow::Owned(received_at.to_string()),
            redactions,
            repository: opt(&ev.repository),
            resolves: Event::resolving(
                &ev.event_type,
                ev.decision.as_deref().unwrap_or_default(),
                ev.evidence_refs.iter().flatten().map(|r| Cow::Owned(r.to_string())),
            ),
            severity: opt(&ev.severity),
            tool: opt(&ev.tool_name),
        },
        record: Ok(record),
    })
}
