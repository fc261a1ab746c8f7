//! Ledger stores: append-only history as hash-chained JSON Lines.
//!
//! A ledger is a directory of segments, `<ledger>/<YYYY-MM>/<NNNNNN>.jsonl`
//! ([`segments`]): the active (last) segment is rotated at [`segments::MAX_LINES`]
//! entries or [`segments::MAX_BYTES`], whichever comes first, and closed by a
//! seal line (entry count, last `seq` and the sha256 of the segment's bytes);
//! a sealed segment never changes. The chain continues across segments: a
//! segment's first entry chains to the previous seal. A ledger still kept as
//! one `.jsonl` file (the layout before segments) is read and appended to as
//! before until `cavra ledger migrate` moves it into segments.
//!
//! Each entry line is `{"hash","prev_hash","record","seq"}`: `seq` counts from 1,
//! `prev_hash` is the previous line's `hash` ([`GENESIS`] for the first), and
//! `hash` is sha256 over the canonical compact JSON of `{prev_hash, record,
//! seq}`. Deleting, reordering or editing a line breaks the chain, and
//! `cavra validate` says where.
//!
//! Appending is O(1): it finds the active segment by name (the lexically
//! last), reads only its tail for the last `seq` and `hash` (and its first
//! line, for the count), writes the new lines in one `write`, and fsyncs
//! before returning.
//! An append is acknowledged only after that fsync. A last line without its
//! newline is torn only when it is not a complete, hash-valid entry (a writer
//! killed mid-line): that was never acknowledged, reads report it, and the
//! next append or `cavra ops repair` truncates it. A complete entry that only
//! lost its newline verifies, so it is kept: append and repair add the
//! newline. Nothing that verifies is ever removed.
//!
//! Reading verifies every line (its hash, the chain, seals, the record's
//! schema and the secret scan) without building a `Value` per line: a line
//! spelled exactly as cavra writes it is split by position, its record
//! parsed borrowed and required to be its own canonical form, so its text
//! is hashed as it stands; the record is handed out as a [`Record`] that
//! parses on first use. Segments are verified in parallel and linked in
//! order (see [`segments`]). Any other line goes through the full parse,
//! which words every problem. [`read`] keeps every entry; [`for_each`] hands
//! them over as they are verified, keeping none, for a reader that must not
//! hold a long ledger in memory (AISPM forwarding).

mod append;
pub mod checkpoint;
mod inspect;
pub mod prune;
pub(crate) mod record;
pub mod segments;
pub(crate) use inspect::Tally;
mod line;
mod tail;

pub use append::{Checked, append_checked, append_checked_locked};
pub use inspect::{inspect, inspect_bytes, inspect_each};
pub(crate) use line::*;
pub use record::Record;
pub(crate) use tail::{Tail, read_tail};
pub use tail::{TailRepair, repair_tail};

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::sync::Arc;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::registry::StoreLocation;
use super::{Inspection, fsio, schema, sha256_tagged, tagged};
use crate::error::{Integrity, Problem, StoreError};

/// `prev_hash` of the first line.
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// One verified line of a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    /// The record (dereferences to its `Value`, parsed on first use).
    pub record: Record,
}

/// The hash of a line with these contents.
pub fn entry_hash(seq: u64, prev_hash: &str, record: &Value) -> String {
    // The canonical compact JSON of `{prev_hash, record, seq}` (keys in
    // order), written directly rather than through a cloned object.
    let mut body = Vec::with_capacity(256);
    body.extend_from_slice(b"{\"prev_hash\":");
    serde_json::to_writer(&mut body, prev_hash).expect("strings serialize");
    body.extend_from_slice(b",\"record\":");
    serde_json::to_writer(&mut body, record).expect("values serialize");
    body.extend_from_slice(format!(",\"seq\":{seq}}}").as_bytes());
    sha256_tagged(&body)
}

/// An entry's line as the file holds it, newline included.
pub fn entry_line(seq: u64, prev_hash: &str, hash: &str, record: &Value) -> String {
    // `{hash, prev_hash, record, seq}` (keys in order), written directly
    // rather than through a deep copy of the record in a new object.
    let mut line = Vec::with_capacity(384);
    line.extend_from_slice(b"{\"hash\":");
    serde_json::to_writer(&mut line, hash).expect("strings serialize");
    line.extend_from_slice(b",\"prev_hash\":");
    serde_json::to_writer(&mut line, prev_hash).expect("strings serialize");
    line.extend_from_slice(b",\"record\":");
    serde_json::to_writer(&mut line, record).expect("values serialize");
    line.extend_from_slice(format!(",\"seq\":{seq}}}\n").as_bytes());
    String::from_utf8(line).expect("serde_json writes UTF-8")
}

/// The seal closing a segment: how many entries it holds, the `seq` of the
/// last, and the sha256 of the segment's bytes before the seal line. Its
/// `hash` (over `{prev_hash, seal}`) is what the next segment chains to.
#[derive(Debug, Clone, PartialEq)]
pub struct Seal {
    pub prev_hash: String,
    pub hash: String,
    pub count: u64,
    pub last_seq: u64,
    pub segment_sha256: String,
}

impl Seal {
    /// The seal of a segment whose bytes before the seal are `bytes`.
    pub fn new(prev_hash: &str, count: u64, last_seq: u64, bytes: &[u8]) -> Seal {
        let segment_sha256 = sha256_tagged(bytes);
        let hash = seal_hash(prev_hash, count, last_seq, &segment_sha256);
        Seal {
            prev_hash: prev_hash.to_string(),
            hash,
            count,
            last_seq,
            segment_sha256,
        }
    }

    fn body(&self) -> Value {
        json!({"count": self.count, "last_seq": self.last_seq, "segment_sha256": self.segment_sha256})
    }

    /// The seal's line, newline included.
    pub fn line(&self) -> String {
        let mut line =
            serde_json::to_string(&json!({"hash": self.hash, "prev_hash": self.prev_hash, "seal": self.body()}))
                .expect("values serialize");
        line.push('\n');
        line
    }
}

fn seal_hash(prev_hash: &str, count: u64, last_seq: u64, segment_sha256: &str) -> String {
    let body = json!({"prev_hash": prev_hash, "seal": {"count": count, "last_seq": last_seq, "segment_sha256": segment_sha256}});
    sha256_tagged(serde_json::to_string(&body).expect("values serialize").as_bytes())
}

/// One line of a ledger file.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Entry(Entry),
    Seal(Seal),
}

impl Line {
    /// The `seq` of the last entry up to this line, and the hash the next line chains to.
    fn chain_end(&self) -> (u64, String) {
        match self {
            Line::Entry(e) => (e.seq, e.hash.clone()),
            Line::Seal(s) => (s.last_seq, s.hash.clone()),
        }
    }
}

/// The lines of `records` chained after `seq` and `prev` (the last line's),
/// and the `seq`s they get.
/// Each record is given as its canonical text (what serde_json writes for
/// its `Value`), so the lines are exactly [`entry_line`]'s.
pub(crate) fn encode_lines(mut seq: u64, prev: &str, records: &[&str]) -> (Vec<u8>, Vec<u64>) {
    let mut prev = prev.to_string();
    let mut out = Vec::new();
    let mut seqs = Vec::with_capacity(records.len());
    for record in records {
        seq += 1;
        let hash = append::entry_hash_text(seq, &prev, record);
        append::push_entry_line(&mut out, seq, &prev, &hash, record);
        seqs.push(seq);
        prev = hash;
    }
    (out, seqs)
}

/// The canonical texts of `records`.
fn texts(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| serde_json::to_string(r).expect("values serialize"))
        .collect()
}

/// The text of a ledger holding `records`, chained from the first line.
pub fn chain(records: &[Value]) -> Vec<u8> {
    let texts = texts(records);
    encode_lines(0, GENESIS, &texts.iter().map(String::as_str).collect::<Vec<_>>()).0
}

/// Appends `records` (each schema-checked first) and returns their `seq`s.
/// A ledger with no file yet is created segmented; one still kept as a single
/// file is appended to as such until migrated.
pub fn append(loc: &StoreLocation, records: &[Value]) -> Result<Vec<u64>, StoreError> {
    append_checked(loc, &check_all(loc, records)?)
}

/// [`append`] by a caller that holds the ledger's lock.
pub fn append_locked(loc: &StoreLocation, lock: &fsio::StoreLock, records: &[Value]) -> Result<Vec<u64>, StoreError> {
    append_checked_locked(loc, lock, &check_all(loc, records)?)
}

/// Each record schema-checked (every problem of every record reported).
pub fn check_all(loc: &StoreLocation, records: &[Value]) -> Result<Vec<Checked>, StoreError> {
    let mut problems = Vec::new();
    let mut checked = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        match Checked::new(loc, record, Some(&format!("new #{}", i + 1))) {
            Ok(c) => checked.push(c),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid { problems });
    }
    Ok(checked)
}

/// Appends to a ledger kept as one file. The caller holds the lock.
fn append_single(loc: &StoreLocation, records: &[&str]) -> Result<Vec<u64>, StoreError> {
    let mut file = fsio::open_checked(
        &loc.path,
        &loc.display,
        OpenOptions::new().create(true).truncate(false).read(true).write(true),
    )?;
    let tail = read_tail(loc, &mut file)?;
    let (seq, prev) = tail.chain_end(GENESIS);
    let (out, seqs) = encode_lines(seq, &prev, records);
    tail.write_after(loc, &mut file, &out)?;
    Ok(seqs)
}

/// Every entry of single-file ledger text (a file at a revision), failing on
/// the first problem.
pub fn parse_bytes(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<Entry>, StoreError> {
    let mut state = ChainState::genesis();
    collect(|visit| scan_file(loc, bytes, &mut state, visit).map(|_| ()))
}

/// One segment's lines read on their own (the merge driver sees one file):
/// the chain state its first entry starts from, its entries, and whether it
/// is sealed.
#[derive(Debug, Default)]
pub struct SegmentLines {
    /// The `seq` of its first entry and the hash that entry chains to.
    pub start: Option<(u64, String)>,
    pub entries: Vec<Entry>,
    pub sealed: bool,
    /// Its seal, when sealed.
    pub seal: Option<Seal>,
}

/// Reads one segment's bytes on their own, failing on the first problem.
pub fn parse_segment(loc: &StoreLocation, bytes: &[u8]) -> Result<SegmentLines, StoreError> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.is_empty() {
        return Ok(SegmentLines::default());
    }
    let start = match parse_any(loc, first, Some(1))? {
        Line::Entry(e) => (e.seq, e.prev_hash),
        Line::Seal(s) => (s.last_seq + 1, s.prev_hash),
    };
    let mut state = ChainState {
        next_seq: start.0,
        prev: start.1.clone(),
    };
    let mut end = FileEnd::default();
    let entries = collect(|visit| {
        end = scan_file(loc, bytes, &mut state, visit)?;
        Ok(())
    })?;
    Ok(SegmentLines {
        start: Some(start),
        entries,
        sealed: end.sealed,
        seal: end.seal,
    })
}

/// The lines of `records` chained from `seq` (the first one's) and `prev`.
pub fn chain_from(seq: u64, prev: &str, records: &[Value]) -> Vec<u8> {
    let texts = texts(records);
    encode_lines(
        seq.saturating_sub(1),
        prev,
        &texts.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .0
}

/// Problems only; see [`inspect`].
pub fn check(loc: &StoreLocation) -> Vec<Problem> {
    inspect(loc).problems
}

/// Reads every entry in order, failing on the first problem.
pub fn read(loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
    fsio::check_path(&loc.path)?;
    if segments::layout(loc) == segments::Layout::Segmented {
        return segments::read(loc);
    }
    match File::open(&loc.path) {
        Ok(f) => {
            let mut state = ChainState::genesis();
            collect(|visit| scan_file(loc, BufReader::new(f), &mut state, visit).map(|_| ()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(StoreError::io("read", &loc.display, e)),
    }
}

/// Hands every entry to `visit` in order, as [`read`] reads them, without
/// keeping them: memory stays that of the segments being verified, however
/// long the ledger. Stops when `visit` returns false, and fails on the first
/// problem (the entries before it were visited).
pub fn for_each(loc: &StoreLocation, visit: &mut dyn FnMut(Entry) -> bool) -> Result<(), StoreError> {
    fsio::check_path(&loc.path)?;
    let mut failure = None;
    let mut each = |entry: Result<Entry, Problem>| match entry {
        Ok(e) => visit(e),
        Err(p) => {
            failure = Some(p);
            false
        }
    };
    if segments::layout(loc) == segments::Layout::Segmented {
        segments::for_each(loc, &mut each)?;
    } else {
        match File::open(&loc.path) {
            Ok(f) => {
                scan_file(loc, BufReader::new(f), &mut ChainState::genesis(), &mut each)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io("read", &loc.display, e)),
        }
    }
    match failure {
        Some(problem) => Err(StoreError::Ledger {
            problem: Box::new(problem),
        }),
        None => Ok(()),
    }
}

/// Runs `scan` with a visitor that keeps entries and stops at the first problem.
pub(crate) fn collect(
    scan: impl FnOnce(&mut dyn FnMut(Result<Entry, Problem>) -> bool) -> Result<(), StoreError>,
) -> Result<Vec<Entry>, StoreError> {
    collect_sized(0, scan)
}

/// [`collect`] into room for `capacity` entries.
pub(crate) fn collect_sized(
    capacity: usize,
    scan: impl FnOnce(&mut dyn FnMut(Result<Entry, Problem>) -> bool) -> Result<(), StoreError>,
) -> Result<Vec<Entry>, StoreError> {
    let mut entries = Vec::with_capacity(capacity);
    let mut failure = None;
    scan(&mut |entry| match entry {
        Ok(e) => {
            entries.push(e);
            true
        }
        Err(p) => {
            failure = Some(p);
            false
        }
    })?;
    match failure {
        Some(problem) => Err(StoreError::Ledger {
            problem: Box::new(problem),
        }),
        None => Ok(entries),
    }
}

/// Where the chain stands between lines: the `seq` the next entry must
/// have and the hash it must chain to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChainState {
    pub next_seq: u64,
    pub prev: String,
}

impl ChainState {
    pub fn genesis() -> ChainState {
        ChainState {
            next_seq: 1,
            prev: GENESIS.to_string(),
        }
    }
}

/// What one file held, when the scan read it to the end.
#[derive(Debug, Default)]
pub(crate) struct FileEnd {
    pub entries: u64,
    pub sealed: bool,
    /// The seal line, when it is the last line.
    pub seal: Option<Seal>,
    pub stopped: bool,
}

/// Walks one ledger file line by line from `state`, verifying hashes, the
/// chain, a seal (last line only) and record schemas; `visit` returns false
/// to stop.
pub(crate) fn scan_file(
    loc: &StoreLocation,
    reader: impl BufRead,
    state: &mut ChainState,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<FileEnd, StoreError> {
    scan_lines(loc, reader, None, state, visit)
}

/// [`scan_file`] of a file's whole text held in `source`: records keep
/// their text in it rather than a copy each.
pub(crate) fn scan_text(
    loc: &StoreLocation,
    source: &Arc<String>,
    state: &mut ChainState,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<FileEnd, StoreError> {
    scan_lines(loc, source.as_bytes(), Some(source), state, visit)
}

fn scan_lines(
    loc: &StoreLocation,
    mut reader: impl BufRead,
    source: Option<&Arc<String>>,
    state: &mut ChainState,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<FileEnd, StoreError> {
    let mut buffer = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0usize;
    let mut end = FileEnd::default();
    let mut digest = Sha256::new();
    let stop = |mut end: FileEnd| {
        end.stopped = true;
        Ok(end)
    };
    loop {
        // A text held whole is cut at its newlines in place (a vectorised
        // search); a reader's lines are read into the buffer.
        let line: &[u8] = match source {
            Some(text) => {
                let rest = &text[offset..];
                memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.as_bytes(), |i| &rest.as_bytes()[..=i])
            }
            None => {
                buffer.clear();
                reader
                    .read_until(b'\n', &mut buffer)
                    .map_err(|e| StoreError::io("read", &loc.display, e))?;
                &buffer
            }
        };
        let n = line.len();
        if n == 0 {
            return Ok(end);
        }
        let at = offset;
        offset += n;
        line_no += 1;
        let terminated = line.last() == Some(&b'\n');
        let text = if terminated { &line[..line.len() - 1] } else { line };
        let parsed = parse_line_in(loc, text, source.map(|s| (s, at)), Some(line_no));
        if !terminated && parsed.is_err() {
            let p = Problem::new(
                &loc.display,
                format!("the last line is torn ({n} bytes without a newline): a write was interrupted"),
            )
            .line(line_no)
            .integrity(Integrity::TornTail)
            .hint("it was never acknowledged; the next append to this ledger (or `cavra ops repair`) truncates it");
            visit(Err(p));
            return stop(end);
        }
        let seal_problem = |message: String| {
            Problem::new(&loc.display, message)
                .line(line_no)
                .field("seal")
                .integrity(Integrity::ChainBroken)
                .hint(RESTORE_HINT)
        };
        if end.sealed {
            if !visit(Err(seal_problem(
                "follows the seal: a sealed segment never changes".into(),
            ))) {
                return stop(end);
            }
            continue;
        }
        let (entry, checked) = match parsed {
            Ok((Line::Entry(e), checked)) => (e, checked),
            Ok((Line::Seal(seal), _)) => {
                let expected = Seal {
                    prev_hash: state.prev.clone(),
                    hash: String::new(),
                    count: end.entries,
                    last_seq: state.next_seq - 1,
                    segment_sha256: tagged(&digest),
                };
                let wrong = if seal.prev_hash != expected.prev_hash {
                    Some("prev_hash does not match the last entry's hash".to_string())
                } else if (seal.count, seal.last_seq) != (expected.count, expected.last_seq) {
                    Some(format!(
                        "says {} entries up to seq {}, the segment holds {} up to seq {}",
                        seal.count, seal.last_seq, expected.count, expected.last_seq
                    ))
                } else if seal.segment_sha256 != expected.segment_sha256 {
                    Some("segment_sha256 does not match the segment's bytes: the segment was edited".to_string())
                } else {
                    None
                };
                end.sealed = true;
                state.prev = seal.hash.clone();
                end.seal = Some(seal);
                if let Some(message) = wrong
                    && !visit(Err(seal_problem(message)))
                {
                    return stop(end);
                }
                continue;
            }
            Err(StoreError::Ledger { problem }) => {
                if !visit(Err(*problem)) {
                    return stop(end);
                }
                digest.update(line);
                state.next_seq += 1;
                end.entries += 1;
                continue;
            }
            Err(other) => return Err(other),
        };
        digest.update(line);
        end.entries += 1;
        let mut problem = None;
        if entry.seq != state.next_seq {
            problem = Some(
                Problem::new(
                    &loc.display,
                    format!(
                        "is {}, expected {}: a line was removed, reordered or inserted",
                        entry.seq, state.next_seq
                    ),
                )
                .line(line_no)
                .field("seq")
                .integrity(Integrity::ChainBroken),
            );
        } else if entry.prev_hash != state.prev {
            problem = Some(
                Problem::new(
                    &loc.display,
                    "does not match the previous line's hash: a line was removed, reordered or edited",
                )
                .line(line_no)
                .field("prev_hash")
                .integrity(Integrity::ChainBroken),
            );
        }
        // The record's label is only spelled out when it has problems.
        let mut record_problems = match checked {
            true => Vec::new(),
            false => schema::check_record(
                prune::record_schema(loc, &entry.record),
                &entry.record,
                &loc.display,
                None,
            ),
        };
        for p in &mut record_problems {
            p.record = Some(format!("seq {}", entry.seq));
        }
        state.next_seq = entry.seq + 1;
        state.prev.clone_from(&entry.hash);
        if let Some(p) = problem {
            if !visit(Err(p.hint(RESTORE_HINT))) {
                return stop(end);
            }
            continue;
        }
        if !record_problems.is_empty() {
            for p in record_problems {
                if !visit(Err(p.line(line_no))) {
                    return stop(end);
                }
            }
            continue;
        }
        if !visit(Ok(entry)) {
            return stop(end);
        }
    }
}

#[cfg(test)]
#[path = "ledger/tests.rs"]
mod tests;
