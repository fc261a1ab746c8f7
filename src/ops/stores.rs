//! `cavra ops stores`: every store in the registry, where it is, who chose
//! that path, and whether it is intact. Iterates the one registry, like
//! `validate`, `diff` and backups.

use serde::Serialize;

use super::workspace::Workspace;
use crate::store::registry::{STORES, StoreDef, StoreKind, StoreLocation};
use crate::store::{Inspection, ledger, table};

/// `cavra.persistent_api.stores.v1`.
#[derive(Debug, Serialize)]
pub struct StoresOutcome {
    pub schema: &'static str,
    pub stores: Vec<StoreStatus>,
}

/// One store's status.
#[derive(Debug, Serialize)]
pub struct StoreStatus {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub path: String,
    pub configured_by: String,
    pub exists: bool,
    pub records: usize,
    pub bytes: u64,
    /// `ok`, `absent`, `checksum_mismatch`, `chain_broken`, `torn_tail`,
    /// `invalid` or `unreadable`.
    pub checksum_state: String,
    pub problems: usize,
}

/// The status of every store of `ws`.
pub fn stores(ws: &Workspace) -> StoresOutcome {
    let mut stores: Vec<StoreStatus> = STORES
        .iter()
        .map(|def| {
            let loc = ws.locate(def);
            status(def, &loc, &inspect(&loc))
        })
        .collect();
    // One store per AISPM tenant and family (`aispm-events/acme`).
    for (name, loc) in crate::store::registry::tenant_locations(&ws.root) {
        let mut s = status(loc.def, &loc, &inspect(&loc));
        s.name = name;
        stores.push(s);
    }
    StoresOutcome {
        schema: "cavra.persistent_api.stores.v1",
        stores,
    }
}

/// Inspects one store the way its kind needs.
pub fn inspect(loc: &StoreLocation) -> Inspection {
    match loc.def.kind {
        // A ledger is read as a stream; the others whole.
        StoreKind::Ledger => ledger::inspect(loc),
        StoreKind::Table | StoreKind::Config => match crate::store::fsio::read_optional(&loc.path, &loc.display) {
            Ok(None) => Inspection::default(),
            Ok(Some(bytes)) => inspect_bytes(loc, &bytes),
            Err(e) => Inspection {
                exists: true,
                problems: vec![
                    crate::error::Problem::new(&loc.display, crate::error::error_chain(&e))
                        .integrity(crate::error::Integrity::Unreadable),
                ],
                ..Inspection::default()
            },
        },
    }
}

/// [`inspect`] on bytes already read (a file at a revision, in the index, in a backup).
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    match loc.def.kind {
        StoreKind::Table => table::inspect_bytes(loc, bytes),
        StoreKind::Ledger => ledger::inspect_bytes(loc, bytes),
        StoreKind::Config => {
            let mut out = Inspection {
                exists: true,
                bytes: bytes.len() as u64,
                ..Inspection::default()
            };
            match crate::connector::config::check_text(&loc.display, &String::from_utf8_lossy(bytes)) {
                Ok(v) => {
                    out.records = v["connectors"].as_object().map_or(0, |m| m.len());
                    out.problems = crate::connector::config::files_inside_repository(&loc.display, &v);
                }
                Err(problems) => out.problems = problems,
            }
            out
        }
    }
}

fn status(def: &StoreDef, loc: &StoreLocation, found: &Inspection) -> StoreStatus {
    StoreStatus {
        name: def.name.to_string(),
        kind: def.kind.as_str().to_string(),
        description: def.description.to_string(),
        path: loc.display.display().to_string(),
        configured_by: loc.configured_by.clone(),
        exists: found.exists,
        records: found.records,
        bytes: found.bytes,
        checksum_state: integrity(found).to_string(),
        problems: found.problems.len(),
    }
}

/// A one-word summary of an inspection.
pub fn integrity(found: &Inspection) -> &'static str {
    if !found.exists {
        "absent"
    } else if found.problems.is_empty() {
        "ok"
    } else {
        found
            .problems
            .iter()
            .filter_map(|p| p.integrity)
            .max()
            .map_or("invalid", crate::error::Integrity::as_str)
    }
}
