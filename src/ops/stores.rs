//! `cavra ops stores`: every store in the registry, where it is, who chose
//! that path, and whether it is intact. Iterates the one registry, like
//! `validate`, `diff` and backups, with the database rows the environment
//! selects ([`crate::store::registry::stores`]).
//!
//! [`verify_copy`] (and [`verify_files`] for a store of several files, a
//! segmented ledger) is the one check a restore runs on every copy before it
//! writes anything: the copy must open as a valid store of its kind.

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::Problem;
use crate::store::ledger::segments;
use crate::store::registry::{StoreDef, StoreKind, StoreLocation, all_locations};
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
    /// The store's file; a segmented ledger's directory.
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
    stores_and_problems(ws).0
}

/// [`stores`], and every problem the stores' own checks found (schema,
/// checksum, hash chain, secrets): what `cavra validate` reports, before it
/// anchors the ledgers in git. Each store is inspected once: the registry's
/// rows, then one store per AISPM tenant and family (`aispm-events/acme`),
/// as backups name them.
pub fn stores_and_problems(ws: &Workspace) -> (StoresOutcome, Vec<Problem>) {
    stores_and_problems_given(ws, Vec::new())
}

/// [`stores_and_problems`] with the inspections of some stores already
/// made (by name), as a caller that read a store whole has them.
pub fn stores_and_problems_given(
    ws: &Workspace,
    mut given: Vec<(String, Inspection)>,
) -> (StoresOutcome, Vec<Problem>) {
    let mut problems = Vec::new();
    let stores = all_locations(&ws.root)
        .into_iter()
        .map(|(name, loc)| {
            let found = match given.iter().position(|(n, _)| *n == name) {
                Some(i) => given.swap_remove(i).1,
                None => inspect(&loc),
            };
            let s = StoreStatus {
                name,
                ..status(loc.def, &loc, &found)
            };
            problems.extend(found.problems);
            s
        })
        .collect();
    (
        StoresOutcome {
            schema: "cavra.persistent_api.stores.v1",
            stores,
        },
        problems,
    )
}

/// Inspects one store the way its kind needs.
pub fn inspect(loc: &StoreLocation) -> Inspection {
    match loc.def.kind {
        // A ledger is read as a stream; the others whole.
        StoreKind::Ledger => ledger::inspect(loc),
        StoreKind::Sqlite => crate::store::sqlite::inspect(&loc.path, &loc.display),
        StoreKind::Table | StoreKind::Config | StoreKind::External => {
            match crate::store::fsio::read_optional(&loc.path, &loc.display) {
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
            }
        }
    }
}

/// [`inspect`] on bytes already read (a file at a revision, in the index, in a backup).
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    match loc.def.kind {
        StoreKind::Table => table::inspect_bytes(loc, bytes),
        StoreKind::Ledger => ledger::inspect_bytes(loc, bytes),
        // Opaque: cavra keeps its bytes and never reads them.
        StoreKind::External => Inspection {
            exists: true,
            bytes: bytes.len() as u64,
            ..Inspection::default()
        },
        StoreKind::Sqlite => {
            let image = tempfile::NamedTempFile::new().and_then(|tmp| std::fs::write(tmp.path(), bytes).map(|()| tmp));
            match image {
                Ok(tmp) => Inspection {
                    bytes: bytes.len() as u64,
                    ..crate::store::sqlite::inspect(tmp.path(), &loc.display)
                },
                Err(e) => Inspection {
                    exists: true,
                    problems: vec![Problem::new(&loc.display, format!("cannot check a copy: {e}"))],
                    ..Inspection::default()
                },
            }
        }
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

/// Every problem that keeps `bytes` from being a valid store of `loc`'s
/// kind (named as `loc.display`): the one check a restore runs on a copy
/// before writing anything. An empty SQLite image is not a database.
pub fn verify_copy(loc: &StoreLocation, bytes: &[u8]) -> Vec<Problem> {
    let found = inspect_bytes(loc, bytes);
    let mut problems = found.problems;
    if loc.def.kind == StoreKind::Sqlite && problems.is_empty() && !found.exists {
        problems.push(Problem::new(&loc.display, "is not a SQLite inventory"));
    }
    problems
}

/// [`verify_copy`] of a whole store given as its files, each named as
/// [`crate::store::registry::store_file`] names it (`loc` is the store's
/// location): a store of one file is checked as that file; a segmented
/// ledger as one ledger (the chain across its segments, their seals, its
/// checkpoint against the head), each problem naming its segment and line.
pub fn verify_files(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Vec<Problem> {
    let own = loc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match files {
        [(name, bytes)] if *name == own => verify_copy(loc, bytes),
        _ if loc.def.kind == StoreKind::Ledger && files.iter().all(|(name, _)| *name != own) => {
            segments::inspect_files(loc, files).problems
        }
        _ => vec![
            Problem::new(
                &loc.display,
                format!("a copy holds both the single file {own} and other files: it is one store or the other"),
            )
            .hint("a ledger is restored either as its single file (before `cavra ledger migrate`) or as its segments"),
        ],
    }
}

/// The path `cavra ops stores` shows: a segmented ledger's directory (a
/// ledger with no file yet is created segmented), else the store's file.
pub fn shown_path(loc: &StoreLocation) -> std::path::PathBuf {
    if loc.def.kind == StoreKind::Ledger && segments::layout(loc) == segments::Layout::Segmented {
        segments::dir_of(&loc.display)
    } else {
        loc.display.clone()
    }
}

fn status(def: &StoreDef, loc: &StoreLocation, found: &Inspection) -> StoreStatus {
    StoreStatus {
        name: def.name.to_string(),
        kind: def.kind.as_str().to_string(),
        description: def.description.to_string(),
        path: shown_path(loc).display().to_string(),
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
