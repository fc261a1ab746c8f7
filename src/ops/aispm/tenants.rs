//! The tenant registry: tenants, their retention and legal hold, and their
//! collectors' keys and allowed lists. Every record is schema-checked before
//! the table is written; an Ed25519 key is refused when it is not a curve
//! point or is weak (small order), an HMAC collector names the environment
//! variable of its secret and never the secret.

use std::path::Path;

use serde::Serialize;

use super::{AispmError, dsse, load_tenant, load_tenants, registry};
use crate::model::aispm::{Allow, Collector, CollectorStatus, KeyType, Tenant, is_ref_id, is_tenant_id};
use crate::store::{schema, table};

/// Fields `tenant add|update` set.
#[derive(Debug, Default)]
pub struct TenantFields {
    pub retention_days: Option<u32>,
    pub legal_hold: Option<bool>,
    /// `tenant_ref`s to answer to (added to those it has).
    pub tenant_refs: Vec<String>,
}

/// What a collector signs with.
pub enum CollectorKey {
    /// Base64 of the 32-byte public key.
    Ed25519(String),
    /// The environment variable holding the secret.
    HmacEnv(String),
}

/// The registry outcome of a write: the tenant as it is now.
#[derive(Debug, Serialize)]
pub struct TenantOutcome {
    pub action: &'static str,
    pub tenant: Tenant,
}

const DEFAULT_RETENTION_DAYS: u32 = 365;

fn write(root: &Path, tenant: &Tenant, create: bool) -> Result<(), AispmError> {
    let loc = registry(root);
    let value = serde_json::to_value(tenant).expect("records serialize");
    let problems = schema::check_record(loc.def.record_schema, &value, &loc.display, Some(&tenant.tenant_id));
    if !problems.is_empty() {
        return Err(crate::error::StoreError::Invalid { problems }.into());
    }
    let others = load_tenants(root)?;
    for other in others.iter().filter(|t| t.tenant_id != tenant.tenant_id) {
        if let Some(taken) = tenant.refs().into_iter().find(|r| other.refs().contains(r)) {
            return Err(AispmError::BadKey {
                what: format!(
                    "tenant ref {taken:?} already belongs to tenant {}; a ref maps to one tenant",
                    other.tenant_id
                ),
            });
        }
    }
    table::modify(&loc, |rows| {
        let exists = rows.get::<Tenant>(&tenant.tenant_id)?.is_some();
        if create && exists {
            return Ok(Err(AispmError::TenantExists {
                tenant: tenant.tenant_id.clone(),
            }));
        }
        rows.put(tenant);
        Ok(Ok(()))
    })?
}

/// `tenant add`.
pub fn add(root: &Path, id: &str, fields: &TenantFields, now: &str) -> Result<TenantOutcome, AispmError> {
    if !is_tenant_id(id) {
        return Err(AispmError::BadTenantId { id: id.to_string() });
    }
    let tenant = Tenant {
        collectors: Vec::new(),
        created_at: now.to_string(),
        legal_hold: fields.legal_hold.unwrap_or(false),
        removed_at: None,
        retention_days: fields.retention_days.unwrap_or(DEFAULT_RETENTION_DAYS),
        tenant_id: id.to_string(),
        tenant_refs: Vec::new(),
        updated_at: now.to_string(),
    };
    let mut tenant = tenant;
    add_refs(&mut tenant, &fields.tenant_refs)?;
    write(root, &tenant, true)?;
    Ok(TenantOutcome {
        action: "added",
        tenant,
    })
}

/// `tenant update`.
pub fn update(root: &Path, id: &str, fields: &TenantFields, now: &str) -> Result<TenantOutcome, AispmError> {
    let mut tenant = load_tenant(root, id)?;
    if let Some(days) = fields.retention_days {
        tenant.retention_days = days;
    }
    if let Some(hold) = fields.legal_hold {
        tenant.legal_hold = hold;
    }
    add_refs(&mut tenant, &fields.tenant_refs)?;
    tenant.updated_at = now.to_string();
    write(root, &tenant, false)?;
    Ok(TenantOutcome {
        action: "updated",
        tenant,
    })
}

/// Adds `refs` to the tenant's refs (its id first when it had none and
/// is given others, so it keeps answering to it), sorted and unique.
fn add_refs(tenant: &mut Tenant, refs: &[String]) -> Result<(), AispmError> {
    if refs.is_empty() {
        return Ok(());
    }
    if let Some(bad) = refs
        .iter()
        .find(|r| r.is_empty() || r.len() > 256 || r.chars().any(char::is_control))
    {
        return Err(AispmError::BadKey {
            what: format!(
                "{} is not a tenant ref (1 to 256 characters, no control characters)",
                crate::secrets::excerpt(bad)
            ),
        });
    }
    let mut all: Vec<String> = tenant.refs().into_iter().map(str::to_string).collect();
    all.extend(refs.iter().cloned());
    all.sort();
    all.dedup();
    tenant.tenant_refs = all;
    Ok(())
}

/// `tenant remove`: the only way a tenant's evidence goes. Refused while
/// the tenant or the workspace is under legal hold; else the registry
/// records the removal (`removed_at`: `validate` then no longer requires
/// its ledgers) and its stores are deleted.
pub fn remove(root: &Path, id: &str, now: &str) -> Result<TenantOutcome, AispmError> {
    let mut tenant = load_tenant(root, id)?;
    let hold = match tenant.legal_hold {
        true => Some("the tenant's own".to_string()),
        false => {
            crate::store::ledger::prune::legal_hold(&root.join(".cavra"))?.map(|r| format!(".cavra/legal-hold: {r}"))
        }
    };
    if let Some(reason) = hold {
        return Err(AispmError::UnderLegalHold {
            tenant: id.to_string(),
            reason,
        });
    }
    tenant.removed_at = Some(now.to_string());
    tenant.updated_at = now.to_string();
    write(root, &tenant, false)?;
    let files = crate::store::aispm::TenantFiles::new(root, id);
    let mut dirs = vec![crate::store::fsio::parent_dir(&files.posture)];
    dirs.push(crate::store::fsio::parent_dir(&files.events.path));
    for dir in dirs {
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::error::StoreError::io("remove", &dir, e).into()),
        }
    }
    Ok(TenantOutcome {
        action: "removed",
        tenant,
    })
}

/// `tenant list`.
pub fn list(root: &Path) -> Result<Vec<Tenant>, AispmError> {
    load_tenants(root)
}

/// `tenant show`.
pub fn show(root: &Path, id: &str) -> Result<Tenant, AispmError> {
    load_tenant(root, id)
}

/// `collector add`.
pub fn add_collector(
    root: &Path,
    tenant_id: &str,
    collector_id: &str,
    key: &CollectorKey,
    allow: Allow,
    now: &str,
) -> Result<TenantOutcome, AispmError> {
    let mut tenant = load_tenant(root, tenant_id)?;
    if !is_ref_id(collector_id) {
        return Err(AispmError::BadKey {
            what: format!("{collector_id:?} is not a collector id (letters, digits, '.', '_', ':', '-', at most 128)"),
        });
    }
    if tenant.collectors.iter().any(|c| c.collector_id == collector_id) {
        return Err(AispmError::CollectorExists {
            tenant: tenant_id.to_string(),
            collector: collector_id.to_string(),
        });
    }
    let key = new_key(root, tenant_id, collector_id, key)?;
    push_active(&mut tenant, collector_id, key, allow, now);
    tenant.updated_at = now.to_string();
    write(root, &tenant, false)?;
    Ok(TenantOutcome {
        action: "collector_added",
        tenant,
    })
}

/// The registry fields of a key: type, id, Ed25519 public key, HMAC
/// secret variable.
type KeyFields = (KeyType, String, Option<String>, Option<String>);

/// Adds `collector_id`'s active row with `key` and `allow` (rows kept in
/// collector order; a rotated collector's earlier rows stay before it).
fn push_active(tenant: &mut Tenant, collector_id: &str, key: KeyFields, allow: Allow, now: &str) {
    let (key_type, key_id, public_key, secret_env) = key;
    tenant.collectors.push(Collector {
        added_at: now.to_string(),
        allow,
        collector_id: collector_id.to_string(),
        key_id,
        key_type,
        public_key,
        revoked_at: None,
        secret_env,
        status: CollectorStatus::Active,
    });
    tenant.collectors.sort_by(|a, b| a.collector_id.cmp(&b.collector_id));
}

/// The registry fields of a collector's new `key`, refused when the key is
/// not a valid, strong Ed25519 key, or is (or names the secret variable of)
/// a key already registered anywhere: a key, or a secret, belongs to one
/// collector of one tenant.
fn new_key(root: &Path, tenant_id: &str, collector_id: &str, key: &CollectorKey) -> Result<KeyFields, AispmError> {
    let (key_type, key_id, public_key, secret_env) = match key {
        CollectorKey::Ed25519(b64) => {
            let k = dsse::public_key(b64).map_err(|what| AispmError::BadKey {
                what: format!("the public key is refused: {what}"),
            })?;
            (
                KeyType::Ed25519,
                dsse::ed25519_key_id(&k),
                Some(dsse::b64_encode(k.as_bytes())),
                None,
            )
        }
        CollectorKey::HmacEnv(var) => (
            KeyType::HmacSha256,
            dsse::hmac_key_id(tenant_id, collector_id),
            None,
            Some(var.clone()),
        ),
    };
    let all = load_tenants(root)?;
    if let Some(var) = &secret_env
        && let Some((owner, c)) = all
            .iter()
            .flat_map(|t| t.collectors.iter().map(move |c| (t, c)))
            .find(|(_, c)| c.secret_env.as_ref() == Some(var))
    {
        return Err(AispmError::BadKey {
            what: format!(
                "the environment variable {var} already holds the secret of collector {} of tenant {}; a secret belongs to one collector of one tenant",
                c.collector_id, owner.tenant_id
            ),
        });
    }
    if let Some(owner) = all.iter().find(|t| t.collectors.iter().any(|c| c.key_id == key_id)) {
        return Err(AispmError::BadKey {
            what: format!(
                "key {key_id} is already registered (tenant {}); a key belongs to one collector of one tenant",
                owner.tenant_id
            ),
        });
    }
    Ok((key_type, key_id, public_key, secret_env))
}

/// `collector revoke`: the key stays registered (its old events keep
/// their provenance), but nothing it signs is accepted any more.
pub fn revoke_collector(
    root: &Path,
    tenant_id: &str,
    collector_id: &str,
    now: &str,
) -> Result<TenantOutcome, AispmError> {
    let mut tenant = load_tenant(root, tenant_id)?;
    let c = active_collector(&mut tenant, collector_id)?;
    c.status = CollectorStatus::Revoked;
    c.revoked_at = Some(now.to_string());
    tenant.updated_at = now.to_string();
    write(root, &tenant, false)?;
    Ok(TenantOutcome {
        action: "collector_revoked",
        tenant,
    })
}

/// The active row of collector `collector_id` (a collector whose key was
/// rotated keeps its earlier keys as revoked rows). A collector that is
/// revoked is refused: moving its revocation later would make entries its
/// key signed after it verify.
fn active_collector<'t>(tenant: &'t mut Tenant, collector_id: &str) -> Result<&'t mut Collector, AispmError> {
    let rows = &tenant.collectors;
    let active = rows
        .iter()
        .position(|c| c.collector_id == collector_id && c.status == CollectorStatus::Active);
    match (active, rows.iter().rfind(|c| c.collector_id == collector_id)) {
        (Some(i), _) => Ok(&mut tenant.collectors[i]),
        (None, None) => Err(AispmError::UnknownCollector {
            tenant: tenant.tenant_id.clone(),
            collector: collector_id.to_string(),
        }),
        (None, Some(last)) => Err(AispmError::CollectorRevoked {
            tenant: tenant.tenant_id.clone(),
            collector: collector_id.to_string(),
            at: last.revoked_at.clone().unwrap_or_default(),
        }),
    }
}

/// What `collector update` changes; `None` keeps it.
#[derive(Debug, Default)]
pub struct CollectorChange {
    /// A new Ed25519 key (base64): the current key is revoked now and
    /// kept, so what it signed before keeps verifying.
    pub rotate_to: Option<String>,
    pub connector_types: Option<Vec<String>>,
    pub connector_ids: Option<Vec<String>>,
    pub event_types: Option<Vec<String>>,
    pub repositories: Option<Vec<String>>,
    pub environments: Option<Vec<String>>,
}

impl CollectorChange {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.rotate_to.is_none()
            && [
                &self.connector_types,
                &self.connector_ids,
                &self.event_types,
                &self.repositories,
                &self.environments,
            ]
            .iter()
            .all(|l| l.is_none())
    }
}

/// `collector update`: replaces the allow-lists given and, with a new key,
/// rotates it (the old row stays, revoked at `now`; a new active row holds
/// the new key and the lists). An HMAC collector's secret is rotated by
/// adding a collector with another variable and revoking this one: its key
/// id is derived from its name, so two keys could not be told apart.
pub fn update_collector(
    root: &Path,
    tenant_id: &str,
    collector_id: &str,
    change: CollectorChange,
    now: &str,
) -> Result<TenantOutcome, AispmError> {
    let mut tenant = load_tenant(root, tenant_id)?;
    let rotated = match &change.rotate_to {
        Some(b64) => Some(new_key(
            root,
            tenant_id,
            collector_id,
            &CollectorKey::Ed25519(b64.clone()),
        )?),
        None => None,
    };
    let current = active_collector(&mut tenant, collector_id)?;
    let mut allow = current.allow.clone();
    let lists = [
        (change.connector_types, &mut allow.connector_types),
        (change.connector_ids, &mut allow.connector_ids),
        (change.event_types, &mut allow.event_types),
        (change.repositories, &mut allow.repositories),
        (change.environments, &mut allow.environments),
    ];
    for (given, list) in lists {
        if let Some(mut values) = given {
            values.sort();
            values.dedup();
            *list = values;
        }
    }
    let action = match rotated {
        None => {
            current.allow = allow;
            "collector_updated"
        }
        Some(key) => {
            if current.key_type != KeyType::Ed25519 {
                return Err(AispmError::BadKey {
                    what: format!(
                        "collector {collector_id} signs with an HMAC secret: add a collector with a new secret variable and revoke this one"
                    ),
                });
            }
            current.status = CollectorStatus::Revoked;
            current.revoked_at = Some(now.to_string());
            push_active(&mut tenant, collector_id, key, allow, now);
            "collector_key_rotated"
        }
    };
    tenant.updated_at = now.to_string();
    write(root, &tenant, false)?;
    Ok(TenantOutcome { action, tenant })
}

/// One line of `cavra aispm tenants`.
#[derive(Debug, Serialize)]
pub struct TenantSummary {
    pub tenant: String,
    pub collectors: usize,
    pub active_collectors: usize,
    pub events: u64,
    pub last_seen: Option<String>,
    pub legal_hold: bool,
    pub retention_days: u32,
}

/// `cavra aispm tenants`: every tenant with its event count (from its projection).
pub fn overview(root: &Path) -> Result<Vec<TenantSummary>, AispmError> {
    let mut out = Vec::new();
    for t in load_tenants(root)? {
        let files = crate::store::aispm::TenantFiles::new(root, &t.tenant_id);
        let posture = Some(super::current_posture(&files)?);
        out.push(TenantSummary {
            collectors: t.collectors.len(),
            active_collectors: t
                .collectors
                .iter()
                .filter(|c| c.status == CollectorStatus::Active)
                .count(),
            events: posture.as_ref().map_or(0, |p| p.events),
            last_seen: posture.and_then(|p| p.last_seen),
            legal_hold: t.legal_hold,
            retention_days: t.retention_days,
            tenant: t.tenant_id,
        });
    }
    Ok(out)
}
