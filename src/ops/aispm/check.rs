//! One line's verdict, without touching any store: size, DSSE form,
//! signature (before the payload is parsed), strict JSON without floats,
//! schema, tenant, authorisation, redaction, dedupe key.
//!
//! A line is trusted no further than its signature: a tenant is established
//! only by a key registered for it, and a rejected line is attributed to a
//! tenant only when such a key verified it (else it is "unattributed").
//! Verification takes a chunk of lines: Ed25519 signatures are checked as one
//! batch, and only when the batch fails one by one, so each bad line gets
//! its own reason.
//!
//! After the signature, the common envelope takes the `fast` path: read into the
//! schema's own shape, checked by hand and made into its ledger record
//! without a `Value`. Whatever it does not accept goes through `inspect`,
//! which decides it again from scratch and words the reject.

use std::collections::HashMap;

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::dsse;
use super::posture::Event;
use crate::clock::Timestamp;
use crate::model::aispm::{Allow, CollectorStatus, KeyType, Tenant};
use crate::store::ledger::Checked;
use crate::store::registry::AISPM_EVENTS;

mod fast;

/// The longest line accepted (bytes, newline excluded).
pub const MAX_LINE: usize = 1024 * 1024;
/// The largest integer an envelope may hold: 2^53 − 1.
pub const MAX_INT: i64 = (1 << 53) - 1;
/// The envelope schema.
pub const ENVELOPE_SCHEMA: &str = "aispm-enterprise-live-ingestion-envelope";

/// Why a line was rejected: a stable code (`health`, quarantines, counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    LineTooLarge,
    InvalidUtf8,
    TruncatedLine,
    NotJson,
    NotDsse,
    WrongPayloadType,
    PayloadNotBase64,
    MissingSignature,
    UnknownKey,
    BadSignature,
    RevokedKey,
    KeyUnavailable,
    PayloadNotJson,
    NumberNotAllowed,
    SchemaViolation,
    UnknownTenant,
    TenantMismatch,
    NotAllowedConnectorType,
    NotAllowedConnector,
    NotAllowedRepository,
    NotAllowedEnvironment,
    NotAllowedEventType,
    SecretInField,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::LineTooLarge => "line_too_large",
            Reason::InvalidUtf8 => "invalid_utf8",
            Reason::TruncatedLine => "truncated_line",
            Reason::NotJson => "not_json",
            Reason::NotDsse => "not_dsse",
            Reason::WrongPayloadType => "wrong_payload_type",
            Reason::PayloadNotBase64 => "payload_not_base64",
            Reason::MissingSignature => "missing_signature",
            Reason::UnknownKey => "unknown_key",
            Reason::BadSignature => "bad_signature",
            Reason::RevokedKey => "revoked_key",
            Reason::KeyUnavailable => "key_unavailable",
            Reason::PayloadNotJson => "payload_not_json",
            Reason::NumberNotAllowed => "number_not_allowed",
            Reason::SchemaViolation => "schema_violation",
            Reason::UnknownTenant => "unknown_tenant",
            Reason::TenantMismatch => "tenant_mismatch",
            Reason::NotAllowedConnectorType => "not_allowed_connector_type",
            Reason::NotAllowedConnector => "not_allowed_connector",
            Reason::NotAllowedRepository => "not_allowed_repository",
            Reason::NotAllowedEnvironment => "not_allowed_environment",
            Reason::NotAllowedEventType => "not_allowed_event_type",
            Reason::SecretInField => "secret_in_field",
        }
    }
}

/// A registered key.
pub struct KeyEntry {
    pub tenant: String,
    pub collector: String,
    pub key_id: String,
    pub method: Method,
    pub revoked: bool,
    pub allow: Allow,
}

pub enum Method {
    Ed25519(VerifyingKey),
    /// The secret from the environment; `None` when the variable is unset.
    Hmac(Option<Vec<u8>>),
}

/// Every registered key of every tenant, by key id, and which tenant each
/// `tenant_ref` names.
pub struct Keyring {
    by_id: HashMap<String, KeyEntry>,
    refs: HashMap<String, String>,
}

impl Keyring {
    /// The keys of `tenants`; HMAC secrets are read from the environment.
    pub fn new(tenants: &[Tenant]) -> Keyring {
        let mut by_id = HashMap::new();
        // An HMAC secret belongs to one collector of one tenant: a variable
        // a registry names twice (a hand edit) verifies nothing.
        let mut vars: HashMap<&str, usize> = HashMap::new();
        for c in tenants.iter().flat_map(|t| &t.collectors) {
            if let Some(v) = c.secret_env.as_deref() {
                *vars.entry(v).or_default() += 1;
            }
        }
        for t in tenants {
            for c in &t.collectors {
                let method = match c.key_type {
                    KeyType::Ed25519 => match c.public_key.as_deref().map(dsse::public_key) {
                        Some(Ok(key)) => Method::Ed25519(key),
                        // A registry row with a bad key verifies nothing.
                        _ => continue,
                    },
                    KeyType::HmacSha256 => Method::Hmac(
                        c.secret_env
                            .as_deref()
                            .filter(|v| vars.get(v) == Some(&1))
                            .and_then(crate::env::var)
                            .map(String::into_bytes),
                    ),
                };
                by_id.insert(
                    c.key_id.clone(),
                    KeyEntry {
                        tenant: t.tenant_id.clone(),
                        collector: c.collector_id.clone(),
                        key_id: c.key_id.clone(),
                        method,
                        revoked: c.status == CollectorStatus::Revoked,
                        allow: c.allow.clone(),
                    },
                );
            }
        }
        let refs = tenants
            .iter()
            .flat_map(|t| t.refs().into_iter().map(|r| (r.to_string(), t.tenant_id.clone())))
            .collect();
        Keyring { by_id, refs }
    }

    /// The tenant an envelope's `tenant_ref` names, if any registered one does.
    pub fn tenant_of(&self, tenant_ref: &str) -> Option<&str> {
        self.refs.get(tenant_ref).map(String::as_str)
    }
}

/// One input line.
pub struct Input<'a> {
    pub bytes: &'a [u8],
    /// Whether it ended with a newline (a stream cut mid-line does not).
    pub complete: bool,
    /// Whether it was longer than [`MAX_LINE`] (then `bytes` is empty).
    pub oversize: bool,
}

/// A rejected line.
#[derive(Debug)]
pub struct Reject {
    pub reason: Reason,
    /// A short explanation that never quotes the input.
    pub detail: String,
    /// Set only when a key registered for it verified the line.
    pub tenant: Option<String>,
    pub collector: Option<String>,
    /// The redacted envelope, when it passed redaction.
    pub envelope: Option<Value>,
}

impl Reject {
    fn new(reason: Reason, detail: impl Into<String>) -> Reject {
        Reject {
            reason,
            detail: detail.into(),
            tenant: None,
            collector: None,
            envelope: None,
        }
    }
    fn by(mut self, key: &KeyEntry) -> Reject {
        self.tenant = Some(key.tenant.clone());
        self.collector = Some(key.collector.clone());
        self
    }
}

/// A verified, authorised, redacted envelope, as its event ledger record.
#[derive(Debug)]
pub struct Candidate {
    pub tenant: String,
    pub dedupe: [u8; 16],
    pub redactions: u64,
    /// `event.occurred_at`, when it parses (for the lag histogram).
    pub occurred: Option<Timestamp>,
    /// What the posture reads of it.
    pub event: Event<'static>,
    /// The `cavra.aispm.event.v1` record: checked for the ledger (its
    /// canonical text), or its `Value` when that check left it to the full
    /// one (which words the problems; the writer runs it).
    pub record: Result<Checked, Value>,
}

pub type Verdict = Result<Candidate, Reject>;

/// Stage one: the line up to a signature ready to check.
enum Pending<'k> {
    Ed {
        key: &'k KeyEntry,
        signed: Signed,
        sig: Signature,
    },
    Verified {
        key: &'k KeyEntry,
        signed: Signed,
    },
}

/// A line's signed bytes and the texts the entry stores.
struct Signed {
    /// The DSSE pre-authentication encoding of the payload: what was
    /// signed, the payload's bytes at its end.
    message: Vec<u8>,
    /// Where the payload starts in `message`.
    payload_at: usize,
    /// The payload in base64, as sent: the text the entry stores
    /// (standard base64 decodes only its canonical spelling, so this is
    /// what encoding the payload writes).
    payload_text: String,
    /// The signature in base64, as sent (canonical too).
    sig_text: String,
}

impl Signed {
    fn payload(&self) -> &[u8] {
        &self.message[self.payload_at..]
    }
}

/// The verdicts of a chunk of lines, in order; accepted events are
/// stamped `received_at`.
pub fn check_chunk(ring: &Keyring, lines: &[Input<'_>], received_at: &str) -> Vec<Verdict> {
    let pending: Vec<Result<Pending<'_>, Reject>> = lines.iter().map(|l| authenticate(ring, l)).collect();
    let eds: Vec<usize> = (0..pending.len())
        .filter(|&i| matches!(pending[i], Ok(Pending::Ed { .. })))
        .collect();
    let batch_ok = eds.len() > 1 && {
        let mut messages = Vec::with_capacity(eds.len());
        let mut sigs = Vec::with_capacity(eds.len());
        let mut keys = Vec::with_capacity(eds.len());
        for &i in &eds {
            if let Ok(Pending::Ed { key, signed, sig }) = &pending[i]
                && let Method::Ed25519(k) = &key.method
            {
                messages.push(signed.message.as_slice());
                sigs.push(*sig);
                keys.push(*k);
            }
        }
        dsse::ed25519_verify_batch(&messages, &sigs, &keys)
    };
    pending
        .into_iter()
        .map(|p| {
            let (key, signed) = match p? {
                Pending::Verified { key, signed } => (key, signed),
                Pending::Ed { key, signed, sig } => {
                    let Method::Ed25519(k) = &key.method else {
                        unreachable!("Ed pending holds an Ed25519 key")
                    };
                    if !batch_ok && !dsse::ed25519_verify(k, &signed.message, &sig) {
                        return Err(Reject::new(
                            Reason::BadSignature,
                            format!("the signature does not verify with key {}", key.key_id),
                        ));
                    }
                    (key, signed)
                }
            };
            if key.revoked {
                return Err(Reject::new(
                    Reason::RevokedKey,
                    format!("key {} of collector {} is revoked", key.key_id, key.collector),
                )
                .by(key));
            }
            let payload = signed.payload();
            if let Some(c) = fast::accept(ring, key, payload, &signed.payload_text, &signed.sig_text, received_at) {
                return Ok(c);
            }
            inspect(ring, key, payload).map(|i| i.candidate(received_at, &signed.payload_text, &signed.sig_text))
        })
        .collect()
}

/// Size, UTF-8, DSSE form, key selection; HMAC checked here.
fn authenticate<'k>(ring: &'k Keyring, line: &Input<'_>) -> Result<Pending<'k>, Reject> {
    if line.oversize {
        return Err(Reject::new(
            Reason::LineTooLarge,
            format!("the line is longer than {MAX_LINE} bytes"),
        ));
    }
    let Ok(text) = std::str::from_utf8(line.bytes) else {
        return Err(Reject::new(Reason::InvalidUtf8, "the line is not valid UTF-8"));
    };
    let parsed: Result<dsse::Line<'_>, _> = serde_json::from_str(text);
    let parsed = match parsed {
        Ok(p) => p,
        Err(_) if !line.complete => {
            return Err(Reject::new(
                Reason::TruncatedLine,
                "the input ended in the middle of this line",
            ));
        }
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(Reject::new(Reason::NotJson, "the line is not JSON"));
        }
        // serde's own words would quote the input (a value, a member name).
        Err(_) => {
            return Err(Reject::new(
                Reason::NotDsse,
                "not a DSSE envelope (an object of payloadType, payload and signatures, nothing else)",
            ));
        }
    };
    if parsed.payload_type != dsse::PAYLOAD_TYPE {
        return Err(Reject::new(
            Reason::WrongPayloadType,
            format!("payloadType must be {}", dsse::PAYLOAD_TYPE),
        ));
    }
    let Some((message, payload_at)) = dsse::pae_of_base64(dsse::PAYLOAD_TYPE, &parsed.payload) else {
        return Err(Reject::new(Reason::PayloadNotBase64, "payload is not base64"));
    };
    if parsed.signatures.is_empty() {
        return Err(Reject::new(Reason::MissingSignature, "the line carries no signature"));
    }
    let Some((key, sig)) = parsed
        .signatures
        .iter()
        .find_map(|s| ring.by_id.get(s.keyid.as_ref()).map(|k| (k, s)))
    else {
        return Err(Reject::new(
            Reason::UnknownKey,
            "no signature names a registered key id",
        ));
    };
    let Some(sig_bytes) = dsse::b64_decode(&sig.sig) else {
        return Err(Reject::new(Reason::BadSignature, "the signature is not base64"));
    };
    let signed = Signed {
        message,
        payload_at,
        payload_text: parsed.payload.to_string(),
        sig_text: sig.sig.to_string(),
    };
    debug_assert_eq!(dsse::b64_encode(signed.payload()), signed.payload_text);
    debug_assert_eq!(dsse::b64_encode(&sig_bytes), signed.sig_text);
    match &key.method {
        Method::Ed25519(_) => match dsse::ed25519_signature(&sig_bytes) {
            Some(sig) => Ok(Pending::Ed { key, signed, sig }),
            None => Err(Reject::new(Reason::BadSignature, "the signature is not 64 bytes")),
        },
        Method::Hmac(None) => Err(Reject::new(
            Reason::KeyUnavailable,
            format!("the HMAC secret of collector {} is not set", key.collector),
        )),
        Method::Hmac(Some(secret)) => {
            if dsse::hmac_verify(secret, &signed.message, &sig_bytes) {
                Ok(Pending::Verified { key, signed })
            } else {
                Err(Reject::new(
                    Reason::BadSignature,
                    format!("the HMAC does not verify with key {}", key.key_id),
                ))
            }
        }
    }
}

/// An envelope [`inspect`] accepted.
pub(crate) struct Inspected {
    pub tenant: String,
    pub collector: String,
    pub key_id: String,
    pub envelope: Value,
    pub dedupe: [u8; 16],
}

impl Inspected {
    /// The event ledger record, `received_at` stamped, carrying the DSSE
    /// envelope as verified (its payload `payload_text` and signature
    /// `sig_text`, base64 as sent) and
    /// cavra's own fields; the envelope is read from the payload
    /// ([`super::proof::envelope`]).
    fn record(&self, received_at: &str, payload_text: &str, sig_text: &str) -> Value {
        serde_json::json!({
            "collector_id": self.collector,
            "dedupe_key": crate::store::hex(&self.dedupe),
            "dsse": {
                "payload": payload_text,
                "payloadType": dsse::PAYLOAD_TYPE,
                "signatures": [{"keyid": self.key_id, "sig": sig_text}],
            },
            "key_id": self.key_id,
            "received_at": received_at,
        })
    }

    pub(crate) fn candidate(self, received_at: &str, payload_text: &str, sig_text: &str) -> Candidate {
        let record = self.record(received_at, payload_text, sig_text);
        let event = Event::read(&record, &self.envelope).into_owned();
        let occurred = Timestamp::parse(&event.occurred_at);
        let text = serde_json::to_string(&record).expect("values serialize");
        Candidate {
            tenant: self.tenant,
            dedupe: self.dedupe,
            redactions: 0,
            occurred,
            event,
            record: Checked::from_text(&AISPM_EVENTS, text).map_err(|_| record),
        }
    }
}

/// After the signature: parse, schema, tenant, authorisation, redaction.
/// Words every reject; [`fast::accept`] takes the common case first.
pub(crate) fn inspect(ring: &Keyring, key: &KeyEntry, payload: &[u8]) -> Result<Inspected, Reject> {
    let reject = |reason: Reason, detail: String| Reject::new(reason, detail).by(key);
    let envelope = crate::store::json::parse(payload).map_err(|_| {
        reject(
            Reason::PayloadNotJson,
            "the payload is not strict JSON (one object, no repeated member, UTF-8)".into(),
        )
    })?;
    // The position only: a pointer could spell a member name the sender chose.
    if number_not_allowed(&envelope, &mut String::new()).is_some() {
        return Err(reject(
            Reason::NumberNotAllowed,
            "a number is a float or beyond ±(2^53−1); only such integers are allowed".into(),
        ));
    }
    let validator = crate::store::schema::validator(ENVELOPE_SCHEMA);
    if !validator.is_valid(&envelope) {
        let first = validator
            .iter_errors(&envelope)
            .next()
            .map(|e| {
                let at = e.instance_path().to_string();
                let what = match e.kind() {
                    // Never the name: it is the sender's text.
                    jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                        format!("{} unknown member(s)", unexpected.len())
                    }
                    jsonschema::error::ValidationErrorKind::Required { .. } => "a required field is missing".into(),
                    jsonschema::error::ValidationErrorKind::Constant { .. } => "must be the fixed value".into(),
                    jsonschema::error::ValidationErrorKind::Enum { .. } => "not one of the allowed values".into(),
                    _ => "does not fit the schema".into(),
                };
                format!("{}: {what}", if at.is_empty() { "/" } else { &at })
            })
            .unwrap_or_default();
        return Err(reject(Reason::SchemaViolation, first));
    }
    let s = |p: &str| field(&envelope, p);
    let Some(tenant) = ring.tenant_of(&s("/tenant/tenant_ref")).map(str::to_string) else {
        return Err(reject(
            Reason::UnknownTenant,
            "no registered tenant answers to this tenant/tenant_ref".into(),
        ));
    };
    if tenant != key.tenant {
        return Err(reject(
            Reason::TenantMismatch,
            format!(
                "signed by a key of tenant {}, but tenant/tenant_ref names tenant {tenant}",
                key.tenant
            ),
        ));
    }
    let (connector_id, event_id) = (s("/source/connector_id"), s("/event/event_id"));
    let secrets = crate::secrets::scan(&envelope);
    let clean = secrets.is_empty();
    let allow = &key.allow;
    let checks = [
        (
            &allow.connector_types,
            "/source/connector_type",
            Reason::NotAllowedConnectorType,
        ),
        (
            &allow.connector_ids,
            "/source/connector_id",
            Reason::NotAllowedConnector,
        ),
        (&allow.repositories, "/event/repository", Reason::NotAllowedRepository),
        (
            &allow.environments,
            "/tenant/environment",
            Reason::NotAllowedEnvironment,
        ),
        (&allow.event_types, "/event/event_type", Reason::NotAllowedEventType),
    ];
    for (list, pointer, reason) in checks {
        if !Allow::permits(list, &s(pointer)) {
            let mut r = reject(
                reason,
                format!("collector {} may not send this {}", key.collector, &pointer[1..]),
            );
            if clean {
                r.envelope = Some(envelope);
            }
            return Err(r);
        }
    }
    if let Some((field, kind)) = secrets.first() {
        return Err(reject(
            Reason::SecretInField,
            format!(
                "{field} looks like a secret ({kind}); the signed bytes are stored as sent, so a collector redacts before signing"
            ),
        ));
    }
    let dedupe = dedupe_key(
        &tenant,
        &key.collector,
        envelope.pointer("/transport/idempotency_key").and_then(Value::as_str),
        &connector_id,
        &event_id,
    );
    Ok(Inspected {
        tenant,
        collector: key.collector.clone(),
        key_id: key.key_id.clone(),
        envelope,
        dedupe,
    })
}

fn field(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The first number that is a float or past ±(2^53−1), as a JSON pointer.
fn number_not_allowed(value: &Value, at: &mut String) -> Option<String> {
    match value {
        Value::Number(n) => {
            let ok = n.as_i64().is_some_and(|i| (-MAX_INT..=MAX_INT).contains(&i));
            (!ok).then(|| if at.is_empty() { "/".to_string() } else { at.clone() })
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let len = at.len();
            at.push_str(&format!("/{i}"));
            let found = number_not_allowed(v, at);
            at.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let len = at.len();
            at.push('/');
            at.push_str(k);
            let found = number_not_allowed(v, at);
            at.truncate(len);
            found
        }),
        _ => None,
    }
}

/// The dedupe key, scoped to the signing collector (one collector's keys
/// never swallow another's events): (tenant, collector, idempotency key)
/// when given, else (tenant, collector, connector id, event id); the first
/// 128 bits of their sha256.
pub fn dedupe_key(tenant: &str, collector: &str, idempotency: Option<&str>, connector: &str, event: &str) -> [u8; 16] {
    let mut h = Sha256::new();
    match idempotency {
        Some(k) => {
            h.update(b"idempotency\0");
            h.update(tenant.as_bytes());
            h.update(b"\0");
            h.update(collector.as_bytes());
            h.update(b"\0");
            h.update(k.as_bytes());
        }
        None => {
            h.update(b"event\0");
            h.update(tenant.as_bytes());
            h.update(b"\0");
            h.update(collector.as_bytes());
            h.update(b"\0");
            h.update(connector.as_bytes());
            h.update(b"\0");
            h.update(event.as_bytes());
        }
    }
    h.finalize()[..16].try_into().expect("16 of 32 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_and_big_integers_are_found() {
        let v: Value = serde_json::from_str(r#"{"a":{"b":[1,2.5]}}"#).unwrap();
        assert_eq!(number_not_allowed(&v, &mut String::new()), Some("/a/b/1".into()));
        let v: Value = serde_json::from_str(r#"{"a":9007199254740992}"#).unwrap();
        assert_eq!(number_not_allowed(&v, &mut String::new()), Some("/a".into()));
        let v: Value = serde_json::from_str(r#"{"a":-9007199254740991}"#).unwrap();
        assert_eq!(number_not_allowed(&v, &mut String::new()), None);
    }
}
