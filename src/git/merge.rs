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
        StoreKind::Ledger => merge_ledger(&loc, base, ours, theirs),
        StoreKind::Config => Err("a configuration file is written by people: it merges line by line".into()),
    }
}

type Records = BTreeMap<String, Value>;

fn table_records(loc: &StoreLocation, side: &str, bytes: &[u8]) -> Result<Records, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Records::new());
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("{side}: not valid JSON: {e}"))?;
    let key = loc.def.key_field();
    let mut out = Records::new();
    for record in value["records"]
        .as_array()
        .ok_or_else(|| format!("{side}: no records array"))?
    {
        let id = record[key]
            .as_str()
            .ok_or_else(|| format!("{side}: a record without {key}"))?;
        out.insert(id.to_string(), record.clone());
    }
    Ok(out)
}

fn merge_table(loc: &StoreLocation, base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, String> {
    let (b, o, t) = (
        table_records(loc, "base", base)?,
        table_records(loc, "ours", ours)?,
        table_records(loc, "theirs", theirs)?,
    );
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
            text: table::encode(loc.def.file_schema, &merged),
            conflicts: Vec::new(),
        });
    }
    // Lay the file out with each conflicting record between markers, in key order.
    let key = loc.def.key_field();
    let mut entries: Vec<(String, Vec<u8>)> = merged
        .iter()
        .map(|r| (r[key].as_str().unwrap_or_default().to_string(), record_text(r)))
        .collect();
    for (id, ov, tv) in &conflicts {
        let side = |v: Option<&Value>, label: &str| match v {
            Some(v) => record_text(v),
            None => format!("(removed on {label})").into_bytes(),
        };
        let mut block = b"\n<<<<<<< ours\n".to_vec();
        block.extend_from_slice(RECORD_INDENT);
        block.extend_from_slice(&side(*ov, "our side"));
        block.extend_from_slice(b"\n=======\n");
        block.extend_from_slice(RECORD_INDENT);
        block.extend_from_slice(&side(*tv, "their side"));
        block.extend_from_slice(b"\n>>>>>>> theirs");
        entries.push((id.clone(), block));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let sealed_with_ours: Vec<Value> = {
        let mut v = merged.clone();
        v.extend(conflicts.iter().filter_map(|(_, ov, _)| ov.cloned()));
        v
    };
    let text = crate::store::canonical::table_text(
        &table::checksum(&sealed_with_ours),
        entries.iter().map(|(_, t)| t.as_slice()),
        loc.def.file_schema,
    );
    Ok(Merged {
        text,
        conflicts: conflicts.into_iter().map(|(k, _, _)| k).collect(),
    })
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
        *counts.entry(record_key(&e.record)).or_insert(0) += 1;
    }
    counts
}

fn record_key(record: &Value) -> String {
    serde_json::to_string(record).expect("values serialize")
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
    let mut records: Vec<Value> = ours.iter().map(|e| e.record.clone()).collect();
    for e in theirs {
        match unmatched.get_mut(&record_key(&e.record)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => records.push(e.record.clone()),
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
        json!({"integration_id": id, "owner": owner})
    }

    fn table(records: &[Value]) -> Vec<u8> {
        table::encode("cavra.integrations.v1", records)
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
}
