//! Pruning a segmented ledger: removing whole sealed segments from its
//! start, recorded by an entry of the ledger's own chain.
//!
//! A prune appends one `ledger-prune` entry ([`PruneEntry`]: the segments
//! it removes, each one's seal hash, entry count and last `seq`, its
//! `before`, who ran it and when), then removes those segments. The first
//! remaining entry chains to the seal hash of the last removed segment, so
//! a reader starts the chain there and accepts the missing prefix only when
//! the chain's prune entries name exactly those segments and that seal
//! ([`PruneTrack`]). Git anchoring (`cavra validate`, the hook, `cavra
//! ledger verify`) then checks each named seal hash against the seal git
//! committed for the segment, so a prune entry cannot vouch for anything
//! git did not hold. Only a prefix of sealed segments whose entries are all
//! older than a date can go, never the active (last) segment, never the
//! segment the prune entry itself lands in. The entry is appended before any
//! segment is removed, so a prune killed half-way leaves covered segments
//! that readers read as usual and the next prune removes.
//!
//! The standalone `<ledger>/pruned` record of earlier versions is not
//! trusted: a ledger directory holding one is reported (`cavra validate`),
//! and segments it claimed to cover count as missing.
//!
//! A legal hold stops every prune: the file `.cavra/legal-hold` (any text:
//! why, who, until when), committed like the stores, is the workspace's
//! hold, the same one `cavra ops retention-plan` honours.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Entry, parse_segment, segments};
use crate::clock::Timestamp;
use crate::error::{Integrity, Problem, StoreError};
use crate::store::fsio;
use crate::store::registry::StoreLocation;

/// The name of the untrusted prune record of earlier versions.
pub const NAME: &str = "pruned";
/// The legal-hold marker's file name inside `.cavra/`.
pub const LEGAL_HOLD: &str = "legal-hold";
/// The `metadata_kind` of a prune entry.
pub const KIND: &str = "ledger-prune";
/// The schema of a prune entry's record.
pub const SCHEMA: &str = "cavra.ledger-prune.v1";

/// The record of a prune entry (`cavra.ledger-prune.v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PruneEntry {
    /// Always [`KIND`].
    pub metadata_kind: String,
    /// When the prune ran.
    pub created_at: String,
    /// Its `--before`: every removed entry is older.
    pub before: String,
    /// Who ran it (git's user, else the login name).
    pub by: String,
    /// The segments it removes, in chain order.
    pub segments: Vec<PrunedSegment>,
}

/// One segment a prune entry removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrunedSegment {
    /// `YYYY-MM/NNNNNN.jsonl`.
    pub name: String,
    /// Its seal's hash: what the next segment's first entry chains to.
    pub seal_hash: String,
    /// How many entries it held.
    pub entries: u64,
    /// The `seq` of its last entry.
    pub last_seq: u64,
}

/// The record schema `record` of ledger `loc` is checked against: a prune
/// entry's own, else the ledger's.
pub fn record_schema(loc: &StoreLocation, record: &Value) -> &'static str {
    if is_prune(record) {
        SCHEMA
    } else {
        loc.def.record_schema
    }
}

/// Whether `record` is a prune entry's.
pub fn is_prune(record: &Value) -> bool {
    record.get("metadata_kind").and_then(Value::as_str) == Some(KIND)
}

/// [`is_prune`] of a stored record, from its text when it cannot be (its
/// `Value` is built only for a record that may be a prune entry's).
pub fn is_prune_entry(record: &super::Record) -> bool {
    may_be_prune(record.text()) && is_prune(record)
}

/// Whether the text of a record may be a prune entry's (a cheap test
/// before parsing it): a record's text is compact JSON, which spells the
/// member plainly unless it escapes something.
fn may_be_prune(text: &str) -> bool {
    // Both searches vectorised; the member's searcher built once.
    static MEMBER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(br#""metadata_kind":"ledger-prune""#));
    let bytes = text.as_bytes();
    memchr::memchr(b'\\', bytes).is_some() || MEMBER.find(bytes).is_some()
}

fn digest(s: &str) -> bool {
    s.len() == 71
        && s.starts_with("sha256:")
        && s.as_bytes()[7..].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl PruneEntry {
    /// The prune entry `entry` holds: `None` when it is another record,
    /// `Some(Err(why))` when it claims to be one but is not well formed.
    pub fn of(entry: &Entry) -> Option<Result<PruneEntry, String>> {
        if !may_be_prune(entry.record.text()) || !is_prune(&entry.record) {
            return None;
        }
        Some(Self::parse(entry))
    }

    fn parse(entry: &Entry) -> Result<PruneEntry, String> {
        let p: PruneEntry = serde_json::from_value(entry.record.value().clone())
            .map_err(|e| crate::error::strip_position(&e.to_string()))?;
        if p.segments.is_empty() {
            return Err("names no segment".into());
        }
        for t in [&p.created_at, &p.before] {
            if Timestamp::parse(t).is_none() {
                return Err(format!("{} is not an RFC 3339 time", crate::secrets::excerpt(t)));
            }
        }
        let mut prev: Option<&PrunedSegment> = None;
        for s in &p.segments {
            if !segments::is_segment_name(&s.name) || !digest(&s.seal_hash) {
                return Err(format!(
                    "segment {} is not YYYY-MM/NNNNNN.jsonl with a sha256 seal hash",
                    crate::secrets::excerpt(&s.name)
                ));
            }
            if let Some(b) = prev
                && (segments::number(&s.name) != segments::number(&b.name) + 1 || s.last_seq != b.last_seq + s.entries)
            {
                return Err(format!("segment {} does not follow {}", s.name, b.name));
            }
            prev = Some(s);
        }
        let last = p.segments.last().expect("not empty");
        if last.last_seq >= entry.seq {
            return Err(format!(
                "covers {} (up to seq {}), which is not before the entry itself: the active segment is never pruned",
                last.name, last.last_seq
            ));
        }
        Ok(p)
    }

    /// The segment named `name`, if this entry removes it.
    pub fn covering(&self, name: &str) -> Option<&PrunedSegment> {
        self.segments.iter().find(|s| s.name == name)
    }

    /// The record's value.
    pub fn value(&self) -> Value {
        serde_json::to_value(self).expect("values serialize")
    }
}

/// The well-formed prune entries among `entries`, each with its `seq`.
pub fn prune_entries(entries: &[Entry]) -> Vec<(u64, PruneEntry)> {
    entries
        .iter()
        .filter_map(|e| Some((e.seq, PruneEntry::of(e)?.ok()?)))
        .collect()
}

/// The first of `prunes` ([`prune_entries`]) that removes segment `name`:
/// its `seq`, the entry and the segment as it names it.
pub fn covering<'a>(prunes: &'a [(u64, PruneEntry)], name: &str) -> Option<(u64, &'a PruneEntry, &'a PrunedSegment)> {
    prunes
        .iter()
        .find_map(|(seq, p)| p.covering(name).map(|s| (*seq, p, s)))
}

/// What a chain's prune entries say, gathered as a reader walks it: every
/// segment they cover (a segment named twice, as after a merge of two
/// branches that pruned, must be named alike), checked at the end against
/// where the remaining chain starts.
#[derive(Debug, Default)]
pub(crate) struct PruneTrack {
    covered: std::collections::BTreeMap<u64, PrunedSegment>,
}

impl PruneTrack {
    /// Looks at one entry of the chain; a problem when it is a prune entry
    /// that is malformed or names a segment unlike an earlier one did.
    pub fn see(&mut self, loc: &StoreLocation, entry: &Entry) -> Option<Problem> {
        let bad = |why: String| {
            Some(
                Problem::new(&loc.display, format!("is a ledger-prune entry that {why}"))
                    .record(format!("seq {}", entry.seq))
                    .integrity(Integrity::ChainBroken)
                    .hint("a prune entry is written by `cavra ledger prune`; restore the ledger from git"),
            )
        };
        let p = match PruneEntry::of(entry)? {
            Ok(p) => p,
            Err(why) => return bad(format!("is not well formed: {why}")),
        };
        for s in p.segments {
            let n = segments::number(&s.name);
            match self.covered.get(&n) {
                Some(was) if *was != s => {
                    return bad(format!("names {} unlike an earlier prune entry did", s.name));
                }
                _ => {
                    self.covered.insert(n, s);
                }
            }
        }
        None
    }

    /// Whether segment `name` is covered.
    pub fn covers(&self, name: &str) -> bool {
        segments::is_segment_name(name) && self.covered.contains_key(&segments::number(name))
    }

    /// The problem with a chain whose first remaining segment is `first`
    /// (numbered above 1) and whose first entry is `seq`, chained to
    /// `prev`: none when the prune entries cover every segment before it,
    /// the last with that seal and last `seq`.
    pub fn check_start(&self, loc: &StoreLocation, first: &str, start: Option<&(u64, String)>) -> Option<Problem> {
        let n = segments::number(first);
        if n <= 1 {
            return None;
        }
        let last = self.covered.get(&(n - 1));
        let contiguous = last.is_some()
            && self
                .covered
                .range(..n)
                .rev()
                .zip((1..n).rev())
                .all(|((k, _), want)| *k == want);
        let expected = self.covered.range(..n).next_back().map_or(1, |(k, _)| k + 1);
        let reason = match (last, start) {
            _ if !contiguous || last.is_none() => format!(
                "is segment {n}, expected {expected}: a segment was deleted or renamed, and no ledger-prune entry of the chain covers segments {expected} to {}",
                n - 1
            ),
            (Some(l), Some((seq, prev))) if l.last_seq + 1 != *seq || l.seal_hash != *prev => format!(
                "starts at seq {seq} chained to {prev}; the ledger-prune entry covering {} says seq {} and seal {}",
                l.name,
                l.last_seq + 1,
                l.seal_hash
            ),
            _ => return None,
        };
        Some(
            Problem::new(&segments::segment_loc(loc, first).display, reason)
                .integrity(Integrity::ChainBroken)
                .hint(super::RESTORE_HINT),
        )
    }
}

/// The legal hold of the workspace whose `.cavra/` is `cavra_dir`: the
/// marker's text (trimmed, at most 200 characters, never empty) when the
/// marker is in place.
pub fn legal_hold(cavra_dir: &Path) -> Result<Option<String>, StoreError> {
    let path = cavra_dir.join(LEGAL_HOLD);
    let display = Path::new(".cavra").join(LEGAL_HOLD);
    Ok(fsio::read_optional(&path, &display)?.map(|t| hold_reason(&t)))
}

/// The reason a hold marker's text gives (trimmed, at most 200
/// characters, scrubbed of secrets, never empty).
pub fn hold_reason(text: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(text).trim().chars().take(200).collect();
    if text.is_empty() {
        "(no reason given)".to_string()
    } else {
        crate::secrets::scrub(&text)
    }
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
    /// The segments the prune entries it holds cover.
    #[serde(skip)]
    pub holds_prunes_of: Vec<String>,
}

/// The time of an entry of `loc`, as retention judges it: a prune entry's
/// `created_at`, else the ledger's time field.
pub fn entry_time(loc: &StoreLocation, record: &Value) -> Option<Timestamp> {
    let field = if is_prune(record) {
        "created_at"
    } else {
        loc.def.time_field
    };
    record.get(field).and_then(Value::as_str).and_then(Timestamp::parse)
}

/// The segments the chain's prune entries already cover, and the segment
/// names on disk (every name, covered or not), in chain order.
fn covered_and_names(loc: &StoreLocation) -> Result<(PruneTrack, Vec<String>), StoreError> {
    let (names, _) = segments::names(&segments::dir(loc))?;
    let mut track = PruneTrack::default();
    for e in super::read(loc)? {
        if let Some(p) = track.see(loc, &e) {
            return Err(StoreError::Ledger { problem: Box::new(p) });
        }
    }
    Ok((track, names))
}

/// The sealed segments at the start of `loc` (after any already pruned)
/// whose entries are all older than `before`, in chain order; never the
/// last segment. An entry without a readable time keeps its segment. The
/// ledger is read and verified whole first.
pub fn plan(loc: &StoreLocation, before: Timestamp) -> Result<Vec<PrunableSegment>, StoreError> {
    if segments::layout(loc) != segments::Layout::Segmented {
        return Ok(Vec::new());
    }
    let (track, names) = covered_and_names(loc)?;
    plan_after(loc, &track, &names, before)
}

fn plan_after(
    loc: &StoreLocation,
    track: &PruneTrack,
    names: &[String],
    before: Timestamp,
) -> Result<Vec<PrunableSegment>, StoreError> {
    let live: Vec<&String> = names.iter().filter(|n| !track.covers(n)).collect();
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
        let mut holds_prunes_of = Vec::new();
        for e in &lines.entries {
            if let Some(Ok(p)) = PruneEntry::of(e) {
                holds_prunes_of.extend(p.segments.into_iter().map(|s| s.name));
            }
            match entry_time(loc, &e.record) {
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
            holds_prunes_of,
        });
    }
    Ok(out)
}

/// Removes `gone` (a plan of `loc`, checked again here): appends the prune
/// entry first (`before`, `now`, `by`), then removes the files and emptied
/// month directories. Also removes segments an earlier prune entry covers
/// that a killed prune left. Returns the entry appended, if any.
pub fn prune(
    loc: &StoreLocation,
    gone: &[PrunableSegment],
    before: Timestamp,
    now: Timestamp,
    by: &str,
) -> Result<Option<PruneEntry>, StoreError> {
    let (track, names) = covered_and_names(loc)?;
    let fresh = plan_after(loc, &track, &names, before)?;
    if !fresh.starts_with(gone) {
        return Err(StoreError::Ledger {
            problem: Box::new(
                Problem::new(&loc.display, "changed while the prune was planned; nothing was pruned")
                    .hint("run the prune again"),
            ),
        });
    }
    let entry = if gone.is_empty() {
        None
    } else {
        let entry = PruneEntry {
            metadata_kind: KIND.into(),
            created_at: now.rfc3339(),
            before: before.rfc3339(),
            by: crate::secrets::scrub(by),
            segments: gone
                .iter()
                .map(|s| PrunedSegment {
                    name: s.name.clone(),
                    seal_hash: s.seal_hash.clone(),
                    entries: s.entries,
                    last_seq: s.last_seq,
                })
                .collect(),
        };
        super::append(loc, &[entry.value()])?;
        Some(entry)
    };
    remove_covered(loc)?;
    Ok(entry)
}

/// Removes the segments the chain's prune entries cover (never the last
/// one), under the store lock, and the month directories that empties:
/// what a prune does once its entry is appended, and what a merge that
/// brought in the other side's prune entries does.
pub fn remove_covered(loc: &StoreLocation) -> Result<(), StoreError> {
    let (track, _) = covered_and_names(loc)?;
    let _lock = fsio::lock(&loc.path, fsio::lock_timeout())?;
    let dir = segments::dir(loc);
    let (names, _) = segments::names(&dir)?;
    let last = names.last().cloned();
    let mut months: Vec<PathBuf> = Vec::new();
    for name in names.iter().filter(|n| track.covers(n) && Some(*n) != last.as_ref()) {
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
    Ok(())
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
    fn the_cheap_test_never_passes_over_a_prune_record() {
        // However the record is made, its text is compact JSON: the member
        // is spelled plainly (or something is escaped).
        for record in [
            json!({"metadata_kind": KIND}),
            json!({"a": "prune", "metadata_kind": KIND, "z": [1, {"b": "\n"}]}),
            json!({"metadata_kind": KIND, "note": "quo\"ted"}),
        ] {
            for r in [
                super::super::Record::from_value(record.clone()),
                super::super::Record::from_canonical(&record.to_string()),
            ] {
                assert!(is_prune_entry(&r), "{}", r.text());
            }
        }
        assert!(!is_prune_entry(&super::super::Record::from_value(
            json!({"metadata_kind": "ledger-pruned", "prune": KIND})
        )));
    }

    fn run(loc: &StoreLocation, before: &str) -> (Vec<PrunableSegment>, Option<PruneEntry>) {
        let gone = plan(loc, ts(before)).unwrap();
        let entry = prune(loc, &gone, ts(before), ts("2026-04-01T00:00:00Z"), "tester").unwrap();
        (gone, entry)
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
        let (gone, entry) = run(&loc, "2026-02-01T00:00:00Z");
        assert_eq!(gone, plan1);
        let entry = entry.unwrap();
        assert_eq!(entry.segments[0].seal_hash, plan1[0].seal_hash);
        assert_eq!(
            (entry.segments[0].entries, entry.segments[0].last_seq),
            (full as u64, full as u64)
        );
        assert!(!dir.path().join("m/2026-01").exists());
        assert!(!dir.path().join("m").join(NAME).exists());
        assert_eq!(ledger::check(&loc), vec![]);
        let entries = ledger::read(&loc).unwrap();
        assert_eq!(entries.len(), full + 11);
        assert_eq!(entries[0].seq, full as u64 + 1);
        assert_eq!(entries.last().unwrap().record["metadata_kind"], KIND);
        // Appending goes on; a second prune appends a second entry.
        ledger::append(&loc, &[at("03", 99)]).unwrap();
        let (gone, entry) = run(&loc, "2026-03-01T00:00:00Z");
        assert_eq!(gone.len(), 1);
        assert_eq!(entry.unwrap().segments[0].name, "2026-02/000002.jsonl");
        assert_eq!(ledger::check(&loc), vec![]);
        assert_eq!(ledger::read(&loc).unwrap().len(), 13);
        // Nothing left to prune: no change.
        let (gone, entry) = run(&loc, "2027-01-01T00:00:00Z");
        assert!(gone.is_empty() && entry.is_none());
    }

    #[test]
    fn segments_a_killed_prune_left_are_read_and_removed_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        let full = segments::MAX_LINES as usize;
        ledger::append(&loc, &(0..full + 3).map(|n| at("01", n)).collect::<Vec<_>>()).unwrap();
        let first = dir.path().join("m/2026-01/000001.jsonl");
        let kept = std::fs::read(&first).unwrap();
        run(&loc, "2026-02-01T00:00:00Z");
        // As if killed after the entry was appended, before the removal.
        std::fs::write(&first, &kept).unwrap();
        assert_eq!(ledger::check(&loc), vec![]);
        assert_eq!(ledger::read(&loc).unwrap().len(), full + 4);
        let (gone, entry) = run(&loc, "2026-02-01T00:00:00Z");
        assert!(gone.is_empty() && entry.is_none());
        assert!(!first.exists());
        assert_eq!(ledger::read(&loc).unwrap().len(), 4);
    }

    #[test]
    fn a_missing_prefix_without_a_matching_prune_entry_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        let full = segments::MAX_LINES as usize;
        ledger::append(&loc, &(0..2 * full + 3).map(|n| at("01", n)).collect::<Vec<_>>()).unwrap();
        // Segment 1 deleted by hand.
        std::fs::remove_file(dir.path().join("m/2026-01/000001.jsonl")).unwrap();
        let problems = ledger::check(&loc);
        assert!(
            problems[0]
                .message
                .contains("no ledger-prune entry of the chain covers segments 1 to 1"),
            "{problems:?}"
        );
        // A hand-appended prune entry naming another seal does not vouch for it.
        let forged = json!({"metadata_kind": KIND, "created_at": "2026-04-01T00:00:00Z", "before": "2026-02-01T00:00:00Z",
            "by": "x", "segments": [{"name": "2026-01/000001.jsonl", "seal_hash": format!("sha256:{}", "0".repeat(64)),
            "entries": full, "last_seq": full}]});
        ledger::append(&loc, &[forged]).unwrap();
        let problems = ledger::check(&loc);
        assert!(
            problems[0]
                .message
                .contains("the ledger-prune entry covering 2026-01/000001.jsonl says"),
            "{problems:?}"
        );
        // One covering the segment it is in is refused as such.
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        ledger::append(&loc, &[at("01", 1)]).unwrap();
        let own = json!({"metadata_kind": KIND, "created_at": "2026-04-01T00:00:00Z", "before": "2026-02-01T00:00:00Z",
            "by": "x", "segments": [{"name": "2026-01/000001.jsonl", "seal_hash": format!("sha256:{}", "0".repeat(64)),
            "entries": 2, "last_seq": 2}]});
        ledger::append(&loc, &[own]).unwrap();
        let problems = ledger::check(&loc);
        assert!(
            problems[0].message.contains("the active segment is never pruned"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_earlier_pruned_record_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let loc = StoreLocation::at(&EVIDENCE_METADATA, dir.path().join("m.jsonl"), "t");
        ledger::append(&loc, &[at("01", 1)]).unwrap();
        std::fs::write(dir.path().join("m").join(NAME), b"{}").unwrap();
        let problems = ledger::check(&loc);
        assert!(problems[0].message.contains("no longer trusted"), "{problems:?}");
    }
}
