//! `cavra ops backup`: copy every store with a checksummed manifest.
//!
//! The manifest (`cavra.persistent_api.backup.v1`) names each store, where
//! it came from, where its copy is, its size and sha256, the git commit and
//! dirty flag, the cavra version and the time, and carries its own checksum.
//! Under `CAVRA_NOW` the same stores give the same bytes, so a backup can be
//! committed and diffed. Each store is copied under its lock (a consistent
//! state: tables are replaced atomically, ledgers only grow; a segmented
//! ledger's segments and checkpoint are copied under one hold of its lock)
//! and hashed while it is copied, in one pass. The SQLite inventory is
//! copied with SQLite's online backup API, never as a file that may be
//! mid-write.
//!
//! The stores are the registry's rows as this environment selects them
//! (the SQLite row under `CAVRA_INTEGRATION_DB`, the first CAVRA's
//! `external` stores), then every AISPM tenant's stores, each named
//! `<family>/<tenant>` (`aispm-events/acme`, also when `CAVRA_AISPM_DIR`
//! keeps the events outside the repository). Each entry names its store and
//! the file relative to the store (`file`: the store's own file name, or
//! for a segmented ledger `YYYY-MM/NNNNNN.jsonl`, `checkpoint` or `pruned`
//! in its directory, one entry per file under `stores/<name>/`, so
//! `stores/aispm-events/acme/…` for a tenant); `source_path` records where
//! it was, for people: a restore writes only to the store's own location.
//! A tenant's posture projection and dedupe index are derived from its
//! event ledger and are not copied.

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::git::GitError;
use crate::store::registry::{StoreKind, all_locations, store_files};
use crate::store::{fsio, sha256_tagged, tagged};

/// What a backup can fail with.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
}

impl crate::error::Diagnostic for BackupError {
    fn wrapped(&self) -> Option<&dyn crate::error::Diagnostic> {
        match self {
            BackupError::Git(e) => Some(e),
            BackupError::Store(e) => Some(e),
        }
    }
}

pub const MANIFEST_SCHEMA: &str = "cavra.persistent_api.backup.v1";
pub const MANIFEST_FILE: &str = "manifest.json";

/// The backup manifest. Fields in alphabetical order (canonical JSON).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub cavra_version: String,
    /// sha256 over the canonical compact JSON of the manifest without this field.
    pub checksum: String,
    pub created_at: String,
    pub git: GitState,
    pub schema: String,
    pub stores: Vec<Entry>,
}

/// The repository state the backup was taken from.
pub use crate::git::HeadState as GitState;

/// One copied store.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Path of the copy, relative to the manifest's directory.
    pub backup_path: String,
    /// The file within its store (the store's own file name for a
    /// single-file store); restore accepts only what the store's kind allows.
    pub file: String,
    pub kind: String,
    pub name: String,
    pub sha256: String,
    pub size_bytes: u64,
    /// Where the store lives, relative to the repository root (or absolute
    /// when an environment variable put it outside).
    pub source_path: String,
}

impl Manifest {
    /// The checksum this manifest should carry.
    pub fn compute_checksum(&self) -> String {
        let mut value = serde_json::to_value(self).expect("manifests serialize");
        value.as_object_mut().expect("an object").remove("checksum");
        sha256_tagged(serde_json::to_string(&value).expect("values serialize").as_bytes())
    }
}

/// Copies every existing store of `ws` into `output` and writes the manifest.
pub fn backup(ws: &Workspace, output: &Path, now: &str) -> Result<Manifest, BackupError> {
    let stores_dir = output.join("stores");
    std::fs::create_dir_all(&stores_dir).map_err(|e| StoreError::io("create", &stores_dir, e))?;
    let mut entries = Vec::new();
    for (name, loc) in all_locations(&ws.root) {
        let def = loc.def;
        fsio::check_path(&loc.path)?;
        if store_files(def, &loc.path)?.iter().all(|(_, path)| !path.exists()) {
            continue;
        }
        // One lock per store, held while its files are listed and copied:
        // a segmented ledger is copied as one state (segments, seals and
        // checkpoint agree), never across a rotation.
        let _lock = match def.kind {
            StoreKind::Sqlite => None,
            _ => Some(fsio::lock(&loc.path, fsio::lock_timeout())?),
        };
        let files = store_files(def, &loc.path)?;
        // A one-file store is copied to `stores/<name>.<ext>`; the files of
        // a store made of several go under `stores/<name>/`. A tenant
        // store's name (`aispm-events/acme`) is a family and a tenant id
        // (lowercase letters, digits, `-`): one more plain directory level.
        let single = matches!(&files[..], [(_, path)] if *path == loc.path);
        for (file, path) in files {
            if !path.exists() {
                continue;
            }
            let ext = match def.kind {
                StoreKind::Sqlite => "sqlite".to_string(),
                _ => path
                    .extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "data".into()),
            };
            let rel = if single {
                format!("stores/{name}.{ext}")
            } else {
                format!("stores/{name}/{file}")
            };
            let (size, sha) = if def.kind == StoreKind::Sqlite {
                copy_sqlite(&path, &output.join(&rel))?
            } else {
                copy_hashing(&path, &output.join(&rel))?
            };
            entries.push(Entry {
                backup_path: rel,
                file,
                kind: def.kind.as_str().into(),
                name: name.clone(),
                sha256: sha,
                size_bytes: size,
                source_path: loc.display.display().to_string(),
            });
        }
    }
    let git = match crate::git::Repo::discover(&ws.root) {
        Ok(repo) => repo.head_state()?,
        Err(_) => GitState::default(),
    };
    let mut manifest = Manifest {
        cavra_version: env!("CARGO_PKG_VERSION").into(),
        checksum: String::new(),
        created_at: now.into(),
        git,
        schema: MANIFEST_SCHEMA.into(),
        stores: entries,
    };
    manifest.checksum = manifest.compute_checksum();
    fsio::atomic_write(
        &output.join(MANIFEST_FILE),
        &crate::store::to_canonical_pretty(&manifest),
    )?;
    Ok(manifest)
}

/// Copies `from` to `to` (atomically, durably), hashing on the way.
fn copy_hashing(from: &Path, to: &Path) -> Result<(u64, String), StoreError> {
    fsio::check_path(from)?;
    let mut src = std::fs::File::open(from).map_err(|e| StoreError::io("read", from, e))?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    fsio::atomic_write_with(to, |w: &mut dyn Write| {
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = src.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            hasher.update(&buf[..n]);
            w.write_all(&buf[..n])?;
            size += n as u64;
        }
    })?;
    Ok((size, tagged(&hasher)))
}

/// Copies a live SQLite database with the online backup API.
fn copy_sqlite(db: &Path, to: &Path) -> Result<(u64, String), StoreError> {
    let sq = |e: rusqlite::Error| StoreError::sqlite(db, e);
    let src = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sq)?;
    src.busy_timeout(fsio::lock_timeout()).map_err(sq)?;
    let dir = fsio::parent_dir(to);
    let tmp = tempfile::Builder::new()
        .prefix(".sqlite-backup")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(&dir)
        .map_err(|e| StoreError::io("create a temporary file in", &dir, e))?;
    {
        let mut dst = rusqlite::Connection::open(tmp.path()).map_err(sq)?;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst).map_err(sq)?;
        backup
            .run_to_completion(256, std::time::Duration::from_millis(5), None)
            .map_err(sq)?;
    }
    let bytes = std::fs::read(tmp.path()).map_err(|e| StoreError::io("read", tmp.path(), e))?;
    tmp.persist(to).map_err(|e| StoreError::io("write", to, e.error))?;
    Ok((bytes.len() as u64, sha256_tagged(&bytes)))
}
