//! AISPM live ingestion: signed, tenant-scoped envelopes become verified,
//! authorised, redacted, deduplicated tenant ledgers, a committed posture
//! projection per tenant, replay and health.
//!
//! Policy: nothing is accepted that a key registered for its tenant did not
//! sign ([`check`]); every line ends as accepted, duplicate or rejected with
//! a reason code ([`ingest`]); each tenant has its own event ledger,
//! quarantine, run ledger, dedupe index and posture (`store::aispm`), and no
//! command reads another tenant's unless `--all-tenants` asks. The ledger is
//! the truth; the index and the projection are rebuilt from it whenever they
//! disagree with it.

pub mod check;
pub mod dsse;
pub mod forward;
pub mod health;
pub mod ingest;
pub mod keys;
pub mod posture;
pub mod proof;
pub mod prune;
pub mod quarantine;
pub mod replay;
pub mod required;
pub mod tenants;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::error::StoreError;
use crate::model::aispm::Tenant;
use crate::store::aispm::{self as files, INDEX_ENTRY, TenantFiles};
use crate::store::registry::{AISPM_TENANTS, StoreLocation};

/// What AISPM operations fail with.
#[derive(Debug, thiserror::Error)]
pub enum AispmError {
    #[error(
        "{id:?} is not a tenant id (lower-case letters, digits and '-', at most 63, starting with a letter or digit)"
    )]
    BadTenantId { id: String },
    #[error("no tenant {tenant} in {store}")]
    UnknownTenant { tenant: String, store: String },
    #[error("tenant {tenant} already exists")]
    TenantExists { tenant: String },
    #[error("tenant {tenant} is under legal hold ({reason}): its evidence may not be removed")]
    UnderLegalHold { tenant: String, reason: String },
    #[error("tenant {tenant} has no collector {collector}")]
    UnknownCollector { tenant: String, collector: String },
    #[error("collector {collector} already exists in tenant {tenant}")]
    CollectorExists { tenant: String, collector: String },
    #[error("collector {collector} of tenant {tenant} was revoked at {at}: it is not changed again")]
    CollectorRevoked {
        tenant: String,
        collector: String,
        at: String,
    },
    #[error("{what}")]
    BadKey { what: String },
    #[error("refusing to write a private key inside {dir}: it would be committed")]
    KeyInsideStore { dir: String },
    #[error("{path} already exists: a key file is never replaced")]
    KeyExists { path: String },
    #[error("{path}: {message}")]
    BadInput { path: String, message: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for AispmError {
    fn exit_code(&self) -> crate::error::ExitCode {
        use crate::error::ExitCode;
        match self {
            AispmError::Store(e) => e.exit_code(),
            AispmError::BadTenantId { .. } | AispmError::BadKey { .. } | AispmError::KeyInsideStore { .. } => {
                ExitCode::Usage
            }
            AispmError::UnknownTenant { .. }
            | AispmError::UnknownCollector { .. }
            | AispmError::TenantExists { .. }
            | AispmError::CollectorExists { .. }
            | AispmError::CollectorRevoked { .. }
            | AispmError::KeyExists { .. }
            | AispmError::UnderLegalHold { .. } => ExitCode::Conflict,
            AispmError::BadInput { .. } => ExitCode::Data,
            AispmError::Read { .. } | AispmError::Random(_) => ExitCode::Io,
        }
    }
    fn hints(&self) -> Vec<String> {
        let hint = match self {
            AispmError::KeyInsideStore { .. } => {
                "write the private key outside the repository, e.g. --out ~/.config/cavra/collector.key"
            }
            AispmError::UnknownTenant { .. } => "`cavra aispm tenant list` shows the registered tenants",
            AispmError::UnknownCollector { .. } => "`cavra aispm tenant show TENANT` lists its collectors",
            AispmError::CollectorRevoked { .. } => {
                "add a collector with a new id (`cavra aispm collector add`) to send again"
            }
            AispmError::UnderLegalHold { .. } => {
                "lift the hold first, in a commit of its own: `cavra ops hold lift --tenant T --reason …` (or, for the workspace's, without --tenant)"
            }
            _ => return Vec::new(),
        };
        vec![hint.to_string()]
    }
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            AispmError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// The tenant registry's location.
pub fn registry(root: &Path) -> StoreLocation {
    StoreLocation::resolve(&AISPM_TENANTS, root)
}

/// Every registered tenant (not those `tenant remove` removed).
pub fn load_tenants(root: &Path) -> Result<Vec<Tenant>, AispmError> {
    let all: Vec<Tenant> = crate::store::table::load(&registry(root))?;
    Ok(all.into_iter().filter(|t| t.removed_at.is_none()).collect())
}

/// One registered tenant.
pub fn load_tenant(root: &Path, tenant: &str) -> Result<Tenant, AispmError> {
    if !crate::model::aispm::is_tenant_id(tenant) {
        return Err(AispmError::BadTenantId { id: tenant.to_string() });
    }
    load_tenants(root)?
        .into_iter()
        .find(|t| t.tenant_id == tenant)
        .ok_or_else(|| AispmError::UnknownTenant {
            tenant: tenant.to_string(),
            store: registry(root).display.display().to_string(),
        })
}

/// A tenant's derived state, consistent with its ledger.
pub struct TenantState {
    pub files: TenantFiles,
    pub posture: posture::Posture,
    pub keys: HashSet<[u8; INDEX_ENTRY]>,
    /// Whether the index and projection had to be rebuilt from the ledger.
    pub rebuilt: bool,
    /// Held while the state is open: two ingestions of one tenant never
    /// both accept an event neither has seen yet.
    _lock: crate::store::fsio::StoreLock,
}

/// Opens a tenant's state; rebuilds the index and projection from the
/// ledger when the index is missing or the two disagree on the number of
/// events (an ingestion died between its index append and its projection).
pub fn open_state(root: &Path, tenant: &str) -> Result<TenantState, AispmError> {
    let files = TenantFiles::new(root, tenant);
    files.prepare()?;
    let lock = crate::store::fsio::lock(&files.index, crate::store::fsio::lock_timeout())?;
    let (stored, fresh) = stored_projection(&files)?;
    let index = files::read_index(&files.index)?;
    // The index must come from this very ledger (another branch's ledger
    // of the same size is not it), and agree with the projection.
    let same_head = files::read_index_head(&files.index_head) == ledger_head(&files)?;
    let consistent =
        fresh && same_head && matches!((&stored, &index), (Some(p), Some(i)) if p.events == i.len() as u64);
    if consistent {
        return Ok(TenantState {
            posture: stored.expect("checked"),
            keys: index.expect("checked").into_iter().collect(),
            files,
            rebuilt: false,
            _lock: lock,
        });
    }
    let (posture, keys) = rewrite(&files)?;
    Ok(TenantState {
        posture,
        keys: keys.into_iter().collect(),
        files,
        rebuilt: stored.is_some() || index.is_some(),
        _lock: lock,
    })
}

/// Rebuilds a tenant's dedupe index and posture projection from its event
/// ledger and writes both, whatever they say: after a restore replaced the
/// ledger, they describe a ledger that is gone (possibly one of the same
/// size, which [`open_state`] alone would take for current).
pub fn refresh(root: &Path, tenant: &str) -> Result<posture::Posture, AispmError> {
    let files = TenantFiles::new(root, tenant);
    files.prepare()?;
    let _lock = crate::store::fsio::lock(&files.index, crate::store::fsio::lock_timeout())?;
    Ok(rewrite(&files)?.0)
}

/// Rebuilds the index and projection from the ledger and writes both (the
/// caller holds the tenant's lock).
fn rewrite(files: &TenantFiles) -> Result<(posture::Posture, Vec<[u8; INDEX_ENTRY]>), AispmError> {
    let (posture, keys) = rebuild(files)?;
    files::write_index(&files.index, &keys)?;
    record_index_head(files)?;
    files::write_projection(&files.posture, &posture)?;
    Ok((posture, keys))
}

/// The event ledger's head hash, from its checkpoint (`None`: no entry yet).
pub fn ledger_head(files: &TenantFiles) -> Result<Option<String>, AispmError> {
    Ok(crate::store::ledger::checkpoint::head(&files.events)?.map(|c| c.hash))
}

/// Records that the index now matches the ledger's head.
pub fn record_index_head(files: &TenantFiles) -> Result<(), AispmError> {
    match ledger_head(files)? {
        Some(head) => Ok(files::write_index_head(&files.index_head, &head)?),
        None => match std::fs::remove_file(&files.index_head) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(crate::error::StoreError::io("remove", &files.index_head, e).into())
            }
            _ => Ok(()),
        },
    }
}

/// A tenant's posture for reading: the committed projection when it folds
/// in every entry its ledger's checkpoint counts, else rebuilt from the
/// ledger in memory (after a merge brought entries in; nothing is written).
pub fn current_posture(files: &TenantFiles) -> Result<posture::Posture, AispmError> {
    match stored_projection(files)? {
        (Some(p), true) => Ok(p),
        (None, true) => Ok(posture::Posture::new(&files.tenant)),
        _ => Ok(rebuild(files)?.0),
    }
}

/// The committed projection, and whether it folds in exactly the ledger
/// the checkpoint names (its size and head hash; none when there is no
/// projection). The checkpoint says this without reading the ledger: a
/// merge, restore or checkout that brought other entries in makes the
/// projection stale, whatever it says of itself. (A projection edited by
/// hand with its head kept is `validate`'s to catch: it folds the ledger.)
fn stored_projection(files: &TenantFiles) -> Result<(Option<posture::Posture>, bool), AispmError> {
    let stored =
        files::read_projection(&files.posture)?.and_then(|v| serde_json::from_value::<posture::Posture>(v).ok());
    let head = crate::store::ledger::checkpoint::head(&files.events)?;
    let fresh = match (&head, &stored) {
        (None, _) => true,
        (Some(cp), Some(p)) => cp.size == p.ledger_entries && p.ledger_head.as_deref() == Some(cp.hash.as_str()),
        (Some(_), None) => false,
    };
    Ok((stored, fresh))
}

/// A tenant's event ledger, every entry in order, verified: the one way
/// AISPM commands (replay, rebuild, forward) read stored events.
pub fn ledger_events(files: &TenantFiles) -> Result<Vec<crate::store::ledger::Entry>, AispmError> {
    Ok(crate::store::ledger::read(&files.events)?)
}

/// The posture and dedupe keys the ledger implies.
pub fn rebuild(files: &TenantFiles) -> Result<(posture::Posture, Vec<[u8; INDEX_ENTRY]>), AispmError> {
    let entries = ledger_events(files)?;
    Ok(fold(&files.tenant, &entries))
}

/// Entries whose envelopes [`fold`] decodes at once.
const FOLD_CHUNK: usize = 8192;

/// The posture and dedupe keys `entries` (a tenant's event ledger) imply.
pub fn fold(tenant: &str, entries: &[crate::store::ledger::Entry]) -> (posture::Posture, Vec<[u8; INDEX_ENTRY]>) {
    let mut fold = Fold::new(tenant);
    for chunk in entries.chunks(FOLD_CHUNK) {
        fold.push(chunk);
    }
    fold.finish()
}

/// [`fold`] of a ledger streaming by, a batch of entries at a time.
pub struct Fold {
    posture: posture::Posture,
    keys: Vec<[u8; INDEX_ENTRY]>,
    seen: HashSet<[u8; INDEX_ENTRY]>,
    total: u64,
    head: Option<String>,
    keep_keys: bool,
}

impl Fold {
    pub fn new(tenant: &str) -> Fold {
        Fold {
            posture: posture::Posture::new(tenant),
            keys: Vec::new(),
            seen: HashSet::new(),
            total: 0,
            head: None,
            keep_keys: true,
        }
    }

    /// Folds the next entries in: each event's envelope decoded from its
    /// payload on every core, then applied in order.
    pub fn push(&mut self, entries: &[crate::store::ledger::Entry]) {
        for chunk in entries.chunks(FOLD_CHUNK) {
            let events: Vec<_> = chunk
                .par_iter()
                // A prune entry of the chain is no event.
                .filter(|e| !crate::store::ledger::prune::is_prune_entry(&e.record))
                // On a borrowed parse of the text: the record's `Value` is
                // never built (its cache would keep every entry's).
                .map(|e| {
                    let stored = proof::Stored::of(e.record.text()).unwrap_or_default();
                    let envelope = stored.envelope().unwrap_or(serde_json::Value::Null);
                    Fold::event(&stored, &envelope)
                })
                .collect();
            self.apply(events);
        }
        self.count(entries);
    }

    /// The dedupe key and event of a stored record whose envelope is `envelope`.
    pub fn event(
        stored: &proof::Stored<'_>,
        envelope: &serde_json::Value,
    ) -> ([u8; INDEX_ENTRY], posture::Event<'static>) {
        let key = parse_key(stored.dedupe_key.as_deref().unwrap_or_default());
        (key, posture::Event::of_parts(stored, envelope))
    }

    /// Applies events (in ledger order) made by [`Fold::event`].
    pub fn apply(&mut self, events: Vec<([u8; INDEX_ENTRY], posture::Event<'static>)>) {
        for (key, event) in events {
            // Two branches that ingested the same event both appended it;
            // the merged ledger holds it twice, the projection counts it once.
            if self.seen.insert(key) {
                self.posture.apply_event(&event);
                if self.keep_keys {
                    self.keys.push(key);
                }
            }
        }
    }

    /// Counts `entries` (every one, prune entries too) as folded.
    pub fn count(&mut self, entries: &[crate::store::ledger::Entry]) {
        self.total += entries.len() as u64;
        if let Some(last) = entries.last() {
            self.head = Some(last.hash.clone());
        }
    }

    /// A fold that keeps no dedupe keys (a reader that wants only the posture).
    pub fn posture_only(mut self) -> Fold {
        self.keep_keys = false;
        self
    }

    pub fn finish(mut self) -> (posture::Posture, Vec<[u8; INDEX_ENTRY]>) {
        self.posture.ledger_entries = self.total;
        self.posture.ledger_head = self.head;
        (self.posture, self.keys)
    }
}

/// The problem of a tenant's committed projection (`projection`, the bytes
/// of `posture.json` as the working tree or the index holds them) that is
/// not what its ledger's `entries` fold into: a hand edit (a critical block
/// cleared) or a stale file. Nothing when there is no projection and no
/// entry.
pub fn projection_problem(
    tenant: &str,
    display: &Path,
    projection: Option<&[u8]>,
    entries: &[crate::store::ledger::Entry],
) -> Option<crate::error::Problem> {
    projection_problem_of(tenant, display, projection, &fold(tenant, entries).0)
}

/// [`projection_problem`] against the posture `rebuilt` the ledger folds into.
pub fn projection_problem_of(
    tenant: &str,
    display: &Path,
    projection: Option<&[u8]>,
    rebuilt: &posture::Posture,
) -> Option<crate::error::Problem> {
    let entries = rebuilt.ledger_entries;
    let stored: Option<serde_json::Value> = projection.and_then(|b| crate::store::json::parse(b).ok());
    let rebuilt = serde_json::to_value(rebuilt).expect("posture serializes");
    let matches = match &stored {
        Some(s) => *s == rebuilt,
        None => entries == 0,
    };
    (!matches).then(|| {
        crate::error::Problem::new(
            display,
            format!(
                "the posture projection of tenant {tenant} is not what its event ledger ({entries} entries) folds into: it was edited or is stale"
            ),
        )
        .hint(format!(
            "`cavra aispm replay --tenant {tenant} --rebuild` rewrites it from the ledger"
        ))
    })
}

/// A dedupe key from its 32 hex digits (all zero when malformed; the
/// record schema pins the form).
pub fn parse_key(hex: &str) -> [u8; INDEX_ENTRY] {
    let mut out = [0u8; INDEX_ENTRY];
    for (i, o) in out.iter_mut().enumerate() {
        *o = hex
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    out
}
