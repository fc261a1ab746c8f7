//! `cavra ledger`: migrate a single-file ledger into segments, and read a
//! ledger as git holds it (at a revision, in the index) for validate, diff
//! and verification.
//!
//! A ledger at a revision is whatever that tree holds: its segment
//! directory when there is one, else the single `.jsonl` file (the layout
//! before `cavra ledger migrate`), else nothing. Reading goes through the
//! store's one reader ([`crate::store::ledger`]), never a second parser.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::workspace::Workspace;
use crate::error::StoreError;
use crate::git::tree::Source;
use crate::git::{GitError, Repo};
use crate::store::Inspection;
use crate::store::ledger::{self, Entry, segments};
use crate::store::registry::{STORES, StoreKind, StoreLocation};

/// What the `ledger` commands fail with.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("no ledger called {name:?} (ledgers: {known})")]
    UnknownLedger { name: String, known: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Git(#[from] GitError),
}

/// A ledger's files as one state holds them.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerAt {
    Absent,
    /// The single `.jsonl` file (before migration).
    Single(Vec<u8>),
    /// Segment files, by name relative to the ledger directory.
    Segmented(Vec<(String, Vec<u8>)>),
}

impl LedgerAt {
    /// The ledger whose repository-relative path is `rel`, in `source`.
    pub fn read(repo: &Repo, rel: &Path, source: Source<'_>) -> Result<LedgerAt, GitError> {
        let files = repo.files_under(source, &rel.with_extension(""))?;
        if !files.is_empty() {
            return Ok(LedgerAt::Segmented(files));
        }
        let single = match source {
            Source::Rev(rev) => repo.read_at(rev, rel)?,
            Source::Index => repo.read_staged(rel)?,
        };
        Ok(single.map_or(LedgerAt::Absent, LedgerAt::Single))
    }

    /// The ledger `loc` in the working tree.
    pub fn worktree(loc: &StoreLocation) -> Result<LedgerAt, StoreError> {
        match segments::layout(loc) {
            segments::Layout::Single => {
                let bytes = std::fs::read(&loc.path).map_err(|e| StoreError::io("read", &loc.display, e))?;
                Ok(LedgerAt::Single(bytes))
            }
            segments::Layout::Segmented => {
                let dir = segments::dir(loc);
                let (names, strays) = segments::names(&dir)?;
                if names.is_empty() && strays.is_empty() {
                    return Ok(LedgerAt::Absent);
                }
                let mut files = Vec::new();
                for name in names.into_iter().chain(strays) {
                    let path = dir.join(&name);
                    let bytes = std::fs::read(&path).map_err(|e| StoreError::io("read", &path, e))?;
                    files.push((name, bytes));
                }
                files.sort();
                Ok(LedgerAt::Segmented(files))
            }
        }
    }

    /// Every problem, as `cavra validate` reports them.
    pub fn inspect(&self, loc: &StoreLocation) -> Inspection {
        match self {
            LedgerAt::Absent => Inspection::default(),
            LedgerAt::Single(bytes) => ledger::inspect_bytes(loc, bytes),
            LedgerAt::Segmented(files) => segments::inspect_files(loc, files),
        }
    }

    /// Every entry, failing on the first problem.
    pub fn entries(&self, loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
        match self {
            LedgerAt::Absent => Ok(Vec::new()),
            LedgerAt::Single(bytes) => ledger::parse_bytes(loc, bytes),
            LedgerAt::Segmented(files) => segments::parse_files(loc, files),
        }
    }
}

/// The ledger called `name` (every ledger when `None`).
pub fn ledgers(ws: &Workspace, name: Option<&str>) -> Result<Vec<StoreLocation>, LedgerError> {
    let all: Vec<_> = STORES.iter().filter(|d| d.kind == StoreKind::Ledger).collect();
    let chosen: Vec<StoreLocation> = all
        .iter()
        .filter(|d| name.is_none_or(|n| d.name == n))
        .map(|d| ws.locate(d))
        .collect();
    if chosen.is_empty() {
        return Err(LedgerError::UnknownLedger {
            name: name.unwrap_or_default().to_string(),
            known: all.iter().map(|d| d.name).collect::<Vec<_>>().join(", "),
        });
    }
    Ok(chosen)
}

/// `cavra ledger migrate`: what happened to each ledger.
#[derive(Debug, Serialize)]
pub struct MigrateOutcome {
    pub ledgers: Vec<MigratedLedger>,
}

#[derive(Debug, Serialize)]
pub struct MigratedLedger {
    pub ledger: String,
    /// `migrated`, or `already segmented`.
    pub action: String,
    pub directory: String,
    pub entries: usize,
    pub segments: usize,
    /// The single file removed, when migrated.
    pub removed: Option<String>,
}

/// Moves single-file ledgers into segments.
pub fn migrate(ws: &Workspace, name: Option<&str>) -> Result<MigrateOutcome, LedgerError> {
    let mut out = Vec::new();
    for loc in ledgers(ws, name)? {
        let directory = display_dir(&loc);
        let done = segments::migrate(&loc)?;
        out.push(match done {
            Some(m) => MigratedLedger {
                ledger: loc.def.name.to_string(),
                action: "migrated".into(),
                directory,
                entries: m.entries,
                segments: m.segments,
                removed: Some(m.removed),
            },
            None => MigratedLedger {
                ledger: loc.def.name.to_string(),
                action: "already segmented".into(),
                directory,
                entries: ledger::read(&loc)?.len(),
                segments: segments::files(&loc)?.len(),
                removed: None,
            },
        });
    }
    Ok(MigrateOutcome { ledgers: out })
}

fn display_dir(loc: &StoreLocation) -> String {
    PathBuf::from(&loc.display).with_extension("").display().to_string()
}
