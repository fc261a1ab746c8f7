//! The line format, torn tails and missing newlines, on single-file ledgers.

use super::super::registry::{EVIDENCE_METADATA, StoreLocation};
use super::*;
use std::io::Write;

/// A ledger kept as one file (the layout before segments).
fn loc(dir: &std::path::Path) -> StoreLocation {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("metadata.jsonl");
    std::fs::write(&path, "").unwrap();
    StoreLocation::at(&EVIDENCE_METADATA, path, "test")
}

fn repaired(l: &StoreLocation) -> Option<TailRepair> {
    repair_tail(l).unwrap().map(|(_, r)| r)
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
    assert_eq!(repaired(&l), Some(TailRepair::NewlineAdded));
    assert_eq!(std::fs::read(&l.path).unwrap(), whole);
    assert_eq!(repaired(&l), None);
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
    assert_eq!(repaired(&one), Some(TailRepair::Truncated(torn)));
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

#[test]
fn entry_hashes_are_over_the_canonical_object() {
    let record = json!({"b": "é\"\n\u{1}", "a": [1, 2.5, null], "c": {"z": true, "y": "x"}});
    let prev = "sha256:00ff";
    let body = json!({"prev_hash": prev, "record": record, "seq": 42});
    assert_eq!(
        entry_hash(42, prev, &record),
        sha256_tagged(serde_json::to_string(&body).unwrap().as_bytes())
    );
}

/// The fast path accepts only lines the full parse accepts, with the same
/// entry; everything else it leaves to the full parse.
#[test]
fn the_fast_path_agrees_with_the_full_parse() {
    let l = StoreLocation::at(&EVIDENCE_METADATA, "m.jsonl".into(), "test");
    let record = json!({"metadata_kind": "t", "created_at": "2026-01-01T00:00:00Z",
                        "note": "a \"quoted\" ,\"seq\":1} é \u{1}", "n": [1, -2, 3.5, null, true], "z": {}});
    let hash = entry_hash(12, GENESIS, &record);
    let good = entry_line(12, GENESIS, &hash, &record);
    let good = good.trim_end();
    let (fast, checked) = parse_entry_fast(&l, good.as_bytes(), None).expect("cavra's own line takes the fast path");
    assert!(checked);
    let Ok((Line::Entry(slow), false)) = parse_slow(&l, good.as_bytes(), None) else {
        panic!("the full parse accepts it");
    };
    assert_eq!(fast, slow);
    assert_eq!(fast.record, record);
    let other = json!({"metadata_kind": "t", "created_at": "2026-01-01T00:00:00Z", "b": 1, "a": 2});
    let variants = [
        good.replacen("\"seq\":12", "\"seq\":012", 1),
        good.replacen("\"seq\":12", "\"seq\": 12", 1),
        good.replacen("\"seq\":12", "\"seq\":13", 1),
        good.replacen("\"n\":[1", "\"n\":[ 1", 1),
        good.replacen("\"z\":{}", "\"z\":{},\"a\":1", 1),
        good.replacen("\"hash\":\"sha256:", "\"hash\":\"SHA256:", 1),
        good.replacen("{\"hash\"", "{ \"hash\"", 1),
        good.replacen("\"n\":[1,-2,3.5", "\"n\":[1,-2,3.50", 1),
        good.replacen("é", "\\u00e9", 1),
        good.replacen("\"metadata_kind\":\"t\"", "\"metadata_kind\":\"T\"", 1),
        good.replacen("\"note\":\"a", "\"note\":\"ghp_0123456789abcdef a", 1),
        good.to_string() + " ",
        // A record with keys out of order, hashed as written.
        format!(
            "{{\"hash\":\"{}\",\"prev_hash\":\"{GENESIS}\",\"record\":{{\"metadata_kind\":\"t\",\"created_at\":\"2026-01-01T00:00:00Z\",\"b\":1,\"a\":2}},\"seq\":1}}",
            entry_hash(1, GENESIS, &other)
        ),
    ];
    for v in &variants {
        let slow = parse_slow(&l, v.as_bytes(), None);
        match parse_entry_fast(&l, v.as_bytes(), None) {
            None => {}
            Some((fast, checked)) => {
                let Ok((Line::Entry(slow), _)) = slow else {
                    panic!("the fast path accepts what the full parse refuses: {v}");
                };
                assert_eq!(fast, slow, "{v}");
                // A record the hand-written checks do not clear is checked in full.
                if !checked {
                    continue;
                }
                assert!(
                    schema::check_record(l.def.record_schema, &fast.record, &l.display, None).is_empty(),
                    "{v}"
                );
            }
        }
    }
}

#[test]
fn an_entry_line_is_the_canonical_json_of_its_object() {
    let record = json!({"b": [1, {"z": "é\n\"</script>"}], "a": null, "c": {"y": 1.5, "x": true}});
    let (hash, prev) = ("sha256:ab", GENESIS);
    let expected = serde_json::to_string(&json!({
        "hash": hash, "prev_hash": prev, "record": record, "seq": 42,
    }))
    .unwrap()
        + "\n";
    assert_eq!(entry_line(42, prev, hash, &record), expected);
}
