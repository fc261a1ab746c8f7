//! Where a restore reads its copies from: a backup (its manifest checked,
//! every copy's size and sha256 against it, read without following a
//! symlink) or a git revision (each store as that tree holds it). Both are
//! untrusted input; what a copy may replace is decided elsewhere
//! ([`super::target_of`]).

use std::path::{Component, Path, PathBuf};

use super::RestoreError;
use crate::error::{Problem, StoreError};
use crate::ops::backup::{MANIFEST_SCHEMA, Manifest};
use crate::ops::workspace::Workspace;
use crate::store::registry::{StoreKind, TENANT_FAMILIES, stores, tenant_location};
use crate::store::{fsio, sha256_tagged};

/// One copy to restore, as read and verified from its source.
pub(super) struct Source {
    pub store: String,
    pub kind: String,
    pub file: String,
    pub source_path: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// A relative path made only of normal components; `None` for anything
/// that could leave its base (`..`, an absolute path, a drive prefix).
pub(super) fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    ok.then(|| p.to_path_buf())
}

/// Reads and verifies a backup: its checksum, and every copy's size and
/// sha256, read without following a symlink.
pub(super) fn from_manifest(path: &Path) -> Result<Vec<Source>, RestoreError> {
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
/// not; nor are events `CAVRA_AISPM_DIR` keeps outside it), each AISPM
/// tenant's stores included: a ledger as that tree holds it (its segment directory, else its
/// single file); each copy is verified like a backup's before use.
pub(super) fn from_rev(ws: &Workspace, rev: &str) -> Result<Vec<Source>, RestoreError> {
    use crate::ops::ledger::LedgerAt;
    let repo = crate::git::Repo::discover(&ws.root)?;
    repo.commit(rev)?;
    // The registry's rows, then the stores of every tenant that revision
    // has a directory for (`.cavra/aispm/tenants/<tenant>/`).
    let tenants_dir = Path::new(".cavra/aispm/tenants");
    let mut tenants: Vec<String> = repo
        .files_under(crate::git::tree::Source::Rev(rev), tenants_dir)?
        .into_iter()
        .filter_map(|(name, _)| Some(name.split_once('/')?.0.to_string()))
        .filter(|t| crate::model::aispm::is_tenant_id(t))
        .collect();
    tenants.dedup();
    let named = stores()
        .into_iter()
        .map(|def| (def.name.to_string(), ws.locate(def)))
        .chain(tenants.iter().flat_map(|t| {
            TENANT_FAMILIES
                .iter()
                .map(move |def| (format!("{}/{t}", def.name), tenant_location(def, &ws.root, t)))
        }));
    let mut items = Vec::new();
    for (name, loc) in named.filter(|(_, l)| l.def.kind != StoreKind::Sqlite) {
        let def = loc.def;
        let Some(rel) = repo.relative(&loc.path) else { continue };
        let own = rel.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let files = match def.kind {
            StoreKind::Ledger => match LedgerAt::read(&repo, &rel, crate::git::tree::Source::Rev(rev))? {
                LedgerAt::Absent => Vec::new(),
                LedgerAt::Single(bytes) => vec![(own, bytes)],
                LedgerAt::Segmented(files) => files,
            },
            _ => repo.read_at(rev, &rel)?.map(|b| (own, b)).into_iter().collect(),
        };
        for (file, bytes) in files {
            items.push(Source {
                store: name.clone(),
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
