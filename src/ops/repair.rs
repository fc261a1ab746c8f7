//! `cavra ops repair`: fix what is safe to fix without a person, report the
//! rest.
//!
//! The one thing repaired is a torn last ledger line: a line without its
//! newline was never acknowledged (an append returns only after writing the
//! newline and fsyncing), so truncating it loses nothing that was promised.
//! Repair says exactly how many bytes it removed. Every other problem (a
//! broken chain, a checksum mismatch, an invalid record) is reported and left
//! alone: those need a person (`git checkout`, `cavra ops restore`, or
//! `cavra reseal` after review).

use serde::Serialize;

use super::stores::inspect;
use super::workspace::Workspace;
use crate::error::{CliError, Problem};
use crate::store::registry::{STORES, StoreKind};
use crate::store::{fsio, ledger};

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
}

/// Repairs the stores of `ws`.
pub fn repair(ws: &Workspace) -> Result<RepairOutcome, CliError> {
    let mut repaired = Vec::new();
    for def in STORES.iter().filter(|d| d.kind == StoreKind::Ledger) {
        let loc = ws.locate(def);
        if !loc.path.exists() {
            continue;
        }
        let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
        if let Some(removed) = ledger::truncate_torn_tail(&loc)? {
            repaired.push(Repaired {
                store: def.name.into(),
                path: loc.display.display().to_string(),
                action: "truncated a torn last line (never acknowledged)".into(),
                bytes_removed: removed,
            });
        }
    }
    let remaining = STORES
        .iter()
        .flat_map(|def| inspect(&ws.locate(def)).problems)
        .collect();
    Ok(RepairOutcome { repaired, remaining })
}
