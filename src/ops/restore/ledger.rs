//! Restoring a segmented ledger: the whole directory, as one unit.
//!
//! A ledger's segments, seals and checkpoint only verify together, so a
//! restore never writes them one at a time into the live directory: every
//! file is written (and fsynced) into a staging directory beside it,
//! `.<dir>.restoring`, and the journal then replaces the live directory
//! with it (live → `.<dir>.replaced`, staging → live, the replaced one
//! removed). Segments the live ledger has but the backup does not go with
//! the replaced directory; a single-file ledger (before migration) beside
//! it is removed after. Restoring a single-file backup removes the live
//! directory the same way. A staging directory is removed when staging
//! fails (a full disk), and a stale one (a restore killed while staging) is
//! removed by the next restore, under the store's lock.

use std::path::{Path, PathBuf};

use crate::error::{Problem, StoreError};
use crate::store::fsio;
use crate::store::ledger::{checkpoint, segments};
use crate::store::registry::StoreLocation;

/// Where the files of a ledger directory `dir` are staged.
pub(super) fn staging_dir(dir: &Path) -> PathBuf {
    sibling(dir, "restoring")
}

/// Where the live directory `dir` is moved while it is replaced.
pub(super) fn replaced_dir(dir: &Path) -> PathBuf {
    sibling(dir, "replaced")
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    dir.with_file_name(format!(".{name}.{what}"))
}

/// Whether anything (a file, a directory, a symlink) is at `path`.
pub(super) fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// A staged ledger directory, complete and fsynced; removed on drop unless kept.
#[derive(Debug)]
pub(super) struct StagedDir {
    path: PathBuf,
    target: PathBuf,
    kept: bool,
}

impl StagedDir {
    /// Keeps the staged directory (for the journal): (staged, target).
    pub fn keep(mut self) -> (PathBuf, PathBuf) {
        self.kept = true;
        (self.path.clone(), self.target.clone())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Writes `files` (named relative to the ledger directory `dir`) into its
/// staging directory, each fsynced, then the directories. The caller holds
/// the store's lock and has checked every name against the registry.
pub(super) fn stage(dir: &Path, files: &[(&str, &[u8])]) -> Result<StagedDir, StoreError> {
    let staging = staging_dir(dir);
    let replaced = replaced_dir(dir);
    for stale in [&staging, &replaced] {
        fsio::check_path(stale)?;
        if present(stale) {
            std::fs::remove_dir_all(stale).map_err(|e| StoreError::io("remove", stale, e))?;
        }
    }
    let parent = fsio::parent_dir(dir);
    fsio::check_path(&parent)?;
    std::fs::create_dir_all(&parent).map_err(|e| StoreError::io("create", &parent, e))?;
    std::fs::create_dir(&staging).map_err(|e| StoreError::io("create", &staging, e))?;
    let staged = StagedDir {
        path: staging.clone(),
        target: dir.to_path_buf(),
        kept: false,
    };
    let mut months = Vec::new();
    for (name, bytes) in files {
        let path = staging.join(name);
        fsio::atomic_write(&path, bytes)?;
        months.push(fsio::parent_dir(&path));
    }
    months.sort();
    months.dedup();
    for d in months.iter().chain([&staging, &parent]) {
        fsio::sync_dir(d)?;
    }
    Ok(staged)
}

/// The files now in the live ledger directory `dir` (segments, checkpoint,
/// anything else there): what a restore of the whole ledger replaces.
/// Fails when the directory is reached through a symlink.
pub(super) fn live_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let (names, strays) = segments::names(dir)?;
    let checkpoint = Some(checkpoint::NAME.to_string()).filter(|_| present(&dir.join(checkpoint::NAME)));
    let mut out: Vec<PathBuf> = names
        .into_iter()
        .chain(strays)
        .chain(checkpoint)
        .map(|n| dir.join(n))
        .collect();
    out.sort();
    Ok(out)
}

/// Problems of a staged ledger directory a journal names (read without
/// following a symlink), checked as the ledger at `loc`.
pub(super) fn staged_problems(loc: &StoreLocation, staged: &Path) -> Result<Vec<Problem>, StoreError> {
    let files = segments::read_dir_files(staged)?;
    if files.is_empty() {
        return Ok(vec![Problem::new(staged, "holds no ledger files")]);
    }
    Ok(crate::ops::stores::verify_files(loc, &files))
}
