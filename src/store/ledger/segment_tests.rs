//! Rotation, seals, the chain across segments, recovery and migration.

use serde_json::{Value, json};

use super::super::{check, read, repair_tail};
use super::*;
use crate::store::ledger::checkpoint;
use crate::store::registry::{EVIDENCE_METADATA, StoreLocation};

fn loc(dir: &Path) -> StoreLocation {
    StoreLocation::at(&EVIDENCE_METADATA, dir.join("metadata.jsonl"), "test")
}

fn rec(n: usize) -> Value {
    json!({"metadata_kind": "test", "created_at": "2026-01-05T00:00:00Z", "n": n})
}

fn append(l: &StoreLocation, records: &[Value]) -> Vec<u64> {
    super::super::append(l, records).unwrap()
}

fn ns(l: &StoreLocation) -> Vec<u64> {
    read(l)
        .unwrap()
        .iter()
        .map(|e| e.record["n"].as_u64().unwrap())
        .collect()
}

#[test]
fn rotates_at_the_line_limit_and_chains_through_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    let records: Vec<Value> = (1..=MAX_LINES as usize).map(rec).collect();
    assert_eq!(append(&l, &records).len(), MAX_LINES as usize);
    assert_eq!(names(&dir.path().join("metadata")).unwrap().0, ["2026-01/000001.jsonl"]);
    assert!(!l.path.exists(), "no single file is created");
    assert_eq!(append(&l, &[rec(2001)]), [2001]);
    let (segs, strays) = names(&dir.path().join("metadata")).unwrap();
    assert_eq!(segs, ["2026-01/000001.jsonl", "2026-01/000002.jsonl"]);
    assert!(strays.is_empty());
    let first = std::fs::read_to_string(segment_loc(&l, &segs[0]).path).unwrap();
    assert_eq!(first.lines().count(), MAX_LINES as usize + 1);
    let seal: Value = serde_json::from_str(first.lines().last().unwrap()).unwrap();
    assert_eq!(seal["seal"]["count"], MAX_LINES);
    assert_eq!(seal["seal"]["last_seq"], MAX_LINES);
    let entries = read(&l).unwrap();
    assert_eq!(entries.len(), 2001);
    assert_eq!(entries[2000].prev_hash, seal["hash"].as_str().unwrap());
    assert!(check(&l).is_empty(), "{:?}", check(&l));
    let files = files(&l).unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[2], checkpoint::path(&l));
}

#[test]
fn the_checkpoint_commits_to_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    append(&l, &[rec(1), rec(2), rec(3)]);
    let last = read(&l).unwrap().pop().unwrap();
    let text = std::fs::read_to_string(checkpoint::path(&l)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    assert_eq!(lines[..2], ["cavra/evidence-metadata", "3"]);
    assert_eq!(lines[2].len(), 44);
    assert_eq!(&lines[3..], ["", ""], "a blank line ends the note text: {text:?}");
    let cp = checkpoint::Checkpoint::parse(text.as_bytes(), Path::new("c")).unwrap();
    assert_eq!((cp.size, cp.hash), (3, last.hash));
    // Cutting the last entry leaves a valid chain; the checkpoint sees it.
    let seg = segment_loc(&l, "2026-01/000001.jsonl").path;
    let whole = std::fs::read_to_string(&seg).unwrap();
    let two: String = whole.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(&seg, &two).unwrap();
    let problems = check(&l);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].file.ends_with("metadata/checkpoint"));
    assert_eq!(problems[0].line, Some(2));
    assert!(
        problems[0].message.contains("says 3 entries, the ledger has 2"),
        "{problems:?}"
    );
    // Re-chaining an edit keeps the size; the hash differs.
    let mut records: Vec<Value> = read(&l).unwrap().into_iter().map(|e| e.record.into_value()).collect();
    records.push(json!({"metadata_kind": "test", "created_at": "2026-01-05T00:00:00Z", "n": 33}));
    std::fs::write(&seg, crate::store::ledger::chain(&records)).unwrap();
    assert!(check(&l)[0].message.contains("re-chained"), "{:?}", check(&l));
    // A checkpoint behind the ledger (an interrupted append) is repaired.
    std::fs::write(&seg, &whole).unwrap();
    let behind = checkpoint::Checkpoint::new(&l, 2, &read(&l).unwrap()[1].hash);
    std::fs::write(checkpoint::path(&l), behind.text()).unwrap();
    assert!(check(&l)[0].message.contains("is behind"));
    assert_eq!(checkpoint::repair(&l).unwrap().unwrap().size, 3);
    assert!(check(&l).is_empty());
    std::fs::write(&seg, &two).unwrap();
    assert!(
        checkpoint::repair(&l).unwrap().is_none(),
        "a checkpoint ahead is never rewritten"
    );
}

#[test]
fn rotates_at_the_byte_limit_in_the_month_of_the_first_entry() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    let big = |n: usize, month: &str| json!({"metadata_kind": "test", "created_at": format!("2026-{month}-01T00:00:00Z"), "n": n, "blob": "x".repeat(300 * 1024)});
    append(&l, &[big(1, "01"), big(2, "01"), big(3, "01")]);
    assert_eq!(names(&dir.path().join("metadata")).unwrap().0.len(), 1);
    append(&l, &[big(4, "02")]);
    let segs = names(&dir.path().join("metadata")).unwrap().0;
    assert_eq!(segs, ["2026-01/000001.jsonl", "2026-02/000002.jsonl"]);
    assert!(std::fs::metadata(segment_loc(&l, &segs[0]).path).unwrap().len() <= MAX_BYTES + 300);
    // A record dated earlier never sorts a segment before the one it follows.
    append(&l, &(5..=8).map(|n| big(n, "01")).collect::<Vec<_>>());
    let segs = names(&dir.path().join("metadata")).unwrap().0;
    assert_eq!(segs.last().unwrap(), "2026-02/000003.jsonl");
    assert_eq!(ns(&l), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert!(check(&l).is_empty(), "{:?}", check(&l));
}

fn two_segments(dir: &Path) -> (StoreLocation, Vec<String>) {
    let l = loc(dir);
    let records: Vec<Value> = (1..=MAX_LINES as usize + 3).map(rec).collect();
    append(&l, &records);
    let segs = names(&dir.join("metadata")).unwrap().0;
    assert_eq!(segs.len(), 2);
    (l, segs)
}

#[test]
fn a_deleted_or_edited_sealed_segment_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (l, segs) = two_segments(dir.path());
    let first = segment_loc(&l, &segs[0]).path;
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::remove_file(&first).unwrap();
    let problems = check(&l);
    assert!(
        problems[0].file.ends_with("metadata/2026-01/000002.jsonl"),
        "{problems:?}"
    );
    assert!(problems[0].message.contains("a segment was deleted"), "{problems:?}");
    assert!(read(&l).is_err());
    // An edit re-chained inside the segment still breaks the seal.
    let entries: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut records: Vec<Value> = entries[..MAX_LINES as usize]
        .iter()
        .map(|e| e["record"].clone())
        .collect();
    records[5]["n"] = json!(99);
    let rechained = String::from_utf8(crate::store::ledger::chain(&records)).unwrap();
    std::fs::write(&first, format!("{rechained}{}\n", text.lines().last().unwrap())).unwrap();
    let problems = check(&l);
    assert_eq!(problems[0].line, Some(MAX_LINES as usize + 1), "{problems:?}");
    assert_eq!(problems[0].field.as_deref(), Some("seal"));
    // A line added after the seal.
    std::fs::write(&first, format!("{text}{}\n", text.lines().next().unwrap())).unwrap();
    let problems = check(&l);
    assert!(problems[0].message.contains("follows the seal"), "{problems:?}");
    std::fs::write(&first, &text).unwrap();
    assert!(check(&l).is_empty());
    // A stray file in the ledger directory.
    std::fs::write(dir.path().join("metadata/2026-01/notes.txt"), "x").unwrap();
    assert!(check(&l)[0].message.contains("not a ledger segment"));
}

#[test]
fn a_torn_seal_or_a_torn_new_segment_leaves_a_whole_chain() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    let records: Vec<Value> = (1..=MAX_LINES as usize).map(rec).collect();
    append(&l, &records);
    let seg = segment_loc(&l, "2026-01/000001.jsonl").path;
    let cp = checkpoint::path(&l);
    let cp_before = std::fs::read(&cp).unwrap();
    append(&l, &[rec(2001)]);
    let sealed = std::fs::read(&seg).unwrap();
    let second = segment_loc(&l, "2026-01/000002.jsonl").path;
    // Killed in the middle of the seal: the old layout, the seal torn.
    std::fs::remove_file(&second).unwrap();
    std::fs::write(&cp, &cp_before).unwrap();
    std::fs::write(&seg, &sealed[..sealed.len() - 30]).unwrap();
    assert!(check(&l)[0].message.contains("torn"));
    assert_eq!(append(&l, &[rec(2001)]), [2001]);
    assert_eq!(std::fs::read(&seg).unwrap(), sealed);
    assert!(check(&l).is_empty());
    // Killed after the seal, before the next segment: a sealed last segment.
    std::fs::remove_file(&second).unwrap();
    std::fs::write(&cp, &cp_before).unwrap();
    assert!(check(&l).is_empty());
    assert_eq!(append(&l, &[rec(2001)]), [2001]);
    assert!(check(&l).is_empty());
    // Killed while writing the new segment's first line: torn, then empty.
    let whole = std::fs::read(&second).unwrap();
    std::fs::write(&second, &whole[..20]).unwrap();
    std::fs::write(&cp, &cp_before).unwrap();
    assert!(check(&l)[0].message.contains("torn"));
    assert_eq!(
        repair_tail(&l).unwrap().unwrap().1,
        super::super::TailRepair::Truncated(20)
    );
    assert_eq!(std::fs::read(&second).unwrap(), b"");
    assert!(check(&l).is_empty(), "{:?}", check(&l));
    assert_eq!(append(&l, &[rec(2001), rec(2002)]), [2001, 2002]);
    assert_eq!(ns(&l).len(), 2002);
    assert!(check(&l).is_empty());
}

#[test]
fn migrate_moves_a_single_file_into_segments() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    std::fs::write(&l.path, "").unwrap();
    let records: Vec<Value> = (1..=MAX_LINES as usize + 5).map(rec).collect();
    append(&l, &records);
    assert_eq!(layout(&l), Layout::Single);
    let m = migrate(&l).unwrap().unwrap();
    assert_eq!((m.entries, m.segments), (2005, 2));
    assert_eq!(layout(&l), Layout::Segmented);
    assert!(!l.path.exists());
    assert_eq!(ns(&l), (1..=2005).collect::<Vec<u64>>());
    assert!(check(&l).is_empty());
    assert!(migrate(&l).unwrap().is_none());
    // Killed after the rename, before the file went: the next run removes it.
    let single = crate::store::ledger::chain(&records);
    std::fs::write(&l.path, &single).unwrap();
    assert!(
        check(&l)
            .iter()
            .any(|p| p.message.contains("left over from a migration"))
    );
    assert!(migrate(&l).unwrap().is_some());
    assert!(!l.path.exists());
    // A broken line partway through: refused, nothing staged is left.
    let broken_dir = tempfile::tempdir().unwrap();
    let b = loc(broken_dir.path());
    let mut text = String::from_utf8(crate::store::ledger::chain(&records)).unwrap();
    text = text.replacen("\"seq\":2003}", "\"seq\":2003,\"x\":1}", 1);
    std::fs::write(&b.path, text).unwrap();
    assert!(migrate(&b).is_err());
    assert!(b.path.exists() && !super::dir(&b).exists());
    let mut left: Vec<_> = std::fs::read_dir(broken_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".locks", "metadata.jsonl"], "{left:?}");
    // A single file that differs from the segments is refused and kept.
    std::fs::write(&l.path, crate::store::ledger::chain(&records[..3])).unwrap();
    assert!(migrate(&l).is_err());
    assert!(l.path.exists());
}

#[test]
fn segment_names_are_strict_and_never_panic() {
    for ok in ["2026-01/000001.jsonl", "1999-12/123456.jsonl"] {
        assert!(is_segment_name(ok), "{ok}");
        assert!(is_ledger_file(ok), "{ok}");
    }
    assert!(is_ledger_file("checkpoint") && !is_ledger_file("pruned"));
    for bad in [
        "",
        "checkpoint/x",
        "2026-01/00001.jsonl",
        "2026-01/0000001.jsonl",
        "2026-01/000001.json",
        "2026-1/000001.jsonl",
        "2026_01/000001.jsonl",
        "2026-01/../000001.jsonl",
        "2026-01/000001.jsonl/x",
        "/2026-01/000001.jsonl",
        "../2026-01/000001.jsonl",
        "2026-01/sub/000001.jsonl",
        // Multi-byte characters where the checks slice by byte.
        "123é-0/000001.jsonl",
        "2026-01/12345é.jsonl",
    ] {
        assert!(!is_segment_name(bad), "{bad}");
        assert!(!is_ledger_file(bad), "{bad}");
    }
}

#[test]
fn dir_files_lists_the_ledger_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    let records: Vec<Value> = (1..=MAX_LINES as usize + 1).map(rec).collect();
    append(&l, &records);
    let d = dir.path().join("metadata");
    std::fs::write(d.join("notes.txt"), "").unwrap();
    std::fs::write(d.join("2026-01/stray"), "").unwrap();
    assert_eq!(
        dir_files(&d).unwrap(),
        ["2026-01/000001.jsonl", "2026-01/000002.jsonl", "checkpoint"]
    );
    // An earlier version's prune record is not part of the ledger.
    std::fs::write(d.join(prune::NAME), "").unwrap();
    assert_eq!(dir_files(&d).unwrap().last().map(String::as_str), Some("checkpoint"));
    assert!(dir_files(&dir.path().join("absent")).unwrap().is_empty());
}

/// [`super::super::inspect_each`]'s inspection and entries (or the first
/// problem, as `read` fails on it), collected.
fn inspect_and_read(loc: &StoreLocation) -> (crate::store::Inspection, Result<Vec<Entry>, StoreError>) {
    let mut kept = Vec::new();
    let (inspection, broken) = super::super::inspect_each(loc, &mut |e| kept.push(e));
    let read = match broken {
        Some(problem) => Err(StoreError::Ledger {
            problem: Box::new(problem),
        }),
        None => Ok(kept),
    };
    (inspection, read)
}

/// One scan for both gives exactly what `inspect` and `read` give apart:
/// on a clean ledger, an edited line, a stray file and a stale checkpoint.
#[test]
fn inspect_and_read_agree_with_inspect_then_read() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    let records: Vec<Value> = (1..=MAX_LINES as usize + 5).map(rec).collect();
    append(&l, &records);
    let same = |l: &StoreLocation, what: &str| {
        let (inspection, entries) = inspect_and_read(l);
        let apart = super::super::inspect(l);
        assert_eq!(
            (inspection.records, inspection.bytes, &inspection.problems),
            (apart.records, apart.bytes, &apart.problems),
            "{what}"
        );
        match (entries, read(l)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{what}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{what}"),
            (a, b) => panic!("{what}: {:?} against {:?}", a.map(|e| e.len()), b.map(|e| e.len())),
        }
    };
    same(&l, "clean");
    // A stale checkpoint: an inspection problem, not a read failure.
    let cp = checkpoint::path(&l);
    let kept = std::fs::read(&cp).unwrap();
    append(&l, &[rec(9999)]);
    std::fs::write(&cp, &kept).unwrap();
    same(&l, "stale checkpoint");
    assert!(!super::super::inspect(&l).problems.is_empty());
    assert!(read(&l).is_ok());
    // A stray file beside the segments.
    std::fs::write(dir.path().join("metadata/2026-01/notes.txt"), "x").unwrap();
    same(&l, "stray");
    // An edited line in the first (sealed) segment: read fails on it.
    let seg = segment_loc(&l, "2026-01/000001.jsonl").path;
    let text = std::fs::read_to_string(&seg)
        .unwrap()
        .replacen("\"n\":7}", "\"n\":8}", 1);
    std::fs::write(&seg, text).unwrap();
    same(&l, "edited");
    assert!(read(&l).is_err());
}

#[test]
fn for_each_visits_what_read_reads_and_stops_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let l = loc(dir.path());
    append(&l, &(1..=4_100).map(rec).collect::<Vec<_>>());
    let mut seen = Vec::new();
    super::super::for_each(&l, &mut |e| {
        seen.push(e);
        true
    })
    .unwrap();
    assert_eq!(seen, read(&l).unwrap());
    let mut n = 0;
    super::super::for_each(&l, &mut |_| {
        n += 1;
        n < 2_500
    })
    .unwrap();
    assert_eq!(n, 2_500);
}
