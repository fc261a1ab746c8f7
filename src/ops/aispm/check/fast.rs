//! The common case of [`super::inspect`], without a `Value`: an envelope
//! that parses into the schema's own shape, passes every check and becomes
//! its ledger record's canonical text in one pass. It only accepts: for
//! anything it does not accept (a schema violation, a secret, a collector
//! sending what it may not, an unusual spelling) it says nothing, and the
//! full path decides and words the reject, so a line gets the verdict it
//! would get without it (`fast_path_agrees_with_the_full_path`).
//!
//! The structs mirror `schemas/aispm-enterprise-live-ingestion-envelope`:
//! `deny_unknown_fields` is its `additionalProperties: false`, a repeated
//! key or a value of another type fails the parse, and the hand-written
//! [`conforms`] is the rest of it (patterns, enums, consts, lengths).
//! Fields are declared in key order, so serialising a struct writes what
//! serialising the envelope's `Value` writes: its canonical text.

use std::borrow::Cow;

use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Candidate, KeyEntry, Keyring, MAX_INT, dedupe_key, scrub};
use crate::clock::Timestamp;
use crate::model::aispm::{Allow, is_ref_id, is_tenant_id};
use crate::ops::aispm::posture::Event;
use crate::store::ledger::Checked;
use crate::store::registry::AISPM_EVENTS;

/// A JSON string, borrowed from the payload when it has no escapes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// An optional member: absent is `None`, but `null` is not a value the
/// schema allows (so it fails the parse, as any other wrong type).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Envelope<'a> {
    #[serde(borrow)]
    contract_visibility: Text<'a>,
    #[serde(borrow)]
    edition: Text<'a>,
    #[serde(borrow)]
    enterprise_boundaries: Boundaries<'a>,
    #[serde(borrow)]
    event: EventPart<'a>,
    #[serde(borrow)]
    integrity: Integrity<'a>,
    #[serde(borrow)]
    product: Text<'a>,
    redaction: Redaction,
    #[serde(borrow)]
    schema_version: Text<'a>,
    #[serde(borrow)]
    source: Source<'a>,
    #[serde(borrow)]
    tenant: TenantPart<'a>,
    #[serde(borrow)]
    transport: Transport<'a>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Boundaries<'a> {
    cross_tenant_sharing: bool,
    #[serde(borrow)]
    data_residency: Text<'a>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct EventPart<'a> {
    #[serde(borrow)]
    agent_id: Text<'a>,
    #[serde(borrow)]
    decision: Text<'a>,
    #[serde(borrow)]
    event_id: Text<'a>,
    #[serde(borrow)]
    event_type: Text<'a>,
    #[serde(borrow)]
    occurred_at: Text<'a>,
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    resolves_event_id: Option<Text<'a>>,
    #[serde(borrow)]
    severity: Text<'a>,
    #[serde(borrow)]
    summary: Text<'a>,
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    tool: Option<Text<'a>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Integrity<'a> {
    #[serde(borrow)]
    signature_ref: Text<'a>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Redaction {
    raw_prompt_included: bool,
    reasoning_included: bool,
    tool_output_included: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Source<'a> {
    #[serde(borrow)]
    collector_id: Text<'a>,
    #[serde(borrow)]
    connector_id: Text<'a>,
    #[serde(borrow)]
    connector_type: Text<'a>,
    #[serde(borrow)]
    environment: Text<'a>,
    #[serde(borrow)]
    repository: Text<'a>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TenantPart<'a> {
    #[serde(borrow)]
    tenant_ref: Text<'a>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Transport<'a> {
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    idempotency_key: Option<Text<'a>>,
    #[serde(
        borrow,
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    sent_at: Option<Text<'a>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    sequence: Option<u64>,
}

/// The `cavra.aispm.event.v1` record, members in key order.
#[derive(Serialize)]
struct Record<'r, 'a> {
    collector_id: &'r str,
    dedupe_key: &'r str,
    envelope: &'r Envelope<'a>,
    key_id: &'r str,
    payload_sha256: &'r str,
    received_at: &'r str,
    redactions: u64,
}

const EVENT_TYPES: &[&str] = &[
    "agent_session",
    "tool_call",
    "mcp_call",
    "policy_decision",
    "approval",
    "ci_run",
    "iac_change",
    "cloud_change",
    "evidence",
];
const DECISIONS: &[&str] = &[
    "allow",
    "block",
    "warn",
    "require_approval",
    "approved",
    "denied",
    "not_applicable",
];
const SEVERITIES: &[&str] = &["info", "low", "medium", "high", "critical"];
const CONNECTOR_TYPES: &[&str] = &[
    "codex",
    "claude_code",
    "copilot",
    "cursor",
    "mcp",
    "github_actions",
    "gitlab_ci",
    "terraform",
    "aws",
    "azure",
    "gcp",
    "opa",
    "custom",
];
const ENVIRONMENTS: &[&str] = &["production", "staging", "development", "ci", "sandbox"];
const RESIDENCIES: &[&str] = &["eu", "us", "uk", "apac", "global"];

/// At most `max` characters (the schema's `maxLength` counts code points).
fn chars_at_most(s: &str, max: usize) -> bool {
    s.len() <= max || s.chars().count() <= max
}

/// The schema's `timestamp`: `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !(digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19))
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=9).contains(&n) {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        b"Z" => true,
        [sign, h1, h2, b':', m1, m2] => {
            matches!(sign, b'+' | b'-') && [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// The schema's repository: `^[A-Za-z0-9][A-Za-z0-9._-]{0,99}/[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`.
fn is_repository(s: &str) -> bool {
    let part = |p: &str| {
        let b = p.as_bytes();
        !b.is_empty()
            && b.len() <= 100
            && b[0].is_ascii_alphanumeric()
            && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || b"._-".contains(c))
    };
    s.split_once('/').is_some_and(|(owner, name)| part(owner) && part(name))
}

/// Whether the schema accepts `e` (given that it parsed into the schema's
/// shape).
pub(super) fn conforms(e: &Envelope<'_>) -> bool {
    let (ev, src, tr) = (&e.event, &e.source, &e.transport);
    let opt = |v: &Option<Text<'_>>, ok: &dyn Fn(&str) -> bool| v.as_deref().is_none_or(ok);
    &*e.schema_version == "cavra.aispm.enterprise_live_ingestion_envelope.v1"
        && &*e.product == "cavra"
        && &*e.edition == "enterprise"
        && &*e.contract_visibility == "public"
        && is_ref_id(&ev.event_id)
        && EVENT_TYPES.contains(&&*ev.event_type)
        && is_timestamp(&ev.occurred_at)
        && DECISIONS.contains(&&*ev.decision)
        && SEVERITIES.contains(&&*ev.severity)
        && chars_at_most(&ev.summary, 2048)
        && is_ref_id(&ev.agent_id)
        && opt(&ev.tool, &|t| chars_at_most(t, 256))
        && opt(&ev.resolves_event_id, &is_ref_id)
        && CONNECTOR_TYPES.contains(&&*src.connector_type)
        && is_ref_id(&src.connector_id)
        && is_ref_id(&src.collector_id)
        && is_repository(&src.repository)
        && ENVIRONMENTS.contains(&&*src.environment)
        && is_tenant_id(&e.tenant.tenant_ref)
        && !e.redaction.raw_prompt_included
        && !e.redaction.reasoning_included
        && !e.redaction.tool_output_included
        && chars_at_most(&e.integrity.signature_ref, 128)
        && opt(&tr.idempotency_key, &|k| !k.is_empty() && chars_at_most(k, 128))
        && opt(&tr.sent_at, &is_timestamp)
        && tr.sequence.is_none_or(|n| n <= MAX_INT as u64)
        && RESIDENCIES.contains(&&*e.enterprise_boundaries.data_residency)
        && !e.enterprise_boundaries.cross_tenant_sharing
}

/// The candidate for a verified `payload` signed by `key`, when it passes
/// every check; `None` leaves the line to the full path.
pub(super) fn accept(ring: &Keyring, key: &KeyEntry, payload: &[u8], received_at: &str) -> Option<Candidate> {
    let mut e: Envelope<'_> = serde_json::from_slice(payload).ok()?;
    if !conforms(&e) {
        return None;
    }
    let tenant: &str = &e.tenant.tenant_ref;
    if !ring.tenants.contains(tenant)
        || tenant != key.tenant
        || *e.source.collector_id != key.collector
        || *e.integrity.signature_ref != key.key_id
    {
        return None;
    }
    let allow = &key.allow;
    let permitted = [
        (&allow.connector_types, &e.source.connector_type),
        (&allow.connector_ids, &e.source.connector_id),
        (&allow.repositories, &e.source.repository),
        (&allow.environments, &e.source.environment),
        (&allow.event_types, &e.event.event_type),
    ]
    .into_iter()
    .all(|(list, value)| Allow::permits(list, value));
    if !permitted {
        return None;
    }
    let (summary, redactions) = scrub(&e.event.summary);
    if redactions > 0 {
        e.event.summary = Text(Cow::Owned(summary));
    }
    let dedupe = dedupe_key(
        tenant,
        e.transport.idempotency_key.as_deref(),
        &e.source.connector_id,
        &e.event.event_id,
    );
    let record = Record {
        collector_id: &key.collector,
        dedupe_key: &crate::store::hex(&dedupe),
        envelope: &e,
        key_id: &key.key_id,
        payload_sha256: &crate::store::sha256_tagged(payload),
        received_at,
        redactions,
    };
    let text = serde_json::to_string(&record).expect("records serialize");
    // The record's schema and the secret scan (of every string, the
    // redacted summary included): a secret anywhere is the full path's reject.
    let record = Checked::from_text(&AISPM_EVENTS, text).ok()?;
    let ev = &e.event;
    let owned = |t: &Text<'_>| Cow::Owned(t.to_string());
    let opt = |t: &Option<Text<'_>>| Cow::Owned(t.as_deref().unwrap_or_default().to_string());
    Some(Candidate {
        tenant: tenant.to_string(),
        dedupe,
        redactions,
        occurred: Timestamp::parse(&ev.occurred_at),
        event: Event {
            agent_id: owned(&ev.agent_id),
            collector_id: owned(&e.source.collector_id),
            connector_id: owned(&e.source.connector_id),
            decision: owned(&ev.decision),
            environment: owned(&e.source.environment),
            event_id: owned(&ev.event_id),
            event_type: owned(&ev.event_type),
            occurred_at: owned(&ev.occurred_at),
            received_at: Cow::Owned(received_at.to_string()),
            redactions,
            repository: owned(&e.source.repository),
            resolves_event_id: opt(&ev.resolves_event_id),
            severity: owned(&ev.severity),
            tool: opt(&ev.tool),
        },
        record: Ok(record),
    })
}
