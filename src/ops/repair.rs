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
//! `cavra reseal` after review).

use serde::Serialize;

use super::stores::inspect;
use super::workspace::Workspace;
use crate::error::{Problem, StoreError};
use crate::store::ledger::TailRepair;
use crate::store::registry::{STORES, StoreKind};
use crate::store::{fsio, ledger};

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

/// Repairs the stores of `ws`.
pub fn repair(ws: &Workspace) -> Result<RepairOutcome, RepairError> {
    let mut repaired = Vec::new();
    for def in STORES.iter().filter(|d| d.kind == StoreKind::Ledger) {
        let loc = ws.locate(def);
        if ledger::segments::files(&loc)?.is_empty() {
            continue;
        }
        let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
        if let Some((file, done)) = ledger::repair_tail(&loc)? {
            let (action, bytes_removed, bytes_added) = match done {
                TailRepair::Truncated(n) => ("truncated a torn last line (never acknowledged)".to_string(), n, 0),
                TailRepair::NewlineAdded => ("added the newline a complete last entry was missing".to_string(), 0, 1),
            };
            repaired.push(Repaired {
                store: def.name.into(),
                path: file.display().to_string(),
                action,
                bytes_removed,
                bytes_added,
            });
        }
        if let Some(cp) = ledger::checkpoint::repair(&loc)? {
            repaired.push(Repaired {
                store: def.name.into(),
                path: ledger::checkpoint::display(&loc).display().to_string(),
                action: format!("brought the checkpoint up to the verified ledger ({} entries)", cp.size),
                bytes_removed: 0,
                bytes_added: 0,
            });
        }
    }
    let remaining = STORES
        .iter()
        .flat_map(|def| inspect(&ws.locate(def)).problems)
        .collect();
    Ok(RepairOutcome { repaired, remaining })
}
