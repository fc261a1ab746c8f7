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
//! An append is acknowledged only after that fsync, so a last line without its
//! newline (a writer killed mid-write) was never acknowledged: reads report it
//! as a torn tail, and the next append truncates it before writing.

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
    let mut file = fsio::open_checked(
        &loc.path,
        &loc.display,
        OpenOptions::new().create(true).truncate(false).read(true).write(true),
    )?;
    let tail = read_tail(loc, &mut file)?;
    if tail.torn_bytes > 0 {
        file.set_len(tail.complete_len)
            .map_err(|e| StoreError::io("truncate torn tail of", &loc.display, e))?;
    }
    let (seq, prev) = tail.last.unwrap_or((0, GENESIS.to_string()));
    let (out, seqs) = encode_lines(seq, &prev, records);
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

/// Truncates a torn last line (one without its newline, so never
/// acknowledged) and returns how many bytes went; `None` when the last line
/// is whole. The caller holds the store lock.
pub fn truncate_torn_tail(loc: &StoreLocation) -> Result<Option<u64>, StoreError> {
    let mut file = fsio::open_checked(&loc.path, &loc.display, OpenOptions::new().read(true).write(true))?;
    let tail = read_tail(loc, &mut file)?;
    if tail.torn_bytes == 0 {
        return Ok(None);
    }
    file.set_len(tail.complete_len)
        .map_err(|e| StoreError::io("truncate torn tail of", &loc.display, e))?;
    file.sync_data().map_err(|e| StoreError::io("sync", &loc.display, e))?;
    Ok(Some(tail.torn_bytes))
}

struct Tail {
    /// Bytes up to and including the last newline.
    complete_len: u64,
    /// `seq` and `hash` of the last complete line.
    last: Option<(u64, String)>,
    torn_bytes: u64,
}

/// Reads backwards from the end just far enough to find the last complete
/// line (and any torn bytes after it).
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
        let Some(nl) = buf.iter().rposition(|&b| b == b'\n') else {
            if start == 0 {
                return Ok(Tail {
                    complete_len: 0,
                    last: None,
                    torn_bytes: len,
                });
            }
            chunk *= 4;
            continue;
        };
        let line_start = match buf[..nl].iter().rposition(|&b| b == b'\n') {
            Some(i) => i + 1,
            None if start == 0 => 0,
            None => {
                chunk *= 4;
                continue;
            }
        };
        let complete_len = start + nl as u64 + 1;
        let entry = parse_line(loc, &buf[line_start..nl], None)?;
        return Ok(Tail {
            complete_len,
            last: Some((entry.seq, entry.hash)),
            torn_bytes: len - complete_len,
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
    let unreadable = |message: String| Inspection {
        exists: true,
        problems: vec![Problem::new(&loc.display, message).integrity(Integrity::Unreadable)],
        ..Inspection::default()
    };
    if let Err(e) = fsio::check_path(&loc.path) {
        return unreadable(e.to_string());
    }
    let file = match File::open(&loc.path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Inspection::default(),
        Err(e) => return unreadable(format!("cannot read: {e}")),
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
    fsio::check_path(&loc.path)?;
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
        if line.last() != Some(&b'\n') {
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
        let entry = match parse_line(loc, &line[..line.len() - 1], Some(line_no)) {
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
