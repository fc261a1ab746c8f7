//! A ledger's checkpoint: a small committed file, `<ledger>/checkpoint`, in
//! the C2SP tlog-checkpoint note form, rewritten (atomically, under the store
//! lock) by every append:
//!
//! ```text
//! cavra/<ledger name>
//! <entries: the seq of the last entry>
//! <base64 of the last entry's sha256>
//!
//! ```
//!
//! (no signature lines). A hash chain cannot see its own tail being cut or
//! re-chained; the checkpoint commits to the head, so `cavra validate` finds
//! a ledger shorter than, or different from, what its checkpoint says, and a
//! clone that pinned a checkpoint (see `ops::ledger`) finds a history rewrite.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::segments;
use crate::error::{Integrity, Problem, StoreError};
use crate::store::fsio;
use crate::store::registry::StoreLocation;

/// The file name inside the ledger directory.
pub const NAME: &str = "checkpoint";

/// A ledger's head: how many entries (the last `seq`) and the last entry's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    /// `sha256:<hex>`, as entries spell it.
    pub hash: String,
}

impl Checkpoint {
    pub fn new(loc: &StoreLocation, size: u64, hash: &str) -> Checkpoint {
        Checkpoint {
            origin: format!("cavra/{}", loc.def.name),
            size,
            hash: hash.to_string(),
        }
    }

    /// The note text: origin, size, base64 hash, then the blank line that
    /// ends a note's text (no signatures follow).
    pub fn text(&self) -> String {
        let raw = hex_bytes(self.hash.trim_start_matches("sha256:")).unwrap_or_default();
        format!("{}\n{}\n{}\n\n", self.origin, self.size, STANDARD.encode(raw))
    }

    /// Parses a checkpoint file; problems name `file` and the line.
    pub fn parse(text: &[u8], file: &std::path::Path) -> Result<Checkpoint, Box<Problem>> {
        let bad = |line: usize, message: &str| {
            Box::new(
                Problem::new(file, message)
                    .line(line)
                    .hint("the checkpoint is rewritten by every append; restore it with `git checkout -- <file>`"),
            )
        };
        let text = std::str::from_utf8(text).map_err(|_| bad(1, "is not UTF-8 text"))?;
        let lines: Vec<&str> = text.split('\n').collect();
        if lines.len() < 4 || !text.ends_with('\n') {
            return Err(bad(1, "is not a checkpoint note (origin, size, hash, blank line)"));
        }
        let origin = lines[0];
        if !origin.starts_with("cavra/") || origin.contains(char::is_whitespace) {
            return Err(bad(1, "origin is not cavra/<ledger name>"));
        }
        let size = lines[1]
            .parse::<u64>()
            .ok()
            .filter(|n| n.to_string() == lines[1])
            .ok_or_else(|| bad(2, "tree size is not a decimal number"))?;
        let raw = STANDARD
            .decode(lines[2])
            .ok()
            .filter(|r| r.len() == 32)
            .ok_or_else(|| bad(3, "root hash is not base64 of 32 bytes"))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            hash: format!("sha256:{}", crate::store::hex(&raw)),
        })
    }
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    (0..hex.len())
        .step_by(2)
        .map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

/// Where the checkpoint of `loc` is.
pub fn path(loc: &StoreLocation) -> PathBuf {
    segments::dir(loc).join(NAME)
}

/// The entry count the checkpoint of `loc` records, without reading the
/// ledger; `None` when there is no checkpoint (a ledger kept as one file,
/// or none yet) or it does not parse (`cavra validate` reports that).
pub fn size(loc: &StoreLocation) -> Result<Option<u64>, StoreError> {
    let Some(text) = fsio::read_optional(&path(loc), &display(loc))? else {
        return Ok(None);
    };
    Ok(Checkpoint::parse(&text, &display(loc)).ok().map(|c| c.size))
}

/// The head the checkpoint of `loc` records (its size and last entry's
/// hash); `None` as for [`size`].
pub fn head(loc: &StoreLocation) -> Result<Option<Checkpoint>, StoreError> {
    let Some(text) = fsio::read_optional(&path(loc), &display(loc))? else {
        return Ok(None);
    };
    Ok(Checkpoint::parse(&text, &display(loc)).ok())
}

/// How messages name the checkpoint of `loc`.
pub fn display(loc: &StoreLocation) -> PathBuf {
    loc.display.with_extension("").join(NAME)
}

/// Writes the checkpoint into `dir` (the ledger's, or a staging one).
pub(crate) fn write(dir: &std::path::Path, cp: &Checkpoint) -> Result<(), StoreError> {
    fsio::atomic_write(&dir.join(NAME), cp.text().as_bytes())
}

/// Problems when the checkpoint text (`None`: no file) does not match the
/// ledger's head `(last seq, last hash)` (`None`: no entries). `hash_at`
/// gives the hash of the entry with a given `seq`, for a checkpoint behind
/// the head.
pub fn check(
    loc: &StoreLocation,
    text: Option<&[u8]>,
    head: Option<(u64, String)>,
    hash_at: &dyn Fn(u64) -> Option<String>,
) -> Vec<Problem> {
    let file = display(loc);
    let Some(text) = text else {
        return match head {
            Some(_) => vec![
                Problem::new(
                    &file,
                    "is missing: nothing outside the chain commits to the ledger's head",
                )
                .hint("`cavra ops repair` writes it from the verified ledger"),
            ],
            None => Vec::new(),
        };
    };
    let cp = match Checkpoint::parse(text, &file) {
        Ok(cp) => cp,
        Err(p) => return vec![*p],
    };
    let (size, hash) = head.unwrap_or((0, String::new()));
    let origin = format!("cavra/{}", loc.def.name);
    if cp.origin != origin {
        return vec![Problem::new(&file, format!("origin is {}, expected {origin}", cp.origin)).line(1)];
    }
    if cp.size > size
        || (cp.size == size && cp.hash != hash)
        || (cp.size < size && hash_at(cp.size) != Some(cp.hash.clone()))
    {
        let what = if cp.size > size {
            format!(
                "says {} entries, the ledger has {size}: committed entries were removed",
                cp.size
            )
        } else {
            format!(
                "says entry {} has hash {}, the ledger's differs: entries were edited and re-chained",
                cp.size, cp.hash
            )
        };
        return vec![
            Problem::new(&file, what)
                .line(if cp.size > size { 2 } else { 3 })
                .integrity(Integrity::ChainBroken)
                .hint("a ledger is append-only: restore it with `git checkout` or from a backup"),
        ];
    }
    if cp.size < size {
        return vec![
            Problem::new(
                &file,
                format!(
                    "is behind the ledger ({} entries, the ledger has {size}): an append was interrupted",
                    cp.size
                ),
            )
            .line(2)
            .hint("`cavra ops repair` brings it up to the verified ledger"),
        ];
    }
    Vec::new()
}

/// Brings a missing or behind checkpoint up to the verified ledger (an
/// append interrupted between its segments and its checkpoint); never one
/// that disagrees with the ledger (that needs a person). Returns the new
/// checkpoint when written. The caller holds the store lock.
pub fn repair(loc: &StoreLocation) -> Result<Option<Checkpoint>, StoreError> {
    if segments::layout(loc) != segments::Layout::Segmented {
        return Ok(None);
    }
    let Ok(entries) = super::read(loc) else {
        return Ok(None);
    };
    let Some(last) = entries.last() else {
        return Ok(None);
    };
    let current = fsio::read_optional(&path(loc), &display(loc))?;
    let behind = match &current {
        None => true,
        Some(text) => Checkpoint::parse(text, &display(loc)).is_ok_and(|cp| {
            cp.size < last.seq
                && entries
                    .iter()
                    .find(|e| e.seq == cp.size)
                    .is_some_and(|e| e.hash == cp.hash)
        }),
    };
    if !behind {
        return Ok(None);
    }
    let cp = Checkpoint::new(loc, last.seq, &last.hash);
    write(&segments::dir(loc), &cp)?;
    Ok(Some(cp))
}
