//! The journal that makes a restore all or nothing across several files.
//!
//! Every copy is staged (written and fsynced beside its target; a segmented
//! ledger as a whole directory beside its own, [`super::ledger`]) before the
//! journal is written; the journal lists the steps (renames of staged
//! files, the replacement of a ledger directory, the removal of a
//! single-file ledger that restored segments replace); then the steps run
//! and the journal goes. A restore killed between two steps leaves the
//! journal and complete staged copies, so the next cavra command finishes
//! it ([`recover`]) and says so; every step can be run again. The journal
//! lives in `.cavra/.locks/` (git-ignored), but a committed one is
//! untrusted input like a manifest: a step runs only on a store of this
//! workspace (a rename from a staged copy beside a store's file into that
//! file, a ledger directory replaced by its own staging directory), and
//! only when the staged copy is a valid store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::RestoreError;
use super::ledger::{StagedDir, present, replaced_dir, staged_problems, staging_dir};
use crate::error::StoreError;
use crate::ops::workspace::Workspace;
use crate::store::fsio;
use crate::store::ledger::segments;
use crate::store::registry::{StoreDef, StoreKind, StoreLocation, locate_named, store_file};

/// Journals with `steps`.
const JOURNAL_SCHEMA: &str = "cavra.restore-journal.v2";
/// Journals of file renames only (`renames`), as earlier versions wrote them.
const JOURNAL_SCHEMA_V1: &str = "cavra.restore-journal.v1";

/// The journal of a restore's steps, written after every copy is staged.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    schema: String,
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JournalV1 {
    renames: Vec<Rename>,
    #[allow(dead_code)]
    schema: String,
}

/// One step, in the order they run.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
enum Step {
    /// A staged copy renamed over its store's file.
    Rename(Rename),
    /// A ledger directory replaced as a whole: `target` moved to `old`,
    /// `staged` (when there is one) moved to `target`, `old` removed.
    ReplaceDir {
        old: PathBuf,
        staged: Option<PathBuf>,
        store: String,
        target: PathBuf,
    },
    /// A single-file ledger removed (restored segments replace it).
    Remove {
        file: String,
        store: String,
        target: PathBuf,
    },
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

impl Step {
    fn store(&self) -> &str {
        match self {
            Step::Rename(r) => &r.store,
            Step::ReplaceDir { store, .. } | Step::Remove { store, .. } => store,
        }
    }
}

/// What a restore hands the journal: each copy staged and complete.
pub(super) enum Pending {
    /// A staged file for `(store, file)`.
    File(String, String, fsio::Staged),
    /// A ledger directory replaced by a staged one, or (`None`) removed.
    Dir(String, PathBuf, Option<StagedDir>),
    /// A single-file ledger `(store, file, path)` removed.
    Remove(String, String, PathBuf),
}

/// Where the journal of a restore into `base` lives (git-ignored).
pub fn journal_path(base: &Path) -> PathBuf {
    base.join(".cavra/.locks/restore-journal.json")
}

/// Journals the steps of `pending` (every copy complete and fsynced), runs
/// them in order, removes the journal.
pub(super) fn apply(base: &Path, pending: Vec<Pending>) -> Result<(), RestoreError> {
    if pending.is_empty() {
        return Ok(());
    }
    // Every copy is complete and durable; from here the restore is
    // finished, by this process or by the next command.
    let mut steps = Vec::new();
    for p in pending {
        steps.push(match p {
            Pending::File(store, file, s) => {
                let (staged, target) = s.keep()?;
                Step::Rename(Rename {
                    file,
                    staged,
                    store,
                    target,
                })
            }
            Pending::Dir(store, target, staged) => Step::ReplaceDir {
                old: replaced_dir(&target),
                staged: staged.map(|s| s.keep().0),
                store,
                target,
            },
            Pending::Remove(store, file, target) => Step::Remove { file, store, target },
        });
    }
    let journal = Journal {
        schema: JOURNAL_SCHEMA.into(),
        steps,
    };
    let path = journal_path(base);
    fsio::atomic_write(&path, &crate::store::to_canonical_pretty(&journal))?;
    let pause = crate::env::var(crate::env::CAVRA_TEST_ONLY_RESTORE_PAUSE_MS)
        .and_then(|v| v.parse::<u64>().ok())
        .map(std::time::Duration::from_millis);
    for (i, step) in journal.steps.iter().enumerate() {
        if i > 0
            && let Some(pause) = pause
        {
            std::thread::sleep(pause);
        }
        run(step)?;
    }
    remove_journal(&path)
}

/// Runs one step; a step already (partly) done is finished, so a journal
/// can be run again after a kill. Returns whether anything changed.
fn run(step: &Step) -> Result<bool, RestoreError> {
    match step {
        Step::Rename(r) => {
            if !present(&r.staged) {
                return Ok(false);
            }
            std::fs::rename(&r.staged, &r.target).map_err(|e| StoreError::io("replace", &r.target, e))?;
            fsio::sync_dir(&fsio::parent_dir(&r.target))?;
            Ok(true)
        }
        Step::ReplaceDir {
            old, staged, target, ..
        } => {
            let parent = fsio::parent_dir(target);
            let mut changed = false;
            let swap_in = staged.as_ref().filter(|s| present(s));
            // Move the live directory aside: before the staged one goes in,
            // or (nothing staged) to remove it.
            if (swap_in.is_some() || staged.is_none()) && present(target) {
                std::fs::rename(target, old).map_err(|e| StoreError::io("move aside", target, e))?;
                changed = true;
            }
            if let Some(s) = swap_in {
                std::fs::rename(s, target).map_err(|e| StoreError::io("replace", target, e))?;
                changed = true;
            }
            if changed {
                fsio::sync_dir(&parent)?;
            }
            if present(old) {
                std::fs::remove_dir_all(old).map_err(|e| StoreError::io("remove", old, e))?;
                fsio::sync_dir(&parent)?;
                changed = true;
            }
            Ok(changed)
        }
        Step::Remove { target, .. } => {
            if !present(target) {
                return Ok(false);
            }
            std::fs::remove_file(target).map_err(|e| StoreError::io("remove", target, e))?;
            fsio::sync_dir(&fsio::parent_dir(target))?;
            Ok(true)
        }
    }
}

fn remove_journal(path: &Path) -> Result<(), RestoreError> {
    std::fs::remove_file(path).map_err(|e| StoreError::io("remove", path, e))?;
    fsio::sync_dir(&fsio::parent_dir(path))?;
    Ok(())
}

/// Finishes a restore into `base` that was killed between its steps: every
/// staged copy is already complete, so the remaining steps run. Returns
/// what it did, for a warning; `None` when there was nothing to do. The
/// journal is input like any other: a step runs only on a store this
/// workspace has (see the module notes), and a staged copy is checked again.
pub fn recover(ws: &Workspace, base: &Path) -> Result<Option<String>, RestoreError> {
    let path = journal_path(base);
    let bad = |reason: String| RestoreError::Journal {
        path: path.clone(),
        reason,
    };
    let Some(bytes) = fsio::read_optional(&path, &path)? else {
        return Ok(None);
    };
    let not_journal = |e: serde_json::Error| bad(format!("not a restore journal: {e}"));
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(not_journal)?;
    let steps = match value["schema"].as_str() {
        Some(JOURNAL_SCHEMA) => serde_json::from_value::<Journal>(value).map_err(not_journal)?.steps,
        Some(JOURNAL_SCHEMA_V1) => serde_json::from_value::<JournalV1>(value)
            .map_err(not_journal)?
            .renames
            .into_iter()
            .map(Step::Rename)
            .collect(),
        other => {
            return Err(bad(format!(
                "schema is {:?}, expected {JOURNAL_SCHEMA:?}",
                other.unwrap_or_default()
            )));
        }
    };
    let places = |store: &str| store_places(ws, base, store);
    let mut step_places = Vec::new();
    for step in &steps {
        let place = check_step(step, &places).map_err(bad)?;
        step_places.push((step.store(), place));
    }
    let mut lock_paths: Vec<&PathBuf> = step_places.iter().map(|(_, p)| p).collect();
    lock_paths.sort();
    lock_paths.dedup();
    let locks = lock_paths
        .iter()
        .map(|p| fsio::lock(p, fsio::lock_timeout()))
        .collect::<Result<Vec<_>, _>>()?;
    if fsio::read_optional(&path, &path)?.as_deref() != Some(&bytes[..]) {
        // The restore was still running (it held the locks) and finished.
        return Ok(None);
    }
    let mut finished: Vec<&str> = Vec::new();
    for step in &steps {
        if run(step)? && !finished.contains(&step.store()) {
            finished.push(step.store());
        }
    }
    remove_journal(&path)?;
    drop(locks);
    // The restore would have rebuilt a restored tenant's derived state
    // next; do it now. Every store of the journal, whether this run or the
    // killed one changed it.
    step_places.dedup();
    let notes = super::refresh_tenants(ws, step_places.iter().map(|(s, p)| (*s, p.as_path())));
    Ok(Some(format!(
        "an earlier `cavra ops restore` into {} was interrupted between its renames; finished it (store(s) changed now: {}){}",
        base.display(),
        if finished.is_empty() {
            "none, nothing was left".to_string()
        } else {
            finished.join(", ")
        },
        notes.iter().map(|n| format!("; {n}")).collect::<String>()
    )))
}

/// Checks one step of a journal against this workspace's stores; returns
/// the store path whose lock it runs under, or why it may not run.
fn check_step(step: &Step, places: &dyn Fn(&str) -> Vec<(PathBuf, &'static StoreDef)>) -> Result<PathBuf, String> {
    let of_store = places;
    let refuse = |target: &Path, store: &str| {
        format!(
            "names {} for store {store}, which is not that store's file here; nothing renamed",
            target.display()
        )
    };
    let checked = |p: &Path| fsio::check_path(p).map_err(|e| e.to_string());
    let place = match step {
        Step::Rename(r) => {
            // The store's own file, by the same per-kind rule a manifest meets.
            let found = of_store(&r.store)
                .into_iter()
                .find(|(place, def)| *place == r.target && store_file(def, place, &r.file).as_ref() == Some(&r.target));
            let prefix = format!(".{}.tmp", r.target.file_name().unwrap_or_default().to_string_lossy());
            let beside = r.staged.parent() == r.target.parent()
                && r.staged
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&prefix));
            let Some((place, def)) = found.filter(|_| beside) else {
                return Err(refuse(&r.target, &r.store));
            };
            checked(&r.target)?;
            checked(&r.staged)?;
            // A staged copy was verified before it was journalled; a journal
            // committed with a copy of its own is checked again.
            if let Some(bytes) = fsio::read_optional(&r.staged, &r.staged).map_err(|e| e.to_string())? {
                let loc = StoreLocation::at(def, r.target.clone(), "restore journal");
                if let Some(p) = crate::ops::stores::verify_copy(&loc, &bytes).first() {
                    return Err(format!(
                        "the staged copy for store {} is not a valid store: {p}",
                        r.store
                    ));
                }
            }
            place
        }
        Step::ReplaceDir {
            old,
            staged,
            store,
            target,
        } => {
            let found = of_store(store)
                .into_iter()
                .find(|(place, def)| def.kind == StoreKind::Ledger && segments::dir_of(place) == *target);
            let own = staged.as_ref().is_none_or(|s| *s == staging_dir(target)) && *old == replaced_dir(target);
            let Some((place, def)) = found.filter(|_| own) else {
                return Err(refuse(target, store));
            };
            for p in [Some(target), Some(old), staged.as_ref()].into_iter().flatten() {
                checked(p)?;
            }
            if let Some(staged) = staged.as_ref().filter(|s| present(s)) {
                let loc = StoreLocation::at(def, place.clone(), "restore journal");
                let problems = staged_problems(&loc, staged).map_err(|e| e.to_string())?;
                if let Some(p) = problems.first() {
                    return Err(format!("the staged copy for store {store} is not a valid store: {p}"));
                }
            }
            place
        }
        Step::Remove { file, store, target } => {
            let found = of_store(store).into_iter().find(|(place, def)| {
                def.kind == StoreKind::Ledger
                    && place == target
                    && store_file(def, place, file).as_ref() == Some(target)
            });
            let Some((place, _)) = found else {
                return Err(refuse(target, store));
            };
            checked(target)?;
            place
        }
    };
    Ok(place.clone())
}

/// Every place store `store` may be restored to: its live path, and its
/// place under `base` (its path in the repository, or `<name>/` for a
/// store kept outside it). A tenant's store (`aispm-events/acme`) resolves
/// like a manifest's entry ([`locate_named`]); any other name has none.
fn store_places(ws: &Workspace, base: &Path, store: &str) -> Vec<(PathBuf, &'static StoreDef)> {
    let Some(loc) = locate_named(store, &ws.root) else {
        return Vec::new();
    };
    let def = loc.def;
    let mut out = vec![(loc.path.clone(), def)];
    match super::in_repository(ws, &loc.path) {
        Some(rel) => {
            out.push((ws.root.join(&rel), def));
            out.push((base.join(rel), def));
        }
        None => out.push((super::outside_place(base, store, &loc.path), def)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let inner = std::fs::read_dir(e.path())
                    .map(|d| {
                        d.map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                    .unwrap_or_default();
                format!("{}:{inner}", e.file_name().to_string_lossy())
            })
            .collect();
        out.sort();
        out
    }

    /// A directory replacement killed at any point finishes when run again.
    #[test]
    fn a_directory_replacement_runs_again_from_any_point() {
        type Setup = fn(&Path);
        let setups: [(&str, Setup); 4] = [
            ("nothing done", |_| {}),
            ("live moved aside", |d| {
                std::fs::rename(d.join("metadata"), d.join(".metadata.replaced")).unwrap();
            }),
            ("staged moved in", |d| {
                std::fs::rename(d.join("metadata"), d.join(".metadata.replaced")).unwrap();
                std::fs::rename(d.join(".metadata.restoring"), d.join("metadata")).unwrap();
            }),
            ("all done", |d| {
                std::fs::rename(d.join("metadata"), d.join(".metadata.replaced")).unwrap();
                std::fs::rename(d.join(".metadata.restoring"), d.join("metadata")).unwrap();
                std::fs::remove_dir_all(d.join(".metadata.replaced")).unwrap();
            }),
        ];
        for (what, setup) in setups {
            let tmp = tempfile::tempdir().unwrap();
            let d = tmp.path();
            std::fs::create_dir_all(d.join("metadata")).unwrap();
            std::fs::write(d.join("metadata/old-3"), "").unwrap();
            std::fs::create_dir_all(d.join(".metadata.restoring")).unwrap();
            std::fs::write(d.join(".metadata.restoring/new-1"), "").unwrap();
            let step = Step::ReplaceDir {
                old: d.join(".metadata.replaced"),
                staged: Some(d.join(".metadata.restoring")),
                store: "evidence-metadata".into(),
                target: d.join("metadata"),
            };
            setup(d);
            run(&step).unwrap();
            assert_eq!(tree(d), ["metadata:new-1"], "{what}");
            assert!(!run(&step).unwrap(), "{what}: a second run changes nothing");
        }
        // Nothing staged: the live directory is removed.
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::create_dir_all(d.join("metadata/2026-01")).unwrap();
        let step = Step::ReplaceDir {
            old: d.join(".metadata.replaced"),
            staged: None,
            store: "evidence-metadata".into(),
            target: d.join("metadata"),
        };
        assert!(run(&step).unwrap());
        assert!(tree(d).is_empty());
        assert!(!run(&step).unwrap());
    }
}
