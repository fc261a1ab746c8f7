//! Entries carry their own proof: every entry of a tenant's event ledger
//! holds the DSSE envelope as it was verified (the exact payload bytes and
//! the signature), so anyone re-verifies it offline against the tenant
//! registry's keys, never against anything the entry says of itself.
//!
//! The proof is kept once: the entry holds the DSSE envelope as received
//! and cavra's own fields (`collector_id`, `key_id`, `received_at`,
//! `dedupe_key`), never a parsed copy of the envelope or a hash of the
//! payload (both derivable from the payload, and a copy beside the signed
//! bytes is one more thing that could disagree with them). Every reader
//! takes the envelope from [`envelope`], which decodes and parses the
//! payload.
//!
//! An event entry passes when its payload is base64 of strict JSON, names
//! in `tenant.tenant_ref` a ref of the
//! ledger's own tenant, and its signature verifies with a key registered
//! for that tenant under the entry's `key_id` and collector; a revoked key
//! verifies only entries received before its revocation. Ed25519
//! signatures are checked as batches on every core (one by one only when a
//! batch fails, to name the entry); an HMAC entry is checked when its
//! secret is in the environment (a CI without it cannot, and says nothing).

use std::path::Path;

use std::borrow::Cow;

use ed25519_dalek::{Signature, VerifyingKey};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::dsse;
use crate::error::Problem;
use crate::model::aispm::{KeyType, Tenant};
use crate::store::ledger::Entry;
use crate::store::ledger::record::Json;

/// Entries per batch verification.
const CHUNK: usize = 256;

/// A key of the ledger's tenant, as verification needs it.
struct Key<'t> {
    collector: &'t str,
    revoked_at: Option<&'t str>,
    method: Method,
}

enum Method {
    Ed25519(VerifyingKey),
    /// The secret, when its variable is set.
    Hmac(Option<Vec<u8>>),
    /// A registry row whose key does not parse verifies nothing.
    Unusable,
}

/// One entry up to its signature check.
struct Pending {
    message: Vec<u8>,
    sig: Signature,
    key: VerifyingKey,
}

/// The problems of `entries` of tenant `tenant`'s event ledger (`file`
/// names it in each problem), against `tenants` (the registry to trust).
pub fn verify_entries(tenants: &[Tenant], tenant: &str, file: &Path, entries: &[Entry]) -> Vec<Problem> {
    Verifier::new(tenants, tenant, file).verify(entries)
}

/// Verifies a tenant's event entries against the registry's keys, a batch
/// at a time (for a reader that streams the ledger and keeps none of it).
pub struct Verifier<'t> {
    tenant: String,
    file: std::path::PathBuf,
    /// `None`: the tenant is not in the registry.
    keys: Option<Vec<(&'t str, Key<'t>)>>,
    refs: Vec<&'t str>,
    /// Whether the unregistered tenant was reported already (once).
    reported: std::cell::Cell<bool>,
}

impl<'t> Verifier<'t> {
    pub fn new(tenants: &'t [Tenant], tenant: &str, file: &Path) -> Verifier<'t> {
        let t = tenants.iter().find(|t| t.tenant_id == tenant && t.removed_at.is_none());
        let keys = t.map(|t| {
            t.collectors
                .iter()
                .map(|c| {
                    let method = match c.key_type {
                        KeyType::Ed25519 => c
                            .public_key
                            .as_deref()
                            .and_then(|k| dsse::public_key(k).ok())
                            .map_or(Method::Unusable, Method::Ed25519),
                        KeyType::HmacSha256 => Method::Hmac(
                            c.secret_env
                                .as_deref()
                                .and_then(crate::env::var)
                                .map(String::into_bytes),
                        ),
                    };
                    (
                        c.key_id.as_str(),
                        Key {
                            collector: &c.collector_id,
                            revoked_at: c.revoked_at.as_deref(),
                            method,
                        },
                    )
                })
                .collect()
        });
        Verifier {
            tenant: tenant.to_string(),
            file: file.to_path_buf(),
            keys,
            refs: t.map(Tenant::refs).unwrap_or_default(),
            reported: std::cell::Cell::new(false),
        }
    }

    /// [`Verifier::verify`] of the next `entries`, folding them into `fold`
    /// in the same pass: each payload decoded and parsed once for both.
    pub fn verify_folding(&self, entries: &[Entry], fold: &mut super::Fold) -> Vec<Problem> {
        let Some(keys) = &self.keys else {
            fold.push(entries);
            return self.verify(entries);
        };
        let (file, refs) = (self.file.as_path(), &self.refs);
        let chunks: Vec<(Vec<Problem>, Vec<Folded>)> = entries
            .par_chunks(CHUNK)
            .map(|chunk| verify_chunk(file, keys, refs, chunk, true))
            .collect();
        let mut problems = Vec::new();
        for (p, events) in chunks {
            problems.extend(p);
            fold.apply(events);
        }
        fold.count(entries);
        problems
    }

    /// The problems of the next `entries` (Ed25519 signatures batch-verified
    /// on every core).
    pub fn verify(&self, entries: &[Entry]) -> Vec<Problem> {
        let (file, tenant) = (self.file.as_path(), self.tenant.as_str());
        let Some(keys) = &self.keys else {
            if entries.is_empty() || self.reported.replace(true) {
                return Vec::new();
            }
            return vec![
                Problem::new(
                    file,
                    format!("tenant {tenant} is not in the tenant registry, so no key can verify its events"),
                )
                .hint(format!(
                    "register it (`cavra aispm tenant add {tenant}`) with its collectors' keys, or restore the registry"
                )),
            ];
        };
        let refs = &self.refs;
        entries
            .par_chunks(CHUNK)
            .flat_map_iter(|chunk| verify_chunk(file, keys, refs, chunk, false).0)
            .collect()
    }
}

/// An event as [`super::Fold`] applies it: its dedupe key and fields.
type Folded = ([u8; super::INDEX_ENTRY], super::posture::Event<'static>);

/// The problems of one chunk of entries (signatures checked as a batch)
/// and, when `folding`, each event as the fold applies it, from the one
/// parse of its record and payload that the check made.
fn verify_chunk(
    file: &Path,
    keys: &[(&str, Key<'_>)],
    refs: &[&str],
    chunk: &[Entry],
    folding: bool,
) -> (Vec<Problem>, Vec<Folded>) {
    let mut problems = Vec::new();
    let mut events = Vec::new();
    let mut pending: Vec<(&Entry, Pending)> = Vec::new();
    // A prune entry of the chain is no event: the ledger's own reader
    // checks it against the seals git committed.
    for e in chunk
        .iter()
        .filter(|e| !crate::store::ledger::prune::is_prune_entry(&e.record))
    {
        match check(e, keys, refs, folding) {
            Ok((p, event)) => {
                pending.extend(p.map(|p| (e, p)));
                events.extend(event);
            }
            Err(what) => {
                problems.push(problem(file, e, what));
                if folding {
                    let stored = Stored::of(e.record.text()).unwrap_or_default();
                    let envelope = stored.envelope().unwrap_or(Value::Null);
                    events.push(super::Fold::event(&stored, &envelope));
                }
            }
        }
    }
    problems.extend(batch_problems(file, &pending));
    (problems, events)
}

/// The Ed25519 signatures of `pending` checked as one batch (one by one
/// only when the batch fails, to name the entries).
fn batch_problems(file: &Path, pending: &[(&Entry, Pending)]) -> Vec<Problem> {
    let messages: Vec<&[u8]> = pending.iter().map(|(_, p)| p.message.as_slice()).collect();
    let sigs: Vec<Signature> = pending.iter().map(|(_, p)| p.sig).collect();
    let vks: Vec<VerifyingKey> = pending.iter().map(|(_, p)| p.key).collect();
    if pending.is_empty() || dsse::ed25519_verify_batch(&messages, &sigs, &vks) {
        return Vec::new();
    }
    pending
        .iter()
        .filter(|(_, p)| !dsse::ed25519_verify(&p.key, &p.message, &p.sig))
        .map(|(e, _)| problem(file, e, "the signature does not verify with its key".into()))
        .collect()
}

fn problem(file: &Path, e: &Entry, what: String) -> Problem {
    Problem::new(file, format!("entry {} carries no valid proof: {what}", e.seq))
        .record(format!("seq {}", e.seq))
        .field("dsse")
        .hint("an event is evidence only as signed by a registered collector key; restore the ledger from git or a backup")
}

/// The signed bytes an event entry's `record` carries (its `dsse.payload`,
/// decoded); `None` when absent or not base64.
pub fn payload(record: &Value) -> Option<Vec<u8>> {
    record.pointer("/dsse/payload")?.as_str().and_then(dsse::b64_decode)
}

/// The envelope an event entry's `record` holds: its payload, parsed (the
/// one way every reader takes it; a reader parses it once per entry).
/// `None` when the payload is not base64 of a JSON object.
pub fn envelope(record: &Value) -> Option<Value> {
    envelope_of(record.pointer("/dsse/payload")?.as_str()?)
}

/// [`envelope`] of an entry whose `dsse.payload` is `payload` (a reader
/// that takes the record's members from its text).
pub fn envelope_of(payload: &str) -> Option<Value> {
    envelope_in(&dsse::b64_decode(payload)?)
}

/// [`envelope_of`] of the payload's bytes, decoded already.
pub fn envelope_in(payload: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(payload).ok().filter(Value::is_object)
}

/// The members of an event entry's record, read from its text on a
/// borrowed parse (a reader of every entry, such as validate's, never
/// builds the record's `Value`): each `None` when absent.
#[derive(Debug, Default, Deserialize)]
pub struct Stored<'a> {
    #[serde(borrow, default)]
    pub collector_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub dedupe_key: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub dsse: StoredDsse<'a>,
    #[serde(borrow, default)]
    pub key_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub received_at: Option<Cow<'a, str>>,
}

/// `dsse` as [`Stored`] reads it.
#[derive(Debug, Default, Deserialize)]
pub struct StoredDsse<'a> {
    #[serde(borrow, default)]
    pub payload: Option<Cow<'a, str>>,
    #[serde(borrow, default, rename = "payloadType")]
    pub payload_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub signatures: Vec<StoredSignature<'a>>,
}

/// One of `dsse.signatures` as [`Stored`] reads it.
#[derive(Debug, Default, Deserialize)]
pub struct StoredSignature<'a> {
    #[serde(borrow, default)]
    pub keyid: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub sig: Option<Cow<'a, str>>,
}

impl<'a> Stored<'a> {
    /// The members of the record whose text is `text`; an error when a
    /// member is of another type.
    pub fn of(text: &'a str) -> Result<Stored<'a>, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// [`envelope`] of this record.
    pub fn envelope(&self) -> Option<Value> {
        envelope_of(self.dsse.payload.as_deref()?)
    }
}

/// Everything of one entry but an Ed25519 signature, which it returns to
/// be checked in a batch (`None`: nothing left to check), with, when
/// `folding`, the event as the fold applies it (from the one parse of the
/// record and its payload made here).
fn check(
    e: &Entry,
    keys: &[(&str, Key<'_>)],
    refs: &[&str],
    folding: bool,
) -> Result<(Option<Pending>, Option<Folded>), String> {
    let r = Stored::of(e.record.text())
        .map_err(|_| "dsse is not a DSSE envelope (payloadType, payload, signatures of keyid and sig)")?;
    let dsse_part = &r.dsse;
    if dsse_part.payload_type.as_deref() != Some(dsse::PAYLOAD_TYPE) {
        return Err(format!("dsse.payloadType is not {}", dsse::PAYLOAD_TYPE));
    }
    let payload = dsse_part
        .payload
        .as_deref()
        .and_then(dsse::b64_decode)
        .ok_or("dsse.payload is not base64")?;
    let key_id = r.key_id.as_deref().ok_or("no key_id")?;
    let sig_text = dsse_part
        .signatures
        .iter()
        .find(|sig| sig.keyid.as_deref() == Some(key_id))
        .and_then(|sig| sig.sig.as_deref())
        .ok_or("no signature of dsse.signatures names key_id")?;
    let sig_bytes = dsse::b64_decode(sig_text).ok_or("the signature is not base64")?;
    let Some((_, key)) = keys.iter().find(|(id, _)| *id == key_id) else {
        return Err(format!("key {key_id} is not registered for this tenant"));
    };
    if r.collector_id.as_deref() != Some(key.collector) {
        return Err(format!(
            "collector_id is not {}, the collector of key {key_id}",
            key.collector
        ));
    }
    if let Some(revoked) = key.revoked_at {
        let received = r.received_at.as_deref().unwrap_or_default();
        let (at, revoked_at) = (
            crate::clock::Timestamp::parse(received),
            crate::clock::Timestamp::parse(revoked),
        );
        if at.is_none() || revoked_at.is_none() || at >= revoked_at {
            return Err(format!(
                "key {key_id} was revoked at {revoked}, before this entry was received"
            ));
        }
    }
    // A borrowed parse held to the strict rules ([`crate::store::json::parse`]'s).
    let envelope = serde_json::from_slice::<Json<'_>>(&payload)
        .ok()
        .filter(Json::is_strict)
        .ok_or("dsse.payload is not strict JSON")?;
    let tenant_ref = envelope
        .get("tenant")
        .and_then(|t| t.get("tenant_ref"))
        .and_then(Json::as_str)
        .unwrap_or_default();
    if !refs.contains(&tenant_ref) {
        return Err("tenant.tenant_ref is not a ref of this ledger's tenant".into());
    }
    let message = dsse::pae(dsse::PAYLOAD_TYPE, &payload);
    let pending = match &key.method {
        Method::Unusable => return Err(format!("key {key_id} in the registry is not a valid public key")),
        Method::Hmac(None) => None,
        Method::Hmac(Some(secret)) => match dsse::hmac_verify(secret, &message, &sig_bytes) {
            true => None,
            false => return Err("the HMAC does not verify with its collector's secret".into()),
        },
        Method::Ed25519(vk) => {
            let sig = dsse::ed25519_signature(&sig_bytes).ok_or("the signature is not 64 bytes")?;
            Some(Pending { message, sig, key: *vk })
        }
    };
    let event = folding.then(|| {
        let key = super::parse_key(r.dedupe_key.as_deref().unwrap_or_default());
        (key, super::posture::Event::of_json(&r, &envelope))
    });
    Ok((pending, event))
}
