//! The journal that makes a restore all or nothing across several files.
//!
//! Every copy is staged (written and fsynced beside its target) before the
//! journal is written; the journal lists the renames; then the renames run
//! and the journal goes. A restore killed between two renames leaves the
//! journal and complete staged copies, so the next cavra command finishes
//! it ([`recover`]) and says so. The journal lives in `.cavra/.locks/`
//! (git-ignored), but a committed one is untrusted input like a manifest:
//! a rename runs only from a staged copy beside a store file of this
//! workspace, into that file, and only when the copy is a valid store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::RestoreError;
use crate::error::StoreError;
use crate::ops::workspace::Workspace;
use crate::store::fsio;
use crate::store::registry::{StoreDef, StoreLocation, store_file, stores};

const JOURNAL_SCHEMA: &str = "cavra.restore-journal.v1";

/// The journal of a restore's renames, written after every file is staged.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    renames: Vec<Rename>,
    schema: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    /// The file within its store, as the manifest named it.
    file: String,
    staged: PathBuf,
    store: String,
    target: PathBuf,
}

/// Where the journal of a restore into `base` lives (git-ignored).
pub fn journal_path(base: &Path) -> PathBuf {
    base.join(".cavra/.locks/restore-journal.json")
}

/// Journals the renames of `staged` copies (each complete and fsynced
/// beside its target), renames, removes the journal.
pub(super) fn apply(base: &Path, staged: Vec<(String, String, fsio::Staged)>) -> Result<(), RestoreError> {
    if staged.is_empty() {
        return Ok(());
    }
    // Every copy is complete and durable; from here the restore is
    // finished, by this process or by the next command.
    let mut renames = Vec::new();
    for (store, file, s) in staged {
        let (staged, target) = s.keep()?;
        renames.push(Rename {
            file,
            staged,
            store,
            target,
        });
    }
    let journal = Journal {
        renames,
        schema: JOURNAL_SCHEMA.into(),
    };
    let path = journal_path(base);
    fsio::atomic_write(&path, &crate::store::to_canonical_pretty(&journal))?;
    let pause = crate::env::var(crate::env::CAVRA_TEST_ONLY_RESTORE_PAUSE_MS)
        .and_then(|v| v.parse::<u64>().ok())
        .map(std::time::Duration::from_millis);
    for (i, r) in journal.renames.iter().enumerate() {
        if i > 0
            && let Some(pause) = pause
        {
            std::thread::sleep(pause);
        }
        rename(r)?;
    }
    remove_journal(&path)
}

fn rename(r: &Rename) -> Result<(), RestoreError> {
    std::fs::rename(&r.staged, &r.target).map_err(|e| StoreError::io("replace", &r.target, e))?;
    fsio::sync_dir(&fsio::parent_dir(&r.target))?;
    Ok(())
}

fn remove_journal(path: &Path) -> Result<(), RestoreError> {
    std::fs::remove_file(path).map_err(|e| StoreError::io("remove", path, e))?;
    fsio::sync_dir(&fsio::parent_dir(path))?;
    Ok(())
}

/// Finishes a restore into `base` that was killed between its renames:
/// every staged copy is already complete, so the remaining renames run.
/// Returns what it did, for a warning; `None` when there was nothing to do.
/// The journal is input like any other: a rename runs only from a staged
/// copy beside a store file this workspace has, into that store file.
pub fn recover(ws: &Workspace, base: &Path) -> Result<Option<String>, RestoreError> {
    let path = journal_path(base);
    let bad = |reason: String| RestoreError::Journal {
        path: path.clone(),
        reason,
    };
    let Some(bytes) = fsio::read_optional(&path, &path)? else {
        return Ok(None);
    };
    let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a restore journal: {e}")))?;
    if journal.schema != JOURNAL_SCHEMA {
        return Err(bad(format!(
            "schema is {:?}, expected {JOURNAL_SCHEMA:?}",
            journal.schema
        )));
    }
    let places = store_places(ws, base);
    for r in &journal.renames {
        // The store's own file, by the same per-kind rule a manifest meets.
        let def = places
            .iter()
            .filter(|(_, def)| def.name == r.store)
            .find(|(place, def)| store_file(def, place, &r.file).as_ref() == Some(&r.target))
            .map(|(_, def)| *def);
        let prefix = format!(".{}.tmp", r.target.file_name().unwrap_or_default().to_string_lossy());
        let beside = r.staged.parent() == r.target.parent()
            && r.staged
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix));
        let Some(def) = def.filter(|_| beside) else {
            return Err(bad(format!(
                "names {} for store {}, which is not that store's file here; nothing renamed",
                r.target.display(),
                r.store
            )));
        };
        fsio::check_path(&r.target)?;
        fsio::check_path(&r.staged)?;
        // A staged copy was verified before it was journalled; a journal
        // committed with a copy of its own is checked again.
        if let Some(bytes) = fsio::read_optional(&r.staged, &r.staged)? {
            let loc = StoreLocation::at(def, r.target.clone(), "restore journal");
            if let Some(p) = crate::ops::stores::verify_copy(&loc, &bytes).first() {
                return Err(bad(format!(
                    "the staged copy for store {} is not a valid store: {p}",
                    r.store
                )));
            }
        }
    }
    let _locks = journal
        .renames
        .iter()
        .map(|r| fsio::lock(&r.target, fsio::lock_timeout()))
        .collect::<Result<Vec<_>, _>>()?;
    if fsio::read_optional(&path, &path)?.as_deref() != Some(&bytes[..]) {
        // The restore was still running (it held the locks) and finished.
        return Ok(None);
    }
    let mut finished = Vec::new();
    for r in &journal.renames {
        if r.staged.exists() {
            rename(r)?;
            finished.push(r.store.clone());
        }
    }
    remove_journal(&path)?;
    Ok(Some(format!(
        "an earlier `cavra ops restore` into {} was interrupted between its renames; finished it ({} file(s) renamed now: {})",
        base.display(),
        finished.len(),
        if finished.is_empty() {
            "none were left".to_string()
        } else {
            finished.join(", ")
        }
    )))
}

/// Every place a store may be restored to: its live path, and its place
/// under `base` (its path in the repository, or `<name>/` for a store kept
/// outside it).
fn store_places(ws: &Workspace, base: &Path) -> Vec<(PathBuf, &'static StoreDef)> {
    let mut out = Vec::new();
    for def in stores() {
        let loc = ws.locate(def);
        out.push((loc.path.clone(), def));
        match super::in_repository(ws, &loc.path) {
            Some(rel) => {
                out.push((ws.root.join(&rel), def));
                out.push((base.join(rel), def));
            }
            None => out.push((super::outside_place(base, def, &loc.path), def)),
        }
    }
    out
}
