//! Ledger stores: append-only history as hash-chained JSON Lines.
//!
//! Each line is `{"hash","prev_hash","record","seq"}`: `seq` counts from 1,
//! `prev_hash` is the previous line's `hash` ([`GENESIS`] for the first), and
//! `hash` is sha256 over the canonical compact JSON of `{prev_hash, record,
//! seq}`. Deleting, reordering or editing a line breaks the chain, and
//! `cavra validate` says where.
//!
//! Appending is O(1): it reads only the file's tail for the last `seq` and
//! `hash`, writes the new lines in one `write`, and fsyncs before returning.
//! An append is acknowledged only after that fsync. A last line without its
//! newline is torn only when it is not a complete, hash-valid entry (a writer
//! killed mid-line): that was never acknowledged, reads report it, and the
//! next append or `cavra ops repair` truncates it. A complete entry that only
//! lost its newline verifies, so it is kept: append and repair add the
//! newline. Nothing that verifies is ever removed.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};

use serde_json::{Value, json};

use super::registry::StoreLocation;
use super::{Inspection, fsio, schema, sha256_tagged};
use crate::error::{Integrity, Problem, StoreError};

/// `prev_hash` of the first line.
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// One verified line of a ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub record: Value,
}

/// The hash of a line with these contents.
pub fn entry_hash(seq: u64, prev_hash: &str, record: &Value) -> String {
    let body = json!({ "prev_hash": prev_hash, "record": record, "seq": seq });
    sha256_tagged(serde_json::to_string(&body).expect("values serialize").as_bytes())
}

/// An entry's line as the file holds it, newline included.
pub fn entry_line(seq: u64, prev_hash: &str, hash: &str, record: &Value) -> String {
    let mut line = serde_json::to_string(&json!({
        "hash": hash, "prev_hash": prev_hash, "record": record, "seq": seq,
    }))
    .expect("values serialize");
    line.push('\n');
    line
}

/// The lines of `records` chained after `seq` and `prev` (the last line's),
/// and the `seq`s they get.
fn encode_lines(mut seq: u64, prev: &str, records: &[Value]) -> (String, Vec<u64>) {
    let mut prev = prev.to_string();
    let mut out = String::new();
    let mut seqs = Vec::with_capacity(records.len());
    for record in records {
        seq += 1;
        let hash = entry_hash(seq, &prev, record);
        out.push_str(&entry_line(seq, &prev, &hash, record));
        seqs.push(seq);
        prev = hash;
    }
    (out, seqs)
}

/// The text of a ledger holding `records`, chained from the first line.
pub fn chain(records: &[Value]) -> Vec<u8> {
    encode_lines(0, GENESIS, records).0.into_bytes()
}

/// Appends `records` (each schema-checked first) and returns their `seq`s.
pub fn append(loc: &StoreLocation, records: &[Value]) -> Result<Vec<u64>, StoreError> {
    let mut problems = Vec::new();
    for (i, record) in records.iter().enumerate() {
        problems.extend(schema::check_record(
            loc.def.record_schema,
            record,
            &loc.display,
            Some(&format!("new #{}", i + 1)),
        ));
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid { problems });
    }
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let created = !loc.path.exists();
    if created {
        std::fs::create_dir_all(fsio::parent_dir(&loc.path))
            .map_err(|e| StoreError::io("create", &fsio::parent_dir(&loc.path), e))?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&loc.path)
        .map_err(|e| StoreError::io("open", &loc.display, e))?;
    let tail = read_tail(loc, &mut file)?;
    if tail.torn_bytes > 0 {
        file.set_len(tail.complete_len)
            .map_err(|e| StoreError::io("truncate torn tail of", &loc.display, e))?;
    }
    let (seq, prev) = tail.last.unwrap_or((0, GENESIS.to_string()));
    let (mut out, seqs) = encode_lines(seq, &prev, records);
    if tail.missing_newline {
        out.insert(0, '\n');
    }
    file.seek(SeekFrom::Start(tail.complete_len))
        .map_err(|e| StoreError::io("seek", &loc.display, e))?;
    file.write_all(out.as_bytes())
        .map_err(|e| StoreError::io("append to", &loc.display, e))?;
    file.sync_data().map_err(|e| StoreError::io("sync", &loc.display, e))?;
    if created {
        fsio::sync_dir(&fsio::parent_dir(&loc.path))?;
    }
    Ok(seqs)
}

/// What [`repair_tail`] did to a ledger's last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailRepair {
    /// Removed this many bytes of a torn line (not a complete, hash-valid
    /// entry, so never acknowledged).
    Truncated(u64),
    /// Added the newline a complete, hash-valid last entry was missing.
    NewlineAdded,
}

/// Repairs the last line of a ledger: truncates a torn line, or adds the
/// newline a complete entry lost; `None` when the last line is whole. Bytes
/// that verify are never removed. The caller holds the store lock.
pub fn repair_tail(loc: &StoreLocation) -> Result<Option<TailRepair>, StoreError> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&loc.path)
        .map_err(|e| StoreError::io("open", &loc.display, e))?;
    let tail = read_tail(loc, &mut file)?;
    let done = if tail.torn_bytes > 0 {
        file.set_len(tail.complete_len)
            .map_err(|e| StoreError::io("truncate torn tail of", &loc.display, e))?;
        TailRepair::Truncated(tail.torn_bytes)
    } else if tail.missing_newline {
        file.seek(SeekFrom::Start(tail.complete_len))
            .map_err(|e| StoreError::io("seek", &loc.display, e))?;
        file.write_all(b"\n")
            .map_err(|e| StoreError::io("append to", &loc.display, e))?;
        TailRepair::NewlineAdded
    } else {
        return Ok(None);
    };
    file.sync_data().map_err(|e| StoreError::io("sync", &loc.display, e))?;
    Ok(Some(done))
}

struct Tail {
    /// Bytes of whole entries: up to and including the last newline, or the
    /// whole file when its last entry only lacks the newline.
    complete_len: u64,
    /// `seq` and `hash` of the last complete entry.
    last: Option<(u64, String)>,
    /// Bytes after `complete_len` that are not a complete, hash-valid entry.
    torn_bytes: u64,
    /// The last entry is complete and hash-valid but has no newline.
    missing_newline: bool,
}

/// Reads backwards from the end just far enough to find the last complete
/// entry (and any torn bytes after it).
fn read_tail(loc: &StoreLocation, file: &mut File) -> Result<Tail, StoreError> {
    let len = file
        .metadata()
        .map_err(|e| StoreError::io("stat", &loc.display, e))?
        .len();
    let mut chunk: u64 = 64 * 1024;
    loop {
        let start = len.saturating_sub(chunk);
        let mut buf = vec![0u8; (len - start) as usize];
        file.seek(SeekFrom::Start(start))
            .map_err(|e| StoreError::io("seek", &loc.display, e))?;
        file.read_exact(&mut buf)
            .map_err(|e| StoreError::io("read", &loc.display, e))?;
        // The unterminated bytes after the last newline, and the last whole line.
        let nl = buf.iter().rposition(|&b| b == b'\n');
        let after = nl.map_or(0, |i| i + 1);
        let prev_start = match nl {
            Some(nl) => buf[..nl].iter().rposition(|&b| b == b'\n').map(|i| i + 1),
            None => None,
        };
        if start > 0 && (nl.is_none() || prev_start.is_none()) {
            chunk *= 4;
            continue;
        }
        let unterminated = &buf[after..];
        if !unterminated.is_empty()
            && let Ok(entry) = parse_line(loc, unterminated, None)
        {
            return Ok(Tail {
                complete_len: len,
                last: Some((entry.seq, entry.hash)),
                torn_bytes: 0,
                missing_newline: true,
            });
        }
        let complete_len = start + after as u64;
        let last = match nl {
            Some(nl) => {
                let entry = parse_line(loc, &buf[prev_start.unwrap_or(0)..nl], None)?;
                Some((entry.seq, entry.hash))
            }
            None => None,
        };
        return Ok(Tail {
            complete_len,
            last,
            torn_bytes: len - complete_len,
            missing_newline: false,
        });
    }
}

/// Parses one line and checks its own hash (not its place in the chain).
fn parse_line(loc: &StoreLocation, line: &[u8], line_no: Option<usize>) -> Result<Entry, StoreError> {
    let fail = |message: String, field: Option<&str>| {
        let mut p = Problem::new(&loc.display, message)
            .hint("a ledger is append-only: restore it with `git checkout -- <file>` or from a backup".to_string());
        if let Some(n) = line_no {
            p = p.line(n);
        }
        if let Some(f) = field {
            p = p.field(f);
            if matches!(f, "seq" | "prev_hash" | "hash") {
                p = p.integrity(Integrity::ChainBroken);
            }
        }
        StoreError::Ledger { problem: Box::new(p) }
    };
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        fail(
            format!("not valid JSON: {}", crate::error::strip_position(&e.to_string())),
            None,
        )
    })?;
    let problems = schema::check(loc.def.file_schema, &value, &loc.display, None);
    if let Some(p) = problems.into_iter().next() {
        return Err(fail(p.message, p.field.as_deref()));
    }
    let entry = Entry {
        seq: value["seq"].as_u64().unwrap_or_default(),
        prev_hash: value["prev_hash"].as_str().unwrap_or_default().to_string(),
        hash: value["hash"].as_str().unwrap_or_default().to_string(),
        record: value["record"].clone(),
    };
    let computed = entry_hash(entry.seq, &entry.prev_hash, &entry.record);
    if computed != entry.hash {
        return Err(fail(
            format!("does not match the line (computed {computed}): the line was edited"),
            Some("hash"),
        ));
    }
    Ok(entry)
}

/// Every problem with a ledger: JSON, entry and record schemas, the chain,
/// and a torn last line; with its size and entry count.
pub fn inspect(loc: &StoreLocation) -> Inspection {
    let file = match File::open(&loc.path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Inspection::default(),
        Err(e) => {
            return Inspection {
                exists: true,
                problems: vec![
                    Problem::new(&loc.display, format!("cannot read: {e}")).integrity(Integrity::Unreadable),
                ],
                ..Inspection::default()
            };
        }
    };
    let bytes = file.metadata().map(|m| m.len()).unwrap_or_default();
    inspect_reader(loc, BufReader::new(file), bytes)
}

/// [`inspect`] on bytes already read (a file at a git revision, a backup).
pub fn inspect_bytes(loc: &StoreLocation, bytes: &[u8]) -> Inspection {
    inspect_reader(loc, bytes, bytes.len() as u64)
}

fn inspect_reader(loc: &StoreLocation, reader: impl BufRead, bytes: u64) -> Inspection {
    let mut out = Inspection {
        exists: true,
        bytes,
        ..Inspection::default()
    };
    let mut problems = Vec::new();
    let mut records = 0;
    if let Err(e) = scan(loc, reader, &mut |entry| {
        match entry {
            Ok(_) => records += 1,
            Err(p) => problems.push(p),
        }
        problems.len() < 1000
    }) {
        problems.push(Problem::new(&loc.display, crate::error::error_chain(&e)).integrity(Integrity::Unreadable));
    }
    out.records = records;
    out.problems = problems;
    out
}

/// Every entry of ledger text (a file at a revision), failing on the first problem.
pub fn parse_bytes(loc: &StoreLocation, bytes: &[u8]) -> Result<Vec<Entry>, StoreError> {
    collect(loc, bytes)
}

/// Problems only; see [`inspect`].
pub fn check(loc: &StoreLocation) -> Vec<Problem> {
    inspect(loc).problems
}

/// Reads every entry, failing on the first problem.
pub fn read(loc: &StoreLocation) -> Result<Vec<Entry>, StoreError> {
    match File::open(&loc.path) {
        Ok(f) => collect(loc, BufReader::new(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(StoreError::io("read", &loc.display, e)),
    }
}

fn collect(loc: &StoreLocation, reader: impl BufRead) -> Result<Vec<Entry>, StoreError> {
    let mut entries = Vec::new();
    let mut failure = None;
    scan(loc, reader, &mut |entry| match entry {
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

/// Walks the ledger line by line, verifying hashes, the chain and record
/// schemas; `visit` returns false to stop.
fn scan(
    loc: &StoreLocation,
    mut reader: impl BufRead,
    visit: &mut dyn FnMut(Result<Entry, Problem>) -> bool,
) -> Result<(), StoreError> {
    let mut line = Vec::new();
    let mut expected_seq = 1u64;
    let mut prev = GENESIS.to_string();
    let mut line_no = 0usize;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| StoreError::io("read", &loc.display, e))?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let terminated = line.last() == Some(&b'\n');
        if !terminated && parse_line(loc, &line, Some(line_no)).is_err() {
            let p = Problem::new(
                &loc.display,
                format!("the last line is torn ({n} bytes without a newline): a write was interrupted"),
            )
            .line(line_no)
            .integrity(Integrity::TornTail)
            .hint("it was never acknowledged; the next append to this ledger truncates it");
            visit(Err(p));
            return Ok(());
        }
        let text = if terminated { &line[..line.len() - 1] } else { &line[..] };
        let entry = match parse_line(loc, text, Some(line_no)) {
            Ok(e) => e,
            Err(StoreError::Ledger { problem }) => {
                if !visit(Err(*problem)) {
                    return Ok(());
                }
                expected_seq += 1;
                continue;
            }
            Err(other) => return Err(other),
        };
        let mut problem = None;
        if entry.seq != expected_seq {
            problem = Some(
                Problem::new(
                    &loc.display,
                    format!(
                        "is {}, expected {expected_seq}: a line was removed, reordered or inserted",
                        entry.seq
                    ),
                )
                .line(line_no)
                .field("seq")
                .integrity(Integrity::ChainBroken),
            );
        } else if entry.prev_hash != prev {
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
        let record_problems = schema::check_record(
            loc.def.record_schema,
            &entry.record,
            &loc.display,
            Some(&format!("seq {}", entry.seq)),
        );
        expected_seq = entry.seq + 1;
        prev = entry.hash.clone();
        if let Some(p) = problem {
            if !visit(Err(p.hint(
                "a ledger is append-only: restore it with `git checkout -- <file>` or from a backup",
            ))) {
                return Ok(());
            }
            continue;
        }
        if !record_problems.is_empty() {
            for p in record_problems {
                if !visit(Err(p.line(line_no))) {
                    return Ok(());
                }
            }
            continue;
        }
        if !visit(Ok(entry)) {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::registry::{EVIDENCE_METADATA, StoreLocation};
    use super::*;

    fn loc(dir: &std::path::Path) -> StoreLocation {
        StoreLocation::at(&EVIDENCE_METADATA, dir.join("metadata.jsonl"), "test")
    }

    fn rec(n: u32) -> Value {
        json!({"metadata_kind": "test", "created_at": "2026-01-01T00:00:00Z", "n": n})
    }

    #[test]
    fn appends_chain_and_verify() {
        let dir = tempfile::tempdir().unwrap();
        let l = loc(dir.path());
        assert_eq!(append(&l, &[rec(1), rec(2)]).unwrap(), vec![1, 2]);
        assert_eq!(append(&l, &[rec(3)]).unwrap(), vec![3]);
        let entries = read(&l).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[2].prev_hash, entries[1].hash);
        assert!(check(&l).is_empty());
    }

    #[test]
    fn torn_tail_is_reported_then_truncated_by_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let l = loc(dir.path());
        append(&l, &[rec(1)]).unwrap();
        let mut f = OpenOptions::new().append(true).open(&l.path).unwrap();
        f.write_all(br#"{"hash":"sha256:ab"#).unwrap();
        let problems = check(&l);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("torn"), "{problems:?}");
        assert!(read(&l).is_err());
        assert_eq!(append(&l, &[rec(2)]).unwrap(), vec![2]);
        assert!(check(&l).is_empty());
        assert_eq!(read(&l).unwrap().len(), 2);
    }

    #[test]
    fn a_complete_entry_missing_its_newline_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let l = loc(dir.path());
        append(&l, &[rec(1), rec(2), rec(3)]).unwrap();
        let whole = std::fs::read(&l.path).unwrap();
        std::fs::write(&l.path, &whole[..whole.len() - 1]).unwrap();
        assert!(check(&l).is_empty(), "{:?}", check(&l));
        assert_eq!(read(&l).unwrap().len(), 3);
        assert_eq!(append(&l, &[rec(4)]).unwrap(), vec![4]);
        let entries = read(&l).unwrap();
        assert_eq!(
            entries
                .iter()
                .map(|e| e.record["n"].as_u64().unwrap())
                .collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert!(std::fs::read(&l.path).unwrap().starts_with(&whole));
        // Repair adds the newline and removes nothing.
        let whole = std::fs::read(&l.path).unwrap();
        std::fs::write(&l.path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(repair_tail(&l).unwrap(), Some(TailRepair::NewlineAdded));
        assert_eq!(std::fs::read(&l.path).unwrap(), whole);
        assert_eq!(repair_tail(&l).unwrap(), None);
        // A single entry without its newline, too.
        let one = loc(&dir.path().join("one"));
        append(&one, &[rec(1)]).unwrap();
        let whole = std::fs::read(&one.path).unwrap();
        std::fs::write(&one.path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(append(&one, &[rec(2)]).unwrap(), vec![2]);
        assert!(check(&one).is_empty());
        // A torn line (a complete entry minus its closing brace) is still torn.
        let whole = std::fs::read(&one.path).unwrap();
        std::fs::write(&one.path, &whole[..whole.len() - 2]).unwrap();
        let first_line = whole.iter().position(|&b| b == b'\n').unwrap() + 1;
        let torn = (whole.len() - 2 - first_line) as u64;
        assert_eq!(repair_tail(&one).unwrap(), Some(TailRepair::Truncated(torn)));
        assert_eq!(std::fs::read(&one.path).unwrap(), &whole[..first_line]);
    }

    #[test]
    fn edits_and_deletions_break_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let l = loc(dir.path());
        append(&l, &[rec(1), rec(2), rec(3)]).unwrap();
        let text = std::fs::read_to_string(&l.path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(&l.path, format!("{}\n{}\n", lines[0], lines[2])).unwrap();
        let problems = check(&l);
        assert_eq!(problems[0].line, Some(2));
        assert_eq!(problems[0].field.as_deref(), Some("seq"));
        std::fs::write(&l.path, text.replace("\"n\":2", "\"n\":9")).unwrap();
        let problems = check(&l);
        assert_eq!(problems[0].field.as_deref(), Some("hash"));
    }

    #[test]
    fn long_lines_are_found_from_the_tail() {
        let dir = tempfile::tempdir().unwrap();
        let l = loc(dir.path());
        let big = json!({"metadata_kind": "test", "created_at": "2026-01-01T00:00:00Z", "blob": "x".repeat(200_000)});
        append(&l, &[big.clone(), big]).unwrap();
        assert_eq!(append(&l, &[rec(3)]).unwrap(), vec![3]);
        assert!(check(&l).is_empty());
    }
}
