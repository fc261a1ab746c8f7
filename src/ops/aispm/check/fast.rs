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
//! The record is built as the ledger's borrowed JSON with members in key
//! order, so serialising it writes what serialising the `Value` writes.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::{Candidate, KeyEntry, Keyring, MAX_INT, dedupe_key, scrub};
use crate::clock::Timestamp;
use crate::model::aispm::{Allow, is_ref_id, is_tenant_id};
use crate::ops::aispm::posture::Event;
use crate::store::ledger::Checked;
use crate::store::ledger::record::Json;
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

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// An object, and only an object: a derived struct also reads an array of
/// its fields in order, which the schema does not allow.
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

/// An optional member: absent is `None`, but `null` is not a value the
/// schema allows (so it fails the parse, as any other wrong type).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Envelope<'a> {
    #[serde(borrow)]
    contract_visibility: Text<'a>,
    #[serde(borrow)]
    edition: Text<'a>,
    #[serde(borrow, deserialize_with = "object")]
    enterprise_boundaries: Boundaries<'a>,
    #[serde(borrow, deserialize_with = "object")]
    event: EventPart<'a>,
    #[serde(borrow, deserialize_with = "object")]
    integrity: Integrity<'a>,
    #[serde(borrow)]
    product: Text<'a>,
    #[serde(deserialize_with = "object")]
    redaction: Redaction,
    #[serde(borrow)]
    schema_version: Text<'a>,
    #[serde(borrow, deserialize_with = "object")]
    source: Source<'a>,
    #[serde(borrow, deserialize_with = "object")]
    tenant: TenantPart<'a>,
    #[serde(borrow, deserialize_with = "object")]
    transport: Transport<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Boundaries<'a> {
    cross_tenant_sharing: bool,
    #[serde(borrow)]
    data_residency: Text<'a>,
}

#[derive(Debug, Deserialize)]
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
    #[serde(borrow, default, deserialize_with = "present")]
    resolves_event_id: Option<Text<'a>>,
    #[serde(borrow)]
    severity: Text<'a>,
    #[serde(borrow)]
    summary: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present")]
    tool: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Integrity<'a> {
    #[serde(borrow)]
    signature_ref: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Redaction {
    raw_prompt_included: bool,
    reasoning_included: bool,
    tool_output_included: bool,
}

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantPart<'a> {
    #[serde(borrow)]
    tenant_ref: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Transport<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    idempotency_key: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present")]
    sent_at: Option<Text<'a>>,
    #[serde(default, deserialize_with = "present")]
    sequence: Option<u64>,
}

/// The `cavra.aispm.event.v1` record of an envelope, built as the ledger's
/// borrowed JSON (members in key order, optional ones only when present),
/// so it is serialised once, by the ledger's check, and never parsed.
fn record<'r>(
    e: &'r Envelope<'_>,
    key: &'r KeyEntry,
    dedupe_key: &'r str,
    payload_sha256: &'r str,
    received_at: &'r str,
    redactions: u64,
) -> Json<'r> {
    fn s(t: &str) -> Json<'_> {
        Json::Str(Cow::Borrowed(t))
    }
    fn object<'r>(members: impl IntoIterator<Item = (&'static str, Option<Json<'r>>)>) -> Json<'r> {
        Json::Object(
            members
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (Cow::Borrowed(k), v)))
                .collect(),
        )
    }
    let (ev, src, tr) = (&e.event, &e.source, &e.transport);
    let (b, r) = (&e.enterprise_boundaries, &e.redaction);
    let envelope = object([
        ("contract_visibility", Some(s(&e.contract_visibility))),
        ("edition", Some(s(&e.edition))),
        (
            "enterprise_boundaries",
            Some(object([
                ("cross_tenant_sharing", Some(Json::Bool(b.cross_tenant_sharing))),
                ("data_residency", Some(s(&b.data_residency))),
            ])),
        ),
        (
            "event",
            Some(object([
                ("agent_id", Some(s(&ev.agent_id))),
                ("decision", Some(s(&ev.decision))),
                ("event_id", Some(s(&ev.event_id))),
                ("event_type", Some(s(&ev.event_type))),
                ("occurred_at", Some(s(&ev.occurred_at))),
                ("resolves_event_id", ev.resolves_event_id.as_deref().map(s)),
                ("severity", Some(s(&ev.severity))),
                ("summary", Some(s(&ev.summary))),
                ("tool", ev.tool.as_deref().map(s)),
            ])),
        ),
        (
            "integrity",
            Some(object([("signature_ref", Some(s(&e.integrity.signature_ref)))])),
        ),
        ("product", Some(s(&e.product))),
        (
            "redaction",
            Some(object([
                ("raw_prompt_included", Some(Json::Bool(r.raw_prompt_included))),
                ("reasoning_included", Some(Json::Bool(r.reasoning_included))),
                ("tool_output_included", Some(Json::Bool(r.tool_output_included))),
            ])),
        ),
        ("schema_version", Some(s(&e.schema_version))),
        (
            "source",
            Some(object([
                ("collector_id", Some(s(&src.collector_id))),
                ("connector_id", Some(s(&src.connector_id))),
                ("connector_type", Some(s(&src.connector_type))),
                ("environment", Some(s(&src.environment))),
                ("repository", Some(s(&src.repository))),
            ])),
        ),
        ("tenant", Some(object([("tenant_ref", Some(s(&e.tenant.tenant_ref)))]))),
        (
            "transport",
            Some(object([
                ("idempotency_key", tr.idempotency_key.as_deref().map(s)),
                ("sent_at", tr.sent_at.as_deref().map(s)),
                ("sequence", tr.sequence.map(Json::U64)),
            ])),
        ),
    ]);
    object([
        ("collector_id", Some(s(&key.collector))),
        ("dedupe_key", Some(s(dedupe_key))),
        ("envelope", Some(envelope)),
        ("key_id", Some(s(&key.key_id))),
        ("payload_sha256", Some(s(payload_sha256))),
        ("received_at", Some(s(received_at))),
        ("redactions", Some(Json::U64(redactions))),
    ])
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
    if b.len() < 20 || !crate::model::integration::starts_with_datetime(b) {
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
    let mut de = serde_json::Deserializer::from_slice(payload);
    let mut e: Envelope<'_> = object(&mut de).ok()?;
    de.end().ok()?;
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
    let (dedupe_hex, payload_sha256) = (crate::store::hex(&dedupe), crate::store::sha256_tagged(payload));
    let json = record(&e, key, &dedupe_hex, &payload_sha256, received_at, redactions);
    // The record's schema and the secret scan (of every string, the
    // redacted summary included): a secret anywhere is the full path's reject.
    let record = Checked::from_json(&AISPM_EVENTS, &json)?;
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::{Value, json};

    use super::super::{KeyEntry, Keyring, Method, inspect};
    use super::*;

    const KEY_ID: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    const RECEIVED: &str = "2026-03-01T12:00:00Z";

    fn ring() -> Keyring {
        let key = KeyEntry {
            tenant: "acme".into(),
            collector: "codex-ci".into(),
            key_id: KEY_ID.into(),
            method: Method::Hmac(Some(b"s".to_vec())),
            revoked: false,
            allow: Allow {
                connector_ids: vec![],
                connector_types: vec!["codex".into(), "mcp".into()],
                environments: vec![],
                event_types: vec![],
                repositories: vec![],
            },
        };
        Keyring {
            by_id: HashMap::from([(KEY_ID.to_string(), key)]),
            tenants: ["acme".to_string(), "globex".to_string()].into(),
        }
    }

    fn base() -> Value {
        let text =
            include_str!("../../../../examples/aispm/enterprise-live-ingestion-envelope-public-contract.example.json");
        let mut e: Value = serde_json::from_str(text).unwrap();
        e["integrity"]["signature_ref"] = json!(KEY_ID);
        e
    }

    /// Payloads around the common one: every field given good and bad
    /// values, missing, repeated, unknown, spelled with escapes, spaces and
    /// in another key order, secrets, and what the collector may not send.
    fn corpus() -> Vec<Vec<u8>> {
        let mut values = vec![base()];
        let fields: &[(&str, &[Value])] = &[
            (
                "/schema_version",
                &[json!("cavra.aispm.enterprise_live_ingestion_envelope.v2"), json!(1)],
            ),
            ("/product", &[json!("Cavra"), json!(null)]),
            ("/edition", &[json!("community")]),
            ("/contract_visibility", &[json!("private")]),
            (
                "/event/event_id",
                &[
                    json!("a"),
                    json!("A.b_c:d-9"),
                    json!(""),
                    json!("-a"),
                    json!("a b"),
                    json!("é"),
                    json!("x".repeat(128)),
                    json!("x".repeat(129)),
                    json!(7),
                ],
            ),
            (
                "/event/event_type",
                &[json!("tool_call"), json!("evidence"), json!("Tool_call"), json!("")],
            ),
            (
                "/event/occurred_at",
                &[
                    json!("2026-03-01T11:59:30.123456789Z"),
                    json!("2026-03-01T11:59:30.1234567890Z"),
                    json!("2026-03-01T13:59:30+02:00"),
                    json!("2026-03-01T13:59:30-02:00"),
                    json!("2026-03-01T13:59:30+0200"),
                    json!("2026-03-01T13:59:30z"),
                    json!("2026-03-01 13:59:30Z"),
                    json!("2026-03-01T13:59:30.Z"),
                    json!("2026-03-01T13:59:30Z\n"),
                    json!("99999-03-01T13:59:30Z"),
                    json!("2026-13-45T99:99:99Z"),
                    json!(""),
                ],
            ),
            (
                "/event/decision",
                &[json!("allow"), json!("require_approval"), json!("maybe")],
            ),
            ("/event/severity", &[json!("critical"), json!("info"), json!("urgent")]),
            (
                "/event/summary",
                &[
                    json!(""),
                    json!("é".repeat(2048)),
                    json!("é".repeat(2049)),
                    json!("x".repeat(2049)),
                    json!("pushed with ghp_abcdefghijklmnop1234 to main"),
                    json!("header Bearer abcdefghijklmnop was sent"),
                    json!("quote \" backslash \\ control \u{1} tab \t unicode \u{2028} é"),
                    json!(null),
                ],
            ),
            ("/event/agent_id", &[json!("agent-1"), json!("agent 1")]),
            (
                "/event/tool",
                &[
                    json!(""),
                    json!("t".repeat(256)),
                    json!("t".repeat(257)),
                    json!(null),
                    json!(1),
                    json!("ghp_abcdefghijklmnop1234"),
                ],
            ),
            ("/event/resolves_event_id", &[json!("evt-0000"), json!(""), json!(null)]),
            ("/event/unknown", &[json!("x")]),
            ("/source/connector_type", &[json!("mcp"), json!("aws"), json!("nope")]),
            ("/source/connector_id", &[json!("c-1"), json!("c 1")]),
            ("/source/collector_id", &[json!("other-ci")]),
            (
                "/source/repository",
                &[
                    json!("a/b"),
                    json!("a.b/c_d-e"),
                    json!("a/b/c"),
                    json!("/b"),
                    json!("a/"),
                    json!(format!("{}/b", "a".repeat(100))),
                    json!(format!("{}/b", "a".repeat(101))),
                    json!(".a/b"),
                ],
            ),
            ("/source/environment", &[json!("ci"), json!("prod")]),
            (
                "/tenant/tenant_ref",
                &[
                    json!("globex"),
                    json!("initech"),
                    json!("Acme"),
                    json!("../acme"),
                    json!(""),
                ],
            ),
            ("/tenant/extra", &[json!(1)]),
            ("/redaction/raw_prompt_included", &[json!(true), json!(0)]),
            ("/redaction/reasoning_included", &[json!(true)]),
            ("/redaction/tool_output_included", &[json!(true)]),
            (
                "/integrity/signature_ref",
                &[json!("sha256:1111"), json!("s".repeat(129))],
            ),
            (
                "/transport/idempotency_key",
                &[
                    json!(""),
                    json!("k".repeat(128)),
                    json!("k".repeat(129)),
                    json!("é".repeat(128)),
                    json!(null),
                ],
            ),
            (
                "/transport/sent_at",
                &[json!("2026-03-01T11:59:31+00:00"), json!("yesterday")],
            ),
            (
                "/transport/sequence",
                &[
                    json!(0),
                    json!(9007199254740991u64),
                    json!(9007199254740992u64),
                    json!(-1),
                    json!(1.5),
                    json!(1.0),
                    json!("1"),
                    json!(null),
                ],
            ),
            ("/enterprise_boundaries/data_residency", &[json!("us"), json!("mars")]),
            ("/enterprise_boundaries/cross_tenant_sharing", &[json!(true)]),
            ("/extra", &[json!({})]),
        ];
        for (pointer, alternatives) in fields {
            let (parent, name) = pointer.rsplit_once('/').unwrap();
            for v in *alternatives {
                let mut e = base();
                e.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap()[name] = v.clone();
                values.push(e);
            }
            let mut e = base();
            if let Some(o) = e.pointer_mut(parent).and_then(Value::as_object_mut) {
                o.remove(name);
            }
            values.push(e);
        }
        let mut e = base();
        e["redaction"] = json!([false, false, false]);
        values.push(e);
        let mut e = base();
        e["enterprise_boundaries"] = json!([false, "eu"]);
        values.push(e);
        let mut e = base();
        e["tenant"] = json!(["acme"]);
        values.push(e);
        let b = base();
        let top: Vec<Value> = b.as_object().unwrap().values().cloned().collect();
        values.push(Value::Array(top));
        for part in [
            "event",
            "source",
            "transport",
            "redaction",
            "integrity",
            "tenant",
            "enterprise_boundaries",
        ] {
            let mut e = base();
            e[part] = json!(null);
            values.push(e);
            let mut e = base();
            e[part] = json!([]);
            values.push(e);
        }
        let mut e = base();
        e["transport"] = json!({});
        values.push(e);
        let mut payloads: Vec<Vec<u8>> = values.iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
        let text = serde_json::to_string(&base()).unwrap();
        payloads.push(serde_json::to_vec_pretty(&base()).unwrap());
        for (from, to) in [
            // escapes, a repeated key, another key order, numbers spelled otherwise
            ("\"evt-0001\"", "\"\\u0065vt-0001\""),
            ("\"codex\"", "\"cod\\u0065x\""),
            ("\"tool\":\"git\"", "\"tool\":\"git\",\"tool\":\"git\""),
            ("\"product\":\"cavra\"", "\"product\":\"cavra\",\"product\":\"cavra\""),
            (
                "{\"contract_visibility\":\"public\",",
                "{\"product\":\"cavra\",\"contract_visibility\":\"public\",",
            ),
            ("\"sequence\":1", "\"sequence\":1.0"),
            ("\"sequence\":1", "\"sequence\":-0"),
            ("\"sequence\":1", "\"sequence\":1e0"),
            ("\"sequence\":1", "\"sequence\":01"),
            ("}}", "}} "),
            ("}}", "}}x"),
        ] {
            assert!(text.contains(from), "{from}");
            payloads.push(text.replacen(from, to, 1).into_bytes());
        }
        let mut reordered = text.replacen("\"product\":\"cavra\",", "", 1);
        reordered.insert_str(1, "\"product\":\"cavra\",");
        payloads.push(reordered.into_bytes());
        payloads.push(b"not json".to_vec());
        payloads.push(vec![0xff, 0xfe]);
        payloads
    }

    #[test]
    fn fast_path_agrees_with_the_full_path() {
        let ring = ring();
        let key = &ring.by_id[KEY_ID];
        let (mut fast_accepted, mut full_accepted) = (0, 0);
        for payload in corpus() {
            let shown = String::from_utf8_lossy(&payload).into_owned();
            let full = inspect(&ring, key, &payload).map(|i| i.candidate(RECEIVED));
            let fast = accept(&ring, key, &payload, RECEIVED);
            full_accepted += usize::from(full.is_ok());
            let Some(fast) = fast else {
                // Everything the full path accepts here, the fast one does too.
                assert!(full.is_err(), "fast path refused what the full path accepts: {shown}");
                continue;
            };
            fast_accepted += 1;
            let full =
                full.unwrap_or_else(|r| panic!("fast path accepted what the full path refuses ({r:?}): {shown}"));
            let text = |c: &Candidate| match &c.record {
                Ok(checked) => checked.text().to_string(),
                Err(value) => serde_json::to_string(value).unwrap(),
            };
            assert_eq!(text(&fast), text(&full), "{shown}");
            assert!(full.record.is_ok(), "{shown}");
            assert_eq!(
                (&fast.tenant, fast.dedupe, fast.redactions, fast.occurred, &fast.event),
                (&full.tenant, full.dedupe, full.redactions, full.occurred, &full.event),
                "{shown}"
            );
            let record: Value = serde_json::from_str(&text(&fast)).unwrap();
            assert_eq!(fast.event, Event::of(&record), "{shown}");
        }
        assert!(
            fast_accepted > 40,
            "the corpus exercises the fast path: {fast_accepted}"
        );
        assert_eq!(fast_accepted, full_accepted);
    }
}
