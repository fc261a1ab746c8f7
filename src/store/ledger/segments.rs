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

use serde_json::Value;

use super::append::{entry_hash_text, entry_line_len, push_entry_line, seal_of_digest};
use super::prune::{self, PruneRecord};
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

/// The name reserved in a ledger directory for the record of pruned
/// segments (kept with the ledger: backed up and restored with it).
pub const PRUNED: &str = "pruned";

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
/// segmented ledger: a segment, the checkpoint, or the pruned record.
pub fn is_ledger_file(name: &str) -> bool {
    is_segment_name(name) || name == checkpoint::NAME || name == PRUNED
}

/// The files of the segmented ledger in `dir`, named relative to it: its
/// segments in chain order, then `checkpoint` and `pruned` when present.
/// Anything else there is not part of the ledger (`cavra validate` reports
/// it). Empty when the directory does not exist.
pub fn dir_files(dir: &Path) -> Result<Vec<String>, StoreError> {
    let (mut out, _) = names(dir)?;
    for name in [checkpoint::NAME, PRUNED] {
        let path = dir.join(name);
        fsio::check_path(&path)?;
        if path.is_file() {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Every file under the ledger directory `dir` (segments, the checkpoint, the
/// prune record and anything else there, as [`names`] finds them), read whole without
/// following a symlink, by name relative to `dir`, sorted.
pub fn read_dir_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let (names, strays) = names(dir)?;
    let own = [checkpoint::NAME, PRUNED]
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(str::to_string);
    let mut files = Vec::new();
    for name in names.into_iter().chain(strays).chain(own) {
        let path = dir.join(&name);
        fsio::check_path(&path)?;
        let bytes = std::fs::read(&path).map_err(|e| StoreError::io("read", &path, e))?;
        files.push((name, bytes));
    }
    files.sort();
    Ok(files)
}

/// The number of segment `name` (a valid segment name).
pub fn number(name: &str) -> u64 {
    name[8..14].parse().unwrap_or_default()
}

/// Whether `name` (a file directly in a ledger directory) is the ledger's
/// checkpoint or prune record, or a temp file a killed writer of one left
/// (the next write removes it).
fn is_own_top_file(name: &str) -> bool {
    [checkpoint::NAME, prune::NAME]
        .iter()
        .any(|f| name == *f || name.starts_with(&format!(".{f}.tmp")))
}

/// The segment names under `dir` in chain order, and any other files there
/// but the checkpoint and the prune record (each relative to `dir`). A
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
/// relative to [`dir`]: `YYYY-MM/NNNNNN.jsonl`), then its `checkpoint` and
/// its prune record when present; or the single `.jsonl` file before
/// migration. Empty when the ledger does not exist.
pub fn files(loc: &StoreLocation) -> Result<Vec<PathBuf>, StoreError> {
    match layout(loc) {
        Layout::Single => Ok(vec![loc.path.clone()]),
        Layout::Segmented => {
            let dir = dir(loc);
            let mut out: Vec<PathBuf> = names(&dir)?.0.iter().map(|n| dir.join(n)).collect();
            if !out.is_empty() {
                out.extend(
                    [checkpoint::path(loc), prune::path(loc)]
                        .into_iter()
                        .filter(|p| p.is_file()),
                );
            }
            Ok(out)
        }
    }
}

/// How a scan gets a segment's bytes by name (from disk, a git tree, the
/// index); called from several threads.
pub(crate) type ReadSegment<'a> = dyn Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + 'a;

/// Where a walk over segments stands.
struct Walk {
    state: ChainState,
    expected_number: u64,
    bytes: u64,
}

/// Walks the named segments in order as one chain, from the genesis or,
/// after a prune, from where its record says the remaining chain starts
/// (segments the record covers, left by a killed prune, are skipped):
/// numbers count up without a gap, every segment but the last is sealed.
/// `read` gives a segment's bytes.
///
/// Segments are verified a window at a time in parallel, each from the
/// chain state its own first line claims; then, in order, each is checked
/// to continue the one before (its number, its first `seq` and
/// `prev_hash`, the seal before it) and its entries are visited. The first
/// segment that has any problem, or does not continue the chain, is scanned
/// again on the one sequential path with everything after it, so problems
/// are found and worded exactly as a plain walk finds them.
pub(crate) fn scan_segments(
    loc: &StoreLocation,
    names: &[String],
    pruned: Option<&PruneRecord>,
    read: &ReadSegment<'_>,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<u64, StoreError> {
    use rayon::prelude::*;
    let (state, expected_number) = match pruned {
        Some(r) => (r.start(), r.segments + 1),
        None => (ChainState::genesis(), 1),
    };
    let mut walk = Walk {
        state,
        expected_number,
        bytes: 0,
    };
    let names: Vec<&str> = names
        .iter()
        .filter(|n| pruned.is_none_or(|r| !r.covers(n)))
        .map(String::as_str)
        .collect();
    // Windows are verified on every core by a producer thread while this
    // thread links and visits the window before (one window ahead at most,
    // so memory stays bounded by two windows' entries).
    let window = rayon::current_num_threads().max(1) * 4;
    std::thread::scope(|scope| {
        let (windows, verified) = std::sync::mpsc::sync_channel::<Vec<Result<Scanned, StoreError>>>(1);
        let chunks = names.chunks(window);
        scope.spawn(move || {
            for chunk in chunks {
                let scanned = match chunk.len() {
                    1 => chunk.iter().map(|name| scan_alone(loc, name, read)).collect(),
                    _ => chunk.par_iter().map(|name| scan_alone(loc, name, read)).collect(),
                };
                if windows.send(scanned).is_err() {
                    // The walk stopped: nothing more is wanted.
                    break;
                }
            }
        });
        let mut from = 0;
        for scanned in verified {
            let chunk_len = scanned.len();
            for (j, one) in scanned.into_iter().enumerate() {
                let one = one?;
                let name = names[from + j];
                let last = from + j + 1 == names.len();
                let continues = one.clean
                    && number(name) == walk.expected_number
                    && one
                        .start
                        .as_ref()
                        .is_none_or(|(seq, prev)| *seq == walk.state.next_seq && *prev == walk.state.prev)
                    && (last || one.sealed);
                if !continues {
                    return scan_in_order(loc, &names[from + j..], read, &mut walk, visit);
                }
                walk.bytes += one.bytes;
                walk.expected_number = number(name) + 1;
                if let Some(state) = one.end {
                    walk.state = state;
                }
                for e in one.entries {
                    if !visit(Ok(e)) {
                        return Ok(walk.bytes);
                    }
                }
            }
            from += chunk_len;
        }
        Ok(walk.bytes)
    })
}

/// One segment verified on its own, from the state its first line claims.
struct Scanned {
    bytes: u64,
    /// The `seq` of its first entry and the hash it chains to (`None`: empty).
    start: Option<(u64, String)>,
    entries: Vec<Entry>,
    /// The chain state after it (`None`: empty).
    end: Option<ChainState>,
    sealed: bool,
    /// No problem found in it.
    clean: bool,
}

fn scan_alone(loc: &StoreLocation, name: &str, read: &ReadSegment<'_>) -> Result<Scanned, StoreError> {
    let data = read(name)?;
    let seg = segment_loc(loc, name);
    let mut out = Scanned {
        bytes: data.len() as u64,
        start: None,
        entries: Vec::new(),
        end: None,
        sealed: false,
        clean: true,
    };
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.is_empty() {
        out.clean = data.is_empty();
        return Ok(out);
    }
    let start = match parse_any(&seg, first, Some(1)) {
        Ok(Line::Entry(e)) => (e.seq, e.prev_hash),
        Ok(Line::Seal(s)) => (s.last_seq + 1, s.prev_hash),
        Err(_) => {
            out.clean = false;
            return Ok(out);
        }
    };
    let mut state = ChainState {
        next_seq: start.0,
        prev: start.1.clone(),
    };
    let mut clean = true;
    let mut entries = Vec::with_capacity(MAX_LINES as usize);
    let end = scan_segment(&seg, data, &mut state, &mut |e| match e {
        Ok(e) => {
            entries.push(e);
            true
        }
        Err(_) => {
            clean = false;
            false
        }
    })?;
    out.start = Some(start);
    out.entries = entries;
    out.end = Some(state);
    out.sealed = end.sealed;
    out.clean = clean;
    Ok(out)
}

/// The plain walk: each segment in turn, from where `walk` stands.
fn scan_in_order(
    loc: &StoreLocation,
    names: &[&str],
    read: &ReadSegment<'_>,
    walk: &mut Walk,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<u64, StoreError> {
    for (i, name) in names.iter().enumerate() {
        let seg = segment_loc(loc, name);
        if number(name) != walk.expected_number {
            let p = Problem::new(
                &seg.display,
                format!(
                    "is segment {}, expected {}: a segment was deleted or renamed",
                    number(name),
                    walk.expected_number
                ),
            )
            .integrity(Integrity::ChainBroken)
            .hint(super::RESTORE_HINT);
            if !visit(Err(p)) {
                return Ok(walk.bytes);
            }
        }
        walk.expected_number = number(name) + 1;
        let data = read(name)?;
        walk.bytes += data.len() as u64;
        let end = scan_segment(&seg, data, &mut walk.state, visit)?;
        if end.stopped {
            return Ok(walk.bytes);
        }
        if i + 1 < names.len() && !end.sealed {
            let p = Problem::new(
                &seg.display,
                format!("is not sealed, yet segment {} follows it", names[i + 1]),
            )
            .integrity(Integrity::ChainBroken)
            .hint(super::RESTORE_HINT);
            if !visit(Err(p)) {
                return Ok(walk.bytes);
            }
        }
    }
    Ok(walk.bytes)
}

/// Scans a segment's bytes: as text its records share when it is UTF-8
/// (it always is, unless damaged), else line by line.
fn scan_segment(
    seg: &StoreLocation,
    data: Vec<u8>,
    state: &mut ChainState,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<super::FileEnd, StoreError> {
    match String::from_utf8(data) {
        Ok(text) => super::scan_text(seg, &std::sync::Arc::new(text), state, visit),
        Err(e) => scan_file(seg, e.as_bytes(), state, visit),
    }
}

fn read_segment(loc: &StoreLocation) -> impl Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + '_ {
    move |name| {
        let seg = segment_loc(loc, name);
        fsio::check_path(&seg.path)?;
        std::fs::read(&seg.path).map_err(|e| StoreError::io("read", &seg.display, e))
    }
}

/// [`super::inspect`] of a segmented ledger.
pub(crate) fn inspect(loc: &StoreLocation) -> Inspection {
    inspect_tally(loc, Tally::default()).0
}

/// [`super::inspect_and_read`] of a segmented ledger.
pub(crate) fn inspect_and_read(loc: &StoreLocation) -> (Inspection, Result<Vec<Entry>, StoreError>) {
    let keep = Tally {
        kept: Some(Vec::new()),
        ..Tally::default()
    };
    let (inspection, mut tally) = inspect_tally(loc, keep);
    (inspection, tally.read_result())
}

fn inspect_tally(loc: &StoreLocation, mut tally: Tally) -> (Inspection, Tally) {
    let dir = dir(loc);
    if !dir.is_dir() {
        return (Inspection::default(), tally);
    }
    let scanned = names(&dir).and_then(|(segments, strays)| {
        for stray in strays {
            tally.problems.push(stray_problem(loc, &stray));
        }
        if loc.path.exists() {
            tally.problems.push(
                Problem::new(&loc.display, "is left over from a migration to segments")
                    .hint("run `cavra ledger migrate` again: it removes the file once its entries are in the segments"),
            );
        }
        let pruned = prune::record_in(&dir, &dir_display(loc))?;
        scan_segments(loc, &segments, pruned.as_ref(), &read_segment(loc), &mut |e| {
            tally.visit(e)
        })
    });
    if let Err(e) = &scanned
        && tally.broken.is_none()
    {
        tally.broken =
            Some(Problem::new(&dir_display(loc), crate::error::error_chain(e)).integrity(Integrity::Unreadable));
    }
    let text = std::fs::read(checkpoint::path(loc)).ok();
    tally.check_checkpoint(loc, text.as_deref());
    let kept = tally.kept.take();
    let broken = tally.broken.take();
    let inspection = finish_inspection(loc, scanned, tally);
    let tally = Tally {
        kept,
        broken,
        ..Tally::default()
    };
    (inspection, tally)
}

fn stray_problem(loc: &StoreLocation, name: &str) -> Problem {
    Problem::new(
        &dir_display(loc).join(name),
        "is not a ledger segment (segments are YYYY-MM/NNNNNN.jsonl)",
    )
    .hint("move it out of the ledger directory")
}

fn finish_inspection(loc: &StoreLocation, scanned: Result<u64, StoreError>, mut tally: Tally) -> Inspection {
    let bytes = match scanned {
        Ok(bytes) => bytes,
        Err(e) => {
            tally
                .problems
                .push(Problem::new(&dir_display(loc), crate::error::error_chain(&e)).integrity(Integrity::Unreadable));
            0
        }
    };
    Inspection {
        exists: true,
        bytes,
        records: tally.records,
        problems: tally.problems,
    }
}

/// [`super::inspect`] of a segmented ledger held in memory (a git tree, the
/// index): `files` maps names relative to the ledger directory to bytes.
pub fn inspect_files(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Inspection {
    if files.is_empty() {
        return Inspection::default();
    }
    let mut tally = Tally::default();
    let mut segments = Vec::new();
    let mut text = None;
    for (name, bytes) in files {
        if is_segment_name(name) {
            segments.push(name.clone());
        } else if name == checkpoint::NAME {
            text = Some(bytes.as_slice());
        } else if name != prune::NAME {
            tally.problems.push(stray_problem(loc, name));
        }
    }
    segments.sort();
    let scanned = pruned_in_memory(loc, files).and_then(|pruned| {
        scan_segments(loc, &segments, pruned.as_ref(), &in_memory(files), &mut |e| {
            tally.visit(e)
        })
    });
    tally.check_checkpoint(loc, text);
    finish_inspection(loc, scanned, tally)
}

/// The prune record among a ledger's files held in memory, if any.
pub fn pruned_in_memory(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Result<Option<PruneRecord>, StoreError> {
    match files.iter().find(|(n, _)| n == prune::NAME) {
        Some((_, text)) => PruneRecord::parse(text, &dir_display(loc).join(prune::NAME))
            .map(Some)
            .map_err(|problem| StoreError::Ledger { problem }),
        None => Ok(None),
    }
}

fn in_memory(files: &[(String, Vec<u8>)]) -> impl Fn(&str) -> Result<Vec<u8>, StoreError> + Sync + '_ {
    move |name| {
        Ok(files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.clone())
            .unwrap_or_default())
    }
}

/// Every entry of a segmented ledger held in memory (see [`inspect_files`]),
/// failing on the first problem.
pub fn parse_files(loc: &StoreLocation, files: &[(String, Vec<u8>)]) -> Result<Vec<Entry>, StoreError> {
    let mut segments: Vec<String> = files
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n != checkpoint::NAME && n != prune::NAME)
        .collect();
    segments.sort();
    if let Some(stray) = segments.iter().find(|n| !is_segment_name(n)) {
        return Err(StoreError::Ledger {
            problem: Box::new(stray_problem(loc, stray)),
        });
    }
    let pruned = pruned_in_memory(loc, files)?;
    collect(|visit| scan_segments(loc, &segments, pruned.as_ref(), &in_memory(files), visit).map(|_| ()))
}

/// [`super::read`] of a segmented ledger.
pub(crate) fn read(loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
    let dir = dir(loc);
    let (segments, _) = names(&dir)?;
    let pruned = prune::record_in(&dir, &dir_display(loc))?;
    // Room for as many entries as the checkpoint says (no copying as they
    // come in); only a hint, never trusted.
    let room = std::fs::read(checkpoint::path(loc))
        .ok()
        .and_then(|t| checkpoint::Checkpoint::parse(&t, &checkpoint::display(loc)).ok())
        .map_or(0, |cp| cp.size.saturating_sub(pruned.as_ref().map_or(0, |r| r.entries)))
        .min(segments.len() as u64 * MAX_LINES) as usize;
    super::collect_sized(room, |visit| {
        scan_segments(loc, &segments, pruned.as_ref(), &read_segment(loc), visit).map(|_| ())
    })
}

/// Appends to the segments under `dir` (rotating as they fill) and returns
/// the new entries' `seq`s. The caller holds the store lock.
pub(crate) fn append_locked(loc: &StoreLocation, dir: &Path, records: &[Value]) -> Result<Vec<u64>, StoreError> {
    let texts = super::texts(records);
    append_texts_locked(loc, dir, &texts.iter().map(String::as_str).collect::<Vec<_>>())
}

/// [`append_locked`] of records given as their canonical texts.
pub(crate) fn append_texts_locked(loc: &StoreLocation, dir: &Path, records: &[&str]) -> Result<Vec<u64>, StoreError> {
    let segments = last_segments(dir)?;
    let mut w = Writer::open(loc, dir, &segments)?;
    let mut seqs = Vec::with_capacity(records.len());
    for record in records {
        seqs.push(w.push(record)?);
    }
    let head = w.finish()?;
    if let Some((size, hash)) = head.filter(|_| !records.is_empty()) {
        checkpoint::write(dir, &checkpoint::Checkpoint::new(loc, size, &hash))?;
    }
    Ok(seqs)
}

/// The active segment as an append sees it.
struct Writer<'a> {
    loc: &'a StoreLocation,
    dir: &'a Path,
    /// The active segment: name, location, open file; `None` before the first.
    active: Option<(String, StoreLocation, File)>,
    /// How the active file ends, until the first write fixes a torn tail.
    tail: Option<Tail>,
    state: ChainState,
    count: u64,
    bytes: u64,
    sealed: bool,
    pending: Vec<u8>,
    /// The sha256 of the active segment's bytes so far, when this append
    /// created it (and so wrote every byte of it); else its seal reads it.
    digest: Option<sha2::Sha256>,
    /// The hash of the last entry (the seal after it chains to it).
    last_hash: Option<String>,
    /// Directories that gained an entry, fsynced at the end.
    new_dirs: Vec<PathBuf>,
}

impl<'a> Writer<'a> {
    fn open(loc: &'a StoreLocation, dir: &'a Path, segments: &[String]) -> Result<Writer<'a>, StoreError> {
        let mut w = Writer {
            loc,
            dir,
            active: None,
            tail: None,
            state: ChainState::genesis(),
            count: 0,
            bytes: 0,
            sealed: true,
            pending: Vec::new(),
            digest: None,
            last_hash: None,
            new_dirs: Vec::new(),
        };
        let Some(name) = segments.last() else {
            return Ok(w);
        };
        let seg = segment_in(loc, dir, name);
        let mut file = fsio::open_checked(&seg.path, &seg.display, OpenOptions::new().read(true).write(true))?;
        let tail = read_tail(&seg, &mut file)?;
        match &tail.last {
            None => {
                // An empty segment (a rotation killed before its first line):
                // it chains to the seal of the one before, or where the
                // prune record says when a prune removed that one.
                let pruned = prune::record_in(dir, &dir_display(loc))?;
                let prev_name = segments
                    .len()
                    .checked_sub(2)
                    .map(|i| &segments[i])
                    .filter(|n| pruned.as_ref().is_none_or(|r| !r.covers(n)));
                if let Some(r) = pruned.as_ref().filter(|_| prev_name.is_none()) {
                    w.state = r.start();
                }
                if let Some(prev_name) = prev_name {
                    let prev = segment_in(loc, dir, prev_name);
                    let mut f = fsio::open_checked(&prev.path, &prev.display, OpenOptions::new().read(true))?;
                    match read_tail(&prev, &mut f)?.last {
                        Some(Line::Seal(s)) => {
                            w.state = state_after(s.last_seq, &s.hash);
                            w.last_hash = Some(s.prev_hash);
                        }
                        _ => return Err(not_sealed(&prev)),
                    }
                }
                w.sealed = false;
            }
            Some(Line::Entry(e)) => {
                w.state = state_after(e.seq, &e.hash);
                w.last_hash = Some(e.hash.clone());
                w.count = e.seq + 1 - first_seq(&seg, &mut file)?.min(e.seq);
                w.sealed = false;
            }
            Some(Line::Seal(s)) => {
                w.state = state_after(s.last_seq, &s.hash);
                w.last_hash = Some(s.prev_hash.clone());
                w.count = s.count;
            }
        }
        w.bytes = tail.whole_len();
        w.tail = Some(tail);
        w.active = Some((name.clone(), seg, file));
        Ok(w)
    }

    /// Adds one entry, rotating first when the active segment is full.
    fn push(&mut self, record: &str) -> Result<u64, StoreError> {
        let seq = self.state.next_seq;
        let len = entry_line_len(seq, &self.state.prev, GENESIS.len(), record) as u64;
        if self.sealed || self.count >= MAX_LINES || (self.count > 0 && self.bytes + len > MAX_BYTES) {
            self.rotate(record)?;
        }
        let hash = entry_hash_text(seq, &self.state.prev, record);
        let before = self.pending.len();
        push_entry_line(&mut self.pending, seq, &self.state.prev, &hash, record);
        self.count += 1;
        self.bytes += (self.pending.len() - before) as u64;
        self.state = state_after(seq, &hash);
        self.last_hash = Some(hash);
        Ok(seq)
    }

    /// Writes what is pending to the active segment and fsyncs it (fixing a
    /// torn tail or a missing newline on the first write).
    fn flush(&mut self) -> Result<(), StoreError> {
        let Some((_, seg, file)) = self.active.as_mut() else {
            return Ok(());
        };
        if let Some(tail) = self.tail.take() {
            tail.write_after(seg, file, &self.pending)?;
        } else if !self.pending.is_empty() {
            if let Some(d) = self.digest.as_mut() {
                sha2::Digest::update(d, &self.pending);
            }
            file.seek(SeekFrom::End(0))
                .map_err(|e| StoreError::io("seek", &seg.display, e))?;
            file.write_all(&self.pending)
                .map_err(|e| StoreError::io("append to", &seg.display, e))?;
            file.sync_data().map_err(|e| StoreError::io("sync", &seg.display, e))?;
        }
        self.pending.clear();
        Ok(())
    }

    /// Seals the active segment (unless it is sealed) and starts the next.
    fn rotate(&mut self, record: &str) -> Result<(), StoreError> {
        self.flush()?;
        let mut month = month_of(self.loc, record);
        let mut next = 1;
        if let Some((name, seg, file)) = self.active.as_mut() {
            if !self.sealed {
                let (count, last_seq) = (self.count, self.state.next_seq - 1);
                let seal = match self.digest.take() {
                    Some(d) => seal_of_digest(&self.state.prev, count, last_seq, &d),
                    None => {
                        let bytes = std::fs::read(&seg.path).map_err(|e| StoreError::io("read", &seg.display, e))?;
                        Seal::new(&self.state.prev, count, last_seq, &bytes)
                    }
                };
                debug_assert_eq!(
                    Some(&seal.segment_sha256),
                    std::fs::read(&seg.path)
                        .ok()
                        .map(|b| crate::store::sha256_tagged(&b))
                        .as_ref(),
                    "the running digest of {} is its bytes'",
                    seg.display.display()
                );
                file.seek(SeekFrom::End(0))
                    .map_err(|e| StoreError::io("seek", &seg.display, e))?;
                file.write_all(seal.line().as_bytes())
                    .map_err(|e| StoreError::io("seal", &seg.display, e))?;
                file.sync_data().map_err(|e| StoreError::io("sync", &seg.display, e))?;
                self.state.prev = seal.hash;
            }
            month = month.max(name[..7].to_string());
            next = number(name) + 1;
        }
        let name = format!("{month}/{next:06}.jsonl");
        let seg = segment_in(self.loc, self.dir, &name);
        let month_dir = self.dir.join(&month);
        if !month_dir.is_dir() {
            if !self.dir.is_dir() {
                std::fs::create_dir_all(self.dir).map_err(|e| StoreError::io("create", self.dir, e))?;
                self.new_dirs.push(fsio::parent_dir(self.dir));
            }
            std::fs::create_dir(&month_dir).map_err(|e| StoreError::io("create", &month_dir, e))?;
            self.new_dirs.push(self.dir.to_path_buf());
        }
        let file = fsio::open_checked(
            &seg.path,
            &seg.display,
            OpenOptions::new().read(true).write(true).create_new(true),
        )?;
        self.new_dirs.push(month_dir);
        self.active = Some((name, seg, file));
        self.tail = None;
        self.digest = Some(sha2::Sha256::default());
        self.count = 0;
        self.bytes = 0;
        self.sealed = false;
        Ok(())
    }

    /// Writes what is pending, syncs new directories, and returns the head:
    /// the last entry's `seq` and hash.
    fn finish(mut self) -> Result<Option<(u64, String)>, StoreError> {
        self.flush()?;
        self.new_dirs.dedup();
        for d in self.new_dirs.iter().rev() {
            fsio::sync_dir(d)?;
        }
        Ok(self.last_hash.map(|h| (self.state.next_seq - 1, h)))
    }
}

fn state_after(seq: u64, hash: &str) -> ChainState {
    ChainState {
        next_seq: seq + 1,
        prev: hash.to_string(),
    }
}

fn not_sealed(seg: &StoreLocation) -> StoreError {
    StoreError::Ledger {
        problem: Box::new(
            Problem::new(&seg.display, "is not sealed, yet a later segment exists")
                .integrity(Integrity::ChainBroken)
                .hint(super::RESTORE_HINT),
        ),
    }
}

/// The `seq` of a segment's first entry (read from its first line only).
fn first_seq(seg: &StoreLocation, file: &mut File) -> Result<u64, StoreError> {
    file.seek(SeekFrom::Start(0))
        .map_err(|e| StoreError::io("seek", &seg.display, e))?;
    let mut line = Vec::new();
    BufReader::new(&mut *file)
        .read_until(b'\n', &mut line)
        .map_err(|e| StoreError::io("read", &seg.display, e))?;
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    match parse_any(seg, &line, Some(1))? {
        Line::Entry(e) => Ok(e.seq),
        Line::Seal(s) => Ok(s.last_seq + 1),
    }
}

/// `YYYY-MM` of a record's time field (the record given as its text), else of now.
fn month_of(loc: &StoreLocation, record: &str) -> String {
    let valid = |s: &str| s.len() >= 7 && is_segment_name(&format!("{}/000000.jsonl", &s[..7]));
    match crate::store::canonical::key_of(record, loc.def.time_field).filter(|s| valid(s)) {
        Some(s) => s[..7].to_string(),
        None => crate::clock::now()
            .map(|t| t.rfc3339()[..7].to_string())
            .unwrap_or_else(|_| "1970-01".to_string()),
    }
}

/// What `cavra ledger migrate` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Migrated {
    pub entries: usize,
    pub segments: usize,
    /// The single file removed.
    pub removed: String,
    pub directory: String,
}

/// Moves a single-file ledger into segments: the same records in the same
/// order (entries after the first seal are re-chained through it), written
/// into a staging directory, renamed into place, then the file removed. A
/// crash leaves the single file (and a staging directory the next run
/// removes), or the segments plus the file (the next run removes the file
/// once its records match). `None` when there is nothing to migrate.
pub fn migrate(loc: &StoreLocation) -> Result<Option<Migrated>, StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    if !loc.path.is_file() {
        return Ok(None);
    }
    let old = {
        let mut state = ChainState::genesis();
        let f = fsio::open_checked(&loc.path, &loc.display, OpenOptions::new().read(true))?;
        collect(|visit| scan_file(loc, BufReader::new(f), &mut state, visit).map(|_| ()))?
    };
    let records: Vec<Value> = old.into_iter().map(|e| e.record.into_value()).collect();
    let dir = dir(loc);
    if !dir.is_dir() {
        let staging = dir.with_file_name(format!(
            ".{}.migrating",
            dir.file_name().unwrap_or_default().to_string_lossy()
        ));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| StoreError::io("remove", &staging, e))?;
        }
        std::fs::create_dir_all(&staging).map_err(|e| StoreError::io("create", &staging, e))?;
        append_locked(loc, &staging, &records)?;
        std::fs::rename(&staging, &dir).map_err(|e| StoreError::io("rename into place", &dir, e))?;
        fsio::sync_dir(&fsio::parent_dir(&dir))?;
    }
    let now: Vec<Value> = read(loc)?.into_iter().map(|e| e.record.into_value()).collect();
    if now != records {
        return Err(StoreError::Ledger {
            problem: Box::new(
                Problem::new(
                    &loc.display,
                    format!(
                        "differs from the segments in {} ({} entries against {}): both exist",
                        dir_display(loc).display(),
                        records.len(),
                        now.len()
                    ),
                )
                .hint("compare them and remove the one that is wrong (the segments are read while both exist)"),
            ),
        });
    }
    std::fs::remove_file(&loc.path).map_err(|e| StoreError::io("remove", &loc.display, e))?;
    fsio::sync_dir(&fsio::parent_dir(&loc.path))?;
    Ok(Some(Migrated {
        entries: records.len(),
        segments: names(&dir)?.0.len(),
        removed: loc.display.display().to_string(),
        directory: dir_display(loc).display().to_string(),
    }))
}

#[cfg(test)]
#[path = "segment_tests.rs"]
mod tests;
