//! `cavra ops restore`: put stores back from a backup manifest or a git
//! revision.
//!
//! Backups are committed, so a pull request can carry a manifest: restore
//! treats it as untrusted input. A copy is written only to its store's own
//! registry location (or `--target-dir/<its path in the repository>`), never
//! to a path the manifest chooses: `source_path` must be that location, and
//! `file` one the store's kind allows ([`crate::store::registry::store_file`]).
//! A store kept outside the repository restores into `--target-dir` under
//! its name, or to its live path only with `--to-live-path`.
//!
//! All or nothing: the manifest's checksum, every copy's size and sha256,
//! every copy's content (it must open as a valid store of its kind,
//! [`super::stores::verify_copy`]) and every target (no symlink on the way,
//! `--overwrite` for files that differ) are checked under the stores' locks
//! before anything is written. Then every file is staged (written and
//! fsynced beside its target), a journal of the renames is written, and the
//! renames run. A restore killed between renames is finished by the next
//! cavra command ([`recover`]), which says so. `--dry-run` never fails
//! because files differ: it reports which would need `--overwrite`. Nothing
//! restores by itself: this is for an operator.

pub use journal::{journal_path, recover};

mod journal;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::backup::{MANIFEST_SCHEMA, Manifest};
use super::workspace::Workspace;
use crate::error::{Problem, StoreError};
use crate::git::GitError;
use crate::store::registry::{StoreDef, StoreKind, StoreLocation, store_file, stores};
use crate::store::{fsio, sha256_tagged};

/// What a restore can fail with. Nothing was written when it fails, except
/// for [`RestoreError::ReadBack`] (the disk did not keep what was written).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("give a MANIFEST or --from-rev REV (one of them)")]
    Usage,
    #[error("{}: {reason}", path.display())]
    Manifest { path: PathBuf, reason: String },
    #[error("nothing restored: {} problem(s)", problems.len())]
    Refused { problems: Vec<Problem> },
    #[error("nothing restored: {} file(s) exist and differ from the backup", problems.len())]
    Conflicts { problems: Vec<Problem> },
    #[error("restored files do not read back as written")]
    ReadBack,
    #[error("restore journal {}: {reason}", path.display())]
    Journal { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
}

/// Where to restore from, and how.
#[derive(Debug, Clone, Default)]
pub struct RestoreOptions {
    pub manifest: Option<PathBuf>,
    pub from_rev: Option<String>,
    pub target_dir: Option<PathBuf>,
    pub overwrite: bool,
    pub dry_run: bool,
    pub verify: bool,
    /// Restore stores kept outside the repository to their live paths.
    pub to_live_path: bool,
}

/// `cavra.persistent_api.restore.v1`.
#[derive(Debug, Serialize)]
pub struct RestoreOutcome {
    pub schema: &'static str,
    pub source: String,
    pub target_dir: String,
    pub dry_run: bool,
    pub files: Vec<RestoredFile>,
    /// Files that differ and would need `--overwrite` (dry runs).
    pub needs_overwrite: Vec<String>,
    /// A restore an earlier command left half done, finished first.
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RestoredFile {
    pub store: String,
    pub target: String,
    /// `create`, `replace` or `unchanged`.
    pub action: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub verified: Option<bool>,
}

/// One copy to restore, as read and verified from its source.
struct Source {
    store: String,
    kind: String,
    file: String,
    source_path: String,
    bytes: Vec<u8>,
    sha256: String,
}

struct Planned {
    store: String,
    file: String,
    target: PathBuf,
    display: String,
    bytes: Vec<u8>,
    sha256: String,
    action: &'static str,
}

/// Restores per `opts` into `ws` (or `--target-dir`).
pub fn restore(ws: &Workspace, opts: &RestoreOptions) -> Result<RestoreOutcome, RestoreError> {
    let base = opts.target_dir.clone().unwrap_or_else(|| ws.root.clone());
    let (source, items) = match (&opts.manifest, &opts.from_rev) {
        (Some(manifest), None) => (manifest.display().to_string(), from_manifest(manifest)?),
        (None, Some(rev)) => (format!("git revision {rev}"), from_rev(ws, rev)?),
        _ => return Err(RestoreError::Usage),
    };
    let mut warnings = Vec::new();
    if !opts.dry_run
        && let Some(done) = recover(ws, &base)?
    {
        warnings.push(done);
    }
    let mut problems = Vec::new();
    let mut targets: Vec<(Source, PathBuf, String)> = Vec::new();
    for item in items {
        match target_of(ws, opts, &base, Path::new(&source), &item) {
            Ok(_)
                if targets
                    .iter()
                    .any(|(t, _, _)| t.store == item.store && t.file == item.file) =>
            {
                problems.push(
                    Problem::new(Path::new(&source), format!("store {} is listed twice", item.store))
                        .record(item.store.clone()),
                );
            }
            Ok((loc, target, display)) => {
                problems.extend(super::stores::verify_copy(&loc, &item.bytes));
                targets.push((item, target, display));
            }
            Err(p) => problems.push(*p),
        }
    }
    if !problems.is_empty() {
        return Err(RestoreError::Refused { problems });
    }
    // Plan, check and write under every target's lock, taken in one order.
    let mut locks = Vec::new();
    if !opts.dry_run {
        let mut paths: Vec<&PathBuf> = targets.iter().map(|(_, t, _)| t).collect();
        paths.sort();
        for path in paths {
            locks.push(fsio::lock(path, fsio::lock_timeout())?);
        }
    }
    let mut conflicts = Vec::new();
    let mut plan = Vec::new();
    for (item, target, display) in targets {
        let action = match action(&item, &target) {
            Ok(Some(a)) => a,
            Ok(None) if opts.overwrite || opts.dry_run => "replace",
            Ok(None) => {
                conflicts.push(
                    Problem::new(&target, "exists and differs from the backup")
                        .record(item.store.clone())
                        .hint("re-run with --dry-run to see the plan, then with --overwrite to replace existing files"),
                );
                continue;
            }
            Err(p) => {
                problems.push((*p).record(item.store.clone()));
                continue;
            }
        };
        plan.push(Planned {
            store: item.store,
            file: item.file,
            target,
            display,
            bytes: item.bytes,
            sha256: item.sha256,
            action,
        });
    }
    if !problems.is_empty() {
        return Err(RestoreError::Refused { problems });
    }
    if !conflicts.is_empty() {
        return Err(RestoreError::Conflicts { problems: conflicts });
    }
    let needs_overwrite = if opts.overwrite {
        Vec::new()
    } else {
        plan.iter()
            .filter(|p| p.action == "replace")
            .map(|p| p.display.clone())
            .collect()
    };
    if !opts.dry_run {
        let mut staged = Vec::new();
        for p in plan.iter().filter(|p| p.action != "unchanged") {
            staged.push((p.store.clone(), p.file.clone(), fsio::stage(&p.target, &p.bytes)?));
        }
        journal::apply(&base, staged)?;
    }
    drop(locks);
    let mut files = Vec::new();
    for p in plan {
        let verified = (opts.verify && !opts.dry_run).then(|| {
            std::fs::read(&p.target)
                .map(|b| sha256_tagged(&b) == p.sha256)
                .unwrap_or(false)
        });
        files.push(RestoredFile {
            store: p.store,
            target: p.display,
            action: p.action.into(),
            size_bytes: p.bytes.len() as u64,
            sha256: p.sha256,
            verified,
        });
    }
    if files.iter().any(|f| f.verified == Some(false)) {
        return Err(RestoreError::ReadBack);
    }
    Ok(RestoreOutcome {
        schema: "cavra.persistent_api.restore.v1",
        source,
        target_dir: base.display().to_string(),
        dry_run: opts.dry_run,
        files,
        needs_overwrite,
        warnings,
    })
}

/// The one place a copy may go: its store's own location in this
/// environment, under `base` when restoring elsewhere. Anything else is a
/// problem naming the store and the path the entry tried; `origin` (the
/// manifest) is the file the problem is in.
fn target_of(
    ws: &Workspace,
    opts: &RestoreOptions,
    base: &Path,
    origin: &Path,
    item: &Source,
) -> Result<(StoreLocation, PathBuf, String), Box<Problem>> {
    let refuse = |field: &str, message: String| {
        Box::new(
            Problem::new(origin, message)
                .record(item.store.clone())
                .field(field.to_string()),
        )
    };
    let Some(def) = stores().into_iter().find(|d| d.name == item.store) else {
        return Err(refuse("name", format!("unknown store {:?}", item.store)));
    };
    if def.kind.as_str() != item.kind {
        return Err(refuse(
            "kind",
            format!(
                "store {} is a {} copy, but this environment keeps it as {}{}",
                def.name,
                item.kind,
                def.kind.as_str(),
                env_hint(def)
            ),
        ));
    }
    let loc = ws.locate(def);
    let own = loc.display.display().to_string();
    if item.source_path != own {
        return Err(refuse(
            "source_path",
            format!(
                "store {} may only be restored to its own path {own}, not to {:?}",
                def.name, item.source_path
            ),
        ));
    }
    let inside = in_repository(ws, &loc.path);
    let store_path = match (&opts.target_dir, inside) {
        (Some(dir), Some(rel)) => dir.join(rel),
        (Some(dir), None) => outside_place(dir, def, &loc.path),
        (None, Some(rel)) => ws.root.join(rel),
        (None, None) if opts.to_live_path => loc.path.clone(),
        (None, None) => {
            return Err(refuse(
                "source_path",
                format!(
                    "store {} is kept outside the repository at {own}: restore it with --target-dir DIR (to DIR/{}/), or to its live path with --to-live-path",
                    def.name, def.name
                ),
            ));
        }
    };
    let Some(target) = safe_relative(&item.file).and_then(|_| store_file(def, &store_path, &item.file)) else {
        return Err(refuse(
            "file",
            format!(
                "store {} has no file {:?} (it may only write {})",
                def.name,
                item.file,
                store_path.display()
            ),
        ));
    };
    let display = target
        .strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| target.clone())
        .display()
        .to_string();
    let loc = StoreLocation::at(def, target.clone(), &loc.configured_by);
    let loc = StoreLocation {
        display: PathBuf::from(&display),
        ..loc
    };
    Ok((loc, target, display))
}

fn env_hint(def: &StoreDef) -> String {
    match def.kind {
        StoreKind::Sqlite => format!(" (unset {} to restore the file copy)", def.env.unwrap_or_default()),
        _ => crate::store::registry::DATABASE_ROWS
            .iter()
            .find(|db| db.name == def.name)
            .and_then(|db| db.env)
            .map(|env| format!(" (set {env} to restore the database copy)"))
            .unwrap_or_default(),
    }
}

/// `create`, `unchanged`, or `None` when the target exists and differs. A
/// symlink or a non-file at the target (or on the way) is a problem.
fn action(item: &Source, target: &Path) -> Result<Option<&'static str>, Box<Problem>> {
    let problem = |message: String| Box::new(Problem::new(target, message));
    fsio::check_path(target).map_err(|e| problem(e.to_string()))?;
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Some("create")),
        Err(e) => return Err(problem(format!("cannot read: {e}"))),
        Ok(meta) => meta,
    };
    if !meta.is_file() {
        return Err(problem("is not a regular file; refusing to replace it".into()));
    }
    if item.kind == StoreKind::Sqlite.as_str() {
        // SQLite would replay a journal left beside the old file onto the new one.
        for suffix in ["-journal", "-wal"] {
            let mut side = target.as_os_str().to_owned();
            side.push(suffix);
            if Path::new(&side).exists() {
                return Err(problem(format!(
                    "has a {suffix} file beside it (a writer was interrupted): run `cavra integration list` once so SQLite recovers it, then restore"
                )));
            }
        }
    }
    let same = if item.kind == StoreKind::Sqlite.as_str() {
        // Same rows, whatever the pages: an unchanged database is a no-op.
        let display = Path::new(&item.source_path);
        match (
            crate::store::sqlite::canonical_rows(target),
            crate::store::sqlite::canonical_rows_of_image(&item.bytes, display),
        ) {
            (Ok(live), Ok(copy)) => live == copy,
            _ => false,
        }
    } else {
        std::fs::read(target).map_err(|e| problem(format!("cannot read: {e}")))? == item.bytes
    };
    Ok(same.then_some("unchanged"))
}

/// Where a store kept outside the repository at `path` goes under `dir`:
/// `dir/<store>/<its file name>`.
fn outside_place(dir: &Path, def: &StoreDef, path: &Path) -> PathBuf {
    dir.join(def.name).join(path.file_name().unwrap_or_default())
}

/// `path` relative to the repository root when it lies inside it (a
/// relative path is relative to the working directory, like every path).
fn in_repository(ws: &Workspace, path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let rel = absolute.strip_prefix(&ws.root).ok()?;
    // `root/../x` is lexically under the root but outside it.
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| rel.to_path_buf())
}

/// A relative path made only of normal components; `None` for anything
/// that could leave its base (`..`, an absolute path, a drive prefix).
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    ok.then(|| p.to_path_buf())
}

/// Reads and verifies a backup: its checksum, and every copy's size and
/// sha256, read without following a symlink.
fn from_manifest(path: &Path) -> Result<Vec<Source>, RestoreError> {
    let bad = |reason: String| RestoreError::Manifest {
        path: path.to_path_buf(),
        reason,
    };
    let text = crate::store::fsio::read_input(path).map_err(|e| StoreError::io("read", path, e))?;
    let manifest: Manifest =
        serde_json::from_slice(&text).map_err(|e| bad(format!("is not a backup manifest: {e}")))?;
    if manifest.schema != MANIFEST_SCHEMA {
        return Err(bad(format!(
            "schema is {:?}, expected {MANIFEST_SCHEMA:?}",
            manifest.schema
        )));
    }
    if manifest.compute_checksum() != manifest.checksum {
        return Err(bad("the manifest's checksum does not match its contents".into()));
    }
    let base = fsio::parent_dir(path)
        .canonicalize()
        .map_err(|e| StoreError::io("resolve", path, e))?;
    let mut problems = Vec::new();
    let mut items = Vec::new();
    for entry in &manifest.stores {
        let fail = |m: String| Problem::new(path, m).record(entry.name.clone()).field("backup_path");
        let Some(rel) = safe_relative(&entry.backup_path) else {
            problems.push(fail(format!("{:?} leaves the backup folder", entry.backup_path)));
            continue;
        };
        // No component of the copy's path may be a symlink.
        let mut walk = base.clone();
        let mut linked = false;
        for c in rel.components() {
            walk.push(c);
            if std::fs::symlink_metadata(&walk).is_ok_and(|m| m.file_type().is_symlink()) {
                linked = true;
            }
        }
        if linked {
            problems.push(fail(format!("{:?} goes through a symlink", entry.backup_path)));
            continue;
        }
        let full = base.join(&rel);
        let bytes = match std::fs::read(&full) {
            Ok(b) => b,
            Err(e) => {
                problems.push(fail(format!("cannot read {}: {e}", full.display())));
                continue;
            }
        };
        let sha = sha256_tagged(&bytes);
        if bytes.len() as u64 != entry.size_bytes || sha != entry.sha256 {
            problems.push(fail(format!(
                "{} does not match the manifest (size or sha256): it was changed or damaged",
                entry.backup_path
            )));
            continue;
        }
        items.push(Source {
            store: entry.name.clone(),
            kind: entry.kind.clone(),
            file: entry.file.clone(),
            source_path: entry.source_path.clone(),
            bytes,
            sha256: sha,
        });
    }
    if !problems.is_empty() {
        return Err(RestoreError::Refused { problems });
    }
    Ok(items)
}

/// Reads every store kept in git at a revision (the SQLite inventory is
/// not); each copy is verified like a backup's before use.
fn from_rev(ws: &Workspace, rev: &str) -> Result<Vec<Source>, RestoreError> {
    let repo = crate::git::Repo::discover(&ws.root)?;
    repo.commit(rev)?;
    let mut items = Vec::new();
    for def in stores().into_iter().filter(|d| d.kind != StoreKind::Sqlite) {
        let loc = ws.locate(def);
        let Some(rel) = repo.relative(&loc.path) else { continue };
        for (file, path) in crate::store::registry::store_files(def, &loc.path) {
            let Some(rel) = repo.relative(&path).or_else(|| Some(rel.clone())) else {
                continue;
            };
            let Some(bytes) = repo.read_at(rev, &rel)? else {
                continue;
            };
            items.push(Source {
                store: def.name.to_string(),
                kind: def.kind.as_str().to_string(),
                file,
                source_path: loc.display.display().to_string(),
                sha256: sha256_tagged(&bytes),
                bytes,
            });
        }
    }
    Ok(items)
}
