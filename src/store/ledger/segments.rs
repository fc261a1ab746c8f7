//! The segmented layout of a ledger: `<ledger>/<YYYY-MM>/<NNNNNN>.jsonl`.
//!
//! Segment numbers count from 1 across months, so the lexical order of the
//! names is the chain order and the active segment is the lexically last
//! name: an append lists two small directories and reads one segment's tail
//! (and first line), never the whole ledger. A segment lives in the month of
//! its first entry's time field (never earlier than the segment before it).
//!
//! Rotation happens inside an append, under the store lock: the full segment
//! gets its seal line (appended and fsynced), then the next segment file is
//! created with the new entries (written, fsynced, its directory fsynced). A
//! process killed at any point leaves either the old layout (a torn seal is
//! not a hash-valid line, so the next append truncates it) or the new one (a
//! sealed last segment, or a new segment whose torn first line is truncated);
//! the chain is never broken.
//!
//! `<ledger>` is the ledger's registry path without its `.jsonl` extension
//! (`.cavra/evidence/metadata.jsonl` → `.cavra/evidence/metadata/`). While
//! only the single file exists, the ledger keeps that layout until `cavra
//! ledger migrate`; a ledger with neither is created segmented.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::append::{entry_hash_text, entry_line_len, push_entry_line, seal_of_digest};
use super::prune::{self, PruneTrack};
use super::{
    ChainState, Entry, GENESIS, Line, Seal, Tail, Tally, checkpoint, collect, parse_any, read_tail, scan_file,
};
use crate::error::{Integrity, Problem, StoreError};
use crate::store::Inspection;
use crate::store::fsio;
use crate::store::registry::StoreLocation;

/// A segment is rotated before it would hold more entries than this.
pub const MAX_LINES: u64 = 2000;
/// A segment is rotated before its entries would pass this many bytes (an
/// entry larger than this gets a segment of its own).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// How a ledger is kept on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The layout before segments: one `.jsonl` file (until migrated).
    Single,
    /// A directory of segments.
    Segmented,
}

/// The ledger's segment directory.
pub fn dir(loc: &StoreLocation) -> PathBuf {
    dir_of(&loc.path)
}

/// The segment directory of the ledger whose registry path is `path`.
pub fn dir_of(path: &Path) -> PathBuf {
    path.with_extension("")
}

fn dir_display(loc: &StoreLocation) -> PathBuf {
    loc.display.with_extension("")
}

/// The layout of `loc`: segmented when its directory exists or nothing
/// exists yet; single-file while only the file exists.
pub fn layout(loc: &StoreLocation) -> Layout {
    layout_of(&loc.path)
}

/// [`layout`] of the ledger whose registry path is `path`.
pub fn layout_of(path: &Path) -> Layout {
    if !dir_of(path).is_dir() && path.is_file() {
        Layout::Single
    } else {
        Layout::Segmented
    }
}

/// Whether `name` (relative to the ledger directory) is a segment name,
/// `YYYY-MM/NNNNNN.jsonl`.
pub fn is_segment_name(name: &str) -> bool {
    let Some((month, file)) = name.split_once('/') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // ASCII first: the checks below slice by byte.
    name.is_ascii()
        && month.len() == 7
        && digits(&month[..4])
        && &month[4..5] == "-"
        && digits(&month[5..])
        && file.len() == 12
        && file.ends_with(".jsonl")
        && digits(&file[..6])
}

/// Whether `name` (relative to the ledger directory) may be a file of a
/// segmented ledger: a segment or the checkpoint.
pub fn is_ledger_file(name: &str) -> bool {
    is_segment_name(name) || name == checkpoint::NAME
}

/// The files of the segmented ledger in `dir`, named relative to it: its
/// segments in chain order, then `checkpoint` when present.
/// Anything else there is not part of the ledger (`cavra validate` reports
/// it). Empty when the directory does not exist.
pub fn dir_files(dir: &Path) -> Result<Vec<String>, StoreError> {
    let (mut out, _) = names(dir)?;
    let path = dir.join(checkpoint::NAME);
    fsio::check_path(&path)?;
    if path.is_file() {
        out.push(checkpoint::NAME.to_string());
    }
    Ok(out)
}

/// Every file under the ledger directory `dir` (segments, the checkpoint
/// and anything else there, as [`names`] finds them), read whole without
/// following a symlink, by name relative to `dir`, sorted.
pub fn read_dir_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let (names, strays) = names(dir)?;
    let own = [checkpoint::NAME]
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(str::to_string);
    let mut files = read_named(dir, names.into_iter().chain(strays).chain(own))?;
    files.sort();
    Ok(files)
}

/// The files `names` (relative to `dir`) with their bytes, in that order;
/// a symlink is refused by name.
pub fn read_named(dir: &Path, names: impl IntoIterator<Item = String>) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(&name);
        fsio::check_path(&path)?;
        let bytes = std::fs::read(&path).map_err(|e| StoreError::io("read", &path, e))?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// The number of segment `name` (a valid segment name).
pub fn number(name: &str) -> u64 {
    name[8..14].parse().unwrap_or_default()
}

/// Whether `name` (a file directly in a ledger directory) is the ledger's
/// checkpoint, or a temp file a killed writer of it left (the next write
/// removes it).
fn is_own_top_file(name: &str) -> bool {
    name == checkpoint::NAME || name.starts_with(&format!(".{}.tmp", checkpoint::NAME))
}

/// The segment names under `dir` in chain order, and any other files there
/// but the checkpoint (each relative to `dir`; an earlier version's prune
/// record among them). A
/// missing directory has neither.
pub fn names(dir: &Path) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let mut segments = Vec::new();
    let mut strays = Vec::new();
    fsio::check_path(dir)?;
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((segments, strays)),
        Err(e) => return Err(StoreError::io("list", dir, e)),
    };
    for month in entries {
        let month = month.map_err(|e| StoreError::io("list", dir, e))?;
        let month_name = month.file_name().to_string_lossy().into_owned();
        if is_own_top_file(&month_name) {
            continue;
        }
        if month.file_type().is_ok_and(|t| t.is_symlink()) {
            // Never read or written through: refused by name.
            fsio::check_path(&month.path())?;
        }
        if !month.file_type().is_ok_and(|t| t.is_dir()) {
            strays.push(month_name);
            continue;
        }
        let files = std::fs::read_dir(month.path()).map_err(|e| StoreError::io("list", &month.path(), e))?;
        for file in files {
            let file = file.map_err(|e| StoreError::io("list", &month.path(), e))?;
            let name = format!("{month_name}/{}", file.file_name().to_string_lossy());
            if file.file_type().is_ok_and(|t| t.is_symlink()) {
                fsio::check_path(&file.path())?;
            }
            if is_segment_name(&name) && file.file_type().is_ok_and(|t| t.is_file()) {
                segments.push(name);
            } else {
                strays.push(name);
            }
        }
    }
    segments.sort();
    strays.sort();
    Ok((segments, strays))
}

/// The last two segment names under `dir`, in chain order: what an append
/// needs (the active segment, and the one before when the active one is
/// empty). Lists the month directories, then only the newest months' files,
/// never every segment.
fn last_segments(dir: &Path) -> Result<Vec<String>, StoreError> {
    fsio::check_path(dir)?;
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("list", dir, e)),
    };
    let mut months = Vec::new();
    for month in entries {
        let month = month.map_err(|e| StoreError::io("list", dir, e))?;
        let name = month.file_name().to_string_lossy().into_owned();
        if month.file_type().is_ok_and(|t| t.is_dir()) && is_segment_name(&format!("{name}/000000.jsonl")) {
            months.push(name);
        }
    }
    months.sort();
    let mut out: Vec<String> = Vec::new();
    for month in months.iter().rev() {
        let path = dir.join(month);
        let files = std::fs::read_dir(&path).map_err(|e| StoreError::io("list", &path, e))?;
        let mut found = Vec::new();
        for file in files {
            let file = file.map_err(|e| StoreError::io("list", &path, e))?;
            let name = format!("{month}/{}", file.file_name().to_string_lossy());
            if is_segment_name(&name) && file.file_type().is_ok_and(|t| t.is_file()) {
                found.push(name);
            }
        }
        found.sort();
        found.append(&mut out);
        out = found;
        if out.len() >= 2 {
            break;
        }
    }
    let keep = out.len().saturating_sub(2);
    Ok(out.split_off(keep))
}

/// The location of one segment: its path, and its name in messages.
pub fn segment_loc(loc: &StoreLocation, name: &str) -> StoreLocation {
    segment_in(loc, &dir(loc), name)
}

/// A segment of `loc` kept under `dir` (the ledger's, or a staging one).
fn segment_in(loc: &StoreLocation, dir: &Path, name: &str) -> StoreLocation {
    StoreLocation {
        def: loc.def,
        path: dir.join(name),
        display: dir_display(loc).join(name),
        configured_by: loc.configured_by.clone(),
    }
}

/// Every file the ledger consists of: its segments in chain order (names
/// relative to [`dir`]: `YYYY-MM/NNNNNN.jsonl`), then its `checkpoint`
/// when present; or the single `.jsonl` file before
/// migration. Empty when the ledger does not exist.
pub fn files(loc: &StoreLocation) -> Result<Vec<PathBuf>, StoreError> {
    match layout(loc) {
        Layout::Single => Ok(vec![loc.path.clone()]),
        Layout::Segmented => {
            let dir = dir(loc);
            let mut out: Vec<PathBuf> = names(&dir)?.0.iter().map(|n| dir.join(n)).collect();
            if !out.is_empty() {
                out.extend([checkpoint::path(loc)].into_iter().filter(|p| p.is_file()));
            }
            Ok(out)
        }
    }
}

mod scan;
mod write;

pub(crate) use scan::*;
pub use scan::{inspect_files, parse_files};
pub(crate) use write::*;
pub use write::{Migrated, migrate};

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
