//! The merge driver's logic, on bytes: git hands cavra the common ancestor,
//! our version and theirs (`cavra git merge-driver %O %A %B %P`).
//!
//! Tables merge by record key: a record changed on one side only takes that
//! side; the same change on both sides is taken once; different changes to
//! the same record (or a change against a removal) are a real conflict, left
//! in the file between `<<<<<<<`/`=======`/`>>>>>>>` markers for a person to
//! resolve (then `cavra reseal`). Ledgers merge by replaying both sides' new
//! lines onto the common prefix (ours first, then theirs that ours does not
//! already hold, so an entry both sides hold appears once) and re-chaining. Either way the
//! result is sealed again, so two branches that only add records never need
//! a hand-edited checksum. Configuration files (people write them) are left
//! to git's line merge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::store::canonical::RECORD_INDENT;
use crate::store::registry::{StoreDef, StoreKind, StoreLocation};
use crate::store::table::record_text;
use crate::store::{ledger, table};

/// What a merge produced.
#[derive(Debug)]
pub struct Merged {
    /// The file to leave in place of ours.
    pub text: Vec<u8>,
    /// Records (keys, or `seq` ranges) that conflict; empty when clean.
    pub conflicts: Vec<String>,
}

/// Merges three versions of the store `def` (an empty side is an empty store).
pub fn merge(def: &'static StoreDef, path: &str, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, String> {
    let loc = StoreLocation::at(def, path.into(), "merge");
    match def.kind {
        StoreKind::Table => merge_table(&loc, base, ours, theirs),
        StoreKind::Ledger if is_segment_path(path) => merge_segment(&loc, base, ours, theirs),
        StoreKind::Ledger if path.ends_with(&format!("/{}", ledger::checkpoint::NAME)) => {
            merge_checkpoint(&loc, path, ours)
        }
        StoreKind::Ledger if path.ends_with(&format!("/{}", ledger::prune::NAME)) => Err(format!(
            "{path} is the prune record of an earlier cavra, no longer trusted: keep neither side's (a prune is now an entry of the chain)"
        )),
        StoreKind::Ledger => merge_ledger(&loc, base, ours, theirs),
        StoreKind::Config => Err("a configuration file is written by people: it merges line by line".into()),
        StoreKind::Sqlite | StoreKind::External => Err("cavra does not read this store: it merges as git would".into()),
    }
}

type Records = BTreeMap<String, Value>;

/// A side's records by key, read through the one table reader; a side that
/// does not verify is named with its first problem.
fn table_records(loc: &StoreLocation, side: &str, bytes: &[u8]) -> Result<Records, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Records::new());
    }
    let table = table::verify_bytes(loc, bytes).map_err(|problems| {
        let first = problems
            .first()
            .map_or_else(|| "does not verify".to_string(), ToString::to_string);
        match problems.len() {
            0 | 1 => format!("{side} side does not verify: {first}"),
            n => format!("{side} side does not verify: {first} (and {} more problems)", n - 1),
        }
    })?;
    let values = table
        .values()
        .map_err(|e| format!("{side} side does not verify: {e}"))?;
    let key = loc.def.key_field();
    Ok(values
        .into_iter()
        .map(|v| (v[key].as_str().unwrap_or_default().to_string(), v))
        .collect())
}

/// The merge of three table versions. A side that does not verify (a hand
/// edit never resealed, a torn file, leftover markers) is a conflict naming
/// it: nothing is resealed and ours is left as it was.
fn merge_table(loc: &StoreLocation, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, String> {
    let sides =
        [("base", base), ("ours", ours), ("theirs", theirs)].map(|(side, bytes)| table_records(loc, side, bytes));
    let unverified: Vec<String> = sides.iter().filter_map(|r| r.as_ref().err().cloned()).collect();
    if !unverified.is_empty() {
        return Ok(Merged {
            text: ours.to_vec(),
            conflicts: unverified,
        });
    }
    let [b, o, t] = sides.map(Result::unwrap_or_default);
    let keys: BTreeSet<&String> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut merged: Vec<Value> = Vec::new();
    let mut conflicts: Vec<(String, Option<&Value>, Option<&Value>)> = Vec::new();
    for key in keys {
        let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
        let pick = if ov == tv {
            ov
        } else if ov == bv {
            tv
        } else if tv == bv {
            ov
        } else {
            conflicts.push((key.clone(), ov, tv));
            continue;
        };
        if let Some(v) = pick {
            merged.push(v.clone());
        }
    }
    if conflicts.is_empty() {
        return Ok(Merged {
            text: table::encode(loc.def, &merged),
            conflicts: Vec::new(),
        });
    }
    Ok(Merged {
        text: conflict_text(loc, &merged, &conflicts),
        conflicts: conflicts.into_iter().map(|(k, _, _)| k).collect(),
    })
}

/// One record's place in a conflicted table: a merged record (on both
/// sides) or a conflict block (each side's text, `None` where removed).
enum Entry {
    Merged(Vec<u8>),
    Block([Option<Vec<u8>>; 2]),
}

impl Entry {
    fn on(&self, side: usize) -> bool {
        match self {
            Entry::Merged(_) => true,
            Entry::Block(texts) => texts[side].is_some(),
        }
    }
}

/// Where a separating comma goes (see [`conflict_text`]).
#[derive(Default, Clone, Copy)]
struct Commas {
    /// After a merged record (shared by both sides).
    after: bool,
    /// Per side, in a conflict block: before its record, after it, or alone
    /// (a side that removed the record still separates its neighbours).
    before: [bool; 2],
    trailing: [bool; 2],
    alone: [bool; 2],
}

/// A table file with each conflicting record between markers, in key order,
/// laid out so that keeping either side (deleting the other side and the
/// three marker lines) leaves valid JSON: between two records present on a
/// side there is exactly one comma, placed inside a conflict block when one
/// lies between them, else after the first record. The checksum is the one
/// of "ours", so keeping ours verifies; keeping theirs needs `cavra reseal`
/// after review.
fn conflict_text(
    loc: &StoreLocation,
    merged: &[Value],
    conflicts: &[(String, Option<&Value>, Option<&Value>)],
) -> Vec<u8> {
    let key = loc.def.key_field();
    let mut entries: Vec<(String, Entry)> = merged
        .iter()
        .map(|r| {
            (
                r[key].as_str().unwrap_or_default().to_string(),
                Entry::Merged(record_text(key, r)),
            )
        })
        .collect();
    for (id, ov, tv) in conflicts {
        entries.push((
            id.clone(),
            Entry::Block([ov.map(|v| record_text(key, v)), tv.map(|v| record_text(key, v))]),
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut commas = vec![Commas::default(); entries.len()];
    for side in 0..2 {
        let present: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].1.on(side)).collect();
        for pair in present.windows(2) {
            let (x, y) = (pair[0], pair[1]);
            if matches!(entries[x].1, Entry::Block(_)) {
                commas[x].trailing[side] = true;
            } else if matches!(entries[y].1, Entry::Block(_)) {
                commas[y].before[side] = true;
            } else if let Some(j) = (x + 1..y).next_back() {
                commas[j].alone[side] = true;
            } else {
                commas[x].after = true;
            }
        }
    }
    let mut out = Vec::new();
    let line = |out: &mut Vec<u8>, text: &[u8], comma: bool| {
        out.extend_from_slice(RECORD_INDENT);
        out.extend_from_slice(text);
        if comma {
            out.push(b',');
        }
        out.push(b'\n');
    };
    for ((_, entry), c) in entries.iter().zip(&commas) {
        match entry {
            Entry::Merged(text) => line(&mut out, text, c.after),
            Entry::Block(texts) => {
                out.extend_from_slice(b"<<<<<<< ours\n");
                for (side, text) in texts.iter().enumerate() {
                    if side == 1 {
                        out.extend_from_slice(b"=======\n");
                    }
                    if c.before[side] || c.alone[side] {
                        line(&mut out, b",", false);
                    }
                    if let Some(text) = text {
                        line(&mut out, text, c.trailing[side]);
                    }
                }
                out.extend_from_slice(b">>>>>>> theirs\n");
            }
        }
    }
    let mut sealed_with_ours: Vec<Value> = merged.to_vec();
    sealed_with_ours.extend(conflicts.iter().filter_map(|(_, ov, _)| ov.cloned()));
    sealed_with_ours.sort_by(|a, b| a[key].as_str().cmp(&b[key].as_str()));
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut text = format!(
        "{{\n  \"checksum\": {},\n  \"records\": [\n",
        quote(&table::checksum(key, &sealed_with_ours))
    )
    .into_bytes();
    text.extend_from_slice(&out);
    text.extend_from_slice(format!("  ],\n  \"schema\": {}\n}}\n", quote(loc.def.file_schema)).as_bytes());
    text
}

fn ledger_records(loc: &StoreLocation, side: &str, bytes: &[u8]) -> Result<Vec<ledger::Entry>, String> {
    ledger::parse_bytes(loc, bytes).map_err(|e| format!("{side}: {e}"))
}

fn merge_ledger(loc: &StoreLocation, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, String> {
    let (b, o, t) = (
        ledger_records(loc, "base", base)?,
        ledger_records(loc, "ours", ours)?,
        ledger_records(loc, "theirs", theirs)?,
    );
    match replay(&b, &o, &t) {
        Some(records) => Ok(Merged {
            text: ledger::chain(&records),
            conflicts: Vec::new(),
        }),
        None => {
            // A side dropped an entry the base held: nothing sound to replay. Leave both tails.
            let common = o.iter().zip(&t).take_while(|(x, y)| x == y).count();
            let line = |e: &ledger::Entry| ledger::entry_line(e.seq, &e.prev_hash, &e.hash, &e.record);
            let mut text = String::new();
            o[..common].iter().for_each(|e| text.push_str(&line(e)));
            text.push_str("<<<<<<< ours\n");
            o[common..].iter().for_each(|e| text.push_str(&line(e)));
            text.push_str("=======\n");
            t[common..].iter().for_each(|e| text.push_str(&line(e)));
            text.push_str(">>>>>>> theirs\n");
            Ok(Merged {
                text: text.into_bytes(),
                conflicts: vec![format!("lines after seq {common}")],
            })
        }
    }
}

/// Whether `path` names a ledger segment (`…/YYYY-MM/NNNNNN.jsonl`).
fn is_segment_path(path: &str) -> bool {
    let parts: Vec<&str> = path.rsplitn(3, '/').collect();
    parts.len() >= 2 && ledger::segments::is_segment_name(&format!("{}/{}", parts[1], parts[0]))
}

/// One segment, merged on its own: both sides appended to the same active
/// segment (same start, neither sealed it), and the replay still fits one
/// segment. Anything else (a side sealed or rotated, both created the same
/// new segment) needs the whole ledger, which git never hands a driver:
/// it is a conflict, our version is left in place, and `cavra ledger
/// resolve` rebuilds the ledger from both sides' trees.
fn merge_segment(loc: &StoreLocation, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, String> {
    let parse = |side: &str, bytes: &[u8]| ledger::parse_segment(loc, bytes).map_err(|e| format!("{side}: {e}"));
    let (b, o, t) = (parse("base", base)?, parse("ours", ours)?, parse("theirs", theirs)?);
    let whole_ledger = |why: &str| Merged {
        text: ours.to_vec(),
        conflicts: vec![format!("{why}: run `cavra ledger resolve` to merge the whole ledger")],
    };
    if o.sealed || t.sealed {
        return Ok(whole_ledger("a side sealed this segment"));
    }
    let starts: BTreeSet<&(u64, String)> = [&b.start, &o.start, &t.start].into_iter().flatten().collect();
    let Some(start) = starts.first().copied().filter(|_| starts.len() == 1) else {
        return Ok(whole_ledger("the sides' segments start from different entries"));
    };
    let Some(records) = replay(&b.entries, &o.entries, &t.entries) else {
        return Ok(whole_ledger("a side dropped an entry the base held"));
    };
    let text = ledger::chain_from(start.0, &start.1, &records);
    if records.len() as u64 > ledger::segments::MAX_LINES || text.len() as u64 > ledger::segments::MAX_BYTES {
        return Ok(whole_ledger("the merged entries overfill the segment"));
    }
    Ok(Merged {
        text,
        conflicts: Vec::new(),
    })
}

/// The checkpoint re-derived after the replay: git hands a driver one file,
/// so this reads the merge's sides from the repository (HEAD, and
/// MERGE_HEAD, CHERRY_PICK_HEAD or REBASE_HEAD with its base), merges our
/// active segment the way [`merge_segment`] does, and writes the checkpoint
/// of its last entry. When that segment cannot be merged on its own, the
/// checkpoint conflicts too (ours left in place) until `cavra ledger resolve`.
fn merge_checkpoint(loc: &StoreLocation, path: &str, ours_text: &[u8]) -> Result<Merged, String> {
    let repo = crate::git::Repo::discover(std::path::Path::new(".")).map_err(|e| e.to_string())?;
    let (base, theirs) = match merge_sides(&repo) {
        Ok(sides) => sides,
        // A cherry-pick or rebase step: ours stays, behind the replayed
        // ledger, and `cavra ops repair` brings it up once the merge is done.
        Err(why) => {
            return Ok(Merged {
                text: ours_text.to_vec(),
                conflicts: vec![format!("{why}: run `cavra ops repair`, then `git add {path}`")],
            });
        }
    };
    let dir = std::path::Path::new(path)
        .parent()
        .ok_or_else(|| format!("{path}: no ledger directory"))?;
    let active = |rev: &str| -> Result<Option<String>, String> {
        let files = repo
            .files_under(crate::git::tree::Source::Rev(rev), dir)
            .map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|(n, _)| n)
            .rfind(|n| ledger::segments::is_segment_name(n)))
    };
    let Some(name) = active("HEAD")? else {
        return Err(format!("{path}: no segments at HEAD"));
    };
    let read = |rev: &str| {
        repo.read_at(rev, &dir.join(&name))
            .map(Option::unwrap_or_default)
            .map_err(|e| e.to_string())
    };
    let seg = StoreLocation::at(loc.def, dir.join(&name), "merge");
    let merged = merge_segment(&seg, &read(&base)?, &read("HEAD")?, &read(&theirs)?)?;
    if !merged.conflicts.is_empty() {
        return Ok(Merged {
            text: ours_text.to_vec(),
            conflicts: merged.conflicts,
        });
    }
    let last = ledger::parse_segment(&seg, &merged.text)
        .map_err(|e| e.to_string())?
        .entries
        .pop()
        .ok_or_else(|| format!("{path}: the merged active segment is empty"))?;
    Ok(Merged {
        text: ledger::checkpoint::Checkpoint::new(loc, last.seq, &last.hash)
            .text()
            .into_bytes(),
        conflicts: Vec::new(),
    })
}

/// The commit being merged into HEAD and the base of that merge: `git
/// merge` names the merged commit in a `GITHEAD_<sha>` variable of the
/// driver's environment; MERGE_HEAD, CHERRY_PICK_HEAD or REBASE_HEAD are
/// read when present.
fn merge_sides(repo: &crate::git::Repo) -> Result<(String, String), String> {
    let head = repo.commit("HEAD").map_err(|e| e.to_string())?;
    let merged: Vec<String> = std::env::vars()
        .filter_map(|(k, _)| k.strip_prefix("GITHEAD_").map(str::to_string))
        .collect();
    let theirs = match merged.as_slice() {
        [one] => repo.commit(one).ok(),
        _ => repo.commit("MERGE_HEAD").ok(),
    };
    if let Some(theirs) = theirs {
        let base = repo
            .inner()
            .merge_base(head.id(), theirs.id())
            .map_err(|e| e.to_string())?;
        return Ok((base.to_string(), theirs.id().to_string()));
    }
    for name in ["CHERRY_PICK_HEAD", "REBASE_HEAD"] {
        if let Ok(theirs) = repo.commit(name) {
            let base = theirs.parent_id(0).map_err(|e| e.to_string())?;
            return Ok((base.to_string(), theirs.id().to_string()));
        }
    }
    Err("git did not say which commit is merged".into())
}

/// Counts of each record (by its canonical text).
fn tally<'a>(entries: impl IntoIterator<Item = &'a ledger::Entry>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for e in entries {
        *counts.entry(e.record.text().to_string()).or_insert(0) += 1;
    }
    counts
}

/// Our records in our order, then theirs that ours does not already hold.
/// An entry both sides hold (the same record, e.g. after a cherry-pick, or
/// because one side contains the other's lines, or a earlier merge re-chained
/// it) appears once; matching is by count, so a record a side wrote twice
/// stays twice. `None` when a side lacks a record the base held (history was
/// rewritten).
pub fn replay(base: &[ledger::Entry], ours: &[ledger::Entry], theirs: &[ledger::Entry]) -> Option<Vec<Value>> {
    let held_by_base = tally(base);
    let mut unmatched = tally(ours);
    let theirs_count = tally(theirs);
    let keeps_base = |side: &HashMap<String, usize>| {
        held_by_base
            .iter()
            .all(|(k, n)| side.get(k).copied().unwrap_or_default() >= *n)
    };
    if !keeps_base(&unmatched) || !keeps_base(&theirs_count) {
        return None;
    }
    let mut records: Vec<Value> = ours.iter().map(|e| e.record.value().clone()).collect();
    for e in theirs {
        match unmatched.get_mut(e.record.text()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => records.push(e.record.value().clone()),
        }
    }
    Some(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::registry::{EVIDENCE_METADATA, INTEGRATIONS};
    use serde_json::json;

    fn rec(id: &str, owner: &str) -> Value {
        json!({
            "auth_mode": null, "capabilities": [], "category": "siem", "created_at": "2026-03-01T12:00:00Z",
            "endpoint_ref": null, "environment": "global", "evidence_refs": [], "health_status": "not_checked",
            "integration_id": id, "last_checked_at": null, "name": id, "owner": owner,
            "provider": "splunk", "repositories": [], "status": "active", "updated_at": "2026-03-01T12:00:00Z"
        })
    }

    /// Keeps one side of every conflict block and drops the markers.
    fn keep(text: &str, theirs: bool) -> String {
        let mut out = String::new();
        let mut side = None;
        for line in text.lines() {
            match line {
                "<<<<<<< ours" => side = Some(false),
                "=======" => side = Some(true),
                ">>>>>>> theirs" => side = None,
                _ if side.is_none() || side == Some(theirs) => {
                    out.push_str(line);
                    out.push('\n');
                }
                _ => {}
            }
        }
        out
    }

    /// The record keys of a table file's text, which must be valid JSON.
    fn ids(text: &str) -> Vec<String> {
        let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        v["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["integration_id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn conflict_markers_leave_valid_json_whichever_side_is_kept() {
        // Conflicts at the start, in the middle and at the end, with removals
        // on either side, around merged records.
        let base = table(&[rec("a", "x"), rec("b", "x"), rec("c", "x"), rec("e", "x")]);
        let ours = table(&[rec("a", "ours"), rec("c", "x"), rec("d", "x"), rec("e", "ours")]);
        let theirs = table(&[rec("b", "theirs"), rec("c", "x"), rec("e", "theirs")]);
        let m = merge(&INTEGRATIONS, "p", &base, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, vec!["a", "b", "e"]);
        let text = String::from_utf8(m.text).unwrap();
        assert!(!text.contains(">>>>>>> theirs,"), "{text}");
        let loc = StoreLocation::at(&INTEGRATIONS, "p".into(), "test");
        let kept_ours = keep(&text, false);
        assert_eq!(ids(&kept_ours), ["a", "c", "d", "e"]);
        // Ours kept verifies as it stands (the checksum is ours).
        assert!(table::verify_bytes(&loc, kept_ours.as_bytes()).is_ok());
        let kept_theirs = keep(&text, true);
        assert_eq!(ids(&kept_theirs), ["b", "c", "d", "e"]);
        // The file with markers names them.
        let problems = table::verify_bytes(&loc, text.as_bytes()).err().unwrap();
        assert!(problems[0].message.contains("conflict marker"), "{:?}", problems);
    }

    #[test]
    fn a_side_that_does_not_verify_is_a_conflict_and_nothing_is_resealed() {
        let base = table(&[rec("a", "x")]);
        let ours = table(&[rec("a", "x"), rec("b", "x")]);
        // A hand edit, never resealed.
        let theirs = String::from_utf8(table(&[rec("a", "x")]))
            .unwrap()
            .replace("\"owner\": \"x\"", "\"owner\": \"mallory\"");
        let m = merge(&INTEGRATIONS, "p", &base, &ours, theirs.as_bytes()).unwrap();
        assert_eq!(m.conflicts.len(), 1);
        assert!(
            m.conflicts[0].starts_with("theirs side does not verify: p: field checksum"),
            "{:?}",
            m.conflicts
        );
        assert_eq!(m.text, ours);
    }

    fn table(records: &[Value]) -> Vec<u8> {
        table::encode(&INTEGRATIONS, records)
    }

    #[test]
    fn tables_merge_by_key() {
        let base = table(&[rec("a", "x"), rec("b", "x")]);
        let ours = table(&[rec("a", "x"), rec("b", "ours"), rec("c", "x")]);
        let theirs = table(&[rec("b", "x"), rec("d", "x")]);
        let m = merge(&INTEGRATIONS, "p", &base, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        assert_eq!(m.text, table(&[rec("b", "ours"), rec("c", "x"), rec("d", "x")]));
    }

    #[test]
    fn same_record_edited_twice_conflicts() {
        let base = table(&[rec("a", "x")]);
        let m = merge(
            &INTEGRATIONS,
            "p",
            &base,
            &table(&[rec("a", "ours")]),
            &table(&[rec("a", "theirs")]),
        )
        .unwrap();
        assert_eq!(m.conflicts, vec!["a".to_string()]);
        let text = String::from_utf8(m.text).unwrap();
        assert!(text.contains("\n<<<<<<< ours\n    {"), "{text}");
        assert!(text.contains("\"owner\": \"theirs\""));
        assert!(text.contains("\n>>>>>>> theirs\n"));
    }

    #[test]
    fn ledgers_replay_both_tails() {
        let r = |n: u32| json!({"metadata_kind": "t", "created_at": "2026-01-01T00:00:00Z", "n": n});
        let base = ledger::chain(&[r(1)]);
        let ours = ledger::chain(&[r(1), r(2)]);
        let theirs = ledger::chain(&[r(1), r(3), r(4)]);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        assert_eq!(m.text, ledger::chain(&[r(1), r(2), r(3), r(4)]));
        // A cherry-pick: both sides hold r(3) (re-chained on ours), once in the result.
        let ours = ledger::chain(&[r(1), r(3)]);
        let theirs = ledger::chain(&[r(1), r(2), r(3)]);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &theirs).unwrap();
        assert_eq!(m.text, ledger::chain(&[r(1), r(3), r(2)]));
        // One side contains the other's lines: the longer one, unchanged.
        let ours = ledger::chain(&[r(1), r(2)]);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &theirs).unwrap();
        assert_eq!(m.text, theirs);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &theirs, &ours).unwrap();
        assert_eq!(m.text, theirs);
        // A record one side wrote twice stays twice.
        let ours = ledger::chain(&[r(1), r(2), r(2)]);
        let theirs = ledger::chain(&[r(1), r(2)]);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &theirs).unwrap();
        assert_eq!(m.text, ours);
        // Merging a branch again after an earlier merge re-chained its entries.
        let m = merge(
            &EVIDENCE_METADATA,
            "p",
            &ledger::chain(&[r(1), r(3)]),
            &ledger::chain(&[r(1), r(2), r(3)]),
            &ledger::chain(&[r(1), r(3), r(4)]),
        )
        .unwrap();
        assert_eq!(m.text, ledger::chain(&[r(1), r(2), r(3), r(4)]));
        // A side whose last entry lost its newline still merges.
        let mut ours = ledger::chain(&[r(1), r(2)]);
        ours.pop();
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &ledger::chain(&[r(1), r(4)])).unwrap();
        assert_eq!(m.text, ledger::chain(&[r(1), r(2), r(4)]));
        let rewritten = ledger::chain(&[r(9)]);
        let m = merge(&EVIDENCE_METADATA, "p", &base, &ours, &rewritten).unwrap();
        assert_eq!(m.conflicts.len(), 1);
    }

    #[test]
    fn an_earlier_prune_record_is_not_merged() {
        let path = ".cavra/evidence/metadata/pruned";
        let err = merge(&EVIDENCE_METADATA, path, b"", b"{}", b"{}").unwrap_err();
        assert!(err.contains("no longer trusted"), "{err}");
    }
}
