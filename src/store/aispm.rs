//! The AISPM files that are not tables or ledgers: each tenant's posture
//! projection (committed, canonical JSON, replaced atomically) and its dedupe
//! index (derived, git-ignored, rebuilt from the event ledger whenever it is
//! missing or disagrees with the projection).
//!
//! The ledger is the truth; the index and the projection are derived from
//! it. An ingestion appends a batch's keys to the index first, then the
//! events to the ledger, then replaces the projection, each durably; dying
//! anywhere in between leaves an index longer than the projection's event
//! count, and the next ingestion rebuilds both from the ledger before
//! accepting anything, so nothing is lost or counted twice.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::registry::{AISPM_EVENTS, AISPM_QUARANTINE, AISPM_RUNS, StoreLocation, tenant_location};
use super::{fsio, to_canonical_pretty};
use crate::error::StoreError;

/// `^[a-z0-9][a-z0-9-]{0,62}$`: a tenant id is also a directory name, so
/// nothing else (no `..`, no `/`, no upper case) is ever accepted.
pub fn is_tenant_id(s: &str) -> bool {
    let b = s.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty() && b.len() <= 63 && ok(&b[0]) && b[1..].iter().all(|c| ok(c) || *c == b'-')
}

/// Bytes per dedupe index entry (a 128-bit key).
pub const INDEX_ENTRY: usize = 16;

/// Everything of one tenant on disk.
#[derive(Debug, Clone)]
pub struct TenantFiles {
    pub tenant: String,
    pub events: StoreLocation,
    pub quarantine: StoreLocation,
    pub runs: StoreLocation,
    /// `.cavra/aispm/tenants/<t>/posture.json` (committed).
    pub posture: PathBuf,
    /// Next to the event segments (git-ignored).
    pub index: PathBuf,
}

impl TenantFiles {
    pub fn new(root: &Path, tenant: &str) -> TenantFiles {
        let events = tenant_location(&AISPM_EVENTS, root, tenant);
        let dir = fsio::parent_dir(&events.path);
        let state = root.join(".cavra/aispm/tenants").join(tenant);
        TenantFiles {
            tenant: tenant.to_string(),
            quarantine: tenant_location(&AISPM_QUARANTINE, root, tenant),
            runs: tenant_location(&AISPM_RUNS, root, tenant),
            posture: state.join("posture.json"),
            index: dir.join("dedupe.idx"),
            events,
        }
    }

    /// The tenant's state directory, with the `.gitignore` that keeps the
    /// derived files out of git.
    pub fn prepare(&self) -> Result<(), StoreError> {
        for dir in [fsio::parent_dir(&self.posture), fsio::parent_dir(&self.index)] {
            std::fs::create_dir_all(&dir).map_err(|e| StoreError::io("create", &dir, e))?;
            let ignore = dir.join(".gitignore");
            if !ignore.exists() {
                fsio::atomic_write(&ignore, b"dedupe.idx\n")?;
            }
        }
        Ok(())
    }
}

/// Reads a projection; `None` when absent.
pub fn read_projection(path: &Path) -> Result<Option<serde_json::Value>, StoreError> {
    let Some(bytes) = fsio::read_optional(path, path)? else {
        return Ok(None);
    };
    crate::store::json::parse(&bytes)
        .map(Some)
        .map_err(|e| StoreError::Invalid {
            problems: vec![e.problem(path)],
        })
}

/// Replaces a projection atomically (canonical pretty JSON).
pub fn write_projection<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    fsio::atomic_write(path, &to_canonical_pretty(value))
}

/// The dedupe index keys, in ledger order; `None` when the file is absent.
/// A trailing partial entry (a torn append) is dropped.
pub fn read_index(path: &Path) -> Result<Option<Vec<[u8; INDEX_ENTRY]>>, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io("open", path, e)),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| StoreError::io("read", path, e))?;
    Ok(Some(
        bytes
            .chunks_exact(INDEX_ENTRY)
            .map(|c| c.try_into().expect("exact chunks"))
            .collect(),
    ))
}

/// Appends keys to the index and fsyncs.
pub fn append_index(path: &Path, keys: &[[u8; INDEX_ENTRY]]) -> Result<(), StoreError> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| StoreError::io("open", path, e))?;
    let bytes: Vec<u8> = keys.iter().flatten().copied().collect();
    file.write_all(&bytes)
        .map_err(|e| StoreError::io("append to", path, e))?;
    file.sync_data().map_err(|e| StoreError::io("sync", path, e))
}

/// Replaces the index with `keys` (a rebuild).
pub fn write_index(path: &Path, keys: &[[u8; INDEX_ENTRY]]) -> Result<(), StoreError> {
    let bytes: Vec<u8> = keys.iter().flatten().copied().collect();
    fsio::atomic_write(path, &bytes)
}

/// Writes `bytes` to a new file readable by its owner only (a private
/// key), refusing to replace an existing file.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| StoreError::io("create", path, e))?;
    file.write_all(bytes).map_err(|e| StoreError::io("write", path, e))?;
    file.sync_all().map_err(|e| StoreError::io("sync", path, e))
}
