//! The envelope contract of SPEC 10.1 as Rust types: the structs mirror
//! `schemas/aispm-enterprise-live-ingestion-envelope` member for member
//! (`deny_unknown_fields` is its `additionalProperties: false`, a repeated
//! key, a `null` or a value of another type fails the parse) and
//! [`conforms`] is the rest of it (consts, enums, `minLength`, date-times).
//!
//! Fields are declared in key order, optional ones skipped when absent, so
//! serialising a parsed envelope writes the canonical text serialising its
//! `Value` writes.

use std::borrow::Cow;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::super::MAX_INT;

/// A JSON string, borrowed from the payload when it has no escapes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text<'a>(pub Cow<'a, str>);

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

/// An object, and only an object: a derived struct also reads an array of
/// its fields in order, which the schema does not allow.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
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

/// An optional member that was absent (and is not written back).
fn absent<T>(v: &Option<T>) -> bool {
    v.is_none()
}

/// `cavra.aispm.enterprise_live_ingestion_envelope.v1`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Envelope<'a> {
    #[serde(borrow)]
    pub contract_visibility: Text<'a>,
    #[serde(borrow)]
    pub edition: Text<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub enterprise_boundaries: Boundaries<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub event: EventPart<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub integrity: Integrity<'a>,
    #[serde(borrow)]
    pub product: Text<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub redaction: Redaction<'a>,
    #[serde(borrow)]
    pub schema_version: Text<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub source: Source<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub tenant: TenantPart<'a>,
    #[serde(borrow, deserialize_with = "object")]
    pub transport: Transport<'a>,
}

/// `enterprise_boundaries`: each `requires_cavra_enterprise`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Boundaries<'a> {
    #[serde(borrow)]
    pub collector_implementation: Text<'a>,
    #[serde(borrow)]
    pub license_enforcement: Text<'a>,
    #[serde(borrow)]
    pub raw_payload_storage: Text<'a>,
    #[serde(borrow)]
    pub streaming_transport: Text<'a>,
    #[serde(borrow)]
    pub tenant_persistence: Text<'a>,
}

/// `event`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventPart<'a> {
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub action_type: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub actor_ref: Option<Text<'a>>,
    #[serde(borrow)]
    pub agent_id: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub decision: Option<Text<'a>>,
    #[serde(borrow)]
    pub event_id: Text<'a>,
    #[serde(borrow)]
    pub event_type: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub evidence_refs: Option<Vec<Text<'a>>>,
    #[serde(borrow)]
    pub occurred_at: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub payload_ref: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub policy_pack: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub received_at: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub repository: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub risk_classification: Option<Text<'a>>,
    #[serde(borrow)]
    pub session_id: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub severity: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub target_summary: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub tool_name: Option<Text<'a>>,
}

/// `integrity`: opaque references, kept and never trusted.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Integrity<'a> {
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub chain_ref: Option<Text<'a>>,
    #[serde(borrow)]
    pub hash_algorithm: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub payload_hash: Option<Text<'a>>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub signature_ref: Option<Text<'a>>,
    pub signature_required: bool,
}

/// `redaction`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Redaction<'a> {
    #[serde(borrow)]
    pub payload_handling: Text<'a>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub private_payload_required: Option<bool>,
    pub raw_prompt_included: bool,
    pub reasoning_included: bool,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub redaction_profile: Option<Text<'a>>,
    pub tool_output_included: bool,
}

/// `source`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source<'a> {
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub collector_version: Option<Text<'a>>,
    #[serde(borrow)]
    pub connector_id: Text<'a>,
    #[serde(borrow)]
    pub connector_type: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub runtime_version: Option<Text<'a>>,
}

/// `tenant`: `tenant_ref` is opaque (the registry maps it to a tenant).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TenantPart<'a> {
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub data_residency_ref: Option<Text<'a>>,
    #[serde(borrow)]
    pub environment: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub region: Option<Text<'a>>,
    #[serde(borrow)]
    pub tenant_ref: Text<'a>,
}

/// `transport`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Transport<'a> {
    #[serde(borrow)]
    pub delivery_semantics: Text<'a>,
    #[serde(borrow, default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub idempotency_key: Option<Text<'a>>,
    #[serde(borrow)]
    pub ingress_mode: Text<'a>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "absent")]
    pub retry_count: Option<u64>,
}

pub const SCHEMA_VERSION: &str = "cavra.aispm.enterprise_live_ingestion_envelope.v1";
pub const EVENT_TYPES: &[&str] = &[
    "prompt",
    "model_response",
    "reasoning_trace",
    "tool_call",
    "file_action",
    "shell_command",
    "git_operation",
    "mcp_activity",
    "ci_runner_event",
    "cloud_iac_event",
    "policy_decision",
    "approval_event",
    "evidence_event",
];
pub const DECISIONS: &[&str] = &[
    "allow",
    "warn",
    "block",
    "require_approval",
    "allow_with_attestation",
    "audit_only",
    "not_applicable",
];
pub const SEVERITIES: &[&str] = &["none", "low", "medium", "high", "critical"];
pub const CONNECTOR_TYPES: &[&str] = &[
    "codex",
    "claude_code",
    "github_copilot",
    "cursor",
    "gemini_cli",
    "mcp_server",
    "github_actions",
    "gitlab_ci",
    "azure_pipelines",
    "cloud_provider",
    "custom",
];
pub const ENVIRONMENTS: &[&str] = &["dev", "test", "staging", "production", "sandbox"];
pub const PAYLOAD_HANDLING: &[&str] = &["metadata_only", "redacted_summary", "private_payload_ref"];
pub const HASH_ALGORITHMS: &[&str] = &["sha256", "sha384", "sha512"];
pub const INGRESS_MODES: &[&str] = &["https", "sse", "websocket", "queue", "batch"];
pub const DELIVERY_SEMANTICS: &[&str] = &["at_least_once", "exactly_once_private", "best_effort"];
pub const BOUNDARY: &str = "requires_cavra_enterprise";

/// The schema's `timestamp`: `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$`.
pub fn is_timestamp(s: &str) -> bool {
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

/// Whether the schema accepts `e` (given that it parsed into the schema's
/// shape).
pub(crate) fn conforms(e: &Envelope<'_>) -> bool {
    let (ev, src, t, r, i, tr, b) = (
        &e.event,
        &e.source,
        &e.tenant,
        &e.redaction,
        &e.integrity,
        &e.transport,
        &e.enterprise_boundaries,
    );
    let one_of = |list: &[&str], v: &str| list.contains(&v);
    let opt_one_of = |list: &[&str], v: &Option<Text<'_>>| v.as_deref().is_none_or(|v| list.contains(&v));
    &*e.schema_version == SCHEMA_VERSION
        && &*e.product == "CAVRA"
        && &*e.edition == "enterprise"
        && &*e.contract_visibility == "public_contract"
        && !ev.event_id.is_empty()
        && !ev.session_id.is_empty()
        && !ev.agent_id.is_empty()
        && one_of(EVENT_TYPES, &ev.event_type)
        && is_timestamp(&ev.occurred_at)
        && ev.received_at.as_deref().is_none_or(is_timestamp)
        && opt_one_of(DECISIONS, &ev.decision)
        && opt_one_of(SEVERITIES, &ev.severity)
        && one_of(CONNECTOR_TYPES, &src.connector_type)
        && !src.connector_id.is_empty()
        && one_of(ENVIRONMENTS, &t.environment)
        && one_of(PAYLOAD_HANDLING, &r.payload_handling)
        && !r.raw_prompt_included
        && !r.reasoning_included
        && !r.tool_output_included
        && one_of(HASH_ALGORITHMS, &i.hash_algorithm)
        && one_of(INGRESS_MODES, &tr.ingress_mode)
        && one_of(DELIVERY_SEMANTICS, &tr.delivery_semantics)
        && tr.retry_count.is_none_or(|n| n <= MAX_INT as u64)
        && [
            &b.collector_implementation,
            &b.license_enforcement,
            &b.raw_payload_storage,
            &b.streaming_transport,
            &b.tenant_persistence,
        ]
        .iter()
        .all(|v| &***v == BOUNDARY)
}
