//! Reservations: a ledger entry promised before the work it records is
//! done, so that work interrupted half-way (a delivery killed after its
//! request left) is still recorded.
//!
//! Policy: whoever reserves holds the ledger's lock from the reservation to
//! the append that fulfils it, so a process that gets the lock and finds a
//! reservation knows its owner died: `cavra ops repair` appends the entry
//! the reservation holds (already worded as interrupted) and removes it.
//! Reservations are files beside the ledger's lock, in
//! `.locks/<ledger file>.pending/` (git-ignored, like every lock), each the
//! JSON of one entry and the absolute path of the file the work claims
//! (when it claims one), written and fsynced before that file is created:
//! a reservation whose file does not exist was left before the work began.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;

use super::fsio::{self, StoreLock};
use super::registry::StoreLocation;
use crate::error::StoreError;

/// One reservation on disk; [`Reservation::release`] removes it once its
/// entry is appended.
#[derive(Debug)]
pub struct Reservation {
    path: PathBuf,
}

/// Where the reservations of the ledger at `loc` are.
pub fn dir(loc: &StoreLocation) -> PathBuf {
    let lock = fsio::lock_path(&loc.path);
    let name = lock
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches(".lock").to_string())
        .unwrap_or_default();
    lock.with_file_name(format!("{name}.pending"))
}

/// What a reservation holds.
#[derive(Debug)]
pub struct Reserved {
    pub entry: Value,
    /// The file the work claims, absolute.
    pub claimed: Option<PathBuf>,
}

/// Reserves `entry` in the ledger at `loc`, whose lock the caller holds,
/// for work that will claim `claimed` (created after this returns).
pub fn reserve(
    loc: &StoreLocation,
    _lock: &StoreLock,
    entry: &Value,
    claimed: Option<&Path>,
) -> Result<Reservation, StoreError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path = dir(loc).join(format!("{}-{nanos}-{n}.json", std::process::id()));
    let claimed = claimed
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| StoreError::io("resolve", &path, e))?;
    let body = serde_json::json!({"entry": entry, "claimed": claimed.map(|p| p.display().to_string())});
    fsio::atomic_write(&path, &crate::store::to_canonical_pretty(&body))?;
    Ok(Reservation { path })
}

impl Reservation {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the reservation: its entry is in the ledger.
    pub fn release(self) -> Result<(), StoreError> {
        std::fs::remove_file(&self.path).map_err(|e| StoreError::io("remove", &self.path, e))
    }
}

/// A reservation found on disk, with what it holds or why that cannot be read.
pub type Pending = (Reservation, Result<Reserved, String>);

/// The reservations left at `loc` (by processes that died holding the
/// lock, when the caller holds it now), oldest name first, each with its
/// entry or why it cannot be read.
pub fn pending(loc: &StoreLocation) -> Result<Vec<Pending>, StoreError> {
    let dir = dir(loc);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("read", &dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let value = crate::store::fsio::read_input(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| crate::store::json::parse(&b).map_err(|e| e.to_string()))
                .and_then(|mut v| match v.get_mut("entry").map(Value::take) {
                    Some(entry @ Value::Object(_)) => Ok(Reserved {
                        entry,
                        claimed: v.get("claimed").and_then(Value::as_str).map(PathBuf::from),
                    }),
                    _ => Err("it holds no entry".to_string()),
                });
            (Reservation { path }, value)
        })
        .collect())
}
