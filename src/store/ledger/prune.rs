//! Pruning a segmented ledger: removing whole sealed segments from its
//! start, and the prune record that keeps the chain linked afterwards.
//!
//! Only a prefix of sealed segments whose entries are all older than a date
//! can go, never the last (active) segment, so what remains is one unbroken
//! chain. The record, `<ledger>/pruned` (committed beside the checkpoint),
//! says how many segments and entries were removed and the seal hash of the
//! last one removed: the first remaining entry's `prev_hash`. Readers start
//! the chain there instead of at the genesis; anchoring (`cavra validate`,
//! `cavra ledger verify`) accepts that a committed segment is gone only when
//! the record covers it. The record is written (atomically) before any
//! segment is removed, so a prune killed half-way leaves covered segments
//! that readers skip and the next prune removes.
//!
//! A legal hold stops every prune: the file `.cavra/legal-hold` (any text:
//! why, who, until when), committed like the stores, is the workspace's
//! hold, the same one `cavra ops retention-plan` honours.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{ChainState, parse_segment, segments};
use crate::clock::Timestamp;
use crate::error::{Integrity, Problem, StoreError};
use crate::store::fsio;
use crate::store::registry::StoreLocation;

/// The record's file name inside the ledger directory.
pub const NAME: &str = "pruned";
/// The legal-hold marker's file name inside `.cavra/`.
pub const LEGAL_HOLD: &str = "legal-hold";

const SCHEMA: &str = "cavra.ledger-prune.v1";

/// What has been pruned from a ledger, in total (`cavra.ledger-prune.v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PruneRecord {
    pub schema: String,
    /// Segments removed: numbers 1 to this.
    pub segments: u64,
    /// Entries removed: `seq` 1 to this.
    pub entries: u64,
    /// The seal hash of the last segment removed: the first remaining
    /// entry's `prev_hash`.
    pub last_hash: String,
    /// Each prune, oldest first.
    pub prunes: Vec<PruneEvent>,
}

/// One `cavra ledger prune`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PruneEvent {
    /// When it ran.
    pub at: String,
    /// Its `--before`.
    pub before: String,
    /// The segments it removed (`YYYY-MM/NNNNNN.jsonl`), in order.
    pub segments: Vec<String>,
    /// How many entries they held.
    pub entries: u64,
    /// The seal hash of the last of them.
    pub last_hash: String,
}

impl PruneRecord {
    /// Where the chain of the remaining segments starts.
    pub(crate) fn start(&self) -> ChainState {
        ChainState {
            next_seq: self.entries + 1,
            prev: self.last_hash.clone(),
        }
    }

    /// Whether segment `name` (`YYYY-MM/NNNNNN.jsonl`) was pruned.
    pub fn covers(&self, name: &str) -> bool {
        segments::is_segment_name(name) && segments::number(name) <= self.segments
    }

    /// The record's file text (canonical pretty JSON).
    pub fn text(&self) -> Vec<u8> {
        crate::store::to_canonical_pretty(self)
    }

    /// Parses a record's text and checks that its totals add up; a problem
    /// names `file`.
    pub fn parse(text: &[u8], file: &Path) -> Result<PruneRecord, Box<Problem>> {
        let bad = |why: String| {
            Box::new(
                Problem::new(file, format!("is not a prune record: {why}"))
                    .integrity(Integrity::ChainBroken)
                    .hint("it is written by `cavra ledger prune`; restore it with `git checkout -- <file>`"),
            )
        };
        let r: PruneRecord =
            serde_json::from_slice(text).map_err(|e| bad(crate::error::strip_position(&e.to_string())))?;
        if r.schema != SCHEMA {
            return Err(bad(format!(
                "schema is {}, expected {SCHEMA}",
                crate::secrets::excerpt(&r.schema)
            )));
        }
        let digest = |s: &str| {
            s.len() == 71
                && s.starts_with("sha256:")
                && s.as_bytes()[7..].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        let last = r.prunes.last();
        let last_segment = last.and_then(|p| p.segments.last());
        if !digest(&r.last_hash) || r.prunes.iter().any(|p| !digest(&p.last_hash)) {
            return Err(bad("last_hash is not a sha256 digest".into()));
        }
        if r.prunes.iter().map(|p| p.entries).sum::<u64>() != r.entries
            || last.is_none_or(|p| p.last_hash != r.last_hash)
            || last_segment.is_none_or(|s| !segments::is_segment_name(s) || segments::number(s) != r.segments)
            || r.prunes.iter().flat_map(|p| &p.segments).count() as u64 != r.segments
        {
            return Err(bad("segments, entries and last_hash do not add up to its prunes".into()));
        }
        Ok(r)
    }
}

/// The record in `dir` (a ledger's segment directory), if any; `display`
/// names the directory in problems.
pub(crate) fn record_in(dir: &Path, display: &Path) -> Result<Option<PruneRecord>, StoreError> {
    let file = display.join(NAME);
    match fsio::read_optional(&dir.join(NAME), &file)? {
        Some(text) => PruneRecord::parse(&text, &file)
            .map(Some)
            .map_err(|problem| StoreError::Ledger { problem }),
        None => Ok(None),
    }
}

/// The record of `loc`, if it was ever pruned.
pub fn record(loc: &StoreLocation) -> Result<Option<PruneRecord>, StoreError> {
    record_in(&segments::dir(loc), &loc.display.with_extension(""))
}

/// Where the record of `loc` is.
pub fn path(loc: &StoreLocation) -> PathBuf {
    segments::dir(loc).join(NAME)
}

/// How messages name the record of `loc`.
pub fn display(loc: &StoreLocation) -> PathBuf {
    loc.display.with_extension("").join(NAME)
}

/// The legal hold of the workspace whose `.cavra/` is `cavra_dir`: the
/// marker's text (trimmed, at most 200 characters, never empty) when the
/// marker is in place.
pub fn legal_hold(cavra_dir: &Path) -> Result<Option<String>, StoreError> {
    let path = cavra_dir.join(LEGAL_HOLD);
    let display = Path::new(".cavra").join(LEGAL_HOLD);
    Ok(fsio::read_optional(&path, &display)?.map(|t| {
        let text: String = String::from_utf8_lossy(&t).trim().chars().take(200).collect();
        if text.is_empty() {
            "(no reason given)".to_string()
        } else {
            crate::secrets::scrub(&text)
        }
    }))
}

/// A sealed segment a prune would remove.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrunableSegment {
    /// `YYYY-MM/NNNNNN.jsonl`, relative to the ledger directory.
    pub name: String,
    pub entries: u64,
    /// The `seq` of its last entry.
    pub last_seq: u64,
    /// The newest time of its entries (their time field).
    pub newest: Option<String>,
    /// Its seal hash.
    #[serde(skip)]
    pub seal_hash: String,
}

/// The sealed segments at the start of `loc` (after any already pruned)
/// whose entries are all older than `before`, in chain order; never the
/// last segment. An entry without a readable time keeps its segment. Each
/// candidate is read and verified whole.
pub fn plan(loc: &StoreLocation, before: Timestamp) -> Result<Vec<PrunableSegment>, StoreError> {
    if segments::layout(loc) != segments::Layout::Segmented {
        return Ok(Vec::new());
    }
    let dir = segments::dir(loc);
    let (names, _) = segments::names(&dir)?;
    let skip = record(loc)?.map_or(0, |r| r.segments);
    let live: Vec<&String> = names.iter().filter(|n| segments::number(n) > skip).collect();
    let mut out = Vec::new();
    for name in live.iter().take(live.len().saturating_sub(1)) {
        let seg = segments::segment_loc(loc, name);
        fsio::check_path(&seg.path)?;
        let bytes = std::fs::read(&seg.path).map_err(|e| StoreError::io("read", &seg.display, e))?;
        let lines = parse_segment(&seg, &bytes)?;
        let Some(seal) = lines.seal.filter(|_| lines.sealed) else {
            break;
        };
        let mut newest: Option<Timestamp> = None;
        let mut all_older = !lines.entries.is_empty();
        for e in &lines.entries {
            match e.record[loc.def.time_field].as_str().and_then(Timestamp::parse) {
                Some(t) if t < before => newest = newest.max(Some(t)),
                _ => {
                    all_older = false;
                    break;
                }
            }
        }
        if !all_older {
            break;
        }
        out.push(PrunableSegment {
            name: (*name).clone(),
            entries: seal.count,
            last_seq: seal.last_seq,
            newest: newest.map(|t| t.rfc3339()),
            seal_hash: seal.hash,
        });
    }
    Ok(out)
}

/// Removes the segments [`plan`] lists, under the store lock: the record
/// first (written atomically), then the files, then emptied month
/// directories. Also removes segments an earlier record covers that a
/// killed prune left. Returns what this prune removed and the record now in
/// place.
pub fn prune(
    loc: &StoreLocation,
    before: Timestamp,
    now: Timestamp,
) -> Result<(Vec<PrunableSegment>, Option<PruneRecord>), StoreError> {
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let dir = segments::dir(loc);
    let mut rec = record(loc)?;
    let gone = plan(loc, before)?;
    if let Some(last) = gone.last() {
        let event = PruneEvent {
            at: now.rfc3339(),
            before: before.rfc3339(),
            segments: gone.iter().map(|s| s.name.clone()).collect(),
            entries: gone.iter().map(|s| s.entries).sum(),
            last_hash: last.seal_hash.clone(),
        };
        let mut r = rec.take().unwrap_or(PruneRecord {
            schema: SCHEMA.into(),
            segments: 0,
            entries: 0,
            last_hash: String::new(),
            prunes: Vec::new(),
        });
        r.segments = segments::number(&last.name);
        r.entries = last.last_seq;
        r.last_hash = last.seal_hash.clone();
        r.prunes.push(event);
        fsio::atomic_write(&dir.join(NAME), &r.text())?;
        rec = Some(r);
    }
    if let Some(r) = &rec {
        let (names, _) = segments::names(&dir)?;
        let mut months: Vec<PathBuf> = Vec::new();
        for name in names.iter().filter(|n| r.covers(n)) {
            let path = dir.join(name);
            fsio::check_path(&path)?;
            std::fs::remove_file(&path).map_err(|e| StoreError::io("remove", &path, e))?;
            months.push(dir.join(&name[..7]));
        }
        months.dedup();
        for m in &months {
            // Only an emptied month goes; one still holding segments stays.
            if std::fs::read_dir(m).is_ok_and(|mut d| d.next().is_none()) {
                std::fs::remove_dir(m).map_err(|e| StoreError::io("remove", m, e))?;
            } else {
                fsio::sync_dir(m)?;
            }
        }
        if !months.is_empty() {
            fsio::sync_dir(&dir)?;
        }
    }
    Ok((gone, rec))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ledger;
    use crate::store::registry::EVIDENCE_METADATA;
    use serde_json::{Value, json};

    fn at(month: &str, n: usize) -> Value {
        json!({"metadata_kind": "t", "created_at": format!("2026-{month}-01T00:00:00Z"), "n": n})
    }

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn prunes_a_prefix_of_old_sealed_segments_and_the_chain_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        let full = segments::MAX_LINES as usize;
        let mut records: Vec<Value> = (0..full).map(|n| at("01", n)).collect();
        records.extend((0..full).map(|n| at("02", n)));
        records.extend((0..10).map(|n| at("03", n)));
        ledger::append(&loc, &records).unwrap();
        // Segments: 01/1, 02/2, 03/3 (active).
        let plan1 = plan(&loc, ts("2026-02-01T00:00:00Z")).unwrap();
        assert_eq!(plan1.len(), 1);
        assert_eq!(plan1[0].name, "2026-01/000001.jsonl");
        // Even a date after everything never takes the active segment.
        let all = plan(&loc, ts("2027-01-01T00:00:00Z")).unwrap();
        assert_eq!(all.len(), 2);
        let (gone, rec) = prune(&loc, ts("2026-02-01T00:00:00Z"), ts("2026-04-01T00:00:00Z")).unwrap();
        assert_eq!(gone, plan1);
        let rec = rec.unwrap();
        assert_eq!((rec.segments, rec.entries), (1, full as u64));
        assert!(!dir.path().join("m/2026-01").exists());
        assert_eq!(ledger::check(&loc), vec![]);
        let entries = ledger::read(&loc).unwrap();
        assert_eq!(entries.len(), full + 10);
        assert_eq!(entries[0].seq, full as u64 + 1);
        // Appending goes on; a second prune adds to the record.
        ledger::append(&loc, &[at("03", 99)]).unwrap();
        let (gone, rec) = prune(&loc, ts("2026-03-01T00:00:00Z"), ts("2026-04-01T00:00:00Z")).unwrap();
        assert_eq!(gone.len(), 1);
        let rec = rec.unwrap();
        assert_eq!((rec.segments, rec.entries, rec.prunes.len()), (2, 2 * full as u64, 2));
        assert_eq!(PruneRecord::parse(&rec.text(), Path::new("p")).unwrap(), rec);
        assert_eq!(ledger::check(&loc), vec![]);
        assert_eq!(ledger::read(&loc).unwrap().len(), 11);
        // Nothing left to prune: no change.
        let (gone, _) = prune(&loc, ts("2027-01-01T00:00:00Z"), ts("2026-04-01T00:00:00Z")).unwrap();
        assert!(gone.is_empty());
    }

    #[test]
    fn segments_a_killed_prune_left_are_skipped_and_removed_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        let full = segments::MAX_LINES as usize;
        ledger::append(&loc, &(0..full + 3).map(|n| at("01", n)).collect::<Vec<_>>()).unwrap();
        let first = dir.path().join("m/2026-01/000001.jsonl");
        let kept = std::fs::read(&first).unwrap();
        prune(&loc, ts("2026-02-01T00:00:00Z"), ts("2026-04-01T00:00:00Z")).unwrap();
        // As if killed after the record was written, before the removal.
        std::fs::write(&first, &kept).unwrap();
        assert_eq!(ledger::check(&loc), vec![]);
        assert_eq!(ledger::read(&loc).unwrap().len(), 3);
        let (gone, _) = prune(&loc, ts("2026-02-01T00:00:00Z"), ts("2026-04-01T00:00:00Z")).unwrap();
        assert!(gone.is_empty());
        assert!(!first.exists());
    }

    #[test]
    fn a_record_that_does_not_add_up_is_refused() {
        let good = PruneRecord {
            schema: SCHEMA.into(),
            segments: 2,
            entries: 10,
            last_hash: ledger::GENESIS.into(),
            prunes: vec![PruneEvent {
                at: "2026-01-01T00:00:00Z".into(),
                before: "2026-01-01T00:00:00Z".into(),
                segments: vec!["2025-01/000001.jsonl".into(), "2025-02/000002.jsonl".into()],
                entries: 10,
                last_hash: ledger::GENESIS.into(),
            }],
        };
        assert!(PruneRecord::parse(&good.text(), Path::new("p")).is_ok());
        let mut more = good.clone();
        more.segments = 5;
        let p = PruneRecord::parse(&more.text(), Path::new("x/pruned")).unwrap_err();
        assert!(p.message.contains("do not add up"), "{p}");
        assert!(PruneRecord::parse(b"{}", Path::new("p")).is_err());
    }
}
