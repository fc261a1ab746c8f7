//! `cavra ops migrate`: rewrite existing stores once to the current layout.
//!
//! The layout of a store changes rarely and on purpose (today: table records
//! are written key first, so a diff hunk names its record; a ledger is a
//! directory of segments, not one growing file). Stores written before such
//! a change still verify, but are reported as not canonical (a ledger still
//! kept as one file is read as before) until migrated. Migration goes over every store in the registry and runs the
//! step for its kind; a step reads the store through its verified reader
//! first, so a hand edit that bypassed cavra is refused, never blessed. A
//! store already in the current layout is left untouched, so migrating twice
//! is a no-op. Adding a step for another kind is one arm in [`step`]; the
//! ledger step is the one `cavra ledger migrate` runs
//! ([`segments::migrate`]).

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::store::ledger::{self, segments};
use crate::store::registry::{StoreKind, StoreLocation};
use crate::store::table;

/// What migration did to every store.
#[derive(Debug, Serialize)]
pub struct MigrateOutcome {
    pub stores: Vec<Migrated>,
}

#[derive(Debug, Serialize)]
pub struct Migrated {
    pub store: String,
    /// The store's file; a segmented ledger's directory.
    pub path: String,
    /// `rewritten`, `current` (already in the current layout), `missing`,
    /// or `no step` (nothing to migrate for this kind of store).
    pub action: String,
    pub records: Option<usize>,
}

/// A migration step for one kind of store: what it did and how many
/// records the store holds.
type Step = fn(&StoreLocation) -> Result<(&'static str, usize), StoreError>;

/// The step for `kind`, if that kind has a layout to migrate.
fn step(kind: StoreKind) -> Option<Step> {
    match kind {
        StoreKind::Table => Some(|loc| {
            let (changed, records) = table::migrate(loc)?;
            Ok((if changed { "rewritten" } else { "current" }, records))
        }),
        // The move `cavra ledger migrate` makes: a single-file ledger into
        // segments (its entries verified first, the file removed last).
        StoreKind::Ledger => Some(|loc| match segments::migrate(loc)? {
            Some(m) => Ok(("rewritten", m.entries)),
            None => Ok(("current", ledger::read(loc)?.len())),
        }),
        StoreKind::Config | StoreKind::Sqlite | StoreKind::External => None,
    }
}

/// Whether the store at `loc` has anything to migrate from: its file, or a
/// ledger's segment directory.
fn exists(loc: &StoreLocation) -> bool {
    loc.path.exists() || (loc.def.kind == StoreKind::Ledger && segments::dir(loc).exists())
}

/// Migrates every store of `ws`; stops at the first store that does not
/// verify (the ones before it are already migrated, each atomically).
pub fn migrate(ws: &Workspace) -> Result<MigrateOutcome, StoreError> {
    let mut stores = Vec::new();
    for def in crate::store::registry::stores() {
        let loc = ws.locate(def);
        let (action, records) = match step(def.kind) {
            None => ("no step", None),
            Some(_) if !exists(&loc) => ("missing", None),
            Some(run) => {
                let (action, records) = run(&loc)?;
                (action, Some(records))
            }
        };
        stores.push(Migrated {
            store: def.name.to_string(),
            path: super::stores::shown_path(&loc).display().to_string(),
            action: action.to_string(),
            records,
        });
    }
    Ok(MigrateOutcome { stores })
}
