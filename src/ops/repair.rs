//! `cavra ops repair`: fix what is safe to fix without a person, report the
//! rest.
//!
//! The one thing repaired is a ledger's last line. A torn line (no newline,
//! and not a complete, hash-valid entry) was never acknowledged (an append
//! returns only after writing the newline and fsyncing), so truncating it
//! loses nothing that was promised; repair says exactly how many bytes it
//! removed. A complete entry that only lost its newline verifies, so repair
//! adds the newline and never removes it: bytes that verify stay. A
//! checkpoint that is missing or behind its verified ledger (an append
//! interrupted before rewriting it) is brought up to it. Every other problem (a
//! broken chain, a checksum mismatch, an invalid record) is reported and left
//! alone: those need a person (`git checkout`, `cavra ops restore`, or
//! `cavra reseal` after review). A delivery killed after it reserved its
//! entry (see [`crate::ops::deliver::evidence`]) left a reservation: repair
//! appends the entry it holds (the delivery as failed, interrupted) and
//! removes it.

use serde::Serialize;

use super::stores::inspect;
use super::workspace::Workspace;
use crate::error::{Problem, StoreError};
use crate::store::ledger::TailRepair;
use crate::store::registry::{STORES, StoreKind, StoreLocation, tenant_locations};
use crate::store::{fsio, ledger, reservation};

/// Why repair could not run.
#[derive(Debug, thiserror::Error)]
pub enum RepairError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::error::Diagnostic for RepairError {
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            RepairError::Store(e) => Some(e),
        }
    }
}

/// What repair did and what is left.
#[derive(Debug, Serialize)]
pub struct RepairOutcome {
    pub repaired: Vec<Repaired>,
    pub remaining: Vec<Problem>,
}

#[derive(Debug, Serialize)]
pub struct Repaired {
    pub store: String,
    pub path: String,
    pub action: String,
    pub bytes_removed: u64,
    pub bytes_added: u64,
}

/// Repairs the stores of `ws`: the registry's, and every AISPM tenant's
/// (the tenant registry says which).
pub fn repair(ws: &Workspace) -> Result<RepairOutcome, RepairError> {
    let mut repaired = Vec::new();
    let mut remaining = Vec::new();
    let all: Vec<(String, StoreLocation)> = STORES
        .iter()
        .map(|d| (d.name.to_string(), ws.locate(d)))
        .chain(tenant_locations(&ws.root))
        .collect();
    for (name, loc) in all.iter().filter(|(_, l)| l.def.kind == StoreKind::Ledger) {
        record_reservations(loc, &mut repaired, &mut remaining)?;
        if ledger::segments::files(loc)?.is_empty() {
            continue;
        }
        let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
        if let Some((file, done)) = ledger::repair_tail(loc)? {
            let (action, bytes_removed, bytes_added) = match done {
                TailRepair::Truncated(n) => ("truncated a torn last line (never acknowledged)".to_string(), n, 0),
                TailRepair::NewlineAdded => ("added the newline a complete last entry was missing".to_string(), 0, 1),
            };
            repaired.push(Repaired {
                store: name.clone(),
                path: file.display().to_string(),
                action,
                bytes_removed,
                bytes_added,
            });
        }
        if let Some(cp) = ledger::checkpoint::repair(loc)? {
            repaired.push(Repaired {
                store: name.clone(),
                path: ledger::checkpoint::display(loc).display().to_string(),
                action: format!("brought the checkpoint up to the verified ledger ({} entries)", cp.size),
                bytes_removed: 0,
                bytes_added: 0,
            });
        }
    }
    remaining.extend(all.iter().flat_map(|(_, loc)| inspect(loc).problems));
    Ok(RepairOutcome { repaired, remaining })
}

/// Appends the entries that reservations left at `loc` promise (their
/// owners died: a live one holds the lock taken here), unless the ledger
/// already has it (the owner died between its append and the release),
/// and removes them. One that cannot be read is reported and left.
fn record_reservations(
    loc: &crate::store::registry::StoreLocation,
    repaired: &mut Vec<Repaired>,
    remaining: &mut Vec<Problem>,
) -> Result<(), StoreError> {
    if reservation::pending(loc)?.is_empty() {
        return Ok(());
    }
    let lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let recorded = if ledger::segments::files(loc)?.is_empty() {
        Vec::new()
    } else {
        ledger::read(loc)?
    };
    for (res, entry) in reservation::pending(loc)? {
        let path = res.path().display().to_string();
        let checked = entry.and_then(|r| {
            ledger::check_all(loc, std::slice::from_ref(&r.entry))
                .map(|_| r)
                .map_err(|e| e.to_string())
        });
        let (entry, claimed) = match checked {
            Ok(r) => (r.entry, r.claimed),
            Err(reason) => {
                remaining.push(
                    Problem::new(
                        res.path(),
                        format!("a delivery reservation that cannot be recorded: {reason}"),
                    )
                    .hint("read it, record what it says by hand if anything, then delete it"),
                );
                continue;
            }
        };
        let same = |r: &serde_json::Value| match entry.get("evidence_path") {
            Some(p) => r.get("evidence_path") == Some(p),
            None => ["event_id", "created_at", "connector_delivery_source"]
                .iter()
                .all(|k| r.get(*k) == entry.get(*k)),
        };
        let already = recorded.iter().any(|e| same(e.record.value()));
        // The file is claimed after the reservation is written and before
        // anything is sent: without it, nothing was.
        let unsent = claimed.as_ref().is_some_and(|p| std::fs::symlink_metadata(p).is_err());
        let event = entry
            .get("event_id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        if !already && !unsent {
            ledger::append_locked(loc, &lock, std::slice::from_ref(&entry))?;
        }
        res.release()?;
        repaired.push(Repaired {
            store: loc.def.name.into(),
            path,
            action: if already {
                format!("removed the reservation of the delivery of {event}, which its entry already records")
            } else if unsent {
                format!("removed the reservation of the delivery of {event}, killed before it sent anything")
            } else {
                format!(
                    "recorded the interrupted delivery of {event} (reserved before sending, never recorded: failed, outcome unknown)"
                )
            },
            bytes_removed: 0,
            bytes_added: 0,
        });
    }
    Ok(())
}
