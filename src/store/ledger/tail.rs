//! A ledger file's end as an append and repair see it: the last complete
//! line, torn bytes after it (not a complete, hash-valid line: never
//! acknowledged, so truncated), or a complete last entry that only lacks its
//! newline (kept: the newline is added). Found by reading backwards from the
//! end just far enough, never the whole file.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::{Line, parse_any, segments};
use crate::error::StoreError;
use crate::store::fsio;
use crate::store::registry::StoreLocation;

/// What [`repair_tail`] did to a ledger's last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TailRepair {
    /// Removed this many bytes of a torn line (not a complete, hash-valid
    /// entry, so never acknowledged).
    Truncated(u64),
    /// Added the newline a complete, hash-valid last entry was missing.
    NewlineAdded,
}

/// Repairs the last line of a ledger (of its active segment): truncates a
/// torn line, or adds the newline a complete entry lost; `None` when the last
/// line is whole. Bytes that verify are never removed. The caller holds the
/// store lock. Returns the file repaired, as messages name it.
pub fn repair_tail(loc: &StoreLocation) -> Result<Option<(PathBuf, TailRepair)>, StoreError> {
    let file_loc = match segments::layout(loc) {
        segments::Layout::Single if loc.path.exists() => loc.clone(),
        segments::Layout::Single => return Ok(None),
        segments::Layout::Segmented => match segments::names(&segments::dir(loc))?.0.last() {
            Some(name) => segments::segment_loc(loc, name),
            None => return Ok(None),
        },
    };
    let mut file = fsio::open_checked(
        &file_loc.path,
        &file_loc.display,
        OpenOptions::new().read(true).write(true),
    )?;
    let tail = read_tail(&file_loc, &mut file)?;
    let done = if tail.torn_bytes > 0 {
        TailRepair::Truncated(tail.torn_bytes)
    } else if tail.missing_newline {
        TailRepair::NewlineAdded
    } else {
        return Ok(None);
    };
    tail.write_after(&file_loc, &mut file, b"")?;
    Ok(Some((file_loc.display, done)))
}

/// The end of a ledger file as an append finds it.
pub(crate) struct Tail {
    /// Bytes of whole lines: up to and including the last newline, or the
    /// whole file when its last line is a complete entry lacking the newline.
    pub complete_len: u64,
    /// The last complete line.
    pub last: Option<Line>,
    /// Bytes after `complete_len` that are not a complete, hash-valid line.
    pub torn_bytes: u64,
    /// The last line is complete and hash-valid but has no newline.
    pub missing_newline: bool,
}

impl Tail {
    /// The `seq` of the last entry and the hash the next line chains to;
    /// `(0, start)` for an empty file.
    pub fn chain_end(&self, start: &str) -> (u64, String) {
        self.last.as_ref().map_or((0, start.to_string()), Line::chain_end)
    }

    /// The bytes of whole lines once the newline a complete last line lacks is added.
    pub fn whole_len(&self) -> u64 {
        self.complete_len + u64::from(self.missing_newline)
    }

    /// Truncates torn bytes, adds a missing newline, writes `bytes` after
    /// the whole lines and fsyncs.
    pub fn write_after(&self, loc: &StoreLocation, file: &mut File, bytes: &[u8]) -> Result<(), StoreError> {
        if self.torn_bytes > 0 {
            file.set_len(self.complete_len)
                .map_err(|e| StoreError::io("truncate torn tail of", &loc.display, e))?;
        }
        let mut out = Vec::with_capacity(bytes.len() + 1);
        if self.missing_newline {
            out.push(b'\n');
        }
        out.extend_from_slice(bytes);
        file.seek(SeekFrom::Start(self.complete_len))
            .map_err(|e| StoreError::io("seek", &loc.display, e))?;
        file.write_all(&out)
            .map_err(|e| StoreError::io("append to", &loc.display, e))?;
        file.sync_data().map_err(|e| StoreError::io("sync", &loc.display, e))
    }
}

/// Reads backwards from the end just far enough to find the last complete
/// line (and any torn bytes after it).
pub(crate) fn read_tail(loc: &StoreLocation, file: &mut File) -> Result<Tail, StoreError> {
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
        let prev_start = nl.and_then(|nl| buf[..nl].iter().rposition(|&b| b == b'\n').map(|i| i + 1));
        if start > 0 && prev_start.is_none() {
            chunk *= 4;
            continue;
        }
        let unterminated = &buf[after..];
        if !unterminated.is_empty()
            && let Ok(line) = parse_any(loc, unterminated, None)
        {
            return Ok(Tail {
                complete_len: len,
                last: Some(line),
                torn_bytes: 0,
                missing_newline: true,
            });
        }
        let complete_len = start + after as u64;
        let last = match nl {
            Some(nl) => Some(parse_any(loc, &buf[prev_start.unwrap_or(0)..nl], None)?),
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
