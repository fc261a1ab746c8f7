//! `cavra ops restore`: put stores back from a backup manifest or a git
//! revision.
//!
//! All or nothing: the manifest's own checksum and every copy's size and
//! sha256 are verified, and every path is checked, before the first byte is
//! written. No path may leave the backup folder or the target (no `..`, no
//! absolute path, no symlink); an existing file is replaced only with
//! `--overwrite`; `--dry-run` shows the plan; `--verify` re-reads what was
//! written. Nothing restores by itself: this is for an operator.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::backup::{MANIFEST_SCHEMA, Manifest};
use super::workspace::Workspace;
use crate::error::{CliError, ExitCode, Problem};
use crate::store::registry::STORES;
use crate::store::{fsio, sha256_tagged};

/// Where to restore from, and how.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    pub manifest: Option<PathBuf>,
    pub from_rev: Option<String>,
    pub target_dir: Option<PathBuf>,
    pub overwrite: bool,
    pub dry_run: bool,
    pub verify: bool,
}

/// `cavra.persistent_api.restore.v1`.
#[derive(Debug, Serialize)]
pub struct RestoreOutcome {
    pub schema: &'static str,
    pub source: String,
    pub target_dir: String,
    pub dry_run: bool,
    pub files: Vec<RestoredFile>,
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

struct Planned {
    store: String,
    target: PathBuf,
    display: String,
    bytes: Vec<u8>,
    sha256: String,
    action: &'static str,
}

/// One store's bytes to restore: where they go (relative to the target
/// directory) and their digest, computed once when they were read.
struct Source {
    store: String,
    rel: String,
    bytes: Vec<u8>,
    sha256: String,
}

/// Restores per `opts` into `ws` (or `--target-dir`).
pub fn restore(ws: &Workspace, opts: &RestoreOptions) -> Result<RestoreOutcome, CliError> {
    let target_dir = opts.target_dir.clone().unwrap_or_else(|| ws.root.clone());
    let (source, items) = match (&opts.manifest, &opts.from_rev) {
        (Some(manifest), None) => (manifest.display().to_string(), from_manifest(manifest)?),
        (None, Some(rev)) => (format!("git revision {rev}"), from_rev(ws, rev)?),
        _ => return Err(CliError::usage("give a MANIFEST or --from-rev REV (one of them)")),
    };
    let mut problems = Vec::new();
    let mut conflicts = 0;
    let mut plan = Vec::new();
    for Source {
        store,
        rel,
        bytes,
        sha256,
    } in items
    {
        let Some(rel) = safe_relative(&rel) else {
            problems.push(
                Problem::new(
                    Path::new(&source),
                    format!("target path {rel:?} leaves the target directory"),
                )
                .record(store)
                .field("source_path"),
            );
            continue;
        };
        let target = target_dir.join(&rel);
        let action = match std::fs::symlink_metadata(&target) {
            Err(_) => "create",
            Ok(meta) if meta.file_type().is_symlink() || !meta.is_file() => {
                problems.push(
                    Problem::new(
                        &target,
                        "is a symlink or not a regular file; refusing to write through it",
                    )
                    .record(store),
                );
                continue;
            }
            Ok(_) if std::fs::read(&target).map(|b| b == bytes).unwrap_or(false) => "unchanged",
            Ok(_) if opts.overwrite => "replace",
            Ok(_) => {
                conflicts += 1;
                problems.push(
                    Problem::new(&target, "exists and differs from the backup")
                        .record(store)
                        .hint("re-run with --overwrite to replace existing files (or --dry-run to see the plan)"),
                );
                continue;
            }
        };
        plan.push(Planned {
            store,
            display: rel.display().to_string(),
            target,
            bytes,
            sha256,
            action,
        });
    }
    if !problems.is_empty() {
        let conflict = conflicts == problems.len();
        let mut err = CliError::new(
            if conflict { ExitCode::Conflict } else { ExitCode::Data },
            format!("nothing restored: {} problem(s)", problems.len()),
        );
        for p in &problems {
            err = err.cause(p.to_string());
        }
        for h in problems
            .iter()
            .filter_map(|p| p.hint.clone())
            .collect::<std::collections::BTreeSet<_>>()
        {
            err = err.hint(h);
        }
        return Err(err);
    }
    let mut files = Vec::new();
    for p in &plan {
        if !opts.dry_run && p.action != "unchanged" {
            let _lock = fsio::lock(&p.target, fsio::lock_timeout())?;
            fsio::atomic_write(&p.target, &p.bytes)?;
        }
        let verified = (opts.verify && !opts.dry_run).then(|| {
            std::fs::read(&p.target)
                .map(|b| sha256_tagged(&b) == p.sha256)
                .unwrap_or(false)
        });
        files.push(RestoredFile {
            store: p.store.clone(),
            target: p.display.clone(),
            action: p.action.into(),
            size_bytes: p.bytes.len() as u64,
            sha256: p.sha256.clone(),
            verified,
        });
    }
    if files.iter().any(|f| f.verified == Some(false)) {
        return Err(CliError::data("restored files do not read back as written")
            .hint("check the disk; the backup itself verified"));
    }
    Ok(RestoreOutcome {
        schema: "cavra.persistent_api.restore.v1",
        source,
        target_dir: target_dir.display().to_string(),
        dry_run: opts.dry_run,
        files,
    })
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

/// Reads and verifies a backup: (store, source path, bytes) per copy.
fn from_manifest(path: &Path) -> Result<Vec<Source>, CliError> {
    let text = crate::store::fsio::read_input(path).map_err(|e| CliError::io(path, "read", &e))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| CliError::data(format!("{} is not a backup manifest: {e}", path.display())))?;
    if manifest.schema != MANIFEST_SCHEMA {
        return Err(CliError::data(format!(
            "{}: schema is {:?}, expected {MANIFEST_SCHEMA:?}",
            path.display(),
            manifest.schema
        )));
    }
    if manifest.compute_checksum() != manifest.checksum {
        return Err(CliError::data(format!(
            "{}: the manifest's checksum does not match its contents",
            path.display()
        ))
        .hint("the manifest was edited or damaged; restore from another backup"));
    }
    let base = fsio::parent_dir(path)
        .canonicalize()
        .map_err(|e| CliError::io(path, "resolve", &e))?;
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
        if crate::store::registry::find(&entry.name).is_none() {
            problems.push(
                Problem::new(path, format!("unknown store {:?}", entry.name))
                    .record(entry.name.clone())
                    .field("name"),
            );
            continue;
        }
        items.push(Source {
            store: entry.name.clone(),
            rel: entry.source_path.clone(),
            bytes,
            sha256: sha,
        });
    }
    if !problems.is_empty() {
        let mut err = CliError::data(format!(
            "nothing restored: the backup does not verify ({} problem(s))",
            problems.len()
        ));
        for p in &problems {
            err = err.cause(p.to_string());
        }
        return Err(err);
    }
    Ok(items)
}

/// Reads every store at a git revision, each validated before use.
fn from_rev(ws: &Workspace, rev: &str) -> Result<Vec<Source>, CliError> {
    let repo = crate::git::Repo::discover(&ws.root)?;
    repo.commit(rev)?;
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for def in STORES {
        let loc = ws.locate(def);
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let Some(bytes) = repo.read_at(rev, &rel)? else {
            continue;
        };
        let found = super::stores::inspect_bytes(&loc, &bytes);
        problems.extend(found.problems);
        let target = loc.path.strip_prefix(&ws.root).map(Path::to_path_buf).unwrap_or(rel);
        items.push(Source {
            store: def.name.to_string(),
            rel: target.display().to_string(),
            sha256: sha256_tagged(&bytes),
            bytes,
        });
    }
    if !problems.is_empty() {
        let mut err = CliError::data(format!("nothing restored: the stores at {rev} do not validate"));
        for p in &problems {
            err = err.cause(p.to_string());
        }
        return Err(err);
    }
    Ok(items)
}
